/*
 * Per-CPU data: the cpus[] array and the GS base that finds it.
 *
 * cpu_init_percpu(c) must run on CPU c itself, once, before that CPU
 * takes any spinlock (spin_lock() reads preempt_count through %gs).
 * It points the CPU's GS base at c, whose first field points at
 * itself, so this_cpu() is a single load. KERNEL_GS_BASE starts at 0;
 * it holds the user GS base while in the kernel and is swapped with
 * GS by swapgs on user entry/exit.
 *
 * nr_cpus_online is changed only here, under cpu_online_lock, because
 * secondary CPUs may come up concurrently.
 */
#include <smp.h>
#include <spinlock.h>
#include <printk.h>
#include <asm/cpu.h>

struct cpu cpus[NR_CPUS];
int nr_cpus_online;

static DEFINE_SPINLOCK(cpu_online_lock);

/* What the rest of the kernel relies on: see get_current() in sched.h. */
static_assert(offsetof(struct cpu, self) == 0, "this_cpu() reads %gs:0");
static_assert(offsetof(struct cpu, curr_task) == 8, "current reads %gs:8");

void
cpu_init_percpu(struct cpu *c)
{
	unsigned long flags;

	BUG_ON(c < cpus || c >= cpus + NR_CPUS);
	c->self = c;
	c->id = c - cpus;
	wrmsr(MSR_GS_BASE, (u64)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	/* GS is valid from here: the lock below may use this_cpu(). */
	spin_lock_irqsave(&cpu_online_lock, flags);
	if (!c->online) {
		c->online = true;
		nr_cpus_online++;
	}
	spin_unlock_irqrestore(&cpu_online_lock, flags);
}
