/*
 * Benchmark "gup": the cost per page of taking and releasing page
 * references through GUP, on pre-faulted private anonymous memory, for
 * 1, 512 and 65,536 pages per call. Figures, all in ns per page:
 *
 *   gup.pin_fast.ns_per_page.nN    pin_user_pages_fast(), FOLL_WRITE |
 *                                  FOLL_LONGTERM (the lockless walk)
 *   gup.pin_locked.ns_per_page.nN  pin_user_pages(), same flags, with
 *                                  mmap_lock taken for read per call
 *   gup.unpin.ns_per_page.nN       unpin_user_pages() of the fast pins
 *   gup.get_fast.ns_per_page.nN    get_user_pages_fast(), FOLL_WRITE
 *   gup.put_page.ns_per_page.nN    put_page() of those references
 *   gup.fault.ns_per_page          the write faults that pre-fault the
 *                                  buffer, for scale
 *
 * A round takes references on at least BATCH_PAGES pages (512 calls
 * of one page, one call of 512, one of 65,536), timing the taking and
 * the releasing separately; rounds repeat for about RUN_NS each, so
 * the small sizes get thousands of calls even under TCG. The largest
 * size needs 256 MiB: if free memory is short, the largest power of
 * two that fits is used instead, named by its real size, and a
 * "# BENCH-NOTE" line says so. Counters of the fast and slow paths
 * show whether the "fast" figures really came from the fast path.
 *
 * Runs in the calling kernel thread on a fresh mm (kthread_use_mm).
 * Like every benchmark it asserts nothing: a failure prints a note and
 * drops the figure.
 */
#include <bench.h>
#include <errno.h>
#include <gfp.h>
#include <gup.h>
#include <mman.h>
#include <printk.h>
#include <sched.h>
#include <slab.h>
#include <time.h>
#include <uaccess.h>
#include <vmstat.h>

#define BATCH_PAGES 512
#define MAX_PAGES   65536UL
#define RUN_NS	    500000000ULL /* per figure pair */
#define MIN_ROUNDS  2
/* Kept free beyond the buffer, its page tables and the pages array. */
#define HEADROOM_PAGES 8192UL
#define LT_WRITE       (FOLL_WRITE | FOLL_LONGTERM)

enum gup_op { OP_PIN_FAST, OP_PIN_LOCKED, OP_GET_FAST };

static const char *const take_name[] = { "pin_fast", "pin_locked", "get_fast" };
static const char *const drop_name[] = { "unpin", NULL, "put_page" };

struct gup_bench {
	unsigned long addr; /* the pre-faulted buffer */
	struct page **pages;
	unsigned long n;     /* pages per call */
	unsigned long calls; /* calls per round */
	enum gup_op op;
};

/* A diagnostic the bench collector shows but does not parse as data. */
static void bench_note(const char *fmt, ...) __printf(1, 2);

static void
bench_note(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, min((size_t)n, sizeof(buf) - 1));
}

/* The operation under test for one call; pages taken or -errno. */
static long
gup_take(struct gup_bench *b, unsigned long addr, struct page **pages)
{
	struct mm_struct *mm = current->mm;
	long got;

	switch (b->op) {
	case OP_PIN_FAST:
		return pin_user_pages_fast(addr, (int)b->n, LT_WRITE, pages);
	case OP_GET_FAST:
		return get_user_pages_fast(addr, (int)b->n, FOLL_WRITE, pages);
	default:
		/* As a driver would: the lock is part of the cost. */
		down_read(&mm->mmap_lock);
		got = pin_user_pages(addr, b->n, LT_WRITE, pages);
		up_read(&mm->mmap_lock);
		return got;
	}
}

static void
gup_drop(struct gup_bench *b, struct page **pages, unsigned long nr)
{
	if (b->op == OP_GET_FAST) {
		for (unsigned long i = 0; i < nr; i++)
			put_page(pages[i]);
		return;
	}
	unpin_user_pages(pages, nr);
}

/*
 * Take references on calls * n pages, then drop them, one release call
 * per take call so the call overhead is paid the same number of times.
 * Adds the two phases' durations; false (all dropped) on a short take.
 */
