/*
 * Path names of (mount, dentry) pairs, for getcwd() and /proc/mounts.
 *
 * The name is built right to left at the end of the buffer while
 * climbing d_parent links, hopping from a mount's root to its mount
 * point, until the caller's root (or the top of a detached mount) is
 * reached. A dentry that was unlinked on the way up has no name any
 * more: -ENOENT, as Linux's getcwd() reports for a removed directory.
 *
 * Locking: mount_lock (held by the caller of d_path_locked) keeps the
 * mount links still and dcache_lock, taken inside, the names and
 * parents; neither may sleep, so the buffer is kernel memory.
 */
#include "internal.h"

static int
prepend(char **end, char *buf, const char *s, int len)
{
	if (*end - buf < len)
		return -ENAMETOOLONG;
	*end -= len;
	memcpy(*end, s, len);
	return 0;
}

static int
prepend_name(char **end, char *buf, struct dentry *d)
{
	int err = prepend(end, buf, d->d_name, strlen(d->d_name));

	return err ? err : prepend(end, buf, "/", 1);
}

int
d_path_locked(const struct path *p, const struct path *root, char *buf,
	      size_t len)
{
	struct vfsmount *m = p->mnt;
	struct dentry *d = p->dentry;
	char *end = buf + len;
	int err = prepend(&end, buf, "", 1);

	spin_lock(&dcache_lock);
	while (!err && !(d == root->dentry && m == root->mnt)) {
		if (d == m->mnt_root) {
			if (m->mnt_parent == m)
				break;
			d = m->mnt_mountpoint;
			m = m->mnt_parent;
			continue;
		}
		if (d_unhashed(d))
			err = -ENOENT;
		else
			err = prepend_name(&end, buf, d);
		d = d->d_parent;
	}
	spin_unlock(&dcache_lock);
	if (!err && *end == '\0')
		err = prepend(&end, buf, "/", 1);
	if (err)
		return err;
	len = buf + len - end;
	memmove(buf, end, len);
	return len - 1;
}

int
d_path(const struct path *p, char *buf, size_t len)
{
	struct path root;
	int n;

	get_fs_root(&root);
	spin_lock(&mount_lock);
	n = d_path_locked(p, &root, buf, len);
	spin_unlock(&mount_lock);
	path_put(&root);
	return n;
}
