/*
 * The slab allocator: object caches and kmalloc.
 *
 * Interface (slab.h): kmem_cache_create() makes a cache of fixed-size
 * objects; kmem_cache_alloc()/kmem_cache_free() hand them out and take
 * them back. kmalloc() serves sizes up to KMALLOC_MAX_CACHE_SIZE from
 * the power-of-two caches kmalloc-16 .. kmalloc-2048 and anything
 * larger straight from alloc_pages(). kfree() takes either kind, or
 * NULL. Nothing here may be used before kmem_cache_init().
 *
 * A slab is one naturally aligned block of 2^order pages cut into
 * objects. Its bookkeeping lives in the head page's struct page (see
 * struct slab below); every page of the slab is PG_slab with
 * page->private pointing at the cache, so any object address leads to
 * its cache, and aligning the pfn down to the cache's order leads to
 * the head. Free objects are chained through their first word. A slab
 * is on exactly one of the cache's lists: free (no object in use),
 * partial, or full (no free object left). Empty slabs beyond one spare
 * per cache go back to the page allocator.
 *
 * A large kmalloc block is marked by LARGE_KMALLOC_MAGIC in the head
 * page's private, with the order in page->index.
 *
 * Locking: each cache has its own spinlock, taken irqsave since
 * interrupt handlers may allocate; it guards the cache's lists and
 * counters and the slab fields of its pages. It is never held across
 * a call into the page allocator. slab_caches_lock guards the list of
 * caches and is taken before any cache lock.
 *
 * Debugging: free objects are filled with 0x6b (except the freelist
 * word); allocation checks the fill and reports a write after free
 * with the cache's name. A corrupt freelist pointer is detected and
 * the rest of that slab's freelist is dropped rather than followed.
 */
#include <slab.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>

#define SLAB_POISON 0x6b
#define SLAB_MIN_OBJECTS 8		/* aim for at least this many */
#define SLAB_PREFERRED_MAX_ORDER 3	/* ...but not at any cost */
#define LARGE_KMALLOC_MAGIC 0x6b6d616c6c6f6321UL
#define NR_KMALLOC_CACHES 8		/* 16 << 0 .. 16 << 7 = 2048 */

struct kmem_cache {
	spinlock_t lock;
	struct list_head slabs_free;
	struct list_head slabs_partial;
	struct list_head slabs_full;
	unsigned long nr_slabs;
	unsigned long nr_free_slabs;
	unsigned long active_objs;
	unsigned int object_size;	/* what the creator asked for */
	unsigned int size;		/* stride: object_size, aligned */
	unsigned int order;		/* each slab is 2^order pages */
	unsigned int objects;		/* objects per slab */
	struct list_head list;		/* on slab_caches */
	char name[32];
};

/*
 * struct slab overlays the head page's struct page, as in Linux, so a
 * slab needs no memory of its own. The static_asserts pin each field
 * to the page field it reuses.
 */
struct slab {
	unsigned long flags;
	struct list_head slab_list;	/* page->lru */
	unsigned long inuse;		/* page->mapping: objects handed out */
	void *freelist;			/* page->index */
	struct kmem_cache *slab_cache;	/* page->private */
	atomic_t __mapcount;
	atomic_t __refcount;
};

#define SLAB_MATCH(pg, sl)                                              \
	static_assert(offsetof(struct page, pg) == offsetof(struct slab, sl), \
		      "slab/page layout: " #sl)
SLAB_MATCH(flags, flags);
SLAB_MATCH(lru, slab_list);
SLAB_MATCH(mapping, inuse);
SLAB_MATCH(index, freelist);
SLAB_MATCH(private, slab_cache);
static_assert(sizeof(struct slab) == sizeof(struct page), "slab size");

static struct kmem_cache kmem_cache_boot;	/* the cache of caches */
static struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];
static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);
static bool slab_ready;

/* Write-after-free detections, read by tests/kernel/slab_test.c. */
unsigned long slab_poison_errors;

/* ---- slab <-> page ---- */

static struct page *
slab_page(struct slab *s)
{
	return (struct page *)s;
}

static void *
slab_address(struct slab *s)
{
	return page_address(slab_page(s));
}

