/*
 * User page tables and page faults.
 *
 * Interface (mman.h, internal.h):
 *   handle_mm_fault(vma, addr, flags)  resolve one fault; 0 or VM_FAULT_*
 *   walk_user_pte(mm, addr)            find a PTE, no allocation
 *   zap_page_range, unmap_mapping_range  remove PTEs (pages freed after
 *                                      the TLB flush)
 *   free_pgtables(mm, start, end)      free tables left empty in a range
 *   copy_page_range(dst, src)          fork: share pages, COW-protect
 *                                      (a maybe-pinned anon page: copy)
 *   change_protection(vma, start, end) mprotect: rewrite PTE bits
 *   pgd_alloc / pgd_free
 *
 * The faults handled (Linux's names): do_anonymous_page (zero-filled
 * page), do_read_fault (page-cache page mapped read-only or, for a
 * shared mapping without write-notify, as vm_page_prot says),
 * do_cow_fault (write to a private file mapping: copy the page-cache
 * page), do_shared_fault (write to a shared file mapping: call
 * ->page_mkwrite first), and do_wp_page (write to a present read-only
 * PTE: reuse an exclusive anon page, copy a shared one, or for a shared
 * mapping notify the filesystem and make the PTE writable). GUP's
 * FAULT_FLAG_UNSHARE takes the do_wp_page path without writing: a
 * COW-shared anon page is replaced by an exclusive read-only copy.
 *
 * Locking: callers hold mmap_lock for read (faults, madvise) or write
 * (munmap, mprotect, fork, exit). Every PTE and table change is made
 * under mm->page_table_lock, which is never held across anything that
 * sleeps (->fault, ->page_mkwrite, folio_lock). Page-table pages are
 * freed only with mmap_lock held for write, so a PTE pointer found
 * under mmap_lock for read stays valid after page_table_lock is
 * dropped; its value must be rechecked (pte_same) after relocking.
 */
#include "internal.h"
#include <fs.h>
#include <pgtable.h>
#include <string.h>
#include <vmstat.h>

/* Upper bound of the user half: pgd entries 0..255. */
#define USER_PGD_END (1UL << 47)

static const int level_shift[3] = { PGDIR_SHIFT, PUD_SHIFT, PMD_SHIFT };

static u64 *
level_entry(u64 *table, int level, unsigned long addr)
{
	return &table[(addr >> level_shift[level]) & (PTRS_PER_TABLE - 1)];
}

/* The table a user pgd/pud/pmd entry points to (never a large page). */
static u64 *
entry_table(u64 e)
{
	if (!(e & _PAGE_PRESENT))
		return NULL;
	return __va(e & PTE_PFN_MASK);
}

/* ---- walking and allocating ---- */

/* Like walk_user_pte(); on a hole, *next is where the hole ends. */
static pte_t *
walk_pte_or_skip(struct mm_struct *mm, unsigned long addr,
		 unsigned long *next)
{
	u64 *t = (u64 *)mm->pgd;

	if (addr >= USER_PGD_END)
		return NULL;
	for (int l = 0; l < 3; l++) {
		t = entry_table(READ_ONCE(*level_entry(t, l, addr)));
		if (t == NULL) {
			*next = (addr | ((1UL << level_shift[l]) - 1)) + 1;
			return NULL;
		}
	}
	return (pte_t *)&t[pte_index(addr)];
}

pte_t *
walk_user_pte(struct mm_struct *mm, unsigned long addr)
{
	unsigned long next;

	return walk_pte_or_skip(mm, addr, &next);
}

/*
 * Walk to @addr's PTE, creating missing tables (page_table_lock held;
 * the buddy allocator never sleeps). A new table is zeroed before the
 * entry pointing at it is written, so a lockless walker never sees
 * garbage.
 */
