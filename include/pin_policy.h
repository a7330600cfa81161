/*
 * Pin policies: who may take a FOLL_PIN on which mapping, and what
 * writeback does with a folio that may be pinned.
 *
 * Linux has exactly one policy (the 6.5 rule: policy "linux"). pinos
 * makes it a small interface so the same scenario can run under the
 * designs Linux discussed and show each one's outcome. Each policy
 * lives in its own file under mm/pin_policies/ and explains what it
 * protects and what it costs.
 *
 *   check_vma      the slow path's question, asked under mmap_lock for
 *                  a FOLL_WRITE request on a non-anonymous VMA: 0 to
 *                  allow, -EFAULT to refuse (Linux's check_vma_flags).
 *   folio_fast_ok  the fast path's question, asked with interrupts off
 *                  and no VMA in sight, after the folio is referenced
 *                  and its PTE re-checked: true pins here, false hands
 *                  the page to the slow path, which decides for real.
 *                  It may read folio->mapping only with READ_ONCE: the
 *                  folio can be truncated under it.
 *   writeback      optional: what writeback does with a folio that
 *                  folio_maybe_dma_pinned() says may be pinned.
 *
 * The active policy is chosen by pin_policy=NAME at boot and switched
 * at run time through /proc/sys/vm/pin_policy. Switching while pins
 * are held is allowed: pins already taken stay valid; the new policy
 * governs the next pin and the next writeback.
 */
#ifndef _PINOS_PIN_POLICY_H
#define _PINOS_PIN_POLICY_H

#include <compiler.h>

struct vm_area_struct;
struct folio;

enum pin_wb_action {
	PIN_WB_NORMAL,		/* clean, write-protect, write: as always */
	PIN_WB_SKIP,		/* leave it dirty and mapped; write later */
	PIN_WB_WRITE_KEEP_DIRTY,	/* write it, but do not clean it */
	PIN_WB_BOUNCE,		/* write a stable copy; keep it dirty */
};

struct pin_policy {
	const char *name;
	const char *description;
	int (*check_vma)(struct vm_area_struct *vma, unsigned int gup_flags);
	bool (*folio_fast_ok)(struct folio *folio, unsigned int gup_flags);
	/* @integrity: fsync/sync (WB_SYNC_ALL) rather than background. */
	enum pin_wb_action (*writeback)(struct folio *folio, bool integrity);
};

#define register_pin_policy(p)                                          \
	static const struct pin_policy *__pin_policy_ptr_##p              \
		__section(".pin_policies") __used = &(p)

/* The active policy; read with READ_ONCE (the fast path has no lock). */
extern const struct pin_policy *active_pin_policy;

const struct pin_policy *pin_policy_find(const char *name);
int pin_policy_set(const char *name);
const struct pin_policy *pin_policy_get(void);
/* "linux [legacy] ..." with the active one bracketed, as sysfs does. */
int pin_policy_list(char *buf, size_t len);

/* The whitelist Linux's GUP-fast uses, shared by several policies. */
bool folio_fast_pin_whitelisted(struct folio *folio);
/* Linux's writable_file_mapping_allowed(), for the slow path. */
bool writable_file_mapping_allowed(struct vm_area_struct *vma,
				   unsigned int gup_flags);

#endif
