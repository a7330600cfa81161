/*
 * The 8254 PIT as a reference clock for calibration.
 *
 * Channel 2 is the one whose gate software controls (port 0x61 bit 0)
 * and whose output software can read (port 0x61 bit 5); it is wired
 * to the PC speaker, which bit 1 keeps off. In mode 0 the output goes
 * high when the count reaches zero, so "program N, wait for the
 * output" waits N / 1193182 seconds with no interrupts involved.
 *
 * pit_measure() runs one such window and records the TSC and the
 * local APIC timer at both ends. Boot CPU only, interrupts off, once
 * (time_init), so no lock.
 */
#include <time.h>
#include <irq.h>
#include <printk.h>
#include <asm/cpu.h>
#include <asm/io.h>

#define PIT_HZ       1193182UL
#define PIT_CH2      0x42
#define PIT_CMD      0x43
#define PIT_GATE     0x61
#define GATE_ENABLE  0x01
#define GATE_SPEAKER 0x02
#define GATE_OUT2    0x20

/* Give up on a PIT that never fires (none present) after this many polls. */
#define PIT_MAX_POLLS 100000000UL

struct pit_sample {
	u64 tsc;
	u32 apic;
};

static void
pit_sample(struct pit_sample *s)
{
	s->apic = lapic_timer_count();
	s->tsc = rdtsc();
}

/* Channel 2, lobyte/hibyte, mode 0 (interrupt on terminal count). */
static void
pit_start(unsigned long count)
{
	outb(PIT_GATE, (inb(PIT_GATE) & ~GATE_SPEAKER) | GATE_ENABLE);
	outb(PIT_CMD, 0xb0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
}

/*
 * Measure one window of @ms milliseconds (at most 54). Returns false
 * if the PIT never signalled; *tsc and *apic are the TSC cycles and
 * APIC timer ticks (counting down) that elapsed.
 */
bool
pit_measure(unsigned int ms, u64 *tsc, u64 *apic)
{
	struct pit_sample a, b;
	unsigned long polls = 0;

	lapic_timer_calibrate_start();
	pit_start(PIT_HZ * ms / 1000);
	pit_sample(&a);
	while (!(inb(PIT_GATE) & GATE_OUT2))
		if (++polls == PIT_MAX_POLLS)
			return false;
	pit_sample(&b);
	*tsc = b.tsc - a.tsc;
	*apic = a.apic - b.apic;
	return true;
}
