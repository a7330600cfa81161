/*
 * Write-notify and dirty tracking: which VMAs must start with read-only
 * PTEs so that the first store faults and the filesystem hears of it
 * (->page_mkwrite), and -- the question Linux 6.5's long-term pin rule
 * asks -- which VMAs need their folios' dirtiness tracked at all.
 *
 *   vm_get_page_prot(vm_flags)     PTE bits for a present page
 *   vma_needs_dirty_tracking(vma)  shared, writable, and the file
 *                                  has ->page_mkwrite or writes back
 *   vma_wants_writenotify(vma)     start its PTEs read-only?
 *   vma_set_page_prot(vma)         apply the answer to vm_page_prot
 *
 * Callers hold mmap_lock (the VMA's flags and file cannot change).
 */
#include "internal.h"
#include <fs.h>
#include <mman.h>

extern bool cpu_has_nx;

/*
 * The PTE bits for a present page of a VMA with @vm_flags, like
 * Linux's protection_map: only a shared writable mapping gets _PAGE_RW
 * up front; private writable pages get it from the fault that gives
 * the task its own copy. PROT_NONE is a non-present PTE that keeps its
 * page (_PAGE_PROTNONE).
 */
pgprot_t
vm_get_page_prot(unsigned long vm_flags)
{
	u64 prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (!(vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return __pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED);
	if ((vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		prot |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC) && cpu_has_nx)
		prot |= _PAGE_NX;
	return __pgprot(prot);
}

static bool
vma_is_shared_writable(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & (VM_WRITE | VM_SHARED)) ==
	       (VM_WRITE | VM_SHARED);
}

static bool
vm_ops_needs_writenotify(const struct vm_operations_struct *ops)
{
	return ops && (ops->page_mkwrite || ops->pfn_mkwrite);
}

/* Pages that the backing store must write back (Linux 6.5's helper). */
static bool
vma_fs_can_writeback(const struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_PFNMAP)
		return false;
	return vma->vm_file && vma->vm_file->f_mapping &&
	       mapping_can_writeback(vma->vm_file->f_mapping);
}

/*
 * Linux >= 6.5: a shared writable mapping needs its folios' dirtiness
 * tracked if the filesystem asks to be notified (->page_mkwrite or
 * ->pfn_mkwrite) or if the mapping writes back to a device. This is
 * the test FOLL_LONGTERM write pins are refused on: a pinned page
 * can be written without any fault, behind the filesystem's back.
 */
bool
vma_needs_dirty_tracking(struct vm_area_struct *vma)
{
	if (!vma_is_shared_writable(vma))
		return false;
	if (vm_ops_needs_writenotify(vma->vm_ops))
		return true;
	return vma_fs_can_writeback(vma);
}

/*
 * Should this VMA's PTEs start read-only so the first write faults?
 * The same answer as vma_needs_dirty_tracking() here: Linux adds only
 * soft-dirty and userfaultfd-wp (absent in pinos) and a check that a
 * driver's ->mmap did not change the caching bits (it cannot here).
 * Linux 6.5 split the two questions apart for exactly that reason.
 */
bool
vma_wants_writenotify(struct vm_area_struct *vma)
{
	return vma_needs_dirty_tracking(vma);
}

/* Write-notify VMAs get the private (read-only) protection. */
void
vma_set_page_prot(struct vm_area_struct *vma)
{
	unsigned long flags = vma->vm_flags;

	if (vma_wants_writenotify(vma))
		flags &= ~VM_SHARED;
	vma->vm_page_prot = vm_get_page_prot(flags);
}
