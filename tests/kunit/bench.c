/* The benchmark runner: see include/bench.h. */
#include <bench.h>
#include <cmdline.h>
#include <errno.h>
#include <printk.h>
#include <string.h>

extern const struct kbench *const __start_kbenches[];
extern const struct kbench *const __stop_kbenches[];

const char *cmdline_bench;

void
bench_report(const char *name, unsigned long value, const char *unit)
{
	char buf[160];
	int n = snprintf(buf, sizeof(buf), "# BENCH %s %lu %s\n", name, value,
			 unit);

	console_write(buf, n);
}

void
bench_run_all(const char *glob)
{
	const struct kbench *const *b;

	for (b = __start_kbenches; b < __stop_kbenches; b++)
		if (glob_match(glob, (*b)->name))
			(*b)->run();
}

static int
setup_bench(const char *val)
{
	if (val == NULL || *val == '\0')
		return -EINVAL;
	cmdline_bench = val;
	return 0;
}
__setup("bench=", setup_bench);
