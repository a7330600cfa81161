/*
 * The page-fault handler. A kernel-mode fault is legitimate only at an
 * instruction listed in the exception table (user copies), which
 * resumes at its fixup and makes the copy return -EFAULT. Everything
 * else is reported to the caller as unhandled, which do_trap() turns
 * into an oops.
 */
#include <fault.h>
#include <extable.h>

int
do_page_fault(struct pt_regs *regs, unsigned long address)
{
	if (!user_mode(regs) && fixup_exception(regs))
		return 0;
	return -1;
}
