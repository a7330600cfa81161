/*
 * <sys/wait.h>: newlib's, whose W*() macros decode Linux's status
 * layout, plus wait4() and the Linux extras. libpinos rewrites the
 * signal numbers inside a status to newlib's, so WTERMSIG(s) == SIGBUS
 * works with newlib's SIGBUS. wait4() fills only ru_utime and ru_stime
 * of newlib's (two-field) struct rusage.
 */
#ifndef _PINOS_USER_SYS_WAIT_H
#define _PINOS_USER_SYS_WAIT_H

#include_next <sys/wait.h>

struct rusage;

#define WCONTINUED	8
#define WCOREDUMP(w)	((w) & 0x80)
#define WIFCONTINUED(w)	((w) == 0xffff)

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru);

#endif
