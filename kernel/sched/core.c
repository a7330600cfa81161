/*
 * The scheduler core (include/sched.h): run queue, schedule(),
 * wake-ups, the timer tick, timed sleeps and the idle loop.
 *
 * Policy: round robin. A task runs for SCHED_SLICE_TICKS timer ticks,
 * then the tick sets need_resched and the interrupt return path
 * (preempt_schedule_irq) puts it at the back of the queue. A CPU with
 * nothing to run runs its idle task (never on the queue).
 *
 * One global run queue for all CPUs, protected by sched_lock (an
 * irqsave spinlock: interrupt handlers wake tasks). A global queue
 * needs no load balancing or migration code and any idle CPU takes the
 * next runnable task; its cost, contention on one lock, does not
 * matter at two to eight CPUs. kthread_bind() limits a task to one
 * CPU; pick_next_task() skips tasks that may not run here.
 *
 * sched_lock protects: the run queue; all_tasks and dead_tasks;
 * every task's on_cpu, wake_tick, cpus_allowed; cpu->curr_task; and the
 * state changes made by anyone but the task itself. A task may set its
 * *own* state to sleeping without the lock (set_current_state) because
 * only the task itself can go to sleep; wakers and schedule() read
 * and change other tasks' states under the lock.
 *
 * The lock is held across the context switch: __schedule() takes it in
 * prev and finish_task_switch() releases it in next. Until then prev's
 * registers are still being saved on prev's stack, and another CPU
 * that picked prev off the queue would run it on a half-saved stack.
 * on_cpu covers the window before schedule() takes the lock: a task
 * that marked itself sleeping but has not switched out yet is woken by
 * setting it TASK_RUNNING only, never by queueing it.
 *
 * A preempted task goes back on the queue whatever its state: it may
 * have been preempted between prepare_to_wait() and schedule(), and
 * must get the CPU back to finish going to sleep (or notice it was
 * woken). The queue may therefore hold tasks that are not
 * TASK_RUNNING; "queued" is !list_empty(&t->run_list).
 *
 * Lock order: a wait queue's lock, then sched_lock (wake_up() calls
 * wake_up_process() under the queue lock). Nothing takes a wait queue
 * lock while holding sched_lock.
 */
#include <sched.h>
#include <irq.h>
#include <time.h>
#include <lockdep.h>
#include <printk.h>
#include <string.h>
#include "sched.h"

#define SCHED_SLICE_TICKS 2

static_assert(offsetof(struct task_struct, ksp) == 0, "switch.S: TASK_KSP");

DEFINE_SPINLOCK(sched_lock);
LIST_HEAD(all_tasks);
LIST_HEAD(dead_tasks);
DECLARE_WAIT_QUEUE_HEAD(reaper_wq);
static LIST_HEAD(run_queue);
static atomic_t next_pid = ATOMIC_INIT(0);
bool scheduler_running;

/* Per-CPU scheduler state, reached through cpu->sched. */
struct sched_cpu {
	struct task_struct *idle;
	int slice_left;		/* ticks left in the running task's slice */
};

static struct sched_cpu sched_cpus[NR_CPUS];
static struct task_struct idle_tasks[NR_CPUS];

/* Hooks the VM and trap code implement; no-ops until they exist. */
__attribute__((weak)) void
switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
}

__attribute__((weak)) void
tss_set_rsp0(unsigned long rsp0)
{
}

static struct sched_cpu *
cpu_sched(struct cpu *c)
{
	return c->sched;
}

static bool
task_is_idle(struct task_struct *t)
{
	return t->flags & PF_IDLE;
}

static bool
can_run_on(struct task_struct *t, int cpu)
{
	return t->cpus_allowed < 0 || t->cpus_allowed == cpu;
}

/* Idle tasks are pid 0, as in Linux; set PF_IDLE before calling. */
void
sched_fork(struct task_struct *t, const char *name)
{
	t->pid = task_is_idle(t) ? 0 : atomic_add_return(1, &next_pid);
	t->cpus_allowed = -1;
	strlcpy(t->comm, name, sizeof(t->comm));
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->tasks);
}

void
sched_add_task(struct task_struct *t)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	list_add_tail(&t->tasks, &all_tasks);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void
sched_remove_task(struct task_struct *t)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	list_del(&t->tasks);
	spin_unlock_irqrestore(&sched_lock, flags);
}

static void
enqueue_task(struct task_struct *t)
{
	if (list_empty(&t->run_list))
		list_add_tail(&t->run_list, &run_queue);
}

/* The first queued task allowed on CPU @c, dequeued; else c's idle. */
static struct task_struct *
pick_next_task(struct cpu *c)
{
	struct task_struct *t;

	list_for_each_entry(t, &run_queue, run_list) {
		if (can_run_on(t, c->id)) {
			list_del_init(&t->run_list);
			return t;
		}
	}
	return cpu_sched(c)->idle;
}

