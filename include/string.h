/* Freestanding string and memory routines (kernel/lib/string.c). */
#ifndef _PINOS_STRING_H
#define _PINOS_STRING_H

#include <types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
size_t strlcpy(char *d, const char *s, size_t size);
char *strsep(char **s, const char *delim);
/* Parse an unsigned integer; base 0 accepts 0x and 0 prefixes. */
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
/* Shell-style glob: '*' and '?' only. */
bool glob_match(const char *pat, const char *str);

#endif
