/*
 * Address spaces and their VMAs.
 *
 * Interface (mman.h): mm_alloc, dup_mm, mmput/mmget (users: tasks),
 * mmgrab/mmdrop (the struct: lazy CPUs), find_vma, vma_lookup,
 * get_unmapped_area, do_mmap, do_munmap, do_mprotect, do_brk,
 * vm_mmap, vma_wants_writenotify, vma_needs_dirty_tracking.
 *
 * An mm's VMAs are a list sorted by address, never overlapping, each
 * [vm_start, vm_end) page aligned. Mapping over a range first unmaps
 * it (MAP_FIXED); unmapping or mprotecting part of a VMA splits it;
 * neighbours that became identical (flags, file, contiguous offset,
 * compatible anon_vma, no ->close) are merged again. A lookup is a
 * linear walk: simple, and address spaces here have tens of VMAs.
 *
 * Locking: mmap_lock for write around every change to the list or to
 * a VMA (do_mmap, do_munmap, do_mprotect and do_brk expect it held;
 * vm_mmap and dup_mm take it). Faults and GUP read under mmap_lock for
 * read. A file VMA's position (vm_start, vm_end, vm_pgoff) is also
 * read by rmap walkers that hold only mapping->i_mmap_lock, so it
 * changes under that lock too, together with i_mmap membership: a
 * walker sees a split or merged range whole, never a gap.
 */
#include "internal.h"
#include <fs.h>
#include <init.h>
#include <lockdep.h>
#include <sched.h>
#include <slab.h>


/* Linux's LEGACY_MAP_MASK: the flags MAP_SHARED_VALIDATE accepts. */
#define MAP_32BIT         0x40
#define MAP_DENYWRITE     0x0800
#define MAP_EXECUTABLE    0x1000
#define MAP_NONBLOCK      0x10000
#define MAP_STACK         0x20000
#define MAP_HUGETLB       0x40000
#define MAP_UNINITIALIZED 0x4000000
#define LEGACY_MAP_MASK                                                    \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | \
	 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED | MAP_GROWSDOWN | \
	 MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK |         \
	 MAP_STACK | MAP_HUGETLB)

#define PROT_SEM 0x8	/* accepted and ignored, as on x86 Linux */

/* x86_64's VM_DATA_DEFAULT_FLAGS: heap and brk memory. */
#define VM_DATA_DEFAULT_FLAGS \
	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

static struct kmem_cache *vm_area_cachep, *mm_cachep;

static int
vm_caches_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct), 0);
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct),
				      0);
	if (vm_area_cachep == NULL || mm_cachep == NULL)
		panic("mm: cannot create the VMA caches");
	return 0;
}
core_initcall(vm_caches_init);

/* ---- mm_struct lifetime ---- */

struct mm_struct *
mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);

	if (mm == NULL)
		return NULL;
	mm->pgd = pgd_alloc();
	if (mm->pgd == NULL) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	init_rwsem(&mm->mmap_lock, "mmap_lock");
	lockdep_set_class(&mm->mmap_lock, &mmap_lock_class);
	spin_lock_init(&mm->page_table_lock, "page_table_lock");
	lockdep_set_class(&mm->page_table_lock, &page_table_lock_class);
	INIT_LIST_HEAD(&mm->mmap);
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);	/* held by the users together */
	mm->mmap_base = TASK_SIZE - MMAP_BASE_GAP;
	return mm;
}

void
mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}

/* Only the pgd and the struct are left by now (see mmput). */
void
mmdrop(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_count))
		return;
	pgd_free(mm->pgd);
	kmem_cache_free(mm_cachep, mm);
}

/* ---- VMA objects and the list ---- */

struct vm_area_struct *
vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_zalloc(vm_area_cachep,
						       GFP_KERNEL);

	if (vma == NULL)
		return NULL;
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->anon_vma_node);
	INIT_LIST_HEAD(&vma->shared);
	return vma;
}

void
vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vm_area_cachep, vma);
}

