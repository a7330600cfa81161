/*
 * The IDT: 256 interrupt gates, one per stub in entry.S. All are
 * interrupt gates (IF cleared on entry). #DF, NMI and #MC run on IST
 * stacks so that a fault caused by a bad kernel stack still gets
 * reported. Vector 3 (int3) is callable from ring 3.
 */
#include <asm/desc.h>
#include <compiler.h>

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

extern const u64 interrupt_stub_table[256];
static struct idt_gate idt[256] __aligned(16);

static void
set_gate(int vec, u64 handler, int ist, int dpl)
{
	struct idt_gate *g = &idt[vec];

	g->offset_low = handler & 0xffff;
	g->selector = __KERNEL_CS;
	g->ist = ist;
	g->type_attr = 0x8e | (dpl << 5);	/* present, interrupt gate */
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

void
idt_load(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed ptr = { sizeof(idt) - 1, (u64)idt };

	__asm__ __volatile__("lidt %0" : : "m"(ptr));
}

void
idt_init(void)
{
	for (int v = 0; v < 256; v++)
		set_gate(v, interrupt_stub_table[v], 0, 0);
	set_gate(2, interrupt_stub_table[2], IST_NMI, 0);
	set_gate(8, interrupt_stub_table[8], IST_DOUBLE_FAULT, 0);
	set_gate(18, interrupt_stub_table[18], IST_MCE, 0);
	set_gate(3, interrupt_stub_table[3], 0, 3);
	idt_load();
}
