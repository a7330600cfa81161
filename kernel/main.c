/*
 * kmain: the boot CPU's path from head.S to a running system.
 *
 * Order matters and each step states what it needs:
 *   per-CPU base (GS)   before anything that may take a spinlock
 *   serial console      before the first printk
 *   GDT/IDT             before anything that may fault
 *   boot info, cmdline  before memory (memory map, modules, options)
 *   memory              before interrupts, threads and slab users
 *   interrupts, timer, scheduler
 * Then kernel_init() runs as the first kernel thread: initcalls, then
 * either the test suites (tests=GLOB) or the user-space init, and the
 * boot CPU becomes its idle task.
 */
#include <bench.h>
#include <boot.h>
#include <cmdline.h>
#include <init.h>
#include <irq.h>
#include <kunit.h>
#include <power.h>
#include <printk.h>
#include <sched.h>
#include <slab.h>
#include <smp.h>
#include <time.h>
#include <writeback.h>
#include <asm/cpu.h>
#include <asm/desc.h>

void serial_init(void);
void vga_console_enable(void);
void mm_init(void);
void cpu_features_init(void);
void uaccess_init(void);
int irq_init(void);
void time_init(void);
int run_init_process(void);

extern initcall_t __start_initcalls[], __stop_initcalls[];

void
do_initcalls(void)
{
	for (initcall_t *fn = __start_initcalls; fn < __stop_initcalls; fn++) {
		int err = (*fn)();

		if (err)
			pr_warn("initcall %p failed: %d\n", *fn, err);
	}
}

static int
kernel_init(void *unused)
{
	int failed, status;

	do_initcalls();
	if (cmdline_bench) {
		bench_run_all(cmdline_bench);
		kernel_poweroff(0);
	}
	if (cmdline_tests) {
		failed = kunit_run_all(cmdline_tests);
		kernel_poweroff(failed ? 1 : 0);
	}
	status = run_init_process();
	sync_all_filesystems();	/* as an init would before power-off */
	kernel_poweroff(status);
}

static void
boot_banner(u32 magic, u64 info)
{
	pr_notice("pinos: booting (%s, loader '%s')\n", boot_info.loader,
		  boot_info.bootloader_name);
	pr_info("pinos: command line: %s\n", boot_info.cmdline);
	for (int i = 0; i < boot_info.nr_ranges; i++) {
		const struct boot_memrange *r = &boot_info.ranges[i];

		pr_info("  mem %016lx-%016lx %s\n", r->base,
			r->base + r->len - 1,
			r->type == 1 ? "usable" : "reserved");
	}
	for (int i = 0; i < boot_info.nr_modules; i++)
		pr_info("  module %s at %lx-%lx\n", boot_info.modules[i].name,
			boot_info.modules[i].start, boot_info.modules[i].end);
}

void __noreturn
kmain(u32 magic, u32 info_phys)
{
	cpu_init_percpu(&cpus[0]);
	serial_init();
	gdt_init_cpu(0);
	idt_init();
	if (multiboot_parse(magic, info_phys, &boot_info))
		kernel_halt("not started by a multiboot loader (bad magic or "
			    "no memory map)");
	if (parse_cmdline(boot_info.cmdline))
		pr_warn("cmdline: some options were not understood\n");
	vga_console_enable();
	boot_banner(magic, info_phys);
	cpu_features_init();
	uaccess_init();
	mm_init();
	kmem_cache_init();
	irq_init();
	time_init();
	sched_init();
	kthread_run(kernel_init, NULL, "init");
	cpu_idle_loop();
}
