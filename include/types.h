/*
 * Fixed-width kernel types. The kernel is freestanding: nothing here
 * comes from a host libc. User-visible layouts live in include/uapi/.
 */
#ifndef _PINOS_TYPES_H
#define _PINOS_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long s64;

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef long ptrdiff_t;
typedef long off_t;
typedef long loff_t;
typedef unsigned long pgoff_t;
typedef unsigned long phys_addr_t;
typedef int pid_t;
typedef unsigned int gfp_t;
typedef unsigned int mode_t;
typedef unsigned long ino_t;
typedef unsigned long dev_t;

typedef _Bool bool;
#define true  1
#define false 0
#define NULL  ((void *)0)

#define offsetof(t, m) __builtin_offsetof(t, m)

typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)
#define va_copy(d, s)      __builtin_va_copy(d, s)

#endif
