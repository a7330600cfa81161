/*
 * Virtio over PCI, the virtio 1.0 ("modern") interface (virtio 1.x
 * section 4.1). QEMU's virtio-blk-pci is transitional: it has both the
 * legacy I/O BAR0 and the modern capabilities; we use only the latter.
 *
 * The device describes its register blocks with vendor-specific PCI
 * capabilities (id 0x09): cfg_type at +3, BAR at +4, offset at +8,
 * length at +12; the notify capability adds notify_off_multiplier at
 * +16. We map the first of each type:
 *   COMMON (1)  features, status, queue setup (struct below)
 *   NOTIFY (2)  queue q is kicked by a 16-bit write of q to
 *               base + queue_notify_off(q) * multiplier
 *   ISR    (3)  one byte, read-to-clear; bit 0 = queue interrupt
 *   DEVICE (4)  the device-type config (virtio-blk capacity, ...)
 *
 * Interrupts: one vector for all queues, MSI-X when the device has it
 * (queue_msix_vector = table entry 0, config changes get no vector),
 * else INTx through the I/O APIC, acknowledged by reading ISR. The
 * "virtio_pci.poll" boot option replaces interrupts by a kernel thread
 * that looks at the used rings every tick: a diagnostic for a machine
 * where interrupts do not arrive, never the normal path (completions
 * then run in process context; the block test fails on purpose).
 *
 * The 64-bit queue addresses are written as two 32-bit halves: the
 * common config window accepts accesses of at most 4 bytes.
 *
 * Locking: the common config is used only while the device is set up,
 * under the PCI and virtio bus mutexes (queue_select and the queue
 * fields are a select/data pair). After that, notify writes happen
 * under the driver's queue lock and ISR reads in the interrupt handler.
 */
#include <virtio.h>
#include <cmdline.h>
#include <errno.h>
#include <init.h>
#include <irq.h>
#include <pci.h>
#include <printk.h>
#include <sched.h>
#include <slab.h>
#include <string.h>

#define PCI_VENDOR_ID_REDHAT_QUMRANET 0x1af4

#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG    3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4

#define VIRTIO_MSI_NO_VECTOR 0xffff
#define VP_MAX_VQS 4

struct virtio_pci_common_cfg {
	u32 device_feature_select;
	u32 device_feature;
	u32 driver_feature_select;
	u32 driver_feature;
	u16 msix_config;
	u16 num_queues;
	u8 device_status;
	u8 config_generation;
	u16 queue_select;
	u16 queue_size;
	u16 queue_msix_vector;
	u16 queue_enable;
	u16 queue_notify_off;
	u32 queue_desc_lo, queue_desc_hi;
	u32 queue_avail_lo, queue_avail_hi;
	u32 queue_used_lo, queue_used_hi;
};
static_assert(offsetof(struct virtio_pci_common_cfg, queue_select) == 0x16,
	      "virtio common cfg layout");
static_assert(offsetof(struct virtio_pci_common_cfg, queue_used_hi) == 0x34,
	      "virtio common cfg layout");

enum vp_irq_mode { VP_IRQ_MSIX, VP_IRQ_INTX, VP_IRQ_POLL };

struct virtio_pci_device {
	struct virtio_device vdev;
	struct pci_dev *pci;
	volatile struct virtio_pci_common_cfg *common;
	volatile u8 *isr;
	volatile u8 *device;
	u32 device_len;
	volatile u8 *notify_base;
	u32 notify_len, notify_mult;
	enum vp_irq_mode irq_mode;
	struct virtqueue *vqs[VP_MAX_VQS];
	unsigned int nvqs;	/* vqs[0..nvqs) are live */
};

static bool vp_poll_mode;

static int
setup_vp_poll(const char *val)
{
	vp_poll_mode = true;
	return 0;
}
__setup("virtio_pci.poll", setup_vp_poll);

static struct virtio_pci_device *
to_vp(struct virtio_device *vdev)
{
	return vdev->transport;
}

u8
vp_get_status(struct virtio_device *vdev)
{
	return to_vp(vdev)->common->device_status;
}

void
vp_set_status(struct virtio_device *vdev, u8 status)
{
	to_vp(vdev)->common->device_status = status;
}

/* Writing 0 resets; the reset is done when status reads back 0. */
void
vp_reset(struct virtio_device *vdev)
{
	vp_set_status(vdev, 0);
	while (vp_get_status(vdev))
		cpu_relax();
}

u64
vp_get_features(struct virtio_device *vdev)
{
	volatile struct virtio_pci_common_cfg *c = to_vp(vdev)->common;
	u64 f;

	c->device_feature_select = 0;
	f = c->device_feature;
	c->device_feature_select = 1;
	return f | (u64)c->device_feature << 32;
}

void
vp_set_features(struct virtio_device *vdev, u64 features)
{
	volatile struct virtio_pci_common_cfg *c = to_vp(vdev)->common;

	c->driver_feature_select = 0;
	c->driver_feature = (u32)features;
	c->driver_feature_select = 1;
	c->driver_feature = features >> 32;
}

