/*
 * KUnit suite "buddy": the page allocator (mm/page_alloc.c) and the
 * folio reference drop (mm/folio.c).
 *
 * The cases compare free block counts before and after, so they
 * assume nothing else allocates pages while they run (tests run from
 * the boot thread before user space exists). Pages a case holds are
 * chained through page->lru, which belongs to the owner of an
 * allocated page, so no case needs memory of its own to track them.
 */
#include <kunit.h>
#include <gfp.h>
#include <string.h>

extern unsigned long warn_count;	/* kernel/panic.c */

struct buddy_snap {
	unsigned long free;
	unsigned long blocks[MAX_ORDER];
};

static void
snap(struct buddy_snap *s)
{
	s->free = nr_free_pages();
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		s->blocks[o] = nr_free_blocks(o);
}

/* Expect the allocator to be in exactly the state @want recorded. */
static void
expect_snap(struct kunit *test, const struct buddy_snap *want)
{
	struct buddy_snap now;

	snap(&now);
	KUNIT_EXPECT_EQ(test, now.free, want->free);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		if (now.blocks[o] != want->blocks[o]) {
			KUNIT_EXPECT_EQ(test, now.blocks[o], want->blocks[o]);
			kunit_info(test, "block count differs at order %u", o);
		}
}

static void
free_page_list(struct list_head *l)
{
	struct page *p, *n;

	list_for_each_entry_safe(p, n, l, lru) {
		list_del(&p->lru);
		__free_page(p);
	}
}

/* Empty the order-0 free list so the next allocation must split. */
static void
drain_order0(struct list_head *held)
{
	while (nr_free_blocks(0) > 0) {
		struct page *p = alloc_page(GFP_KERNEL);

		if (!p)
			break;
		list_add(&p->lru, held);
	}
}

static unsigned int
lowest_free_order(void)
{
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++)
		if (nr_free_blocks(o))
			break;
	return o;
}

/*
 * An order-0 allocation from a block of order k must leave one new
 * block at each order below k; freeing it must merge them all back.
 */
static void
buddy_split_merge(struct kunit *test)
{
	struct buddy_snap start, drained, split;
	LIST_HEAD(held);
	struct page *p;
	unsigned int k;

	snap(&start);
	drain_order0(&held);
	snap(&drained);
	k = lowest_free_order();
	KUNIT_ASSERT_GT(test, k, 0);
	KUNIT_ASSERT_LT(test, k, MAX_ORDER);
	p = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	split = drained;
	split.free -= 1;
	split.blocks[k] -= 1;
	for (unsigned int o = 0; o < k; o++)
		split.blocks[o] += 1;
	expect_snap(test, &split);
	__free_page(p);
	expect_snap(test, &drained);
	free_page_list(&held);
	expect_snap(test, &start);
}

static void
buddy_every_order(struct kunit *test)
{
	struct buddy_snap start;

	snap(&start);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct page *p = alloc_pages(GFP_KERNEL, o);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, page_ref_count(p), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&p->_mapcount), -1);
		KUNIT_EXPECT_FALSE(test, PageBuddy(p));
		KUNIT_EXPECT_FALSE(test, PageReserved(p));
		KUNIT_EXPECT_NULL(test, p->mapping);
		KUNIT_EXPECT_EQ(test, nr_free_pages(), start.free - (1UL << o));
		__free_pages(p, o);
	}
	KUNIT_EXPECT_NULL(test, alloc_pages(__GFP_NOWARN, MAX_ORDER));
	expect_snap(test, &start);
}

/* Several blocks per order, all held at once, all naturally aligned. */
static void
buddy_alignment(struct kunit *test)
{
	struct buddy_snap start;

	snap(&start);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		LIST_HEAD(held);
		struct page *p, *n;

		for (int i = 0; i < 4; i++) {
			p = alloc_pages(GFP_KERNEL, o);
			KUNIT_ASSERT_NOT_NULL(test, p);
			KUNIT_EXPECT_EQ(test, page_to_pfn(p) % (1UL << o), 0);
			list_add(&p->lru, &held);
		}
		list_for_each_entry_safe(p, n, &held, lru) {
			list_del(&p->lru);
			__free_pages(p, o);
		}
	}
	expect_snap(test, &start);
}

