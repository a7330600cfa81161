/*
 * The I/O APIC: routes external interrupt lines (GSIs) to CPUs.
 *
 * Assumed at its default address, 0xfec00000, with legacy ISA IRQ n
 * on pin n, edge-triggered, active high. That is right for QEMU except
 * where the ACPI MADT says otherwise (an Interrupt Source Override:
 * QEMU wires the PIT's IRQ 0 to pin 2). Parsing the MADT for the
 * address, the overrides and further I/O APICs comes later; until
 * then ioapic_route_irq() takes the pin number as given.
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

	ioapic_regs = ioremap(IOAPIC_DEFAULT_PHYS, PAGE_SIZE);
	if (!ioapic_regs)
		panic("ioapic: cannot map registers");
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_pins = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
	for (int pin = 0; pin < ioapic_pins; pin++)
		ioapic_write(IOREDTBL(pin), REDIR_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	pr_info("ioapic: %d pins at %lx\n", ioapic_pins, IOAPIC_DEFAULT_PHYS);
}

/*
 * Fixed delivery, physical destination, edge, active high, unmasked.
 * An entry is two 32-bit halves; it is masked while they change so it
 * is never live half old and half new.
 */
int
ioapic_route_irq(int irq, int vector, int dest_apic_id)
{
	unsigned long flags;

	if (irq < 0 || irq >= ioapic_pins || vector < IRQ_VECTOR_BASE ||
	    vector >= NR_VECTORS)
		return -EINVAL;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(IOREDTBL(irq), REDIR_MASKED);
	ioapic_write(IOREDTBL(irq) + 1, (u32)dest_apic_id << 24);
	ioapic_write(IOREDTBL(irq), vector);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}
