/*
 * kallsyms: address to symbol lookup for backtraces. The table is
 * generated from the first link pass by scripts/gen-kallsyms.sh and
 * linked into .rodata (see the Makefile): addresses sorted ascending,
 * names as consecutive NUL-terminated strings.
 */
#include <kallsyms.h>

extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addrs[];
extern const unsigned int kallsyms_offsets[];
extern const char kallsyms_names[];
extern char _text[], _etext[];

const char *
kallsyms_lookup(unsigned long addr, unsigned long *offset)
{
	long lo = 0, hi = (long)kallsyms_num - 1, best = -1;

	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext)
		return NULL;
	while (lo <= hi) {
		long mid = (lo + hi) / 2;

		if (kallsyms_addrs[mid] <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (best < 0)
		return NULL;
	*offset = addr - kallsyms_addrs[best];
	return &kallsyms_names[kallsyms_offsets[best]];
}

unsigned long
kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num; i++) {
		const char *n = &kallsyms_names[kallsyms_offsets[i]];
		const char *a = name;

		while (*a && *a == *n)
			a++, n++;
		if (*a == *n)
			return kallsyms_addrs[i];
	}
	return 0;
}