/*
 * The struct page of a kernel pointer, or NULL if it does not point
 * into the direct map of RAM (kernel image, stack, garbage).
 */
static struct page *
heap_page(const void *p)
{
	unsigned long a = (unsigned long)p;

	if (a < PAGE_OFFSET || a >= KERNEL_VMA)
		return NULL;
	if (!pfn_valid(PFN_DOWN(a - PAGE_OFFSET)))
		return NULL;
	return virt_to_page(p);
}

/* The slab holding @p, or NULL if @p is not in a slab page. */
static struct slab *
virt_to_slab(const void *p)
{
	struct page *pg = heap_page(p);
	struct kmem_cache *c;
	unsigned long head;

	if (!pg || !folio_test_slab(page_folio(pg)))
		return NULL;
	c = (struct kmem_cache *)pg->private;
	head = ALIGN_DOWN(page_to_pfn(pg), 1UL << c->order);
	return (struct slab *)pfn_to_page(head);
}

/* True if @p is the start of one of @s's objects. */
static bool
is_object_start(struct kmem_cache *c, struct slab *s, const void *p)
{
	unsigned long off = (unsigned long)p - (unsigned long)slab_address(s);

	return off < (unsigned long)c->objects * c->size &&
	       off % c->size == 0;
}

/* ---- poisoning ---- */

static void
poison_object(struct kmem_cache *c, void *obj)
{
	memset((char *)obj + sizeof(void *), SLAB_POISON,
	       c->size - sizeof(void *));
}

/* True if every byte but the freelist word still holds the poison. */
static bool
object_poisoned(struct kmem_cache *c, const void *obj)
{
	const unsigned char *b = obj;
	unsigned int i;

	for (i = sizeof(void *); i < c->size; i++)
		if (b[i] != SLAB_POISON)
			return false;
	return true;
}

static void
report_poison(struct kmem_cache *c, const void *obj, const char *what)
{
	__atomic_fetch_add(&slab_poison_errors, 1, __ATOMIC_RELAXED);
	pr_err("slab %s: object %p %s\n", c->name, obj, what);
	WARN_ON(1);
}

/* ---- slab lists (cache lock held) ---- */

/* Where a slab belongs, from its state. */
static struct list_head *
slab_home(struct kmem_cache *c, struct slab *s)
{
	if (s->inuse == 0)
		return &c->slabs_free;
	if (s->freelist == NULL)
		return &c->slabs_full;
	return &c->slabs_partial;
}

static void
slab_relink(struct kmem_cache *c, struct slab *s)
{
	list_del(&s->slab_list);
	list_add(&s->slab_list, slab_home(c, s));
}

/*
 * Follow the freelist one step. The next pointer sits in a free object
 * that a use-after-free may have overwritten; following garbage would
 * hand out random memory, so a bad pointer ends this slab's freelist
 * (the remaining free objects are leaked).
 */
static void *
next_free(struct kmem_cache *c, struct slab *s, void *obj)
{
	void *next = *(void **)obj;

	if (next == NULL || is_object_start(c, s, next))
		return next;
	report_poison(c, obj, "has a corrupt freelist pointer");
	return NULL;
}

/* Pop one object: partial slabs first, so empty ones can drain. */
static void *
slab_alloc_locked(struct kmem_cache *c)
{
	struct slab *s;
	void *obj;

	s = list_first_entry_or_null(&c->slabs_partial, struct slab,
				     slab_list);
	if (!s)
		s = list_first_entry_or_null(&c->slabs_free, struct slab,
					     slab_list);
	if (!s)
		return NULL;
	if (s->inuse == 0)
		c->nr_free_slabs--;
	obj = s->freelist;
	s->freelist = next_free(c, s, obj);
	s->inuse++;
	c->active_objs++;
	slab_relink(c, s);
	return obj;
}

/* Is @obj already on @s's freelist? Only asked of poisoned objects. */
static bool
on_freelist(struct kmem_cache *c, struct slab *s, void *obj)
{
	void *p;
	unsigned int n = 0;

	for (p = s->freelist; p && n < c->objects; p = *(void **)p, n++)
		if (p == obj)
			return true;
	return false;
}

