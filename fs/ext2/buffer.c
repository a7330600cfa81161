/*
 * ext2's buffer cache: metadata blocks in memory, written back later.
 *
 * Interface (fs/ext2/ext2.h, Linux's names): sb_bread() returns the
 * buffer of a block, read in if needed, with a reference, or an
 * ERR_PTR; sb_getblk_zero() the same for a block just allocated, zeroed
 * instead of read (its old contents are garbage) and already dirty;
 * brelse() drops the reference; mark_buffer_dirty() after changing
 * b_data; bforget() when a block is freed, so a stale dirty copy can
 * never be written over whatever the block becomes next;
 * ext2_sync_buffers() writes every dirty buffer.
 *
 * Rules: the caller serializes changes to one buffer's contents with
 * the lock that owns the structure (s_alloc_lock for bitmaps and
 * descriptors, truncate_mutex for indirect blocks, the directory's
 * i_rwsem, s_itable_lock for inode tables). Writeback clears BH_Dirty
 * before it copies the block out, so a change made during the write
 * sets it again and is written next time. File data never lives here.
 *
 * Locking: bcache->lock (a spinlock) guards the hash chains, the LRU
 * list and b_count. b_io (a mutex) makes one reader fill a buffer while
 * others wait. Unreferenced clean buffers are freed when the cache
 * holds more than bcache->max; dirty ones are written first.
 */
#include "ext2.h"
#include <slab.h>

#define EXT2_BH_MAX 1024
#define SYNC_BATCH  32

static void
lru_move_front(struct list_head *e, struct list_head *head)
{
	list_del(e);
	list_add(e, head);
}

static struct ext2_bcache *
bcache(struct super_block *sb)
{
	return &EXT2_SB(sb)->s_bcache;
}

/* Lock held. */
static struct buffer_head *
bh_find(struct ext2_bcache *c, u32 block)
{
	struct buffer_head *bh;

	list_for_each_entry (bh, &c->hash[block % EXT2_BH_HASH], b_hash)
		if (bh->b_blocknr == block)
			return bh;
	return NULL;
}

static void
bh_free(struct buffer_head *bh)
{
	kfree(bh->b_data);
	kfree(bh);
}

static struct buffer_head *
bh_alloc(struct super_block *sb, u32 block)
{
	struct buffer_head *bh = kzalloc(sizeof(*bh), GFP_KERNEL);

	if (!bh)
		return NULL;
	bh->b_data = kmalloc(EXT2_SB(sb)->s_blocksize, GFP_KERNEL);
	if (!bh->b_data) {
		kfree(bh);
		return NULL;
	}
	bh->b_cache = &EXT2_SB(sb)->s_bcache;
	bh->b_blocknr = block;
	bh->b_count = 1;
	mutex_init(&bh->b_io, "ext2_bh");
	return bh;
}

/*
 * Free unreferenced clean buffers, least recently used first, until
 * the cache is back under its limit. Returns true if it is still over
 * because the rest are dirty (the caller writes them and retries).
 */
static bool
bcache_shrink(struct ext2_bcache *c)
{
	struct buffer_head *bh, *tmp;
	struct list_head *pos, *prev;
	LIST_HEAD(victims);
	bool over;

	spin_lock(&c->lock);
	for (pos = c->lru.prev; pos != &c->lru && c->nr > c->max; pos = prev) {
		prev = pos->prev;
		bh = list_entry(pos, struct buffer_head, b_lru);
		if (bh->b_count || test_bit(BH_Dirty, &bh->b_state))
			continue;
		list_del(&bh->b_hash);
		lru_move_front(&bh->b_lru, &victims);
		c->nr--;
	}
	over = c->nr > c->max;
	spin_unlock(&c->lock);
	list_for_each_entry_safe (bh, tmp, &victims, b_lru)
		bh_free(bh);
	return over;
}

static struct buffer_head *
bh_lookup_get(struct ext2_bcache *c, u32 block)
{
	struct buffer_head *bh = bh_find(c, block);

	if (bh) {
		bh->b_count++;
		lru_move_front(&bh->b_lru, &c->lru);
	}
	return bh;
}

/* The buffer of @block, referenced, maybe not uptodate; NULL: no memory. */
static struct buffer_head *
bh_get(struct super_block *sb, u32 block)
{
	struct ext2_bcache *c = bcache(sb);
	struct buffer_head *bh, *new;

	spin_lock(&c->lock);
	bh = bh_lookup_get(c, block);
	spin_unlock(&c->lock);
	if (bh)
		return bh;
	new = bh_alloc(sb, block);
	if (!new)
		return NULL;
	spin_lock(&c->lock);
	bh = bh_lookup_get(c, block); /* lost a race? */
	if (!bh) {
		list_add(&new->b_hash, &c->hash[block % EXT2_BH_HASH]);
		list_add(&new->b_lru, &c->lru);
		c->nr++;
	}
	spin_unlock(&c->lock);
	if (bh) {
		bh_free(new);
		return bh;
	}
	if (bcache_shrink(c)) {
		ext2_sync_buffers(sb);
		bcache_shrink(c);
	}
	return new;
}

static int
bh_io(struct super_block *sb, struct buffer_head *bh, bool write)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	sector_t sector = (sector_t)bh->b_blocknr
			  << (sbi->s_blocksize_bits - SECTOR_SHIFT);

	if (write)
		return bdev_write(sbi->s_bdev, sector, bh->b_data,
				  sbi->s_blocksize);
	return bdev_read(sbi->s_bdev, sector, bh->b_data, sbi->s_blocksize);
}

