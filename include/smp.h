/*
 * Per-CPU data. Each CPU's GS base points at its struct cpu, whose
 * first field points at itself, so this_cpu() is one %gs load and
 * needs no lock. Fields are written only by the owning CPU unless a
 * comment says otherwise.
 */
#ifndef _PINOS_SMP_H
#define _PINOS_SMP_H

#include <types.h>
#include <compiler.h>

#define NR_CPUS 8

struct task_struct;
struct mm_struct;

struct cpu {
	struct cpu *self;
	struct task_struct *curr_task;	/* read via `current` (sched.h) */
	unsigned long kernel_stack;	/* rsp0 for entry from user mode */
	unsigned long user_rsp;		/* scratch for SYSCALL entry */
	int id;
	u32 apic_id;
	bool online;
	int preempt_count;		/* >0: no involuntary switch */
	int irq_depth;			/* nesting of hardware interrupts */
	bool need_resched;
	unsigned long lock_depth;	/* spinlocks held (debug) */
	struct mm_struct *active_mm;	/* page tables loaded in CR3 */
	void *sched;			/* owned by kernel/sched */
	unsigned long idle_ticks, busy_ticks;
};

extern struct cpu cpus[NR_CPUS];
extern int nr_cpus_online;

static inline struct cpu *
this_cpu(void)
{
	struct cpu *c;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/*
 * Read one field of this CPU's struct cpu with a single %gs-relative
 * load. this_cpu()->field is two loads, and a preemption between them
 * could move the task to another CPU, so it would read a field of a
 * CPU it no longer runs on; use this where preemption is possible.
 */
#define this_cpu_read(field)                                            \
	({                                                              \
		__typeof__(((struct cpu *)0)->field) __v;               \
		__asm__ __volatile__("mov %%gs:%c1, %0"                 \
				     : "=r"(__v)                        \
				     : "i"(offsetof(struct cpu, field)) \
				     : "memory");                       \
		__v;                                                    \
	})

static inline int
smp_processor_id(void)
{
	return this_cpu()->id;
}

void cpu_init_percpu(struct cpu *c);

#define for_each_online_cpu(c)                                        \
	for (struct cpu *c = &cpus[0]; c < &cpus[NR_CPUS]; c++)       \
		if (c->online)

/*
 * SMP bring-up and cross-CPU calls (kernel/smp/, docs/smp.md); the
 * masks, including cpu_online_mask, are in cpumask.h. Call functions
 * with interrupts enabled: see the deadlock rule in kernel/smp/ipi.c.
 */
struct cpumask;
typedef void (*smp_call_func_t)(void *info);

/* CPUs to bring up at most, boot CPU included (maxcpus=N). */
extern int setup_max_cpus;

void smp_init(void);
int smp_call_function_single(int cpu, smp_call_func_t func, void *info,
			     bool wait);
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait);
void smp_call_function(smp_call_func_t func, void *info, bool wait);
void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func,
		      void *info, bool wait);
void on_each_cpu(smp_call_func_t func, void *info, bool wait);
void smp_send_reschedule(int cpu);

#endif
