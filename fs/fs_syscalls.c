/*
 * File-system syscalls that are thin wrappers: the namespace changes
 * (mkdir, rmdir, unlink, rename, link and their *at forms), getcwd,
 * mount/umount2, sync/fsync, ioctl, fcntl and the dup family.
 *
 * Each copies its path arguments in with getname() (-EFAULT,
 * -ENAMETOOLONG, -ENOENT for "") and calls the fs/namei_ops.c or
 * fs/namespace.c function with kernel strings. Numbers and semantics
 * are Linux's.
 */
#include "internal.h"
#include <writeback.h>
#include <sched.h>
#include <slab.h>
#include <syscalls.h>
#include <uapi/mount.h>

#define FIONCLEX 0x5450
#define FIOCLEX  0x5451

static long
path_op1(long upath, int dfd, int (*fn)(int, const char *))
{
	char *name = getname((const char *)upath);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = fn(dfd, name);
	kfree(name);
	return err;
}

static long
path_op2(int odfd, long uold, int ndfd, long unew,
	 int (*fn)(int, const char *, int, const char *))
{
	char *oname = getname((const char *)uold), *nname;
	int err;

	if (IS_ERR(oname))
		return PTR_ERR(oname);
	nname = getname((const char *)unew);
	if (IS_ERR(nname)) {
		kfree(oname);
		return PTR_ERR(nname);
	}
	err = fn(odfd, oname, ndfd, nname);
	kfree(oname);
	kfree(nname);
	return err;
}

static long
mkdir_at(int dfd, long upath, long mode)
{
	char *name = getname((const char *)upath);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_mkdirat(dfd, name, mode & ~current_umask());
	kfree(name);
	return err;
}

SYSCALL_DEFINE(mkdir, __NR_mkdir)(long path, long mode, long a2, long a3,
				   long a4, long a5)
{
	return mkdir_at(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE(mkdirat, __NR_mkdirat)(long dfd, long path, long mode,
				       long a3, long a4, long a5)
{
	return mkdir_at(dfd, path, mode);
}

SYSCALL_DEFINE(rmdir, __NR_rmdir)(long path, long a1, long a2, long a3,
				   long a4, long a5)
{
	return path_op1(path, AT_FDCWD, do_rmdir);
}

SYSCALL_DEFINE(unlink, __NR_unlink)(long path, long a1, long a2, long a3,
				     long a4, long a5)
{
	return path_op1(path, AT_FDCWD, do_unlinkat);
}

SYSCALL_DEFINE(unlinkat, __NR_unlinkat)(long dfd, long path, long flags,
					 long a3, long a4, long a5)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return path_op1(path, dfd,
			(flags & AT_REMOVEDIR) ? do_rmdir : do_unlinkat);
}

SYSCALL_DEFINE(rename, __NR_rename)(long oldp, long newp, long a2, long a3,
				     long a4, long a5)
{
	return path_op2(AT_FDCWD, oldp, AT_FDCWD, newp, do_renameat);
}

SYSCALL_DEFINE(renameat, __NR_renameat)(long odfd, long oldp, long ndfd,
					 long newp, long a4, long a5)
{
	return path_op2(odfd, oldp, ndfd, newp, do_renameat);
}

SYSCALL_DEFINE(link, __NR_link)(long oldp, long newp, long a2, long a3,
				 long a4, long a5)
{
	return path_op2(AT_FDCWD, oldp, AT_FDCWD, newp, do_linkat);
}

static int
symlink_op(int unused, const char *target, int dfd, const char *name)
{
	return do_symlinkat(target, dfd, name);
}

SYSCALL_DEFINE(symlink, __NR_symlink)(long target, long path, long a2,
				       long a3, long a4, long a5)
{
	return path_op2(AT_FDCWD, target, AT_FDCWD, path, symlink_op);
}

/* The link's target, not NUL-terminated, truncated to @n bytes. */
SYSCALL_DEFINE(readlink, __NR_readlink)(long path, long buf, long n,
					 long a3, long a4, long a5)
{
	char *name = getname((const char *)path);
	struct inode *inode;
	const char *body;
	struct path p;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = path_lookupat_flags(AT_FDCWD, name, LOOKUP_NOFOLLOW, &p);
	kfree(name);
	if (err)
		return err;
	inode = p.dentry->d_inode;
	if (n <= 0 || !S_ISLNK(inode->i_mode) || !inode->i_op->get_link) {
		err = -EINVAL;
	} else {
		body = inode->i_op->get_link(inode);
		err = min((long)strlen(body), n);
		if (vfs_copy_to_user((void *)buf, body, err))
			err = -EFAULT;
	}
	path_put(&p);
	return err;
}

/* Returns the length including the NUL, as the Linux syscall does. */
SYSCALL_DEFINE(getcwd, __NR_getcwd)(long ubuf, long size, long a2, long a3,
				     long a4, long a5)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	struct path pwd;
	long n;

	if (!buf)
		return -ENOMEM;
	get_fs_pwd(&pwd);
	n = d_path(&pwd, buf, PATH_MAX);
	path_put(&pwd);
	if (n >= 0 && n + 1 > size)
		n = -ERANGE;
	else if (n >= 0 && vfs_copy_to_user((void *)ubuf, buf, n + 1))
		n = -EFAULT;
	else if (n >= 0)
		n++;
	kfree(buf);
	return n;
}

