/*
 * File-descriptor calls: the newlib stubs read, write, open, close,
 * lseek, fstat, stat, isatty (newlib's stdio needs them) and the POSIX
 * extras openat, lstat, pread, pwrite, fsync, fdatasync, ftruncate,
 * dup, dup2, pipe, pipe2 and fcntl. Each is one Linux system call;
 * flags and struct stat are converted by xlate.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uapi/stat.h>

#include "glue.h"

/* newlib's x86_64-elf configuration has read and write return int. */
_READ_WRITE_RETURN_TYPE
read(int fd, void *buf, size_t n)
{
	return sys_ret(SYS3(__NR_read, fd, buf, n));
}

_READ_WRITE_RETURN_TYPE
write(int fd, const void *buf, size_t n)
{
	return sys_ret(SYS3(__NR_write, fd, buf, n));
}

/* The mode argument exists only when the call may create a file. */
int
open(const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return sys_ret(SYS3(__NR_open, path, xlate_oflags_to_linux(flags),
	    mode));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode = 0;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	return sys_ret(SYS4(__NR_openat, xlate_dirfd_to_linux(dirfd), path,
	    xlate_oflags_to_linux(flags), mode));
}

int
close(int fd)
{
	return sys_ret(SYS1(__NR_close, fd));
}

off_t
lseek(int fd, off_t off, int whence)
{
	return sys_ret(SYS3(__NR_lseek, fd, off, whence));
}

/* Shared tail of the stat family: convert only on success. */
static int
stat_done(long r, struct stat *st, const struct linux_stat *ls)
{
	if (!SYS_IS_ERR(r))
		xlate_stat_from_linux(st, ls);
	return sys_ret(r);
}

int
fstat(int fd, struct stat *st)
{
	struct linux_stat ls;

	return stat_done(SYS2(__NR_fstat, fd, &ls), st, &ls);
}

int
stat(const char *__restrict path, struct stat *__restrict st)
{
	struct linux_stat ls;

	return stat_done(SYS2(__NR_stat, path, &ls), st, &ls);
}

int
lstat(const char *__restrict path, struct stat *__restrict st)
{
	struct linux_stat ls;

	return stat_done(SYS2(__NR_lstat, path, &ls), st, &ls);
}

/*
 * pinos has no terminal ioctls yet: a character device counts as a
 * terminal. newlib's stdio uses this to line-buffer the console.
 */
int
isatty(int fd)
{
	struct linux_stat ls;
	long r = SYS2(__NR_fstat, fd, &ls);

	if (SYS_IS_ERR(r)) {
		sys_ret(r);
		return 0;
	}
	if (!S_ISCHR(ls.st_mode)) {
		sys_fail(ENOTTY);
		return 0;
	}
	return 1;
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	return sys_ret(SYS4(__NR_pread64, fd, buf, n, off));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return sys_ret(SYS4(__NR_pwrite64, fd, buf, n, off));
}

int
fsync(int fd)
{
	return sys_ret(SYS1(__NR_fsync, fd));
}

int
fdatasync(int fd)
{
	return sys_ret(SYS1(__NR_fdatasync, fd));
}

int
ftruncate(int fd, off_t len)
{
	return sys_ret(SYS2(__NR_ftruncate, fd, len));
}

int
dup(int fd)
{
	return sys_ret(SYS1(__NR_dup, fd));
}

int
dup2(int fd, int fd2)
{
	return sys_ret(SYS2(__NR_dup2, fd, fd2));
}

int
pipe(int fds[2])
{
	return sys_ret(SYS1(__NR_pipe, fds));
}

int
pipe2(int fds[2], int flags)
{
	return sys_ret(SYS2(__NR_pipe2, fds, xlate_oflags_to_linux(flags)));
}

/*
 * Only the commands both sides know pass (see abi.h); open-file flags
 * are translated both ways. Locking commands fail with EINVAL.
 */
int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg, r;
	int lcmd = xlate_fcntl_to_linux(cmd);

	if (lcmd < 0)
		return sys_fail(EINVAL);
	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (cmd == F_SETFL)
		arg = xlate_oflags_to_linux((int)arg);
	r = sys_ret(SYS3(__NR_fcntl, fd, lcmd, arg));
	if (cmd == F_GETFL && r >= 0)
		r = xlate_oflags_from_linux((int)r);
	return r;
}
