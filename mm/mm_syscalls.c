/*
 * The memory-management system calls: mmap(9), mprotect(10),
 * munmap(11), brk(12), msync(26), madvise(28).
 *
 * Arguments are validated exactly as Linux does it, in Linux's order,
 * so user programs see the same errno: e.g. mmap with len 0 or an
 * offset not a multiple of the page size is EINVAL, a bad fd EBADF, a
 * shared writable mapping of an O_RDONLY file EACCES. The work is in
 * mm/mmap.c (do_mmap and friends), called with mmap_lock held for
 * write; madvise and msync only read the VMA list.
 */
#include "internal.h"
#include <fs.h>
#include <writeback.h>
#include <sched.h>
#include <syscalls.h>

SYSCALL_DEFINE(mmap, __NR_mmap)(long addr, long len, long prot, long flags,
				 long fd, long off)
{
	struct file *file = NULL;
	long ret;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget((int)fd);
		if (file == NULL)
			return -EBADF;
	}
	ret = vm_mmap(file, addr, len, prot, flags, (unsigned long)off >>
		      PAGE_SHIFT);
	if (file)
		fput(file);
	return ret;
}

SYSCALL_DEFINE(munmap, __NR_munmap)(long addr, long len, long a2, long a3,
				     long a4, long a5)
{
	struct mm_struct *mm = current->mm;
	int ret;

	down_write(&mm->mmap_lock);
	ret = do_munmap(mm, addr, len);
	up_write(&mm->mmap_lock);
	return ret;
}

SYSCALL_DEFINE(mprotect, __NR_mprotect)(long start, long len, long prot,
					 long a3, long a4, long a5)
{
	struct mm_struct *mm = current->mm;
	int ret;

	down_write(&mm->mmap_lock);
	ret = do_mprotect(mm, start, len, prot);
	up_write(&mm->mmap_lock);
	return ret;
}

/*
 * Grow or shrink the heap to end at @brk; returns the new break, or
 * the old one if the request cannot be met (Linux's convention: brk
 * never returns an errno). Growing may not come within a page of the
 * next mapping.
 */
static unsigned long
brk_locked(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	struct vm_area_struct *next;

	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	if (newbrk == oldbrk)
		goto set;
	if (brk < mm->brk) {
		if (do_munmap(mm, newbrk, oldbrk - newbrk))
			return mm->brk;
		goto set;
	}
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->vm_start)
		return mm->brk;
	if (do_brk(mm, oldbrk, newbrk - oldbrk))
		return mm->brk;
set:
	mm->brk = brk;
	return brk;
}

SYSCALL_DEFINE(brk, __NR_brk)(long brk, long a1, long a2, long a3, long a4,
			       long a5)
{
	struct mm_struct *mm = current->mm;
	unsigned long ret;

	down_write(&mm->mmap_lock);
	ret = brk_locked(mm, brk);
	up_write(&mm->mmap_lock);
	return ret;
}

/* ---- madvise ---- */

static bool
madvise_behavior_valid(long advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
		return true;
	default:
		return false;
	}
}

/*
 * MADV_DONTNEED drops the pages: the next touch of anonymous memory
 * reads zeros, of a file mapping the file's contents. MADV_FREE (anon
 * only) is treated as DONTNEED: Linux may keep the pages until memory
 * is short, and programs may not rely on either outcome. The others
 * are hints pinos has no use for.
 */
static int
madvise_vma(struct vm_area_struct *vma, unsigned long start,
	    unsigned long end, long advice)
{
	if (advice != MADV_DONTNEED && advice != MADV_FREE)
		return 0;
	if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB))
		return -EINVAL;
	if (advice == MADV_FREE && !vma_is_anonymous(vma))
		return -EINVAL;
	zap_page_range(vma, start, end - start);
	return 0;
}

/* Unmapped parts make it ENOMEM, after the mapped parts are done. */
static int
madvise_range(struct mm_struct *mm, unsigned long start, unsigned long end,
	      long advice)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	int err = 0, ret;

	for (; vma && vma->vm_start < end; vma = find_vma(mm, vma->vm_end)) {
		if (vma->vm_start > start)
			err = -ENOMEM;
		ret = madvise_vma(vma, max(start, vma->vm_start),
				  min(end, vma->vm_end), advice);
		if (ret)
			return ret;
		start = vma->vm_end;
	}
	return start < end ? -ENOMEM : err;
}

SYSCALL_DEFINE(madvise, __NR_madvise)(long start, long len_in, long advice,
				       long a3, long a4, long a5)
{
	struct mm_struct *mm = current->mm;
	unsigned long len = PAGE_ALIGN((unsigned long)len_in), end;
	int ret;

	if (!madvise_behavior_valid(advice) || (start & ~PAGE_MASK))
		return -EINVAL;
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < (unsigned long)start)
		return -EINVAL;
	if (end == (unsigned long)start)
		return 0;
	down_read(&mm->mmap_lock);
	ret = madvise_range(mm, start, end, advice);
	up_read(&mm->mmap_lock);
	return ret;
}

/* ---- msync ---- */

/*
 * MS_ASYNC starts writeback of the range without waiting (pinos keeps
 * the pre-2.6.19 Linux behaviour here, so a student can watch it).
 * MS_SYNC on a shared file mapping writes the file range back through
 * ->fsync (Linux's vfs_fsync_range(file, start, end, 1)), with
 * mmap_lock dropped: writeback may sleep for a long time and takes
 * folio locks, which rank above mmap_lock. Returns the next address
 * to look at; *err gets the fsync error.
 */
static unsigned long
msync_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	  unsigned long start, unsigned long end, long flags, int *err)
{
	struct file *file = vma->vm_file;
	loff_t fstart, fend;

	start = max(start, vma->vm_start);
	end = min(end, vma->vm_end);
	if (!file || !(vma->vm_flags & VM_SHARED) || !file->f_op->fsync)
		return end;
	fstart = (start - vma->vm_start) +
		 ((loff_t)vma->vm_pgoff << PAGE_SHIFT);
	fend = fstart + (end - start) - 1;
	get_file(file);
	up_read(&mm->mmap_lock);
	if (flags & MS_SYNC)
		*err = file->f_op->fsync(file, fstart, fend, 1);
	else	/* MS_ASYNC: start writeback of the range, do not wait */
		*err = filemap_fdatawrite_range(file->f_mapping, fstart, fend,
						WB_SYNC_NONE);
	fput(file);
	down_read(&mm->mmap_lock);
	return end;
}

static int
msync_range(struct mm_struct *mm, unsigned long start, unsigned long end,
	    long flags)
{
	int unmapped = 0, err = 0;
	struct vm_area_struct *vma;

	while (start < end && err == 0) {
		vma = find_vma(mm, start);
		if (vma == NULL)
			return -ENOMEM;
		if (vma->vm_start >= end)
			return -ENOMEM;
		if (vma->vm_start > start) {
			if (flags == MS_SYNC)	/* Linux gives up here */
				return -ENOMEM;
			unmapped = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		if (flags & (MS_SYNC | MS_ASYNC))
			start = msync_vma(mm, vma, start, end, flags, &err);
		else
			start = vma->vm_end;
	}
	return err ? err : unmapped;
}

SYSCALL_DEFINE(msync, __NR_msync)(long start, long len, long flags, long a3,
				   long a4, long a5)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int ret;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	end = start + PAGE_ALIGN((unsigned long)len);
	if (end < (unsigned long)start)
		return -ENOMEM;
	if (end == (unsigned long)start)
		return 0;
	down_read(&mm->mmap_lock);
	ret = msync_range(mm, start, end, flags);
	up_read(&mm->mmap_lock);
	return ret;
}
