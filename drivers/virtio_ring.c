/*
 * Split virtqueues (include/virtio.h; virtio 1.x section 2.7).
 *
 * A queue of num entries (a power of two) is three areas in one
 * zeroed, physically contiguous allocation:
 *   descriptor table  num * 16 bytes   (driver writes, device reads)
 *   available ring    6 + num * 2      (driver writes, device reads)
 *   used ring         6 + num * 8      (device writes, driver reads),
 *                     page aligned, as the legacy layout requires too
 *
 * Free descriptors form a list threaded through desc[].next, from
 * free_head; num_free counts them. A chain handed to the device is
 * taken from the front of that list in list order, so its NEXT links
 * are already right; when the device returns it, the whole chain goes
 * back on the front. The device never writes descriptors, so the
 * links survive.
 *
 * Ordering: descriptors and the ring entry must be visible before the
 * index that publishes them (write barrier), and the idx store must be
 * visible before we read used->flags to decide whether to notify
 * (full barrier: a store followed by a load). On the used side, the
 * entry is read only after the index that covers it (read barrier).
 * Indices are free-running 16-bit counters; ring slots are idx & (num-1).
 *
 * Locking: none inside; see include/virtio.h.
 */
#include <virtio.h>
#include <atomic.h>
#include <errno.h>
#include <gfp.h>
#include <printk.h>
#include <slab.h>

struct virtqueue {
	struct virtio_device *vdev;
	const char *name;
	unsigned int index, num;
	unsigned int num_free;
	u16 free_head;
	u16 avail_idx;		/* our copy of avail->idx */
	u16 last_used_idx;	/* next used entry to consume */
	bool broken;		/* device returned nonsense: stop */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void **data;		/* per head: the token from add_sgs */
	struct page *pages;
	unsigned int order;
	bool (*notify)(struct virtqueue *vq);
	vq_callback_t callback;
	void *priv;		/* transport's (notify address) */
};

static size_t
vring_used_offset(unsigned int num)
{
	return PAGE_ALIGN(num * sizeof(struct vring_desc) +
			  sizeof(struct vring_avail) + (num + 1) * sizeof(u16));
}

static size_t
vring_size(unsigned int num)
{
	return vring_used_offset(num) + sizeof(struct vring_used) +
	       num * sizeof(struct vring_used_elem) + sizeof(u16);
}

static int
vring_alloc(struct virtqueue *vq)
{
	unsigned int order = 0;
	char *base;

	while ((PAGE_SIZE << order) < vring_size(vq->num))
		order++;
	vq->pages = alloc_pages(__GFP_ZERO, order);
	vq->data = kcalloc(vq->num, sizeof(void *), GFP_KERNEL);
	if (!vq->pages || !vq->data)
		return -ENOMEM;
	vq->order = order;
	base = page_address(vq->pages);
	vq->desc = (struct vring_desc *)base;
	vq->avail = (struct vring_avail *)(base + vq->num *
					   sizeof(struct vring_desc));
	vq->used = (struct vring_used *)(base + vring_used_offset(vq->num));
	return 0;
}

void
vring_del_virtqueue(struct virtqueue *vq)
{
	if (vq->pages)
		__free_pages(vq->pages, vq->order);
	kfree(vq->data);
	kfree(vq);
}

struct virtqueue *
vring_create_virtqueue(struct virtio_device *vdev, unsigned int index,
		       unsigned int num, bool (*notify)(struct virtqueue *),
		       vq_callback_t cb, const char *name)
{
	struct virtqueue *vq;

	if (!num || (num & (num - 1)) || num > 32768)
		return ERR_PTR(-EINVAL);
	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return ERR_PTR(-ENOMEM);
	*vq = (struct virtqueue){ .vdev = vdev, .name = name, .index = index,
				  .num = num, .num_free = num,
				  .notify = notify, .callback = cb };
	if (vring_alloc(vq)) {
		vring_del_virtqueue(vq);
		return ERR_PTR(-ENOMEM);
	}
	for (unsigned int i = 0; i + 1 < num; i++)
		vq->desc[i].next = i + 1;
	return vq;
}

int
virtqueue_add_sgs(struct virtqueue *vq, const struct virtio_sg *sgs,
		  unsigned int out, unsigned int in, void *data)
{
	unsigned int total = out + in, i, head;

	if (!total || !data || vq->broken)
		return -EINVAL;
	if (total > vq->num_free)
		return -ENOSPC;
	head = i = vq->free_head;
	for (unsigned int k = 0; k < total; k++) {
		vq->desc[i].addr = sgs[k].addr;
		vq->desc[i].len = sgs[k].len;
		vq->desc[i].flags = (k >= out ? VRING_DESC_F_WRITE : 0) |
				    (k + 1 < total ? VRING_DESC_F_NEXT : 0);
		i = vq->desc[i].next;
	}
	vq->free_head = i;
	vq->num_free -= total;
	vq->data[head] = data;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	smp_wmb();	/* chain and slot before the index */
	WRITE_ONCE(vq->avail->idx, ++vq->avail_idx);
	return 0;
}

bool
virtqueue_kick(struct virtqueue *vq)
{
	smp_mb();	/* avail->idx visible before we read used->flags */
	if (READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return false;
	return vq->notify(vq);
}

/* Return the chain at @head to the free list. */
static void
detach_buf(struct virtqueue *vq, unsigned int head)
{
	unsigned int i = head, n = 1;

	while (vq->desc[i].flags & VRING_DESC_F_NEXT) {
		i = vq->desc[i].next;
		n++;
	}
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
	vq->data[head] = NULL;
}

static bool
more_used(const struct virtqueue *vq)
{
	return vq->last_used_idx != READ_ONCE(vq->used->idx);
}

void *
virtqueue_get_buf(struct virtqueue *vq, unsigned int *len)
{
	struct vring_used_elem *e;
	void *data;

	if (vq->broken || !more_used(vq))
		return NULL;
	smp_rmb();	/* the entry after the index that covers it */
	e = &vq->used->ring[vq->last_used_idx & (vq->num - 1)];
	if (e->id >= vq->num || !vq->data[e->id]) {
		pr_err("virtio: %s: device returned bad id %u; queue broken\n",
		       vq->name, e->id);
		vq->broken = true;
		return NULL;
	}
	data = vq->data[e->id];
	if (len)
		*len = e->len;
	detach_buf(vq, e->id);
	vq->last_used_idx++;
	return data;
}

bool
vring_interrupt(struct virtqueue *vq)
{
	if (!more_used(vq))
		return false;
	if (vq->callback)
		vq->callback(vq);
	return true;
}

unsigned int
virtqueue_get_index(const struct virtqueue *vq)
{
	return vq->index;
}

unsigned int
virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return vq->num;
}

unsigned int
virtqueue_num_free(const struct virtqueue *vq)
{
	return READ_ONCE(vq->num_free);
}

u64
virtqueue_get_desc_addr(const struct virtqueue *vq)
{
	return __pa(vq->desc);
}

u64
virtqueue_get_avail_addr(const struct virtqueue *vq)
{
	return __pa(vq->avail);
}

u64
virtqueue_get_used_addr(const struct virtqueue *vq)
{
	return __pa(vq->used);
}

void *
virtqueue_get_priv(const struct virtqueue *vq)
{
	return vq->priv;
}

void
virtqueue_set_priv(struct virtqueue *vq, void *priv)
{
	vq->priv = priv;
}

struct virtio_device *
virtqueue_get_vdev(const struct virtqueue *vq)
{
	return vq->vdev;
}
