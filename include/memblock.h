/*
 * memblock: the boot-time physical memory allocator. It knows the RAM
 * ranges from the boot loader and what is reserved (kernel image,
 * boot modules, the loader's structures, early allocations). It
 * serves allocations until the buddy allocator takes over, then hands
 * every unreserved page to it with memblock_free_all().
 */
#ifndef _PINOS_MEMBLOCK_H
#define _PINOS_MEMBLOCK_H

#include <types.h>

void memblock_add(phys_addr_t base, phys_addr_t size);
void memblock_reserve(phys_addr_t base, phys_addr_t size);
/* Page-aligned, zeroed, below @limit; panics on failure (boot only). */
phys_addr_t memblock_alloc(phys_addr_t size, phys_addr_t align);
phys_addr_t memblock_end_of_ram(void);
phys_addr_t memblock_total_ram(void);
/* Iterate usable RAM ranges; returns false when done. */
bool memblock_next_ram(int *idx, phys_addr_t *base, phys_addr_t *end);
void memblock_free_all(void);

/*
 * Provided by the buddy allocator (mm/page_alloc.c): called once by
 * memblock_free_all() for every maximal free, page-aligned range of
 * RAM [start_pfn, end_pfn). Pages not passed here stay PG_reserved.
 */
void free_pfn_range(unsigned long start_pfn, unsigned long end_pfn);
/* Set up free lists; mem_map already holds max_pfn reserved pages. */
void page_alloc_init(void);

#endif
