/*
 * Memory-mapped files: the fault handler, the write notification and
 * the vm_operations that tie them to a VMA.
 *
 * filemap_fault() supplies the page-cache folio for a missing PTE,
 * reading it in if needed, and returns it locked with a reference
 * (VM_FAULT_LOCKED), after checking under the lock that it is still in
 * the mapping and inside i_size (-> SIGBUS beyond the end, as Linux).
 *
 * filemap_page_mkwrite() is the write notification for mappings whose
 * dirty pages must be written back: it dirties the folio while holding
 * its lock, and the fault path makes the PTE writable before unlocking
 * (VM_FAULT_LOCKED), so writeback, which cleans a folio under the same
 * lock, cannot slip in between and leave a writable PTE on a clean
 * folio. This is what makes a file mapping "dirty-tracked".
 *
 * generic_file_mmap() picks the ops: generic_file_vm_ops (with
 * page_mkwrite) only when mapping_can_writeback(); otherwise
 * generic_file_nowb_vm_ops, which has none, so shared writable PTEs
 * may be writable from the start: nothing has to notice the writes.
 * tmpfs uses the latter kind (shmem_vm_ops in fs/shmem.c).
 */
#include "internal.h"
#include <vmstat.h>

static bool
beyond_eof(struct inode *inode, pgoff_t index)
{
	return index >= DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE);
}

vm_fault_t
filemap_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct address_space *m = file->f_mapping;
	bool major = false;
	struct folio *f;

	for (;;) {
		if (beyond_eof(m->host, vmf->pgoff))
			return VM_FAULT_SIGBUS;
		f = filemap_get_uptodate(file, m, vmf->pgoff, &major);
		if (IS_ERR(f))
			return PTR_ERR(f) == -ENOMEM ? VM_FAULT_OOM :
						       VM_FAULT_SIGBUS;
		folio_lock(f);
		if (f->mapping == m)
			break;
		folio_unlock(f);	/* truncated meanwhile: retry */
		folio_put(f);
	}
	if (beyond_eof(m->host, vmf->pgoff)) {
		folio_unlock(f);
		folio_put(f);
		return VM_FAULT_SIGBUS;
	}
	if (major)
		count_vm_event(PGMAJFAULT);
	vmf->page = &f->page;
	return VM_FAULT_LOCKED | (major ? VM_FAULT_MAJOR : 0);
}

vm_fault_t
filemap_page_mkwrite(struct vm_fault *vmf)
{
	struct folio *f = page_folio(vmf->page);
	struct address_space *m = vmf->vma->vm_file->f_mapping;

	folio_lock(f);
	if (f->mapping != m) {
		folio_unlock(f);
		return VM_FAULT_NOPAGE;
	}
	folio_mark_dirty(f);
	folio_wait_writeback(f);
	return VM_FAULT_LOCKED;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.page_mkwrite = filemap_page_mkwrite,
};

const struct vm_operations_struct generic_file_nowb_vm_ops = {
	.fault = filemap_fault,
};

int
generic_file_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct address_space *m = f->f_mapping;

	if (!m->a_ops || !m->a_ops->read_folio)
		return -ENOEXEC;
	vma->vm_ops = mapping_can_writeback(m) ? &generic_file_vm_ops :
						 &generic_file_nowb_vm_ops;
	return 0;
}
