/*
 * In-kernel benchmarks, run with bench=GLOB on the command line (make
 * bench). A benchmark reports each figure with bench_report(), which
 * prints "# BENCH <name> <value> <unit>" for scripts/bench.py.
 * Benchmarks are not tests: they assert nothing and never fail a run.
 */
#ifndef _PINOS_BENCH_H
#define _PINOS_BENCH_H

#include <compiler.h>

struct kbench {
	const char *name;
	void (*run)(void);
};

#define kbench_register(b)                                             \
	static const struct kbench *__kbench_ptr_##b                     \
		__section(".kbenches") __used = &(b)

void bench_report(const char *name, unsigned long value, const char *unit);
void bench_run_all(const char *glob);

#endif
