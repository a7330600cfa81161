/*
 * Truncating the page cache: truncate_inode_pages(mapping, lstart)
 * drops every folio wholly at or beyond byte @lstart and zeroes the
 * tail of the folio that straddles it.
 *
 * Each folio is locked, waited on if under writeback, and removed
 * (which un-accounts it if dirty: its data is gone). Folios still
 * mapped into page tables are first unmapped through the VM's
 * unmap_mapping_range() (mm/memory.c), before and after the removal,
 * as Linux's truncate_pagecache() does, so no PTE keeps a truncated
 * page.
 *
 * The caller holds i_rwsem (or is evicting an unused inode), so no
 * write() refills the range meanwhile; a racing page fault sees
 * folio->mapping == NULL or i_size and backs off.
 */
#include "internal.h"
#include <mman.h>

#define TRUNC_BATCH 16

static void
unmap_from(struct address_space *m, loff_t lstart)
{
	if (m->host)
		unmap_mapping_range(m, PAGE_ALIGN(lstart), 0, 1);
}

static void
truncate_folio(struct address_space *m, struct folio *f)
{
	folio_lock(f);
	if (f->mapping == m) {
		folio_wait_writeback(f);
		filemap_remove_folio(f);
	}
	folio_unlock(f);
}

static void
zero_tail(struct address_space *m, pgoff_t index, size_t from)
{
	struct folio *f = filemap_get_folio(m, index);

	if (IS_ERR(f))
		return;
	folio_lock(f);
	if (f->mapping == m) {
		folio_wait_writeback(f);
		memset(folio_address(f) + from, 0, PAGE_SIZE - from);
	}
	folio_unlock(f);
	folio_put(f);
}

void
truncate_inode_pages(struct address_space *m, loff_t lstart)
{
	pgoff_t index = (lstart + PAGE_SIZE - 1) >> PAGE_SHIFT;
	size_t partial = lstart & (PAGE_SIZE - 1);
	struct folio *batch[TRUNC_BATCH];
	unsigned int n;

	if (!READ_ONCE(m->nrpages))
		return;
	unmap_from(m, lstart);
	while ((n = filemap_get_folios(m, &index, ~0UL, batch, TRUNC_BATCH))) {
		for (unsigned int i = 0; i < n; i++) {
			truncate_folio(m, batch[i]);
			folio_put(batch[i]);
		}
	}
	if (partial)
		zero_tail(m, lstart >> PAGE_SHIFT, partial);
	unmap_from(m, lstart);
}
