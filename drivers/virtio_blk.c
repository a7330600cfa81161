/*
 * virtio-blk (virtio 1.x section 5.2): block devices "vda", "vdb", ...
 *
 * Every bio becomes one request, a descriptor chain of
 *   header (16 bytes: type, ioprio, sector)     device-readable
 *   data segments, one per bio_vec              readable for a write,
 *                                               writable for a read
 *   status (1 byte)                             device-writable
 * (a FLUSH has no data). The header and status live in a virtblk_req
 * from a fixed pool of ring-size / 2 (every chain takes at least two
 * descriptors, so the pool never runs out before the ring does).
 *
 * Many requests are in flight at once. A submitter that finds too few
 * free descriptors or no free request sleeps on ring_wait; completions
 * wake it. Completion runs from the queue's interrupt (vring callback):
 * it pops used chains under vb->lock, maps the status byte to
 * bi_status (IOERR -> -EIO, UNSUPP -> -EOPNOTSUPP) and calls
 * bio_endio() only after dropping the lock, so an end_io that submits
 * more I/O cannot deadlock on it.
 *
 * Locking: vb->lock (irqsave: the interrupt handler takes it) guards
 * the virtqueue, the request pool and the stats.
 *
 * Features used: SEG_MAX (limits segments per bio), BLK_SIZE (reported
 * as bd_block_size), RO, FLUSH (the device has a volatile write cache:
 * REQ_OP_FLUSH becomes VIRTIO_BLK_T_FLUSH).
 */
#include <virtio.h>
#include <blkdev.h>
#include <errno.h>
#include <init.h>
#include <irq.h>
#include <mm.h>
#include <printk.h>
#include <slab.h>
#include <sched.h>
#include <wait.h>

#define VIRTBLK_QUEUE_MAX 256

struct virtblk_req {
	struct virtio_blk_outhdr hdr;	/* device reads */
	u8 status;			/* device writes */
	struct bio *bio;
	struct virtblk_req *next_free;
};

struct virtio_blk {
	struct virtio_device *vdev;
	struct virtqueue *vq;
	spinlock_t lock;
	struct wait_queue_head ring_wait;
	struct virtblk_req *reqs, *free_reqs;
	struct virtblk_stats stats;
	struct block_device bdev;
};

static int virtblk_count;
static void virtblk_submit_bio(struct bio *bio);

static const struct block_device_operations virtblk_ops = {
	.submit_bio = virtblk_submit_bio,
};

static bool
virtblk_has_room(struct virtio_blk *vb, unsigned int nsg)
{
	return READ_ONCE(vb->free_reqs) && virtqueue_num_free(vb->vq) >= nsg;
}

/* Called with vb->lock held. */
static struct virtblk_req *
virtblk_get_req(struct virtio_blk *vb, unsigned int nsg)
{
	struct virtblk_req *req = vb->free_reqs;

	if (!virtblk_has_room(vb, nsg))
		return NULL;
	vb->free_reqs = req->next_free;
	return req;
}

static void
virtblk_put_req(struct virtio_blk *vb, struct virtblk_req *req)
{
	req->bio = NULL;
	req->next_free = vb->free_reqs;
	vb->free_reqs = req;
}

static u32
virtblk_type(const struct bio *bio)
{
	switch (bio_op(bio)) {
	case REQ_OP_WRITE:
		return VIRTIO_BLK_T_OUT;
	case REQ_OP_FLUSH:
		return VIRTIO_BLK_T_FLUSH;
	default:
		return VIRTIO_BLK_T_IN;
	}
}

/* Fill @sgs for @req; returns the device-readable count (out). */
static unsigned int
virtblk_build_sgs(struct virtblk_req *req, struct virtio_sg *sgs)
{
	struct bio *bio = req->bio;
	unsigned int n = bio->bi_vcnt;

	sgs[0] = (struct virtio_sg){ __pa(&req->hdr), sizeof(req->hdr) };
	for (unsigned int i = 0; i < n; i++) {
		struct bio_vec *bv = &bio->bi_io_vec[i];

		sgs[1 + i] = (struct virtio_sg){
			page_to_phys(bv->bv_page) + bv->bv_offset, bv->bv_len };
	}
	sgs[1 + n] = (struct virtio_sg){ __pa(&req->status), 1 };
	return op_is_write(bio_op(bio)) ? 1 + n : 1;
}

