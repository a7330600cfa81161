/*
 * Suites that must fail: the harness boots each one alone and checks
 * the run is reported failed with the right KTAP directive and a
 * failure exit status. They prove that a crashing or hanging test can
 * never pass silently. explicit_only keeps them out of tests=*.
 */
#include <kunit.h>

static void
selftest_ok_before(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 1, 1);
}

static void
selftest_null_deref(struct kunit *test)
{
	unsigned long addr = 8;

	__asm__("" : "+r"(addr));	/* hide the constant from the compiler */
	*(volatile long *)addr = 1;	/* page fault in kernel mode: an oops */
	kunit_fail(test, __FILE__, __LINE__, "survived a NULL store");
}

static void
selftest_hang(struct kunit *test)
{
	for (;;)
		__asm__ __volatile__("pause");
}

static struct kunit_case crash_cases[] = {
	KUNIT_CASE(selftest_ok_before),
	KUNIT_CASE(selftest_null_deref),
	{}
};

static struct kunit_suite crash_suite = {
	.name = "kunit_selftest_crash",
	.test_cases = crash_cases,
	.explicit_only = true,
};
kunit_test_suite(crash_suite);

static struct kunit_case hang_cases[] = {
	KUNIT_CASE_SLOW(selftest_hang, 3),
	{}
};

static struct kunit_suite hang_suite = {
	.name = "kunit_selftest_hang",
	.test_cases = hang_cases,
	.explicit_only = true,
};
kunit_test_suite(hang_suite);
