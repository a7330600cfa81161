/*
 * Suite "gup_stress": the lockless GUP-fast path and the pin rules
 * under real concurrency. Each stress case runs three kernel threads
 * on one user mm (kthread_use_mm), bound to CPUs 1, 2 and 3: A pins
 * and unpins with pin_user_pages_fast(); B and C change the address
 * space or the file under it (munmap/mmap, mprotect, fork, truncate,
 * writeback, stores). One role's round count bounds a case (and a time
 * budget, in case the host is very slow); the others run until it is
 * done. The stress cases need four CPUs (the kernel-smp4 boot of make
 * test) and report SKIP on fewer. Two small deterministic cases run
 * anywhere: fork_copies_pinned_anon_page (mm/memory.c's copy of a
 * maybe-pinned page at fork) and fast_pin_backs_off_when_fork_starts
 * (the write_protect_seq window, which the stress case hits only by
 * luck).
 *
 * Checked in every stress case: a page we hold a pin on has a refcount
 * of at least GUP_PIN_COUNTING_BIAS, is not free (PG_buddy, PG_poisoned,
 * or the 0x6b free-page poison in its first and last words) and keeps
 * what we wrote into it through the direct map; at the end
 * nr_foll_pin_acquired == nr_foll_pin_released, page_poison_errors has
 * not moved and no WARN fired (warn_count: a folio_put() underflow
 * WARNs). Each case adds its own invariant, described at the case.
 *
 * Randomness: every thread draws from its own xorshift64 stream derived
 * from the case seed, which is ktime_get_ns() or stress_seed=N from the
 * command line. The seed is printed first ("# CASE: seed N"); a failing
 * case prints how to boot with it again. A seed fixes the choices the
 * threads make, not how the CPUs interleave them.
 *
 * Threads report broken invariants with kunit_fail() (the first few;
 * the rest are only counted) and never ASSERT: that would longjmp onto
 * the test thread's stack.
 */
#include <kunit.h>
#include <cmdline.h>
#include <errno.h>
#include <fs.h>
#include <gfp.h>
#include <gup.h>
#include <mman.h>
#include <pgtable.h>
#include <pin_policy.h>
#include <sched.h>
#include <slab.h>
#include <smp.h>
#include <string.h>
#include <time.h>
#include <uaccess.h>
#include <vmstat.h>
#include <writeback.h>
#include <uapi/fcntl.h>

extern unsigned long warn_count;			/* kernel/panic.c */
extern void (*gup_fast_race_hook)(pte_t *ptep);	/* mm/gup_fast.c */
int do_truncate(struct dentry *d, loff_t length);	/* fs/open.c */
int do_unlinkat(int dfd, const char *name);		/* fs/namei_ops.c */
long sys_madvise(long, long, long, long, long, long);

#define P PAGE_SIZE
#define NPAGES 64		/* the range the threads fight over */
#define SHM_PAGES 16		/* the shmem part of the refcount case */
#define FLUSH_PAGES 16		/* the ext2 file of the flusher case */
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define LT_WRITE (FOLL_WRITE | FOLL_LONGTERM)
#define POISON_WORD 0x6b6b6b6b6b6b6b6bULL	/* mm/page_alloc.c's fill */
#define MAX_REPORTS 5
#define NSEC_PER_SEC 1000000000ULL
#define EXT2_FILE "/gup_stress.dat"

/* ---- the seed and the PRNG ---- */

static unsigned long stress_seed_arg;
static bool stress_seed_given;

static int
stress_seed_setup(const char *val)
{
	if (val == NULL || kstrtoul(val, 0, &stress_seed_arg))
		return -EINVAL;
	stress_seed_given = true;
	return 0;
}
__setup("stress_seed=", stress_seed_setup);

