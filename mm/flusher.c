/*
 * The flusher thread, sync(2), and drop_caches.
 *
 * The flusher ("flush" kernel thread) wakes every
 * dirty_writeback_centisecs and writes back, without waiting
 * (WB_SYNC_NONE), every inode that has been dirty for longer than
 * dirty_expire_centisecs -- or every dirty inode, when dirty page-cache
 * memory exceeds dirty_background_ratio percent of RAM. Nothing else
 * is needed for dirty data to reach the disk: at most expire + interval
 * after it was dirtied. The three tunables live in /proc/sys/vm/.
 *
 * Inodes are visited one at a time with a reference (igrab), the
 * superblock's inode-list lock dropped while each is written, since
 * writeback sleeps (for_each_sb_inode).
 */
#include <writeback.h>
#include <errno.h>
#include <init.h>
#include <mman.h>
#include <sched.h>
#include <slab.h>
#include <sysctl.h>
#include <time.h>
#include <trace.h>
#include <vmstat.h>

#define FOLIO_BATCH_DROP 16

long dirty_writeback_centisecs = 500;
long dirty_expire_centisecs = 3000;
long dirty_background_ratio = 10;

static DECLARE_WAIT_QUEUE_HEAD(flusher_wait);
static bool flusher_kicked;

struct wb_pass {
	enum writeback_sync_modes mode;
	bool all;		/* ignore age: over threshold, or sync */
	unsigned long older_than;	/* jiffies */
};

static bool
inode_wants_write(struct inode *inode, const struct wb_pass *p)
{
	if (!(inode->i_state & (I_DIRTY_PAGES | I_DIRTY_SYNC)))
		return false;
	return p->all || time_before(inode->dirtied_when, p->older_than);
}

/*
 * Call @fn on every inode of @sb for which @want says yes, with the
 * list lock dropped (fn may sleep). The reference we hold on the
 * current inode keeps it on s_inodes, so the walk can continue from it
 * after retaking the lock; the reference is dropped only after the
 * next inode is referenced.
 */
static void
for_each_sb_inode(struct super_block *sb,
		  bool (*want)(struct inode *, const void *),
		  void (*fn)(struct inode *, void *), void *arg)
{
	struct inode *inode, *prev = NULL;
	struct list_head *pos = &sb->s_inodes;
	unsigned long flags;

	for (;;) {
		struct inode *next = NULL;

		spin_lock_irqsave(&sb->s_inode_list_lock, flags);
		for (pos = pos->next; pos != &sb->s_inodes; pos = pos->next) {
			inode = list_entry(pos, struct inode, i_sb_list);
			if (want(inode, arg) && igrab(inode)) {
				next = inode;
				break;
			}
		}
		spin_unlock_irqrestore(&sb->s_inode_list_lock, flags);
		if (prev)
			iput(prev);
		if (next == NULL)
			return;
		fn(next, arg);
		prev = next;
	}
}

static void
writeback_inode(struct inode *inode, const struct wb_pass *p)
{
	struct address_space *m = inode->i_mapping;
	bool sync = p->mode == WB_SYNC_ALL;

	filemap_fdatawrite_range(m, 0, LONG_MAX, p->mode);
	if (sync)
		filemap_fdatawait_range(m, 0, LONG_MAX);
	if (inode_test_clear_dirty(inode, I_DIRTY_SYNC | I_DIRTY_PAGES) &
	    I_DIRTY_SYNC) {
		if (inode->i_sb->s_op->write_inode)
			inode->i_sb->s_op->write_inode(inode, sync);
	}
}

static bool
want_dirty(struct inode *inode, const void *arg)
{
	return inode_wants_write(inode, arg);
}

static void
write_inode_cb(struct inode *inode, void *arg)
{
	writeback_inode(inode, arg);
}

static bool
sb_can_writeback(const struct super_block *sb)
{
	return sb->s_bdi && (sb->s_bdi->capabilities & BDI_CAP_WRITEBACK);
}

static void
writeback_sb(struct super_block *sb, void *arg)
{
	const struct wb_pass *p = arg;

	if (!sb_can_writeback(sb))
		return;
	for_each_sb_inode(sb, want_dirty, write_inode_cb, arg);
	if (p->mode == WB_SYNC_ALL && sb->s_op->sync_fs)
		sb->s_op->sync_fs(sb, 1);
}

