/*
 * Access to user memory from the kernel.
 *
 * Every user pointer a syscall receives is untrusted: it may be
 * unmapped, point into the kernel, or be unmapped by another thread
 * mid-copy. These routines check the range lies in user space
 * (access_ok), open a SMAP window (stac) for the copy only, and let a
 * fault on the copy instruction be fixed up through the exception
 * table (extable.h): they return an error instead of oopsing. A
 * not-present user page is first faulted in normally by
 * do_page_fault(); only a fault it cannot resolve reaches the fixup.
 *
 * copy_{from,to}_user return the number of bytes NOT copied (0 on
 * success), as in Linux; the others return 0 or -EFAULT.
 */
#ifndef _PINOS_UACCESS_H
#define _PINOS_UACCESS_H

#include <types.h>
#include <asm/page.h>

static inline bool
access_ok(const void *uptr, size_t size)
{
	unsigned long a = (unsigned long)uptr;

	return a <= TASK_SIZE && size <= TASK_SIZE - a;
}

unsigned long copy_from_user(void *dst, const void *usrc, unsigned long n);
unsigned long copy_to_user(void *udst, const void *src, unsigned long n);
unsigned long clear_user(void *udst, unsigned long n);
/* Copy a NUL-terminated string; returns its length, -EFAULT, or
 * -ENAMETOOLONG if no NUL within @max bytes. */
long strncpy_from_user(char *dst, const char *usrc, long max);
int get_user_u64(u64 *val, const void *uptr);
int put_user_u64(u64 val, void *uptr);
int get_user_u32(u32 *val, const void *uptr);
int put_user_u32(u32 val, void *uptr);

#endif
