/*
 * KUnit suite "slab": kmalloc and object caches (mm/slab.c).
 *
 * Page counts are compared before and after, so the cases assume no
 * other allocation runs concurrently (tests run from the boot thread).
 * Where a case needs reuse of a particular object it relies on the
 * freelist being LIFO, which mm/slab.c documents.
 */
#include <kunit.h>
#include <slab.h>
#include <string.h>

extern unsigned long warn_count;	/* kernel/panic.c */

#define NR_OBJS 24

static void
fill_obj(void *p, size_t n, u8 seed)
{
	u8 *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (u8)(seed ^ i);
}

static bool
check_obj(const void *p, size_t n, u8 seed)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (u8)(seed ^ i))
			return false;
	return true;
}

static bool
all_bytes(const void *p, size_t n, u8 v)
{
	const u8 *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

/*
 * NR_OBJS objects of one request size: non-NULL, naturally aligned to
 * the size class, ksize() the class, and no two overlapping (each
 * keeps its own pattern while all the others are written).
 */
static void
kmalloc_class(struct kunit *test, size_t req, size_t class)
{
	void *objs[NR_OBJS];
	int i, j;

	for (i = 0; i < NR_OBJS; i++) {
		objs[i] = kmalloc(req, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)objs[i] % class, 0);
		KUNIT_EXPECT_EQ(test, ksize(objs[i]), class);
		fill_obj(objs[i], class, (u8)i);
	}
	for (i = 0; i < NR_OBJS; i++) {
		KUNIT_EXPECT_TRUE(test, check_obj(objs[i], class, (u8)i));
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, objs[i], objs[j]);
	}
	for (i = 0; i < NR_OBJS; i++)
		kfree(objs[i]);
}

static void
slab_kmalloc_classes(struct kunit *test)
{
	size_t class;

	for (class = KMALLOC_MIN_SIZE; class <= KMALLOC_MAX_CACHE_SIZE;
	     class *= 2) {
		kmalloc_class(test, class, class);
		kmalloc_class(test, class / 2 + 1, class);
	}
	kmalloc_class(test, 1, KMALLOC_MIN_SIZE);
}

static void
slab_reuse(struct kunit *test)
{
	void *a, *p, *q;

	a = kmalloc(64, GFP_KERNEL);
	p = kmalloc(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, p);
	kfree(p);
	q = kmalloc(64, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, q, p);
	fill_obj(q, 64, 3);
	KUNIT_EXPECT_TRUE(test, check_obj(q, 64, 3));
	kfree(q);
	kfree(a);
}

/* Beyond KMALLOC_MAX_CACHE_SIZE: whole pages, ksize the block size. */
static void
slab_large_kmalloc(struct kunit *test)
{
	static const size_t sizes[][2] = {
		{ 2049, 4096 }, { 4096, 4096 }, { 5000, 8192 },
		{ 65536, 65536 }, { 65537, 131072 },
	};
	unsigned long start = nr_free_pages();

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *p = kmalloc(sizes[i][0], GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, (unsigned long)p % PAGE_SIZE, 0);
		KUNIT_EXPECT_EQ(test, ksize(p), sizes[i][1]);
		KUNIT_EXPECT_EQ(test, nr_free_pages(),
				start - sizes[i][1] / PAGE_SIZE);
		fill_obj(p, sizes[i][1], 5);
		KUNIT_EXPECT_TRUE(test, check_obj(p, sizes[i][1], 5));
		kfree(p);
		KUNIT_EXPECT_EQ(test, nr_free_pages(), start);
	}
}

