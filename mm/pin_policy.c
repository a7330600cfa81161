/*
 * The pin-policy switch (see include/pin_policy.h): registration,
 * selection at boot (pin_policy=NAME) and at run time
 * (/proc/sys/vm/pin_policy), and the two checks Linux itself uses,
 * which several policies share.
 */
#include <pin_policy.h>
#include <cmdline.h>
#include <errno.h>
#include <fs.h>
#include <gup.h>
#include <mm.h>
#include <init.h>
#include <mman.h>
#include <printk.h>
#include <string.h>

extern const struct pin_policy *const __start_pin_policies[];
extern const struct pin_policy *const __stop_pin_policies[];
extern const struct pin_policy pin_policy_linux;

const struct pin_policy *active_pin_policy = &pin_policy_linux;

const struct pin_policy *
pin_policy_get(void)
{
	return READ_ONCE(active_pin_policy);
}

const struct pin_policy *
pin_policy_find(const char *name)
{
	const struct pin_policy *const *p;

	for (p = __start_pin_policies; p < __stop_pin_policies; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}

int
pin_policy_set(const char *name)
{
	const struct pin_policy *p = pin_policy_find(name);

	if (p == NULL)
		return -EINVAL;
	WRITE_ONCE(active_pin_policy, p);
	pr_info("pin_policy: %s\n", p->name);
	return 0;
}

int
pin_policy_list(char *buf, size_t len)
{
	const struct pin_policy *const *p;
	const struct pin_policy *cur = pin_policy_get();
	size_t n = 0;

	for (p = __start_pin_policies; p < __stop_pin_policies && n < len; p++)
		n += snprintf(buf + n, len - n, *p == cur ? "[%s] " : "%s ",
			      (*p)->name);
	if (n > 0 && n < len)
		buf[n - 1] = '\n';
	return n < len ? (int)n : (int)len;
}

static int
setup_pin_policy(const char *val)
{
	if (val == NULL || pin_policy_find(val) == NULL)
		return -EINVAL;
	active_pin_policy = pin_policy_find(val);
	return 0;
}
__setup("pin_policy=", setup_pin_policy);

/*
 * Linux's writable_file_mapping_allowed(): only long-term pins are
 * policed; they may not write to a mapping whose folios need their
 * dirtiness tracked by the filesystem.
 */
bool
writable_file_mapping_allowed(struct vm_area_struct *vma,
			      unsigned int gup_flags)
{
	if ((gup_flags & (FOLL_PIN | FOLL_LONGTERM)) !=
	    (FOLL_PIN | FOLL_LONGTERM))
		return true;
	return !vma_needs_dirty_tracking(vma);
}

/*
 * The folio whitelist of Linux's gup_fast_folio_allowed(): anonymous
 * folios (including KSM) and shmem folios can never need dirty
 * tracking, so they may be pinned without seeing the VMA. A NULL
 * mapping means the folio was truncated or is not in any file any
 * more: we cannot prove it safe, so the slow path decides. Everything
 * else (a real file) also goes to the slow path. The mapping is read
 * once: it may change under us (we hold a reference, not the lock).
 */
bool
folio_fast_pin_whitelisted(struct folio *folio)
{
	unsigned long mapping = (unsigned long)READ_ONCE(folio->mapping);

	if (mapping == 0)
		return false;
	if (mapping & PAGE_MAPPING_FLAGS)
		return (mapping & PAGE_MAPPING_ANON) != 0;
	return shmem_mapping((struct address_space *)mapping);
}
