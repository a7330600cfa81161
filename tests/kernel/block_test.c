/*
 * Suite "block": PCI discovery, the virtio-blk driver and the block
 * layer, against the disk scripts/mkdisk.sh builds (run-tests.py
 * attaches a fresh copy, build/disk-test.img, so writes are harmless;
 * they go only to the scratch tail after the filesystem anyway).
 *
 * Cases that need the virtio disk are skipped only when no virtio-blk
 * PCI device exists (no disk attached). If the device is there, a
 * missing "vda" is a failure. ram0 is tested when a disk.img boot
 * module exists (the GRUB ISO carries one), else skipped.
 */
#include <kunit.h>
#include <blkdev.h>
#include <irq.h>
#include <mm.h>
#include <pci.h>
#include <sched.h>
#include <time.h>
#include <virtio.h>
#include "blk_scratch.h"

#define VIRTIO_VENDOR 0x1af4
#define NR_INFLIGHT   48	/* async bios at once, one page each */
#define NR_RING_FULL  160	/* 3 descriptors each: over a 256 ring */

static struct pci_dev *
virtio_blk_pci(void)
{
	struct pci_dev *d = NULL;

	while ((d = pci_get_device(VIRTIO_VENDOR, PCI_ANY_ID, d)))
		if (d->device == 0x1042 ||
		    (d->device == 0x1001 && d->subsystem_device == 2))
			return d;
	return NULL;
}

/* "vda", skipping the case when no disk is attached at all. */
static struct block_device *
get_vda(struct kunit *test)
{
	struct block_device *bdev = blkdev_get_by_name("vda");

	if (IS_ERR(bdev) && !virtio_blk_pci())
		kunit_skip(test, "no virtio-blk disk attached");
	KUNIT_ASSERT_FALSE(test, IS_ERR(bdev));
	return bdev;
}

static void
get_scratch(struct kunit *test, struct block_device *bdev, sector_t *start,
	    sector_t *nr)
{
	KUNIT_ASSERT_EQ(test, blk_scratch_range(bdev, start, nr), 0);
	/* mkdisk.sh leaves 1 MiB after the filesystem. */
	KUNIT_ASSERT_GE(test, *nr, 2048);
}

static struct virtblk_stats
stats(struct kunit *test, struct block_device *bdev)
{
	struct virtblk_stats st;

	KUNIT_ASSERT_EQ(test, virtblk_get_stats(bdev, &st), 0);
	return st;
}

static void
fill_pattern(u8 *p, size_t len, u32 seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (u8)((i * 131 + seed * 7 + (i >> 9)) ^ (seed >> 8));
}

static void
block_pci_virtio_found(struct kunit *test)
{
	struct pci_dev *d = virtio_blk_pci();
	struct block_device *bdev;
	bool mem64 = false;

	if (!d)
		kunit_skip(test, "no virtio-blk disk attached");
	KUNIT_EXPECT_GT(test, pci_dev_count(), 1);	/* host bridge too */
	KUNIT_EXPECT_EQ(test, d->class >> 8, 0x0100);	/* mass storage */
	KUNIT_EXPECT_NOT_NULL(test, d->driver);
	for (int i = 0; i < PCI_NUM_RESOURCES; i++)
		if ((d->resource[i].flags & IORESOURCE_MEM_64) &&
		    d->resource[i].len)
			mem64 = true;
	KUNIT_EXPECT_TRUE(test, mem64);		/* the modern BAR */
	KUNIT_EXPECT_NE(test, pci_find_capability(d, PCI_CAP_ID_VNDR), 0);
	/* Interrupts set up, by MSI-X whenever the device offers it. */
	KUNIT_EXPECT_EQ(test, d->nr_irq_vecs, 1);
	KUNIT_EXPECT_EQ(test, d->msix_enabled, d->msix_cap != 0);
	bdev = get_vda(test);
	KUNIT_EXPECT_GT(test, bdev_nr_sectors(bdev), 0);
	kunit_info(test, "vda: %lu sectors, pci %02x:%02x.%d",
		   bdev_nr_sectors(bdev), d->bus, PCI_SLOT(d->devfn),
		   PCI_FUNC(d->devfn));
}

