/*
 * get_user_pages and pin_user_pages (mm/gup.c, mm/gup_fast.c).
 *
 * FOLL_GET takes an ordinary reference (the caller will look at the
 * page briefly); FOLL_PIN, set only by the pin_user_pages*() entry
 * points, adds GUP_PIN_COUNTING_BIAS so writeback and the pin policies
 * can see the page may be under DMA (folio_maybe_dma_pinned()).
 * Pins are released only with unpin_user_page*(): never put_page().
 *
 * Return values follow Linux: the number of pages taken, which may be
 * fewer than asked (stopping at the first page that cannot be taken),
 * or -errno if none was taken.
 */
#ifndef _PINOS_GUP_H
#define _PINOS_GUP_H

#include <mm_types.h>

/* Public FOLL_* flags: Linux's values (include/linux/mm_types.h). */
#define FOLL_WRITE		(1U << 0)
#define FOLL_GET		(1U << 1)
#define FOLL_DUMP		(1U << 2)
#define FOLL_FORCE		(1U << 3)
#define FOLL_NOWAIT		(1U << 4)
#define FOLL_NOFAULT		(1U << 5)
#define FOLL_HWPOISON		(1U << 6)
#define FOLL_ANON		(1U << 7)
#define FOLL_LONGTERM		(1U << 8)
#define FOLL_SPLIT_PMD		(1U << 9)
#define FOLL_PCI_P2PDMA		(1U << 10)
#define FOLL_INTERRUPTIBLE	(1U << 11)
#define FOLL_HONOR_NUMA_FAULT	(1U << 12)

/*
 * pinos extension, not in Linux: a trusted caller asks the linux-exempt
 * policy to waive the long-term file-write rule (the VFIO request in
 * the seed thread, never merged). Other policies ignore it.
 */
#define FOLL_PINOS_EXEMPT	(1U << 13)

/* Internal flags (mm/internal.h in Linux); callers may not pass them. */
#define FOLL_TOUCH		(1U << 16)
#define FOLL_TRIED		(1U << 17)
#define FOLL_REMOTE		(1U << 18)
#define FOLL_PIN		(1U << 19)
#define FOLL_FAST_ONLY		(1U << 20)
#define FOLL_UNLOCKABLE		(1U << 21)
#define INTERNAL_GUP_FLAGS (FOLL_TOUCH | FOLL_TRIED | FOLL_REMOTE | \
			    FOLL_PIN | FOLL_FAST_ONLY | FOLL_UNLOCKABLE)

struct page;

/* Slow path: mmap_lock of current->mm held for read by the caller. */
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
/* Slow path that takes and drops mmap_lock itself. */
long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
/* Lockless fast path first, then the slow path for what is left. */
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
/* Fast path only, FOLL_GET (Linux's get_user_pages_fast_only). */
int get_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages);

void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages,
				 bool make_dirty);

/*
 * Internal, shared by the two paths (mm/gup.c). The mm is always
 * current->mm in pinos: there is no remote GUP.
 */
bool is_valid_gup_args(struct page **pages, unsigned int *gup_flags,
		       unsigned int to_set);
bool try_grab_folio(struct folio *folio, unsigned int flags);
void gup_put_folio(struct folio *folio, unsigned int flags);
long __gup_longterm_locked(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, struct page **pages,
			   unsigned int flags);

/* Leak check: pins taken == pins released and no folio left pinned. */
int gup_pin_leak_check(void);

#endif
