/*
 * void ret_to_user(struct pt_regs *regs)  -- never returns
 *
 * Enter user mode for the first time with the register frame @regs,
 * which may lie anywhere on the current kernel stack: a new process
 * (fork child, exec'd kthread) calls this from its first C function.
 * We make @regs the stack top and leave through the interrupt-return
 * path (entry.S: ret_from_intr), which restores the registers, does
 * swapgs and iretq. Everything above @regs on the stack is abandoned
 * for good: the next entry from user mode starts again at the top of
 * the stack (TSS rsp0 / cpu->kernel_stack), so nothing is leaked.
 *
 * Interrupts go off first: from here to iretq we run on a frame the
 * C code no longer owns.
 */
	.text
	.globl	ret_to_user
	.type	ret_to_user, @function
ret_to_user:
	cli
	movq	%rdi, %rsp
	jmp	ret_from_intr
	.size	ret_to_user, . - ret_to_user

	.section .note.GNU-stack, "", @progbits
