/*
 * 16550 UART on COM1 (port 0x3f8): the primary console. Output is
 * polled (wait for the transmit holding register to empty), which
 * works from any context, with interrupts on or off, and in crash
 * paths. Input is polled too (serial_getc), used by the console tty.
 * "\n" is sent as "\r\n" for terminals.
 */
#include <printk.h>
#include <asm/io.h>

#define COM1 0x3f8
#define UART_THR 0
#define UART_RBR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20

static bool serial_present;

static void
serial_putc(char c)
{
	for (int i = 0; i < 100000; i++)
		if (inb(COM1 + UART_LSR) & LSR_THR_EMPTY)
			break;
	outb(COM1 + UART_THR, c);
}

static void
serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

/* Returns a received byte, or -1 if none is waiting. */
int
serial_getc(void)
{
	if (!serial_present || !(inb(COM1 + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + UART_RBR);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

void
serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);	/* no interrupts yet */
	outb(COM1 + UART_LCR, 0x80);	/* DLAB: set divisor */
	outb(COM1 + 0, 0x01);		/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03);	/* 8N1 */
	outb(COM1 + UART_FCR, 0xc7);	/* FIFOs on, cleared */
	outb(COM1 + UART_MCR, 0x0b);	/* DTR, RTS, OUT2 */
	/* A missing UART reads back 0xff. */
	serial_present = inb(COM1 + UART_LSR) != 0xff;
	register_console(&serial_console);
}

/* Enable the receive interrupt, for the console tty's input. */
void
serial_enable_rx_irq(void)
{
	outb(COM1 + UART_IER, 0x01);
}
