/*
 * Mounts: the tree of vfsmounts, mount and umount, and crossing mount
 * points during path walks.
 *
 * A vfsmount grafts the root dentry of a filesystem (mnt_root) onto a
 * directory dentry of its parent mount (mnt_mountpoint), whose
 * d_mounted then points to it. The root mount and internal mounts
 * (kern_mount) are their own parent. A mount on top of a mount root
 * stacks: the walk keeps following d_mounted.
 *
 * References: mnt_count counts the tree's reference (1 while attached)
 * plus one for every struct path that names the mount: open files,
 * working and root directories, walks in progress. umount refuses a
 * mount with other references or with child mounts (-EBUSY) unless
 * MNT_DETACH is given, which detaches it at once and lets the last
 * reference kill the superblock. The final mntput() drops the root
 * dentry and calls the type's kill_sb().
 *
 * Locking: mount_lock (spinlock) guards d_mounted, mnt_parent,
 * mnt_mountpoint and mount_list; it nests outside dcache_lock. Taking
 * a reference to a mount found through d_mounted happens under it, so
 * umount's busy check cannot miss a walker that is crossing over.
 */
#include "internal.h"
#include <slab.h>
#include <init.h>
#include <uapi/mount.h>

DEFINE_SPINLOCK(mount_lock);
static LIST_HEAD(mount_list);
static struct vfsmount *root_mnt;

struct vfsmount *
mntget(struct vfsmount *m)
{
	if (m)
		atomic_inc(&m->mnt_count);
	return m;
}

void
mntput(struct vfsmount *m)
{
	struct super_block *sb;

	if (!m || !atomic_dec_and_test(&m->mnt_count))
		return;
	sb = m->mnt_sb;
	dput(m->mnt_root);
	kfree(m);
	if (sb->s_type->kill_sb)
		sb->s_type->kill_sb(sb);
}

void
path_get(const struct path *p)
{
	mntget(p->mnt);
	dget(p->dentry);
}

void
path_put(const struct path *p)
{
	dput(p->dentry);
	mntput(p->mnt);
}

/* Takes over the caller's reference to @root. */
static struct vfsmount *
alloc_vfsmnt(struct dentry *root)
{
	struct vfsmount *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->mnt_root = root;
	m->mnt_mountpoint = root;
	m->mnt_parent = m;
	m->mnt_sb = root->d_sb;
	INIT_LIST_HEAD(&m->mnt_list);
	atomic_set(&m->mnt_count, 1);
	return m;
}

static struct vfsmount *
vfs_kern_mount(struct file_system_type *type, int flags, const char *dev)
{
	struct dentry *root = type->mount(type, flags, dev, NULL);
	struct super_block *sb;
	struct vfsmount *m;

	if (IS_ERR(root))
		return ERR_PTR(PTR_ERR(root));
	m = alloc_vfsmnt(root);
	if (!m) {
		sb = root->d_sb;
		dput(root);
		if (type->kill_sb)
			type->kill_sb(sb);
		return ERR_PTR(-ENOMEM);
	}
	return m;
}

struct vfsmount *
kern_mount(struct file_system_type *type)
{
	return vfs_kern_mount(type, 0, type->name);
}

/* Replace @p by the root of whatever is mounted on it, repeatedly. */
void
follow_mount(struct path *p)
{
	for (;;) {
		struct vfsmount *m;

		spin_lock(&mount_lock);
		m = p->dentry->d_mounted;
		if (m) {
			mntget(m);
			dget(m->mnt_root);
		}
		spin_unlock(&mount_lock);
		if (!m)
			return;
		path_put(p);
		p->mnt = m;
		p->dentry = m->mnt_root;
	}
}

/* Step up from a mount's root to its mount point; false at the top. */
static bool
follow_up(struct path *p)
{
	struct vfsmount *parent;
	struct dentry *mp;

	spin_lock(&mount_lock);
	parent = p->mnt->mnt_parent;
	if (parent == p->mnt) {
		spin_unlock(&mount_lock);
		return false;
	}
	mntget(parent);
	mp = dget(p->mnt->mnt_mountpoint);
	spin_unlock(&mount_lock);
	path_put(p);
	p->mnt = parent;
	p->dentry = mp;
	return true;
}

/* "..": never above @root, and across mount points. */
void
follow_dotdot(struct path *p, const struct path *root)
{
	struct dentry *parent;

	for (;;) {
		if (p->dentry == root->dentry && p->mnt == root->mnt)
			return;
		if (p->dentry != p->mnt->mnt_root)
			break;
		if (!follow_up(p))
			return;
	}
	spin_lock(&dcache_lock);
	parent = dget(p->dentry->d_parent);
	spin_unlock(&dcache_lock);
	dput(p->dentry);
	p->dentry = parent;
	follow_mount(p);
}

