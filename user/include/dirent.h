/*
 * <dirent.h>: directory streams on top of getdents64(2). newlib's
 * x86_64-elf <dirent.h> is a stub that refuses to compile, so this
 * header replaces it rather than extending it. struct dirent follows
 * Linux's field names; d_ino has newlib's ino_t so it compares equal to
 * st_ino. A DIR is not thread-safe, as in most libcs.
 */
#ifndef _PINOS_USER_DIRENT_H
#define _PINOS_USER_DIRENT_H

#include <sys/types.h>
#include <uapi/dirent.h>

struct dirent {
	ino_t d_ino;
	off_t d_off;		/* opaque position cookie */
	unsigned short d_reclen;
	unsigned char d_type;	/* DT_*, or DT_UNKNOWN */
	char d_name[256];	/* NAME_MAX + 1 */
};

typedef struct __pinos_dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *dir);
void rewinddir(DIR *dir);
int dirfd(DIR *dir);
int closedir(DIR *dir);

#endif
