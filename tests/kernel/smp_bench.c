/*
 * Benchmark "smp": GUP and TLB shootdown with several CPUs on one mm.
 *
 * Pin throughput, in pages/s summed over the threads:
 *   smp.pin_fast.pages_per_s.tT     pin_user_pages_fast()
 *   smp.pin_locked.pages_per_s.tT   pin_user_pages() under mmap_lock
 * T = 1, 2, 4 kernel threads, each bound to its own CPU and running on
 * the same mm (kthread_use_mm), each pinning (FOLL_WRITE |
 * FOLL_LONGTERM) and unpinning its own pre-faulted 512-page slice in
 * a loop for RUN_NS. The slices are PMD-aligned, so no two threads
 * share a page-table page; what they do share is the mm (mmap_lock,
 * page_table_lock) and the global pin counters.
 *
 * TLB shootdown, in ns per flush_tlb_mm() (a CR3 reload here plus an
 * IPI round to every other CPU that has the mm loaded, waiting for
 * each):
 *   smp.tlb_flush_mm.ns.remoteR       R holder threads, each on its own
 *                                     CPU, on the mm, spinning with
 *                                     interrupts on (cpu_relax)
 *   smp.tlb_flush_mm.ns.remoteR_idle  R CPUs holding the mm lazily
 *                                     while idle (the holder ran on
 *                                     the mm, then went to sleep)
 * R = 0, 1, 3. The flushing thread is bound to CPU 0, the holders to
 * CPUs 1..R.
 *
 * A configuration that needs more CPUs than are online prints a
 * "# BENCH-SKIP name reason" line instead of a figure. Nothing is
 * asserted; a failure prints "# BENCH-NOTE" and drops the figure.
 */
#include <bench.h>
#include <cpumask.h>
#include <errno.h>
#include <gup.h>
#include <mman.h>
#include <printk.h>
#include <sched.h>
#include <slab.h>
#include <smp.h>
#include <string.h>
#include <time.h>
#include <uaccess.h>
#include <wait.h>
#include <asm/cpu.h>

#define SLICE_PAGES 512
#define MAX_THREADS 4
#define RUN_NS	    1000000000ULL /* shorter runs follow the host load */
#define LT_WRITE    (FOLL_WRITE | FOLL_LONGTERM)

extern unsigned long tlb_shootdowns;

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

/* Start @fn(@arg) bound to @cpu; NULL (and a note) on failure. */
static struct task_struct *
start_bound(int (*fn)(void *), void *arg, int cpu, const char *name)
{
	struct task_struct *t = kthread_create(fn, arg, name);

	if (IS_ERR(t)) {
		bench_note("# BENCH-NOTE smp: cannot create %s\n", name);
		return NULL;
	}
	kthread_bind(t, cpu);
	wake_up_process(t);
	return t;
}

/* Sleep, not spin: the CPU we are on may be one a thread is bound to. */
static void
wait_ready(atomic_t *ready, int n)
{
	while (atomic_read(ready) < n)
		msleep(1);
}

/* ---- pin throughput ---- */

struct pin_run {
	struct mm_struct *mm;
	unsigned long base; /* slice i at base + i * slice */
	bool fast;
	atomic_t ready;
	volatile bool go;
	u64 start, deadline;
};

struct pin_worker {
	struct pin_run *run;
	int index;
	unsigned long pages; /* pinned (and unpinned) in total */
	u64 ns;		     /* from start to its last unpin */
	long error;	     /* a short pin: what it returned */
	struct page *slice[SLICE_PAGES];
};

static long
pin_slice(struct pin_worker *w, unsigned long addr)
{
	struct mm_struct *mm = w->run->mm;
	long got;

	if (w->run->fast)
		return pin_user_pages_fast(addr, SLICE_PAGES, LT_WRITE,
					   w->slice);
	down_read(&mm->mmap_lock);
	got = pin_user_pages(addr, SLICE_PAGES, LT_WRITE, w->slice);
	up_read(&mm->mmap_lock);
	return got;
}

