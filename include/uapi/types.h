/*
 * Fixed-width types for the user/kernel ABI. Both the kernel and user
 * programs include this, so it uses only built-in C types and the
 * double-underscore names Linux gives them (__u64, ...), which clash
 * with neither the kernel's u64 nor a libc's uint64_t.
 */
#ifndef _UAPI_PINOS_TYPES_H
#define _UAPI_PINOS_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long __s64;

#endif
