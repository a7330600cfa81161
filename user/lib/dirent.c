/*
 * Directory streams (<dirent.h>) on getdents64. A DIR holds the
 * descriptor and one buffer of Linux records; readdir() hands them out
 * one at a time, copied into the DIR's struct dirent (valid until the
 * next readdir or closedir on that DIR), and refills the buffer when it
 * runs dry. End of directory returns NULL with errno untouched.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glue.h"

#define DIRBUF_SIZE	4096

struct __pinos_dir {
	int fd;
	int pos;		/* next record in buf */
	int len;		/* bytes of records in buf */
	struct dirent ent;
	char buf[DIRBUF_SIZE] __attribute__((aligned(8)));
};

DIR *
fdopendir(int fd)
{
	DIR *d = malloc(sizeof(*d));

	if (d == NULL)
		return NULL;
	d->fd = fd;
	d->pos = 0;
	d->len = 0;
	return d;
}

DIR *
opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (d == NULL)
		close(fd);
	return d;
}

/* 1 when records are buffered, 0 at the end, -1 on error. */
static int
fill(DIR *d)
{
	long r;

	if (d->pos < d->len)
		return 1;
	r = SYS3(__NR_getdents64, d->fd, d->buf, sizeof(d->buf));
	if (SYS_IS_ERR(r))
		return sys_ret(r);
	d->pos = 0;
	d->len = (int)r;
	return r > 0;
}

struct dirent *
readdir(DIR *d)
{
	struct linux_dirent64 *ld;
	size_t n;

	if (fill(d) <= 0)
		return NULL;
	ld = (struct linux_dirent64 *)(d->buf + d->pos);
	if (ld->d_reclen == 0) {
		/* A broken record would make us spin forever. */
		d->pos = d->len;
		sys_fail(EIO);
		return NULL;
	}
	d->pos += ld->d_reclen;
	d->ent.d_ino = ld->d_ino;
	d->ent.d_off = ld->d_off;
	d->ent.d_reclen = sizeof(d->ent);
	d->ent.d_type = ld->d_type;
	n = strnlen(ld->d_name, sizeof(d->ent.d_name) - 1);
	memcpy(d->ent.d_name, ld->d_name, n);
	d->ent.d_name[n] = '\0';
	return &d->ent;
}

void
rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->pos = 0;
	d->len = 0;
}

int
dirfd(DIR *d)
{
	return d->fd;
}

int
closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}
