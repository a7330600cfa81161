/*
 * /proc/PID/maps formatting: int show_maps(mm, buf, len), called by
 * procfs with a reference on @mm (mmget_not_zero). One line per VMA,
 * byte for byte as Linux prints it:
 *
 *   start-end perms offset major:minor inode   name
 *   00400000-00401000 r-xp 00000000 00:10 12                 /bin/prog
 *
 * perms are rwx and s (VM_MAYSHARE) or p; offset, device and inode are
 * 0 for anonymous memory. A line with a name is padded with spaces to
 * column 73 (Linux's seq_pad width); one without a name ends in a
 * space. Names, in Linux's order: the file's path (with " (deleted)"
 * if unlinked), vm_ops->name(), [heap] for the VMA around the brk
 * area, [stack] for the one holding mm->start_stack.
 *
 * Only whole lines are written; the result is NUL-terminated and the
 * return value is its length. Takes mmap_lock for read.
 */
#include "internal.h"
#include <fs.h>
#include <printk.h>
#include <string.h>

#define MAPS_NAME_COL 72	/* 25 + sizeof(void *) * 6 - 1, as Linux */
#define MAPS_LINE_MAX 512
#define PATH_DEPTH_MAX 64

/* Prepend "/@name" before @p (in a buffer starting at @buf), or NULL. */
static char *
prepend_name(char *buf, char *p, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(p - buf) < n + 1)
		return NULL;
	p -= n;
	memcpy(p, name, n);
	*--p = '/';
	return p;
}

/*
 * The file's path, walking dentries up to the root and hopping from a
 * mount's root to its mountpoint, like d_path(). Built backwards from
 * the end of @buf; returns where it starts.
 */
static const char *
file_path(struct file *f, char *buf, size_t len)
{
	struct vfsmount *mnt = f->f_vfsmnt;
	struct dentry *d = f->f_dentry;
	char *p = buf + len;

	*--p = '\0';
	for (int depth = 0; d && p && depth < PATH_DEPTH_MAX; depth++) {
		if (mnt && d == mnt->mnt_root) {
			if (!mnt->mnt_parent || mnt->mnt_parent == mnt)
				break;
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		if (!d->d_parent || d->d_parent == d)
			break;
		p = prepend_name(buf, p, d->d_name);
		d = d->d_parent;
	}
	if (p == NULL)
		return "?";
	if (*p == '\0')
		*--p = '/';
	return p;
}

static bool
vma_is_initial_heap(const struct vm_area_struct *vma)
{
	return vma->vm_start <= vma->vm_mm->brk &&
	       vma->vm_end >= vma->vm_mm->start_brk;
}

static bool
vma_is_initial_stack(const struct vm_area_struct *vma)
{
	return vma->vm_start <= vma->vm_mm->start_stack &&
	       vma->vm_end >= vma->vm_mm->start_stack;
}

/* The name column, or NULL; @deleted set for an unlinked file. */
static const char *
vma_name(struct vm_area_struct *vma, char *buf, size_t len, bool *deleted)
{
	const char *name;

	*deleted = false;
	if (vma->vm_file) {
		struct inode *inode = vma->vm_file->f_inode;

		*deleted = inode && inode->i_nlink == 0;
		return file_path(vma->vm_file, buf, len);
	}
	if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		if (name)
			return name;
	}
	if (vma_is_initial_heap(vma))
		return "[heap]";
	if (vma_is_initial_stack(vma))
		return "[stack]";
	return NULL;
}

/* The fixed columns, through the inode number and one space. */
static int
maps_prefix(struct vm_area_struct *vma, char *line, size_t len)
{
	unsigned long f = vma->vm_flags, ino = 0, pgoff = 0;
	struct inode *inode;
	dev_t dev = 0;

	if (vma->vm_file && (inode = vma->vm_file->f_inode) != NULL) {
		dev = inode->i_sb ? inode->i_sb->s_dev : 0;
		ino = inode->i_ino;
		pgoff = vma->vm_pgoff << PAGE_SHIFT;
	}
	return snprintf(line, len, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
			vma->vm_start, vma->vm_end, f & VM_READ ? 'r' : '-',
			f & VM_WRITE ? 'w' : '-', f & VM_EXEC ? 'x' : '-',
			f & VM_MAYSHARE ? 's' : 'p', pgoff, MAJOR(dev),
			MINOR(dev), ino);
}

/* One VMA's line into @line (MAPS_LINE_MAX bytes); returns its length. */
static int
maps_line(struct vm_area_struct *vma, char *line)
{
	char path[256];
	bool deleted;
	const char *name = vma_name(vma, path, sizeof(path), &deleted);
	int n = maps_prefix(vma, line, MAPS_LINE_MAX);

	if (name) {
		while (n < MAPS_NAME_COL)
			line[n++] = ' ';
		n += snprintf(line + n, MAPS_LINE_MAX - n, " %s%s", name,
			      deleted ? " (deleted)" : "");
	}
	n = min(n, MAPS_LINE_MAX - 2);
	line[n++] = '\n';
	line[n] = '\0';
	return n;
}

int
show_maps(struct mm_struct *mm, char *buf, size_t len)
{
	struct vm_area_struct *vma;
	char line[MAPS_LINE_MAX];
	size_t used = 0;
	int n;

	if (len == 0)
		return 0;
	down_read(&mm->mmap_lock);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		n = maps_line(vma, line);
		if (used + n >= len)
			break;
		memcpy(buf + used, line, n);
		used += n;
	}
	up_read(&mm->mmap_lock);
	buf[used] = '\0';
	return (int)used;
}
