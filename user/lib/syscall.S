/*
 * long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
 *                 long a6)
 *
 * Issue a system call with the Linux x86_64 convention: number in
 * %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9. "syscall" itself
 * clobbers %rcx (return %rip) and %r11 (saved rflags), both of which
 * the C ABI treats as scratch, so nothing needs saving. The raw kernel
 * result, -errno on failure, is returned in %rax.
 */
	.text
	.globl	__syscall6
	.type	__syscall6, @function
__syscall6:
	.cfi_startproc
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	/* %rcx is taken by "syscall": the 4th argument moves to %r10. */
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.cfi_endproc
	.size	__syscall6, . - __syscall6

	.section .note.GNU-stack, "", @progbits
