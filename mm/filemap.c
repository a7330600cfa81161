/*
 * The page cache: each address_space maps file page indices to folios
 * with a radix tree of struct pc_node (64 slots per node), and the
 * folio lock.
 *
 * Tree shape: a tree of height h covers indices [0, 64^h - 1]; the
 * root sits at level h - 1, leaves (level 0) hold folio pointers.
 * Insertion grows the root upward until the index fits; removal frees
 * nodes that become empty and collapses a root whose only child is in
 * slot 0, so an empty mapping has i_pages == NULL and height 0. Any
 * pgoff_t fits: 11 levels cover 66 bits.
 *
 * References: a folio in the cache holds one reference owned by the
 * cache (taken in filemap_add_folio, dropped in filemap_remove_folio).
 * Lookups return the folio with an extra reference for the caller.
 * folio->mapping and ->index are set while the folio is in the tree;
 * removal clears ->mapping, which is how lock holders notice a folio
 * was truncated under them.
 *
 * Locking: mapping->i_pages_lock (irqsave: writeback completion may
 * touch the mapping from interrupt context) protects the tree, nrpages,
 * nr_dirty and the host's i_blocks for shmem. Node allocation happens
 * under it; the allocators never sleep.
 *
 * The folio lock (PG_locked) is a sleeping bit lock: waiters sleep on
 * one of FOLIO_WAIT_TABLE_SIZE hashed wait queues, and every unlock
 * wakes the folio's queue. Waiters re-test their condition, so a
 * wake-up for another folio that hashes to the same queue is harmless.
 * PG_writeback waiters use the same queues.
 */
#include <fs.h>
#include <gfp.h>
#include <slab.h>
#include <sched.h>
#include <vmstat.h>
#include <errno.h>
#include <lockdep.h>

#define PC_MAX_HEIGHT 11		/* 11 * 6 = 66 >= 64 index bits */
#define FOLIO_WAIT_TABLE_SIZE 64

static struct wait_queue_head folio_wait_table[FOLIO_WAIT_TABLE_SIZE];
static bool folio_wait_ready;
static DEFINE_SPINLOCK(folio_wait_init_lock);

/* ---- The radix tree; all callers hold m->i_pages_lock. ---- */

static unsigned long
pc_max_index(unsigned int height)
{
	if (height * PC_TREE_SHIFT >= 64)
		return ~0UL;
	return (1UL << (height * PC_TREE_SHIFT)) - 1;
}

static unsigned int
pc_slot(pgoff_t index, unsigned int level)
{
	return (index >> (level * PC_TREE_SHIFT)) & (PC_TREE_SLOTS - 1);
}

static struct folio *
pc_lookup(struct address_space *m, pgoff_t index)
{
	struct pc_node *node = m->i_pages;
	unsigned int level = m->tree_height;

	if (!node || index > pc_max_index(level))
		return NULL;
	while (level-- > 1) {
		node = node->slots[pc_slot(index, level)];
		if (!node)
			return NULL;
	}
	return node->slots[pc_slot(index, 0)];
}

/* Drop empty roots and roots whose only child is slot 0. */
static void
pc_shrink(struct address_space *m)
{
	struct pc_node *root;

	while ((root = m->i_pages)) {
		if (root->count == 0) {
			kfree(root);
			m->i_pages = NULL;
			m->tree_height = 0;
			return;
		}
		if (m->tree_height == 1 || root->count != 1 || !root->slots[0])
			return;
		m->i_pages = root->slots[0];
		m->tree_height--;
		kfree(root);
	}
}

static int
pc_grow(struct address_space *m, pgoff_t index)
{
	while (!m->i_pages || index > pc_max_index(m->tree_height)) {
		struct pc_node *n = kzalloc(sizeof(*n), GFP_ATOMIC);

		if (!n)
			return -ENOMEM;
		if (m->i_pages) {
			n->slots[0] = m->i_pages;
			n->count = 1;
		}
		m->i_pages = n;
		m->tree_height++;
	}
	return 0;
}

/*
 * Clear @index's slot (if any) and free the nodes on its path that
 * are left empty, bottom up. Also used to undo a failed insertion,
 * which may have left empty nodes on the path. Returns the old entry.
 */
static void *
pc_clear(struct address_space *m, pgoff_t index)
{
	struct pc_node *path[PC_MAX_HEIGHT];
	unsigned int h = m->tree_height, level, low = 0;
	struct pc_node *node = m->i_pages;
	void *old = NULL;

	if (!node || index > pc_max_index(h))
		return NULL;
	for (level = h - 1;; level--) {
		path[level] = node;
		if (level == 0)
			break;
		node = node->slots[pc_slot(index, level)];
		if (!node) {
			low = level;
			goto prune;
		}
	}
	old = path[0]->slots[pc_slot(index, 0)];
	if (old) {
		path[0]->slots[pc_slot(index, 0)] = NULL;
		path[0]->count--;
	}
prune:
	for (level = low; level + 1 < h && path[level]->count == 0; level++) {
		kfree(path[level]);
		path[level + 1]->slots[pc_slot(index, level + 1)] = NULL;
		path[level + 1]->count--;
	}
	pc_shrink(m);
	return old;
}

