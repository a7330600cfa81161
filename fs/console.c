/*
 * /dev/console (5,1): the serial console as a file.
 *
 * Writes go to console_write() (every registered console). Reads poll
 * the UART (serial_getc(), -1 when nothing is waiting): a read blocks,
 * sleeping 10 ms between polls, until at least one byte has arrived,
 * then returns what is waiting, stopping after a newline. Carriage
 * returns become newlines (the serial line sends "\r" for Enter); echo
 * and line editing are the shell's job. O_NONBLOCK: -EAGAIN instead of
 * sleeping; a fatal signal ends the wait with -EINTR (the process dies
 * on its way out). There are no terminal ioctls except TIOCGWINSZ.
 *
 * Locking: none needed; concurrent readers each get different bytes.
 */
#include "internal.h"
#include <signal.h>

#define TIOCGWINSZ 0x5413

int serial_getc(void);

static size_t
console_drain(char *kbuf, size_t n)
{
	size_t got = 0;
	int c;

	while (got < n && (c = serial_getc()) >= 0) {
		kbuf[got++] = c == '\r' ? '\n' : c;
		if (c == '\r' || c == '\n')
			break;
	}
	return got;
}

static ssize_t
console_read(struct file *f, char *buf, size_t n, loff_t *pos)
{
	char kbuf[128];
	size_t got;

	n = min(n, sizeof(kbuf));
	while (!(got = console_drain(kbuf, n))) {
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (fatal_signal_pending(current))
			return -EINTR;
		msleep(10);
	}
	return vfs_copy_to_user(buf, kbuf, got) ? -EFAULT : (ssize_t)got;
}

static ssize_t
console_fwrite(struct file *f, const char *buf, size_t n, loff_t *pos)
{
	char kbuf[256];
	size_t done = 0;

	while (done < n) {
		size_t chunk = min(n - done, sizeof(kbuf));

		if (vfs_copy_from_user(kbuf, buf + done, chunk))
			return done ? (ssize_t)done : -EFAULT;
		console_write(kbuf, chunk);
		done += chunk;
	}
	return done;
}

static long
console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	static const unsigned short winsz[4] = { 24, 80, 0, 0 };

	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	return vfs_copy_to_user((void *)arg, winsz, sizeof(winsz)) ? -EFAULT :
								    0;
}

static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_fwrite,
	.unlocked_ioctl = console_ioctl,
};

int
console_init(void)
{
	return register_chrdev(MKDEV(5, 1), "console", &console_fops);
}
