/*
 * The contents of /proc: one ->show(buf, len) per file, returning the
 * number of bytes written (at most len, truncated if the text is
 * longer), and the tables that place them in the tree.
 *
 * meminfo uses Linux's "Name:" column of 16 characters and an 8-wide
 * value in kB. self/maps comes from the VM (show_maps, mm/maps.c) for
 * the task reading it; a kernel thread, having no mm, reads nothing.
 */
#include "internal.h"
#include <boot.h>
#include <gfp.h>
#include <mman.h>
#include <sched.h>
#include <slab.h>
#include <smp.h>
#include <time.h>
#include <trace.h>
#include <vmstat.h>

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

static unsigned long
stat_pages(enum node_stat_item item)
{
	long v = global_node_page_state(item);

	return v > 0 ? v : 0;
}

static int
meminfo_show(char *buf, size_t len)
{
	unsigned long file = stat_pages(NR_FILE_PAGES);
	unsigned long free = nr_free_pages();
	const struct {
		const char *name;
		unsigned long pages;
	} rows[] = {
		{ "MemTotal:", totalram_pages() },
		{ "MemFree:", free },
		{ "MemAvailable:", free + file - stat_pages(NR_SHMEM) },
		{ "Buffers:", 0 },
		{ "Cached:", file },
		{ "SwapCached:", 0 },
		{ "AnonPages:", stat_pages(NR_ANON_PAGES) },
		{ "Shmem:", stat_pages(NR_SHMEM) },
		{ "Dirty:", stat_pages(NR_FILE_DIRTY) },
		{ "Writeback:", stat_pages(NR_WRITEBACK) },
		{ "PageTables:", stat_pages(NR_PAGETABLE) },
		{ "SwapTotal:", 0 },
		{ "SwapFree:", 0 },
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rows) && n < len; i++)
		n += snprintf(buf + n, len - n, "%-16s%8lu kB\n", rows[i].name,
			      K(rows[i].pages));
	return min(n, len);
}

static int
cmdline_show(char *buf, size_t len)
{
	return min((size_t)snprintf(buf, len, "%s\n", boot_info.cmdline),
		   len);
}

static int
uptime_show(char *buf, size_t len)
{
	unsigned long up = jiffies, idle = 0;

	for_each_online_cpu(c)
		idle += c->idle_ticks;
	return min((size_t)snprintf(buf, len, "%lu.%02lu %lu.%02lu\n",
				    up / HZ, up % HZ * 100 / HZ, idle / HZ,
				    idle % HZ * 100 / HZ),
		   len);
}

static int
self_maps_show(char *buf, size_t len)
{
	if (!current->mm)
		return 0;
	return show_maps(current->mm, buf, len);
}

static const struct proc_entry self_children[] = {
	{ "maps", S_IFREG | 0444, self_maps_show },
	{},
};

static const struct proc_entry sys_children[] = {
	{ "vm", S_IFDIR | 0555, .sysctl_dir = true },
	{},
};

static const struct proc_entry root_children[] = {
	{ "buddyinfo", S_IFREG | 0444, buddyinfo_show },
	{ "cmdline", S_IFREG | 0444, cmdline_show },
	{ "filesystems", S_IFREG | 0444, show_filesystems },
	{ "meminfo", S_IFREG | 0444, meminfo_show },
	{ "mounts", S_IFREG | 0444, show_mounts },
	{ "self", S_IFDIR | 0555, .children = self_children },
	{ "slabinfo", S_IFREG | 0444, slabinfo_show },
	{ "sys", S_IFDIR | 0555, .children = sys_children },
	{ "trace", S_IFREG | 0444, trace_show },
	{ "uptime", S_IFREG | 0444, uptime_show },
	{ "vmstat", S_IFREG | 0444, vmstat_show },
	{},
};

const struct proc_entry proc_root_entry = {
	"/", S_IFDIR | 0555, .children = root_children,
};
