/*
 * PCI bus (include/pci.h): configuration space, the bus scan, BARs,
 * capabilities and driver binding. Interrupt vectors are in
 * drivers/pci_irq.c.
 *
 * Configuration mechanism #1: write 0x80000000 | bus << 16 | devfn << 8
 * | (offset & 0xfc) to CONFIG_ADDRESS (0xcf8), then access the dword
 * at CONFIG_DATA (0xcfc); a byte or word at offset o is at 0xcfc +
 * (o & 3). The address/data pair is one critical section under
 * pci_conf_lock (irqsave, so an interrupt handler could read config
 * space too).
 *
 * pci_scan() runs once, as a subsys_initcall, before any driver
 * registers (device_initcall). It walks bus 0 and recurses into the
 * secondary bus of every PCI-to-PCI bridge, so a bus number the BIOS
 * did not assign is never probed. pci_bus_mutex protects the device
 * and driver lists and binding; probe() runs under it and may sleep
 * but must not register drivers.
 */
#include <pci.h>
#include <errno.h>
#include <init.h>
#include <mutex.h>
#include <pgtable.h>
#include <printk.h>
#include <slab.h>
#include <asm/io.h>

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA    0xcfc

static DEFINE_SPINLOCK(pci_conf_lock);
static DEFINE_MUTEX(pci_bus_mutex);
static LIST_HEAD(pci_devices);
static LIST_HEAD(pci_drivers);
static int pci_nr_devices;

static u32
conf_addr(u8 bus, u8 devfn, int where)
{
	return 0x80000000u | (u32)bus << 16 | (u32)devfn << 8 |
	       (where & 0xfc);
}

static u32
pci_conf_read(u8 bus, u8 devfn, int where, int size)
{
	unsigned long flags;
	u16 port = PCI_CONFIG_DATA + (where & 3);
	u32 v;

	spin_lock_irqsave(&pci_conf_lock, flags);
	outl(PCI_CONFIG_ADDRESS, conf_addr(bus, devfn, where));
	if (size == 1)
		v = inb(port);
	else if (size == 2)
		v = inw(port);
	else
		v = inl(port);
	spin_unlock_irqrestore(&pci_conf_lock, flags);
	return v;
}

static void
pci_conf_write(u8 bus, u8 devfn, int where, int size, u32 v)
{
	unsigned long flags;
	u16 port = PCI_CONFIG_DATA + (where & 3);

	spin_lock_irqsave(&pci_conf_lock, flags);
	outl(PCI_CONFIG_ADDRESS, conf_addr(bus, devfn, where));
	if (size == 1)
		outb(port, v);
	else if (size == 2)
		outw(port, v);
	else
		outl(port, v);
	spin_unlock_irqrestore(&pci_conf_lock, flags);
}

/* Misaligned or out-of-range accesses are refused, as in Linux. */
static bool
conf_ok(int where, int size)
{
	return where >= 0 && where + size <= 256 && (where & (size - 1)) == 0;
}

#define PCI_CONF_ACCESSORS(sfx, type, size)                                 \
	int pci_read_config_##sfx(struct pci_dev *dev, int where, type *val) \
	{                                                                   \
		if (!conf_ok(where, size))                                  \
			return -EINVAL;                                     \
		*val = pci_conf_read(dev->bus, dev->devfn, where, size);    \
		return 0;                                                   \
	}                                                                   \
	int pci_write_config_##sfx(struct pci_dev *dev, int where, type val) \
	{                                                                   \
		if (!conf_ok(where, size))                                  \
			return -EINVAL;                                     \
		pci_conf_write(dev->bus, dev->devfn, where, size, val);     \
		return 0;                                                   \
	}

PCI_CONF_ACCESSORS(byte, u8, 1)
PCI_CONF_ACCESSORS(word, u16, 2)
PCI_CONF_ACCESSORS(dword, u32, 4)

static void
pci_command_set(struct pci_dev *dev, u16 set)
{
	u16 cmd;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if ((cmd & set) != set)
		pci_write_config_word(dev, PCI_COMMAND, cmd | set);
}