/*
 * Take every free page one by one, then give them all back. Every page
 * must be a distinct, unreserved RAM page, and the allocator must end
 * exactly where it started.
 */
static void
buddy_exhaustion(struct kunit *test)
{
	struct buddy_snap start;
	unsigned long n = 0, bad = 0;
	LIST_HEAD(held);
	struct page *p;

	snap(&start);
	while ((p = alloc_page(__GFP_NOWARN)) != NULL) {
		if (PageReserved(p) || !pfn_valid(page_to_pfn(p)))
			bad++;
		list_add(&p->lru, &held);
		n++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, n, start.free);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), 0);
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		KUNIT_EXPECT_EQ(test, nr_free_blocks(o), 0);
	KUNIT_EXPECT_NULL(test, alloc_pages(__GFP_NOWARN, 0));
	free_page_list(&held);
	expect_snap(test, &start);
}

static void
fill(struct page *p, unsigned int order, u8 seed)
{
	u8 *b = page_address(p);

	for (unsigned long i = 0; i < (PAGE_SIZE << order); i++)
		b[i] = (u8)(seed + i * 7);
}

static bool
check_fill(struct page *p, unsigned int order, u8 seed)
{
	u8 *b = page_address(p);

	for (unsigned long i = 0; i < (PAGE_SIZE << order); i++)
		if (b[i] != (u8)(seed + i * 7))
			return false;
	return true;
}

/* A freed and reallocated block holds what is written to it. */
static void
buddy_reuse(struct kunit *test)
{
	unsigned long errors = page_poison_errors;
	struct page *p, *q;

	p = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, p);
	fill(p, 2, 1);
	KUNIT_EXPECT_TRUE(test, check_fill(p, 2, 1));
	__free_pages(p, 2);
	q = alloc_pages(GFP_KERNEL, 2);
	KUNIT_ASSERT_NOT_NULL(test, q);
	fill(q, 2, 99);
	KUNIT_EXPECT_TRUE(test, check_fill(q, 2, 99));
	__free_pages(q, 2);
	/* Untouched poison must not be reported. */
	KUNIT_EXPECT_EQ(test, page_poison_errors, errors);
}

/*
 * A second free must be refused and reported; the free lists must be
 * exactly as after the first free.
 */
static void
buddy_double_free(struct kunit *test)
{
	struct buddy_snap freed;
	unsigned long warns;

	for (unsigned int o = 0; o < 3; o++) {
		struct page *p = alloc_pages(GFP_KERNEL, o);

		KUNIT_ASSERT_NOT_NULL(test, p);
		__free_pages(p, o);
		snap(&freed);
		warns = warn_count;
		__free_pages(p, o);
		KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
		KUNIT_EXPECT_EQ(test, page_ref_count(p), 0);
		expect_snap(test, &freed);
	}
}

/* Zeroing must cover the whole block, over dirty (poisoned) memory. */
static void
buddy_gfp_zero(struct kunit *test)
{
	const unsigned int order = 3;
	struct page *p;
	u8 *b;
	unsigned long i;

	p = alloc_pages(GFP_KERNEL, order);
	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(page_address(p), 0xa5, PAGE_SIZE << order);
	__free_pages(p, order);
	p = alloc_pages(__GFP_ZERO, order);
	KUNIT_ASSERT_NOT_NULL(test, p);
	b = page_address(p);
	for (i = 0; i < (PAGE_SIZE << order); i++)
		if (b[i] != 0)
			break;
	KUNIT_EXPECT_EQ(test, i, PAGE_SIZE << order);
	__free_pages(p, order);
}

