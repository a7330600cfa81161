/*
 * Folio reference drops and allocation.
 *
 * Interface (mm.h, gfp.h): folio_alloc() returns an order-0 folio with
 * refcount 1 and no mapping; folio_put() and folio_put_refs() drop
 * references and give the page back to the buddy allocator when the
 * last one goes. Dropping more references than the folio holds is a
 * bug: it is reported with WARN and the count is left untouched, so a
 * page that is already free is never freed a second time.
 *
 * Locking: none of our own. The refcount is atomic and the drop that
 * takes it to zero is the only one that can see zero, so exactly one
 * caller frees. Callers must already have taken the folio off the LRU
 * and out of any page cache (free_unref_page() checks both).
 */
#include <gfp.h>
#include <printk.h>

struct folio *
folio_alloc(gfp_t gfp)
{
	struct page *p = alloc_pages(gfp, 0);

	return p ? page_folio(p) : NULL;
}

/*
 * A compare-and-swap loop rather than atomic_sub_return(): a plain
 * subtraction would briefly publish a negative count, and a racing
 * folio_try_get() could then "succeed" on a freed page.
 */
void
folio_put_refs(struct folio *f, int refs)
{
	int old = atomic_read(&f->_refcount);

	do {
		if (old < refs) {
			pr_err("folio_put: pfn %#lx refcount %d, dropping %d\n",
			       folio_pfn(f), old, refs);
			WARN_ON(1);
			return;
		}
	} while (!atomic_try_cmpxchg(&f->_refcount, &old, old - refs));
	if (old == refs)
		free_unref_page(&f->page, 0);
}

void
folio_put(struct folio *f)
{
	folio_put_refs(f, 1);
}