/* Retry until the generation is stable: a multi-byte field may change
 * between our byte reads. */
void
virtio_cread_bytes(struct virtio_device *vdev, unsigned int offset,
		   void *buf, unsigned int len)
{
	struct virtio_pci_device *vp = to_vp(vdev);
	u8 gen, *p = buf;

	if (offset + len > vp->device_len) {
		memset(buf, 0, len);
		return;
	}
	do {
		gen = vp->common->config_generation;
		for (unsigned int i = 0; i < len; i++)
			p[i] = vp->device[offset + i];
	} while (gen != vp->common->config_generation);
}

static bool
vp_notify(struct virtqueue *vq)
{
	volatile u16 *addr = virtqueue_get_priv(vq);

	*addr = virtqueue_get_index(vq);
	return true;
}

static unsigned int
round_down_pow2(unsigned int n)
{
	while (n & (n - 1))
		n &= n - 1;
	return n;
}

static void
vp_write_addr(volatile u32 *lo, volatile u32 *hi, u64 addr)
{
	*lo = (u32)addr;
	*hi = addr >> 32;
}

/* Program queue @vq's rings and interrupt into the selected queue. */
static int
vp_activate_vq(struct virtio_pci_device *vp, struct virtqueue *vq)
{
	volatile struct virtio_pci_common_cfg *c = vp->common;
	u64 off;

	c->queue_size = virtqueue_get_vring_size(vq);
	if (vp->irq_mode == VP_IRQ_MSIX) {
		c->queue_msix_vector = 0;
		if (c->queue_msix_vector == VIRTIO_MSI_NO_VECTOR)
			return -EBUSY;	/* the device refused it */
	}
	vp_write_addr(&c->queue_desc_lo, &c->queue_desc_hi,
		      virtqueue_get_desc_addr(vq));
	vp_write_addr(&c->queue_avail_lo, &c->queue_avail_hi,
		      virtqueue_get_avail_addr(vq));
	vp_write_addr(&c->queue_used_lo, &c->queue_used_hi,
		      virtqueue_get_used_addr(vq));
	off = (u64)c->queue_notify_off * vp->notify_mult;
	if (off + 2 > vp->notify_len)
		return -EINVAL;
	virtqueue_set_priv(vq, (void *)(vp->notify_base + off));
	c->queue_enable = 1;
	return 0;
}

struct virtqueue *
virtio_find_vq(struct virtio_device *vdev, unsigned int index,
	       unsigned int max_num, vq_callback_t cb, const char *name)
{
	struct virtio_pci_device *vp = to_vp(vdev);
	struct virtqueue *vq;
	unsigned int num;
	int err;

	if (vp->nvqs >= VP_MAX_VQS || index >= vp->common->num_queues)
		return ERR_PTR(-ENOENT);
	vp->common->queue_select = index;
	num = vp->common->queue_size;
	num = round_down_pow2(min(num, max_num));
	if (!num || vp->common->queue_enable)
		return ERR_PTR(-ENOENT);
	vq = vring_create_virtqueue(vdev, index, num, vp_notify, cb, name);
	if (IS_ERR(vq))
		return vq;
	err = vp_activate_vq(vp, vq);
	if (err) {
		vring_del_virtqueue(vq);
		return ERR_PTR(err);
	}
	vp->vqs[vp->nvqs] = vq;
	smp_wmb();	/* the handler sees the pointer before the count */
	WRITE_ONCE(vp->nvqs, vp->nvqs + 1);
	return vq;
}

static void
vp_vring_interrupts(struct virtio_pci_device *vp)
{
	unsigned int n = READ_ONCE(vp->nvqs);
	bool found = false;

	for (unsigned int i = 0; i < n; i++)
		found |= vring_interrupt(vp->vqs[i]);
	if (found)
		__atomic_fetch_add(&vp->vdev.nr_interrupts, 1,
				   __ATOMIC_RELAXED);
}

/*
 * INTx: reading ISR acknowledges and deasserts the line. Read it before
 * the rings: a level line is then low before the EOI, and on an edge
 * line an event after the read makes a new edge, so none is missed.
 */
static void
vp_interrupt(struct pt_regs *regs, void *data)
{
	struct virtio_pci_device *vp = data;

	if (vp->irq_mode == VP_IRQ_INTX && !(*vp->isr & 1))
		return;
	vp_vring_interrupts(vp);
}

static int
vp_poll_thread(void *data)
{
	struct virtio_pci_device *vp = data;
	unsigned long flags;

	for (;;) {
		flags = local_irq_save();
		vp_vring_interrupts(vp);
		local_irq_restore(flags);
		msleep(1);
	}
	return 0;
}

