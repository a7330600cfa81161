/*
 * A KUnit-like in-kernel test framework (tests/kunit/).
 *
 * A suite is a named array of cases, registered with
 * kunit_test_suite(), which drops a pointer into the .kunit_suites
 * linker section; the runner walks that section at boot when the
 * command line has tests=GLOB. Output is KTAP version 1 exactly as
 * Linux's KUnit prints it, so `kunit.py parse` reads a pinos log.
 *
 * EXPECT macros record a failure and continue; ASSERT macros record a
 * failure and abort the case (longjmp back to the runner, after the
 * case's exit hook). A case that crashes the CPU or runs longer than
 * the watchdog allows is reported "not ok" and the run stops with a
 * failure exit status: a broken test never passes silently.
 */
#ifndef _PINOS_KUNIT_H
#define _PINOS_KUNIT_H

#include <compiler.h>
#include <printk.h>
#include <string.h>

enum kunit_status { KUNIT_SUCCESS, KUNIT_FAILURE, KUNIT_SKIPPED };

struct kunit {
	const char *name;
	enum kunit_status status;
	char status_comment[96];
	void *priv;			/* for the suite's init/exit */
	long jmpbuf[8];			/* ASSERT abort target */
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	/* Seconds before the watchdog declares the case hung; 0 = default. */
	unsigned int timeout_s;
};

