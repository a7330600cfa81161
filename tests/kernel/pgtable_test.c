/*
 * Suite "pgtable": map, walk and unmap in a private page-table tree
 * (never the live one), including 2 MiB large pages, then the same
 * through the live kernel tables with a real access via the new
 * mapping.
 */
#include <kunit.h>
#include <pgtable.h>

#define TEST_VA 0x0000100000000000UL	/* somewhere in the lower half */

static pgd_t *
new_tree(struct kunit *test)
{
	pgd_t *pgd = pgtable_alloc_page();

	KUNIT_ASSERT_NOT_NULL(test, pgd);
	return pgd;
}

/* Free every table of a tree that maps only the lower half. */
static void
free_tree(pgd_t *pgd)
{
	for (int i = 0; i < 256; i++) {
		if (!pgd_present(pgd[i]))
			continue;
		pud_t *pud = pgd_table(pgd[i]);

		for (int j = 0; j < 512; j++) {
			if (!pud_present(pud[j]) || pud_large(pud[j]))
				continue;
			pmd_t *pmd = pud_table(pud[j]);

			for (int k = 0; k < 512; k++)
				if (pmd_present(pmd[k]) && !pmd_large(pmd[k]))
					pgtable_free_page(pmd_table(pmd[k]));
			pgtable_free_page(pmd);
		}
		pgtable_free_page(pud);
	}
	pgtable_free_page(pgd);
}

static void
pgtable_map_walk_unmap(struct kunit *test)
{
	pgd_t *pgd = new_tree(test);
	int level;
	u64 *e;

	KUNIT_ASSERT_EQ(test, map_range(pgd, TEST_VA, 0x5000, 3 * PAGE_SIZE,
					PAGE_KERNEL, false), 0);
	for (int i = 0; i < 3; i++) {
		e = lookup_address(pgd, TEST_VA + i * PAGE_SIZE, &level);
		KUNIT_ASSERT_NOT_NULL(test, e);
		KUNIT_EXPECT_EQ(test, level, 1);
		KUNIT_EXPECT_EQ(test, *e & PTE_PFN_MASK, 0x5000 + i * PAGE_SIZE);
	}
	KUNIT_EXPECT_NULL(test, lookup_address(pgd, TEST_VA + 3 * PAGE_SIZE,
					       &level));
	unmap_range(pgd, TEST_VA + PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, lookup_address(pgd, TEST_VA + PAGE_SIZE,
					       &level));
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(pgd, TEST_VA, &level));
	KUNIT_EXPECT_NOT_NULL(test, lookup_address(pgd, TEST_VA + 2 * PAGE_SIZE,
						   &level));
	free_tree(pgd);
}

static void
pgtable_large_pages(struct kunit *test)
{
	pgd_t *pgd = new_tree(test);
	int level;
	u64 *e;

	/* 2 MiB-aligned and 4 MiB long: two large pages, no pte tables. */
	KUNIT_ASSERT_EQ(test, map_range(pgd, TEST_VA, 0x400000, 2 * PMD_SIZE,
					PAGE_KERNEL, true), 0);
	e = lookup_address(pgd, TEST_VA + PMD_SIZE + 0x1234, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, level, 2);
	KUNIT_EXPECT_TRUE(test, *e & _PAGE_PSE);
	KUNIT_EXPECT_EQ(test, *e & PTE_PFN_MASK, 0x600000);
	KUNIT_EXPECT_NULL(test, pte_offset_alloc(pgd, TEST_VA, false));
	/* Unaligned: falls back to 4 KiB pages. */
	KUNIT_ASSERT_EQ(test, map_range(pgd, TEST_VA + 0x40000000 + PAGE_SIZE,
					0x401000, PMD_SIZE, PAGE_KERNEL, true),
			0);
	e = lookup_address(pgd, TEST_VA + 0x40000000 + PAGE_SIZE, &level);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, level, 1);
	free_tree(pgd);
}

static void
pgtable_live_mapping(struct kunit *test)
{
	struct page *p = alloc_page(__GFP_ZERO);
	unsigned long va = (VMALLOC_END & PAGE_MASK) - 16 * PAGE_SIZE;
	volatile u64 *alias;
	u64 *direct;

	KUNIT_ASSERT_NOT_NULL(test, p);
	direct = page_address(p);
	KUNIT_ASSERT_EQ(test, map_range(init_pgd, va, page_to_phys(p),
					PAGE_SIZE, PAGE_KERNEL, false), 0);
	alias = (volatile u64 *)va;
	alias[7] = 0x1122334455667788UL;
	KUNIT_EXPECT_EQ(test, direct[7], 0x1122334455667788UL);
	unmap_range(init_pgd, va, PAGE_SIZE);
	flush_tlb_local_page(va);
	KUNIT_EXPECT_NULL(test, pte_offset_alloc(init_pgd, va, false) &&
					pte_present(*pte_offset_alloc(init_pgd, va,
								      false)) ?
				    (void *)1 : NULL);
	__free_page(p);
}

static struct kunit_case pgtable_cases[] = {
	KUNIT_CASE(pgtable_map_walk_unmap),
	KUNIT_CASE(pgtable_large_pages),
	KUNIT_CASE(pgtable_live_mapping),
	{}
};

static struct kunit_suite pgtable_suite = {
	.name = "pgtable",
	.test_cases = pgtable_cases,
};
kunit_test_suite(pgtable_suite);
