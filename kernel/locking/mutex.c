/*
 * Mutexes (include/mutex.h): sleeping locks with one owner.
 *
 * m->owner holds the owning task_struct pointer, 0 when free. Taking
 * the lock is one compare-and-exchange of 0 -> current, so the owner
 * field *is* the lock: there is no separate "locked" bit that could
 * disagree with it. A task that loses sleeps on m->wait and retries
 * when woken.
 *
 * No lost wake-ups: a sleeper queues itself and marks itself sleeping
 * (prepare_to_wait) *before* retrying the exchange; the unlocker
 * clears owner (a full barrier) *before* waking the queue. Either the
 * retry sees owner == 0, or the sleeper was already queued and is
 * woken.
 *
 * Rules: only the owner unlocks (checked); no recursion (panics);
 * mutex_lock may sleep, so never from interrupt context or with a
 * spinlock held (might_sleep() reports it). mutex_trylock never sleeps
 * but is still task context only: the owner is a task.
 */
#include <mutex.h>
#include <sched.h>
#include <lockdep.h>
#include <printk.h>

void
mutex_init(struct mutex *m, const char *name)
{
	atomic_long_set(&m->owner, 0);
	init_waitqueue_head(&m->wait);
	m->name = name;
	m->class = NULL;
}

static bool
__mutex_trylock(struct mutex *m)
{
	long unlocked = 0;

	return atomic_long_try_cmpxchg(&m->owner, &unlocked, (long)current);
}

bool
mutex_trylock(struct mutex *m)
{
	if (!__mutex_trylock(m))
		return false;
	lockdep_acquire(m, m->class, m->name);
	return true;
}

void
mutex_lock(struct mutex *m)
{
	might_sleep();
	if (atomic_long_read(&m->owner) == (long)current)
		panic("mutex recursion: %s already holds %s", current->comm,
		      m->name ? m->name : "?");
	lockdep_acquire(m, m->class, m->name);
	if (__mutex_trylock(m))
		return;
	wait_event(m->wait, __mutex_trylock(m));
}

void
mutex_unlock(struct mutex *m)
{
	long owner = atomic_long_read(&m->owner);

	if (owner != (long)current) {
		printk(KERN_ERR "mutex: %s unlocks %s owned by %s\n",
		       current ? current->comm : "?", m->name ? m->name : "?",
		       owner ? ((struct task_struct *)owner)->comm : "nobody");
		WARN_ON(1);
		return;
	}
	lockdep_release(m, m->class);
	atomic_long_xchg(&m->owner, 0);
	wake_up(&m->wait);
}

bool
mutex_is_locked(struct mutex *m)
{
	return atomic_long_read(&m->owner) != 0;
}
