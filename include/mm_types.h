/*
 * The core memory-management structures, with Linux's names:
 *
 *   struct page   one per physical 4 KiB frame, in the mem_map array;
 *   struct folio  a page seen as a unit of memory management. pinos
 *                 folios are single pages (order 0), so a folio and
 *                 its head page are the same memory; the union below
 *                 keeps both views, as Linux does;
 *   struct address_space  the page cache of one inode (fs/pagecache);
 *   struct vm_area_struct a VMA; struct mm_struct an address space.
 *
 * Reference counting: _refcount counts every reference (page tables,
 * page cache, GUP). A FOLL_PIN pin adds GUP_PIN_COUNTING_BIAS instead
 * of 1 so that folio_maybe_dma_pinned() can tell "probably pinned"
 * from the refcount alone. _mapcount counts PTEs mapping the page,
 * starting at -1 as in Linux.
 */
#ifndef _PINOS_MM_TYPES_H
#define _PINOS_MM_TYPES_H

#include <atomic.h>
#include <list.h>
#include <asm/pgtable.h>

struct address_space;

struct page {
	unsigned long flags;		/* PG_* bits, atomic */
	struct list_head lru;		/* buddy free list, LRU, ... */
	struct address_space *mapping;	/* low bit set: anon_vma */
	pgoff_t index;			/* offset in mapping, or buddy order */
	unsigned long private;		/* owner-specific */
	atomic_t _mapcount;
	atomic_t _refcount;
};

struct folio {
	union {
		struct {
			unsigned long flags;
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
			atomic_t _mapcount;
			atomic_t _refcount;
		};
		struct page page;
	};
};

#define FOLIO_MATCH(pg, fl) \
	static_assert(offsetof(struct page, pg) == offsetof(struct folio, fl), \
		      "folio/page layout mismatch: " #fl)
FOLIO_MATCH(flags, flags);
FOLIO_MATCH(lru, lru);
FOLIO_MATCH(mapping, mapping);
FOLIO_MATCH(index, index);
FOLIO_MATCH(private, private);
FOLIO_MATCH(_mapcount, _mapcount);
FOLIO_MATCH(_refcount, _refcount);
static_assert(sizeof(struct page) == sizeof(struct folio), "folio size");

#endif
