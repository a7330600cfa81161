/*
 * The context switch.
 *
 * struct task_struct *__switch_to(prev, next)
 *
 * Saves the callee-saved registers (the only ones a C caller expects
 * to survive a call) on prev's stack, stores rsp in prev->ksp, loads
 * next->ksp and pops next's registers. The "ret" then returns into
 * wherever next called __switch_to from (or into ret_from_kthread for
 * a new thread). rax = rdi = prev on the way out: the caller-saved rdi
 * still holds the prev argument of the __switch_to call we are
 * returning *from*, which is the task that was just switched away
 * from -- exactly what finish_task_switch() needs.
 *
 * Runs with interrupts disabled and sched_lock held (see core.c).
 * task_struct.ksp must be at offset 0 (checked in core.c).
 */
#define TASK_KSP 0

	.text
	.globl __switch_to
	.type __switch_to, @function
__switch_to:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, TASK_KSP(%rdi)
	movq	TASK_KSP(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdi, %rax
	ret
	.size __switch_to, . - __switch_to

/*
 * A new kernel thread starts here (kthread.c builds a stack whose
 * return address is this label, with rsp 16-byte aligned after the
 * ret). rax is the task we switched from: finish that switch, then
 * run the thread body, which never returns.
 */
	.globl ret_from_kthread
	.type ret_from_kthread, @function
ret_from_kthread:
	movq	%rax, %rdi
	call	schedule_tail
	call	kthread_main
	ud2
	.size ret_from_kthread, . - ret_from_kthread

	.section .note.GNU-stack, "", @progbits
