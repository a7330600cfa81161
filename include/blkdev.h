/*
 * The block layer (block/): block devices and bios, with Linux's names.
 *
 * A struct block_device is a disk of bd_nr_sectors 512-byte sectors
 * (Linux's gendisk is folded into it). A driver fills one in and calls
 * add_disk(); users find it with blkdev_get_by_name("vda"). Devices are
 * never removed, so the pointer stays valid.
 *
 * A struct bio is one I/O: an op (READ, WRITE, FLUSH), a start sector
 * and a list of (page, offset, len) segments, at most BIO_MAX_VECS
 * and at most the device's bd_max_segments. Sizes are multiples of
 * 512. submit_bio() starts it and returns; when it is done the block
 * layer calls bio->bi_end_io(bio) exactly once with bi_status set:
 *   0          success
 *   -EIO       device error, out of range, read-only, injected error
 *   -EOPNOTSUPP the device does not know the op
 * bi_end_io may run in interrupt context (the usual case for a real
 * device) or before submit_bio() returns (errors caught up front, the
 * RAM disk), so it must not sleep and must not take locks the
 * submitter holds around submit_bio(). submit_bio() itself may sleep
 * (virtio-blk waits for ring space): process context only.
 *
 * Memory in a bio must stay allocated and unchanged (for a write)
 * until bi_end_io. Segments may be any RAM page: drivers address them
 * by physical address (DMA), so a buffer never needs to be virtually
 * contiguous, only each segment must sit inside one page.
 *
 * Error injection: atomic_set(&bdev->fail_next_writes, n) makes the
 * next n WRITE bios complete with -EIO without reaching the driver.
 * bd_nr_submitted counts bios that did reach the driver.
 */
#ifndef _PINOS_BLKDEV_H
#define _PINOS_BLKDEV_H

#include <atomic.h>
#include <list.h>
#include <mm_types.h>
#include <errno.h>

typedef u64 sector_t;
typedef int blk_status_t;	/* here a negative errno (see above) */

#define SECTOR_SHIFT 9
#define SECTOR_SIZE  (1 << SECTOR_SHIFT)
#define BIO_MAX_VECS 64		/* 256 KiB of pages per bio */

#define BLK_STS_OK      0
#define BLK_STS_IOERR   (-EIO)
#define BLK_STS_NOTSUPP (-EOPNOTSUPP)

enum req_op {
	REQ_OP_READ = 0,
	REQ_OP_WRITE = 1,
	REQ_OP_FLUSH = 2,	/* make completed writes durable */
};

struct bio;
struct block_device;

struct block_device_operations {
	/* Start @bio; complete it later with bio_endio(). Never fails
	 * synchronously: errors are reported through bio->bi_status. */
	void (*submit_bio)(struct bio *bio);
};

struct block_device {
	char bd_name[16];		/* "vda", "ram0" */
	sector_t bd_nr_sectors;		/* capacity, 512-byte sectors */
	unsigned int bd_block_size;	/* device's logical block, >= 512 */
	unsigned int bd_max_segments;	/* per bio, <= BIO_MAX_VECS */
	bool bd_read_only;
	bool bd_has_flush;		/* a volatile write cache to flush */
	const struct block_device_operations *bd_ops;
	void *bd_private;		/* the driver's */
	atomic_t fail_next_writes;	/* debug: see above */
	atomic_long_t bd_nr_submitted;	/* bios handed to the driver */
	struct list_head bd_list;	/* on the registry */
};

struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;
	unsigned int bv_offset;
};

struct bvec_iter {
	sector_t bi_sector;		/* start, in 512-byte sectors */
	unsigned int bi_size;		/* bytes left (all of them) */
};

typedef void (bio_end_io_t)(struct bio *bio);

struct bio {
	struct bio *bi_next;		/* driver's list link */
	struct block_device *bi_bdev;
	unsigned int bi_opf;		/* enum req_op */
	blk_status_t bi_status;
	struct bvec_iter bi_iter;
	bio_end_io_t *bi_end_io;
	void *bi_private;		/* for bi_end_io */
	unsigned short bi_vcnt, bi_max_vecs;
	struct bio_vec *bi_io_vec;
	struct bio_vec bi_inline_vecs[];	/* bio_alloc()'s vectors */
};

static inline enum req_op
bio_op(const struct bio *bio)
{
	return (enum req_op)bio->bi_opf;
}

static inline bool
op_is_write(unsigned int op)
{
	return op == REQ_OP_WRITE;
}

/* block/bio.c */
void bio_init(struct bio *bio, struct block_device *bdev,
	      struct bio_vec *table, unsigned short max_vecs,
	      unsigned int opf);
/* A bio with room for @nr_vecs segments; NULL if out of memory. */
struct bio *bio_alloc(struct block_device *bdev, unsigned short nr_vecs,
		      unsigned int opf, gfp_t gfp);
void bio_put(struct bio *bio);
/* Append a segment inside one page; returns @len, or 0 if it is full. */
int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
		 unsigned int offset);
void bio_endio(struct bio *bio);
void bio_io_error(struct bio *bio);

/* block/blk-core.c */
void submit_bio(struct bio *bio);
/* Submit and sleep until done; returns bi_status. */
int submit_bio_wait(struct bio *bio);
int blkdev_issue_flush(struct block_device *bdev);

/* block/bdev.c */
int add_disk(struct block_device *bdev);
/* The device called @name, or ERR_PTR(-ENODEV). */
struct block_device *blkdev_get_by_name(const char *name);
/* Synchronous helpers: @len a multiple of 512; any kernel buffer. */
int bdev_read(struct block_device *bdev, sector_t sector, void *buf,
	      size_t len);
int bdev_write(struct block_device *bdev, sector_t sector,
	       const void *buf, size_t len);

static inline sector_t
bdev_nr_sectors(const struct block_device *bdev)
{
	return bdev->bd_nr_sectors;
}

#endif
