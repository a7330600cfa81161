/*
 * The legacy 8259 PIC pair: remapped, then masked for good.
 *
 * pinos takes device interrupts through the I/O APIC, so the PICs
 * only need to be kept quiet. They power up delivering IRQ 0-7 on
 * vectors 8-15, on top of CPU exceptions; a masked PIC can still send
 * a spurious IRQ 7 or 15. Remapping first moves anything they might
 * still send to vectors 0x20-0x2f, where do_irq() reports it as an
 * unclaimed interrupt instead of it looking like a double fault.
 *
 * Called once by the boot CPU (irq_init) before interrupts are on;
 * needs no lock.
 */
#include <irq.h>
#include <asm/io.h>

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT 0x10
#define ICW1_ICW4 0x01
#define ICW4_8086 0x01

#define PIC1_VECTOR 0x20
#define PIC2_VECTOR 0x28

static void
pic_write(u16 port, u8 v)
{
	outb(port, v);
	io_delay();	/* old PICs need time between commands */
}

void
pic_disable(void)
{
	pic_write(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	pic_write(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	pic_write(PIC1_DATA, PIC1_VECTOR);
	pic_write(PIC2_DATA, PIC2_VECTOR);
	pic_write(PIC1_DATA, 1 << 2);	/* slave on IRQ 2 */
	pic_write(PIC2_DATA, 2);	/* slave's cascade identity */
	pic_write(PIC1_DATA, ICW4_8086);
	pic_write(PIC2_DATA, ICW4_8086);
	pic_write(PIC1_DATA, 0xff);
	pic_write(PIC2_DATA, 0xff);
}
