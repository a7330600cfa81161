/*
 * Policy "no-file-write": the first version of the series (v1/v2),
 * which refused *any* FOLL_PIN|FOLL_WRITE of a dirty-tracked file
 * mapping, long-term or not. (v1 also covered FOLL_GET users through
 * an opt-out flag; pinos polices pins only.)
 *
 * Protects: also the short window of short-term pins (O_DIRECT reads
 * into a shared file mapping), where the same race exists, just
 * briefly.
 * Costs: breaks O_DIRECT into shared file mappings and every other
 * short-term write pin of file memory -- which is why v3 narrowed the
 * rule to FOLL_LONGTERM.
 */
#include <pin_policy.h>
#include <gup.h>
#include <mman.h>
#include <errno.h>

static int
nfw_check_vma(struct vm_area_struct *vma, unsigned int gup_flags)
{
	if (!(gup_flags & FOLL_PIN))
		return 0;
	return vma_needs_dirty_tracking(vma) ? -EFAULT : 0;
}

static bool
nfw_folio_fast_ok(struct folio *folio, unsigned int gup_flags)
{
	if ((gup_flags & (FOLL_PIN | FOLL_WRITE)) != (FOLL_PIN | FOLL_WRITE))
		return true;
	return folio_fast_pin_whitelisted(folio);
}

static const struct pin_policy pin_policy_no_file_write = {
	.name = "no-file-write",
	.description = "series v1: refuse every write pin of dirty-tracked "
		       "shared file mappings, long-term or not",
	.check_vma = nfw_check_vma,
	.folio_fast_ok = nfw_folio_fast_ok,
};
register_pin_policy(pin_policy_no_file_write);