int
pci_enable_device(struct pci_dev *dev)
{
	u16 set = 0;

	for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
		if (dev->resource[i].flags & IORESOURCE_IO)
			set |= PCI_COMMAND_IO;
		if (dev->resource[i].flags & IORESOURCE_MEM)
			set |= PCI_COMMAND_MEMORY;
	}
	pci_command_set(dev, set);
	return 0;
}

void
pci_set_master(struct pci_dev *dev)
{
	pci_command_set(dev, PCI_COMMAND_MASTER);
}

/*
 * Capability list: a chain of (id, next) byte pairs from the pointer at
 * 0x34, dword aligned. The walk is bounded so a looping list (broken
 * hardware) cannot hang the kernel: at most 48 capabilities fit.
 */
u8
pci_find_next_capability(struct pci_dev *dev, u8 pos, int cap)
{
	u8 id;

	for (int ttl = 48; ttl > 0; ttl--) {
		pci_read_config_byte(dev, pos ? pos + 1 : PCI_CAPABILITY_LIST,
				     &pos);
		pos &= ~3;
		if (pos < 0x40)
			return 0;
		pci_read_config_byte(dev, pos, &id);
		if (id == cap)
			return pos;
	}
	return 0;
}

u8
pci_find_capability(struct pci_dev *dev, int cap)
{
	u16 status;

	pci_read_config_word(dev, PCI_STATUS, &status);
	if (!(status & PCI_STATUS_CAP_LIST))
		return 0;
	return pci_find_next_capability(dev, 0, cap);
}

void *
pci_iomap_range(struct pci_dev *dev, int bar, u64 offset, u64 len)
{
	struct pci_resource *r;

	if (bar < 0 || bar >= PCI_NUM_RESOURCES)
		return NULL;
	r = &dev->resource[bar];
	if (!(r->flags & IORESOURCE_MEM) || offset + len > r->len || !len)
		return NULL;
	return ioremap(r->start + offset, len);
}

/*
 * Size a BAR register: write all ones, read back which address bits
 * stick (the size mask), restore. Decoding is off meanwhile (see
 * pci_read_bases) so the transient address decodes nothing.
 */
static u32
bar_probe(struct pci_dev *dev, int where, u32 *mask)
{
	u32 orig;

	pci_read_config_dword(dev, where, &orig);
	pci_write_config_dword(dev, where, ~0u);
	pci_read_config_dword(dev, where, mask);
	pci_write_config_dword(dev, where, orig);
	return orig;
}

static void
decode_io_bar(struct pci_resource *r, u32 orig, u32 mask)
{
	mask &= ~3u;
	if (!mask)
		return;
	if (!(mask & 0xffff0000u))	/* 16-bit decoder: upper bits zero */
		mask |= 0xffff0000u;
	r->flags = IORESOURCE_IO;
	r->start = orig & ~3u;
	r->len = (u32)(~mask + 1);
}

/* Returns the number of BAR registers used: 2 for a 64-bit BAR. */
static int
decode_mem_bar(struct pci_dev *dev, int bar, u32 orig, u32 mask)
{
	struct pci_resource *r = &dev->resource[bar];
	u64 base = orig & ~0xfu, size = mask & ~0xfu;
	bool is64 = ((orig >> 1) & 3) == 2;
	u32 hi = 0, hmask = ~0u;

	if (is64 && bar + 1 < PCI_NUM_RESOURCES)
		hi = bar_probe(dev, PCI_BASE_ADDRESS_0 + 4 * (bar + 1), &hmask);
	else if (is64)
		is64 = false;
	base |= (u64)hi << 32;
	size |= (u64)hmask << 32;
	if (size & 0xfffffffful) {
		r->flags = IORESOURCE_MEM | (is64 ? IORESOURCE_MEM_64 : 0) |
			   (orig & 8 ? IORESOURCE_PREFETCH : 0);
		r->start = base;
		r->len = ~size + 1;
	}
	return is64 ? 2 : 1;
}