static pte_t *
pte_alloc(struct mm_struct *mm, unsigned long addr)
{
	u64 *t = (u64 *)mm->pgd, *e, *n;

	for (int l = 0; l < 3; l++) {
		e = level_entry(t, l, addr);
		if (!(READ_ONCE(*e) & _PAGE_PRESENT)) {
			n = (u64 *)pgtable_alloc_page();
			if (n == NULL)
				return NULL;
			mod_node_page_state(NR_PAGETABLE, 1);
			WRITE_ONCE(*e, __pa(n) | _PAGE_TABLE);
		}
		t = entry_table(READ_ONCE(*e));
	}
	return (pte_t *)&t[pte_index(addr)];
}

/* The folio a PTE maps, or NULL for none and for special (pfn) PTEs. */
static struct folio *
vm_normal_folio(pte_t pte)
{
	if (pte_none(pte) || pte_special(pte) || !pfn_valid(pte_pfn(pte)))
		return NULL;
	return page_folio(pfn_to_page(pte_pfn(pte)));
}

static pte_t
mk_pte(struct folio *f, pgprot_t prot)
{
	return pte_mkyoung(pfn_pte(folio_pfn(f), prot));
}

/* ---- freeing page tables ---- */

/*
 * The one place a user page-table page is freed. The caller has
 * unhooked the table and then flushed with flush_tlb_mm(), which
 * returns only after every CPU in mm->cpu_mask has acknowledged the
 * shootdown IPI (mm/tlb.c). That is the guarantee GUP-fast needs: it
 * walks these tables with interrupts disabled and no lock, so it
 * cannot acknowledge the IPI while inside a walk, and no table it may
 * be reading is freed before it leaves.
 */
static void
tlb_remove_table(void *table)
{
	mod_node_page_state(NR_PAGETABLE, -1);
	pgtable_free_page(table);
}

static bool
table_empty(const u64 *t)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (t[i])
			return false;
	return true;
}

/* Unhook the empty tables below @t (level @l) within [start, end). */
static void
detach_empty_tables(u64 *t, int l, unsigned long start, unsigned long end,
		    struct list_head *out)
{
	unsigned long span = 1UL << level_shift[l], next;
	u64 *e, *child;

	for (unsigned long a = start; a < end; a = next) {
		next = min(ALIGN_DOWN(a, span) + span, end);
		e = level_entry(t, l, a);
		child = entry_table(*e);
		if (child == NULL)
			continue;
		if (l < 2)
			detach_empty_tables(child, l + 1, a, next, out);
		if (!table_empty(child))
			continue;
		WRITE_ONCE(*e, 0);
		list_add(&virt_to_page(child)->lru, out);
	}
}

/*
 * Free every page table in [start, end) that maps nothing: after an
 * unmap, tables may be left empty. mmap_lock is held for write, so no
 * fault is walking them; other walkers (rmap, truncation) walk under
 * page_table_lock, which is held while tables are unhooked. The TLB
 * (including its cached upper-level entries) is flushed before any
 * table is freed.
 */
void
free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	LIST_HEAD(tables);
	struct page *p, *n;

	end = min(end, USER_PGD_END);
	if (start >= end)
		return;
	spin_lock(&mm->page_table_lock);
	detach_empty_tables((u64 *)mm->pgd, 0, start, end, &tables);
	spin_unlock(&mm->page_table_lock);
	if (list_empty(&tables))
		return;
	flush_tlb_mm(mm);
	list_for_each_entry_safe(p, n, &tables, lru) {
		list_del(&p->lru);
		tlb_remove_table(page_address(p));
	}
}

/* A new top-level table: empty user half, the shared kernel half. */
pgd_t *
pgd_alloc(void)
{
	pgd_t *pgd = pgtable_alloc_page();

	if (pgd == NULL)
		return NULL;
	mod_node_page_state(NR_PAGETABLE, 1);
	for (int i = PTRS_PER_TABLE / 2; i < PTRS_PER_TABLE; i++)
		pgd[i] = init_pgd[i];
	return pgd;
}

/* Called once nothing can load @pgd: exit_mmap emptied the user half. */
void
pgd_free(pgd_t *pgd)
{
	for (int i = 0; i < PTRS_PER_TABLE / 2; i++)
		WARN_ON(pgd_val(pgd[i]) != 0);
	tlb_remove_table(pgd);
}

