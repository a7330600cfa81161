/*
 * Wait queues (include/wait.h).
 *
 * A wait queue is a list of wait_queue_entry, each naming a sleeping
 * (or about to sleep) task, under wq->lock, an irqsave spinlock so
 * that interrupt handlers can call wake_up().
 *
 * prepare_to_wait() queues the entry and marks the task sleeping in
 * one critical section; the caller then tests its condition and calls
 * schedule() only if it is false. A waker changes the condition and
 * then calls wake_up(), which takes the same lock. So either the
 * waker's wake_up() runs after the sleeper is queued (and wakes it),
 * or the sleeper's test runs after the condition changed (and it does
 * not sleep). No wake-up is lost.
 *
 * prepare_to_wait() is called again on every pass of the wait loop
 * and must queue the entry only once. It finds out by walking the
 * queue for the entry's address rather than trusting the entry's own
 * fields, because wait_event() declares the entry without an
 * initialiser. Queues are short; the walk is cheap.
 *
 * wake_up() leaves woken entries queued; finish_wait() removes them.
 * Lock order: wq->lock, then sched_lock (inside wake_up_process).
 */
#include <wait.h>
#include <sched.h>

void
init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "wait_queue");
	INIT_LIST_HEAD(&wq->head);
}

static bool
wait_entry_queued(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	struct list_head *p;

	list_for_each(p, &wq->head)
		if (p == &w->entry)
			return true;
	return false;
}

void
prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (!wait_entry_queued(wq, w)) {
		w->task = current;
		list_add_tail(&w->entry, &wq->head);
	}
	set_current_state(TASK_UNINTERRUPTIBLE);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void
finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	if (wait_entry_queued(wq, w))
		list_del(&w->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void
wake_up(struct wait_queue_head *wq)
{
	struct wait_queue_entry *w;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry(w, &wq->head, entry)
		wake_up_process(w->task);
	spin_unlock_irqrestore(&wq->lock, flags);
}
