/*
 * The TSC as the kernel's clock: ktime_get_ns(), udelay(), mdelay().
 *
 * time_init() measures the TSC against the PIT and stores tsc_khz and
 * a fixed-point multiplier: ns = cycles * tsc_mult >> TSC_SHIFT, done
 * in 128 bits so it cannot overflow for centuries of uptime. These are
 * written once, before other CPUs or interrupts run, and only read
 * afterwards: no lock.
 *
 * The TSC is a good clock only if it is invariant (constant rate in
 * every power state; CPUID 0x80000007 EDX bit 8); time_init() warns
 * if the CPU does not say so. ktime_get_ns() on different CPUs is
 * monotonic only if their TSCs are synchronised, which QEMU and
 * modern hardware provide; nothing here checks it yet.
 */
#include <time.h>
#include <printk.h>
#include <asm/cpu.h>
#include <asm/io.h>

#define TSC_SHIFT 32
#define CPUID_INVARIANT_TSC (1u << 8)

unsigned long tsc_khz;
static u64 tsc_mult;	/* ns per cycle << TSC_SHIFT */
static u64 tsc_base;	/* TSC at calibration: ktime 0 */

bool
tsc_invariant(void)
{
	u32 a, b, c, d;

	cpuid_count(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000007)
		return false;
	cpuid_count(0x80000007, 0, &a, &b, &c, &d);
	return d & CPUID_INVARIANT_TSC;
}

void
tsc_set_khz(unsigned long khz)
{
	tsc_base = rdtsc();
	tsc_mult = (1000000UL << TSC_SHIFT) / khz;
	barrier();
	tsc_khz = khz;
}

/* 0 until time_init() has calibrated the TSC. */
u64
ktime_get_ns(void)
{
	u64 cycles;

	if (!tsc_khz)
		return 0;
	cycles = rdtsc() - tsc_base;
	return (u64)(((unsigned __int128)cycles * tsc_mult) >> TSC_SHIFT);
}

/* Before calibration: port 0x80 writes take about a microsecond. */
static void
udelay_uncalibrated(unsigned long us)
{
	while (us--)
		io_delay();
}

void
udelay(unsigned long us)
{
	u64 start = rdtsc(), cycles;

	if (!tsc_khz) {
		udelay_uncalibrated(us);
		return;
	}
	cycles = (u64)us * tsc_khz / 1000;
	while (rdtsc() - start < cycles)
		cpu_relax();
}

void
mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}
