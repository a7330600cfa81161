/*
 * Cross-CPU function calls and the reschedule IPI (include/smp.h).
 *
 *   smp_call_function_single(cpu, func, info, wait)  one CPU (may be us)
 *   smp_call_function_many(mask, func, info, wait)   the *other* CPUs
 *                                                    of mask, as in Linux
 *   smp_call_function(func, info, wait)              all other CPUs
 *   on_each_cpu_mask(mask, func, info, wait)         mask, us included
 *   on_each_cpu(func, info, wait)                    every CPU
 *   smp_send_reschedule(cpu)                         make cpu schedule()
 *
 * Only CPUs in cpu_online_mask are called; others in a mask are
 * skipped. func runs in interrupt context on the target: interrupts
 * off, no sleeping, keep it short. When the calling CPU is a target,
 * func runs right there with interrupts disabled, so it always sees
 * the same context. With @wait the call returns after func has
 * returned on every target; without, as soon as the requests are
 * queued.
 *
 * How. Each CPU has a call queue: a list under an irqsave spinlock.
 * A call puts one request (struct call_single_data, "csd") on each
 * target's queue and sends CALL_FUNCTION_VECTOR; the IPI handler
 * takes its requests off one by one and runs them. There is one csd
 * per (sender, target) pair, so no allocation is needed: the sender
 * keeps preemption disabled while it uses its row, and before reusing
 * a csd it waits until the previous request through it has been
 * picked up (csd->busy, cleared by the target). With @wait, a counter
 * on the caller's stack starts at the number of targets; each target
 * decrements it after func returns, and the caller spins on it with
 * cpu_relax(). The target never touches a csd or the counter after
 * its last store to them, so the caller may return at once.
 *
 * The deadlock rule: call with interrupts ENABLED (and not from an
 * interrupt handler); a violation is reported with a WARN. A caller
 * spins until its targets acknowledge, and a CPU acknowledges an IPI
 * only when its interrupts are on. If CPU A called B with interrupts
 * off while B was calling A with interrupts off, each would wait for
 * the other forever. (Waiting for a csd to become free has the same
 * shape, so the rule covers wait == false too.)
 *
 * The flip side is a guarantee other code builds on: while a CPU has
 * interrupts disabled, a waiting smp_call_function_many() that targets
 * it cannot complete. TLB shootdown waits for every CPU in the mm's
 * mask to flush, and page tables are freed only after that wait; so
 * the lockless GUP-fast walk, which runs with interrupts off, can
 * never see a page table freed under it.
 */
#include <cpumask.h>
#include <irq.h>
#include <list.h>
#include <printk.h>
#include <sched.h>
#include <spinlock.h>
#include <errno.h>

struct call_request {
	atomic_t pending;		/* targets that have not finished */
};

struct call_single_data {
	struct list_head node;		/* on the target's call queue */
	smp_call_func_t func;
	void *info;
	struct call_request *req;	/* NULL: nobody waits */
	int busy;			/* queued, func/info not yet taken */
};

struct call_queue {
	spinlock_t lock;
	struct list_head list;
};

static struct call_queue call_queues[NR_CPUS];
static struct call_single_data csd_slots[NR_CPUS][NR_CPUS]; /* [from][to] */

/* The deadlock rule (top of file); true if it is broken. */
static bool
call_context_bad(void)
{
	return WARN_ON_ONCE(irqs_disabled() || in_interrupt());
}

/* Run @func here as a target would: with interrupts off. */
static void
call_local(smp_call_func_t func, void *info)
{
	unsigned long flags = local_irq_save();

	func(info);
	local_irq_restore(flags);
}

/* Wait for our previous request to @cpu to be taken, then queue one. */
static void
queue_call(int cpu, smp_call_func_t func, void *info,
	   struct call_request *req)
{
	struct call_single_data *csd = &csd_slots[smp_processor_id()][cpu];
	struct call_queue *q = &call_queues[cpu];
	unsigned long flags;

