/*
 * kmalloc and object caches (mm/slab.c). kmalloc serves sizes up to
 * KMALLOC_MAX_CACHE_SIZE from power-of-two caches and larger sizes
 * straight from the buddy allocator. Failure returns NULL.
 */
#ifndef _PINOS_SLAB_H
#define _PINOS_SLAB_H

#include <gfp.h>

#define KMALLOC_MIN_SIZE 16
#define KMALLOC_MAX_CACHE_SIZE 2048

/*
 * kmalloc(0) returns ZERO_SIZE_PTR, as in Linux: not NULL (it is not a
 * failure) yet faults if used. kfree() and ksize() accept it.
 */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(p) ((unsigned long)(p) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align);
void kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *obj);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *p);
/* The usable size of a kmalloc'd object. */
size_t ksize(const void *p);
char *kstrdup(const char *s, gfp_t gfp);

void kmem_cache_init(void);

/* Linux /proc/slabinfo format; returns the bytes written to @buf. */
int slabinfo_show(char *buf, size_t len);

/* Debug: objects found modified after they were freed (poison check). */
extern unsigned long slab_poison_errors;

#endif
