/*
 * ext2 inode allocation: the per-group inode bitmaps and counts.
 *
 * ext2_new_inode(dir, mode) takes a free inode number and returns a
 * new in-memory inode for it (one link, zeroed on disk, in the inode
 * cache, operations set by type), or -ENOSPC. A file goes in its
 * parent's group when it can, to keep a directory's files near it; a
 * directory goes in the group with the most free inodes, to spread
 * directories out (a simple version of Linux's Orlov allocator).
 * ext2_free_inode() gives the number back when an unlinked inode is
 * evicted.
 *
 * Each change keeps the bitmap, the group's free-inode and used-dirs
 * counts and the superblock's s_free_inodes_count in step.
 *
 * Locking: sbi->s_alloc_lock around every bitmap and count change.
 */
#include "ext2.h"
#include <time.h>

static u32
pick_group(struct super_block *sb, struct inode *dir, bool is_dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 parent = EXT2_I(dir)->i_block_group, best = parent, most = 0;

	if (!is_dir &&
	    ext2_get_group_desc(sb, parent, NULL)->bg_free_inodes_count)
		return parent;
	for (u32 i = 0; i < sbi->s_groups_count; i++) {
		u32 g = (parent + i) % sbi->s_groups_count;
		u32 n = ext2_get_group_desc(sb, g, NULL)->bg_free_inodes_count;

		if (n > most) {
			most = n;
			best = g;
		}
	}
	return best;
}

/* Take a free bit of group @g's inode bitmap: its inode number, or 0. */
static unsigned long
take_in_group(struct super_block *sb, u32 g, bool is_dir, int *err)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);
	u32 start = g ? 0 : sbi->s_first_ino - 1, bit;

	if (!gd->bg_free_inodes_count)
		return 0;
	bh = sb_bread(sb, gd->bg_inode_bitmap);
	if (IS_ERR(bh)) {
		*err = PTR_ERR(bh);
		return 0;
	}
	bit = ext2_find_zero_bit((u8 *)bh->b_data, sbi->s_inodes_per_group,
				 start);
	if (bit < sbi->s_inodes_per_group) {
		bh->b_data[bit >> 3] |= 1 << (bit & 7);
		mark_buffer_dirty(bh);
		gd->bg_free_inodes_count--;
		if (is_dir)
			gd->bg_used_dirs_count++;
		sbi->s_es->s_free_inodes_count--;
		mark_buffer_dirty(gdbh);
		ext2_sb_dirty(sb);
	} else {
		pr_err("ext2: %s: group %u counts %u free inodes, bitmap "
		       "none\n",
		       sbi->s_bdev->bd_name, g, gd->bg_free_inodes_count);
	}
	brelse(bh);
	return bit < sbi->s_inodes_per_group
		   ? (unsigned long)g * sbi->s_inodes_per_group + bit + 1
		   : 0;
}

static unsigned long
alloc_ino(struct super_block *sb, struct inode *dir, bool is_dir, int *err)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g0 = pick_group(sb, dir, is_dir);
	unsigned long ino = 0;

	*err = 0;
	mutex_lock(&sbi->s_alloc_lock);
	for (u32 i = 0; i < sbi->s_groups_count && !ino && !*err; i++)
		ino = take_in_group(sb, (g0 + i) % sbi->s_groups_count, is_dir,
				    err);
	mutex_unlock(&sbi->s_alloc_lock);
	if (!ino && !*err)
		*err = -ENOSPC;
	return ino;
}

/* Zero the whole on-disk slot (s_inode_size bytes, maybe over 128). */
static int
zero_disk_inode(struct super_block *sb, unsigned long ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g = (ino - 1) / sbi->s_inodes_per_group;
	u64 off =
	    (u64)((ino - 1) % sbi->s_inodes_per_group) * sbi->s_inode_size;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
	struct buffer_head *bh;

	bh = sb_bread(sb, gd->bg_inode_table + (off >> sbi->s_blocksize_bits));
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	spin_lock(&sbi->s_itable_lock);
	memset(bh->b_data + (off & (sbi->s_blocksize - 1)), 0,
	       sbi->s_inode_size);
	spin_unlock(&sbi->s_itable_lock);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

struct inode *
ext2_new_inode(struct inode *dir, mode_t mode)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct inode *inode = new_inode(sb);
	struct ext2_inode_info *ei;
	int err;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	ei = EXT2_I(inode);
	inode->i_mode = mode;
	inode->i_ino = alloc_ino(sb, dir, S_ISDIR(mode), &err);
	if (!inode->i_ino || (err = zero_disk_inode(sb, inode->i_ino))) {
		if (inode->i_ino)
			ext2_free_inode(inode);
		ei->i_bad = true;
		iput(inode);
		return ERR_PTR(err);
	}
	inode->i_uid = inode->i_gid = 0;
	inode->i_blocks = 0;
	ei->i_block_group = (inode->i_ino - 1) / sbi->s_inodes_per_group;
	ei->i_generation = ++sbi->s_next_generation;
	ext2_set_inode_ops(inode);
	ext2_icache_insert(inode);
	ext2_mark_inode_dirty(inode);
	return inode;
}

void
ext2_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long ino = inode->i_ino;
	u32 g = (ino - 1) / sbi->s_inodes_per_group;
	u32 bit = (ino - 1) % sbi->s_inodes_per_group;
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);

	mutex_lock(&sbi->s_alloc_lock);
	bh = sb_bread(sb, gd->bg_inode_bitmap);
	if (IS_ERR(bh)) {
		pr_err("ext2: %s: inode %lu not freed (bitmap unreadable)\n",
		       sbi->s_bdev->bd_name, ino);
	} else if (!(bh->b_data[bit >> 3] & (1 << (bit & 7)))) {
		pr_err("ext2: %s: freeing inode %lu, already free\n",
		       sbi->s_bdev->bd_name, ino);
	} else {
		bh->b_data[bit >> 3] &= ~(1 << (bit & 7));
		mark_buffer_dirty(bh);
		gd->bg_free_inodes_count++;
		if (S_ISDIR(inode->i_mode))
			gd->bg_used_dirs_count--;
		sbi->s_es->s_free_inodes_count++;
		mark_buffer_dirty(gdbh);
		ext2_sb_dirty(sb);
	}
	brelse(bh);
	mutex_unlock(&sbi->s_alloc_lock);
}
