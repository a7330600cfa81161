/*
 * <sys/syscall.h>: raw system calls by Linux number (__NR_* from
 * uapi/unistd.h). syscall() returns the kernel's result, or -1 with
 * errno set (translated to newlib's value) when the kernel returns
 * -errno; use it for calls libpinos has no wrapper for.
 */
#ifndef _PINOS_USER_SYS_SYSCALL_H
#define _PINOS_USER_SYS_SYSCALL_H

#include <uapi/unistd.h>

long syscall(long number, ...);

#endif
