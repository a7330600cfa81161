/*
 * ACPI: the RSDP, the RSDT/XSDT and the MADT (include/acpi.h).
 *
 * The chain: the RSDP ("RSD PTR ", found in low memory or handed over
 * by a multiboot2 loader) points at a root table -- the RSDT with
 * 32-bit entries, or from ACPI 2.0 the XSDT with 64-bit ones -- whose
 * entries are the physical addresses of the other tables. Each starts
 * with a struct acpi_table_header naming it; the MADT ("APIC") lists
 * the interrupt controllers: one local APIC per CPU, the I/O APICs,
 * and the ISA IRQs that are not wired to the I/O APIC pin of the same
 * number (interrupt source overrides).
 *
 * Trust nothing: firmware tables are input. Every table's length is
 * bounded before its checksum is computed over it, and every MADT
 * entry's length is checked against the table's end and against the
 * size its type needs, before any field is read. A bad table is
 * reported and ignored as a whole; acpi_madt keeps the safe default.
 *
 * Tables are reached through the direct map when their pages are in
 * it (ACPI tables usually sit in RAM), else through ioremap(). Either
 * mapping is permanent, so a table pointer stays valid for good.
 *
 * Boot CPU only, once, before other CPUs start: no locking.
 */
#include <acpi.h>
#include <boot.h>
#include <errno.h>
#include <irq.h>
#include <pgtable.h>
#include <printk.h>
#include <string.h>

#define RSDP_SIG       "RSD PTR "
#define RSDP_V1_LEN    20		/* what the version-1 checksum covers */
#define RSDP_V2_LEN    36
#define EBDA_SEG_PTR   0x40e		/* BIOS data area: EBDA segment */
#define EBDA_SCAN_LEN  1024
#define BIOS_AREA      0xe0000UL
#define BIOS_AREA_LEN  0x20000UL
#define TABLE_MAX_LEN  (1u << 20)	/* no sane table is bigger */
#define ROOT_MAX_LEN   (64u << 10)

struct acpi_rsdp {
	char signature[8];
	u8 checksum;		/* first 20 bytes sum to 0 */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0; 2: has the fields below */
	u32 rsdt_address;
	u32 length;		/* of this structure, for ext_checksum */
	u64 xsdt_address;
	u8 ext_checksum;	/* all `length` bytes sum to 0 */
	u8 reserved[3];
} __packed;

/* MADT entries; each starts with its type and length bytes. */
struct madt_lapic {
	u8 type, length, uid, apic_id;
	u32 flags;
} __packed;

struct madt_ioapic {
	u8 type, length, id, reserved;
	u32 address;
	u32 gsi_base;
} __packed;

struct madt_override {
	u8 type, length, bus, source;
	u32 gsi;
	u16 flags;
} __packed;

struct madt_lapic_override {
	u8 type, length;
	u16 reserved;
	u64 address;
} __packed;

struct madt_x2apic {
	u8 type, length;
	u16 reserved;
	u32 x2apic_id;
	u32 flags;
	u32 uid;
} __packed;

struct acpi_madt_info acpi_madt;

static const struct acpi_table_header *root;	/* RSDT or XSDT */
static const char *rsdp_source;			/* for the boot log */
static int root_entry_size;			/* 4 or 8 */
static bool acpi_done;

static u8
checksum(const void *p, size_t n)
{
	const u8 *b = p;
	u8 sum = 0;

	while (n--)
		sum += *b++;
	return sum;
}

/* Is every page of [pa, pa+len) in the direct map? */
static bool
direct_mapped(phys_addr_t pa, size_t len)
{
	int level;

	for (phys_addr_t p = pa & PAGE_MASK; p < pa + len; p += PAGE_SIZE)
		if (!lookup_address(init_pgd, (unsigned long)__va(p), &level))
			return false;
	return true;
}

/* A permanent kernel pointer to physical [pa, pa+len), or NULL. */
static const void *
acpi_map(phys_addr_t pa, size_t len)
{
	if (pa == 0 || pa + len < pa)
		return NULL;
	if (direct_mapped(pa, len))
		return __va(pa);
	return ioremap(pa, len);
}

