/*
 * <time.h>: newlib's, with the Linux clock ids and the POSIX timer
 * calls newlib's x86_64-elf configuration leaves out. Clock ids go to
 * the kernel unchanged, so they must be Linux's: newlib's own
 * CLOCK_REALTIME (1) and TIMER_ABSTIME (4) are replaced.
 */
#ifndef _PINOS_USER_TIME_H
#define _PINOS_USER_TIME_H

#include_next <time.h>

#undef CLOCK_REALTIME
#undef CLOCK_MONOTONIC
#undef CLOCK_PROCESS_CPUTIME_ID
#undef CLOCK_THREAD_CPUTIME_ID
#undef CLOCK_MONOTONIC_RAW
#undef CLOCK_REALTIME_COARSE
#undef CLOCK_MONOTONIC_COARSE
#undef CLOCK_BOOTTIME
#undef TIMER_ABSTIME
#include <uapi/time.h>

int clock_gettime(clockid_t clock_id, struct timespec *tp);
int clock_getres(clockid_t clock_id, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif
