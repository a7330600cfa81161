/*
 * <sys/statfs.h>: statfs()/fstatfs() with Linux's struct statfs, which
 * the kernel fills in directly (same layout as struct linux_statfs),
 * and the f_type magic numbers (EXT2_SUPER_MAGIC, TMPFS_MAGIC, ...).
 */
#ifndef _PINOS_USER_SYS_STATFS_H
#define _PINOS_USER_SYS_STATFS_H

#include <uapi/statfs.h>

typedef struct {
	int __val[2];
} fsid_t;

struct statfs {
	long f_type;
	long f_bsize;
	unsigned long f_blocks;
	unsigned long f_bfree;
	unsigned long f_bavail;
	unsigned long f_files;
	unsigned long f_ffree;
	fsid_t f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
