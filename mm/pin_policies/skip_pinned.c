/*
 * Policy "skip-pinned": Jan Kara's 2023 RFC ("Writeback handling of
 * pinned pages"), first half. Pins are allowed. Background writeback
 * (WB_SYNC_NONE) skips folios for which folio_maybe_dma_pinned() is
 * true: they stay dirty and writably mapped, so the pin holder's
 * writes are covered by the dirtiness the filesystem already knows
 * about. Integrity writeback (fsync, sync) must make progress, so it
 * writes them without cleaning them: the data reaches the disk and the
 * folio stays dirty until a writeback after the unpin.
 *
 * Protects: no folio is ever cleaned while pinned, so a pin holder's
 * write can never land in a folio the filesystem believes clean, and
 * never needs a ->page_mkwrite it did not get.
 * Costs: a long-term pin keeps its folios dirty forever (dirty memory
 * cannot be reclaimed, dirty limits fill up); fsync writes data that
 * may change under the I/O (no stable pages: checksums and RAID parity
 * may not match what was written).
 */
#include <pin_policy.h>
#include <mm.h>

static int
skip_check_vma(struct vm_area_struct *vma, unsigned int gup_flags)
{
	return 0;
}

static bool
skip_folio_fast_ok(struct folio *folio, unsigned int gup_flags)
{
	return true;
}

static enum pin_wb_action
skip_writeback(struct folio *folio, bool integrity)
{
	if (!folio_maybe_dma_pinned(folio))
		return PIN_WB_NORMAL;
	return integrity ? PIN_WB_WRITE_KEEP_DIRTY : PIN_WB_SKIP;
}

static const struct pin_policy pin_policy_skip_pinned = {
	.name = "skip-pinned",
	.description = "pins allowed; background writeback skips pinned "
		       "folios, fsync writes them without cleaning",
	.check_vma = skip_check_vma,
	.folio_fast_ok = skip_folio_fast_ok,
	.writeback = skip_writeback,
};
register_pin_policy(pin_policy_skip_pinned);
