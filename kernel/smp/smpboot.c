/*
 * Starting the secondary CPUs (APs): smp_init() and start_secondary().
 *
 * smp_init() runs once on the boot CPU, as a core_initcall: on the
 * init thread, before the tests or user space, and before the device
 * initcalls that route interrupts through the I/O APIC (which needs
 * the MADT's overrides first); kmain needs no change. It keeps
 * preemption disabled so that it stays on CPU 0 throughout, and waits
 * by spinning on the TSC. It reads the ACPI MADT (acpi_init),
 * copies the real-mode trampoline (trampoline.S) to TRAMPOLINE_BASE
 * in the reserved low 1 MiB, and starts each enabled CPU of the MADT
 * in turn, as the Intel MP specification describes:
 *
 *   INIT IPI, wait 10 ms, STARTUP IPI, wait 200 us, STARTUP IPI again
 *
 * (a CPU that already started ignores the second STARTUP). Then it
 * waits, with a timeout, first for the AP to reach C (ap_callin) and
 * then for it to come online; a CPU that misses either deadline is
 * reported by APIC id and sent INIT again, which parks it for good.
 *
 * One AP at a time: the smp_boot_* variables the trampoline reads are
 * shared. CPU numbers are handed out in MADT order from 1 (the boot
 * CPU is 0); maxcpus=N on the command line stops after N CPUs.
 *
 * start_secondary(cpu) is the AP's first C code. It sets up, on the
 * AP itself and in this order, what the boot CPU set up in kmain: the
 * GS base (before any spinlock), GDT/TSS, IDT, the boot CPU's exact
 * CR0/CR4/EFER (SSE, SMEP/SMAP, NX, PGE), the SYSCALL MSRs, its local
 * APIC and HZ timer (the boot CPU's calibration is reused: all local
 * APIC timers run off the same bus clock), and its idle task. Last it
 * sets its bit in cpu_online_mask -- from then on it takes IPIs and
 * tasks -- and enters cpu_idle_loop() with interrupts still off until
 * the idle loop turns them on.
 */
#include <acpi.h>
#include <boot.h>
#include <cmdline.h>
#include <cpumask.h>
#include <errno.h>
#include <gfp.h>
#include <init.h>
#include <irq.h>
#include <pgtable.h>
#include <printk.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include "trampoline.h"

#define AP_STACK_ORDER  2		/* 16 KiB, as a kernel thread's */
#define CALLIN_TIMEOUT_MS 2000		/* generous: TCG can be slow */
#define ONLINE_TIMEOUT_MS 2000
#define X86_CR4_PCIDE   (1UL << 17)	/* only settable in long mode */

static_assert((PAGE_SIZE << AP_STACK_ORDER) == KSTACK_SIZE, "AP stack");

void syscall_init_cpu(void);
void smp_ipi_init(void);
void __noreturn start_secondary(int cpu);

/* CPU 0, the boot CPU, is online from the start. */
struct cpumask __cpu_online_mask = { 1UL };

unsigned long smp_boot_cr3, smp_boot_stack;
int smp_boot_cpu;
static int ap_callin = -1;	/* set by the AP when it reaches C */
static unsigned long boot_cr0, boot_cr4, boot_efer;
int setup_max_cpus = NR_CPUS;	/* maxcpus= */

static int
maxcpus_setup(const char *val)
{
	unsigned long n;

	if (!val || kstrtoul(val, 10, &n))
		return -EINVAL;
	setup_max_cpus = n < 1 ? 1 : (n > NR_CPUS ? NR_CPUS : n);
	return 0;
}
__setup("maxcpus=", maxcpus_setup);

/* The AP loads exactly these, so it runs with the boot CPU's features. */
static void
save_boot_cpu_state(void)
{
	boot_cr0 = read_cr0();
	boot_cr4 = read_cr4();
	boot_efer = rdmsr(MSR_EFER);
}

/*
 * [TRAMPOLINE_BASE, TRAMPOLINE_END) must be usable: see trampoline.h.
 * The loader's information structure may lie there (QEMU puts its
 * multiboot1 one at 0x9000); it is dead by now: boot_info holds a copy
 * and acpi_init() has read the RSDP it may contain. Boot modules are
 * still in use and must not overlap.
 */
static bool
trampoline_area_ok(void)
{
	int level;

	if (trampoline_end - trampoline_start > PAGE_SIZE)
		return false;
	for (unsigned long pa = TRAMPOLINE_BASE; pa < TRAMPOLINE_END;
	     pa += PAGE_SIZE)
		if (!lookup_address(init_pgd, (unsigned long)__va(pa), &level))
			return false;
	for (int i = 0; i < boot_info.nr_modules; i++)
		if (boot_info.modules[i].start < TRAMPOLINE_END &&
		    boot_info.modules[i].end > TRAMPOLINE_BASE)
			return false;
	return true;
}

/* Copy the code, build its page table (trampoline.h), fill its data. */
static bool
trampoline_setup(void)
{
	u64 *pml4 = __va(TRAMPOLINE_PML4), *pdpt = __va(TRAMPOLINE_PDPT);
	u64 *pd = __va(TRAMPOLINE_PD);
	struct trampoline_data *d;

	if (!trampoline_area_ok()) {
		pr_err("smp: low memory at %x is not usable for the "
		       "trampoline\n", TRAMPOLINE_BASE);
		return false;
	}
	memcpy(__va(TRAMPOLINE_BASE), trampoline_start,
	       trampoline_end - trampoline_start);
	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	memset(pd, 0, PAGE_SIZE);
	pd[0] = _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;	/* 0-2 MiB, exec */
	pdpt[0] = TRAMPOLINE_PD | _PAGE_PRESENT | _PAGE_RW;
	pml4[0] = TRAMPOLINE_PDPT | _PAGE_PRESENT | _PAGE_RW;
	for (int i = PTRS_PER_TABLE / 2; i < PTRS_PER_TABLE; i++)
		pml4[i] = init_pgd[i].pgd;
	d = __va(TRAMPOLINE_BASE + (trampoline_data - trampoline_start));
	d->pml4 = TRAMPOLINE_PML4;
	d->cr0 = boot_cr0;
	d->cr4 = boot_cr4 & ~X86_CR4_PCIDE;
	d->efer = boot_efer & (EFER_SCE | EFER_LME | EFER_NX);
	d->entry = (u64)secondary_startup_64;
	smp_boot_cr3 = __pa(init_pgd);
	return true;
}

