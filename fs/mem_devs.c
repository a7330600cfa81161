/*
 * /dev/null (1,3) and /dev/zero (1,5), as Linux's drivers/char/mem.c.
 *
 * null: reads return 0 (end of file), writes succeed and discard.
 * zero: reads fill the buffer with zeroes, writes discard; a shared
 * mapping of it is shared anonymous memory (shmem_zero_setup), a
 * private one plain anonymous memory (vm_ops NULL). Seeking either
 * succeeds and leaves the position at 0.
 */
#include "internal.h"
#include <mman.h>

static ssize_t
null_read(struct file *f, char *buf, size_t n, loff_t *pos)
{
	return 0;
}

static ssize_t
null_write(struct file *f, const char *buf, size_t n, loff_t *pos)
{
	return n;
}

static loff_t
null_lseek(struct file *f, loff_t off, int whence)
{
	f->f_pos = 0;
	return 0;
}

static ssize_t
zero_read(struct file *f, char *buf, size_t n, loff_t *pos)
{
	size_t left = vfs_clear_user(buf, n);

	if (left == n)
		return -EFAULT;
	return n - left;
}

static int
zero_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_SHARED)
		return shmem_zero_setup(vma);
	vma->vm_ops = NULL;
	return 0;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = null_lseek,
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = null_lseek,
	.mmap = zero_mmap,
};

int
mem_devs_init(void)
{
	int err = register_chrdev(MKDEV(1, 3), "null", &null_fops);

	return err ? err : register_chrdev(MKDEV(1, 5), "zero", &zero_fops);
}
