/*
 * statfs(2)/fstatfs(2) result of the Linux x86_64 ABI (120 bytes: every
 * word is 64-bit except the two-int fsid) and the f_type magic numbers
 * of the file systems pinos has or imitates. User space's struct statfs
 * (user/include/sys/statfs.h) has the same layout, so the kernel writes
 * it directly.
 */
#ifndef _UAPI_PINOS_STATFS_H
#define _UAPI_PINOS_STATFS_H

struct linux_fsid {
	int val[2];
};

struct linux_statfs {
	long f_type;		/* one of the *_MAGIC values below */
	long f_bsize;
	long f_blocks;		/* counts are in f_bsize units */
	long f_bfree;
	long f_bavail;
	long f_files;
	long f_ffree;
	struct linux_fsid f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;		/* ST_* mount flags */
	long f_spare[4];
};

_Static_assert(sizeof(struct linux_statfs) == 120, "linux_statfs layout");

#define EXT2_SUPER_MAGIC	0xEF53
#define TMPFS_MAGIC		0x01021994
#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define SYSFS_MAGIC		0x62656572
#define DEVPTS_SUPER_MAGIC	0x1cd1
/* Linux's old devfs; devtmpfs reports TMPFS_MAGIC instead. */
#define DEVFS_SUPER_MAGIC	0x1373

/* f_flags bits (Linux ST_*) */
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_SYNCHRONOUS	0x0010
#define ST_VALID	0x0020	/* f_flags is filled in */
#define ST_NOATIME	0x0400

#endif
