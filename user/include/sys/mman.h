/*
 * <sys/mman.h>: memory mappings with Linux semantics and Linux flag
 * values (newlib has no such header). Errors return MAP_FAILED (mmap)
 * or -1 and set errno.
 */
#ifndef _PINOS_USER_SYS_MMAN_H
#define _PINOS_USER_SYS_MMAN_H

#include <sys/types.h>
#include <uapi/mman.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd,
    off_t offset);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
int msync(void *addr, size_t len, int flags);
int madvise(void *addr, size_t len, int advice);
int memfd_create(const char *name, unsigned int flags);

#endif
