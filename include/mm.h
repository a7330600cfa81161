/*
 * struct page / struct folio helpers: the mem_map, flags, reference
 * counts and the pin bias.
 *
 * Flag bits are set and cleared atomically; PG_locked is the folio
 * lock (a sleeping bit lock, see folio_lock() in mm/filemap.c).
 */
#ifndef _PINOS_MM_H
#define _PINOS_MM_H

#include <mm_types.h>
#include <printk.h>

enum pageflags {
	PG_locked,
	PG_uptodate,
	PG_dirty,
	PG_writeback,
	PG_reserved,	/* not managed by the buddy allocator */
	PG_buddy,	/* free, on a buddy free list; index = order */
	PG_slab,	/* owned by the slab allocator */
	PG_lru,
	PG_swapbacked,	/* anon or shmem: backed by memory, not a file */
	PG_error,
	PG_poisoned,	/* debug: freed and poisoned */
	PG_pagetable,	/* a page-table page */
	__NR_PAGEFLAGS,
};

extern struct page *mem_map;
extern unsigned long max_pfn;	/* one past the highest RAM pfn */

static inline struct page *
pfn_to_page(unsigned long pfn)
{
	return &mem_map[pfn];
}

static inline unsigned long
page_to_pfn(const struct page *p)
{
	return (unsigned long)(p - mem_map);
}

static inline bool
pfn_valid(unsigned long pfn)
{
	return pfn < max_pfn;
}

#define page_to_phys(p)  PFN_PHYS(page_to_pfn(p))
#define page_address(p)  __va(page_to_phys(p))
#define virt_to_page(v)  pfn_to_page(PFN_DOWN(__pa(v)))
#define page_folio(p)    ((struct folio *)(p))
#define folio_page(f, n) (&(f)->page + (n))
#define folio_pfn(f)     page_to_pfn(&(f)->page)
#define folio_address(f) page_address(&(f)->page)
#define virt_to_folio(v) page_folio(virt_to_page(v))

#define FOLIO_FLAG_FNS(name, bit)                                        \
	static inline bool folio_test_##name(const struct folio *f)      \
	{                                                                \
		return test_bit(bit, &f->flags);                         \
	}                                                                \
	static inline void folio_set_##name(struct folio *f)             \
	{                                                                \
		set_bit(bit, &f->flags);                                 \
	}                                                                \
	static inline void folio_clear_##name(struct folio *f)           \
	{                                                                \
		clear_bit(bit, &f->flags);                               \
	}                                                                \
	static inline bool folio_test_set_##name(struct folio *f)        \
	{                                                                \
		return test_and_set_bit(bit, &f->flags);                 \
	}                                                                \
	static inline bool folio_test_clear_##name(struct folio *f)      \
	{                                                                \
		return test_and_clear_bit(bit, &f->flags);               \
	}

FOLIO_FLAG_FNS(locked, PG_locked)
FOLIO_FLAG_FNS(uptodate, PG_uptodate)
FOLIO_FLAG_FNS(dirty, PG_dirty)
FOLIO_FLAG_FNS(writeback, PG_writeback)
FOLIO_FLAG_FNS(reserved, PG_reserved)
FOLIO_FLAG_FNS(buddy, PG_buddy)
FOLIO_FLAG_FNS(slab, PG_slab)
FOLIO_FLAG_FNS(lru, PG_lru)
FOLIO_FLAG_FNS(swapbacked, PG_swapbacked)
FOLIO_FLAG_FNS(error, PG_error)
FOLIO_FLAG_FNS(poisoned, PG_poisoned)
FOLIO_FLAG_FNS(pagetable, PG_pagetable)

#define PageReserved(p) folio_test_reserved(page_folio(p))
#define PageBuddy(p)    folio_test_buddy(page_folio(p))

/*
 * folio->mapping encoding, as in Linux: an anonymous folio stores its
 * anon_vma pointer with bit 0 (PAGE_MAPPING_ANON) set; a page-cache
 * folio stores its address_space (aligned, low bits clear); NULL means
 * not (or no longer) in any mapping, e.g. truncated.
 */
#define PAGE_MAPPING_ANON  0x1UL
#define PAGE_MAPPING_FLAGS 0x3UL

static inline bool
folio_test_anon(const struct folio *f)
{
	return ((unsigned long)READ_ONCE(f->mapping) & PAGE_MAPPING_ANON) != 0;
}

/* The page cache mapping, or NULL for anon and unmapped folios. */
static inline struct address_space *
folio_mapping(const struct folio *f)
{
	unsigned long m = (unsigned long)READ_ONCE(f->mapping);

	if (m & PAGE_MAPPING_FLAGS)
		return NULL;
	return (struct address_space *)m;
}

/* Reference counts. */
static inline int
folio_ref_count(const struct folio *f)
{
	return atomic_read(&f->_refcount);
}

static inline void
folio_ref_add(struct folio *f, int n)
{
	atomic_add(n, &f->_refcount);
}

static inline void
folio_get(struct folio *f)
{
	WARN_ON(folio_ref_count(f) <= 0);
	atomic_inc(&f->_refcount);
}

/*
 * Take a reference only if the folio is not already free (refcount 0).
 * This is the speculative reference GUP-fast takes: the folio may be
 * freed and reused under it, so it must never resurrect a free folio.
 */
static inline bool
folio_try_get(struct folio *f)
{
	return atomic_add_unless(&f->_refcount, 1, 0);
}

static inline bool
folio_ref_try_add(struct folio *f, int n)
{
	return atomic_add_unless(&f->_refcount, n, 0);
}

void folio_put(struct folio *f);
void folio_put_refs(struct folio *f, int refs);
#define get_page(p) folio_get(page_folio(p))
#define put_page(p) folio_put(page_folio(p))
#define page_ref_count(p) folio_ref_count(page_folio(p))

static inline int
folio_mapcount(const struct folio *f)
{
	return atomic_read(&f->_mapcount) + 1;
}

static inline bool
folio_mapped(const struct folio *f)
{
	return folio_mapcount(f) > 0;
}

/*
 * GUP_PIN_COUNTING_BIAS: a FOLL_PIN reference adds 1024 to _refcount.
 * folio_maybe_dma_pinned() is therefore fuzzy: a folio with 1024
 * ordinary references looks pinned (false positive); a pinned folio
 * never looks unpinned (no false negatives). Callers that act on it
 * (writeback policies) must tolerate false positives.
 */
#define GUP_PIN_COUNTING_BIAS (1U << 10)

static inline bool
folio_maybe_dma_pinned(const struct folio *f)
{
	return (unsigned int)folio_ref_count(f) >= GUP_PIN_COUNTING_BIAS;
}

#endif
