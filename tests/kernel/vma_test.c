/*
 * Suite "vma": the VMA list of an address space (mm/mmap.c). Each case
 * runs the test thread on a fresh mm (kthread_use_mm) and maps with
 * vm_mmap() or the syscalls themselves, then inspects the VMA list:
 * insert and lookup, splitting on partial munmap and mprotect, merging
 * of compatible neighbours, MAP_FIXED replacing what was there, the
 * top-down get_unmapped_area(), Linux's mmap errors, the write-notify
 * rule, and the /proc/PID/maps format.
 */
#include <kunit.h>
#include <mman.h>
#include <fs.h>
#include <sched.h>
#include <uaccess.h>
#include <string.h>
#include <errno.h>

long sys_mmap(long, long, long, long, long, long);
long sys_munmap(long, long, long, long, long, long);
long sys_mprotect(long, long, long, long, long, long);
long sys_brk(long, long, long, long, long, long);

#define BASE 0x100000000UL	/* well below mmap_base */
#define P PAGE_SIZE
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int
vma_init(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	if (mm == NULL)
		return -ENOMEM;
	kthread_use_mm(mm);
	test->priv = mm;
	return 0;
}

static void
vma_exit(struct kunit *test)
{
	struct mm_struct *mm = test->priv;

	kthread_unuse_mm(mm);
	mmput(mm);
}

static long
map_at(unsigned long addr, unsigned long len, unsigned long prot)
{
	return vm_mmap(NULL, addr, len, prot, ANON | MAP_FIXED, 0);
}

/* The VMA at @addr must be exactly [start, end). */
static void
expect_vma(struct kunit *test, unsigned long addr, unsigned long start,
	   unsigned long end)
{
	struct vm_area_struct *vma = vma_lookup(current->mm, addr);

	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_EQ(test, vma->vm_start, start);
	KUNIT_EXPECT_EQ(test, vma->vm_end, end);
}

static void
vma_insert_lookup(struct kunit *test)
{
	struct mm_struct *mm = current->mm;

	KUNIT_ASSERT_EQ(test, map_at(BASE + 8 * P, P, RW), BASE + 8 * P);
	KUNIT_ASSERT_EQ(test, map_at(BASE, 2 * P, RW), BASE);
	KUNIT_ASSERT_EQ(test, map_at(BASE + 4 * P, P, PROT_READ), BASE + 4 * P);
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	expect_vma(test, BASE + P, BASE, BASE + 2 * P);
	expect_vma(test, BASE + 4 * P, BASE + 4 * P, BASE + 5 * P);
	KUNIT_EXPECT_NULL(test, vma_lookup(mm, BASE + 2 * P));
	KUNIT_EXPECT_NULL(test, vma_lookup(mm, BASE + 9 * P));
	/* find_vma: the next VMA above a hole. */
	KUNIT_EXPECT_EQ(test, find_vma(mm, BASE + 5 * P)->vm_start,
			BASE + 8 * P);
	KUNIT_EXPECT_NULL(test, find_vma(mm, BASE + 9 * P));
	/* The list is sorted. */
	KUNIT_EXPECT_EQ(test, list_first_entry(&mm->mmap,
		struct vm_area_struct, vm_list)->vm_start, BASE);
}

