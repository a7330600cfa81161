/*
 * Interrupt vectors and handlers.
 *
 * Vectors 0-31 are CPU exceptions (kernel/trap/traps.c). Vectors from
 * IRQ_VECTOR_BASE up are device and inter-processor interrupts; a
 * driver claims one with request_irq() and its handler runs with
 * interrupts disabled on the CPU that took it. After the handler the
 * dispatcher sends the local APIC EOI, then may preempt the
 * interrupted task if it was preemptible.
 *
 * Legacy ISA IRQ n (PIT 0, COM1 4, ...) is routed by the I/O APIC to
 * vector IRQ_VECTOR_BASE + n.
 */
#ifndef _PINOS_IRQ_H
#define _PINOS_IRQ_H

#include <asm/ptrace.h>

#define IRQ_VECTOR_BASE     32
#define NR_VECTORS          256
#define LOCAL_TIMER_VECTOR  0xec
#define CALL_FUNCTION_VECTOR 0xfb
#define RESCHEDULE_VECTOR   0xfc
#define SPURIOUS_APIC_VECTOR 0xff

typedef void (*irq_handler_t)(struct pt_regs *regs, void *data);

/* Install @fn for @vector; -EBUSY if taken. */
int request_irq(int vector, irq_handler_t fn, void *data, const char *name);
void free_irq(int vector);
/* Route legacy/GSI @irq through the I/O APIC to vector base+irq. */
int ioapic_route_irq(int irq, int vector, int dest_apic_id);
/* Allocate a free device vector (for PCI INTx/MSI). */
int irq_alloc_vector(void);

/* Called by entry.S for every vector >= 32. */
void do_irq(struct pt_regs *regs);

/* Local APIC. */
void lapic_init(void);
void lapic_eoi(void);
u32 lapic_id(void);
void lapic_timer_init(unsigned int hz);
void lapic_send_ipi(u32 apic_id, int vector);
/*
 * Wake a secondary CPU (kernel/smp/smpboot.c): INIT, then STARTUP with
 * the 4 KiB page number of its real-mode entry. 0 once the APIC has
 * sent the IPI, -EIO if it stays busy.
 */
int lapic_send_init(u32 apic_id);
int lapic_send_startup(u32 apic_id, unsigned int page);

/* Local APIC timer hooks for PIT calibration (kernel/time). */
void lapic_timer_calibrate_start(void);
u32 lapic_timer_count(void);
/* LAPIC timer input ticks per second at divide-by-16, from time_init(). */
extern unsigned long lapic_timer_freq;

/* I/O APIC (at 0xfec00000 until kernel/acpi.c reads the MADT). */
void ioapic_init(void);
/*
 * From the ACPI MADT (kernel/acpi.c), before any line is routed: the
 * I/O APIC's address and first GSI, and ISA IRQs that are not on the
 * pin of the same number. @flags: IOAPIC_ACTIVE_LOW, IOAPIC_LEVEL.
 */
#define IOAPIC_ACTIVE_LOW (1u << 13)	/* redirection entry bits */
#define IOAPIC_LEVEL      (1u << 15)
void ioapic_set_base(u64 phys, u32 gsi_base);
void ioapic_set_override(int isa_irq, u32 gsi, unsigned int flags);
/* Remap the 8259 PICs out of the exception range and mask them. */
void pic_disable(void);

/* Mask the PICs, set up the I/O APIC and this CPU's local APIC. */
int irq_init(void);

bool in_interrupt(void);

#endif
