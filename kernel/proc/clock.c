/*
 * Time system calls: nanosleep(35), clock_gettime(228),
 * clock_getres(229), gettimeofday(96), times(100).
 *
 * CLOCK_MONOTONIC (and _RAW, _COARSE, BOOTTIME) is ktime_get_ns(), the
 * TSC clock. CLOCK_REALTIME (ktime_get_real_ns(), also for the rest of
 * the kernel) is the CMOS real-time clock, read once at boot
 * (rtc_init, a core initcall), plus the monotonic time elapsed since:
 * QEMU's RTC holds the host's UTC time, so dates are real. If the RTC
 * reads as garbage, REALTIME counts from the epoch at boot.
 * pinos never steps the clock, so the two only differ by that offset.
 * The CPU-time clocks and times() count the timer ticks a task was
 * running (user and kernel time are not told apart; children's times
 * are not collected).
 *
 * nanosleep() sleeps on the task's wait_chldexit queue so that kill()
 * can wake it; it then returns -EINTR with the time left, and the
 * task dies on its way back to user mode.
 */
#include <process.h>
#include <signal.h>
#include <syscalls.h>
#include <uaccess.h>
#include <time.h>
#include <init.h>
#include <errno.h>
#include <printk.h>
#include <asm/io.h>
#include <uapi/time.h>

#define NSEC_PER_SEC	1000000000L
#define NSEC_PER_TICK	(NSEC_PER_SEC / HZ)

/* REALTIME - MONOTONIC, in ns; set once by rtc_init(). */
static s64 realtime_offset_ns;

static u8
cmos_read(u8 reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned int
bcd_to_bin(unsigned int v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

static bool
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to @y-@m-@d (a plain count, for clarity). */
static long
days_since_epoch(long y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
				       31, 31, 30, 31, 30, 31 };
	long days = 0;

	for (long yy = 1970; yy < y; yy++)
		days += is_leap(yy) ? 366 : 365;
	for (int mm = 1; mm < m; mm++)
		days += mdays[mm - 1] + (mm == 2 && is_leap(y));
	return days + d - 1;
}

struct rtc_time {
	unsigned int sec, min, hour, day, mon, year;
};

/* One read of the clock registers, after any update in progress. */
static void
rtc_read_raw(struct rtc_time *t)
{
	while (cmos_read(0x0a) & 0x80)	/* update in progress */
		cpu_relax();
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	t->hour = cmos_read(0x04);
	t->day = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
}

/* Status register B: bit 2 binary (else BCD), bit 1 24-hour mode. */
static void
rtc_decode(struct rtc_time *t, u8 regb)
{
	bool pm = t->hour & 0x80;

	t->hour &= 0x7f;
	if (!(regb & 0x04)) {
		t->sec = bcd_to_bin(t->sec);
		t->min = bcd_to_bin(t->min);
		t->hour = bcd_to_bin(t->hour);
		t->day = bcd_to_bin(t->day);
		t->mon = bcd_to_bin(t->mon);
		t->year = bcd_to_bin(t->year);
	}
	if (!(regb & 0x02))
		t->hour = t->hour % 12 + (pm ? 12 : 0);
	t->year += t->year < 70 ? 2000 : 1900;
}

/* Read until two reads agree, so no field is torn by an update. */
static int
rtc_init(void)
{
	struct rtc_time a, b;
	s64 secs;

	do {
		rtc_read_raw(&a);
		rtc_read_raw(&b);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour ||
		 a.day != b.day || a.mon != b.mon || a.year != b.year);
	rtc_decode(&a, cmos_read(0x0b));
	if (a.mon < 1 || a.mon > 12 || a.day < 1 || a.day > 31 ||
	    a.hour > 23 || a.min > 59 || a.sec > 59) {
		pr_warn("rtc: unreadable, CLOCK_REALTIME starts at 0\n");
		return 0;
	}
	secs = days_since_epoch(a.year, a.mon, a.day) * 86400L +
	       a.hour * 3600L + a.min * 60L + a.sec;
	realtime_offset_ns = secs * NSEC_PER_SEC - (s64)ktime_get_ns();
	pr_info("rtc: %04u-%02u-%02u %02u:%02u:%02u UTC\n", a.year, a.mon,
		a.day, a.hour, a.min, a.sec);
	return 0;
}
core_initcall(rtc_init);

u64
ktime_get_real_ns(void)
{
	return (s64)ktime_get_ns() + realtime_offset_ns;
}

/* For file timestamps: seconds since the epoch. */
s64
ktime_get_real_seconds(void)
{
	return ktime_get_real_ns() / NSEC_PER_SEC;
}

static struct linux_timespec
ns_to_timespec(s64 ns)
{
	struct linux_timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };

	return ts;
}

