/*
 * SMP tests (suite "smp"): ACPI MADT parsing, AP bring-up, per-CPU
 * state and timers, cross-CPU function calls, and the things that can
 * only be tested with a second CPU: pinning, real lock contention,
 * preemption on another CPU, IPIs held back by a CPU's disabled
 * interrupts.
 *
 * Run them with several CPUs (make test boots kernel-smp4 with -smp 4;
 * by hand: -smp 4 ... tests=smp). On a single-CPU boot the cases that
 * need a second CPU report "SKIP needs 2+ CPUs" -- a skip, never a
 * pass -- and the others test what one CPU can (the local call path).
 *
 * As in sched_test.c, state shared with threads is static (a failed
 * ASSERT leaves the case while a thread may still write), and every
 * wait is bounded so a broken kernel fails a case instead of hanging.
 */
#include <kunit.h>
#include <acpi.h>
#include <cpumask.h>
#include <errno.h>
#include <irq.h>
#include <sched.h>
#include <spinlock.h>
#include <time.h>
#include <asm/cpu.h>

#define NEED_2_CPUS(test)                                               \
	do {                                                            \
		if (num_online_cpus() < 2)                              \
			kunit_skip(test, "needs 2+ CPUs");              \
	} while (0)

/* Poll @cond every millisecond for up to @ms; true if it came true. */
#define wait_until(cond, ms)                                            \
	({                                                              \
		u64 __end = ktime_get_ns() + (u64)(ms) * 1000000;       \
		while (!(cond) && ktime_get_ns() < __end)               \
			msleep(1);                                      \
		!!(cond);                                               \
	})

/* Spin (no sleeping) until @cond or @ms pass: for threads that race. */
#define spin_until(cond, ms)                                            \
	({                                                              \
		u64 __end = ktime_get_ns() + (u64)(ms) * 1000000;       \
		while (!(cond) && ktime_get_ns() < __end)               \
			cpu_relax();                                    \
		!!(cond);                                               \
	})

static struct task_struct *
start_bound(int (*fn)(void *), void *arg, const char *name, int cpu)
{
	struct task_struct *t = kthread_create(fn, arg, name);

	if (IS_ERR(t))
		return NULL;
	kthread_bind(t, cpu);
	wake_up_process(t);
	return t;
}

static int
last_online_cpu(void)
{
	int cpu, last = 0;

	for_each_cpu(cpu, cpu_online_mask)
		last = cpu;
	return last;
}

/* --- ACPI MADT ---------------------------------------------------- */

static u8 madt_buf[512] __aligned(8);

static u8 *
put_lapic(u8 *p, u8 uid, u8 apic_id, u32 flags)
{
	p[0] = ACPI_MADT_LAPIC, p[1] = 8, p[2] = uid, p[3] = apic_id;
	memcpy(p + 4, &flags, 4);
	return p + 8;
}

static u8 *
put_ioapic(u8 *p, u8 id, u32 addr, u32 gsi_base)
{
	p[0] = ACPI_MADT_IOAPIC, p[1] = 12, p[2] = id, p[3] = 0;
	memcpy(p + 4, &addr, 4);
	memcpy(p + 8, &gsi_base, 4);
	return p + 12;
}

static u8 *
put_override(u8 *p, u8 irq, u32 gsi, u16 flags)
{
	p[0] = ACPI_MADT_IRQ_OVERRIDE, p[1] = 10, p[2] = 0, p[3] = irq;
	memcpy(p + 4, &gsi, 4);
	memcpy(p + 8, &flags, 2);
	return p + 10;
}

static struct acpi_table_header *
fix_checksum(struct acpi_table_header *t)
{
	u8 sum = 0;

	t->checksum = 0;
	for (u32 i = 0; i < t->length; i++)
		sum += ((u8 *)t)[i];
	t->checksum = -sum;
	return t;
}

/*
 * A MADT as firmware might write it: CPUs with APIC ids 0 and 3
 * enabled and 5 disabled, an I/O APIC at 0xfec01000 from GSI 24, ISA
 * IRQ 9 on GSI 20 (level, active low), IRQ 0 on GSI 2, and a local
 * APIC NMI entry (type 4) the parser must step over.
 */
