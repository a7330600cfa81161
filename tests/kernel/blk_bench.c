/*
 * Benchmark "blk": raw sequential throughput of each disk (vda, ram0)
 * through submit_bio(), no page cache: the baseline the page-cache
 * figures are compared with later.
 *
 * A pass writes (or reads) the disk's 1 MiB scratch tail as 8 bios of
 * 128 KiB, all in flight at once, then waits for all of them; 256
 * passes (256 MiB) per figure. Reported in MB/s (10^6 bytes per
 * second), plus the rate of synchronous 4 KiB reads (queue depth 1)
 * in IOPS. Under QEMU, vda's figures measure the virtqueue round trip
 * plus a host memcpy from the host page cache (QEMU's default cache
 * mode), not a physical disk; ram0's are a guest memcpy, which TCG
 * emulates slowly.
 */
#include <bench.h>
#include <blkdev.h>
#include <mm.h>
#include <printk.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <wait.h>
#include "blk_scratch.h"

#define BENCH_QD        8
#define BENCH_BIO_PAGES 32
#define BENCH_PASSES    256
#define BENCH_QD1_READS 2048

static atomic_t bench_done, bench_errors;
static DECLARE_WAIT_QUEUE_HEAD(bench_wq);
static struct page *bench_pages[BENCH_QD * BENCH_BIO_PAGES];

static void
bench_end_io(struct bio *bio)
{
	if (bio->bi_status)
		atomic_inc(&bench_errors);
	atomic_inc(&bench_done);
	wake_up(&bench_wq);
}

/* One pass over BENCH_QD bios from @start; bytes moved, or -errno. */
static long
bench_pass(struct block_device *bdev, unsigned int op, sector_t start)
{
	struct bio *bios[BENCH_QD];
	long bytes = 0;

	atomic_set(&bench_done, 0);
	for (int i = 0; i < BENCH_QD; i++) {
		bios[i] = bio_alloc(bdev, BENCH_BIO_PAGES, op, GFP_KERNEL);
		if (!bios[i])
			return -ENOMEM;	/* earlier bios leak; unseen */
		for (int j = 0; j < BENCH_BIO_PAGES; j++)
			bio_add_page(bios[i],
				     bench_pages[i * BENCH_BIO_PAGES + j],
				     PAGE_SIZE, 0);
		bios[i]->bi_iter.bi_sector = start;
		bios[i]->bi_end_io = bench_end_io;
		start += bios[i]->bi_iter.bi_size >> SECTOR_SHIFT;
		bytes += bios[i]->bi_iter.bi_size;
	}
	for (int i = 0; i < BENCH_QD; i++)
		submit_bio(bios[i]);
	wait_event(bench_wq, atomic_read(&bench_done) == BENCH_QD);
	for (int i = 0; i < BENCH_QD; i++)
		bio_put(bios[i]);
	return bytes;
}

static void
bench_seq(struct block_device *bdev, unsigned int op, sector_t start,
	  const char *what)
{
	char name[48];
	long bytes = 0, n;
	u64 t0 = ktime_get_ns(), ns;

	atomic_set(&bench_errors, 0);
	for (int p = 0; p < BENCH_PASSES; p++) {
		n = bench_pass(bdev, op, start);
		if (n < 0)
			return;
		bytes += n;
	}
	ns = ktime_get_ns() - t0;
	if (atomic_read(&bench_errors)) {
		pr_err("blk bench: %s: %d I/O errors\n", bdev->bd_name,
		       atomic_read(&bench_errors));
		return;
	}
	snprintf(name, sizeof(name), "blk_%s_seq_%s", bdev->bd_name, what);
	bench_report(name, bytes * 1000 / (ns ? ns : 1), "MB/s");
}

static void
bench_qd1(struct block_device *bdev, sector_t start)
{
	void *buf = page_address(bench_pages[0]);
	char name[48];
	u64 t0 = ktime_get_ns(), ns;

	for (int i = 0; i < BENCH_QD1_READS; i++)
		if (bdev_read(bdev, start + (i % 256) * 8, buf, 4096))
			return;
	ns = ktime_get_ns() - t0;
	snprintf(name, sizeof(name), "blk_%s_qd1_4k_read", bdev->bd_name);
	bench_report(name, BENCH_QD1_READS * 1000000000UL / (ns ? ns : 1),
		     "IOPS");
}

static void
bench_disk(const char *devname)
{
	struct block_device *bdev = blkdev_get_by_name(devname);
	sector_t start, nr;

	if (IS_ERR(bdev))
		return;
	if (blk_scratch_range(bdev, &start, &nr) ||
	    nr < BENCH_QD * BENCH_BIO_PAGES * (PAGE_SIZE >> SECTOR_SHIFT) ||
	    bdev->bd_max_segments < BENCH_BIO_PAGES) {
		pr_err("blk bench: %s: no usable scratch tail\n", devname);
		return;
	}
	bench_seq(bdev, REQ_OP_WRITE, start, "write");
	bench_seq(bdev, REQ_OP_READ, start, "read");
	bench_qd1(bdev, start);
}

static void
bench_blk(void)
{
	for (int i = 0; i < BENCH_QD * BENCH_BIO_PAGES; i++) {
		bench_pages[i] = alloc_page(0);
		if (!bench_pages[i]) {
			pr_err("blk bench: out of memory\n");
			return;		/* pages so far leak; unseen */
		}
		memset(page_address(bench_pages[i]), i, PAGE_SIZE);
	}
	bench_disk("vda");
	bench_disk("ram0");
	for (int i = 0; i < BENCH_QD * BENCH_BIO_PAGES; i++)
		__free_page(bench_pages[i]);
}

static const struct kbench blk_bench = { "blk", bench_blk };
kbench_register(blk_bench);
