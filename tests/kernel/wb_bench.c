/*
 * Writeback benchmarks (kbench "wb"), on a file in the ext2 root:
 *  - sequential write throughput through the page cache: write(2)-like
 *    kernel_write of 16 MiB, then fsync, in MB/s (compare with the raw
 *    device figures of the "blk" benchmark, blk_bench.c);
 *  - the time to fsync 1,000 dirty folios whose blocks already exist.
 * Skipped (a BENCH-SKIP line) when / is not ext2.
 */
#include <bench.h>
#include <errno.h>
#include <fs.h>
#include <printk.h>
#include <slab.h>
#include <string.h>
#include <time.h>
#include <uapi/fcntl.h>

#define BENCH_FILE "/wb_bench.tmp"
#define CHUNK (64 * 1024)
#define TOTAL (16UL << 20)
#define NR_FOLIOS 1000

int do_unlinkat(int dfd, const char *name);

static int
write_all(struct file *f, const char *buf, unsigned long total)
{
	loff_t pos = 0;

	while ((unsigned long)pos < total)
		if (kernel_write(f, buf, CHUNK, &pos) != CHUNK)
			return -EIO;
	return 0;
}

static int
fsync_file(struct file *f)
{
	return f->f_op->fsync ? f->f_op->fsync(f, 0, (loff_t)1 << 62, 0) : -EINVAL;
}

static void
bench_throughput(struct file *f, const char *buf)
{
	u64 t0 = ktime_get_ns(), t1, t2;

	if (write_all(f, buf, TOTAL))
		return;
	t1 = ktime_get_ns();
	if (fsync_file(f))
		return;
	t2 = ktime_get_ns();
	bench_report("wb.pagecache_write.MBps",
		     (TOTAL >> 20) * 1000000000UL / (t1 - t0), "MB/s");
	bench_report("wb.pagecache_write_fsync.MBps",
		     (TOTAL >> 20) * 1000000000UL / (t2 - t0), "MB/s");
}

/* Blocks exist after the first pass: this times writeback alone. */
static void
bench_fsync_folios(struct file *f, char *buf)
{
	u64 t0;

	memset(buf, 0x5a, CHUNK);
	if (write_all(f, buf, NR_FOLIOS * PAGE_SIZE))
		return;
	t0 = ktime_get_ns();
	if (fsync_file(f))
		return;
	bench_report("wb.fsync_1000_dirty_folios.us",
		     (ktime_get_ns() - t0) / 1000, "us");
}

static void
bench_wb(void)
{
	struct file *f = filp_open(BENCH_FILE, O_RDWR | O_CREAT | O_TRUNC,
				   0644);
	char *buf = kmalloc(CHUNK, 0);

	if (IS_ERR(f) || buf == NULL ||
	    f->f_inode->i_sb->s_magic != 0xEF53) {
		console_write("# BENCH-SKIP wb: / is not ext2\n", 31);
		goto out;
	}
	memset(buf, 0xa5, CHUNK);
	bench_throughput(f, buf);
	bench_fsync_folios(f, buf);
out:
	if (!IS_ERR(f))
		filp_close(f);
	do_unlinkat(-100, BENCH_FILE);
	kfree(buf);
}

static const struct kbench wb_bench = { "wb", bench_wb };
kbench_register(wb_bench);