static struct acpi_table_header *
build_madt(void)
{
	struct acpi_madt *m = (struct acpi_madt *)madt_buf;
	u8 *p;

	memset(madt_buf, 0, sizeof(madt_buf));
	memcpy(m->header.signature, "APIC", 4);
	m->header.revision = 3;
	m->lapic_address = 0xfee00000;
	m->flags = 1;
	p = (u8 *)(m + 1);
	p = put_lapic(p, 0, 0, ACPI_MADT_ENABLED);
	p = put_lapic(p, 1, 3, ACPI_MADT_ENABLED);
	p = put_lapic(p, 2, 5, ACPI_MADT_ONLINE_CAPABLE);
	p = put_ioapic(p, 7, 0xfec01000, 24);
	p = put_override(p, 9, 20, ACPI_MADT_POLARITY_LOW |
				   ACPI_MADT_TRIGGER_LEVEL);
	p = put_override(p, 0, 2, 0);
	p[0] = 4, p[1] = 6, p[2] = 0xff, p[3] = 5, p[4] = 0, p[5] = 1;
	p += 6;
	m->header.length = p - madt_buf;
	return fix_checksum(&m->header);
}

/* The offset of the n-th entry (0-based) of the table build_madt made. */
static u8 *
madt_entry_at(int n)
{
	u8 *p = madt_buf + sizeof(struct acpi_madt);

	while (n--)
		p += p[1];
	return p;
}

static void
smp_acpi_madt_parse(struct kunit *test)
{
	static struct acpi_madt_info info;

	KUNIT_ASSERT_EQ(test, acpi_parse_madt(build_madt(), &info), 0);
	KUNIT_EXPECT_TRUE(test, info.valid);
	KUNIT_ASSERT_EQ(test, info.nr_cpus, 2);
	KUNIT_EXPECT_EQ(test, info.apic_ids[0], 0);
	KUNIT_EXPECT_EQ(test, info.apic_ids[1], 3);
	KUNIT_EXPECT_EQ(test, info.nr_ioapics, 1);
	KUNIT_EXPECT_EQ(test, info.ioapic_phys, 0xfec01000);
	KUNIT_EXPECT_EQ(test, info.ioapic_gsi_base, 24);
	KUNIT_EXPECT_EQ(test, info.lapic_phys, 0xfee00000);
	KUNIT_ASSERT_EQ(test, info.nr_overrides, 2);
	KUNIT_EXPECT_EQ(test, info.overrides[0].isa_irq, 9);
	KUNIT_EXPECT_EQ(test, info.overrides[0].gsi, 20);
	KUNIT_EXPECT_EQ(test, info.overrides[0].flags,
			ACPI_MADT_POLARITY_LOW | ACPI_MADT_TRIGGER_LEVEL);
	KUNIT_EXPECT_EQ(test, info.overrides[1].isa_irq, 0);
	KUNIT_EXPECT_EQ(test, info.overrides[1].gsi, 2);
}

/* More enabled CPUs than NR_CPUS: the first NR_CPUS kept, rest counted. */
static void
smp_acpi_madt_too_many_cpus(struct kunit *test)
{
	static struct acpi_madt_info info;
	struct acpi_madt *m = (struct acpi_madt *)madt_buf;
	u8 *p;

	memset(madt_buf, 0, sizeof(madt_buf));
	memcpy(m->header.signature, "APIC", 4);
	p = (u8 *)(m + 1);
	for (int i = 0; i < NR_CPUS + 2; i++)
		p = put_lapic(p, i, 2 * i, ACPI_MADT_ENABLED);
	m->header.length = p - madt_buf;
	fix_checksum(&m->header);
	KUNIT_ASSERT_EQ(test, acpi_parse_madt(&m->header, &info), 0);
	KUNIT_EXPECT_EQ(test, info.nr_cpus, NR_CPUS);
	KUNIT_EXPECT_EQ(test, info.nr_cpus_dropped, 2);
	KUNIT_EXPECT_EQ(test, info.apic_ids[NR_CPUS - 1], 2 * (NR_CPUS - 1));
	/* No I/O APIC entry: the default address stays. */
	KUNIT_EXPECT_EQ(test, info.ioapic_phys, ACPI_IOAPIC_DEFAULT);
}

