/*
 * Suite "cmdline": command-line parsing. parse_cmdline() changes
 * global option state, so each case saves and restores what it
 * touches.
 */
#include <kunit.h>
#include <cmdline.h>

/*
 * The options the kernel is running with are saved as strings, not
 * pointers: parse_cmdline() rewrites the buffers the pointers point
 * into, and the test runner itself still needs tests=.
 */
static char saved_tests[128], saved_init[256], saved_args[512];
static bool had_tests, had_init, had_args;
static int saved_loglevel;

static void
save(char *buf, size_t len, const char *val, bool *had)
{
	*had = val != NULL;
	if (val)
		strlcpy(buf, val, len);
}

static int
cmdline_test_init(struct kunit *test)
{
	save(saved_tests, sizeof(saved_tests), cmdline_tests, &had_tests);
	save(saved_init, sizeof(saved_init), cmdline_init, &had_init);
	save(saved_args, sizeof(saved_args), cmdline_init_args, &had_args);
	saved_loglevel = console_loglevel;
	return 0;
}

static void
cmdline_test_exit(struct kunit *test)
{
	cmdline_tests = had_tests ? saved_tests : NULL;
	cmdline_init = had_init ? saved_init : NULL;
	cmdline_init_args = had_args ? saved_args : NULL;
	console_loglevel = saved_loglevel;
}

static void
cmdline_known_options(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_cmdline("/boot/pinos.elf tests=vm* "
					    "init=/bin/sh loglevel=3"), 0);
	KUNIT_EXPECT_EQ(test, strcmp(cmdline_tests, "vm*"), 0);
	KUNIT_EXPECT_EQ(test, strcmp(cmdline_init, "/bin/sh"), 0);
	KUNIT_EXPECT_EQ(test, console_loglevel, 3);
}

static void
cmdline_unknown_reported(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_cmdline("bogus=1 tests=x alsobogus"), 2);
	KUNIT_EXPECT_EQ(test, strcmp(cmdline_tests, "x"), 0);
}

static void
cmdline_bad_values_rejected(struct kunit *test)
{
	cmdline_init = NULL;
	KUNIT_EXPECT_EQ(test, parse_cmdline("init=relative loglevel=x"), 2);
	KUNIT_EXPECT_NULL(test, cmdline_init);
}

static void
cmdline_init_args_after_dashes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_cmdline("init=/bin/echo -- a b=c d"), 0);
	KUNIT_ASSERT_NOT_NULL(test, cmdline_init_args);
	KUNIT_EXPECT_EQ(test, strcmp(cmdline_init_args, "a b=c d"), 0);
}

static void
cmdline_flags_and_spaces(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_cmdline("   quiet    "), 0);
	KUNIT_EXPECT_EQ(test, console_loglevel, 4);
	KUNIT_EXPECT_EQ(test, parse_cmdline(""), 0);
}

static struct kunit_case cmdline_cases[] = {
	KUNIT_CASE(cmdline_known_options),
	KUNIT_CASE(cmdline_unknown_reported),
	KUNIT_CASE(cmdline_bad_values_rejected),
	KUNIT_CASE(cmdline_init_args_after_dashes),
	KUNIT_CASE(cmdline_flags_and_spaces),
	{}
};

static struct kunit_suite cmdline_suite = {
	.name = "cmdline",
	.init = cmdline_test_init,
	.exit = cmdline_test_exit,
	.test_cases = cmdline_cases,
};
kunit_test_suite(cmdline_suite);
