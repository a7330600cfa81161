/*
 * ACPI table discovery, just enough for SMP and interrupt routing
 * (kernel/acpi.c).
 *
 * acpi_init() finds the RSDP (the copy the multiboot2 loader passed,
 * else by scanning the EBDA and the BIOS area 0xE0000-0xFFFFF), then
 * the RSDT or XSDT, then the MADT ("APIC"), and fills acpi_madt: the
 * local APIC ids of the enabled CPUs, the first I/O APIC and the ISA
 * interrupt source overrides. It hands the I/O APIC address and the
 * overrides to kernel/irq/ioapic.c.
 *
 * Every table is checked (signature, length, checksum, entry lengths)
 * before it is believed. A missing or corrupt table is reported and
 * ignored: acpi_madt then describes the safe default -- the boot CPU
 * alone and the I/O APIC at 0xfec00000 with no overrides. Bad firmware
 * costs CPUs, never a crash.
 *
 * acpi_init() runs once, from smp_init() on the boot CPU, before any
 * secondary CPU starts; acpi_madt is read-only afterwards (no lock).
 */
#ifndef _PINOS_ACPI_H
#define _PINOS_ACPI_H

#include <types.h>
#include <compiler.h>
#include <smp.h>

/* The header every ACPI system description table starts with. */
struct acpi_table_header {
	char signature[4];
	u32 length;		/* of the whole table, header included */
	u8 revision;
	u8 checksum;		/* all bytes of the table sum to 0 (mod 256) */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __packed;

/* MADT: the header, then these two fields, then variable entries. */
struct acpi_madt {
	struct acpi_table_header header;
	u32 lapic_address;
	u32 flags;		/* bit 0: legacy 8259 PICs present */
} __packed;

/* MADT entry types (ACPI 6.x, table 5.19) that pinos reads. */
#define ACPI_MADT_LAPIC          0
#define ACPI_MADT_IOAPIC         1
#define ACPI_MADT_IRQ_OVERRIDE   2
#define ACPI_MADT_LAPIC_OVERRIDE 5
#define ACPI_MADT_X2APIC         9

#define ACPI_MADT_ENABLED        (1u << 0)	/* local APIC flags */
#define ACPI_MADT_ONLINE_CAPABLE (1u << 1)

/* MPS INTI flags of an override: polarity bits 1:0, trigger bits 3:2. */
#define ACPI_MADT_POLARITY_MASK  0x3
#define ACPI_MADT_POLARITY_LOW   0x3
#define ACPI_MADT_TRIGGER_MASK   0xc
#define ACPI_MADT_TRIGGER_LEVEL  0xc

#define ACPI_MAX_OVERRIDES 16		/* one per ISA IRQ at most */
#define ACPI_IOAPIC_DEFAULT 0xfec00000UL

struct acpi_irq_override {
	u8 isa_irq;
	u32 gsi;
	u16 flags;		/* ACPI_MADT_POLARITY_*, ACPI_MADT_TRIGGER_* */
};

/* What the MADT says, or the single-CPU default. */
struct acpi_madt_info {
	bool valid;			/* false: the default below */
	int nr_cpus;			/* enabled CPUs kept, <= NR_CPUS */
	int nr_cpus_dropped;		/* enabled CPUs beyond NR_CPUS */
	u32 apic_ids[NR_CPUS];		/* in MADT order */
	u64 lapic_phys;
	int nr_ioapics;			/* only the first is used */
	u64 ioapic_phys;
	u32 ioapic_gsi_base;
	int nr_overrides;
	struct acpi_irq_override overrides[ACPI_MAX_OVERRIDES];
};

extern struct acpi_madt_info acpi_madt;

/* Find and parse the tables; 0, or -errno with the default in place. */
int acpi_init(void);

/* The mapped, validated table with signature @sig, or NULL. */
const struct acpi_table_header *acpi_find_table(const char *sig);

/*
 * Check @t's length (at least a header, at most @max bytes) and its
 * checksum. @max bounds how far a corrupt length could send us.
 */
bool acpi_table_valid(const struct acpi_table_header *t, u32 max);

/*
 * Parse a MADT into @out; -EINVAL (and @out holding the default) if
 * the table or any entry is malformed. Exposed for the tests, which
 * feed it hand-made tables.
 */
int acpi_parse_madt(const struct acpi_table_header *t,
		    struct acpi_madt_info *out);

#endif
