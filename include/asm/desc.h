/*
 * Segment selectors, the GDT/TSS and the IDT.
 *
 * GDT layout (per CPU), fixed by SYSCALL/SYSRET: SYSRET loads user CS
 * from STAR[63:48] + 16 and SS from STAR[63:48] + 8, so the user data
 * segment must sit just below the 64-bit user code segment.
 *   0x00 null   0x08 kernel code   0x10 kernel data
 *   0x18 user code (32-bit, unused)   0x20 user data   0x28 user code
 *   0x30 TSS (two slots)
 */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#include <types.h>

#define __KERNEL_CS   0x08
#define __KERNEL_DS   0x10
#define __USER32_CS   0x1b
#define __USER_DS     0x23
#define __USER_CS     0x2b
#define GDT_TSS_SEL   0x30

#define IST_DOUBLE_FAULT 1
#define IST_NMI          2
#define IST_MCE          3

void gdt_init_cpu(int cpu);
void idt_init(void);
void idt_load(void);
void tss_set_rsp0(unsigned long rsp0);

#endif
