/*
 * System calls. A syscall is defined anywhere with
 *
 *	SYSCALL_DEFINE(read, __NR_read)(long fd, long buf, long count, ...)
 *
 * which places {nr, handler, name} in the .syscalls linker section;
 * kernel/syscall.c builds the dispatch table from that section at
 * boot, so adding a syscall never means editing a central table.
 * Handlers take up to six longs (the Linux x86_64 registers rdi, rsi,
 * rdx, r10, r8, r9) and return a value or -errno. Numbers come from
 * include/uapi/unistd.h (Linux x86_64); an unimplemented number
 * returns -ENOSYS.
 */
#ifndef _PINOS_SYSCALLS_H
#define _PINOS_SYSCALLS_H

#include <compiler.h>
#include <uapi/unistd.h>

typedef long (*syscall_fn_t)(long, long, long, long, long, long);

struct syscall_entry {
	long nr;
	syscall_fn_t fn;
	const char *name;
};

#define SYSCALL_DEFINE(name, nr)                                          \
	long sys_##name(long, long, long, long, long, long);              \
	static const struct syscall_entry __syscall_##name = {            \
		nr, sys_##name, #name };                                  \
	static const struct syscall_entry *__syscall_ptr_##name           \
		__section(".syscalls") __used = &__syscall_##name;        \
	long sys_##name

#define NR_SYSCALLS 512

void syscall_init(void);
/* The C side of the SYSCALL instruction (kernel/syscall.c). */
struct pt_regs;
long do_syscall(struct pt_regs *regs);

#endif
