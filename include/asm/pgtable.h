/*
 * x86_64 4-level page tables: pgd (PML4) -> pud (PDPT) -> pmd (PD) ->
 * pte (PT). Each level is one 4 KiB page of 512 64-bit entries. A pud
 * or pmd entry with _PAGE_PSE set maps a 1 GiB or 2 MiB page itself.
 *
 * Entries are plain u64 wrapped in structs so that levels cannot be
 * mixed up; the lockless GUP-fast walk reads them with READ_ONCE.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <asm/page.h>
#include <compiler.h>

#define _PAGE_PRESENT  (1UL << 0)
#define _PAGE_RW       (1UL << 1)
#define _PAGE_USER     (1UL << 2)
#define _PAGE_PWT      (1UL << 3)
#define _PAGE_PCD      (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY    (1UL << 6)
#define _PAGE_PSE      (1UL << 7)
#define _PAGE_GLOBAL   (1UL << 8)
#define _PAGE_SOFTW1   (1UL << 9)	/* software: special (no struct page) */
#define _PAGE_NX       (1UL << 63)
#define _PAGE_SPECIAL  _PAGE_SOFTW1
/*
 * A user PTE of a PROT_NONE VMA keeps its page but is not present, so
 * the MMU (and GUP-fast, which tests _PAGE_PRESENT) refuses it. As in
 * Linux it reuses the global bit, which user PTEs never set.
 */
#define _PAGE_PROTNONE _PAGE_GLOBAL

#define PTE_PFN_MASK   0x000ffffffffff000UL
#define PTRS_PER_TABLE 512

#define PAGE_KERNEL      (_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO   (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_GLOBAL)
#define PAGE_KERNEL_RX   PAGE_KERNEL_EXEC
#define PAGE_KERNEL_IO   (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

#ifndef __ASSEMBLER__
#include <types.h>

typedef struct { u64 pgd; } pgd_t;
typedef struct { u64 pud; } pud_t;
typedef struct { u64 pmd; } pmd_t;
typedef struct { u64 pte; } pte_t;
typedef struct { u64 pgprot; } pgprot_t;

#define pgd_val(x) ((x).pgd)
#define pud_val(x) ((x).pud)
#define pmd_val(x) ((x).pmd)
#define pte_val(x) ((x).pte)
#define __pte(x) ((pte_t){ (x) })
#define __pmd(x) ((pmd_t){ (x) })
#define __pud(x) ((pud_t){ (x) })
#define __pgd(x) ((pgd_t){ (x) })
#define __pgprot(x) ((pgprot_t){ (x) })

#define pgd_index(va) (((va) >> PGDIR_SHIFT) & 511)
#define pud_index(va) (((va) >> PUD_SHIFT) & 511)
#define pmd_index(va) (((va) >> PMD_SHIFT) & 511)
#define pte_index(va) (((va) >> PAGE_SHIFT) & 511)

static inline bool pte_present(pte_t p) { return p.pte & _PAGE_PRESENT; }
static inline bool pte_write(pte_t p) { return p.pte & _PAGE_RW; }
static inline bool pte_user(pte_t p) { return p.pte & _PAGE_USER; }
static inline bool pte_dirty(pte_t p) { return p.pte & _PAGE_DIRTY; }
static inline bool pte_young(pte_t p) { return p.pte & _PAGE_ACCESSED; }
static inline bool pte_special(pte_t p) { return p.pte & _PAGE_SPECIAL; }
static inline bool pte_none(pte_t p) { return p.pte == 0; }
static inline bool pte_protnone(pte_t p)
{
	return (p.pte & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE;
}
static inline unsigned long pte_pfn(pte_t p)
{
	return (p.pte & PTE_PFN_MASK) >> PAGE_SHIFT;
}
static inline pte_t pte_wrprotect(pte_t p) { return __pte(p.pte & ~_PAGE_RW); }
static inline pte_t pte_mkwrite(pte_t p) { return __pte(p.pte | _PAGE_RW); }
static inline pte_t pte_mkclean(pte_t p) { return __pte(p.pte & ~_PAGE_DIRTY); }
static inline pte_t pte_mkdirty(pte_t p) { return __pte(p.pte | _PAGE_DIRTY); }
static inline pte_t pte_mkyoung(pte_t p) { return __pte(p.pte | _PAGE_ACCESSED); }
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte((pfn << PAGE_SHIFT) | prot.pgprot);
}

static inline bool pmd_present(pmd_t p) { return p.pmd & _PAGE_PRESENT; }
static inline bool pmd_large(pmd_t p) { return p.pmd & _PAGE_PSE; }
static inline bool pmd_none(pmd_t p) { return p.pmd == 0; }
static inline bool pud_present(pud_t p) { return p.pud & _PAGE_PRESENT; }
static inline bool pud_large(pud_t p) { return p.pud & _PAGE_PSE; }
static inline bool pud_none(pud_t p) { return p.pud == 0; }
static inline bool pgd_present(pgd_t p) { return p.pgd & _PAGE_PRESENT; }
static inline bool pgd_none(pgd_t p) { return p.pgd == 0; }

/* The table a non-leaf entry points to, through the direct map. */
#define pgd_table(e) ((pud_t *)__va((e).pgd & PTE_PFN_MASK))
#define pud_table(e) ((pmd_t *)__va((e).pud & PTE_PFN_MASK))
#define pmd_table(e) ((pte_t *)__va((e).pmd & PTE_PFN_MASK))

/* Flags for intermediate entries: user bit set so user leaves work. */
#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

#endif
#endif
