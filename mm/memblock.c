/*
 * memblock: boot-time physical memory management.
 *
 * Two small arrays of ranges: memory (usable RAM from the boot loader)
 * and reserved (kernel image, modules, loader structures, low 1 MiB,
 * early allocations). memblock_alloc() hands out the highest free
 * page-aligned block below 4 GiB, top-down, so it stays clear of the
 * kernel and the low memory that SMP trampolines need. Single-threaded
 * boot code only: no locking.
 */
#include <memblock.h>
#include <mm.h>
#include <printk.h>
#include <string.h>
#include <asm/page.h>

#define MAX_REGIONS 128

struct region {
	phys_addr_t base, end;
};

static struct region memory[MAX_REGIONS];
static struct region reserved[MAX_REGIONS];
static int nr_memory, nr_reserved;
static bool memblock_done;

static void
region_add(struct region *r, int *n, phys_addr_t base, phys_addr_t end)
{
	if (*n >= MAX_REGIONS)
		panic("memblock: too many regions");
	r[(*n)++] = (struct region){ base, end };
}

void
memblock_add(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t start = PAGE_ALIGN(base);
	phys_addr_t end = (base + size) & PAGE_MASK;

	if (end > start)
		region_add(memory, &nr_memory, start, end);
}

/* Reserve a range, growing a touching region rather than adding one. */
void
memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t start = base & PAGE_MASK, end = PAGE_ALIGN(base + size);

	for (int i = 0; i < nr_reserved; i++) {
		struct region *r = &reserved[i];

		if (start <= r->end && r->base <= end) {
			r->base = min(r->base, start);
			r->end = max(r->end, end);
			return;
		}
	}
	region_add(reserved, &nr_reserved, start, end);
}

static bool
overlaps_reserved(phys_addr_t base, phys_addr_t end)
{
	for (int i = 0; i < nr_reserved; i++)
		if (base < reserved[i].end && reserved[i].base < end)
			return true;
	return false;
}

phys_addr_t
memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	size = PAGE_ALIGN(size);
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	if (memblock_done)
		panic("memblock_alloc after the buddy allocator took over");
	for (int i = nr_memory - 1; i >= 0; i--) {
		phys_addr_t top = min(memory[i].end, (phys_addr_t)4 << 30);
		phys_addr_t cand;

		if (top < memory[i].base + size)
			continue;
		for (cand = ALIGN_DOWN(top - size, align);
		     cand >= memory[i].base; cand -= align) {
			if (!overlaps_reserved(cand, cand + size)) {
				memblock_reserve(cand, size);
				memset(__va(cand), 0, size);
				return cand;
			}
			if (cand < align)
				break;
		}
	}
	panic("memblock: out of memory allocating %lu bytes", size);
}

phys_addr_t
memblock_end_of_ram(void)
{
	phys_addr_t end = 0;

	for (int i = 0; i < nr_memory; i++)
		end = max(end, memory[i].end);
	return end;
}

phys_addr_t
memblock_total_ram(void)
{
	phys_addr_t total = 0;

	for (int i = 0; i < nr_memory; i++)
		total += memory[i].end - memory[i].base;
	return total;
}

bool
memblock_next_ram(int *idx, phys_addr_t *base, phys_addr_t *end)
{
	if (*idx >= nr_memory)
		return false;
	*base = memory[*idx].base;
	*end = memory[*idx].end;
	(*idx)++;
	return true;
}

static bool
pfn_reserved(unsigned long pfn)
{
	phys_addr_t a = PFN_PHYS(pfn);

	return overlaps_reserved(a, a + PAGE_SIZE);
}

/* Hand every unreserved RAM page to the buddy allocator. */
void
memblock_free_all(void)
{
	memblock_done = true;
	for (int i = 0; i < nr_memory; i++) {
		unsigned long pfn = PFN_DOWN(memory[i].base);
		unsigned long end = PFN_DOWN(memory[i].end);

		while (pfn < end) {
			unsigned long run = pfn;

			while (run < end && !pfn_reserved(run))
				run++;
			if (run > pfn)
				free_pfn_range(pfn, run);
			pfn = run + 1;
		}
	}
}