/* Each way a table can be broken; returns the parse result. */
static int
parse_corrupted(int how, struct acpi_madt_info *info)
{
	struct acpi_table_header *t = build_madt();

	switch (how) {
	case 0:		/* a flipped bit: checksum no longer 0 */
		madt_buf[50] ^= 0x10;
		break;
	case 1:		/* a zero-length entry: would loop forever */
		madt_entry_at(1)[1] = 0;
		fix_checksum(t);
		break;
	case 2:		/* the last entry runs past the table's end */
		madt_entry_at(6)[1] = 60;
		fix_checksum(t);
		break;
	case 3:		/* a local APIC entry too short for its fields */
		madt_entry_at(0)[1] = 4;
		fix_checksum(t);
		break;
	case 4:		/* the same APIC id twice */
		madt_entry_at(1)[3] = 0;
		fix_checksum(t);
		break;
	case 5:		/* a length shorter than the MADT's fixed part */
		t->length = sizeof(struct acpi_madt) - 4;
		fix_checksum(t);
		break;
	case 6:		/* not a MADT at all */
		memcpy(t->signature, "APIX", 4);
		fix_checksum(t);
		break;
	case 7:		/* an override for a non-ISA bus */
		madt_entry_at(4)[2] = 1;
		fix_checksum(t);
		break;
	}
	return acpi_parse_madt(t, info);
}

static void
smp_acpi_madt_corrupt_rejected(struct kunit *test)
{
	static struct acpi_madt_info info;

	for (int how = 0; how < 8; how++) {
		info.valid = true;
		info.nr_cpus = 99;
		KUNIT_EXPECT_EQ(test, parse_corrupted(how, &info), -EINVAL);
		/* Rejected as a whole: the default, nothing half-parsed. */
		KUNIT_EXPECT_FALSE(test, info.valid);
		KUNIT_EXPECT_EQ(test, info.nr_cpus, 0);
		KUNIT_EXPECT_EQ(test, info.nr_overrides, 0);
		KUNIT_EXPECT_EQ(test, info.ioapic_phys, ACPI_IOAPIC_DEFAULT);
	}
}

/* QEMU's firmware tables, as acpi_init() found them at boot. */
static void
smp_acpi_firmware_madt(struct kunit *test)
{
	bool irq0_on_gsi2 = false;
	int cpu;

	KUNIT_ASSERT_TRUE(test, acpi_madt.valid);
	KUNIT_ASSERT_NOT_NULL(test, acpi_find_table("APIC"));
	KUNIT_EXPECT_EQ(test, acpi_madt.ioapic_phys, ACPI_IOAPIC_DEFAULT);
	for (int i = 0; i < acpi_madt.nr_overrides; i++)
		if (acpi_madt.overrides[i].isa_irq == 0 &&
		    acpi_madt.overrides[i].gsi == 2)
			irq0_on_gsi2 = true;
	KUNIT_EXPECT_TRUE(test, irq0_on_gsi2);	/* QEMU wires the PIT so */
	/* Every online CPU's APIC id is one the MADT listed. */
	for_each_cpu(cpu, cpu_online_mask) {
		bool listed = false;

		for (int i = 0; i < acpi_madt.nr_cpus; i++)
			listed |= acpi_madt.apic_ids[i] == cpus[cpu].apic_id;
		KUNIT_EXPECT_TRUE(test, listed);
	}
}

/* --- bring-up and per-CPU state ----------------------------------- */

static void
smp_all_cpus_online(struct kunit *test)
{
	int madt = acpi_madt.valid ? acpi_madt.nr_cpus : 1;
	int want = min(madt, setup_max_cpus);

	kunit_info(test, "%d CPU(s) online, %d in the MADT, maxcpus=%d%s",
		   num_online_cpus(), madt, setup_max_cpus,
		   num_online_cpus() == 1 ? " (a single-CPU boot)" : "");
	KUNIT_EXPECT_EQ(test, num_online_cpus(), want);
	KUNIT_EXPECT_EQ(test, nr_cpus_online, num_online_cpus());
	/* Numbered densely from 0, each with a struct cpu marked online. */
	for (int i = 0; i < num_online_cpus(); i++) {
		KUNIT_EXPECT_TRUE(test, cpu_online(i));
		KUNIT_EXPECT_TRUE(test, cpus[i].online);
	}
}

