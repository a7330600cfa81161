/*
 * The /proc/sys/vm/ tunables (include/sysctl.h for the contract).
 *
 * The registry is a list of struct ctl_table in registration order,
 * never shrinking, so a table found under the mutex stays valid after
 * it is dropped. procfs looks entries up by name (sysctl_vm_find) and
 * lists them by index (sysctl_vm_nth); the files' read and write go
 * through sysctl_table_read/write, which the in-kernel
 * sysctl_vm_read/write use too.
 *
 * A file read formats the value at every read() call (no snapshot):
 * reading at offset 0 after a write shows the new value. A write()
 * hands the whole buffer (at most SYSCTL_WRITE_MAX bytes) to the
 * handler and, on success, reports it all consumed.
 */
#include "internal.h"
#include <slab.h>
#include <sysctl.h>

static LIST_HEAD(sysctl_vm_list);
static DEFINE_MUTEX(sysctl_mutex);

static struct ctl_table *
find_locked(const char *name, int len)
{
	struct ctl_table *t;

	list_for_each_entry(t, &sysctl_vm_list, list)
		if (!strncmp(t->procname, name, len) && !t->procname[len])
			return t;
	return NULL;
}

struct ctl_table *
sysctl_vm_find(const char *name, int len)
{
	struct ctl_table *t;

	mutex_lock(&sysctl_mutex);
	t = find_locked(name, len);
	mutex_unlock(&sysctl_mutex);
	return t;
}

struct ctl_table *
sysctl_vm_nth(unsigned long n)
{
	struct ctl_table *t, *found = NULL;

	mutex_lock(&sysctl_mutex);
	list_for_each_entry(t, &sysctl_vm_list, list) {
		if (n-- == 0) {
			found = t;
			break;
		}
	}
	mutex_unlock(&sysctl_mutex);
	return found;
}

int
register_sysctl_vm_table(struct ctl_table *t)
{
	size_t len = t->procname ? strnlen(t->procname, NAME_MAX + 1) : 0;
	int err = 0;

	if (!len || strchr(t->procname, '/'))
		return -EINVAL;
	if (len > SYSCTL_NAME_MAX)
		return -ENAMETOOLONG;
	mutex_lock(&sysctl_mutex);
	if (find_locked(t->procname, len))
		err = -EEXIST;
	else
		list_add_tail(&t->list, &sysctl_vm_list);
	mutex_unlock(&sysctl_mutex);
	return err;
}

int
register_sysctl_vm(const char *name, long *value, long min, long max)
{
	struct ctl_table *t;
	int err;

	if (!value || min > max || *value < min || *value > max)
		return -EINVAL;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->procname = kstrdup(name, GFP_KERNEL);
	t->data = value;
	t->min = min;
	t->max = max;
	err = t->procname ? register_sysctl_vm_table(t) : -ENOMEM;
	if (err) {
		kfree(t->procname);
		kfree(t);
	}
	return err;
}

/* One integer, blanks around it allowed, within [min, max]. */
static int
write_long(struct ctl_table *t, char *buf)
{
	char *end = buf + strlen(buf);
	long v;

	while (*buf == ' ' || *buf == '\t')
		buf++;
	while (end > buf && (end[-1] == '\n' || end[-1] == ' ' ||
			     end[-1] == '\t'))
		*--end = '\0';
	if (kstrtol(buf, 10, &v) || v < t->min || v > t->max)
		return -EINVAL;
	WRITE_ONCE(*t->data, v);
	return 0;
}

static int
sysctl_table_read(struct ctl_table *t, char *buf, size_t len)
{
	if (t->read)
		return t->read(buf, len);
	if (t->data)
		return min((size_t)snprintf(buf, len, "%ld\n",
					    READ_ONCE(*t->data)), len);
	return 0;
}

/* @buf is NUL-terminated and writable (write_long trims it). */
static int
sysctl_table_write(struct ctl_table *t, char *buf, size_t len)
{
	if (t->write)
		return t->write(buf, len);
	if (t->data)
		return write_long(t, buf);
	return -EPERM;
}

int
sysctl_vm_read(const char *name, char *buf, size_t len)
{
	struct ctl_table *t = sysctl_vm_find(name, strlen(name));

	return t ? sysctl_table_read(t, buf, len) : -ENOENT;
}

int
sysctl_vm_write(const char *name, const char *buf, size_t len)
{
	struct ctl_table *t = sysctl_vm_find(name, strlen(name));
	char kbuf[SYSCTL_WRITE_MAX + 1];

	if (!t)
		return -ENOENT;
	if (len > SYSCTL_WRITE_MAX)
		return -EINVAL;
	memcpy(kbuf, buf, len);
	kbuf[len] = '\0';
	return sysctl_table_write(t, kbuf, len);
}

static ssize_t
proc_sysctl_read(struct file *f, char *buf, size_t n, loff_t *pos)
{
	char kbuf[SYSCTL_WRITE_MAX];
	int len = sysctl_table_read(f->f_inode->i_private, kbuf, sizeof(kbuf));
	size_t chunk;

	if (len < 0)
		return len;
	if (*pos >= len)
		return 0;
	chunk = min(n, (size_t)(len - *pos));
	if (vfs_copy_to_user(buf, kbuf + *pos, chunk))
		return -EFAULT;
	*pos += chunk;
	return chunk;
}

static ssize_t
proc_sysctl_write(struct file *f, const char *buf, size_t n, loff_t *pos)
{
	char kbuf[SYSCTL_WRITE_MAX + 1];
	int err;

	if (n > SYSCTL_WRITE_MAX)
		return -EINVAL;
	if (vfs_copy_from_user(kbuf, buf, n))
		return -EFAULT;
	kbuf[n] = '\0';
	err = sysctl_table_write(f->f_inode->i_private, kbuf, n);
	if (err)
		return err;
	*pos += n;
	return n;
}

static loff_t
proc_sysctl_llseek(struct file *f, loff_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += f->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	return f->f_pos = off;
}

const struct file_operations proc_sysctl_fops = {
	.read = proc_sysctl_read,
	.write = proc_sysctl_write,
	.llseek = proc_sysctl_llseek,
};