/* Sector 0..7 hold the ext2 superblock at byte 1024, magic at 1080. */
static void
check_superblock(struct kunit *test, struct block_device *bdev)
{
	u8 *buf = kzalloc(4096, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, 0, buf, 4096), 0);
	KUNIT_EXPECT_EQ(test, buf[1080], 0x53);
	KUNIT_EXPECT_EQ(test, buf[1081], 0xef);
	KUNIT_EXPECT_EQ(test, blk_le32(buf + 1024 + 24), 2);	/* 4 KiB */
	KUNIT_EXPECT_EQ(test, blk_le32(buf + 1024 + 4), 16384); /* 64 MiB */
	kfree(buf);
}

static void
block_ext2_superblock(struct kunit *test)
{
	check_superblock(test, get_vda(test));
}

/*
 * The last 64 KiB: write a fresh pattern, read it back into a buffer
 * that starts mid-page (segments then straddle page boundaries).
 */
static void
tail_write_read(struct kunit *test, struct block_device *bdev)
{
	sector_t start, nr, sector = bdev_nr_sectors(bdev) - 128;
	u8 *wbuf = kmalloc(65536, GFP_KERNEL);
	u8 *rbuf = kzalloc(65536 + 1024, GFP_KERNEL);

	get_scratch(test, bdev, &start, &nr);
	KUNIT_ASSERT_GE(test, sector, start);
	KUNIT_ASSERT_NOT_NULL(test, wbuf);
	KUNIT_ASSERT_NOT_NULL(test, rbuf);
	fill_pattern(wbuf, 65536, (u32)ktime_get_ns());
	KUNIT_EXPECT_EQ(test, bdev_write(bdev, sector, wbuf, 65536), 0);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, sector, rbuf + 520, 65536), 0);
	KUNIT_EXPECT_MEMEQ(test, wbuf, rbuf + 520, 65536);
	kfree(wbuf);
	kfree(rbuf);
}

static void
block_tail_write_read(struct kunit *test)
{
	tail_write_read(test, get_vda(test));
}

/* Async completion bookkeeping; the wait queue is static because the
 * last end_io may still be inside wake_up() when the waiter returns. */
static atomic_t async_done, async_in_irq, async_errors;
static struct bio *io_bios[NR_RING_FULL];
static struct page *io_pages[NR_RING_FULL];
static DECLARE_WAIT_QUEUE_HEAD(async_wq);

static void
async_end_io(struct bio *bio)
{
	if (in_interrupt())
		atomic_inc(&async_in_irq);
	if (bio->bi_status)
		atomic_inc(&async_errors);
	atomic_inc(&async_done);
	wake_up(&async_wq);
}

/*
 * Holding the disk's interrupts at the device (pci_irq_mask) makes the
 * timing deterministic: completions pile up in the used ring unseen,
 * so the driver's in-flight count and ring space change only when we
 * say. The suite's exit hook releases a hold an aborted case left.
 */
enum hold { HOLD_NONE, HOLD_UNTIL_SUBMITTED, HOLD_UNTIL_RING_FULL };

static struct pci_dev *held_dev;
static unsigned long held_waits;	/* ring_full_waits at the hold */

static void
irq_hold(struct block_device *bdev)
{
	struct virtblk_stats st;

	virtblk_get_stats(bdev, &st);
	held_waits = st.ring_full_waits;
	held_dev = virtio_blk_pci();
	pci_irq_mask(held_dev, true);
}

static void
irq_release(void)
{
	struct pci_dev *d = __atomic_exchange_n(&held_dev, NULL,
						__ATOMIC_SEQ_CST);

	if (d)
		pci_irq_mask(d, false);
}

/* Release the hold once a submitter found the ring full (or 10 s). */
static int
release_when_full(void *arg)
{
	struct virtblk_stats st;

	for (int i = 0; i < 10 * HZ; i++) {
		virtblk_get_stats(arg, &st);
		if (st.ring_full_waits > held_waits)
			break;
		msleep(1000 / HZ);
	}
	irq_release();
	return 0;
}

