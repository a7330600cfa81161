/*
 * Lock debugging (include/lockdep.h, docs/locking-debug.md):
 * might_sleep(), lock-order checking and interrupt-safety checking.
 *
 * __might_sleep() is called at the top of every function that may
 * block. Blocking is a bug when:
 *  - preempt_count > 0: a spinlock is held (or preemption was disabled
 *    on purpose); the task would sleep with the lock held and every
 *    other CPU wanting it would spin until it woke, or this CPU would
 *    deadlock taking it again;
 *  - interrupts are disabled: the caller relies on not being
 *    interrupted, which sleeping breaks (and the timer cannot tick);
 *  - in_interrupt(): a handler has no task of its own to put to sleep,
 *    it borrowed the interrupted one.
 * The report is a WARN with the caller's file and line, the state that
 * made it illegal and the spinlocks this CPU holds. Reports are
 * counted and the first MAX_REPORTS printed.
 *
 * Held locks. Every acquisition is pushed on a small stack and every
 * release removes the newest entry for that lock (unlocks need not be
 * LIFO). Spinlocks go on the stack of the CPU: a task holding one
 * cannot be switched out, and sched_lock is taken by one task and
 * released by the next on the same CPU. Sleeping locks go on the stack
 * of the task, which keeps them across sleeps and migrations. An
 * interrupt handler's spinlocks sit above the interrupted code's on
 * the CPU stack and are gone before it returns. The stacks are changed
 * only by their owner with interrupts off, so they need no lock.
 *
 * Lock order. Classes get a number (< 32) on first use. order_known[a]
 * has bit b when "a before b" was declared (lock_class.c) or seen, so
 * finding a cycle is a walk over 32 bitmasks. Taking a classed lock
 * checks every classed lock held, on this CPU's stack and (in task
 * context) the task's: a pair already seen costs one bit test; a new
 * one takes graph_lock, a bare spinlock that lockdep does not watch,
 * and is either added or, if the new lock already reaches the held one
 * (a cycle: two tasks each holding one could wait for each other
 * forever), reported once and left out, so the graph stays acyclic.
 * In an interrupt handler only the CPU stack counts: the interrupted
 * task's sleeping locks are not held by the handler, while the
 * spinlocks it interrupted are (its CPU cannot release them until the
 * handler returns).
 *
 * Interrupt safety. A classed spinlock remembers where it was first
 * taken in a handler and first taken with interrupts enabled; having
 * both is the deadlock of spinlock.h's first rule, reported once.
 *
 * Cost: each acquire and release disables interrupts and touches one
 * stack entry; a classed lock also tests one bit per classed lock held
 * and reads two frame pointers. Symbols are looked up only to print a
 * report or record a new order. lockdep=0 on the command line turns
 * the tracking off (might_sleep and the spinlock recursion panic stay).
 * Numbers are in docs/locking-debug.md.
 */
#include <lockdep.h>
#include <sched.h>
#include <smp.h>
#include <irq.h>
#include <printk.h>
#include <kallsyms.h>
#include <cmdline.h>
#include <kunit.h>
#include <string.h>
#include <errno.h>

#define MAX_REPORTS 10
#define BIT(n) (1U << (n))

bool lockdep_enabled = true;
unsigned long lockdep_inversions;
unsigned long lockdep_irq_reports;
unsigned long lockdep_reports_expected;
unsigned long might_sleep_reports;
const char *might_sleep_held_lock;

/* ---- held-lock stacks ---- */

static struct held_locks cpu_held[NR_CPUS];
static bool overflow_warned;

/* Interrupts are off: this CPU and the stacks cannot change under us. */
static struct held_locks *
held_stack(int flags)
{
	if (!(flags & LOCKDEP_SLEEPING))
		return &cpu_held[this_cpu_read(id)];
	if (in_interrupt() || current == NULL)
		return NULL;
	return &current->held_locks;
}

