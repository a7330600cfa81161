/*
 * The x86_64 virtual memory layout of pinos (compare Linux's
 * Documentation/arch/x86/x86_64/mm.rst):
 *
 *   0000000000000000 - 00007fffffffffff   user space (128 TiB)
 *   ffff888000000000 - ...                direct map of all RAM (PAGE_OFFSET)
 *   ffffc90000000000 - ffffe8ffffffffff   ioremap / vmalloc space
 *   ffffffff80000000 - ffffffffbfffffff   kernel image (KERNEL_VMA), 1 GiB
 *
 * The kernel image is loaded at physical 1 MiB and linked at
 * KERNEL_VMA + 1 MiB. Any physical address p of RAM is reachable at
 * __va(p) through the direct map; GUP's pin holders write there.
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))
#define PMD_SHIFT  21
#define PMD_SIZE   (1UL << PMD_SHIFT)
#define PMD_MASK   (~(PMD_SIZE - 1))
#define PUD_SHIFT  30
#define PUD_SIZE   (1UL << PUD_SHIFT)
#define PGDIR_SHIFT 39

#define PAGE_OFFSET     0xffff888000000000UL
#define VMALLOC_START   0xffffc90000000000UL
#define VMALLOC_END     0xffffe8ffffffffffUL
#define KERNEL_VMA      0xffffffff80000000UL
#define KERNEL_PHYS     0x100000UL
#define TASK_SIZE       0x00007ffffffff000UL

#ifndef __ASSEMBLER__
#include <types.h>

#define __va(p) ((void *)((unsigned long)(p) + PAGE_OFFSET))

static inline phys_addr_t
__pa(const void *v)
{
	unsigned long a = (unsigned long)v;

	if (a >= KERNEL_VMA)
		return a - KERNEL_VMA;
	return a - PAGE_OFFSET;
}

#define PFN_DOWN(x) ((unsigned long)(x) >> PAGE_SHIFT)
#define PFN_UP(x)   (((unsigned long)(x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

#endif
#endif