static void
prepare_bios(struct kunit *test, int n, unsigned int op,
	     struct block_device *bdev, sector_t start)
{
	atomic_set(&async_done, 0);
	atomic_set(&async_in_irq, 0);
	atomic_set(&async_errors, 0);
	for (int i = 0; i < n; i++) {
		io_bios[i] = bio_alloc(bdev, 1, op, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, io_bios[i]);
		bio_add_page(io_bios[i], io_pages[i], PAGE_SIZE, 0);
		io_bios[i]->bi_iter.bi_sector = start + i * (PAGE_SIZE >> 9);
		io_bios[i]->bi_end_io = async_end_io;
	}
}

/*
 * Submit @n one-page bios at @start without waiting in between, then
 * wait for all (60 s at most; on a timeout the bios and pages leak on
 * purpose, the device may still use them). HOLD_UNTIL_SUBMITTED checks
 * that all n were in flight at once; HOLD_UNTIL_RING_FULL makes the
 * submitter sleep for ring space until a helper thread lets
 * completions through.
 */
static void
submit_many(struct kunit *test, int n, unsigned int op,
	    struct block_device *bdev, sector_t start, enum hold hold)
{
	struct task_struct *helper = NULL;

	prepare_bios(test, n, op, bdev, start);
	if (hold != HOLD_NONE)
		irq_hold(bdev);
	if (hold == HOLD_UNTIL_RING_FULL) {
		helper = kthread_run(release_when_full, bdev, "blk-release");
		KUNIT_ASSERT_FALSE(test, IS_ERR(helper));
	}
	for (int i = 0; i < n; i++)
		submit_bio(io_bios[i]);
	if (hold == HOLD_UNTIL_SUBMITTED) {
		KUNIT_EXPECT_EQ(test, stats(test, bdev).inflight, n);
		KUNIT_EXPECT_EQ(test, atomic_read(&async_done), 0);
		irq_release();
	}
	if (helper)
		kthread_join(helper);
	KUNIT_ASSERT_NE(test, wait_event_timeout(async_wq,
			atomic_read(&async_done) == n, 60 * HZ), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&async_errors), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&async_in_irq), n);
}

static int
alloc_pages_array(struct page **pages, int n)
{
	for (int i = 0; i < n; i++)
		if (!(pages[i] = alloc_page(__GFP_ZERO)))
			return -ENOMEM;
	return 0;
}

static void
free_io(int n)
{
	for (int i = 0; i < n; i++) {
		if (io_bios[i])
			bio_put(io_bios[i]);
		if (io_pages[i])
			__free_page(io_pages[i]);
		io_bios[i] = NULL;
		io_pages[i] = NULL;
	}
}

/* Write @n pages of pattern at @start, read them back into zeroed
 * pages, check: 2 * n requests, nothing else. */
static void
write_read_many(struct kunit *test, struct block_device *bdev, int n,
		sector_t start, enum hold hold)
{
	u32 seed = (u32)ktime_get_ns();

	KUNIT_ASSERT_EQ(test, alloc_pages_array(io_pages, n), 0);
	for (int i = 0; i < n; i++)
		fill_pattern(page_address(io_pages[i]), PAGE_SIZE, seed + i);
	submit_many(test, n, REQ_OP_WRITE, bdev, start, hold);
	free_io(n);
	KUNIT_ASSERT_EQ(test, alloc_pages_array(io_pages, n), 0);
	submit_many(test, n, REQ_OP_READ, bdev, start, hold);
	for (int i = 0; i < n; i++) {
		u8 *want = kmalloc(PAGE_SIZE, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, want);
		fill_pattern(want, PAGE_SIZE, seed + i);
		KUNIT_EXPECT_MEMEQ(test, page_address(io_pages[i]), want,
				   PAGE_SIZE);
		kfree(want);
	}
	free_io(n);
}

/*
 * 48 bios in flight at once (interrupts held until all are queued):
 * all complete, with the right data, every one from the interrupt
 * handler.
 */
