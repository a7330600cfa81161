/*
 * Writeback: getting dirty page-cache folios to disk (mm/page-writeback.c,
 * mm/flusher.c).
 *
 * Writing one folio happens in exactly one place, write_one_folio(),
 * in this order:
 *   1. lock the folio;
 *   2. ask the pin policy what to do with a folio that may be pinned;
 *   3. folio_clear_dirty_for_io(): write-protect and clean every PTE
 *      mapping it (folio_mkclean, through the reverse map), moving any
 *      PTE dirtiness to the folio, then clear PG_dirty -- from here a
 *      store through any mapping faults and reaches ->page_mkwrite;
 *   4. folio_start_writeback(), then unlock;
 *   5. a_ops->writepage() submits the I/O;
 *   6. on completion (interrupt context) the filesystem calls
 *      folio_writeback_done(folio, err): end writeback, wake waiters;
 *      on error the folio is redirtied and the error is remembered in
 *      the mapping for the next fsync (-EIO), so no data is lost.
 *
 * ->writepage contract: called with the folio unlocked and under
 * writeback (steps 1-4 done); it must write PAGE_SIZE bytes of
 * wbc->bounce if that is set (a stable copy made by the bounce policy)
 * and of the folio otherwise, and call folio_writeback_done() exactly
 * once, possibly before returning. A filesystem that finds it cannot
 * write the folio (no blocks allocated: the folio was dirtied without
 * ->page_mkwrite or ->write_begin) calls fs_invariant_violation() and
 * completes with -EIO instead of writing anywhere.
 */
#ifndef _PINOS_WRITEBACK_H
#define _PINOS_WRITEBACK_H

#include <fs.h>

enum writeback_sync_modes {
	WB_SYNC_NONE,	/* background: do not wait, may skip */
	WB_SYNC_ALL,	/* integrity (fsync, sync): write everything, wait */
};

struct writeback_control {
	enum writeback_sync_modes sync_mode;
	long nr_to_write;		/* decremented per folio written */
	loff_t range_start, range_end;	/* bytes, inclusive end */
	struct page *bounce;		/* write this instead of the folio */
	bool for_background;
};

/* Tunables, /proc/sys/vm/, in Linux's units. */
extern long dirty_writeback_centisecs;	/* flusher period, default 500 */
extern long dirty_expire_centisecs;	/* age to write, default 3000 */
extern long dirty_background_ratio;	/* % of RAM dirty to start, 10 */

bool folio_clear_dirty_for_io(struct folio *folio);
/* Steps 1-5 for one folio; the folio must be referenced by the caller. */
int write_one_folio(struct folio *folio, struct writeback_control *wbc);
/* Step 6, called by the filesystem when the I/O is done. */
void folio_writeback_done(struct folio *folio, int err);

int filemap_fdatawrite_range(struct address_space *m, loff_t start,
			     loff_t end, enum writeback_sync_modes mode);
int filemap_fdatawait_range(struct address_space *m, loff_t start,
			    loff_t end);
/* Write and wait; returns and clears a pending writeback error. */
int filemap_write_and_wait_range(struct address_space *m, loff_t start,
				 loff_t end);
/* A ->fsync for page-cache filesystems: data, then the inode. */
int generic_file_fsync(struct file *f, loff_t start, loff_t end,
		       int datasync);
/* sync(2): write every dirty inode of every filesystem and wait. */
void sync_all_filesystems(void);
/* Kick the flusher now (msync(MS_ASYNC), dirty threshold). */
void wakeup_flusher(void);
/* drop_caches: evict clean, unmapped, unpinned page-cache folios. */
unsigned long drop_pagecache(void);

/* A dirty folio without blocks: count, warn (inode, index), refuse. */
void fs_invariant_violation(struct folio *folio, const char *why);

#endif