static void
held_push(struct held_locks *h, const struct held_lock *e)
{
	if (h->depth == LOCKDEP_MAX_DEPTH) {
		if (!overflow_warned) {
			overflow_warned = true;
			printk(KERN_ERR "lockdep: more than %d locks held, "
			       "%s not tracked\n", LOCKDEP_MAX_DEPTH,
			       e->name ? e->name : "?");
		}
		return;
	}
	h->lock[h->depth++] = *e;
}

/*
 * Not finding @lock is not an error: it may have been taken before the
 * stack overflowed, or (a folio) by another task.
 */
static void
held_pop(struct held_locks *h, void *lock)
{
	for (int i = h->depth - 1; i >= 0; i--) {
		if (h->lock[i].lock != lock)
			continue;
		memmove(&h->lock[i], &h->lock[i + 1],
			(h->depth - i - 1) * sizeof(h->lock[0]));
		h->depth--;
		return;
	}
}

static bool
held_find(struct held_locks *h, void *lock)
{
	for (int i = 0; i < h->depth; i++)
		if (h->lock[i].lock == lock)
			return true;
	return false;
}

/* ---- naming call sites ---- */

/* "name+0xoff" for a return address; 0 is an order nobody ran yet. */
static const char *
site_name(unsigned long ip, char *buf, size_t n)
{
	unsigned long off;
	const char *s;

	if (ip == 0)
		return "(declared order, not seen yet)";
	s = kallsyms_lookup(ip - 1, &off);
	if (s == NULL)
		snprintf(buf, n, "%#lx", ip);
	else
		snprintf(buf, n, "%s+%#lx", s, off + 1);
	return buf;
}

static bool
is_lock_primitive(unsigned long ip)
{
	static const char *const prims[] = {
		"spin_lock", "spin_trylock", "mutex_lock", "mutex_trylock",
		"down_read", "down_read_trylock", "down_write",
		"down_write_trylock", "folio_lock", "folio_trylock",
	};
	unsigned long off;
	const char *s = kallsyms_lookup(ip - 1, &off);

	for (size_t i = 0; s && i < ARRAY_SIZE(prims); i++)
		if (strcmp(s, prims[i]) == 0)
			return true;
	return false;
}

/* Where the lock was asked for: past the primitives (reports only). */
static unsigned long
lock_site(const struct held_lock *e)
{
	if (e->site_up && is_lock_primitive(e->site))
		return e->site_up;
	return e->site;
}

/*
 * The return address two frames above __lockdep_acquire's @frame (the
 * primitive's caller's caller), or 0. Two loads, no symbol lookup:
 * this runs on every classed acquire. Each frame must lie above the
 * last and within a stack's size of it.
 */
static unsigned long
site_up(unsigned long frame)
{
	unsigned long *fp = (unsigned long *)frame;

	for (int i = 0; i < 2; i++) {
		unsigned long next = fp[0];

		if ((next & 7) || next <= (unsigned long)fp ||
		    next - (unsigned long)fp > KSTACK_SIZE)
			return 0;
		fp = (unsigned long *)next;
	}
	return fp[1];
}

/* ---- the order graph ---- */

static int graph_lock_word;
static bool order_declared;
static struct lock_class *classes[LOCKDEP_MAX_CLASSES];
static int nr_classes;
static bool classes_full_warned;
/* Bit b of [a]: a before b. Bits are only ever set. */
static u32 order_known[LOCKDEP_MAX_CLASSES];	/* declared or seen */
static u32 order_seen[LOCKDEP_MAX_CLASSES];	/* seen at run time */
static u32 order_reported[LOCKDEP_MAX_CLASSES];	/* a then b reported */
/* Where b was first taken with a held; set before order_seen's bit. */
static unsigned long order_site[LOCKDEP_MAX_CLASSES][LOCKDEP_MAX_CLASSES];

static void declare_locked(struct lock_class *before,
			   struct lock_class *after);

/* Interrupts are off (or this CPU could deadlock against a handler). */
static void
graph_lock(void)
{
	while (__atomic_exchange_n(&graph_lock_word, 1, __ATOMIC_ACQUIRE))
		while (READ_ONCE(graph_lock_word))
			cpu_relax();
	if (!order_declared) {
		order_declared = true;
		for (const struct lock_order *o = lockdep_vm_order; o->before;
		     o++)
			declare_locked(o->before, o->after);
	}
}

