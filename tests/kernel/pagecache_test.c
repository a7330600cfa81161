/*
 * The page cache (mm/filemap.c, fs/page_dirty.c, fs/truncate.c): the
 * index tree over dense, sparse and extreme indices, reference counts,
 * the sleeping folio lock under contention between kernel threads,
 * writeback waits, dirty accounting and truncation.
 *
 * Each case builds a private address_space on a bare inode (no
 * superblock), so it sees only its own folios; global counters are
 * compared as deltas, which nothing else changes while tests run.
 */
#include <kunit.h>
#include <fs.h>
#include <gfp.h>
#include <sched.h>
#include <slab.h>
#include <time.h>
#include <vmstat.h>
#include <errno.h>

/* Pointer equality with both values in the failure message. */
#define EXPECT_PTR_EQ(t, a, b) \
	KUNIT_EXPECT_EQ(t, (unsigned long)(a), (unsigned long)(b))

static struct backing_dev_info wb_bdi = {
	.name = "test-wb",
	.capabilities = BDI_CAP_WRITEBACK,
};

static struct inode *
test_inode(struct backing_dev_info *bdi)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (inode)
		inode_init_mapping(inode, bdi);
	return inode;
}

/* A new folio in @m at @index, unlocked; the caller keeps a reference. */
static struct folio *
add_at(struct kunit *test, struct address_space *m, pgoff_t index)
{
	struct folio *f = folio_alloc(__GFP_ZERO);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, filemap_add_folio(m, f, index), 0);
	KUNIT_EXPECT_TRUE(test, folio_test_locked(f));
	folio_unlock(f);
	return f;
}

static void
remove_put(struct folio *f)
{
	folio_lock(f);
	filemap_remove_folio(f);
	folio_unlock(f);
	folio_put(f);
}

static void
pagecache_tree_dense(struct kunit *test)
{
	struct inode *inode = test_inode(&noop_backing_dev_info);
	struct address_space *m;
	static struct folio *fs[300];
	struct folio *g;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	m = inode->i_mapping;
	for (int i = 0; i < 300; i++)
		fs[i] = add_at(test, m, i);
	KUNIT_EXPECT_EQ(test, m->nrpages, 300);
	KUNIT_EXPECT_EQ(test, m->tree_height, 2);	/* 300 < 64 * 64 */
	for (int i = 0; i < 300; i++) {
		g = filemap_get_folio(m, i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(g));
		EXPECT_PTR_EQ(test, g, fs[i]);
		KUNIT_EXPECT_EQ(test, g->index, i);
		EXPECT_PTR_EQ(test, g->mapping, m);
		KUNIT_EXPECT_EQ(test, folio_ref_count(g), 3);
		folio_put(g);
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(filemap_get_folio(m, 300)), -ENOENT);
	for (int i = 0; i < 300; i++)
		remove_put(fs[i]);
	KUNIT_EXPECT_EQ(test, m->nrpages, 0);
	KUNIT_EXPECT_NULL(test, m->i_pages);
	KUNIT_EXPECT_EQ(test, m->tree_height, 0);
	kfree(inode);
}

static const pgoff_t sparse[] = {
	0, 1, 63, 64, 4095, 4096, 1UL << 20, 12345678901UL, 1UL << 40,
	(1UL << 60) + 7, ~0UL - 1, ~0UL,
};