/* The source string: may be NULL or "", but must be readable. */
static char *
mount_source(long usrc)
{
	char *src = kzalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!src)
		return ERR_PTR(-ENOMEM);
	if (!usrc)
		return src;
	n = vfs_strncpy_from_user(src, (const char *)usrc, PATH_MAX);
	if (n < 0) {
		kfree(src);
		return ERR_PTR(n);
	}
	return src;
}

static long
mount_strings(char *src, long target, long type, long flags)
{
	char *dir, *fstype = getname((const char *)type);
	int err;

	if (IS_ERR(fstype))
		return PTR_ERR(fstype);
	dir = getname((const char *)target);
	err = IS_ERR(dir) ? PTR_ERR(dir) : do_mount(src, dir, fstype, flags);
	if (!IS_ERR(dir))
		kfree(dir);
	kfree(fstype);
	return err;
}

/* mount(source, target, type, flags, data): new mounts only. */
SYSCALL_DEFINE(mount, __NR_mount)(long src, long target, long type,
				   long flags, long data, long a5)
{
	char *source;
	long err;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE))
		return -EINVAL;
	if (!type)
		return -EINVAL;
	source = mount_source(src);
	if (IS_ERR(source))
		return PTR_ERR(source);
	err = mount_strings(source, target, type, flags);
	kfree(source);
	return err;
}

SYSCALL_DEFINE(umount2, __NR_umount2)(long target, long flags, long a2,
				       long a3, long a4, long a5)
{
	char *dir;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	dir = getname((const char *)target);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = do_umount(dir, flags);
	kfree(dir);
	return err;
}

SYSCALL_DEFINE(sync, __NR_sync)(long a0, long a1, long a2, long a3,
				 long a4, long a5)
{
	sync_all_filesystems();	/* data and inodes, then each sb */
	sync_filesystems();
	return 0;
}

int
vfs_fsync(struct file *f, int datasync)
{
	if (!f->f_op->fsync)
		return -EINVAL;
	return f->f_op->fsync(f, 0, MAX_LFS_FILESIZE, datasync);
}

static long
fsync_fd(long fd, int datasync)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = vfs_fsync(f, datasync);
	fput(f);
	return err;
}

SYSCALL_DEFINE(fsync, __NR_fsync)(long fd, long a1, long a2, long a3,
				   long a4, long a5)
{
	return fsync_fd(fd, 0);
}

SYSCALL_DEFINE(fdatasync, __NR_fdatasync)(long fd, long a1, long a2,
					   long a3, long a4, long a5)
{
	return fsync_fd(fd, 1);
}

SYSCALL_DEFINE(ioctl, __NR_ioctl)(long fd, long cmd, long arg, long a3,
				   long a4, long a5)
{
	struct file *f = fget(fd);
	long ret = -ENOTTY;

	if (!f)
		return -EBADF;
	if ((unsigned int)cmd == FIOCLEX || (unsigned int)cmd == FIONCLEX) {
		set_close_on_exec(fd, (unsigned int)cmd == FIOCLEX);
		ret = 0;
	} else if (f->f_op->unlocked_ioctl) {
		ret = f->f_op->unlocked_ioctl(f, cmd, arg);
	}
	fput(f);
	return ret;
}

/* The status flags F_SETFL may change, as in Linux. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME)

static long
do_fcntl(int fd, int cmd, long arg, struct file *f)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		int nfd;

		if (arg < 0 || arg >= NR_OPEN_DEFAULT)
			return -EINVAL;
		nfd = alloc_fd(arg, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
		if (nfd >= 0)
			fd_install(nfd, get_file(f));
		return nfd;
	}
	case F_GETFD:
		return get_close_on_exec(fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		set_close_on_exec(fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->f_flags;	/* access mode included */
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		return 0;
	}
	return -EINVAL;
}

SYSCALL_DEFINE(fcntl, __NR_fcntl)(long fd, long cmd, long arg, long a3,
				   long a4, long a5)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_fcntl(fd, cmd, arg, f);
	fput(f);
	return ret;
}

SYSCALL_DEFINE(dup, __NR_dup)(long fd, long a1, long a2, long a3, long a4,
			       long a5)
{
	struct file *f = fget(fd);
	int nfd;

	if (!f)
		return -EBADF;
	nfd = get_unused_fd_flags(0);
	if (nfd >= 0)
		fd_install(nfd, f);
	else
		fput(f);
	return nfd;
}

SYSCALL_DEFINE(dup2, __NR_dup2)(long oldfd, long newfd, long a2, long a3,
				 long a4, long a5)
{
	struct file *f;

	if (oldfd == newfd) {
		f = fget(oldfd);
		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return replace_fd(oldfd, newfd, 0);
}

SYSCALL_DEFINE(dup3, __NR_dup3)(long oldfd, long newfd, long flags, long a3,
				 long a4, long a5)
{
	if (oldfd == newfd || (flags & ~O_CLOEXEC))
		return -EINVAL;
	return replace_fd(oldfd, newfd, flags);
}
