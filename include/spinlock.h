/*
 * Spinlocks: a ticket-free test-and-test-and-set lock on a real atomic
 * exchange, safe on any number of CPUs.
 *
 * Rules:
 *  - A lock that an interrupt handler takes must be taken with
 *    spin_lock_irqsave() everywhere else, or the handler can deadlock
 *    against the CPU it interrupted.
 *  - Holding a spinlock disables preemption; sleeping while holding one
 *    is a bug and is reported by the debug checks (CONFIG_DEBUG_LOCKS).
 *  - Recursion (taking a lock the CPU already holds) is reported.
 */
#ifndef _PINOS_SPINLOCK_H
#define _PINOS_SPINLOCK_H

#include <atomic.h>
#include <asm/irqflags.h>

struct lock_class;

typedef struct spinlock {
	int locked;
	int owner_cpu;			/* -1 when free, debug only */
	const char *name;
	struct lock_class *class;	/* lock-order checking, may be NULL */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { 0, -1, #n, NULL }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *l, const char *name);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
bool spin_is_locked(spinlock_t *l);
/* True if this CPU holds @l (debug bookkeeping). */
bool spin_is_held(spinlock_t *l);

#define spin_lock_irqsave(l, flags)          \
	do {                                 \
		(flags) = local_irq_save();  \
		spin_lock(l);                \
	} while (0)

static inline void
spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

static inline void
spin_lock_irq(spinlock_t *l)
{
	local_irq_disable();
	spin_lock(l);
}

static inline void
spin_unlock_irq(spinlock_t *l)
{
	spin_unlock(l);
	local_irq_enable();
}

void preempt_disable(void);
/* May switch tasks if the count drops to 0 and a reschedule is due. */
void preempt_enable(void);
bool preemptible(void);
/* This CPU's preempt_count (read in one instruction). */
int preempt_count(void);

#endif