/* ---- zapping ---- */

#define ZAP_BATCH 32

/*
 * Clear one PTE. The folio's page-table reference is handed back to
 * the caller, who drops it only after the TLB flush: until then
 * another CPU could still write through a stale entry. The dirty bit
 * of a file page moves to the folio here (folio_mark_dirty must not
 * sleep; it runs under page_table_lock, as in Linux). Anon folios have
 * no backing store yet, so their dirty bit is simply dropped.
 */
static struct folio *
zap_pte(struct vm_area_struct *vma, pte_t *pte, bool even_cows)
{
	pte_t old = ptep_get(pte);
	struct folio *f = vm_normal_folio(old);

	if (pte_none(old))
		return NULL;
	if (f && !even_cows && folio_test_anon(f))
		return NULL;
	old = ptep_get_and_clear(pte);
	if (f == NULL)
		return NULL;
	if (!folio_test_anon(f) && pte_dirty(old))
		folio_mark_dirty(f);
	folio_remove_rmap(f, vma);
	atomic_long_dec(&vma->vm_mm->rss);
	return f;
}

/* Zap from @addr until @end or a full batch; returns where it stopped. */
static unsigned long
zap_some(struct vm_area_struct *vma, unsigned long addr, unsigned long end,
	 bool even_cows, struct folio **batch, int *n)
{
	unsigned long next;
	struct folio *f;
	pte_t *pte;

	while (addr < end && *n < ZAP_BATCH) {
		pte = walk_pte_or_skip(vma->vm_mm, addr, &next);
		if (pte == NULL) {
			addr = min(next, end);
			continue;
		}
		f = zap_pte(vma, pte, even_cows);
		if (f)
			batch[(*n)++] = f;
		addr += PAGE_SIZE;
	}
	return addr;
}

static void
zap_range(struct vm_area_struct *vma, unsigned long addr, unsigned long end,
	  bool even_cows)
{
	struct mm_struct *mm = vma->vm_mm;
	struct folio *batch[ZAP_BATCH];
	unsigned long start;
	int n;

	while (addr < end) {
		start = addr;
		n = 0;
		spin_lock(&mm->page_table_lock);
		addr = zap_some(vma, addr, end, even_cows, batch, &n);
		flush_tlb_range(vma, start, addr);
		spin_unlock(&mm->page_table_lock);
		for (int i = 0; i < n; i++)
			folio_put(batch[i]);
	}
}

void
zap_page_range(struct vm_area_struct *vma, unsigned long start,
	       unsigned long size)
{
	unsigned long end = start + size;

	start = max(start, vma->vm_start);
	end = min(end, vma->vm_end);
	if (start < end)
		zap_range(vma, start, end, true);
}

/* Zap @vma's share of file pages [first, last]. */
static void
unmap_mapping_vma(struct vm_area_struct *vma, pgoff_t first, pgoff_t last,
		  bool even_cows)
{
	pgoff_t vfirst = vma->vm_pgoff, vlast = vfirst + vma_pages(vma) - 1;
	unsigned long start, end;

	if (vlast < first || vfirst > last)
		return;
	first = max(first, vfirst);
	last = min(last, vlast);
	start = vma->vm_start + ((first - vfirst) << PAGE_SHIFT);
	end = vma->vm_start + ((last - vfirst + 1) << PAGE_SHIFT);
	zap_range(vma, start, end, even_cows);
}

/*
 * Truncation's unmap. i_mmap_lock keeps every VMA on i_mmap alive and
 * in place; the mm's mmap_lock is not needed (as in Linux).
 */