static void
pagecache_tree_sparse(struct kunit *test)
{
	struct inode *inode = test_inode(&noop_backing_dev_info);
	struct folio *fs[ARRAY_SIZE(sparse)], *batch[32];
	struct address_space *m;
	pgoff_t start = 0;
	unsigned int n;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	m = inode->i_mapping;
	for (size_t i = 0; i < ARRAY_SIZE(sparse); i++)
		fs[i] = add_at(test, m, sparse[i]);
	KUNIT_EXPECT_EQ(test, m->tree_height, 11);	/* 64 bits / 6 */
	for (size_t i = 0; i < ARRAY_SIZE(sparse); i++) {
		struct folio *g = filemap_get_folio(m, sparse[i]);

		KUNIT_ASSERT_FALSE(test, IS_ERR(g));
		EXPECT_PTR_EQ(test, g, fs[i]);
		folio_put(g);
	}
	KUNIT_EXPECT_TRUE(test, IS_ERR(filemap_get_folio(m, 2)));
	KUNIT_EXPECT_TRUE(test, IS_ERR(filemap_get_folio(m, 65)));
	KUNIT_EXPECT_TRUE(test, IS_ERR(filemap_get_folio(m, ~0UL - 2)));
	KUNIT_EXPECT_TRUE(test, IS_ERR(filemap_get_folio(m, 1UL << 39)));

	/* Gang lookup sees them all, in index order, once. */
	n = filemap_get_folios(m, &start, ~0UL, batch, ARRAY_SIZE(batch));
	KUNIT_EXPECT_EQ(test, n, ARRAY_SIZE(sparse));
	for (unsigned int i = 0; i < n; i++) {
		EXPECT_PTR_EQ(test, batch[i], fs[i]);
		folio_put(batch[i]);
	}
	start = 5;
	n = filemap_get_folios(m, &start, 1UL << 20, batch, 2);
	KUNIT_EXPECT_EQ(test, n, 2);
	EXPECT_PTR_EQ(test, batch[0], fs[2]);
	EXPECT_PTR_EQ(test, batch[1], fs[3]);
	KUNIT_EXPECT_EQ(test, start, 65);
	folio_put(batch[0]);
	folio_put(batch[1]);

	/* Removing the huge indices shrinks the tree back down. */
	for (size_t i = 6; i < ARRAY_SIZE(sparse); i++)
		remove_put(fs[i]);
	KUNIT_EXPECT_EQ(test, m->tree_height, 3);	/* 4096 = 64^2 */
	remove_put(fs[5]);
	remove_put(fs[4]);
	KUNIT_EXPECT_EQ(test, m->tree_height, 2);
	remove_put(fs[3]);
	KUNIT_EXPECT_EQ(test, m->tree_height, 1);
	for (size_t i = 0; i < 3; i++)
		remove_put(fs[i]);
	KUNIT_EXPECT_NULL(test, m->i_pages);
	KUNIT_EXPECT_EQ(test, m->tree_height, 0);
	KUNIT_EXPECT_EQ(test, m->nrpages, 0);
	kfree(inode);
}

static void
pagecache_refcounts(struct kunit *test)
{
	struct inode *inode = test_inode(&noop_backing_dev_info);
	long files0 = global_node_page_state(NR_FILE_PAGES);
	struct address_space *m;
	struct folio *f, *g;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	m = inode->i_mapping;
	f = filemap_grab_folio(m, 7);		/* creates: locked, ref'd */
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_TRUE(test, folio_test_locked(f));
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 2);	/* cache + us */
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_PAGES),
			files0 + 1);
	folio_unlock(f);

	g = folio_alloc(0);			/* same slot: refused */
	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_EXPECT_EQ(test, filemap_add_folio(m, g, 7), -EEXIST);
	KUNIT_EXPECT_EQ(test, folio_ref_count(g), 1);
	KUNIT_EXPECT_NULL(test, g->mapping);
	KUNIT_EXPECT_FALSE(test, folio_test_locked(g));
	folio_put(g);

	g = filemap_grab_folio(m, 7);		/* finds the same one */
	KUNIT_ASSERT_FALSE(test, IS_ERR(g));
	EXPECT_PTR_EQ(test, g, f);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 3);
	filemap_remove_folio(g);
	KUNIT_EXPECT_NULL(test, f->mapping);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 2);	/* cache's ref gone */
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_PAGES), files0);
	folio_unlock(g);
	folio_put(g);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 1);
	folio_put(f);
	kfree(inode);
}

struct lock_arg {
	struct folio *folio;
	volatile int acquired;
	volatile long counter;
	int rounds;
};

static int
lock_once_thread(void *p)
{
	struct lock_arg *a = p;

	folio_lock(a->folio);
	a->acquired = 1;
	folio_unlock(a->folio);
	return 0;
}

