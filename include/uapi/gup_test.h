/*
 * ioctl ABI of the gup_test device, as in Linux's mm/gup_test.h, so the
 * Linux selftests that drive get_user_pages()/pin_user_pages() build
 * unchanged. All requests use type 'g' and the layouts below are the
 * Linux x86_64 ones byte for byte; numbers 0x40 and up are pinos-only
 * and live in the marked section at the end.
 */
#ifndef _UAPI_PINOS_GUP_TEST_H
#define _UAPI_PINOS_GUP_TEST_H

#include <uapi/types.h>
#include <uapi/ioctl.h>

/*
 * Benchmarks and basic tests: get or pin [addr, addr + size) in chunks
 * of nr_pages_per_call pages, then release them. The kernel reports
 * both phases' durations in the *_delta_usec fields. gup_flags bit 0
 * (FOLL_WRITE) asks for write access.
 */
#define GUP_FAST_BENCHMARK	_IOWR('g', 1, struct gup_test)
#define PIN_FAST_BENCHMARK	_IOWR('g', 2, struct gup_test)
#define PIN_LONGTERM_BENCHMARK	_IOWR('g', 3, struct gup_test)
#define GUP_BASIC_TEST		_IOWR('g', 4, struct gup_test)
#define PIN_BASIC_TEST		_IOWR('g', 5, struct gup_test)
/*
 * Print (to the kernel log) the struct page of each page listed in
 * which_pages[]: 1-based page indices into the range, 0 ends the list.
 */
#define DUMP_USER_PAGES_TEST	_IOWR('g', 6, struct gup_test)

/*
 * Long-term pin test: START pins [addr, addr + size) with FOLL_LONGTERM
 * and keeps the pages pinned across calls; READ copies the pinned
 * pages' current contents to the user buffer whose address is the __u64
 * argument (size bytes); STOP unpins. One pinned range per open file.
 */
#define PIN_LONGTERM_TEST_START	_IOW('g', 7, struct pin_longterm_test)
#define PIN_LONGTERM_TEST_STOP	_IO('g', 8)
#define PIN_LONGTERM_TEST_READ	_IOW('g', 9, __u64)

#define GUP_TEST_MAX_PAGES_TO_DUMP	8

/* DUMP_USER_PAGES_TEST: pin_user_pages() rather than get_user_pages() */
#define GUP_TEST_FLAG_DUMP_PAGES_USE_PIN	0x1

struct gup_test {
	__u64 get_delta_usec;	/* out */
	__u64 put_delta_usec;	/* out */
	__u64 addr;
	__u64 size;
	__u32 nr_pages_per_call;
	__u32 gup_flags;
	__u32 test_flags;	/* GUP_TEST_FLAG_* */
	__u32 which_pages[GUP_TEST_MAX_PAGES_TO_DUMP];
};

/* PIN_LONGTERM_TEST_START flags */
#define PIN_LONGTERM_TEST_FLAG_USE_WRITE	1	/* FOLL_WRITE */
/* USE_FAST: pin_user_pages_fast() rather than pin_user_pages() */
#define PIN_LONGTERM_TEST_FLAG_USE_FAST		2

struct pin_longterm_test {
	__u64 addr;
	__u64 size;
	__u32 flags;		/* PIN_LONGTERM_TEST_FLAG_* */
};

_Static_assert(sizeof(struct gup_test) == 80, "gup_test layout");
_Static_assert(sizeof(struct pin_longterm_test) == 24,
    "pin_longterm_test layout");

/* ---- pinos extensions: request numbers 0x40 and up ---------------- */

/*
 * Act as a device doing DMA into the range pinned by
 * PIN_LONGTERM_TEST_START: fill bytes [offset, offset + len) of it with
 * the low byte of pattern, writing through the kernel's direct map
 * rather than the user mapping. Tests then check what user space sees,
 * e.g. that a long-term pin really kept the user's page in place.
 */
#define PINOS_GUP_TEST_DMA_WRITE	_IOW('g', 0x40, struct pinos_dma_write)

struct pinos_dma_write {
	__u64 offset;		/* from the start of the pinned range */
	__u64 len;
	__u32 pattern;		/* low 8 bits are written */
};

_Static_assert(sizeof(struct pinos_dma_write) == 24,
    "pinos_dma_write layout");

/*
 * Like PIN_LONGTERM_TEST_STOP, but unpin with make_dirty = true (Linux's
 * unpin_user_pages_dirty_lock()), as a driver does after the device
 * wrote to the pages, so the file system learns they changed.
 */
#define PINOS_GUP_TEST_UNPIN_DIRTY	_IO('g', 0x41)

/*
 * START flag: request the pinos "linux-exempt" exemption for this pin,
 * i.e. ask the kernel to treat it as one of the cases it deliberately
 * handles differently from Linux. What the exemption waives is defined
 * by the kernel's GUP code, which documents it; a kernel that does not
 * grant it must fail START with EINVAL rather than ignore the flag.
 */
#define PIN_LONGTERM_TEST_FLAG_PINOS_EXEMPT	0x100

/*
 * START flag: pin without FOLL_LONGTERM (a short-term pin, as for
 * O_DIRECT I/O), to compare with the long-term behaviour.
 */
#define PIN_LONGTERM_TEST_FLAG_PINOS_SHORTTERM	0x200

/*
 * PINOS_GUP_TEST_INSPECT: report the state of the page mapped at
 * @addr in the caller's address space, for narrating the scenario:
 * the PTE's bits and the folio's flags and counts. No pin is taken.
 */
#define PINOS_PAGE_PTE_PRESENT	0x01
#define PINOS_PAGE_PTE_WRITE	0x02
#define PINOS_PAGE_PTE_DIRTY	0x04
#define PINOS_PAGE_PTE_YOUNG	0x08
#define PINOS_PAGE_DIRTY	0x10	/* PG_dirty */
#define PINOS_PAGE_WRITEBACK	0x20
#define PINOS_PAGE_UPTODATE	0x40
#define PINOS_PAGE_MAYBE_PINNED	0x80	/* folio_maybe_dma_pinned() */
#define PINOS_PAGE_ANON		0x100
#define PINOS_PAGE_FILE		0x200	/* in a page cache */

struct pinos_page_state {
	__u64 addr;		/* in */
	__u64 pfn;
	__u64 index;		/* page-cache index (or anon linear index) */
	__u32 flags;		/* PINOS_PAGE_* */
	__s32 refcount;
	__s32 mapcount;
	__u32 __pad;
};

#define PINOS_GUP_TEST_INSPECT	_IOWR('g', 0x42, struct pinos_page_state)

#endif
