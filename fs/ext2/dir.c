/*
 * ext2 directories: the entries inside directory blocks, and readdir.
 *
 * A directory is an ordinary block-mapped file whose blocks hold
 * struct ext2_dir_entry_2 records back to back. Each record's rec_len
 * reaches the next one; the last reaches the end of its block, so
 * records never cross blocks. An entry with inode 0 is unused space.
 * Adding a name takes an unused entry or the slack at the end of a used
 * one (splitting it), else a new block; removing one folds its space
 * into the previous entry of the block (or, if it is the first, marks
 * it unused). Block 0 starts with "." and "..".
 *
 * Directory blocks are metadata: they live in the buffer cache (not in
 * the page cache). Every block is checked when read
 * (ext2_check_dir_block): a rec_len below the minimum or not a multiple
 * of 4, too small for its name, or running past the block, or an
 * inode number past the end, refuses the directory with -EUCLEAN and a
 * KERN_ERR line naming directory, block and offset -- a corrupt
 * directory can never make a walk loop or run off its buffer.
 *
 * readdir positions are byte offsets in the directory. A listing that
 * resumes at an offset where an entry no longer starts (it was merged
 * away meanwhile) skips to the first entry after it.
 *
 * Locking: the VFS holds the directory's i_rwsem: shared for lookup and
 * readdir, exclusive for anything that changes entries.
 */
#include "ext2.h"
#include "../internal.h"
#include <writeback.h>

static const u8 dtype_by_ft[EXT2_FT_MAX] = {
	[EXT2_FT_UNKNOWN] = DT_UNKNOWN, [EXT2_FT_REG_FILE] = DT_REG,
	[EXT2_FT_DIR] = DT_DIR,		[EXT2_FT_CHRDEV] = DT_CHR,
	[EXT2_FT_BLKDEV] = DT_BLK,	[EXT2_FT_FIFO] = DT_FIFO,
	[EXT2_FT_SOCK] = DT_SOCK,	[EXT2_FT_SYMLINK] = DT_LNK,
};

static u8
ft_by_mode(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return EXT2_FT_REG_FILE;
	case S_IFDIR:
		return EXT2_FT_DIR;
	case S_IFCHR:
		return EXT2_FT_CHRDEV;
	case S_IFBLK:
		return EXT2_FT_BLKDEV;
	case S_IFIFO:
		return EXT2_FT_FIFO;
	case S_IFSOCK:
		return EXT2_FT_SOCK;
	case S_IFLNK:
		return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

static bool
has_filetype(struct super_block *sb)
{
	return EXT2_SB(sb)->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE;
}

static struct ext2_dir_entry_2 *
entry_at(struct buffer_head *bh, unsigned int off)
{
	return (struct ext2_dir_entry_2 *)(bh->b_data + off);
}

static const char *
entry_problem(const struct ext2_dir_entry_2 *de, unsigned int off,
	      unsigned int bs, u32 inodes)
{
	if (off + 8 > bs)
		return "entry header runs past the block";
	if (de->rec_len < EXT2_DIR_REC_LEN(1))
		return "rec_len smaller than the minimum";
	if (de->rec_len & 3)
		return "rec_len not a multiple of 4";
	if (de->rec_len < EXT2_DIR_REC_LEN(de->name_len))
		return "rec_len too small for the name";
	if (off + de->rec_len > bs)
		return "entry runs past the block";
	if (de->inode > inodes)
		return "inode number out of range";
	if (de->inode && de->name_len == 0)
		return "empty name";
	return NULL;
}

int
ext2_check_dir_block(struct inode *dir, const char *data, u32 n)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->i_sb);
	const struct ext2_dir_entry_2 *de;
	unsigned int off = 0;
	const char *why;

	while (off < sbi->s_blocksize) {
		de = (const struct ext2_dir_entry_2 *)(data + off);
		why = entry_problem(de, off, sbi->s_blocksize,
				    sbi->s_inodes_count);
		if (why) {
			pr_err("ext2: %s: directory %lu block %u offset %u: %s "
			       "(rec_len %u, name_len %u, inode %u)\n",
			       sbi->s_bdev->bd_name, dir->i_ino, n, off, why,
			       off + 8 <= sbi->s_blocksize ? de->rec_len : 0,
			       off + 8 <= sbi->s_blocksize ? de->name_len : 0,
			       off + 8 <= sbi->s_blocksize ? de->inode : 0);
			return -EUCLEAN;
		}
		off += de->rec_len;
	}
	return 0;
}

