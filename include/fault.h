/* The page-fault handler (mm/fault.c), called from do_trap(). */
#ifndef _PINOS_FAULT_H
#define _PINOS_FAULT_H

#include <asm/ptrace.h>

/* x86 page-fault error code bits. */
#define X86_PF_PROT  (1UL << 0)	/* protection violation, not not-present */
#define X86_PF_WRITE (1UL << 1)
#define X86_PF_USER  (1UL << 2)
#define X86_PF_RSVD  (1UL << 3)
#define X86_PF_INSTR (1UL << 4)

/* 0 if handled; otherwise the fault is fatal for the context. */
int do_page_fault(struct pt_regs *regs, unsigned long address);

#endif