void
unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
		    loff_t holelen, int even_cows)
{
	pgoff_t first = holebegin >> PAGE_SHIFT, last = ~0UL;
	pgoff_t pages = PAGE_ALIGN((unsigned long)holelen) >> PAGE_SHIFT;
	struct vm_area_struct *vma;

	if (holelen > 0 && first + pages > first)
		last = first + pages - 1;
	mutex_lock(&mapping->i_mmap_lock);
	list_for_each_entry(vma, &mapping->i_mmap, shared)
		unmap_mapping_vma(vma, first, last, even_cows);
	mutex_unlock(&mapping->i_mmap_lock);
}

/* ---- fork and mprotect ---- */

/*
 * Linux's folio_needs_cow_for_dma(): a private anon folio that may be
 * pinned cannot be shared COW with the child. The pin holder (a
 * device, or the kernel through the direct map) keeps writing to the
 * parent's page: shared, the child would see that DMA, and the
 * parent's next write would break COW and move the parent off the
 * pinned page, which would then feed nobody. Linux asks only when the
 * parent mm has ever pinned (MMF_HAS_PINNED); pinos skips that
 * shortcut and asks for every anon folio. A GUP-fast pin racing with
 * this check is caught by write_protect_seq (mm/gup_fast.c); slow pins
 * need mmap_lock, which fork holds for write.
 */
static bool
folio_needs_cow_for_dma(struct vm_area_struct *src, struct folio *f)
{
	return is_cow_mapping(src->vm_flags) && folio_test_anon(f) &&
	       folio_maybe_dma_pinned(f);
}

/*
 * Give the child its own copy of @src now, mapped as its own anon page
 * (writable if the VMA is); the parent's PTE is left alone, writable,
 * still mapping the pinned page. page_table_lock is held: the buddy
 * allocator does not sleep.
 */
static int
copy_present_page(struct vm_area_struct *dst, unsigned long addr,
		  pte_t *dpte, struct folio *src)
{
	struct folio *new = folio_alloc(0);
	pte_t pte;

	if (new == NULL)
		return -ENOMEM;
	memcpy(folio_address(new), folio_address(src), PAGE_SIZE);
	pte = mk_pte(new, dst->vm_page_prot);
	if (dst->vm_flags & VM_WRITE)
		pte = pte_mkdirty(pte_mkwrite(pte));
	folio_add_anon_rmap(new, dst, addr);
	atomic_long_inc(&dst->vm_mm->rss);
	set_pte(dpte, pte);
	return 0;
}

/*
 * Copy one PTE into the child. A private writable page becomes
 * read-only in both mms, so the first write in either copies it. The
 * parent's PTE loses _PAGE_RW atomically (a racing MMU dirty-bit
 * update is kept); dup_mm flushes the parent's TLB once at the end,
 * still under mmap_lock for write, so no fault can observe the gap.
 * A shared mapping's child PTE starts clean: the parent's dirty bit
 * still reaches the folio when the parent's PTE is zapped or cleaned.
 */
static int
copy_one_pte(struct vm_area_struct *dst, struct vm_area_struct *src,
	     unsigned long addr, pte_t *spte)
{
	pte_t pte = ptep_get(spte), *dpte;
	struct folio *f = vm_normal_folio(pte);

	if (pte_none(pte))
		return 0;
	dpte = pte_alloc(dst->vm_mm, addr);
	if (dpte == NULL)
		return -ENOMEM;
	if (f && folio_needs_cow_for_dma(src, f))
		return copy_present_page(dst, addr, dpte, f);
	if (is_cow_mapping(src->vm_flags) && pte_write(pte)) {
		ptep_set_wrprotect(spte);
		pte = pte_wrprotect(ptep_get(spte));
	}
	if (src->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	if (f) {
		folio_get(f);
		if (folio_test_anon(f))
			folio_add_anon_rmap(f, dst, addr);
		else
			folio_add_file_rmap(f, dst);
		atomic_long_inc(&dst->vm_mm->rss);
	}
	set_pte(dpte, __pte(pte_val(pte) & ~_PAGE_ACCESSED));
	return 0;
}

/*
 * The child mm is not visible to anyone yet, so only the parent's
 * page_table_lock is taken. Returns 0 or -ENOMEM (the caller tears the
 * half-built child down with mmput).
 */
int
copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct mm_struct *mm = src->vm_mm;
	unsigned long addr = src->vm_start, next;
	int err = 0;
	pte_t *spte;

	while (addr < src->vm_end && !err) {
		spin_lock(&mm->page_table_lock);
		spte = walk_pte_or_skip(mm, addr, &next);
		if (spte)
			err = copy_one_pte(dst, src, addr, spte);
		spin_unlock(&mm->page_table_lock);
		addr = spte ? addr + PAGE_SIZE : next;
	}
	return err;
}