bool
acpi_table_valid(const struct acpi_table_header *t, u32 max)
{
	return t->length >= sizeof(*t) && t->length <= max &&
	       checksum(t, t->length) == 0;
}

/*
 * Map a table in two steps: the header, to learn the length, then the
 * whole length once it is known to be sane. NULL if anything is off.
 */
static const struct acpi_table_header *
map_table(phys_addr_t pa, const char *sig, u32 max)
{
	const struct acpi_table_header *t = acpi_map(pa, sizeof(*t));

	if (!t || (sig && memcmp(t->signature, sig, 4) != 0))
		return NULL;
	if (t->length < sizeof(*t) || t->length > max) {
		pr_warn("acpi: %.4s at %lx: bad length %u\n", t->signature,
			(unsigned long)pa, t->length);
		return NULL;
	}
	t = acpi_map(pa, t->length);
	if (t && !acpi_table_valid(t, max)) {
		pr_warn("acpi: %.4s at %lx: bad checksum, ignored\n",
			t->signature, (unsigned long)pa);
		return NULL;
	}
	return t;
}

static bool
rsdp_valid(const struct acpi_rsdp *r)
{
	return memcmp(r->signature, RSDP_SIG, 8) == 0 &&
	       checksum(r, RSDP_V1_LEN) == 0;
}

/* The RSDP lies on a 16-byte boundary somewhere in [pa, pa+len). */
static const struct acpi_rsdp *
rsdp_scan(phys_addr_t pa, size_t len)
{
	const u8 *p = acpi_map(pa, len);

	if (!p)
		return NULL;
	for (size_t off = 0; off + RSDP_V2_LEN <= len; off += 16)
		if (rsdp_valid((const struct acpi_rsdp *)(p + off)))
			return (const struct acpi_rsdp *)(p + off);
	return NULL;
}

/* The loader's copy first, then the EBDA, then the BIOS area. */
static const struct acpi_rsdp *
find_rsdp(void)
{
	const struct acpi_rsdp *r;
	const u16 *ebda_seg;
	phys_addr_t ebda;

	if (boot_info.rsdp_phys) {
		r = acpi_map(boot_info.rsdp_phys, RSDP_V2_LEN);
		rsdp_source = "from the loader";
		if (r && rsdp_valid(r))
			return r;
		pr_warn("acpi: the loader's RSDP copy is invalid; "
			"scanning\n");
	}
	ebda_seg = acpi_map(EBDA_SEG_PTR, sizeof(u16));
	ebda = ebda_seg ? (phys_addr_t)*ebda_seg << 4 : 0;
	rsdp_source = "in the EBDA";
	if (ebda >= 0x80000 && ebda < 0xa0000 &&
	    (r = rsdp_scan(ebda, EBDA_SCAN_LEN)))
		return r;
	rsdp_source = "in the BIOS area";
	return rsdp_scan(BIOS_AREA, BIOS_AREA_LEN);
}

/*
 * Prefer the XSDT (64-bit entries) when the RSDP is 2.0 and its
 * extended checksum holds. Every ACPI version so far has a 36-byte
 * RSDP; a different length is treated as damage, not as a future
 * format, so we never sum bytes we have not mapped.
 */
static bool
root_init(const struct acpi_rsdp *r)
{
	if (r->revision >= 2 && r->length == RSDP_V2_LEN &&
	    checksum(r, RSDP_V2_LEN) == 0 && r->xsdt_address) {
		root = map_table(r->xsdt_address, "XSDT", ROOT_MAX_LEN);
		root_entry_size = 8;
		if (root)
			return true;
	}
	root = map_table(r->rsdt_address, "RSDT", ROOT_MAX_LEN);
	root_entry_size = 4;
	return root != NULL;
}

const struct acpi_table_header *
acpi_find_table(const char *sig)
{
	const u8 *entries;
	int n;

	if (!root)
		return NULL;
	entries = (const u8 *)(root + 1);
	n = (root->length - sizeof(*root)) / root_entry_size;
	for (int i = 0; i < n; i++) {
		u64 pa = 0;
		const struct acpi_table_header *t;

		memcpy(&pa, entries + i * root_entry_size, root_entry_size);
		t = map_table(pa, NULL, TABLE_MAX_LEN);
		if (t && memcmp(t->signature, sig, 4) == 0)
			return t;
	}
	return NULL;
}

