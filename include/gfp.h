/*
 * The page allocator (mm/page_alloc.c): a binary buddy allocator over
 * all free RAM, orders 0 to MAX_ORDER - 1, one zone, protected by an
 * irqsave spinlock. Allocation failure returns NULL, never a
 * half-initialised page.
 */
#ifndef _PINOS_GFP_H
#define _PINOS_GFP_H

#include <mm.h>

#define MAX_ORDER 11		/* 4 KiB .. 4 MiB blocks */

#define __GFP_ZERO   0x1u
#define __GFP_NOWARN 0x2u
#define GFP_KERNEL   0x0u
#define GFP_ATOMIC   0x0u	/* the allocator never sleeps */

struct page *alloc_pages(gfp_t gfp, unsigned int order);
void __free_pages(struct page *p, unsigned int order);
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);

static inline struct page *
alloc_page(gfp_t gfp)
{
	return alloc_pages(gfp, 0);
}

static inline unsigned long
get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

#define __free_page(p) __free_pages(p, 0)
#define free_page(a)   free_pages(a, 0)

/* Folio allocation: a fresh folio has refcount 1 and no mapping. */
struct folio *folio_alloc(gfp_t gfp);

unsigned long nr_free_pages(void);
unsigned long totalram_pages(void);
/* Free page count per order, for tests and /proc/buddyinfo. */
unsigned long nr_free_blocks(unsigned int order);

/*
 * Free a block whose refcount is already zero (the folio_put() path);
 * __free_pages() is the one for callers holding a reference.
 */
void free_unref_page(struct page *p, unsigned int order);

/* Linux /proc/buddyinfo format; returns the bytes written to @buf. */
int buddyinfo_show(char *buf, size_t len);

/* Debug: pages found modified after they were freed (poison check). */
extern unsigned long page_poison_errors;

#endif
