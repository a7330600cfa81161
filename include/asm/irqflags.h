/*
 * Local interrupt enable state. Disabling interrupts only excludes the
 * current CPU's interrupt handlers; it is never a substitute for a
 * lock. The one deliberate use of "interrupts off" as a guarantee is
 * the GUP-fast walk (see mm/gup_fast.c), which relies on TLB shootdown
 * IPIs not being acknowledged while it runs.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <asm/cpu.h>

static inline unsigned long
local_save_flags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline void
local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void
local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long
local_irq_save(void)
{
	unsigned long f = local_save_flags();

	local_irq_disable();
	return f;
}

static inline void
local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		local_irq_enable();
}

static inline bool
irqs_disabled(void)
{
	return !(local_save_flags() & X86_EFLAGS_IF);
}

#endif