static int
pin_worker_fn(void *arg)
{
	struct pin_worker *w = arg;
	struct pin_run *run = w->run;
	unsigned long addr = run->base + w->index * SLICE_PAGES * PAGE_SIZE;
	long got;

	kthread_use_mm(run->mm);
	atomic_inc(&run->ready);
	while (!READ_ONCE(run->go))
		cpu_relax();
	while (ktime_get_ns() < run->deadline) {
		got = pin_slice(w, addr);
		if (got != SLICE_PAGES) {
			if (got > 0)
				unpin_user_pages(w->slice, got);
			w->error = got;
			break;
		}
		unpin_user_pages(w->slice, SLICE_PAGES);
		w->pages += SLICE_PAGES;
	}
	w->ns = ktime_get_ns() - run->start;
	kthread_unuse_mm(run->mm);
	return 0;
}

/* Run @nthreads workers on CPUs 0..nthreads-1; pages/s, 0 on error. */
static unsigned long
pin_throughput(struct pin_run *run, struct pin_worker *w, int nthreads)
{
	struct task_struct *t[MAX_THREADS] = { 0 };
	unsigned long rate = 0;
	bool ok = true;
	int i;

	atomic_set(&run->ready, 0);
	run->go = false;
	for (i = 0; i < nthreads; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].run = run;
		w[i].index = i;
		t[i] = start_bound(pin_worker_fn, &w[i], i, "pinbench");
		if (t[i] == NULL)
			break;
	}
	if (i == nthreads) {
		wait_ready(&run->ready, nthreads);
		run->start = ktime_get_ns();
		run->deadline = run->start + RUN_NS;
		smp_mb(); /* the deadline before go */
		WRITE_ONCE(run->go, true);
	} else {
		run->start = run->deadline = 0; /* stop at once */
		WRITE_ONCE(run->go, true);
		ok = false;
	}
	for (i = 0; i < nthreads && t[i]; i++) {
		kthread_join(t[i]);
		if (w[i].error || w[i].ns == 0)
			ok = false;
		else
			rate += w[i].pages * 1000000000ULL / w[i].ns;
	}
	return ok ? rate : 0;
}

/* One figure: @nthreads threads, fast or locked; or a skip line. */
static void
pin_figure(struct pin_run *run, struct pin_worker *w, int nthreads)
{
	unsigned long rate;
	char name[64];

	snprintf(name, sizeof(name), "smp.%s.pages_per_s.t%d",
		 run->fast ? "pin_fast" : "pin_locked", nthreads);
	if (nthreads > nr_cpus_online) {
		bench_note("# BENCH-SKIP %s needs %d CPUs, %d online\n", name,
			   nthreads, nr_cpus_online);
		return;
	}
	rate = pin_throughput(run, w, nthreads);
	if (rate)
		bench_report(name, rate, "pages/s");
	else
		bench_note("# BENCH-NOTE %s: a pin fell short\n", name);
}

static void
bench_pin_scaling(struct pin_run *run, struct pin_worker *w)
{
	static const int threads[] = { 1, 2, MAX_THREADS };

	for (int f = 1; f >= 0; f--) {
		run->fast = f;
		for (int i = 0; i < 3; i++)
			pin_figure(run, w, threads[i]);
	}
}

/* The slices, PMD-aligned inside a larger mapping, all write-faulted. */
static unsigned long
map_slices(void)
{
	unsigned long len = (MAX_THREADS + 1) * SLICE_PAGES * PAGE_SIZE;
	long addr = vm_mmap(NULL, 0, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, 0);
	unsigned long base;

	if (addr <= 0)
		return 0;
	base = ALIGN((unsigned long)addr, PMD_SIZE);
	for (unsigned long i = 0; i < MAX_THREADS * SLICE_PAGES; i++)
		if (put_user_u64(i, (void *)(base + i * PAGE_SIZE)))
			return 0;
	return base;
}

static void
bench_pins(void)
{
	struct pin_run run = { 0 };
	struct pin_worker *w = kcalloc(MAX_THREADS, sizeof(*w), 0);

	run.mm = mm_alloc();
	if (run.mm == NULL || w == NULL) {
		bench_note("# BENCH-NOTE smp: out of memory\n");
		goto out;
	}
	kthread_use_mm(run.mm);
	run.base = map_slices();
	kthread_unuse_mm(run.mm);
	if (run.base == 0)
		bench_note("# BENCH-NOTE smp: cannot map the slices\n");
	else
		bench_pin_scaling(&run, w);
out:
	if (run.mm)
		mmput(run.mm);
	kfree(w);
}

/* ---- TLB shootdown ---- */

struct tlb_run {
	struct mm_struct *mm;
	int remote; /* holder CPUs wanted */
	bool idle;  /* holders sleep instead of spinning */
	atomic_t ready;
	volatile bool stop;
	struct wait_queue_head wq;
	unsigned long flushes, ipis;
	u64 ns;
	int mask_cpus; /* CPUs with the mm, seen at start */
};

