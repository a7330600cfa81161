/*
 * The lock classes lockdep checks, and the order they are documented
 * to nest in (include/lockdep.h, docs/locking-debug.md).
 *
 * A class is set where its locks are initialised: mm_alloc() (mm/mmap.c)
 * for mmap_lock and page_table_lock, inode_init_mapping() (fs/inode.c)
 * for i_pages_lock and i_mmap_lock. The folio lock is a bit in
 * folio->flags, so mm/filemap.c passes folio_lock_class itself.
 *
 * lockdep_vm_order is the VM's order from mm/internal.h, outermost
 * first: mmap_lock, folio lock, i_mmap_lock, (anon_vma->lock, no class
 * yet), page_table_lock; and filemap_remove_folio() takes i_pages_lock
 * with the folio locked. Declaring it makes lockdep report the reverse
 * the first time it runs, even in a boot where the documented
 * direction never ran. Orders between other pairs (page_table_lock and
 * i_pages_lock, say) are learnt from what the kernel does.
 */
#include <lockdep.h>

struct lock_class mmap_lock_class = LOCK_CLASS_INIT("mmap_lock");
struct lock_class folio_lock_class = LOCK_CLASS_INIT("folio_lock");
struct lock_class i_mmap_lock_class = LOCK_CLASS_INIT("i_mmap_lock");
struct lock_class i_pages_lock_class = LOCK_CLASS_INIT("i_pages_lock");
struct lock_class page_table_lock_class =
	LOCK_CLASS_INIT("page_table_lock");

const struct lock_order lockdep_vm_order[] = {
	{ &mmap_lock_class, &folio_lock_class },
	{ &folio_lock_class, &i_mmap_lock_class },
	{ &i_mmap_lock_class, &page_table_lock_class },
	{ &folio_lock_class, &i_pages_lock_class },
	{ NULL, NULL },
};