struct cpu_record {
	int calls;
	int id;
	void *self;
	u64 gs_base;
	u32 apic_id;
	bool irqs_off;
	unsigned long cr0, cr4;
	u64 efer;
};

static struct cpu_record records[NR_CPUS];

static void
record_cpu(void *unused)
{
	struct cpu_record *r = &records[smp_processor_id()];

	r->calls++;
	r->id = smp_processor_id();
	r->self = this_cpu();
	r->gs_base = rdmsr(MSR_GS_BASE);
	r->apic_id = lapic_id();
	r->irqs_off = irqs_disabled();
	r->cr0 = read_cr0();
	r->cr4 = read_cr4();
	r->efer = rdmsr(MSR_EFER);
}

/* GS base, id, APIC id and control registers, seen on each CPU. */
static void
smp_percpu_identity(struct kunit *test)
{
	int cpu;

	memset(records, 0, sizeof(records));
	on_each_cpu(record_cpu, NULL, true);
	for_each_cpu(cpu, cpu_online_mask) {
		struct cpu_record *r = &records[cpu];

		KUNIT_EXPECT_EQ(test, r->calls, 1);
		KUNIT_EXPECT_EQ(test, r->id, cpu);
		KUNIT_EXPECT_EQ(test, (unsigned long)r->self,
				(unsigned long)&cpus[cpu]);
		KUNIT_EXPECT_EQ(test, r->gs_base, (u64)&cpus[cpu]);
		KUNIT_EXPECT_EQ(test, r->apic_id, cpus[cpu].apic_id);
		for (int other = 0; other < cpu; other++)
			KUNIT_EXPECT_NE(test, r->apic_id,
					records[other].apic_id);
		/* Every AP runs with the boot CPU's features. */
		KUNIT_EXPECT_EQ(test, r->cr0, records[0].cr0);
		KUNIT_EXPECT_EQ(test, r->cr4, records[0].cr4);
		KUNIT_EXPECT_EQ(test, r->efer, records[0].efer);
	}
}

static unsigned long
cpu_ticks(int cpu)
{
	return READ_ONCE(cpus[cpu].idle_ticks) +
	       READ_ONCE(cpus[cpu].busy_ticks);
}

/* Each CPU's own LAPIC timer interrupts it about HZ times a second. */
static void
smp_timer_ticks_on_each_cpu(struct kunit *test)
{
	unsigned long before[NR_CPUS];
	int cpu;

	for_each_cpu(cpu, cpu_online_mask)
		before[cpu] = cpu_ticks(cpu);
	msleep(200);	/* 20 ticks at HZ=100 */
	for_each_cpu(cpu, cpu_online_mask) {
		unsigned long n = cpu_ticks(cpu) - before[cpu];

		if (n < 5)
			kunit_info(test, "CPU %d: %lu ticks in 200 ms", cpu, n);
		KUNIT_EXPECT_GE(test, n, 5);
	}
}

/* --- cross-CPU calls ---------------------------------------------- */

static int call_ran_on;
static bool call_irqs_off;
static atomic_t call_count;

static void
note_cpu(void *arg)
{
	WRITE_ONCE(call_ran_on, smp_processor_id());
	WRITE_ONCE(call_irqs_off, irqs_disabled());
	atomic_inc(&call_count);
}

/* The local path: works, and in interrupt-like context, on any boot. */
static void
smp_call_single_local(struct kunit *test)
{
	int self;

	preempt_disable();
	self = smp_processor_id();
	call_ran_on = -1;
	KUNIT_EXPECT_EQ(test, smp_call_function_single(self, note_cpu, NULL,
						       true), 0);
	preempt_enable();
	KUNIT_EXPECT_EQ(test, call_ran_on, self);
	KUNIT_EXPECT_TRUE(test, call_irqs_off);
	/* An offline CPU is refused, not waited for. */
	if (num_online_cpus() < NR_CPUS)
		KUNIT_EXPECT_EQ(test, smp_call_function_single(NR_CPUS - 1,
						note_cpu, NULL, true), -ENXIO);
}

