/*
 * vsnprintf: the kernel's only formatter. Supports the conversions
 * the kernel uses: %d %i %u %x %X %o %p %s %c %%, the length modifiers
 * h hh l ll z t, flags - 0 # + and space, field width and precision
 * (both may be *). Output is always NUL-terminated when size > 0; the
 * return value is the length the full output would have had, as in C.
 */
#include <printk.h>
#include <string.h>

struct outbuf {
	char *buf;
	size_t size, len;
};

struct spec {
	int width, prec;
	bool left, zero, alt, plus, space;
	int length;		/* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void
put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
pad(struct outbuf *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void
put_str(struct outbuf *o, const char *s, const struct spec *sp)
{
	int n;

	if (s == NULL)
		s = "(null)";
	n = (int)strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : ~0UL);
	if (!sp->left)
		pad(o, sp->width - n, ' ');
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - n, ' ');
}

static void
put_num(struct outbuf *o, unsigned long long v, bool neg, int base,
	bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], sign = 0;
	const char *prefix = "";
	int n = 0, zeros, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		sign = '-';
	else if (sp->plus)
		sign = '+';
	else if (sp->space)
		sign = ' ';
	if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8)
		prefix = "0";
	zeros = sp->prec > n ? sp->prec - n : 0;
	len = n + zeros + (sign != 0) + (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0)
		zeros += sp->width > len ? sp->width - len : 0, len = sp->width;
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	pad(o, zeros, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '#')
			sp->alt = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0)
			sp->left = true, sp->width = -sp->width;
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->length++;
		else if (*f == 'h')
			sp->length--;
		else if (*f == 'z' || *f == 't')
			sp->length = 1;
		else
			break;
	}
	return f;
}

static unsigned long long
get_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->length >= 2)
		return va_arg(*ap, unsigned long long);
	if (sp->length == 1)
		return va_arg(*ap, unsigned long);
	if (sp->length == -1)
		return (unsigned short)va_arg(*ap, unsigned int);
	if (sp->length <= -2)
		return (unsigned char)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

static long long
get_signed(const struct spec *sp, va_list *ap)
{
	if (sp->length >= 2)
		return va_arg(*ap, long long);
	if (sp->length == 1)
		return va_arg(*ap, long);
	if (sp->length == -1)
		return (short)va_arg(*ap, int);
	if (sp->length <= -2)
		return (signed char)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static void
convert(struct outbuf *o, char c, struct spec *sp, va_list *ap)
{
	long long s;
	char ch;

	switch (c) {
	case 'd':
	case 'i':
		s = get_signed(sp, ap);
		put_num(o, s < 0 ? -(unsigned long long)s : (unsigned long long)s,
			s < 0, 10, false, sp);
		break;
	case 'u':
		put_num(o, get_unsigned(sp, ap), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		put_num(o, get_unsigned(sp, ap), false, 16, c == 'X', sp);
		break;
	case 'o':
		put_num(o, get_unsigned(sp, ap), false, 8, false, sp);
		break;
	case 'p':
		sp->alt = true;
		sp->length = 1;
		put_num(o, (unsigned long)va_arg(*ap, void *), false, 16, false,
			sp);
		break;
	case 's':
		put_str(o, va_arg(*ap, const char *), sp);
		break;
	case 'c':
		ch = (char)va_arg(*ap, int);
		sp->prec = 1;
		put_str(o, &ch, sp);
		break;
	default:
		put(o, '%');
		if (c)
			put(o, c);
	}
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		if (fmt[1] == '%') {
			put(&o, '%');
			fmt += 2;
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		convert(&o, *fmt, &sp, &aq);
		if (*fmt)
			fmt++;
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
