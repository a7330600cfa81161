/*
 * The user-copy primitive. __copy_user_raw copies with `rep movsb`
 * inside a stac/clac window; if the copy faults (a user page that
 * do_page_fault() could not supply), the exception table sends the CPU
 * to the fixup, which returns the number of bytes left in rcx.
 *
 *   unsigned long __copy_user_raw(void *dst, const void *src, unsigned long n)
 *   unsigned long __clear_user_raw(void *dst, unsigned long n)
 *
 * stac/clac are emitted only when the CPU has SMAP: they are
 * patched to NOPs at boot otherwise (see uaccess.c), since they #UD
 * on CPUs without it.
 */
	.text
	.globl __copy_user_raw, __clear_user_raw, __uaccess_stac_sites
__copy_user_raw:
	movq	%rdx, %rcx
1:	.byte 0x0f, 0x01, 0xcb		/* stac */
2:	rep movsb
3:	.byte 0x0f, 0x01, 0xca		/* clac */
	movq	%rcx, %rax
	ret

__clear_user_raw:
	movq	%rsi, %rcx
	xorl	%eax, %eax
4:	.byte 0x0f, 0x01, 0xcb
5:	rep stosb
6:	.byte 0x0f, 0x01, 0xca
	movq	%rcx, %rax
	ret

	.section .fixup, "ax"
7:	.byte 0x0f, 0x01, 0xca
	movq	%rcx, %rax
	ret
	.previous

	.section __ex_table, "a"
	.quad 2b, 7b
	.quad 5b, 7b
	.previous

	.section .rodata
	.align 8
__uaccess_stac_sites:
	.quad 1b, 3b, 4b, 6b, 7b, 0
