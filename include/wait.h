/*
 * Wait queues: a list of sleeping tasks protected by an irqsave
 * spinlock, so interrupt handlers may wake them.
 *
 * The classic sleep pattern avoids lost wakeups by re-testing the
 * condition after the task is on the queue and marked sleeping:
 *
 *	wait_event(wq, cond);
 *
 * Wakers change the state that cond tests, then call wake_up(wq).
 */
#ifndef _PINOS_WAIT_H
#define _PINOS_WAIT_H

#include <spinlock.h>
#include <list.h>
#include <lockdep.h>

struct task_struct;

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(n) \
	{ __SPIN_LOCK_UNLOCKED(n.lock), LIST_HEAD_INIT(n.head) }
#define DECLARE_WAIT_QUEUE_HEAD(n) \
	struct wait_queue_head n = __WAIT_QUEUE_HEAD_INITIALIZER(n)

void init_waitqueue_head(struct wait_queue_head *wq);
/* Queue the current task and mark it TASK_UNINTERRUPTIBLE. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);
/* Mark the current task running and dequeue it. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);
/* Wake every waiter. */
void wake_up(struct wait_queue_head *wq);
/* Sleep in schedule() until woken or @ticks pass; returns ticks left. */
long schedule_timeout(long ticks);

#define wait_event(wq, cond)                                    \
	do {                                                    \
		struct wait_queue_entry __w;                    \
		might_sleep();                                  \
		for (;;) {                                      \
			prepare_to_wait(&(wq), &__w);           \
			if (cond)                               \
				break;                          \
			schedule();                             \
		}                                               \
		finish_wait(&(wq), &__w);                       \
	} while (0)

/* Like wait_event(), giving up after @ticks; evaluates to ticks left (0 = timed out). */
#define wait_event_timeout(wq, cond, ticks)                     \
	({                                                      \
		long __left = (ticks);                          \
		struct wait_queue_entry __w;                    \
		might_sleep();                                  \
		for (;;) {                                      \
			prepare_to_wait(&(wq), &__w);           \
			if (cond)                               \
				break;                          \
			if (__left <= 0)                        \
				break;                          \
			__left = schedule_timeout(__left);      \
		}                                               \
		finish_wait(&(wq), &__w);                       \
		(cond) ? (__left ? __left : 1) : 0;             \
	})

#endif
