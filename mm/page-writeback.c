/*
 * Writeback of page-cache folios: the sequence in include/writeback.h,
 * its variants under the pin policies, and the range walks that fsync,
 * msync, sync and the flusher share.
 *
 * Locking: the folio lock serializes writeback of one folio with
 * faults (->page_mkwrite locks the folio too) and truncation; once
 * PG_writeback is set the folio lock is dropped and PG_writeback alone
 * keeps a second writeback of the same folio waiting. PTE changes in
 * folio_mkclean() happen under each mm's page_table_lock.
 */
#include <writeback.h>
#include <errno.h>
#include <gup.h>
#include <mman.h>
#include <pin_policy.h>
#include <printk.h>
#include <slab.h>
#include <string.h>
#include <trace.h>
#include <vmstat.h>

#define FOLIO_BATCH 16

/*
 * Step 3 of the sequence. Returns true if the folio was dirty (it is
 * now clean and every PTE mapping it is read-only and clean). The PTE
 * dirty bits folio_mkclean() collects are folded into the folio first,
 * so a store that happened only through a mapping is not lost.
 */
bool
folio_clear_dirty_for_io(struct folio *folio)
{
	struct address_space *m = folio_mapping(folio);
	unsigned long flags;
	int cleaned;
	bool was_dirty;

	WARN_ON(!folio_test_locked(folio));
	if (m == NULL || !mapping_can_writeback(m))
		return folio_test_clear_dirty(folio);
	cleaned = folio_mkclean(folio);
	count_vm_events(WB_MKCLEAN_PTES, cleaned);
	trace_mm(TRACE_MKCLEAN, folio, "ptes %d", cleaned);
	if (cleaned)
		folio_mark_dirty(folio);
	spin_lock_irqsave(&m->i_pages_lock, flags);
	was_dirty = folio_test_clear_dirty(folio);
	if (was_dirty && folio->mapping == m) {
		m->nr_dirty--;
		mod_node_page_state(NR_FILE_DIRTY, -1);
	}
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
	return was_dirty;
}

/* Step 6: the filesystem's I/O is done (may run in interrupt context). */
void
folio_writeback_done(struct folio *folio, int err)
{
	struct address_space *m = folio_mapping(folio);

	if (err) {
		count_vm_event(WB_IO_ERRORS);
		folio_mark_dirty(folio);	/* keep the data: retry later */
		if (m) {
			m->wb_err = err;
			set_bit(AS_EIO, &m->flags);
		}
	} else {
		count_vm_event(WB_FOLIOS_WRITTEN);
	}
	trace_mm(TRACE_WB_END, folio, "err %d", err);
	folio_end_writeback(folio);
}

void
fs_invariant_violation(struct folio *folio, const char *why)
{
	struct address_space *m = folio_mapping(folio);
	unsigned long ino = m && m->host ? m->host->i_ino : 0;

	count_vm_event(FS_INVARIANT_VIOLATIONS);
	trace_mm(TRACE_FS_VIOLATION, folio, "ino %lu %s", ino, why);
	printk(KERN_WARNING "WARNING: filesystem invariant violated: dirty "
	       "folio of inode %lu index %lu has %s (dirtied without "
	       "->page_mkwrite or ->write_begin); not written\n", ino,
	       folio->index, why);
}

static struct page *
bounce_copy(struct folio *folio)
{
	struct page *b = alloc_page(0);

	if (b)
		memcpy(page_address(b), folio_address(folio), PAGE_SIZE);
	return b;
}

/* Steps 4-5, after the policy decided and the folio is locked. */
static int
submit_folio(struct folio *folio, struct writeback_control *wbc,
	     struct page *bounce)
{
	struct address_space *m = folio->mapping;
	int err;

	folio_start_writeback(folio);
	trace_mm(TRACE_WB_START, folio, "ino %lu%s", m->host->i_ino,
		 bounce ? " bounce" : "");
	folio_unlock(folio);
	wbc->bounce = bounce;
	err = m->a_ops->writepage(folio, wbc);
	wbc->bounce = NULL;
	wbc->nr_to_write--;
	return err;
}

/*
 * A folio that may be pinned and that the policy wants written but not
 * cleaned: the PTEs stay writable, PG_dirty stays set, so the pin
 * holder's later writes are still covered by known dirtiness.
 */
