/*
 * Memory-mapping constants of the Linux x86_64 ABI: mmap/mprotect
 * protections and flags, msync and madvise advice, memfd_create flags.
 * The kernel interprets these bits as-is and user space passes them
 * straight through, so the values must stay Linux's.
 */
#ifndef _UAPI_PINOS_MMAN_H
#define _UAPI_PINOS_MMAN_H

#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f	/* mask of the sharing type */
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_ANON		MAP_ANONYMOUS
#define MAP_GROWSDOWN		0x0100
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_FIXED_NOREPLACE	0x100000

#define MAP_FAILED		((void *)-1)

#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4

#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_REMOVE		9
#define MADV_DONTFORK		10
#define MADV_DOFORK		11

#define MFD_CLOEXEC		0x0001U
#define MFD_ALLOW_SEALING	0x0002U

#endif