/* A copy of @orig for @mm, sharing its file and anon_vma, on no list. */
static struct vm_area_struct *
vm_area_dup(struct vm_area_struct *orig, struct mm_struct *mm)
{
	struct vm_area_struct *new = vm_area_alloc(mm);

	if (new == NULL)
		return NULL;
	*new = *orig;
	new->vm_mm = mm;
	INIT_LIST_HEAD(&new->vm_list);
	INIT_LIST_HEAD(&new->anon_vma_node);
	INIT_LIST_HEAD(&new->shared);
	anon_vma_clone(new, orig);
	if (new->vm_file)
		get_file(new->vm_file);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	return new;
}

static struct vm_area_struct *
vma_next(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_list.next == &mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

static struct vm_area_struct *
vma_prev(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_list.prev == &mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

/* The first VMA ending above @addr (it may start above @addr too). */
struct vm_area_struct *
find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *
vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

static struct vm_area_struct *
find_vma_intersection(struct mm_struct *mm, unsigned long start,
		      unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/* Insert in address order and on the file's i_mmap. */
static void
vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = find_vma(mm, vma->vm_start);

	list_add_tail(&vma->vm_list, next ? &next->vm_list : &mm->mmap);
	mm->map_count++;
	vma_link_file(vma);
}

static void
vma_detach(struct mm_struct *mm, struct vm_area_struct *vma)
{
	list_del_init(&vma->vm_list);
	mm->map_count--;
}

/* Free a detached VMA whose pages are already zapped. */
static void
remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	unlink_anon_vmas(vma);
	vma_unlink_file(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
}

static void
i_mmap_lock_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		mutex_lock(&vma->vm_file->f_mapping->i_mmap_lock);
}

static void
i_mmap_unlock_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		mutex_unlock(&vma->vm_file->f_mapping->i_mmap_lock);
}

/* ---- split and merge ---- */

/*
 * Split @vma at @addr: @vma keeps [vm_start, addr), the returned new
 * VMA gets [addr, vm_end). NULL if out of memory (or of map count).
 */
static struct vm_area_struct *
split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	  unsigned long addr)
{
	struct vm_area_struct *new;

	if (mm->map_count >= MAX_MAP_COUNT)
		return NULL;
	new = vm_area_dup(vma, mm);
	if (new == NULL)
		return NULL;
	new->vm_start = addr;
	new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	i_mmap_lock_vma(vma);
	vma->vm_end = addr;
	if (new->vm_file)
		list_add(&new->shared, &vma->shared);
	i_mmap_unlock_vma(vma);
	list_add(&new->vm_list, &vma->vm_list);
	mm->map_count++;
	return new;
}

static bool
anon_vma_compatible(const struct vm_area_struct *a,
		    const struct vm_area_struct *b)
{
	return !a->anon_vma || !b->anon_vma || a->anon_vma == b->anon_vma;
}

/* Can @a and @b, which follows it, become one VMA? */
static bool
vma_can_merge(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags)
		return false;
	if (a->vm_file != b->vm_file || a->vm_ops != b->vm_ops)
		return false;
	if (a->vm_ops && a->vm_ops->close)
		return false;
	if (a->vm_private_data != b->vm_private_data)
		return false;
	return a->vm_pgoff + vma_pages(a) == b->vm_pgoff &&
	       anon_vma_compatible(a, b);
}

/* @a grows over @b, which is removed. */
static void
vma_absorb(struct mm_struct *mm, struct vm_area_struct *a,
	   struct vm_area_struct *b)
{
	if (a->anon_vma == NULL && b->anon_vma)
		anon_vma_clone(a, b);
	i_mmap_lock_vma(a);
	a->vm_end = b->vm_end;
	if (b->vm_file)
		list_del_init(&b->shared);
	i_mmap_unlock_vma(a);
	vma_detach(mm, b);
	remove_vma(b);
}

/* Merge @vma with its neighbours where possible; returns the result. */
static struct vm_area_struct *
vma_try_merge(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(mm, vma), *next;

	if (prev && vma_can_merge(prev, vma)) {
		vma_absorb(mm, prev, vma);
		vma = prev;
	}
	next = vma_next(mm, vma);
	if (next && vma_can_merge(vma, next))
		vma_absorb(mm, vma, next);
	return vma;
}

/* ---- finding room ---- */

