/*
 * Policy "linux-exempt": the linux rule, plus a caller flag
 * (FOLL_PINOS_EXEMPT) that exempts a trusted pinner. This is what the
 * VFIO case in the seed thread asked for (QEMU's memory-backend-file
 * with share=on and an assigned device), and what the 2023 and 2026
 * discussions floated as FOLL_ALLOW_BROKEN_FILE_MAPPING,
 * FOLL_LONGTERM_HACK and similar. It was never merged.
 *
 * Protects: the same as linux, for everyone who does not claim the
 * exemption.
 * Costs: an exempt pinner reopens the four-step scenario for its
 * mappings; the kernel must trust the caller to handle dirtiness
 * itself (e.g. never let writeback run while it writes).
 */
#include <pin_policy.h>
#include <gup.h>
#include <errno.h>

extern const struct pin_policy pin_policy_linux;

static int
exempt_check_vma(struct vm_area_struct *vma, unsigned int gup_flags)
{
	if (gup_flags & FOLL_PINOS_EXEMPT)
		return 0;
	return pin_policy_linux.check_vma(vma, gup_flags);
}

static bool
exempt_folio_fast_ok(struct folio *folio, unsigned int gup_flags)
{
	if (gup_flags & FOLL_PINOS_EXEMPT)
		return true;
	return pin_policy_linux.folio_fast_ok(folio, gup_flags);
}

static const struct pin_policy pin_policy_linux_exempt = {
	.name = "linux-exempt",
	.description = "linux, but a caller passing FOLL_PINOS_EXEMPT may "
		       "pin anyway (the never-merged VFIO exception)",
	.check_vma = exempt_check_vma,
	.folio_fast_ok = exempt_folio_fast_ok,
};
register_pin_policy(pin_policy_linux_exempt);