/*
 * Keep the mm loaded on this CPU. Spinning: with interrupts and
 * preemption on, so the IPI is taken at once. Idle: the holder sleeps,
 * the idle task keeps the mm lazily in CR3 (and the CPU in
 * mm->cpu_mask), and the CPU halts until the IPI wakes it.
 */
static int
tlb_holder_fn(void *arg)
{
	struct tlb_run *run = arg;

	kthread_use_mm(run->mm);
	atomic_inc(&run->ready);
	if (run->idle)
		wait_event(run->wq, READ_ONCE(run->stop));
	else
		while (!READ_ONCE(run->stop))
			cpu_relax();
	kthread_unuse_mm(run->mm);
	return 0;
}

static int
tlb_flusher_fn(void *arg)
{
	struct tlb_run *run = arg;
	unsigned long n = 0, ipis0;
	u64 t0;

	kthread_use_mm(run->mm);
	/* Holders that sleep must be off their CPU before we start. */
	wait_ready(&run->ready, run->remote);
	if (run->idle)
		msleep(20);
	run->mask_cpus = cpumask_weight(to_cpumask(&run->mm->cpu_mask));
	ipis0 = READ_ONCE(tlb_shootdowns);
	t0 = ktime_get_ns();
	do {
		flush_tlb_mm(run->mm);
		n++;
	} while (ktime_get_ns() - t0 < RUN_NS);
	run->ns = ktime_get_ns() - t0;
	run->ipis = READ_ONCE(tlb_shootdowns) - ipis0;
	run->flushes = n;
	kthread_unuse_mm(run->mm);
	return 0;
}

/* Start holders on CPUs 1..remote and the flusher on CPU 0; join all. */
static bool
tlb_measure(struct tlb_run *run)
{
	struct task_struct *t[MAX_THREADS] = { 0 }, *f = NULL;
	int i;

	atomic_set(&run->ready, 0);
	run->stop = false;
	for (i = 0; i < run->remote; i++)
		if ((t[i] = start_bound(tlb_holder_fn, run, i + 1,
					"tlbholder")) == NULL)
			break;
	if (i == run->remote)
		f = start_bound(tlb_flusher_fn, run, 0, "tlbflush");
	if (f)
		kthread_join(f);
	WRITE_ONCE(run->stop, true);
	wake_up(&run->wq);
	for (i = 0; i < run->remote && t[i]; i++)
		kthread_join(t[i]);
	return f != NULL;
}

static void
tlb_report(struct tlb_run *run, const char *name)
{
	if (run->mask_cpus != run->remote + 1)
		bench_note("# BENCH-NOTE %s: %d CPUs had the mm, expected "
			   "%d\n",
			   name, run->mask_cpus, run->remote + 1);
	if (run->remote && run->ipis != run->flushes)
		bench_note("# BENCH-NOTE %s: %lu IPI rounds for %lu flushes\n",
			   name, run->ipis, run->flushes);
	bench_report(name, run->ns / run->flushes, "ns");
}

/* One figure: @remote holder CPUs, spinning or idle; or a skip line. */
static void
tlb_figure(struct tlb_run *run, int remote, bool idle)
{
	char name[64];

	run->remote = remote;
	run->idle = idle;
	snprintf(name, sizeof(name), "smp.tlb_flush_mm.ns.remote%d%s", remote,
		 idle ? "_idle" : "");
	if (remote + 1 > nr_cpus_online) {
		bench_note("# BENCH-SKIP %s needs %d CPUs, %d online\n", name,
			   remote + 1, nr_cpus_online);
		return;
	}
	if (tlb_measure(run))
		tlb_report(run, name);
}

static void
bench_tlb(void)
{
	struct tlb_run run = { 0 };

	init_waitqueue_head(&run.wq);
	run.mm = mm_alloc();
	if (run.mm == NULL)
		return;
	tlb_figure(&run, 0, false);
	tlb_figure(&run, 1, false);
	tlb_figure(&run, 3, false);
	tlb_figure(&run, 1, true);
	tlb_figure(&run, 3, true);
	mmput(run.mm);
}

static void
bench_smp(void)
{
	bench_pins();
	bench_tlb();
}

static const struct kbench smp_bench = { "smp", bench_smp };
kbench_register(smp_bench);