/*
 * Push @obj back. Returns the slab if it became empty and is not
 * needed as the cache's spare, for the caller to free unlocked.
 */
static struct slab *
slab_free_locked(struct kmem_cache *c, struct slab *s, void *obj)
{
	if (s->inuse == 0 || obj == s->freelist ||
	    (c->size > sizeof(void *) && object_poisoned(c, obj) &&
	     on_freelist(c, s, obj))) {
		pr_err("slab %s: double free of %p\n", c->name, obj);
		WARN_ON(1);
		return NULL;
	}
	poison_object(c, obj);
	*(void **)obj = s->freelist;
	s->freelist = obj;
	s->inuse--;
	c->active_objs--;
	if (s->inuse == 0 && c->nr_free_slabs >= 1) {
		list_del(&s->slab_list);
		c->nr_slabs--;
		return s;
	}
	if (s->inuse == 0)
		c->nr_free_slabs++;
	slab_relink(c, s);
	return NULL;
}

/* ---- slab pages ---- */

static struct slab *
new_slab(struct kmem_cache *c, gfp_t gfp)
{
	struct page *pg = alloc_pages(gfp & ~__GFP_ZERO, c->order);
	struct slab *s;
	char *base;
	unsigned int i;

	if (!pg)
		return NULL;
	for (i = 0; i < (1U << c->order); i++) {
		pg[i].private = (unsigned long)c;
		folio_set_slab(page_folio(&pg[i]));
	}
	s = (struct slab *)pg;
	base = slab_address(s);
	memset(base, SLAB_POISON, PAGE_SIZE << c->order);
	for (i = 0; i < c->objects; i++) {
		char *next = i + 1 < c->objects ? base + (i + 1) * c->size
						: NULL;
		*(void **)(base + i * c->size) = next;
	}
	s->freelist = base;
	s->inuse = 0;
	INIT_LIST_HEAD(&s->slab_list);
	return s;
}

/* Undo new_slab(): the page allocator expects plain pages back. */
static void
discard_slab(struct kmem_cache *c, struct slab *s)
{
	struct page *pg = slab_page(s);
	unsigned int i;

	for (i = 0; i < (1U << c->order); i++) {
		folio_clear_slab(page_folio(&pg[i]));
		pg[i].private = 0;
	}
	pg->mapping = NULL;	/* was s->inuse */
	pg->index = 0;		/* was s->freelist */
	__free_pages(pg, c->order);
}

/* ---- caches ---- */

/*
 * The smallest order giving SLAB_MIN_OBJECTS objects, up to
 * SLAB_PREFERRED_MAX_ORDER; past that, any order that fits one.
 */
static int
calculate_order(unsigned int size)
{
	unsigned int order;

	for (order = 0; order <= SLAB_PREFERRED_MAX_ORDER; order++)
		if ((PAGE_SIZE << order) / size >= SLAB_MIN_OBJECTS)
			return order;
	for (order = 0; order < MAX_ORDER; order++)
		if ((PAGE_SIZE << order) >= size)
			return order;
	return -1;
}

static bool
cache_init(struct kmem_cache *c, const char *name, size_t size,
	   size_t align)
{
	int order;

	if (align == 0)
		align = sizeof(void *);
	if (size == 0 || (align & (align - 1)) || align > PAGE_SIZE ||
	    size > (PAGE_SIZE << (MAX_ORDER - 1)))
		return false;
	memset(c, 0, sizeof(*c));
	strlcpy(c->name, name, sizeof(c->name));
	c->object_size = size;
	c->size = ALIGN(max(size, sizeof(void *)), max(align, sizeof(void *)));
	order = calculate_order(c->size);
	if (order < 0)
		return false;
	c->order = order;
	c->objects = (PAGE_SIZE << order) / c->size;
	spin_lock_init(&c->lock, c->name);
	INIT_LIST_HEAD(&c->slabs_free);
	INIT_LIST_HEAD(&c->slabs_partial);
	INIT_LIST_HEAD(&c->slabs_full);
	return true;
}

static void
cache_publish(struct kmem_cache *c)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&c->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

