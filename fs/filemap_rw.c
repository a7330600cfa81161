/*
 * Buffered file I/O through the page cache: filemap_read() for
 * read(2), generic_file_write() for write(2), and the simple
 * write_begin/write_end pair for filesystems whose pages live only in
 * memory (tmpfs).
 *
 * Reading: each page of the range is found in the cache or allocated,
 * inserted (locked) and filled by a_ops->read_folio, which unlocks it
 * when the data is there; readers wait for that with
 * folio_wait_locked() and then need only their reference to copy out.
 * Nothing past i_size is read.
 *
 * Writing: under the inode's i_rwsem (exclusive: writers, truncation
 * and O_APPEND's "position = size" are serialised). Each chunk is first
 * copied from the user buffer into a bounce page *without* any folio
 * lock held: a user buffer that is an mmap of the same file page would
 * otherwise fault on a folio we hold locked, and deadlock. Then the
 * folio is obtained locked via a_ops->write_begin (or
 * simple_write_begin), filled, and handed to write_end, which marks it
 * uptodate and dirty, extends i_size and unlocks it.
 */
#include "internal.h"
#include <slab.h>
#include <vmstat.h>

/* Fill a locked, !uptodate folio: the filesystem or zeroes. */
static int
read_folio_sync(struct file *file, struct address_space *m, struct folio *f)
{
	int err;

	if (!m->a_ops || !m->a_ops->read_folio) {
		folio_set_uptodate(f);
		folio_unlock(f);
		return 0;
	}
	err = m->a_ops->read_folio(file, f);
	if (err)
		return err;
	folio_wait_locked(f);
	return folio_test_uptodate(f) ? 0 : -EIO;
}

static struct folio *
add_and_read(struct file *file, struct address_space *m, pgoff_t index)
{
	struct folio *f = folio_alloc(GFP_KERNEL | __GFP_ZERO);
	int err;

	if (!f)
		return ERR_PTR(-ENOMEM);
	err = filemap_add_folio(m, f, index);
	if (!err)
		err = read_folio_sync(file, m, f);
	if (err) {
		folio_put(f);
		return ERR_PTR(err);
	}
	return f;
}

/*
 * The uptodate folio at @index, with a reference, reading it in if
 * needed (*major set then, when the mapping has a backing store).
 */
struct folio *
filemap_get_uptodate(struct file *file, struct address_space *m,
		     pgoff_t index, bool *major)
{
	struct folio *f;

	for (;;) {
		f = filemap_get_folio(m, index);
		if (IS_ERR(f)) {
			f = add_and_read(file, m, index);
			if (PTR_ERR(f) == -EEXIST)
				continue;	/* lost a race to insert */
			if (!IS_ERR(f) && major)
				*major = mapping_can_writeback(m);
			return f;
		}
		if (folio_test_uptodate(f))
			return f;
		folio_lock(f);
		if (f->mapping != m) {		/* truncated */
			folio_unlock(f);
			folio_put(f);
			continue;
		}
		if (folio_test_uptodate(f)) {
			folio_unlock(f);
			return f;
		}
		if (read_folio_sync(file, m, f)) {
			folio_put(f);
			return ERR_PTR(-EIO);
		}
		return f;
	}
}

ssize_t
filemap_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
	struct address_space *m = f->f_mapping;
	struct inode *inode = m->host;
	ssize_t done = 0;

	while (n > 0) {
		loff_t size = i_size_read(inode);
		size_t off = *pos & (PAGE_SIZE - 1), chunk, left;
		struct folio *folio;

		if (*pos >= size)
			break;
		chunk = min(min(PAGE_SIZE - off, n), (size_t)(size - *pos));
		folio = filemap_get_uptodate(f, m, *pos >> PAGE_SHIFT, NULL);
		if (IS_ERR(folio))
			return done ? done : PTR_ERR(folio);
		left = vfs_copy_to_user(ubuf + done, folio_address(folio) + off,
					chunk);
		folio_put(folio);
		done += chunk - left;
		*pos += chunk - left;
		n -= chunk - left;
		if (left)
			return done ? done : -EFAULT;
	}
	return done;
}

/* Locked folio for a write of [pos, pos + len) within one page. */
int
simple_write_begin(struct file *file, struct address_space *mapping,
		   loff_t pos, unsigned int len, struct folio **foliop)
{
	struct folio *f = filemap_grab_folio(mapping, pos >> PAGE_SHIFT);

	if (IS_ERR(f))
		return PTR_ERR(f);
	folio_wait_writeback(f);
	*foliop = f;
	return 0;
}

/*
 * Pages of a memory-only filesystem start zeroed (the cache allocates
 * with __GFP_ZERO), so a partly written new page is uptodate as is.
 */
int
simple_write_end(struct file *file, struct address_space *mapping,
		 loff_t pos, unsigned int len, unsigned int copied,
		 struct folio *folio)
{
	struct inode *inode = mapping->host;

	folio_set_uptodate(folio);
	if (pos + copied > i_size_read(inode))
		i_size_write(inode, pos + copied);
	folio_mark_dirty(folio);
	folio_unlock(folio);
	folio_put(folio);
	return copied;
}

static int
write_chunk(struct file *file, struct address_space *m, loff_t pos,
	    const char *src, unsigned int len)
{
	const struct address_space_operations *a = m->a_ops;
	int (*begin)(struct file *, struct address_space *, loff_t,
		     unsigned int, struct folio **) = simple_write_begin;
	int (*end)(struct file *, struct address_space *, loff_t,
		   unsigned int, unsigned int, struct folio *) =
		simple_write_end;
	struct folio *folio;
	int err;

	if (a && a->write_begin)
		begin = a->write_begin, end = a->write_end;
	err = begin(file, m, pos, len, &folio);
	if (err)
		return err;
	memcpy(folio_address(folio) + (pos & (PAGE_SIZE - 1)), src, len);
	return end(file, m, pos, len, len, folio);
}

static ssize_t
write_loop(struct file *f, const char *ubuf, size_t n, loff_t *pos,
	   char *bounce)
{
	ssize_t done = 0;
	int err = 0;

	while (n > 0) {
		size_t off = *pos & (PAGE_SIZE - 1);
		size_t chunk = min(PAGE_SIZE - off, n), left;

		left = vfs_copy_from_user(bounce, ubuf + done, chunk);
		if (left == chunk) {
			err = -EFAULT;
			break;
		}
		err = write_chunk(f, f->f_mapping, *pos, bounce, chunk - left);
		if (err < 0)
			break;
		done += err;
		*pos += err;
		n -= err;
		err = 0;
		if (left)
			break;
	}
	return done ? done : err;
}

ssize_t
generic_file_write(struct file *f, const char *ubuf, size_t n, loff_t *pos)
{
	struct inode *inode = f->f_mapping->host;
	char *bounce = kmalloc(PAGE_SIZE, GFP_KERNEL);
	ssize_t ret;

	if (!bounce)
		return -ENOMEM;
	down_write(&inode->i_rwsem);
	if (f->f_flags & O_APPEND)
		*pos = i_size_read(inode);
	if (*pos > MAX_LFS_FILESIZE - (loff_t)n) {
		ret = -EFBIG;
	} else {
		ret = write_loop(f, ubuf, n, pos, bounce);
		if (ret > 0)
			inode->i_mtime = inode->i_ctime = current_time_sec();
	}
	up_write(&inode->i_rwsem);
	kfree(bounce);
	return ret;
}