/* Directory block @n, read and checked, referenced. */
struct buffer_head *
ext2_dir_bread(struct inode *dir, u32 n)
{
	struct ext2_inode_info *ei = EXT2_I(dir);
	struct buffer_head *bh;
	u32 pblk;
	int err;

	mutex_lock(&ei->truncate_mutex);
	err = ext2_get_block(dir, n, false, &pblk, NULL);
	mutex_unlock(&ei->truncate_mutex);
	if (err)
		return ERR_PTR(err);
	if (!pblk) {
		pr_err("ext2: %s: directory %lu has a hole at block %u\n",
		       EXT2_SB(dir->i_sb)->s_bdev->bd_name, dir->i_ino, n);
		return ERR_PTR(-EUCLEAN);
	}
	bh = sb_bread(dir->i_sb, pblk);
	if (IS_ERR(bh))
		return bh;
	err = ext2_check_dir_block(dir, bh->b_data, n);
	if (err) {
		brelse(bh);
		return ERR_PTR(err);
	}
	return bh;
}

static u32
dir_blocks(struct inode *dir)
{
	return i_size_read(dir) >> EXT2_SB(dir->i_sb)->s_blocksize_bits;
}

static bool
name_is(const struct ext2_dir_entry_2 *de, const char *name, int len)
{
	return de->inode && de->name_len == len && !memcmp(de->name, name, len);
}

/*
 * Find @name: 0 with its block (referenced), offset and inode number,
 * -ENOENT, or an error.
 */
int
ext2_find_entry(struct inode *dir, const char *name, int len,
		struct buffer_head **bhp, unsigned int *offp, u32 *ino)
{
	unsigned int bs = dir->i_sb->s_blocksize;
	struct ext2_dir_entry_2 *de;

	for (u32 n = 0; n < dir_blocks(dir); n++) {
		struct buffer_head *bh = ext2_dir_bread(dir, n);

		if (IS_ERR(bh))
			return PTR_ERR(bh);
		for (unsigned int off = 0; off < bs; off += de->rec_len) {
			de = entry_at(bh, off);
			if (name_is(de, name, len)) {
				*bhp = bh;
				*offp = off;
				*ino = de->inode;
				return 0;
			}
		}
		brelse(bh);
	}
	return -ENOENT;
}

/* A directory changed: times, and no stale hash index (dir_index). */
static void
dir_touch(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time_sec();
	EXT2_I(dir)->i_flags &= ~EXT2_INDEX_FL;
	ext2_mark_inode_dirty(dir);
}

static void
fill_entry(struct super_block *sb, struct ext2_dir_entry_2 *de,
	   const char *name, int len, struct inode *inode)
{
	de->inode = inode->i_ino;
	de->name_len = len;
	de->file_type = has_filetype(sb) ? ft_by_mode(inode->i_mode) : 0;
	memcpy(de->name, name, len);
}

