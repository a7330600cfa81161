/*
 * Memory calls: the newlib stub sbrk (malloc grows the heap with it)
 * on top of Linux brk, the mmap family, memfd_create, and the page-size
 * queries getpagesize and sysconf.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "glue.h"

static char *cur_brk;

/*
 * Linux brk(addr) returns the new break, or the old one when it cannot
 * move; brk(0) just reports it. The break is cached after the first
 * query so a plain sbrk(0) costs nothing.
 */
void *
sbrk(ptrdiff_t incr)
{
	char *old, *got;
	long r;

	if (cur_brk == NULL) {
		r = SYS1(__NR_brk, 0);
		if (SYS_IS_ERR(r) || r == 0) {
			sys_fail(ENOMEM);
			return (void *)-1;
		}
		cur_brk = (char *)r;
	}
	old = cur_brk;
	if (incr == 0)
		return old;
	got = (char *)SYS1(__NR_brk, old + incr);
	if (got != old + incr) {
		sys_fail(ENOMEM);
		return (void *)-1;
	}
	cur_brk = got;
	return old;
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return sys_ret_ptr(SYS6(__NR_mmap, addr, len, prot, flags, fd, off));
}

int
munmap(void *addr, size_t len)
{
	return sys_ret(SYS2(__NR_munmap, addr, len));
}

int
mprotect(void *addr, size_t len, int prot)
{
	return sys_ret(SYS3(__NR_mprotect, addr, len, prot));
}

int
msync(void *addr, size_t len, int flags)
{
	return sys_ret(SYS3(__NR_msync, addr, len, flags));
}

int
madvise(void *addr, size_t len, int advice)
{
	return sys_ret(SYS3(__NR_madvise, addr, len, advice));
}

int
memfd_create(const char *name, unsigned int flags)
{
	return sys_ret(SYS2(__NR_memfd_create, name, flags));
}

int
getpagesize(void)
{
	return (int)__pinos_page_size;
}

/* Only what programs here ask; times() counts in CLOCKS_PER_SEC. */
long
sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return (long)__pinos_page_size;
	case _SC_CLK_TCK:
		return CLOCKS_PER_SEC;
	default:
		return sys_fail(EINVAL);
	}
}