static unsigned long
unmapped_area_topdown(struct mm_struct *mm, unsigned long len)
{
	unsigned long high = mm->mmap_base, low = MMAP_MIN_ADDR, gap;
	struct list_head *pos;
	struct vm_area_struct *vma;

	for (pos = mm->mmap.prev; pos != &mm->mmap; pos = pos->prev) {
		vma = list_entry(pos, struct vm_area_struct, vm_list);
		if (vma->vm_start >= high)
			continue;
		gap = max(vma->vm_end, low);
		if (gap <= high && high - gap >= len)
			return high - len;
		high = vma->vm_start;
		if (high <= low)
			break;
	}
	if (high > low && high - low >= len)
		return high - len;
	return -ENOMEM;
}

/*
 * As Linux's top-down allocator: MAP_FIXED takes @addr as given; a
 * hint is used if that range is free; otherwise the highest free gap
 * below mm->mmap_base (the stack lives above it). Then the checks
 * every result gets: inside user space, page aligned, and not below
 * MMAP_MIN_ADDR, so nothing can ever be mapped at NULL.
 */
unsigned long
get_unmapped_area(struct file *file, unsigned long addr, unsigned long len,
		  unsigned long pgoff, unsigned long flags)
{
	struct mm_struct *mm = current->mm;

	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (!(flags & MAP_FIXED)) {
		addr = PAGE_ALIGN(addr);
		if (!addr || addr < MMAP_MIN_ADDR || addr > TASK_SIZE - len ||
		    find_vma_intersection(mm, addr, addr + len))
			addr = unmapped_area_topdown(mm, len);
		if (IS_ERR_VALUE(addr))
			return addr;
	}
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr < MMAP_MIN_ADDR)
		return -EPERM;
	return addr;
}

/* ---- unmapping ---- */

/*
 * Remove [start, end) from @mm. Order matters: PTEs are zapped while
 * the VMAs are still on the rmap lists (rmap walkers may meet them,
 * and find nothing mapped), then the VMAs leave those lists, and only
 * then are page tables freed, so no rmap walker can be inside one.
 */
static void
unmap_region(struct mm_struct *mm, struct list_head *vmas,
	     unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma, *n;

	list_for_each_entry(vma, vmas, vm_list)
		zap_page_range(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	list_for_each_entry_safe(vma, n, vmas, vm_list)
		remove_vma(vma);
	free_pgtables(mm, start, end);
}

/* Split so that no VMA straddles @start or @end. */
static int
split_at_edges(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start < start && vma->vm_end > start &&
	    split_vma(mm, vma, start) == NULL)
		return -ENOMEM;
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end && vma->vm_end > end &&
	    split_vma(mm, vma, end) == NULL)
		return -ENOMEM;
	return 0;
}

int
do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	struct vm_area_struct *vma;
	LIST_HEAD(gone);
	unsigned long end;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (len == 0)
		return -EINVAL;
	end = start + len;
	if (find_vma_intersection(mm, start, end) == NULL)
		return 0;
	if (split_at_edges(mm, start, end))
		return -ENOMEM;
	while ((vma = find_vma_intersection(mm, start, end)) != NULL) {
		vma_detach(mm, vma);
		list_add_tail(&vma->vm_list, &gone);
	}
	unmap_region(mm, &gone, start, end);
	return 0;
}

/* ---- mapping ---- */

static unsigned long
calc_vm_prot_bits(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) |
	       ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

static unsigned long
calc_vm_flag_bits(unsigned long flags)
{
	return ((flags & MAP_GROWSDOWN) ? VM_GROWSDOWN : 0) |
	       ((flags & MAP_LOCKED) ? VM_LOCKED : 0);
}