static void
madt_default(struct acpi_madt_info *m)
{
	memset(m, 0, sizeof(*m));
	m->ioapic_phys = ACPI_IOAPIC_DEFAULT;
}

/* An enabled CPU; a duplicate id is corrupt (we would start it twice). */
static int
madt_add_cpu(struct acpi_madt_info *m, u32 apic_id)
{
	for (int i = 0; i < m->nr_cpus; i++)
		if (m->apic_ids[i] == apic_id)
			return -EINVAL;
	if (apic_id >= 0xff) {
		/* xAPIC mode addresses 8-bit ids; 0xff is broadcast. */
		m->nr_cpus_dropped++;
		return 0;
	}
	if (m->nr_cpus == NR_CPUS) {
		m->nr_cpus_dropped++;
		return 0;
	}
	m->apic_ids[m->nr_cpus++] = apic_id;
	return 0;
}

static int
madt_add_override(struct acpi_madt_info *m, const struct madt_override *o)
{
	struct acpi_irq_override *slot = NULL;

	if (o->bus != 0 || o->source >= ACPI_MAX_OVERRIDES)
		return -EINVAL;
	for (int i = 0; i < m->nr_overrides; i++)
		if (m->overrides[i].isa_irq == o->source)
			slot = &m->overrides[i];	/* the later one wins */
	if (!slot)
		slot = &m->overrides[m->nr_overrides++];
	slot->isa_irq = o->source;
	slot->gsi = o->gsi;
	slot->flags = o->flags;
	return 0;
}

/* Bytes an entry of @type needs; 2 (just type and length) if unused. */
static unsigned int
madt_entry_min(u8 type)
{
	switch (type) {
	case ACPI_MADT_LAPIC:		return sizeof(struct madt_lapic);
	case ACPI_MADT_IOAPIC:		return sizeof(struct madt_ioapic);
	case ACPI_MADT_IRQ_OVERRIDE:	return sizeof(struct madt_override);
	case ACPI_MADT_LAPIC_OVERRIDE:
		return sizeof(struct madt_lapic_override);
	case ACPI_MADT_X2APIC:		return sizeof(struct madt_x2apic);
	default:			return 2;
	}
}

/* One entry whose length has been checked; 0 or -EINVAL. */
static int
madt_entry(struct acpi_madt_info *m, const u8 *e)
{
	const struct madt_ioapic *io = (const void *)e;
	const struct madt_lapic *la = (const void *)e;
	const struct madt_x2apic *x2 = (const void *)e;

	switch (e[0]) {
	case ACPI_MADT_LAPIC:
		if (!(la->flags & ACPI_MADT_ENABLED))
			return 0;	/* absent, or hot-pluggable later */
		return madt_add_cpu(m, la->apic_id);
	case ACPI_MADT_X2APIC:
		if (!(x2->flags & ACPI_MADT_ENABLED))
			return 0;
		return madt_add_cpu(m, x2->x2apic_id);
	case ACPI_MADT_IOAPIC:
		if (m->nr_ioapics++ == 0) {
			m->ioapic_phys = io->address;
			m->ioapic_gsi_base = io->gsi_base;
		}
		return io->address ? 0 : -EINVAL;
	case ACPI_MADT_IRQ_OVERRIDE:
		return madt_add_override(m, (const void *)e);
	case ACPI_MADT_LAPIC_OVERRIDE:
		m->lapic_phys =
			((const struct madt_lapic_override *)e)->address;
		return 0;
	default:
		return 0;	/* NMI wiring and others: not needed */
	}
}