/* A waiter must sleep (not spin) and get the lock after the unlock. */
static void
pagecache_lock_sleeps(struct kunit *test)
{
	struct lock_arg a = { .folio = folio_alloc(0) };
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, a.folio);
	folio_lock(a.folio);
	t = kthread_run(lock_once_thread, &a, "pc-locker");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	msleep(50);
	KUNIT_EXPECT_EQ(test, a.acquired, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->state), TASK_UNINTERRUPTIBLE);
	folio_unlock(a.folio);
	KUNIT_EXPECT_EQ(test, kthread_join(t), 0);
	KUNIT_EXPECT_EQ(test, a.acquired, 1);
	KUNIT_EXPECT_FALSE(test, folio_test_locked(a.folio));
	folio_put(a.folio);
}

static int
lock_count_thread(void *p)
{
	struct lock_arg *a = p;

	for (int i = 0; i < a->rounds; i++) {
		long v;

		folio_lock(a->folio);
		v = a->counter;
		if (i % 8 == 0)
			yield();	/* invite the other thread in */
		a->counter = v + 1;
		folio_unlock(a->folio);
	}
	return 0;
}

/* Mutual exclusion: unlocked read-modify-writes inside never collide. */
static void
pagecache_lock_exclusion(struct kunit *test)
{
	struct lock_arg a = { .folio = folio_alloc(0), .rounds = 2000 };
	struct task_struct *t1, *t2;

	KUNIT_ASSERT_NOT_NULL(test, a.folio);
	t1 = kthread_run(lock_count_thread, &a, "pc-count1");
	t2 = kthread_run(lock_count_thread, &a, "pc-count2");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t1));
	KUNIT_ASSERT_FALSE(test, IS_ERR(t2));
	kthread_join(t1);
	kthread_join(t2);
	KUNIT_EXPECT_EQ(test, a.counter, 4000);
	KUNIT_EXPECT_FALSE(test, folio_test_locked(a.folio));
	folio_put(a.folio);
}

static int
wait_wb_thread(void *p)
{
	struct lock_arg *a = p;

	folio_wait_writeback(a->folio);
	a->acquired = 1;
	return 0;
}

static void
pagecache_writeback_wait(struct kunit *test)
{
	struct lock_arg a = { .folio = folio_alloc(0) };
	long wb0 = global_node_page_state(NR_WRITEBACK);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, a.folio);
	folio_start_writeback(a.folio);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_WRITEBACK), wb0 + 1);
	t = kthread_run(wait_wb_thread, &a, "pc-wbwait");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	msleep(50);
	KUNIT_EXPECT_EQ(test, a.acquired, 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->state), TASK_UNINTERRUPTIBLE);
	folio_end_writeback(a.folio);
	kthread_join(t);
	KUNIT_EXPECT_EQ(test, a.acquired, 1);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_WRITEBACK), wb0);
	folio_put(a.folio);
}

/* A writeback-capable mapping accounts dirty folios exactly once. */
static void
pagecache_dirty_accounting(struct kunit *test)
{
	struct inode *inode = test_inode(&wb_bdi);
	long d0 = global_node_page_state(NR_FILE_DIRTY);
	struct address_space *m;
	struct folio *f;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	m = inode->i_mapping;
	f = add_at(test, m, 3);
	KUNIT_EXPECT_TRUE(test, folio_mark_dirty(f));
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(f));
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0 + 1);
	KUNIT_EXPECT_EQ(test, m->nr_dirty, 1);
	KUNIT_EXPECT_TRUE(test, inode->i_state & I_DIRTY_PAGES);
	KUNIT_EXPECT_LE(test, inode->dirtied_when, jiffies);
	KUNIT_EXPECT_GT(test, inode->dirtied_when, 0);
	KUNIT_EXPECT_FALSE(test, folio_mark_dirty(f));	/* already */
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0 + 1);
	KUNIT_EXPECT_EQ(test, m->nr_dirty, 1);
	remove_put(f);		/* truncating a dirty folio cleans it */
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0);
	KUNIT_EXPECT_EQ(test, m->nr_dirty, 0);
	kfree(inode);
}

static int dirty_hook_calls;

/* What a writeback filesystem's hook does: its work, then account. */
static bool
wb_dirty_folio(struct address_space *m, struct folio *f)
{
	dirty_hook_calls++;
	return filemap_dirty_folio(m, f);
}

static const struct address_space_operations wb_aops = {
	.dirty_folio = wb_dirty_folio,
};

static const struct address_space_operations shmem_like_aops = {
	.dirty_folio = noop_dirty_folio,
};

