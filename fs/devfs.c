/*
 * devfs: /dev, showing every registered character device by name.
 *
 * One instance (like Linux's devtmpfs): the first mount builds a tmpfs
 * superblock with DEVFS_SUPER_MAGIC and creates a node per registered
 * device; devices registered later get their node at registration
 * (devfs_create_node, from register_chrdev). Later mounts show the same
 * tree, and unmounting keeps it (kill_sb does nothing). Being a tmpfs,
 * /dev also takes ordinary files and directories.
 *
 * Locking: devfs_mutex guards devfs_sb and serialises node creation;
 * it nests outside chrdevs_lock and the /dev directory's i_rwsem.
 */
#include "internal.h"
#include <init.h>

static struct super_block *devfs_sb;
static DEFINE_MUTEX(devfs_mutex);

static void
devfs_mknod_locked(const char *name, dev_t dev)
{
	struct dentry *root = devfs_sb->s_root, *d;
	struct inode *dir = root->d_inode;

	down_write(&dir->i_rwsem);
	d = lookup_one_locked(root, name, strnlen(name, NAME_MAX));
	if (!IS_ERR(d)) {
		if (!d->d_inode && shmem_mknod(dir, d, S_IFCHR | 0666, dev))
			pr_warn("devfs: cannot create /dev/%s\n", name);
		dput(d);
	}
	up_write(&dir->i_rwsem);
}

void
devfs_create_node(const char *name, dev_t dev)
{
	mutex_lock(&devfs_mutex);
	if (devfs_sb)
		devfs_mknod_locked(name, dev);
	mutex_unlock(&devfs_mutex);
}

static int
devfs_build(struct file_system_type *type)
{
	struct super_block *sb = alloc_super(type);
	int err;

	if (!sb)
		return -ENOMEM;
	err = shmem_fill_super(sb, DEVFS_SUPER_MAGIC, 0755);
	if (err) {
		generic_shutdown_super(sb);
		return err;
	}
	devfs_sb = sb;
	chrdev_for_each(devfs_mknod_locked);
	return 0;
}

static struct dentry *
devfs_mount(struct file_system_type *type, int flags, const char *dev,
	    void *data)
{
	struct dentry *root;
	int err = 0;

	mutex_lock(&devfs_mutex);
	if (!devfs_sb)
		err = devfs_build(type);
	root = err ? ERR_PTR(err) : dget(devfs_sb->s_root);
	mutex_unlock(&devfs_mutex);
	return root;
}

/* The one superblock outlives its mounts. */
static void
devfs_kill_sb(struct super_block *sb)
{
}

static struct file_system_type devfs_fs_type = {
	.name = "devfs",
	.mount = devfs_mount,
	.kill_sb = devfs_kill_sb,
};

int
devfs_init(void)
{
	return register_filesystem(&devfs_fs_type);
}
