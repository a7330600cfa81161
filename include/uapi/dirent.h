/*
 * getdents64(2) records of the Linux ABI. The kernel packs records one
 * after another in the caller's buffer; each d_reclen covers the
 * header, the NUL-terminated name and padding to an 8-byte boundary,
 * so the next record starts d_reclen bytes later. d_off is an opaque
 * cookie for lseek() on the directory, not a byte offset.
 */
#ifndef _UAPI_PINOS_DIRENT_H
#define _UAPI_PINOS_DIRENT_H

#include <uapi/types.h>

struct linux_dirent64 {
	__u64 d_ino;
	__s64 d_off;
	__u16 d_reclen;
	__u8 d_type;		/* DT_* */
	char d_name[];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

#endif
