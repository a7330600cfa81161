/*
 * Time structures of the Linux x86_64 ABI, named linux_* so they can
 * sit beside a libc's own definitions: timespec (nanosleep,
 * clock_gettime), timeval (gettimeofday), tms (times) and rusage
 * (wait4). Clock ids and the tick unit of times() are Linux's too.
 */
#ifndef _UAPI_PINOS_TIME_H
#define _UAPI_PINOS_TIME_H

struct linux_timespec {
	long tv_sec;
	long tv_nsec;
};

struct linux_timeval {
	long tv_sec;
	long tv_usec;
};

/* times() counts in USER_HZ ticks whatever the kernel's HZ is. */
#define LINUX_USER_HZ	100

struct linux_tms {
	long tms_utime;
	long tms_stime;
	long tms_cutime;
	long tms_cstime;
};

struct linux_rusage {
	struct linux_timeval ru_utime;
	struct linux_timeval ru_stime;
	long ru_maxrss;
	long ru_ixrss;
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;
	long ru_majflt;
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7

#define TIMER_ABSTIME			0x01

_Static_assert(sizeof(struct linux_rusage) == 144, "linux_rusage layout");

#endif