static void
vma_split_on_munmap(struct kunit *test)
{
	struct vm_area_struct *lo, *hi;

	KUNIT_ASSERT_EQ(test, map_at(BASE, 4 * P, RW), BASE);
	KUNIT_ASSERT_EQ(test, sys_munmap(BASE + P, P, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 2);
	expect_vma(test, BASE, BASE, BASE + P);
	expect_vma(test, BASE + 2 * P, BASE + 2 * P, BASE + 4 * P);
	KUNIT_EXPECT_NULL(test, vma_lookup(current->mm, BASE + P));
	lo = vma_lookup(current->mm, BASE);
	hi = vma_lookup(current->mm, BASE + 2 * P);
	KUNIT_ASSERT_NOT_NULL(test, hi);
	KUNIT_EXPECT_EQ(test, hi->vm_pgoff, lo->vm_pgoff + 2);
	/* munmap of nothing, unaligned, zero length. */
	KUNIT_EXPECT_EQ(test, sys_munmap(BASE + P, P, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_munmap(BASE + 1, P, 0, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sys_munmap(BASE, 0, 0, 0, 0, 0), -EINVAL);
}

static void
vma_split_on_mprotect_and_merge_back(struct kunit *test)
{
	struct vm_area_struct *mid;

	KUNIT_ASSERT_EQ(test, map_at(BASE, 4 * P, RW), BASE);
	KUNIT_ASSERT_EQ(test, sys_mprotect(BASE + P, 2 * P, PROT_READ, 0, 0,
					   0), 0);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 3);
	mid = vma_lookup(current->mm, BASE + P);
	KUNIT_ASSERT_NOT_NULL(test, mid);
	KUNIT_EXPECT_EQ(test, mid->vm_start, BASE + P);
	KUNIT_EXPECT_EQ(test, mid->vm_end, BASE + 3 * P);
	KUNIT_EXPECT_EQ(test, mid->vm_flags & (VM_READ | VM_WRITE), VM_READ);
	KUNIT_EXPECT_TRUE(test, vma_lookup(current->mm, BASE)->vm_flags &
				VM_WRITE);
	/* Same protection again: the three become one. */
	KUNIT_ASSERT_EQ(test, sys_mprotect(BASE + P, 2 * P, RW, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 1);
	expect_vma(test, BASE, BASE, BASE + 4 * P);
	/* Holes and bad arguments. */
	KUNIT_EXPECT_EQ(test, sys_mprotect(BASE, 5 * P, PROT_READ, 0, 0, 0),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, sys_mprotect(BASE + 1, P, PROT_READ, 0, 0, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sys_mprotect(BASE, P, 0x100, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 1);
}

static void
vma_merge_adjacent_anon(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, map_at(BASE, P, RW), BASE);
	KUNIT_ASSERT_EQ(test, map_at(BASE + P, P, RW), BASE + P);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 1);
	expect_vma(test, BASE, BASE, BASE + 2 * P);
	/* Filling the hole between two VMAs merges all three. */
	KUNIT_ASSERT_EQ(test, map_at(BASE + 3 * P, P, RW), BASE + 3 * P);
	KUNIT_ASSERT_EQ(test, map_at(BASE + 2 * P, P, RW), BASE + 2 * P);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 1);
	expect_vma(test, BASE, BASE, BASE + 4 * P);
	/* Different protection: no merge. */
	KUNIT_ASSERT_EQ(test, map_at(BASE + 4 * P, P, PROT_READ), BASE + 4 * P);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 2);
}

static void
vma_map_fixed_replaces(struct kunit *test)
{
	u64 v = 0x1234, got = 0;

	KUNIT_ASSERT_EQ(test, map_at(BASE, 4 * P, RW), BASE);
	KUNIT_ASSERT_EQ(test, put_user_u64(v, (void *)(BASE + P)), 0);
	KUNIT_ASSERT_EQ(test, map_at(BASE + P, P, PROT_READ), BASE + P);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 3);
	expect_vma(test, BASE + P, BASE + P, BASE + 2 * P);
	/* The old page went with the old mapping. */
	KUNIT_ASSERT_EQ(test, get_user_u64(&got, (void *)(BASE + P)), 0);
	KUNIT_EXPECT_EQ(test, got, 0);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, BASE, P, RW,
				      ANON | MAP_FIXED_NOREPLACE, 0), -EEXIST);
}

static void
vma_get_unmapped_area_topdown(struct kunit *test)
{
	unsigned long base = current->mm->mmap_base;
	long a, b, c;

	a = vm_mmap(NULL, 0, 2 * P, RW, ANON, 0);
	KUNIT_EXPECT_EQ(test, a, base - 2 * P);
	b = vm_mmap(NULL, 0, P, PROT_READ, ANON, 0);
	KUNIT_EXPECT_EQ(test, b, base - 3 * P);
	/* A free hint is honoured, a taken one is not. */
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, BASE, P, RW, ANON, 0), BASE);
	c = vm_mmap(NULL, BASE, P, PROT_READ, ANON, 0);
	KUNIT_EXPECT_EQ(test, c, base - 4 * P);
	/* A hole left by munmap is reused, top-down. */
	KUNIT_ASSERT_EQ(test, sys_munmap(a, 2 * P, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, 0, P, RW, ANON, 0), base - P);
	KUNIT_EXPECT_EQ(test, get_unmapped_area(NULL, 0, TASK_SIZE, 0, 0),
			-ENOMEM);
}

static void
vma_mmap_errors(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, 0, 0, RW, ANON, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, BASE + 1, P, RW, ANON | MAP_FIXED,
				      0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, 0x1000, P, RW, ANON | MAP_FIXED, 0),
			-EPERM);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, 0, P, RW, MAP_ANONYMOUS, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, 0, P, RW, MAP_SHARED | MAP_PRIVATE |
				      MAP_ANONYMOUS, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, TASK_SIZE - P, 2 * P, RW,
				      ANON | MAP_FIXED, 0), -ENOMEM);
	KUNIT_EXPECT_EQ(test, sys_mmap(0, P, RW, MAP_PRIVATE, -1, 0), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_mmap(0, P, RW, ANON, -1, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 0);
}

