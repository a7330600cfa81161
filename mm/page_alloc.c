/*
 * The page allocator: a binary buddy allocator over all free RAM.
 *
 * Interface (gfp.h): alloc_pages() hands out a naturally aligned block
 * of 2^order pages whose head page has refcount 1; __free_pages() drops
 * that reference and returns the block when it reaches zero;
 * free_unref_page() returns a block whose refcount is already zero (the
 * folio_put() path). At boot the lead's memblock code calls
 * page_alloc_init() once, then free_pfn_range() for each free range.
 *
 * Free blocks sit on free_area[order].free_list. Only the head page of
 * a free block is marked PG_buddy, with the block's order in
 * page->index; the other pages of the block carry no state but
 * PG_poisoned. Two free blocks of order n whose pfns differ only in
 * bit n are "buddies" and are merged into one block of order n + 1.
 *
 * Locking: zone_lock, taken with spin_lock_irqsave() because interrupt
 * handlers allocate, protects free_area[], every PG_buddy bit and
 * page->index of free heads, and the counters. A block taken off a
 * list belongs to the caller, so preparing or poisoning it happens
 * with the lock dropped. The lock is a leaf: nothing else is taken
 * while it is held.
 *
 * Debugging: freed pages are filled with 0x6b and marked PG_poisoned;
 * allocation checks the first and last 8 bytes of each such page and
 * reports a write after free. Double frees and frees of reserved pages
 * are reported and ignored rather than allowed to corrupt the lists.
 */
#include <gfp.h>
#include <memblock.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>
#include <time.h>

#define PAGE_POISON      0x6b
#define PAGE_POISON_WORD 0x6b6b6b6b6b6b6b6bUL

struct free_area {
	struct list_head free_list;
	unsigned long nr_free;	/* blocks on free_list */
};

static struct free_area free_area[MAX_ORDER];
static DEFINE_SPINLOCK(zone_lock);
static unsigned long free_pages_count;	/* pages, under zone_lock */
static unsigned long managed_pages;	/* pages given to us at boot */

/* Write-after-free detections, read by tests/kernel/buddy_test.c. */
unsigned long page_poison_errors;

/* Flags that must be clear when a page is freed: still in use. */
#define PAGE_FLAGS_CHECK_AT_FREE                                        \
	((1UL << PG_locked) | (1UL << PG_writeback) | (1UL << PG_lru) | \
	 (1UL << PG_slab) | (1UL << PG_buddy) | (1UL << PG_reserved))

/* ---- free lists (zone_lock held) ---- */

static bool
page_is_buddy(struct page *p, unsigned int order)
{
	return PageBuddy(p) && p->index == order;
}

static void
add_to_free_list(struct page *p, unsigned int order)
{
	p->index = order;
	set_bit(PG_buddy, &p->flags);
	list_add(&p->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

static void
del_from_free_list(struct page *p, unsigned int order)
{
	list_del(&p->lru);
	clear_bit(PG_buddy, &p->flags);
	p->index = 0;
	free_area[order].nr_free--;
}

/*
 * Put the block at @pfn back, merging with its buddy for as long as
 * the buddy is a free block of exactly the same order. A buddy of a
 * different order is only partly free, so it must not be absorbed.
 */
static void
__free_one_block(unsigned long pfn, unsigned int order)
{
	free_pages_count += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_valid(buddy_pfn))
			break;
		buddy = pfn_to_page(buddy_pfn);
		if (!page_is_buddy(buddy, order))
			break;
		del_from_free_list(buddy, order);
		pfn &= buddy_pfn;	/* the merged block starts lower */
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), order);
}

/*
 * Split a block of order @high down to order @low, giving the upper
 * half back at each step; the caller keeps the lowest 2^low pages.
 */
static void
expand(struct page *p, unsigned int low, unsigned int high)
{
	while (high > low) {
		high--;
		add_to_free_list(p + (1UL << high), high);
	}
}

/* Take the smallest free block that fits; NULL if there is none. */
static struct page *
__rmqueue(unsigned int order)
{
	unsigned int o;

	for (o = order; o < MAX_ORDER; o++) {
		struct free_area *area = &free_area[o];
		struct page *p;

		if (list_empty(&area->free_list))
			continue;
		p = list_first_entry(&area->free_list, struct page, lru);
		del_from_free_list(p, o);
		expand(p, order, o);
		free_pages_count -= 1UL << order;
		return p;
	}
	return NULL;
}

/* ---- poisoning ---- */

