/*
 * Locking tests: spinlocks (mutual exclusion, trylock, irqsave,
 * preemption), mutexes, rw_semaphores, might_sleep().
 *
 * The mutual-exclusion cases do a deliberately racy read-modify-write
 * inside the lock, with a delay between the read and the write so that
 * a timer tick (one CPU) or another CPU lands in the window often. If
 * the lock did not exclude, increments would be lost and the total
 * would come up short. With one CPU a spinlock's exclusion comes from
 * its preempt_disable(); with several, from the atomic exchange.
 *
 * Shared state is static (see sched_test.c for why). "Wait until X"
 * loops poll with msleep and give up after a bound.
 */
#include <kunit.h>
#include <spinlock.h>
#include <mutex.h>
#include <sched.h>
#include <time.h>
#include <lockdep.h>
#include <errno.h>

static struct task_struct *
spawn(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = kthread_run(fn, arg, name);

	return IS_ERR(t) ? NULL : t;
}

/* Poll @cond every tick for up to @ms; true if it became true. */
#define wait_until(cond, ms)                                            \
	({                                                              \
		unsigned long __end = jiffies + msecs_to_jiffies(ms);   \
		while (!(cond) && time_before(jiffies, __end))          \
			msleep(1);                                      \
		!!(cond);                                               \
	})

/* --- spinlocks --------------------------------------------------- */

#define SPIN_THREADS 4
#define SPIN_ITERS   2000

static DEFINE_SPINLOCK(test_spin);
static volatile unsigned long spin_counter;
static atomic_t spin_inside, spin_overlap;

static int
spin_worker(void *arg)
{
	for (int i = 0; i < SPIN_ITERS; i++) {
		spin_lock(&test_spin);
		if (atomic_add_return(1, &spin_inside) > 1)
			atomic_inc(&spin_overlap);
		unsigned long v = spin_counter;
		udelay(20);
		spin_counter = v + 1;
		atomic_dec(&spin_inside);
		spin_unlock(&test_spin);
	}
	return 0;
}

static void
locking_spinlock_mutual_exclusion(struct kunit *test)
{
	struct task_struct *t[SPIN_THREADS];
	int n = 0;

	spin_counter = 0;
	atomic_set(&spin_inside, 0);
	atomic_set(&spin_overlap, 0);
	for (int i = 0; i < SPIN_THREADS; i++)
		if ((t[n] = spawn(spin_worker, NULL, "spinw")))
			n++;
	for (int i = 0; i < n; i++)
		kthread_join(t[i]);
	KUNIT_ASSERT_EQ(test, n, SPIN_THREADS);
	KUNIT_EXPECT_EQ(test, atomic_read(&spin_overlap), 0);
	KUNIT_EXPECT_EQ(test, spin_counter, SPIN_THREADS * SPIN_ITERS);
}

/*
 * Another thread's failing trylock cannot be shown on one CPU: while we
 * hold the lock, preemption is off and no other thread runs here.
 */
static void
locking_spin_trylock(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&test_spin));
	KUNIT_ASSERT_TRUE(test, spin_trylock(&test_spin));
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&test_spin));
	KUNIT_EXPECT_TRUE(test, spin_is_held(&test_spin));
	KUNIT_EXPECT_FALSE(test, preemptible());
	/* Held: fails without spinning (and without the recursion panic). */
	KUNIT_EXPECT_FALSE(test, spin_trylock(&test_spin));
	spin_unlock(&test_spin);
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&test_spin));
	KUNIT_EXPECT_TRUE(test, preemptible());
	KUNIT_EXPECT_TRUE(test, spin_trylock(&test_spin));
	spin_unlock(&test_spin);
}

