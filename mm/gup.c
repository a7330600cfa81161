/*
 * get_user_pages: the slow path, and what both paths share.
 *
 * The slow path runs under mmap_lock (read). For each page it finds the
 * VMA and checks it (check_vma_flags), asks the active pin policy about
 * writes to file mappings, walks the page tables, faults the page in
 * (a write fault goes through ->page_mkwrite, so the filesystem is
 * told) when it is missing or not yet writable, and takes the
 * reference under the page-table lock so the PTE cannot change while
 * it does. For FOLL_WRITE on a private mapping the write fault breaks
 * COW first, so the page pinned is the process's own anonymous copy.
 *
 * Pin accounting: a FOLL_PIN reference adds GUP_PIN_COUNTING_BIAS to
 * the folio's refcount and counts in nr_foll_pin_acquired; every
 * unpin counts in nr_foll_pin_released. gup_pin_leak_check() compares
 * the two after every test suite and at shutdown.
 */
#include <gup.h>
#include <gfp.h>
#include <mman.h>
#include <errno.h>
#include <fs.h>
#include <kunit.h>
#include <pin_policy.h>
#include <sched.h>
#include <trace.h>
#include <vmstat.h>

bool
is_valid_gup_args(struct page **pages, unsigned int *gup_flags,
		  unsigned int to_set)
{
	unsigned int flags = *gup_flags;

	if (WARN_ON_ONCE(flags & INTERNAL_GUP_FLAGS))
		return false;
	flags |= to_set;
	if ((flags & FOLL_GET) && (flags & FOLL_PIN))
		return false;
	if ((flags & FOLL_LONGTERM) && !(flags & FOLL_PIN))
		return false;
	if ((flags & (FOLL_GET | FOLL_PIN)) && pages == NULL)
		return false;
	if ((flags & FOLL_LONGTERM) && (flags & FOLL_PCI_P2PDMA))
		return false;
	*gup_flags = flags;
	return true;
}

/*
 * Take the reference GUP promises. The caller guarantees the folio
 * cannot be freed meanwhile (page-table lock held, or the fast path's
 * speculative reference); a folio at refcount 0 is never resurrected.
 */
bool
try_grab_folio(struct folio *folio, unsigned int flags)
{
	if (flags & FOLL_PIN) {
		if (!folio_ref_try_add(folio, GUP_PIN_COUNTING_BIAS))
			return false;
		count_vm_event(NR_FOLL_PIN_ACQUIRED);
		trace_mm(TRACE_PIN, folio, "flags %#x", flags);
		return true;
	}
	return folio_try_get(folio);
}

void
gup_put_folio(struct folio *folio, unsigned int flags)
{
	if (flags & FOLL_PIN) {
		count_vm_event(NR_FOLL_PIN_RELEASED);
		trace_mm(TRACE_UNPIN, folio, "bias %u", GUP_PIN_COUNTING_BIAS);
		folio_put_refs(folio, GUP_PIN_COUNTING_BIAS);
		return;
	}
	folio_put(folio);
}

/* Linux's check_vma_flags(): may this VMA be accessed like this? */
static int
check_vma_flags(struct vm_area_struct *vma, unsigned int flags)
{
	const struct pin_policy *policy = pin_policy_get();
	bool write = flags & FOLL_WRITE;
	int err;

	if (vma->vm_flags & (VM_IO | VM_PFNMAP))
		return -EFAULT;
	if ((flags & FOLL_ANON) && !vma_is_anonymous(vma))
		return -EFAULT;
	if (write && !vma_is_anonymous(vma) && (flags & FOLL_PIN)) {
		err = policy->check_vma(vma, flags);
		trace_mm(TRACE_POLICY, NULL, "%s slow %s flags %#x",
			 policy->name, err ? "refuse" : "allow", flags);
		if (err) {
			count_vm_event(GUP_REFUSED);
			return err;
		}
	}
	if (write && !(vma->vm_flags & VM_WRITE)) {
		/* FOLL_FORCE may write only through a COW mapping. */
		if (!(flags & FOLL_FORCE) || (vma->vm_flags & VM_SHARED))
			return -EFAULT;
	}
	if (!write && !(vma->vm_flags & VM_READ) && !(flags & FOLL_FORCE))
		return -EFAULT;
	return 0;
}

/*
 * Find the page at @addr if it is present and usable for @flags, and
 * grab it. Returns the page, NULL if a fault is needed, or an ERR_PTR.
 */
static struct page *
follow_page(struct vm_area_struct *vma, unsigned long addr,
	    unsigned int flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = NULL;
	pte_t *ptep, pte;

	spin_lock(&mm->page_table_lock);
	ptep = walk_user_pte(mm, addr);
	if (ptep == NULL)
		goto out;
	pte = *ptep;
	if (!pte_present(pte) || pte_special(pte))
		goto out;
	if ((flags & FOLL_WRITE) && !pte_write(pte))
		goto out;	/* fault: COW break or write notification */
	page = pfn_to_page(pte_pfn(pte));
	if (!try_grab_folio(page_folio(page), flags)) {
		page = ERR_PTR(-ENOMEM);
		goto out;
	}
	if (flags & FOLL_TOUCH) {
		ptep->pte |= _PAGE_ACCESSED;
		if (flags & FOLL_WRITE)
			ptep->pte |= _PAGE_DIRTY;
	}
out:
	spin_unlock(&mm->page_table_lock);
	return page;
}

