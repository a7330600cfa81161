/*
 * Interfaces private to the virtual-memory core (mm/mmap.c, memory.c,
 * rmap.c, tlb.c, maps.c, mm_syscalls.c, fault.c); everything other
 * subsystems may call is in include/mman.h.
 *
 * Locking, outermost first (see docs/vm.md):
 *   mm->mmap_lock        VMA list and VMA fields; write to change them
 *   folio lock           page_mkwrite, folio_mkclean callers
 *   mapping->i_mmap_lock the file's VMA list (i_mmap)
 *   anon_vma->lock       an anon_vma's VMA list
 *   mm->page_table_lock  every PTE and page-table change in the mm
 */
#ifndef _PINOS_MM_INTERNAL_H
#define _PINOS_MM_INTERNAL_H

#include <errno.h>
#include <mman.h>

/* Lowest address mmap hands out or accepts with MAP_FIXED (Linux 64K). */
#define MMAP_MIN_ADDR 0x10000UL
/* Room left for the stack above mmap_base (Linux's minimum gap). */
#define MMAP_BASE_GAP (128UL << 20)
/* Linux's default vm.max_map_count. */
#define MAX_MAP_COUNT 65530

static inline unsigned long
vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* The file (or anon linear) page index that @addr maps in @vma. */
static inline pgoff_t
linear_page_index(const struct vm_area_struct *vma, unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/*
 * PTE access. Entries are read and written whole (READ_ONCE/WRITE_ONCE)
 * because GUP-fast reads them with no lock. A present, writable PTE
 * can gain _PAGE_DIRTY from another CPU's MMU at any time, so clearing
 * one that may be writable uses an atomic exchange (ptep_get_and_clear)
 * and setting A/D bits uses an atomic OR: a read-modify-write would
 * lose a dirty bit set in between.
 */
static inline pte_t
ptep_get(pte_t *ptep)
{
	return __pte(READ_ONCE(ptep->pte));
}

static inline void
set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(ptep->pte, pte.pte);
}

static inline pte_t
ptep_get_and_clear(pte_t *ptep)
{
	return __pte(__atomic_exchange_n(&ptep->pte, 0, __ATOMIC_SEQ_CST));
}

static inline void
ptep_set_bits(pte_t *ptep, u64 bits)
{
	__atomic_or_fetch(&ptep->pte, bits, __ATOMIC_SEQ_CST);
}

static inline void
ptep_set_wrprotect(pte_t *ptep)
{
	__atomic_and_fetch(&ptep->pte, ~_PAGE_RW, __ATOMIC_SEQ_CST);
}

/* Private and possibly writable: writes go to a private copy (COW). */
static inline bool
is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* mm/mmap.c */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);
void vma_set_page_prot(struct vm_area_struct *vma);
pgprot_t vm_get_page_prot(unsigned long vm_flags);

/* mm/memory.c: page tables (callers hold mmap_lock; see each function) */
pgd_t *pgd_alloc(void);
void pgd_free(pgd_t *pgd);
void free_pgtables(struct mm_struct *mm, unsigned long start,
		   unsigned long end);
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src);
void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end);

/* mm/rmap.c: the anonymous reverse map */
int anon_vma_prepare(struct vm_area_struct *vma);
void anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);
void unlink_anon_vmas(struct vm_area_struct *vma);
void vma_link_file(struct vm_area_struct *vma);
void vma_unlink_file(struct vm_area_struct *vma);

#endif
