/*
 * Calls that take arguments of any type: ioctl (the third argument is
 * forwarded as one word, pointer or integer) and syscall (six words,
 * whether or not the caller passed them; extra ones are ignored by the
 * kernel).
 */
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "glue.h"

int
ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	long arg;

	va_start(ap, request);
	arg = va_arg(ap, long);
	va_end(ap);
	return sys_ret(SYS3(__NR_ioctl, fd, request, arg));
}

long
syscall(long nr, ...)
{
	va_list ap;
	long a[6];
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return sys_ret(__syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
}
