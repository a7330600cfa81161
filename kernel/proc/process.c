/*
 * The process tree: tasklist_lock, the process list, pid lookup and
 * parent/child links (include/process.h).
 *
 * Pids: every task, kernel thread or process, gets its pid from the
 * scheduler's sched_fork(), a global counter that starts at 1 and is
 * never reused (a 31-bit counter does not wrap in a teaching kernel's
 * lifetime), so pids are unique without a pid map. The one exception
 * is init, which takes pid 1 from the kernel_init thread (init.c).
 *
 * A kernel thread's process fields are zero until it first creates a
 * process (it becomes the parent) or becomes one; proc_init_task()
 * then sets them up. children.next == NULL is the "not yet" mark.
 *
 * Locking: tasklist_lock (a spinlock; process context only) protects
 * every task's parent, children, sibling, proc_node and exit_state,
 * and the process list. A task found under the lock stays valid until
 * it is dropped: only wait4(), also under the lock, unlinks a zombie
 * before freeing it.
 */
#include <process.h>
#include <printk.h>

DEFINE_SPINLOCK(tasklist_lock);
struct task_struct *child_reaper;
/* Every process, live or zombie, by t->proc_node. */
LIST_HEAD(process_list);

void
proc_init_task(struct task_struct *t)
{
	t->parent = NULL;
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->proc_node);
	t->exit_state = 0;
	t->pending_sig = 0;
	t->jobctl = 0;
	t->stop_sig = 0;
	init_waitqueue_head(&t->wait_chldexit);
}

bool
task_is_process(const struct task_struct *t)
{
	return t->proc_node.next && !list_empty(&t->proc_node);
}

struct task_struct *
find_process_by_pid(pid_t pid)
{
	struct task_struct *t;

	BUG_ON(!spin_is_held(&tasklist_lock));
	list_for_each_entry(t, &process_list, proc_node)
		if (t->pid == pid)
			return t;
	return NULL;
}

/*
 * @child is new and not yet running, so only its creator touches it.
 * A kernel thread creating its first process gets its fields here;
 * nobody else can see them before the link is made under the lock.
 */
void
proc_link_child(struct task_struct *child)
{
	struct task_struct *parent = current;

	spin_lock(&tasklist_lock);
	if (!parent->children.next)
		proc_init_task(parent);
	child->parent = parent;
	list_add_tail(&child->sibling, &parent->children);
	list_add_tail(&child->proc_node, &process_list);
	spin_unlock(&tasklist_lock);
}

void
proc_unlink(struct task_struct *t)
{
	BUG_ON(!spin_is_held(&tasklist_lock));
	list_del_init(&t->sibling);
	list_del_init(&t->proc_node);
	t->parent = NULL;
}
