/*
 * Directory-changing operations: mkdir, mknod, rmdir, unlink, rename,
 * link, symlink. Names are kernel strings; the syscalls copy them in first.
 *
 * Each resolves the parent (path_parentat), takes the parent's i_rwsem
 * exclusively, looks the last component up under it, checks, and calls
 * the directory's inode operation, which changes the filesystem and
 * the inodes; the dcache side (instantiate, unhash, move) is done by
 * the fs (d_instantiate on create) or here (d_unhash, d_move).
 * rmdir and unlink also lock the victim's i_rwsem (parent first), so
 * no one creates a file inside a directory being removed.
 *
 * Rename serialises on rename_mutex, which keeps the tree's shape
 * still while it locks both parents, ancestor first (every other
 * operation also locks parent before child, so the order is global),
 * and then the replaced inode, if any.
 *
 * Errors follow Linux: -EEXIST, -ENOENT, -ENOTDIR, -EISDIR, -ENOTEMPTY,
 * -EBUSY (mount points, ".", the root), -EXDEV (across mounts),
 * -EINVAL (a directory into itself), -EPERM (no such operation).
 */
#include "internal.h"

static DEFINE_MUTEX(rename_mutex);

struct dir_op {
	struct path parent;
	struct last_component last;
	struct inode *dir;
	struct dentry *d;	/* the last component, maybe negative */
};

/* Errors for a last component of "/", "." or "..", per operation. */
static const int create_errs[] = { 0, -EEXIST, -EEXIST, -EEXIST };
static const int unlink_errs[] = { 0, -EISDIR, -EISDIR, -EISDIR };
static const int rmdir_errs[] = { 0, -EBUSY, -EINVAL, -ENOTEMPTY };

/* Resolve, lock the parent, look up the last component. */
static int
dir_op_start(struct dir_op *op, int dfd, const char *name,
	     const int *type_errs)
{
	int err = path_parentat(dfd, name, &op->parent, &op->last);

	if (err)
		return err;
	if (op->last.type != LAST_NORM) {
		path_put(&op->parent);
		return type_errs[op->last.type];
	}
	op->dir = op->parent.dentry->d_inode;
	down_write(&op->dir->i_rwsem);
	op->d = lookup_one_locked(op->parent.dentry, op->last.name,
				  op->last.len);
	if (IS_ERR(op->d)) {
		up_write(&op->dir->i_rwsem);
		path_put(&op->parent);
		return PTR_ERR(op->d);
	}
	return 0;
}

static void
dir_op_end(struct dir_op *op)
{
	up_write(&op->dir->i_rwsem);
	dput(op->d);
	path_put(&op->parent);
}

static int
vfs_mknod(struct dir_op *op, mode_t mode, dev_t dev)
{
	struct inode *dir = op->dir;

	if (op->d->d_inode)
		return -EEXIST;
	if (S_ISDIR(mode))
		return dir->i_op->mkdir ? dir->i_op->mkdir(dir, op->d, mode) :
					  -EPERM;
	if (S_ISREG(mode) && dir->i_op->create)
		return dir->i_op->create(dir, op->d, mode);
	return dir->i_op->mknod ? dir->i_op->mknod(dir, op->d, mode, dev) :
				  -EPERM;
}

int
do_mknodat(int dfd, const char *name, mode_t mode, dev_t dev)
{
	struct dir_op op;
	int err = dir_op_start(&op, dfd, name, create_errs);

	if (err)
		return err;
	if (op.last.slash && !S_ISDIR(mode))
		err = -ENOENT;
	else
		err = vfs_mknod(&op, mode, dev);
	dir_op_end(&op);
	return err;
}

int
do_mkdirat(int dfd, const char *name, mode_t mode)
{
	return do_mknodat(dfd, name, S_IFDIR | (mode & 07777), 0);
}

/* Shared tail of rmdir and unlink: the victim is locked meanwhile. */
static int
remove_locked(struct dir_op *op, bool dir)
{
	struct inode *victim = op->d->d_inode;
	int err;

	if (d_mountpoint(op->d))
		return -EBUSY;
	down_write(&victim->i_rwsem);
	if (dir)
		err = op->dir->i_op->rmdir ?
			      op->dir->i_op->rmdir(op->dir, op->d) : -EPERM;
	else
		err = op->dir->i_op->unlink ?
			      op->dir->i_op->unlink(op->dir, op->d) : -EPERM;
	up_write(&victim->i_rwsem);
	if (!err)
		d_unhash(op->d);
	return err;
}

int
do_rmdir(int dfd, const char *name)
{
	struct dir_op op;
	int err = dir_op_start(&op, dfd, name, rmdir_errs);

	if (err)
		return err;
	if (!op.d->d_inode)
		err = -ENOENT;
	else if (!S_ISDIR(op.d->d_inode->i_mode))
		err = -ENOTDIR;
	else
		err = remove_locked(&op, true);
	dir_op_end(&op);
	return err;
}

int
do_unlinkat(int dfd, const char *name)
{
	struct dir_op op;
	int err = dir_op_start(&op, dfd, name, unlink_errs);

	if (err)
		return err;
	if (!op.d->d_inode)
		err = -ENOENT;
	else if (S_ISDIR(op.d->d_inode->i_mode))
		err = -EISDIR;
	else if (op.last.slash)
		err = -ENOTDIR;
	else
		err = remove_locked(&op, false);
	dir_op_end(&op);
	return err;
}

