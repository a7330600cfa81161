/*
 * Search the exception table. The table is small and unsorted (one
 * entry per user-access instruction), so a linear scan is simplest.
 */
#include <extable.h>

extern const struct exception_table_entry __start_ex_table[];
extern const struct exception_table_entry __stop_ex_table[];

bool
fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e;

	for (e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}
