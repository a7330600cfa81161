/*
 * Policy "bounce": Kara's RFC, second half, applied to all writeback.
 * Pins are allowed. Writeback of a folio that may be pinned copies it
 * to a bounce page and writes the copy, and keeps the folio dirty and
 * writably mapped: the device's later writes (through the pin) still
 * reach the disk at a later writeback, and the I/O sees a stable
 * snapshot.
 *
 * Protects: data written through the pin is never lost and never lands
 * in a folio the filesystem thinks clean; the written block is
 * consistent (checksums/RAID see exactly what was written).
 * Costs: a page copy per writeback of every pinned folio, and the
 * folio stays dirty as long as it is pinned, so writeback repeats.
 */
#include <pin_policy.h>
#include <mm.h>

static int
bounce_check_vma(struct vm_area_struct *vma, unsigned int gup_flags)
{
	return 0;
}

static bool
bounce_folio_fast_ok(struct folio *folio, unsigned int gup_flags)
{
	return true;
}

static enum pin_wb_action
bounce_writeback(struct folio *folio, bool integrity)
{
	return folio_maybe_dma_pinned(folio) ? PIN_WB_BOUNCE : PIN_WB_NORMAL;
}

static const struct pin_policy pin_policy_bounce = {
	.name = "bounce",
	.description = "pins allowed; writeback of a pinned folio writes a "
		       "bounce copy and keeps the folio dirty",
	.check_vma = bounce_check_vma,
	.folio_fast_ok = bounce_folio_fast_ok,
	.writeback = bounce_writeback,
};
register_pin_policy(pin_policy_bounce);