static void
pci_read_bases(struct pci_dev *dev, int nbars)
{
	u16 cmd;
	u32 orig, mask;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	pci_write_config_word(dev, PCI_COMMAND,
			      cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (int bar = 0; bar < nbars;) {
		orig = bar_probe(dev, PCI_BASE_ADDRESS_0 + 4 * bar, &mask);
		if (orig & 1) {
			decode_io_bar(&dev->resource[bar], orig, mask);
			bar++;
		} else {
			bar += decode_mem_bar(dev, bar, orig, mask);
		}
	}
	pci_write_config_word(dev, PCI_COMMAND, cmd);
}

static void
pci_print_dev(struct pci_dev *dev)
{
	static const char pins[] = "-ABCD";

	pr_info("pci 0000:%02x:%02x.%d: [%04x:%04x] class %06x irq %d pin "
		"%c%s\n", dev->bus, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn),
		dev->vendor, dev->device, dev->class, dev->irq_line,
		pins[dev->irq_pin <= 4 ? dev->irq_pin : 0],
		dev->msix_cap ? " msix" : "");
	for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
		struct pci_resource *r = &dev->resource[i];

		if (r->len)
			pr_info("pci 0000:%02x:%02x.%d:   BAR%d %s %#lx+%#lx\n",
				dev->bus, PCI_SLOT(dev->devfn),
				PCI_FUNC(dev->devfn), i,
				r->flags & IORESOURCE_IO ? "io " :
				r->flags & IORESOURCE_MEM_64 ? "m64" : "m32",
				r->start, r->len);
	}
}

static void
pci_read_ids(struct pci_dev *dev)
{
	u32 cls;

	pci_read_config_word(dev, PCI_VENDOR_ID, &dev->vendor);
	pci_read_config_word(dev, PCI_DEVICE_ID, &dev->device);
	pci_read_config_dword(dev, PCI_REVISION_ID, &cls);
	dev->revision = cls & 0xff;
	dev->class = cls >> 8;
	pci_read_config_byte(dev, PCI_HEADER_TYPE, &dev->hdr_type);
	pci_read_config_byte(dev, PCI_INTERRUPT_LINE, &dev->irq_line);
	pci_read_config_byte(dev, PCI_INTERRUPT_PIN, &dev->irq_pin);
}

static struct pci_dev *
pci_setup_device(u8 bus, u8 devfn)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u16 ctrl = 0;

	if (!dev)
		return NULL;
	dev->bus = bus;
	dev->devfn = devfn;
	pci_read_ids(dev);
	if ((dev->hdr_type & PCI_HEADER_TYPE_MASK) == 0) {
		pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID,
				     &dev->subsystem_vendor);
		pci_read_config_word(dev, PCI_SUBSYSTEM_ID,
				     &dev->subsystem_device);
		pci_read_bases(dev, 6);
	} else if ((dev->hdr_type & PCI_HEADER_TYPE_MASK) == 1) {
		pci_read_bases(dev, 2);
	}
	dev->msix_cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	if (dev->msix_cap) {
		pci_read_config_word(dev, dev->msix_cap + 2, &ctrl);
		dev->msix_nvec = (ctrl & 0x7ff) + 1;
	}
	return dev;
}

static void pci_scan_bus(u8 bus, unsigned long *seen);

/* Add one function; recurse behind it if it is a PCI-to-PCI bridge. */
static void
pci_scan_function(u8 bus, u8 devfn, unsigned long *seen)
{
	struct pci_dev *dev = pci_setup_device(bus, devfn);
	u8 secondary;

	if (!dev) {
		pr_err("pci: out of memory at %02x:%02x.%d\n", bus,
		       PCI_SLOT(devfn), PCI_FUNC(devfn));
		return;
	}
	list_add_tail(&dev->bus_list, &pci_devices);
	pci_nr_devices++;
	pci_print_dev(dev);
	if ((dev->class >> 8) != PCI_CLASS_BRIDGE_PCI ||
	    (dev->hdr_type & PCI_HEADER_TYPE_MASK) != 1)
		return;
	pci_read_config_byte(dev, PCI_SECONDARY_BUS, &secondary);
	if (secondary)
		pci_scan_bus(secondary, seen);
}

