/*
 * Suite "gup": pin_user_pages*() and get_user_pages*() on the mapping
 * types available in the kernel suites (anonymous, shmem, private
 * file), the fast path's fallback and PTE re-check, COW breaking for
 * private write pins, and the pin policies' slow-path decisions on a
 * VMA that needs dirty tracking. Each case runs on its own mm
 * (kthread_use_mm). The ext2 cases of the rule, where the fast path
 * must fall back because the folio belongs to a real file, are in the
 * user-space long-term pin matrix.
 */
#include <kunit.h>
#include <errno.h>
#include <fs.h>
#include <gup.h>
#include <mman.h>
#include <pin_policy.h>
#include <sched.h>
#include <uaccess.h>
#include <vmstat.h>

#define P PAGE_SIZE
#define RW (PROT_READ | PROT_WRITE)
#define LT_WRITE (FOLL_WRITE | FOLL_LONGTERM)

extern void (*gup_fast_race_hook)(pte_t *ptep);

static const struct pin_policy *saved_policy;

static int
gup_init(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	if (mm == NULL)
		return -ENOMEM;
	kthread_use_mm(mm);
	test->priv = mm;
	saved_policy = pin_policy_get();
	return 0;
}

static void
gup_exit(struct kunit *test)
{
	gup_fast_race_hook = NULL;
	WRITE_ONCE(active_pin_policy, saved_policy);
	kthread_unuse_mm(current->mm);
	mmput(test->priv);
}

static unsigned long
map(struct kunit *test, struct file *f, unsigned long len, int flags)
{
	long a = vm_mmap(f, 0, len, RW, flags, 0);

	KUNIT_ASSERT_GT(test, a, 0);
	return a;
}

static void
touch(struct kunit *test, unsigned long a, unsigned long len)
{
	for (unsigned long o = 0; o < len; o += P)
		KUNIT_ASSERT_EQ(test, put_user_u64(o, (void *)(a + o)), 0);
}

static void
gup_flag_validation(struct kunit *test)
{
	struct page *pages[1];
	unsigned long a = map(test, NULL, P, MAP_PRIVATE | MAP_ANONYMOUS);

	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(a, 1, FOLL_GET, pages),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, get_user_pages_fast(a, 1, FOLL_LONGTERM, pages),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(a, 1, FOLL_PIN, pages),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(a, 1, FOLL_WRITE, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(a + 1, 1, 0, pages), -EFAULT);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(TASK_SIZE, 1, 0, pages),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(0x1000, 1, 0, pages),
			-EFAULT);
}

static void
gup_pin_counts_and_bias(struct kunit *test)
{
	struct page *pages[4];
	unsigned long a = map(test, NULL, 4 * P, MAP_PRIVATE | MAP_ANONYMOUS);
	long got0 = global_vm_event(NR_FOLL_PIN_ACQUIRED);
	unsigned long fast0 = global_vm_event(GUP_FAST_PINNED);
	int ref0;

	touch(test, a, 4 * P);
	ref0 = page_ref_count(pfn_to_page(pte_pfn(*walk_user_pte(current->mm,
								    a))));
	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 4, LT_WRITE, pages), 4);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_FAST_PINNED) - fast0, 4);
	KUNIT_EXPECT_EQ(test, global_vm_event(NR_FOLL_PIN_ACQUIRED) -
			got0, 4);
	KUNIT_EXPECT_EQ(test, page_ref_count(pages[0]),
			ref0 + GUP_PIN_COUNTING_BIAS);
	KUNIT_EXPECT_TRUE(test, folio_maybe_dma_pinned(page_folio(pages[3])));
	unpin_user_pages(pages, 4);
	KUNIT_EXPECT_EQ(test, page_ref_count(pages[0]), ref0);
	KUNIT_EXPECT_FALSE(test, folio_maybe_dma_pinned(page_folio(pages[3])));
}

static void
gup_get_is_not_a_pin(struct kunit *test)
{
	struct page *page;
	unsigned long a = map(test, NULL, P, MAP_PRIVATE | MAP_ANONYMOUS);
	long got0 = global_vm_event(NR_FOLL_PIN_ACQUIRED);

	touch(test, a, P);
	KUNIT_ASSERT_EQ(test, get_user_pages_fast(a, 1, FOLL_WRITE, &page), 1);
	KUNIT_EXPECT_FALSE(test, folio_maybe_dma_pinned(page_folio(page)));
	KUNIT_EXPECT_EQ(test, global_vm_event(NR_FOLL_PIN_ACQUIRED),
			got0);
	put_page(page);
}

/* Not yet faulted in: the fast path takes nothing, the slow path faults. */
static void
gup_fast_falls_back_to_fault(struct kunit *test)
{
	struct page *pages[3];
	unsigned long a = map(test, NULL, 3 * P, MAP_PRIVATE | MAP_ANONYMOUS);
	unsigned long slow0 = global_vm_event(GUP_SLOW_PINNED);

	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 3, LT_WRITE, pages), 3);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_SLOW_PINNED) - slow0, 3);
	KUNIT_EXPECT_TRUE(test, folio_test_anon(page_folio(pages[0])));
	unpin_user_pages(pages, 3);
	/* FOLL_NOFAULT on an unpopulated page: nothing to take. */
	a = map(test, NULL, P, MAP_PRIVATE | MAP_ANONYMOUS);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(a, 1, FOLL_NOFAULT, pages),
			-EFAULT);
}

