/*
 * /dev/gup_test: Linux's gup_test ioctl ABI (mm/gup_test.c, which Linux
 * exposes in debugfs), so programs written for it -- the gup_test
 * benchmark tool and the gup_longterm selftest -- port unchanged. The
 * numbers and layouts are in include/uapi/gup_test.h.
 *
 *  *_BENCHMARK, *_BASIC_TEST  take and release references over a range
 *      in chunks, timing the two phases separately (ktime, in us);
 *  PIN_LONGTERM_TEST_START/STOP/READ  hold long-term pins across
 *      ioctls, per open file, until STOP or close, and read the pinned
 *      pages back through the kernel's direct map.
 *
 * pinos extensions (numbered from 0x40, documented in the uapi header):
 * DMA_WRITE stores a byte pattern into the pinned pages through the
 * direct map, as a device's DMA would (no page tables, no fault, no
 * page_mkwrite); UNPIN_DIRTY releases the pins with make_dirty = true;
 * START flags EXEMPT (FOLL_PINOS_EXEMPT) and SHORTTERM (no
 * FOLL_LONGTERM); INSPECT reports a user page's PTE bits and folio
 * state without pinning it.
 */
#include <errno.h>
#include <fs.h>
#include <gup.h>
#include <init.h>
#include <mman.h>
#include <sched.h>
#include <slab.h>
#include <string.h>
#include <time.h>
#include <uaccess.h>
#include <uapi/gup_test.h>

#define GUP_TEST_MINOR 242

struct longterm_pins {
	struct mutex lock;
	struct page **pages;
	unsigned long nr;
};

static void
longterm_release(struct longterm_pins *lt, bool make_dirty)
{
	if (lt->pages == NULL)
		return;
	unpin_user_pages_dirty_lock(lt->pages, lt->nr, make_dirty);
	kfree(lt->pages);
	lt->pages = NULL;
	lt->nr = 0;
}

static unsigned int
longterm_gup_flags(u32 flags)
{
	unsigned int gup = FOLL_LONGTERM;

	if (flags & PIN_LONGTERM_TEST_FLAG_USE_WRITE)
		gup |= FOLL_WRITE;
	if (flags & PIN_LONGTERM_TEST_FLAG_PINOS_EXEMPT)
		gup |= FOLL_PINOS_EXEMPT;
	if (flags & PIN_LONGTERM_TEST_FLAG_PINOS_SHORTTERM)
		gup &= ~FOLL_LONGTERM;
	return gup;
}

static long
pin_range(unsigned long addr, unsigned long nr, unsigned int gup, bool fast,
	  struct page **pages)
{
	struct mm_struct *mm = current->mm;
	long ret;

	if (fast)
		return pin_user_pages_fast(addr, (int)nr, gup, pages);
	down_read(&mm->mmap_lock);
	ret = pin_user_pages(addr, nr, gup, pages);
	up_read(&mm->mmap_lock);
	return ret;
}

/* All or nothing: a partial pin is undone and reported as an error. */
static long
longterm_start(struct longterm_pins *lt, void *uarg)
{
	const u32 known = PIN_LONGTERM_TEST_FLAG_USE_WRITE |
			  PIN_LONGTERM_TEST_FLAG_USE_FAST |
			  PIN_LONGTERM_TEST_FLAG_PINOS_EXEMPT |
			  PIN_LONGTERM_TEST_FLAG_PINOS_SHORTTERM;
	struct pin_longterm_test args;
	unsigned long nr;
	long ret;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (lt->pages)
		return -EINVAL;
	if ((args.flags & ~known) || !args.size || (args.addr & ~PAGE_MASK) ||
	    (args.size & ~PAGE_MASK) || args.size > (1UL << 30))
		return -EINVAL;
	nr = args.size >> PAGE_SHIFT;
	lt->pages = kcalloc(nr, sizeof(struct page *), 0);
	if (lt->pages == NULL)
		return -ENOMEM;
	ret = pin_range(args.addr, nr, longterm_gup_flags(args.flags),
			args.flags & PIN_LONGTERM_TEST_FLAG_USE_FAST, lt->pages);
	if (ret >= 0)
		lt->nr = ret;
	if (ret == (long)nr)
		return 0;
	longterm_release(lt, false);
	return ret < 0 ? ret : -EFAULT;
}

static long
longterm_read(struct longterm_pins *lt, void *uarg)
{
	u64 uaddr;

	if (lt->pages == NULL)
		return -EINVAL;
	if (copy_from_user(&uaddr, uarg, sizeof(uaddr)))
		return -EFAULT;
	for (unsigned long i = 0; i < lt->nr; i++)
		if (copy_to_user((void *)(uaddr + i * PAGE_SIZE),
				 page_address(lt->pages[i]), PAGE_SIZE))
			return -EFAULT;
	return 0;
}

