/*
 * PCI (drivers/pci.c): configuration space, the device list, BARs,
 * capabilities, interrupts and drivers, with Linux's names.
 *
 * Config space is reached with configuration mechanism #1 (an address
 * written to port 0xcf8, data through 0xcfc); pci_lock serializes the
 * pair. pci_scan() (a subsys_initcall) walks bus 0 and every bus
 * behind a PCI-to-PCI bridge, decodes each function's BARs and builds
 * the device list; it prints one line per device at KERN_INFO.
 *
 * Drivers: pci_register_driver() binds the driver to every unbound
 * device its id_table matches, now and for devices scanned later;
 * probe() returning 0 binds it. Devices are never removed, so a
 * struct pci_dev pointer stays valid for the whole boot.
 *
 * Interrupts: pci_alloc_irq_vectors() gives a device CPU vectors,
 * MSI-X when the device has it and PCI_IRQ_MSIX is asked for, else
 * the legacy INTx line routed through the I/O APIC (PCI_IRQ_INTX);
 * pci_irq_vector() returns the vector to pass to request_irq().
 * Unlike Linux these are CPU vectors, not irq numbers.
 */
#ifndef _PINOS_PCI_H
#define _PINOS_PCI_H

#include <list.h>
#include <types.h>

/* Standard header (type 0 and the shared first 16 bytes). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x1
#define  PCI_COMMAND_MEMORY	0x2
#define  PCI_COMMAND_MASTER	0x4
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_MFD	0x80
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d
/* Type 1 (PCI-to-PCI bridge) header. */
#define PCI_SECONDARY_BUS	0x19

#define PCI_CLASS_BRIDGE_PCI	0x0604

#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_ID_VNDR		0x09

#define PCI_ANY_ID		0xffffffffu
#define PCI_NUM_RESOURCES	6

#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)
#define PCI_DEVFN(slot, fn)	((((slot) & 0x1f) << 3) | ((fn) & 0x07))

/* struct pci_resource flags. */
#define IORESOURCE_IO		0x1
#define IORESOURCE_MEM		0x2
#define IORESOURCE_MEM_64	0x4
#define IORESOURCE_PREFETCH	0x8

/* pci_alloc_irq_vectors() flags. */
#define PCI_IRQ_INTX		0x1
#define PCI_IRQ_MSIX		0x4

struct pci_resource {
	u64 start;		/* bus address (= physical on x86) */
	u64 len;		/* 0: BAR not implemented */
	unsigned int flags;	/* IORESOURCE_* */
};

struct pci_driver;

struct pci_dev {
	struct list_head bus_list;	/* on pci_devices */
	u8 bus, devfn;
	u16 vendor, device;
	u16 subsystem_vendor, subsystem_device;
	u32 class;		/* class << 16 | subclass << 8 | prog-if */
	u8 revision, hdr_type;
	u8 irq_line, irq_pin;	/* config 0x3c/0x3d; pin 0: no INTx */
	u8 msix_cap;		/* config offset, 0: no MSI-X */
	u16 msix_nvec;		/* table size */
	bool msix_enabled;
	int nr_irq_vecs;	/* vectors from pci_alloc_irq_vectors() */
	int irq_vecs[4];
	struct pci_resource resource[PCI_NUM_RESOURCES];
	struct pci_driver *driver;	/* bound driver, or NULL */
	void *driver_data;
};

struct pci_device_id {
	u32 vendor, device;	/* PCI_ANY_ID matches anything */
	u32 class, class_mask;	/* class & mask must equal the class */
};

#define PCI_DEVICE(v, d) .vendor = (v), .device = (d)

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;	/* ends with vendor 0 */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	struct list_head node;
};

int pci_read_config_byte(struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(struct pci_dev *dev, int where, u32 val);

/* Turn on I/O and memory decoding. */
int pci_enable_device(struct pci_dev *dev);
/* Let the device master the bus (DMA, MSI writes). */
void pci_set_master(struct pci_dev *dev);

/* Config offset of the first/next capability @cap, 0 if none. */
u8 pci_find_capability(struct pci_dev *dev, int cap);
u8 pci_find_next_capability(struct pci_dev *dev, u8 pos, int cap);

#define pci_resource_start(dev, bar) ((dev)->resource[(bar)].start)
#define pci_resource_len(dev, bar)   ((dev)->resource[(bar)].len)
#define pci_resource_flags(dev, bar) ((dev)->resource[(bar)].flags)

/* Map @len bytes of memory BAR @bar from @offset; NULL for I/O BARs. */
void *pci_iomap_range(struct pci_dev *dev, int bar, u64 offset, u64 len);

int pci_alloc_irq_vectors(struct pci_dev *dev, int min_vecs, int max_vecs,
			  unsigned int flags);
int pci_irq_vector(struct pci_dev *dev, int nr);
/* Hold the device's interrupts pending (true) or let them through. */
void pci_irq_mask(struct pci_dev *dev, bool mask);

int pci_register_driver(struct pci_driver *drv);
/* Next device after @from (NULL: the first) matching vendor/device. */
struct pci_dev *pci_get_device(u32 vendor, u32 device, struct pci_dev *from);
int pci_dev_count(void);

#endif
