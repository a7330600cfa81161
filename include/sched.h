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

void sched_init(void);
void sched_init_cpu(struct cpu *c);
/* Start scheduling on this CPU; the caller becomes the idle task. */
void __noreturn cpu_idle_loop(void);
void schedule(void);
/* Called by the timer interrupt on every CPU. */
void scheduler_tick(void);
/* Called on interrupt return: switch if needed and allowed. */
void preempt_schedule_irq(void);
bool wake_up_process(struct task_struct *t);
void set_current_state(long state);
void yield(void);

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

#endif