static void
slab_cache_lifecycle(struct kunit *test)
{
	struct kmem_cache *c = kmem_cache_create("test_100", 100, 64);
	void *objs[NR_OBJS];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	for (i = 0; i < NR_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)objs[i] % 64, 0);
		KUNIT_EXPECT_EQ(test, ksize(objs[i]), 100);
		fill_obj(objs[i], 100, (u8)i);
	}
	for (i = 0; i < NR_OBJS; i++) {
		KUNIT_EXPECT_TRUE(test, check_obj(objs[i], 100, (u8)i));
		kmem_cache_free(c, objs[i]);
	}
	objs[0] = kmem_cache_zalloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs[0]);
	KUNIT_EXPECT_TRUE(test, all_bytes(objs[0], 100, 0));
	kmem_cache_free(c, objs[0]);
	kmem_cache_destroy(c);
}

/* Pointers stored in an order-1 page: more than fit on the stack. */
#define MANY 1000

/*
 * Many objects over many slabs, all distinct; once all are freed, no
 * more than one spare slab may stay with the cache, and destroying the
 * cache gives that back too.
 */
static void
slab_many_objects(struct kunit *test)
{
	struct kmem_cache *c = kmem_cache_create("test_256", 256, 0);
	unsigned long start = nr_free_pages();
	void **objs = (void **)__get_free_pages(GFP_KERNEL, 1);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < MANY; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		*(int *)objs[i] = i;
	}
	/* 16 per 4 KiB slab: at least MANY / 16 pages are in use. */
	KUNIT_EXPECT_LE(test, nr_free_pages(), start - 2 - MANY / 16);
	for (i = 0; i < MANY; i++)
		if (*(int *)objs[i] != i)
			break;
	KUNIT_EXPECT_EQ(test, i, MANY);
	for (i = 0; i < MANY; i++)
		kmem_cache_free(c, objs[i]);
	free_pages((unsigned long)objs, 1);
	KUNIT_EXPECT_GE(test, nr_free_pages() + 1, start);
	kmem_cache_destroy(c);
	KUNIT_EXPECT_GE(test, nr_free_pages(), start);
}

/* The same through kmalloc: empty kmalloc-512 slabs go back too. */
static void
slab_empty_slabs_returned(struct kunit *test)
{
	void **objs = (void **)__get_free_pages(GFP_KERNEL, 1);
	unsigned long start = nr_free_pages();
	int i;

	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < MANY; i++) {
		objs[i] = kmalloc(512, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
	}
	/* 8 per slab; one slab may have been the cache's old spare. */
	KUNIT_EXPECT_LE(test, nr_free_pages(), start - (MANY / 8 - 1));
	for (i = 0; i < MANY; i++)
		kfree(objs[i]);
	/* kmalloc-512 may keep one order-0 spare it did not have before. */
	KUNIT_EXPECT_LE(test, start - nr_free_pages(), 1);
	free_pages((unsigned long)objs, 1);
}

