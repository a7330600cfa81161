/*
 * Tasks and the scheduler.
 *
 * A task_struct is a kernel thread or the kernel side of a user
 * process. The scheduler is preemptive: the timer interrupt sets
 * need_resched and the interrupt return path switches when the
 * interrupted context is preemptible (preempt_count == 0).
 *
 * States follow Linux: TASK_RUNNING (on a run queue or on a CPU),
 * TASK_UNINTERRUPTIBLE (sleeping on a wait queue), TASK_DEAD.
 * A sleeper sets its state, then calls schedule(); a waker calls
 * wake_up_process(), which is safe from interrupt context.
 */
#ifndef _PINOS_SCHED_H
#define _PINOS_SCHED_H

#include <list.h>
#include <smp.h>
#include <spinlock.h>
#include <wait.h>
#include <lockdep.h>

#define TASK_RUNNING         0
#define TASK_INTERRUPTIBLE   1
#define TASK_UNINTERRUPTIBLE 2
#define TASK_DEAD            16

#define TASK_COMM_LEN   16
#define KSTACK_SIZE     (16 * 1024)

struct mm_struct;
struct files_struct;
struct fs_struct;
struct pt_regs;
struct fpu;

struct task_struct {
	unsigned long ksp;		/* saved kernel rsp, switch_to() */
	volatile long state;
	int pid;
	int cpu;			/* CPU it last ran on */
	int cpus_allowed;		/* -1: any, else the one CPU */
	unsigned int flags;
	char comm[TASK_COMM_LEN];
	void *stack;			/* base of the KSTACK_SIZE stack */
	struct list_head run_list;	/* on a run queue */
	struct list_head tasks;		/* all tasks */
	unsigned long wake_tick;	/* schedule_timeout() deadline */
	unsigned long runtime_ticks;
	int (*kthread_fn)(void *);
	void *kthread_arg;
	int exit_code;
	/* Process state, owned by kernel/proc: NULL for kernel threads. */
	struct mm_struct *mm;
	void *proc;
	/* VFS state (fs/, include/fdtable.h): NULL for kernel threads
	 * until init_task_fs(); fork uses dup_files() and copy_fs(). */
	struct files_struct *files;
	struct fs_struct *fs;
	/* Nonzero inside kernel_read()/kernel_write(): ->read/->write
	 * may be given kernel buffers (vfs_copy_to_user() in fs.h). */
	int uaccess_kernel;
	/* 1 while on a CPU or being switched off one (sched_lock). */
	int on_cpu;
	/*
	 * Process tree and exit state (kernel/proc, under tasklist_lock).
	 * Zeroed in a kernel thread until it creates or becomes a process.
	 */
	struct task_struct *parent;	/* wait4()s for us; NULL: nobody */
	struct list_head children;	/* our children, by their ->sibling */
	struct list_head sibling;	/* on parent->children */
	struct list_head proc_node;	/* on the process list */
	int exit_state;			/* 0, EXIT_ZOMBIE, EXIT_DEAD */
	int pending_sig;		/* fatal signal from kill(), 0: none */
	unsigned int jobctl;		/* JOBCTL_* stop/continue state */
	int stop_sig;			/* the signal that stopped it */
	/* wait4() and nanosleep() sleep here; child exit and kill() wake. */
	struct wait_queue_head wait_chldexit;
	/* User-mode CPU state (kernel/proc/arch.c); NULL/0 for kthreads. */
	struct fpu *fpu;		/* fxsave image, switched eagerly */
	unsigned long fsbase;		/* MSR_FS_BASE, arch_prctl() */
	/* Sleeping locks held, for lock-order checks (lockdep.c). */
	struct held_locks held_locks;
};

#define PF_KTHREAD 0x1
#define PF_IDLE    0x2

static inline struct task_struct *
get_current(void)
{
	struct task_struct *t;

	__asm__ __volatile__("movq %%gs:8, %0" : "=r"(t));
	return t;
}
#define current get_current()

/* Set by the boot CPU's cpu_idle_loop(): sleeping is legal from then on. */
extern bool scheduler_running;

void sched_init(void);
void sched_init_cpu(struct cpu *c);
/* Start scheduling on this CPU; the caller becomes the idle task. */
void __noreturn cpu_idle_loop(void);
void schedule(void);
/* Called by the timer interrupt on every CPU. */
void scheduler_tick(void);
/* Called on interrupt return: switch if needed and allowed. */
void preempt_schedule_irq(void);
/* Called by preempt_enable() when the count drops to 0. */
void preempt_schedule(void);
bool wake_up_process(struct task_struct *t);
void set_current_state(long state);
void yield(void);

/*
 * kthread_create() returns ERR_PTR(-ENOMEM) on failure, as Linux does.
 * A thread that returns from @fn or calls kthread_exit() has its stack
 * freed by the reaper; its task_struct stays until kthread_join().
 */
struct task_struct *kthread_create(int (*fn)(void *), void *arg,
				   const char *name);
/* Create and wake. */
struct task_struct *kthread_run(int (*fn)(void *), void *arg,
				const char *name);
void kthread_bind(struct task_struct *t, int cpu);
void __noreturn kthread_exit(int code);
/* Wait for a kthread to exit and free it; returns its exit code. */
int kthread_join(struct task_struct *t);

void msleep(unsigned long ms);

/*
 * Switch the per-task user-mode CPU state (FPU/SSE registers, FS base)
 * from @prev to @next. kernel/proc/arch.c; called by context_switch()
 * with interrupts off and sched_lock held, just before __switch_to().
 */
void arch_switch_to(struct task_struct *prev, struct task_struct *next);

#endif
