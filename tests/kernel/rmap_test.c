/*
 * Suite "rmap": folio_mkclean() through the file reverse map with
 * several mappings of one folio -- two VMAs in one mm and one in
 * another -- on an ext2 file (a writeback filesystem, so every VMA
 * wants write notification). After mkclean every PTE is read-only and
 * clean, and the next store through each mapping calls ->page_mkwrite
 * again. Skipped when / is not ext2.
 */
#include <kunit.h>
#include <errno.h>
#include <fs.h>
#include <mman.h>
#include <sched.h>
#include <uaccess.h>
#include <vmstat.h>
#include <uapi/fcntl.h>

#define RW (PROT_READ | PROT_WRITE)

int do_unlinkat(int dfd, const char *name);

struct view {
	struct mm_struct *mm;
	unsigned long addr;
};

static struct file *
rmap_file(struct kunit *test)
{
	static const char page[PAGE_SIZE];
	struct file *f = filp_open("/rmap_test.tmp", O_RDWR | O_CREAT | O_TRUNC,
				   0644);
	loff_t pos = 0;

	if (IS_ERR(f))
		kunit_skip(test, "cannot create /rmap_test.tmp");
	if (f->f_inode->i_sb->s_magic != 0xEF53) {
		filp_close(f);
		kunit_skip(test, "/ is not ext2");
	}
	KUNIT_ASSERT_EQ(test, kernel_write(f, page, PAGE_SIZE, &pos),
			PAGE_SIZE);
	return f;
}

/* Map the file's page in @mm and store through it (from @mm). */
static void
map_and_store(struct kunit *test, struct view *v, struct file *f, u64 val)
{
	kthread_use_mm(v->mm);
	v->addr = vm_mmap(f, 0, PAGE_SIZE, RW, MAP_SHARED, 0);
	KUNIT_EXPECT_GT(test, (long)v->addr, 0);
	KUNIT_EXPECT_EQ(test, put_user_u64(val, (void *)v->addr), 0);
	kthread_unuse_mm(v->mm);
}

static pte_t
view_pte(struct view *v)
{
	pte_t *p, pte = __pte(0);

	spin_lock(&v->mm->page_table_lock);
	p = walk_user_pte(v->mm, v->addr);
	if (p)
		pte = *p;
	spin_unlock(&v->mm->page_table_lock);
	return pte;
}

static void
store(struct kunit *test, struct view *v, u64 val)
{
	kthread_use_mm(v->mm);
	KUNIT_EXPECT_EQ(test, put_user_u64(val, (void *)v->addr), 0);
	kthread_unuse_mm(v->mm);
}

static void
rmap_mkclean_several_mappings(struct kunit *test)
{
	struct file *f = rmap_file(test);
	struct mm_struct *a = mm_alloc(), *b = mm_alloc();
	struct view v[3] = { { a, 0 }, { a, 0 }, { b, 0 } };
	struct folio *folio;
	unsigned long mk0;

	KUNIT_ASSERT_TRUE(test, a && b);
	for (int i = 0; i < 3; i++)
		map_and_store(test, &v[i], f, 0x100 + i);
	KUNIT_EXPECT_NE(test, v[0].addr, v[1].addr);
	folio = page_folio(pfn_to_page(pte_pfn(view_pte(&v[0]))));
	KUNIT_EXPECT_EQ(test, folio_mapcount(folio), 3);
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, pte_write(view_pte(&v[i])));
	folio_lock(folio);
	KUNIT_EXPECT_EQ(test, folio_mkclean(folio), 3);
	KUNIT_EXPECT_EQ(test, folio_mkclean(folio), 0);
	folio_unlock(folio);
	for (int i = 0; i < 3; i++) {
		pte_t pte = view_pte(&v[i]);

		KUNIT_EXPECT_TRUE(test, pte_present(pte));
		KUNIT_EXPECT_FALSE(test, pte_write(pte));
		KUNIT_EXPECT_FALSE(test, pte_dirty(pte));
	}
	mk0 = global_vm_event(PGFAULT_MKWRITE);
	for (int i = 0; i < 3; i++)
		store(test, &v[i], 0x200 + i);
	KUNIT_EXPECT_EQ(test, global_vm_event(PGFAULT_MKWRITE) - mk0, 3);
	KUNIT_EXPECT_EQ(test, *(u64 *)folio_address(folio), 0x202);
	mmput(a);
	mmput(b);
	filp_close(f);
	do_unlinkat(-100, "/rmap_test.tmp");
}

static struct kunit_case rmap_cases[] = {
	KUNIT_CASE(rmap_mkclean_several_mappings),
	{}
};

static struct kunit_suite rmap_suite = {
	.name = "rmap",
	.test_cases = rmap_cases,
};
kunit_test_suite(rmap_suite);
