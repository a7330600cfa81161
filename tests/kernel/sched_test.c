/*
 * Scheduler tests: threads run and are joined, sleep/wake ordering,
 * timed sleeps, involuntary preemption (and its absence while
 * preemption is disabled), exit codes, and stack reaping.
 *
 * Cases that need two tasks to share one CPU bind them to CPU 0, so
 * they mean the same with one CPU or several. Shared state is static,
 * never on the case's stack: a failing ASSERT leaves the case, and a
 * still-running thread must not write into a dead frame. Waits are
 * bounded in jiffies so a broken scheduler fails a case instead of
 * hanging the run.
 */
#include <kunit.h>
#include <sched.h>
#include <wait.h>
#include <time.h>
#include <gfp.h>
#include <errno.h>

static struct task_struct *
start_thread(int (*fn)(void *), void *arg, const char *name, int cpu)
{
	struct task_struct *t = kthread_create(fn, arg, name);

	if (IS_ERR(t))
		return NULL;
	if (cpu >= 0)
		kthread_bind(t, cpu);
	wake_up_process(t);
	return t;
}

/* --- threads run ------------------------------------------------- */

#define NR_RUN_THREADS 8
static atomic_t run_sum;

static int
add_thread(void *arg)
{
	long i = (long)arg;

	atomic_add(i + 1, &run_sum);
	return 100 + i;
}

static void
sched_threads_run(struct kunit *test)
{
	struct task_struct *t[NR_RUN_THREADS];
	int i;

	atomic_set(&run_sum, 0);
	for (i = 0; i < NR_RUN_THREADS; i++) {
		t[i] = kthread_run(add_thread, (void *)(long)i, "add");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t[i]));
	}
	for (i = 0; i < NR_RUN_THREADS; i++)
		KUNIT_EXPECT_EQ(test, kthread_join(t[i]), 100 + i);
	KUNIT_EXPECT_EQ(test, atomic_read(&run_sum),
			NR_RUN_THREADS * (NR_RUN_THREADS + 1) / 2);
}

/* --- exit codes -------------------------------------------------- */

static int
return_42(void *arg)
{
	return 42;
}

static void __noinline
exit_from_helper(void)
{
	kthread_exit(-7);
}

static int
exit_minus_7(void *arg)
{
	exit_from_helper();
	return 0;	/* not reached */
}

static void
sched_kthread_join_exit_code(struct kunit *test)
{
	struct task_struct *a = kthread_run(return_42, NULL, "ret42");
	struct task_struct *b = kthread_run(exit_minus_7, NULL, "exit7");

	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_EQ(test, kthread_join(a), 42);
	KUNIT_EXPECT_EQ(test, kthread_join(b), -7);
}

/*
 * Exited threads' stacks go back to the page allocator. Without the
 * reaper, 16 threads would keep 64 pages; a few pages of slack allow
 * for the task_struct slab growing.
 */
static void
sched_join_frees_stack(struct kunit *test)
{
	unsigned long before = nr_free_pages(), after;
	struct task_struct *t;

	for (int i = 0; i < 16; i++) {
		t = kthread_run(return_42, NULL, "reap");
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		KUNIT_ASSERT_EQ(test, kthread_join(t), 42);
	}
	after = nr_free_pages();
	KUNIT_EXPECT_LE(test, (long)(before - after), 4);
}

/* --- sleep and wake ---------------------------------------------- */

static DECLARE_WAIT_QUEUE_HEAD(sw_wq);
static volatile int sw_flag;
static atomic_t sw_seq;
static volatile int sw_woke_seq;

static int
sleeper_thread(void *arg)
{
	wait_event(sw_wq, READ_ONCE(sw_flag));
	sw_woke_seq = atomic_add_return(1, &sw_seq);
	return 0;
}

static void
sched_sleep_and_wake(struct kunit *test)
{
	struct task_struct *t;
	int set_seq;

	sw_flag = 0;
	sw_woke_seq = 0;
	atomic_set(&sw_seq, 0);
	t = kthread_run(sleeper_thread, NULL, "sleeper");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	msleep(50);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->state), TASK_UNINTERRUPTIBLE);
	/* A wake-up with the condition still false must not release it. */
	wake_up(&sw_wq);
	msleep(50);
	KUNIT_EXPECT_EQ(test, sw_woke_seq, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->state), TASK_UNINTERRUPTIBLE);
	set_seq = atomic_add_return(1, &sw_seq);
	WRITE_ONCE(sw_flag, 1);
	wake_up(&sw_wq);
	kthread_join(t);
	KUNIT_EXPECT_GT(test, sw_woke_seq, set_seq);
}

static void
sched_wait_event_timeout(struct kunit *test)
{
	unsigned long j0 = jiffies;
	long left;

	sw_flag = 0;
	left = wait_event_timeout(sw_wq, READ_ONCE(sw_flag), 5);
	KUNIT_EXPECT_EQ(test, left, 0);
	KUNIT_EXPECT_GE(test, (long)(jiffies - j0), 5);
	sw_flag = 1;
	left = wait_event_timeout(sw_wq, READ_ONCE(sw_flag), 5);
	KUNIT_EXPECT_GT(test, left, 0);
}

