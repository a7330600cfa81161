/*
 * fork() and vfork() (vfork is a plain fork: the parent is not
 * suspended, which POSIX allows and newlib does not mind).
 *
 * The child is a scheduler kthread (kthread_create) that is not woken
 * until it is complete: a copy of the mm (dup_mm: private pages shared
 * copy-on-write), of the fd table and fs_struct, of the live FPU state
 * and FS base, and of the parent's user registers with rax = 0. Its
 * first C function, fork_child(), moves those registers onto its own
 * stack and enters user mode through ret_to_user(), so the child
 * "returns" from the same fork() with 0 while the parent gets its pid.
 *
 * Failure at any step releases what was built and returns -ENOMEM;
 * the never-started kthread is woken with nothing to do (fork_start
 * not marked ok) and joined, so it leaves nothing behind.
 */
#include <process.h>
#include <syscalls.h>
#include <fdtable.h>
#include <mman.h>
#include <slab.h>
#include <errno.h>

/* What the parent hands the child: freed by the child. */
struct fork_start {
	struct pt_regs regs;
	bool ok;		/* false: the fork failed, just exit */
};

static int
fork_child(void *arg)
{
	struct fork_start *start = arg;
	struct pt_regs regs __aligned(16);

	if (!start->ok) {
		kfree(start);
		return 0;
	}
	regs = start->regs;
	kfree(start);
	ret_to_user(&regs);
}

/* Copy the parent's VFS state; the FS engineer's API (fdtable.h). */
static int
copy_files_fs(struct task_struct *child)
{
	struct task_struct *parent = current;

	if (parent->files) {
		child->files = dup_files(parent->files);
		if (!child->files)
			return -ENOMEM;
	}
	if (parent->fs) {
		child->fs = copy_fs(parent->fs);
		if (!child->fs)
			return -ENOMEM;
	}
	return 0;
}

/* Undo copy_process() on a child that never ran. */
static void
free_child_state(struct task_struct *child)
{
	if (child->files)
		put_files(child->files);
	if (child->fs)
		put_fs(child->fs);
	if (child->mm)
		mmput(child->mm);
	child->files = NULL;
	child->fs = NULL;
	child->mm = NULL;
	fpu_free(child);
}

static int
copy_process(struct task_struct *child)
{
	int err;

	proc_init_task(child);
	child->mm = dup_mm(current->mm);
	if (!child->mm)
		return -ENOMEM;
	err = copy_files_fs(child);
	if (!err)
		err = fpu_copy_to(child);
	if (err)
		return err;
	child->fsbase = current->fsbase;
	child->flags &= ~PF_KTHREAD;
	return 0;
}

static pid_t
do_fork(void)
{
	struct fork_start *start = kzalloc(sizeof(*start), GFP_KERNEL);
	struct task_struct *child;
	pid_t pid;
	int err;

	if (!start)
		return -ENOMEM;
	child = kthread_create(fork_child, start, current->comm);
	if (IS_ERR(child)) {
		kfree(start);
		return PTR_ERR(child);
	}
	err = copy_process(child);
	if (err) {
		free_child_state(child);
		wake_up_process(child);		/* runs fork_child: !ok */
		kthread_join(child);
		return err;
	}
	start->regs = *current_pt_regs();
	start->regs.rax = 0;
	start->ok = true;
	pid = child->pid;
	proc_link_child(child);
	wake_up_process(child);
	return pid;
}

SYSCALL_DEFINE(fork, __NR_fork)(long a0, long a1, long a2, long a3, long a4,
				long a5)
{
	return do_fork();
}

SYSCALL_DEFINE(vfork, __NR_vfork)(long a0, long a1, long a2, long a3,
				  long a4, long a5)
{
	return do_fork();
}
