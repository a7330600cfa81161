/*
 * Processes made by the kernel: user_process_create() and the first
 * user process, init (run_init_process(), called by kernel_init()).
 *
 * A new process starts as a scheduler kthread running
 * process_start(): it gets a fresh FPU state, runs the creator's
 * setup function in its own context (usually kernel_execve(), which
 * builds its mm) and enters user mode with the registers setup
 * filled in. The creator links it as its child before waking it, so
 * it can always wait for it.
 *
 * init is pid 1: kernel_init (the kthread that calls
 * run_init_process) holds pid 1 and hands it over, as Linux's
 * kernel_init becomes init by exec. Orphans are reparented to it
 * (child_reaper). run_init_process() waits for it and returns its
 * exit status (or 128 + the killing signal, as a shell reports it);
 * kmain powers off with that, so QEMU's exit status carries it.
 *
 * The SYSCALL entry is set up here, once, by a core initcall, before
 * any process can run. A secondary CPU must call syscall_init_cpu()
 * when it comes up.
 */
#include <process.h>
#include <syscalls.h>
#include <fdtable.h>
#include <cmdline.h>
#include <init.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <printk.h>

#define INIT_MAX_ARGS 32

struct process_start {
	int (*setup)(void *arg, struct pt_regs *regs);
	void *arg;
};

static int
process_start(void *p)
{
	struct process_start ps = *(struct process_start *)p;
	struct pt_regs regs __aligned(16);
	int err;

	kfree(p);
	memset(&regs, 0, sizeof(regs));
	err = fpu_init_current();
	if (!err)
		err = ps.setup(ps.arg, &regs);
	if (err)
		do_exit(wait_status_exited(127));
	current->flags &= ~PF_KTHREAD;
	ret_to_user(&regs);
}

/* A new, not yet running process task, or ERR_PTR. */
static struct task_struct *
process_alloc(int (*setup)(void *, struct pt_regs *), void *arg,
	      const char *name)
{
	struct process_start *ps = kmalloc(sizeof(*ps), GFP_KERNEL);
	struct task_struct *t;

	if (!ps)
		return ERR_PTR(-ENOMEM);
	ps->setup = setup;
	ps->arg = arg;
	t = kthread_create(process_start, ps, name);
	if (IS_ERR(t)) {
		kfree(ps);
		return t;
	}
	proc_init_task(t);
	return t;
}

pid_t
user_process_create(int (*setup)(void *, struct pt_regs *), void *arg,
		    const char *name)
{
	struct task_struct *t = process_alloc(setup, arg, name);
	pid_t pid;

	if (IS_ERR(t))
		return PTR_ERR(t);
	pid = t->pid;
	proc_link_child(t);
	wake_up_process(t);
	return pid;
}

struct init_exec {
	const char *path;
	const char *argv[INIT_MAX_ARGS + 2];
	int err;
};

static const char *const init_envp[] = {
	"HOME=/", "TERM=linux", "PATH=/bin", NULL,
};

/* In init's own context: stdin/out/err on the console, then exec. */
static int
init_setup(void *arg, struct pt_regs *regs)
{
	struct init_exec *ie = arg;

	ie->err = init_task_fs(current);
	if (ie->err) {
		pr_err("init: no console or root (error %d)\n", ie->err);
		return ie->err;
	}
	ie->err = kernel_execve(ie->path, ie->argv, init_envp, regs);
	if (ie->err == -ENOENT)
		pr_err("init: %s not found; nothing to run\n", ie->path);
	else if (ie->err)
		pr_err("init: cannot run %s (error %d)\n", ie->path,
		       ie->err);
	return ie->err;
}

/* argv: the path, then the words after "--" on the command line. */
static char *
init_build_argv(struct init_exec *ie)
{
	char *words = kstrdup(cmdline_init_args ? cmdline_init_args : "",
			      GFP_KERNEL), *rest = words, *w;
	int argc = 0;

	ie->argv[argc++] = ie->path;
	while (rest && (w = strsep(&rest, " ")) != NULL) {
		if (*w == '\0')
			continue;
		if (argc > INIT_MAX_ARGS) {
			pr_warn("init: only %d arguments passed\n",
				INIT_MAX_ARGS);
			break;
		}
		ie->argv[argc++] = w;
	}
	ie->argv[argc] = NULL;
	return words;
}

/* kernel_init holds pid 1; give it to @t, which is not yet visible. */
static void
take_init_pid(struct task_struct *t)
{
	spin_lock(&tasklist_lock);
	if (current->pid == 1) {
		current->pid = t->pid;
		t->pid = 1;
	}
	child_reaper = t;
	spin_unlock(&tasklist_lock);
}

static int
init_exit_status(int status)
{
	if (wstatus_signaled(status))
		return 128 + wstatus_termsig(status);
	return wstatus_exitcode(status);
}

int
run_init_process(void)
{
	struct init_exec ie = { cmdline_init ? cmdline_init : "/bin/init" };
	char *words = init_build_argv(&ie);
	struct task_struct *t = process_alloc(init_setup, &ie, "init");
	int status = 0;
	pid_t pid;

	if (IS_ERR(t)) {
		pr_err("init: cannot create the process (%ld)\n", PTR_ERR(t));
		kfree(words);
		return 127;
	}
	take_init_pid(t);
	pid = t->pid;
	proc_link_child(t);
	wake_up_process(t);
	kernel_wait4(pid, &status, 0);
	kfree(words);
	if (ie.err)
		return 127;
	pr_info("init: exited with status %d\n", init_exit_status(status));
	return init_exit_status(status);
}

static int
proc_syscall_init(void)
{
	syscall_init();
	return 0;
}
core_initcall(proc_syscall_init);