static int
write_keep_dirty(struct folio *folio, struct writeback_control *wbc,
		 bool bounce)
{
	struct page *b = NULL;
	int err;

	if (bounce) {
		b = bounce_copy(folio);
		if (b == NULL) {
			folio_unlock(folio);
			return -ENOMEM;
		}
		count_vm_event(WB_BOUNCED);
	} else {
		count_vm_event(WB_KEPT_DIRTY);
	}
	err = submit_folio(folio, wbc, b);
	if (b) {
		folio_wait_writeback(folio);
		__free_page(b);
	}
	return err;
}

static enum pin_wb_action
policy_decision(struct folio *folio, struct writeback_control *wbc)
{
	const struct pin_policy *p = pin_policy_get();
	enum pin_wb_action a;

	if (p->writeback == NULL)
		return PIN_WB_NORMAL;
	a = p->writeback(folio, wbc->sync_mode == WB_SYNC_ALL);
	if (a != PIN_WB_NORMAL)
		trace_mm(TRACE_POLICY, folio, "%s writeback action %d",
			 p->name, a);
	return a;
}

/* Steps 1-5 for one referenced folio. */
int
write_one_folio(struct folio *folio, struct writeback_control *wbc)
{
	enum pin_wb_action action;

	folio_lock(folio);
	if (folio->mapping == NULL || !folio_test_dirty(folio)) {
		folio_unlock(folio);	/* truncated, or written meanwhile */
		return 0;
	}
	if (folio_test_writeback(folio)) {
		if (wbc->sync_mode == WB_SYNC_NONE) {
			folio_unlock(folio);
			return 0;
		}
		folio_wait_writeback(folio);
	}
	action = policy_decision(folio, wbc);
	if (action == PIN_WB_SKIP) {
		count_vm_event(WB_SKIPPED_PINNED);
		folio_unlock(folio);
		return 0;
	}
	if (action != PIN_WB_NORMAL)
		return write_keep_dirty(folio, wbc, action == PIN_WB_BOUNCE);
	if (!folio_clear_dirty_for_io(folio)) {
		folio_unlock(folio);
		return 0;
	}
	return submit_folio(folio, wbc, NULL);
}

static void
put_batch(struct folio **batch, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		folio_put(batch[i]);
}

int
filemap_fdatawrite_range(struct address_space *m, loff_t start, loff_t end,
			 enum writeback_sync_modes mode)
{
	struct writeback_control wbc = { .sync_mode = mode,
					 .nr_to_write = 1L << 40,
					 .range_start = start,
					 .range_end = end };
	pgoff_t index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	struct folio *batch[FOLIO_BATCH];
	unsigned int n;
	int err = 0;

	if (!mapping_can_writeback(m) || m->a_ops->writepage == NULL)
		return 0;
	while ((n = filemap_get_folios(m, &index, last, batch, FOLIO_BATCH))) {
		for (unsigned int i = 0; i < n; i++) {
			int e = 0;

			if (folio_test_dirty(batch[i]))
				e = write_one_folio(batch[i], &wbc);
			err = err ? err : e;
		}
		put_batch(batch, n);
		if (index == ~0UL)
			break;
	}
	return err;
}

int
filemap_fdatawait_range(struct address_space *m, loff_t start, loff_t end)
{
	pgoff_t index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	struct folio *batch[FOLIO_BATCH];
	unsigned int n;

	while ((n = filemap_get_folios(m, &index, last, batch, FOLIO_BATCH))) {
		for (unsigned int i = 0; i < n; i++)
			folio_wait_writeback(batch[i]);
		put_batch(batch, n);
		if (index == ~0UL)
			break;
	}
	return 0;
}

/* fsync semantics: report a writeback error once, then forget it. */
static int
mapping_consume_error(struct address_space *m)
{
	if (!test_and_clear_bit(AS_EIO, &m->flags))
		return 0;
	m->wb_err = 0;
	return -EIO;
}

int
filemap_write_and_wait_range(struct address_space *m, loff_t start,
			     loff_t end)
{
	int err = filemap_fdatawrite_range(m, start, end, WB_SYNC_ALL);

	filemap_fdatawait_range(m, start, end);
	if (err && err != -EIO)
		return err;
	return mapping_consume_error(m) ? -EIO : err;
}

int
generic_file_fsync(struct file *f, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = f->f_mapping->host;
	int err = filemap_write_and_wait_range(f->f_mapping, start, end);
	int err2 = 0;

	if (!datasync && inode->i_sb->s_op && inode->i_sb->s_op->write_inode)
		err2 = inode->i_sb->s_op->write_inode(inode, 1);
	return err ? err : err2;
}
