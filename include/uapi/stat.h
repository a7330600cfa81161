/*
 * File status of the Linux x86_64 ABI: struct linux_stat is exactly
 * the kernel's struct stat of stat(2)/fstat(2)/lstat(2) (144 bytes),
 * followed by the S_IF* mode bits. Including this also gives statfs
 * (uapi/statfs.h) and getdents64 records (uapi/dirent.h).
 *
 * The fields keep Linux's names. A libc <sys/stat.h> defines st_atime
 * and friends as macros for st_atim.tv_sec, so the struct is declared
 * with those macros suspended; code that reads the fields after such a
 * header must #undef them (user/lib/xlate.c does, in one place). Only
 * the padding is renamed: Linux's "__unused" is an attribute macro in
 * both pinos's <compiler.h> and newlib's <sys/cdefs.h>. The mode bits
 * are the same everywhere, so a libc's own S_IF* win.
 */
#ifndef _UAPI_PINOS_STAT_H
#define _UAPI_PINOS_STAT_H

#include <uapi/statfs.h>
#include <uapi/dirent.h>

#pragma push_macro("st_atime")
#pragma push_macro("st_mtime")
#pragma push_macro("st_ctime")
#undef st_atime
#undef st_mtime
#undef st_ctime

struct linux_stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;		/* in 512-byte units */
	unsigned long st_atime;
	unsigned long st_atime_nsec;
	unsigned long st_mtime;
	unsigned long st_mtime_nsec;
	unsigned long st_ctime;
	unsigned long st_ctime_nsec;
	long __reserved[3];	/* Linux: __unused */
};

#pragma pop_macro("st_atime")
#pragma pop_macro("st_mtime")
#pragma pop_macro("st_ctime")

_Static_assert(sizeof(struct linux_stat) == 144, "linux_stat layout");

#ifndef S_IFMT
#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000

#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)
#endif

#endif