/* What a device's DMA engine does: store, with no mapping involved. */
static long
longterm_dma_write(struct longterm_pins *lt, void *uarg)
{
	struct pinos_dma_write w;
	unsigned long total = lt->nr * PAGE_SIZE;

	if (lt->pages == NULL)
		return -EINVAL;
	if (copy_from_user(&w, uarg, sizeof(w)))
		return -EFAULT;
	if (w.offset > total || w.len > total - w.offset)
		return -EINVAL;
	for (u64 done = 0; done < w.len;) {
		u64 off = w.offset + done;
		u64 n = min(w.len - done, PAGE_SIZE - (off & ~PAGE_MASK));
		u8 *dst = page_address(lt->pages[off >> PAGE_SHIFT]);

		memset(dst + (off & ~PAGE_MASK), (u8)w.pattern, n);
		done += n;
	}
	return 0;
}

static u32
pte_state(pte_t pte)
{
	u32 f = 0;

	if (pte_present(pte))
		f |= PINOS_PAGE_PTE_PRESENT;
	if (pte_write(pte))
		f |= PINOS_PAGE_PTE_WRITE;
	if (pte_dirty(pte))
		f |= PINOS_PAGE_PTE_DIRTY;
	if (pte_young(pte))
		f |= PINOS_PAGE_PTE_YOUNG;
	return f;
}

static u32
folio_state(struct folio *f)
{
	u32 s = 0;

	if (folio_test_dirty(f))
		s |= PINOS_PAGE_DIRTY;
	if (folio_test_writeback(f))
		s |= PINOS_PAGE_WRITEBACK;
	if (folio_test_uptodate(f))
		s |= PINOS_PAGE_UPTODATE;
	if (folio_maybe_dma_pinned(f))
		s |= PINOS_PAGE_MAYBE_PINNED;
	if (folio_test_anon(f))
		s |= PINOS_PAGE_ANON;
	else if (folio_mapping(f))
		s |= PINOS_PAGE_FILE;
	return s;
}

/* Read-only look at a user page, under the page-table lock. */
static long
inspect_page(void *uarg)
{
	struct mm_struct *mm = current->mm;
	struct pinos_page_state st;
	pte_t *ptep;

	if (copy_from_user(&st, uarg, sizeof(st)))
		return -EFAULT;
	memset((char *)&st + sizeof(st.addr), 0, sizeof(st) - sizeof(st.addr));
	spin_lock(&mm->page_table_lock);
	ptep = walk_user_pte(mm, st.addr & PAGE_MASK);
	if (ptep && pte_present(*ptep) && pfn_valid(pte_pfn(*ptep))) {
		struct folio *f = page_folio(pfn_to_page(pte_pfn(*ptep)));

		st.flags = pte_state(*ptep) | folio_state(f);
		st.pfn = pte_pfn(*ptep);
		st.index = f->index;
		st.refcount = folio_ref_count(f);
		st.mapcount = folio_mapcount(f);
	}
	spin_unlock(&mm->page_table_lock);
	return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
}

typedef long (*gup_fn_t)(unsigned long addr, unsigned long nr,
			 unsigned int flags, struct page **pages);

static long
bench_get_fast(unsigned long a, unsigned long n, unsigned int f,
	       struct page **p)
{
	return get_user_pages_fast(a, (int)n, f, p);
}

static long
bench_pin_fast(unsigned long a, unsigned long n, unsigned int f,
	       struct page **p)
{
	return pin_user_pages_fast(a, (int)n, f, p);
}

static long
bench_pin_locked(unsigned long a, unsigned long n, unsigned int f,
		 struct page **p)
{
	return pin_range(a, n, f, false, p);
}

static long
bench_get_locked(unsigned long a, unsigned long n, unsigned int f,
		 struct page **p)
{
	struct mm_struct *mm = current->mm;
	long ret;

	down_read(&mm->mmap_lock);
	ret = get_user_pages(a, n, f, p);
	up_read(&mm->mmap_lock);
	return ret;
}

static void
put_pages(struct page **pages, unsigned long nr, bool pin)
{
	for (unsigned long i = 0; i < nr; i++) {
		if (pin)
			unpin_user_page(pages[i]);
		else
			put_page(pages[i]);
	}
}

static unsigned long
get_phase(struct gup_test *gt, gup_fn_t fn, unsigned int flags,
	  struct page **pages, unsigned long nr)
{
	unsigned long done = 0, step = gt->nr_pages_per_call;

	while (done < nr) {
		unsigned long n = min(step, nr - done);
		long got = fn(gt->addr + done * PAGE_SIZE, n, flags,
			      pages + done);

		if (got <= 0)
			break;
		done += got;
		if ((unsigned long)got < n)
			break;
	}
	return done;
}

static void
verify_dma_pinned(struct page **pages, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (WARN_ON(!folio_maybe_dma_pinned(page_folio(pages[i]))))
			return;
}

