/*
 * ext2 directory inode operations: lookup, create, mknod, mkdir,
 * rmdir, unlink, link, symlink, rename; and symlinks' get_link.
 *
 * The VFS (fs/namei_ops.c) has already resolved the parent, holds its
 * i_rwsem exclusively (rename: both parents, under rename_mutex; plus
 * the victim's), and has checked the dcache side: the name is absent
 * for create, present for unlink, types agree for rename. Here the
 * disk is changed, link counts kept right, and the dentry instantiated
 * on success (the VFS unhashes or moves dentries itself).
 *
 * Link counts: a file has one per name; a directory has its name, its
 * own "." and one ".." per subdirectory. Counts are capped at
 * EXT2_LINK_MAX (-EMLINK). An inode whose count reaches 0 is freed when
 * its last reference goes (ext2_evict_inode), so an open unlinked file
 * keeps working.
 *
 * Failures undo what they did: a new inode that could not be linked is
 * given count 0 and dropped, which frees it; rename adds the new name
 * before it removes the old one, so an error (a full disk) leaves the
 * old name in place.
 */
#include "ext2.h"
#include "../internal.h"
#include <slab.h>

static int
name_len(struct dentry *d)
{
	return strnlen(d->d_name, sizeof(d->d_name));
}

static struct dentry *
ext2_lookup(struct inode *dir, struct dentry *d)
{
	struct buffer_head *bh;
	struct inode *inode;
	unsigned int off;
	u32 ino;
	int err;

	if (name_len(d) > EXT2_NAME_LEN)
		return ERR_PTR(-ENAMETOOLONG);
	err = ext2_find_entry(dir, d->d_name, name_len(d), &bh, &off, &ino);
	if (err == -ENOENT) {
		d_add(d, NULL);
		return NULL;
	}
	if (err)
		return ERR_PTR(err);
	brelse(bh);
	inode = ext2_iget(dir->i_sb, ino);
	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	d_add(d, inode);
	return NULL;
}

/* Link the new @inode as @d, or drop it (count 0 frees it). */
static int
ext2_link_new(struct inode *dir, struct dentry *d, struct inode *inode)
{
	int err = ext2_add_link(dir, d->d_name, name_len(d), inode);

	if (err) {
		clear_nlink(inode);
		ext2_mark_inode_dirty(inode);
		iput(inode);
		return err;
	}
	d_instantiate(d, inode);
	return 0;
}

static int
ext2_mknod(struct inode *dir, struct dentry *d, mode_t mode, dev_t dev)
{
	struct inode *inode;

	if (name_len(d) > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	inode = ext2_new_inode(dir, mode);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!S_ISREG(mode)) {
		inode->i_rdev = dev;
		init_special_inode(inode, mode, dev);
		ext2_mark_inode_dirty(inode);
	}
	return ext2_link_new(dir, d, inode);
}

static int
ext2_create(struct inode *dir, struct dentry *d, mode_t mode)
{
	return ext2_mknod(dir, d, S_IFREG | (mode & 07777), 0);
}

static int
ext2_mkdir(struct inode *dir, struct dentry *d, mode_t mode)
{
	struct inode *inode;
	int err;

	if (name_len(d) > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	if (dir->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	inode = ext2_new_inode(dir, S_IFDIR | (mode & 07777));
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	inode->i_nlink = 2; /* its name and its "." */
	err = ext2_make_empty(inode, dir);
	if (err) {
		clear_nlink(inode);
		iput(inode);
		return err;
	}
	err = ext2_link_new(dir, d, inode);
	if (err)
		return err;
	inc_nlink(dir); /* the child's ".." */
	ext2_mark_inode_dirty(dir);
	return 0;
}

/* Remove @d's entry from @dir and drop one link of its inode. */
static int
ext2_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	struct buffer_head *bh;
	unsigned int off;
	u32 ino;
	int err;

	err = ext2_find_entry(dir, d->d_name, name_len(d), &bh, &off, &ino);
	if (err)
		return err;
	if (ino != inode->i_ino) {
		pr_err("ext2: directory %lu: entry %s names inode %u, not "
		       "%lu\n",
		       dir->i_ino, d->d_name, ino, inode->i_ino);
		brelse(bh);
		return -EUCLEAN;
	}
	err = ext2_delete_entry(dir, bh, off);
	brelse(bh);
	if (err)
		return err;
	inode->i_ctime = dir->i_ctime;
	drop_nlink(inode);
	ext2_mark_inode_dirty(inode);
	return 0;
}

static int
ext2_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	int err = ext2_empty_dir(inode);

	if (err <= 0)
		return err ? err : -ENOTEMPTY;
	err = ext2_unlink(dir, d);
	if (err)
		return err;
	clear_nlink(inode); /* and its "." */
	ext2_mark_inode_dirty(inode);
	drop_nlink(dir); /* its ".." */
	ext2_mark_inode_dirty(dir);
	return 0;
}

