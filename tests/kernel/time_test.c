/*
 * Time tests: jiffies advance at about HZ, ktime_get_ns() is monotonic
 * and agrees with jiffies, udelay/mdelay wait about as long as asked.
 *
 * Bounds are generous: under QEMU's TCG the guest can be descheduled
 * by the host for tens of milliseconds at any moment. They are tight
 * enough to catch a clock that is off by a large factor (a wrong
 * calibration, a timer at the wrong rate, a tick that never arrives).
 */
#include <kunit.h>
#include <time.h>
#include <sched.h>

static void
time_tsc_calibrated(struct kunit *test)
{
	kunit_info(test, "tsc_khz %lu", tsc_khz);
	KUNIT_EXPECT_GT(test, tsc_khz, 100 * 1000);	/* > 100 MHz */
	KUNIT_EXPECT_LT(test, tsc_khz, 10 * 1000 * 1000);	/* < 10 GHz */
}

/*
 * Busy-wait 500 ms on the TSC: the tick (LAPIC timer) must keep pace.
 * The window is long because a host stall just before it makes QEMU
 * deliver the missed ticks in a burst inside it.
 */
static void
time_jiffies_advance(struct kunit *test)
{
	unsigned long j0 = jiffies, dj;

	mdelay(500);
	dj = jiffies - j0;
	kunit_info(test, "mdelay(500): %lu jiffies", dj);
	KUNIT_EXPECT_GE(test, dj, 500 * HZ / 1000 * 3 / 4);
	KUNIT_EXPECT_LE(test, dj, 500 * HZ / 1000 * 2);
}

static void
time_ktime_monotonic(struct kunit *test)
{
	u64 prev = ktime_get_ns(), now;
	int backwards = 0;

	for (int i = 0; i < 100000; i++) {
		now = ktime_get_ns();
		backwards += now < prev;
		prev = now;
	}
	KUNIT_EXPECT_EQ(test, backwards, 0);
	KUNIT_EXPECT_GT(test, prev, 0);
}

/* Sleep 500 ms and compare the two clocks' idea of how long it was. */
static void
time_ktime_matches_jiffies(struct kunit *test)
{
	unsigned long j0 = jiffies, jiffy_ms;
	u64 t0 = ktime_get_ns(), ktime_ms;

	msleep(500);
	jiffy_ms = (jiffies - j0) * 1000 / HZ;
	ktime_ms = (ktime_get_ns() - t0) / 1000000;
	kunit_info(test, "jiffies say %lu ms, ktime says %llu ms", jiffy_ms,
		   (unsigned long long)ktime_ms);
	KUNIT_EXPECT_GE(test, ktime_ms, 500);
	KUNIT_EXPECT_GE(test, ktime_ms * 4, jiffy_ms * 3);
	KUNIT_EXPECT_LE(test, ktime_ms * 3, jiffy_ms * 4);
}

static void
time_udelay_duration(struct kunit *test)
{
	u64 t0 = ktime_get_ns(), dt;

	udelay(10000);
	dt = ktime_get_ns() - t0;
	KUNIT_EXPECT_GE(test, dt, 10ULL * 1000 * 1000);
	KUNIT_EXPECT_LT(test, dt, 100ULL * 1000 * 1000);
}

static struct kunit_case time_cases[] = {
	KUNIT_CASE(time_tsc_calibrated),
	KUNIT_CASE(time_jiffies_advance),
	KUNIT_CASE(time_ktime_monotonic),
	KUNIT_CASE(time_ktime_matches_jiffies),
	KUNIT_CASE(time_udelay_duration),
	{}
};

static struct kunit_suite time_suite = {
	.name = "time",
	.test_cases = time_cases,
};
kunit_test_suite(time_suite);
