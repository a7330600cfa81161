/*
 * CPU masks: one bit per CPU for up to NR_CPUS (8) CPUs, held in one
 * unsigned long -- the same layout as mm->cpu_mask, which
 * to_cpumask(&mm->cpu_mask) turns into a struct cpumask * without a
 * copy.
 *
 * cpumask_set_cpu() and cpumask_clear_cpu() are atomic (locked OR and
 * AND), because masks such as mm->cpu_mask are changed by several
 * CPUs at once. A reader that needs one consistent view -- say, to
 * count the CPUs it is about to wait for -- takes a snapshot with
 * cpumask_copy() and works on the snapshot.
 *
 * cpu_online_mask holds the CPUs that are fully up: they run tasks
 * and take IPIs. kernel/smp/smpboot.c sets a CPU's bit as the last
 * step before its idle loop, and never clears it (no CPU hotplug).
 * It is the mask the cross-CPU calls (kernel/smp/ipi.c) use. Note
 * that cpus[].online and nr_cpus_online (smp.h) are set earlier, as
 * soon as a CPU has its GS base; see docs/smp.md.
 */
#ifndef _PINOS_CPUMASK_H
#define _PINOS_CPUMASK_H

#include <atomic.h>
#include <smp.h>

static_assert(NR_CPUS <= 8 * sizeof(unsigned long), "cpumask is one word");

struct cpumask {
	unsigned long bits;
};
typedef struct cpumask cpumask_t;

#define CPU_MASK_NONE { 0 }

/* View a bare unsigned long bitmap (mm->cpu_mask) as a cpumask. */
#define to_cpumask(bitmap) ((struct cpumask *)(bitmap))

static inline void
cpumask_set_cpu(int cpu, struct cpumask *m)
{
	set_bit(cpu, &m->bits);
}

static inline void
cpumask_clear_cpu(int cpu, struct cpumask *m)
{
	clear_bit(cpu, &m->bits);
}

static inline bool
cpumask_test_cpu(int cpu, const struct cpumask *m)
{
	return cpu >= 0 && cpu < NR_CPUS && test_bit(cpu, &m->bits);
}

static inline void
cpumask_clear(struct cpumask *m)
{
	WRITE_ONCE(m->bits, 0UL);
}

/* One load of @src: @dst is a consistent snapshot. */
static inline void
cpumask_copy(struct cpumask *dst, const struct cpumask *src)
{
	dst->bits = READ_ONCE(src->bits);
}

static inline void
cpumask_and(struct cpumask *dst, const struct cpumask *a,
	    const struct cpumask *b)
{
	dst->bits = READ_ONCE(a->bits) & READ_ONCE(b->bits);
}

static inline bool
cpumask_empty(const struct cpumask *m)
{
	return READ_ONCE(m->bits) == 0;
}

static inline int
cpumask_weight(const struct cpumask *m)
{
	unsigned long b = READ_ONCE(m->bits);
	int n = 0;

	/* No popcnt in the kernel's -march; clear the lowest bit each round. */
	for (; b; b &= b - 1)
		n++;
	return n;
}

/* The first CPU after @cpu in @m (-1 to start), or NR_CPUS if none. */
static inline int
cpumask_next(int cpu, const struct cpumask *m)
{
	int from = cpu + 1;
	unsigned long rest;

	if (from >= NR_CPUS)
		return NR_CPUS;
	rest = READ_ONCE(m->bits) & (~0UL << from);
	return rest ? __builtin_ctzl(rest) : NR_CPUS;
}

static inline int
cpumask_first(const struct cpumask *m)
{
	return cpumask_next(-1, m);
}

/* Iterate over the CPUs in @m; @cpu is an int declared by the caller. */
#define for_each_cpu(cpu, m)                                       \
	for ((cpu) = cpumask_first(m); (cpu) < NR_CPUS;            \
	     (cpu) = cpumask_next((cpu), (m)))

extern struct cpumask __cpu_online_mask;
#define cpu_online_mask ((const struct cpumask *)&__cpu_online_mask)

static inline bool
cpu_online(int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask);
}

/* CPUs in cpu_online_mask (fully up), as in Linux. */
static inline int
num_online_cpus(void)
{
	return cpumask_weight(cpu_online_mask);
}

#endif
