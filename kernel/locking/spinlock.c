/*
 * Spinlocks and the preemption counter (include/spinlock.h).
 *
 * A spinlock is a test-and-test-and-set lock. The atomic exchange is
 * the only write that claims the lock; a CPU that loses spins reading
 * the lock word (a read stays in its own cache) with cpu_relax() until
 * the lock looks free, and only then tries the exchange again, so a
 * contended lock does not bounce its cache line on every iteration.
 * The exchange is an acquire barrier and the releasing store a release
 * barrier: the critical section cannot leak out of the lock.
 *
 * Holding a spinlock disables preemption on this CPU. Otherwise the
 * holder could be switched out, and a task on the same CPU that wants
 * the lock would spin until the holder's next time slice. Interrupts
 * stay enabled; locks that interrupt handlers take need the irqsave
 * variants (see spinlock.h).
 *
 * preempt_count lives in struct cpu and is changed with one
 * %gs-relative instruction: reading this_cpu() and then writing its
 * count would let a preemption in between move the task to another
 * CPU, which would then change the wrong CPU's count.
 *
 * Debug checks, always on: taking a lock this CPU already holds panics
 * (it would spin forever); unlocking a lock this CPU does not hold
 * warns and leaves the lock alone; a lock that stays busy for a very
 * long time is reported once as a possible deadlock.
 */
#include <spinlock.h>
#include <smp.h>
#include <sched.h>
#include <lockdep.h>
#include <printk.h>

#define PREEMPT_OFF offsetof(struct cpu, preempt_count)
#define LOCK_DEPTH_OFF offsetof(struct cpu, lock_depth)

/* Spins (reads of a busy lock) before we suspect a deadlock. */
#define SPIN_DEADLOCK_LOOPS (1UL << 31)

int
preempt_count(void)
{
	return this_cpu_read(preempt_count);
}

void
preempt_disable(void)
{
	__asm__ __volatile__("incl %%gs:%c0" : : "i"(PREEMPT_OFF) : "memory");
}

/*
 * Dropping the count to 0 is a preemption point: if the timer asked
 * for a reschedule while preemption was off, switch now instead of
 * waiting up to a tick. Not with interrupts off: the caller then is in
 * a section the count does not describe (e.g. inside schedule()).
 */
void
preempt_enable(void)
{
	if (WARN_ON_ONCE(preempt_count() <= 0))
		return;
	__asm__ __volatile__("decl %%gs:%c0" : : "i"(PREEMPT_OFF) : "memory");
	if (preempt_count() == 0 && this_cpu_read(need_resched) &&
	    !irqs_disabled())
		preempt_schedule();
}

bool
preemptible(void)
{
	return preempt_count() == 0 && !irqs_disabled();
}

void
spin_lock_init(spinlock_t *l, const char *name)
{
	l->locked = 0;
	l->owner_cpu = -1;
	l->name = name;
	l->class = NULL;
}

/*
 * owner_cpu is written only by the owning CPU (set after acquiring,
 * cleared before releasing), so "owner_cpu == me" cannot be a stale
 * value left by another CPU. With preemption disabled we cannot move
 * between reading our id and comparing.
 */
bool
spin_is_held(spinlock_t *l)
{
	return READ_ONCE(l->locked) &&
	       READ_ONCE(l->owner_cpu) == this_cpu_read(id);
}

bool
spin_is_locked(spinlock_t *l)
{
	return READ_ONCE(l->locked) != 0;
}

static void
spin_set_owner(spinlock_t *l)
{
	WRITE_ONCE(l->owner_cpu, this_cpu_read(id));
	__asm__ __volatile__("incq %%gs:%c0" : : "i"(LOCK_DEPTH_OFF)
			     : "memory");
}

static void
spin_report_stuck(spinlock_t *l)
{
	printk(KERN_ERR "spinlock: CPU %d stuck on %s (owner CPU %d): "
	       "deadlock?\n", this_cpu_read(id), l->name ? l->name : "?",
	       READ_ONCE(l->owner_cpu));
	WARN_ON(1);
}

/* Wait until the lock looks free; a plain read does not own the line. */
static void
spin_wait(spinlock_t *l)
{
	unsigned long loops = 0;

	while (READ_ONCE(l->locked)) {
		cpu_relax();
		if (++loops == SPIN_DEADLOCK_LOOPS)
			spin_report_stuck(l);
	}
}

void
spin_lock(spinlock_t *l)
{
	preempt_disable();
	if (unlikely(spin_is_held(l)))
		panic("spinlock recursion: CPU %d already holds %s",
		      this_cpu_read(id), l->name ? l->name : "?");
	lockdep_acquire(l, l->class, l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		spin_wait(l);
	spin_set_owner(l);
}

/* Never panics on a lock we hold: "is it free?" is a fair question. */
bool
spin_trylock(spinlock_t *l)
{
	preempt_disable();
	if (READ_ONCE(l->locked) ||
	    __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		preempt_enable();
		return false;
	}
	lockdep_acquire(l, l->class, l->name);
	spin_set_owner(l);
	return true;
}

void
spin_unlock(spinlock_t *l)
{
	if (unlikely(!spin_is_held(l))) {
		printk(KERN_ERR "spinlock: CPU %d unlocks %s, which it does "
		       "not hold (locked %d, owner CPU %d)\n",
		       this_cpu_read(id), l->name ? l->name : "?",
		       READ_ONCE(l->locked), READ_ONCE(l->owner_cpu));
		WARN_ON(1);
		return;
	}
	lockdep_release(l, l->class);
	__asm__ __volatile__("decq %%gs:%c0" : : "i"(LOCK_DEPTH_OFF)
			     : "memory");
	WRITE_ONCE(l->owner_cpu, -1);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	preempt_enable();
}