static void
graph_unlock(void)
{
	__atomic_store_n(&graph_lock_word, 0, __ATOMIC_RELEASE);
}

/* The class's index, numbering it on first use; -1 if out of room. */
static int
class_index_locked(struct lock_class *c)
{
	if (c->id == 0 && nr_classes == LOCKDEP_MAX_CLASSES)
		c->id = -1;
	if (c->id == 0) {
		classes[nr_classes] = c;
		__atomic_store_n(&c->id, ++nr_classes, __ATOMIC_RELEASE);
	}
	return c->id > 0 ? c->id - 1 : -1;
}

static int
class_index(struct lock_class *c)
{
	int id = __atomic_load_n(&c->id, __ATOMIC_ACQUIRE);
	unsigned long flags;

	if (id != 0)
		return id > 0 ? id - 1 : -1;
	flags = local_irq_save();
	graph_lock();
	id = class_index_locked(c);
	graph_unlock();
	local_irq_restore(flags);
	if (id < 0 && !classes_full_warned) {
		classes_full_warned = true;
		printk(KERN_ERR "lockdep: more than %d lock classes, %s not "
		       "checked\n", LOCKDEP_MAX_CLASSES, c->name);
	}
	return id;
}

/*
 * Breadth-first search along known orders from @from to @to. Returns
 * the number of classes on the path (path[0] == from, path[len-1] ==
 * to), or 0 when @to cannot be reached.
 */
static int
find_path(int from, int to, int *path)
{
	int parent[LOCKDEP_MAX_CLASSES], queue[LOCKDEP_MAX_CLASSES];
	int head = 0, tail = 0, len = 1;
	u32 reached = BIT(from);

	queue[tail++] = from;
	while (head < tail) {
		int c = queue[head++];
		u32 next = order_known[c] & ~reached;

		while (next) {
			int n = __builtin_ctz(next);

			next &= next - 1;
			reached |= BIT(n);
			parent[n] = c;
			queue[tail++] = n;
		}
	}
	if (!(reached & BIT(to)))
		return 0;
	for (int c = to; c != from; c = parent[c])
		len++;
	for (int c = to, i = len - 1; i >= 0; c = parent[c], i--)
		path[i] = c;
	return len;
}

static void
declare_locked(struct lock_class *before, struct lock_class *after)
{
	int a = class_index_locked(before), b = class_index_locked(after);
	int path[LOCKDEP_MAX_CLASSES];

	if (a < 0 || b < 0 || a == b || find_path(b, a, path))
		return;
	WRITE_ONCE(order_known[a], order_known[a] | BIT(b));
}

void
lockdep_declare_order(struct lock_class *before, struct lock_class *after)
{
	unsigned long flags = local_irq_save();

	graph_lock();
	declare_locked(before, after);
	graph_unlock();
	local_irq_restore(flags);
}

bool
lockdep_order_seen(struct lock_class *before, struct lock_class *after)
{
	int a = class_index(before), b = class_index(after);

	return a >= 0 && b >= 0 && (READ_ONCE(order_seen[a]) & BIT(b));
}

/* ---- reports ---- */

static void
report_inversion(int a, int b, const struct held_lock *held,
		 const struct held_lock *new, const int *path, int len)
{
	char chain[160], s1[64], s2[64];
	size_t n = 0;

	for (int i = 0; i < len && n < sizeof(chain); i++)
		n += snprintf(chain + n, sizeof(chain) - n, "%s%s",
			      i ? " then " : "", classes[path[i]]->name);
	printk(KERN_ERR "WARNING: possible lock-order inversion: %s then %s "
	       "here, %s seen before\n", classes[a]->name, classes[b]->name,
	       chain);
	printk(KERN_ERR "  here: %s taken at %s, with %s (%s) held since "
	       "%s, task %s, CPU %d\n", classes[b]->name,
	       site_name(lock_site(new), s1, sizeof(s1)), classes[a]->name,
	       held->name ? held->name : "?",
	       site_name(lock_site(held), s2, sizeof(s2)),
	       in_interrupt() ? "(irq)" : current ? current->comm : "?",
	       this_cpu_read(id));
	for (int i = 0; i + 1 < len; i++)
		printk(KERN_ERR "  before: %s then %s first at %s\n",
		       classes[path[i]]->name, classes[path[i + 1]]->name,
		       site_name(READ_ONCE(order_site[path[i]][path[i + 1]]),
				 s1, sizeof(s1)));
	dump_stack();
}