/*
 * The new PTE for mprotect: the page and its A/D bits, the VMA's new
 * protection. A shared page already dirty has been through
 * ->page_mkwrite, so it may stay writable even under write-notify.
 */
static pte_t
pte_modify(struct vm_area_struct *vma, pte_t old)
{
	u64 keep = PTE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SPECIAL;
	pte_t pte = __pte((pte_val(old) & keep) | vma->vm_page_prot.pgprot);
	bool shared_writable = (vma->vm_flags & (VM_SHARED | VM_WRITE)) ==
			       (VM_SHARED | VM_WRITE);

	if (shared_writable && pte_dirty(old) && pte_present(pte))
		pte = pte_mkwrite(pte);
	return pte;
}

/* Apply vma->vm_page_prot to every PTE in [start, end) (mmap_lock write). */
void
change_protection(struct vm_area_struct *vma, unsigned long start,
		  unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long addr = start, next;
	pte_t *pte;

	spin_lock(&mm->page_table_lock);
	while (addr < end) {
		pte = walk_pte_or_skip(mm, addr, &next);
		if (pte == NULL) {
			addr = min(next, end);
			continue;
		}
		if (!pte_none(ptep_get(pte)))
			set_pte(pte, pte_modify(vma, ptep_get_and_clear(pte)));
		addr += PAGE_SIZE;
	}
	flush_tlb_range(vma, start, end);
	spin_unlock(&mm->page_table_lock);
}

/* ---- installing pages ---- */

/*
 * Map the new anon folio @f (one reference, becomes the PTE's) at the
 * fault address: writable and dirty if the VMA is writable, since a
 * private page the task owns alone needs no write fault. Returns
 * VM_FAULT_NOPAGE if another thread mapped something first.
 */
static vm_fault_t
map_anon_folio(struct vm_fault *vmf, struct folio *f)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	pte_t entry = mk_pte(f, vma->vm_page_prot), *pte;

	if (vma->vm_flags & VM_WRITE)
		entry = pte_mkdirty(pte_mkwrite(entry));
	spin_lock(&mm->page_table_lock);
	pte = pte_alloc(mm, vmf->address);
	if (pte == NULL || !pte_none(ptep_get(pte))) {
		spin_unlock(&mm->page_table_lock);
		return pte ? VM_FAULT_NOPAGE : VM_FAULT_OOM;
	}
	folio_add_anon_rmap(f, vma, vmf->address);
	atomic_long_inc(&mm->rss);
	set_pte(pte, entry);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

/* Map page-cache folio @f (its fault reference becomes the PTE's). */
static vm_fault_t
map_file_folio(struct vm_fault *vmf, struct folio *f, bool write)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	pte_t entry = mk_pte(f, vma->vm_page_prot), *pte;

	if (write)
		entry = pte_mkdirty(pte_mkwrite(entry));
	spin_lock(&mm->page_table_lock);
	pte = pte_alloc(mm, vmf->address);
	if (pte == NULL || !pte_none(ptep_get(pte))) {
		spin_unlock(&mm->page_table_lock);
		return pte ? VM_FAULT_NOPAGE : VM_FAULT_OOM;
	}
	folio_add_file_rmap(f, vma);
	atomic_long_inc(&mm->rss);
	set_pte(pte, entry);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