/* Poll @cond on the TSC (no sleeping: preemption is off) for @ms. */
#define spin_until(cond, ms)                                            \
	({                                                              \
		u64 __left = (u64)(ms) * 10;                            \
		while (!(cond) && __left--)                             \
			udelay(100);                                    \
		!!(cond);                                               \
	})

/* INIT, 10 ms, STARTUP, 200 us, STARTUP, 200 us (MP spec, B.4). */
static int
send_init_sipi_sipi(u32 apic_id)
{
	if (lapic_send_init(apic_id))
		return -EIO;
	mdelay(10);
	for (int i = 0; i < 2; i++) {
		if (lapic_send_startup(apic_id, TRAMPOLINE_BASE >> PAGE_SHIFT))
			return -EIO;
		udelay(200);
	}
	return 0;
}

/*
 * Start CPU number @cpu, APIC id @apic_id, and wait for it. On a
 * timeout the AP is parked with INIT; its stack is freed only if it
 * never ran (otherwise it might still be on it).
 */
static int
do_boot_cpu(int cpu, u32 apic_id)
{
	unsigned long stack = __get_free_pages(GFP_KERNEL, AP_STACK_ORDER);
	u64 t0 = ktime_get_ns();

	if (!stack)
		return -ENOMEM;
	smp_boot_cpu = cpu;
	smp_boot_stack = stack + KSTACK_SIZE;
	WRITE_ONCE(ap_callin, -1);
	smp_mb();	/* the AP must see the variables above */
	if (send_init_sipi_sipi(apic_id)) {
		pr_err("smp: APIC would not send INIT/STARTUP to APIC id "
		       "%u\n", apic_id);
		free_pages(stack, AP_STACK_ORDER);
		return -EIO;
	}
	if (!spin_until(READ_ONCE(ap_callin) == cpu, CALLIN_TIMEOUT_MS)) {
		pr_err("smp: CPU %d (APIC id %u) did not start\n", cpu,
		       apic_id);
		lapic_send_init(apic_id);
		free_pages(stack, AP_STACK_ORDER);
		return -ENODEV;
	}
	if (!spin_until(cpu_online(cpu), ONLINE_TIMEOUT_MS)) {
		pr_err("smp: CPU %d (APIC id %u) started but never came "
		       "online\n", cpu, apic_id);
		lapic_send_init(apic_id);
		return -ETIMEDOUT;
	}
	pr_info("smp: CPU %d (APIC id %u) online after %lu us\n", cpu,
		apic_id, (unsigned long)((ktime_get_ns() - t0) / 1000));
	return 0;
}

/* Start the MADT's CPUs other than this one, up to maxcpus in all. */
static void
boot_secondaries(void)
{
	u32 self = this_cpu()->apic_id;
	int next = 1, found_self = 0;

	for (int i = 0; i < acpi_madt.nr_cpus; i++) {
		u32 id = acpi_madt.apic_ids[i];
		int err;

		if (id == self) {
			found_self = 1;
			continue;
		}
		if (next >= setup_max_cpus) {
			pr_info("smp: maxcpus=%d: APIC id %u not started\n",
				setup_max_cpus, id);
			continue;
		}
		err = do_boot_cpu(next, id);
		/* A CPU that ran may have used cpus[next]: never reuse it. */
		if (err == 0 || err == -ETIMEDOUT)
			next++;
	}
	if (!found_self)
		pr_warn("smp: the boot CPU (APIC id %u) is not in the MADT\n",
			self);
}

void
smp_init(void)
{
	preempt_disable();
	smp_ipi_init();
	acpi_init();
	if (acpi_madt.nr_cpus > 1 && setup_max_cpus > 1) {
		save_boot_cpu_state();
		if (trampoline_setup())
			boot_secondaries();
	}
	pr_info("smp: %d CPU(s) online, %d in the MADT%s\n",
		num_online_cpus(), acpi_madt.valid ? acpi_madt.nr_cpus : 1,
		acpi_madt.valid ? "" : " (no valid MADT: assumed)");
	preempt_enable();
}

static int
smp_init_call(void)
{
	smp_init();
	return 0;
}
core_initcall(smp_init_call);

/*
 * The AP's first C code, on its own stack, interrupts off, CR3 =
 * init_pgd, and the trampoline's GDT (unmapped now) still in GDTR:
 * gdt_init_cpu() must come before anything that loads a segment.
 */
void __noreturn
start_secondary(int cpu)
{
	struct cpu *c = &cpus[cpu];

	WRITE_ONCE(ap_callin, cpu);
	cpu_init_percpu(c);
	gdt_init_cpu(cpu);
	idt_load();
	write_cr0(boot_cr0);
	write_cr4(boot_cr4);
	wrmsr(MSR_EFER, boot_efer);
	syscall_init_cpu();
	lapic_init();
	lapic_timer_init(HZ);
	sched_init_cpu(c);
	smp_mb();	/* everything above is visible before "online" */
	cpumask_set_cpu(cpu, &__cpu_online_mask);
	cpu_idle_loop();
}
