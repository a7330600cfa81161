/*
 * The KUnit-like test runner.
 *
 * kunit_run_all() walks the .kunit_suites section and runs each suite
 * whose name matches the glob, printing KTAP version 1 exactly as
 * Linux's KUnit does (4-space subtest indentation, "# Subtest:",
 * per-suite counts, "# Totals:"). Cases run one after another on the
 * calling kernel thread; an ASSERT failure longjmps back here.
 *
 * Failure containment: a crash (oops or panic) during a case calls
 * kunit_report_crash(), which closes the KTAP output with "not ok" for
 * the case, its suite and the run, so the log stays parseable and
 * says what broke; the caller then powers off with a failure status.
 * The timer calls kunit_watchdog_tick(); a case that overruns its
 * time limit is reported the same way ("# TIMEOUT").
 */
#include <kunit.h>
#include <power.h>
#include <time.h>

#define DEFAULT_TIMEOUT_S 120

extern struct kunit_suite *const __start_kunit_suites[];
extern struct kunit_suite *const __stop_kunit_suites[];
extern struct kunit_post_check *const __start_kunit_checks[];
extern struct kunit_post_check *const __stop_kunit_checks[];

long kernel_setjmp(long *buf);
void __noreturn kernel_longjmp(long *buf, int v);

struct run_state {
	struct kunit_suite *suite;
	struct kunit_case *tcase;
	struct kunit *test;
	int suite_nr, case_nr;
	int pass, fail, skip;		/* within the suite */
	int t_pass, t_fail, t_skip;	/* all suites */
	volatile unsigned long case_ticks;
	unsigned long case_limit;
	bool crashed;
};

static struct run_state run;

static void
ktap(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? n : sizeof(buf) - 1);
}

bool
kunit_running(void)
{
	return run.tcase != NULL;
}

void
kunit_fail(struct kunit *test, const char *file, int line, const char *fmt,
	   ...)
{
	char buf[400];
	va_list ap;

	test->status = KUNIT_FAILURE;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ktap("    # %s: EXPECTATION FAILED at %s:%d\n", test->name, file,
	     line);
	/* Indent every line of the explanation as a KTAP diagnostic. */
	for (char *l = buf, *nl; l; l = nl) {
		nl = strchr(l, '\n');
		if (nl)
			*nl++ = '\0';
		ktap("    # %s\n", l);
	}
}

void __noreturn
kunit_abort(struct kunit *test)
{
	kernel_longjmp(test->jmpbuf, 1);
}

void
kunit_skip_reason(struct kunit *test, const char *fmt, ...)
{
	va_list ap;

	test->status = KUNIT_SKIPPED;
	va_start(ap, fmt);
	vsnprintf(test->status_comment, sizeof(test->status_comment), fmt, ap);
	va_end(ap);
}

void
kunit_info(struct kunit *test, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ktap("    # %s: %s\n", test->name, buf);
}

static void
report_case(struct kunit *test)
{
	if (test->status == KUNIT_SKIPPED) {
		run.skip++;
		ktap("    ok %d %s # SKIP %s\n", run.case_nr, test->name,
		     test->status_comment);
	} else if (test->status == KUNIT_FAILURE) {
		run.fail++;
		ktap("    not ok %d %s\n", run.case_nr, test->name);
	} else {
		run.pass++;
		ktap("    ok %d %s\n", run.case_nr, test->name);
	}
}

static void
run_case(struct kunit_suite *suite, struct kunit_case *tc)
{
	struct kunit test = { .name = tc->name, .status = KUNIT_SUCCESS };

	run.tcase = tc;
	run.test = &test;
	run.case_ticks = 0;
	run.case_limit = (tc->timeout_s ? tc->timeout_s : DEFAULT_TIMEOUT_S) *
			 HZ;
	if (suite->init && suite->init(&test)) {
		kunit_fail(&test, __FILE__, __LINE__, "suite init failed");
	} else {
		if (kernel_setjmp(test.jmpbuf) == 0)
			tc->run_case(&test);
		if (suite->exit)
			suite->exit(&test);
	}
	run.tcase = NULL;
	run.test = NULL;
	report_case(&test);
}

