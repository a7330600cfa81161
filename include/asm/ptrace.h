/*
 * The register frame pushed on kernel entry (exceptions, interrupts,
 * system calls). kernel/trap/entry.S builds it; the layout below must
 * match that file's push order exactly.
 */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include <types.h>

struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10;
	u64 r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 vector;		/* pushed by the stub */
	u64 error_code;		/* CPU-pushed, or 0 by the stub */
	u64 rip, cs, rflags, rsp, ss;	/* the CPU's interrupt frame */
};

static inline bool
user_mode(const struct pt_regs *r)
{
	return (r->cs & 3) == 3;
}

#endif
