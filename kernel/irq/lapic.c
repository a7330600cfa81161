/*
 * The local APIC (include/irq.h): EOI, IPIs and the per-CPU timer.
 *
 * Every CPU has its own local APIC at the same physical address (from
 * MSR_APIC_BASE, normally 0xfee00000), so one uncached ioremap()
 * mapping serves all CPUs: an access reaches the APIC of the CPU that
 * makes it. lapic_init() runs on each CPU; the boot CPU maps the page.
 *
 * The timer counts down from an initial count at the bus clock divided
 * by 16. time_init() measures that rate against the PIT once
 * (lapic_timer_freq); lapic_timer_init(hz) then programs each CPU's
 * timer periodic at hz on LOCAL_TIMER_VECTOR.
 *
 * Locking: register accesses are per CPU and made with interrupts off
 * or by code that owns the register (EOI from the handler), except the
 * ICR pair used for IPIs, which an interrupt on this CPU could
 * interleave with; lapic_send_ipi() disables interrupts around it.
 */
#include <irq.h>
#include <smp.h>
#include <pgtable.h>
#include <printk.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <errno.h>
#include <time.h>

#define APIC_BASE_ENABLE (1UL << 11)
#define APIC_BASE_MASK   0xffffff000UL

#define APIC_ID     0x020
#define APIC_TPR    0x080
#define APIC_EOI    0x0b0
#define APIC_SVR    0x0f0
#define APIC_ESR    0x280
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR  0x390
#define APIC_TIMER_DIV  0x3e0

#define APIC_SVR_ENABLE   (1u << 8)
#define APIC_LVT_MASKED   (1u << 16)
#define APIC_LVT_PERIODIC (1u << 17)
#define APIC_DM_NMI       (4u << 8)
#define APIC_DM_INIT      (5u << 8)
#define APIC_DM_STARTUP   (6u << 8)
#define APIC_ICR_LEVEL    (1u << 15)
#define APIC_ICR_BUSY     (1u << 12)
#define APIC_ICR_ASSERT   (1u << 14)
#define APIC_DIV_16       0x3

unsigned long lapic_timer_freq;
static volatile u32 *lapic_regs;

static u32
lapic_read(u32 reg)
{
	return lapic_regs[reg / 4];
}

static void
lapic_write(u32 reg, u32 v)
{
	lapic_regs[reg / 4] = v;
}

u32
lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

void
lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

static void
lapic_map(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);

	wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	if (lapic_regs)
		return;
	lapic_regs = ioremap(base & APIC_BASE_MASK, PAGE_SIZE);
	if (!lapic_regs)
		panic("lapic: cannot map registers at %lx",
		      base & APIC_BASE_MASK);
}

/*
 * LINT0 (where the PIC's ExtINT would arrive) is masked; LINT1 is the
 * NMI line on PC hardware. Errors get no vector yet: masked.
 */
void
lapic_init(void)
{
	lapic_map();
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_LINT1, APIC_DM_NMI);
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	lapic_eoi();	/* drop anything left in service by the loader */
	this_cpu()->apic_id = lapic_id();
}

/* Count down from the maximum, masked, for time_init() to measure. */
void
lapic_timer_calibrate_start(void)
{
	lapic_write(APIC_TIMER_DIV, APIC_DIV_16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
}

u32
lapic_timer_count(void)
{
	return lapic_read(APIC_TIMER_CUR);
}

void
lapic_timer_init(unsigned int hz)
{
	unsigned long count = lapic_timer_freq / hz;

	BUG_ON(count == 0 || count > 0xffffffffUL);
	lapic_write(APIC_TIMER_DIV, APIC_DIV_16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TIMER_INIT, count);
}

void
lapic_send_ipi(u32 apic_id, int vector)
{
	unsigned long flags = local_irq_save();

	while (lapic_read(APIC_ICR_LO) & APIC_ICR_BUSY)
		cpu_relax();
	lapic_write(APIC_ICR_HI, apic_id << 24);
	lapic_write(APIC_ICR_LO, APIC_ICR_ASSERT | vector);
	local_irq_restore(flags);
}

/*
 * INIT and STARTUP for bringing up a CPU: unlike a fixed IPI the
 * caller wants to know the APIC really sent it, so wait (at most a
 * millisecond) for the delivery-status bit to clear. INIT is sent
 * level-triggered, asserted, as the MP specification says; the
 * "de-assert" INIT only 82489DX-era APICs needed is not sent.
 */
static int
lapic_send_wait(u32 apic_id, u32 icr_lo)
{
	unsigned long flags = local_irq_save();
	int us = 0;

	while (lapic_read(APIC_ICR_LO) & APIC_ICR_BUSY)
		cpu_relax();
	lapic_write(APIC_ICR_HI, apic_id << 24);
	lapic_write(APIC_ICR_LO, icr_lo);
	while ((lapic_read(APIC_ICR_LO) & APIC_ICR_BUSY) && us++ < 1000)
		udelay(1);
	local_irq_restore(flags);
	return us > 1000 ? -EIO : 0;
}

int
lapic_send_init(u32 apic_id)
{
	return lapic_send_wait(apic_id, APIC_DM_INIT | APIC_ICR_LEVEL |
					APIC_ICR_ASSERT);
}

/* The target starts in real mode at CS:IP = (page << 8):0. */
int
lapic_send_startup(u32 apic_id, unsigned int page)
{
	return lapic_send_wait(apic_id, APIC_DM_STARTUP | APIC_ICR_ASSERT |
					(page & 0xff));
}
