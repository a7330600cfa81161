/*
 * CPU exceptions. do_trap() is called by entry.S for vectors 0-31.
 *
 * A page fault goes to do_page_fault() (mm/fault.c). Anything the
 * handlers cannot resolve in kernel mode is an oops: the vector, the
 * error code, every register, CR2 and a symbolized backtrace go to
 * the console, the test runner (if a test is running) reports that
 * test as crashed, and the machine powers off with a failure status.
 * A broken kernel never hangs an unattended run.
 */
#include <printk.h>
#include <kallsyms.h>
#include <boot.h>
#include <kunit.h>
#include <fault.h>
#include <power.h>
#include <extable.h>
#include <signal.h>
#include <asm/cpu.h>
#include <asm/irqflags.h>
#include <asm/page.h>

extern int oops_in_progress;

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "int3", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack segment", "general protection",
	"page fault", "reserved", "x87 FP error", "alignment check",
	"machine check", "SIMD FP error", "virtualization",
	"control protection",
};

static const char *
exception_name(unsigned long vec)
{
	if (vec < 32 && exception_names[vec])
		return exception_names[vec];
	return "reserved";
}

static bool
kernel_text_address(unsigned long a)
{
	return a >= (unsigned long)_text && a < (unsigned long)_etext;
}

/* Plausible kernel stack or data address (the walk must not fault). */
static bool
kernel_stack_address(unsigned long a)
{
	if (a & 7)
		return false;
	return (a >= PAGE_OFFSET && a < PAGE_OFFSET + (64UL << 30)) ||
	       a >= KERNEL_VMA;
}

static void
print_symbol(const char *prefix, unsigned long addr)
{
	unsigned long off;
	const char *name = kallsyms_lookup(addr, &off);

	if (name)
		printk(KERN_EMERG "%s[<%016lx>] %s+0x%lx\n", prefix, addr,
		       name, off);
	else
		printk(KERN_EMERG "%s[<%016lx>] ?\n", prefix, addr);
}

void
show_backtrace(unsigned long rip, unsigned long rbp)
{
	printk(KERN_EMERG "Call Trace:\n");
	print_symbol("  ", rip);
	for (int depth = 0; depth < 32 && kernel_stack_address(rbp); depth++) {
		unsigned long ret = ((unsigned long *)rbp)[1];

		if (!kernel_text_address(ret))
			break;
		print_symbol("  ", ret - 1);
		rbp = ((unsigned long *)rbp)[0];
	}
}

void __noinline
dump_stack(void)
{
	unsigned long rbp;

	__asm__ __volatile__("movq %%rbp, %0" : "=r"(rbp));
	/* Start at our caller: its return address and its frame. */
	show_backtrace((unsigned long)__builtin_return_address(0) - 1,
		       ((unsigned long *)rbp)[0]);
}

static void
show_regs(const struct pt_regs *r)
{
	printk(KERN_EMERG "RIP: %04lx:%016lx RFLAGS: %08lx\n", r->cs, r->rip,
	       r->rflags);
	printk(KERN_EMERG "RSP: %04lx:%016lx CR2: %016lx CR3: %016lx\n",
	       r->ss, r->rsp, read_cr2(), read_cr3());
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax,
	       r->rbx, r->rcx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx,
	       r->rsi, r->rdi);
	printk(KERN_EMERG "RBP: %016lx R08: %016lx R09: %016lx\n", r->rbp,
	       r->r8, r->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n", r->r10,
	       r->r11, r->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n", r->r13,
	       r->r14, r->r15);
}

void __noreturn
die(const char *why, struct pt_regs *regs)
{
	local_irq_disable();
	oops_in_progress = 1;
	printk(KERN_EMERG "Oops: %s (vector %lu, error code 0x%lx)\n", why,
	       regs->vector, regs->error_code);
	show_regs(regs);
	if (!user_mode(regs))
		show_backtrace(regs->rip, regs->rbp);
	if (kunit_running())
		kunit_report_crash();
	kernel_poweroff(3);
}

void
do_trap(struct pt_regs *regs)
{
	int sig = sig_for_vector(regs->vector);

	if (regs->vector == 14) {
		unsigned long addr = read_cr2();

		if (do_page_fault(regs, addr) == 0)
			return;
		/* A user fault kills the process, not the kernel. */
		if (user_mode(regs))
			force_sig_fault(SIGSEGV, addr);
		die("unhandled page fault", regs);
	}
	if (user_mode(regs) && sig) {
		force_sig_fault(sig, regs->rip);
		return;
	}
	if (!user_mode(regs) && fixup_exception(regs))
		return;
	die(exception_name(regs->vector), regs);
}
