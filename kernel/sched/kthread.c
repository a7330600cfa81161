/*
 * Kernel threads (include/sched.h): create, run, bind, exit, join, and
 * the reaper that frees dead threads' stacks.
 *
 * A new thread gets a task_struct (kzalloc) and a KSTACK_SIZE stack
 * (buddy pages, order KSTACK_ORDER) whose top is laid out as if the
 * thread had called __switch_to() from ret_from_kthread (switch.S); its
 * first switch-in "returns" there, finishes the switch and calls
 * kthread_main(), which runs fn(arg) and exits with its return value.
 * It starts TASK_UNINTERRUPTIBLE and off every queue, so kthread_bind()
 * can run before kthread_run()/wake_up_process() lets it go.
 *
 * Lifetime. A thread cannot free the stack it is running on, so exit
 * (kthread_exit) only marks it TASK_DEAD and switches away; the switch
 * puts it on dead_tasks, and the reaper thread frees the stack. The
 * task_struct (exit code) is freed by kthread_join(), which waits for
 * the reaper. A thread nobody joins keeps its task_struct (about 200
 * bytes, listed in all_tasks as a zombie) but not its 16 KiB stack.
 * Freeing the struct too would need a reference count, because the
 * creator may join after the exit; join at most once.
 *
 * The reaper starts as a core_initcall so that the first kernel
 * thread, init, is pid 1; threads that die earlier wait on dead_tasks.
 */
#include <sched.h>
#include <slab.h>
#include <errno.h>
#include <init.h>
#include <printk.h>
#include "sched.h"

static_assert((PAGE_SIZE << KSTACK_ORDER) == KSTACK_SIZE, "KSTACK_ORDER");

/* Joiners wait here for the reaper to finish with a task. */
static DECLARE_WAIT_QUEUE_HEAD(task_reaped_wq);

/*
 * The initial stack, from the top (16-byte aligned) down: a zero
 * return address that ends backtraces, padding, ret_from_kthread for
 * __switch_to's ret (leaving rsp 16-byte aligned, as at a call site),
 * and zeroed rbp/rbx/r12-r15 for its pops.
 */
static void
kthread_init_stack(struct task_struct *t)
{
	unsigned long *sp = (unsigned long *)((char *)t->stack + KSTACK_SIZE);

	*(unsigned long *)t->stack = STACK_END_MAGIC;
	*--sp = 0;
	*--sp = 0;
	*--sp = (unsigned long)ret_from_kthread;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->ksp = (unsigned long)sp;
}

struct task_struct *
kthread_create(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->stack = (void *)__get_free_pages(GFP_KERNEL, KSTACK_ORDER);
	if (!t->stack) {
		kfree(t);
		return ERR_PTR(-ENOMEM);
	}
	t->flags = PF_KTHREAD;
	t->state = TASK_UNINTERRUPTIBLE;
	t->kthread_fn = fn;
	t->kthread_arg = arg;
	sched_fork(t, name);
	kthread_init_stack(t);
	sched_add_task(t);
	return t;
}

struct task_struct *
kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = kthread_create(fn, arg, name);

	if (!IS_ERR(t))
		wake_up_process(t);
	return t;
}

/*
 * With one global run queue, binding is just a filter on which CPU may
 * pick the task; a running task moves at its next schedule().
 */
void
kthread_bind(struct task_struct *t, int cpu)
{
	unsigned long flags;

	BUG_ON(cpu < 0 || cpu >= NR_CPUS);
	spin_lock_irqsave(&sched_lock, flags);
	t->cpus_allowed = cpu;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Entered from ret_from_kthread with interrupts on and no locks held. */
void __noreturn
kthread_main(void)
{
	struct task_struct *t = current;

	kthread_exit(t->kthread_fn(t->kthread_arg));
}

void __noreturn
kthread_exit(int code)
{
	struct task_struct *t = current;

	if (t->flags & PF_IDLE)
		panic("kthread_exit: idle task %s cannot exit", t->comm);
	WARN_ON(preempt_count() != 0);
	t->exit_code = code;
	do_task_dead();
}

/* The reaper has freed @t's stack: nothing else will touch @t. */
static bool
task_reaped(struct task_struct *t)
{
	return READ_ONCE(t->state) == TASK_DEAD && READ_ONCE(t->stack) == NULL;
}

int
kthread_join(struct task_struct *t)
{
	int code;

	BUG_ON(t == current || (t->flags & PF_IDLE));
	wait_event(task_reaped_wq, task_reaped(t));
	code = t->exit_code;
	sched_remove_task(t);
	kfree(t);
	return code;
}

static struct task_struct *
pop_dead_task(void)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	t = list_first_entry_or_null(&dead_tasks, struct task_struct,
				     run_list);
	if (t)
		list_del_init(&t->run_list);
	spin_unlock_irqrestore(&sched_lock, flags);
	return t;
}

/* stack = NULL under the lock: the joiner frees @t only after that. */
static void
reap_task(struct task_struct *t)
{
	void *stack = t->stack;
	unsigned long flags;

	free_pages((unsigned long)stack, KSTACK_ORDER);
	spin_lock_irqsave(&sched_lock, flags);
	t->stack = NULL;
	spin_unlock_irqrestore(&sched_lock, flags);
	wake_up(&task_reaped_wq);
}

static int
reaper_thread(void *unused)
{
	struct task_struct *t;

	for (;;) {
		wait_event(reaper_wq, !list_empty(&dead_tasks));
		while ((t = pop_dead_task()) != NULL)
			reap_task(t);
	}
	return 0;
}

static int
kthread_reaper_init(void)
{
	struct task_struct *t = kthread_run(reaper_thread, NULL, "kreaper");

	return IS_ERR(t) ? PTR_ERR(t) : 0;
}
core_initcall(kthread_reaper_init);
