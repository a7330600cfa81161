/*
 * Time calls: the newlib stubs times and gettimeofday, and
 * clock_gettime, clock_getres, nanosleep, sleep and usleep. struct
 * timespec and struct timeval have the Linux layout in newlib, so they
 * pass through; times() is rescaled to CLOCKS_PER_SEC (xlate.c), which
 * is what newlib's clock() expects.
 */
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "glue.h"

#define USEC_PER_SEC	1000000L
#define NSEC_PER_USEC	1000L

clock_t
times(struct tms *buf)
{
	struct linux_tms lt;
	long r = SYS1(__NR_times, &lt);

	if (SYS_IS_ERR(r))
		return sys_ret(r);
	if (buf != NULL) {
		buf->tms_utime = xlate_ticks_from_linux(lt.tms_utime);
		buf->tms_stime = xlate_ticks_from_linux(lt.tms_stime);
		buf->tms_cutime = xlate_ticks_from_linux(lt.tms_cutime);
		buf->tms_cstime = xlate_ticks_from_linux(lt.tms_cstime);
	}
	return xlate_ticks_from_linux(r);
}

int
gettimeofday(struct timeval *__restrict tv, void *__restrict tz)
{
	return sys_ret(SYS2(__NR_gettimeofday, tv, tz));
}

int
clock_gettime(clockid_t id, struct timespec *tp)
{
	return sys_ret(SYS2(__NR_clock_gettime, id, tp));
}

int
clock_getres(clockid_t id, struct timespec *res)
{
	return sys_ret(SYS2(__NR_clock_getres, id, res));
}

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
	return sys_ret(SYS2(__NR_nanosleep, req, rem));
}

/* Returns the seconds left unslept when a signal cut the sleep short. */
unsigned
sleep(unsigned sec)
{
	struct timespec req = { .tv_sec = sec }, rem = { 0 };

	if (nanosleep(&req, &rem) == 0)
		return 0;
	return rem.tv_sec + (rem.tv_nsec != 0);
}

int
usleep(useconds_t usec)
{
	struct timespec req = {
		.tv_sec = usec / USEC_PER_SEC,
		.tv_nsec = (usec % USEC_PER_SEC) * NSEC_PER_USEC,
	};

	return nanosleep(&req, NULL);
}