/* Freed pages are filled with 0x6b and flagged. */
static void
buddy_poison_fill(struct kunit *test)
{
	struct page *p = alloc_page(GFP_KERNEL);
	u8 *b;
	unsigned long i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	b = page_address(p);
	memset(b, 0, PAGE_SIZE);
	__free_page(p);
	KUNIT_EXPECT_TRUE(test, folio_test_poisoned(page_folio(p)));
	for (i = 0; i < PAGE_SIZE; i++)
		if (b[i] != 0x6b)
			break;
	KUNIT_EXPECT_EQ(test, i, PAGE_SIZE);
}

/*
 * Write into a freed page at @offset, then allocate until that page
 * comes back (the free lists are LIFO, so it does quickly). Exactly
 * one poison error must be counted.
 */
static void
poison_round(struct kunit *test, unsigned long offset)
{
	unsigned long errors = page_poison_errors;
	struct page *victim, *p = NULL;
	LIST_HEAD(held);
	int tries;

	victim = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, victim);
	__free_page(victim);
	((u8 *)page_address(victim))[offset] = 0;	/* use after free */
	for (tries = 0; tries < 4096; tries++) {
		p = alloc_page(GFP_KERNEL);
		if (!p || p == victim)
			break;
		list_add(&p->lru, &held);
	}
	free_page_list(&held);
	KUNIT_ASSERT_EQ(test, p, victim);
	KUNIT_EXPECT_EQ(test, page_poison_errors, errors + 1);
	KUNIT_EXPECT_FALSE(test, folio_test_poisoned(page_folio(p)));
	__free_page(p);
}

static void
buddy_poison_detects_uaf(struct kunit *test)
{
	poison_round(test, 0);
	poison_round(test, PAGE_SIZE - 1);
}

/* The last folio_put() frees; one too many is reported, not applied. */
static void
buddy_folio_put(struct kunit *test)
{
	struct buddy_snap start;
	struct folio *f;
	unsigned long warns;

	snap(&start);
	f = folio_alloc(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 1);
	folio_get(f);
	folio_ref_add(f, 2);
	folio_put_refs(f, 2);
	folio_put(f);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), start.free - 1);
	folio_put(f);
	expect_snap(test, &start);
	warns = warn_count;
	folio_put(f);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	KUNIT_EXPECT_EQ(test, folio_ref_count(f), 0);
	expect_snap(test, &start);
}

/* "Node 0, zone   Normal" then one count per order, as in Linux. */
static void
buddy_buddyinfo(struct kunit *test)
{
	char buf[256], want[32], *s;
	int n = buddyinfo_show(buf, sizeof(buf));

	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_EXPECT_EQ(test, (size_t)n, strlen(buf));
	KUNIT_EXPECT_EQ(test, strncmp(buf, "Node 0, zone   Normal ", 22), 0);
	s = buf + 22;
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		while (*s == ' ')
			s++;
		snprintf(want, sizeof(want), "%lu", nr_free_blocks(o));
		KUNIT_EXPECT_EQ(test, strncmp(s, want, strlen(want)), 0);
		s += strlen(want);
	}
	KUNIT_EXPECT_EQ(test, strcmp(s, " \n"), 0);
	/* Truncation stays within the buffer and NUL-terminated. */
	KUNIT_EXPECT_EQ(test, buddyinfo_show(buf, 10), 9);
	KUNIT_EXPECT_EQ(test, strlen(buf), 9);
}

static struct kunit_case buddy_cases[] = {
	KUNIT_CASE(buddy_split_merge),
	KUNIT_CASE(buddy_every_order),
	KUNIT_CASE(buddy_alignment),
	KUNIT_CASE_SLOW(buddy_exhaustion, 300),
	KUNIT_CASE(buddy_reuse),
	KUNIT_CASE(buddy_double_free),
	KUNIT_CASE(buddy_gfp_zero),
	KUNIT_CASE(buddy_poison_fill),
	KUNIT_CASE(buddy_poison_detects_uaf),
	KUNIT_CASE(buddy_folio_put),
	KUNIT_CASE(buddy_buddyinfo),
	{}
};

static struct kunit_suite buddy_suite = {
	.name = "buddy",
	.test_cases = buddy_cases,
};
kunit_test_suite(buddy_suite);
