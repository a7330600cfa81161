/*
 * Inodes: allocation, reference counting and eviction.
 *
 * new_inode() returns an inode with i_count 1, i_nlink 1, its page
 * cache (i_data) initialised on the superblock's backing device, and
 * on sb->s_inodes. iput() drops a reference; the last one evicts the
 * inode: it leaves s_inodes, its page cache is truncated (by
 * s_op->evict_inode if the filesystem has one, else here), and it is
 * freed (s_op->destroy_inode or kfree). pinos keeps no cache of unused
 * inodes: for tmpfs the dentry tree holds every live inode anyway.
 *
 * Locking: i_count is atomic; whoever takes it to zero owns the inode.
 * igrab() refuses an inode already at zero (being evicted).
 * sb->s_inode_list_lock guards s_inodes. inode_state_lock (irqsave,
 * innermost) guards i_state and dirtied_when.
 */
#include "internal.h"
#include <lockdep.h>
#include <slab.h>
#include <time.h>

struct backing_dev_info noop_backing_dev_info = {
	.name = "noop",
	.capabilities = 0,
};

static atomic_long_t last_ino;
static DEFINE_SPINLOCK(inode_state_lock);

unsigned long
get_next_ino(void)
{
	return atomic_long_add_return(1, &last_ino);
}

/* Wall-clock seconds (CLOCK_REALTIME) for inode times. */
s64
current_time_sec(void)
{
	return ktime_get_real_seconds();
}

void
inode_init_mapping(struct inode *inode, struct backing_dev_info *bdi)
{
	struct address_space *m = &inode->i_data;

	m->host = inode;
	spin_lock_init(&m->i_pages_lock, "i_pages_lock");
	lockdep_set_class(&m->i_pages_lock, &i_pages_lock_class);
	mutex_init(&m->i_mmap_lock, "i_mmap_lock");
	lockdep_set_class(&m->i_mmap_lock, &i_mmap_lock_class);
	INIT_LIST_HEAD(&m->i_mmap);
	m->bdi = bdi;
	inode->i_mapping = m;
}

/* s_op->alloc_inode, if any, must return zeroed memory. */
struct inode *
new_inode(struct super_block *sb)
{
	struct inode *inode;
	s64 now = current_time_sec();

	if (sb->s_op && sb->s_op->alloc_inode)
		inode = sb->s_op->alloc_inode(sb);
	else
		inode = kzalloc(sizeof(*inode), GFP_KERNEL);
	if (!inode)
		return NULL;
	inode->i_sb = sb;
	atomic_set(&inode->i_count, 1);
	inode->i_nlink = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = now;
	init_rwsem(&inode->i_rwsem, "i_rwsem");
	INIT_LIST_HEAD(&inode->i_wb_list);
	inode_init_mapping(inode,
			   sb->s_bdi ? sb->s_bdi : &noop_backing_dev_info);
	spin_lock(&sb->s_inode_list_lock);
	list_add(&inode->i_sb_list, &sb->s_inodes);
	spin_unlock(&sb->s_inode_list_lock);
	return inode;
}

struct inode *
igrab(struct inode *inode)
{
	return atomic_inc_not_zero(&inode->i_count) ? inode : NULL;
}

static void
evict(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	spin_lock(&sb->s_inode_list_lock);
	list_del(&inode->i_sb_list);
	spin_unlock(&sb->s_inode_list_lock);
	if (sb->s_op && sb->s_op->evict_inode)
		sb->s_op->evict_inode(inode);
	else
		truncate_inode_pages(&inode->i_data, 0);
	WARN_ON(inode->i_data.nrpages != 0);
	if (sb->s_op && sb->s_op->destroy_inode)
		sb->s_op->destroy_inode(inode);
	else
		kfree(inode);
}

/* May sleep (eviction truncates the page cache). */
void
iput(struct inode *inode)
{
	if (!inode)
		return;
	if (atomic_dec_and_test(&inode->i_count))
		evict(inode);
}

void
__mark_inode_dirty(struct inode *inode, unsigned long flags)
{
	unsigned long irq;

	spin_lock_irqsave(&inode_state_lock, irq);
	if (!(inode->i_state & (I_DIRTY_SYNC | I_DIRTY_PAGES)))
		inode->dirtied_when = jiffies;
	inode->i_state |= flags;
	spin_unlock_irqrestore(&inode_state_lock, irq);
}

/*
 * Writeback's side of the dirty state: clear @flags and return the ones
 * that were set. I_DIRTY_PAGES is cleared only while the mapping has no
 * dirty folios left, so a folio dirtied during writeback keeps the
 * inode on the flusher's radar.
 */
unsigned long
inode_test_clear_dirty(struct inode *inode, unsigned long flags)
{
	unsigned long irq, was;

	spin_lock_irqsave(&inode_state_lock, irq);
	if (inode->i_mapping->nr_dirty)
		flags &= ~I_DIRTY_PAGES;
	was = inode->i_state & flags;
	inode->i_state &= ~flags;
	spin_unlock_irqrestore(&inode_state_lock, irq);
	return was;
}

void
mark_inode_dirty(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY_SYNC);
}

void
init_special_inode(struct inode *inode, mode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	}
}

void
inc_nlink(struct inode *inode)
{
	inode->i_nlink++;
}

void
drop_nlink(struct inode *inode)
{
	if (!WARN_ON(inode->i_nlink == 0))
		inode->i_nlink--;
}

void
clear_nlink(struct inode *inode)
{
	inode->i_nlink = 0;
}