/* Current time of clock @id in ns, or -EINVAL. */
static int
clock_read_ns(long id, s64 *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (s64)current->runtime_ticks * NSEC_PER_TICK;
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(clock_gettime, __NR_clock_gettime)(long id, long utp,
						  long a2, long a3, long a4,
						  long a5)
{
	struct linux_timespec ts;
	s64 ns;
	int err = clock_read_ns(id, &ns);

	if (err)
		return err;
	ts = ns_to_timespec(ns);
	return copy_to_user((void *)utp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE(clock_getres, __NR_clock_getres)(long id, long ures, long a2,
						long a3, long a4, long a5)
{
	struct linux_timespec ts = { 0, 1 };
	s64 ns;

	if (clock_read_ns(id, &ns))
		return -EINVAL;
	if (id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE ||
	    id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID)
		ts.tv_nsec = NSEC_PER_TICK;
	if (ures && copy_to_user((void *)ures, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

/* The timezone argument is obsolete: report UTC (all zero). */
SYSCALL_DEFINE(gettimeofday, __NR_gettimeofday)(long utv, long utz, long a2,
						long a3, long a4, long a5)
{
	s64 ns = ktime_get_real_ns();
	struct linux_timeval tv = { ns / NSEC_PER_SEC,
				    (ns % NSEC_PER_SEC) / 1000 };

	if (utv && copy_to_user((void *)utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (utz && clear_user((void *)utz, 2 * sizeof(int)))
		return -EFAULT;
	return 0;
}

static long
ticks_to_user_hz(unsigned long ticks)
{
	return ticks * LINUX_USER_HZ / HZ;
}

SYSCALL_DEFINE(times, __NR_times)(long ubuf, long a1, long a2, long a3,
				  long a4, long a5)
{
	struct linux_tms t = { ticks_to_user_hz(current->runtime_ticks) };

	if (ubuf && copy_to_user((void *)ubuf, &t, sizeof(t)))
		return -EFAULT;
	return ticks_to_user_hz(jiffies);
}

/* Sleep until ktime reaches @deadline or a fatal signal arrives. */
static bool
sleep_until(u64 deadline)
{
	struct wait_queue_head *wq = &current->wait_chldexit;
	struct wait_queue_entry w;
	bool interrupted = false;
	u64 now;

	for (;;) {
		prepare_to_wait(wq, &w);
		now = ktime_get_ns();
		if (now >= deadline)
			break;
		if (fatal_signal_pending(current)) {
			interrupted = true;
			break;
		}
		schedule_timeout(DIV_ROUND_UP(deadline - now, NSEC_PER_TICK));
	}
	finish_wait(wq, &w);
	return interrupted;
}

SYSCALL_DEFINE(nanosleep, __NR_nanosleep)(long ureq, long urem, long a2,
					  long a3, long a4, long a5)
{
	struct linux_timespec req, rem;
	u64 start = ktime_get_ns(), ns, deadline, now;

	if (copy_from_user(&req, (void *)ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	/* Cap at ~292 years so the nanosecond sum cannot overflow. */
	ns = req.tv_sec > (1L << 33) ? (1UL << 63) :
	     (u64)req.tv_sec * NSEC_PER_SEC + req.tv_nsec;
	deadline = start + ns;
	if (!sleep_until(deadline))
		return 0;
	if (urem) {
		now = ktime_get_ns();
		rem = ns_to_timespec(deadline > now ? deadline - now : 0);
		if (copy_to_user((void *)urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return -EINTR;
}
