/*
 * Interrupt and exception entry.
 *
 * Each of the 256 vectors has a small stub that pushes a zero error
 * code (unless the CPU pushed one) and the vector number, then jumps
 * to the common path, which saves the general registers in struct
 * pt_regs order (include/asm/ptrace.h), switches GS to the kernel's
 * per-CPU base when coming from user mode (swapgs), and calls
 * do_trap() for exceptions (< 32) or do_irq() for interrupts.
 *
 * Interrupt gates clear IF on entry, so handlers start with interrupts
 * disabled; do_trap() re-enables them where that is safe.
 */

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || \
			(v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

/*
 * Save the general registers below the vector and error code, in
 * struct pt_regs order (include/asm/ptrace.h): r15 ends up lowest.
 */
	.macro PUSH_REGS
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	.endm

	.text
	.globl interrupt_stubs
	.align 16
interrupt_stubs:
	.set vec, 0
	.rept 256
	.align 16
	.if HAS_ERRCODE(vec) == 0
	pushq	$0
	.endif
	pushq	$vec
	jmp	common_entry
	.set vec, vec + 1
	.endr

	.section .rodata
	.align 8
	.globl interrupt_stub_table
interrupt_stub_table:
	.set vec, 0
	.rept 256
	.quad interrupt_stubs + vec * 16
	.set vec, vec + 1
	.endr

	.text
common_entry:
	PUSH_REGS
	cld
	testb	$3, 18*8(%rsp)		/* pt_regs->cs: from user mode? */
	jz	1f
	swapgs
1:	movq	%rsp, %rdi
	/* A frame link so backtraces cross into the interrupted code. */
	pushq	16*8+8(%rsp)		/* return rip as a fake return address */
	pushq	%rbp
	movq	%rsp, %rbp
	cmpq	$32, 15*8(%rdi)		/* pt_regs->vector */
	jb	2f
	call	do_irq
	jmp	3f
2:	call	do_trap
3:	addq	$16, %rsp
	.globl ret_from_intr
ret_from_intr:
	testb	$3, 18*8(%rsp)
	jz	4f
	movq	%rsp, %rdi		/* pending fatal signal? (signal.c) */
	call	exit_to_user_mode
	cli
	swapgs
4:	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$16, %rsp		/* vector and error code */
	iretq

/*
 * SYSCALL entry. The CPU saved the user rip in rcx and rflags in r11,
 * masked IF (MSR_SYSCALL_MASK), and left rsp pointing at the user
 * stack. We switch to this task's kernel stack (cpu->kernel_stack,
 * kept current by the scheduler), build a full struct pt_regs exactly
 * as an interrupt would (vector = 256 marks a syscall), and return
 * through ret_from_intr's iretq. iretq is slower than sysret but
 * needs no care about non-canonical return addresses, and signal or
 * fork return paths can share it.
 */
#define CPU_KERNEL_STACK 16
#define CPU_USER_RSP 24
	.globl syscall_entry
	.align 16
syscall_entry:
	swapgs
	movq	%rsp, %gs:CPU_USER_RSP
	movq	%gs:CPU_KERNEL_STACK, %rsp
	pushq	$0x23			/* ss: __USER_DS */
	pushq	%gs:CPU_USER_RSP	/* rsp */
	pushq	%r11			/* rflags */
	pushq	$0x2b			/* cs: __USER_CS */
	pushq	%rcx			/* rip */
	pushq	$0			/* error code */
	pushq	$256			/* vector: syscall */
	PUSH_REGS
	xorl	%ebp, %ebp		/* backtraces stop at the user boundary */
	sti
	movq	%rsp, %rdi
	call	do_syscall
	cli
	jmp	ret_from_intr
