/*
 * <sys/ioctl.h>: ioctl() with Linux request numbers (uapi/ioctl.h
 * encoding). The third argument is passed to the kernel untouched.
 */
#ifndef _PINOS_USER_SYS_IOCTL_H
#define _PINOS_USER_SYS_IOCTL_H

#include <uapi/ioctl.h>

int ioctl(int fd, unsigned long request, ...);

#endif
