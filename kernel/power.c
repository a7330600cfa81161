/*
 * Power off and halt. kernel_poweroff() tries, in order: QEMU's
 * isa-debug-exit port (carries @status to the host), the ACPI PM1a
 * control port QEMU's PIIX4 and Q35 machines use, then halts with a
 * message, which is what real hardware without ACPI support sees.
 */
#include <power.h>
#include <printk.h>
#include <asm/io.h>
#include <asm/irqflags.h>

#define DEBUG_EXIT_PORT 0xf4

void __noreturn
kernel_halt(const char *why)
{
	local_irq_disable();
	printk(KERN_EMERG "pinos: %s; system halted.\n", why);
	for (;;)
		halt();
}

void __noreturn
kernel_poweroff(int status)
{
	printk(KERN_NOTICE "pinos: power off (status %d)\n", status);
	local_irq_disable();
	outl(DEBUG_EXIT_PORT, (u32)status);
	outw(0x604, 0x2000);	/* QEMU q35/piix ACPI S5 */
	outw(0xb004, 0x2000);	/* older QEMU / Bochs */
	kernel_halt("power off not supported here");
}
