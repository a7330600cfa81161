/*
 * Exception fixups. An instruction that may fault on purpose (a user
 * copy touching a bad user pointer) is listed in the __ex_table
 * section with the address to resume at; the page-fault handler
 * checks the table before declaring a kernel oops. This is how
 * copy_from_user() returns -EFAULT instead of crashing.
 */
#ifndef _PINOS_EXTABLE_H
#define _PINOS_EXTABLE_H

#include <asm/ptrace.h>

struct exception_table_entry {
	unsigned long insn, fixup;
};

/* If @regs->rip has a fixup, move rip there and return true. */
bool fixup_exception(struct pt_regs *regs);

#endif
