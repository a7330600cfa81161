/*
 * Generic 4-level page-table walking and editing for x86_64.
 *
 * Intermediate entries are created with _PAGE_TABLE (present, writable,
 * user): permissions are decided at the leaf. Entries are written with
 * WRITE_ONCE because the GUP-fast walk reads them locklessly on other
 * CPUs and must see either the old or the new entry, never a torn one.
 * Table pages come from memblock during early boot and from the buddy
 * allocator afterwards.
 */
#include <pgtable.h>
#include <memblock.h>
#include <string.h>
#include <asm/cpu.h>

pgd_t *init_pgd;
bool buddy_ready;

pgd_t *
pgtable_alloc_page(void)
{
	struct page *p;

	if (!buddy_ready)
		return __va(memblock_alloc(PAGE_SIZE, PAGE_SIZE));
	p = alloc_page(__GFP_ZERO);
	if (p == NULL)
		return NULL;
	folio_set_pagetable(page_folio(p));
	return page_address(p);
}

void
pgtable_free_page(void *table)
{
	struct page *p = virt_to_page(table);

	folio_clear_pagetable(page_folio(p));
	__free_page(p);
}

/* Return the next-level table under @entry, allocating it if asked. */
static u64 *
next_table(u64 *entry, bool alloc)
{
	u64 e = READ_ONCE(*entry);
	u64 *t;

	if (e & _PAGE_PRESENT)
		return (e & _PAGE_PSE) ? NULL : __va(e & PTE_PFN_MASK);
	if (!alloc)
		return NULL;
	t = (u64 *)pgtable_alloc_page();
	if (t == NULL)
		return NULL;
	WRITE_ONCE(*entry, __pa(t) | _PAGE_TABLE);
	return t;
}

pte_t *
pte_offset_alloc(pgd_t *pgd, unsigned long va, bool alloc)
{
	u64 *pud, *pmd, *pte;

	pud = next_table(&pgd[pgd_index(va)].pgd, alloc);
	if (pud == NULL)
		return NULL;
	pmd = next_table(&pud[pud_index(va)], alloc);
	if (pmd == NULL)
		return NULL;
	pte = next_table(&pmd[pmd_index(va)], alloc);
	if (pte == NULL)
		return NULL;
	return (pte_t *)&pte[pte_index(va)];
}

u64 *
lookup_address(pgd_t *pgd, unsigned long va, int *level)
{
	u64 *e = &pgd[pgd_index(va)].pgd;
	static const int shifts[] = { PUD_SHIFT, PMD_SHIFT, PAGE_SHIFT };

	for (int i = 0; i < 3; i++) {
		u64 v = READ_ONCE(*e);

		if (!(v & _PAGE_PRESENT))
			return NULL;
		e = (u64 *)__va(v & PTE_PFN_MASK) + ((va >> shifts[i]) & 511);
		v = READ_ONCE(*e);
		if (!(v & _PAGE_PRESENT))
			return NULL;
		if (i < 2 && (v & _PAGE_PSE)) {
			*level = 3 - i;
			return e;
		}
	}
	*level = 1;
	return e;
}

static int
map_large(pgd_t *pgd, unsigned long va, phys_addr_t pa, u64 prot)
{
	u64 *pud = next_table(&pgd[pgd_index(va)].pgd, true);
	u64 *pmd;

	if (pud == NULL)
		return -1;
	pmd = next_table(&pud[pud_index(va)], true);
	if (pmd == NULL)
		return -1;
	WRITE_ONCE(pmd[pmd_index(va)], pa | prot | _PAGE_PSE);
	return 0;
}

int
map_range(pgd_t *pgd, unsigned long va, phys_addr_t pa, size_t size,
	  u64 prot, bool allow_large)
{
	unsigned long end = va + size;

	while (va < end) {
		if (allow_large && IS_ALIGNED(va, PMD_SIZE) &&
		    IS_ALIGNED(pa, PMD_SIZE) && end - va >= PMD_SIZE) {
			if (map_large(pgd, va, pa, prot))
				return -1;
			va += PMD_SIZE, pa += PMD_SIZE;
			continue;
		}
		pte_t *pte = pte_offset_alloc(pgd, va, true);

		if (pte == NULL)
			return -1;
		WRITE_ONCE(pte->pte, pa | prot);
		va += PAGE_SIZE, pa += PAGE_SIZE;
	}
	return 0;
}

void
unmap_range(pgd_t *pgd, unsigned long va, size_t size)
{
	for (unsigned long a = va; a < va + size; a += PAGE_SIZE) {
		pte_t *pte = pte_offset_alloc(pgd, a, false);

		if (pte)
			WRITE_ONCE(pte->pte, 0);
	}
}

void
flush_tlb_local_page(unsigned long va)
{
	invlpg(va);
}

void
flush_tlb_local_all(void)
{
	unsigned long cr4 = read_cr4();

	/* Toggling PGE flushes global entries too. */
	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}