static vm_fault_t
do_anonymous_page(struct vm_fault *vmf)
{
	struct folio *f;
	vm_fault_t ret;

	if (anon_vma_prepare(vmf->vma))
		return VM_FAULT_OOM;
	f = folio_alloc(__GFP_ZERO);
	if (f == NULL)
		return VM_FAULT_OOM;
	ret = map_anon_folio(vmf, f);
	if (ret)
		folio_put(f);
	else
		count_vm_event(PGFAULT_ANON);
	return ret;
}

/* ---- file faults ---- */

/*
 * Ask the mapping for the page: ->fault returns it referenced in
 * vmf->page, locked if it says VM_FAULT_LOCKED. On success the folio
 * comes back locked and still in its mapping.
 */
static vm_fault_t
__do_fault(struct vm_fault *vmf)
{
	struct folio *f;
	vm_fault_t ret;

	vmf->page = NULL;
	ret = vmf->vma->vm_ops->fault(vmf);
	count_vm_event(PGFAULT_FILE);
	if (ret & VM_FAULT_MAJOR)
		count_vm_event(PGMAJFAULT);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY))
		return ret;
	if (vmf->page == NULL)
		return VM_FAULT_SIGBUS;
	f = page_folio(vmf->page);
	if (!(ret & VM_FAULT_LOCKED))
		folio_lock(f);
	if (f->mapping == NULL) {	/* truncated meanwhile: retry */
		folio_unlock(f);
		folio_put(f);
		return VM_FAULT_NOPAGE;
	}
	return 0;
}

static vm_fault_t
do_read_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = __do_fault(vmf);
	struct folio *f;

	if (ret)
		return ret;
	f = page_folio(vmf->page);
	ret = map_file_folio(vmf, f, false);
	folio_unlock(f);
	if (ret)
		folio_put(f);
	return ret;
}

/* Write to a private file mapping: the task gets its own copy. */
static vm_fault_t
do_cow_fault(struct vm_fault *vmf)
{
	struct folio *new, *old;
	vm_fault_t ret;

	if (anon_vma_prepare(vmf->vma))
		return VM_FAULT_OOM;
	new = folio_alloc(0);
	if (new == NULL)
		return VM_FAULT_OOM;
	ret = __do_fault(vmf);
	if (ret) {
		folio_put(new);
		return ret;
	}
	old = page_folio(vmf->page);
	memcpy(folio_address(new), folio_address(old), PAGE_SIZE);
	folio_unlock(old);
	folio_put(old);
	ret = map_anon_folio(vmf, new);
	if (ret)
		folio_put(new);
	else
		count_vm_event(PGFAULT_COW);
	return ret;
}

/*
 * The filesystem's write notification. Called with @f referenced and
 * unlocked; returns with it locked (or an error / VM_FAULT_NOPAGE, the
 * folio then unlocked). The caller keeps the folio locked until the
 * PTE is writable: folio_mkclean's callers hold the same lock, so a
 * page cannot be cleaned between ->page_mkwrite and the PTE update.
 */
static vm_fault_t
do_page_mkwrite(struct vm_fault *vmf, struct folio *f)
{
	unsigned int flags = vmf->flags;
	vm_fault_t ret;

	vmf->page = &f->page;
	vmf->flags |= FAULT_FLAG_WRITE;
	count_vm_event(PGFAULT_MKWRITE);
	ret = vmf->vma->vm_ops->page_mkwrite(vmf);
	vmf->flags = flags;
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	if (!(ret & VM_FAULT_LOCKED)) {
		folio_lock(f);
		if (f->mapping == NULL) {
			folio_unlock(f);
			return VM_FAULT_NOPAGE;
		}
	}
	return 0;
}

/*
 * A shared page just made writable and dirty in a PTE: tell the page
 * cache (writeback needs PG_dirty, not just the PTE bit), then unlock.
 */
static void
fault_dirty_shared_page(struct folio *f)
{
	folio_mark_dirty(f);
	folio_unlock(f);
}