static bool
has_runnable_task(struct cpu *c)
{
	struct task_struct *t;

	list_for_each_entry(t, &run_queue, run_list)
		if (can_run_on(t, c->id))
			return true;
	return false;
}

/*
 * Ask CPU @c to reschedule. A remote CPU may be halted in its idle
 * loop: the IPI wakes it, and its interrupt return path switches.
 */
static void
resched_cpu(struct cpu *c)
{
	WRITE_ONCE(c->need_resched, true);
	if (c != this_cpu())
		lapic_send_ipi(c->apic_id, RESCHEDULE_VECTOR);
}

/* @t was just queued: make an idle CPU that may run it notice. */
static void
kick_idle_cpu(struct task_struct *t)
{
	for_each_online_cpu(c) {
		struct sched_cpu *sc = cpu_sched(c);

		if (sc && can_run_on(t, c->id) && c->curr_task == sc->idle) {
			resched_cpu(c);
			return;
		}
	}
}

/* Called with sched_lock held. */
static bool
try_to_wake_up(struct task_struct *t)
{
	if (!(t->state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)))
		return false;	/* running, or dead: never resurrect */
	t->state = TASK_RUNNING;
	if (!t->on_cpu && list_empty(&t->run_list)) {
		enqueue_task(t);
		kick_idle_cpu(t);
	}
	return true;
}

bool
wake_up_process(struct task_struct *t)
{
	unsigned long flags;
	bool woke;

	spin_lock_irqsave(&sched_lock, flags);
	woke = try_to_wake_up(t);
	spin_unlock_irqrestore(&sched_lock, flags);
	return woke;
}

/* A full barrier after the store: the caller's next load (the wait
 * condition) must not be done before others can see us sleeping. */
void
set_current_state(long state)
{
	__atomic_store_n(&current->state, state, __ATOMIC_SEQ_CST);
	smp_mb();
}

static void
check_stack_end(struct task_struct *t)
{
	if (t->stack && *(unsigned long *)t->stack != STACK_END_MAGIC)
		panic("kernel stack overflow in %s (pid %d)", t->comm,
		      t->pid);
}

/*
 * Runs in the new task, on its stack, sched_lock still held by the
 * __schedule() that switched away from @prev. prev's registers are
 * saved now, so it may run elsewhere: clear on_cpu, drop the lock.
 */
static void
finish_task_switch(struct task_struct *prev)
{
	bool dead = prev->state == TASK_DEAD;

	prev->on_cpu = 0;
	if (dead)
		list_add_tail(&prev->run_list, &dead_tasks);
	spin_unlock(&sched_lock);
	if (dead)
		wake_up(&reaper_wq);
}

void
schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

/* Per-CPU state that follows the running task: page tables, rsp0. */
static struct task_struct *
context_switch(struct task_struct *prev, struct task_struct *next)
{
	struct cpu *c = this_cpu();

	check_stack_end(prev);
	if (next->mm && next->mm != c->active_mm) {
		switch_mm(c->active_mm, next->mm);
		c->active_mm = next->mm;
	}
	if (next->stack) {
		c->kernel_stack = (unsigned long)next->stack + KSTACK_SIZE;
		tss_set_rsp0(c->kernel_stack);
	}
	arch_switch_to(prev, next);	/* FPU/SSE, FS base: kernel/proc */
	return __switch_to(prev, next);
}

/* Requeue prev unless it is going to sleep (or dying, or idle). */
static void
put_prev_task(struct task_struct *prev, bool preempt)
{
	if (task_is_idle(prev) || prev->state == TASK_DEAD)
		return;
	if (preempt || prev->state == TASK_RUNNING)
		enqueue_task(prev);
}

/*
 * Pick the next task and switch to it. @preempt: prev did not choose
 * to stop (timer or preempt_enable), so it stays runnable whatever its
 * state. Must not use the local `c` after the switch: by the time prev
 * runs again it may be on another CPU.
 */
static void
__schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;
	struct cpu *c;

	spin_lock_irqsave(&sched_lock, flags);
	c = this_cpu();
	c->need_resched = false;
	cpu_sched(c)->slice_left = SCHED_SLICE_TICKS;
	put_prev_task(prev, preempt);
	next = pick_next_task(c);
	if (next == prev) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	next->on_cpu = 1;
	next->cpu = c->id;
	c->curr_task = next;
	prev = context_switch(prev, next);
	finish_task_switch(prev);
	local_irq_restore(flags);
}

void
schedule(void)
{
	might_sleep();
	__schedule(false);
}

void
yield(void)
{
	might_sleep();
	__schedule(false);
}

/*
 * From do_irq(), interrupts disabled, EOI sent, irq_depth back to 0,
 * and the interrupted context was preemptible. Loop: by the time we
 * are switched back to, the tick may have asked again.
 */
void
preempt_schedule_irq(void)
{
	struct cpu *c = this_cpu();

	if (!current || c->preempt_count || c->irq_depth)
		return;
	while (this_cpu()->need_resched)
		__schedule(true);
}

