/* Suite "lib": the formatter and string helpers everything else uses. */
#include <kunit.h>

static void
lib_snprintf_formats(struct kunit *test)
{
	char b[64];

	snprintf(b, sizeof(b), "%d|%5d|%-5d|%05d", -42, 7, 7, 42);
	KUNIT_EXPECT_EQ(test, strcmp(b, "-42|    7|7    |00042"), 0);
	snprintf(b, sizeof(b), "%x|%#lx|%lu|%llu", 255, 0x10UL, ~0UL, 1ULL);
	KUNIT_EXPECT_EQ(test, strcmp(b, "ff|0x10|18446744073709551615|1"), 0);
	snprintf(b, sizeof(b), "%s|%.2s|%c|%%|%p", "abc", "xyz", 'q',
		 (void *)0x1000);
	KUNIT_EXPECT_EQ(test, strcmp(b, "abc|xy|q|%|0x1000"), 0);
}

static void
lib_snprintf_truncates(struct kunit *test)
{
	char b[8];

	KUNIT_EXPECT_EQ(test, snprintf(b, sizeof(b), "0123456789"), 10);
	KUNIT_EXPECT_EQ(test, strcmp(b, "0123456"), 0);
}

static void
lib_strings(struct kunit *test)
{
	unsigned long v;
	long s;

	KUNIT_EXPECT_EQ(test, kstrtoul("0x1f", 0, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 31);
	KUNIT_EXPECT_EQ(test, kstrtoul("12a", 10, &v), -22);
	KUNIT_EXPECT_EQ(test, kstrtol("-17", 10, &s), 0);
	KUNIT_EXPECT_EQ(test, s, -17);
	KUNIT_EXPECT_TRUE(test, glob_match("bud*", "buddy"));
	KUNIT_EXPECT_TRUE(test, glob_match("*", ""));
	KUNIT_EXPECT_TRUE(test, glob_match("s?ab", "slab"));
	KUNIT_EXPECT_FALSE(test, glob_match("sl*x", "slab"));
	KUNIT_EXPECT_TRUE(test, glob_match("*a*b", "xxaxxb"));
}

static struct kunit_case lib_cases[] = {
	KUNIT_CASE(lib_snprintf_formats),
	KUNIT_CASE(lib_snprintf_truncates),
	KUNIT_CASE(lib_strings),
	{}
};

static struct kunit_suite lib_suite = {
	.name = "lib",
	.test_cases = lib_cases,
};
kunit_test_suite(lib_suite);