static int
pc_insert(struct address_space *m, pgoff_t index, struct folio *f)
{
	struct pc_node *node;
	unsigned int level;
	void **slot;

	if (pc_grow(m, index))
		goto nomem;
	node = m->i_pages;
	for (level = m->tree_height - 1; level > 0; level--) {
		slot = &node->slots[pc_slot(index, level)];
		if (!*slot) {
			*slot = kzalloc(sizeof(struct pc_node), GFP_ATOMIC);
			if (!*slot)
				goto nomem;
			node->count++;
		}
		node = *slot;
	}
	slot = &node->slots[pc_slot(index, 0)];
	if (*slot)
		return -EEXIST;
	*slot = f;
	node->count++;
	return 0;
nomem:
	pc_clear(m, index);
	return -ENOMEM;
}

/* First entry at an index >= *index in @node (covering from @base). */
static void *
pc_next_in(struct pc_node *node, unsigned int level, pgoff_t base,
	   pgoff_t *index)
{
	unsigned int shift = level * PC_TREE_SHIFT, i = 0;

	if (*index > base)
		i = (*index - base) >> shift;
	for (; i < PC_TREE_SLOTS; i++) {
		pgoff_t sbase = base + ((pgoff_t)i << shift);
		void *e = node->slots[i];

		if (!e)
			continue;
		if (level == 0) {
			*index = sbase;
			return e;
		}
		e = pc_next_in(e, level - 1, sbase, index);
		if (e)
			return e;
	}
	return NULL;
}

static struct folio *
pc_next(struct address_space *m, pgoff_t *index)
{
	if (!m->i_pages || *index > pc_max_index(m->tree_height))
		return NULL;
	return pc_next_in(m->i_pages, m->tree_height - 1, 0, index);
}

/* ---- Page-cache operations ---- */

struct folio *
filemap_get_folio(struct address_space *m, pgoff_t index)
{
	struct folio *f;
	unsigned long flags;

	spin_lock_irqsave(&m->i_pages_lock, flags);
	f = pc_lookup(m, index);
	if (f)
		folio_get(f);
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
	return f ? f : ERR_PTR(-ENOENT);
}

/*
 * Collect up to @max folios with indices in [*start, end], each with a
 * reference, in index order; *start is set past the last one (it stays
 * at ~0UL if that was the last possible index).
 */
unsigned int
filemap_get_folios(struct address_space *m, pgoff_t *start, pgoff_t end,
		   struct folio **batch, unsigned int max)
{
	pgoff_t index = *start;
	unsigned int n = 0;
	unsigned long flags;
	struct folio *f;

	spin_lock_irqsave(&m->i_pages_lock, flags);
	while (n < max && (f = pc_next(m, &index)) && index <= end) {
		folio_get(f);
		batch[n++] = f;
		*start = index == ~0UL ? index : index + 1;
		if (index == ~0UL || index == end)
			break;
		index++;
	}
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
	return n;
}

static void
account_add(struct address_space *m, struct folio *f, long sign)
{
	mod_node_page_state(NR_FILE_PAGES, sign);
	if (folio_test_swapbacked(f))
		mod_node_page_state(NR_SHMEM, sign);
}

/*
 * Insert @f at @index; the cache takes its own reference and returns
 * the folio locked (it must be new: unlocked, no mapping). shmem
 * folios are marked swapbacked and count in i_blocks.
 */
int
filemap_add_folio(struct address_space *m, struct folio *f, pgoff_t index)
{
	unsigned long flags;
	int err;

	if (WARN_ON(folio_test_locked(f) || f->mapping))
		return -EINVAL;
	set_bit(PG_locked, &f->flags);
	lockdep_acquire_trylock(f, &folio_lock_class, "folio_lock");
	if (shmem_mapping(m))
		folio_set_swapbacked(f);
	folio_ref_add(f, 1);
	f->index = index;
	spin_lock_irqsave(&m->i_pages_lock, flags);
	err = pc_insert(m, index, f);
	if (!err) {
		WRITE_ONCE(f->mapping, m);
		m->nrpages++;
		if (folio_test_swapbacked(f) && m->host)
			m->host->i_blocks += PAGE_SIZE / 512;
	}
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
	if (err) {
		folio_put_refs(f, 1);
		lockdep_release(f, &folio_lock_class);
		clear_bit(PG_locked, &f->flags);
		return err;
	}
	account_add(m, f, 1);
	return 0;
}

