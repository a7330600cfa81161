/*
 * What the boot loader told us, in one loader-independent form.
 * kernel/boot/multiboot.c fills it from either a multiboot1 or a
 * multiboot2 information structure.
 */
#ifndef _PINOS_BOOT_H
#define _PINOS_BOOT_H

#include <types.h>

#define BOOT_MAX_MEMRANGES 64
#define BOOT_MAX_MODULES   8
#define BOOT_CMDLINE_MAX   1024

struct boot_memrange {
	u64 base, len;
	u32 type;		/* 1 = usable RAM, as in E820 */
};

struct boot_module {
	u64 start, end;		/* physical, end exclusive */
	char name[64];		/* the module's command line */
};

struct boot_info {
	const char *loader;	/* "multiboot1" or "multiboot2" */
	char bootloader_name[64];
	char cmdline[BOOT_CMDLINE_MAX];
	int nr_ranges;
	struct boot_memrange ranges[BOOT_MAX_MEMRANGES];
	int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
	u64 rsdp_phys;		/* ACPI RSDP copy, 0 if none given */
	u64 info_start, info_end;	/* the loader's structure, reserved */
};

extern struct boot_info boot_info;

int multiboot_parse(u32 magic, u64 info_phys, struct boot_info *bi);
/* Find a boot module by its name (the module command line). */
const struct boot_module *boot_find_module(const char *name);

/* Kernel image bounds from linker.ld. */
extern char _text[], _etext[], __start_rodata[], __end_rodata[];
extern char _sdata[], _edata[], __bss_start[], __bss_end[], _end[];
extern char __kernel_phys_start[], __kernel_phys_end[];

#endif
