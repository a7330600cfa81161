/*
 * Memory bring-up, in the order the rest of the kernel relies on:
 *
 *  1. memblock learns RAM from the boot loader and reserves what is in
 *     use (low 1 MiB, kernel image, modules, loader structures);
 *  2. paging_init() builds the final kernel page tables: the direct
 *     map of all RAM at PAGE_OFFSET with 2 MiB pages (read-write,
 *     never executable), and the kernel image at KERNEL_VMA with 4 KiB
 *     pages so each section gets its own permissions (W^X: text
 *     read-only+executable, rodata read-only, data/bss read-write
 *     no-execute). The boot identity map is dropped; the lower half
 *     now belongs to user space;
 *  3. mem_map (one struct page per frame up to max_pfn) is allocated
 *     from memblock and every page starts reserved;
 *  4. the buddy allocator receives every unreserved page.
 */
#include <boot.h>
#include <memblock.h>
#include <pgtable.h>
#include <printk.h>
#include <string.h>
#include <asm/cpu.h>

struct page *mem_map;
unsigned long max_pfn;
extern bool buddy_ready;

static void
memblock_setup(void)
{
	for (int i = 0; i < boot_info.nr_ranges; i++) {
		const struct boot_memrange *r = &boot_info.ranges[i];

		if (r->type == 1)
			memblock_add(r->base, r->len);
	}
	memblock_reserve(0, 0x100000);
	memblock_reserve((phys_addr_t)__kernel_phys_start,
			 (phys_addr_t)__kernel_phys_end -
				 (phys_addr_t)__kernel_phys_start);
	memblock_reserve(boot_info.info_start,
			 boot_info.info_end - boot_info.info_start);
	for (int i = 0; i < boot_info.nr_modules; i++)
		memblock_reserve(boot_info.modules[i].start,
				 boot_info.modules[i].end -
					 boot_info.modules[i].start);
}

static void
map_kernel_section(char *start, char *end, u64 prot)
{
	unsigned long va = (unsigned long)start;
	size_t size = PAGE_ALIGN((unsigned long)end) - va;

	if (map_range(init_pgd, va, __pa(start), size, prot, false))
		panic("paging_init: out of memory mapping the kernel");
}

static void
map_direct(void)
{
	int idx = 0;
	phys_addr_t base, end;

	while (memblock_next_ram(&idx, &base, &end)) {
		base = ALIGN_DOWN(base, PMD_SIZE);
		end = ALIGN(end, PMD_SIZE);
		if (map_range(init_pgd, (unsigned long)__va(base), base,
			      end - base, PAGE_KERNEL, true))
			panic("paging_init: out of memory for the direct map");
	}
}

void
paging_init(void)
{
	init_pgd = pgtable_alloc_page();
	map_direct();
	map_kernel_section(_text, _etext, PAGE_KERNEL_RX);
	map_kernel_section(__start_rodata, _sdata, PAGE_KERNEL_RO);
	map_kernel_section(_sdata, _end, PAGE_KERNEL);
	/*
	 * Pre-create every kernel-half pud table, so that the upper half
	 * of init_pgd never changes again: user mms copy those 256 entries
	 * once at creation and stay in sync for free.
	 */
	for (int i = 256; i < 512; i++)
		if (!pgd_present(init_pgd[i]))
			init_pgd[i].pgd = __pa(pgtable_alloc_page()) |
					  _KERNPG_TABLE;
	write_cr4(read_cr4() | X86_CR4_PGE);
	write_cr3(__pa(init_pgd));
}

static void
mem_map_init(void)
{
	size_t bytes;

	max_pfn = PFN_DOWN(memblock_end_of_ram());
	bytes = max_pfn * sizeof(struct page);
	mem_map = __va(memblock_alloc(bytes, PAGE_SIZE));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = &mem_map[pfn];

		p->flags = 1UL << PG_reserved;
		INIT_LIST_HEAD(&p->lru);
		atomic_set(&p->_mapcount, -1);
		atomic_set(&p->_refcount, 1);
	}
}

void
mm_init(void)
{
	memblock_setup();
	paging_init();
	mem_map_init();
	page_alloc_init();
	memblock_free_all();
	buddy_ready = true;
	pr_info("mm: %lu MiB RAM, %lu pages free, mem_map %lu KiB "
		"(%lu bytes per page)\n",
		(unsigned long)(memblock_total_ram() >> 20), nr_free_pages(),
		(max_pfn * sizeof(struct page)) >> 10,
		(unsigned long)sizeof(struct page));
}
