/*
 * The reverse map: from a folio back to the PTEs that map it.
 *
 * Interface (mman.h, internal.h):
 *   anon_vma_prepare(vma)        give @vma an anon_vma (first anon fault)
 *   anon_vma_clone(dst, src)     @dst shares @src's anon_vma (fork, split)
 *   unlink_anon_vmas(vma)        drop @vma's link (unmap)
 *   vma_link_file/vma_unlink_file  put a file VMA on / off mapping->i_mmap
 *   folio_add_anon_rmap / folio_add_file_rmap / folio_remove_rmap
 *                                count one more / one fewer PTE
 *   folio_mkclean(folio)         write-protect and clean every shared
 *                                PTE mapping a page-cache folio
 *
 * Anonymous memory uses Linux's anon_vma idea, simplified: all VMAs
 * descended from one original anonymous mapping (by fork or split)
 * share one anon_vma, and an anon folio's ->mapping points at it with
 * PAGE_MAPPING_ANON set. File memory is found through the file's
 * address_space: mapping->i_mmap lists every VMA mapping the file.
 *
 * _mapcount counts PTEs, starting at -1 (unmapped), as in Linux. It
 * changes only under the owning mm's page_table_lock, but PTEs of
 * different mms map one folio, so it is atomic. NR_ANON_PAGES counts
 * anon folios mapped at least once.
 *
 * Locking: anon_vma->lock protects anon_vma->vmas; mapping->i_mmap_lock
 * (a mutex: folio_mkclean may sleep) protects i_mmap and the position
 * (vm_start, vm_end, vm_pgoff) of every VMA on it, so mmap.c takes it
 * around any change of those. Order: folio lock, i_mmap_lock,
 * anon_vma->lock, page_table_lock.
 */
#include "internal.h"
#include <fs.h>
#include <slab.h>
#include <vmstat.h>

/* ---- anonymous VMAs ---- */

static struct anon_vma *
anon_vma_alloc(void)
{
	struct anon_vma *av = kmalloc(sizeof(*av), GFP_KERNEL);

	if (av == NULL)
		return NULL;
	spin_lock_init(&av->lock, "anon_vma->lock");
	atomic_set(&av->refcount, 1);
	INIT_LIST_HEAD(&av->vmas);
	return av;
}

static void
anon_vma_add(struct anon_vma *av, struct vm_area_struct *vma)
{
	spin_lock(&av->lock);
	list_add_tail(&vma->anon_vma_node, &av->vmas);
	spin_unlock(&av->lock);
}

/*
 * Two threads may take their first anon fault in one VMA at once, both
 * under mmap_lock for read; page_table_lock decides who installs the
 * anon_vma (as in Linux) and the loser frees its copy.
 */
int
anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *av;

	if (READ_ONCE(vma->anon_vma))
		return 0;
	av = anon_vma_alloc();
	if (av == NULL)
		return -ENOMEM;
	spin_lock(&mm->page_table_lock);
	if (vma->anon_vma == NULL) {
		anon_vma_add(av, vma);
		WRITE_ONCE(vma->anon_vma, av);
		av = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	kfree(av);
	return 0;
}

void
anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma *av = src->anon_vma;

	dst->anon_vma = av;
	if (av == NULL)
		return;
	atomic_inc(&av->refcount);
	anon_vma_add(av, dst);
}

/*
 * The anon_vma is freed with its last VMA. A folio still referenced
 * elsewhere (a GUP pin) may keep a stale ->mapping; it must only be
 * followed while the folio is mapped, which keeps a VMA linked.
 */
void
unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	if (av == NULL)
		return;
	spin_lock(&av->lock);
	list_del(&vma->anon_vma_node);
	spin_unlock(&av->lock);
	vma->anon_vma = NULL;
	if (atomic_dec_and_test(&av->refcount))
		kfree(av);
}

/* ---- file VMAs ---- */

void
vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *m;

	if (vma->vm_file == NULL)
		return;
	m = vma->vm_file->f_mapping;
	mutex_lock(&m->i_mmap_lock);
	list_add_tail(&vma->shared, &m->i_mmap);
	mutex_unlock(&m->i_mmap_lock);
}

