/*
 * VGA text-mode console (80x25 at physical 0xb8000), for real
 * hardware where no serial cable is attached. It scrolls, handles
 * "\n", "\r", "\t" and backspace, and moves the hardware cursor. It
 * writes through the direct map, so it must be registered only after
 * the boot page tables are live (they are, from the first C line).
 */
#include <printk.h>
#include <string.h>
#include <asm/io.h>
#include <asm/page.h>

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700		/* light grey on black */

static u16 *vga_mem;
static int vga_row, vga_col;

static void
vga_scroll(void)
{
	memmove(vga_mem, vga_mem + VGA_COLS,
		(VGA_ROWS - 1) * VGA_COLS * sizeof(u16));
	for (int i = 0; i < VGA_COLS; i++)
		vga_mem[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
	vga_row = VGA_ROWS - 1;
}

static void
vga_move_cursor(void)
{
	u16 pos = vga_row * VGA_COLS + vga_col;

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, pos >> 8);
}

static void
vga_putc(char c)
{
	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else if (c == '\r') {
		vga_col = 0;
	} else if (c == '\b') {
		if (vga_col)
			vga_col--;
	} else if (c == '\t') {
		vga_col = (vga_col + 8) & ~7;
	} else {
		vga_mem[vga_row * VGA_COLS + vga_col++] = VGA_ATTR | (u8)c;
	}
	if (vga_col >= VGA_COLS) {
		vga_col = 0;
		vga_row++;
	}
	if (vga_row >= VGA_ROWS)
		vga_scroll();
}

static void
vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vga_putc(s[i]);
	vga_move_cursor();
}

static struct console vga_console = {
	.name = "vga",
	.write = vga_write,
};

void
vga_init(void)
{
	vga_mem = __va(0xb8000);
	for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
		vga_mem[i] = VGA_ATTR | ' ';
	vga_row = vga_col = 0;
	register_console(&vga_console);
}

#include <cmdline.h>
#include <errno.h>

/*
 * console=ttyS0 keeps output off the VGA screen (much faster under
 * emulation); console=tty0 or no option keeps both consoles.
 */
static int
setup_console(const char *val)
{
	if (val == NULL)
		return -EINVAL;
	if (strcmp(val, "ttyS0") == 0)
		vga_console.write = NULL;
	else if (strcmp(val, "tty0") != 0)
		return -EINVAL;
	return 0;
}
__setup("console=", setup_console);

/* Register the VGA console unless the command line turned it off. */
void
vga_console_enable(void)
{
	if (vga_console.write != NULL)
		vga_init();
}
