/*
 * Lock debugging (kernel/locking/lockdep.c).
 *
 * might_sleep() marks code that may block. It reports (WARN) a call
 * made where blocking is a bug: with preemption disabled (a spinlock
 * held), with interrupts disabled, or from an interrupt handler.
 * mutex_lock, down_read/down_write, schedule and msleep call it.
 * Checks start once the scheduler runs (scheduler_running): during
 * early boot interrupts are off and nothing else can run anyway.
 *
 * lockdep_acquire()/lockdep_release() are called by every lock type
 * with the lock's lock_class (NULL for now). They do nothing yet; they
 * are the hook where lock-order (inversion) checking will go.
 */
#ifndef _PINOS_LOCKDEP_H
#define _PINOS_LOCKDEP_H

#include <types.h>

struct lock_class;

void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)

/* How many might_sleep() violations were reported (tests read it). */
extern unsigned long might_sleep_reports;

void lockdep_acquire(void *lock, struct lock_class *class, const char *name);
void lockdep_release(void *lock, struct lock_class *class);

#endif