int
do_symlinkat(const char *target, int dfd, const char *name)
{
	struct dir_op op;
	int err;

	if (!*target)
		return -ENOENT;
	err = dir_op_start(&op, dfd, name, create_errs);
	if (err)
		return err;
	if (op.d->d_inode)
		err = -EEXIST;
	else if (!op.dir->i_op->symlink)
		err = -EPERM;
	else
		err = op.dir->i_op->symlink(op.dir, op.d, target);
	dir_op_end(&op);
	return err;
}

int
do_linkat(int odfd, const char *oname, int ndfd, const char *nname)
{
	struct path old;
	struct dir_op op;
	int err = path_lookupat(odfd, oname, &old);

	if (err)
		return err;
	err = dir_op_start(&op, ndfd, nname, create_errs);
	if (err)
		goto out;
	if (op.parent.mnt != old.mnt)
		err = -EXDEV;
	else if (S_ISDIR(old.dentry->d_inode->i_mode))
		err = -EPERM;
	else if (op.d->d_inode)
		err = -EEXIST;
	else if (!op.dir->i_op->link)
		err = -EPERM;
	else
		err = op.dir->i_op->link(old.dentry, op.dir, op.d);
	dir_op_end(&op);
out:
	path_put(&old);
	return err;
}

/* ---- rename ---- */

struct rename_op {
	struct path op, np;		/* old and new parents */
	struct last_component ol, nl;
	struct dentry *od, *nd;		/* old and new dentries */
	struct inode *odir, *ndir;
};

static void
lock_rename(struct rename_op *r)
{
	if (r->odir == r->ndir) {
		down_write(&r->odir->i_rwsem);
	} else if (is_subdir(r->op.dentry, r->np.dentry)) {
		down_write(&r->ndir->i_rwsem);	/* new parent is above */
		down_write(&r->odir->i_rwsem);
	} else {
		down_write(&r->odir->i_rwsem);
		down_write(&r->ndir->i_rwsem);
	}
}

static void
unlock_rename(struct rename_op *r)
{
	up_write(&r->odir->i_rwsem);
	if (r->odir != r->ndir)
		up_write(&r->ndir->i_rwsem);
}

/* Type and topology checks, both parents locked. */
static int
rename_check(struct rename_op *r)
{
	struct inode *oi = r->od->d_inode, *ni = r->nd->d_inode;
	bool isdir;

	if (!oi)
		return -ENOENT;
	isdir = S_ISDIR(oi->i_mode);
	if (r->nl.slash && !isdir)
		return -ENOTDIR;
	if (isdir && is_subdir(r->np.dentry, r->od))
		return -EINVAL;		/* into itself */
	if (ni && isdir && !S_ISDIR(ni->i_mode))
		return -ENOTDIR;
	if (ni && !isdir && S_ISDIR(ni->i_mode))
		return -EISDIR;
	if (ni && is_subdir(r->op.dentry, r->nd))
		return -ENOTEMPTY;	/* replacing an ancestor */
	if (d_mountpoint(r->od) || d_mountpoint(r->nd))
		return -EBUSY;
	return 0;
}

static int
rename_locked(struct rename_op *r)
{
	struct inode *ni;
	int err;

	r->od = lookup_one_locked(r->op.dentry, r->ol.name, r->ol.len);
	if (IS_ERR(r->od))
		return PTR_ERR(r->od);
	r->nd = lookup_one_locked(r->np.dentry, r->nl.name, r->nl.len);
	if (IS_ERR(r->nd)) {
		dput(r->od);
		return PTR_ERR(r->nd);
	}
	err = rename_check(r);
	ni = r->nd->d_inode;
	if (!err && r->od->d_inode != ni) {
		if (ni)
			down_write(&ni->i_rwsem);
		err = r->odir->i_op->rename ?
			      r->odir->i_op->rename(r->odir, r->od, r->ndir,
						    r->nd) : -EPERM;
		if (ni)
			up_write(&ni->i_rwsem);
		if (!err)
			d_move(r->od, r->nd);
	}
	dput(r->od);
	dput(r->nd);
	return err;
}

static int
rename_parents(struct rename_op *r, int odfd, const char *oname, int ndfd,
	       const char *nname)
{
	int err = path_parentat(odfd, oname, &r->op, &r->ol);

	if (err)
		return err;
	err = path_parentat(ndfd, nname, &r->np, &r->nl);
	if (err) {
		path_put(&r->op);
		return err;
	}
	if (r->ol.type != LAST_NORM || r->nl.type != LAST_NORM)
		err = -EBUSY;
	else if (r->op.mnt != r->np.mnt)
		err = -EXDEV;
	if (err) {
		path_put(&r->op);
		path_put(&r->np);
	}
	return err;
}

int
do_renameat(int odfd, const char *oname, int ndfd, const char *nname)
{
	struct rename_op r;
	int err = rename_parents(&r, odfd, oname, ndfd, nname);

	if (err)
		return err;
	r.odir = r.op.dentry->d_inode;
	r.ndir = r.np.dentry->d_inode;
	mutex_lock(&rename_mutex);
	lock_rename(&r);
	err = rename_locked(&r);
	unlock_rename(&r);
	mutex_unlock(&rename_mutex);
	path_put(&r.op);
	path_put(&r.np);
	return err;
}
