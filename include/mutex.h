/*
 * Sleeping locks.
 *
 * mutex: one owner; waiters sleep. Only the owner may unlock.
 * rw_semaphore: many readers or one writer; writers are not starved
 * (a waiting writer blocks new readers). mmap_lock is one of these:
 * read for page faults and GUP, write for mmap/munmap/mprotect.
 * Both may only be taken where sleeping is allowed.
 */
#ifndef _PINOS_MUTEX_H
#define _PINOS_MUTEX_H

#include <wait.h>

struct mutex {
	atomic_long_t owner;	/* task_struct *, 0 when unlocked */
	struct wait_queue_head wait;
	const char *name;
	struct lock_class *class;
};

#define __MUTEX_INITIALIZER(n) \
	{ { 0 }, __WAIT_QUEUE_HEAD_INITIALIZER(n.wait), #n, NULL }
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

struct rw_semaphore {
	spinlock_t lock;
	long count;		/* >0 readers, -1 writer, 0 free */
	int writers_waiting;
	struct wait_queue_head wait;
	const char *name;
	struct lock_class *class;
};

void init_rwsem(struct rw_semaphore *s, const char *name);
void down_read(struct rw_semaphore *s);
bool down_read_trylock(struct rw_semaphore *s);
void up_read(struct rw_semaphore *s);
void down_write(struct rw_semaphore *s);
bool down_write_trylock(struct rw_semaphore *s);
void up_write(struct rw_semaphore *s);
void downgrade_write(struct rw_semaphore *s);
bool rwsem_is_locked(struct rw_semaphore *s);
bool rwsem_is_write_locked(struct rw_semaphore *s);

#endif