/*
 * Record "a before b" (@held is a, @new is b being taken). If b already
 * reaches a, report the cycle instead, once for this pair.
 */
static void
add_order(int a, int b, const struct held_lock *held,
	  const struct held_lock *new)
{
	int path[LOCKDEP_MAX_CLASSES], len = 0;
	unsigned long site = lock_site(new);

	graph_lock();
	if (!(order_known[a] & BIT(b))) {
		len = find_path(b, a, path);
		if (len)
			WRITE_ONCE(order_reported[a],
				   order_reported[a] | BIT(b));
		else
			WRITE_ONCE(order_known[a], order_known[a] | BIT(b));
	}
	if (!len && !(order_seen[a] & BIT(b))) {
		order_site[a][b] = site;
		WRITE_ONCE(order_seen[a], order_seen[a] | BIT(b));
	}
	graph_unlock();
	if (len) {
		__atomic_add_fetch(&lockdep_inversions, 1, __ATOMIC_RELAXED);
		report_inversion(a, b, held, new, path, len);
	}
}

/* Every classed lock held on @h comes before class @b (@new). */
static void
check_order(struct held_locks *h, int b, const struct held_lock *new)
{
	for (int i = 0; i < h->depth; i++) {
		struct lock_class *c = h->lock[i].class;
		int a = c ? class_index(c) : -1;

		if (a < 0 || a == b)
			continue;
		if ((READ_ONCE(order_seen[a]) | READ_ONCE(order_reported[a])) &
		    BIT(b))
			continue;
		add_order(a, b, &h->lock[i], new);
	}
}

static void
report_irq_unsafe(struct lock_class *c)
{
	char s1[64], s2[64];

	__atomic_add_fetch(&lockdep_irq_reports, 1, __ATOMIC_RELAXED);
	printk(KERN_ERR "WARNING: inconsistent lock state: %s is taken in "
	       "an interrupt handler (at %s) and with interrupts enabled "
	       "(at %s); take it irqsave\n", c->name,
	       site_name(c->irq_site, s1, sizeof(s1)),
	       site_name(c->irqs_on_site, s2, sizeof(s2)));
	dump_stack();
}

/* Remember the first use of each kind; both kinds is the bug. */
static void
check_irq_usage(struct lock_class *c, bool irqs_on,
		const struct held_lock *new)
{
	unsigned long *mine, *other, site;
	bool report;

	if (in_interrupt()) {
		mine = &c->irq_site;
		other = &c->irqs_on_site;
	} else if (irqs_on) {
		mine = &c->irqs_on_site;
		other = &c->irq_site;
	} else {
		return;
	}
	if (READ_ONCE(*mine) &&
	    (!READ_ONCE(*other) || READ_ONCE(c->irq_reported)))
		return;
	site = lock_site(new);
	graph_lock();
	if (*mine == 0)
		*mine = site;
	report = *other && !c->irq_reported;
	c->irq_reported |= report;
	graph_unlock();
	if (report)
		report_irq_unsafe(c);
}

/* ---- the hooks ---- */

static void
check_class(const struct held_lock *new, int flags, bool irqs_on)
{
	int b = class_index(new->class);

	if (b < 0)
		return;
	if (!(flags & LOCKDEP_SLEEPING))
		check_irq_usage(new->class, irqs_on, new);
	if (flags & LOCKDEP_TRYLOCK)
		return;
	check_order(&cpu_held[this_cpu_read(id)], b, new);
	if (!in_interrupt() && current)
		check_order(&current->held_locks, b, new);
}