static void
sched_wake_up_process_running(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, wake_up_process(current));
	KUNIT_EXPECT_EQ(test, current->state, TASK_RUNNING);
}

/* --- timed sleep ------------------------------------------------- */

static void
sched_msleep_duration(struct kunit *test)
{
	unsigned long j0 = jiffies, dj;
	u64 t0 = ktime_get_ns(), dt;

	msleep(100);
	dj = jiffies - j0;
	dt = ktime_get_ns() - t0;
	kunit_info(test, "msleep(100): %lu jiffies, %llu us", dj,
		   (unsigned long long)dt / 1000);
	KUNIT_EXPECT_GE(test, dj, 10);
	KUNIT_EXPECT_LE(test, dj, 60);
	KUNIT_EXPECT_GE(test, dt, 90ULL * 1000 * 1000);
}

/* --- preemption -------------------------------------------------- */

static volatile unsigned long spin_count[2];
static unsigned long spin_interleave[2];
static volatile bool spin_stop;

/*
 * Never yields. Counts how often the other spinner's counter moved
 * between two of our iterations: that can only happen if we were
 * switched out and it ran. Gives up after 3 s so that a kernel without
 * preemption fails the case instead of hanging.
 */
static int
spinner_thread(void *arg)
{
	long me = (long)arg, other = 1 - me;
	unsigned long seen = spin_count[other];
	unsigned long deadline = jiffies + 3 * HZ;

	while (!READ_ONCE(spin_stop) && time_before(jiffies, deadline)) {
		spin_count[me]++;
		if (spin_count[other] != seen) {
			seen = spin_count[other];
			spin_interleave[me]++;
		}
	}
	return 0;
}

static void
spin_reset(void)
{
	spin_count[0] = spin_count[1] = 0;
	spin_interleave[0] = spin_interleave[1] = 0;
	spin_stop = false;
}

static void
sched_preemption_happens(struct kunit *test)
{
	struct task_struct *a, *b;

	spin_reset();
	a = start_thread(spinner_thread, (void *)0L, "spin0", 0);
	b = start_thread(spinner_thread, (void *)1L, "spin1", 0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	msleep(300);
	WRITE_ONCE(spin_stop, true);
	kthread_join(a);
	kthread_join(b);
	kunit_info(test, "counts %lu %lu, interleavings %lu %lu",
		   spin_count[0], spin_count[1], spin_interleave[0],
		   spin_interleave[1]);
	KUNIT_EXPECT_GT(test, spin_count[0], 0);
	KUNIT_EXPECT_GT(test, spin_count[1], 0);
	KUNIT_EXPECT_GE(test, spin_interleave[0], 2);
	KUNIT_EXPECT_GE(test, spin_interleave[1], 2);
}

static volatile bool np_other_ran, np_resched_wanted;

/*
 * Spins 100 ms with preemption disabled while spinner 1 (same CPU) is
 * runnable: the tick must ask for a reschedule (need_resched) and yet
 * spinner 1 must not run until preempt_enable().
 */
static int
nopreempt_thread(void *arg)
{
	unsigned long before, end;

	preempt_disable();
	before = spin_count[1];
	end = jiffies + HZ / 10;
	while (time_before(jiffies, end))
		cpu_relax();
	np_other_ran = spin_count[1] != before;
	np_resched_wanted = this_cpu()->need_resched;
	preempt_enable();
	return 0;
}

static void
sched_preempt_disable_not_preempted(struct kunit *test)
{
	struct task_struct *b, *p;
	unsigned long after_p;

	spin_reset();
	np_other_ran = true;
	np_resched_wanted = false;
	b = start_thread(spinner_thread, (void *)1L, "spin1", 0);
	KUNIT_ASSERT_NOT_NULL(test, b);
	p = start_thread(nopreempt_thread, NULL, "nopreempt", 0);
	KUNIT_EXPECT_NOT_NULL(test, p);
	if (p)
		kthread_join(p);
	after_p = spin_count[1];
	msleep(50);
	WRITE_ONCE(spin_stop, true);
	kthread_join(b);
	KUNIT_EXPECT_FALSE(test, np_other_ran);
	KUNIT_EXPECT_TRUE(test, np_resched_wanted);
	/* The spinner was runnable all along: it runs once allowed. */
	KUNIT_EXPECT_GT(test, spin_count[1], after_p);
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(sched_threads_run),
	KUNIT_CASE(sched_kthread_join_exit_code),
	KUNIT_CASE(sched_join_frees_stack),
	KUNIT_CASE(sched_sleep_and_wake),
	KUNIT_CASE(sched_wait_event_timeout),
	KUNIT_CASE(sched_wake_up_process_running),
	KUNIT_CASE(sched_msleep_duration),
	KUNIT_CASE_SLOW(sched_preemption_happens, 30),
	KUNIT_CASE_SLOW(sched_preempt_disable_not_preempted, 30),
	{}
};

static struct kunit_suite sched_suite = {
	.name = "sched",
	.test_cases = sched_cases,
};
kunit_test_suite(sched_suite);
