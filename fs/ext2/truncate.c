/*
 * ext2 truncation: changing a regular file's size (->setsize, for
 * truncate/ftruncate and O_TRUNC) and freeing the blocks past the end.
 *
 * Shrinking: the new size is published first, then the page cache
 * beyond it is dropped (truncate_inode_pages: unmapped, removed, the
 * straddling page's tail zeroed, writeback waited for), then the tail
 * of the block holding the new end is zeroed on disk, then every block
 * past the end is freed: data blocks and, when the whole range under
 * them goes, indirect blocks too. Order matters: no folio that could
 * still be written to a block survives when the block is freed.
 *
 * Growing makes a hole: only the size changes, plus the block
 * straddling the old end gets its tail zeroed (on disk and in the
 * cache) so the bytes that were past the end read as zeroes, and that
 * page is write-protected so a store into its new part goes through
 * ->page_mkwrite (eof_folio_update).
 *
 * Locking: the VFS holds i_rwsem (exclusive); ext2_truncate_blocks()
 * runs under ei->truncate_mutex; the folio at the end of the file is
 * locked (and its writeback waited for) while its block is zeroed, so
 * writeback cannot race the read-modify-write.
 */
#include "ext2.h"
#include <mman.h>
#include <slab.h>

/* Blocks to free, gathered into runs of consecutive numbers. */
struct free_run {
	struct inode *inode;
	u32 start, count;
	u32 freed;
};

static void
run_flush(struct free_run *r)
{
	if (r->count)
		ext2_free_blocks(r->inode, r->start, r->count);
	r->count = 0;
}

static void
run_add(struct free_run *r, u32 b)
{
	if (r->count && b == r->start + r->count) {
		r->count++;
	} else {
		run_flush(r);
		r->start = b;
		r->count = 1;
	}
	r->freed++;
}

static bool
check_ptr(struct free_run *r, u32 b)
{
	if (ext2_block_valid(r->inode->i_sb, b))
		return true;
	pr_err("ext2: %s: inode %lu: block pointer %u is outside the data "
	       "area; not freed\n",
	       EXT2_SB(r->inode->i_sb)->s_bdev->bd_name, r->inode->i_ino, b);
	return false;
}

/* Free block @b and the @depth levels of blocks below it. */
static void
free_branch(struct free_run *r, u32 b, int depth)
{
	struct super_block *sb = r->inode->i_sb;
	struct buffer_head *bh;

	if (!check_ptr(r, b))
		return;
	if (depth > 0) {
		bh = sb_bread(sb, b);
		if (IS_ERR(bh))
			return; /* leaked, and said so by sb_bread */
		for (u32 i = 0; i < sb->s_blocksize / 4; i++) {
			u32 c = ((u32 *)bh->b_data)[i];

			if (c)
				free_branch(r, c, depth - 1);
		}
		brelse(bh);
	}
	run_add(r, b);
}

/*
 * In the tree at *slot (@depth levels of indirection), free everything
 * from its block @first on; the whole tree if @first is 0, and then
 * *slot is cleared (its owner is marked dirty by the caller).
 */
static void
trunc_tree(struct free_run *r, u32 *slot, int depth, u64 first)
{
	struct super_block *sb = r->inode->i_sb;
	unsigned int shift = (depth - 1) * EXT2_SB(sb)->s_addr_per_block_bits;
	struct buffer_head *bh;
	u64 rel;
	u32 *p, i;

	if (!*slot)
		return;
	if (first == 0 || depth == 0) {
		free_branch(r, *slot, depth);
		*slot = 0;
		return;
	}
	if (!check_ptr(r, *slot))
		return;
	bh = sb_bread(sb, *slot);
	if (IS_ERR(bh))
		return;
	p = (u32 *)bh->b_data;
	i = first >> shift;
	rel = first & ((1ULL << shift) - 1);
	if (rel)
		trunc_tree(r, &p[i++], depth - 1, rel);
	for (; i < sb->s_blocksize / 4; i++) {
		if (p[i])
			free_branch(r, p[i], depth - 1);
		p[i] = 0;
	}
	mark_buffer_dirty(bh);
	brelse(bh);
}

/* Free every block at or after byte @size; truncate_mutex held. */
int
ext2_truncate_blocks(struct inode *inode, loff_t size)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct free_run r = { .inode = inode };
	u64 first = DIV_ROUND_UP((u64)size, sbi->s_blocksize);
	u64 base = EXT2_NDIR_BLOCKS, sectors;

	for (u64 i = first; i < EXT2_NDIR_BLOCKS; i++)
		trunc_tree(&r, &ei->i_data[i], 0, 0);
	for (int level = 1; level <= 3; level++) {
		u64 span = 1ULL << (level * sbi->s_addr_per_block_bits);

		if (first < base + span)
			trunc_tree(&r, &ei->i_data[EXT2_IND_BLOCK + level - 1],
				   level, first > base ? first - base : 0);
		base += span;
	}
	run_flush(&r);
	sectors = (u64)r.freed * (sbi->s_blocksize >> 9);
	if (sectors > inode->i_blocks) {
		pr_err("ext2: %s: inode %lu: i_blocks %lu below the %llu "
		       "sectors freed\n",
		       sbi->s_bdev->bd_name, inode->i_ino, inode->i_blocks,
		       (unsigned long long)sectors);
		sectors = inode->i_blocks;
	}
	inode->i_blocks -= sectors;
	ext2_update_inode(inode);
	return 0;
}

