/*
 * The timer tick, jiffies, time_init() and msleep().
 *
 * Each CPU's local APIC timer interrupts HZ times a second on
 * LOCAL_TIMER_VECTOR. CPU 0 alone advances jiffies (one writer, an
 * aligned 64-bit store: readers need no lock), catching up lost ticks
 * from the TSC, and drives the test watchdog; every CPU calls
 * scheduler_tick() for its own time slice.
 *
 * time_init() runs once on the boot CPU after irq_init(), interrupts
 * still off: it measures the TSC and the LAPIC timer against the PIT
 * (best of a few windows: a window that includes a host hiccup only
 * looks longer, so the shortest TSC reading is the most accurate),
 * then starts the boot CPU's periodic timer. Secondary CPUs only call
 * lapic_timer_init(HZ), reusing the measured rate.
 */
#include <time.h>
#include <irq.h>
#include <sched.h>
#include <wait.h>
#include <kunit.h>
#include <lockdep.h>
#include <printk.h>

#define CAL_WINDOW_MS 50
#define CAL_TRIES     3

volatile unsigned long jiffies;

bool pit_measure(unsigned int ms, u64 *tsc, u64 *apic);
bool tsc_invariant(void);
void tsc_set_khz(unsigned long khz);

/*
 * Advance jiffies by the ticks that really elapsed, measured on the
 * monotonic clock: a tick interrupt can be lost or late (a virtual CPU
 * descheduled on a busy host, a long interrupts-off section), and a
 * jiffies that counted interrupts would then fall behind real time.
 * At least one tick per interrupt, so jiffies never stalls.
 */
static void
advance_jiffies(void)
{
	static u64 base_ns;
	static unsigned long base_jiffies;
	u64 due;

	if (base_ns == 0) {
		base_ns = ktime_get_ns();
		base_jiffies = jiffies;
	}
	due = base_jiffies + (ktime_get_ns() - base_ns) / (1000000000 / HZ);
	jiffies = max(jiffies + 1, (unsigned long)due);
}

static void
timer_interrupt(struct pt_regs *regs, void *data)
{
	bool boot_cpu = smp_processor_id() == 0;

	if (boot_cpu)
		advance_jiffies();
	scheduler_tick();
	if (boot_cpu)
		kunit_watchdog_tick();
}

/* Keep the window with the fewest TSC cycles (see the top comment). */
static void
calibrate(u64 *tsc, u64 *apic)
{
	u64 t, a;

	*tsc = ~0UL;
	*apic = 0;
	for (int i = 0; i < CAL_TRIES; i++) {
		if (!pit_measure(CAL_WINDOW_MS, &t, &a))
			panic("time: the PIT does not count; cannot "
			      "calibrate the TSC and APIC timer");
		if (t < *tsc) {
			*tsc = t;
			*apic = a;
		}
	}
}

void
time_init(void)
{
	u64 tsc = 0, apic = 0;

	calibrate(&tsc, &apic);
	tsc_set_khz(tsc / CAL_WINDOW_MS);
	lapic_timer_freq = apic * 1000 / CAL_WINDOW_MS;
	pr_info("time: TSC %lu.%03lu MHz%s, APIC timer %lu kHz, HZ=%d\n",
		tsc_khz / 1000, tsc_khz % 1000,
		tsc_invariant() ? "" : " (not invariant)",
		lapic_timer_freq / 1000, HZ);
	if (request_irq(LOCAL_TIMER_VECTOR, timer_interrupt, NULL, "timer"))
		panic("time: timer vector already taken");
	lapic_timer_init(HZ);
}

/*
 * Sleep at least @ms milliseconds: the +1 tick covers the partial
 * tick already elapsed when we start, as in Linux.
 */
void
msleep(unsigned long ms)
{
	long left = msecs_to_jiffies(ms) + 1;

	might_sleep();
	while (left > 0) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		left = schedule_timeout(left);
	}
}
