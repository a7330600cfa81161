/*
 * Shared by the block tests and benchmark: find a disk's scratch tail,
 * the sectors after the ext2 filesystem that scripts/mkdisk.sh leaves
 * free (1 MiB). The filesystem's end comes from its superblock (byte
 * 1024: s_blocks_count at +4, s_log_block_size at +24, s_magic 0xef53
 * at +56), so a write there can never damage a file.
 */
#ifndef _TESTS_BLK_SCRATCH_H
#define _TESTS_BLK_SCRATCH_H

#include <blkdev.h>
#include <slab.h>

#define EXT2_SUPER_MAGIC 0xef53

static inline u32
blk_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* 0 with [*start, *start + *nr) the scratch sectors, or -errno. */
static inline int
blk_scratch_range(struct block_device *bdev, sector_t *start, sector_t *nr)
{
	u8 *sb = kmalloc(1024, GFP_KERNEL);
	sector_t fs_end = 0;
	int err;

	if (!sb)
		return -ENOMEM;
	err = bdev_read(bdev, 2, sb, 1024);
	if (!err && (sb[56] | sb[57] << 8) != EXT2_SUPER_MAGIC)
		err = -EINVAL;
	if (!err && blk_le32(sb + 24) > 6)	/* block size over 64 KiB */
		err = -EINVAL;
	if (!err)
		fs_end = ((sector_t)blk_le32(sb + 4) <<
			  (10 + blk_le32(sb + 24))) >> SECTOR_SHIFT;
	kfree(sb);
	if (err)
		return err;
	if (fs_end >= bdev->bd_nr_sectors)
		return -ENOSPC;
	*start = fs_end;
	*nr = bdev->bd_nr_sectors - fs_end;
	return 0;
}

#endif