static bool
gup_round(struct gup_bench *b, u64 *take_ns, u64 *drop_ns)
{
	unsigned long c, done = 0;
	long got = 0;
	u64 t0, t1;

	t0 = ktime_get_ns();
	for (c = 0; c < b->calls; c++) {
		got = gup_take(b, b->addr + done * PAGE_SIZE, b->pages + done);
		if (got != (long)b->n)
			break;
		done += b->n;
	}
	t1 = ktime_get_ns();
	if (c < b->calls) {
		if (got > 0)
			done += got;
		gup_drop(b, b->pages, done);
		bench_note("# BENCH-NOTE gup.%s n%lu: took %ld of %lu pages\n",
			   take_name[b->op], b->n, got, b->n);
		return false;
	}
	for (c = 0; c < b->calls; c++)
		gup_drop(b, b->pages + c * b->n, b->n);
	*take_ns += t1 - t0;
	*drop_ns += ktime_get_ns() - t1;
	return true;
}

static void
report(const char *what, unsigned long n, u64 ns, unsigned long pages)
{
	char name[64];

	snprintf(name, sizeof(name), "gup.%s.ns_per_page.n%lu", what, n);
	bench_report(name, (unsigned long)(ns / pages), "ns");
}

/* Pages the fast path left to the slow path, for the fast figures. */
static unsigned long
slow_pins(void)
{
	return global_vm_event(GUP_SLOW_PINNED);
}

static void
gup_measure(struct gup_bench *b)
{
	unsigned long rounds = 0, slow0 = slow_pins();
	u64 take_ns = 0, drop_ns = 0, t0 = ktime_get_ns();

	while (rounds < MIN_ROUNDS || ktime_get_ns() - t0 < RUN_NS) {
		if (!gup_round(b, &take_ns, &drop_ns))
			return;
		rounds++;
	}
	if (b->op == OP_PIN_FAST && slow_pins() != slow0)
		bench_note("# BENCH-NOTE gup.pin_fast n%lu: %lu pages took "
			   "the slow path\n",
			   b->n, slow_pins() - slow0);
	report(take_name[b->op], b->n, take_ns, rounds * b->calls * b->n);
	if (drop_name[b->op])
		report(drop_name[b->op], b->n, drop_ns,
		       rounds * b->calls * b->n);
}

/* The largest call size that fits in free memory, up to MAX_PAGES. */
static unsigned long
largest_size(void)
{
	unsigned long free = nr_free_pages(), n;

	for (n = MAX_PAGES; n > BATCH_PAGES; n /= 2) {
		/* buffer + its page tables + the pages array + slack */
		unsigned long need = n + n / 512 + n / 512 + HEADROOM_PAGES;

		if (need <= free)
			break;
	}
	if (n != MAX_PAGES)
		bench_note("# BENCH-NOTE gup: %lu free pages, too few for "
			   "n%lu; largest size n%lu\n",
			   free, MAX_PAGES, n);
	return n;
}

/* Write-fault every page, so each GUP call finds them all present. */
static bool
prefault(unsigned long addr, unsigned long nr)
{
	u64 t0 = ktime_get_ns();

	for (unsigned long i = 0; i < nr; i++)
		if (put_user_u64(i, (void *)(addr + i * PAGE_SIZE)))
			return false;
	bench_report("gup.fault.ns_per_page", (ktime_get_ns() - t0) / nr, "ns");
	return true;
}

static void
gup_sizes(unsigned long addr, unsigned long largest, struct page **pages)
{
	const unsigned long sizes[] = { 1, BATCH_PAGES, largest };
	struct gup_bench b = { .addr = addr, .pages = pages };

	for (int s = 0; s < 3; s++) {
		b.n = sizes[s];
		b.calls = b.n < BATCH_PAGES ? BATCH_PAGES / b.n : 1;
		for (b.op = OP_PIN_FAST; b.op <= OP_GET_FAST; b.op++)
			gup_measure(&b);
	}
}

static void
bench_gup(void)
{
	unsigned long largest = largest_size();
	struct mm_struct *mm = mm_alloc();
	struct page **pages = kcalloc(largest, sizeof(*pages), 0);
	long addr;

	if (mm == NULL || pages == NULL) {
		bench_note("# BENCH-NOTE gup: out of memory\n");
		goto out;
	}
	kthread_use_mm(mm);
	addr = vm_mmap(NULL, 0, largest * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (addr <= 0 || !prefault(addr, largest))
		bench_note("# BENCH-NOTE gup: no buffer (%ld)\n", addr);
	else
		gup_sizes(addr, largest, pages);
	kthread_unuse_mm(mm);
out:
	if (mm)
		mmput(mm);
	kfree(pages);
}

static const struct kbench gup_bench = { "gup", bench_gup };
kbench_register(gup_bench);