/* Linux's checks of a file mapping against the file's open mode. */
static long
mmap_file_flags(struct file *file, unsigned long prot, unsigned long flags,
		unsigned long *vm_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		flags &= LEGACY_MAP_MASK;
		/* fallthrough */
	case MAP_SHARED_VALIDATE:
		if (flags & ~LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fallthrough */
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (file->f_op == NULL || file->f_op->mmap == NULL)
			return -ENODEV;
		if (*vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Anonymous: MAP_SHARED is shmem-backed with offset 0; MAP_PRIVATE
 * uses the address as offset, so that neighbours always merge. As in
 * Linux, MAP_SHARED_VALIDATE (MAP_SHARED|MAP_PRIVATE) is refused here.
 */
static long
mmap_anon_flags(unsigned long addr, unsigned long flags,
		unsigned long *vm_flags, unsigned long *pgoff)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (*vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		*pgoff = 0;
		*vm_flags |= VM_SHARED | VM_MAYSHARE;
		return 0;
	case MAP_PRIVATE:
		*pgoff = addr >> PAGE_SHIFT;
		return 0;
	default:
		return -EINVAL;
	}
}

/* Let the file (or shmem) set up @vma: vm_ops, maybe vm_flags. */
static int
mmap_setup_backing(struct vm_area_struct *vma, struct file *file)
{
	if (file) {
		vma->vm_file = get_file(file);
		return file->f_op->mmap(file, vma);
	}
	if (vma->vm_flags & VM_SHARED)
		return shmem_zero_setup(vma);
	return 0;
}

static unsigned long
mmap_region(struct file *file, unsigned long addr, unsigned long len,
	    unsigned long vm_flags, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int err;

	if (do_munmap(mm, addr, len))
		return -ENOMEM;
	vma = vm_area_alloc(mm);
	if (vma == NULL)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	err = mmap_setup_backing(vma, file);
	if (err) {
		if (vma->vm_file)
			fput(vma->vm_file);
		vm_area_free(vma);
		return err;
	}
	vma_set_page_prot(vma);
	vma_link(mm, vma);
	vma_try_merge(mm, vma);
	return addr;
}

unsigned long
do_mmap(struct file *file, unsigned long addr, unsigned long len,
	unsigned long prot, unsigned long flags, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long vm_flags;
	long err;

	if (len == 0)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	len = PAGE_ALIGN(len);
	if (len == 0)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > MAX_MAP_COUNT)
		return -ENOMEM;
	addr = get_unmapped_area(file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = calc_vm_prot_bits(prot) | calc_vm_flag_bits(flags) |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (file)
		err = mmap_file_flags(file, prot, flags, &vm_flags);
	else
		err = mmap_anon_flags(addr, flags, &vm_flags, &pgoff);
	if (err)
		return err;
	return mmap_region(file, addr, len, vm_flags, pgoff);
}

long
vm_mmap(struct file *file, unsigned long addr, unsigned long len,
	unsigned long prot, unsigned long flags, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long ret;

	if (mm == NULL)
		return -EINVAL;
	down_write(&mm->mmap_lock);
	ret = do_mmap(file, addr, len, prot, flags, pgoff);
	downgrade_write(&mm->mmap_lock);
	if (!IS_ERR_VALUE(ret) && (flags & MAP_POPULATE))
		mm_populate(mm, ret, PAGE_ALIGN(len));
	up_read(&mm->mmap_lock);
	return (long)ret;
}

static bool
pte_populated(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte;
	bool present;

	spin_lock(&mm->page_table_lock);
	pte = walk_user_pte(mm, addr);
	present = pte && pte_present(*pte);
	spin_unlock(&mm->page_table_lock);
	return present;
}

/*
 * MAP_POPULATE: fault every page in now. A writable private mapping is
 * populated with write faults (each page its own copy up front, as
 * Linux does); a shared one with read faults, so populating a shared
 * file mapping does not dirty the file. Errors are ignored: the
 * mapping exists either way and a later access faults normally.
 */
void
mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma = NULL;

	for (unsigned long a = start; a < start + len; a += PAGE_SIZE) {
		unsigned int flags = 0;

		if (vma == NULL || a >= vma->vm_end)
			vma = vma_lookup(mm, a);
		if (vma == NULL)
			return;
		if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			flags |= FAULT_FLAG_WRITE;
		if (pte_populated(mm, a))
			continue;
		if (handle_mm_fault(vma, a, flags) & VM_FAULT_ERROR)
			return;
	}
}

/* The heap: an anonymous data mapping at @addr, replacing what is there. */
int
do_brk(struct mm_struct *mm, unsigned long addr, unsigned long request)
{
	unsigned long len = PAGE_ALIGN(request);
	struct vm_area_struct *vma;
	int err;

	if (len < request)
		return -ENOMEM;
	if (len == 0)
		return 0;
	addr = get_unmapped_area(NULL, addr, len, 0, MAP_FIXED);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	err = do_munmap(mm, addr, len);
	if (err)
		return err;
	if (mm->map_count > MAX_MAP_COUNT)
		return -ENOMEM;
	vma = vm_area_alloc(mm);
	if (vma == NULL)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = VM_DATA_DEFAULT_FLAGS;
	vma->vm_pgoff = addr >> PAGE_SHIFT;
	vma_set_page_prot(vma);
	vma_link(mm, vma);
	vma_try_merge(mm, vma);
	return 0;
}

/* ---- mprotect ---- */

/* Linux's rule: every VM_x asked for needs its VM_MAYx (VM_x << 4). */
static int
mprotect_check(struct mm_struct *mm, unsigned long start, unsigned long end,
	       unsigned long prot_bits)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long at = start, newflags;

	for (; vma && vma->vm_start < end; vma = vma_next(mm, vma)) {
		if (vma->vm_start > at)
			return -ENOMEM;
		newflags = (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) |
			   prot_bits;
		if ((newflags & ~(newflags >> 4)) &
		    (VM_READ | VM_WRITE | VM_EXEC))
			return -EACCES;
		at = vma->vm_end;
	}
	return at < end ? -ENOMEM : 0;
}

