/*
 * GUP-fast: pin pages without mmap_lock and without looking at VMAs.
 *
 * The walk runs with interrupts disabled on this CPU. That, and only
 * that, keeps the page tables it walks from being freed under it:
 * a page-table page is freed only after a TLB shootdown has been
 * acknowledged by every CPU that may be using the mm, and a CPU with
 * interrupts off cannot acknowledge the shootdown IPI, so the freeing
 * CPU waits until this walk is over (mm/memory.c frees tables; the SMP
 * work makes the shootdown wait explicit). The folios themselves are
 * not protected: each may be unmapped, truncated or freed at any
 * moment, so the walk
 *
 *  1. reads each entry once (READ_ONCE) and refuses anything not
 *     present, not user, special, or (for FOLL_WRITE) not writable;
 *  2. takes a speculative reference that succeeds only while the
 *     refcount is above zero, so a freed folio is never resurrected;
 *  3. re-reads the PTE and gives up if it changed: the folio may no
 *     longer be the one mapped there;
 *  4. asks the active pin policy about the folio (Linux: anonymous,
 *     shmem or hugetlb may be pinned here; a NULL mapping -- perhaps
 *     truncated -- or any other file goes to the slow path, which can
 *     see the VMA and decide).
 *
 * FOLL_PIN also checks mm->write_protect_seq: fork write-protects the
 * parent's anonymous PTEs for COW with the counter odd; a pin taken
 * concurrently could pin a page the child then shares, so a fast pin
 * that overlaps a fork is undone and retried in the slow path.
 */
#include <gup.h>
#include <mm.h>
#include <mman.h>
#include <errno.h>
#include <pin_policy.h>
#include <sched.h>
#include <trace.h>
#include <vmstat.h>
#include <asm/irqflags.h>

/*
 * Test-only injection point: called between taking the speculative
 * reference and re-reading the PTE, so a test can change the PTE in
 * exactly the window step 3 exists for. NULL in normal operation.
 */
void (*gup_fast_race_hook)(pte_t *ptep);

static pte_t *
gup_fast_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t pgd = READ_ONCE(mm->pgd[pgd_index(addr)]);
	pud_t pud;
	pmd_t pmd;

	if (!pgd_present(pgd))
		return NULL;
	pud = READ_ONCE(pgd_table(pgd)[pud_index(addr)]);
	if (!pud_present(pud) || pud_large(pud))
		return NULL;
	pmd = READ_ONCE(pud_table(pud)[pmd_index(addr)]);
	if (!pmd_present(pmd) || pmd_large(pmd))
		return NULL;
	return &pmd_table(pmd)[pte_index(addr)];
}

static bool
pte_usable(pte_t pte, unsigned int flags)
{
	if (!pte_present(pte) || !pte_user(pte) || pte_special(pte))
		return false;
	if ((flags & FOLL_WRITE) && !pte_write(pte))
		return false;
	return pfn_valid(pte_pfn(pte));
}

/* Steps 1-4 for one page; true if it is now referenced in pages[i]. */
static bool
gup_fast_one(struct mm_struct *mm, unsigned long addr, unsigned int flags,
	     struct page **page)
{
	const struct pin_policy *policy = READ_ONCE(active_pin_policy);
	pte_t *ptep = gup_fast_pte(mm, addr);
	struct folio *folio;
	pte_t pte;

	if (ptep == NULL)
		return false;
	pte = READ_ONCE(*ptep);
	if (!pte_usable(pte, flags))
		return false;
	folio = page_folio(pfn_to_page(pte_pfn(pte)));
	if (!try_grab_folio(folio, flags))
		return false;
	if (unlikely(gup_fast_race_hook))
		gup_fast_race_hook(ptep);
	if (pte_val(READ_ONCE(*ptep)) != pte_val(pte))
		goto undo;
	if ((flags & FOLL_PIN) && !policy->folio_fast_ok(folio, flags)) {
		count_vm_event(GUP_FAST_FALLBACK);
		trace_mm(TRACE_POLICY, folio, "%s fast fallback flags %#x",
			 policy->name, flags);
		goto undo;
	}
	*page = &folio->page;
	return true;
undo:
	gup_put_folio(folio, flags);
	return false;
}

/* The lockless walk; returns how many leading pages it took. */
static int
gup_fast(unsigned long start, int nr_pages, unsigned int flags,
	 struct page **pages)
{
	struct mm_struct *mm = current->mm;
	unsigned long irqflags;
	int seq = 0, nr = 0;

	if (flags & FOLL_PIN) {
		seq = atomic_read(&mm->write_protect_seq);
		if (seq & 1)
			return 0;	/* fork is write-protecting right now */
	}
	irqflags = local_irq_save();
	while (nr < nr_pages &&
	       gup_fast_one(mm, start + (unsigned long)nr * PAGE_SIZE, flags,
			    &pages[nr]))
		nr++;
	local_irq_restore(irqflags);
	if ((flags & FOLL_PIN) && atomic_read(&mm->write_protect_seq) != seq) {
		for (int i = 0; i < nr; i++)
			gup_put_folio(page_folio(pages[i]), flags);
		return 0;
	}
	if (flags & FOLL_PIN)
		count_vm_events(GUP_FAST_PINNED, nr);
	return nr;
}

static bool
range_ok(unsigned long start, int nr_pages)
{
	unsigned long len = (unsigned long)nr_pages << PAGE_SHIFT;

	if (start & ~PAGE_MASK)
		return false;
	return start + len >= start && start + len <= TASK_SIZE;
}

/* Linux's gup_fast_fallback(): fast first, then slow for the rest. */
static int
gup_fast_fallback(unsigned long start, int nr_pages, unsigned int flags,
		  struct page **pages)
{
	struct mm_struct *mm = current->mm;
	long nr, ret;

	if (nr_pages <= 0)
		return 0;
	if (!range_ok(start, nr_pages))
		return -EFAULT;
	nr = gup_fast(start, nr_pages, flags, pages);
	if (nr == nr_pages || (flags & FOLL_FAST_ONLY))
		return (int)nr;
	start += (unsigned long)nr << PAGE_SHIFT;
	down_read(&mm->mmap_lock);
	ret = __gup_longterm_locked(mm, start, nr_pages - nr, pages + nr,
				    flags);
	up_read(&mm->mmap_lock);
	if (ret < 0)
		return nr ? (int)nr : (int)ret;
	return (int)(nr + ret);
}

int
pin_user_pages_fast(unsigned long start, int nr_pages, unsigned int gup_flags,
		    struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}

int
get_user_pages_fast(unsigned long start, int nr_pages, unsigned int gup_flags,
		    struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET))
		return -EINVAL;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}

int
get_user_pages_fast_only(unsigned long start, int nr_pages,
			 unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET | FOLL_FAST_ONLY))
		return -EINVAL;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}