static void
slab_kzalloc(struct kunit *test)
{
	static const size_t sizes[] = { 24, 128, 2048, 3000, 20000 };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		u8 *p = kmalloc(n, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		memset(p, 0xff, n);
		kfree(p);
		p = kzalloc(n, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE(test, all_bytes(p, n, 0));
		kfree(p);
	}
	{
		u32 *v = kcalloc(100, sizeof(u32), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, v);
		KUNIT_EXPECT_TRUE(test, all_bytes(v, 100 * sizeof(u32), 0));
		kfree(v);
	}
}

/* A freed object is filled with the poison byte, past the link word. */
static void
slab_poison_fill(struct kunit *test)
{
	u8 *a = kmalloc(128, GFP_KERNEL);
	u8 *p = kmalloc(128, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0, 128);
	kfree(p);
	KUNIT_EXPECT_TRUE(test, all_bytes(p + sizeof(void *),
					  128 - sizeof(void *), 0x6b));
	kfree(a);
}

/* Write into a freed object; the next allocation of it reports it. */
static void
slab_poison_detects_uaf(struct kunit *test)
{
	unsigned long errors = slab_poison_errors;
	u8 *a, *p, *q;

	a = kmalloc(128, GFP_KERNEL);
	p = kmalloc(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, p);
	kfree(p);
	p[100] = 0x42;		/* use after free */
	q = kmalloc(128, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, q, p);
	KUNIT_EXPECT_EQ(test, slab_poison_errors, errors + 1);
	/* Untouched poison: no report. */
	kfree(q);
	q = kmalloc(128, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, slab_poison_errors, errors + 1);
	kfree(q);
	kfree(a);
}

/*
 * Overwrite the freelist word of a free object: the allocator must
 * notice instead of handing out the garbage address, and keep
 * working.
 */
static void
slab_freelist_corruption(struct kunit *test)
{
	struct kmem_cache *c = kmem_cache_create("test_corrupt", 64, 0);
	unsigned long errors = slab_poison_errors;
	void *a, *p, *objs[NR_OBJS];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	kmem_cache_free(c, p);
	*(unsigned long *)p = 0xdead000000000000UL;
	for (i = 0; i < NR_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_NE(test, (unsigned long)objs[i],
				0xdead000000000000UL);
		memset(objs[i], 0, 64);
	}
	KUNIT_EXPECT_EQ(test, objs[0], p);
	KUNIT_EXPECT_EQ(test, slab_poison_errors, errors + 1);
	for (i = 0; i < NR_OBJS; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_free(c, a);
	kmem_cache_destroy(c);
}

/* Bad frees are reported and leave the allocator intact. */
static void
slab_bad_free(struct kunit *test)
{
	static int not_heap;
	unsigned long warns;
	u8 *p, *q, *r;

	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	p = kmalloc(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	warns = warn_count;
	kfree(&not_heap);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	kfree(p + 8);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 2);
	kfree(p);
	kfree(p);		/* double free */
	KUNIT_EXPECT_EQ(test, warn_count, warns + 3);
	q = kmalloc(64, GFP_KERNEL);
	r = kmalloc(64, GFP_KERNEL);
	KUNIT_EXPECT_NE(test, q, r);
	kfree(q);
	kfree(r);
	q = kmalloc(65536, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	kfree(q);
	kfree(q);		/* double free of a large block */
	KUNIT_EXPECT_EQ(test, warn_count, warns + 4);
}

/* A double free deeper in the freelist than its head is caught too. */
static void
slab_double_free_deep(struct kunit *test)
{
	struct kmem_cache *c = kmem_cache_create("test_df", 48, 0);
	unsigned long warns;
	void *keep, *a, *b, *x, *y;

	KUNIT_ASSERT_NOT_NULL(test, c);
	/* Keeps the slab in use, so only the freelist walk can tell. */
	keep = kmem_cache_alloc(c, GFP_KERNEL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	warns = warn_count;
	kmem_cache_free(c, a);	/* a is on the list, behind b */
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	x = kmem_cache_alloc(c, GFP_KERNEL);
	y = kmem_cache_alloc(c, GFP_KERNEL);
	KUNIT_EXPECT_NE(test, x, y);
	kmem_cache_free(c, x);
	kmem_cache_free(c, y);
	kmem_cache_free(c, keep);
	kmem_cache_destroy(c);
}

static void
slab_destroy_busy_warns(struct kunit *test)
{
	struct kmem_cache *c = kmem_cache_create("test_busy", 32, 0);
	unsigned long warns;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	warns = warn_count;
	kmem_cache_destroy(c);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
	/* The cache survived: the object is still valid and freeable. */
	kmem_cache_free(c, p);
	kmem_cache_destroy(c);
	KUNIT_EXPECT_EQ(test, warn_count, warns + 1);
}

static void
slab_impossible_size(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, kmalloc(1UL << 30, __GFP_NOWARN));
	KUNIT_EXPECT_NULL(test, kmalloc((size_t)-1, __GFP_NOWARN));
	KUNIT_EXPECT_NULL(test, kcalloc((size_t)-1 / 2, 4, __GFP_NOWARN));
	KUNIT_EXPECT_NULL(test, kmem_cache_create("test_huge", 1UL << 30, 0));
	KUNIT_EXPECT_NULL(test, kmem_cache_create("test_align", 64, 24));
	KUNIT_EXPECT_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, ksize(ZERO_SIZE_PTR), 0);
}

static void
slab_kstrdup(struct kunit *test)
{
	char *s = kstrdup("pinos", GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, strcmp(s, "pinos"), 0);
	kfree(s);
	KUNIT_EXPECT_NULL(test, kstrdup(NULL, GFP_KERNEL));
}

/* The line of @buf that starts with "@name ", or NULL. */
static char *
find_line(char *buf, const char *name)
{
	size_t n = strlen(name);
	char *l = buf;

	while (l && *l) {
		if (strncmp(l, name, n) == 0 && l[n] == ' ')
			return l;
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	return NULL;
}

/* The @idx-th space-separated field of line @l, as a number. */
static unsigned long
field(const char *l, int idx)
{
	char tok[24];
	unsigned long v = ~0UL;
	size_t n;

	for (; idx >= 0; idx--) {
		while (*l == ' ')
			l++;
		for (n = 0; l[n] && l[n] != ' ' && l[n] != '\n'; n++)
			;
		if (idx == 0 && n < sizeof(tok)) {
			memcpy(tok, l, n);
			tok[n] = '\0';
			kstrtoul(tok, 10, &v);
		}
		l += n;
	}
	return v;
}

/* /proc/slabinfo: the 2.1 header, then one line per cache. */
static void
slab_slabinfo(struct kunit *test)
{
	static char buf[4096];
	struct kmem_cache *c = kmem_cache_create("test_info", 40, 0);
	char *l;
	void *p;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	n = slabinfo_show(buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, (size_t)n, strlen(buf));
	KUNIT_EXPECT_EQ(test, strncmp(buf, "slabinfo - version: 2.1\n", 24),
			0);
	KUNIT_EXPECT_NOT_NULL(test, find_line(buf, "kmalloc-2048"));
	l = find_line(buf, "test_info");
	KUNIT_ASSERT_NOT_NULL(test, l);
	/* 40-byte objects, 102 per order-0 slab, one in use. */
	KUNIT_EXPECT_EQ(test, field(l, 1), 1);	/* active_objs */
	KUNIT_EXPECT_EQ(test, field(l, 2), 102);	/* num_objs */
	KUNIT_EXPECT_EQ(test, field(l, 3), 40);	/* objsize */
	KUNIT_EXPECT_EQ(test, field(l, 4), 102);	/* objperslab */
	KUNIT_EXPECT_EQ(test, field(l, 5), 1);	/* pagesperslab */
	kmem_cache_free(c, p);
	kmem_cache_destroy(c);
	slabinfo_show(buf, sizeof(buf));
	KUNIT_EXPECT_NULL(test, find_line(buf, "test_info"));
}

static struct kunit_case slab_cases[] = {
	KUNIT_CASE(slab_kmalloc_classes),
	KUNIT_CASE(slab_reuse),
	KUNIT_CASE(slab_large_kmalloc),
	KUNIT_CASE(slab_cache_lifecycle),
	KUNIT_CASE(slab_many_objects),
	KUNIT_CASE(slab_empty_slabs_returned),
	KUNIT_CASE(slab_kzalloc),
	KUNIT_CASE(slab_poison_fill),
	KUNIT_CASE(slab_poison_detects_uaf),
	KUNIT_CASE(slab_freelist_corruption),
	KUNIT_CASE(slab_bad_free),
	KUNIT_CASE(slab_double_free_deep),
	KUNIT_CASE(slab_destroy_busy_warns),
	KUNIT_CASE(slab_impossible_size),
	KUNIT_CASE(slab_kstrdup),
	KUNIT_CASE(slab_slabinfo),
	{}
};

static struct kunit_suite slab_suite = {
	.name = "slab",
	.test_cases = slab_cases,
};
kunit_test_suite(slab_suite);
