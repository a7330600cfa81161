/*
 * printk: the kernel log. Messages carry a Linux-style level prefix
 * ("<3>" as KERN_ERR); the console prints messages at or below
 * console_loglevel (default KERN_INFO, KERN_WARNING with "quiet").
 * Console output goes to every registered console (COM1, VGA) under
 * one irqsave spinlock, so lines from different CPUs never interleave.
 */
#ifndef _PINOS_PRINTK_H
#define _PINOS_PRINTK_H

#include <compiler.h>

#define KERN_EMERG   "\0010"
#define KERN_ALERT   "\0011"
#define KERN_CRIT    "\0012"
#define KERN_ERR     "\0013"
#define KERN_WARNING "\0014"
#define KERN_NOTICE  "\0015"
#define KERN_INFO    "\0016"
#define KERN_DEBUG   "\0017"

#define LOGLEVEL_DEFAULT 6

struct console {
	const char *name;
	void (*write)(const char *s, size_t n);
	struct console *next;
};

extern int console_loglevel;

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
void register_console(struct console *con);
/* Write raw bytes to the consoles, bypassing levels (crash dumps, KTAP). */
void console_write(const char *s, size_t n);

#define pr_emerg(...)  printk(KERN_EMERG __VA_ARGS__)
#define pr_err(...)    printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)   printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...)   printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...)  printk(KERN_DEBUG __VA_ARGS__)

int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG_ON(c)                                                        \
	do {                                                             \
		if (unlikely(c))                                         \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c); \
	} while (0)
#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

void warn_slowpath(const char *file, int line, const char *cond);
#define WARN_ON(c)                                                \
	({                                                        \
		bool __w = !!(c);                                 \
		if (unlikely(__w))                                \
			warn_slowpath(__FILE__, __LINE__, #c);    \
		unlikely(__w);                                    \
	})
#define WARN_ON_ONCE(c)                                           \
	({                                                        \
		static bool __warned;                             \
		bool __w = !!(c);                                 \
		if (unlikely(__w) && !__warned) {                 \
			__warned = true;                          \
			warn_slowpath(__FILE__, __LINE__, #c);    \
		}                                                 \
		unlikely(__w);                                    \
	})

#endif