void __noinline
__lockdep_acquire(void *lock, struct lock_class *class, const char *name,
		  int flags, unsigned long site)
{
	struct held_lock new = { lock, class, name, site, 0 };
	unsigned long irqflags;
	struct held_locks *h;

	if (!READ_ONCE(lockdep_enabled))
		return;
	irqflags = local_irq_save();
	h = held_stack(flags);
	if (h && class) {
		new.site_up = site_up((unsigned long)
				      __builtin_frame_address(0));
		check_class(&new, flags, irqflags & X86_EFLAGS_IF);
	}
	if (h)
		held_push(h, &new);
	local_irq_restore(irqflags);
}

void
__lockdep_release(void *lock, int flags)
{
	unsigned long irqflags;
	struct held_locks *h;

	if (!READ_ONCE(lockdep_enabled))
		return;
	irqflags = local_irq_save();
	h = held_stack(flags);
	if (h)
		held_pop(h, lock);
	local_irq_restore(irqflags);
}

bool
__lockdep_is_held(void *lock, int flags)
{
	unsigned long irqflags = local_irq_save();
	struct held_locks *h = held_stack(flags);
	bool held = h && held_find(h, lock);

	local_irq_restore(irqflags);
	return held;
}

/* ---- might_sleep ---- */

/*
 * Remember the innermost spinlock this CPU holds (tests read it) and,
 * if @print, name them all, innermost last. The depth is read first:
 * printk's own lock comes and goes above it.
 */
static void
show_held_spinlocks(bool print)
{
	unsigned long flags = local_irq_save();
	struct held_locks *h = &cpu_held[this_cpu_read(id)];
	int depth = READ_ONCE(lockdep_enabled) ? h->depth : 0;
	char s[64];

	might_sleep_held_lock = depth ? h->lock[depth - 1].name : NULL;
	for (int i = 0; print && i < depth; i++)
		printk(KERN_ERR "  holding %s, taken at %s\n",
		       h->lock[i].name ? h->lock[i].name : "?",
		       site_name(lock_site(&h->lock[i]), s, sizeof(s)));
	local_irq_restore(flags);
}

static void
might_sleep_report(const char *file, int line)
{
	unsigned long n = __atomic_add_fetch(&might_sleep_reports, 1,
					     __ATOMIC_RELAXED);

	if (n > MAX_REPORTS) {
		show_held_spinlocks(false);
		return;
	}
	printk(KERN_ERR "BUG: sleeping function called from invalid "
	       "context at %s:%d\n", file, line);
	printk(KERN_ERR "  preempt_count %d, irqs_disabled %d, "
	       "in_interrupt %d, task %s\n", preempt_count(),
	       irqs_disabled(), in_interrupt(),
	       current ? current->comm : "(none)");
	show_held_spinlocks(true);
	WARN_ON(1);
}

void
__might_sleep(const char *file, int line)
{
	if (!READ_ONCE(scheduler_running))
		return;
	if (preempt_count() > 0 || irqs_disabled() || in_interrupt())
		might_sleep_report(file, line);
}

/* ---- lockdep=0|1, and failing a test run that saw a report ---- */

static int
lockdep_setup(const char *val)
{
	if (val == NULL || (strcmp(val, "0") && strcmp(val, "1")))
		return -EINVAL;
	lockdep_enabled = val[0] == '1';
	return 0;
}
__setup("lockdep=", lockdep_setup);

static unsigned long reports_blamed;

/* Reports nobody provoked on purpose fail the suite they happened in. */
static int
lockdep_report_check(void)
{
	long n = (long)(READ_ONCE(lockdep_inversions) +
			READ_ONCE(lockdep_irq_reports) -
			READ_ONCE(lockdep_reports_expected) - reports_blamed);

	if (n <= 0)
		return 0;
	reports_blamed += n;
	printk(KERN_ERR "lockdep: %ld lock-order report(s) since the last "
	       "suite; see the WARNINGs above\n", n);
	return -1;
}

static struct kunit_post_check lockdep_check = {
	.name = "lockdep (no lock-order or irq-safety reports)",
	.check = lockdep_report_check,
};
kunit_post_suite_check(lockdep_check);