static int
ext2_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;
	int err;

	if (inode->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	err = ext2_add_link(dir, d->d_name, name_len(d), inode);
	if (err)
		return err;
	inc_nlink(inode);
	inode->i_ctime = current_time_sec();
	ext2_mark_inode_dirty(inode);
	d_instantiate(d, igrab(inode));
	return 0;
}

/* A target too long for i_block goes in a block of its own. */
static int
ext2_write_link(struct inode *inode, const char *target, size_t len)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct buffer_head *bh;
	u32 pblk;
	int err;

	if (len < sizeof(ei->i_data)) {
		memcpy(ei->i_data, target, len); /* a fast symlink */
		return 0;
	}
	mutex_lock(&ei->truncate_mutex);
	err = ext2_get_block(inode, 0, true, &pblk, NULL);
	mutex_unlock(&ei->truncate_mutex);
	if (err)
		return err;
	bh = sb_getblk_zero(inode->i_sb, pblk);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	memcpy(bh->b_data, target, len);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

static int
ext2_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	int err;

	if (name_len(d) > EXT2_NAME_LEN || len >= dir->i_sb->s_blocksize)
		return -ENAMETOOLONG;
	inode = ext2_new_inode(dir, S_IFLNK | 0777);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	EXT2_I(inode)->i_link = kstrdup(target, GFP_KERNEL);
	err = EXT2_I(inode)->i_link ? ext2_write_link(inode, target, len)
				    : -ENOMEM;
	i_size_write(inode, len);
	ext2_mark_inode_dirty(inode);
	if (err) {
		clear_nlink(inode);
		iput(inode);
		return err;
	}
	return ext2_link_new(dir, d, inode);
}

static const char *
ext2_get_link(struct inode *inode)
{
	return EXT2_I(inode)->i_link ? EXT2_I(inode)->i_link : "";
}

/* The new name: take over an existing entry, or add one. */
static int
rename_target(struct inode *ndir, struct dentry *nd, struct inode *oi)
{
	struct inode *ni = nd->d_inode;
	struct buffer_head *bh;
	unsigned int off;
	u32 ino;
	int err;

	if (!ni) {
		if (S_ISDIR(oi->i_mode) && ndir->i_nlink >= EXT2_LINK_MAX)
			return -EMLINK;
		err = ext2_add_link(ndir, nd->d_name, name_len(nd), oi);
		if (!err && S_ISDIR(oi->i_mode))
			inc_nlink(ndir);
		return err;
	}
	if (S_ISDIR(ni->i_mode)) {
		err = ext2_empty_dir(ni);
		if (err <= 0)
			return err ? err : -ENOTEMPTY;
	}
	err = ext2_find_entry(ndir, nd->d_name, name_len(nd), &bh, &off, &ino);
	if (err)
		return err;
	ext2_set_link(ndir, bh, off, oi);
	brelse(bh);
	ni->i_ctime = current_time_sec();
	drop_nlink(ni);
	if (S_ISDIR(ni->i_mode))
		clear_nlink(ni); /* and its "."; ndir keeps one ".." */
	ext2_mark_inode_dirty(ni);
	return 0;
}

static int
remove_old_name(struct inode *odir, struct dentry *od)
{
	struct buffer_head *bh;
	unsigned int off;
	u32 ino;
	int err;

	err = ext2_find_entry(odir, od->d_name, name_len(od), &bh, &off, &ino);
	if (err)
		return err;
	err = ext2_delete_entry(odir, bh, off);
	brelse(bh);
	return err;
}

static int
ext2_rename(struct inode *odir, struct dentry *od, struct inode *ndir,
	    struct dentry *nd)
{
	struct inode *oi = od->d_inode;
	bool move_dir = S_ISDIR(oi->i_mode);
	struct buffer_head *dbh = NULL;
	unsigned int doff = 0;
	int err = 0;

	if (name_len(nd) > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	if (move_dir && odir != ndir)
		err = ext2_dotdot(oi, &dbh, &doff);
	if (!err)
		err = rename_target(ndir, nd, oi);
	if (!err)
		err = remove_old_name(odir, od);
	if (err) {
		brelse(dbh);
		return err;
	}
	oi->i_ctime = current_time_sec();
	ext2_mark_inode_dirty(oi);
	if (move_dir) {
		if (dbh)
			ext2_set_link(oi, dbh, doff, ndir);
		drop_nlink(odir); /* it loses our ".." */
		ext2_mark_inode_dirty(odir);
		ext2_mark_inode_dirty(ndir);
	}
	brelse(dbh);
	return 0;
}

const struct inode_operations ext2_dir_inode_operations = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.mkdir = ext2_mkdir,
	.rmdir = ext2_rmdir,
	.unlink = ext2_unlink,
	.rename = ext2_rename,
	.link = ext2_link,
	.mknod = ext2_mknod,
	.symlink = ext2_symlink,
};

const struct inode_operations ext2_symlink_inode_operations = {
	.get_link = ext2_get_link,
};