static void
locking_spin_irqsave_restores_if(struct kunit *test)
{
	unsigned long flags;

	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	spin_lock_irqsave(&test_spin, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	spin_unlock_irqrestore(&test_spin, flags);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());

	local_irq_disable();
	spin_lock_irqsave(&test_spin, flags);
	spin_unlock_irqrestore(&test_spin, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	local_irq_enable();

	spin_lock_irq(&test_spin);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	spin_unlock_irq(&test_spin);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

static void
locking_spinlock_disables_preemption(struct kunit *test)
{
	int base = preempt_count();

	KUNIT_EXPECT_TRUE(test, preemptible());
	spin_lock(&test_spin);
	KUNIT_EXPECT_EQ(test, preempt_count(), base + 1);
	KUNIT_EXPECT_FALSE(test, preemptible());
	KUNIT_EXPECT_EQ(test, test_spin.owner_cpu, smp_processor_id());
	spin_unlock(&test_spin);
	KUNIT_EXPECT_EQ(test, preempt_count(), base);
	KUNIT_EXPECT_EQ(test, test_spin.owner_cpu, -1);
	KUNIT_EXPECT_TRUE(test, preemptible());
}

/* --- might_sleep ------------------------------------------------- */

static void
locking_might_sleep_in_atomic(struct kunit *test)
{
	unsigned long before = might_sleep_reports;

	might_sleep();
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before);
	kunit_info(test, "a 'sleeping function called from invalid "
		   "context' report follows; it is expected");
	spin_lock(&test_spin);
	might_sleep();
	spin_unlock(&test_spin);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

/* --- mutexes ----------------------------------------------------- */

#define MUTEX_THREADS 3
#define MUTEX_ITERS   20

static DEFINE_MUTEX(test_mutex);
static volatile unsigned long mutex_counter;
static atomic_t mutex_inside, mutex_overlap;

/* Sleeps inside the critical section: others must queue, not enter. */
static int
mutex_worker(void *arg)
{
	for (int i = 0; i < MUTEX_ITERS; i++) {
		mutex_lock(&test_mutex);
		if (atomic_add_return(1, &mutex_inside) > 1)
			atomic_inc(&mutex_overlap);
		unsigned long v = mutex_counter;
		if (i & 1)
			msleep(1);
		else
			yield();
		mutex_counter = v + 1;
		atomic_dec(&mutex_inside);
		mutex_unlock(&test_mutex);
	}
	return 0;
}

static void
locking_mutex_mutual_exclusion(struct kunit *test)
{
	struct task_struct *t[MUTEX_THREADS];
	int n = 0;

	mutex_counter = 0;
	atomic_set(&mutex_inside, 0);
	atomic_set(&mutex_overlap, 0);
	for (int i = 0; i < MUTEX_THREADS; i++)
		if ((t[n] = spawn(mutex_worker, NULL, "mutexw")))
			n++;
	for (int i = 0; i < n; i++)
		kthread_join(t[i]);
	KUNIT_ASSERT_EQ(test, n, MUTEX_THREADS);
	KUNIT_EXPECT_EQ(test, atomic_read(&mutex_overlap), 0);
	KUNIT_EXPECT_EQ(test, mutex_counter, MUTEX_THREADS * MUTEX_ITERS);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&test_mutex));
}

static volatile int mtry_result;

static int
mutex_trylock_thread(void *arg)
{
	mtry_result = mutex_trylock(&test_mutex);
	if (mtry_result)
		mutex_unlock(&test_mutex);
	return 0;
}

static int
run_mutex_trylock_thread(void)
{
	struct task_struct *t = spawn(mutex_trylock_thread, NULL, "mtry");

	if (!t)
		return -ENOMEM;
	kthread_join(t);
	return mtry_result;
}

static void
locking_mutex_trylock(struct kunit *test)
{
	KUNIT_ASSERT_TRUE(test, mutex_trylock(&test_mutex));
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&test_mutex));
	KUNIT_EXPECT_EQ(test, run_mutex_trylock_thread(), 0);
	mutex_unlock(&test_mutex);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&test_mutex));
	KUNIT_EXPECT_EQ(test, run_mutex_trylock_thread(), 1);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&test_mutex));
}

/* --- rw_semaphores ----------------------------------------------- */

static struct rw_semaphore test_rwsem;
static atomic_t rw_readers_in, rw_max_readers, rw_seq;
static volatile int rw_reader_seq, rw_writer_seq;
static volatile bool rw_release;

static int
rwsem_test_init(struct kunit *test)
{
	init_rwsem(&test_rwsem, "test_rwsem");
	atomic_set(&rw_readers_in, 0);
	atomic_set(&rw_max_readers, 0);
	atomic_set(&rw_seq, 0);
	rw_reader_seq = rw_writer_seq = 0;
	rw_release = false;
	return 0;
}

static void
note_max_readers(int n)
{
	int m = atomic_read(&rw_max_readers);

	while (n > m && !atomic_try_cmpxchg(&rw_max_readers, &m, n))
		;
}

/* Holds the read lock until rw_release (or 2 s). */
static int
reader_thread(void *arg)
{
	unsigned long end;

	down_read(&test_rwsem);
	rw_reader_seq = atomic_add_return(1, &rw_seq);
	note_max_readers(atomic_add_return(1, &rw_readers_in));
	end = jiffies + 2 * HZ;
	while (!READ_ONCE(rw_release) && time_before(jiffies, end))
		msleep(1);
	atomic_dec(&rw_readers_in);
	up_read(&test_rwsem);
	return 0;
}

static int
writer_thread(void *arg)
{
	down_write(&test_rwsem);
	rw_writer_seq = atomic_add_return(1, &rw_seq);
	if (atomic_read(&rw_readers_in))
		rw_writer_seq = -1;	/* readers inside with us: broken */
	msleep(20);
	up_write(&test_rwsem);
	return 0;
}

