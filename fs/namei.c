/*
 * Path name resolution.
 *
 * A walk starts at the root ('/' paths), the working directory
 * (AT_FDCWD) or a directory fd, and resolves one component at a time
 * holding references to the current (mount, dentry) pair: "." stays,
 * ".." climbs (never above the root, across mount points), anything
 * else is looked up in the dcache and, on a miss, by the directory's
 * ->lookup under its i_rwsem held shared. After every step the walk
 * enters whatever is mounted on the new dentry.
 *
 * Symlinks: a link met in the middle of a path is always followed; the
 * last component is followed unless the caller asks otherwise (lstat,
 * O_NOFOLLOW). Following walks the link's target from the directory
 * holding the link (or from the root for "/..."), recursively, at most
 * MAX_NESTED_LINKS deep and MAXSYMLINKS links in all: -ELOOP beyond.
 *
 * Errors: an empty path is -ENOENT; a path of PATH_MAX bytes or more
 * (no room for its NUL) or a component longer than NAME_MAX is
 * -ENAMETOOLONG; stepping through a non-directory is -ENOTDIR, as is a
 * trailing '/' after one; a missing component is -ENOENT.
 *
 * path_lookupat() resolves a whole path to an existing object.
 * path_parentat() stops at the parent of the last component and hands
 * the component back, for create, mkdir, unlink, rmdir and rename,
 * which then look it up with lookup_one_locked() while holding the
 * parent's i_rwsem exclusively (fs/namei_ops.c).
 */
#include "internal.h"
#include <slab.h>

#define MAX_NESTED_LINKS 8
#define MAXSYMLINKS 40

struct nameidata {
	struct path path;	/* where we are; references held */
	struct path root;	/* ".." stops here; references held */
	int depth, links;	/* symlinks being followed, followed */
};

static int walk_link(struct nameidata *nd, struct dentry *link);