static int
attach_mnt(struct vfsmount *m, struct path *mp)
{
	int err = 0;

	spin_lock(&mount_lock);
	if (mp->dentry->d_mounted)
		err = -EBUSY;
	else if (d_unhashed(mp->dentry) && mp->dentry != mp->mnt->mnt_root)
		err = -ENOENT;
	if (!err) {
		m->mnt_mountpoint = dget(mp->dentry);
		m->mnt_parent = mntget(mp->mnt);
		mp->dentry->d_mounted = m;
		list_add_tail(&m->mnt_list, &mount_list);
	}
	spin_unlock(&mount_lock);
	return err;
}

int
do_mount(const char *dev, const char *dir, const char *type, int flags)
{
	struct file_system_type *fs = get_fs_type(type);
	struct vfsmount *m;
	struct path mp;
	int err;

	if (!fs)
		return -ENODEV;
	err = kern_path(dir, &mp);
	if (err)
		return err;
	err = -ENOTDIR;
	if (!S_ISDIR(mp.dentry->d_inode->i_mode))
		goto out;
	m = vfs_kern_mount(fs, flags, dev);
	err = PTR_ERR(m);
	if (IS_ERR(m))
		goto out;
	err = attach_mnt(m, &mp);
	if (err)
		mntput(m);
out:
	path_put(&mp);
	return err;
}

static bool
has_child_mounts(struct vfsmount *m)
{
	struct vfsmount *c;

	list_for_each_entry(c, &mount_list, mnt_list)
		if (c->mnt_parent == m && c != m)
			return true;
	return false;
}

/*
 * Unhook @m (mount_lock held). Its references to the mount point are
 * handed to the caller to drop once the lock is released.
 */
static void
detach_mnt(struct vfsmount *m, struct path *old)
{
	old->dentry = m->mnt_mountpoint;
	old->mnt = m->mnt_parent;
	old->dentry->d_mounted = NULL;
	list_del_init(&m->mnt_list);
	m->mnt_parent = m;
	m->mnt_mountpoint = m->mnt_root;
}

int
do_umount(const char *dir, int flags)
{
	struct path p, old;
	struct vfsmount *m;
	int err = 0;

	err = kern_path(dir, &p);
	if (err)
		return err;
	m = p.mnt;
	if (p.dentry != m->mnt_root) {
		path_put(&p);
		return -EINVAL;
	}
	spin_lock(&mount_lock);
	if (m == root_mnt || m->mnt_parent == m || has_child_mounts(m))
		err = -EBUSY;
	else if (!(flags & MNT_DETACH) && atomic_read(&m->mnt_count) > 2)
		err = -EBUSY;	/* 2: the tree's reference and ours */
	if (!err)
		detach_mnt(m, &old);
	spin_unlock(&mount_lock);
	path_put(&p);
	if (err)
		return err;
	path_put(&old);
	mntput(m);		/* the tree's reference */
	return 0;
}

/* "/" is an empty tmpfs; init_fs starts there. */
int
init_mount_tree(void)
{
	struct vfsmount *m = kern_mount(&shmem_fs_type);
	struct path root;

	if (IS_ERR(m))
		return PTR_ERR(m);
	spin_lock(&mount_lock);
	root_mnt = m;
	list_add_tail(&m->mnt_list, &mount_list);
	spin_unlock(&mount_lock);
	root.mnt = m;
	root.dentry = m->mnt_root;
	set_fs_root(&init_fs, &root);
	set_fs_pwd(&init_fs, &root);
	return 0;
}

static int
mount_path(struct vfsmount *m, char *buf, size_t len)
{
	struct path root = { root_mnt, root_mnt->mnt_root };
	struct path p = { m, m->mnt_root };

	return d_path_locked(&p, &root, buf, len);
}

/* /proc/mounts: "dev dir type rw 0 0" lines. */
int
show_mounts(char *buf, size_t len)
{
	char *dir = kmalloc(PATH_MAX, GFP_KERNEL);
	struct vfsmount *m;
	size_t n = 0;

	if (!dir)
		return -ENOMEM;
	spin_lock(&mount_lock);
	list_for_each_entry(m, &mount_list, mnt_list) {
		if (mount_path(m, dir, PATH_MAX) < 0)
			continue;
		n += snprintf(buf + n, len - n, "%s %s %s rw 0 0\n",
			      m->mnt_sb->s_type->name, dir,
			      m->mnt_sb->s_type->name);
		if (n >= len) {
			n = len;
			break;
		}
	}
	spin_unlock(&mount_lock);
	kfree(dir);
	return n;
}