static void
block_many_inflight(struct kunit *test)
{
	struct block_device *bdev = get_vda(test);
	struct virtblk_stats before, after;
	sector_t start, nr;

	get_scratch(test, bdev, &start, &nr);
	KUNIT_ASSERT_GE(test, nr, NR_INFLIGHT * 8);
	before = stats(test, bdev);
	write_read_many(test, bdev, NR_INFLIGHT, start, HOLD_UNTIL_SUBMITTED);
	after = stats(test, bdev);
	KUNIT_EXPECT_EQ(test, after.requests - before.requests,
			2 * NR_INFLIGHT);
	KUNIT_EXPECT_EQ(test, after.irq_completions - before.irq_completions,
			2 * NR_INFLIGHT);
	KUNIT_EXPECT_EQ(test, after.other_completions,
			before.other_completions);
	KUNIT_EXPECT_GE(test, after.peak_inflight, NR_INFLIGHT);
	KUNIT_EXPECT_EQ(test, after.inflight, 0);
}

/* The same without holding interrupts: the normal, racy flow. */
static void
block_many_unheld(struct kunit *test)
{
	struct block_device *bdev = get_vda(test);
	struct virtblk_stats before, after;
	sector_t start, nr;

	get_scratch(test, bdev, &start, &nr);
	KUNIT_ASSERT_GE(test, nr, NR_INFLIGHT * 8);
	before = stats(test, bdev);
	write_read_many(test, bdev, NR_INFLIGHT, start, HOLD_NONE);
	after = stats(test, bdev);
	KUNIT_EXPECT_EQ(test, after.irq_completions - before.irq_completions,
			2 * NR_INFLIGHT);
	KUNIT_EXPECT_EQ(test, after.inflight, 0);
}

/*
 * More requests than the ring holds (3 descriptors each, 256 in the
 * ring): with completions held, the 86th submitter must sleep for
 * ring space, in each phase; none is lost.
 */
static void
block_ring_full_sleeps(struct kunit *test)
{
	struct block_device *bdev = get_vda(test);
	struct virtblk_stats before, after;
	sector_t start, nr;

	get_scratch(test, bdev, &start, &nr);
	KUNIT_ASSERT_GE(test, nr, NR_RING_FULL * 8);
	before = stats(test, bdev);
	write_read_many(test, bdev, NR_RING_FULL, start, HOLD_UNTIL_RING_FULL);
	after = stats(test, bdev);
	KUNIT_EXPECT_GE(test, after.ring_full_waits - before.ring_full_waits,
			2);
	KUNIT_EXPECT_EQ(test, after.requests - before.requests,
			2 * NR_RING_FULL);
	KUNIT_EXPECT_EQ(test, after.inflight, 0);
}

/*
 * fail_next_writes: the armed write fails with -EIO, never reaches the
 * driver, and leaves the old data; the knob is then spent.
 */
static void
eio_injection(struct kunit *test, struct block_device *bdev)
{
	u8 *a = kmalloc(4096, GFP_KERNEL), *b = kmalloc(4096, GFP_KERNEL);
	u8 *r = kmalloc(4096, GFP_KERNEL);
	sector_t start, nr;
	long sent;

	get_scratch(test, bdev, &start, &nr);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, r);
	fill_pattern(a, 4096, 1);
	fill_pattern(b, 4096, 2);
	KUNIT_ASSERT_EQ(test, bdev_write(bdev, start, a, 4096), 0);
	atomic_set(&bdev->fail_next_writes, 1);
	sent = atomic_long_read(&bdev->bd_nr_submitted);
	KUNIT_EXPECT_EQ(test, bdev_write(bdev, start, b, 4096), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&bdev->bd_nr_submitted), sent);
	KUNIT_EXPECT_EQ(test, atomic_read(&bdev->fail_next_writes), 0);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, start, r, 4096), 0);
	KUNIT_EXPECT_MEMEQ(test, r, a, 4096);
	KUNIT_EXPECT_EQ(test, bdev_write(bdev, start, b, 4096), 0);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, start, r, 4096), 0);
	KUNIT_EXPECT_MEMEQ(test, r, b, 4096);
	kfree(a);
	kfree(b);
	kfree(r);
}

