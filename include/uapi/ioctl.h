/*
 * ioctl request encoding of the Linux ABI (asm-generic/ioctl.h): a
 * 32-bit number made of the transfer direction (2 bits, from the
 * caller's point of view), the argument size (14 bits), a driver type
 * letter (8 bits) and a command number (8 bits). Drivers match whole
 * request numbers; the _IOC_* accessors let generic code check sizes.
 */
#ifndef _UAPI_PINOS_IOCTL_H
#define _UAPI_PINOS_IOCTL_H

#define _IOC_NRBITS	8
#define _IOC_TYPEBITS	8
#define _IOC_SIZEBITS	14
#define _IOC_DIRBITS	2

#define _IOC_NRMASK	((1 << _IOC_NRBITS) - 1)
#define _IOC_TYPEMASK	((1 << _IOC_TYPEBITS) - 1)
#define _IOC_SIZEMASK	((1 << _IOC_SIZEBITS) - 1)
#define _IOC_DIRMASK	((1 << _IOC_DIRBITS) - 1)

#define _IOC_NRSHIFT	0
#define _IOC_TYPESHIFT	(_IOC_NRSHIFT + _IOC_NRBITS)
#define _IOC_SIZESHIFT	(_IOC_TYPESHIFT + _IOC_TYPEBITS)
#define _IOC_DIRSHIFT	(_IOC_SIZESHIFT + _IOC_SIZEBITS)

/* Direction bits: WRITE means user space writes, the kernel reads. */
#define _IOC_NONE	0U
#define _IOC_WRITE	1U
#define _IOC_READ	2U

#define _IOC(dir, type, nr, size)                                          \
	(((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) |           \
	 ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))

#define _IOC_TYPECHECK(t) (sizeof(t))

#define _IO(type, nr)		_IOC(_IOC_NONE, (type), (nr), 0)
#define _IOR(type, nr, t)                                                  \
	_IOC(_IOC_READ, (type), (nr), _IOC_TYPECHECK(t))
#define _IOW(type, nr, t)                                                  \
	_IOC(_IOC_WRITE, (type), (nr), _IOC_TYPECHECK(t))
#define _IOWR(type, nr, t)                                                 \
	_IOC(_IOC_READ | _IOC_WRITE, (type), (nr), _IOC_TYPECHECK(t))

#define _IOC_DIR(nr)	(((nr) >> _IOC_DIRSHIFT) & _IOC_DIRMASK)
#define _IOC_TYPE(nr)	(((nr) >> _IOC_TYPESHIFT) & _IOC_TYPEMASK)
#define _IOC_NR(nr)	(((nr) >> _IOC_NRSHIFT) & _IOC_NRMASK)
#define _IOC_SIZE(nr)	(((nr) >> _IOC_SIZESHIFT) & _IOC_SIZEMASK)

#endif
