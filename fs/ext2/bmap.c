/*
 * ext2 block mapping: file block number -> disk block number.
 *
 * An inode's i_data[] holds 12 direct block pointers, then the roots
 * of a single-, double- and triple-indirect tree; an indirect block is
 * an array of blocksize/4 pointers. 0 anywhere is a hole: reads give
 * zeroes and no disk block exists.
 *
 * ext2_get_block(inode, iblock, create, &pblk, &new) walks that tree;
 * with @create it allocates what is missing (indirect blocks arrive
 * zeroed, through the buffer cache; the data block is only reserved:
 * its contents come from the page cache when the folio is written).
 * Every pointer followed is checked with ext2_block_valid(): a pointer
 * outside the data area means a corrupt inode or indirect block and
 * gives -EUCLEAN and a KERN_ERR line naming the inode, never I/O to a
 * wrong block.
 *
 * ext2_alloc_folio_blocks() is the rule "a folio may only become dirty
 * once its blocks exist" in one place: ->write_begin and
 * ->page_mkwrite call it before they mark blocks of a folio dirty, and
 * ->writepage (aops.c) relies on it, allocating nothing itself.
 *
 * Locking: the caller of ext2_get_block() holds ei->truncate_mutex,
 * which covers i_data, the inode's indirect blocks and i_blocks (the
 * allocator takes s_alloc_lock inside it).
 */
#include "ext2.h"

#define MAX_FOLIO_BLOCKS (PAGE_SIZE / 1024)

/* Per-level indices of @iblock; the depth (1-4), 0 if beyond the tree. */
static int
ext2_block_to_path(const struct ext2_sb_info *sbi, u64 iblock, int off[4])
{
	unsigned int bits = sbi->s_addr_per_block_bits;
	u64 apb = 1ULL << bits, mask = apb - 1;

	if (iblock < EXT2_NDIR_BLOCKS) {
		off[0] = iblock;
		return 1;
	}
	iblock -= EXT2_NDIR_BLOCKS;
	if (iblock < apb) {
		off[0] = EXT2_IND_BLOCK;
		off[1] = iblock;
		return 2;
	}
	iblock -= apb;
	if (iblock < apb << bits) {
		off[0] = EXT2_DIND_BLOCK;
		off[1] = iblock >> bits;
		off[2] = iblock & mask;
		return 3;
	}
	iblock -= apb << bits;
	if (iblock >= apb << (2 * bits))
		return 0;
	off[0] = EXT2_TIND_BLOCK;
	off[1] = iblock >> (2 * bits);
	off[2] = (iblock >> bits) & mask;
	off[3] = iblock & mask;
	return 4;
}

static int
bad_pointer(struct inode *inode, u32 b, u64 iblock, int level)
{
	pr_err("ext2: %s: inode %lu: block pointer %u (logical block %llu, "
	       "level %d) is outside the data area\n",
	       EXT2_SB(inode->i_sb)->s_bdev->bd_name, inode->i_ino, b,
	       (unsigned long long)iblock, level);
	return -EUCLEAN;
}

/*
 * Fill the empty *slot (in @owner, or in i_data if NULL) with a new
 * block; an indirect block is zeroed first.
 */
static int
alloc_slot(struct inode *inode, struct buffer_head *owner, u32 *slot,
	   bool indirect, u32 *out)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct buffer_head *bh;
	int err;
	u32 b = ext2_new_block(inode, ei->i_alloc_goal, &err);

	if (!b)
		return err;
	if (indirect) {
		bh = sb_getblk_zero(sb, b);
		if (IS_ERR(bh)) {
			ext2_free_blocks(inode, b, 1);
			return PTR_ERR(bh);
		}
		brelse(bh);
	}
	*slot = b;
	if (owner)
		mark_buffer_dirty(owner);
	inode->i_blocks += sb->s_blocksize >> 9;
	ei->i_alloc_goal = b + 1;
	*out = b;
	return 0;
}