static void
mprotect_fixup(struct vm_area_struct *vma, unsigned long prot_bits)
{
	vma->vm_flags = (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) |
			prot_bits;
	vma_set_page_prot(vma);
	change_protection(vma, vma->vm_start, vma->vm_end);
}

/*
 * The whole range is checked before anything changes (holes: ENOMEM,
 * forbidden protections: EACCES), so unlike Linux a failed mprotect
 * changes nothing, except when a split runs out of memory.
 */
int
do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
	    unsigned long prot)
{
	unsigned long end, bits = calc_vm_prot_bits(prot);
	struct vm_area_struct *vma;
	int err;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	err = mprotect_check(mm, start, end, bits);
	if (err == 0)
		err = split_at_edges(mm, start, end);
	if (err)
		return err;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma_next(mm, vma))
		mprotect_fixup(vma, bits);
	for (vma = find_vma(mm, start ? start - 1 : 0);
	     vma && vma->vm_start <= end; vma = vma_next(mm, vma))
		vma = vma_try_merge(mm, vma);
	return 0;
}

/* ---- fork and exit ---- */

static int
dup_mmap(struct mm_struct *mm, struct mm_struct *old)
{
	struct vm_area_struct *vma, *new;

	list_for_each_entry(vma, &old->mmap, vm_list) {
		if (vma->vm_flags & VM_DONTCOPY)
			continue;
		new = vm_area_dup(vma, mm);
		if (new == NULL)
			return -ENOMEM;
		vma_link(mm, new);
		/* File pages without private copies just fault in again. */
		if (vma->anon_vma && copy_page_range(new, vma))
			return -ENOMEM;
	}
	return 0;
}

static void
dup_mm_fields(struct mm_struct *mm, struct mm_struct *old)
{
	mm->start_code = old->start_code, mm->end_code = old->end_code;
	mm->start_data = old->start_data, mm->end_data = old->end_data;
	mm->start_brk = old->start_brk, mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->arg_start = old->arg_start, mm->arg_end = old->arg_end;
	mm->env_start = old->env_start, mm->env_end = old->env_end;
	mm->mmap_base = old->mmap_base;
}

/*
 * fork's copy of @old. write_protect_seq is odd from before the first
 * PTE is write-protected until after the parent's TLB flush, so a
 * GUP-fast that pinned a page meanwhile sees the count move and backs
 * off to the slow path (which waits for mmap_lock).
 */
struct mm_struct *
dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	int err;

	if (mm == NULL)
		return NULL;
	down_write(&old->mmap_lock);
	dup_mm_fields(mm, old);
	atomic_inc(&old->write_protect_seq);
	err = dup_mmap(mm, old);
	flush_tlb_mm(old);
	atomic_inc(&old->write_protect_seq);
	up_write(&old->mmap_lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

static void
exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *n;
	LIST_HEAD(gone);

	down_write(&mm->mmap_lock);
	list_for_each_entry_safe(vma, n, &mm->mmap, vm_list) {
		vma_detach(mm, vma);
		list_add_tail(&vma->vm_list, &gone);
	}
	unmap_region(mm, &gone, 0, TASK_SIZE);
	up_write(&mm->mmap_lock);
}

/* The last user's mmput unmaps everything; the pgd goes with mmdrop. */
void
mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm);
	drop_lazy_mm_users(mm);
	mmdrop(mm);
}
