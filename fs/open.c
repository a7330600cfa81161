/*
 * Opening files, truncation, and the syscalls that take a path to act
 * on the object itself: open, openat, creat, close, truncate,
 * ftruncate, chdir, fchdir, access, chmod, fchmod.
 *
 * do_filp_open() resolves the path (creating the file under the
 * parent's i_rwsem for O_CREAT), checks the flags against the object
 * (O_DIRECTORY, -EISDIR for writing a directory), truncates for
 * O_TRUNC, and opens: the file takes references to the path and gets
 * f_op from the inode, whose ->open may replace it (char devices).
 * Access modes are O_RDONLY/O_WRONLY/O_RDWR; there are no permission
 * checks (everything runs as root). O_CLOEXEC applies to the fd. A
 * final symlink is followed unless O_NOFOLLOW (then -ELOOP); O_CREAT
 * through a dangling link does not create its target (-ENOENT).
 */
#include "internal.h"
#include <sched.h>
#include <slab.h>
#include <syscalls.h>

static unsigned int
acc_to_fmode(unsigned int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	}
	return 0;
}

struct file *
alloc_file(const struct path *p, unsigned int flags,
	   const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	atomic_long_set(&f->f_count, 1);
	f->f_dentry = p->dentry;
	f->f_vfsmnt = p->mnt;
	path_get(p);
	f->f_inode = p->dentry->d_inode;
	f->f_mapping = f->f_inode->i_mapping;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	f->f_mode = acc_to_fmode(flags);
	mutex_init(&f->f_pos_lock, "f_pos_lock");
	f->f_op = fop;
	return f;
}

struct file *
dentry_open(const struct path *p, unsigned int flags)
{
	struct inode *inode = p->dentry->d_inode;
	struct file *f;
	int err;

	if (!inode->i_fop)
		return ERR_PTR(-ENXIO);
	f = alloc_file(p, flags, inode->i_fop);
	if (!f)
		return ERR_PTR(-ENOMEM);
	if (f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL;		/* no ->release */
			fput(f);
			return ERR_PTR(err);
		}
	}
	return f;
}

int
do_truncate(struct dentry *d, loff_t length)
{
	struct inode *inode = d->d_inode;
	int err;

	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (!inode->i_op || !inode->i_op->setsize)
		return -EPERM;
	down_write(&inode->i_rwsem);
	err = inode->i_op->setsize(inode, length);
	if (!err)
		inode->i_mtime = inode->i_ctime = current_time_sec();
	up_write(&inode->i_rwsem);
	return err;
}

/* Create @d if it is negative; the parent's i_rwsem is held. */
static int
create_locked(struct inode *dir, struct dentry *d, int flags, mode_t mode)
{
	if (d->d_inode)
		return (flags & O_EXCL) ? -EEXIST : 0;
	if (!dir->i_op->create)
		return -EACCES;
	return dir->i_op->create(dir, d, S_IFREG | (mode & 07777));
}

/* O_CREAT: find or create the last component under the parent lock. */
static int
open_create(int dfd, const char *name, int flags, mode_t mode,
	    struct path *res)
{
	struct last_component last;
	struct path parent;
	struct inode *dir;
	struct dentry *d;
	int err = path_parentat(dfd, name, &parent, &last);

	if (err)
		return err;
	if (last.type != LAST_NORM || last.slash) {
		path_put(&parent);
		return -EISDIR;
	}
	dir = parent.dentry->d_inode;
	down_write(&dir->i_rwsem);
	d = lookup_one_locked(parent.dentry, last.name, last.len);
	err = IS_ERR(d) ? PTR_ERR(d) : create_locked(dir, d, flags, mode);
	up_write(&dir->i_rwsem);
	if (err) {
		if (!IS_ERR(d))
			dput(d);
		path_put(&parent);
		return err;
	}
	res->mnt = mntget(parent.mnt);
	res->dentry = d;
	path_put(&parent);
	if (S_ISLNK(d->d_inode->i_mode) && !(flags & O_NOFOLLOW)) {
		path_put(res);		/* an existing link: open its target */
		return path_lookupat(dfd, name, res);
	}
	follow_mount(res);
	return 0;
}