/* Each CPU in turn, waiting and not: the function runs on that CPU. */
static void
smp_call_single_remote(struct kunit *test)
{
	int cpu;

	NEED_2_CPUS(test);
	for_each_cpu(cpu, cpu_online_mask) {
		call_ran_on = -1;
		KUNIT_EXPECT_EQ(test, smp_call_function_single(cpu, note_cpu,
							       NULL, true), 0);
		KUNIT_EXPECT_EQ(test, call_ran_on, cpu);
		KUNIT_EXPECT_TRUE(test, call_irqs_off);

		atomic_set(&call_count, 0);
		call_ran_on = -1;
		KUNIT_EXPECT_EQ(test, smp_call_function_single(cpu, note_cpu,
							       NULL, false), 0);
		KUNIT_EXPECT_TRUE(test, wait_until(
			atomic_read(&call_count) == 1, 1000));
		KUNIT_EXPECT_EQ(test, call_ran_on, cpu);
	}
}

static atomic_t per_cpu_calls[NR_CPUS];

static void
count_call(void *arg)
{
	atomic_inc(&per_cpu_calls[smp_processor_id()]);
}

static void
reset_counts(void)
{
	for (int i = 0; i < NR_CPUS; i++)
		atomic_set(&per_cpu_calls[i], 0);
}

static bool
each_online_cpu_called(int times)
{
	int cpu;

	for_each_cpu(cpu, cpu_online_mask)
		if (atomic_read(&per_cpu_calls[cpu]) != times)
			return false;
	return true;
}

/* Exactly once on every online CPU, none elsewhere; wait and no wait. */
static void
smp_on_each_cpu_once(struct kunit *test)
{
	reset_counts();
	on_each_cpu(count_call, NULL, true);
	for (int i = 0; i < NR_CPUS; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&per_cpu_calls[i]),
				cpu_online(i) ? 1 : 0);

	reset_counts();
	on_each_cpu(count_call, NULL, false);
	KUNIT_EXPECT_TRUE(test, wait_until(each_online_cpu_called(1), 1000));
	msleep(20);	/* nothing runs twice */
	for (int i = 0; i < NR_CPUS; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&per_cpu_calls[i]),
				cpu_online(i) ? 1 : 0);
}

/* smp_call_function_many: the other CPUs of the mask, never the caller. */
static void
smp_call_many_mask(struct kunit *test)
{
	struct cpumask mask = CPU_MASK_NONE;
	int self, last = last_online_cpu();

	NEED_2_CPUS(test);
	reset_counts();
	cpumask_set_cpu(0, &mask);
	cpumask_set_cpu(last, &mask);
	preempt_disable();
	self = smp_processor_id();
	smp_call_function_many(&mask, count_call, NULL, true);
	preempt_enable();
	for (int i = 0; i < NR_CPUS; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&per_cpu_calls[i]),
				(i == 0 || i == last) && i != self ? 1 : 0);
}

/*
 * Every CPU calls every CPU at once, many times: no deadlock (all
 * callers have interrupts on), no request lost or run twice, and the
 * per-(sender, target) request slots are reused correctly.
 */
#define STORM_ROUNDS 300
static atomic_t storm_total, storm_done;

static void
storm_inc(void *arg)
{
	atomic_inc(&storm_total);
}

static int
storm_thread(void *arg)
{
	for (int i = 0; i < STORM_ROUNDS; i++)
		on_each_cpu(storm_inc, NULL, i % 3 != 0);
	atomic_inc(&storm_done);
	return 0;
}

static void
smp_call_storm(struct kunit *test)
{
	struct task_struct *t[NR_CPUS];
	int n = 0, cpu, online = num_online_cpus();

	NEED_2_CPUS(test);
	atomic_set(&storm_total, 0);
	atomic_set(&storm_done, 0);
	for_each_cpu(cpu, cpu_online_mask)
		if ((t[n] = start_bound(storm_thread, NULL, "storm", cpu)))
			n++;
	KUNIT_ASSERT_EQ(test, n, online);
	for (int i = 0; i < n; i++)
		kthread_join(t[i]);
	/* Unwaited calls may still be in flight after the last thread. */
	KUNIT_EXPECT_TRUE(test, wait_until(atomic_read(&storm_total) ==
					   n * STORM_ROUNDS * online, 2000));
	KUNIT_EXPECT_EQ(test, atomic_read(&storm_total),
			n * STORM_ROUNDS * online);
}