/* Look @name up in @parent's directory; the dir's i_rwsem is held. */
static struct dentry *
lookup_slow(struct dentry *parent, const char *name, int len)
{
	struct inode *dir = parent->d_inode;
	struct dentry *d, *res;

	d = d_lookup(parent, name, len);
	if (d)
		return d;
	if (dir->i_nlink == 0)
		return ERR_PTR(-ENOENT);	/* removed directory */
	d = d_alloc(parent, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	res = dir->i_op && dir->i_op->lookup ? dir->i_op->lookup(dir, d) :
					       NULL;
	if (IS_ERR(res)) {
		dput(d);
		return res;
	}
	if (res) {
		dput(d);
		return res;
	}
	res = d_insert(d);
	if (res != d)
		dput(d);
	return res;
}

/* The dentry (maybe negative) for @name in @parent, with a reference. */
struct dentry *
lookup_one(struct dentry *parent, const char *name, int len)
{
	struct inode *dir = parent->d_inode;
	struct dentry *d = d_lookup(parent, name, len);

	if (d)
		return d;
	down_read(&dir->i_rwsem);
	d = lookup_slow(parent, name, len);
	up_read(&dir->i_rwsem);
	return d;
}

/* As lookup_one(), for a caller holding @parent's i_rwsem. */
struct dentry *
lookup_one_locked(struct dentry *parent, const char *name, int len)
{
	return lookup_slow(parent, name, len);
}

static bool
is_dir(const struct path *p)
{
	return S_ISDIR(p->dentry->d_inode->i_mode);
}

static int
start_at_fd(struct nameidata *nd, int dfd)
{
	struct file *f = fget(dfd);

	if (!f)
		return -EBADF;
	nd->path.mnt = f->f_vfsmnt;
	nd->path.dentry = f->f_dentry;
	path_get(&nd->path);
	fput(f);
	if (!is_dir(&nd->path)) {
		path_put(&nd->path);
		return -ENOTDIR;
	}
	return 0;
}

static int
nd_init(struct nameidata *nd, int dfd, const char *name)
{
	int err = 0;

	if (!*name)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	get_fs_root(&nd->root);
	if (*name == '/') {
		nd->path = nd->root;
		path_get(&nd->path);
	} else if (dfd == AT_FDCWD) {
		get_fs_pwd(&nd->path);
	} else {
		err = start_at_fd(nd, dfd);
	}
	if (err)
		path_put(&nd->root);
	nd->depth = nd->links = 0;
	return err;
}

static int
component_type(const char *name, int len)
{
	if (len == 1 && name[0] == '.')
		return LAST_DOT;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return LAST_DOTDOT;
	return LAST_NORM;
}

static int
walk_component(struct nameidata *nd, const char *name, int len, bool follow)
{
	struct dentry *d;
	int err;

	if (!is_dir(&nd->path))
		return -ENOTDIR;
	switch (component_type(name, len)) {
	case LAST_DOT:
		return 0;
	case LAST_DOTDOT:
		follow_dotdot(&nd->path, &nd->root);
		return 0;
	}
	d = lookup_one(nd->path.dentry, name, len);
	if (IS_ERR(d))
		return PTR_ERR(d);
	if (!d->d_inode) {
		dput(d);
		return -ENOENT;
	}
	if (follow && S_ISLNK(d->d_inode->i_mode)) {
		err = walk_link(nd, d);		/* d keeps the body alive */
		dput(d);
		return err;
	}
	dput(nd->path.dentry);
	nd->path.dentry = d;
	follow_mount(&nd->path);
	return 0;
}

/* Walk all components but the last, which is described in @last. */
static int
link_path_walk(struct nameidata *nd, const char *name,
	       struct last_component *last)
{
	while (*name == '/')
		name++;
	last->type = LAST_ROOT;
	last->name = name;
	last->len = 0;
	last->slash = false;
	while (*name) {
		const char *next = name;
		int len, err;

		while (*next && *next != '/')
			next++;
		len = next - name;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		while (*next == '/')
			next++;
		if (!*next) {
			last->name = name;
			last->len = len;
			last->type = component_type(name, len);
			last->slash = name[len] == '/';
			return 0;
		}
		err = walk_component(nd, name, len, true);
		if (err)
			return err;
		name = next;
	}
	return 0;
}

/* Resolve the last component, following it if asked. */
static int
walk_last(struct nameidata *nd, struct last_component *last, bool follow)
{
	int err = 0;

	if (last->type != LAST_ROOT)
		err = walk_component(nd, last->name, last->len, follow);
	if (!err && last->slash && !is_dir(&nd->path))
		err = -ENOTDIR;
	return err;
}

/* Continue the walk through @link's target (nd->path: its directory). */
static int
walk_link(struct nameidata *nd, struct dentry *link)
{
	struct inode *inode = link->d_inode;
	struct last_component last;
	const char *body;
	int err;

	if (nd->depth >= MAX_NESTED_LINKS || nd->links >= MAXSYMLINKS)
		return -ELOOP;
	if (!inode->i_op || !inode->i_op->get_link)
		return -EINVAL;
	body = inode->i_op->get_link(inode);
	if (!*body)
		return -ENOENT;
	if (*body == '/') {
		path_put(&nd->path);
		nd->path = nd->root;
		path_get(&nd->path);
	}
	nd->depth++;
	nd->links++;
	err = link_path_walk(nd, body, &last);
	if (!err)
		err = walk_last(nd, &last, true);
	nd->depth--;
	return err;
}

int
path_lookupat_flags(int dfd, const char *name, unsigned int flags,
		    struct path *res)
{
	struct last_component last;
	struct nameidata nd;
	int err = nd_init(&nd, dfd, name);

	if (err)
		return err;
	err = link_path_walk(&nd, name, &last);
	if (!err)
		err = walk_last(&nd, &last,
				!(flags & LOOKUP_NOFOLLOW) || last.slash);
	path_put(&nd.root);
	if (err) {
		path_put(&nd.path);
		return err;
	}
	*res = nd.path;
	return 0;
}

int
path_lookupat(int dfd, const char *name, struct path *res)
{
	return path_lookupat_flags(dfd, name, 0, res);
}

int
path_parentat(int dfd, const char *name, struct path *parent,
	      struct last_component *last)
{
	struct nameidata nd;
	int err = nd_init(&nd, dfd, name);

	if (err)
		return err;
	err = link_path_walk(&nd, name, last);
	if (!err && !is_dir(&nd.path))
		err = -ENOTDIR;
	path_put(&nd.root);
	if (err) {
		path_put(&nd.path);
		return err;
	}
	*parent = nd.path;
	return 0;
}

int
kern_path(const char *name, struct path *path)
{
	return path_lookupat(AT_FDCWD, name, path);
}

/* A path from user space, copied into a new PATH_MAX buffer. */
char *
getname(const char *upath)
{
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = vfs_strncpy_from_user(buf, upath, PATH_MAX);
	if (n == 0)
		n = -ENOENT;
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(n);
	}
	return buf;
}
