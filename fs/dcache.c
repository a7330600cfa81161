/*
 * The dentry cache: the tree of names.
 *
 * A dentry names one entry of its parent directory; a positive dentry
 * holds a reference on its inode, a negative one (d_inode NULL) records
 * that the name does not exist. Every dentry holds a reference on its
 * parent, so a directory's dentry lives as long as any child does.
 * "Hashed" means linked on the parent's d_subdirs list, where
 * d_lookup() finds it; new dentries start unhashed, and unlink, rmdir
 * and rename-over unhash the victim, which then lives on only for its
 * remaining users (an open file keeps its dentry and so its inode).
 *
 * Freeing: when d_count drops to 0, a dentry that is negative or
 * unhashed is freed (and its parent and inode references dropped); a
 * positive hashed one stays cached at count 0 until the filesystem is
 * unmounted (shrink_dcache_sb). For tmpfs that is the point: the tree
 * is the filesystem.
 *
 * Locking: dcache_lock (a global spinlock) guards every d_subdirs list,
 * d_child, d_parent, d_name, d_flags, d_inode, and the 0 <-> 1
 * transitions of d_count (d_lookup takes a reference on a count-0
 * dentry under it; dput decides to free under it). Freeing itself runs
 * after the lock is dropped, since iput() may sleep.
 */
#include "internal.h"
#include <slab.h>

DEFINE_SPINLOCK(dcache_lock);
static u64 d_pos_seq = 2;	/* readdir cookies; 0 and 1 are . and .. */

struct dentry *
d_alloc(struct dentry *parent, const char *name, int len)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	memcpy(d->d_name, name, len);
	d->d_name[len] = '\0';
	atomic_set(&d->d_count, 1);
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	d->d_flags = DCACHE_UNHASHED;
	d->d_parent = parent ? dget(parent) : d;
	d->d_sb = parent ? parent->d_sb : NULL;
	return d;
}

/* A parentless dentry: a filesystem root or an unlinked shmem file. */
struct dentry *
d_alloc_anon(struct super_block *sb, const char *name)
{
	struct dentry *d = d_alloc(NULL, name, strnlen(name, NAME_MAX));

	if (d)
		d->d_sb = sb;
	return d;
}

struct dentry *
d_make_root(struct inode *root)
{
	struct dentry *d;

	if (!root)
		return NULL;
	d = d_alloc_anon(root->i_sb, "/");
	if (!d) {
		iput(root);
		return NULL;
	}
	d->d_inode = root;
	return d;
}

struct dentry *
dget(struct dentry *d)
{
	atomic_inc(&d->d_count);
	return d;
}

static struct dentry *
__d_find(struct dentry *parent, const char *name, int len)
{
	struct dentry *c;

	list_for_each_entry(c, &parent->d_subdirs, d_child)
		if (!strncmp(c->d_name, name, len) && c->d_name[len] == '\0')
			return c;
	return NULL;
}

/* The hashed child @name of @parent, with a reference, or NULL. */
struct dentry *
d_lookup(struct dentry *parent, const char *name, int len)
{
	struct dentry *d;

	spin_lock(&dcache_lock);
	d = __d_find(parent, name, len);
	if (d)
		atomic_inc(&d->d_count);
	spin_unlock(&dcache_lock);
	return d;
}

/*
 * Hash @d under its parent. If a racing lookup hashed the same name
 * first, return that dentry (with a reference) instead; the caller
 * then drops @d.
 */
struct dentry *
d_insert(struct dentry *d)
{
	struct dentry *old;
	int len = strlen(d->d_name);

	spin_lock(&dcache_lock);
	old = __d_find(d->d_parent, d->d_name, len);
	if (old) {
		atomic_inc(&old->d_count);
		spin_unlock(&dcache_lock);
		return old;
	}
	list_add_tail(&d->d_child, &d->d_parent->d_subdirs);
	d->d_flags &= ~DCACHE_UNHASHED;
	d->d_pos = d_pos_seq++;
	spin_unlock(&dcache_lock);
	return d;
}