/* xorshift64 (Marsaglia): tiny, and plenty to vary interleavings. */
static u64
prng_next(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static unsigned long
prng_below(u64 *state, unsigned long n)
{
	return (unsigned long)(prng_next(state) % n);
}

/* One stream per thread: the seed scrambled with the role, never 0. */
static u64
prng_init(u64 seed, int stream)
{
	u64 x = seed + 0x9e3779b97f4a7c15ULL * (u64)(stream + 1);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x ? x : 1;
}

/* ---- the shared state of one case ---- */

enum stress_role { ROLE_A, ROLE_B, ROLE_C, NR_ROLES };

struct stress;
typedef void (*stress_fn)(struct stress *s, u64 *rng);

struct stress {
	struct kunit *test;
	struct mm_struct *mm;
	unsigned long addr;		/* the range A pins */
	unsigned long npages;
	unsigned long shm_addr;		/* refcount case: shmem part */
	struct file *file;		/* the mapped file, or NULL */
	u64 seed;
	int bound_role;			/* its rounds bound the run */
	unsigned long rounds, round_end;
	u64 budget_ns, deadline, t0;
	bool hit_deadline;
	stress_fn fn[NR_ROLES];
	atomic_t started;
	int stop, abort;		/* READ_ONCE/WRITE_ONCE */
	atomic_t failures;
	unsigned long ops[NR_ROLES];	/* rounds each role completed */
	unsigned long pins_full, pins_partial, pins_none, slow_calls;
	/* per-round pin mode: truncate case alternates two */
	const struct pin_policy *round_policy[2];
	unsigned int round_flags[2];
	bool write_pins;		/* flusher case: policy allows them */
	/* fork case: the child B made, published under child_lock */
	spinlock_t child_lock;
	struct mm_struct *child;
	unsigned long forks, child_gen;	/* forks so far; the child's */
	unsigned long child_checks, forked_while_pinned;
	/* refcount case: the pins held for the whole run */
	struct page *held[NPAGES + SHM_PAGES];
	int nheld;
	/* counters at the start */
	unsigned long poison0, warn0;
	long acquired0;
};

/*
 * Record a broken invariant from any thread. Only the first few are
 * printed: a broken kernel would otherwise flood the console.
 */
#define STRESS_CHECK(s, cond, fmt, ...)                                     \
	({                                                                  \
		bool __ok = !!(cond);                                       \
		if (unlikely(!__ok) &&                                      \
		    atomic_add_return(1, &(s)->failures) <= MAX_REPORTS)    \
			kunit_fail((s)->test, __FILE__, __LINE__,           \
				   "%s: " fmt, #cond, ##__VA_ARGS__);       \
		__ok;                                                       \
	})

/*
 * The loop condition of every role. The bound role counts its rounds
 * (and watches the time budget, in case the host is very slow); the
 * others run until it is done.
 */
static bool
stress_next(struct stress *s, int role)
{
	if (role != s->bound_role)
		return !READ_ONCE(s->stop);
	if (s->ops[role] >= s->round_end)
		return false;
	if (ktime_get_ns() < s->deadline)
		return true;
	s->hit_deadline = true;
	return false;
}

/* A short random pause, now and then a yield: lets the others move. */
static void
stress_pause(u64 *rng)
{
	u64 r = prng_next(rng);

	if ((r & 7) == 0)
		yield();
	else
		udelay(r % 32);
}

/* ---- running the three threads ---- */

struct stress_thread {
	struct stress *s;
	int role;
};

static int
stress_thread(void *arg)
{
	struct stress_thread *st = arg;
	struct stress *s = st->s;
	u64 rng = prng_init(s->seed, st->role);

	kthread_use_mm(s->mm);
	/* Start together, so every round of A meets B and C at work. */
	atomic_inc(&s->started);
	while (atomic_read(&s->started) < NR_ROLES && !READ_ONCE(s->abort))
		cpu_relax();
	if (!READ_ONCE(s->abort))
		s->fn[st->role](s, &rng);
	if (st->role == s->bound_role)
		WRITE_ONCE(s->stop, 1);
	kthread_unuse_mm(s->mm);
	return 0;
}

/* Run s->fn[] on CPUs 1, 2, 3 and wait for all three. */
static void
stress_run(struct stress *s)
{
	static const char *const names[NR_ROLES] = { "stressA", "stressB",
						     "stressC" };
	struct stress_thread st[NR_ROLES];
	struct task_struct *t[NR_ROLES];
	int n;

	atomic_set(&s->started, 0);
	WRITE_ONCE(s->stop, 0);
	s->deadline = ktime_get_ns() + s->budget_ns;
	s->round_end = s->ops[s->bound_role] + s->rounds;
	for (n = 0; n < NR_ROLES; n++) {
		st[n] = (struct stress_thread){ s, n };
		t[n] = kthread_create(stress_thread, &st[n], names[n]);
		if (!STRESS_CHECK(s, !IS_ERR_OR_NULL(t[n]), "thread %d", n)) {
			WRITE_ONCE(s->abort, 1);
			break;
		}
		kthread_bind(t[n], n + 1);
	}
	for (int i = 0; i < n; i++)
		wake_up_process(t[i]);
	for (int i = 0; i < n; i++)
		kthread_join(t[i]);
}

static void
stress_begin(struct kunit *test, struct stress *s, int bound_role,
	     unsigned long rounds, unsigned int budget_s)
{
	if (nr_cpus_online < 4)
		kunit_skip(test, "needs 4 CPUs");
	memset(s, 0, sizeof(*s));
	s->test = test;
	s->mm = current->mm;
	s->npages = NPAGES;
	s->bound_role = bound_role;
	s->rounds = rounds;
	s->t0 = ktime_get_ns();
	s->budget_ns = budget_s * NSEC_PER_SEC;
	s->seed = stress_seed_given ? stress_seed_arg : ktime_get_ns();
	kunit_info(test, "seed %lu", s->seed);
	spin_lock_init(&s->child_lock, "gup_stress child");
	atomic_set(&s->failures, 0);
	s->poison0 = page_poison_errors;
	s->warn0 = warn_count;
	s->acquired0 = global_vm_event(NR_FOLL_PIN_ACQUIRED);
}

/* make test does not pass CMDLINE to its boots: give the whole line. */
static void
print_reproducer(struct kunit *test, u64 seed)
{
	kunit_info(test, "reproduce (same choices, not the same "
		   "interleaving) with stress_seed=%lu:", seed);
	kunit_info(test, "qemu-system-x86_64 -accel tcg -cpu max -smp 4 "
		   "-m 512M -display none -serial stdio -no-reboot "
		   "-device isa-debug-exit,iobase=0xf4,iosize=0x04");
	kunit_info(test, "  -kernel build/pinos.elf -initrd "
		   "build/initramfs.cpio -drive file=DISK_COPY,if=none,"
		   "id=d0,format=raw -device virtio-blk-pci,drive=d0");
	kunit_info(test, "  -append 'console=ttyS0 quiet tests=gup_stress "
		   "stress_seed=%lu'  (DISK_COPY: a copy of build/disk.img)",
		   seed);
}

/*
 * The checks every stress case ends with: every pin released, no page
 * written after it was freed, no WARN (a folio_put() underflow is one),
 * no broken invariant, and B and C really ran alongside A.
 */
static void
stress_end(struct kunit *test, struct stress *s)
{
	long acquired = global_vm_event(NR_FOLL_PIN_ACQUIRED);
	long released = global_vm_event(NR_FOLL_PIN_RELEASED);

	kunit_info(test, "A %lu rounds: %lu pinned all, %lu partly, %lu "
		   "nothing, %lu took the slow path; B %lu, C %lu rounds; "
		   "%lu ms%s", s->ops[ROLE_A], s->pins_full, s->pins_partial,
		   s->pins_none, s->slow_calls, s->ops[ROLE_B],
		   s->ops[ROLE_C], (ktime_get_ns() - s->t0) / 1000000,
		   s->hit_deadline ? " (time budget reached)" : "");
	KUNIT_EXPECT_EQ(test, atomic_read(&s->failures), 0);
	KUNIT_EXPECT_GT(test, acquired - s->acquired0, 0);
	KUNIT_EXPECT_EQ(test, acquired, released);
	KUNIT_EXPECT_EQ(test, page_poison_errors, s->poison0);
	KUNIT_EXPECT_EQ(test, warn_count, s->warn0);
	KUNIT_EXPECT_GT(test, s->ops[ROLE_B], 0);
	KUNIT_EXPECT_GT(test, s->ops[ROLE_C], 0);
	if (test->status == KUNIT_FAILURE)
		print_reproducer(test, s->seed);
}

/* ---- what a pinned page must look like ---- */

/* Words A writes; word 0 is left to the threads that store to the page. */
static const int pattern_words[] = { 1, 64, 128, 192, 256, 320, 384, 448,
				     511 };

/* Even, so never the (odd) poison word. */
static u64
pattern(u64 seed, unsigned long round, unsigned long k, int i)
{
	u64 x = seed ^ ((u64)round << 24) ^ ((u64)k << 12) ^ (u64)i;

	return (x * 0x9e3779b97f4a7c15ULL) & ~1ULL;
}

static void
fill_pattern(struct page *page, u64 seed, unsigned long round,
	     unsigned long k)
{
	u64 *w = page_address(page);

	for (int i = 0; i < (int)ARRAY_SIZE(pattern_words); i++)
		WRITE_ONCE(w[pattern_words[i]], pattern(seed, round, k, i));
}

static bool
pattern_intact(struct page *page, u64 seed, unsigned long round,
	       unsigned long k)
{
	const u64 *w = page_address(page);

	for (int i = 0; i < (int)ARRAY_SIZE(pattern_words); i++)
		if (READ_ONCE(w[pattern_words[i]]) !=
		    pattern(seed, round, k, i))
			return false;
	return true;
}

/*
 * A page we hold a pin on must look pinned and must not be free: any of
 * these failing means the pin did not keep the page alive.
 */
static void
check_pinned(struct stress *s, struct page *page)
{
	struct folio *f = page_folio(page);
	const u64 *w = page_address(page);
	unsigned long pfn = page_to_pfn(page);
	int ref = folio_ref_count(f);

	STRESS_CHECK(s, ref >= (int)GUP_PIN_COUNTING_BIAS,
		     "pinned pfn %#lx has refcount %d", pfn, ref);
	STRESS_CHECK(s, !folio_test_buddy(f) && !folio_test_poisoned(f),
		     "pinned pfn %#lx is free (flags %#lx)", pfn, f->flags);
	STRESS_CHECK(s, READ_ONCE(w[0]) != POISON_WORD ||
			     READ_ONCE(w[511]) != POISON_WORD,
		     "pinned pfn %#lx holds the free-page poison", pfn);
}

/* @mm's PTE for @addr (none: 0), read under its page_table_lock. */
static pte_t
pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = __pte(0), *ptep;

	spin_lock(&mm->page_table_lock);
	ptep = walk_user_pte(mm, addr);
	if (ptep)
		pte = *ptep;
	spin_unlock(&mm->page_table_lock);
	return pte;
}

/* ---- A's building blocks ---- */

struct pin_round {
	unsigned long first;		/* page index in the range */
	int n, got;
	unsigned long forks0;		/* fork case: s->forks then */
	struct page *pages[NPAGES];
};

static void
count_pin_outcome(struct stress *s, struct pin_round *pr)
{
	if (pr->got <= 0)
		s->pins_none++;
	else if (pr->got < pr->n)
		s->pins_partial++;
	else
		s->pins_full++;
}

/*
 * Pin a random part of [base, base + npages pages). Failing is fine
 * while others unmap or protect the range: -EFAULT, or fewer pages.
 */
static void
pin_some(struct stress *s, u64 *rng, struct pin_round *pr,
	 unsigned long base, unsigned long npages, unsigned int flags)
{
	unsigned long slow0 = global_vm_event(GUP_SLOW_PINNED);

	pr->first = prng_below(rng, npages);
	pr->n = 1 + (int)prng_below(rng, npages - pr->first);
	pr->got = pin_user_pages_fast(base + pr->first * P, pr->n, flags,
				      pr->pages);
	if (global_vm_event(GUP_SLOW_PINNED) != slow0)
		s->slow_calls++;
	count_pin_outcome(s, pr);
	STRESS_CHECK(s, pr->got >= 0 || pr->got == -EFAULT,
		     "pin_user_pages_fast returned %d", pr->got);
	if (pr->got < 0)
		pr->got = 0;
	STRESS_CHECK(s, pr->got <= pr->n, "%d pages for %d", pr->got, pr->n);
}

/*
 * Hold A's pins for a moment: each page looks pinned and takes this
 * round's pattern through the direct map, as a device would write it;
 * after a pause (B and C keep changing the mapping) it must still hold
 * it: a pinned page is never freed or reused underneath its pinner.
 * @during runs while the pins are held.
 */
static void
hold_and_check(struct stress *s, u64 *rng, struct pin_round *pr,
	       unsigned long round,
	       void (*during)(struct stress *s, struct pin_round *pr))
{
	for (int i = 0; i < pr->got; i++) {
		check_pinned(s, pr->pages[i]);
		fill_pattern(pr->pages[i], s->seed, round, pr->first + i);
	}
	stress_pause(rng);
	if (during)
		during(s, pr);
	for (int i = 0; i < pr->got; i++) {
		check_pinned(s, pr->pages[i]);
		STRESS_CHECK(s, pattern_intact(pr->pages[i], s->seed, round,
					       pr->first + i),
			     "pinned pfn %#lx lost what was written to it",
			     page_to_pfn(pr->pages[i]));
	}
}

/* ---- B's and C's building blocks ---- */

/*
 * Store to word 0 of a few random pages (A's pattern lives elsewhere).
 * The store may fail: the range may be read-only, unmapped, or beyond
 * a truncated file's end just now.
 */
static void
touch_some(struct stress *s, u64 *rng, unsigned long base,
	   unsigned long npages)
{
	int n = 1 + (int)prng_below(rng, 16);

	for (int i = 0; i < n; i++) {
		unsigned long k = prng_below(rng, npages);

		put_user_u64(prng_next(rng) & ~1ULL, (void *)(base + k * P));
	}
}

static void
store_loop(struct stress *s, u64 *rng)
{
	while (stress_next(s, ROLE_C)) {
		touch_some(s, rng, s->addr, s->npages);
		stress_pause(rng);
		s->ops[ROLE_C]++;
	}
}

static int
mprotect_locked(struct mm_struct *mm, unsigned long a, unsigned long len,
		unsigned long prot)
{
	int err;

	down_write(&mm->mmap_lock);
	err = do_mprotect(mm, a, len, prot);
	up_write(&mm->mmap_lock);
	return err;
}

/* Make a random part of [base, +npages) read-only, then writable again. */
static void
mprotect_flip(struct stress *s, u64 *rng, unsigned long base,
	      unsigned long npages)
{
	unsigned long first = prng_below(rng, npages);
	unsigned long len = (1 + prng_below(rng, npages - first)) * P;

	/* -ENOMEM while B has part of it unmapped: expected. */
	mprotect_locked(s->mm, base + first * P, len, PROT_READ);
	stress_pause(rng);
	mprotect_locked(s->mm, base + first * P, len, RW);
}

/*
 * Unmap [a, a + len) and map fresh anonymous memory there again: under
 * one hold of mmap_lock, or (the window GUP's slow path can fall into)
 * with the range unmapped for a moment in between.
 */
static void
remap_anon(struct stress *s, u64 *rng, unsigned long a, unsigned long len)
{
	struct mm_struct *mm = s->mm;
	long ret;

	down_write(&mm->mmap_lock);
	STRESS_CHECK(s, do_munmap(mm, a, len) == 0, "munmap %#lx", a);
	if (prng_next(rng) & 1) {
		ret = (long)do_mmap(NULL, a, len, RW, ANON | MAP_FIXED, 0);
		up_write(&mm->mmap_lock);
	} else {
		up_write(&mm->mmap_lock);
		stress_pause(rng);
		ret = vm_mmap(NULL, a, len, RW, ANON | MAP_FIXED, 0);
	}
	STRESS_CHECK(s, ret == (long)a, "mmap at %#lx returned %ld", a, ret);
}

/* ---- the fixture: an mm for the test thread, restored settings ---- */

static struct {
	struct mm_struct *mm;
	const struct pin_policy *policy;
	long writeback_cs, expire_cs;
	struct file *file;
	bool unlink;
} fx;

static int
stress_init(struct kunit *test)
{
	fx.mm = mm_alloc();
	if (fx.mm == NULL)
		return -ENOMEM;
	kthread_use_mm(fx.mm);
	fx.policy = pin_policy_get();
	fx.writeback_cs = dirty_writeback_centisecs;
	fx.expire_cs = dirty_expire_centisecs;
	fx.file = NULL;
	fx.unlink = false;
	return 0;
}

/* Also after a failed ASSERT: policy, tunables, the mm, the file. */
static void
stress_exit(struct kunit *test)
{
	gup_fast_race_hook = NULL;
	WRITE_ONCE(active_pin_policy, fx.policy);
	WRITE_ONCE(dirty_writeback_centisecs, fx.writeback_cs);
	WRITE_ONCE(dirty_expire_centisecs, fx.expire_cs);
	wakeup_flusher();
	kthread_unuse_mm(fx.mm);
	mmput(fx.mm);
	if (fx.file)
		fput(fx.file);
	if (fx.unlink)
		do_unlinkat(AT_FDCWD, EXT2_FILE);
}

static unsigned long
map_test_range(struct kunit *test, struct file *f, unsigned long npages,
	  int flags)
{
	long a = vm_mmap(f, 0, npages * P, RW, flags, 0);

	KUNIT_ASSERT_GT(test, a, 0);
	for (unsigned long k = 0; k < npages; k++)
		KUNIT_ASSERT_EQ(test, put_user_u64(k, (void *)(a + k * P)), 0);
	return (unsigned long)a;
}

static bool
root_is_ext2(void)
{
	struct path p;
	bool ext2;

	if (kern_path("/", &p))
		return false;
	ext2 = strcmp(p.mnt->mnt_sb->s_type->name, "ext2") == 0;
	path_put(&p);
	return ext2;
}

/*
 * A file of @npages on the ext2 root, every block written (allocated),
 * so no folio is ever dirtied over a hole: that hazard is the scenario's
 * (pinscenario -H), not what these cases measure. Skips without ext2.
 */
static struct file *
ext2_test_file(struct kunit *test, unsigned long npages)
{
	u64 *buf;
	loff_t pos = 0;

	if (!root_is_ext2())
		kunit_skip(test, "no ext2 filesystem mounted at /");
	fx.file = filp_open(EXT2_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(fx.file));
	fx.unlink = true;
	buf = kmalloc(P, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x5a, P);
	for (unsigned long k = 0; k < npages; k++)
		KUNIT_EXPECT_EQ(test, kernel_write(fx.file, buf, P, &pos),
				(long)P);
	kfree(buf);
	KUNIT_ASSERT_EQ(test, vfs_fsync(fx.file, 0), 0);
	return fx.file;
}

/* ==== case: pins vs munmap/mmap and mprotect ==== */

static void
munmap_case_a(struct stress *s, u64 *rng)
{
	struct pin_round pr;

	while (stress_next(s, ROLE_A)) {
		unsigned long r = s->ops[ROLE_A];

		pin_some(s, rng, &pr, s->addr, s->npages, LT_WRITE);
		hold_and_check(s, rng, &pr, r, NULL);
		unpin_user_pages(pr.pages, pr.got);
		s->ops[ROLE_A]++;
	}
}

/*
 * B: unmap and remap the range; one round in four zap it instead
 * (MADV_DONTNEED, under mmap_lock for read: C keeps storing meanwhile).
 */
static void
remap_loop(struct stress *s, u64 *rng)
{
	while (stress_next(s, ROLE_B)) {
		if (prng_below(rng, 4) == 0)
			sys_madvise(s->addr, s->npages * P, MADV_DONTNEED, 0, 0,
				    0);
		else
			remap_anon(s, rng, s->addr, s->npages * P);
		touch_some(s, rng, s->addr, s->npages);
		s->ops[ROLE_B]++;
	}
}

/*
 * C: now and then a part of the range read-only and back; stores all
 * the time. A CPU still holding a stale TLB entry for a page B freed
 * would write into it, and the allocator's poison check would say so
 * when the page is reused.
 */
static void
mprotect_loop(struct stress *s, u64 *rng)
{
	while (stress_next(s, ROLE_C)) {
		if (s->ops[ROLE_C] % 8 == 0)
			mprotect_flip(s, rng, s->addr, s->npages);
		for (unsigned long k = 0; k < s->npages; k++)
			put_user_u64(prng_next(rng) & ~1ULL,
				     (void *)(s->addr + k * P));
		s->ops[ROLE_C]++;
	}
}

/*
 * A long-term-write-pins and unpins parts of a 64-page anonymous range
 * while B unmaps and remaps it (or zaps it) and C flips it read-only
 * and back and stores to it. Pins may fail; a page that was pinned
 * must stay alive and keep its data.
 */
static void
gup_stress_pin_vs_munmap(struct kunit *test)
{
	struct stress s;

	stress_begin(test, &s, ROLE_B, 400, 20);
	s.addr = map_test_range(test, NULL, NPAGES, ANON);
	s.fn[ROLE_A] = munmap_case_a;
	s.fn[ROLE_B] = remap_loop;
	s.fn[ROLE_C] = mprotect_loop;
	stress_run(&s);
	stress_end(test, &s);
}

/* ==== case: pins vs fork ==== */

/* The child B published, if any: how A checks it depends on its age. */
static void
check_child(struct stress *s, struct pin_round *pr)
{
	spin_lock(&s->child_lock);
	if (s->child) {
		for (int i = 0; i < pr->got; i++) {
			unsigned long a = s->addr + (pr->first + i) * P;
			unsigned long pfn = page_to_pfn(pr->pages[i]);
			pte_t pte = pte_at(s->child, a);

			STRESS_CHECK(s, !pte_present(pte) ||
					     pte_pfn(pte) != pfn,
				     "child maps pinned pfn %#lx at %#lx",
				     pfn, a);
		}
		if (s->child_gen > pr->forks0)
			s->forked_while_pinned++;
		WRITE_ONCE(s->child_checks, s->child_checks + 1);
	}
	spin_unlock(&s->child_lock);
}

/*
 * While A holds pins: the parent still maps each pinned page, writable
 * (fork copied the page for the child instead of write-protecting it,
 * so no COW break can move the parent off it), and the child B made,
 * if one exists right now, maps a different page at that address.
 */
static void
check_fork_invariant(struct stress *s, struct pin_round *pr)
{
	for (int i = 0; i < pr->got; i++) {
		unsigned long a = s->addr + (pr->first + i) * P;
		unsigned long pfn = page_to_pfn(pr->pages[i]);
		pte_t pte = pte_at(s->mm, a);

		STRESS_CHECK(s, pte_present(pte) && pte_pfn(pte) == pfn &&
				     pte_write(pte),
			     "parent PTE %#lx at %#lx, pinned pfn %#lx",
			     pte_val(pte), a, pfn);
	}
	check_child(s, pr);
}

/*
 * Every other round A keeps its pins until B has forked once more (at
 * most 5 ms), so forks happen over held pins, not only pins over
 * existing children.
 */
static void
fork_during_pin(struct stress *s, struct pin_round *pr)
{
	u64 until = ktime_get_ns() + 5000000;

	while ((pr->first & 1) && READ_ONCE(s->forks) == pr->forks0 &&
	       ktime_get_ns() < until)
		cpu_relax();
	check_fork_invariant(s, pr);
}

static void
fork_case_a(struct stress *s, u64 *rng)
{
	struct pin_round pr;

	while (stress_next(s, ROLE_A)) {
		unsigned long r = s->ops[ROLE_A];

		pin_some(s, rng, &pr, s->addr, s->npages, LT_WRITE);
		pr.forks0 = READ_ONCE(s->forks);
		hold_and_check(s, rng, &pr, r, fork_during_pin);
		unpin_user_pages(pr.pages, pr.got);
		s->ops[ROLE_A]++;
	}
}

static void
publish_child(struct stress *s, struct mm_struct *child)
{
	spin_lock(&s->child_lock);
	s->child = child;
	if (child)
		s->child_gen = ++s->forks;
	spin_unlock(&s->child_lock);
}

/*
 * B: fork the mm (dup_mm: write_protect_seq, copy_page_range), keep
 * the child until A has checked against it (at most 10 ms), drop it.
 */
static void
fork_loop(struct stress *s, u64 *rng)
{
	while (stress_next(s, ROLE_B)) {
		struct mm_struct *child = dup_mm(s->mm);
		unsigned long checks0 = READ_ONCE(s->child_checks);
		u64 until = ktime_get_ns() + 10000000;

		if (!STRESS_CHECK(s, child != NULL, "dup_mm failed"))
			continue;
		publish_child(s, child);
		while (READ_ONCE(s->child_checks) == checks0 &&
		       ktime_get_ns() < until)
			cpu_relax();
		publish_child(s, NULL);
		mmput(child);
		stress_pause(rng);
		s->ops[ROLE_B]++;
	}
}

/*
 * A pins while B forks over and over and C stores into the parent (COW
 * breaks). A page pinned in the parent is never shared with a child,
 * whether the child was forked before the pin or while it was held.
 */
static void
gup_stress_pin_vs_fork(struct kunit *test)
{
	struct stress s;

	stress_begin(test, &s, ROLE_B, 500, 20);
	s.addr = map_test_range(test, NULL, NPAGES, ANON);
	s.fn[ROLE_A] = fork_case_a;
	s.fn[ROLE_B] = fork_loop;
	s.fn[ROLE_C] = store_loop;
	stress_run(&s);
	kunit_info(test, "%lu checks against a live child, %lu of them "
		   "forked while the pins were held", s.child_checks,
		   s.forked_while_pinned);
	KUNIT_EXPECT_GT(test, s.child_checks, 0);
	KUNIT_EXPECT_GT(test, s.forked_while_pinned, 0);
	stress_end(test, &s);
}

/* ==== case: fast pins vs truncation ==== */

/*
 * A alternates two pin modes (policy + flags). After each pin and again
 * after a pause, every pinned page must still be alive: a folio that
 * lost its mapping in mid-walk either went to the slow path or was
 * pinned while still referenced -- never a freed page.
 */
static void
truncate_case_a(struct stress *s, u64 *rng)
{
	struct pin_round pr;

	while (stress_next(s, ROLE_A)) {
		unsigned long r = s->ops[ROLE_A];

		WRITE_ONCE(active_pin_policy, s->round_policy[r & 1]);
		pin_some(s, rng, &pr, s->addr, s->npages,
			 s->round_flags[r & 1]);
		for (int i = 0; i < pr.got; i++)
			check_pinned(s, pr.pages[i]);
		stress_pause(rng);
		for (int i = 0; i < pr.got; i++)
			check_pinned(s, pr.pages[i]);
		unpin_user_pages(pr.pages, pr.got);
		s->ops[ROLE_A]++;
	}
}

/*
 * B: ftruncate's path (do_truncate -> ->setsize) down to a random size,
 * often 0 and sometimes inside a page, then back up; the file stays
 * full-size for a moment so C can fault pages back for A to pin.
 */
static void
truncate_loop(struct stress *s, u64 *rng)
{
	struct dentry *d = s->file->f_dentry;
	loff_t size = (loff_t)(s->npages * P), to;

	while (stress_next(s, ROLE_B)) {
		to = (prng_next(rng) & 1) ? 0 : (loff_t)prng_below(rng, size);
		STRESS_CHECK(s, do_truncate(d, to) == 0, "truncate to %ld",
			     (long)to);
		stress_pause(rng);
		STRESS_CHECK(s, do_truncate(d, size) == 0, "truncate up");
		udelay(50 + prng_below(rng, 200));
		s->ops[ROLE_B]++;
	}
}

static void
run_truncate_case(struct kunit *test, struct stress *s)
{
	unsigned long fast0 = global_vm_event(GUP_FAST_PINNED);
	unsigned long fb0 = global_vm_event(GUP_FAST_FALLBACK);
	unsigned long slow0 = global_vm_event(GUP_SLOW_PINNED);

	s->addr = map_test_range(test, s->file, s->npages, MAP_SHARED);
	s->fn[ROLE_A] = truncate_case_a;
	s->fn[ROLE_B] = truncate_loop;
	s->fn[ROLE_C] = store_loop;
	stress_run(s);
	kunit_info(test, "pages pinned fast %lu, slow %lu; folios the fast "
		   "path handed to the slow path (gup_fast_fallback) %lu",
		   global_vm_event(GUP_FAST_PINNED) - fast0,
		   global_vm_event(GUP_SLOW_PINNED) - slow0,
		   global_vm_event(GUP_FAST_FALLBACK) - fb0);
	stress_end(test, s);
}

/*
 * tmpfs: read pins and long-term write pins under "linux", both taken
 * by the fast path (shmem is whitelisted); a truncated folio (NULL
 * mapping) makes the write pin fall back.
 */
static void
gup_stress_fast_pin_vs_truncate_tmpfs(struct kunit *test)
{
	struct stress s;

	stress_begin(test, &s, ROLE_B, 1200, 20);
	fx.file = shmem_file_setup("gup_stress", NPAGES * P, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(fx.file));
	s.file = fx.file;
	s.round_policy[0] = s.round_policy[1] = pin_policy_find("linux");
	KUNIT_ASSERT_NOT_NULL(test, s.round_policy[0]);
	s.round_flags[0] = FOLL_LONGTERM;
	s.round_flags[1] = LT_WRITE;
	run_truncate_case(test, &s);
}

/*
 * ext2: read pins under "linux" and long-term write pins under
 * "legacy" (which lets the fast path pin file folios); A writes nothing
 * through them and unpins clean.
 */
static void
gup_stress_fast_pin_vs_truncate_ext2(struct kunit *test)
{
	struct stress s;

	stress_begin(test, &s, ROLE_B, 600, 20);
	s.file = ext2_test_file(test, NPAGES);
	s.round_policy[0] = pin_policy_find("linux");
	s.round_policy[1] = pin_policy_find("legacy");
	KUNIT_ASSERT_NOT_NULL(test, s.round_policy[0]);
	KUNIT_ASSERT_NOT_NULL(test, s.round_policy[1]);
	s.round_flags[0] = FOLL_LONGTERM;
	s.round_flags[1] = LT_WRITE;
	run_truncate_case(test, &s);
}

/* ==== case: pins vs the flusher and msync, under every policy ==== */

static const char *const all_policies[] = {
	"linux", "legacy", "no-file-write", "linux-exempt", "skip-pinned",
	"bounce",
};

/* Does @name let a long-term write pin into a dirty-tracked mapping? */
static bool
policy_allows_lt_write(const char *name)
{
	return strcmp(name, "legacy") == 0 ||
	       strcmp(name, "skip-pinned") == 0 || strcmp(name, "bounce") == 0;
}

static void
expect_write_pin_refused(struct stress *s, u64 *rng)
{
	unsigned long k = prng_below(rng, s->npages);
	struct page *page;
	int ret = pin_user_pages_fast(s->addr + k * P, 1, LT_WRITE, &page);

	if (ret == 1)
		unpin_user_page(page);
	STRESS_CHECK(s, ret == -EFAULT, "%s: long-term write pin gave %d",
		     pin_policy_get()->name, ret);
}

/*
 * A: write pins (writing through them) where the policy allows, read
 * pins elsewhere, after checking now and then that a write pin is
 * refused; released with make_dirty alternating.
 */
static void
flusher_case_a(struct stress *s, u64 *rng)
{
	unsigned int flags = s->write_pins ? LT_WRITE : FOLL_LONGTERM;
	struct pin_round pr;

	while (stress_next(s, ROLE_A)) {
		unsigned long r = s->ops[ROLE_A];

		if (!s->write_pins && r % 8 == 0)
			expect_write_pin_refused(s, rng);
		pin_some(s, rng, &pr, s->addr, s->npages, flags);
		for (int i = 0; i < pr.got; i++) {
			check_pinned(s, pr.pages[i]);
			if (s->write_pins)
				fill_pattern(pr.pages[i], s->seed, r,
					     pr.first + i);
		}
		stress_pause(rng);
		for (int i = 0; i < pr.got; i++)
			check_pinned(s, pr.pages[i]);
		unpin_user_pages_dirty_lock(pr.pages, pr.got, r & 1);
		s->ops[ROLE_A]++;
	}
}

/* B: msync(MS_SYNC) of the whole file, over and over. */
static void
msync_loop(struct stress *s, u64 *rng)
{
	struct address_space *m = s->file->f_mapping;

	while (stress_next(s, ROLE_B)) {
		int err = filemap_write_and_wait_range(m, 0,
							   MAX_LFS_FILESIZE);

		STRESS_CHECK(s, err == 0, "%s: msync gave %d",
			     pin_policy_get()->name, err);
		stress_pause(rng);
		s->ops[ROLE_B]++;
	}
}

/* C: stores through the shared mapping (faults, ->page_mkwrite). */
static void
mapping_store_loop(struct stress *s, u64 *rng)
{
	u64 buf[8];

	while (stress_next(s, ROLE_C)) {
		unsigned long k = prng_below(rng, s->npages);
		unsigned long off = prng_below(rng, P / sizeof(buf)) *
				    sizeof(buf);

		for (int i = 0; i < 8; i++)
			buf[i] = prng_next(rng);
		STRESS_CHECK(s, copy_to_user((void *)(s->addr + k * P + off),
					     buf, sizeof(buf)) == 0,
			     "store at page %lu", k);
		stress_pause(rng);
		s->ops[ROLE_C]++;
	}
}

static u64
final_word(u64 tag, unsigned long k, unsigned long i)
{
	return (tag ^ (k << 32) ^ i) * 0x9e3779b97f4a7c15ULL;
}

static void
fill_final(u64 *w, u64 tag, unsigned long k)
{
	for (unsigned long i = 0; i < P / sizeof(u64); i++)
		w[i] = final_word(tag, k, i);
}

/*
 * The last write of a round, made after B and C stopped so it is the
 * last for certain: through a long-term write pin (a device's DMA),
 * released dirty, where the policy allows one; through the mapping
 * where it does not. fsync must then write exactly this. Writeback runs
 * while the pin is held and before the DMA, as in the scenario's steps
 * 2-4: unless the policy kept the folio dirty, only make_dirty at unpin
 * gets the DMA'd data to disk.
 */
static void
final_write(struct kunit *test, struct stress *s, u64 tag)
{
	struct address_space *m = s->file->f_mapping;
	struct page *pages[FLUSH_PAGES];
	u64 *buf;
	int got;

	if (s->write_pins) {
		got = pin_user_pages_fast(s->addr, s->npages, LT_WRITE, pages);
		KUNIT_EXPECT_EQ(test, filemap_write_and_wait_range(m, 0,
					MAX_LFS_FILESIZE), 0);
		for (int k = 0; k < got; k++)
			fill_final(page_address(pages[k]), tag, k);
		if (got > 0)
			unpin_user_pages_dirty_lock(pages, got, true);
		KUNIT_EXPECT_EQ(test, got, (int)s->npages);
		return;
	}
	buf = kmalloc(P, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (unsigned long k = 0; k < s->npages; k++) {
		fill_final(buf, tag, k);
		KUNIT_EXPECT_EQ(test, copy_to_user((void *)(s->addr + k * P),
						   buf, P), 0);
	}
	kfree(buf);
}

/* Evict the (clean, unmapped) page cache, so reads come from disk. */
static void
drop_file_cache(struct kunit *test, struct address_space *m)
{
	for (int tries = 0; tries < 20 && READ_ONCE(m->nrpages); tries++) {
		drop_pagecache();
		if (READ_ONCE(m->nrpages))
			msleep(10);	/* the flusher held a reference */
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(m->nrpages), 0);
}

static void
verify_file(struct kunit *test, struct stress *s, u64 tag)
{
	u64 *buf = kmalloc(P, GFP_KERNEL);
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	drop_file_cache(test, s->file->f_mapping);
	for (unsigned long k = 0; k < s->npages; k++) {
		unsigned long bad = P / sizeof(u64);

		KUNIT_EXPECT_EQ(test, kernel_read(s->file, buf, P, &pos),
				(long)P);
		for (unsigned long i = 0; i < P / sizeof(u64); i++)
			if (buf[i] != final_word(tag, k, i)) {
				bad = i;
				break;
			}
		if (bad < P / sizeof(u64))
			kunit_fail(test, __FILE__, __LINE__, "%s: page %lu "
				   "word %lu on disk is %#lx, not the last "
				   "write %#lx", pin_policy_get()->name, k,
				   bad, buf[bad], final_word(tag, k, bad));
	}
	kfree(buf);
}

static void
flusher_round(struct kunit *test, struct stress *s, int nr)
{
	const struct pin_policy *p = pin_policy_find(all_policies[nr]);
	u64 tag = s->seed ^ (u64)(nr + 1) << 56;
	unsigned long ops0[NR_ROLES];

	KUNIT_ASSERT_NOT_NULL(test, p);
	WRITE_ONCE(active_pin_policy, p);
	s->write_pins = policy_allows_lt_write(p->name);
	s->addr = map_test_range(test, s->file, s->npages, MAP_SHARED);
	memcpy(ops0, s->ops, sizeof(ops0));
	stress_run(s);
	kunit_info(test, "%s: %s pins, A %lu rounds, B %lu msyncs, C %lu "
		   "stores", p->name, s->write_pins ? "write" : "read",
		   s->ops[ROLE_A] - ops0[ROLE_A], s->ops[ROLE_B] - ops0[ROLE_B],
		   s->ops[ROLE_C] - ops0[ROLE_C]);
	final_write(test, s, tag);
	KUNIT_EXPECT_EQ(test, vfs_fsync(s->file, 0), 0);
	down_write(&s->mm->mmap_lock);
	KUNIT_EXPECT_EQ(test, do_munmap(s->mm, s->addr, s->npages * P), 0);
	up_write(&s->mm->mmap_lock);
	verify_file(test, s, tag);
}

/*
 * For each of the six policies: A pins and unpins a shared ext2 mapping
 * while B msyncs it (15 times per policy), C stores through it and the
 * flusher, woken every 10 ms, writes it back too. No deadlock (the
 * watchdog), balanced pins, no poison, and after the last write + fsync
 * the disk holds exactly the last write.
 */
static void
gup_stress_pins_vs_flusher_all_policies(struct kunit *test)
{
	struct stress s;
	unsigned long wb0 = global_vm_event(WB_FOLIOS_WRITTEN);

	stress_begin(test, &s, ROLE_B, 15, 3);
	s.npages = FLUSH_PAGES;
	s.file = ext2_test_file(test, FLUSH_PAGES);
	s.fn[ROLE_A] = flusher_case_a;
	s.fn[ROLE_B] = msync_loop;
	s.fn[ROLE_C] = mapping_store_loop;
	WRITE_ONCE(dirty_writeback_centisecs, 1);
	WRITE_ONCE(dirty_expire_centisecs, 1);
	wakeup_flusher();
	for (int nr = 0; nr < (int)ARRAY_SIZE(all_policies); nr++)
		flusher_round(test, &s, nr);
	kunit_info(test, "folios written back %lu",
		   global_vm_event(WB_FOLIOS_WRITTEN) - wb0);
	stress_end(test, &s);
}

/* ==== case: a held pin keeps the refcount up, whatever happens ==== */

/* A: short-lived extra pins on both ranges, and stores (faults). */
static void
transient_pins_a(struct stress *s, u64 *rng)
{
	struct pin_round pr;

	while (stress_next(s, ROLE_A)) {
		unsigned long r = s->ops[ROLE_A];

		bool shm = r & 1;

		pin_some(s, rng, &pr, shm ? s->shm_addr : s->addr,
			 shm ? SHM_PAGES : NPAGES,
			 (r & 2) ? LT_WRITE : FOLL_LONGTERM);
		for (int i = 0; i < pr.got; i++)
			check_pinned(s, pr.pages[i]);
		unpin_user_pages(pr.pages, pr.got);
		touch_some(s, rng, shm ? s->shm_addr : s->addr,
			   shm ? SHM_PAGES : NPAGES);
		s->ops[ROLE_A]++;
	}
}

/* B: one random fault/zap operation on the pinned ranges per round. */
static void
zap_churn_b(struct stress *s, u64 *rng)
{
	struct dentry *d = s->file->f_dentry;

	while (stress_next(s, ROLE_B)) {
		unsigned long first = prng_below(rng, NPAGES);
		unsigned long len = (1 + prng_below(rng, NPAGES - first)) * P;
		unsigned long a = s->addr + first * P;
		struct mm_struct *child;

		switch (prng_below(rng, 5)) {
		case 0:
			sys_madvise(a, len, MADV_DONTNEED, 0, 0, 0);
			break;
		case 1:
			remap_anon(s, rng, a, len);
			break;
		case 2:
			mprotect_flip(s, rng, s->addr, NPAGES);
			break;
		case 3:
			child = dup_mm(s->mm);
			if (STRESS_CHECK(s, child != NULL, "dup_mm failed"))
				mmput(child);
			break;
		default:
			do_truncate(d, 0);
			stress_pause(rng);
			do_truncate(d, SHM_PAGES * P);
		}
		touch_some(s, rng, s->addr, NPAGES);
		s->ops[ROLE_B]++;
	}
}

/* C: the checker, sweeping every held page again and again. */
static void
refcount_checker_c(struct stress *s, u64 *rng)
{
	while (stress_next(s, ROLE_C)) {
		for (int k = 0; k < s->nheld; k++) {
			check_pinned(s, s->held[k]);
			STRESS_CHECK(s, pattern_intact(s->held[k], s->seed, 0,
						       k),
				     "held pfn %#lx lost what was written",
				     page_to_pfn(s->held[k]));
		}
		s->ops[ROLE_C]++;
	}
}

static void
hold_pins(struct kunit *test, struct stress *s, unsigned long a, int n)
{
	int got = pin_user_pages_fast(a, n, LT_WRITE, s->held + s->nheld);

	KUNIT_ASSERT_EQ(test, got, n);
	for (int i = 0; i < n; i++, s->nheld++)
		fill_pattern(s->held[s->nheld], s->seed, 0, s->nheld);
}

/*
 * The main thread pins 64 anonymous and 16 shmem pages and holds them
 * throughout, while B zaps (MADV_DONTNEED), remaps, mprotects, forks
 * and truncates around them, A takes extra pins and faults, and C
 * asserts, sweep after sweep, that every held page's refcount stays at
 * or above GUP_PIN_COUNTING_BIAS and its data stays put.
 */
static void
gup_stress_pinned_refcount_never_drops(struct kunit *test)
{
	struct stress s;

	stress_begin(test, &s, ROLE_B, 1500, 20);
	fx.file = shmem_file_setup("gup_stress_held", SHM_PAGES * P, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(fx.file));
	s.file = fx.file;
	s.addr = map_test_range(test, NULL, NPAGES, ANON);
	s.shm_addr = map_test_range(test, s.file, SHM_PAGES, MAP_SHARED);
	hold_pins(test, &s, s.addr, NPAGES);
	hold_pins(test, &s, s.shm_addr, SHM_PAGES);
	s.fn[ROLE_A] = transient_pins_a;
	s.fn[ROLE_B] = zap_churn_b;
	s.fn[ROLE_C] = refcount_checker_c;
	stress_run(&s);
	kunit_info(test, "%lu sweeps over %d held pages", s.ops[ROLE_C],
		   s.nheld);
	for (int k = 0; k < s.nheld; k++) {
		check_pinned(&s, s.held[k]);
		KUNIT_EXPECT_TRUE(test, pattern_intact(s.held[k], s.seed, 0,
						       k));
	}
	unpin_user_pages(s.held, s.nheld);
	stress_end(test, &s);
}

/* ==== fork copies a pinned anonymous page (one CPU is enough) ==== */

static void
expect_same_page(struct kunit *test, pte_t a, pte_t b)
{
	KUNIT_EXPECT_TRUE(test, pte_present(a) && pte_present(b));
	KUNIT_EXPECT_EQ(test, pte_pfn(a), pte_pfn(b));
	KUNIT_EXPECT_FALSE(test, pte_write(a) || pte_write(b));
}

/*
 * mm/memory.c's folio_needs_cow_for_dma(): the child gets its own copy
 * of a pinned anon page at once (same contents, writable, anon, mapped
 * once), the parent keeps the pinned page mapped writable, and what the
 * pin holder writes afterwards reaches the parent only. An unpinned
 * page next to it is shared COW as usual.
 */
static void
fork_copies_pinned_anon_page(struct kunit *test)
{
	struct mm_struct *mm = current->mm, *child;
	unsigned long a = map_test_range(test, NULL, 2, ANON);
	struct page *page;
	pte_t pte, cpte;
	u64 v;

	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 1, LT_WRITE, &page), 1);
	((u64 *)page_address(page))[1] = 0xd3a;	/* a DMA write */
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	pte = pte_at(mm, a);
	cpte = pte_at(child, a);
	KUNIT_EXPECT_EQ(test, pte_pfn(pte), page_to_pfn(page));
	KUNIT_EXPECT_TRUE(test, pte_present(pte) && pte_write(pte));
	KUNIT_EXPECT_TRUE(test, pte_present(cpte) && pte_write(cpte));
	KUNIT_EXPECT_NE(test, pte_pfn(cpte), pte_pfn(pte));
	if (pte_present(cpte) && pfn_valid(pte_pfn(cpte))) {
		struct folio *copy = page_folio(pfn_to_page(pte_pfn(cpte)));

		KUNIT_EXPECT_MEMEQ(test, folio_address(copy),
				   page_address(page), P);
		KUNIT_EXPECT_TRUE(test, folio_test_anon(copy));
		KUNIT_EXPECT_EQ(test, folio_mapcount(copy), 1);
		KUNIT_EXPECT_EQ(test, folio_ref_count(copy), 1);
	}
	expect_same_page(test, pte_at(mm, a + P), pte_at(child, a + P));
	((u64 *)page_address(page))[1] = 0xd3b;	/* DMA after the fork */
	KUNIT_EXPECT_EQ(test, get_user_u64(&v, (void *)(a + 8)), 0);
	KUNIT_EXPECT_EQ(test, v, 0xd3b);
	kthread_unuse_mm(mm);
	kthread_use_mm(child);
	KUNIT_EXPECT_EQ(test, get_user_u64(&v, (void *)(a + 8)), 0);
	KUNIT_EXPECT_EQ(test, v, 0xd3a);
	kthread_unuse_mm(child);
	kthread_use_mm(mm);
	mmput(child);
	unpin_user_page(page);
}