struct buffer_head *
sb_bread(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;
	int err = 0;

	if (block >= sbi->s_blocks_count) {
		pr_err("ext2: %s: read of block %u beyond the end (%u)\n",
		       sbi->s_bdev->bd_name, block, sbi->s_blocks_count);
		return ERR_PTR(-EUCLEAN);
	}
	bh = bh_get(sb, block);
	if (!bh)
		return ERR_PTR(-ENOMEM);
	if (test_bit(BH_Uptodate, &bh->b_state))
		return bh;
	mutex_lock(&bh->b_io);
	if (!test_bit(BH_Uptodate, &bh->b_state)) {
		err = bh_io(sb, bh, false);
		if (!err)
			set_bit(BH_Uptodate, &bh->b_state);
	}
	mutex_unlock(&bh->b_io);
	if (err) {
		pr_err("ext2: %s: cannot read block %u: error %d\n",
		       sbi->s_bdev->bd_name, block, err);
		brelse(bh);
		return ERR_PTR(-EIO);
	}
	return bh;
}

/* A freshly allocated block: nobody else can be using its buffer. */
struct buffer_head *
sb_getblk_zero(struct super_block *sb, u32 block)
{
	struct buffer_head *bh = bh_get(sb, block);

	if (!bh)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&bh->b_io);
	memset(bh->b_data, 0, EXT2_SB(sb)->s_blocksize);
	set_bit(BH_Uptodate, &bh->b_state);
	mutex_unlock(&bh->b_io);
	mark_buffer_dirty(bh);
	return bh;
}

void
brelse(struct buffer_head *bh)
{
	struct ext2_bcache *c;

	if (!bh || IS_ERR(bh))
		return;
	c = bh->b_cache;
	spin_lock(&c->lock);
	WARN_ON(bh->b_count <= 0);
	bh->b_count--;
	spin_unlock(&c->lock);
}

/* The caller holds a reference and changed b_data. */
void
mark_buffer_dirty(struct buffer_head *bh)
{
	set_bit(BH_Dirty, &bh->b_state);
}

/*
 * @block was freed: drop its cached copy, or at least its dirtiness if
 * someone still holds the buffer, so it is never written again.
 */
void
bforget(struct super_block *sb, u32 block)
{
	struct ext2_bcache *c = bcache(sb);
	struct buffer_head *bh;

	spin_lock(&c->lock);
	bh = bh_find(c, block);
	if (bh) {
		clear_bit(BH_Dirty, &bh->b_state);
		if (bh->b_count == 0) {
			list_del(&bh->b_hash);
			list_del(&bh->b_lru);
			c->nr--;
		} else {
			bh = NULL;
		}
	}
	spin_unlock(&c->lock);
	if (bh)
		bh_free(bh);
}

/* Up to @max dirty buffers, referenced; their count. */
static unsigned int
collect_dirty(struct ext2_bcache *c, struct buffer_head **batch,
	      unsigned int max)
{
	struct buffer_head *bh;
	unsigned int n = 0;

	spin_lock(&c->lock);
	list_for_each_entry (bh, &c->lru, b_lru) {
		if (n == max)
			break;
		if (test_bit(BH_Dirty, &bh->b_state)) {
			bh->b_count++;
			batch[n++] = bh;
		}
	}
	spin_unlock(&c->lock);
	return n;
}

/*
 * Write every dirty buffer. A failed write leaves the buffer dirty and
 * ends the pass with -EIO (a later sync retries it).
 */
int
ext2_sync_buffers(struct super_block *sb)
{
	struct buffer_head *batch[SYNC_BATCH];
	unsigned int n;
	int err = 0;

	while (!err && (n = collect_dirty(bcache(sb), batch, SYNC_BATCH))) {
		for (unsigned int i = 0; i < n; i++) {
			struct buffer_head *bh = batch[i];

			if (!err &&
			    test_and_clear_bit(BH_Dirty, &bh->b_state) &&
			    bh_io(sb, bh, true)) {
				set_bit(BH_Dirty, &bh->b_state);
				pr_err("ext2: %s: cannot write block %u\n",
				       EXT2_SB(sb)->s_bdev->bd_name,
				       bh->b_blocknr);
				err = -EIO;
			}
			brelse(bh);
		}
	}
	return err;
}

int
ext2_bcache_init(struct super_block *sb)
{
	struct ext2_bcache *c = bcache(sb);

	spin_lock_init(&c->lock, "ext2_bcache");
	INIT_LIST_HEAD(&c->lru);
	for (int i = 0; i < EXT2_BH_HASH; i++)
		INIT_LIST_HEAD(&c->hash[i]);
	c->nr = 0;
	c->max = EXT2_BH_MAX;
	return 0;
}

/* Unmount: every buffer is clean and unreferenced by now. */
void
ext2_bcache_destroy(struct super_block *sb)
{
	struct ext2_bcache *c = bcache(sb);
	struct buffer_head *bh, *tmp;

	list_for_each_entry_safe (bh, tmp, &c->lru, b_lru) {
		if (bh->b_count || test_bit(BH_Dirty, &bh->b_state))
			pr_warn("ext2: buffer of block %u busy or dirty at "
				"unmount\n",
				bh->b_blocknr);
		list_del(&bh->b_lru);
		bh_free(bh);
	}
	c->nr = 0;
}