/* From preempt_enable() when the count reached 0. */
void
preempt_schedule(void)
{
	if (!current || preempt_count() || irqs_disabled())
		return;
	__schedule(true);
}

/* Mark the running task dead and leave; the reaper frees the stack. */
void __noreturn
do_task_dead(void)
{
	struct task_struct *t = current;

	local_irq_disable();
	spin_lock(&sched_lock);
	t->state = TASK_DEAD;
	spin_unlock(&sched_lock);
	__schedule(false);
	panic("dead task %s (pid %d) was scheduled", t->comm, t->pid);
}

/* CPU 0's tick: wake the sleepers whose schedule_timeout() expired. */
static void
wake_expired_sleepers(void)
{
	unsigned long now = jiffies, flags;
	struct task_struct *t;

	spin_lock_irqsave(&sched_lock, flags);
	list_for_each_entry(t, &all_tasks, tasks)
		if (t->wake_tick && time_after_eq(now, t->wake_tick))
			try_to_wake_up(t);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * From the timer interrupt on every CPU. The run-queue peek for an
 * idle CPU is unlocked: a stale answer costs one needless or one
 * late (next tick) schedule(), never a wrong one.
 */
void
scheduler_tick(void)
{
	struct cpu *c = this_cpu();
	struct task_struct *t = c->curr_task;
	struct sched_cpu *sc = cpu_sched(c);

	if (!t || !sc)
		return;
	if (t == sc->idle) {
		c->idle_ticks++;
		if (!list_empty(&run_queue))
			c->need_resched = true;
	} else {
		c->busy_ticks++;
		t->runtime_ticks++;
		if (--sc->slice_left <= 0)
			c->need_resched = true;
	}
	if (c->id == 0)
		wake_expired_sleepers();
}

static void
set_wake_tick(unsigned long tick)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	current->wake_tick = tick;
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * The caller has set its state (prepare_to_wait or set_current_state).
 * The deadline is checked by CPU 0's tick, which walks all tasks: O(n)
 * per tick, fine for tens of tasks; a timer wheel would replace it.
 * wake_tick 0 means "no deadline", so a deadline of 0 becomes 1.
 */
long
schedule_timeout(long ticks)
{
	unsigned long deadline;
	long left;

	if (ticks <= 0) {
		set_current_state(TASK_RUNNING);
		return 0;
	}
	deadline = jiffies + ticks;
	set_wake_tick(deadline ? deadline : 1);
	schedule();
	set_wake_tick(0);
	left = (long)(deadline - jiffies);
	return left > 0 ? left : 0;
}

static void
resched_interrupt(struct pt_regs *regs, void *data)
{
	this_cpu()->need_resched = true;
}

/*
 * Make the code running on CPU @c (which must be this CPU) its idle
 * task. The boot CPU calls this from sched_init(); a secondary CPU
 * calls it before cpu_idle_loop().
 */
void
sched_init_cpu(struct cpu *c)
{
	struct task_struct *idle = &idle_tasks[c->id];
	struct sched_cpu *sc = &sched_cpus[c->id];
	char name[TASK_COMM_LEN];

	BUG_ON(c != this_cpu());
	snprintf(name, sizeof(name), "swapper/%d", c->id);
	idle->flags = PF_KTHREAD | PF_IDLE;
	sched_fork(idle, name);
	idle->state = TASK_RUNNING;
	idle->cpu = c->id;
	idle->cpus_allowed = c->id;
	idle->on_cpu = 1;
	sc->idle = idle;
	sc->slice_left = SCHED_SLICE_TICKS;
	sched_add_task(idle);
	c->curr_task = idle;
	c->sched = sc;
}

void
sched_init(void)
{
	sched_init_cpu(this_cpu());
	if (request_irq(RESCHEDULE_VECTOR, resched_interrupt, NULL,
			"resched"))
		panic("sched: cannot claim the reschedule vector");
	pr_info("sched: round robin, %d-tick slices, one global run queue\n",
		SCHED_SLICE_TICKS);
}

/* sti;hlt: sti takes effect after hlt starts, so no wake-up is lost. */
static void
safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

/*
 * The idle loop. Interrupts are off while we look at the queue, so a
 * wake-up from an interrupt cannot slip in between the look and the
 * hlt; a remote wake-up sends an IPI, which also ends the hlt.
 */
void __noreturn
cpu_idle_loop(void)
{
	struct cpu *c = this_cpu();
	bool work;

	BUG_ON(current != cpu_sched(c)->idle);
	if (c->id == 0)
		WRITE_ONCE(scheduler_running, true);
	for (;;) {
		local_irq_disable();
		spin_lock(&sched_lock);
		work = has_runnable_task(c);
		spin_unlock(&sched_lock);
		if (!work) {
			safe_halt();
			continue;
		}
		local_irq_enable();
		schedule();
	}
}
