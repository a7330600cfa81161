/*
 * Page-table manipulation shared by kernel and user mappings
 * (mm/pgtable.c). Tables are reached through the direct map. These
 * helpers take no locks: the caller holds whatever protects the
 * tables it edits (init_mm's lock for kernel mappings, the mm's
 * page_table_lock for user ones), and flushes the TLB itself.
 */
#ifndef _PINOS_PGTABLE_H
#define _PINOS_PGTABLE_H

#include <asm/pgtable.h>
#include <gfp.h>

/* The kernel's own top-level table; its upper half is shared by all mms. */
extern pgd_t *init_pgd;

/* Allocate a zeroed page-table page; NULL on failure. */
pgd_t *pgtable_alloc_page(void);
void pgtable_free_page(void *table);

/*
 * Walk to the PTE for @va, allocating missing tables when @alloc.
 * Returns NULL if a table is missing (and !alloc), allocation failed,
 * or a large page maps @va (see lookup_address for those).
 */
pte_t *pte_offset_alloc(pgd_t *pgd, unsigned long va, bool alloc);

/*
 * Find the leaf entry for @va. *level is 1 (4 KiB pte), 2 (2 MiB pmd)
 * or 3 (1 GiB pud). Returns NULL when @va is not mapped.
 */
u64 *lookup_address(pgd_t *pgd, unsigned long va, int *level);

/* Map [va, va+size) to [pa, ...) with @prot; large pages if allowed. */
int map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa, size_t size,
	      u64 prot, bool allow_large);
/* Clear the 4 KiB mappings of [va, va+size); does not free tables. */
void unmap_range(pgd_t *pgd, unsigned long va, size_t size);

/* Local TLB invalidation; SMP shootdown builds on these (mm/tlb.c). */
void flush_tlb_local_page(unsigned long va);
void flush_tlb_local_all(void);

/* Map device memory uncached into the ioremap area. */
void *ioremap(phys_addr_t phys, size_t size);

void paging_init(void);

#endif