/* Attach @inode (whose reference @d takes over); NULL keeps it negative. */
void
d_instantiate(struct dentry *d, struct inode *inode)
{
	spin_lock(&dcache_lock);
	WARN_ON(d->d_inode);
	d->d_inode = inode;
	spin_unlock(&dcache_lock);
}

void
d_add(struct dentry *d, struct inode *inode)
{
	if (inode)
		d_instantiate(d, inode);
}

static void
__d_unhash(struct dentry *d)
{
	if (!(d->d_flags & DCACHE_UNHASHED)) {
		list_del_init(&d->d_child);
		d->d_flags |= DCACHE_UNHASHED;
	}
}

void
d_unhash(struct dentry *d)
{
	spin_lock(&dcache_lock);
	__d_unhash(d);
	spin_unlock(&dcache_lock);
}

/*
 * Rename: @d takes @target's name and parent; @target (the dentry of
 * the new name, positive if it is being replaced) is unhashed. Both
 * parents' i_rwsem are held by the caller.
 */
void
d_move(struct dentry *d, struct dentry *target)
{
	struct dentry *old_parent;

	spin_lock(&dcache_lock);
	__d_unhash(target);
	__d_unhash(d);
	old_parent = d->d_parent;
	d->d_parent = target->d_parent;
	atomic_inc(&d->d_parent->d_count);
	strlcpy(d->d_name, target->d_name, sizeof(d->d_name));
	list_add_tail(&d->d_child, &d->d_parent->d_subdirs);
	d->d_flags &= ~DCACHE_UNHASHED;
	d->d_pos = d_pos_seq++;
	spin_unlock(&dcache_lock);
	dput(old_parent);
}

static bool
d_should_free(struct dentry *d)
{
	return !d->d_inode || (d->d_flags & DCACHE_UNHASHED);
}

/*
 * Drop a reference. Freeing a dentry drops its parent's reference,
 * which may free the parent in turn: a loop, not recursion, so deep
 * trees cannot overflow the kernel stack.
 */
void
dput(struct dentry *d)
{
	while (d) {
		struct dentry *parent;

		spin_lock(&dcache_lock);
		if (atomic_sub_return(1, &d->d_count) > 0 ||
		    !d_should_free(d)) {
			spin_unlock(&dcache_lock);
			return;
		}
		__d_unhash(d);
		spin_unlock(&dcache_lock);
		parent = d->d_parent != d ? d->d_parent : NULL;
		iput(d->d_inode);
		kfree(d);
		d = parent;
	}
}

/*
 * Unmount: free every cached dentry below @root, iteratively (leaf
 * first, climbing back up). No one else may use the tree now; a child
 * still referenced (which would be a bug) is unhashed and left to its
 * last dput().
 */
void
shrink_dcache_sb(struct dentry *root)
{
	struct dentry *d = root;

	spin_lock(&dcache_lock);
	for (;;) {
		struct dentry *parent;

		if (!list_empty(&d->d_subdirs)) {
			d = list_first_entry(&d->d_subdirs, struct dentry,
					     d_child);
			continue;
		}
		if (d == root)
			break;
		parent = d->d_parent;
		__d_unhash(d);
		if (atomic_read(&d->d_count) == 0) {
			atomic_dec(&parent->d_count);
			spin_unlock(&dcache_lock);
			iput(d->d_inode);
			kfree(d);
			spin_lock(&dcache_lock);
		} else {
			pr_warn("dcache: busy dentry %s at unmount\n",
				d->d_name);
		}
		d = parent;
	}
	spin_unlock(&dcache_lock);
}

/* Is @d @ancestor or below it? (Caller holds rename_mutex.) */
bool
is_subdir(struct dentry *d, struct dentry *ancestor)
{
	bool found = false;

	spin_lock(&dcache_lock);
	for (;;) {
		if (d == ancestor) {
			found = true;
			break;
		}
		if (d->d_parent == d)
			break;
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	return found;
}
