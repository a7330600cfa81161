/*
 * stat, fstat, lstat, newfstatat, statfs, fstatfs: the kernel's view of
 * an inode or a superblock in the Linux x86_64 layouts (struct
 * linux_stat, struct linux_statfs from include/uapi/).
 *
 * st_dev and st_rdev use Linux's user encoding of dev_t (major in bits
 * 8-19, minor in bits 0-7 and 20-31). lstat and AT_SYMLINK_NOFOLLOW
 * describe a final symlink itself, stat its target. Results are built
 * in kernel memory and copied out with one copy (-EFAULT if the buffer
 * is bad).
 */
#include "internal.h"
#include <slab.h>
#include <syscalls.h>

static unsigned long
encode_dev(dev_t d)
{
	unsigned long ma = MAJOR(d), mi = MINOR(d);

	return (mi & 0xff) | (ma << 8) | ((mi & ~0xffUL) << 12);
}

static void
fill_stat(struct inode *inode, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = encode_dev(inode->i_sb->s_dev);
	st->st_ino = inode->i_ino;
	st->st_nlink = inode->i_nlink;
	st->st_mode = inode->i_mode;
	st->st_uid = inode->i_uid;
	st->st_gid = inode->i_gid;
	st->st_rdev = encode_dev(inode->i_rdev);
	st->st_size = i_size_read(inode);
	st->st_blksize = inode->i_sb->s_blocksize;
	st->st_blocks = inode->i_blocks;
	st->st_atime = inode->i_atime;
	st->st_mtime = inode->i_mtime;
	st->st_ctime = inode->i_ctime;
}

static int
copy_stat(struct inode *inode, void *ubuf)
{
	struct linux_stat st;

	fill_stat(inode, &st);
	return vfs_copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

int
vfs_fstat_linux(struct file *f, void *ustat)
{
	return copy_stat(f->f_inode, ustat);
}

static long
stat_at(int dfd, long upath, long ubuf, int flags)
{
	char *name;
	struct path p;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	name = getname((const char *)upath);
	if (PTR_ERR(name) == -ENOENT && (flags & AT_EMPTY_PATH)) {
		struct file *f = fget(dfd);

		if (!f)
			return -EBADF;
		err = vfs_fstat_linux(f, (void *)ubuf);
		fput(f);
		return err;
	}
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookupat_flags(dfd, name, (flags & AT_SYMLINK_NOFOLLOW) ?
					      LOOKUP_NOFOLLOW : 0, &p);
	kfree(name);
	if (err)
		return err;
	err = copy_stat(p.dentry->d_inode, (void *)ubuf);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE(stat, __NR_stat)(long path, long buf, long a2, long a3,
				 long a4, long a5)
{
	return stat_at(AT_FDCWD, path, buf, 0);
}

SYSCALL_DEFINE(lstat, __NR_lstat)(long path, long buf, long a2, long a3,
				   long a4, long a5)
{
	return stat_at(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE(newfstatat, __NR_newfstatat)(long dfd, long path, long buf,
					     long flags, long a4, long a5)
{
	return stat_at(dfd, path, buf, flags);
}

SYSCALL_DEFINE(fstat, __NR_fstat)(long fd, long buf, long a2, long a3,
				   long a4, long a5)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fstat_linux(f, (void *)buf);
	fput(f);
	return err;
}

static int
copy_statfs(const struct path *p, void *ubuf)
{
	struct linux_statfs out;
	struct kstatfs st;
	int err = vfs_statfs(p, &st);

	if (err)
		return err;
	memset(&out, 0, sizeof(out));
	out.f_type = st.f_type;
	out.f_bsize = st.f_bsize;
	out.f_blocks = st.f_blocks;
	out.f_bfree = st.f_bfree;
	out.f_bavail = st.f_bavail;
	out.f_files = st.f_files;
	out.f_ffree = st.f_ffree;
	out.f_fsid.val[0] = (int)p->dentry->d_sb->s_dev;
	out.f_namelen = st.f_namelen;
	out.f_frsize = st.f_frsize ? st.f_frsize : st.f_bsize;
	out.f_flags = st.f_flags | ST_VALID;
	return vfs_copy_to_user(ubuf, &out, sizeof(out)) ? -EFAULT : 0;
}

/* copy_statfs() in with_fd_path()'s shape. */
static int
statfs_path(struct path *p, long ubuf)
{
	return copy_statfs(p, (void *)ubuf);
}

SYSCALL_DEFINE(statfs, __NR_statfs)(long path, long buf, long a2, long a3,
				     long a4, long a5)
{
	char *name = getname((const char *)path);
	struct path p;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, &p);
	kfree(name);
	if (err)
		return err;
	err = copy_statfs(&p, (void *)buf);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE(fstatfs, __NR_fstatfs)(long fd, long buf, long a2, long a3,
				       long a4, long a5)
{
	return with_fd_path(fd, statfs_path, buf);
}
