/*
 * ext2 address_space operations: moving file data between the page
 * cache and the disk.
 *
 *   ->read_folio   map the folio's blocks (never allocating) and read
 *                  them; holes and everything past i_size read as
 *                  zeroes. With 1 KiB blocks a 4 KiB folio is four
 *                  blocks, read with one bio per run of consecutive
 *                  disk blocks. Always unlocks the folio.
 *   ->write_begin  for write(2): the folio, locked and uptodate enough
 *                  for a partial write, with disk blocks for all of it
 *                  inside the new size (ext2_alloc_folio_blocks), so
 *                  ->write_end may dirty it. A write past the end
 *                  first grows the file to its start (ext2_extend: a
 *                  hole), undone if the write fails.
 *   ->write_end    copy done: uptodate, new size, dirty, unlock.
 *   ->writepage    include/writeback.h's contract: called with the
 *                  folio unlocked and under writeback; maps the blocks
 *                  of the folio's valid data WITHOUT allocating. If one
 *                  is missing, the folio was dirtied behind the
 *                  filesystem's back (not through ->page_mkwrite or
 *                  ->write_begin): fs_invariant_violation() and
 *                  completion with -EIO, nothing written anywhere.
 *                  Else bios from wbc->bounce (if set) or the folio;
 *                  the last bio's completion (interrupt context) calls
 *                  folio_writeback_done() -- exactly once in all cases.
 *   ->dirty_folio  filemap_dirty_folio: dirty accounting and the
 *                  inode on the flusher's list.
 *
 * Locking: the folio lock (read_folio, write_begin) is taken before
 * ei->truncate_mutex, which is held only while blocks are mapped; the
 * I/O runs without it. Truncation cannot free the blocks meanwhile: it
 * first removes (locks) every folio past the new end and waits for
 * their writeback.
 */
#include "ext2.h"
#include <slab.h>
#include <writeback.h>

#define MAX_FOLIO_BLOCKS (PAGE_SIZE / 1024)

/* Map the blocks of @folio holding bytes below @valid; holes are 0. */
static int
map_folio(struct inode *inode, struct folio *folio, unsigned int nblocks,
	  u32 *pblk)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned int bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;
	u64 first = (u64)folio->index << (PAGE_SHIFT - bits);
	int err = 0;

	mutex_lock(&ei->truncate_mutex);
	for (unsigned int i = 0; i < nblocks && !err; i++)
		err = ext2_get_block(inode, first + i, false, &pblk[i], NULL);
	mutex_unlock(&ei->truncate_mutex);
	return err;
}

/* Blocks of @folio that hold data below i_size. */
static unsigned int
valid_blocks(struct inode *inode, struct folio *folio, loff_t size)
{
	loff_t pos = (loff_t)folio->index << PAGE_SHIFT;

	if (size <= pos)
		return 0;
	return DIV_ROUND_UP(min(size - pos, (loff_t)PAGE_SIZE),
			    inode->i_sb->s_blocksize);
}

/* Blocks [i, end) with consecutive disk numbers starting at pblk[i]. */
static unsigned int
run_end(const u32 *pblk, unsigned int i, unsigned int n)
{
	unsigned int j = i + 1;

	while (j < n && pblk[j] && pblk[j] == pblk[j - 1] + 1)
		j++;
	return j;
}

static struct bio *
run_bio(struct inode *inode, struct page *page, const u32 *pblk,
	unsigned int i, unsigned int j, unsigned int op)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	unsigned int bits = sbi->s_blocksize_bits;
	struct bio *bio = bio_alloc(sbi->s_bdev, 1, op, GFP_KERNEL);

	if (!bio)
		return NULL;
	bio->bi_iter.bi_sector = (sector_t)pblk[i] << (bits - SECTOR_SHIFT);
	bio_add_page(bio, page, (j - i) << bits, i << bits);
	return bio;
}

/*
 * Fill the locked folio from disk: blocks read, holes and the part
 * past i_size zeroed. Does not unlock; 0 or -errno.
 */
int
ext2_fill_folio(struct inode *inode, struct folio *folio)
{
	unsigned int bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;
	loff_t size = i_size_read(inode);
	loff_t pos = (loff_t)folio->index << PAGE_SHIFT;
	unsigned int n = valid_blocks(inode, folio, size), i = 0, j;
	u32 pblk[MAX_FOLIO_BLOCKS];
	char *data = folio_address(folio);
	int err = map_folio(inode, folio, n, pblk);

	while (!err && i < n) {
		struct bio *bio;

		if (!pblk[i]) {
			memset(data + (i << bits), 0, 1U << bits);
			i++;
			continue;
		}
		j = run_end(pblk, i, n);
		bio = run_bio(inode, &folio->page, pblk, i, j, REQ_OP_READ);
		err = bio ? submit_bio_wait(bio) : -ENOMEM;
		bio_put(bio);
		i = j;
	}
	if (!err && size - pos < (loff_t)PAGE_SIZE) {
		size_t keep = size > pos ? size - pos : 0;

		memset(data + keep, 0, PAGE_SIZE - keep);
	}
	return err;
}

