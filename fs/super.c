/*
 * Filesystem types and superblocks.
 *
 * register_filesystem() adds a type to the list do_mount() searches by
 * name (-EBUSY if the name is taken). alloc_super() gives a type's
 * ->mount a fresh superblock: anonymous device number, page-sized
 * blocks, no writeback (noop_backing_dev_info) until the filesystem
 * says otherwise, on the list of all superblocks that sync() walks.
 * generic_shutdown_super() undoes it at unmount: the dentry tree is
 * freed (evicting the inodes it held), then ->put_super, then the
 * superblock itself.
 *
 * Locking: file_systems_lock (spinlock) guards the type list, which
 * only grows. super_mutex guards the superblock list and is held
 * across ->sync_fs so an unmount cannot free a superblock under it.
 */
#include "internal.h"
#include <slab.h>

static struct file_system_type *file_systems;
static DEFINE_SPINLOCK(file_systems_lock);
static LIST_HEAD(super_blocks);
static DEFINE_MUTEX(super_mutex);
static atomic_t next_anon_dev;

static struct file_system_type *
find_filesystem(const char *name)
{
	struct file_system_type *fs;

	for (fs = file_systems; fs; fs = fs->next)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

int
register_filesystem(struct file_system_type *fs)
{
	int err = 0;

	spin_lock(&file_systems_lock);
	if (find_filesystem(fs->name)) {
		err = -EBUSY;
	} else {
		fs->next = file_systems;
		file_systems = fs;
	}
	spin_unlock(&file_systems_lock);
	return err;
}

struct file_system_type *
get_fs_type(const char *name)
{
	struct file_system_type *fs;

	spin_lock(&file_systems_lock);
	fs = find_filesystem(name);
	spin_unlock(&file_systems_lock);
	return fs;
}

/* /proc/filesystems: "nodev\tname" per type. */
int
show_filesystems(char *buf, size_t len)
{
	struct file_system_type *fs;
	size_t n = 0;

	spin_lock(&file_systems_lock);
	for (fs = file_systems; fs && n < len; fs = fs->next)
		n += snprintf(buf + n, len - n, "nodev\t%s\n", fs->name);
	spin_unlock(&file_systems_lock);
	return n < len ? n : len;
}

struct super_block *
alloc_super(struct file_system_type *type)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_bdi = &noop_backing_dev_info;
	sb->s_dev = MKDEV(0, atomic_add_return(1, &next_anon_dev));
	INIT_LIST_HEAD(&sb->s_inodes);
	spin_lock_init(&sb->s_inode_list_lock, "s_inode_list_lock");
	mutex_lock(&super_mutex);
	list_add_tail(&sb->s_list, &super_blocks);
	mutex_unlock(&super_mutex);
	return sb;
}

void
generic_shutdown_super(struct super_block *sb)
{
	struct dentry *root = sb->s_root;

	if (root) {
		shrink_dcache_sb(root);
		sb->s_root = NULL;
		dput(root);
	}
	if (sb->s_op && sb->s_op->put_super)
		sb->s_op->put_super(sb);
	if (!list_empty(&sb->s_inodes))
		pr_warn("VFS: busy inodes on unmount of %s\n",
			sb->s_type->name);
	mutex_lock(&super_mutex);
	list_del(&sb->s_list);
	mutex_unlock(&super_mutex);
	kfree(sb);
}

/*
 * Call @fn on every mounted superblock, in mount order, with
 * super_mutex held: @fn may sleep but must not mount or unmount.
 */
void
iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg)
{
	struct super_block *sb;

	mutex_lock(&super_mutex);
	list_for_each_entry(sb, &super_blocks, s_list)
		fn(sb, arg);
	mutex_unlock(&super_mutex);
}

/* sync(2): ask every filesystem to write out what it has. */
void
sync_filesystems(void)
{
	struct super_block *sb;

	mutex_lock(&super_mutex);
	list_for_each_entry(sb, &super_blocks, s_list)
		if (sb->s_op && sb->s_op->sync_fs)
			sb->s_op->sync_fs(sb, 1);
	mutex_unlock(&super_mutex);
}

int
vfs_statfs(const struct path *path, struct kstatfs *st)
{
	struct super_block *sb = path->dentry->d_sb;

	memset(st, 0, sizeof(*st));
	if (!sb->s_op || !sb->s_op->statfs)
		return -ENOSYS;
	return sb->s_op->statfs(sb, st);
}
