/*
 * Allocator benchmarks: nanoseconds per order-0 alloc+free pair from
 * the buddy allocator, and per kmalloc(64)+kfree pair.
 */
#include <bench.h>
#include <slab.h>
#include <time.h>

#define ROUNDS 20000

static void
bench_alloc(void)
{
	u64 t0 = ktime_get_ns();

	for (int i = 0; i < ROUNDS; i++)
		__free_page(alloc_page(0));
	bench_report("buddy_alloc_free_page", (ktime_get_ns() - t0) / ROUNDS,
		     "ns");
	t0 = ktime_get_ns();
	for (int i = 0; i < ROUNDS; i++)
		kfree(kmalloc(64, 0));
	bench_report("kmalloc_kfree_64", (ktime_get_ns() - t0) / ROUNDS, "ns");
}

static const struct kbench alloc_bench = { "alloc", bench_alloc };
kbench_register(alloc_bench);
