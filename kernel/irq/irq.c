/*
 * Interrupt dispatch (include/irq.h): request_irq(), do_irq(),
 * irq_alloc_vector(), in_interrupt(), and irq_init().
 *
 * irq_desc[v] names the handler for vector v. Registration changes it
 * under irq_desc_lock (irqsave); do_irq() reads it without the lock,
 * because an interrupt must never spin on a lock a driver on another
 * CPU holds for registration. request_irq() stores data before the
 * handler pointer and do_irq() loads the handler first, so a handler
 * seen is never called with a stale data pointer. free_irq() does not
 * wait for a handler already running on another CPU (there is no
 * synchronize_irq yet): free the handler's data only once the device
 * is quiet.
 *
 * do_irq() runs with interrupts disabled (interrupt gates) and counts
 * its nesting in this CPU's irq_depth, which is what in_interrupt()
 * reports. It sends the local APIC EOI after the handler -- except
 * for the APIC's spurious vector, which must not be EOI'd -- and only
 * then, with irq_depth back to 0, lets the scheduler preempt the
 * interrupted task: switching before the EOI would block this and all
 * lower-priority vectors on this CPU until the task ran again.
 */
#include <irq.h>
#include <sched.h>
#include <errno.h>
#include <spinlock.h>
#include <printk.h>
#include <asm/cpu.h>

/* Device vectors for irq_alloc_vector(): above the ISA range. */
#define FIRST_DEVICE_VECTOR (IRQ_VECTOR_BASE + 16)
#define LAST_DEVICE_VECTOR  (LOCAL_TIMER_VECTOR - 1)

struct irq_desc {
	irq_handler_t handler;
	void *data;
	const char *name;
	bool reserved;		/* handed out by irq_alloc_vector() */
	unsigned long count;
};

static struct irq_desc irq_desc[NR_VECTORS];
static DEFINE_SPINLOCK(irq_desc_lock);
static unsigned long unclaimed_seen[NR_VECTORS / 64];
static unsigned long spurious_count;

bool
in_interrupt(void)
{
	return this_cpu_read(irq_depth) > 0;
}

static bool
vector_ok(int vector)
{
	return vector >= IRQ_VECTOR_BASE && vector < NR_VECTORS &&
	       vector != SPURIOUS_APIC_VECTOR;
}

int
request_irq(int vector, irq_handler_t fn, void *data, const char *name)
{
	struct irq_desc *d;
	unsigned long flags;
	int err = 0;

	if (!vector_ok(vector) || !fn)
		return -EINVAL;
	d = &irq_desc[vector];
	spin_lock_irqsave(&irq_desc_lock, flags);
	if (d->handler) {
		err = -EBUSY;
	} else {
		d->data = data;
		d->name = name;
		d->reserved = true;
		barrier();
		WRITE_ONCE(d->handler, fn);
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return err;
}

void
free_irq(int vector)
{
	unsigned long flags;

	if (!vector_ok(vector))
		return;
	spin_lock_irqsave(&irq_desc_lock, flags);
	WRITE_ONCE(irq_desc[vector].handler, NULL);
	irq_desc[vector].reserved = false;
	spin_unlock_irqrestore(&irq_desc_lock, flags);
}

int
irq_alloc_vector(void)
{
	unsigned long flags;
	int v, found = -ENOSPC;

	spin_lock_irqsave(&irq_desc_lock, flags);
	for (v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++) {
		if (!irq_desc[v].reserved && !irq_desc[v].handler) {
			irq_desc[v].reserved = true;
			found = v;
			break;
		}
	}
	spin_unlock_irqrestore(&irq_desc_lock, flags);
	return found;
}

/* Report each unclaimed vector once; it may be a stray PIC IRQ 7. */
static void
unclaimed_irq(int vector)
{
	if (!test_and_set_bit(vector % 64, &unclaimed_seen[vector / 64]))
		pr_warn("irq: unexpected interrupt on vector %d (0x%x) on "
			"CPU %d\n", vector, vector, smp_processor_id());
}

static void
handle_vector(struct pt_regs *regs, int vector)
{
	struct irq_desc *d = &irq_desc[vector];
	irq_handler_t fn = READ_ONCE(d->handler);

	barrier();
	if (fn) {
		__atomic_fetch_add(&d->count, 1, __ATOMIC_RELAXED);
		fn(regs, READ_ONCE(d->data));
	} else {
		unclaimed_irq(vector);
	}
	lapic_eoi();
}

/* Interrupts were on, and no lock or preempt_disable() was in force. */
static bool
interrupted_preemptible(struct pt_regs *regs)
{
	struct cpu *c = this_cpu();

	return (regs->rflags & X86_EFLAGS_IF) && c->preempt_count == 0 &&
	       c->irq_depth == 0;
}

void
do_irq(struct pt_regs *regs)
{
	struct cpu *c = this_cpu();
	int vector = regs->vector;

	c->irq_depth++;
	if (vector == SPURIOUS_APIC_VECTOR)
		spurious_count++;
	else
		handle_vector(regs, vector);
	c->irq_depth--;
	if (c->need_resched && interrupted_preemptible(regs))
		preempt_schedule_irq();
}

/*
 * The boot CPU's interrupt hardware: PICs masked, I/O APIC pins
 * masked, local APIC on. Interrupts stay disabled (the idle loop
 * enables them); secondary CPUs call lapic_init() themselves.
 */
int
irq_init(void)
{
	pic_disable();
	lapic_init();
	ioapic_init();
	pr_info("irq: local APIC id %u, PICs masked\n", lapic_id());
	return 0;
}
