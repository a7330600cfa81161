/*
 * The kernel's virtual-memory API (mm/mmap.c, mm/memory.c, mm/rmap.c,
 * mm/tlb.c). Flag values (PROT_*, MAP_*, MADV_*, MS_*) are Linux's,
 * from include/uapi/mman.h.
 */
#ifndef _PINOS_MMAN_H
#define _PINOS_MMAN_H

#include <mm_types.h>
#include <uapi/mman.h>

struct mm_struct *mm_alloc(void);
/* Copy @old for fork(): VMAs duplicated, private pages shared COW. */
struct mm_struct *dup_mm(struct mm_struct *old);
/* Drop a user reference; the last one unmaps everything and frees. */
void mmput(struct mm_struct *mm);
void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
/* Load @next's page tables on this CPU (scheduler hook). */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);
/*
 * Let the calling kernel thread run on @mm (tests, exec): sets
 * current->mm and switches to it; unuse switches back to init_pgd.
 * The caller keeps its own mm_users reference meanwhile.
 */
void kthread_use_mm(struct mm_struct *mm);
void kthread_unuse_mm(struct mm_struct *mm);

/* A user reference (mm_users), as Linux's mmget(); drop with mmput(). */
static inline void
mmget(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_users);
}

/* For lookups that may race with the last mmput() (procfs). */
static inline bool
mmget_not_zero(struct mm_struct *mm)
{
	return atomic_inc_not_zero(&mm->mm_users);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The VMA containing @addr, or NULL. */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

/* mmap_lock must be held for write by the callers of these four. */
unsigned long do_mmap(struct file *file, unsigned long addr,
		      unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot);
int do_brk(struct mm_struct *mm, unsigned long addr, unsigned long len);

/* Fault in [start, start+len) now (MAP_POPULATE); mmap_lock held. */
void mm_populate(struct mm_struct *mm, unsigned long start,
		 unsigned long len);

/* Takes mmap_lock itself. */
long vm_mmap(struct file *file, unsigned long addr, unsigned long len,
	     unsigned long prot, unsigned long flags, unsigned long pgoff);

/*
 * Resolve a fault at @address in @vma (mmap_lock held for read).
 * Used by the page-fault handler and by GUP's slow path, which passes
 * FAULT_FLAG_REMOTE. Returns 0 or VM_FAULT_* error bits.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags);

/* Linux's write-notify rule: start shared writable PTEs read-only? */
bool vma_wants_writenotify(struct vm_area_struct *vma);
/* Linux >= 6.5: does this VMA need its folios' dirtiness tracked? */
bool vma_needs_dirty_tracking(struct vm_area_struct *vma);
static inline bool
vma_is_anonymous(const struct vm_area_struct *vma)
{
	return vma->vm_ops == NULL;
}

/* Reverse map: write-protect and clean every PTE mapping @folio; returns
 * the number of PTEs cleaned (mm/rmap.c). Folio must be locked. */
int folio_mkclean(struct folio *folio);
void folio_add_anon_rmap(struct folio *f, struct vm_area_struct *vma,
			 unsigned long address);
void folio_add_file_rmap(struct folio *f, struct vm_area_struct *vma);
void folio_remove_rmap(struct folio *f, struct vm_area_struct *vma);

/* TLB invalidation for a user mm, in one place (mm/tlb.c). */
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr);
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end);
void flush_tlb_mm(struct mm_struct *mm);
/* Make CPUs holding @mm lazily switch away (last mmput). */
void drop_lazy_mm_users(struct mm_struct *mm);

/* Walk @mm's tables to the PTE for @addr (no allocation), or NULL.
 * The result may only be used under mm->page_table_lock. */
pte_t *walk_user_pte(struct mm_struct *mm, unsigned long addr);

/* A free range of @len bytes (top-down below mm->mmap_base), or -errno. */
unsigned long get_unmapped_area(struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff,
				unsigned long flags);
/* Unmap the pages of [start, start+size) in @vma (MADV_DONTNEED). */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long size);
/*
 * Unmap file pages [holebegin, holebegin+holelen) of @mapping from every
 * VMA mapping them (truncation must call this before dropping folios
 * from the page cache). holelen 0 means to the end of the file.
 * even_cows: also drop private COW copies, as Linux's truncate does.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin,
			 loff_t holelen, int even_cows);

/* Format @mm's VMAs as /proc/PID/maps into @buf; returns bytes written. */
int show_maps(struct mm_struct *mm, char *buf, size_t len);

/*
 * MAP_SHARED|MAP_ANONYMOUS: back @vma with a fresh shmem file, as
 * Linux does (fs/shmem). Sets vm_file and vm_ops; 0 or -errno.
 */
int shmem_zero_setup(struct vm_area_struct *vma);

#endif
