/*
 * Reading directories: iterate_dir() and getdents64(2).
 *
 * A directory's ->iterate_shared emits entries from ctx->pos on through
 * dir_emit(), advancing ctx->pos past each one it emitted; positions
 * are the filesystem's cookies (fs/libfs.c: 0 ".", 1 "..", then a
 * per-dentry sequence number), so entries added or removed between
 * two getdents64 calls never make the listing repeat or skip others.
 * f_pos stores the cookie between calls; each record's d_off is the
 * cookie that resumes just after it.
 *
 * Locking: the directory's i_rwsem shared (its entries do not change
 * meanwhile) and the file's f_pos_lock. Reading a removed directory
 * fails with -ENOENT, as in Linux.
 */
#include "internal.h"
#include <syscalls.h>

struct getdents_ctx {
	struct dir_context ctx;
	char *ubuf;
	size_t left;
	size_t written;
	int error;
};

int
iterate_dir(struct file *f, struct dir_context *ctx)
{
	struct inode *inode = f->f_inode;
	int err = -ENOENT;

	if (!f->f_op->iterate_shared)
		return -ENOTDIR;
	down_read(&inode->i_rwsem);
	ctx->pos = f->f_pos;
	if (inode->i_nlink)
		err = f->f_op->iterate_shared(f, ctx);
	f->f_pos = ctx->pos;
	up_read(&inode->i_rwsem);
	return err;
}

static bool
filldir64(struct dir_context *ctx, const char *name, int len, loff_t pos,
	  u64 ino, unsigned int type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN(offsetof(struct linux_dirent64, d_name) + len + 1,
			      8);
	union {
		struct linux_dirent64 d;
		char raw[offsetof(struct linux_dirent64, d_name) + NAME_MAX +
			 8];
	} rec;

	if (reclen > g->left) {
		if (!g->written)
			g->error = -EINVAL;	/* buffer too small */
		return false;
	}
	memset(&rec, 0, reclen);
	rec.d.d_ino = ino;
	rec.d.d_off = pos + 1;
	rec.d.d_reclen = reclen;
	rec.d.d_type = type;
	memcpy(rec.d.d_name, name, len);
	if (vfs_copy_to_user(g->ubuf, &rec, reclen)) {
		g->error = -EFAULT;
		return false;
	}
	g->ubuf += reclen;
	g->left -= reclen;
	g->written += reclen;
	return true;
}

SYSCALL_DEFINE(getdents64, __NR_getdents64)(long fd, long buf, long count,
					     long a3, long a4, long a5)
{
	struct getdents_ctx g = {
		.ctx.actor = filldir64,
		.ubuf = (char *)buf,
		.left = count < 0 ? 0 : count,
	};
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	mutex_lock(&f->f_pos_lock);
	err = iterate_dir(f, &g.ctx);
	mutex_unlock(&f->f_pos_lock);
	fput(f);
	if (g.written)
		return g.written;
	return err ? err : g.error;
}
