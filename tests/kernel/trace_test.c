/* Suite "trace": the mm trace ring buffer records, formats and wraps. */
#include <kunit.h>
#include <trace.h>
#include <gfp.h>
#include <slab.h>

static void
trace_records_events(struct kunit *test)
{
	bool was = trace_mm_enabled;
	struct folio *f = folio_alloc(0);
	char *buf = kmalloc(8192, 0);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	trace_clear();
	trace_mm_enabled = false;
	trace_mm(TRACE_PIN, f, "while-disabled");
	trace_mm_enabled = true;
	f->index = 77;
	trace_mm(TRACE_PAGE_MKWRITE, f, "ino %d", 12);
	trace_mm_enabled = was;
	trace_show(buf, 8192);
	KUNIT_EXPECT_NULL(test, strstr(buf, "while-disabled"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "page_mkwrite"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "idx 77 ino 12"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "1 records, 0 lost"));
	kfree(buf);
	folio_put(f);
}

static void
trace_wraps_and_counts_lost(struct kunit *test)
{
	bool was = trace_mm_enabled;
	char *buf = kmalloc(200000, 0);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	trace_clear();
	trace_mm_enabled = true;
	for (int i = 0; i < 1100; i++)
		trace_mm(TRACE_FAULT, NULL, "n%d", i);
	trace_mm_enabled = was;
	trace_show(buf, 200000);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "1100 records, 76 lost"));
	KUNIT_EXPECT_NULL(test, strstr(buf, " n75\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " n76\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " n1099\n"));
	trace_clear();
	kfree(buf);
}

static struct kunit_case trace_cases[] = {
	KUNIT_CASE(trace_records_events),
	KUNIT_CASE(trace_wraps_and_counts_lost),
	{}
};

static struct kunit_suite trace_suite = {
	.name = "trace",
	.test_cases = trace_cases,
};
kunit_test_suite(trace_suite);
