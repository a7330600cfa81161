/*
 * Suite "fault": page faults on a real user address space. Each case
 * creates an mm, runs the test thread on it (kthread_use_mm, undone in
 * the exit hook), maps memory with vm_mmap() and touches it from the
 * kernel with copy_to_user/copy_from_user, which fault exactly as a
 * user access would: zero fill, COW after dup_mm, MADV_DONTNEED,
 * mprotect, the rmap counts, that mmput gives back every page, and
 * write-notify (->page_mkwrite once per clean->dirty transition).
 */
#include <kunit.h>
#include <mman.h>
#include <fs.h>
#include <sched.h>
#include <uaccess.h>
#include <string.h>
#include <vmstat.h>
#include <errno.h>
#include <gfp.h>

long sys_madvise(long, long, long, long, long, long);
long sys_mprotect(long, long, long, long, long, long);

#define P PAGE_SIZE
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int
fault_init(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	if (mm == NULL)
		return -ENOMEM;
	kthread_use_mm(mm);
	test->priv = mm;
	return 0;
}

static void
fault_exit(struct kunit *test)
{
	struct mm_struct *mm = test->priv;

	if (current->mm)
		kthread_unuse_mm(current->mm);
	mmput(mm);
}

/* Run on @to instead of the current mm. */
static void
use_other_mm(struct mm_struct *to)
{
	kthread_unuse_mm(current->mm);
	kthread_use_mm(to);
}

static long
map_anon(struct kunit *test, unsigned long len)
{
	long a = vm_mmap(NULL, 0, len, RW, ANON, 0);

	KUNIT_ASSERT_GT(test, a, 0);
	return a;
}

static int
vm_munmap_all(unsigned long addr, size_t len)
{
	struct mm_struct *mm = current->mm;
	int ret;

	down_write(&mm->mmap_lock);
	ret = do_munmap(mm, addr, len);
	up_write(&mm->mmap_lock);
	return ret;
}

static u64
peek(unsigned long addr)
{
	u64 v = ~0UL;

	if (get_user_u64(&v, (void *)addr))
		return 0xdeadbeefUL;
	return v;
}

static struct folio *
folio_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *pte = walk_user_pte(mm, addr);

	if (pte == NULL || !pte_present(*pte))
		return NULL;
	return page_folio(pfn_to_page(pte_pfn(*pte)));
}

/*
 * Dirty some pages and unmap them first: the buddy allocator hands
 * recently freed (poisoned) pages out again, so a missing zero fill
 * shows up as garbage rather than hiding behind never-used RAM.
 */
static void
fault_anon_zero_fill(struct kunit *test)
{
	static char buf[4 * PAGE_SIZE];
	unsigned long anon0;
	long a = map_anon(test, 4 * P);

	memset(buf, 0x5a, sizeof(buf));
	KUNIT_ASSERT_EQ(test, copy_to_user((void *)a, buf, sizeof(buf)), 0);
	KUNIT_ASSERT_EQ(test, vm_munmap_all(a, 4 * P), 0);
	anon0 = global_vm_event(PGFAULT_ANON);
	a = map_anon(test, 4 * P);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void *)a, sizeof(buf)), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != 0)
			KUNIT_ASSERT_EQ(test, buf[i], 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_ANON) - anon0, 4);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&current->mm->rss), 4);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x1122334455667788UL,
					   (void *)(a + 3 * P + 8)), 0);
	KUNIT_EXPECT_EQ(test, peek(a + 3 * P + 8), 0x1122334455667788UL);
	/* No new page for a second touch. */
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_ANON) - anon0, 4);
}

static void
fault_outside_vma_efault(struct kunit *test)
{
	long a = map_anon(test, P);
	char c = 1;

	KUNIT_EXPECT_NE(test, copy_to_user((void *)(a + P), &c, 1), 0);
	KUNIT_EXPECT_NE(test, copy_from_user(&c, (void *)0x10, 1), 0);
	/* A copy straddling the end stops at the end. */
	KUNIT_EXPECT_EQ(test, copy_to_user((void *)(a + P - 4), "abcdefgh", 8),
			4);
}