static vm_fault_t
do_shared_fault(struct vm_fault *vmf)
{
	const struct vm_operations_struct *ops = vmf->vma->vm_ops;
	vm_fault_t ret = __do_fault(vmf);
	struct folio *f;

	if (ret)
		return ret;
	f = page_folio(vmf->page);
	if (ops->page_mkwrite) {
		folio_unlock(f);
		ret = do_page_mkwrite(vmf, f);
		if (ret) {
			folio_put(f);
			return ret;
		}
	}
	ret = map_file_folio(vmf, f, true);
	if (ret) {
		folio_unlock(f);
		folio_put(f);
		return ret;
	}
	fault_dirty_shared_page(f);
	return 0;
}

static vm_fault_t
do_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (vma->vm_ops->fault == NULL)
		return VM_FAULT_SIGBUS;
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

/* ---- write-protect faults (page_table_lock held on entry) ---- */

static bool
pte_same(pte_t *ptep, pte_t orig)
{
	return pte_val(ptep_get(ptep)) == pte_val(orig);
}

/* The page stays; the PTE becomes writable. Drops page_table_lock. */
static vm_fault_t
wp_page_reuse(struct vm_fault *vmf)
{
	ptep_set_bits(vmf->pte, _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
	spin_unlock(&vmf->vma->vm_mm->page_table_lock);
	return 0;
}

/*
 * Write to a read-only PTE of a shared mapping: write-notify. The PTE
 * was clean and read-only (first write, or folio_mkclean ran since),
 * so the filesystem hears about it before the page becomes writable.
 */
static vm_fault_t
wp_page_shared(struct vm_fault *vmf, struct folio *f)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	vm_fault_t ret = 0;

	folio_get(f);
	spin_unlock(&mm->page_table_lock);
	if (vmf->vma->vm_ops && vmf->vma->vm_ops->page_mkwrite)
		ret = do_page_mkwrite(vmf, f);
	else
		folio_lock(f);
	if (ret) {
		folio_put(f);
		return ret;
	}
	spin_lock(&mm->page_table_lock);
	if (!pte_same(vmf->pte, vmf->orig_pte)) {
		spin_unlock(&mm->page_table_lock);
		folio_unlock(f);
		folio_put(f);
		return 0;	/* changed under us: the access retries */
	}
	wp_page_reuse(vmf);
	fault_dirty_shared_page(f);
	folio_put(f);
	return 0;
}

/*
 * Replace the old page by @new in the PTE (page_table_lock held, PTE
 * unchanged since the fault). The old PTE is cleared and flushed
 * before the new one is set, so no CPU sees the old page through a
 * stale entry once the copy is visible.
 */
static void
wp_install_copy(struct vm_fault *vmf, struct folio *new, struct folio *old,
		pte_t entry)
{
	struct vm_area_struct *vma = vmf->vma;

	ptep_get_and_clear(vmf->pte);
	flush_tlb_page(vma, vmf->address);
	folio_add_anon_rmap(new, vma, vmf->address);
	set_pte(vmf->pte, entry);
	if (old)
		folio_remove_rmap(old, vma);
}

/*
 * Give the task its own copy of @old (NULL: a zeroed page), writable,
 * or read-only for FAULT_FLAG_UNSHARE (GUP wants an exclusive page to
 * pin for reading, without the task having written). Called without
 * page_table_lock, holding a reference on @old.
 */
static vm_fault_t
wp_page_copy(struct vm_fault *vmf, struct folio *old)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	struct folio *new = NULL;
	pte_t entry;

	if (anon_vma_prepare(vmf->vma) == 0)
		new = folio_alloc(old ? 0 : __GFP_ZERO);
	if (new == NULL) {
		if (old)
			folio_put(old);
		return VM_FAULT_OOM;
	}
	if (old)
		memcpy(folio_address(new), folio_address(old), PAGE_SIZE);
	entry = mk_pte(new, vmf->vma->vm_page_prot);
	if (!(vmf->flags & FAULT_FLAG_UNSHARE))
		entry = pte_mkdirty(pte_mkwrite(entry));
	spin_lock(&mm->page_table_lock);
	if (pte_same(vmf->pte, vmf->orig_pte)) {
		wp_install_copy(vmf, new, old, entry);
		count_vm_event(PGFAULT_COW);
		new = old;	/* drop the old PTE's reference below */
	}
	spin_unlock(&mm->page_table_lock);
	if (new)
		folio_put(new);	/* the loser: old's PTE ref, or our copy */
	if (old)
		folio_put(old);	/* ours */
	return 0;
}