static void
locking_rwsem_readers_concurrent(struct kunit *test)
{
	struct task_struct *t[3];
	int n = 0;

	for (int i = 0; i < 3; i++)
		if ((t[n] = spawn(reader_thread, NULL, "reader")))
			n++;
	KUNIT_EXPECT_TRUE(test, wait_until(atomic_read(&rw_readers_in) == n,
					   2000));
	WRITE_ONCE(rw_release, true);
	for (int i = 0; i < n; i++)
		kthread_join(t[i]);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&rw_max_readers), 3);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&test_rwsem));
}

static void
locking_rwsem_writer_excludes_readers(struct kunit *test)
{
	struct task_struct *r;

	down_write(&test_rwsem);
	KUNIT_EXPECT_TRUE(test, rwsem_is_write_locked(&test_rwsem));
	KUNIT_EXPECT_FALSE(test, down_read_trylock(&test_rwsem));
	KUNIT_EXPECT_FALSE(test, down_write_trylock(&test_rwsem));
	WRITE_ONCE(rw_release, true);
	r = spawn(reader_thread, NULL, "reader");
	msleep(50);
	KUNIT_EXPECT_EQ(test, rw_reader_seq, 0);
	up_write(&test_rwsem);
	if (r)
		kthread_join(r);
	KUNIT_EXPECT_GT(test, rw_reader_seq, 0);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&test_rwsem));
}

/*
 * We hold it for read; a writer queues; a reader arriving after the
 * writer must wait behind it even though only readers hold the lock.
 */
static void
locking_rwsem_waiting_writer_blocks_readers(struct kunit *test)
{
	struct task_struct *w, *r;

	down_read(&test_rwsem);
	w = spawn(writer_thread, NULL, "writer");
	KUNIT_EXPECT_TRUE(test, wait_until(
		READ_ONCE(test_rwsem.writers_waiting) == 1, 2000));
	if (down_read_trylock(&test_rwsem)) {
		kunit_fail(test, __FILE__, __LINE__,
			   "a reader got in past a waiting writer");
		up_read(&test_rwsem);
	}
	WRITE_ONCE(rw_release, true);
	r = spawn(reader_thread, NULL, "reader");
	msleep(50);
	KUNIT_EXPECT_EQ(test, rw_reader_seq, 0);
	KUNIT_EXPECT_EQ(test, rw_writer_seq, 0);
	up_read(&test_rwsem);
	if (w)
		kthread_join(w);
	if (r)
		kthread_join(r);
	KUNIT_EXPECT_GT(test, rw_writer_seq, 0);
	KUNIT_EXPECT_GT(test, rw_reader_seq, rw_writer_seq);
}

static void
locking_rwsem_downgrade_write(struct kunit *test)
{
	struct task_struct *r;

	down_write(&test_rwsem);
	r = spawn(reader_thread, NULL, "reader");
	msleep(50);
	KUNIT_EXPECT_EQ(test, rw_reader_seq, 0);
	downgrade_write(&test_rwsem);
	KUNIT_EXPECT_FALSE(test, rwsem_is_write_locked(&test_rwsem));
	/* The reader gets in while we still hold the lock for reading. */
	KUNIT_EXPECT_TRUE(test, wait_until(rw_reader_seq > 0, 2000));
	KUNIT_EXPECT_FALSE(test, down_write_trylock(&test_rwsem));
	WRITE_ONCE(rw_release, true);
	up_read(&test_rwsem);
	if (r)
		kthread_join(r);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&test_rwsem));
}

static struct kunit_case locking_cases[] = {
	KUNIT_CASE_SLOW(locking_spinlock_mutual_exclusion, 60),
	KUNIT_CASE(locking_spin_trylock),
	KUNIT_CASE(locking_spin_irqsave_restores_if),
	KUNIT_CASE(locking_spinlock_disables_preemption),
	KUNIT_CASE(locking_might_sleep_in_atomic),
	KUNIT_CASE_SLOW(locking_mutex_mutual_exclusion, 60),
	KUNIT_CASE(locking_mutex_trylock),
	KUNIT_CASE(locking_rwsem_readers_concurrent),
	KUNIT_CASE(locking_rwsem_writer_excludes_readers),
	KUNIT_CASE(locking_rwsem_waiting_writer_blocks_readers),
	KUNIT_CASE(locking_rwsem_downgrade_write),
	{}
};

static struct kunit_suite locking_suite = {
	.name = "locking",
	.init = rwsem_test_init,
	.test_cases = locking_cases,
};
kunit_test_suite(locking_suite);
