/*
 * <sys/stat.h>: newlib's, plus lstat(), which newlib declares only for
 * some targets. pinos fills struct stat from the kernel's Linux layout
 * (see user/lib/xlate.c for the fields newlib truncates).
 */
#ifndef _PINOS_USER_SYS_STAT_H
#define _PINOS_USER_SYS_STAT_H

#include_next <sys/stat.h>

int lstat(const char *__restrict path, struct stat *__restrict st);

#endif
