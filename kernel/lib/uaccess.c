/*
 * User copies built on the fault-safe primitives in usercopy.S; see
 * include/uaccess.h for the contract.
 */
#include <uaccess.h>
#include <errno.h>
#include <string.h>
#include <asm/cpu.h>

unsigned long __copy_user_raw(void *dst, const void *src, unsigned long n);
unsigned long __clear_user_raw(void *dst, unsigned long n);
extern const unsigned long __uaccess_stac_sites[];
extern bool cpu_has_smap;

/*
 * Without SMAP, stac/clac are invalid opcodes: overwrite each 3-byte
 * site with a 3-byte NOP. Runs once at boot, before text is read-only
 * (it writes through the direct map, so W^X still holds for the text
 * mapping itself).
 */
void
uaccess_init(void)
{
	if (cpu_has_smap)
		return;
	for (int i = 0; __uaccess_stac_sites[i]; i++) {
		unsigned long pa = __uaccess_stac_sites[i] - KERNEL_VMA;
		u8 *p = __va(pa);

		p[0] = 0x0f, p[1] = 0x1f, p[2] = 0x00;	/* nopl (%rax) */
	}
}

unsigned long
copy_from_user(void *dst, const void *usrc, unsigned long n)
{
	if (!access_ok(usrc, n))
		return n;
	return __copy_user_raw(dst, usrc, n);
}

unsigned long
copy_to_user(void *udst, const void *src, unsigned long n)
{
	if (!access_ok(udst, n))
		return n;
	return __copy_user_raw(udst, src, n);
}

unsigned long
clear_user(void *udst, unsigned long n)
{
	if (!access_ok(udst, n))
		return n;
	return __clear_user_raw(udst, n);
}

/* Byte at a time: simple, and strings from user space are short. */
long
strncpy_from_user(char *dst, const char *usrc, long max)
{
	for (long i = 0; i < max; i++) {
		if (copy_from_user(&dst[i], usrc + i, 1))
			return -EFAULT;
		if (dst[i] == '\0')
			return i;
	}
	return -ENAMETOOLONG;
}

#define DEFINE_GET_PUT(t)                                        \
	int get_user_##t(t *val, const void *uptr)               \
	{                                                        \
		return copy_from_user(val, uptr, sizeof(t)) ?    \
			       -EFAULT : 0;                      \
	}                                                        \
	int put_user_##t(t val, void *uptr)                      \
	{                                                        \
		return copy_to_user(uptr, &val, sizeof(t)) ?     \
			       -EFAULT : 0;                      \
	}
DEFINE_GET_PUT(u64)
DEFINE_GET_PUT(u32)
