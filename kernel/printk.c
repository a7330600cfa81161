/*
 * printk and the kernel log.
 *
 * Every message is formatted into a local buffer, appended to the log
 * ring (readable later as /proc/kmsg-style text via log_read()), and
 * written to the consoles if its level is at or below
 * console_loglevel. Console output is serialized by a raw lock of its
 * own (not a spinlock_t) so printk works before the lock debugging is
 * up and from any context, including exception handlers. When the
 * kernel is crashing (oops_in_progress) a CPU that cannot get the lock
 * in a bounded time writes anyway: a garbled line beats a lost dump.
 */
#include <printk.h>
#include <string.h>
#include <asm/irqflags.h>
#include <asm/cpu.h>

#define LOG_BUF_LEN (64 * 1024)

int console_loglevel = LOGLEVEL_DEFAULT;
int oops_in_progress;

static struct console *consoles;
static int console_raw_lock;
static char log_buf[LOG_BUF_LEN];
static unsigned long log_head;	/* total bytes ever logged */

void
register_console(struct console *con)
{
	con->next = consoles;
	consoles = con;
}

static bool
console_raw_trylock(void)
{
	for (long spins = 0; __atomic_exchange_n(&console_raw_lock, 1,
						 __ATOMIC_ACQUIRE);
	     spins++) {
		if (oops_in_progress && spins > 10000000)
			return false;
		cpu_relax();
	}
	return true;
}

static void
console_raw_unlock(void)
{
	__atomic_store_n(&console_raw_lock, 0, __ATOMIC_RELEASE);
}

static void
emit(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(s, n);
}

void
console_write(const char *s, size_t n)
{
	unsigned long flags = local_irq_save();
	bool locked = console_raw_trylock();

	emit(s, n);
	if (locked)
		console_raw_unlock();
	local_irq_restore(flags);
}

static void
log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_LEN] = s[i];
	log_head += n;
}

/* Copy the most recent log text into @buf; returns the bytes copied. */
size_t
log_read(char *buf, size_t len)
{
	unsigned long flags = local_irq_save();
	unsigned long avail = log_head < LOG_BUF_LEN ? log_head : LOG_BUF_LEN;
	unsigned long start;
	size_t n;

	console_raw_trylock();
	n = avail < len ? avail : len;
	start = log_head - n;
	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_LEN];
	console_raw_unlock();
	local_irq_restore(flags);
	return n;
}

static int
parse_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == '\001' && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return LOGLEVEL_DEFAULT - 2;	/* no level: KERN_WARNING-ish, shown */
}

int
vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int level = parse_level(&fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	unsigned long flags;
	bool locked;

	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	flags = local_irq_save();
	locked = console_raw_trylock();
	log_store(buf, n);
	if (level <= console_loglevel)
		emit(buf, n);
	if (locked)
		console_raw_unlock();
	local_irq_restore(flags);
	return n;
}

int
printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
