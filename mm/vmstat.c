/*
 * /proc/vmstat: the VM counters. See include/vmstat.h for the rules;
 * the two name tables below must list the enum entries in order.
 */
#include <vmstat.h>
#include <printk.h>
#include <gfp.h>

struct vm_event_state vm_event_percpu[NR_CPUS];
atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS];

static const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
	"pgfault", "pgmajfault", "pgfault_anon", "pgfault_file",
	"pgfault_cow", "pgfault_wp_reuse", "pgfault_mkwrite",
	"pgfault_sigsegv", "pgalloc", "pgfree", "nr_foll_pin_acquired",
	"nr_foll_pin_released", "gup_fast_pinned",
	"gup_fast_fallback", "gup_slow_pinned", "gup_refused",
	"wb_folios_written", "wb_mkclean_ptes", "wb_skipped_pinned",
	"wb_bounced", "wb_kept_dirty", "wb_io_errors",
	"fs_invariant_violations", "drop_pagecache",
};

static const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = {
	"nr_file_pages", "nr_anon_pages", "nr_dirty", "nr_writeback",
	"nr_shmem", "nr_page_table_pages",
};

unsigned long
global_vm_event(enum vm_event_item item)
{
	unsigned long sum = 0;

	for (int c = 0; c < NR_CPUS; c++)
		sum += __atomic_load_n(&vm_event_percpu[c].event[item],
				       __ATOMIC_RELAXED);
	return sum;
}

long
global_node_page_state(enum node_stat_item item)
{
	return atomic_long_read(&vm_node_stat[item]);
}

int
vmstat_show(char *buf, size_t len)
{
	size_t n = 0;

	n += snprintf(buf + n, len - n, "nr_free_pages %lu\n", nr_free_pages());
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS && n < len; i++)
		n += snprintf(buf + n, len - n, "%s %ld\n", node_stat_names[i],
			      global_node_page_state(i));
	for (int i = 0; i < NR_VM_EVENT_ITEMS && n < len; i++)
		n += snprintf(buf + n, len - n, "%s %lu\n", vm_event_names[i],
			      global_vm_event(i));
	return n < len ? (int)n : (int)len;
}
