/*
 * The core memory-management structures, with Linux's names:
 *
 *   struct page   one per physical 4 KiB frame, in the mem_map array;
 *   struct folio  a page seen as a unit of memory management. pinos
 *                 folios are single pages (order 0), so a folio and
 *                 its head page are the same memory; the union below
 *                 keeps both views, as Linux does;
 *   struct address_space  the page cache of one inode (fs/pagecache);
 *   struct vm_area_struct a VMA; struct mm_struct an address space.
 *
 * Reference counting: _refcount counts every reference (page tables,
 * page cache, GUP). A FOLL_PIN pin adds GUP_PIN_COUNTING_BIAS instead
 * of 1 so that folio_maybe_dma_pinned() can tell "probably pinned"
 * from the refcount alone. _mapcount counts PTEs mapping the page,
 * starting at -1 as in Linux.
 */
#ifndef _PINOS_MM_TYPES_H
#define _PINOS_MM_TYPES_H

#include <atomic.h>
#include <list.h>
#include <asm/pgtable.h>

struct address_space;

struct page {
	unsigned long flags;		/* PG_* bits, atomic */
	struct list_head lru;		/* buddy free list, LRU, ... */
	struct address_space *mapping;	/* low bit set: anon_vma */
	pgoff_t index;			/* offset in mapping, or buddy order */
	unsigned long private;		/* owner-specific */
	atomic_t _mapcount;
	atomic_t _refcount;
};

struct folio {
	union {
		struct {
			unsigned long flags;
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
			atomic_t _mapcount;
			atomic_t _refcount;
		};
		struct page page;
	};
};

#define FOLIO_MATCH(pg, fl) \
	static_assert(offsetof(struct page, pg) == offsetof(struct folio, fl), \
		      "folio/page layout mismatch: " #fl)
FOLIO_MATCH(flags, flags);
FOLIO_MATCH(lru, lru);
FOLIO_MATCH(mapping, mapping);
FOLIO_MATCH(index, index);
FOLIO_MATCH(private, private);
FOLIO_MATCH(_mapcount, _mapcount);
FOLIO_MATCH(_refcount, _refcount);
static_assert(sizeof(struct page) == sizeof(struct folio), "folio size");


/* ---- Address spaces and VMAs (mm/mmap.c, mm/memory.c) ---- */

#include <mutex.h>

struct file;
struct vm_area_struct;

/* vm_flags, with Linux's values. */
#define VM_NONE      0x00000000UL
#define VM_READ      0x00000001UL
#define VM_WRITE     0x00000002UL
#define VM_EXEC      0x00000004UL
#define VM_SHARED    0x00000008UL
#define VM_MAYREAD   0x00000010UL
#define VM_MAYWRITE  0x00000020UL
#define VM_MAYEXEC   0x00000040UL
#define VM_MAYSHARE  0x00000080UL
#define VM_GROWSDOWN 0x00000100UL
#define VM_PFNMAP    0x00000400UL
#define VM_LOCKED    0x00002000UL
#define VM_IO        0x00004000UL
#define VM_DONTCOPY  0x00020000UL
#define VM_DONTEXPAND 0x00040000UL
#define VM_ACCOUNT   0x00100000UL
#define VM_NORESERVE 0x00200000UL
#define VM_HUGETLB   0x00400000UL

typedef unsigned int vm_fault_t;
#define VM_FAULT_OOM      0x0001
#define VM_FAULT_SIGBUS   0x0002
#define VM_FAULT_MAJOR    0x0004
#define VM_FAULT_SIGSEGV  0x0040
#define VM_FAULT_NOPAGE   0x0100
#define VM_FAULT_LOCKED   0x0200
#define VM_FAULT_RETRY    0x0400
#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

#define FAULT_FLAG_WRITE       0x01
#define FAULT_FLAG_USER        0x40
#define FAULT_FLAG_REMOTE      0x80	/* GUP on behalf of someone */
#define FAULT_FLAG_UNSHARE     0x400

/* What a fault handler is told, and hands back (Linux's struct vm_fault). */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long address;		/* page aligned */
	pgoff_t pgoff;			/* file offset in pages */
	unsigned int flags;		/* FAULT_FLAG_* */
	pte_t *pte;			/* valid while the pt lock is held */
	pte_t orig_pte;
	struct page *page;		/* ->fault returns the page here */
};

/*
 * A mapping's callbacks. ->fault supplies the page for a missing PTE
 * (with a reference; VM_FAULT_LOCKED if it returns it locked).
 * ->page_mkwrite is the filesystem's write notification: called before
 * a clean page of a shared writable mapping becomes writable, so the
 * filesystem can allocate blocks and mark the folio dirty. Its
 * presence is what makes vma_wants_writenotify() and
 * vma_needs_dirty_tracking() true.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct vm_fault *vmf);
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
	vm_fault_t (*pfn_mkwrite)(struct vm_fault *vmf);
	const char *(*name)(struct vm_area_struct *vma);
};

/*
 * The anonymous reverse map, simplified from Linux's anon_vma: every
 * VMA descended from the same original anonymous mapping (through
 * fork or split) shares one anon_vma and is on its list, so an anon
 * folio (whose ->mapping points here with PAGE_MAPPING_ANON set) can
 * find every PTE that may map it. folio->index is the page's linear
 * index: (address - vm_start) / PAGE_SIZE + vm_pgoff.
 */
struct anon_vma {
	spinlock_t lock;
	atomic_t refcount;
	struct list_head vmas;		/* vm_area_struct.anon_vma_node */
};

struct vm_area_struct {
	unsigned long vm_start, vm_end;	/* [start, end) */
	struct mm_struct *vm_mm;
	unsigned long vm_flags;
	pgprot_t vm_page_prot;		/* PTE bits for a present page */
	struct list_head vm_list;	/* mm->mmap, sorted by address */
	const struct vm_operations_struct *vm_ops;
	struct file *vm_file;		/* NULL for anonymous */
	pgoff_t vm_pgoff;		/* offset in vm_file, in pages */
	struct anon_vma *anon_vma;
	struct list_head anon_vma_node;
	struct list_head shared;	/* on mapping->i_mmap */
	void *vm_private_data;
};

/*
 * An address space. mmap_lock (a rw_semaphore) protects the VMA list:
 * read for faults and GUP's slow path, write for mmap/munmap/mprotect.
 * page_table_lock protects PTE changes (fault installs, mkclean,
 * unmap). GUP-fast takes neither; see mm/gup_fast.c for what keeps it
 * safe.
 */
struct mm_struct {
	pgd_t *pgd;
	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock;
	struct list_head mmap;		/* VMAs sorted by vm_start */
	int map_count;
	atomic_t mm_users;		/* processes using it */
	atomic_t mm_count;		/* references to the struct */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long mmap_base;	/* top-down search start */
	atomic_long_t rss;		/* resident pages */
	unsigned long cpu_mask;		/* CPUs that may cache its TLB entries */
	atomic_t write_protect_seq;	/* odd while fork write-protects */
};

#endif