static void
block_eio_injection(struct kunit *test)
{
	eio_injection(test, get_vda(test));
}

/* Out of range: -EIO from the block layer, the driver never called. */
static void
beyond_capacity(struct kunit *test, struct block_device *bdev)
{
	sector_t cap = bdev_nr_sectors(bdev);
	u8 *buf = kzalloc(1024, GFP_KERNEL);
	long sent = atomic_long_read(&bdev->bd_nr_submitted);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, cap, buf, 512), -EIO);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, cap - 1, buf, 1024), -EIO);
	KUNIT_EXPECT_EQ(test, bdev_write(bdev, cap, buf, 512), -EIO);
	KUNIT_EXPECT_EQ(test, bdev_read(bdev, ~0ULL - 1, buf, 1024), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&bdev->bd_nr_submitted), sent);
	kfree(buf);
}

static void
block_beyond_capacity(struct kunit *test)
{
	struct block_device *bdev = get_vda(test);
	struct virtblk_stats before = stats(test, bdev);

	beyond_capacity(test, bdev);
	KUNIT_EXPECT_EQ(test, stats(test, bdev).requests, before.requests);
}

/*
 * A request the device itself rejects (past the end, sent straight to
 * the driver, bypassing submit_bio's check): status IOERR -> -EIO.
 */
static void
block_device_error(struct kunit *test)
{
	struct block_device *bdev = get_vda(test);
	struct virtblk_stats before = stats(test, bdev), after;
	struct page *page = alloc_page(0);
	struct bio *bio = bio_alloc(bdev, 1, REQ_OP_READ, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, bio);
	bio_add_page(bio, page, PAGE_SIZE, 0);
	bio->bi_iter.bi_sector = bdev_nr_sectors(bdev);
	bio->bi_end_io = async_end_io;
	atomic_set(&async_done, 0);
	atomic_set(&async_errors, 0);
	bdev->bd_ops->submit_bio(bio);
	KUNIT_ASSERT_NE(test, wait_event_timeout(async_wq,
						 atomic_read(&async_done) == 1,
						 30 * HZ), 0);
	KUNIT_EXPECT_EQ(test, bio->bi_status, -EIO);
	after = stats(test, bdev);
	KUNIT_EXPECT_EQ(test, after.device_errors - before.device_errors, 1);
	bio_put(bio);
	__free_page(page);
}

static void
block_flush(struct kunit *test)
{
	struct block_device *bdev = get_vda(test);
	struct virtblk_stats before = stats(test, bdev);

	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(bdev), 0);
	/* A device with a write cache gets a FLUSH request; else none. */
	KUNIT_EXPECT_EQ(test, stats(test, bdev).requests - before.requests,
			bdev->bd_has_flush ? 1 : 0);
}

static void
block_ram0(struct kunit *test)
{
	struct block_device *bdev = blkdev_get_by_name("ram0");

	if (IS_ERR(bdev))
		kunit_skip(test, "no disk.img boot module");
	check_superblock(test, bdev);
	tail_write_read(test, bdev);
	eio_injection(test, bdev);
	beyond_capacity(test, bdev);
}

static struct kunit_case block_cases[] = {
	KUNIT_CASE(block_pci_virtio_found),
	KUNIT_CASE(block_ext2_superblock),
	KUNIT_CASE(block_tail_write_read),
	KUNIT_CASE(block_many_inflight),
	KUNIT_CASE(block_many_unheld),
	KUNIT_CASE(block_ring_full_sleeps),
	KUNIT_CASE(block_eio_injection),
	KUNIT_CASE(block_beyond_capacity),
	KUNIT_CASE(block_device_error),
	KUNIT_CASE(block_flush),
	KUNIT_CASE(block_ram0),
	{}
};

/* A case aborted while holding the disk's interrupts must not hang the
 * next one. */
static void
block_exit(struct kunit *test)
{
	irq_release();
}

static struct kunit_suite block_suite = {
	.name = "block",
	.exit = block_exit,
	.test_cases = block_cases,
};
kunit_test_suite(block_suite);