static int
run_post_checks(void)
{
	struct kunit_post_check *const *c;
	int bad = 0;

	for (c = __start_kunit_checks; c < __stop_kunit_checks; c++) {
		if ((*c)->check() != 0) {
			ktap("    # post-suite check '%s' failed\n",
			     (*c)->name);
			bad++;
		}
	}
	return bad;
}

static bool
run_suite(struct kunit_suite *suite)
{
	struct kunit_case *tc;
	int n = 0;
	bool ok;

	for (tc = suite->test_cases; tc->run_case; tc++)
		n++;
	run.suite = suite;
	run.pass = run.fail = run.skip = 0;
	ktap("    KTAP version 1\n    # Subtest: %s\n    1..%d\n",
	     suite->name, n);
	if (suite->suite_init && suite->suite_init(suite)) {
		ktap("    # suite_init failed\n");
		run.fail = n;
	} else {
		run.case_nr = 0;
		for (tc = suite->test_cases; tc->run_case; tc++) {
			run.case_nr++;
			run_case(suite, tc);
		}
		if (suite->suite_exit)
			suite->suite_exit(suite);
	}
	ok = run.fail == 0 && run_post_checks() == 0;
	ktap("# %s: pass:%d fail:%d skip:%d total:%d\n", suite->name,
	     run.pass, run.fail, run.skip, n);
	run.t_pass += run.pass, run.t_fail += run.fail, run.t_skip += run.skip;
	if (ok && run.skip == n && n > 0)
		ktap("ok %d %s # SKIP\n", run.suite_nr, suite->name);
	else
		ktap("%s %d %s\n", ok ? "ok" : "not ok", run.suite_nr,
		     suite->name);
	run.suite = NULL;
	return ok;
}

static bool
suite_selected(const struct kunit_suite *s, const char *glob)
{
	if (s->explicit_only)
		return strcmp(glob, s->name) == 0;
	return glob_match(glob, s->name);
}

static int
count_suites(const char *glob)
{
	struct kunit_suite *const *s;
	int n = 0;

	for (s = __start_kunit_suites; s < __stop_kunit_suites; s++)
		n += suite_selected(*s, glob);
	return n;
}

int
kunit_run_all(const char *glob_arg)
{
	static char glob[128];	/* our own copy: suites may reparse options */
	struct kunit_suite *const *s;
	int failed = 0;

	strlcpy(glob, glob_arg, sizeof(glob));
	ktap("KTAP version 1\n1..%d\n", count_suites(glob));
	for (s = __start_kunit_suites; s < __stop_kunit_suites; s++) {
		if (!suite_selected(*s, glob))
			continue;
		run.suite_nr++;
		failed += !run_suite(*s);
	}
	ktap("# Totals: pass:%d fail:%d skip:%d total:%d\n", run.t_pass,
	     run.t_fail, run.t_skip, run.t_pass + run.t_fail + run.t_skip);
	return failed;
}

/* Close the KTAP output for a case that crashed or hung. */
static void
report_abandoned(const char *why)
{
	if (run.crashed)
		return;
	run.crashed = true;
	ktap("    # %s: %s\n", run.tcase->name, why);
	ktap("    not ok %d %s # %s\n", run.case_nr, run.tcase->name, why);
	ktap("# %s: pass:%d fail:%d skip:%d\n", run.suite->name, run.pass,
	     run.fail + 1, run.skip);
	ktap("not ok %d %s\n", run.suite_nr, run.suite->name);
	ktap("# Totals: pass:%d fail:%d skip:%d\n", run.t_pass + run.pass,
	     run.t_fail + run.fail + 1, run.t_skip + run.skip);
}

void
kunit_report_crash(void)
{
	report_abandoned("CRASHED");
}

void
kunit_watchdog_tick(void)
{
	if (run.tcase == NULL || run.crashed)
		return;
	if (++run.case_ticks < run.case_limit)
		return;
	report_abandoned("TIMEOUT");
	kernel_poweroff(4);
}