static void
touch_accessed_bit(pte_t *ptep)
{
	WRITE_ONCE(ptep->pte, ptep->pte ^ _PAGE_ACCESSED);
}

/* Step 3: a PTE that changes after the speculative reference is refused. */
static void
gup_fast_pte_changed_recheck(struct kunit *test)
{
	struct page *page;
	unsigned long a = map(test, NULL, P, MAP_PRIVATE | MAP_ANONYMOUS);
	unsigned long fast0, slow0;
	int ref0;

	touch(test, a, P);
	ref0 = page_ref_count(pfn_to_page(pte_pfn(*walk_user_pte(current->mm,
								    a))));
	fast0 = global_vm_event(GUP_FAST_PINNED);
	slow0 = global_vm_event(GUP_SLOW_PINNED);
	gup_fast_race_hook = touch_accessed_bit;
	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 1, LT_WRITE, &page), 1);
	gup_fast_race_hook = NULL;
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_FAST_PINNED), fast0);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_SLOW_PINNED) - slow0, 1);
	/* The fast path dropped its speculative reference: exactly one pin. */
	KUNIT_EXPECT_EQ(test, page_ref_count(page),
			ref0 + GUP_PIN_COUNTING_BIAS);
	unpin_user_page(page);
}

/* A folio with no mapping (truncated) cannot be judged without the VMA. */
static void
gup_fast_null_mapping_falls_back(struct kunit *test)
{
	struct file *f = shmem_file_setup("gup", P, 0);
	unsigned long a, fb0, slow0;
	struct address_space *saved;
	struct folio *folio;
	struct page *page;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	a = map(test, f, P, MAP_SHARED);
	touch(test, a, P);
	folio = page_folio(pfn_to_page(pte_pfn(*walk_user_pte(current->mm,
								a))));
	KUNIT_EXPECT_TRUE(test, folio_fast_pin_whitelisted(folio));
	saved = folio->mapping;
	WRITE_ONCE(folio->mapping, NULL);
	fb0 = global_vm_event(GUP_FAST_FALLBACK);
	slow0 = global_vm_event(GUP_SLOW_PINNED);
	KUNIT_EXPECT_EQ(test, pin_user_pages_fast(a, 1, LT_WRITE, &page), 1);
	WRITE_ONCE(folio->mapping, saved);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_FAST_FALLBACK) - fb0, 1);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_SLOW_PINNED) - slow0, 1);
	unpin_user_page(page);
	fput(f);
}

/* FOLL_WRITE on a private file mapping pins the process's own copy. */
static void
gup_private_write_pin_breaks_cow(struct kunit *test)
{
	struct file *f = shmem_file_setup("gup-cow", P, 0);
	struct folio *cache;
	struct page *page;
	unsigned long a;
	u64 v;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	a = map(test, f, P, MAP_PRIVATE);
	KUNIT_ASSERT_EQ(test, get_user_u64(&v, (void *)a), 0);
	cache = page_folio(pfn_to_page(pte_pfn(*walk_user_pte(current->mm,
								a))));
	KUNIT_EXPECT_FALSE(test, folio_test_anon(cache));
	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 1, LT_WRITE, &page), 1);
	KUNIT_EXPECT_TRUE(test, folio_test_anon(page_folio(page)));
	KUNIT_EXPECT_NE(test, (long)page_folio(page), (long)cache);
	/* A device write through the pin does not reach the file. */
	*(u64 *)page_address(page) = 0xabcdef;
	KUNIT_EXPECT_EQ(test, *(u64 *)folio_address(cache), 0);
	KUNIT_EXPECT_EQ(test, get_user_u64(&v, (void *)a), 0);
	KUNIT_EXPECT_EQ(test, v, 0xabcdef);
	unpin_user_pages_dirty_lock(&page, 1, true);
	fput(f);
}

/* shmem never needs dirty tracking: pinned in the fast path, any policy. */
static void
gup_shmem_shared_pins_fast(struct kunit *test)
{
	struct file *f = shmem_file_setup("gup-shm", 2 * P, 0);
	unsigned long a, fast0;
	struct page *pages[2];

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	a = map(test, f, 2 * P, MAP_SHARED);
	touch(test, a, 2 * P);
	fast0 = global_vm_event(GUP_FAST_PINNED);
	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 2, LT_WRITE, pages), 2);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_FAST_PINNED) - fast0, 2);
	KUNIT_EXPECT_FALSE(test, folio_test_anon(page_folio(pages[0])));
	unpin_user_pages(pages, 2);
	fput(f);
}