static int
open_check(struct path *p, int flags)
{
	mode_t m = p->dentry->d_inode->i_mode;

	if (S_ISLNK(m))
		return -ELOOP;		/* O_NOFOLLOW on a symlink */
	if ((flags & O_DIRECTORY) && !S_ISDIR(m))
		return -ENOTDIR;
	if (S_ISDIR(m) &&
	    ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if ((flags & O_ACCMODE) == 3)
		return -EINVAL;
	if ((flags & O_TRUNC) && S_ISREG(m))
		return do_truncate(p->dentry, 0);
	return 0;
}

struct file *
do_filp_open(int dfd, const char *name, int flags, mode_t mode)
{
	struct path p;
	struct file *f;
	int err;

	if (flags & O_CREAT)
		err = open_create(dfd, name, flags, mode, &p);
	else
		err = path_lookupat_flags(dfd, name, (flags & O_NOFOLLOW) ?
					  LOOKUP_NOFOLLOW : 0, &p);
	if (err)
		return ERR_PTR(err);
	err = open_check(&p, flags);
	f = err ? ERR_PTR(err) : dentry_open(&p, flags);
	path_put(&p);
	return f;
}

/* Open a kernel path name (relative to the caller's cwd). */
struct file *
filp_open(const char *path, int flags, mode_t mode)
{
	return do_filp_open(AT_FDCWD, path, flags, mode);
}

int
filp_close(struct file *f)
{
	fput(f);
	return 0;
}

static long
do_sys_openat(int dfd, const char *upath, int flags, mode_t mode)
{
	char *name = getname(upath);
	struct file *f;
	int fd;

	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(flags);
	if (fd >= 0) {
		f = do_filp_open(dfd, name, flags, mode & ~current_umask());
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

SYSCALL_DEFINE(open, __NR_open)(long path, long flags, long mode, long a3,
				 long a4, long a5)
{
	return do_sys_openat(AT_FDCWD, (const char *)path, flags, mode);
}

SYSCALL_DEFINE(openat, __NR_openat)(long dfd, long path, long flags,
				     long mode, long a4, long a5)
{
	return do_sys_openat(dfd, (const char *)path, flags, mode);
}

SYSCALL_DEFINE(creat, __NR_creat)(long path, long mode, long a2, long a3,
				   long a4, long a5)
{
	return do_sys_openat(AT_FDCWD, (const char *)path,
			     O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL_DEFINE(close, __NR_close)(long fd, long a1, long a2, long a3,
				   long a4, long a5)
{
	return close_fd(fd);
}

/* Resolve a user path, run @fn on it. */
static long
with_user_path(long upath, int (*fn)(struct path *p, long arg), long arg)
{
	char *name = getname((const char *)upath);
	struct path p;
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookupat(AT_FDCWD, name, &p);
	kfree(name);
	if (err)
		return err;
	err = fn(&p, arg);
	path_put(&p);
	return err;
}

/*
 * The fd twin of with_user_path(): run @fn on the path an open file
 * was opened at (fchdir, fchmod, fstatfs). The file reference keeps
 * the path alive; no extra path reference is needed.
 */
long
with_fd_path(long fd, int (*fn)(struct path *p, long arg), long arg)
{
	struct file *f = fget(fd);
	struct path p;
	int err;

	if (!f)
		return -EBADF;
	p.mnt = f->f_vfsmnt;
	p.dentry = f->f_dentry;
	err = fn(&p, arg);
	fput(f);
	return err;
}

static int
truncate_path(struct path *p, long len)
{
	return do_truncate(p->dentry, len);
}

SYSCALL_DEFINE(truncate, __NR_truncate)(long path, long len, long a2,
					 long a3, long a4, long a5)
{
	return with_user_path(path, truncate_path, len);
}

SYSCALL_DEFINE(ftruncate, __NR_ftruncate)(long fd, long len, long a2,
					   long a3, long a4, long a5)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = (f->f_mode & FMODE_WRITE) ? do_truncate(f->f_dentry, len) :
					  -EINVAL;
	fput(f);
	return err;
}

static int
chdir_path(struct path *p, long unused)
{
	if (!S_ISDIR(p->dentry->d_inode->i_mode))
		return -ENOTDIR;
	if (!current->fs)
		return -EPERM;	/* kernel threads share init_fs */
	set_fs_pwd(current->fs, p);
	return 0;
}

SYSCALL_DEFINE(chdir, __NR_chdir)(long path, long a1, long a2, long a3,
				   long a4, long a5)
{
	return with_user_path(path, chdir_path, 0);
}

SYSCALL_DEFINE(fchdir, __NR_fchdir)(long fd, long a1, long a2, long a3,
				     long a4, long a5)
{
	return with_fd_path(fd, chdir_path, 0);
}

static int
access_path(struct path *p, long mode)
{
	return (mode & ~7L) ? -EINVAL : 0;	/* root may do anything */
}

SYSCALL_DEFINE(access, __NR_access)(long path, long mode, long a2, long a3,
				     long a4, long a5)
{
	return with_user_path(path, access_path, mode);
}

static int
chmod_path(struct path *p, long mode)
{
	struct inode *inode = p->dentry->d_inode;

	down_write(&inode->i_rwsem);
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & 07777);
	inode->i_ctime = current_time_sec();
	up_write(&inode->i_rwsem);
	return 0;
}

SYSCALL_DEFINE(chmod, __NR_chmod)(long path, long mode, long a2, long a3,
				   long a4, long a5)
{
	return with_user_path(path, chmod_path, mode);
}

SYSCALL_DEFINE(fchmod, __NR_fchmod)(long fd, long mode, long a2, long a3,
				     long a4, long a5)
{
	return with_fd_path(fd, chmod_path, mode);
}
