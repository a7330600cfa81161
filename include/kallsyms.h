/* Kernel symbol lookup (kernel/trap/kallsyms.c). */
#ifndef _PINOS_KALLSYMS_H
#define _PINOS_KALLSYMS_H

#include <types.h>

/* The function containing @addr, or NULL; *offset is addr - start. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset);
unsigned long kallsyms_lookup_name(const char *name);

/* Print a frame-pointer backtrace starting at @rbp. */
void show_backtrace(unsigned long rip, unsigned long rbp);
void dump_stack(void);

#endif