/*
 * Take a locked folio out of its mapping and drop the cache's
 * reference. A dirty folio is cleaned first: its data is going away.
 */
void
filemap_remove_folio(struct folio *f)
{
	struct address_space *m = folio_mapping(f);
	unsigned long flags;
	bool was_dirty;

	if (!m)
		return;
	WARN_ON(!folio_test_locked(f));
	spin_lock_irqsave(&m->i_pages_lock, flags);
	WARN_ON(pc_clear(m, f->index) != f);
	m->nrpages--;
	if (folio_test_swapbacked(f) && m->host)
		m->host->i_blocks -= PAGE_SIZE / 512;
	was_dirty = folio_test_clear_dirty(f);
	if (was_dirty && mapping_can_writeback(m)) {
		m->nr_dirty--;
		mod_node_page_state(NR_FILE_DIRTY, -1);
	}
	WRITE_ONCE(f->mapping, NULL);
	spin_unlock_irqrestore(&m->i_pages_lock, flags);
	account_add(m, f, -1);
	folio_put(f);
}

/* Find or create the folio at @index; returned locked, referenced. */
struct folio *
filemap_grab_folio(struct address_space *m, pgoff_t index)
{
	struct folio *f;
	int err;

	for (;;) {
		f = filemap_get_folio(m, index);
		if (!IS_ERR(f)) {
			folio_lock(f);
			if (f->mapping == m)
				return f;
			folio_unlock(f);	/* truncated meanwhile */
			folio_put(f);
			continue;
		}
		f = folio_alloc(GFP_KERNEL | __GFP_ZERO);
		if (!f)
			return ERR_PTR(-ENOMEM);
		err = filemap_add_folio(m, f, index);
		if (!err)
			return f;
		folio_put(f);
		if (err != -EEXIST)
			return ERR_PTR(err);
	}
}

/* ---- The folio lock and writeback waits ---- */

static struct wait_queue_head *
folio_waitqueue(struct folio *f)
{
	unsigned long h = (unsigned long)f / sizeof(struct folio);

	if (!READ_ONCE(folio_wait_ready)) {
		spin_lock(&folio_wait_init_lock);
		if (!folio_wait_ready) {
			for (int i = 0; i < FOLIO_WAIT_TABLE_SIZE; i++)
				init_waitqueue_head(&folio_wait_table[i]);
			smp_mb();
			WRITE_ONCE(folio_wait_ready, true);
		}
		spin_unlock(&folio_wait_init_lock);
	}
	h ^= h >> 7;
	return &folio_wait_table[h % FOLIO_WAIT_TABLE_SIZE];
}

static bool
__folio_trylock(struct folio *f)
{
	return !test_and_set_bit(PG_locked, &f->flags);
}

bool
folio_trylock(struct folio *f)
{
	if (!__folio_trylock(f))
		return false;
	lockdep_acquire_trylock(f, &folio_lock_class, "folio_lock");
	return true;
}

/*
 * Sleep until the lock is ours. wait_event() queues us before each
 * test, and the unlocker clears the bit before it wakes the queue, so
 * a release between our test and our sleep still wakes us. lockdep
 * hears of the lock before we wait: a deadlock is reported, not hit.
 */
void
folio_lock(struct folio *f)
{
	struct wait_queue_head *wq;

	might_sleep();
	lockdep_acquire(f, &folio_lock_class, "folio_lock");
	if (__folio_trylock(f))
		return;
	wq = folio_waitqueue(f);
	wait_event(*wq, __folio_trylock(f));
}

void
folio_unlock(struct folio *f)
{
	WARN_ON(!folio_test_locked(f));
	lockdep_release(f, &folio_lock_class);
	clear_bit(PG_locked, &f->flags);
	wake_up(folio_waitqueue(f));
}

/* Wait for the lock holder to finish, without taking the lock. */
void
folio_wait_locked(struct folio *f)
{
	struct wait_queue_head *wq;

	if (!folio_test_locked(f))
		return;
	wq = folio_waitqueue(f);
	wait_event(*wq, !folio_test_locked(f));
}

void
folio_wait_writeback(struct folio *f)
{
	struct wait_queue_head *wq;

	if (!folio_test_writeback(f))
		return;
	might_sleep();
	wq = folio_waitqueue(f);
	wait_event(*wq, !folio_test_writeback(f));
}

/* The folio must be locked; writeback I/O is about to start. */
void
folio_start_writeback(struct folio *f)
{
	WARN_ON(folio_test_set_writeback(f));
	mod_node_page_state(NR_WRITEBACK, 1);
}

/* I/O done (may run in interrupt context): wake the waiters. */
void
folio_end_writeback(struct folio *f)
{
	if (WARN_ON(!folio_test_clear_writeback(f)))
		return;
	mod_node_page_state(NR_WRITEBACK, -1);
	wake_up(folio_waitqueue(f));
}