/* A fresh empty block at the end of @dir; *offp = 0. */
static struct buffer_head *
dir_append_block(struct inode *dir)
{
	struct ext2_inode_info *ei = EXT2_I(dir);
	u32 n = dir_blocks(dir), pblk;
	struct buffer_head *bh;
	int err;

	mutex_lock(&ei->truncate_mutex);
	err = ext2_get_block(dir, n, true, &pblk, NULL);
	ext2_update_inode(dir);
	mutex_unlock(&ei->truncate_mutex);
	if (err)
		return ERR_PTR(err);
	bh = sb_getblk_zero(dir->i_sb, pblk);
	if (IS_ERR(bh))
		return bh;
	entry_at(bh, 0)->rec_len = dir->i_sb->s_blocksize;
	i_size_write(dir, (loff_t)(n + 1)
			      << EXT2_SB(dir->i_sb)->s_blocksize_bits);
	return bh;
}

/* Room for a @rec-byte entry in @bh: its offset, or -1. */
static int
find_room(struct buffer_head *bh, unsigned int bs, unsigned int rec)
{
	struct ext2_dir_entry_2 *de;

	for (unsigned int off = 0; off < bs; off += de->rec_len) {
		unsigned int used;

		de = entry_at(bh, off);
		used = de->inode ? EXT2_DIR_REC_LEN(de->name_len) : 0;
		if (de->rec_len - used >= rec)
			return off;
	}
	return -1;
}

