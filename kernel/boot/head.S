/*
 * The first instructions: multiboot headers and the 32-bit to 64-bit
 * switch.
 *
 * One kernel file boots two ways:
 *  - GRUB's `multiboot2` command reads the multiboot2 header, loads the
 *    ELF segments at their physical addresses and jumps to the entry
 *    address tag, with EAX = 0x36d76289 and EBX = the info structure;
 *  - QEMU's `-kernel` reads the multiboot1 header. It refuses ELF64
 *    unless the header has the a.out-kludge address fields (flag 16),
 *    which make it copy the file as one contiguous image; it enters
 *    with EAX = 0x2badb002.
 *
 * Both enter here in 32-bit protected mode with paging off. We build
 * boot page tables that map the first 4 GiB three times -- identity
 * (to keep running after paging turns on), at PAGE_OFFSET (the early
 * direct map) and at KERNEL_VMA (the kernel image) -- enable long
 * mode, and jump to kmain() in the higher half. mm/init.c later
 * replaces these tables with the final ones.
 */
#include <asm/page.h>

#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	((1 << 0) | (1 << 1) | (1 << 16))
#define MB2_MAGIC	0xe85250d6
#define PHYS(x)		((x) - KERNEL_VMA)

	.section .multiboot, "a"
	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* i386 protected mode */
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + (mb2_header_end - mb2_header))
	/* Entry address tag: the ELF entry is a higher-half address. */
	.align 8
	.short 3, 0
	.long 12
	.long _start32
	/* End tag. */
	.align 8
	.short 0, 0
	.long 8
mb2_header_end:

	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header		/* header_addr */
	.long __kernel_phys_start	/* load_addr */
	.long PHYS(_edata)		/* load_end_addr */
	.long __kernel_phys_end		/* bss_end_addr */
	.long _start32			/* entry_addr */

	.section .boot.data, "aw"
	.align 8
boot_magic:	.long 0
boot_info_phys:	.long 0
gdt64:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit kernel code */
	.quad 0x00cf92000000ffff	/* 0x10: kernel data */
gdt64_end:
gdt64_ptr:
	.short gdt64_end - gdt64 - 1
	.long gdt64
no_lm_msg:
	.asciz "pinos: this CPU has no long mode (x86_64 required); halting.\r\n"

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl	%eax, boot_magic
	movl	%ebx, boot_info_phys
	movl	$PHYS(boot_stack_top), %esp

	/* Long mode present? CPUID 0x80000001 EDX bit 29. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx
	jnc	no_long_mode
	movl	%edx, %esi		/* bit 20: NX */

	/* Four page directories of 2 MiB pages: physical 0 .. 4 GiB. */
	movl	$PHYS(boot_pd), %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$0x83, %eax		/* present, writable, 2 MiB */
	movl	%eax, (%edi,%ecx,8)
	movl	%ecx, %eax
	shrl	$11, %eax		/* high dword: (i << 21) >> 32 */
	movl	%eax, 4(%edi,%ecx,8)
	incl	%ecx
	cmpl	$2048, %ecx
	jne	1b

	/* pdpt_low[0..3] -> the four directories (identity and PAGE_OFFSET). */
	movl	$PHYS(boot_pdpt_low), %edi
	movl	$PHYS(boot_pd), %eax
	orl	$3, %eax
	movl	%eax, 0(%edi)
	addl	$4096, %eax
	movl	%eax, 8(%edi)
	addl	$4096, %eax
	movl	%eax, 16(%edi)
	addl	$4096, %eax
	movl	%eax, 24(%edi)

	/* pdpt_high[510] -> first GiB: KERNEL_VMA maps physical 0. */
	movl	$PHYS(boot_pdpt_high), %edi
	movl	$PHYS(boot_pd), %eax
	orl	$3, %eax
	movl	%eax, 510*8(%edi)

	movl	$PHYS(boot_pml4), %edi
	movl	$PHYS(boot_pdpt_low), %eax
	orl	$3, %eax
	movl	%eax, 0(%edi)		/* identity */
	movl	%eax, 273*8(%edi)	/* PAGE_OFFSET = 0xffff888000000000 */
	movl	$PHYS(boot_pdpt_high), %eax
	orl	$3, %eax
	movl	%eax, 511*8(%edi)	/* KERNEL_VMA */

	movl	%cr4, %eax
	orl	$0x20, %eax		/* PAE */
	movl	%eax, %cr4
	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3

	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	orl	$0x100, %eax		/* LME */
	btl	$20, %esi
	jnc	2f
	orl	$0x800, %eax		/* NXE, if the CPU has NX */
2:	wrmsr

	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0

	lgdt	gdt64_ptr
	ljmp	$0x08, $long_mode_entry

no_long_mode:
	movl	$no_lm_msg, %esi
3:	lodsb
	testb	%al, %al
	jz	4f
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	3b
4:	hlt
	jmp	4b

	.code64
long_mode_entry:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$higher_half, %rax
	jmp	*%rax

	.text
	.globl _start
_start:			/* the ELF entry, for debuggers; boot starts at _start32 */
higher_half:
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp		/* terminates backtraces */
	movl	boot_magic, %edi
	movl	boot_info_phys, %esi
	call	kmain
5:	cli
	hlt
	jmp	5b

	.bss
	.align 4096
	.globl boot_pml4, boot_stack_top
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4 * 4096
boot_stack:	.skip 16384
boot_stack_top:
