/*
 * ext2 regular files: file_operations, and the memory-mapping side
 * with its write notification, ext2_page_mkwrite().
 *
 * read/write go through the page cache (filemap_read,
 * generic_file_write with ext2's ->write_begin allocating blocks);
 * fsync is generic_file_fsync (the data, then ->write_inode).
 *
 * mmap installs ext2_file_vm_ops: ->fault is filemap_fault, and
 * ->page_mkwrite is ext2_page_mkwrite. Its presence is what makes a
 * shared writable ext2 mapping dirty-tracked: the VM maps its pages
 * read-only until the first write, and calls us then. We allocate the
 * disk blocks of a folio that covers a hole (a sparse file, or a file
 * grown by ftruncate) before the folio is marked dirty, because
 * writeback will not allocate: a folio may only become dirty once its
 * blocks exist. All its blocks inside i_size are marked dirty (a store
 * may land anywhere in the page). When the file later grows past a
 * page it straddles, ext2_extend() write-protects the page again, so
 * the next store comes back here for the new blocks, as Linux's
 * pagecache_isize_extended() arranges. We return the folio locked
 * (VM_FAULT_LOCKED) so the
 * fault path makes the PTE writable before writeback can clean the
 * folio again. A FOLL_LONGTERM pin would let a device dirty the page
 * without any of this, which is why Linux (and pinos's "linux" pin
 * policy) refuses such pins on these mappings.
 *
 * Locking in ext2_page_mkwrite: mmap_lock (read, the fault path) ->
 * folio lock -> ei->truncate_mutex (allocation). It does not take
 * i_rwsem: write(2) holds i_rwsem while copying from user memory,
 * which can fault, so i_rwsem -> mmap_lock is the order and the
 * reverse would deadlock. truncate_mutex is the inode lock that covers
 * the block map; truncation frees blocks only after it has removed the
 * folio, which it cannot do while we hold the folio lock.
 */
#include "ext2.h"
#include <mman.h>
#include <trace.h>
#include <writeback.h>

static vm_fault_t
vmf_error(int err)
{
	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	return VM_FAULT_SIGBUS;
}

vm_fault_t
ext2_page_mkwrite(struct vm_fault *vmf)
{
	struct folio *folio = page_folio(vmf->page);
	struct inode *inode = vmf->vma->vm_file->f_inode;
	unsigned long fresh;
	loff_t size;
	int err;

	folio_lock(folio);
	size = i_size_read(inode);
	if (folio->mapping != inode->i_mapping ||
	    ((loff_t)folio->index << PAGE_SHIFT) >= size) {
		folio_unlock(folio); /* truncated: let the fault retry */
		return VM_FAULT_NOPAGE;
	}
	trace_mm(TRACE_PAGE_MKWRITE, folio, "ino %lu", inode->i_ino);
	err = ext2_alloc_folio_blocks(inode, folio, size, &fresh);
	if (err) {
		folio_unlock(folio);
		return vmf_error(err);
	}
	/* Every block inside the file may now be written through the PTE. */
	ext2_folio_dirty_blocks(folio, ext2_block_mask(inode, folio, 0, size));
	folio_wait_writeback(folio); /* stable pages while written */
	inode->i_mtime = inode->i_ctime = current_time_sec();
	mark_inode_dirty(inode);
	return VM_FAULT_LOCKED;
}

const struct vm_operations_struct ext2_file_vm_ops = {
	.fault = filemap_fault,
	.page_mkwrite = ext2_page_mkwrite,
};

static int
ext2_file_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = &ext2_file_vm_ops;
	return 0;
}

const struct file_operations ext2_file_operations = {
	.read = filemap_read,
	.write = generic_file_write,
	.llseek = generic_file_llseek,
	.mmap = ext2_file_mmap,
	.fsync = generic_file_fsync,
};

const struct inode_operations ext2_file_inode_operations = {
	.setsize = ext2_setsize,
};
