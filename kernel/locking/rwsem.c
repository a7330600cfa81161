/*
 * Reader-writer semaphores (include/mutex.h).
 *
 * State, all under s->lock (a spinlock, irqsave so it never matters
 * what context the holder was in):
 *   count            >0: that many readers hold it; -1: a writer; 0: free
 *   writers_waiting  writers asleep in down_write()
 * Sleepers wait on s->wait and re-check after every wake-up.
 *
 * Writer preference: a new reader may enter only when there is no
 * writer *and no writer waiting*. Without that, a steady stream of
 * overlapping readers would starve writers forever (mmap_lock: page
 * faults would keep munmap out). The price: a reader that already
 * holds the lock and takes it again while a writer waits deadlocks,
 * as in Linux; do not nest down_read().
 *
 * Wake-ups wake everybody (wake_up): each waiter re-tests and all but
 * the winners go back to sleep. Simple and correct; fine for the few
 * waiters a teaching kernel has.
 *
 * downgrade_write() turns the writer into a reader atomically: nobody
 * can get in between, and waiting readers may join it unless a writer
 * is waiting.
 */
#include <mutex.h>
#include <sched.h>
#include <lockdep.h>
#include <printk.h>

void
init_rwsem(struct rw_semaphore *s, const char *name)
{
	spin_lock_init(&s->lock, "rwsem.lock");
	s->count = 0;
	s->writers_waiting = 0;
	init_waitqueue_head(&s->wait);
	s->name = name;
	s->class = NULL;
}

bool
down_read_trylock(struct rw_semaphore *s)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&s->lock, flags);
	ok = s->count >= 0 && s->writers_waiting == 0;
	if (ok)
		s->count++;
	spin_unlock_irqrestore(&s->lock, flags);
	if (ok)
		lockdep_acquire(s, s->class, s->name);
	return ok;
}

void
down_read(struct rw_semaphore *s)
{
	might_sleep();
	if (down_read_trylock(s))
		return;
	wait_event(s->wait, down_read_trylock(s));
}

void
up_read(struct rw_semaphore *s)
{
	unsigned long flags;
	bool last;

	lockdep_release(s, s->class);
	spin_lock_irqsave(&s->lock, flags);
	WARN_ON(s->count <= 0);
	last = --s->count == 0;
	spin_unlock_irqrestore(&s->lock, flags);
	if (last)
		wake_up(&s->wait);
}

/* A barging writer may take a free lock even if others are waiting. */
bool
down_write_trylock(struct rw_semaphore *s)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&s->lock, flags);
	ok = s->count == 0;
	if (ok)
		s->count = -1;
	spin_unlock_irqrestore(&s->lock, flags);
	if (ok)
		lockdep_acquire(s, s->class, s->name);
	return ok;
}

/* The waiting writer's retry: on success it stops counting as waiting. */
static bool
down_write_waiter_trylock(struct rw_semaphore *s)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&s->lock, flags);
	ok = s->count == 0;
	if (ok) {
		s->count = -1;
		s->writers_waiting--;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	return ok;
}

void
down_write(struct rw_semaphore *s)
{
	unsigned long flags;

	might_sleep();
	if (down_write_trylock(s))
		return;
	spin_lock_irqsave(&s->lock, flags);
	s->writers_waiting++;
	spin_unlock_irqrestore(&s->lock, flags);
	lockdep_acquire(s, s->class, s->name);
	wait_event(s->wait, down_write_waiter_trylock(s));
}

void
up_write(struct rw_semaphore *s)
{
	unsigned long flags;

	lockdep_release(s, s->class);
	spin_lock_irqsave(&s->lock, flags);
	WARN_ON(s->count != -1);
	s->count = 0;
	spin_unlock_irqrestore(&s->lock, flags);
	wake_up(&s->wait);
}

void
downgrade_write(struct rw_semaphore *s)
{
	unsigned long flags;

	spin_lock_irqsave(&s->lock, flags);
	WARN_ON(s->count != -1);
	s->count = 1;
	spin_unlock_irqrestore(&s->lock, flags);
	wake_up(&s->wait);
}

bool
rwsem_is_locked(struct rw_semaphore *s)
{
	return READ_ONCE(s->count) != 0;
}

bool
rwsem_is_write_locked(struct rw_semaphore *s)
{
	return READ_ONCE(s->count) == -1;
}