	while (__atomic_load_n(&csd->busy, __ATOMIC_ACQUIRE))
		cpu_relax();
	csd->func = func;
	csd->info = info;
	csd->req = req;
	csd->busy = 1;
	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&csd->node, &q->list);
	spin_unlock_irqrestore(&q->lock, flags);
	lapic_send_ipi(cpus[cpu].apic_id, CALL_FUNCTION_VECTOR);
}

/* Acquire: what the targets' functions wrote is visible after this. */
static void
wait_for_request(struct call_request *req)
{
	while (__atomic_load_n(&req->pending.counter, __ATOMIC_ACQUIRE) > 0)
		cpu_relax();
}

int
smp_call_function_single(int cpu, smp_call_func_t func, void *info,
			 bool wait)
{
	struct call_request req;

	call_context_bad();
	preempt_disable();
	if (cpu == smp_processor_id()) {
		call_local(func, info);
	} else if (!cpu_online(cpu)) {
		preempt_enable();
		return -ENXIO;
	} else {
		atomic_set(&req.pending, 1);
		queue_call(cpu, func, info, wait ? &req : NULL);
		if (wait)
			wait_for_request(&req);
	}
	preempt_enable();
	return 0;
}

/*
 * Queue @func on the other online CPUs of @mask; @req, if not NULL,
 * counts them. The mask is snapshotted first: it may be a live
 * mm->cpu_mask, and the count must match what is queued.
 */
static void
queue_many(const struct cpumask *mask, smp_call_func_t func, void *info,
	   struct call_request *req)
{
	struct cpumask targets;
	int cpu;

	cpumask_and(&targets, mask, cpu_online_mask);
	cpumask_clear_cpu(smp_processor_id(), &targets);
	if (req)
		atomic_set(&req->pending, cpumask_weight(&targets));
	for_each_cpu(cpu, &targets)
		queue_call(cpu, func, info, req);
}

void
smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
		       void *info, bool wait)
{
	struct call_request req;

	call_context_bad();
	preempt_disable();
	queue_many(mask, func, info, wait ? &req : NULL);
	if (wait)
		wait_for_request(&req);
	preempt_enable();
}

void
smp_call_function(smp_call_func_t func, void *info, bool wait)
{
	smp_call_function_many(cpu_online_mask, func, info, wait);
}

/* The others run @func while this CPU does; then wait for them. */
void
on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func,
		 void *info, bool wait)
{
	struct call_request req;

	call_context_bad();
	preempt_disable();
	queue_many(mask, func, info, wait ? &req : NULL);
	if (cpumask_test_cpu(smp_processor_id(), mask))
		call_local(func, info);
	if (wait)
		wait_for_request(&req);
	preempt_enable();
}

void
on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	on_each_cpu_mask(cpu_online_mask, func, info, wait);
}

void
smp_send_reschedule(int cpu)
{
	if (cpu_online(cpu))
		lapic_send_ipi(cpus[cpu].apic_id, RESCHEDULE_VECTOR);
}

/* Take requests one at a time: a sender may be adding more meanwhile. */
static void
call_function_interrupt(struct pt_regs *regs, void *data)
{
	struct call_queue *q = &call_queues[smp_processor_id()];
	struct call_single_data *csd;

	for (;;) {
		smp_call_func_t func;
		struct call_request *req;
		void *info;

		spin_lock(&q->lock);
		csd = list_first_entry_or_null(&q->list,
					       struct call_single_data, node);
		if (csd)
			list_del(&csd->node);
		spin_unlock(&q->lock);
		if (!csd)
			return;
		func = csd->func;
		info = csd->info;
		req = csd->req;
		/* The sender may refill the csd from here on. */
		__atomic_store_n(&csd->busy, 0, __ATOMIC_RELEASE);
		func(info);
		if (req)
			atomic_dec(&req->pending);
	}
}

/* Before any other CPU can be online (smp_init). */
void
smp_ipi_init(void)
{
	for (int i = 0; i < NR_CPUS; i++) {
		spin_lock_init(&call_queues[i].lock, "call_queue");
		INIT_LIST_HEAD(&call_queues[i].list);
	}
	if (request_irq(CALL_FUNCTION_VECTOR, call_function_interrupt, NULL,
			"call_function"))
		panic("smp: cannot claim the call-function vector");
}
