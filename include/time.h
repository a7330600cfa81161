/*
 * Kernel time. jiffies counts timer ticks (HZ per second) since boot;
 * ktime_get_ns() is a TSC-derived monotonic clock in nanoseconds,
 * calibrated against the PIT at boot.
 */
#ifndef _PINOS_TIME_H
#define _PINOS_TIME_H

#include <types.h>

#define HZ 100

extern volatile unsigned long jiffies;

/* TSC frequency in kHz, from PIT calibration in time_init(); 0 before. */
extern unsigned long tsc_khz;

/* Calibrate the TSC and LAPIC timer, start the HZ tick (after irq_init). */
void time_init(void);
u64 ktime_get_ns(void);
/* CLOCK_REALTIME: the CMOS clock read at boot + ktime (kernel/proc/clock.c). */
u64 ktime_get_real_ns(void);
s64 ktime_get_real_seconds(void);
void udelay(unsigned long us);
void mdelay(unsigned long ms);

static inline unsigned long
msecs_to_jiffies(unsigned long ms)
{
	return (ms * HZ + 999) / 1000;
}

#define time_after(a, b)     ((long)((b) - (a)) < 0)
#define time_after_eq(a, b)  ((long)((a) - (b)) >= 0)
#define time_before(a, b)    time_after(b, a)

#endif