/*
 * A shared writable VMA whose vm_ops have ->page_mkwrite needs dirty
 * tracking (vma_needs_dirty_tracking). Here a shmem file stands in for
 * a writeback filesystem by getting the page_mkwrite-bearing vm_ops;
 * the slow path's decision is what is under test.
 */
static unsigned long
map_dirty_tracked(struct kunit *test, struct file **fp)
{
	struct file *f = shmem_file_setup("gup-dt", P, 0);
	struct vm_area_struct *vma;
	unsigned long a;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	a = map(test, f, P, MAP_SHARED);
	vma = vma_lookup(current->mm, a);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	vma->vm_ops = &generic_file_vm_ops;
	KUNIT_ASSERT_TRUE(test, vma_needs_dirty_tracking(vma));
	*fp = f;
	return a;
}

static long
slow_pin(unsigned long a, unsigned int flags, struct page **page)
{
	return pin_user_pages_unlocked(a, 1, page, flags);
}

static void
gup_policy_slow_path_decisions(struct kunit *test)
{
	struct page *page;
	struct file *f;
	unsigned long a = map_dirty_tracked(test, &f);
	unsigned long refused0 = global_vm_event(GUP_REFUSED);

	KUNIT_ASSERT_EQ(test, pin_policy_set("linux"), 0);
	KUNIT_EXPECT_EQ(test, slow_pin(a, LT_WRITE, &page), -EFAULT);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_REFUSED) - refused0, 1);
	KUNIT_ASSERT_EQ(test, slow_pin(a, FOLL_LONGTERM, &page), 1);
	unpin_user_page(page);
	KUNIT_ASSERT_EQ(test, slow_pin(a, FOLL_WRITE, &page), 1);
	unpin_user_page(page);

	KUNIT_ASSERT_EQ(test, pin_policy_set("no-file-write"), 0);
	KUNIT_EXPECT_EQ(test, slow_pin(a, FOLL_WRITE, &page), -EFAULT);
	KUNIT_EXPECT_EQ(test, slow_pin(a, LT_WRITE, &page), -EFAULT);

	KUNIT_ASSERT_EQ(test, pin_policy_set("linux-exempt"), 0);
	KUNIT_EXPECT_EQ(test, slow_pin(a, LT_WRITE, &page), -EFAULT);
	KUNIT_ASSERT_EQ(test, slow_pin(a, LT_WRITE | FOLL_PINOS_EXEMPT, &page),
			1);
	unpin_user_page(page);

	KUNIT_ASSERT_EQ(test, pin_policy_set("legacy"), 0);
	KUNIT_ASSERT_EQ(test, slow_pin(a, LT_WRITE, &page), 1);
	unpin_user_page(page);
	fput(f);
}

/* Pins taken under one policy stay valid and are released under another. */
static void
gup_policy_switch_while_pinned(struct kunit *test)
{
	struct page *page;
	struct file *f;
	unsigned long a = map_dirty_tracked(test, &f);
	long got0 = global_vm_event(NR_FOLL_PIN_ACQUIRED);
	long put0 = global_vm_event(NR_FOLL_PIN_RELEASED);
	char list[128];

	KUNIT_ASSERT_EQ(test, pin_policy_set("legacy"), 0);
	KUNIT_ASSERT_EQ(test, slow_pin(a, LT_WRITE, &page), 1);
	KUNIT_ASSERT_EQ(test, pin_policy_set("linux"), 0);
	pin_policy_list(list, sizeof(list));
	KUNIT_EXPECT_NOT_NULL(test, strstr(list, "[linux]"));
	KUNIT_EXPECT_TRUE(test, folio_maybe_dma_pinned(page_folio(page)));
	KUNIT_EXPECT_EQ(test, slow_pin(a, LT_WRITE, &page + 0) == -EFAULT, 1);
	unpin_user_page(page);
	KUNIT_EXPECT_EQ(test, global_vm_event(NR_FOLL_PIN_ACQUIRED) -
			got0, 1);
	KUNIT_EXPECT_EQ(test, global_vm_event(NR_FOLL_PIN_RELEASED) -
			put0, 1);
	KUNIT_EXPECT_EQ(test, pin_policy_set("no-such-policy"), -EINVAL);
	fput(f);
}

static struct kunit_case gup_cases[] = {
	KUNIT_CASE(gup_flag_validation),
	KUNIT_CASE(gup_pin_counts_and_bias),
	KUNIT_CASE(gup_get_is_not_a_pin),
	KUNIT_CASE(gup_fast_falls_back_to_fault),
	KUNIT_CASE(gup_fast_pte_changed_recheck),
	KUNIT_CASE(gup_fast_null_mapping_falls_back),
	KUNIT_CASE(gup_private_write_pin_breaks_cow),
	KUNIT_CASE(gup_shmem_shared_pins_fast),
	KUNIT_CASE(gup_policy_slow_path_decisions),
	KUNIT_CASE(gup_policy_switch_while_pinned),
	{}
};

static struct kunit_suite gup_suite = {
	.name = "gup",
	.init = gup_init,
	.exit = gup_exit,
	.test_cases = gup_cases,
};
kunit_test_suite(gup_suite);