struct kmem_cache *
kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c;

	BUG_ON(!slab_ready);
	c = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);
	if (!c)
		return NULL;
	if (!cache_init(c, name, size, align)) {
		pr_warn("kmem_cache_create %s: bad size %lu or align %lu\n",
			name, size, align);
		kmem_cache_free(&kmem_cache_boot, c);
		return NULL;
	}
	cache_publish(c);
	return c;
}

/*
 * As in Linux, a cache that still has objects is reported and left
 * alone: freeing its slabs would turn the leak into a use-after-free.
 */
void
kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;
	struct slab *s, *tmp;
	LIST_HEAD(doomed);

	if (!c)
		return;
	spin_lock_irqsave(&slab_caches_lock, flags);
	spin_lock(&c->lock);
	if (c->active_objs) {
		spin_unlock(&c->lock);
		spin_unlock_irqrestore(&slab_caches_lock, flags);
		pr_err("kmem_cache_destroy %s: %lu objects still allocated\n",
		       c->name, c->active_objs);
		WARN_ON(1);
		return;
	}
	list_del(&c->list);
	list_for_each_entry_safe(s, tmp, &c->slabs_free, slab_list)
		list_move_tail(&s->slab_list, &doomed);
	spin_unlock(&c->lock);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	list_for_each_entry_safe(s, tmp, &doomed, slab_list)
		discard_slab(c, s);
	kmem_cache_free(&kmem_cache_boot, c);
}

/* ---- allocation and freeing ---- */

/*
 * The poison check runs after the lock is dropped: the object is ours
 * by then, and a 2 KiB scan need not stall other CPUs.
 */
void *
kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	unsigned long flags;
	struct slab *s;
	void *obj;

	for (;;) {
		spin_lock_irqsave(&c->lock, flags);
		obj = slab_alloc_locked(c);
		spin_unlock_irqrestore(&c->lock, flags);
		if (obj)
			break;
		s = new_slab(c, gfp);
		if (!s)
			return NULL;
		spin_lock_irqsave(&c->lock, flags);
		list_add(&s->slab_list, &c->slabs_free);
		c->nr_slabs++;
		c->nr_free_slabs++;
		spin_unlock_irqrestore(&c->lock, flags);
	}
	if (!object_poisoned(c, obj))
		report_poison(c, obj, "was written after free");
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->object_size);
	return obj;
}

void *
kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return kmem_cache_alloc(c, gfp | __GFP_ZERO);
}

static void
__slab_free(struct kmem_cache *c, struct slab *s, void *obj)
{
	unsigned long flags;
	struct slab *empty;

	spin_lock_irqsave(&c->lock, flags);
	empty = slab_free_locked(c, s, obj);
	spin_unlock_irqrestore(&c->lock, flags);
	if (empty)
		discard_slab(c, empty);
}

void
kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct slab *s;

	if (!obj)
		return;
	s = virt_to_slab(obj);
	if (!s || s->slab_cache != c || !is_object_start(c, s, obj)) {
		pr_err("kmem_cache_free %s: %p is not one of its objects\n",
		       c->name, obj);
		WARN_ON(1);
		return;
	}
	__slab_free(c, s, obj);
}

/* ---- kmalloc ---- */

/* kmalloc_caches[] index for @size: ceil(log2(size)) - 4. */
static unsigned int
kmalloc_index(size_t size)
{
	if (size <= KMALLOC_MIN_SIZE)
		return 0;
	return (64 - __builtin_clzl(size - 1)) - 4;
}

