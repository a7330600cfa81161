/*
 * File-system calls: statfs, fstatfs, mount, umount and umount2. Our
 * struct statfs is laid out exactly like the kernel's struct
 * linux_statfs (checked below), so the kernel fills it directly.
 */
#include <stddef.h>
#include <sys/mount.h>
#include <sys/statfs.h>

#include "glue.h"

#define SAME_FIELD(f)                                                      \
	_Static_assert(offsetof(struct statfs, f) ==                       \
	    offsetof(struct linux_statfs, f), "statfs." #f)

_Static_assert(sizeof(struct statfs) == sizeof(struct linux_statfs),
    "statfs size");
SAME_FIELD(f_type);
SAME_FIELD(f_blocks);
SAME_FIELD(f_ffree);
SAME_FIELD(f_fsid);
SAME_FIELD(f_namelen);
SAME_FIELD(f_flags);
SAME_FIELD(f_spare);

int
statfs(const char *path, struct statfs *buf)
{
	return sys_ret(SYS2(__NR_statfs, path, buf));
}

int
fstatfs(int fd, struct statfs *buf)
{
	return sys_ret(SYS2(__NR_fstatfs, fd, buf));
}

int
mount(const char *source, const char *target, const char *fstype,
    unsigned long flags, const void *data)
{
	return sys_ret(SYS5(__NR_mount, source, target, fstype, flags, data));
}

int
umount2(const char *target, int flags)
{
	return sys_ret(SYS2(__NR_umount2, target, flags));
}

int
umount(const char *target)
{
	return umount2(target, 0);
}