/* ---- file mappings with a fake file ---- */

static int
fake_mmap(struct file *f, struct vm_area_struct *vma)
{
	vma->vm_ops = f->private_data;
	return 0;
}

static vm_fault_t
fake_mkwrite(struct vm_fault *vmf)
{
	return 0;
}

static const struct file_operations fake_fops = { .mmap = fake_mmap };
static const struct vm_operations_struct mkwrite_ops = {
	.page_mkwrite = fake_mkwrite,
};
static const struct vm_operations_struct plain_ops = { .name = NULL };
static struct backing_dev_info wb_bdi = { "wb", BDI_CAP_WRITEBACK };

struct fake_file {
	struct address_space mapping;
	struct file file;
};

static void
fake_file_init(struct fake_file *ff, unsigned int mode,
	       const struct vm_operations_struct *ops,
	       struct backing_dev_info *bdi)
{
	memset(ff, 0, sizeof(*ff));
	mutex_init(&ff->mapping.i_mmap_lock, "fake i_mmap_lock");
	INIT_LIST_HEAD(&ff->mapping.i_mmap);
	ff->mapping.bdi = bdi;
	atomic_long_set(&ff->file.f_count, 1);
	ff->file.f_mapping = &ff->mapping;
	ff->file.f_op = &fake_fops;
	ff->file.f_mode = mode;
	ff->file.private_data = (void *)ops;
}

/* Static, not on the stack: a failed case may leave VMAs behind. */
static struct fake_file ff;

static void
vma_mmap_file_access(struct kunit *test)
{
	long a;

	fake_file_init(&ff, FMODE_READ, &plain_ops, NULL);
	KUNIT_EXPECT_EQ(test, vm_mmap(&ff.file, 0, P, RW, MAP_SHARED, 0),
			-EACCES);
	a = vm_mmap(&ff.file, 0, P, PROT_READ, MAP_SHARED, 0);
	KUNIT_ASSERT_GT(test, a, 0);
	/* Shared read-only file: may never become writable. */
	KUNIT_EXPECT_EQ(test, sys_mprotect(a, P, RW, 0, 0, 0), -EACCES);
	KUNIT_EXPECT_EQ(test, vm_mmap(&ff.file, 0, P, RW, MAP_PRIVATE, 0) > 0,
			true);
	KUNIT_EXPECT_EQ(test, vm_mmap(&ff.file, 0, P, RW, MAP_SHARED, ~0UL),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&ff.file.f_count), 3);
	fake_file_init(&ff, 0, &plain_ops, NULL);
	KUNIT_EXPECT_EQ(test, vm_mmap(&ff.file, 0, P, PROT_READ, MAP_PRIVATE,
				      0), -EACCES);
	/* Leave no VMA pointing at the fake file. */
	sys_munmap(a, P, 0, 0, 0, 0);
	sys_munmap(current->mm->mmap_base - 2 * P, P, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 0);
}

/* Map @ff with @prot/@flags and report vma_needs_dirty_tracking(). */
static bool
tracking(struct kunit *test, struct fake_file *ff, unsigned long prot,
	 unsigned long flags)
{
	long a = vm_mmap(&ff->file, 0, P, prot, flags, 0);
	struct vm_area_struct *vma;
	bool ret, wn;

	KUNIT_ASSERT_GT(test, a, 0);
	vma = vma_lookup(current->mm, a);
	ret = vma_needs_dirty_tracking(vma);
	wn = vma_wants_writenotify(vma);
	KUNIT_EXPECT_EQ(test, ret, wn);
	/* Write-notify PTEs start read-only, others as the VMA says. */
	KUNIT_EXPECT_EQ(test, !!(vma->vm_page_prot.pgprot & _PAGE_RW),
			(prot & PROT_WRITE) && (flags & MAP_SHARED) && !wn);
	sys_munmap(a, P, 0, 0, 0, 0);
	return ret;
}

