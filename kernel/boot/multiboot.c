/*
 * Multiboot information parsing. Both protocols are reduced to one
 * struct boot_info (include/boot.h): the command line, the RAM map,
 * the modules and the ACPI RSDP. Everything is copied out, so the
 * loader's structure may be reused as ordinary memory afterwards
 * (it is still reserved until then).
 *
 * Runs on the boot page tables, where __va() covers the first 4 GiB;
 * both loaders place their structures below that.
 */
#include <boot.h>
#include <string.h>
#include <printk.h>
#include <errno.h>
#include <asm/page.h>

#define MB1_BOOT_MAGIC 0x2badb002
#define MB2_BOOT_MAGIC 0x36d76289

struct boot_info boot_info;

struct mb1_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr, config_table, boot_loader_name;
} __packed;

struct mb1_mmap_entry {
	u32 size;
	u64 addr, len;
	u32 type;
} __packed;

struct mb1_module {
	u32 start, end, string, reserved;
} __packed;

static void
add_range(struct boot_info *bi, u64 base, u64 len, u32 type)
{
	if (bi->nr_ranges < BOOT_MAX_MEMRANGES)
		bi->ranges[bi->nr_ranges++] =
			(struct boot_memrange){ base, len, type };
}

static void
add_module(struct boot_info *bi, u64 start, u64 end, const char *name)
{
	struct boot_module *m;

	if (bi->nr_modules >= BOOT_MAX_MODULES)
		return;
	m = &bi->modules[bi->nr_modules++];
	m->start = start;
	m->end = end;
	strlcpy(m->name, name ? name : "", sizeof(m->name));
}

static int
parse_mb1(u64 info_phys, struct boot_info *bi)
{
	const struct mb1_info *mi = __va(info_phys);

	bi->loader = "multiboot1";
	bi->info_start = info_phys;
	bi->info_end = info_phys + sizeof(*mi);
	if (mi->flags & (1 << 2))
		strlcpy(bi->cmdline, __va(mi->cmdline), sizeof(bi->cmdline));
	if (mi->flags & (1 << 9))
		strlcpy(bi->bootloader_name, __va(mi->boot_loader_name),
			sizeof(bi->bootloader_name));
	if (mi->flags & (1 << 3)) {
		const struct mb1_module *mod = __va(mi->mods_addr);

		for (u32 i = 0; i < mi->mods_count; i++)
			add_module(bi, mod[i].start, mod[i].end,
				   mod[i].string ? __va(mod[i].string) : "");
	}
	if (!(mi->flags & (1 << 6)))
		return -EINVAL;
	for (u32 off = 0; off < mi->mmap_length;) {
		const struct mb1_mmap_entry *e = __va(mi->mmap_addr + off);

		add_range(bi, e->addr, e->len, e->type);
		off += e->size + 4;
	}
	return 0;
}

struct mb2_tag {
	u32 type, size;
};

static void
parse_mb2_tag(const struct mb2_tag *t, struct boot_info *bi)
{
	const u8 *body = (const u8 *)(t + 1);

	switch (t->type) {
	case 1:	/* command line */
		strlcpy(bi->cmdline, (const char *)body, sizeof(bi->cmdline));
		break;
	case 2:	/* boot loader name */
		strlcpy(bi->bootloader_name, (const char *)body,
			sizeof(bi->bootloader_name));
		break;
	case 3: { /* module: start, end, string */
		const u32 *m = (const u32 *)body;

		add_module(bi, m[0], m[1], (const char *)&m[2]);
		break;
	}
	case 6: { /* memory map: entry_size, entry_version, entries */
		u32 esz = ((const u32 *)body)[0];

		for (u32 off = 8; off + esz <= t->size - 8; off += esz) {
			const u8 *e = body + off;

			add_range(bi, *(const u64 *)e, *(const u64 *)(e + 8),
				  *(const u32 *)(e + 16));
		}
		break;
	}
	case 14: /* ACPI old RSDP */
	case 15: /* ACPI new RSDP */
		bi->rsdp_phys = __pa(body);
		break;
	}
}

static int
parse_mb2(u64 info_phys, struct boot_info *bi)
{
	const u8 *base = __va(info_phys);
	u32 total = *(const u32 *)base;
	const struct mb2_tag *t;

	bi->loader = "multiboot2";
	bi->info_start = info_phys;
	bi->info_end = info_phys + total;
	for (u32 off = 8; off + 8 <= total; off += (t->size + 7) & ~7U) {
		t = (const struct mb2_tag *)(base + off);
		if (t->type == 0)
			break;
		parse_mb2_tag(t, bi);
	}
	return bi->nr_ranges ? 0 : -EINVAL;
}

int
multiboot_parse(u32 magic, u64 info_phys, struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	if (magic == MB1_BOOT_MAGIC)
		return parse_mb1(info_phys, bi);
	if (magic == MB2_BOOT_MAGIC)
		return parse_mb2(info_phys, bi);
	return -EINVAL;
}

const struct boot_module *
boot_find_module(const char *name)
{
	for (int i = 0; i < boot_info.nr_modules; i++) {
		const char *n = boot_info.modules[i].name;
		const char *slash = strrchr(n, '/');

		if (strcmp(n, name) == 0 || (slash && !strcmp(slash + 1, name)))
			return &boot_info.modules[i];
	}
	return NULL;
}