/* --- threads on other CPUs ---------------------------------------- */

static int bind_cpu_seen[64];
static atomic_t bind_idx;

static int
bind_worker(void *arg)
{
	for (int i = 0; i < 64; i++) {
		bind_cpu_seen[i] = smp_processor_id();
		atomic_inc(&bind_idx);
		if (i % 2)
			msleep(1);	/* sleep: wakes on some CPU */
		else
			yield();	/* requeue: any CPU may pick it */
	}
	return 0;
}

static void
smp_kthread_bind_pins(struct kunit *test)
{
	int target = last_online_cpu();
	struct task_struct *t;

	NEED_2_CPUS(test);
	atomic_set(&bind_idx, 0);
	t = start_bound(bind_worker, NULL, "bound", target);
	KUNIT_ASSERT_NOT_NULL(test, t);
	kthread_join(t);
	KUNIT_ASSERT_EQ(test, atomic_read(&bind_idx), 64);
	for (int i = 0; i < 64; i++)
		KUNIT_EXPECT_EQ(test, bind_cpu_seen[i], target);
}

/*
 * Waking a task bound to an idle CPU sends that CPU a reschedule IPI
 * (kick_idle_cpu() in kernel/sched/core.c), so the task runs within
 * microseconds. Without the IPI the idle CPU would notice only at its
 * next timer tick, 0-10 ms later. The wake-ups are spread over the
 * tick period (a delay after msleep(), which returns just after a
 * tick), so without the IPI the median is about 5 ms whatever the
 * phase of that CPU's timer; with it, well under a millisecond. The
 * median shrugs off the few wake-ups the host delays.
 */
#define KICK_ROUNDS 31
#define KICK_MEDIAN_MAX_US 2500
static int kick_go, kick_sleeping;
static u64 kick_wake_ns, kick_lat_ns[KICK_ROUNDS];

static int
kick_worker(void *arg)
{
	for (int r = 0; r < KICK_ROUNDS; r++) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		WRITE_ONCE(kick_sleeping, r);
		while (READ_ONCE(kick_go) <= r) {
			schedule();
			set_current_state(TASK_UNINTERRUPTIBLE);
		}
		set_current_state(TASK_RUNNING);
		kick_lat_ns[r] = ktime_get_ns() - READ_ONCE(kick_wake_ns);
	}
	return 0;
}