static unsigned int
large_kmalloc_order(size_t size)
{
	unsigned int order = 0;

	while (order < MAX_ORDER && (PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void *
kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = large_kmalloc_order(size);
	struct page *pg;

	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %lu bytes is too large\n", size);
		return NULL;
	}
	pg = alloc_pages(gfp, order);
	if (!pg)
		return NULL;
	pg->index = order;
	pg->private = LARGE_KMALLOC_MAGIC;
	return page_address(pg);
}

void *
kmalloc(size_t size, gfp_t gfp)
{
	BUG_ON(!slab_ready);
	if (size == 0)
		return ZERO_SIZE_PTR;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	return kmem_cache_alloc(kmalloc_caches[kmalloc_index(size)], gfp);
}

void *
kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void *
kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size != 0 && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

char *
kstrdup(const char *s, gfp_t gfp)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = kmalloc(n, gfp);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* The head page of a live large kmalloc block starting at @p, or NULL. */
static struct page *
large_kmalloc_page(const void *p)
{
	struct page *pg = heap_page(p);

	if (!pg || !IS_ALIGNED((unsigned long)p, PAGE_SIZE) ||
	    pg->private != LARGE_KMALLOC_MAGIC || page_ref_count(pg) <= 0)
		return NULL;
	return pg;
}

static void
bad_kfree(const char *who, const void *p)
{
	pr_err("%s: %p is not a kmalloc object\n", who, p);
	WARN_ON(1);
}

void
kfree(const void *p)
{
	struct slab *s;
	struct page *pg;

	if (ZERO_OR_NULL_PTR(p))
		return;
	s = virt_to_slab(p);
	if (s && is_object_start(s->slab_cache, s, p)) {
		__slab_free(s->slab_cache, s, (void *)p);
		return;
	}
	pg = s ? NULL : large_kmalloc_page(p);
	if (!pg) {
		bad_kfree("kfree", p);
		return;
	}
	pg->private = 0;	/* a second kfree now fails the magic check */
	__free_pages(pg, pg->index);
}

size_t
ksize(const void *p)
{
	struct slab *s;
	struct page *pg;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	s = virt_to_slab(p);
	if (s && is_object_start(s->slab_cache, s, p))
		return s->slab_cache->object_size;
	pg = s ? NULL : large_kmalloc_page(p);
	if (!pg) {
		bad_kfree("ksize", p);
		return 0;
	}
	return PAGE_SIZE << pg->index;
}

/* ---- boot and /proc ---- */

void
kmem_cache_init(void)
{
	static char names[NR_KMALLOC_CACHES][16];
	unsigned int i;

	BUG_ON(slab_ready);
	BUG_ON(!cache_init(&kmem_cache_boot, "kmem_cache",
			   sizeof(struct kmem_cache), 0));
	cache_publish(&kmem_cache_boot);
	slab_ready = true;
	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		size_t size = (size_t)KMALLOC_MIN_SIZE << i;

		snprintf(names[i], sizeof(names[i]), "kmalloc-%lu", size);
		kmalloc_caches[i] = kmem_cache_create(names[i], size, 0);
		BUG_ON(!kmalloc_caches[i]);
	}
	BUG_ON(KMALLOC_MIN_SIZE << (NR_KMALLOC_CACHES - 1) !=
	       KMALLOC_MAX_CACHE_SIZE);
}

static size_t
slabinfo_line(char *buf, size_t len, struct kmem_cache *c)
{
	unsigned long flags, active, slabs, free_slabs;

	spin_lock_irqsave(&c->lock, flags);
	active = c->active_objs;
	slabs = c->nr_slabs;
	free_slabs = c->nr_free_slabs;
	spin_unlock_irqrestore(&c->lock, flags);
	return snprintf(buf, len,
			"%-17s %6lu %6lu %6u %4u %4u : tunables %4u %4u %4u"
			" : slabdata %6lu %6lu %6u\n",
			c->name, active, slabs * c->objects, c->object_size,
			c->objects, 1U << c->order, 0, 0, 0,
			slabs - free_slabs, slabs, 0);
}

/*
 * Linux's /proc/slabinfo 2.1 layout, so existing tools can read it.
 * There are no per-CPU arrays, hence the zero tunables.
 */
int
slabinfo_show(char *buf, size_t len)
{
	struct kmem_cache *c;
	unsigned long flags;
	size_t off;

	if (len == 0)
		return 0;
	off = snprintf(buf, len, "slabinfo - version: 2.1\n"
			"# name            <active_objs> <num_objs> <objsize>"
			" <objperslab> <pagesperslab> : tunables <limit>"
			" <batchcount> <sharedfactor> : slabdata"
			" <active_slabs> <num_slabs> <sharedavail>\n");
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(c, &slab_caches, list) {
		if (off >= len)
			break;
		off += slabinfo_line(buf + off, len - off, c);
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return off < len ? (int)off : (int)len - 1;
}
