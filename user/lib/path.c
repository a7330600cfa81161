/*
 * Name-space calls: the newlib stubs link and unlink, and rename,
 * mkdir, rmdir, chdir, getcwd, access, symlink, readlink, chmod,
 * truncate and sync. rename is the real system call (newlib's own
 * rename() would emulate it with link and unlink, which is not atomic
 * and fails for directories).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glue.h"

#define GETCWD_DEFAULT_SIZE	4096

int
link(const char *old, const char *new)
{
	return sys_ret(SYS2(__NR_link, old, new));
}

int
unlink(const char *path)
{
	return sys_ret(SYS1(__NR_unlink, path));
}

int
rename(const char *old, const char *new)
{
	return sys_ret(SYS2(__NR_rename, old, new));
}

int
mkdir(const char *path, mode_t mode)
{
	return sys_ret(SYS2(__NR_mkdir, path, mode));
}

int
rmdir(const char *path)
{
	return sys_ret(SYS1(__NR_rmdir, path));
}

int
chdir(const char *path)
{
	return sys_ret(SYS1(__NR_chdir, path));
}

/*
 * Linux's getcwd returns the length on success. As in glibc, a NULL
 * buffer asks us to allocate one (size bytes, or enough for a path).
 */
char *
getcwd(char *buf, size_t size)
{
	char *p = buf;
	long r;

	if (p == NULL) {
		if (size == 0)
			size = GETCWD_DEFAULT_SIZE;
		p = malloc(size);
		if (p == NULL)
			return NULL;
	}
	r = SYS2(__NR_getcwd, p, size);
	if (SYS_IS_ERR(r)) {
		if (buf == NULL)
			free(p);
		sys_ret(r);
		return NULL;
	}
	return p;
}

int
access(const char *path, int mode)
{
	return sys_ret(SYS2(__NR_access, path, mode));
}

int
symlink(const char *target, const char *path)
{
	return sys_ret(SYS2(__NR_symlink, target, path));
}

ssize_t
readlink(const char *__restrict path, char *__restrict buf, size_t n)
{
	return sys_ret(SYS3(__NR_readlink, path, buf, n));
}

int
chmod(const char *path, mode_t mode)
{
	return sys_ret(SYS2(__NR_chmod, path, mode));
}

int
truncate(const char *path, off_t len)
{
	return sys_ret(SYS2(__NR_truncate, path, len));
}

void
sync(void)
{
	SYS0(__NR_sync);
}