void
sync_all_filesystems(void)
{
	struct wb_pass p = { .mode = WB_SYNC_ALL, .all = true };

	iterate_supers(writeback_sb, &p);
}

static bool
over_background_threshold(void)
{
	long dirty = global_node_page_state(NR_FILE_DIRTY);

	return dirty * 100 > (long)totalram_pages() *
				     READ_ONCE(dirty_background_ratio);
}

static void
flusher_pass(void)
{
	unsigned long expire = msecs_to_jiffies(
		READ_ONCE(dirty_expire_centisecs) * 10);
	struct wb_pass p = { .mode = WB_SYNC_NONE };

	p.all = over_background_threshold();
	p.older_than = jiffies - expire;
	iterate_supers(writeback_sb, &p);
}

void
wakeup_flusher(void)
{
	WRITE_ONCE(flusher_kicked, true);
	wake_up(&flusher_wait);
}

static int
flusher_thread(void *unused)
{
	for (;;) {
		long period = msecs_to_jiffies(
			READ_ONCE(dirty_writeback_centisecs) * 10);

		wait_event_timeout(flusher_wait, READ_ONCE(flusher_kicked),
				   period > 0 ? period : HZ);
		WRITE_ONCE(flusher_kicked, false);
		if (READ_ONCE(dirty_writeback_centisecs) > 0 ||
		    over_background_threshold())
			flusher_pass();
	}
	return 0;
}

/* ---- drop_caches ---- */

static bool
folio_droppable(struct folio *f)
{
	/* The cache's reference and ours; anything more is a user. */
	return !folio_test_dirty(f) && !folio_test_writeback(f) &&
	       !folio_mapped(f) && folio_ref_count(f) == 2;
}

static unsigned long
drop_inode_pages(struct address_space *m)
{
	struct folio *batch[FOLIO_BATCH_DROP];
	pgoff_t index = 0;
	unsigned long dropped = 0;
	unsigned int n;

	while ((n = filemap_get_folios(m, &index, ~0UL, batch,
				       FOLIO_BATCH_DROP))) {
		for (unsigned int i = 0; i < n; i++) {
			struct folio *f = batch[i];

			if (folio_trylock(f)) {
				if (f->mapping == m && folio_droppable(f)) {
					filemap_remove_folio(f);
					dropped++;
				}
				folio_unlock(f);
			}
			folio_put(f);
		}
		if (index == ~0UL)
			break;
	}
	return dropped;
}

struct drop_ctx {
	unsigned long dropped;
};

static bool
want_cached(struct inode *inode, const void *arg)
{
	return inode->i_mapping->nrpages != 0;
}

static void
drop_inode_cb(struct inode *inode, void *arg)
{
	struct drop_ctx *ctx = arg;

	ctx->dropped += drop_inode_pages(inode->i_mapping);
}

/* Only filesystems with a backing store: tmpfs pages are the data. */
static void
drop_sb(struct super_block *sb, void *arg)
{
	if (sb_can_writeback(sb))
		for_each_sb_inode(sb, want_cached, drop_inode_cb, arg);
}

unsigned long
drop_pagecache(void)
{
	struct drop_ctx ctx = { 0 };

	iterate_supers(drop_sb, &ctx);
	count_vm_events(DROP_PAGECACHE, ctx.dropped);
	trace_mm(TRACE_DROP_CACHES, NULL, "dropped %lu", ctx.dropped);
	return ctx.dropped;
}

/* /proc/sys/vm/drop_caches: 1 (page cache) or 3 (and slab: same here). */
static int
drop_caches_write(const char *buf, size_t len)
{
	if (buf[0] != '1' && buf[0] != '3')
		return -EINVAL;
	drop_pagecache();
	return 0;
}

static struct ctl_table drop_caches_table = {
	.procname = "drop_caches",
	.write = drop_caches_write,
};

static int
flusher_init(void)
{
	struct task_struct *t;

	register_sysctl_vm("dirty_writeback_centisecs",
			   &dirty_writeback_centisecs, 0, 360000);
	register_sysctl_vm("dirty_expire_centisecs", &dirty_expire_centisecs,
			   0, 360000);
	register_sysctl_vm("dirty_background_ratio", &dirty_background_ratio,
			   0, 100);
	register_sysctl_vm_table(&drop_caches_table);
	t = kthread_run(flusher_thread, NULL, "flush");
	return IS_ERR(t) ? PTR_ERR(t) : 0;
}
late_initcall(flusher_init);
