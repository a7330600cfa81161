/*
 * PCI interrupt vectors (include/pci.h): pci_alloc_irq_vectors() and
 * pci_irq_vector().
 *
 * MSI-X (preferred): the device signals an interrupt by a memory write
 * of a table entry's data word to the entry's address. Address
 * 0xfee00000 | apic_id << 12 targets that local APIC; data = the
 * vector, fixed delivery, edge. The table lives in a memory BAR
 * (capability dword +4: offset | BAR index). Each entry is 16 bytes:
 * address low, address high, data, vector control (bit 0 = masked).
 * We enable MSI-X with the function mask set, program the entries,
 * then drop the mask, so no half-written entry ever fires.
 *
 * INTx (fallback): the BIOS wrote the line's ISA IRQ number into config
 * 0x3c; ioapic_route_irq() routes it to a fresh vector, level-triggered
 * when the ACPI MADT says so (QEMU marks its PCI lines 5, 9, 10, 11
 * level, active high), else edge. Either way a handler must acknowledge
 * its device's interrupt source (virtio: read ISR) before looking for
 * work: that drops a level line before the EOI, and with an edge line
 * a later event makes a new edge. Lines are not shared between devices
 * here: each device that asks routes the line to its own vector.
 *
 * pci_irq_mask() holds a device's interrupts at the device: the MSI-X
 * function mask (messages wait as pending bits and are sent on unmask)
 * or the command register's INTx disable (the line is reasserted on
 * enable if the device still wants attention). Nothing is lost.
 *
 * All vectors target the boot CPU. Set-up runs from probe (process
 * context); the config read-modify-writes are not locked against each
 * other, so callers serialize per device.
 */
#include <pci.h>
#include <errno.h>
#include <irq.h>
#include <printk.h>
#include <smp.h>

#define PCI_MSIX_FLAGS        2
#define  PCI_MSIX_FLAGS_QSIZE  0x7ff
#define  PCI_MSIX_FLAGS_MASKALL 0x4000
#define  PCI_MSIX_FLAGS_ENABLE 0x8000
#define PCI_MSIX_TABLE        4
#define  PCI_MSIX_BIR         0x7

#define MSIX_ENTRY_SIZE       16
#define MSIX_ADDR_LO          0
#define MSIX_ADDR_HI          4
#define MSIX_DATA             8
#define MSIX_CTRL             12
#define  MSIX_CTRL_MASKED     1

#define MSI_ADDR_BASE         0xfee00000u

static u32
irq_dest_apic(void)
{
	return cpus[0].apic_id;
}

static void
msix_write_entry(volatile u32 *table, int i, int vector)
{
	volatile u32 *e = table + i * MSIX_ENTRY_SIZE / 4;

	e[MSIX_CTRL / 4] = MSIX_CTRL_MASKED;
	e[MSIX_ADDR_LO / 4] = MSI_ADDR_BASE | irq_dest_apic() << 12;
	e[MSIX_ADDR_HI / 4] = 0;
	e[MSIX_DATA / 4] = vector;
	e[MSIX_CTRL / 4] = 0;
}

static volatile u32 *
msix_map_table(struct pci_dev *dev)
{
	u32 tbl;

	pci_read_config_dword(dev, dev->msix_cap + PCI_MSIX_TABLE, &tbl);
	return pci_iomap_range(dev, tbl & PCI_MSIX_BIR, tbl & ~PCI_MSIX_BIR,
			       dev->msix_nvec * MSIX_ENTRY_SIZE);
}

static void
release_vectors(struct pci_dev *dev)
{
	for (int i = 0; i < dev->nr_irq_vecs; i++)
		free_irq(dev->irq_vecs[i]);
	dev->nr_irq_vecs = 0;
}

static int
alloc_vectors(struct pci_dev *dev, int n)
{
	int v;

	for (dev->nr_irq_vecs = 0; dev->nr_irq_vecs < n; dev->nr_irq_vecs++) {
		v = irq_alloc_vector();
		if (v < 0) {
			release_vectors(dev);
			return v;
		}
		dev->irq_vecs[dev->nr_irq_vecs] = v;
	}
	return 0;
}

static int
pci_msix_setup(struct pci_dev *dev, int nvec)
{
	volatile u32 *table = msix_map_table(dev);
	u16 ctrl;
	int err;

	if (!table)
		return -ENOMEM;
	err = alloc_vectors(dev, nvec);
	if (err)
		return err;
	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &ctrl);
	ctrl |= PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL;
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, ctrl);
	for (int i = 0; i < nvec; i++)
		msix_write_entry(table, i, dev->irq_vecs[i]);
	ctrl &= ~PCI_MSIX_FLAGS_MASKALL;
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, ctrl);
	dev->msix_enabled = true;
	return nvec;
}

static int
pci_intx_setup(struct pci_dev *dev)
{
	int err;

	if (!dev->irq_pin || dev->irq_line == 0 || dev->irq_line == 0xff)
		return -ENODEV;
	err = alloc_vectors(dev, 1);
	if (err)
		return err;
	err = ioapic_route_irq(dev->irq_line, dev->irq_vecs[0],
			       irq_dest_apic());
	if (err)
		release_vectors(dev);
	return err ? err : 1;
}

int
pci_alloc_irq_vectors(struct pci_dev *dev, int min_vecs, int max_vecs,
		      unsigned int flags)
{
	int n = min(max_vecs, (int)ARRAY_SIZE(dev->irq_vecs));

	if (dev->nr_irq_vecs || min_vecs < 1 || n < min_vecs)
		return -EINVAL;
	if ((flags & PCI_IRQ_MSIX) && dev->msix_cap) {
		if (dev->msix_nvec < n)
			n = dev->msix_nvec;
		if (n >= min_vecs && pci_msix_setup(dev, n) == n)
			return n;
	}
	if ((flags & PCI_IRQ_INTX) && min_vecs == 1)
		return pci_intx_setup(dev);
	return -ENOSPC;
}

int
pci_irq_vector(struct pci_dev *dev, int nr)
{
	if (nr < 0 || nr >= dev->nr_irq_vecs)
		return -EINVAL;
	return dev->irq_vecs[nr];
}

void
pci_irq_mask(struct pci_dev *dev, bool mask)
{
	int where = dev->msix_enabled ? dev->msix_cap + PCI_MSIX_FLAGS :
					 PCI_COMMAND;
	u16 bit = dev->msix_enabled ? PCI_MSIX_FLAGS_MASKALL :
				      PCI_COMMAND_INTX_DISABLE;
	u16 v;

	pci_read_config_word(dev, where, &v);
	pci_write_config_word(dev, where, mask ? v | bit : v & ~bit);
}