/*
 * An anon folio may be written in place when this PTE is its only
 * user: one mapping and no other reference (not shared with a fork
 * child, not held by GUP). As in Linux 5.9-5.18, the reference count
 * decides, so a GUP-pinned page is copied, never reused.
 */
static bool
wp_can_reuse_anon_folio(struct folio *f)
{
	return folio_mapcount(f) == 1 && folio_ref_count(f) == 1;
}

/* Nothing to do after all: drop page_table_lock, report success. */
static vm_fault_t
wp_done(struct vm_fault *vmf)
{
	spin_unlock(&vmf->vma->vm_mm->page_table_lock);
	return 0;
}

/*
 * A write (or unshare) fault on a present read-only PTE. Unsharing
 * asks only that a private page be exclusively this task's: shared
 * mappings and exclusive anon pages already are.
 */
static vm_fault_t
do_wp_page(struct vm_fault *vmf)
{
	struct folio *f = vm_normal_folio(vmf->orig_pte);
	bool unshare = vmf->flags & FAULT_FLAG_UNSHARE;

	if (vmf->vma->vm_flags & VM_SHARED) {
		if (unshare)
			return wp_done(vmf);
		if (f == NULL)
			return wp_page_reuse(vmf);
		return wp_page_shared(vmf, f);
	}
	if (f && folio_test_anon(f) && wp_can_reuse_anon_folio(f)) {
		if (unshare)
			return wp_done(vmf);
		count_vm_event(PGFAULT_WP_REUSE);
		return wp_page_reuse(vmf);
	}
	if (f)
		folio_get(f);
	spin_unlock(&vmf->vma->vm_mm->page_table_lock);
	return wp_page_copy(vmf, f);
}

/* ---- the entry point ---- */

static vm_fault_t
handle_pte_fault(struct vm_fault *vmf)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	bool unshare = vmf->flags & FAULT_FLAG_UNSHARE;

	spin_lock(&mm->page_table_lock);
	vmf->pte = pte_alloc(mm, vmf->address);
	if (vmf->pte == NULL) {
		spin_unlock(&mm->page_table_lock);
		return VM_FAULT_OOM;
	}
	vmf->orig_pte = ptep_get(vmf->pte);
	if (pte_none(vmf->orig_pte)) {
		spin_unlock(&mm->page_table_lock);
		if (vma_is_anonymous(vmf->vma))
			return do_anonymous_page(vmf);
		return do_fault(vmf);
	}
	if (!pte_present(vmf->orig_pte)) {	/* PROT_NONE */
		spin_unlock(&mm->page_table_lock);
		return VM_FAULT_SIGSEGV;
	}
	if ((write || unshare) && !pte_write(vmf->orig_pte))
		return do_wp_page(vmf);
	/* Already mapped (another thread won): only A/D bits to set. */
	ptep_set_bits(vmf->pte, _PAGE_ACCESSED | (write ? _PAGE_DIRTY : 0));
	spin_unlock(&mm->page_table_lock);
	return 0;
}

/*
 * Resolve a fault at @address in @vma for the page-fault handler or
 * GUP. The caller holds mmap_lock for read and has checked that the
 * access is allowed by vma->vm_flags.
 */
vm_fault_t
handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
		unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.address = address & PAGE_MASK,
		.flags = flags,
	};

	count_vm_event(PGFAULT);
	if (address < vma->vm_start || address >= vma->vm_end)
		return VM_FAULT_SIGSEGV;
	vmf.pgoff = linear_page_index(vma, vmf.address);
	return handle_pte_fault(&vmf);
}
