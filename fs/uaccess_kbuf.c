/*
 * User-or-kernel buffer copies for file operations (see fs.h).
 *
 * A ->read or ->write method is handed a buffer that is a user pointer
 * when it runs for a system call and a kernel pointer when it runs for
 * kernel_read()/kernel_write() (exec, initramfs, tests). Those two set
 * current->uaccess_kernel for the duration of the call. A pointer is
 * then trusted as kernel memory only if it is not a user address; user
 * addresses always go through the fault-safe copy_*_user() routines,
 * and a system call never has uaccess_kernel set, so user space cannot
 * smuggle a kernel pointer in.
 */
#include <fs.h>
#include <sched.h>
#include <string.h>
#include <uaccess.h>
#include <errno.h>

static bool
kernel_buf(const void *p, unsigned long n)
{
	return current->uaccess_kernel && !access_ok(p, n);
}

unsigned long
vfs_copy_to_user(void *dst, const void *src, unsigned long n)
{
	if (kernel_buf(dst, n)) {
		memcpy(dst, src, n);
		return 0;
	}
	return copy_to_user(dst, src, n);
}

unsigned long
vfs_copy_from_user(void *dst, const void *src, unsigned long n)
{
	if (kernel_buf(src, n)) {
		memcpy(dst, src, n);
		return 0;
	}
	return copy_from_user(dst, src, n);
}

unsigned long
vfs_clear_user(void *dst, unsigned long n)
{
	if (kernel_buf(dst, n)) {
		memset(dst, 0, n);
		return 0;
	}
	return clear_user(dst, n);
}

long
vfs_strncpy_from_user(char *dst, const char *src, long max)
{
	long n;

	if (!kernel_buf(src, 1))
		return strncpy_from_user(dst, src, max);
	n = strnlen(src, max);
	if (n == max)
		return -ENAMETOOLONG;
	memcpy(dst, src, n + 1);
	return n;
}