static bool
pci_present(u8 bus, u8 devfn)
{
	return pci_conf_read(bus, devfn, PCI_VENDOR_ID, 2) != 0xffff;
}

/* @seen: one bit per bus number, so a misconfigured loop ends. */
static void
pci_scan_bus(u8 bus, unsigned long *seen)
{
	u8 hdr;

	if (test_and_set_bit(bus % 64, &seen[bus / 64]))
		return;
	for (int slot = 0; slot < 32; slot++) {
		if (!pci_present(bus, PCI_DEVFN(slot, 0)))
			continue;
		pci_scan_function(bus, PCI_DEVFN(slot, 0), seen);
		hdr = pci_conf_read(bus, PCI_DEVFN(slot, 0), PCI_HEADER_TYPE,
				    1);
		if (!(hdr & PCI_HEADER_TYPE_MFD))
			continue;
		for (int fn = 1; fn < 8; fn++)
			if (pci_present(bus, PCI_DEVFN(slot, fn)))
				pci_scan_function(bus, PCI_DEVFN(slot, fn),
						  seen);
	}
}

static const struct pci_device_id *
pci_match_id(const struct pci_device_id *id, struct pci_dev *dev)
{
	for (; id->vendor; id++) {
		if (id->vendor != PCI_ANY_ID && id->vendor != dev->vendor)
			continue;
		if (id->device != PCI_ANY_ID && id->device != dev->device)
			continue;
		if ((dev->class & id->class_mask) == id->class)
			return id;
	}
	return NULL;
}

/* Called with pci_bus_mutex held. */
static void
pci_try_bind(struct pci_driver *drv, struct pci_dev *dev)
{
	const struct pci_device_id *id;
	int err;

	if (dev->driver || !(id = pci_match_id(drv->id_table, dev)))
		return;
	err = drv->probe(dev, id);
	if (err == -ENODEV)	/* "not mine after all": quietly unbound */
		return;
	if (err) {
		pr_warn("pci 0000:%02x:%02x.%d: %s probe failed: %d\n",
			dev->bus, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn),
			drv->name, err);
		return;
	}
	dev->driver = drv;
}

int
pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	mutex_lock(&pci_bus_mutex);
	list_add_tail(&drv->node, &pci_drivers);
	list_for_each_entry(dev, &pci_devices, bus_list)
		pci_try_bind(drv, dev);
	mutex_unlock(&pci_bus_mutex);
	return 0;
}

struct pci_dev *
pci_get_device(u32 vendor, u32 device, struct pci_dev *from)
{
	struct list_head *p;
	struct pci_dev *dev, *found = NULL;

	mutex_lock(&pci_bus_mutex);
	for (p = from ? from->bus_list.next : pci_devices.next;
	     p != &pci_devices; p = p->next) {
		dev = list_entry(p, struct pci_dev, bus_list);
		if ((vendor == PCI_ANY_ID || dev->vendor == vendor) &&
		    (device == PCI_ANY_ID || dev->device == device)) {
			found = dev;
			break;
		}
	}
	mutex_unlock(&pci_bus_mutex);
	return found;
}

int
pci_dev_count(void)
{
	return pci_nr_devices;
}

static int
pci_scan(void)
{
	unsigned long seen[256 / 64] = { 0 };
	struct pci_driver *drv;
	struct pci_dev *dev;

	mutex_lock(&pci_bus_mutex);
	pci_scan_bus(0, seen);
	list_for_each_entry(drv, &pci_drivers, node)
		list_for_each_entry(dev, &pci_devices, bus_list)
			pci_try_bind(drv, dev);
	mutex_unlock(&pci_bus_mutex);
	if (!pci_nr_devices)
		pr_warn("pci: no devices found (no PCI host bridge?)\n");
	else
		pr_info("pci: %d devices\n", pci_nr_devices);
	return 0;
}
subsys_initcall(pci_scan);
