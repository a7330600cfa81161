/*
 * _start: the entry point of every pinos user program (linked first,
 * not part of libpinos.a).
 *
 * The kernel enters here with the Linux x86_64 initial stack: %rsp
 * points at argc, followed by argv[0..argc-1], NULL, the environment
 * strings' pointers, NULL, then the auxiliary vector of (type, value)
 * pairs ending with AT_NULL. No other register carries meaning; %rdx
 * (a dynamic linker's fini hook) is ignored since nothing is dynamic.
 * The C side, __pinos_start() in start.c, parses all of it.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	.cfi_startproc
	/* Mark the outermost frame for debuggers and backtraces. */
	.cfi_undefined rip
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	/*
	 * The ABI wants %rsp 16-byte aligned at a call; SSE code in
	 * newlib (printf of doubles) faults otherwise.
	 */
	andq	$-16, %rsp
	call	__pinos_start
	/* __pinos_start() does not return; trap loudly if it ever does. */
	ud2
	.cfi_endproc
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