static void
fault_cow_after_dup(struct kunit *test)
{
	struct mm_struct *parent = current->mm, *child;
	unsigned long cow0, reuse0;
	long a = map_anon(test, P);
	pte_t *pte;

	KUNIT_ASSERT_EQ(test, put_user_u64(0xaaaa, (void *)a), 0);
	child = dup_mm(parent);
	KUNIT_ASSERT_NOT_NULL(test, child);
	pte = walk_user_pte(parent, a);
	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_EXPECT_FALSE(test, pte_write(*pte));
	KUNIT_EXPECT_EQ(test, atomic_read(&parent->write_protect_seq) % 2, 0);
	KUNIT_EXPECT_GE(test, atomic_read(&parent->write_protect_seq), 2);
	cow0 = global_vm_event(PGFAULT_COW);
	use_other_mm(child);
	KUNIT_EXPECT_EQ(test, peek(a), 0xaaaa);
	KUNIT_EXPECT_EQ(test, put_user_u64(0xbbbb, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, peek(a), 0xbbbb);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_COW) - cow0, 1);
	use_other_mm(parent);
	KUNIT_EXPECT_EQ(test, peek(a), 0xaaaa);
	/* The parent's page is its own again: reused, not copied. */
	reuse0 = global_vm_event(PGFAULT_WP_REUSE);
	KUNIT_EXPECT_EQ(test, put_user_u64(0xcccc, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_WP_REUSE) - reuse0, 1);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_COW) - cow0, 1);
	mmput(child);
	KUNIT_EXPECT_EQ(test, peek(a), 0xcccc);
}

static vm_fault_t
unshare(struct mm_struct *mm, unsigned long a)
{
	vm_fault_t ret;

	down_read(&mm->mmap_lock);
	ret = handle_mm_fault(vma_lookup(mm, a), a, FAULT_FLAG_UNSHARE);
	up_read(&mm->mmap_lock);
	return ret;
}

/* GUP's R/O unshare: a private copy, still read-only, data intact. */
static void
fault_unshare_gives_exclusive_copy(struct kunit *test)
{
	struct mm_struct *mm = current->mm, *child;
	struct folio *before, *after;
	unsigned long reuse0;
	long a = map_anon(test, P);

	KUNIT_ASSERT_EQ(test, put_user_u64(0x99, (void *)a), 0);
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	before = folio_at(mm, a);
	KUNIT_EXPECT_EQ(test, unshare(mm, a), 0);
	after = folio_at(mm, a);
	KUNIT_ASSERT_NOT_NULL(test, after);
	KUNIT_EXPECT_NE(test, (long)after, (long)before);
	KUNIT_EXPECT_EQ(test, folio_mapcount(before), 1);
	KUNIT_EXPECT_EQ(test, folio_mapcount(after), 1);
	KUNIT_EXPECT_FALSE(test, pte_write(*walk_user_pte(mm, a)));
	KUNIT_EXPECT_EQ(test, peek(a), 0x99);
	/* Already exclusive: nothing changes; a write reuses the page. */
	KUNIT_EXPECT_EQ(test, unshare(mm, a), 0);
	KUNIT_EXPECT_EQ(test, (long)folio_at(mm, a), (long)after);
	reuse0 = global_vm_event(PGFAULT_WP_REUSE);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x9a, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_WP_REUSE) - reuse0, 1);
	mmput(child);
}

static void
fault_madvise_dontneed_zeroes(struct kunit *test)
{
	long a = map_anon(test, 2 * P);

	KUNIT_ASSERT_EQ(test, put_user_u64(0x77, (void *)a), 0);
	KUNIT_ASSERT_EQ(test, put_user_u64(0x88, (void *)(a + P)), 0);
	KUNIT_ASSERT_EQ(test, sys_madvise(a, P, MADV_DONTNEED, 0, 0, 0), 0);
	KUNIT_EXPECT_NULL(test, folio_at(current->mm, a));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&current->mm->rss), 1);
	KUNIT_EXPECT_EQ(test, peek(a), 0);
	KUNIT_EXPECT_EQ(test, peek(a + P), 0x88);
	KUNIT_EXPECT_EQ(test, sys_madvise(a + 1, P, MADV_DONTNEED, 0, 0, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sys_madvise(a, P, 1234, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sys_madvise(a, 3 * P, MADV_DONTNEED, 0, 0, 0),
			-ENOMEM);
}

static void
fault_mprotect_readonly_efault(struct kunit *test)
{
	long a = map_anon(test, P);

	KUNIT_ASSERT_EQ(test, put_user_u64(0x42, (void *)a), 0);
	KUNIT_ASSERT_EQ(test, sys_mprotect(a, P, PROT_READ, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x43, (void *)a), -EFAULT);
	KUNIT_EXPECT_EQ(test, peek(a), 0x42);
	/* PROT_NONE: no access, but the page survives. */
	KUNIT_ASSERT_EQ(test, sys_mprotect(a, P, PROT_NONE, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, peek(a), 0xdeadbeefUL);
	KUNIT_ASSERT_EQ(test, sys_mprotect(a, P, RW, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, peek(a), 0x42);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x44, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, peek(a), 0x44);
}

static void
fault_rmap_mapcount(struct kunit *test)
{
	long anon0 = global_node_page_state(NR_ANON_PAGES);
	struct mm_struct *child;
	struct folio *f;
	long a = map_anon(test, P);

	KUNIT_ASSERT_EQ(test, put_user_u64(1, (void *)a), 0);
	f = folio_at(current->mm, a);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, folio_mapcount(f), 1);
	KUNIT_EXPECT_TRUE(test, folio_test_anon(f));
	KUNIT_EXPECT_EQ(test, f->index, (unsigned long)a >> PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_ANON_PAGES) - anon0, 1);
	child = dup_mm(current->mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, folio_mapcount(f), 2);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 2);
	mmput(child);
	KUNIT_EXPECT_EQ(test, folio_mapcount(f), 1);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 1);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_ANON_PAGES) - anon0, 1);
}

