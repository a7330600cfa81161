/*
 * ELF64 as pinos loads it: static x86_64 executables (ET_EXEC) only.
 * Field names and constants are the ELF specification's (as in Linux's
 * uapi elf.h). kernel/proc/exec.c reads a file's header and program
 * headers into these and checks every field it relies on with
 * elf_check_header() and elf_check_phdrs() before mapping anything:
 * a malformed file is -ENOEXEC, never a fault.
 */
#ifndef _PINOS_ELF_H
#define _PINOS_ELF_H

#include <types.h>

#define EI_NIDENT	16
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62

#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_PHDR		6

#define PF_X		0x1
#define PF_W		0x2
#define PF_R		0x4

/* Auxiliary vector types (the ones pinos passes). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_ENTRY	9
#define AT_RANDOM	25

typedef struct {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

static_assert(sizeof(Elf64_Ehdr) == 64, "ELF64 header size");
static_assert(sizeof(Elf64_Phdr) == 56, "ELF64 program header size");

/* The program-header table may not exceed one page (Linux's rule). */
#define ELF_MAX_PHNUM	(4096 / sizeof(Elf64_Phdr))

/*
 * Check the file header of a file of @size bytes: magic, class,
 * byte order, version, type ET_EXEC, machine x86_64, and a program
 * header table that is non-empty, of 56-byte entries, at most
 * ELF_MAX_PHNUM long and inside the file. 0 or -ENOEXEC.
 */
int elf_check_header(const Elf64_Ehdr *eh, loff_t size);

/*
 * Check the program headers @ph (eh->e_phnum of them) of a file of
 * @size bytes whose header passed elf_check_header(): at least one
 * PT_LOAD, no PT_INTERP; every PT_LOAD has filesz <= memsz, file data
 * inside the file, an address range in [MMAP_MIN, @limit) without
 * wrap-around, ascending and non-overlapping with the previous one;
 * the entry point lies in an executable PT_LOAD. 0 or -ENOEXEC.
 */
int elf_check_phdrs(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, loff_t size,
		    unsigned long limit);

#endif