/* Called with vb->lock held and room for the chain reserved. */
static int
virtblk_queue(struct virtio_blk *vb, struct virtblk_req *req,
	      struct bio *bio)
{
	struct virtio_sg sgs[BIO_MAX_VECS + 2];
	unsigned int nsg = bio->bi_vcnt + 2, out;
	int err;

	req->bio = bio;
	req->status = 0xff;	/* anything but OK until the device writes */
	req->hdr.type = virtblk_type(bio);
	req->hdr.ioprio = 0;
	req->hdr.sector = bio_op(bio) == REQ_OP_FLUSH ? 0 :
						       bio->bi_iter.bi_sector;
	out = virtblk_build_sgs(req, sgs);
	err = virtqueue_add_sgs(vb->vq, sgs, out, nsg - out, req);
	if (err)
		return err;
	virtqueue_kick(vb->vq);
	vb->stats.requests++;
	if (++vb->stats.inflight > vb->stats.peak_inflight)
		vb->stats.peak_inflight = vb->stats.inflight;
	return 0;
}

static void
virtblk_submit_bio(struct bio *bio)
{
	struct virtio_blk *vb = bio->bi_bdev->bd_private;
	unsigned int nsg = bio->bi_vcnt + 2;
	struct virtblk_req *req;
	unsigned long flags;
	int err;

	if (nsg > virtqueue_get_vring_size(vb->vq) || bio->bi_vcnt >
							      BIO_MAX_VECS) {
		bio_io_error(bio);
		return;
	}
	spin_lock_irqsave(&vb->lock, flags);
	while (!(req = virtblk_get_req(vb, nsg))) {
		vb->stats.ring_full_waits++;
		spin_unlock_irqrestore(&vb->lock, flags);
		wait_event(vb->ring_wait, virtblk_has_room(vb, nsg));
		spin_lock_irqsave(&vb->lock, flags);
	}
	err = virtblk_queue(vb, req, bio);
	if (err)
		virtblk_put_req(vb, req);
	spin_unlock_irqrestore(&vb->lock, flags);
	if (err)
		bio_io_error(bio);
}

static blk_status_t
virtblk_result(u8 status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return BLK_STS_OK;
	case VIRTIO_BLK_S_UNSUPP:
		return BLK_STS_NOTSUPP;
	default:
		return BLK_STS_IOERR;
	}
}

/* Pop every used chain; returns them as a bi_next list. Lock held. */
static struct bio *
virtblk_reap(struct virtio_blk *vb)
{
	struct bio *done = NULL, **tail = &done;
	struct virtblk_req *req;
	unsigned int len;

	while ((req = virtqueue_get_buf(vb->vq, &len))) {
		struct bio *bio = req->bio;

		bio->bi_status = virtblk_result(req->status);
		if (bio->bi_status)
			vb->stats.device_errors++;
		if (in_interrupt())
			vb->stats.irq_completions++;
		else
			vb->stats.other_completions++;
		vb->stats.inflight--;
		virtblk_put_req(vb, req);
		bio->bi_next = NULL;
		*tail = bio;
		tail = &bio->bi_next;
	}
	return done;
}

/* The virtqueue callback, from the device's interrupt. */
static void
virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vb = virtqueue_get_vdev(vq)->priv;
	struct bio *bio, *next;
	unsigned long flags;

	spin_lock_irqsave(&vb->lock, flags);
	bio = virtblk_reap(vb);
	spin_unlock_irqrestore(&vb->lock, flags);
	if (bio)
		wake_up(&vb->ring_wait);
	for (; bio; bio = next) {
		next = bio->bi_next;	/* bio may be freed by its end_io */
		bio->bi_next = NULL;
		bio_endio(bio);
	}
}

