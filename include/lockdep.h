/*
 * Lock debugging (kernel/locking/lockdep.c, lock_class.c;
 * docs/locking-debug.md).
 *
 * might_sleep() marks code that may block. It reports (WARN) a call
 * made where blocking is a bug: with preemption disabled (a spinlock
 * held), with interrupts disabled, or from an interrupt handler, and
 * names the spinlocks this CPU holds. mutex_lock, down_read/down_write,
 * folio_lock, wait_event, schedule and msleep call it. Checks start once
 * the scheduler runs (scheduler_running): during early boot interrupts
 * are off and nothing else can run anyway.
 *
 * Lock-order checking ("lockdep", on unless the command line says
 * lockdep=0). Every lock type calls lockdep_acquire()/lockdep_release()
 * with its lock_class. A class names a role, not an instance: every
 * mm's mmap_lock is one class. Locks without a class (class == NULL)
 * are only remembered as held, so that might_sleep() can name them.
 * For classed locks, taking B while holding A records "A before B";
 * if B before A was already known (directly or through other classes),
 * that is a possible deadlock and is reported once per pair:
 *
 *   WARNING: possible lock-order inversion: A then B here, B then A
 *   seen before
 *
 * with where each order was first seen and a backtrace. A classed
 * spinlock taken both in an interrupt handler and, elsewhere, with
 * interrupts enabled is reported too (it must be taken irqsave).
 *
 * Give a lock a class right after initialising it:
 *
 *	init_rwsem(&mm->mmap_lock, "mmap_lock");
 *	lockdep_set_class(&mm->mmap_lock, &mmap_lock_class);
 */
#ifndef _PINOS_LOCKDEP_H
#define _PINOS_LOCKDEP_H

#include <types.h>

struct spinlock;
struct mutex;
struct rw_semaphore;
struct folio;

/* Classes are numbered on first use; at most this many exist. */
#define LOCKDEP_MAX_CLASSES 32
/* Locks one task (sleeping) or one CPU (spinning) may hold at once. */
#define LOCKDEP_MAX_DEPTH 16

struct lock_class {
	const char *name;
	int id;			/* >0 numbered, 0 not yet, -1 no room */
	/* Spinlock classes: first acquisition in an interrupt handler,
	 * and first one in task context with interrupts enabled. */
	unsigned long irq_site, irqs_on_site;
	bool irq_reported;
};

#define LOCK_CLASS_INIT(n) { .name = (n) }

#define lockdep_set_class(lock, cls) ((lock)->class = (cls))

/* The classes of the VM's main locks (lock_class.c, mm/internal.h). */
extern struct lock_class mmap_lock_class;
extern struct lock_class folio_lock_class;
extern struct lock_class i_mmap_lock_class;
extern struct lock_class i_pages_lock_class;
extern struct lock_class page_table_lock_class;

/* Their documented order (lock_class.c), ending with { NULL, NULL }. */
struct lock_order {
	struct lock_class *before, *after;
};
extern const struct lock_order lockdep_vm_order[];

/*
 * One lock held by a task or a CPU. site is the return address into
 * the lock primitive's caller; site_up the one a frame further up, for
 * when that caller is a primitive too (down_read() takes the lock
 * through down_read_trylock()). Reports pick the right one.
 */
struct held_lock {
	void *lock;
	struct lock_class *class;	/* NULL: remembered for its name */
	const char *name;
	unsigned long site, site_up;
};

struct held_locks {
	int depth;
	struct held_lock lock[LOCKDEP_MAX_DEPTH];
};

/*
 * Spinlocks are held by a CPU (preemption is off while one is held,
 * and sched_lock is released by the task switched to), sleeping locks
 * by a task. The lock's C type says which; a trylock adds no order
 * (it cannot wait) but what is taken under it does.
 */
#define LOCKDEP_SLEEPING 0x1
#define LOCKDEP_TRYLOCK  0x2
#define lockdep_kind(lock)                                     \
	_Generic((lock),                                       \
		struct spinlock *: 0,                          \
		struct mutex *: LOCKDEP_SLEEPING,              \
		struct rw_semaphore *: LOCKDEP_SLEEPING,       \
		struct folio *: LOCKDEP_SLEEPING)

void __lockdep_acquire(void *lock, struct lock_class *class,
		       const char *name, int flags, unsigned long site);
void __lockdep_release(void *lock, int flags);

/* Expanded inside the lock primitive: site is the primitive's caller. */
#define lockdep_acquire(lock, class, name)                             \
	__lockdep_acquire(lock, class, name, lockdep_kind(lock),       \
			  (unsigned long)__builtin_return_address(0))
#define lockdep_acquire_trylock(lock, class, name)                     \
	__lockdep_acquire(lock, class, name,                           \
			  lockdep_kind(lock) | LOCKDEP_TRYLOCK,        \
			  (unsigned long)__builtin_return_address(0))
#define lockdep_release(lock, class) \
	__lockdep_release(lock, lockdep_kind(lock))

/* True if this CPU (spinlock) or the current task holds @lock. */
#define lockdep_is_held(lock) __lockdep_is_held(lock, lockdep_kind(lock))
bool __lockdep_is_held(void *lock, int flags);

/*
 * Declare that @before is taken before @after (a documented order), so
 * that the reverse is reported even if this order never runs.
 */
void lockdep_declare_order(struct lock_class *before,
			   struct lock_class *after);
/* True once @after was seen taken while @before was held (tests). */
bool lockdep_order_seen(struct lock_class *before, struct lock_class *after);

extern bool lockdep_enabled;		/* lockdep=0 clears it */
/* Reports so far, and how many of them tests provoked on purpose. */
extern unsigned long lockdep_inversions;
extern unsigned long lockdep_irq_reports;
extern unsigned long lockdep_reports_expected;

void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)

/* How many might_sleep() violations were reported (tests read it). */
extern unsigned long might_sleep_reports;
/* The innermost spinlock the last report named, or NULL (tests). */
extern const char *might_sleep_held_lock;

#endif