static u64
median(u64 *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 x = v[j];

			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

static void
smp_wake_kicks_idle_cpu(struct kunit *test)
{
	int cpu = last_online_cpu();
	struct task_struct *t;
	u64 med;

	NEED_2_CPUS(test);
	kick_go = 0;
	kick_sleeping = -1;
	t = start_bound(kick_worker, NULL, "kick", cpu);
	KUNIT_ASSERT_NOT_NULL(test, t);
	for (int r = 0; r < KICK_ROUNDS; r++) {
		/* Asleep and off its CPU: the wake-up must queue it. */
		KUNIT_EXPECT_TRUE(test, wait_until(
			READ_ONCE(kick_sleeping) == r && !READ_ONCE(t->on_cpu),
			1000));
		msleep(1);
		udelay((r * 3700) % 10000);
		WRITE_ONCE(kick_wake_ns, ktime_get_ns());
		WRITE_ONCE(kick_go, r + 1);
		wake_up_process(t);
	}
	kthread_join(t);
	med = median(kick_lat_ns, KICK_ROUNDS);
	kunit_info(test, "wake-up to running on CPU %d: median %lu us, "
		   "max %lu us", cpu, (unsigned long)(med / 1000),
		   (unsigned long)(kick_lat_ns[KICK_ROUNDS - 1] / 1000));
	KUNIT_EXPECT_LT(test, med / 1000, KICK_MEDIAN_MAX_US);
}

/*
 * Two threads on two CPUs increment one counter under one spinlock,
 * with a read-delay-write that loses updates unless the atomic
 * exchange in spin_lock() excludes the other CPU. They go on until the
 * trylock misses prove they really contended (how fast that happens
 * depends on how QEMU schedules its vCPU threads), then the counter
 * must equal the sum of their iterations exactly.
 */
#define CONTEND_MIN_ITERS 5000
#define CONTEND_MIN_MISSES 10
static DEFINE_SPINLOCK(contend_lock);
static unsigned long contend_counter;
static unsigned long contend_iters[2];
static int contend_misses[2], contend_ran_on[2];
static bool contend_stop;
static atomic_t contend_ready;

static int
contend_worker(void *arg)
{
	long me = (long)arg;
	unsigned long n = 0;

	atomic_inc(&contend_ready);
	spin_until(atomic_read(&contend_ready) == 2, 2000);
	while (n < CONTEND_MIN_ITERS || !READ_ONCE(contend_stop)) {
		unsigned long v;

		if (!spin_trylock(&contend_lock)) {
			WRITE_ONCE(contend_misses[me], contend_misses[me] + 1);
			spin_lock(&contend_lock);
		}
		v = READ_ONCE(contend_counter);
		for (int d = 0; d < 20; d++)
			cpu_relax();
		WRITE_ONCE(contend_counter, v + 1);
		spin_unlock(&contend_lock);
		WRITE_ONCE(contend_iters[me], ++n);
	}
	contend_ran_on[me] = smp_processor_id();
	return 0;
}

static bool
contended_enough(void)
{
	return READ_ONCE(contend_misses[0]) + READ_ONCE(contend_misses[1]) >=
		       CONTEND_MIN_MISSES &&
	       READ_ONCE(contend_iters[0]) >= CONTEND_MIN_ITERS &&
	       READ_ONCE(contend_iters[1]) >= CONTEND_MIN_ITERS;
}

static void
smp_spinlock_contention_exact(struct kunit *test)
{
	struct task_struct *a, *b;
	int other = last_online_cpu();

	NEED_2_CPUS(test);
	contend_counter = 0;
	contend_stop = false;
	for (int i = 0; i < 2; i++)
		contend_iters[i] = contend_misses[i] = 0;
	atomic_set(&contend_ready, 0);
	a = start_bound(contend_worker, (void *)0L, "contend0", 0);
	b = start_bound(contend_worker, (void *)1L, "contend1", other);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	wait_until(contended_enough(), 10000);
	WRITE_ONCE(contend_stop, true);
	kthread_join(a);
	kthread_join(b);
	kunit_info(test, "%lu + %lu iterations, trylock misses %d + %d",
		   contend_iters[0], contend_iters[1], contend_misses[0],
		   contend_misses[1]);
	KUNIT_EXPECT_EQ(test, contend_counter,
			contend_iters[0] + contend_iters[1]);
	KUNIT_EXPECT_EQ(test, contend_ran_on[0], 0);
	KUNIT_EXPECT_EQ(test, contend_ran_on[1], other);
	KUNIT_EXPECT_GE(test, contend_misses[0] + contend_misses[1],
			CONTEND_MIN_MISSES);
}

/*
 * Two busy threads (they never sleep or yield) on one other CPU: they
 * alternate only if that CPU's timer tick preempts them. They spin
 * until that CPU has ticked SPIN_TICKS times (15 slices of 2 ticks).
 */
#define SPIN_TICKS 30
static volatile int spin_last = -1;
static int spin_switches;
static unsigned long spin_loops[2];
static bool spin_stop;

static int
spinner(void *arg)
{
	long me = (long)arg;

	while (!READ_ONCE(spin_stop)) {
		spin_loops[me]++;
		if (spin_last != me) {
			spin_last = me;
			spin_switches++;	/* one CPU: no race */
		}
	}
	return 0;
}

static void
smp_remote_preemption(struct kunit *test)
{
	int cpu = last_online_cpu();
	unsigned long busy0 = READ_ONCE(cpus[cpu].busy_ticks), ticks;
	struct task_struct *a, *b;

	NEED_2_CPUS(test);
	spin_last = -1;
	spin_switches = 0;
	spin_loops[0] = spin_loops[1] = 0;
	spin_stop = false;
	a = start_bound(spinner, (void *)0L, "spin0", cpu);
	b = start_bound(spinner, (void *)1L, "spin1", cpu);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	wait_until(READ_ONCE(cpus[cpu].busy_ticks) - busy0 >= SPIN_TICKS,
		   5000);
	WRITE_ONCE(spin_stop, true);
	kthread_join(a);
	kthread_join(b);
	ticks = READ_ONCE(cpus[cpu].busy_ticks) - busy0;
	kunit_info(test, "CPU %d: %d switches between the spinners in %lu "
		   "ticks", cpu, spin_switches, ticks);
	KUNIT_EXPECT_GE(test, ticks, SPIN_TICKS);
	/* Without preemption the first would spin until told to stop. */
	KUNIT_EXPECT_GE(test, spin_switches, 4);
	KUNIT_EXPECT_GT(test, spin_loops[0], 0);
	KUNIT_EXPECT_GT(test, spin_loops[1], 0);
}

/*
 * A CPU with interrupts disabled does not run an IPI's function; it
 * runs it as soon as it enables them, and a waiting caller returns
 * only then.
 */
#define IRQOFF_MS 50
static int irqoff_phase;
static bool mark_ran, mark_ran_while_off;
static u64 mark_ns, irqs_on_ns;
static int mark_cpu;

static void
mark(void *arg)
{
	WRITE_ONCE(mark_ns, ktime_get_ns());
	WRITE_ONCE(mark_cpu, smp_processor_id());
	WRITE_ONCE(mark_ran, true);
}

static int
irqoff_worker(void *arg)
{
	local_irq_disable();
	WRITE_ONCE(irqoff_phase, 1);
	udelay(IRQOFF_MS * 1000);
	mark_ran_while_off = READ_ONCE(mark_ran);
	WRITE_ONCE(irqs_on_ns, ktime_get_ns());
	local_irq_enable();
	return 0;
}

static void
smp_ipi_waits_for_irqs_on(struct kunit *test)
{
	int cpu = last_online_cpu();
	struct task_struct *t;
	u64 returned_ns;

	NEED_2_CPUS(test);
	irqoff_phase = 0;
	mark_ran = mark_ran_while_off = false;
	mark_cpu = -1;
	t = start_bound(irqoff_worker, NULL, "irqoff", cpu);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_TRUE(test, wait_until(READ_ONCE(irqoff_phase), 1000));
	KUNIT_EXPECT_EQ(test, smp_call_function_single(cpu, mark, NULL, true),
			0);
	returned_ns = ktime_get_ns();
	kthread_join(t);
	KUNIT_EXPECT_TRUE(test, mark_ran);
	KUNIT_EXPECT_FALSE(test, mark_ran_while_off);
	KUNIT_EXPECT_EQ(test, mark_cpu, cpu);
	KUNIT_EXPECT_GE(test, mark_ns, irqs_on_ns);
	KUNIT_EXPECT_GE(test, returned_ns, irqs_on_ns);
}

static struct kunit_case smp_cases[] = {
	KUNIT_CASE(smp_acpi_madt_parse),
	KUNIT_CASE(smp_acpi_madt_too_many_cpus),
	KUNIT_CASE(smp_acpi_madt_corrupt_rejected),
	KUNIT_CASE(smp_acpi_firmware_madt),
	KUNIT_CASE(smp_all_cpus_online),
	KUNIT_CASE(smp_percpu_identity),
	KUNIT_CASE(smp_timer_ticks_on_each_cpu),
	KUNIT_CASE(smp_call_single_local),
	KUNIT_CASE(smp_call_single_remote),
	KUNIT_CASE(smp_on_each_cpu_once),
	KUNIT_CASE(smp_call_many_mask),
	KUNIT_CASE(smp_call_storm),
	KUNIT_CASE(smp_kthread_bind_pins),
	KUNIT_CASE(smp_wake_kicks_idle_cpu),
	KUNIT_CASE(smp_spinlock_contention_exact),
	KUNIT_CASE(smp_remote_preemption),
	KUNIT_CASE(smp_ipi_waits_for_irqs_on),
	{}
};

static struct kunit_suite smp_suite = {
	.name = "smp",
	.test_cases = smp_cases,
};
kunit_test_suite(smp_suite);