int
ext2_get_block(struct inode *inode, u64 iblock, bool create, u32 *pblk,
	       bool *new)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh = NULL, *next;
	int off[4], depth = ext2_block_to_path(EXT2_SB(sb), iblock, off);
	u32 *slot = &EXT2_I(inode)->i_data[off[0]], b;
	int err = 0;

	*pblk = 0;
	if (new)
		*new = false;
	if (!depth)
		return -EFBIG;
	for (int level = 0;; level++) {
		b = *slot;
		if (b && !ext2_block_valid(sb, b)) {
			err = bad_pointer(inode, b, iblock, level);
			break;
		}
		if (!b && !create)
			break;
		if (!b) {
			err =
			    alloc_slot(inode, bh, slot, level + 1 < depth, &b);
			if (err)
				break;
			if (new &&level + 1 == depth)
				*new = true;
		}
		if (level + 1 == depth) {
			*pblk = b;
			break;
		}
		next = sb_bread(sb, b);
		brelse(bh);
		bh = IS_ERR(next) ? NULL : next;
		if (!bh) {
			err = PTR_ERR(next);
			break;
		}
		slot = (u32 *)bh->b_data + off[level + 1];
	}
	brelse(bh);
	return err;
}

/* The disk block of @iblock, 0 for a hole (or an error). */
u32
ext2_bmap(struct inode *inode, u64 iblock)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	u32 pblk;

	mutex_lock(&ei->truncate_mutex);
	if (ext2_get_block(inode, iblock, false, &pblk, NULL))
		pblk = 0;
	mutex_unlock(&ei->truncate_mutex);
	return pblk;
}

/*
 * Allocation failed part way (truncate_mutex held): the blocks taken
 * for this folio must not show stale disk contents (zero those inside
 * i_size) nor stay beyond the end of the file (free those).
 */
static void
undo_fresh(struct inode *inode, u64 first, const unsigned int *fresh,
	   unsigned int n)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	loff_t size = i_size_read(inode);
	u32 pblk;

	for (unsigned int i = 0; i < n; i++) {
		u64 lblk = first + fresh[i];

		if ((loff_t)(lblk << sbi->s_blocksize_bits) >= size)
			continue;
		if (!ext2_get_block(inode, lblk, false, &pblk, NULL) && pblk)
			ext2_zero_block(inode->i_sb, pblk, 0);
	}
	ext2_truncate_blocks(inode, size);
}

/*
 * Give every block of the locked @folio below byte @end a disk block;
 * *fresh gets a bit for each block allocated here (its data is in the
 * folio: zeroes, as the hole read). Returns 0 (those blocks may now be
 * dirtied) or -ENOSPC, -EFBIG, -EIO, -EUCLEAN, having undone its
 * allocations.
 */
int
ext2_alloc_folio_blocks(struct inode *inode, struct folio *folio, loff_t end,
			unsigned long *fresh_mask)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned int bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;
	loff_t pos = (loff_t)folio->index << PAGE_SHIFT;
	u64 first = (u64)folio->index << (PAGE_SHIFT - bits);
	unsigned int fresh[MAX_FOLIO_BLOCKS], nfresh = 0, n;
	int err = 0;
	bool new;
	u32 pblk;

	*fresh_mask = 0;
	if (end <= pos)
		return 0;
	n = DIV_ROUND_UP(min(end - pos, (loff_t)PAGE_SIZE), 1L << bits);
	mutex_lock(&ei->truncate_mutex);
	for (unsigned int i = 0; i < n && !err; i++) {
		err = ext2_get_block(inode, first + i, true, &pblk, &new);
		if (!err && new) {
			fresh[nfresh++] = i;
			*fresh_mask |= 1UL << i;
		}
	}
	if (err) {
		undo_fresh(inode, first, fresh, nfresh);
		*fresh_mask = 0;
	}
	if (err || nfresh)
		ext2_update_inode(inode);
	mutex_unlock(&ei->truncate_mutex);
	if (err || nfresh)
		mark_inode_dirty(inode);
	return err;
}
