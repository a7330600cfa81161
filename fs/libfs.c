/*
 * Helpers for filesystems whose directory tree lives in the dcache
 * (tmpfs, devfs) and generic file methods.
 *
 * simple_lookup(): a name the dcache does not know does not exist.
 * dcache_readdir(): ".", "..", then the positive hashed children in
 * d_subdirs order, which is ascending d_pos order (a child gets the
 * next sequence number when it is linked at the tail); the position
 * after a child is its d_pos + 1, so the listing resumes correctly
 * whatever was added or removed in between. Names are copied out from
 * under dcache_lock before being emitted, since emitting may fault.
 * generic_file_llseek(): SEEK_SET/CUR/END/DATA/HOLE on i_size.
 */
#include "internal.h"

struct dentry *
simple_lookup(struct inode *dir, struct dentry *d)
{
	d_add(d, NULL);
	return NULL;
}

/* The first positive child at or after @pos; its fields copied out. */
static bool
next_child(struct dentry *dir, loff_t pos, char *name, u64 *ino,
	   unsigned int *type, loff_t *cpos)
{
	struct dentry *c;
	bool found = false;

	spin_lock(&dcache_lock);
	list_for_each_entry(c, &dir->d_subdirs, d_child) {
		if ((loff_t)c->d_pos < pos || !c->d_inode)
			continue;
		strlcpy(name, c->d_name, NAME_MAX + 1);
		*ino = c->d_inode->i_ino;
		*type = dt_type(c->d_inode);
		*cpos = c->d_pos;
		found = true;
		break;
	}
	spin_unlock(&dcache_lock);
	return found;
}

static u64
parent_ino(struct dentry *d)
{
	u64 ino;

	spin_lock(&dcache_lock);
	ino = d->d_parent->d_inode->i_ino;
	spin_unlock(&dcache_lock);
	return ino;
}

int
dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_dentry;
	char name[NAME_MAX + 1];
	unsigned int type;
	loff_t cpos;
	u64 ino;

	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, parent_ino(dir), DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	while (next_child(dir, ctx->pos, name, &ino, &type, &cpos)) {
		ctx->pos = cpos;
		if (!dir_emit(ctx, name, strlen(name), ino, type))
			return 0;
		ctx->pos = cpos + 1;
	}
	return 0;
}

loff_t
generic_file_llseek(struct file *f, loff_t off, int whence)
{
	loff_t size = i_size_read(f->f_inode);

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		off += f->f_pos;
		break;
	case SEEK_END:
		off += size;
		break;
	case SEEK_DATA:
		if (off >= size)
			return -ENXIO;
		break;
	case SEEK_HOLE:
		if (off >= size)
			return -ENXIO;
		off = size;
		break;
	default:
		return -EINVAL;
	}
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

int
noop_fsync(struct file *f, loff_t start, loff_t end, int datasync)
{
	return 0;
}

/* Does @dir have no positive children? (Its i_rwsem is held.) */
bool
simple_empty(struct dentry *dir)
{
	struct dentry *c;
	bool empty = true;

	spin_lock(&dcache_lock);
	list_for_each_entry(c, &dir->d_subdirs, d_child) {
		if (c->d_inode) {
			empty = false;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return empty;
}
