/*
 * Atomic integers on the compiler's __atomic builtins. Every RMW here is
 * a locked instruction and a full barrier (sequentially consistent),
 * which is stronger than Linux requires of the non-returning ops but
 * keeps reasoning simple for students.
 */
#ifndef _PINOS_ATOMIC_H
#define _PINOS_ATOMIC_H

#include <compiler.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(i) { (i) }

#define smp_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#define DEFINE_ATOMIC_OPS(pfx, t, T)                                        \
	static inline T pfx##_read(const t *v)                              \
	{                                                                   \
		return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);      \
	}                                                                   \
	static inline void pfx##_set(t *v, T i)                             \
	{                                                                   \
		__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);         \
	}                                                                   \
	static inline T pfx##_add_return(T i, t *v)                         \
	{                                                                   \
		return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline T pfx##_fetch_add(T i, t *v)                          \
	{                                                                   \
		return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline void pfx##_add(T i, t *v)                             \
	{                                                                   \
		__atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);       \
	}                                                                   \
	static inline void pfx##_sub(T i, t *v)                             \
	{                                                                   \
		__atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);       \
	}                                                                   \
	static inline T pfx##_sub_return(T i, t *v)                         \
	{                                                                   \
		return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline void pfx##_inc(t *v)                                  \
	{                                                                   \
		pfx##_add(1, v);                                            \
	}                                                                   \
	static inline void pfx##_dec(t *v)                                  \
	{                                                                   \
		pfx##_sub(1, v);                                            \
	}                                                                   \
	static inline bool pfx##_dec_and_test(t *v)                         \
	{                                                                   \
		return pfx##_sub_return(1, v) == 0;                         \
	}                                                                   \
	static inline T pfx##_xchg(t *v, T n)                               \
	{                                                                   \
		return __atomic_exchange_n(&v->counter, n, __ATOMIC_SEQ_CST); \
	}                                                                   \
	static inline bool pfx##_try_cmpxchg(t *v, T *old, T n)             \
	{                                                                   \
		return __atomic_compare_exchange_n(&v->counter, old, n, false, \
						   __ATOMIC_SEQ_CST,        \
						   __ATOMIC_SEQ_CST);       \
	}                                                                   \
	static inline T pfx##_cmpxchg(t *v, T old, T n)                     \
	{                                                                   \
		pfx##_try_cmpxchg(v, &old, n);                              \
		return old;                                                 \
	}                                                                   \
	/* Add @a unless the value is @u; true if it added. */              \
	static inline bool pfx##_add_unless(t *v, T a, T u)                 \
	{                                                                   \
		T c = pfx##_read(v);                                        \
		do {                                                        \
			if (c == u)                                         \
				return false;                               \
		} while (!pfx##_try_cmpxchg(v, &c, c + a));                 \
		return true;                                                \
	}

DEFINE_ATOMIC_OPS(atomic, atomic_t, int)
DEFINE_ATOMIC_OPS(atomic_long, atomic_long_t, long)

#define atomic_inc_not_zero(v) atomic_add_unless((v), 1, 0)

/* Bit operations on an unsigned long word, atomic. */
static inline void
set_bit(int nr, unsigned long *addr)
{
	__atomic_or_fetch(addr, 1UL << nr, __ATOMIC_SEQ_CST);
}

static inline void
clear_bit(int nr, unsigned long *addr)
{
	__atomic_and_fetch(addr, ~(1UL << nr), __ATOMIC_SEQ_CST);
}

static inline bool
test_bit(int nr, const unsigned long *addr)
{
	return (__atomic_load_n(addr, __ATOMIC_RELAXED) >> nr) & 1;
}

static inline bool
test_and_set_bit(int nr, unsigned long *addr)
{
	unsigned long old = __atomic_fetch_or(addr, 1UL << nr,
					      __ATOMIC_SEQ_CST);
	return (old >> nr) & 1;
}

static inline bool
test_and_clear_bit(int nr, unsigned long *addr)
{
	unsigned long old = __atomic_fetch_and(addr, ~(1UL << nr),
					       __ATOMIC_SEQ_CST);
	return (old >> nr) & 1;
}

#endif