static int
vp_setup_irq(struct virtio_pci_device *vp)
{
	struct pci_dev *pci = vp->pci;
	struct task_struct *t;
	int n;

	vp->common->msix_config = VIRTIO_MSI_NO_VECTOR;
	if (vp_poll_mode) {
		vp->irq_mode = VP_IRQ_POLL;
		t = kthread_run(vp_poll_thread, vp, "virtio-poll");
		return IS_ERR(t) ? PTR_ERR(t) : 0;
	}
	n = pci_alloc_irq_vectors(pci, 1, 1, PCI_IRQ_MSIX | PCI_IRQ_INTX);
	if (n < 0)
		return n;
	vp->irq_mode = pci->msix_enabled ? VP_IRQ_MSIX : VP_IRQ_INTX;
	return request_irq(pci_irq_vector(pci, 0), vp_interrupt, vp,
			   "virtio-pci");
}

const char *
virtio_irq_mode(struct virtio_device *vdev)
{
	static const char *const names[] = { "msix", "intx", "poll" };

	return names[to_vp(vdev)->irq_mode];
}

/* Map one capability's window; the first of each type wins. */
static void
vp_map_cap(struct virtio_pci_device *vp, u8 pos)
{
	struct pci_dev *pci = vp->pci;
	u32 off, len, mult = 0;
	u8 type, bar;
	volatile u8 *p;

	pci_read_config_byte(pci, pos + 3, &type);
	pci_read_config_byte(pci, pos + 4, &bar);
	pci_read_config_dword(pci, pos + 8, &off);
	pci_read_config_dword(pci, pos + 12, &len);
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG)
		pci_read_config_dword(pci, pos + 16, &mult);
	if ((type == VIRTIO_PCI_CAP_COMMON_CFG && vp->common) ||
	    (type == VIRTIO_PCI_CAP_NOTIFY_CFG && vp->notify_base) ||
	    (type == VIRTIO_PCI_CAP_ISR_CFG && vp->isr) ||
	    (type == VIRTIO_PCI_CAP_DEVICE_CFG && vp->device) ||
	    type < VIRTIO_PCI_CAP_COMMON_CFG ||
	    type > VIRTIO_PCI_CAP_DEVICE_CFG)
		return;
	p = pci_iomap_range(pci, bar, off, len);
	if (!p)
		return;
	if (type == VIRTIO_PCI_CAP_COMMON_CFG &&
	    len >= sizeof(struct virtio_pci_common_cfg))
		vp->common = (volatile struct virtio_pci_common_cfg *)p;
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG) {
		vp->notify_base = p;
		vp->notify_len = len;
		vp->notify_mult = mult;
	}
	if (type == VIRTIO_PCI_CAP_ISR_CFG)
		vp->isr = p;
	if (type == VIRTIO_PCI_CAP_DEVICE_CFG) {
		vp->device = p;
		vp->device_len = len;
	}
}

static int
vp_map_caps(struct virtio_pci_device *vp)
{
	u8 pos = pci_find_capability(vp->pci, PCI_CAP_ID_VNDR);

	for (; pos; pos = pci_find_next_capability(vp->pci, pos,
						    PCI_CAP_ID_VNDR))
		vp_map_cap(vp, pos);
	if (!vp->common || !vp->notify_base || !vp->isr)
		return -ENODEV;
	return 0;
}

/* 0x1000-0x103f transitional (type in the subsystem id), 0x1040+ modern. */
static u32
vp_device_type(struct pci_dev *pci)
{
	if (pci->device >= 0x1000 && pci->device < 0x1040)
		return pci->subsystem_device;
	if (pci->device >= 0x1040 && pci->device < 0x1080)
		return pci->device - 0x1040;
	return 0;
}

static int
vp_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_pci_device *vp;
	int err;

	if (!vp_device_type(pci))
		return -ENODEV;
	vp = kzalloc(sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return -ENOMEM;
	vp->pci = pci;
	vp->vdev.id = vp_device_type(pci);
	vp->vdev.transport = vp;
	pci_enable_device(pci);
	pci_set_master(pci);
	err = vp_map_caps(vp);
	if (err) {
		pr_warn("virtio-pci %02x:%02x.%d: no virtio 1.0 capabilities "
			"(legacy-only device?), skipped\n", pci->bus,
			PCI_SLOT(pci->devfn), PCI_FUNC(pci->devfn));
		kfree(vp);	/* its small ioremaps stay: never unmapped */
		return err;
	}
	err = vp_setup_irq(vp);
	if (err) {
		pr_warn("virtio-pci: no interrupt: %d\n", err);
		kfree(vp);
		return err;
	}
	pci->driver_data = vp;
	return register_virtio_device(&vp->vdev);
}

static const struct pci_device_id vp_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, PCI_ANY_ID) },
	{}
};

static struct pci_driver virtio_pci_driver = {
	.name = "virtio-pci",
	.id_table = vp_ids,
	.probe = vp_probe,
};

static int
virtio_pci_init(void)
{
	return pci_register_driver(&virtio_pci_driver);
}
device_initcall(virtio_pci_init);
