/*
 * procfs: a read-mostly tree described by static tables of struct
 * proc_entry (fs/proc_entries.c) plus /proc/sys/vm, whose entries come
 * from the sysctl registry (fs/proc_sysctl.c).
 *
 * Nothing is stored: a lookup finds the name in its directory's table
 * (or the registry) and makes an inode pointing at the entry; readdir
 * walks the same table. A regular entry's text is produced by its
 * ->show(buf, len) when the file is opened, into a buffer of
 * PROC_BUF_SIZE that lives until close, so one open file reads one
 * consistent snapshot however it is read (as Linux's single_open).
 * Inode numbers derive from the entry's address, so readdir and stat
 * agree. Each mount is a new superblock.
 *
 * Locking: none of its own; the tables are constant and the registry
 * has its own mutex. Negative dentries die at their last dput, so a
 * sysctl registered later is found by the next lookup.
 */
#include "internal.h"
#include <slab.h>
#include <sysctl.h>

#define PROC_BUF_SIZE (64 * 1024)

struct proc_buf {
	size_t len;
	char data[];
};

static const struct inode_operations proc_dir_iops;
static const struct file_operations proc_dir_fops, proc_file_fops;

static unsigned long
proc_ino(const void *entry)
{
	return ((unsigned long)entry >> 3) & 0xffffffffUL;
}

static struct inode *
proc_inode(struct super_block *sb, const void *entry, mode_t mode,
	   const struct file_operations *fops)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = proc_ino(entry);
	inode->i_mode = mode;
	inode->i_private = (void *)entry;
	inode->i_fop = fops;
	if (S_ISDIR(mode)) {
		inode->i_op = &proc_dir_iops;
		inode->i_nlink = 2;
	}
	return inode;
}

static const struct proc_entry *
find_child(const struct proc_entry *dir, const char *name)
{
	for (const struct proc_entry *c = dir->children; c && c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static struct dentry *
proc_lookup(struct inode *dir, struct dentry *d)
{
	const struct proc_entry *e = dir->i_private, *c;
	struct inode *inode = NULL;
	struct ctl_table *t;

	if (e->sysctl_dir) {
		t = sysctl_vm_find(d->d_name, strlen(d->d_name));
		if (t)
			inode = proc_inode(dir->i_sb, t, S_IFREG | 0644,
					   &proc_sysctl_fops);
		else
			return NULL;
	} else if ((c = find_child(e, d->d_name))) {
		inode = proc_inode(dir->i_sb, c, c->mode,
				   S_ISDIR(c->mode) ? &proc_dir_fops :
						      &proc_file_fops);
	} else {
		return NULL;
	}
	if (!inode)
		return ERR_PTR(-ENOMEM);
	d_add(d, inode);
	return NULL;
}

/* The @n-th child of @e: its name, ino and type; false past the end. */
static bool
nth_child(const struct proc_entry *e, unsigned long n, const char **name,
	  u64 *ino, unsigned int *type)
{
	const struct proc_entry *c = e->children;
	struct ctl_table *t;

	if (e->sysctl_dir) {
		t = sysctl_vm_nth(n);
		if (!t)
			return false;
		*name = t->procname;
		*ino = proc_ino(t);
		*type = DT_REG;
		return true;
	}
	for (unsigned long i = 0; c && c->name; c++, i++) {
		if (i == n) {
			*name = c->name;
			*ino = proc_ino(c);
			*type = S_ISDIR(c->mode) ? DT_DIR : DT_REG;
			return true;
		}
	}
	return false;
}

static int
proc_readdir(struct file *f, struct dir_context *ctx)
{
	const struct proc_entry *e = f->f_inode->i_private;
	unsigned int type;
	const char *name;
	u64 ino;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, f->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, f->f_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	while (nth_child(e, ctx->pos - 2, &name, &ino, &type)) {
		if (!dir_emit(ctx, name, strlen(name), ino, type))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static int
proc_open(struct inode *inode, struct file *f)
{
	const struct proc_entry *e = inode->i_private;
	struct proc_buf *b = kmalloc(PROC_BUF_SIZE, GFP_KERNEL);
	int n;

	if (!b)
		return -ENOMEM;
	n = e->show(b->data, PROC_BUF_SIZE - sizeof(*b));
	if (n < 0) {
		kfree(b);
		return n;
	}
	b->len = n;
	f->private_data = b;
	return 0;
}

static ssize_t
proc_read(struct file *f, char *buf, size_t n, loff_t *pos)
{
	struct proc_buf *b = f->private_data;
	size_t chunk;

	if (*pos >= (loff_t)b->len)
		return 0;
	chunk = min(n, b->len - *pos);
	if (vfs_copy_to_user(buf, b->data + *pos, chunk))
		return -EFAULT;
	*pos += chunk;
	return chunk;
}

static loff_t
proc_llseek(struct file *f, loff_t off, int whence)
{
	struct proc_buf *b = f->private_data;

	if (whence == SEEK_CUR)
		off += f->f_pos;
	else if (whence == SEEK_END)
		off += b->len;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	return f->f_pos = off;
}

static int
proc_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static int
proc_statfs(struct super_block *sb, struct kstatfs *st)
{
	st->f_type = PROC_SUPER_MAGIC;
	st->f_bsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	return 0;
}

static const struct inode_operations proc_dir_iops = {
	.lookup = proc_lookup,
};

static const struct file_operations proc_dir_fops = {
	.iterate_shared = proc_readdir,
	.llseek = generic_file_llseek,
};

static const struct file_operations proc_file_fops = {
	.open = proc_open,
	.read = proc_read,
	.llseek = proc_llseek,
	.release = proc_release,
};

static const struct super_operations proc_sops = {
	.statfs = proc_statfs,
};

static struct dentry *
proc_mount(struct file_system_type *type, int flags, const char *dev,
	   void *data)
{
	struct super_block *sb = alloc_super(type);

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_op = &proc_sops;
	sb->s_root = d_make_root(proc_inode(sb, &proc_root_entry,
					    proc_root_entry.mode,
					    &proc_dir_fops));
	if (!sb->s_root) {
		generic_shutdown_super(sb);
		return ERR_PTR(-ENOMEM);
	}
	return dget(sb->s_root);
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
	.kill_sb = generic_shutdown_super,
};

int
procfs_init(void)
{
	return register_filesystem(&proc_fs_type);
}