int
virtblk_get_stats(struct block_device *bdev, struct virtblk_stats *st)
{
	struct virtio_blk *vb;
	unsigned long flags;

	if (IS_ERR_OR_NULL(bdev) || bdev->bd_ops != &virtblk_ops)
		return -ENODEV;
	vb = bdev->bd_private;
	spin_lock_irqsave(&vb->lock, flags);
	*st = vb->stats;
	spin_unlock_irqrestore(&vb->lock, flags);
	return 0;
}

static u32
virtblk_cread32(struct virtio_device *vdev, unsigned int off)
{
	u32 v;

	virtio_cread_bytes(vdev, off, &v, sizeof(v));
	return v;
}

static void
virtblk_read_config(struct virtio_blk *vb)
{
	struct virtio_device *vdev = vb->vdev;
	struct block_device *bdev = &vb->bdev;
	unsigned int segs = virtqueue_get_vring_size(vb->vq) - 2;
	u64 cap;

	virtio_cread_bytes(vdev, VIRTIO_BLK_CFG_CAPACITY, &cap, sizeof(cap));
	bdev->bd_nr_sectors = cap;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE))
		bdev->bd_block_size = virtblk_cread32(vdev,
						      VIRTIO_BLK_CFG_BLK_SIZE);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX))
		segs = min(segs, virtblk_cread32(vdev,
						 VIRTIO_BLK_CFG_SEG_MAX));
	bdev->bd_max_segments = min(segs, (unsigned int)BIO_MAX_VECS);
	bdev->bd_read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	bdev->bd_has_flush = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
}

static int
virtblk_alloc_reqs(struct virtio_blk *vb)
{
	unsigned int n = virtqueue_get_vring_size(vb->vq) / 2;

	vb->reqs = kcalloc(n ? n : 1, sizeof(*vb->reqs), GFP_KERNEL);
	if (!vb->reqs)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++)
		virtblk_put_req(vb, &vb->reqs[i]);
	return 0;
}

static void
virtblk_init_bdev(struct virtio_blk *vb)
{
	struct block_device *bdev = &vb->bdev;

	snprintf(bdev->bd_name, sizeof(bdev->bd_name), "vd%c",
		 'a' + virtblk_count++ % 26);
	bdev->bd_ops = &virtblk_ops;
	bdev->bd_private = vb;
	virtblk_read_config(vb);
}

static int
virtblk_probe(struct virtio_device *vdev)
{
	struct virtio_blk *vb = kzalloc(sizeof(*vb), GFP_KERNEL);
	struct virtqueue *vq;

	if (!vb)
		return -ENOMEM;
	vb->vdev = vdev;
	spin_lock_init(&vb->lock, "virtio_blk");
	init_waitqueue_head(&vb->ring_wait);
	vq = virtio_find_vq(vdev, 0, VIRTBLK_QUEUE_MAX, virtblk_done,
			    "requests");
	if (IS_ERR(vq)) {
		kfree(vb);
		return PTR_ERR(vq);
	}
	vb->vq = vq;
	/*
	 * On failure from here the queue stays allocated: the device
	 * knows its address, and a FAILED device is left alone.
	 */
	if (virtqueue_get_vring_size(vq) < 4 || virtblk_alloc_reqs(vb)) {
		kfree(vb);
		return -ENOMEM;
	}
	virtblk_init_bdev(vb);
	vdev->priv = vb;
	virtio_device_ready(vdev);
	pr_info("virtio_blk: %s: virtio%d, %u-entry queue, %u segs/bio, "
		"block %u, interrupts by %s\n", vb->bdev.bd_name, vdev->index,
		virtqueue_get_vring_size(vb->vq), vb->bdev.bd_max_segments,
		vb->bdev.bd_block_size, virtio_irq_mode(vdev));
	return add_disk(&vb->bdev);
}

static const unsigned int virtblk_features[] = {
	VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_RO,
	VIRTIO_BLK_F_FLUSH,
};

static struct virtio_driver virtio_blk_driver = {
	.name = "virtio_blk",
	.device_id = VIRTIO_ID_BLOCK,
	.feature_table = virtblk_features,
	.feature_table_size = ARRAY_SIZE(virtblk_features),
	.probe = virtblk_probe,
};

static int
virtio_blk_init(void)
{
	return register_virtio_driver(&virtio_blk_driver);
}
device_initcall(virtio_blk_init);