int
acpi_parse_madt(const struct acpi_table_header *t, struct acpi_madt_info *out)
{
	const struct acpi_madt *madt = (const void *)t;
	struct acpi_madt_info m;
	const u8 *p, *end;

	madt_default(out);
	if (memcmp(t->signature, "APIC", 4) != 0 ||
	    !acpi_table_valid(t, TABLE_MAX_LEN) || t->length < sizeof(*madt)) {
		pr_warn("acpi: MADT: bad signature, length or checksum\n");
		return -EINVAL;
	}
	madt_default(&m);
	m.lapic_phys = madt->lapic_address;
	end = (const u8 *)t + t->length;
	for (p = (const u8 *)(madt + 1); p < end; p += p[1]) {
		if (end - p < 2 || p[1] < madt_entry_min(p[0]) ||
		    p[1] > end - p || madt_entry(&m, p)) {
			pr_warn("acpi: MADT: bad entry (type %u) at offset "
				"%ld\n", p[0], (long)(p - (const u8 *)t));
			return -EINVAL;
		}
	}
	if (m.nr_cpus == 0) {
		pr_warn("acpi: MADT: no enabled CPU\n");
		return -EINVAL;
	}
	m.valid = true;
	*out = m;
	return 0;
}

/* Polarity and trigger of an ISA override, in the I/O APIC's terms. */
static unsigned int
override_ioapic_flags(u16 flags)
{
	unsigned int f = 0;

	if ((flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_LOW)
		f |= IOAPIC_ACTIVE_LOW;
	if ((flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL)
		f |= IOAPIC_LEVEL;
	return f;	/* "conforms to the bus": ISA is high, edge */
}

static void
madt_report_and_apply(const struct acpi_madt_info *m)
{
	char ids[NR_CPUS * 4 + 1] = "";
	int n = 0;

	for (int i = 0; i < m->nr_cpus; i++)
		n += snprintf(ids + n, sizeof(ids) - n, " %u", m->apic_ids[i]);
	pr_info("acpi: MADT: %d CPU(s), APIC ids%s; I/O APIC at %lx, GSI "
		"base %u; %d override(s)\n", m->nr_cpus, ids,
		(unsigned long)m->ioapic_phys, m->ioapic_gsi_base,
		m->nr_overrides);
	if (m->nr_cpus_dropped)
		pr_warn("acpi: %d more CPU(s) ignored (NR_CPUS=%d or x2APIC "
			"id)\n", m->nr_cpus_dropped, NR_CPUS);
	if (m->nr_ioapics > 1)
		pr_warn("acpi: %d I/O APICs; only the first is used\n",
			m->nr_ioapics);
	ioapic_set_base(m->ioapic_phys, m->ioapic_gsi_base);
	for (int i = 0; i < m->nr_overrides; i++) {
		const struct acpi_irq_override *o = &m->overrides[i];

		pr_info("acpi: ISA IRQ %u -> GSI %u%s%s\n", o->isa_irq,
			o->gsi, (override_ioapic_flags(o->flags) &
				 IOAPIC_LEVEL) ? ", level" : "",
			(override_ioapic_flags(o->flags) & IOAPIC_ACTIVE_LOW) ?
				", active low" : "");
		ioapic_set_override(o->isa_irq, o->gsi,
				    override_ioapic_flags(o->flags));
	}
}

int
acpi_init(void)
{
	const struct acpi_table_header *t;
	const struct acpi_rsdp *r;
	int err;

	if (acpi_done)
		return acpi_madt.valid ? 0 : -ENODEV;
	acpi_done = true;
	madt_default(&acpi_madt);
	r = find_rsdp();
	if (!r) {
		pr_warn("acpi: no RSDP; assuming one CPU\n");
		return -ENODEV;
	}
	if (!root_init(r)) {
		pr_warn("acpi: no valid RSDT/XSDT; assuming one CPU\n");
		return -ENODEV;
	}
	t = acpi_find_table("APIC");
	if (!t) {
		pr_warn("acpi: no valid MADT; assuming one CPU\n");
		return -ENODEV;
	}
	err = acpi_parse_madt(t, &acpi_madt);
	if (err) {
		pr_warn("acpi: MADT ignored; one CPU, default I/O APIC\n");
		return err;
	}
	pr_info("acpi: RSDP rev %u (%.6s) %s, %s\n", r->revision, r->oem_id,
		rsdp_source, root_entry_size == 8 ? "XSDT" : "RSDT");
	madt_report_and_apply(&acpi_madt);
	return 0;
}