static void
poison_page(struct page *p)
{
	memset(page_address(p), PAGE_POISON, PAGE_SIZE);
	set_bit(PG_poisoned, &p->flags);
}

/*
 * Only the ends of the page are checked: a full scan would make every
 * allocation read 4 KiB, and stray writes tend to hit headers.
 */
static void
check_poison(struct page *p)
{
	unsigned long *first = page_address(p);
	unsigned long *last = first + PAGE_SIZE / sizeof(long) - 1;

	if (!test_and_clear_bit(PG_poisoned, &p->flags))
		return;
	if (*first == PAGE_POISON_WORD && *last == PAGE_POISON_WORD)
		return;
	__atomic_fetch_add(&page_poison_errors, 1, __ATOMIC_RELAXED);
	pr_err("page_alloc: pfn %#lx written after free "
	       "(first %#lx last %#lx)\n", page_to_pfn(p), *first, *last);
	WARN_ON(1);
}

/* ---- allocation ---- */

/*
 * At most 10 failure reports per 5 seconds. The counters are racy on
 * purpose: a lost update only means one report more or less.
 */
static bool
alloc_warn_ratelimit(void)
{
	static unsigned long window;
	static int printed;
	unsigned long now = jiffies;

	if (time_after(now, window + 5 * HZ) || printed == 0) {
		window = now;
		printed = 0;
	}
	return ++printed <= 10;
}

static void
warn_alloc(gfp_t gfp, unsigned int order)
{
	if ((gfp & __GFP_NOWARN) || !alloc_warn_ratelimit())
		return;
	pr_warn("page allocation failure: order:%u, gfp:%#x, "
		"free pages %lu\n", order, gfp, nr_free_pages());
}

static void
init_page_state(struct page *p, int refcount)
{
	WRITE_ONCE(p->flags, 0);
	INIT_LIST_HEAD(&p->lru);
	p->mapping = NULL;
	p->index = 0;
	p->private = 0;
	atomic_set(&p->_mapcount, -1);
	atomic_set(&p->_refcount, refcount);
}

/*
 * Make a block taken off the free lists fit for its new owner. The
 * refcount is set last, after a barrier, so a speculative
 * folio_try_get() on a stale pointer never sees a half-made page.
 */
static void
prep_new_page(struct page *p, unsigned int order, gfp_t gfp)
{
	unsigned long i, n = 1UL << order;

	for (i = 0; i < n; i++) {
		check_poison(p + i);
		init_page_state(p + i, 0);
	}
	if (gfp & __GFP_ZERO)
		memset(page_address(p), 0, n * PAGE_SIZE);
	smp_mb();
	atomic_set(&p->_refcount, 1);
}

struct page *
alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *p = NULL;

	if (order < MAX_ORDER) {
		spin_lock_irqsave(&zone_lock, flags);
		p = __rmqueue(order);
		spin_unlock_irqrestore(&zone_lock, flags);
	}
	if (!p) {
		warn_alloc(gfp, order);
		return NULL;
	}
	prep_new_page(p, order, gfp);
	return p;
}

unsigned long
__get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *p = alloc_pages(gfp, order);

	return p ? (unsigned long)page_address(p) : 0;
}

/* ---- freeing ---- */

static void
bad_page(struct page *p, const char *why)
{
	pr_err("page_alloc: bad page pfn %#lx: %s (flags %#lx ref %d "
	       "map %d)\n", page_to_pfn(p), why, p->flags,
	       atomic_read(&p->_refcount), atomic_read(&p->_mapcount));
	WARN_ON(1);
}

/*
 * Check the head of a block being freed and poison the whole block.
 * A bad page is leaked, not freed: putting a page that someone still
 * uses on a free list would corrupt two owners instead of one.
 */
static bool
free_pages_prepare(struct page *p, unsigned int order)
{
	unsigned long m = (unsigned long)p->mapping;
	unsigned long i;

	if (p->flags & PAGE_FLAGS_CHECK_AT_FREE) {
		bad_page(p, PageBuddy(p) ? "double free" : "flags still set");
		return false;
	}
	if (atomic_read(&p->_mapcount) != -1) {
		bad_page(p, "still mapped");
		return false;
	}
	/* An anon_vma link is dropped silently; a page cache one is a bug. */
	if (m && !(m & PAGE_MAPPING_ANON)) {
		bad_page(p, "still in the page cache");
		return false;
	}
	for (i = 0; i < (1UL << order); i++) {
		init_page_state(p + i, 0);
		poison_page(p + i);
	}
	return true;
}

