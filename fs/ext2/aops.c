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
 *                  inside i_size WITHOUT allocating and writes the
 *                  mapped ones. A block inside the file with no disk
 *                  block is a hole if it still holds zeroes and nobody
 *                  dirtied it; if it was dirtied (folio->private, see
 *                  ext2.h) or holds data, the folio was dirtied behind
 *                  the filesystem's back (not through ->page_mkwrite
 *                  or ->write_begin): fs_invariant_violation() and
 *                  completion with -EIO, nothing written anywhere.
 *                  Else bios from wbc->bounce (if set) or the folio;
 *                  the last bio's completion (interrupt context) calls
 *                  folio_writeback_done() -- exactly once in all cases.
 *   ->dirty_folio  any other dirtying marks every block dirty (Linux's
 *                  block_dirty_folio), then filemap_dirty_folio
 *                  accounts the folio and queues the inode.
 *
 * Holes inside a page are normal with 1 KiB blocks: a sparse file, or
 * a write(2) that extended the file past a dirty, half-allocated last
 * page. Their blocks stay holes until a write or ->page_mkwrite
 * prepares them; zeroes over a hole need no block.
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
run_bio(struct inode *inode, struct page *page, const u32 *pblk, unsigned int i,
	unsigned int j, unsigned int op)
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

/* ---- which blocks of a folio are dirty ---- */

/* Bits for the blocks of @folio overlapping bytes [from, to) of the file. */
unsigned long
ext2_block_mask(struct inode *inode, struct folio *folio, loff_t from,
		loff_t to)
{
	unsigned int bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;
	loff_t pos = (loff_t)folio->index << PAGE_SHIFT;
	unsigned long first, last;

	from = max(from, pos);
	to = min(to, pos + (loff_t)PAGE_SIZE);
	if (from >= to)
		return 0;
	first = (from - pos) >> bits;
	last = (to - pos - 1) >> bits;
	return ((2UL << last) - 1) & ~((1UL << first) - 1);
}

/* Mark blocks @mask of @folio dirty, and the folio (no a_ops detour). */
void
ext2_folio_dirty_blocks(struct folio *folio, unsigned long mask)
{
	__atomic_fetch_or(&folio->private, mask, __ATOMIC_SEQ_CST);
	filemap_dirty_folio(folio->mapping, folio);
}

/* Blocks @mask hold no data to write any more (past the end of file). */
void
ext2_folio_forget_blocks(struct folio *folio, unsigned long mask)
{
	__atomic_fetch_and(&folio->private, ~mask, __ATOMIC_SEQ_CST);
}

/*
 * ->dirty_folio: someone outside the filesystem dirtied the folio
 * (unpin_user_pages_dirty_lock, dirty PTEs found by writeback): all
 * its data may have changed, so every block is dirty, as in Linux. A
 * failed write re-dirtying it (EXT2_FOLIO_REDIRTY) keeps the bits.
 */
static bool
ext2_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	unsigned int bits = EXT2_SB(mapping->host->i_sb)->s_blocksize_bits;
	unsigned long all = (1UL << (PAGE_SIZE >> bits)) - 1;
	unsigned long old = __atomic_fetch_and(
	    &folio->private, ~EXT2_FOLIO_REDIRTY, __ATOMIC_SEQ_CST);

	if (!(old & EXT2_FOLIO_REDIRTY))
		__atomic_fetch_or(&folio->private, all, __ATOMIC_SEQ_CST);
	return filemap_dirty_folio(mapping, folio);
}

/* ---- writepage ---- */

struct wp_ctx {
	struct folio *folio;
	atomic_t pending; /* bios in flight, plus one for the submitter */
	int err;
};

/* The one completion: folio_writeback_done(), keeping the dirty bits. */
static void
wp_done(struct folio *folio, int err)
{
	if (err)
		__atomic_fetch_or(&folio->private, EXT2_FOLIO_REDIRTY,
				  __ATOMIC_SEQ_CST);
	folio_writeback_done(folio, err);
}