static int
faultin_page(struct vm_area_struct *vma, unsigned long addr,
	     unsigned int flags)
{
	unsigned int fault_flags = FAULT_FLAG_REMOTE;
	vm_fault_t ret;

	if (flags & FOLL_NOFAULT)
		return -EFAULT;
	if (flags & FOLL_WRITE)
		fault_flags |= FAULT_FLAG_WRITE;
	ret = handle_mm_fault(vma, addr, fault_flags);
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_ERROR)
		return -EFAULT;
	return 0;
}

/* One page: look it up, faulting it in as often as needed. */
static struct page *
get_one_page(struct vm_area_struct *vma, unsigned long addr,
	     unsigned int flags)
{
	for (int tries = 0; tries < 8; tries++) {
		struct page *page = follow_page(vma, addr, flags);
		int err;

		if (page)
			return page;
		err = faultin_page(vma, addr, flags);
		if (err)
			return ERR_PTR(err);
	}
	return ERR_PTR(-EFAULT);	/* something keeps undoing the fault */
}

static long
__get_user_pages(struct mm_struct *mm, unsigned long start,
		 unsigned long nr_pages, unsigned int flags,
		 struct page **pages)
{
	struct vm_area_struct *vma = NULL;
	unsigned long i;
	int err;

	for (i = 0; i < nr_pages; i++, start += PAGE_SIZE) {
		if (vma == NULL || start >= vma->vm_end) {
			vma = vma_lookup(mm, start);
			err = vma ? check_vma_flags(vma, flags) : -EFAULT;
			if (err)
				return i ? (long)i : err;
		}
		struct page *page = get_one_page(vma, start, flags);

		if (IS_ERR(page))
			return i ? (long)i : PTR_ERR(page);
		pages[i] = page;
		if (flags & FOLL_PIN)
			count_vm_event(GUP_SLOW_PINNED);
	}
	return (long)i;
}

long
__gup_longterm_locked(struct mm_struct *mm, unsigned long start,
		      unsigned long nr_pages, struct page **pages,
		      unsigned int flags)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	return __get_user_pages(mm, start, nr_pages, flags | FOLL_TOUCH,
				pages);
}

long
pin_user_pages(unsigned long start, unsigned long nr_pages,
	       unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	return __gup_longterm_locked(current->mm, start, nr_pages, pages,
				     gup_flags);
}

long
get_user_pages(unsigned long start, unsigned long nr_pages,
	       unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, &gup_flags, FOLL_GET))
		return -EINVAL;
	return __gup_longterm_locked(current->mm, start, nr_pages, pages,
				     gup_flags);
}

long
pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			struct page **pages, unsigned int gup_flags)
{
	struct mm_struct *mm = current->mm;
	long ret;

	if (!is_valid_gup_args(pages, &gup_flags, FOLL_PIN))
		return -EINVAL;
	down_read(&mm->mmap_lock);
	ret = __gup_longterm_locked(mm, start, nr_pages, pages, gup_flags);
	up_read(&mm->mmap_lock);
	return ret;
}

void
unpin_user_page(struct page *page)
{
	gup_put_folio(page_folio(page), FOLL_PIN);
}

void
unpin_user_pages(struct page **pages, unsigned long npages)
{
	for (unsigned long i = 0; i < npages; i++)
		unpin_user_page(pages[i]);
}

/*
 * Step 4 of the scenario lives here: a pin holder that wrote to the
 * pages (through the direct map, invisibly to the page tables) marks
 * them dirty on release. Racing with writeback's
 * folio_clear_dirty_for_io() is harmless for the flags, but the
 * filesystem was never asked (no ->page_mkwrite): that is the problem
 * the 6.5 rule avoids by refusing such pins up front.
 */
void
unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
			    bool make_dirty)
{
	for (unsigned long i = 0; i < npages; i++) {
		struct folio *folio = page_folio(pages[i]);

		if (make_dirty && !folio_test_dirty(folio)) {
			folio_lock(folio);
			folio_mark_dirty(folio);
			folio_unlock(folio);
		}
		gup_put_folio(folio, FOLL_PIN);
	}
}

int
gup_pin_leak_check(void)
{
	long got = (long)global_vm_event(NR_FOLL_PIN_ACQUIRED);
	long put = (long)global_vm_event(NR_FOLL_PIN_RELEASED);
	unsigned long pinned = 0;

	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct folio *f = page_folio(pfn_to_page(pfn));

		if (!folio_test_reserved(f) && folio_maybe_dma_pinned(f))
			pinned++;
	}
	if (got == put && pinned == 0)
		return 0;
	printk(KERN_ERR "gup: pin leak: %ld pins acquired, %ld released, "
	       "%lu folios still look pinned\n", got, put, pinned);
	return -1;
}

static struct kunit_post_check pin_leak_check = {
	.name = "pin leak (nr_foll_pin_acquired == nr_foll_pin_released)",
	.check = gup_pin_leak_check,
};
kunit_post_suite_check(pin_leak_check);
