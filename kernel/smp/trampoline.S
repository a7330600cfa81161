/*
 * Where a secondary CPU (AP) starts: real mode to long mode.
 *
 * A STARTUP IPI with vector 0x08 starts the AP in 16-bit real mode at
 * 0x0800:0000, with paging and interrupts off. The bytes from
 * trampoline_start to trampoline_end are not run where they are
 * linked: smp_init() copies them to TRAMPOLINE_BASE (trampoline.h), so
 * every address inside is written TA(label), the label's place in the
 * copy. The steps:
 *
 *   16-bit: a far jump makes CS 0 so that TA() addresses work with
 *           segment bases of 0; load our GDT; set CR0.PE
 *   32-bit: CR4 (PAE among the boot CPU's bits), CR3 = the trampoline
 *           PML4, EFER (LME, NXE, SCE as on the boot CPU), then CR0
 *           with PG: long mode is active, in a 32-bit code segment
 *   64-bit: a far jump into the 64-bit code segment, then an indirect
 *           jump to secondary_startup_64 in the kernel proper
 *
 * NXE must be on before the first walk of init_pgd's kernel half,
 * whose entries carry the NX bit (reserved, so a fault, without NXE).
 *
 * secondary_startup_64 runs in the higher half: it switches to
 * init_pgd, takes its stack and CPU number from the smp_boot_*
 * variables and calls start_secondary(cpu). Interrupts stay off and
 * no segment register is loaded until gdt_init_cpu(): after the CR3
 * switch the trampoline's GDT (at a low address) is no longer mapped.
 */
#include "trampoline.h"

#define MSR_EFER 0xc0000080
#define TA(x) (TRAMPOLINE_BASE + ((x) - trampoline_start))

	.section .rodata.trampoline, "a"
	.balign 16
	.globl trampoline_start
	.code16
trampoline_start:
	cli
	ljmpw	$0, $TA(real_mode)
real_mode:
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	cld
	lgdtl	TA(tr_gdt_ptr)
	movl	%cr0, %eax
	orl	$1, %eax		/* PE */
	movl	%eax, %cr0
	ljmpl	$0x08, $TA(protected_mode)

	.code32
protected_mode:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	TA(tr_cr4), %eax
	movl	%eax, %cr4
	movl	TA(tr_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	movl	TA(tr_efer), %eax
	xorl	%edx, %edx
	wrmsr
	movl	TA(tr_cr0), %eax
	movl	%eax, %cr0
	ljmpl	$0x18, $TA(long_mode)

	.code64
long_mode:
	movq	TA(tr_entry), %rax
	jmp	*%rax

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code, flat */
	.quad	0x00cf92000000ffff	/* 0x10: data, flat */
	.quad	0x00af9a000000ffff	/* 0x18: 64-bit code */
tr_gdt_end:
tr_gdt_ptr:
	.short	tr_gdt_end - tr_gdt - 1
	.long	TA(tr_gdt)

	/* struct trampoline_data (trampoline.h) */
	.balign 8
	.globl trampoline_data
trampoline_data:
tr_pml4:	.long 0
tr_cr0:		.long 0
tr_cr4:		.long 0
tr_efer:	.long 0
tr_entry:	.quad 0
	.globl trampoline_end
trampoline_end:

	.text
	.globl secondary_startup_64
secondary_startup_64:
	movq	smp_boot_cr3(%rip), %rax
	movq	%rax, %cr3
	movq	smp_boot_stack(%rip), %rsp
	movl	smp_boot_cpu(%rip), %edi
	xorl	%ebp, %ebp		/* terminates backtraces */
	call	start_secondary
1:	cli
	hlt
	jmp	1b
