/*
 * submit_bio() and friends (include/blkdev.h).
 *
 * submit_bio() checks a bio before any driver sees it: the op is known,
 * the size a non-zero multiple of 512 within bd_max_segments, every
 * sector inside the device, no write to a read-only device. A bio that
 * fails is completed at once with -EIO, and the device is not touched.
 * The fail_next_writes knob is consumed here too, for the same reason:
 * an injected error must leave the medium exactly as it was.
 *
 * submit_bio_wait() sleeps on its own task rather than a wait queue.
 * The waiter's stack frame holds the done flag, so the completion must
 * not touch that frame after setting it: bi_end_io reads the task
 * pointer first, then sets done, then wakes the task it read. The
 * waiter re-tests done after marking itself asleep, so the wake-up
 * cannot be lost.
 */
#include <blkdev.h>
#include <irq.h>
#include <printk.h>
#include <sched.h>
#include <time.h>

#define BIO_WAIT_WARN_TICKS (10 * HZ)

static bool
bio_in_range(const struct bio *bio)
{
	sector_t cap = bio->bi_bdev->bd_nr_sectors;
	sector_t nr = bio->bi_iter.bi_size >> SECTOR_SHIFT;

	if (!bio->bi_iter.bi_size || bio->bi_iter.bi_size % SECTOR_SIZE)
		return false;
	return bio->bi_iter.bi_sector < cap &&
	       nr <= cap - bio->bi_iter.bi_sector;
}

static bool
bio_check_ok(const struct bio *bio)
{
	const struct block_device *bdev = bio->bi_bdev;

	if (!bdev || bio->bi_vcnt > bdev->bd_max_segments)
		return false;
	switch (bio_op(bio)) {
	case REQ_OP_FLUSH:
		return bio->bi_iter.bi_size == 0;
	case REQ_OP_WRITE:
		return !bdev->bd_read_only && bio_in_range(bio);
	case REQ_OP_READ:
		return bio_in_range(bio);
	}
	return false;
}

/* Take one injected failure, if any are armed (count > 0). */
static bool
take_injected_failure(struct block_device *bdev)
{
	int c = atomic_read(&bdev->fail_next_writes);

	while (c > 0)
		if (atomic_try_cmpxchg(&bdev->fail_next_writes, &c, c - 1))
			return true;
	return false;
}

void
submit_bio(struct bio *bio)
{
	struct block_device *bdev = bio->bi_bdev;

	bio->bi_status = BLK_STS_OK;
	if (!bio_check_ok(bio)) {
		bio_io_error(bio);
		return;
	}
	if (bio_op(bio) == REQ_OP_WRITE && take_injected_failure(bdev)) {
		bio_io_error(bio);
		return;
	}
	if (bio_op(bio) == REQ_OP_FLUSH && !bdev->bd_has_flush) {
		bio_endio(bio);	/* no volatile cache: nothing to do */
		return;
	}
	atomic_long_inc(&bdev->bd_nr_submitted);
	bdev->bd_ops->submit_bio(bio);
}

struct bio_wait {
	struct task_struct *task;
	int done;
};

static void
submit_bio_wait_endio(struct bio *bio)
{
	struct bio_wait *w = bio->bi_private;
	struct task_struct *t = READ_ONCE(w->task);

	WRITE_ONCE(w->done, 1);	/* from here on *w may be gone */
	wake_up_process(t);
}

static void
bio_wait_done(struct bio_wait *w, struct bio *bio)
{
	unsigned long start = jiffies;
	bool warned = false;

	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(w->done))
			break;
		schedule_timeout(BIO_WAIT_WARN_TICKS);
		if (!warned &&
		    time_after(jiffies, start + BIO_WAIT_WARN_TICKS)) {
			pr_warn("block: %s: bio at sector %lu not done after "
				"10 s (lost interrupt?)\n",
				bio->bi_bdev->bd_name, bio->bi_iter.bi_sector);
			warned = true;
		}
	}
	set_current_state(TASK_RUNNING);
}

int
submit_bio_wait(struct bio *bio)
{
	struct bio_wait w = { .task = current, .done = 0 };

	WARN_ON(in_interrupt());
	bio->bi_private = &w;
	bio->bi_end_io = submit_bio_wait_endio;
	submit_bio(bio);
	bio_wait_done(&w, bio);
	return bio->bi_status;
}

int
blkdev_issue_flush(struct block_device *bdev)
{
	struct bio bio;

	bio_init(&bio, bdev, NULL, 0, REQ_OP_FLUSH);
	return submit_bio_wait(&bio);
}
