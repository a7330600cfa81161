/*
 * ioremap: map device registers (MMIO) uncached into the kernel's
 * VMALLOC area. Mappings are never torn down (drivers live for the
 * whole boot), so a bump pointer under a spinlock is all it takes.
 * The area's pud tables exist from paging_init(), so a mapping made
 * here is visible in every address space at once.
 */
#include <pgtable.h>
#include <spinlock.h>
#include <printk.h>

static DEFINE_SPINLOCK(ioremap_lock);
static unsigned long ioremap_next = VMALLOC_START;

void *
ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t base = phys & PAGE_MASK;
	size_t len = PAGE_ALIGN(phys + size) - base;
	unsigned long flags, va;
	int err;

	spin_lock_irqsave(&ioremap_lock, flags);
	va = ioremap_next;
	ioremap_next += len + PAGE_SIZE;	/* a guard page between mappings */
	err = map_range(init_pgd, va, base, len, PAGE_KERNEL_IO, false);
	spin_unlock_irqrestore(&ioremap_lock, flags);
	if (err) {
		pr_err("ioremap: no memory to map %lx+%zx\n", phys, size);
		return NULL;
	}
	return (void *)(va + (phys - base));
}
