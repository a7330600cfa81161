/*
 * Lock debugging: might_sleep() and the lock-order hooks
 * (include/lockdep.h).
 *
 * __might_sleep() is called at the top of every function that may
 * block. Blocking is a bug when:
 *  - preempt_count > 0: a spinlock is held (or preemption was disabled
 *    on purpose); the task would sleep with the lock held and every
 *    other CPU wanting it would spin until it woke, or this CPU would
 *    deadlock taking it again;
 *  - interrupts are disabled: the caller relies on not being
 *    interrupted, which sleeping breaks (and the timer cannot tick);
 *  - in_interrupt(): a handler has no task of its own to put to sleep,
 *    it borrowed the interrupted one.
 * The report is a WARN with the caller's file and line and the state
 * that made it illegal. Reports are counted and the first
 * MAX_REPORTS printed, so a bug in a loop does not drown the log.
 *
 * lockdep_acquire()/lockdep_release() are deliberately empty: they are
 * the single place every lock type calls, so lock-order checking can
 * be added later without touching spinlock.c, mutex.c or rwsem.c.
 */
#include <lockdep.h>
#include <sched.h>
#include <irq.h>
#include <printk.h>

#define MAX_REPORTS 10

unsigned long might_sleep_reports;

static void
might_sleep_report(const char *file, int line)
{
	unsigned long n = __atomic_add_fetch(&might_sleep_reports, 1,
					     __ATOMIC_RELAXED);

	if (n > MAX_REPORTS)
		return;
	printk(KERN_ERR "BUG: sleeping function called from invalid "
	       "context at %s:%d\n", file, line);
	printk(KERN_ERR "  preempt_count %d, irqs_disabled %d, "
	       "in_interrupt %d, task %s\n", preempt_count(),
	       irqs_disabled(), in_interrupt(),
	       current ? current->comm : "(none)");
	WARN_ON(1);
}

void
__might_sleep(const char *file, int line)
{
	if (!READ_ONCE(scheduler_running))
		return;
	if (preempt_count() > 0 || irqs_disabled() || in_interrupt())
		might_sleep_report(file, line);
}

void
lockdep_acquire(void *lock, struct lock_class *class, const char *name)
{
}

void
lockdep_release(void *lock, struct lock_class *class)
{
}
