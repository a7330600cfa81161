/*
 * Private to kernel/smp: the layout shared by trampoline.S and
 * smpboot.c.
 *
 * The trampoline occupies four pages of the low 1 MiB, which memblock
 * reserves for good (mm/init.c), so nothing else is ever allocated
 * there:
 *
 *   0x8000  code and data (trampoline.S), copied here by smp_init();
 *           STARTUP vector 0x08 makes an AP begin at 0x0800:0000
 *   0x9000  its PML4: entry 0 -> the two tables below (identity map
 *           of 0-2 MiB), entries 256-511 copied from init_pgd
 *   0xa000  PDPT of the identity map
 *   0xb000  page directory: one 2 MiB page at physical 0
 *
 * Why a page table of its own: the AP turns paging on while running
 * at 0x8000, so the page it runs on must be mapped at its physical
 * address, and init_pgd has no identity map (its lower half belongs to
 * user space). Borrowing init_pgd's lower half for the bring-up would
 * be visible to every task using init_pgd and must be undone after;
 * a private PML4 that shares init_pgd's kernel half (whose entries
 * never change after paging_init) reaches the same kernel addresses,
 * changes nothing anybody else sees, and needs no cleanup. The AP
 * moves to init_pgd itself as soon as it runs in the higher half.
 */
#ifndef _KERNEL_SMP_TRAMPOLINE_H
#define _KERNEL_SMP_TRAMPOLINE_H

#define TRAMPOLINE_BASE 0x8000
#define TRAMPOLINE_PML4 0x9000
#define TRAMPOLINE_PDPT 0xa000
#define TRAMPOLINE_PD   0xb000
#define TRAMPOLINE_END  0xc000

#ifndef __ASSEMBLER__
#include <types.h>

/* Filled by smpboot.c in the copy at TRAMPOLINE_BASE; trampoline.S. */
struct trampoline_data {
	u32 pml4;		/* physical, < 4 GiB: loaded in 32-bit mode */
	u32 cr0;		/* the boot CPU's CR0, CR4 and EFER */
	u32 cr4;
	u32 efer;
	u64 entry;		/* secondary_startup_64, a kernel address */
} __attribute__((packed));

extern char trampoline_start[], trampoline_data[], trampoline_end[];
void secondary_startup_64(void);

/* Read by secondary_startup_64; set by the boot CPU for each AP. */
extern unsigned long smp_boot_cr3, smp_boot_stack;
extern int smp_boot_cpu;
#endif

#endif
