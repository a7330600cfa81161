/*
 * Process exit and wait: do_exit(), exit(60), exit_group(231),
 * wait4(61) and kernel_wait4().
 *
 * do_exit() releases everything a zombie does not need, in the
 * task's own context: the mm (after switching this CPU to the
 * kernel's page tables, so no CPU runs on freed tables), the fd table
 * and fs_struct, the FPU image. Then, under tasklist_lock, it hands
 * its children to child_reaper (init), records the wait status and
 * becomes EXIT_ZOMBIE, wakes its parent, and ends as a kthread
 * (kthread_exit): the scheduler's reaper frees the kernel stack.
 *
 * wait4() scans the caller's children under tasklist_lock; a matching
 * zombie is claimed there (unlinked, EXIT_DEAD), so two waiters can
 * never both get it, and then freed with kthread_join(), which waits
 * until the reaper is done with its stack. The sleep is on the
 * caller's own wait_chldexit queue: a child's exit, stop or continue
 * wakes it, and so does kill(), which makes wait4 give up with -EINTR.
 * WUNTRACED and WCONTINUED report a child's stop and continue once
 * each (see signal.c).
 *
 * Without process groups, pid 0 means any child, like -1; pid < -1
 * (a group) finds no child. rusage is not tracked: it is cleared.
 */
#include <process.h>
#include <signal.h>
#include <syscalls.h>
#include <uaccess.h>
#include <fdtable.h>
#include <mman.h>
#include <errno.h>
#include <printk.h>
#include <uapi/time.h>

static void
exit_mm(void)
{
	struct mm_struct *mm = exec_mmap(NULL);

	if (mm)
		mmput(mm);
}

static void
exit_files_fs(struct task_struct *t)
{
	struct files_struct *files = t->files;
	struct fs_struct *fs = t->fs;

	t->files = NULL;
	t->fs = NULL;
	if (files)
		put_files(files);
	if (fs)
		put_fs(fs);
}

/*
 * tasklist_lock held. With no reaper (init itself is exiting, or is
 * not running yet) orphans get no parent: nobody can wait for them,
 * so they leave the process list and their task_struct stays behind
 * as a joinless kthread (see kernel/sched/kthread.c).
 */
static void
reparent_children(struct task_struct *t)
{
	struct task_struct *reaper = child_reaper != t ? child_reaper : NULL;
	struct task_struct *c, *n;
	bool wake = false;

	list_for_each_entry_safe(c, n, &t->children, sibling) {
		list_del_init(&c->sibling);
		c->parent = reaper;
		if (reaper) {
			list_add_tail(&c->sibling, &reaper->children);
			wake |= c->exit_state == EXIT_ZOMBIE;
		} else if (c->exit_state == EXIT_ZOMBIE) {
			proc_unlink(c);
			c->exit_state = EXIT_DEAD;
		}
	}
	if (wake)
		wake_up(&reaper->wait_chldexit);
}

static void
exit_notify(struct task_struct *t, int status)
{
	spin_lock(&tasklist_lock);
	reparent_children(t);
	if (child_reaper == t)
		child_reaper = NULL;
	t->exit_code = status;
	t->exit_state = EXIT_ZOMBIE;
	if (t->parent) {
		wake_up(&t->parent->wait_chldexit);
	} else {
		proc_unlink(t);
		t->exit_state = EXIT_DEAD;
	}
	spin_unlock(&tasklist_lock);
}

void __noreturn
do_exit(int status)
{
	struct task_struct *t = current;

	BUG_ON(!task_is_process(t));
	exit_mm();
	exit_files_fs(t);
	fpu_free(t);
	exit_notify(t, status);
	kthread_exit(status);
}

SYSCALL_DEFINE(exit, __NR_exit)(long code, long a1, long a2, long a3,
				long a4, long a5)
{
	do_exit(wait_status_exited(code));
}

/* One thread per process: the group is the process. */
SYSCALL_DEFINE(exit_group, __NR_exit_group)(long code, long a1, long a2,
					    long a3, long a4, long a5)
{
	do_exit(wait_status_exited(code));
}

/* What a wait4() found: a zombie to free, or a stop/continue status. */
struct wait_result {
	struct task_struct *zombie;
	int status;
};

/*
 * tasklist_lock held. A stop or continue is reported once (the
 * UNREPORTED bit is consumed here) and only if the options ask.
 */
static bool
wait_report(struct task_struct *c, int options, struct wait_result *r)
{
	if (c->exit_state == EXIT_ZOMBIE) {
		r->zombie = c;
		return true;
	}
	if ((options & WUNTRACED) && (c->jobctl & JOBCTL_STOP_UNREPORTED)) {
		c->jobctl &= ~JOBCTL_STOP_UNREPORTED;
		r->status = wait_status_stopped(c->stop_sig);
		return true;
	}
	if ((options & WCONTINUED) && (c->jobctl & JOBCTL_CONT_UNREPORTED)) {
		c->jobctl &= ~JOBCTL_CONT_UNREPORTED;
		r->status = WAIT_STATUS_CONTINUED;
		return true;
	}
	return false;
}

/*
 * tasklist_lock held. Returns the pid of a child matching @pid that
 * has something to report (in *r), 0 if matching children exist but
 * none has, -ECHILD if none matches.
 */
static pid_t
wait_scan(pid_t pid, int options, struct wait_result *r)
{
	struct task_struct *c;
	bool found = false;

	list_for_each_entry(c, &current->children, sibling) {
		if (pid > 0 && c->pid != pid)
			continue;
		found = true;
		if (wait_report(c, options, r))
			return c->pid;
	}
	return found ? 0 : -ECHILD;
}

/* Sleep until a child matching @pid has something to report. */
static pid_t
wait_claim(pid_t pid, int options, struct wait_result *r)
{
	struct wait_queue_head *wq = &current->wait_chldexit;
	struct wait_queue_entry w;
	pid_t ret;

	for (;;) {
		prepare_to_wait(wq, &w);
		spin_lock(&tasklist_lock);
		ret = wait_scan(pid, options, r);
		if (ret > 0 && r->zombie) {
			proc_unlink(r->zombie);
			r->zombie->exit_state = EXIT_DEAD;
		}
		spin_unlock(&tasklist_lock);
		if (ret != 0 || (options & WNOHANG))
			break;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		schedule();
	}
	finish_wait(wq, &w);
	return ret;
}

pid_t
kernel_wait4(pid_t pid, int *status, int options)
{
	struct wait_result r = { NULL, 0 };
	pid_t ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
		return -EINVAL;
	if (pid < -1 || !current->children.next)
		return -ECHILD;
	ret = wait_claim(pid, options, &r);
	if (ret > 0 && r.zombie)
		r.status = kthread_join(r.zombie);	/* frees it */
	if (ret > 0 && status)
		*status = r.status;
	return ret;
}

/* As in Linux, a child is reaped even if the status copy then faults. */
SYSCALL_DEFINE(wait4, __NR_wait4)(long pid, long ustatus, long options,
				  long urusage, long a4, long a5)
{
	int status = 0;
	pid_t ret = kernel_wait4((pid_t)pid, &status, (int)options);

	if (ret <= 0)
		return ret;
	if (ustatus && put_user_u32(status, (void *)ustatus))
		return -EFAULT;
	if (urusage &&
	    clear_user((void *)urusage, sizeof(struct linux_rusage)))
		return -EFAULT;
	return ret;
}