void
vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *m;

	if (vma->vm_file == NULL)
		return;
	m = vma->vm_file->f_mapping;
	mutex_lock(&m->i_mmap_lock);
	list_del_init(&vma->shared);	/* a no-op if a merge did it */
	mutex_unlock(&m->i_mmap_lock);
}

/* ---- map counts ---- */

/*
 * A new anon folio gets its ->mapping and ->index here, before the
 * caller publishes the PTE: GUP-fast reads ->mapping of any folio it
 * finds through a PTE to tell anon from file.
 */
void
folio_add_anon_rmap(struct folio *f, struct vm_area_struct *vma,
		    unsigned long address)
{
	if (READ_ONCE(f->mapping) == NULL) {
		f->index = linear_page_index(vma, address);
		folio_set_swapbacked(f);
		WRITE_ONCE(f->mapping,
			   (struct address_space *)((unsigned long)
				vma->anon_vma | PAGE_MAPPING_ANON));
	}
	if (atomic_add_return(1, &f->_mapcount) == 0)
		mod_node_page_state(NR_ANON_PAGES, 1);
}

void
folio_add_file_rmap(struct folio *f, struct vm_area_struct *vma)
{
	atomic_inc(&f->_mapcount);
}

void
folio_remove_rmap(struct folio *f, struct vm_area_struct *vma)
{
	int left = atomic_sub_return(1, &f->_mapcount);

	if (WARN_ON(left < -1))
		return;
	if (left == -1 && folio_test_anon(f))
		mod_node_page_state(NR_ANON_PAGES, -1);
}

/* ---- folio_mkclean ---- */

/* Write-protect and clean @vma's PTE for @folio at @addr; 1 if it did. */
static int
mkclean_one(struct vm_area_struct *vma, unsigned long addr,
	    struct folio *folio)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *pte, old;
	int cleaned = 0;

	spin_lock(&mm->page_table_lock);
	pte = walk_user_pte(mm, addr);
	if (pte == NULL)
		goto out;
	old = ptep_get(pte);
	if (pte_none(old) || pte_pfn(old) != folio_pfn(folio))
		goto out;
	if (!pte_write(old) && !pte_dirty(old))
		goto out;
	/*
	 * Clear, flush, then rewrite: while the PTE is writable another
	 * CPU's MMU may set its dirty bit at any moment; the atomic
	 * exchange catches a late one, and after the flush no TLB can
	 * write through the old entry.
	 */
	old = ptep_get_and_clear(pte);
	flush_tlb_page(vma, addr);
	set_pte(pte, pte_wrprotect(pte_mkclean(old)));
	cleaned = 1;
out:
	spin_unlock(&mm->page_table_lock);
	return cleaned;
}

/* Where @vma maps file page @pgoff, or 0 if it does not. */
static unsigned long
vma_address(struct vm_area_struct *vma, pgoff_t pgoff)
{
	if (pgoff < vma->vm_pgoff || pgoff - vma->vm_pgoff >= vma_pages(vma))
		return 0;
	return vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
}

/*
 * What happens to dirtiness: a writable or dirty PTE is made read-only
 * and clean, and its dirty bit is dropped here, not moved to the folio
 * with folio_mark_dirty(). As in Linux, the count returned is how the
 * dirtiness travels: the caller (folio_clear_dirty_for_io) marks the
 * folio dirty when the count is non-zero and then test-and-clears
 * PG_dirty for the write-back, so no write is lost. The next write
 * through any of these PTEs faults and calls ->page_mkwrite again.
 * Only VM_SHARED VMAs are walked: a private mapping never writes to a
 * page-cache folio (it copies it first). Anon folios return 0.
 */
int
folio_mkclean(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	struct vm_area_struct *vma;
	unsigned long addr;
	int cleaned = 0;

	WARN_ON(!folio_test_locked(folio));
	if (mapping == NULL || !folio_mapped(folio))
		return 0;
	mutex_lock(&mapping->i_mmap_lock);
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		if (!(vma->vm_flags & VM_SHARED))
			continue;
		addr = vma_address(vma, folio->index);
		if (addr)
			cleaned += mkclean_one(vma, addr, folio);
	}
	mutex_unlock(&mapping->i_mmap_lock);
	return cleaned;
}