int
ext2_add_link(struct inode *dir, const char *name, int len, struct inode *inode)
{
	unsigned int bs = dir->i_sb->s_blocksize, rec = EXT2_DIR_REC_LEN(len);
	struct buffer_head *bh = NULL;
	struct ext2_dir_entry_2 *de;
	int off = -1;

	if (len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	for (u32 n = 0; n < dir_blocks(dir) && off < 0; n++) {
		bh = ext2_dir_bread(dir, n);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		off = find_room(bh, bs, rec);
		if (off < 0)
			brelse(bh);
	}
	if (off < 0) {
		bh = dir_append_block(dir);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		off = 0;
	}
	de = entry_at(bh, off);
	if (de->inode) { /* split off the slack */
		unsigned int used = EXT2_DIR_REC_LEN(de->name_len);
		struct ext2_dir_entry_2 *nde = entry_at(bh, off + used);

		nde->rec_len = de->rec_len - used;
		de->rec_len = used;
		de = nde;
	}
	fill_entry(dir->i_sb, de, name, len, inode);
	mark_buffer_dirty(bh);
	brelse(bh);
	dir_touch(dir);
	return 0;
}

int
ext2_delete_entry(struct inode *dir, struct buffer_head *bh, unsigned int off)
{
	struct ext2_dir_entry_2 *de, *prev = NULL;
	unsigned int at;

	for (at = 0; at < off; at += de->rec_len) {
		de = entry_at(bh, at);
		prev = de;
	}
	if (at != off) {
		pr_err("ext2: directory %lu: no entry at offset %u\n",
		       dir->i_ino, off);
		return -EUCLEAN;
	}
	de = entry_at(bh, off);
	if (prev)
		prev->rec_len += de->rec_len;
	else
		de->inode = 0;
	mark_buffer_dirty(bh);
	dir_touch(dir);
	return 0;
}

/* Point the entry at @off (rename over a name, "..") to @inode. */
void
ext2_set_link(struct inode *dir, struct buffer_head *bh, unsigned int off,
	      struct inode *inode)
{
	struct ext2_dir_entry_2 *de = entry_at(bh, off);

	de->inode = inode->i_ino;
	de->file_type = has_filetype(dir->i_sb) ? ft_by_mode(inode->i_mode) : 0;
	mark_buffer_dirty(bh);
	dir_touch(dir);
}

/* Block 0 of a new directory: "." and "..". */
int
ext2_make_empty(struct inode *inode, struct inode *parent)
{
	unsigned int bs = inode->i_sb->s_blocksize;
	struct buffer_head *bh = dir_append_block(inode);
	struct ext2_dir_entry_2 *de;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	de = entry_at(bh, 0);
	fill_entry(inode->i_sb, de, ".", 1, inode);
	de->rec_len = EXT2_DIR_REC_LEN(1);
	de = entry_at(bh, EXT2_DIR_REC_LEN(1));
	fill_entry(inode->i_sb, de, "..", 2, parent);
	de->rec_len = bs - EXT2_DIR_REC_LEN(1);
	mark_buffer_dirty(bh);
	brelse(bh);
	ext2_mark_inode_dirty(inode);
	return 0;
}

static bool
is_dot_or_dotdot(const struct ext2_dir_entry_2 *de)
{
	return (de->name_len == 1 && de->name[0] == '.') ||
	       (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.');
}

/* 1 if only "." and ".." are left, 0 if not, or an error. */
int
ext2_empty_dir(struct inode *inode)
{
	unsigned int bs = inode->i_sb->s_blocksize;
	struct ext2_dir_entry_2 *de;

	for (u32 n = 0; n < dir_blocks(inode); n++) {
		struct buffer_head *bh = ext2_dir_bread(inode, n);
		bool empty = true;

		if (IS_ERR(bh))
			return PTR_ERR(bh);
		for (unsigned int off = 0; off < bs; off += de->rec_len) {
			de = entry_at(bh, off);
			if (de->inode && !is_dot_or_dotdot(de))
				empty = false;
		}
		brelse(bh);
		if (!empty)
			return 0;
	}
	return 1;
}

/* The ".." entry of @dir: block 0, right after ".". */
int
ext2_dotdot(struct inode *dir, struct buffer_head **bhp, unsigned int *offp)
{
	struct buffer_head *bh = ext2_dir_bread(dir, 0);
	struct ext2_dir_entry_2 *de;
	unsigned int off;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	de = entry_at(bh, 0);
	off = de->rec_len;
	if (de->name_len == 1 && de->name[0] == '.' &&
	    off < dir->i_sb->s_blocksize &&
	    name_is(entry_at(bh, off), "..", 2)) {
		*bhp = bh;
		*offp = off;
		return 0;
	}
	pr_err("ext2: %s: directory %lu does not start with . and ..\n",
	       EXT2_SB(dir->i_sb)->s_bdev->bd_name, dir->i_ino);
	brelse(bh);
	return -EUCLEAN;
}

static unsigned int
entry_dtype(struct super_block *sb, const struct ext2_dir_entry_2 *de)
{
	if (!has_filetype(sb) || de->file_type >= EXT2_FT_MAX)
		return DT_UNKNOWN;
	return dtype_by_ft[de->file_type];
}

/* Emit block @n's entries from byte @from; false when ctx is full. */
static int
readdir_block(struct file *f, struct dir_context *ctx, u32 n, unsigned int from)
{
	struct inode *dir = f->f_inode;
	unsigned int bits = EXT2_SB(dir->i_sb)->s_blocksize_bits;
	struct buffer_head *bh = ext2_dir_bread(dir, n);
	struct ext2_dir_entry_2 *de;
	int ret = 1;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	for (unsigned int off = 0; off < (1U << bits); off += de->rec_len) {
		de = entry_at(bh, off);
		if (off < from || !de->inode)
			continue;
		ctx->pos = ((loff_t)n << bits) + off;
		if (!dir_emit(ctx, de->name, de->name_len, de->inode,
			      entry_dtype(dir->i_sb, de))) {
			ret = 0;
			break;
		}
	}
	brelse(bh);
	return ret;
}

static int
ext2_readdir(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	unsigned int bits = EXT2_SB(dir->i_sb)->s_blocksize_bits;

	while (ctx->pos < i_size_read(dir)) {
		u32 n = ctx->pos >> bits;
		unsigned int from = ctx->pos & ((1U << bits) - 1);
		int ret = readdir_block(f, ctx, n, from);

		if (ret <= 0)
			return ret;
		ctx->pos = (loff_t)(n + 1) << bits;
	}
	return 0;
}

const struct file_operations ext2_dir_operations = {
	.iterate_shared = ext2_readdir,
	.llseek = generic_file_llseek,
	.fsync = generic_file_fsync,
};
