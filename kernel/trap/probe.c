/*
 * probe_read_nofault(): read one long from a kernel address that may
 * not be mapped, returning -EFAULT instead of oopsing. It is the
 * smallest user of the exception table, and the boot suite uses it to
 * prove the fixup path works before any user copy depends on it.
 */
#include <errno.h>
#include <asm/page.h>

long
probe_read_nofault(const void *addr, long *val)
{
	long v, err = 0;

	/* Kernel addresses only, as Linux's copy_from_kernel_nofault(). */
	if ((unsigned long)addr < TASK_SIZE + PAGE_SIZE)
		return -EFAULT;
	__asm__ __volatile__("1:	movq (%2), %0\n"
			     "2:\n"
			     ".pushsection .fixup, \"ax\"\n"
			     "3:	movq %3, %1\n"
			     "	jmp 2b\n"
			     ".popsection\n"
			     ".pushsection __ex_table, \"a\"\n"
			     "	.quad 1b, 3b\n"
			     ".popsection\n"
			     : "=r"(v), "+r"(err)
			     : "r"(addr), "i"(-EFAULT));
	if (err == 0)
		*val = v;
	return err;
}