/* ==== the write_protect_seq back-off, made deterministic ==== */

/* Called inside the fast walk, after its speculative reference. */
static void
fork_starts_in_walk(pte_t *ptep)
{
	atomic_inc(&current->mm->write_protect_seq);
}

/*
 * A fork starts (write_protect_seq goes odd) while the fast walk holds
 * its speculative pin. That fork may already have looked at the page,
 * found it unpinned and be about to share it COW; the PTE re-check
 * cannot see that, only the sequence count can. So the fast pin must
 * be undone and the slow path (which waits for fork's mmap_lock) must
 * take the page. gup_stress_pin_vs_fork meets this window by luck
 * only: it is a few instructions wide.
 */
static void
fast_pin_backs_off_when_fork_starts(struct kunit *test)
{
	struct mm_struct *mm = current->mm;
	unsigned long a = map_test_range(test, NULL, 1, ANON);
	unsigned long fast0 = global_vm_event(GUP_FAST_PINNED);
	unsigned long slow0 = global_vm_event(GUP_SLOW_PINNED);
	int ref0 = folio_ref_count(page_folio(pfn_to_page(pte_pfn(
		pte_at(mm, a)))));
	struct page *page;

	gup_fast_race_hook = fork_starts_in_walk;
	KUNIT_ASSERT_EQ(test, pin_user_pages_fast(a, 1, LT_WRITE, &page), 1);
	gup_fast_race_hook = NULL;
	atomic_inc(&mm->write_protect_seq);	/* that fork is over */
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_FAST_PINNED) - fast0, 0);
	KUNIT_EXPECT_EQ(test, global_vm_event(GUP_SLOW_PINNED) - slow0, 1);
	/* The undone fast pin left nothing behind: exactly one pin. */
	KUNIT_EXPECT_EQ(test, page_ref_count(page),
			ref0 + (int)GUP_PIN_COUNTING_BIAS);
	unpin_user_page(page);
}

static struct kunit_case gup_stress_cases[] = {
	KUNIT_CASE(fork_copies_pinned_anon_page),
	KUNIT_CASE(fast_pin_backs_off_when_fork_starts),
	KUNIT_CASE(gup_stress_pin_vs_munmap),
	KUNIT_CASE(gup_stress_pin_vs_fork),
	KUNIT_CASE(gup_stress_fast_pin_vs_truncate_tmpfs),
	KUNIT_CASE(gup_stress_fast_pin_vs_truncate_ext2),
	KUNIT_CASE(gup_stress_pins_vs_flusher_all_policies),
	KUNIT_CASE(gup_stress_pinned_refcount_never_drops),
	{}
};

static struct kunit_suite gup_stress_suite = {
	.name = "gup_stress",
	.init = stress_init,
	.exit = stress_exit,
	.test_cases = gup_stress_cases,
};
kunit_test_suite(gup_stress_suite);
