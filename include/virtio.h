/*
 * Virtio 1.x: devices, drivers, split virtqueues, and the virtio-blk
 * wire format, with Linux's names.
 *
 * Layers (docs/block.md):
 *   drivers/virtio.c      the virtio "bus": matches virtio_drivers to
 *                         virtio_devices by device type, runs the
 *                         status handshake and feature negotiation
 *   drivers/virtio_pci.c  the PCI transport (virtio 1.0 "modern"
 *                         capabilities, MSI-X or INTx interrupts)
 *   drivers/virtio_ring.c split virtqueues: descriptor table, available
 *                         and used rings, free-descriptor list
 *   drivers/virtio_blk.c  the block driver ("vda", "vdb", ...)
 *
 * There is one transport, so the config accessors are plain functions
 * (Linux calls them through vdev->config). Everything multi-byte on
 * the wire is little-endian, which is x86's byte order.
 *
 * Virtqueue rules: the functions that change a queue (add, kick,
 * get_buf, detach) must be serialized by the driver, normally under a
 * spinlock that its interrupt callback also takes (irqsave). The
 * callback runs in interrupt context, from vring_interrupt().
 */
#ifndef _PINOS_VIRTIO_H
#define _PINOS_VIRTIO_H

#include <list.h>
#include <types.h>

/* Device status bits (virtio 1.x section 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE	1
#define VIRTIO_CONFIG_S_DRIVER		2
#define VIRTIO_CONFIG_S_DRIVER_OK	4
#define VIRTIO_CONFIG_S_FEATURES_OK	8
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40
#define VIRTIO_CONFIG_S_FAILED		0x80

/* Transport-level feature bits. */
#define VIRTIO_F_VERSION_1		32

#define VIRTIO_ID_BLOCK			2

/* Split ring layout (section 2.7). */
#define VRING_DESC_F_NEXT	1	/* chain continues in .next */
#define VRING_DESC_F_WRITE	2	/* device writes (else reads) */
#define VRING_USED_F_NO_NOTIFY	1	/* device: no need to kick */
#define VRING_AVAIL_F_NO_INTERRUPT 1	/* driver: no need to interrupt */

struct vring_desc {
	u64 addr;		/* guest-physical */
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;		/* where the driver puts the next entry */
	u16 ring[];
};

struct vring_used_elem {
	u32 id;			/* head of the completed chain */
	u32 len;		/* bytes the device wrote */
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

struct virtqueue;
typedef void (*vq_callback_t)(struct virtqueue *vq);

struct virtio_device {
	struct list_head node;		/* on the virtio device list */
	u32 id;				/* device type, VIRTIO_ID_* */
	int index;			/* virtio0, virtio1, ... */
	u64 features;			/* negotiated */
	struct virtio_driver *driver;	/* bound driver, NULL if none */
	void *priv;			/* the driver's */
	void *transport;		/* struct virtio_pci_device */
	unsigned long nr_interrupts;	/* handler runs that found work */
};

struct virtio_driver {
	const char *name;
	u32 device_id;			/* VIRTIO_ID_* it drives */
	const unsigned int *feature_table;	/* bits it understands */
	unsigned int feature_table_size;
	/* Device is FEATURES_OK; set up queues, then virtio_device_ready(). */
	int (*probe)(struct virtio_device *vdev);
	struct list_head node;
};

/* A buffer for virtqueue_add_sgs(): guest-physical and contiguous. */
struct virtio_sg {
	u64 addr;
	u32 len;
};

/* drivers/virtio.c */
int register_virtio_driver(struct virtio_driver *drv);
/* From a transport: reset, ACKNOWLEDGE, then bind a driver if any. */
int register_virtio_device(struct virtio_device *vdev);
void virtio_device_ready(struct virtio_device *vdev);

static inline bool
virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return (vdev->features >> bit) & 1;
}

/* drivers/virtio_pci.c: the transport's side of the handshake. */
u8 vp_get_status(struct virtio_device *vdev);
void vp_set_status(struct virtio_device *vdev, u8 status);
void vp_reset(struct virtio_device *vdev);
u64 vp_get_features(struct virtio_device *vdev);
void vp_set_features(struct virtio_device *vdev, u64 features);
/* Read @len bytes of device config at @offset (generation-checked). */
void virtio_cread_bytes(struct virtio_device *vdev, unsigned int offset,
			void *buf, unsigned int len);
/* Set up queue @index with at most @max_num entries; ERR_PTR on error. */
struct virtqueue *virtio_find_vq(struct virtio_device *vdev,
				 unsigned int index, unsigned int max_num,
				 vq_callback_t cb, const char *name);
/* "msix", "intx" or "poll": how this device's completions arrive. */
const char *virtio_irq_mode(struct virtio_device *vdev);

/* drivers/virtio_ring.c */
struct virtqueue *vring_create_virtqueue(struct virtio_device *vdev,
					 unsigned int index, unsigned int num,
					 bool (*notify)(struct virtqueue *),
					 vq_callback_t cb, const char *name);
/* Free a queue the device no longer uses (after reset). */
void vring_del_virtqueue(struct virtqueue *vq);
/*
 * Queue one chain: @out device-readable buffers then @in
 * device-writable ones. @data (non-NULL) comes back from get_buf.
 * -ENOSPC if fewer than out + in descriptors are free.
 */
int virtqueue_add_sgs(struct virtqueue *vq, const struct virtio_sg *sgs,
		      unsigned int out, unsigned int in, void *data);
/* Tell the device about new buffers, unless it asked not to be told. */
bool virtqueue_kick(struct virtqueue *vq);
/* The next completed chain's data, or NULL; *len = bytes written. */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *len);
unsigned int virtqueue_get_index(const struct virtqueue *vq);
unsigned int virtqueue_get_vring_size(const struct virtqueue *vq);
unsigned int virtqueue_num_free(const struct virtqueue *vq);
/* Ring addresses (physical) for the transport to program. */
u64 virtqueue_get_desc_addr(const struct virtqueue *vq);
u64 virtqueue_get_avail_addr(const struct virtqueue *vq);
u64 virtqueue_get_used_addr(const struct virtqueue *vq);
void *virtqueue_get_priv(const struct virtqueue *vq);
void virtqueue_set_priv(struct virtqueue *vq, void *priv);
struct virtio_device *virtqueue_get_vdev(const struct virtqueue *vq);
/* From the interrupt handler: run the callback if the device used any. */
bool vring_interrupt(struct virtqueue *vq);

/* virtio-blk (section 5.2). */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* Config space offsets. */
#define VIRTIO_BLK_CFG_CAPACITY	0	/* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX	8	/* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX	12	/* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE	20	/* le32 */

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4

#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;		/* always in 512-byte units */
};

struct block_device;

/* What the virtio-blk driver saw; for tests and docs/block.md. */
struct virtblk_stats {
	unsigned long requests;		/* chains given to the device */
	unsigned long irq_completions;	/* completed in an interrupt */
	unsigned long other_completions; /* completed elsewhere (polling) */
	unsigned long ring_full_waits;	/* submitters that had to sleep */
	unsigned long device_errors;	/* device said IOERR/UNSUPP */
	unsigned int inflight, peak_inflight;
};

/* -ENODEV if @bdev is not a virtio-blk device. */
int virtblk_get_stats(struct block_device *bdev, struct virtblk_stats *st);

#endif
