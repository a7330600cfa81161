/*
 * The I/O APIC: routes external interrupt lines (GSIs) to CPUs.
 *
 * Assumed at its default address, 0xfec00000, with legacy ISA IRQ n
 * on pin n, edge-triggered, active high. That is right for QEMU except
 * where the ACPI MADT says otherwise (an Interrupt Source Override:
 * QEMU wires the PIT's IRQ 0 to pin 2). kernel/acpi.c reads the MADT
 * and calls ioapic_set_base() and ioapic_set_override() before any
 * driver routes a line; ioapic_route_irq() then maps ISA IRQs 0-15
 * through the overrides and treats larger numbers as GSIs. Further
 * I/O APICs are not supported yet.
 *
 * The registers are reached through an index/data pair (IOREGSEL,
 * IOWIN): selecting and accessing must not be split by another CPU's
 * access, so every access holds ioapic_lock (irqsave: drivers may
 * route from any context).
 */
#include <irq.h>
#include <errno.h>
#include <pgtable.h>
#include <spinlock.h>
#include <printk.h>

#define IOAPIC_DEFAULT_PHYS 0xfec00000UL
#define IOREGSEL 0x00
#define IOWIN    0x10
#define IOAPIC_VER 0x01
#define IOREDTBL(pin) (0x10 + 2 * (pin))

#define REDIR_MASKED (1u << 16)

static volatile u32 *ioapic_regs;
static int ioapic_pins;
static DEFINE_SPINLOCK(ioapic_lock);

/* From the MADT (set before routing starts, read-only after). */
static u64 ioapic_phys = IOAPIC_DEFAULT_PHYS;
static u32 ioapic_gsi_base;
static struct {
	bool set;
	u32 gsi;
	unsigned int flags;	/* IOAPIC_ACTIVE_LOW, IOAPIC_LEVEL */
} isa_override[16];

static u32
ioapic_read(u32 reg)
{
	ioapic_regs[IOREGSEL / 4] = reg;
	return ioapic_regs[IOWIN / 4];
}

static void
ioapic_write(u32 reg, u32 v)
{
	ioapic_regs[IOREGSEL / 4] = reg;
	ioapic_regs[IOWIN / 4] = v;
}

/* Map the registers and mask every pin until a driver routes it. */
void
ioapic_init(void)
{
	unsigned long flags;

	ioapic_regs = ioremap(ioapic_phys, PAGE_SIZE);
	if (!ioapic_regs)
		panic("ioapic: cannot map registers");
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_pins = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
	for (int pin = 0; pin < ioapic_pins; pin++)
		ioapic_write(IOREDTBL(pin), REDIR_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	pr_info("ioapic: %d pins at %lx\n", ioapic_pins,
		(unsigned long)ioapic_phys);
}

/* A different address than the one mapped: map and mask the new one. */
void
ioapic_set_base(u64 phys, u32 gsi_base)
{
	ioapic_gsi_base = gsi_base;
	if (phys == ioapic_phys)
		return;
	ioapic_phys = phys;
	if (ioapic_regs)
		ioapic_init();
}

void
ioapic_set_override(int isa_irq, u32 gsi, unsigned int flags)
{
	if (isa_irq < 0 || isa_irq >= 16)
		return;
	isa_override[isa_irq].gsi = gsi;
	isa_override[isa_irq].flags = flags & (IOAPIC_ACTIVE_LOW |
					       IOAPIC_LEVEL);
	isa_override[isa_irq].set = true;
}

/* ISA IRQs (0-15) go through the overrides; larger numbers are GSIs. */
static int
irq_to_pin(int irq, unsigned int *flags)
{
	u32 gsi = irq;

	*flags = 0;
	if (irq < 0)
		return -1;
	if (irq < 16 && isa_override[irq].set) {
		gsi = isa_override[irq].gsi;
		*flags = isa_override[irq].flags;
	}
	return gsi < ioapic_gsi_base ? -1 : (int)(gsi - ioapic_gsi_base);
}

/*
 * Fixed delivery, physical destination, unmasked; edge and active
 * high unless the ISA IRQ's override says otherwise.
 * An entry is two 32-bit halves; it is masked while they change so it
 * is never live half old and half new.
 */
int
ioapic_route_irq(int irq, int vector, int dest_apic_id)
{
	unsigned long flags;
	unsigned int mode;
	int pin = irq_to_pin(irq, &mode);

	if (pin < 0 || pin >= ioapic_pins || vector < IRQ_VECTOR_BASE ||
	    vector >= NR_VECTORS)
		return -EINVAL;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(IOREDTBL(pin), REDIR_MASKED);
	ioapic_write(IOREDTBL(pin) + 1, (u32)dest_apic_id << 24);
	ioapic_write(IOREDTBL(pin), vector | mode);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}