static void
wp_put(struct wp_ctx *ctx)
{
	if (atomic_dec_and_test(&ctx->pending)) {
		wp_done(ctx->folio, ctx->err);
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

/* One bio per run of mapped blocks with consecutive disk numbers. */
static int
wp_submit(struct inode *inode, struct page *src, const u32 *pblk,
	  unsigned int n, struct wp_ctx *ctx)
{
	for (unsigned int i = 0, j; i < n; i = j) {
		struct bio *bio;

		if (!pblk[i]) {
			j = i + 1;
			continue;
		}
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
all_zero(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/*
 * Blocks [0, n) of the folio lie inside the file. One without a disk
 * block is a hole -- fine if nobody dirtied it and it still holds the
 * zeroes a hole reads as, a violation if it was dirtied or holds data
 * (a device wrote it through a pin: nobody prepared it).
 */
static bool
unprepared_data(struct inode *inode, const char *data, const u32 *pblk,
		unsigned long mask, unsigned int n, size_t valid)
{
	unsigned int bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;

	for (unsigned int i = 0; i < n; i++) {
		size_t off = (size_t)i << bits;

		if (pblk[i])
			continue;
		if ((mask & (1UL << i)) ||
		    !all_zero(data + off, min(valid - off, (size_t)1 << bits)))
			return true;
	}
	return false;
}

static bool
any_mapped(const u32 *pblk, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (pblk[i])
			return true;
	return false;
}

static int
ext2_writepage(struct folio *folio, struct writeback_control *wbc)
{
	struct inode *inode = folio->mapping->host;
	unsigned int bits = EXT2_SB(inode->i_sb)->s_blocksize_bits;
	loff_t size = i_size_read(inode);
	loff_t pos = (loff_t)folio->index << PAGE_SHIFT;
	unsigned int n = valid_blocks(inode, folio, size);
	size_t valid = min(size - pos, (loff_t)PAGE_SIZE);
	unsigned long mask = READ_ONCE(folio->private);
	struct page *src = wbc->bounce ? wbc->bounce : &folio->page;
	char *data = page_address(src);
	u32 pblk[MAX_FOLIO_BLOCKS];
	struct wp_ctx *ctx = NULL;
	int err;

	if (n == 0) { /* wholly past EOF: being truncated */
		folio_writeback_done(folio, 0);
		return 0;
	}
	err = map_folio(inode, folio, n, pblk);
	if (!err && unprepared_data(inode, data, pblk, mask, n, valid)) {
		fs_invariant_violation(folio, "no blocks");
		err = -EIO;
	}
	if (!err && !any_mapped(pblk, n)) { /* all of it zero holes */
		folio_writeback_done(folio, 0);
		return 0;
	}
	ctx = err ? NULL : kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx) {
		err = err ? err : -ENOMEM;
		wp_done(folio, err);
		return err;
	}
	if (valid < (size_t)n << bits) /* no stale bytes past EOF */
		memset(data + valid, 0, ((size_t)n << bits) - valid);
	ctx->folio = folio;
	atomic_set(&ctx->pending, 1);
	err = wp_submit(inode, src, pblk, n, ctx);
	wp_put(ctx);
	return err;
}

/* ---- write(2) ---- */

static int
ext2_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
		 unsigned int len, struct folio **foliop)
{
	struct inode *inode = mapping->host;
	loff_t old = i_size_read(inode), end = pos + len;
	bool gap = pos > old && (old >> PAGE_SHIFT) != (pos >> PAGE_SHIFT);
	unsigned long fresh;
	struct folio *folio;
	int err = 0;

	if (end > EXT2_SB(inode->i_sb)->s_maxbytes)
		return -EFBIG;
	if (gap) /* first grow to @pos: a hole, as ftruncate would */
		err = ext2_extend(inode, old, pos);
	folio =
	    err ? ERR_PTR(err) : filemap_grab_folio(mapping, pos >> PAGE_SHIFT);
	if (!IS_ERR(folio)) {
		folio_wait_writeback(folio);
		if (!folio_test_uptodate(folio) && len != PAGE_SIZE)
			err = ext2_fill_folio(inode, folio);
		if (!err)
			err = ext2_alloc_folio_blocks(
			    inode, folio, max(i_size_read(inode), end), &fresh);
		if (!err) {
			/* New blocks hold the folio's zeroes: write them. */
			__atomic_fetch_or(&folio->private, fresh,
					  __ATOMIC_SEQ_CST);
			*foliop = folio;
			return 0;
		}
		folio_unlock(folio);
		folio_put(folio);
	}
	if (gap && i_size_read(inode) > old)
		ext2_shrink(inode, old); /* a failed write: no change */
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
	ext2_folio_dirty_blocks(
	    folio, ext2_block_mask(inode, folio, pos, pos + copied));
	folio_unlock(folio);
	folio_put(folio);
	mark_inode_dirty(inode); /* size, mtime: ->write_inode later */
	return copied;
}

const struct address_space_operations ext2_aops = {
	.read_folio = ext2_read_folio,
	.writepage = ext2_writepage,
	.write_begin = ext2_write_begin,
	.write_end = ext2_write_end,
	.dirty_folio = ext2_dirty_folio,
};
