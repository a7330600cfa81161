/*
 * The block device registry and the synchronous helpers
 * (include/blkdev.h).
 *
 * add_disk() puts a device on all_bdevs under bdev_lock; devices are
 * never removed, so blkdev_get_by_name() hands out plain pointers
 * (Linux counts references and opens; we need neither yet).
 *
 * bdev_read()/bdev_write() cut a kernel buffer into bios of at most
 * bd_max_segments page-sized pieces, each bio a whole number of
 * sectors, and wait for each in turn. The buffer may start anywhere
 * in a page; it must be in the direct map or the kernel image (where
 * virt_to_page() works), which covers kmalloc, page allocations,
 * kernel stacks and static data.
 */
#include <blkdev.h>
#include <gfp.h>
#include <init.h>
#include <mm.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>

static DEFINE_SPINLOCK(bdev_lock);
static LIST_HEAD(all_bdevs);

static struct block_device *
bdev_lookup(const char *name)
{
	struct block_device *b;

	list_for_each_entry(b, &all_bdevs, bd_list)
		if (strcmp(b->bd_name, name) == 0)
			return b;
	return NULL;
}

int
add_disk(struct block_device *bdev)
{
	unsigned long flags;
	int err = 0;

	if (!bdev->bd_max_segments || bdev->bd_max_segments > BIO_MAX_VECS)
		bdev->bd_max_segments = BIO_MAX_VECS;
	if (bdev->bd_block_size < SECTOR_SIZE)
		bdev->bd_block_size = SECTOR_SIZE;
	spin_lock_irqsave(&bdev_lock, flags);
	if (bdev_lookup(bdev->bd_name))
		err = -EEXIST;
	else
		list_add_tail(&bdev->bd_list, &all_bdevs);
	spin_unlock_irqrestore(&bdev_lock, flags);
	if (err)
		pr_err("block: %s already registered\n", bdev->bd_name);
	else
		pr_info("block: %s: %lu sectors (%lu MiB)%s%s\n",
			bdev->bd_name, bdev->bd_nr_sectors,
			bdev->bd_nr_sectors >> 11,
			bdev->bd_read_only ? ", read-only" : "",
			bdev->bd_has_flush ? ", write cache" : "");
	return err;
}

struct block_device *
blkdev_get_by_name(const char *name)
{
	struct block_device *b;
	unsigned long flags;

	spin_lock_irqsave(&bdev_lock, flags);
	b = bdev_lookup(name);
	spin_unlock_irqrestore(&bdev_lock, flags);
	return b ? b : ERR_PTR(-ENODEV);
}

/*
 * Bytes the next bio can carry from @p: the pages it spans, at most
 * @nvecs of them, rounded down to whole sectors.
 */
static size_t
bio_span(const char *p, size_t len, unsigned int nvecs)
{
	size_t first = PAGE_SIZE - ((unsigned long)p & (PAGE_SIZE - 1));
	size_t room = first + (size_t)(nvecs - 1) * PAGE_SIZE;

	return min(len, ALIGN_DOWN(room, (size_t)SECTOR_SIZE));
}

static void
bio_add_buf(struct bio *bio, char *p, size_t n)
{
	size_t off, chunk;

	while (n) {
		off = (unsigned long)p & (PAGE_SIZE - 1);
		chunk = min(n, PAGE_SIZE - off);
		bio_add_page(bio, virt_to_page(p), chunk, off);
		p += chunk;
		n -= chunk;
	}
}

static int
bdev_rw(struct block_device *bdev, unsigned int op, sector_t sector,
	char *buf, size_t len)
{
	unsigned int nvecs = bdev->bd_max_segments;
	struct bio *bio;
	size_t n;
	int err;

	if (len % SECTOR_SIZE)
		return -EINVAL;
	for (; len; len -= n, buf += n, sector += n >> SECTOR_SHIFT) {
		n = bio_span(buf, len, nvecs);
		if (!n)		/* 1 segment, under a sector left */
			return -EINVAL;
		bio = bio_alloc(bdev, nvecs, op, GFP_KERNEL);
		if (!bio)
			return -ENOMEM;
		bio->bi_iter.bi_sector = sector;
		bio_add_buf(bio, buf, n);
		err = submit_bio_wait(bio);
		bio_put(bio);
		if (err)
			return err;
	}
	return 0;
}

int
bdev_read(struct block_device *bdev, sector_t sector, void *buf, size_t len)
{
	return bdev_rw(bdev, REQ_OP_READ, sector, buf, len);
}

int
bdev_write(struct block_device *bdev, sector_t sector, const void *buf,
	   size_t len)
{
	return bdev_rw(bdev, REQ_OP_WRITE, sector, (char *)buf, len);
}

/* Drivers register at device_initcall; say so if none found a disk. */
static int
bdev_report(void)
{
	if (list_empty(&all_bdevs))
		pr_warn("block: no disks (no virtio-blk device, no disk.img "
			"module)\n");
	return 0;
}
late_initcall(bdev_report);