/* Map, touch, fork, COW-write and tear down two address spaces. */
static void
leak_workload(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc(), *child;
	long a;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	kthread_use_mm(mm);
	a = vm_mmap(NULL, 0, 64 * P, RW, ANON, 0);
	KUNIT_ASSERT_GT(test, a, 0);
	for (int i = 0; i < 64; i++)
		put_user_u64(i, (void *)(a + i * P));
	vm_mmap(NULL, 0x40000000, P, RW, ANON | MAP_FIXED, 0);
	put_user_u64(1, (void *)0x40000000);
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	use_other_mm(child);
	for (int i = 0; i < 64; i += 2)
		put_user_u64(i, (void *)(a + i * P));
	kthread_unuse_mm(child);
	mmput(child);
	mmput(mm);
}

static void
fault_mmput_frees_everything(struct kunit *test)
{
	struct mm_struct *mine = current->mm;
	unsigned long free0;
	long pt0, anon0;

	kthread_unuse_mm(mine);
	leak_workload(test);	/* warm the slab caches */
	free0 = nr_free_pages();
	pt0 = global_node_page_state(NR_PAGETABLE);
	anon0 = global_node_page_state(NR_ANON_PAGES);
	leak_workload(test);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free0);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_PAGETABLE), pt0);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_ANON_PAGES), anon0);
	kthread_use_mm(mine);
}

/* ---- write-notify through a fake filesystem ---- */

static struct folio *wn_folio;
static int wn_mkwrite_calls;

static vm_fault_t
wn_fault(struct vm_fault *vmf)
{
	if (vmf->pgoff != 0)
		return VM_FAULT_SIGBUS;
	folio_get(wn_folio);
	vmf->page = &wn_folio->page;
	return 0;
}

static vm_fault_t
wn_page_mkwrite(struct vm_fault *vmf)
{
	wn_mkwrite_calls++;
	return 0;
}

static bool
wn_dirty_folio(struct address_space *m, struct folio *f)
{
	return !folio_test_set_dirty(f);
}

static int
wn_mmap(struct file *f, struct vm_area_struct *vma)
{
	static const struct vm_operations_struct ops = {
		.fault = wn_fault,
		.page_mkwrite = wn_page_mkwrite,
	};

	vma->vm_ops = &ops;
	return 0;
}

static const struct file_operations wn_fops = { .mmap = wn_mmap };
static const struct address_space_operations wn_aops = {
	.dirty_folio = wn_dirty_folio,
};
static struct address_space wn_mapping;
static struct file wn_file;

static void
wn_setup(struct kunit *test)
{
	memset(&wn_mapping, 0, sizeof(wn_mapping));
	mutex_init(&wn_mapping.i_mmap_lock, "wn i_mmap_lock");
	spin_lock_init(&wn_mapping.i_pages_lock, "wn i_pages_lock");
	INIT_LIST_HEAD(&wn_mapping.i_mmap);
	wn_mapping.a_ops = &wn_aops;
	memset(&wn_file, 0, sizeof(wn_file));
	atomic_long_set(&wn_file.f_count, 1);
	wn_file.f_mapping = &wn_mapping;
	wn_file.f_op = &wn_fops;
	wn_file.f_mode = FMODE_READ | FMODE_WRITE;
	wn_folio = folio_alloc(__GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, wn_folio);
	wn_folio->mapping = &wn_mapping;
	wn_folio->index = 0;
	folio_set_uptodate(wn_folio);
	wn_mkwrite_calls = 0;
}

