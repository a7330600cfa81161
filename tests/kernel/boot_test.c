/*
 * Suite "boot": what the boot path promised holds. The loader handed
 * over a memory map and the kernel's command line; the final page
 * tables enforce W^X on the kernel image; the direct map covers all
 * RAM with large, non-executable pages; exceptions are caught (a
 * fixup-table fault resumes instead of crashing).
 */
#include <kunit.h>
#include <boot.h>
#include <pgtable.h>
#include <memblock.h>
#include <extable.h>

static void
boot_loader_info(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, boot_info.loader);
	/* The harness reads this line to confirm which protocol booted us. */
	kunit_info(test, "loader: %s", boot_info.loader);
	KUNIT_EXPECT_GT(test, boot_info.nr_ranges, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(boot_info.cmdline, "tests="));
}

static u64
leaf(unsigned long va, int *level)
{
	u64 *e = lookup_address(init_pgd, va, level);

	return e ? *e : 0;
}

static void
boot_kernel_wx(struct kunit *test)
{
	int level;
	u64 e;

	e = leaf((unsigned long)_text, &level);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_PRESENT);
	KUNIT_EXPECT_FALSE(test, e & _PAGE_RW);
	KUNIT_EXPECT_FALSE(test, e & _PAGE_NX);
	e = leaf((unsigned long)__start_rodata, &level);
	KUNIT_EXPECT_FALSE(test, e & _PAGE_RW);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_NX);
	e = leaf((unsigned long)_sdata, &level);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_RW);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_NX);
	e = leaf((unsigned long)__bss_start, &level);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_RW);
	KUNIT_EXPECT_TRUE(test, e & _PAGE_NX);
}

static void
boot_direct_map(struct kunit *test)
{
	phys_addr_t end = memblock_end_of_ram();
	int level;
	u64 e;

	/* Every 2 MiB of RAM is mapped, with a large page, NX. */
	for (phys_addr_t pa = 0x200000; pa + PMD_SIZE <= end; pa += PMD_SIZE) {
		e = leaf((unsigned long)__va(pa), &level);
		KUNIT_ASSERT_TRUE(test, e & _PAGE_PRESENT);
		KUNIT_EXPECT_GE(test, level, 2);
		KUNIT_EXPECT_TRUE(test, e & _PAGE_NX);
		KUNIT_EXPECT_EQ(test, e & PTE_PFN_MASK & ~(PMD_SIZE - 1), pa);
	}
	/* The boot identity map is gone: the lower half is user space. */
	KUNIT_EXPECT_EQ(test, leaf(0x100000, &level), 0);
}

static void
boot_exception_fixup(struct kunit *test)
{
	extern long probe_read_nofault(const void *addr, long *val);
	long val = 0;

	/* An unmapped kernel address: the fixup turns the fault into -EFAULT. */
	KUNIT_EXPECT_EQ(test, probe_read_nofault((void *)(PAGE_OFFSET +
							  (1UL << 45)), &val),
			-14);
	/* A user address is refused before any access (SMAP would oops). */
	KUNIT_EXPECT_EQ(test, probe_read_nofault((void *)0xdead000, &val), -14);
	val = 42;
	KUNIT_EXPECT_EQ(test, probe_read_nofault(&val, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 42);
}

static struct kunit_case boot_cases[] = {
	KUNIT_CASE(boot_loader_info),
	KUNIT_CASE(boot_kernel_wx),
	KUNIT_CASE(boot_direct_map),
	KUNIT_CASE(boot_exception_fixup),
	{}
};

static struct kunit_suite boot_suite = {
	.name = "boot",
	.test_cases = boot_cases,
};
kunit_test_suite(boot_suite);
