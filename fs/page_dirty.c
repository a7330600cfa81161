/*
 * Dirtying page-cache folios (Linux's mm/page-writeback.c, the part
 * that exists before writeback does).
 *
 * folio_mark_dirty() lets the mapping decide: a_ops->dirty_folio if
 * set, else filemap_dirty_folio(). filemap_dirty_folio() sets PG_dirty
 * and, the first time, accounts the folio: NR_FILE_DIRTY and
 * mapping->nr_dirty go up (only for mappings that can write back, as
 * in Linux: nothing will ever clean a tmpfs folio, so counting it as
 * "Dirty" would be a lie), and the host inode becomes I_DIRTY_PAGES
 * with dirtied_when set if it was clean. noop_dirty_folio() (tmpfs)
 * only sets the flag.
 *
 * Locking: the test-and-set of PG_dirty and the accounting happen
 * under mapping->i_pages_lock, the lock filemap_remove_folio() holds
 * when it clears the flag and un-accounts, so a racing truncation can
 * never count a folio clean that was not counted dirty.
 */
#include <fs.h>
#include <mm.h>
#include <vmstat.h>

bool
noop_dirty_folio(struct address_space *m, struct folio *f)
{
	return !folio_test_set_dirty(f);
}

bool
filemap_dirty_folio(struct address_space *m, struct folio *f)
{
	unsigned long flags;
	bool newly;

	spin_lock_irqsave(&m->i_pages_lock, flags);
	newly = !folio_test_set_dirty(f);
	if (newly && f->mapping == m && mapping_can_writeback(m)) {
		m->nr_dirty++;
		mod_node_page_state(NR_FILE_DIRTY, 1);
	}
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
	if (newly && m->host)
		__mark_inode_dirty(m->host, I_DIRTY_PAGES);
	return newly;
}

/* Returns true if the folio was clean before. */
bool
folio_mark_dirty(struct folio *f)
{
	struct address_space *m = folio_mapping(f);

	if (!m)
		return !folio_test_set_dirty(f);
	if (m->a_ops && m->a_ops->dirty_folio)
		return m->a_ops->dirty_folio(m, f);
	return filemap_dirty_folio(m, f);
}

/*
 * Forget a locked folio's dirtiness without writing it (truncation of
 * a folio that stays in the cache, e.g. the partial last page).
 */
void
folio_cancel_dirty(struct folio *f)
{
	struct address_space *m = folio_mapping(f);
	unsigned long flags;

	if (!m) {
		folio_clear_dirty(f);
		return;
	}
	spin_lock_irqsave(&m->i_pages_lock, flags);
	if (folio_test_clear_dirty(f) && f->mapping == m &&
	    mapping_can_writeback(m)) {
		m->nr_dirty--;
		mod_node_page_state(NR_FILE_DIRTY, -1);
	}
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
}
