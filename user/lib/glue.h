/*
 * Internal interface of libpinos, the layer between newlib and the
 * pinos kernel's Linux x86_64 system-call ABI.
 *
 * Rules for every wrapper: issue the system call with the SYSn()
 * macros, which pass each argument as a long; hand the raw result to
 * sys_ret() (or sys_ret_ptr()), which turns a -errno result into -1 or
 * MAP_FAILED with errno set to newlib's value. Any constant that differs
 * between newlib and Linux is converted by the xlate_*() functions and
 * nowhere else.
 */
#ifndef _PINOS_USER_GLUE_H
#define _PINOS_USER_GLUE_H

#include <uapi/unistd.h>

struct stat;
struct linux_stat;

long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
    long a6);

#define SYS0(nr) __syscall6((nr), 0, 0, 0, 0, 0, 0)
#define SYS1(nr, a) __syscall6((nr), (long)(a), 0, 0, 0, 0, 0)
#define SYS2(nr, a, b) __syscall6((nr), (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(nr, a, b, c)                                                  \
	__syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS4(nr, a, b, c, d)                                               \
	__syscall6((nr), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SYS5(nr, a, b, c, d, e)                                            \
	__syscall6((nr), (long)(a), (long)(b), (long)(c), (long)(d),      \
	    (long)(e), 0)
#define SYS6(nr, a, b, c, d, e, f)                                         \
	__syscall6((nr), (long)(a), (long)(b), (long)(c), (long)(d),      \
	    (long)(e), (long)(f))

/* Kernel results in [-4095, -1] are errors, as on Linux. */
#define SYS_IS_ERR(r) ((unsigned long)(r) > -4096UL)

long sys_ret(long r);
void *sys_ret_ptr(long r);
long sys_fail(int newlib_errno);

int xlate_errno_from_linux(int linux_errno);
int xlate_oflags_to_linux(int flags);
int xlate_oflags_from_linux(int flags);
int xlate_atflags_to_linux(int flags);
int xlate_dirfd_to_linux(int dirfd);
int xlate_fcntl_to_linux(int cmd);
int xlate_signal_to_linux(int sig);
int xlate_signal_from_linux(int sig);
int xlate_status_from_linux(int status);
void xlate_stat_from_linux(struct stat *st, const struct linux_stat *ls);
long xlate_ticks_from_linux(long ticks);

/* Page size from the auxiliary vector (AT_PAGESZ), else 4096. */
extern unsigned long __pinos_page_size;

#endif
