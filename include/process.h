/*
 * User processes (kernel/proc/): creation, fork, exec, exit, wait.
 *
 * A process is a task_struct with an mm, built on the scheduler's
 * kernel threads: fork() and user_process_create() make a kthread
 * whose first act is to return to user mode (ret_to_user). The tree
 * links (parent, children, sibling), the process list and exit_state
 * are protected by tasklist_lock, a spinlock taken only in process
 * context; lock order: tasklist_lock, then a wait queue's lock, then
 * sched_lock.
 *
 * Lifetime: do_exit() frees the mm, files, fs and FPU state at once,
 * then makes the task a zombie (EXIT_ZOMBIE) holding only its wait
 * status, wakes the parent and dies as a kthread. The parent's wait4()
 * claims the zombie (EXIT_DEAD) and frees the task_struct with
 * kthread_join(). Children of an exiting process go to the init
 * process (child_reaper). A kernel thread that creates a process is
 * its parent and must reap it (kernel_wait4) before it exits.
 *
 * Wait statuses are Linux's: exit code << 8, or the killing signal in
 * the low 7 bits.
 */
#ifndef _PINOS_PROCESS_H
#define _PINOS_PROCESS_H

#include <sched.h>
#include <asm/ptrace.h>

/* The user stack: 8 MiB ending just below TASK_SIZE (exec.c). */
#define USER_STACK_TOP	TASK_SIZE
#define USER_STACK_SIZE	(8UL << 20)

#define EXIT_DEAD	0x10
#define EXIT_ZOMBIE	0x20

/*
 * Job control (t->jobctl, under tasklist_lock): a stop signal sets
 * STOP_PENDING; the task stops on its way to user mode (STOPPED, and
 * STOP_UNREPORTED until a WUNTRACED wait4 sees it); SIGCONT clears
 * both and sets CONT_UNREPORTED for a WCONTINUED wait4.
 */
#define JOBCTL_STOP_PENDING	0x1
#define JOBCTL_STOPPED		0x2
#define JOBCTL_STOP_UNREPORTED	0x4
#define JOBCTL_CONT_UNREPORTED	0x8

/* wait4() options, Linux values. */
#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WCONTINUED	0x00000008

/* Linux's layout of struct pt_regs sits at the top of the kernel stack. */
#define task_pt_regs(t) \
	((struct pt_regs *)((char *)(t)->stack + KSTACK_SIZE) - 1)
#define current_pt_regs() task_pt_regs(current)

/* Encode and decode wait status words (as <sys/wait.h> decodes them). */
static inline int
wait_status_exited(int code)
{
	return (code & 0xff) << 8;
}

static inline int
wait_status_signaled(int sig)
{
	return sig & 0x7f;
}

/* Stopped by @sig (WIFSTOPPED), and continued (WIFCONTINUED). */
static inline int
wait_status_stopped(int sig)
{
	return ((sig & 0xff) << 8) | 0x7f;
}

#define WAIT_STATUS_CONTINUED 0xffff

static inline bool
wstatus_exited(int status)
{
	return (status & 0x7f) == 0;
}

static inline int
wstatus_exitcode(int status)
{
	return (status >> 8) & 0xff;
}

static inline bool
wstatus_signaled(int status)
{
	return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
}

static inline int
wstatus_termsig(int status)
{
	return status & 0x7f;
}

extern spinlock_t tasklist_lock;
/* Every process, live or zombie; walk it under tasklist_lock. */
extern struct list_head process_list;
#define for_each_process(t) \
	list_for_each_entry(t, &process_list, proc_node)
/* The process orphans are reparented to; NULL until init runs. */
extern struct task_struct *child_reaper;

/* Is @t a user process (or a zombie of one)? tasklist_lock held. */
bool task_is_process(const struct task_struct *t);
/* The live or zombie process with @pid, or NULL; tasklist_lock held. */
struct task_struct *find_process_by_pid(pid_t pid);
/* Set up the process fields of a task that has none yet. */
void proc_init_task(struct task_struct *t);
/* Make @child a child of current and put it on the process list. */
void proc_link_child(struct task_struct *child);
/* Take @t off the process list and its parent's children; tasklist_lock. */
void proc_unlink(struct task_struct *t);

/*
 * Start a new process, a child of the calling kernel thread or
 * process. It runs @setup(@arg, regs) in its own context with no mm;
 * @setup builds the address space (kernel_execve, or exec_mmap and
 * mappings of its own) and fills @regs; on 0 the task enters user
 * mode with @regs, otherwise it exits with status 127 << 8. Returns
 * the pid or -errno (-ENOMEM).
 */
pid_t user_process_create(int (*setup)(void *arg, struct pt_regs *regs),
			  void *arg, const char *name);

/* Wait for a child as wait4() does, with a kernel @status pointer. */
pid_t kernel_wait4(pid_t pid, int *status, int options);

/* End the current process with wait status @status; never returns. */
void __noreturn do_exit(int status);

/*
 * Replace the current process's program with @path (kernel strings).
 * On success @regs is set to enter the new program; on failure the
 * old address space is intact and -errno is returned.
 */
int kernel_execve(const char *path, const char *const argv[],
		  const char *const envp[], struct pt_regs *regs);

/*
 * Make @mm the current task's address space (loaded on this CPU) and
 * return the previous one (NULL for a kernel thread); the caller owns
 * both references. exec_mmap(NULL) returns to the kernel's tables.
 */
struct mm_struct *exec_mmap(struct mm_struct *mm);

/* Set @regs to enter user mode at @ip with stack @sp, other registers
 * zero and interrupts enabled (Linux's start_thread). */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);

/* Enter user mode with @regs (a copy anywhere on the kernel stack). */
void __noreturn ret_to_user(struct pt_regs *regs);

/* FPU/SSE state (kernel/proc/arch.c). */
/* Give current a fresh FPU state (default control words) and load it. */
int fpu_init_current(void);
/* Give @child a copy of current's live FPU state. */
int fpu_copy_to(struct task_struct *child);
/* Drop @t's FPU state: current at exit, or a child that never ran. */
void fpu_free(struct task_struct *t);
/* Set current's FS base (arch_prctl ARCH_SET_FS, exec). */
void set_current_fsbase(unsigned long base);

#endif