static int
ext2_read_folio(struct file *file, struct folio *folio)
{
	struct inode *inode = folio->mapping->host;
	int err = ext2_fill_folio(inode, folio);

	if (err)
		pr_err("ext2: %s: inode %lu: read of page %lu failed: %d\n",
		       EXT2_SB(inode->i_sb)->s_bdev->bd_name, inode->i_ino,
		       folio->index, err);
	else
		folio_set_uptodate(folio);
	folio_unlock(folio);
	return err ? -EIO : 0;
}

/* ---- writepage ---- */

struct wp_ctx {
	struct folio *folio;
	atomic_t pending;	/* bios in flight, plus one for the submitter */
	int err;
};

static void
wp_put(struct wp_ctx *ctx)
{
	if (atomic_dec_and_test(&ctx->pending)) {
		folio_writeback_done(ctx->folio, ctx->err);
		kfree(ctx);
	}
}

/* Interrupt context (or inside submit_bio for errors caught early). */
static void
wp_end_io(struct bio *bio)
{
	struct wp_ctx *ctx = bio->bi_private;

	if (bio->bi_status)
		WRITE_ONCE(ctx->err, -EIO);
	bio_put(bio);
	wp_put(ctx);
}

static int
wp_submit(struct inode *inode, struct page *src, const u32 *pblk,
	  unsigned int n, struct wp_ctx *ctx)
{
	for (unsigned int i = 0, j; i < n; i = j) {
		struct bio *bio;

		j = run_end(pblk, i, n);
		bio = run_bio(inode, src, pblk, i, j, REQ_OP_WRITE);
		if (!bio) {
			WRITE_ONCE(ctx->err, -ENOMEM);
			return -ENOMEM;
		}
		bio->bi_end_io = wp_end_io;
		bio->bi_private = ctx;
		atomic_inc(&ctx->pending);
		submit_bio(bio);
	}
	return 0;
}

static bool
has_hole(const u32 *pblk, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!pblk[i])
			return true;
	return false;
}

static int
ext2_writepage(struct folio *folio, struct writeback_control *wbc)
{
	struct inode *inode = folio->mapping->host;
	loff_t size = i_size_read(inode);
	loff_t pos = (loff_t)folio->index << PAGE_SHIFT;
	unsigned int n = valid_blocks(inode, folio, size), bits;
	struct page *src = wbc->bounce ? wbc->bounce : &folio->page;
	u32 pblk[MAX_FOLIO_BLOCKS];
	struct wp_ctx *ctx;
	int err;

	if (n == 0) {			/* wholly past EOF: truncated */
		folio_writeback_done(folio, 0);
		return 0;
	}
	err = map_folio(inode, folio, n, pblk);
	if (!err && has_hole(pblk, n)) {
		fs_invariant_violation(folio, "no blocks");
		err = -EIO;
	}
	ctx = err ? NULL : kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		folio_writeback_done(folio, err ? err : -ENOMEM);
		return err ? err : -ENOMEM;
	}
	bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;
	if (size - pos < (loff_t)n << bits)	/* no stale bytes past EOF */
		memset((char *)page_address(src) + (size - pos), 0,
		       ((loff_t)n << bits) - (size - pos));
	ctx->folio = folio;
	atomic_set(&ctx->pending, 1);
	err = wp_submit(inode, src, pblk, n, ctx);
	wp_put(ctx);
	return err;
}

/* ---- write(2) ---- */

static int
ext2_write_begin(struct file *file, struct address_space *mapping,
		 loff_t pos, unsigned int len, struct folio **foliop)
{
	struct inode *inode = mapping->host;
	loff_t old = i_size_read(inode), end = pos + len;
	bool gap = pos > old && (old >> PAGE_SHIFT) != (pos >> PAGE_SHIFT);
	struct folio *folio;
	int err = 0;

	if (end > EXT2_SB(inode->i_sb)->s_maxbytes)
		return -EFBIG;
	if (gap)	/* first grow to @pos: a hole, as ftruncate would */
		err = ext2_extend(inode, old, pos);
	folio = err ? ERR_PTR(err) : filemap_grab_folio(mapping,
							 pos >> PAGE_SHIFT);
	if (!IS_ERR(folio)) {
		folio_wait_writeback(folio);
		if (!folio_test_uptodate(folio) && len != PAGE_SIZE)
			err = ext2_fill_folio(inode, folio);
		if (!err)
			err = ext2_alloc_folio_blocks(inode, folio,
						      max(i_size_read(inode),
							  end));
		if (!err) {
			*foliop = folio;
			return 0;
		}
		folio_unlock(folio);
		folio_put(folio);
	}
	if (gap && i_size_read(inode) > old)
		ext2_shrink(inode, old);	/* a failed write changes nothing */
	return IS_ERR(folio) ? PTR_ERR(folio) : err;
}

static int
ext2_write_end(struct file *file, struct address_space *mapping, loff_t pos,
	       unsigned int len, unsigned int copied, struct folio *folio)
{
	struct inode *inode = mapping->host;

	folio_set_uptodate(folio);
	if (pos + copied > i_size_read(inode))
		i_size_write(inode, pos + copied);
	folio_mark_dirty(folio);
	folio_unlock(folio);
	folio_put(folio);
	mark_inode_dirty(inode);	/* size, mtime: ->write_inode later */
	return copied;
}

const struct address_space_operations ext2_aops = {
	.read_folio = ext2_read_folio,
	.writepage = ext2_writepage,
	.write_begin = ext2_write_begin,
	.write_end = ext2_write_end,
	.dirty_folio = filemap_dirty_folio,
};
