/*
 * The mm trace ring buffer (see include/trace.h). One buffer for all
 * CPUs under an irqsave spinlock: events are rare compared with the
 * work they describe, and one buffer keeps a global order that a
 * student can read top to bottom.
 */
#include <trace.h>
#include <cmdline.h>
#include <init.h>
#include <sysctl.h>
#include <errno.h>
#include <mm.h>
#include <printk.h>
#include <sched.h>
#include <spinlock.h>
#include <string.h>
#include <time.h>

#define TRACE_RECORDS 1024

struct trace_record {
	u64 ns;
	int cpu, pid;
	enum trace_event ev;
	unsigned long pfn, index;
	char detail[72];
};

bool trace_mm_enabled;
static struct trace_record ring[TRACE_RECORDS];
static unsigned long head, lost;	/* records ever written, overwritten */
static DEFINE_SPINLOCK(trace_lock);

static const char *const event_names[NR_TRACE_EVENTS] = {
	"fault", "page_mkwrite", "mkclean", "dirty", "writeback_start",
	"writeback_end", "drop_caches", "pin", "unpin", "policy",
	"fs_violation",
};

const char *
trace_event_name(enum trace_event ev)
{
	return ev < NR_TRACE_EVENTS ? event_names[ev] : "?";
}

void
__trace_mm(enum trace_event ev, struct folio *folio, const char *fmt, ...)
{
	struct trace_record *r;
	unsigned long flags;
	va_list ap;

	spin_lock_irqsave(&trace_lock, flags);
	if (head >= TRACE_RECORDS)
		lost++;
	r = &ring[head++ % TRACE_RECORDS];
	r->ns = ktime_get_ns();
	r->cpu = smp_processor_id();
	r->pid = current ? current->pid : 0;
	r->ev = ev;
	r->pfn = folio ? folio_pfn(folio) : 0;
	r->index = folio ? folio->index : 0;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
	spin_unlock_irqrestore(&trace_lock, flags);
}

static int
format_record(char *buf, size_t len, const struct trace_record *r)
{
	return snprintf(buf, len, "%6lu.%06lu cpu%d pid %-3d %-15s pfn %#lx "
			"idx %lu %s\n", (unsigned long)(r->ns / 1000000000),
			(unsigned long)(r->ns / 1000 % 1000000), r->cpu, r->pid,
			trace_event_name(r->ev), r->pfn, r->index, r->detail);
}

int
trace_show(char *buf, size_t len)
{
	unsigned long flags, first, i;
	size_t n;

	spin_lock_irqsave(&trace_lock, flags);
	n = snprintf(buf, len, "# tracing %s, %lu records, %lu lost\n",
		     trace_mm_enabled ? "on" : "off", head, lost);
	first = head > TRACE_RECORDS ? head - TRACE_RECORDS : 0;
	/* A record is under 128 bytes: keep the newest that surely fit. */
	if (len > 256 && head - first > (len - 256) / 128)
		first = head - (len - 256) / 128;
	for (i = first; i < head && n < len; i++)
		n += format_record(buf + n, len - n, &ring[i % TRACE_RECORDS]);
	spin_unlock_irqrestore(&trace_lock, flags);
	return n < len ? (int)n : (int)len;
}

void
trace_clear(void)
{
	unsigned long flags;

	spin_lock_irqsave(&trace_lock, flags);
	head = lost = 0;
	spin_unlock_irqrestore(&trace_lock, flags);
}

static int
setup_trace(const char *val)
{
	if (val == NULL || strcmp(val, "mm") != 0)
		return -EINVAL;
	trace_mm_enabled = true;
	return 0;
}
__setup("trace=", setup_trace);

/* /proc/sys/vm/trace_mm: 1 records events, 0 stops; "clear" empties. */
static int
trace_sysctl_read(char *buf, size_t len)
{
	return snprintf(buf, len, "%d\n", trace_mm_enabled ? 1 : 0);
}

static int
trace_sysctl_write(const char *buf, size_t len)
{
	if (strncmp(buf, "clear", 5) == 0) {
		trace_clear();
		return 0;
	}
	if (buf[0] != '0' && buf[0] != '1')
		return -EINVAL;
	WRITE_ONCE(trace_mm_enabled, buf[0] == '1');
	return 0;
}

static struct ctl_table trace_table = {
	.procname = "trace_mm",
	.read = trace_sysctl_read,
	.write = trace_sysctl_write,
};

static int
trace_sysctl_init(void)
{
	return register_sysctl_vm_table(&trace_table);
}
late_initcall(trace_sysctl_init);
