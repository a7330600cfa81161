/*
 * Policy "linux" (the default): the rule merged in Linux 6.5.
 *
 * A long-term write pin (FOLL_PIN|FOLL_LONGTERM|FOLL_WRITE) of a VMA
 * that needs dirty tracking -- shared, writable, on a filesystem that
 * has ->page_mkwrite or writes back (ext2 here) -- is refused with
 * -EFAULT, in both paths. Everything else is allowed: read pins,
 * short-term pins (O_DIRECT-like), private mappings (the pinned page
 * is an anonymous COW copy), shmem/tmpfs/memfd.
 *
 * Protects: the filesystem never meets a folio that was written
 * behind its back for an unbounded time after writeback cleaned it.
 * Costs: RDMA/VFIO users cannot register shared file-backed memory
 * (QEMU memory-backend-file,share=on with a device assigned fails),
 * and short-term pins keep the (brief) race open.
 */
#include <pin_policy.h>
#include <gup.h>
#include <errno.h>

static int
linux_check_vma(struct vm_area_struct *vma, unsigned int gup_flags)
{
	return writable_file_mapping_allowed(vma, gup_flags) ? 0 : -EFAULT;
}

/*
 * The fast path cannot see the VMA: only a long-term write pin needs
 * the whitelist; any other pin is as allowed here as in the slow path.
 */
static bool
linux_folio_fast_ok(struct folio *folio, unsigned int gup_flags)
{
	const unsigned int rule = FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE;

	if ((gup_flags & rule) != rule)
		return true;
	return folio_fast_pin_whitelisted(folio);
}

const struct pin_policy pin_policy_linux = {
	.name = "linux",
	.description = "Linux >= 6.5: refuse long-term write pins of "
		       "dirty-tracked shared file mappings (-EFAULT)",
	.check_vma = linux_check_vma,
	.folio_fast_ok = linux_folio_fast_ok,
};
register_pin_policy(pin_policy_linux);
