/*
 * CPU feature discovery and enabling: NX (already on from head.S if
 * present), SMEP (the kernel may not execute user pages), SMAP (the
 * kernel may not touch user pages outside stac/clac windows, i.e.
 * outside the uaccess routines), and SSE state for user programs.
 */
#include <asm/cpu.h>
#include <printk.h>

bool cpu_has_smap, cpu_has_smep, cpu_has_nx, cpu_has_pdpe1gb;

void
cpu_features_init(void)
{
	u32 a, b, c, d;

	cpuid_count(7, 0, &a, &b, &c, &d);
	cpu_has_smep = b & (1 << 7);
	cpu_has_smap = b & (1 << 20);
	cpuid_count(0x80000001, 0, &a, &b, &c, &d);
	cpu_has_nx = d & (1 << 20);
	cpu_has_pdpe1gb = d & (1 << 26);

	/* SSE for user space: no emulation, monitor coprocessor, FXSR. */
	write_cr0((read_cr0() & ~(1UL << 2)) | (1UL << 1));
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
		  (cpu_has_smep ? X86_CR4_SMEP : 0) |
		  (cpu_has_smap ? X86_CR4_SMAP : 0));
	pr_info("cpu: NX %s, SMEP %s, SMAP %s\n", cpu_has_nx ? "on" : "absent",
		cpu_has_smep ? "on" : "absent", cpu_has_smap ? "on" : "absent");
}
