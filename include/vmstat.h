/*
 * VM event and state counters, shown in /proc/vmstat with these names.
 *
 * Events (monotonic, e.g. page faults) are per-CPU and summed on read,
 * so counting costs no shared cache line. State counters (nr_dirty,
 * nr_file_pages, ...) go up and down and are kept as one atomic each.
 * To add a counter, add its enum entry and its name in the same
 * position of the matching table in mm/vmstat.c.
 */
#ifndef _PINOS_VMSTAT_H
#define _PINOS_VMSTAT_H

#include <atomic.h>
#include <smp.h>

enum vm_event_item {
	PGFAULT,		/* every page fault */
	PGMAJFAULT,		/* faults that read from a backing store */
	PGFAULT_ANON,		/* anonymous zero-fill */
	PGFAULT_FILE,		/* file-backed read or shared fault */
	PGFAULT_COW,		/* copy-on-write copies */
	PGFAULT_WP_REUSE,	/* write fault reusing an exclusive page */
	PGFAULT_MKWRITE,	/* ->page_mkwrite calls */
	PGFAULT_SIGSEGV,	/* faults that killed the process */
	PGALLOC,
	PGFREE,
	/*
	 * Linux shows these two as node counters; here they are per-CPU
	 * events (same names in /proc/vmstat), because GUP bumps them for
	 * every page and a shared counter's cache line bouncing between
	 * CPUs halved the fast path's scaling (make bench).
	 */
	NR_FOLL_PIN_ACQUIRED,	/* pages pinned with FOLL_PIN, ever */
	NR_FOLL_PIN_RELEASED,	/* pins released, ever */
	GUP_FAST_PINNED,	/* pages pinned by the lockless fast path */
	GUP_FAST_FALLBACK,	/* pages the fast path handed to the slow path */
	GUP_SLOW_PINNED,	/* pages pinned by the slow path */
	GUP_REFUSED,		/* pin requests a policy refused (-EFAULT) */
	WB_FOLIOS_WRITTEN,	/* folios written by writeback */
	WB_MKCLEAN_PTES,	/* PTEs write-protected by folio_clear_dirty_for_io */
	WB_SKIPPED_PINNED,	/* pinned folios a policy told writeback to skip */
	WB_BOUNCED,		/* pinned folios written through a bounce copy */
	WB_KEPT_DIRTY,		/* pinned folios written but left dirty */
	WB_IO_ERRORS,		/* writeback I/O errors (folio redirtied) */
	FS_INVARIANT_VIOLATIONS,	/* dirty folios with no blocks at writeback */
	DROP_PAGECACHE,		/* folios evicted by drop_caches */
	NR_VM_EVENT_ITEMS
};

enum node_stat_item {
	NR_FILE_PAGES,
	NR_ANON_PAGES,
	NR_FILE_DIRTY,
	NR_WRITEBACK,
	NR_SHMEM,
	NR_PAGETABLE,
	NR_VM_NODE_STAT_ITEMS
};

/* One cache-line-aligned row per CPU: no false sharing between CPUs. */
struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
} __aligned(64);

extern struct vm_event_state vm_event_percpu[NR_CPUS];
extern atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS];

/* Callers may be preempted between reading the CPU id and adding; a
 * lost increment is impossible because each slot is added atomically. */
static inline void
count_vm_events(enum vm_event_item item, long delta)
{
	__atomic_add_fetch(&vm_event_percpu[smp_processor_id()].event[item], delta,
			   __ATOMIC_RELAXED);
}

static inline void
count_vm_event(enum vm_event_item item)
{
	count_vm_events(item, 1);
}

static inline void
mod_node_page_state(enum node_stat_item item, long delta)
{
	atomic_long_add(delta, &vm_node_stat[item]);
}

unsigned long global_vm_event(enum vm_event_item item);
long global_node_page_state(enum node_stat_item item);
/* Format /proc/vmstat into @buf; returns the length. */
int vmstat_show(char *buf, size_t len);

#endif
