/*
 * VM tunables under /proc/sys/vm/ (fs/proc_sysctl.c).
 *
 * The simple form binds a file to a long with a range:
 *
 *	static long dirty_expire_centisecs = 3000;
 *	register_sysctl_vm("dirty_expire_centisecs",
 *			   &dirty_expire_centisecs, 0, LONG_MAX);
 *
 * Reading gives "%ld\n"; writing parses one integer (leading and
 * trailing blanks and a newline allowed) and stores it, or fails with
 * -EINVAL (not a number, trailing garbage, out of range) and leaves the
 * value unchanged. The store is a single WRITE_ONCE: readers of the
 * long need no lock.
 *
 * The table form is for tunables with side effects (drop_caches) or
 * non-numeric values (pin_policy): ->read formats the current value
 * into buf (at most len bytes) and returns the length or -errno;
 * ->write gets what user space wrote, NUL-terminated, and returns 0 or
 * -errno. A NULL ->write makes the file read-only (writes fail with
 * -EPERM); a NULL ->read makes it read as empty (drop_caches). The
 * table must stay alive (static storage); handlers may sleep.
 *
 * Names are unique (-EEXIST) and at most SYSCTL_NAME_MAX bytes
 * (-ENAMETOOLONG); registration may happen at any time, before or
 * after /proc is mounted. Writes are limited to SYSCTL_WRITE_MAX bytes
 * per write() call (-EINVAL beyond).
 */
#ifndef _PINOS_SYSCTL_H
#define _PINOS_SYSCTL_H

#include <list.h>
#include <types.h>

#define SYSCTL_NAME_MAX  63
#define SYSCTL_WRITE_MAX 256
#ifndef LONG_MAX
#define LONG_MAX 0x7fffffffffffffffL
#define LONG_MIN (-LONG_MAX - 1)
#endif

struct ctl_table {
	const char *procname;
	int (*read)(char *buf, size_t len);
	int (*write)(const char *buf, size_t len);
	/* Private to fs/proc_sysctl.c. */
	long *data;
	long min, max;
	struct list_head list;
};

int register_sysctl_vm(const char *name, long *value, long min, long max);
int register_sysctl_vm_table(struct ctl_table *table);

/* In-kernel access by name, as a read()/write() of the file would. */
int sysctl_vm_read(const char *name, char *buf, size_t len);
int sysctl_vm_write(const char *name, const char *buf, size_t len);

/* For procfs: look up one entry; iterate in registration order. */
struct ctl_table *sysctl_vm_find(const char *name, int len);
struct ctl_table *sysctl_vm_nth(unsigned long n);

#endif
