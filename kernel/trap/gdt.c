/*
 * Per-CPU GDT and TSS. The TSS holds rsp0, the stack the CPU switches
 * to on an interrupt from user mode, and the IST stacks that faults
 * which may arrive on a broken stack (#DF, NMI, #MC) always use.
 */
#include <asm/desc.h>
#include <smp.h>
#include <string.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

#define IST_STACK_SIZE 8192

static u64 gdt[NR_CPUS][8] __aligned(16);
static struct tss tss[NR_CPUS] __aligned(16);
static u8 ist_stacks[NR_CPUS][3][IST_STACK_SIZE] __aligned(16);

static const u64 gdt_template[6] = {
	0,
	0x00af9a000000ffff,	/* kernel code, 64-bit */
	0x00cf92000000ffff,	/* kernel data */
	0x00cffa000000ffff,	/* user code, 32-bit (unused) */
	0x00cff2000000ffff,	/* user data */
	0x00affa000000ffff,	/* user code, 64-bit */
};

static void
set_tss_descriptor(u64 *slot, struct tss *t)
{
	u64 base = (u64)t, limit = sizeof(*t) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		  (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
		  (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

static void
load_gdt(u64 *table)
{
	struct {
		u16 limit;
		u64 base;
	} __packed ptr = { 8 * 8 - 1, (u64)table };

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"movw %w1, %%ds\n\t"
		"movw %w1, %%es\n\t"
		"movw %w1, %%ss\n\t"
		"pushq %2\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:"
		:
		: "m"(ptr), "r"(__KERNEL_DS), "i"(__KERNEL_CS)
		: "rax", "memory");
}

void
gdt_init_cpu(int cpu)
{
	struct tss *t = &tss[cpu];

	memcpy(gdt[cpu], gdt_template, sizeof(gdt_template));
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < 3; i++)
		t->ist[i] = (u64)&ist_stacks[cpu][i][IST_STACK_SIZE];
	t->iomap_base = sizeof(*t);	/* no I/O bitmap: ring 3 gets no ports */
	set_tss_descriptor(&gdt[cpu][6], t);
	load_gdt(gdt[cpu]);
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_TSS_SEL));
}

void
tss_set_rsp0(unsigned long rsp0)
{
	tss[smp_processor_id()].rsp[0] = rsp0;
}