/* What writeback does first: lock, write-protect the PTEs, clean. */
static int
wn_clean(void)
{
	int n;

	folio_lock(wn_folio);
	n = folio_mkclean(wn_folio);
	folio_clear_dirty(wn_folio);
	folio_unlock(wn_folio);
	return n;
}

static void
wn_check_pte(struct kunit *test, unsigned long a, bool writable)
{
	pte_t *pte = walk_user_pte(current->mm, a);

	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_EXPECT_EQ(test, pte_pfn(*pte), folio_pfn(wn_folio));
	KUNIT_EXPECT_EQ(test, pte_write(*pte), writable);
	KUNIT_EXPECT_EQ(test, pte_dirty(*pte), writable);
}

static void
wn_writes(struct kunit *test, long a)
{
	unsigned long mk0 = global_vm_event(PGFAULT_MKWRITE);

	/* A read maps the page read-only: no notification. */
	KUNIT_EXPECT_EQ(test, peek(a), 0);
	KUNIT_EXPECT_EQ(test, wn_mkwrite_calls, 0);
	wn_check_pte(test, a, false);
	/* First write: exactly one ->page_mkwrite, PTE writable+dirty. */
	KUNIT_EXPECT_EQ(test, put_user_u64(0x51, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x52, (void *)(a + 8)), 0);
	KUNIT_EXPECT_EQ(test, wn_mkwrite_calls, 1);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_MKWRITE) - mk0, 1);
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(wn_folio));
	KUNIT_EXPECT_EQ(test, *(u64 *)folio_address(wn_folio), 0x51);
	wn_check_pte(test, a, true);
	/* Cleaned: the next write notifies again, once. */
	KUNIT_EXPECT_EQ(test, wn_clean(), 1);
	KUNIT_EXPECT_EQ(test, wn_clean(), 0);
	wn_check_pte(test, a, false);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x53, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, put_user_u64(0x54, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, wn_mkwrite_calls, 2);
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(wn_folio));
	wn_check_pte(test, a, true);
}

static void
fault_write_notify_page_mkwrite(struct kunit *test)
{
	struct vm_area_struct *vma;
	long a;

	wn_setup(test);
	a = vm_mmap(&wn_file, 0, P, RW, MAP_SHARED, 0);
	KUNIT_ASSERT_GT(test, a, 0);
	vma = vma_lookup(current->mm, a);
	KUNIT_ASSERT_TRUE(test, vma_wants_writenotify(vma));
	wn_writes(test, a);
	/* A write to a not-present PTE notifies too (do_shared_fault). */
	zap_page_range(vma, a, P);
	KUNIT_EXPECT_EQ(test, folio_mapcount(wn_folio), 0);
	wn_clean();
	KUNIT_EXPECT_EQ(test, put_user_u64(0x55, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, wn_mkwrite_calls, 3);
	wn_check_pte(test, a, true);
	KUNIT_EXPECT_EQ(test, folio_mapcount(wn_folio), 1);
	/* Unmapping a dirty PTE hands its dirtiness to the folio. */
	folio_clear_dirty(wn_folio);
	KUNIT_EXPECT_EQ(test, vm_mmap(NULL, a, P, RW, ANON | MAP_FIXED, 0), a);
	KUNIT_EXPECT_TRUE(test, folio_test_dirty(wn_folio));
	KUNIT_EXPECT_EQ(test, folio_mapcount(wn_folio), 0);
	KUNIT_EXPECT_EQ(test, folio_ref_count(wn_folio), 1);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&wn_file.f_count), 1);
	wn_folio->mapping = NULL;
	folio_clear_dirty(wn_folio);
	folio_put(wn_folio);
}

static struct kunit_case fault_cases[] = {
	KUNIT_CASE(fault_anon_zero_fill),
	KUNIT_CASE(fault_outside_vma_efault),
	KUNIT_CASE(fault_cow_after_dup),
	KUNIT_CASE(fault_unshare_gives_exclusive_copy),
	KUNIT_CASE(fault_madvise_dontneed_zeroes),
	KUNIT_CASE(fault_mprotect_readonly_efault),
	KUNIT_CASE(fault_rmap_mapcount),
	KUNIT_CASE(fault_mmput_frees_everything),
	KUNIT_CASE(fault_write_notify_page_mkwrite),
	{}
};

static struct kunit_suite fault_suite = {
	.name = "fault",
	.init = fault_init,
	.exit = fault_exit,
	.test_cases = fault_cases,
};
kunit_test_suite(fault_suite);