/* Zero bytes [from, blocksize) of disk block @block (synchronously). */
int
ext2_zero_block(struct super_block *sb, u32 block, unsigned int from)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	sector_t sector = (sector_t)block << (sbi->s_blocksize_bits - 9);
	char *buf = kzalloc(sbi->s_blocksize, GFP_KERNEL);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	if (from)
		err = bdev_read(sbi->s_bdev, sector, buf, sbi->s_blocksize);
	if (!err) {
		memset(buf + from, 0, sbi->s_blocksize - from);
		err = bdev_write(sbi->s_bdev, sector, buf, sbi->s_blocksize);
	}
	kfree(buf);
	if (err)
		pr_err("ext2: %s: cannot zero block %u: %d\n",
		       sbi->s_bdev->bd_name, block, err);
	return err;
}

/*
 * Under the lock of the folio holding byte @eof -- the end of the file
 * before it grows to @grow_to, or after it shrank (@grow_to 0) -- zero
 * the folio past @eof and the block holding @eof on disk past it, so
 * bytes that were past the end read as zeroes, and forget the dirty
 * bits of the folio's blocks past @eof. When growing with blocks
 * smaller than a page, write-protect the folio's PTEs: blocks of it
 * that come inside the file now have no disk blocks, and the next
 * store must go through ->page_mkwrite to get them (Linux's
 * pagecache_isize_extended). The size is published under the lock.
 */
static int
eof_folio_update(struct inode *inode, loff_t eof, loff_t grow_to)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	struct ext2_inode_info *ei = EXT2_I(inode);
	size_t in_page = eof & (PAGE_SIZE - 1);
	unsigned long keep;
	struct folio *folio;
	int err = 0;
	u32 pblk = 0;

	if (!in_page)
		goto publish;
	folio = filemap_grab_folio(inode->i_mapping, eof >> PAGE_SHIFT);
	if (IS_ERR(folio))
		return PTR_ERR(folio);
	folio_wait_writeback(folio);
	if (folio_test_uptodate(folio))
		memset(folio_address(folio) + in_page, 0, PAGE_SIZE - in_page);
	keep = ext2_block_mask(inode, folio, 0, eof);
	ext2_folio_forget_blocks(folio, ~keep & ~EXT2_FOLIO_REDIRTY);
	if (grow_to > eof && sbi->s_blocksize < PAGE_SIZE &&
	    folio_mkclean(folio))
		ext2_folio_dirty_blocks(folio, keep); /* stores so far */
	if (eof & (sbi->s_blocksize - 1)) {
		mutex_lock(&ei->truncate_mutex);
		err = ext2_get_block(inode, eof >> sbi->s_blocksize_bits, false,
				     &pblk, NULL);
		mutex_unlock(&ei->truncate_mutex);
	}
	if (!err && pblk)
		err = ext2_zero_block(inode->i_sb, pblk,
				      eof & (sbi->s_blocksize - 1));
	if (!err && grow_to > eof)
		i_size_write(inode, grow_to);
	folio_unlock(folio);
	folio_put(folio);
	return err;
publish:
	if (grow_to > eof)
		i_size_write(inode, grow_to);
	return 0;
}

/* Grow the file from @old to @new: a hole (i_rwsem held). */
int
ext2_extend(struct inode *inode, loff_t old, loff_t new)
{
	return eof_folio_update(inode, old, new);
}

/* Shrink the file to @size (i_rwsem held). */
int
ext2_shrink(struct inode *inode, loff_t size)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	int err;

	i_size_write(inode, size);
	truncate_inode_pages(inode->i_mapping, size);
	err = eof_folio_update(inode, size, 0);
	mutex_lock(&ei->truncate_mutex);
	ext2_truncate_blocks(inode, size);
	mutex_unlock(&ei->truncate_mutex);
	return err;
}

int
ext2_setsize(struct inode *inode, loff_t size)
{
	loff_t old = i_size_read(inode);
	int err = 0;

	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (size > EXT2_SB(inode->i_sb)->s_maxbytes)
		return -EFBIG;
	if (size > old) {
		err = ext2_extend(inode, old, size);
		if (err)
			return err;
	} else if (size < old) {
		err = ext2_shrink(inode, size);
	}
	inode->i_mtime = inode->i_ctime = current_time_sec();
	ext2_mark_inode_dirty(inode);
	return err;
}