/* Free a block whose refcount has already dropped to zero. */
void
free_unref_page(struct page *p, unsigned int order)
{
	unsigned long flags;

	if (WARN_ON(order >= MAX_ORDER) ||
	    WARN_ON(!IS_ALIGNED(page_to_pfn(p), 1UL << order)))
		return;
	if (atomic_read(&p->_refcount) != 0) {
		bad_page(p, "freed with references");
		return;
	}
	if (!free_pages_prepare(p, order))
		return;
	spin_lock_irqsave(&zone_lock, flags);
	__free_one_block(page_to_pfn(p), order);
	spin_unlock_irqrestore(&zone_lock, flags);
}

/*
 * Drop one reference; free at zero. The decrement refuses to go below
 * zero, so freeing an already free page (refcount 0) is reported
 * instead of queueing the block twice.
 */
void
__free_pages(struct page *p, unsigned int order)
{
	int old = atomic_read(&p->_refcount);

	do {
		if (old <= 0) {
			bad_page(p, PageBuddy(p) ? "double free"
						 : "free of a free page");
			return;
		}
	} while (!atomic_try_cmpxchg(&p->_refcount, &old, old - 1));
	if (old == 1)
		free_unref_page(p, order);
}

void
free_pages(unsigned long addr, unsigned int order)
{
	if (addr != 0)
		__free_pages(virt_to_page((void *)addr), order);
}

/* ---- boot ---- */

void
page_alloc_init(void)
{
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		INIT_LIST_HEAD(&free_area[o].free_list);
		free_area[o].nr_free = 0;
	}
	free_pages_count = 0;
	managed_pages = 0;
}

/* The largest order a block starting at @pfn and ending by @end has. */
static unsigned int
max_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = MAX_ORDER - 1;

	while (order > 0 && (!IS_ALIGNED(pfn, 1UL << order) ||
			     pfn + (1UL << order) > end))
		order--;
	return order;
}

/* Only reserved, never-freed pages may enter: a repeat would corrupt. */
static bool
range_is_reserved(unsigned long start, unsigned long end)
{
	unsigned long pfn;

	for (pfn = start; pfn < end; pfn++) {
		if (!PageReserved(pfn_to_page(pfn))) {
			pr_err("page_alloc: pfn %#lx given twice\n", pfn);
			return false;
		}
	}
	return true;
}

/*
 * Boot pages are not poisoned: filling all RAM would slow boot for no
 * benefit, and check_poison() only looks at PG_poisoned pages.
 */
void
free_pfn_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn, flags;

	if (WARN_ON(end_pfn > max_pfn))
		end_pfn = max_pfn;
	if (start_pfn >= end_pfn)
		return;
	if (WARN_ON(!range_is_reserved(start_pfn, end_pfn)))
		return;
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		init_page_state(pfn_to_page(pfn), 0);
	managed_pages += end_pfn - start_pfn;
	for (pfn = start_pfn; pfn < end_pfn;) {
		unsigned int order = max_block_order(pfn, end_pfn);

		spin_lock_irqsave(&zone_lock, flags);
		__free_one_block(pfn, order);
		spin_unlock_irqrestore(&zone_lock, flags);
		pfn += 1UL << order;
	}
}

/* ---- statistics ---- */

unsigned long
nr_free_pages(void)
{
	return READ_ONCE(free_pages_count);
}

unsigned long
totalram_pages(void)
{
	return READ_ONCE(managed_pages);
}

unsigned long
nr_free_blocks(unsigned int order)
{
	if (order >= MAX_ORDER)
		return 0;
	return READ_ONCE(free_area[order].nr_free);
}

/*
 * Format like Linux's /proc/buddyinfo: one zone, free block counts
 * per order. The counts are copied under the lock so the line is one
 * consistent snapshot. Returns the bytes written, excluding the NUL.
 */
int
buddyinfo_show(char *buf, size_t len)
{
	unsigned long counts[MAX_ORDER], flags;
	size_t off;
	unsigned int o;

	if (len == 0)
		return 0;
	spin_lock_irqsave(&zone_lock, flags);
	for (o = 0; o < MAX_ORDER; o++)
		counts[o] = free_area[o].nr_free;
	spin_unlock_irqrestore(&zone_lock, flags);
	off = snprintf(buf, len, "Node 0, zone %8s ", "Normal");
	for (o = 0; o < MAX_ORDER && off < len; o++)
		off += snprintf(buf + off, len - off, "%6lu ", counts[o]);
	if (off < len)
		off += snprintf(buf + off, len - off, "\n");
	return off < len ? (int)off : (int)len - 1;
}
