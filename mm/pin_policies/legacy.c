/*
 * Policy "legacy": Linux before 6.5. Every pin is allowed, and
 * writeback treats pinned folios like any other.
 *
 * Protects: nothing. This is the policy under which the four-step
 * scenario corrupts: writeback cleans and write-protects the folio,
 * the pin holder keeps writing through the direct map, and on unpin
 * the folio is either dirtied behind the filesystem's back (a dirty
 * folio whose blocks it never prepared) or left clean (the data is
 * lost at the next drop_caches).
 * Costs: nothing -- which is why it lasted so long.
 */
#include <pin_policy.h>

static int
legacy_check_vma(struct vm_area_struct *vma, unsigned int gup_flags)
{
	return 0;
}

static bool
legacy_folio_fast_ok(struct folio *folio, unsigned int gup_flags)
{
	return true;
}

static const struct pin_policy pin_policy_legacy = {
	.name = "legacy",
	.description = "before Linux 6.5: every pin allowed",
	.check_vma = legacy_check_vma,
	.folio_fast_ok = legacy_folio_fast_ok,
};
register_pin_policy(pin_policy_legacy);