struct kunit_suite {
	const char *name;
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;	/* ends with an empty entry */
	/*
	 * Run only when the glob names the suite exactly, never as part
	 * of a wider glob: for the harness's own checks that a crashing or
	 * hanging test is reported (tests/kernel/kunit_selftest.c).
	 */
	bool explicit_only;
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }
#define KUNIT_CASE_SLOW(fn, secs) \
	{ .run_case = fn, .name = #fn, .timeout_s = (secs) }

#define kunit_test_suite(s)                                            \
	static struct kunit_suite *__kunit_suite_ptr_##s                 \
		__section(".kunit_suites") __used = &(s)

void kunit_fail(struct kunit *test, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);
void __noreturn kunit_abort(struct kunit *test);
void kunit_skip_reason(struct kunit *test, const char *fmt, ...)
	__printf(2, 3);
/* Diagnostic line inside the current case's output. */
void kunit_info(struct kunit *test, const char *fmt, ...) __printf(2, 3);

/* Run every registered suite whose name matches @glob; 0 if all passed. */
int kunit_run_all(const char *glob);
/* True while a case is running (used by the crash and watchdog paths). */
bool kunit_running(void);
/* Called from the exception path: report the running case as crashed. */
void kunit_report_crash(void);
/* Called from the timer interrupt: fail a case that overran its time. */
void kunit_watchdog_tick(void);

/*
 * Checks run after every suite (e.g. the pin-leak check). A check
 * returns 0 when all is well; otherwise it printed why, and the suite
 * is reported failed.
 */
struct kunit_post_check {
	const char *name;
	int (*check)(void);
};
#define kunit_post_suite_check(c)                                      \
	static struct kunit_post_check *__kunit_check_ptr_##c            \
		__section(".kunit_checks") __used = &(c)

#define kunit_skip(test, ...)                                  \
	do {                                                   \
		kunit_skip_reason(test, __VA_ARGS__);          \
		kunit_abort(test);                             \
	} while (0)

#define KUNIT_BINARY_CHECK(test, abort, op, l, r)                          \
	do {                                                               \
		long long __l = (long long)(l), __r = (long long)(r);      \
		if (!(__l op __r)) {                                       \
			kunit_fail(test, __FILE__, __LINE__,               \
				   "Expected %s %s %s, but\n"              \
				   "        %s == %lld (0x%llx)\n"         \
				   "        %s == %lld (0x%llx)",          \
				   #l, #op, #r, #l, __l, __l, #r, __r,     \
				   __r);                                   \
			if (abort)                                         \
				kunit_abort(test);                         \
		}                                                          \
	} while (0)

#define KUNIT_BOOL_CHECK(test, abort, cond, want)                          \
	do {                                                               \
		if ((!!(cond)) != (want)) {                                  \
			kunit_fail(test, __FILE__, __LINE__,               \
				   "Expected %s to be %s", #cond,          \
				   (want) ? "true" : "false");             \
			if (abort)                                         \
				kunit_abort(test);                         \
		}                                                          \
	} while (0)

#define KUNIT_PTR_CHECK(test, abort, p, want_null)                         \
	do {                                                               \
		const void *__p = (p);                                     \
		if ((__p == NULL) != (want_null)) {                        \
			kunit_fail(test, __FILE__, __LINE__,               \
				   "Expected %s %s NULL, got %p", #p,      \
				   (want_null) ? "==" : "!=", __p);        \
			if (abort)                                         \
				kunit_abort(test);                         \
		}                                                          \
	} while (0)

#define KUNIT_EXPECT_EQ(t, l, r) KUNIT_BINARY_CHECK(t, 0, ==, l, r)
#define KUNIT_EXPECT_NE(t, l, r) KUNIT_BINARY_CHECK(t, 0, !=, l, r)
#define KUNIT_EXPECT_LT(t, l, r) KUNIT_BINARY_CHECK(t, 0, <, l, r)
#define KUNIT_EXPECT_LE(t, l, r) KUNIT_BINARY_CHECK(t, 0, <=, l, r)
#define KUNIT_EXPECT_GT(t, l, r) KUNIT_BINARY_CHECK(t, 0, >, l, r)
#define KUNIT_EXPECT_GE(t, l, r) KUNIT_BINARY_CHECK(t, 0, >=, l, r)
#define KUNIT_EXPECT_TRUE(t, c)  KUNIT_BOOL_CHECK(t, 0, c, true)
#define KUNIT_EXPECT_FALSE(t, c) KUNIT_BOOL_CHECK(t, 0, c, false)
#define KUNIT_EXPECT_NULL(t, p)     KUNIT_PTR_CHECK(t, 0, p, true)
#define KUNIT_EXPECT_NOT_NULL(t, p) KUNIT_PTR_CHECK(t, 0, p, false)

#define KUNIT_ASSERT_EQ(t, l, r) KUNIT_BINARY_CHECK(t, 1, ==, l, r)
#define KUNIT_ASSERT_NE(t, l, r) KUNIT_BINARY_CHECK(t, 1, !=, l, r)
#define KUNIT_ASSERT_LT(t, l, r) KUNIT_BINARY_CHECK(t, 1, <, l, r)
#define KUNIT_ASSERT_LE(t, l, r) KUNIT_BINARY_CHECK(t, 1, <=, l, r)
#define KUNIT_ASSERT_GT(t, l, r) KUNIT_BINARY_CHECK(t, 1, >, l, r)
#define KUNIT_ASSERT_GE(t, l, r) KUNIT_BINARY_CHECK(t, 1, >=, l, r)
#define KUNIT_ASSERT_TRUE(t, c)  KUNIT_BOOL_CHECK(t, 1, c, true)
#define KUNIT_ASSERT_FALSE(t, c) KUNIT_BOOL_CHECK(t, 1, c, false)
#define KUNIT_ASSERT_NULL(t, p)     KUNIT_PTR_CHECK(t, 1, p, true)
#define KUNIT_ASSERT_NOT_NULL(t, p) KUNIT_PTR_CHECK(t, 1, p, false)

#define KUNIT_EXPECT_MEMEQ(t, a, b, n)                                    \
	do {                                                              \
		if (memcmp((a), (b), (n)) != 0)                           \
			kunit_fail(t, __FILE__, __LINE__,                 \
				   "Expected %s and %s to match for %lu " \
				   "bytes", #a, #b, (unsigned long)(n));  \
	} while (0)

#endif