static void
dump_pages(struct gup_test *gt, struct page **pages, unsigned long nr)
{
	for (int i = 0; i < GUP_TEST_MAX_PAGES_TO_DUMP; i++) {
		u32 idx = gt->which_pages[i];
		struct folio *f;

		if (idx == 0 || idx > nr)
			continue;
		f = page_folio(pages[idx - 1]);
		printk(KERN_INFO "gup_test: page %u: pfn %#lx refcount %d "
		       "mapcount %d mapping %p index %lu flags %#lx\n", idx,
		       folio_pfn(f), folio_ref_count(f), folio_mapcount(f),
		       f->mapping, f->index, f->flags);
	}
}

static gup_fn_t
benchmark_fn(unsigned int cmd, unsigned int *flags, bool *pin)
{
	*pin = true;
	switch (cmd) {
	case GUP_FAST_BENCHMARK:
		*pin = false;
		return bench_get_fast;
	case PIN_FAST_BENCHMARK:
		return bench_pin_fast;
	case PIN_LONGTERM_BENCHMARK:
		*flags |= FOLL_LONGTERM;
		return bench_pin_locked;
	case GUP_BASIC_TEST:
		*pin = false;
		return bench_get_locked;
	case PIN_BASIC_TEST:
		return bench_pin_locked;
	default:
		return NULL;
	}
}

static long
gup_benchmark(unsigned int cmd, void *uarg)
{
	struct gup_test gt;
	struct page **pages;
	unsigned long nr, got;
	unsigned int flags;
	gup_fn_t fn;
	bool pin;
	u64 t0;

	if (copy_from_user(&gt, uarg, sizeof(gt)))
		return -EFAULT;
	nr = gt.size / PAGE_SIZE;
	if (nr == 0 || gt.size > (1UL << 34) || (gt.addr & ~PAGE_MASK))
		return -EINVAL;
	if (cmd == DUMP_USER_PAGES_TEST) {
		cmd = (gt.test_flags & GUP_TEST_FLAG_DUMP_PAGES_USE_PIN) ?
			      PIN_BASIC_TEST : GUP_BASIC_TEST;
		gt.nr_pages_per_call = min(nr, 512UL);
	}
	flags = gt.gup_flags;
	fn = benchmark_fn(cmd, &flags, &pin);
	if (fn == NULL)
		return -EINVAL;
	if (gt.nr_pages_per_call == 0)
		gt.nr_pages_per_call = 1;
	pages = kcalloc(nr, sizeof(*pages), 0);
	if (pages == NULL)
		return -ENOMEM;
	t0 = ktime_get_ns();
	got = get_phase(&gt, fn, flags, pages, nr);
	gt.get_delta_usec = (ktime_get_ns() - t0) / 1000;
	gt.size = got * PAGE_SIZE;
	if (pin)
		verify_dma_pinned(pages, got);
	dump_pages(&gt, pages, got);
	t0 = ktime_get_ns();
	put_pages(pages, got, pin);
	gt.put_delta_usec = (ktime_get_ns() - t0) / 1000;
	kfree(pages);
	return copy_to_user(uarg, &gt, sizeof(gt)) ? -EFAULT : 0;
}

static long
gup_test_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct longterm_pins *lt = file->private_data;
	void *uarg = (void *)arg;
	long ret;

	if (cmd == PINOS_GUP_TEST_INSPECT)
		return inspect_page(uarg);
	switch (cmd) {
	case PIN_LONGTERM_TEST_START:
	case PIN_LONGTERM_TEST_STOP:
	case PIN_LONGTERM_TEST_READ:
	case PINOS_GUP_TEST_DMA_WRITE:
	case PINOS_GUP_TEST_UNPIN_DIRTY:
		break;
	default:
		return gup_benchmark(cmd, uarg);
	}
	mutex_lock(&lt->lock);
	if (cmd == PIN_LONGTERM_TEST_START)
		ret = longterm_start(lt, uarg);
	else if (cmd == PIN_LONGTERM_TEST_READ)
		ret = longterm_read(lt, uarg);
	else if (cmd == PINOS_GUP_TEST_DMA_WRITE)
		ret = longterm_dma_write(lt, uarg);
	else {
		ret = lt->pages ? 0 : -EINVAL;
		longterm_release(lt, cmd == PINOS_GUP_TEST_UNPIN_DIRTY);
	}
	mutex_unlock(&lt->lock);
	return ret;
}

static int
gup_test_open(struct inode *inode, struct file *file)
{
	struct longterm_pins *lt = kzalloc(sizeof(*lt), 0);

	if (lt == NULL)
		return -ENOMEM;
	mutex_init(&lt->lock, "gup_test");
	file->private_data = lt;
	return 0;
}

/* Closing the file releases any pins still held, clean. */
static int
gup_test_release(struct inode *inode, struct file *file)
{
	struct longterm_pins *lt = file->private_data;

	longterm_release(lt, false);
	kfree(lt);
	return 0;
}

static const struct file_operations gup_test_fops = {
	.open = gup_test_open,
	.release = gup_test_release,
	.unlocked_ioctl = gup_test_ioctl,
};

static int
gup_test_init(void)
{
	return register_chrdev(MKDEV(10, GUP_TEST_MINOR), "gup_test",
			       &gup_test_fops);
}
device_initcall(gup_test_init);
