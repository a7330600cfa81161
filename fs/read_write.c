/*
 * read, write, readv, writev, lseek, pread64, pwrite64, and the kernel
 * forms kernel_read/kernel_write.
 *
 * vfs_read()/vfs_write() check the file's mode and hand the buffer to
 * ->read/->write, which copy with vfs_copy_*_user(). kernel_read()/
 * kernel_write() mark the task (uaccess_kernel) so those copies accept
 * kernel buffers. A short count is returned as is; an error only when
 * nothing was transferred, as in Linux.
 *
 * File position: read/write/lseek on one regular file or directory
 * serialise on f_pos_lock, so threads sharing it see each read advance
 * the position by exactly what it returned. pread/pwrite use their own
 * offset and leave f_pos alone; files without ->llseek (console,
 * pipes) are not seekable: -ESPIPE.
 */
#include "internal.h"
#include <sched.h>
#include <syscalls.h>

#define MAX_RW_COUNT (0x7fffffffL & ~(long)(PAGE_SIZE - 1))

ssize_t
vfs_read(struct file *f, char *buf, size_t n, loff_t *pos)
{
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op->read)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	return f->f_op->read(f, buf, min(n, (size_t)MAX_RW_COUNT), pos);
}

ssize_t
vfs_write(struct file *f, const char *buf, size_t n, loff_t *pos)
{
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	return f->f_op->write(f, buf, min(n, (size_t)MAX_RW_COUNT), pos);
}

loff_t
vfs_llseek(struct file *f, loff_t off, int whence)
{
	loff_t ret;

	if (!f->f_op->llseek)
		return -ESPIPE;
	mutex_lock(&f->f_pos_lock);
	ret = f->f_op->llseek(f, off, whence);
	mutex_unlock(&f->f_pos_lock);
	return ret;
}

/*
 * Only regular files and directories serialise on f_pos_lock (Linux's
 * FMODE_ATOMIC_POS): a console read may block for a long time, and
 * fds 0-2 share one struct file, so stdout must not wait for stdin.
 */
static bool
pos_is_atomic(struct file *f)
{
	mode_t m = f->f_inode->i_mode;

	return S_ISREG(m) || S_ISDIR(m);
}

/* read/write at f_pos, advancing it. */
static ssize_t
rw_at_fpos(struct file *f, char *buf, size_t n, bool write)
{
	bool lock = pos_is_atomic(f);
	loff_t pos;
	ssize_t ret;

	if (lock)
		mutex_lock(&f->f_pos_lock);
	pos = f->f_pos;
	ret = write ? vfs_write(f, buf, n, &pos) : vfs_read(f, buf, n, &pos);
	if (ret >= 0)
		f->f_pos = pos;
	if (lock)
		mutex_unlock(&f->f_pos_lock);
	return ret;
}

/* @pos NULL: use and advance the file's own position. */
ssize_t
kernel_read(struct file *f, void *buf, size_t n, loff_t *pos)
{
	int old = current->uaccess_kernel;
	ssize_t ret;

	current->uaccess_kernel = 1;
	ret = pos ? vfs_read(f, buf, n, pos) : rw_at_fpos(f, buf, n, false);
	current->uaccess_kernel = old;
	return ret;
}

ssize_t
kernel_write(struct file *f, const void *buf, size_t n, loff_t *pos)
{
	int old = current->uaccess_kernel;
	ssize_t ret;

	current->uaccess_kernel = 1;
	ret = pos ? vfs_write(f, buf, n, pos) :
		    rw_at_fpos(f, (char *)buf, n, true);
	current->uaccess_kernel = old;
	return ret;
}

static long
ksys_rw(long fd, long buf, long n, bool write)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = rw_at_fpos(f, (char *)buf, n, write);
	fput(f);
	return ret;
}

SYSCALL_DEFINE(read, __NR_read)(long fd, long buf, long n, long a3,
				 long a4, long a5)
{
	return ksys_rw(fd, buf, n, false);
}

SYSCALL_DEFINE(write, __NR_write)(long fd, long buf, long n, long a3,
				   long a4, long a5)
{
	return ksys_rw(fd, buf, n, true);
}

static long
ksys_prw(long fd, long buf, long n, long off, bool write)
{
	struct file *f;
	loff_t pos = off;
	long ret;

	if (off < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (!f->f_op->llseek)
		ret = -ESPIPE;
	else if (write)
		ret = vfs_write(f, (const char *)buf, n, &pos);
	else
		ret = vfs_read(f, (char *)buf, n, &pos);
	fput(f);
	return ret;
}

SYSCALL_DEFINE(pread64, __NR_pread64)(long fd, long buf, long n, long off,
				       long a4, long a5)
{
	return ksys_prw(fd, buf, n, off, false);
}

SYSCALL_DEFINE(pwrite64, __NR_pwrite64)(long fd, long buf, long n, long off,
					 long a4, long a5)
{
	return ksys_prw(fd, buf, n, off, true);
}

/*
 * readv/writev: the segments in order at f_pos, stopping at the first
 * short transfer; each segment is one read/write (no atomicity across
 * segments). Bytes done, or the error if none were.
 */
#define UIO_MAXIOV 1024

struct kiovec {
	char *base;
	unsigned long len;
};

static long
ksys_rwv(long fd, long uvec, long cnt, bool write)
{
	struct file *f;
	struct kiovec v;
	long done = 0, r = 0;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	for (long i = 0; i < cnt; i++) {
		if (vfs_copy_from_user(&v, (char *)uvec + i * sizeof(v),
				       sizeof(v))) {
			r = -EFAULT;
			break;
		}
		r = (long)v.len < 0 ? -EINVAL : rw_at_fpos(f, v.base, v.len,
							    write);
		if (r < 0)
			break;
		done += r;
		if ((unsigned long)r < v.len)
			break;
	}
	fput(f);
	return done ? done : (r < 0 ? r : 0);
}

SYSCALL_DEFINE(readv, __NR_readv)(long fd, long vec, long cnt, long a3,
				   long a4, long a5)
{
	return ksys_rwv(fd, vec, cnt, false);
}

SYSCALL_DEFINE(writev, __NR_writev)(long fd, long vec, long cnt, long a3,
				     long a4, long a5)
{
	return ksys_rwv(fd, vec, cnt, true);
}

SYSCALL_DEFINE(lseek, __NR_lseek)(long fd, long off, long whence, long a3,
				   long a4, long a5)
{
	struct file *f = fget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = vfs_llseek(f, off, whence);
	fput(f);
	return ret;
}
