/*
 * panic() and WARN(). A panic prints the message and a backtrace,
 * tells the test runner (a panic during a test is that test's
 * failure), then powers off with a failure status so that an
 * unattended run never hangs.
 */
#include <printk.h>
#include <power.h>
#include <kunit.h>
#include <asm/irqflags.h>

extern int oops_in_progress;
void dump_stack(void);

void __noreturn
panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	oops_in_progress = 1;
	printk(KERN_EMERG "Kernel panic - not syncing: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "\n");
	dump_stack();
	if (kunit_running())
		kunit_report_crash();
	kernel_poweroff(3);
}

unsigned long warn_count;

void
warn_slowpath(const char *file, int line, const char *cond)
{
	warn_count++;
	printk(KERN_WARNING "WARNING: %s:%d: %s\n", file, line, cond);
	dump_stack();
}
