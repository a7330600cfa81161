/*
 * memfd_create(2): an anonymous, unlinked tmpfs file, opened
 * read-write, named "memfd:NAME" (visible in /proc/self/maps). It
 * starts empty; ftruncate() sizes it and mmap(MAP_SHARED) shares its
 * pages, which like every shmem page have no page_mkwrite and need no
 * writeback. Flags: MFD_CLOEXEC, and MFD_ALLOW_SEALING, accepted but
 * without sealing support (fcntl F_ADD_SEALS fails with -EINVAL).
 * Names longer than 249 bytes are -EINVAL, as in Linux.
 */
#include "internal.h"
#include <slab.h>
#include <syscalls.h>
#include <uapi/mman.h>

#define MFD_NAME_PREFIX "memfd:"
#define MFD_NAME_MAX_LEN (NAME_MAX - sizeof(MFD_NAME_PREFIX) + 1)

SYSCALL_DEFINE(memfd_create, __NR_memfd_create)(long uname, long flags,
						 long a2, long a3, long a4,
						 long a5)
{
	char *name;
	struct file *f;
	long len;
	int fd;

	if (flags & ~(long)(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	name = kmalloc(sizeof(MFD_NAME_PREFIX) + MFD_NAME_MAX_LEN + 1,
		       GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	strlcpy(name, MFD_NAME_PREFIX, sizeof(MFD_NAME_PREFIX));
	len = vfs_strncpy_from_user(name + sizeof(MFD_NAME_PREFIX) - 1,
				    (const char *)uname, MFD_NAME_MAX_LEN + 1);
	fd = len == -ENAMETOOLONG ? -EINVAL : (int)len;
	if (len >= 0)
		fd = get_unused_fd_flags((flags & MFD_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd >= 0) {
		f = shmem_file_setup(name, 0, 0);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	kfree(name);
	return fd;
}
