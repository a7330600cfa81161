/*
 * mm event tracing: a ring buffer of the events on the pin scenario's
 * path, readable as text at /proc/trace and switched on with trace=mm
 * on the command line (or by writing 1 to /proc/sys/vm/trace_mm).
 *
 *	trace_mm(TRACE_PAGE_MKWRITE, folio, "ino %lu", ino);
 *
 * Each record keeps the time, CPU, pid, the event, the folio's pfn and
 * page-cache index, and a short formatted detail. When tracing is off
 * a trace point costs one predictable branch. The buffer overwrites
 * its oldest records; "lost" in /proc/trace counts them.
 */
#ifndef _PINOS_TRACE_H
#define _PINOS_TRACE_H

#include <compiler.h>

struct folio;

enum trace_event {
	TRACE_FAULT,		/* a page fault resolved */
	TRACE_PAGE_MKWRITE,	/* the filesystem was told of a write */
	TRACE_MKCLEAN,		/* folio_mkclean: PTEs write-protected */
	TRACE_DIRTY,		/* a folio became dirty, and by whom */
	TRACE_WB_START,		/* writeback of a folio started */
	TRACE_WB_END,		/* writeback of a folio ended */
	TRACE_DROP_CACHES,
	TRACE_PIN,		/* pin_user_pages*: folio pinned */
	TRACE_UNPIN,
	TRACE_POLICY,		/* a pin policy's decision */
	TRACE_FS_VIOLATION,	/* dirty folio without blocks at writeback */
	NR_TRACE_EVENTS
};

extern bool trace_mm_enabled;

void __trace_mm(enum trace_event ev, struct folio *folio, const char *fmt,
		...) __printf(3, 4);

#define trace_mm(ev, folio, ...)                                  \
	do {                                                      \
		if (unlikely(trace_mm_enabled))                   \
			__trace_mm(ev, folio, __VA_ARGS__);       \
	} while (0)

/* Format the newest records that fit, oldest first; returns the length. */
int trace_show(char *buf, size_t len);
void trace_clear(void);
const char *trace_event_name(enum trace_event ev);

#endif