/* folio_mark_dirty() goes through the mapping's own hook. */
static void
pagecache_dirty_hook(struct kunit *test)
{
	struct inode *inode = test_inode(&wb_bdi);
	long d0 = global_node_page_state(NR_FILE_DIRTY);
	struct folio *f;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	inode->i_mapping->a_ops = &wb_aops;
	dirty_hook_calls = 0;
	f = add_at(test, inode->i_mapping, 0);
	KUNIT_EXPECT_TRUE(test, folio_mark_dirty(f));
	KUNIT_EXPECT_FALSE(test, folio_mark_dirty(f));
	KUNIT_EXPECT_EQ(test, dirty_hook_calls, 2);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0 + 1);
	remove_put(f);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0);
	kfree(inode);
}

/* Without writeback (default path, or tmpfs's noop): flag, no counts. */
static void
pagecache_dirty_no_writeback(struct kunit *test)
{
	struct inode *a = test_inode(&noop_backing_dev_info);
	struct inode *b = test_inode(&noop_backing_dev_info);
	long d0 = global_node_page_state(NR_FILE_DIRTY);
	struct folio *fa, *fb;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	b->i_mapping->a_ops = &shmem_like_aops;
	fa = add_at(test, a->i_mapping, 0);
	fb = add_at(test, b->i_mapping, 0);
	KUNIT_EXPECT_TRUE(test, folio_mark_dirty(fa));
	KUNIT_EXPECT_TRUE(test, folio_mark_dirty(fb));
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(fa));
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(fb));
	KUNIT_EXPECT_FALSE(test, b->i_state & I_DIRTY_PAGES);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0);
	KUNIT_EXPECT_EQ(test, a->i_mapping->nr_dirty + b->i_mapping->nr_dirty,
			0);
	remove_put(fa);
	remove_put(fb);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0);
	kfree(a);
	kfree(b);
}

static void
pagecache_truncate(struct kunit *test)
{
	struct inode *inode = test_inode(&wb_bdi);
	long d0 = global_node_page_state(NR_FILE_DIRTY);
	struct address_space *m;
	struct folio *fs[10];
	unsigned char *p;

	KUNIT_ASSERT_NOT_NULL(test, inode);
	m = inode->i_mapping;
	for (int i = 0; i < 10; i++) {
		fs[i] = add_at(test, m, i);
		memset(folio_address(fs[i]), 0xaa, PAGE_SIZE);
		folio_mark_dirty(fs[i]);
	}
	truncate_inode_pages(m, 3 * PAGE_SIZE + 100);
	KUNIT_EXPECT_EQ(test, m->nrpages, 4);
	KUNIT_EXPECT_EQ(test, m->nr_dirty, 4);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0 + 4);
	for (int i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, fs[i]->mapping == m, i < 4);
	p = folio_address(fs[3]);
	KUNIT_EXPECT_EQ(test, p[99], 0xaa);
	KUNIT_EXPECT_EQ(test, p[100], 0);
	KUNIT_EXPECT_EQ(test, p[PAGE_SIZE - 1], 0);
	truncate_inode_pages(m, 0);
	KUNIT_EXPECT_EQ(test, m->nrpages, 0);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_FILE_DIRTY), d0);
	for (int i = 0; i < 10; i++) {
		KUNIT_EXPECT_EQ(test, folio_ref_count(fs[i]), 1);
		folio_put(fs[i]);
	}
	kfree(inode);
}

static struct kunit_case pagecache_cases[] = {
	KUNIT_CASE(pagecache_tree_dense),
	KUNIT_CASE(pagecache_tree_sparse),
	KUNIT_CASE(pagecache_refcounts),
	KUNIT_CASE(pagecache_lock_sleeps),
	KUNIT_CASE(pagecache_lock_exclusion),
	KUNIT_CASE(pagecache_writeback_wait),
	KUNIT_CASE(pagecache_dirty_accounting),
	KUNIT_CASE(pagecache_dirty_hook),
	KUNIT_CASE(pagecache_dirty_no_writeback),
	KUNIT_CASE(pagecache_truncate),
	{},
};

static struct kunit_suite pagecache_suite = {
	.name = "pagecache",
	.test_cases = pagecache_cases,
};
kunit_test_suite(pagecache_suite);