static void
vma_dirty_tracking_rule(struct kunit *test)
{
	unsigned int rw = FMODE_READ | FMODE_WRITE;

	fake_file_init(&ff, rw, &mkwrite_ops, NULL);
	KUNIT_EXPECT_TRUE(test, tracking(test, &ff, RW, MAP_SHARED));
	KUNIT_EXPECT_FALSE(test, tracking(test, &ff, PROT_READ, MAP_SHARED));
	KUNIT_EXPECT_FALSE(test, tracking(test, &ff, RW, MAP_PRIVATE));
	/* No ->page_mkwrite, but the mapping writes back (ext2-like). */
	fake_file_init(&ff, rw, &plain_ops, &wb_bdi);
	KUNIT_EXPECT_TRUE(test, tracking(test, &ff, RW, MAP_SHARED));
	/* Neither (tmpfs-like): no tracking, writable PTEs at once. */
	fake_file_init(&ff, rw, &plain_ops, NULL);
	KUNIT_EXPECT_FALSE(test, tracking(test, &ff, RW, MAP_SHARED));
	KUNIT_EXPECT_EQ(test, current->mm->map_count, 0);
}

static void
vma_brk_grows_and_shrinks(struct kunit *test)
{
	struct mm_struct *mm = current->mm;

	mm->start_brk = mm->brk = BASE;
	KUNIT_EXPECT_EQ(test, sys_brk(0, 0, 0, 0, 0, 0), BASE);
	KUNIT_EXPECT_EQ(test, sys_brk(BASE + 3 * P + 5, 0, 0, 0, 0, 0),
			BASE + 3 * P + 5);
	expect_vma(test, BASE, BASE, BASE + 4 * P);
	KUNIT_EXPECT_EQ(test, sys_brk(BASE + P, 0, 0, 0, 0, 0), BASE + P);
	expect_vma(test, BASE, BASE, BASE + P);
	/* Below the start, or into another mapping: refused. */
	KUNIT_EXPECT_EQ(test, sys_brk(BASE - P, 0, 0, 0, 0, 0), BASE + P);
	KUNIT_ASSERT_EQ(test, map_at(BASE + 8 * P, P, PROT_READ), BASE + 8 * P);
	KUNIT_EXPECT_EQ(test, sys_brk(BASE + 8 * P, 0, 0, 0, 0, 0), BASE + P);
}

static void
vma_maps_format(struct kunit *test)
{
	static const char want[] =
		"100000000-100002000 rw-p 00000000 00:00 0"
		"                                [heap]\n"
		"100004000-100005000 r--s 00000000 00:00 0 \n"
		"100008000-100009000 r-xp 00000000 00:00 0 \n";
	struct mm_struct *mm = current->mm;
	char buf[512];

	mm->start_brk = mm->brk = BASE;
	KUNIT_ASSERT_EQ(test, sys_brk(BASE + 2 * P, 0, 0, 0, 0, 0),
			BASE + 2 * P);
	KUNIT_ASSERT_EQ(test, map_at(BASE + 8 * P, P, PROT_READ | PROT_EXEC),
			BASE + 8 * P);
	KUNIT_ASSERT_EQ(test, vm_mmap(NULL, BASE + 4 * P, P, PROT_READ,
				      ANON | MAP_FIXED, 0), BASE + 4 * P);
	/* Make the middle one look shared without needing shmem. */
	vma_lookup(mm, BASE + 4 * P)->vm_flags |= VM_MAYSHARE;
	KUNIT_EXPECT_EQ(test, show_maps(mm, buf, sizeof(buf)),
			(int)strlen(want));
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
	if (memcmp(buf, want, sizeof(want)))
		kunit_info(test, "got:\n%s", buf);
	/* A short buffer gets whole lines only: the 80-byte first one. */
	KUNIT_EXPECT_EQ(test, show_maps(mm, buf, 100), 80);
	KUNIT_EXPECT_EQ(test, buf[80], '\0');
}

static struct kunit_case vma_cases[] = {
	KUNIT_CASE(vma_insert_lookup),
	KUNIT_CASE(vma_split_on_munmap),
	KUNIT_CASE(vma_split_on_mprotect_and_merge_back),
	KUNIT_CASE(vma_merge_adjacent_anon),
	KUNIT_CASE(vma_map_fixed_replaces),
	KUNIT_CASE(vma_get_unmapped_area_topdown),
	KUNIT_CASE(vma_mmap_errors),
	KUNIT_CASE(vma_mmap_file_access),
	KUNIT_CASE(vma_dirty_tracking_rule),
	KUNIT_CASE(vma_brk_grows_and_shrinks),
	KUNIT_CASE(vma_maps_format),
	{}
};

static struct kunit_suite vma_suite = {
	.name = "vma",
	.init = vma_init,
	.exit = vma_exit,
	.test_cases = vma_cases,
};
kunit_test_suite(vma_suite);
