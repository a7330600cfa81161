/*
 * ext2 geometry: checking a superblock and group descriptors before
 * trusting them, and the group arithmetic everything else uses.
 *
 * ext2_validate_super() checks an on-disk superblock against the
 * format's limits and the device size and, if it is sane, fills in the
 * geometry of an ext2_sb_info. ext2_check_descriptors() checks that
 * every group's bitmaps and inode table lie inside the group. Both are
 * pure functions of their arguments (the tests feed them corrupted
 * copies) and refuse bad input with a KERN_ERR line saying what is
 * wrong and -EUCLEAN (corrupt: a value the format forbids) or -EINVAL
 * (not an ext2 pinos can mount: wrong magic, unsupported feature or
 * block size, larger than the device), never with a crash.
 *
 * Group arithmetic: group g holds blocks
 * [s_first_data_block + g * s_blocks_per_group, ...), the last group
 * possibly shorter. With sparse_super only groups 0, 1 and powers of
 * 3, 5 and 7 carry a superblock and descriptor-table backup.
 */
#include "ext2.h"

#define REFUSE(err, fmt, ...)                                                  \
	({                                                                     \
		pr_err("ext2: bad superblock: " fmt "\n", ##__VA_ARGS__);      \
		(err);                                                         \
	})
#define REFUSE_GD(fmt, ...)                                                    \
	({                                                                     \
		pr_err("ext2: bad group descriptor: " fmt "\n",                \
		       ##__VA_ARGS__);                                         \
		-EUCLEAN;                                                      \
	})

static int
check_magic_rev(const struct ext2_super_block *es)
{
	if (es->s_magic != EXT2_SUPER_MAGIC_NR)
		return REFUSE(-EINVAL, "magic 0x%04x, not ext2's 0x%04x",
			      es->s_magic, EXT2_SUPER_MAGIC_NR);
	if (es->s_rev_level > EXT2_DYNAMIC_REV)
		return REFUSE(-EINVAL, "revision %u not supported",
			      es->s_rev_level);
	if (es->s_feature_incompat & ~EXT2_INCOMPAT_SUPP)
		return REFUSE(-EINVAL, "unsupported incompat features 0x%x",
			      es->s_feature_incompat & ~EXT2_INCOMPAT_SUPP);
	if (es->s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPP)
		return REFUSE(-EINVAL, "unsupported ro_compat features 0x%x",
			      es->s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPP);
	return 0;
}

static int
check_block_size(const struct ext2_super_block *es, struct ext2_sb_info *sbi)
{
	u32 log = es->s_log_block_size;

	if (log > EXT2_MAX_BLOCK_LOG - EXT2_MIN_BLOCK_LOG) {
		if (log < 32)
			return REFUSE(-EUCLEAN,
				      "impossible block size %llu "
				      "KiB (at most 64 KiB)",
				      1ULL << log);
		return REFUSE(-EUCLEAN, "impossible s_log_block_size %u", log);
	}
	sbi->s_blocksize_bits = log + EXT2_MIN_BLOCK_LOG;
	sbi->s_blocksize = 1U << sbi->s_blocksize_bits;
	if (sbi->s_blocksize > PAGE_SIZE)
		return REFUSE(-EINVAL, "block size %u larger than a page",
			      sbi->s_blocksize);
	if (es->s_log_frag_size != log)
		return REFUSE(-EINVAL, "fragment size differs from block "
				       "size (not supported)");
	sbi->s_addr_per_block_bits = sbi->s_blocksize_bits - 2;
	sbi->s_desc_per_block =
	    sbi->s_blocksize / sizeof(struct ext2_group_desc);
	return 0;
}

static int
check_groups(const struct ext2_super_block *es, struct ext2_sb_info *sbi)
{
	u32 bits = sbi->s_blocksize * 8;

	if (es->s_blocks_per_group == 0)
		return REFUSE(-EUCLEAN, "zero blocks per group");
	if (es->s_blocks_per_group > bits || es->s_blocks_per_group % 8)
		return REFUSE(-EUCLEAN,
			      "%u blocks per group (a bitmap block "
			      "holds %u)",
			      es->s_blocks_per_group, bits);
	if (es->s_inodes_per_group == 0 || es->s_inodes_per_group > bits ||
	    es->s_inodes_per_group % 8)
		return REFUSE(-EUCLEAN,
			      "%u inodes per group (a bitmap block "
			      "holds %u)",
			      es->s_inodes_per_group, bits);
	sbi->s_blocks_per_group = es->s_blocks_per_group;
	sbi->s_inodes_per_group = es->s_inodes_per_group;
	return 0;
}

static int
check_inode_format(const struct ext2_super_block *es, struct ext2_sb_info *sbi)
{
	u32 isz = EXT2_GOOD_OLD_INODE_SIZE;

	sbi->s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
	if (es->s_rev_level == EXT2_DYNAMIC_REV) {
		isz = es->s_inode_size;
		sbi->s_first_ino = es->s_first_ino;
	}
	if (isz < EXT2_GOOD_OLD_INODE_SIZE || (isz & (isz - 1)) ||
	    isz > sbi->s_blocksize)
		return REFUSE(-EUCLEAN,
			      "inode size %u (a power of two from "
			      "128 to the block size)",
			      isz);
	sbi->s_inode_size = isz;
	if (sbi->s_first_ino < EXT2_GOOD_OLD_FIRST_INO ||
	    sbi->s_first_ino > es->s_inodes_count)
		return REFUSE(-EUCLEAN, "first inode %u", sbi->s_first_ino);
	sbi->s_itb_per_group =
	    DIV_ROUND_UP(sbi->s_inodes_per_group * isz, sbi->s_blocksize);
	if (sbi->s_itb_per_group >= sbi->s_blocks_per_group)
		return REFUSE(-EUCLEAN, "inode table (%u blocks) fills a group",
			      sbi->s_itb_per_group);
	return 0;
}

static int
check_counts(const struct ext2_super_block *es, u64 dev_bytes,
	     struct ext2_sb_info *sbi)
{
	u32 fdb = es->s_first_data_block, want = sbi->s_blocksize == 1024;
	u64 groups;

	if (fdb >= es->s_blocks_count)
		return REFUSE(-EUCLEAN,
			      "first data block %u beyond the block "
			      "count %u",
			      fdb, es->s_blocks_count);
	if (fdb != want)
		return REFUSE(-EUCLEAN,
			      "first data block %u, must be %u with "
			      "%u-byte blocks",
			      fdb, want, sbi->s_blocksize);
	if ((u64)es->s_blocks_count << sbi->s_blocksize_bits > dev_bytes)
		return REFUSE(-EINVAL,
			      "%u blocks do not fit the device (%llu "
			      "bytes)",
			      es->s_blocks_count,
			      (unsigned long long)dev_bytes);
	groups = DIV_ROUND_UP(es->s_blocks_count - fdb,
			      (u64)sbi->s_blocks_per_group);
	if ((u64)es->s_inodes_count != groups * sbi->s_inodes_per_group)
		return REFUSE(-EUCLEAN,
			      "inode count %u is not %llu groups x "
			      "%u",
			      es->s_inodes_count, (unsigned long long)groups,
			      sbi->s_inodes_per_group);
	if (es->s_free_blocks_count > es->s_blocks_count ||
	    es->s_free_inodes_count > es->s_inodes_count)
		return REFUSE(-EUCLEAN, "more free blocks or inodes than "
					"exist");
	sbi->s_blocks_count = es->s_blocks_count;
	sbi->s_inodes_count = es->s_inodes_count;
	sbi->s_first_data_block = fdb;
	sbi->s_groups_count = groups;
	sbi->s_gdb_count = DIV_ROUND_UP(groups, sbi->s_desc_per_block);
	if ((u64)fdb + 1 + sbi->s_gdb_count > es->s_blocks_count)
		return REFUSE(-EUCLEAN, "group descriptors run past the end");
	return 0;
}

/* The largest file: what the block tree reaches, within i_blocks. */
static loff_t
max_file_bytes(const struct ext2_sb_info *sbi, bool large_file)
{
	u64 apb = 1ULL << sbi->s_addr_per_block_bits;
	u64 blocks = EXT2_NDIR_BLOCKS + apb + apb * apb + apb * apb * apb;
	u64 bytes = blocks << sbi->s_blocksize_bits;
	u64 iblocks_limit = (0xffffffffULL << 9) - (1ULL << 30);

	if (bytes > iblocks_limit)
		bytes = iblocks_limit; /* room for the indirect blocks */
	if (!large_file && bytes > 0x7fffffffULL)
		bytes = 0x7fffffffULL;
	return bytes;
}

int
ext2_validate_super(const struct ext2_super_block *es, u64 dev_bytes,
		    struct ext2_sb_info *sbi)
{
	int err = check_magic_rev(es);

	if (!err)
		err = check_block_size(es, sbi);
	if (!err)
		err = check_groups(es, sbi);
	if (!err)
		err = check_inode_format(es, sbi);
	if (!err)
		err = check_counts(es, dev_bytes, sbi);
	if (err)
		return err;
	sbi->s_feature_incompat = es->s_feature_incompat;
	sbi->s_feature_ro_compat = es->s_feature_ro_compat;
	sbi->s_maxbytes = max_file_bytes(
	    sbi, es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
	if (es->s_state & EXT2_ERROR_FS)
		pr_warn("ext2: filesystem has errors recorded; run e2fsck\n");
	return 0;
}

u32
ext2_group_first_block(const struct ext2_sb_info *sbi, u32 g)
{
	return sbi->s_first_data_block + g * sbi->s_blocks_per_group;
}

u32
ext2_group_nr_blocks(const struct ext2_sb_info *sbi, u32 g)
{
	if (g + 1 < sbi->s_groups_count)
		return sbi->s_blocks_per_group;
	return sbi->s_blocks_count - ext2_group_first_block(sbi, g);
}

static bool
is_power_of(u32 n, u32 base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

bool
ext2_group_has_super(const struct ext2_sb_info *sbi, u32 g)
{
	if (!(sbi->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return g <= 1 || is_power_of(g, 3) || is_power_of(g, 5) ||
	       is_power_of(g, 7);
}

static int
check_one_group(const struct ext2_sb_info *sbi,
		const struct ext2_group_desc *gd, u32 g)
{
	u32 first = ext2_group_first_block(sbi, g);
	u32 last = first + ext2_group_nr_blocks(sbi, g) - 1;
	u64 it_end = (u64)gd->bg_inode_table + sbi->s_itb_per_group - 1;

	if (gd->bg_block_bitmap < first || gd->bg_block_bitmap > last)
		return REFUSE_GD("group %u: block bitmap at %u, outside the "
				 "group (blocks %u-%u)",
				 g, gd->bg_block_bitmap, first, last);
	if (gd->bg_inode_bitmap < first || gd->bg_inode_bitmap > last)
		return REFUSE_GD("group %u: inode bitmap at %u, outside the "
				 "group (blocks %u-%u)",
				 g, gd->bg_inode_bitmap, first, last);
	if (gd->bg_inode_table < first || it_end > last)
		return REFUSE_GD("group %u: inode table at %u-%llu, outside "
				 "the group (blocks %u-%u)",
				 g, gd->bg_inode_table,
				 (unsigned long long)it_end, first, last);
	if (gd->bg_free_blocks_count > last - first + 1 ||
	    gd->bg_free_inodes_count > sbi->s_inodes_per_group)
		return REFUSE_GD("group %u: free counts %u/%u too large", g,
				 gd->bg_free_blocks_count,
				 gd->bg_free_inodes_count);
	return 0;
}

/* Check descriptors of groups [g0, g0 + count), given at @gd. */
int
ext2_check_descriptors(const struct ext2_sb_info *sbi,
		       const struct ext2_group_desc *gd, u32 g0, u32 count)
{
	for (u32 i = 0; i < count; i++) {
		int err = check_one_group(sbi, &gd[i], g0 + i);

		if (err)
			return err;
	}
	return 0;
}
