/*
 * ext2 block allocation: the per-group block bitmaps and free counts.
 *
 * ext2_new_block(inode, goal, &err) takes one free block, preferring
 * @goal and then the rest of its group, then the other groups in
 * order; -ENOSPC when none is left. ext2_free_blocks() gives a run
 * back. Each change keeps three counts in step, as e2fsck checks: the
 * bitmap bit, the group's bg_free_blocks_count and the superblock's
 * s_free_blocks_count. The caller accounts i_blocks.
 *
 * Blocks that hold metadata (superblock and descriptor copies,
 * bitmaps, inode tables) are never handed out or freed, whatever the
 * bitmap says: a corrupt bitmap must not let file data overwrite an
 * inode table. ext2_block_valid() is that test, and bmap.c uses it on
 * every block pointer it follows. The reserved blocks (s_r_blocks_count)
 * are for root, and every pinos task is root, so they are not held
 * back here; statfs reports them in f_bavail.
 *
 * Locking: sbi->s_alloc_lock (a mutex, since bitmaps may have to be
 * read in) around every bitmap and count change. Bits are little-endian
 * within bytes, as on disk.
 */
#include "ext2.h"

static bool
test_bit_le(const u8 *map, u32 nr)
{
	return map[nr >> 3] & (1U << (nr & 7));
}

static void
set_bit_le(u8 *map, u32 nr)
{
	map[nr >> 3] |= 1U << (nr & 7);
}

static bool
test_and_clear_bit_le(u8 *map, u32 nr)
{
	bool was = test_bit_le(map, nr);

	map[nr >> 3] &= ~(1U << (nr & 7));
	return was;
}

/* The first clear bit in [start, size), or @size. */
u32
ext2_find_zero_bit(const u8 *map, u32 size, u32 start)
{
	u32 nr = start;

	while (nr < size) {
		if ((nr & 7) == 0 && nr + 8 <= size && map[nr >> 3] == 0xff) {
			nr += 8;
			continue;
		}
		if (!test_bit_le(map, nr))
			return nr;
		nr++;
	}
	return size;
}

/* Inside the filesystem and not metadata? */
bool
ext2_block_valid(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *gd;
	u32 g, first;

	if (block < sbi->s_first_data_block || block >= sbi->s_blocks_count)
		return false;
	g = (block - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	first = ext2_group_first_block(sbi, g);
	if (ext2_group_has_super(sbi, g) && block <= first + sbi->s_gdb_count)
		return false;
	gd = ext2_get_group_desc(sb, g, NULL);
	if (block == gd->bg_block_bitmap || block == gd->bg_inode_bitmap)
		return false;
	return block < gd->bg_inode_table ||
	       block >= gd->bg_inode_table + sbi->s_itb_per_group;
}

/* s_alloc_lock held: account one block taken (-1) or given back (+1). */
static void
count_blocks(struct super_block *sb, struct ext2_group_desc *gd,
	     struct buffer_head *gdbh, int delta)
{
	gd->bg_free_blocks_count += delta;
	EXT2_SB(sb)->s_es->s_free_blocks_count += delta;
	mark_buffer_dirty(gdbh);
	ext2_sb_dirty(sb);
}

/*
 * Take a free block of group @g at or after @start (wrapping round);
 * 0 if there is none. s_alloc_lock held.
 */
static u32
alloc_in_group(struct super_block *sb, u32 g, u32 start, int *err)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);
	u32 n = ext2_group_nr_blocks(sbi, g), first, bit, block = 0;

	bh = sb_bread(sb, gd->bg_block_bitmap);
	if (IS_ERR(bh)) {
		*err = PTR_ERR(bh);
		return 0;
	}
	first = ext2_group_first_block(sbi, g);
	for (int pass = 0; pass < 2 && !block; pass++) {
		u32 from = pass ? 0 : start, to = pass ? start : n;

		for (bit = from;
		     (bit = ext2_find_zero_bit((u8 *)bh->b_data, to, bit)) < to;
		     bit++) {
			if (!ext2_block_valid(sb, first + bit)) {
				pr_err("ext2: %s: group %u bitmap marks "
				       "metadata block %u free\n",
				       sbi->s_bdev->bd_name, g, first + bit);
				continue;
			}
			set_bit_le((u8 *)bh->b_data, bit);
			mark_buffer_dirty(bh);
			count_blocks(sb, gd, gdbh, -1);
			block = first + bit;
			break;
		}
	}
	brelse(bh);
	if (!block)
		pr_err("ext2: %s: group %u counts %u free blocks, bitmap "
		       "none\n",
		       sbi->s_bdev->bd_name, g, gd->bg_free_blocks_count);
	return block;
}

u32
ext2_new_block(struct inode *inode, u32 goal, int *err)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g0, block = 0;

	if (goal < sbi->s_first_data_block || goal >= sbi->s_blocks_count)
		goal =
		    ext2_group_first_block(sbi, EXT2_I(inode)->i_block_group);
	g0 = (goal - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	*err = 0;
	mutex_lock(&sbi->s_alloc_lock);
	for (u32 i = 0; i < sbi->s_groups_count && !block && !*err; i++) {
		u32 g = (g0 + i) % sbi->s_groups_count;
		u32 start = i ? 0 : goal - ext2_group_first_block(sbi, g);

		if (ext2_get_group_desc(sb, g, NULL)->bg_free_blocks_count)
			block = alloc_in_group(sb, g, start, err);
	}
	mutex_unlock(&sbi->s_alloc_lock);
	if (!block && !*err)
		*err = -ENOSPC;
	return block;
}

/* s_alloc_lock held. */
static void
free_one(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 g = (block - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	u32 bit = block - ext2_group_first_block(sbi, g);
	struct buffer_head *gdbh, *bh;
	struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, &gdbh);

	bh = sb_bread(sb, gd->bg_block_bitmap);
	if (IS_ERR(bh)) {
		pr_err("ext2: %s: block %u not freed (bitmap unreadable)\n",
		       sbi->s_bdev->bd_name, block);
		return;
	}
	if (test_and_clear_bit_le((u8 *)bh->b_data, bit)) {
		mark_buffer_dirty(bh);
		count_blocks(sb, gd, gdbh, 1);
	} else {
		pr_err("ext2: %s: freeing block %u, already free\n",
		       sbi->s_bdev->bd_name, block);
	}
	brelse(bh);
	bforget(sb, block);
}

void
ext2_free_blocks(struct inode *inode, u32 block, u32 count)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	mutex_lock(&sbi->s_alloc_lock);
	for (u32 b = block; b - block < count; b++) {
		if (ext2_block_valid(sb, b))
			free_one(sb, b);
		else
			pr_err("ext2: %s: inode %lu: not freeing block %u "
			       "(outside the data area)\n",
			       sbi->s_bdev->bd_name, inode->i_ino, b);
	}
	mutex_unlock(&sbi->s_alloc_lock);
}

/* Count clear bitmap bits, for checking the counts (tests). */
u32
ext2_count_free_blocks(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 free = 0;

	mutex_lock(&sbi->s_alloc_lock);
	for (u32 g = 0; g < sbi->s_groups_count; g++) {
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
		struct buffer_head *bh = sb_bread(sb, gd->bg_block_bitmap);
		u32 n = ext2_group_nr_blocks(sbi, g);

		if (IS_ERR(bh))
			continue;
		for (u32 bit = 0; bit < n; bit++)
			free += !test_bit_le((u8 *)bh->b_data, bit);
		brelse(bh);
	}
	mutex_unlock(&sbi->s_alloc_lock);
	return free;
}
