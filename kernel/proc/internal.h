/*
 * Private to kernel/proc: what exec.c (arguments, stack, the switch to
 * the new program) and binfmt_elf.c (reading, checking and mapping an
 * ELF file) share.
 */
#ifndef _KERNEL_PROC_INTERNAL_H
#define _KERNEL_PROC_INTERNAL_H

#include <process.h>
#include <elf.h>

#define STACK_TOP	USER_STACK_TOP
#define STACK_SIZE	USER_STACK_SIZE
/* Lowest address a segment may use (Linux's mmap_min_addr). */
#define ELF_MIN_ADDR	0x10000UL

/* An executable being loaded (Linux's struct linux_binprm). */
struct binprm {
	struct file *file;
	loff_t size;			/* i_size when opened */
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;			/* eh.e_phnum entries, kmalloc'd */
	/* Filled in by elf_map_segments(): */
	unsigned long phdr_addr;	/* AT_PHDR: the table in memory, or 0 */
	unsigned long start_code, end_code, start_data, end_data, brk;
};

/* Read and check the file header and program headers of b->file. */
int elf_read_headers(struct binprm *b);
/* Map and fill the PT_LOAD segments into current->mm (new, empty). */
int elf_map_segments(struct binprm *b);

#endif
