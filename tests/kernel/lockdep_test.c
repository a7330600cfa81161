/*
 * Suite "lockdep": the lock debugging checks (kernel/locking/lockdep.c).
 *
 * Inversions are provoked only between test-only classes: an inversion
 * is reported once per pair, so provoking one between the VM's classes
 * would hide a real one later in the run. Every report a case provokes
 * on purpose is added to lockdep_reports_expected (as many as it
 * wanted, at most), so the post-suite check, which fails any suite
 * during which an unexpected report appeared, leaves this one alone.
 *
 * The VM case runs a fault, folio_mkclean and a truncate on a real
 * shmem file in a test mm: the main classes must be seen nesting
 * there, and in the documented order (no report).
 *
 * Spinlock recursion panics, so the case tests spin_is_held(), the
 * predicate spin_lock() panics on, instead of taking a lock twice.
 */
#include <kunit.h>
#include <lockdep.h>
#include <spinlock.h>
#include <mutex.h>
#include <sched.h>
#include <smp.h>
#include <mman.h>
#include <fs.h>
#include <gfp.h>
#include <time.h>
#include <uaccess.h>
#include <errno.h>

#define P PAGE_SIZE

static struct lock_class x_class = LOCK_CLASS_INIT("lockdep_test_x");
static struct lock_class y_class = LOCK_CLASS_INIT("lockdep_test_y");
static struct lock_class p_class = LOCK_CLASS_INIT("lockdep_test_p");
static struct lock_class q_class = LOCK_CLASS_INIT("lockdep_test_q");
static struct lock_class r_class = LOCK_CLASS_INIT("lockdep_test_r");
static struct lock_class d1_class = LOCK_CLASS_INIT("lockdep_test_d1");
static struct lock_class d2_class = LOCK_CLASS_INIT("lockdep_test_d2");
static struct lock_class t_class = LOCK_CLASS_INIT("lockdep_test_t");
static struct lock_class u_class = LOCK_CLASS_INIT("lockdep_test_u");
static struct lock_class z_class = LOCK_CLASS_INIT("lockdep_test_z");
static struct lock_class s_class = LOCK_CLASS_INIT("lockdep_test_s");

static DEFINE_SPINLOCK(x_lock);
static DEFINE_SPINLOCK(y_lock);
static DEFINE_MUTEX(p_mutex);
static struct rw_semaphore q_rwsem;
static DEFINE_MUTEX(r_mutex);
static DEFINE_SPINLOCK(d1_lock);
static DEFINE_SPINLOCK(d2_lock);
static DEFINE_SPINLOCK(t_lock);
static DEFINE_SPINLOCK(u_lock);
static DEFINE_SPINLOCK(z_lock);		/* irq-unsafe: plain spin_lock */
static DEFINE_SPINLOCK(s_lock);		/* irq-safe: always irqsave */
static DEFINE_SPINLOCK(lockdep_test_outer);
static DEFINE_SPINLOCK(lockdep_test_inner);

static int
lockdep_suite_init(struct kunit_suite *suite)
{
	lockdep_set_class(&x_lock, &x_class);
	lockdep_set_class(&y_lock, &y_class);
	lockdep_set_class(&p_mutex, &p_class);
	init_rwsem(&q_rwsem, "q_rwsem");
	lockdep_set_class(&q_rwsem, &q_class);
	lockdep_set_class(&r_mutex, &r_class);
	lockdep_set_class(&d1_lock, &d1_class);
	lockdep_set_class(&d2_lock, &d2_class);
	lockdep_set_class(&t_lock, &t_class);
	lockdep_set_class(&u_lock, &u_class);
	lockdep_set_class(&z_lock, &z_class);
	lockdep_set_class(&s_lock, &s_class);
	return 0;
}

static int
lockdep_case_init(struct kunit *test)
{
	test->priv = NULL;
	return 0;
}

/* A case that ran on a test mm (test->priv) leaves it here. */
static void
lockdep_case_exit(struct kunit *test)
{
	struct mm_struct *mm = test->priv;

	if (mm == NULL)
		return;
	kthread_unuse_mm(mm);
	mmput(mm);
}

static unsigned long
reports_now(void)
{
	return READ_ONCE(lockdep_inversions) + READ_ONCE(lockdep_irq_reports);
}

/* Account for up to @want reports provoked on purpose since @before. */
static void
reports_provoked(unsigned long before, unsigned long want)
{
	unsigned long got = reports_now() - before;

	__atomic_add_fetch(&lockdep_reports_expected, min(got, want),
			   __ATOMIC_RELAXED);
}

static void
spin_pair(spinlock_t *outer, spinlock_t *inner)
{
	spin_lock(outer);
	spin_lock(inner);
	spin_unlock(inner);
	spin_unlock(outer);
}


#define REQUIRE_LOCKDEP(test)                                          \
	do {                                                           \
		if (!lockdep_enabled)                                  \
			kunit_skip(test, "lockdep=0 on the command line"); \
	} while (0)

static void
lockdep_inversion_reported_once(struct kunit *test)
{
	unsigned long before = reports_now(), inv = lockdep_inversions;

	REQUIRE_LOCKDEP(test);
	spin_pair(&x_lock, &y_lock);
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&x_class, &y_class));
	KUNIT_EXPECT_EQ(test, reports_now(), before);
	kunit_info(test, "a 'possible lock-order inversion' report "
		   "follows; it is expected");
	spin_pair(&y_lock, &x_lock);
	KUNIT_EXPECT_EQ(test, lockdep_inversions - inv, 1);
	/* Once per pair: neither order reports again. */
	spin_pair(&y_lock, &x_lock);
	spin_pair(&x_lock, &y_lock);
	KUNIT_EXPECT_EQ(test, reports_now() - before, 1);
	/* The inverted order is not learnt: the graph stays acyclic. */
	KUNIT_EXPECT_FALSE(test, lockdep_order_seen(&y_class, &x_class));
	reports_provoked(before, 1);
}

/*
 * Sleeping locks, held by the task: p then q (read), q (write) then r,
 * and r then p closes the cycle.
 */
static void
lockdep_cycle_of_three_reported(struct kunit *test)
{
	unsigned long before = reports_now(), inv = lockdep_inversions;

	REQUIRE_LOCKDEP(test);
	mutex_lock(&p_mutex);
	down_read(&q_rwsem);
	up_read(&q_rwsem);
	mutex_unlock(&p_mutex);
	down_write(&q_rwsem);
	mutex_lock(&r_mutex);
	mutex_unlock(&r_mutex);
	up_write(&q_rwsem);
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&p_class, &q_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&q_class, &r_class));
	KUNIT_EXPECT_EQ(test, reports_now(), before);
	kunit_info(test, "an inversion report (r then p, p then q then r) "
		   "follows; it is expected");
	mutex_lock(&r_mutex);
	mutex_lock(&p_mutex);
	mutex_unlock(&p_mutex);
	mutex_unlock(&r_mutex);
	KUNIT_EXPECT_EQ(test, lockdep_inversions - inv, 1);
	KUNIT_EXPECT_FALSE(test, lockdep_order_seen(&r_class, &p_class));
	reports_provoked(before, 1);
}

/* A declared order is enforced before anyone has run it. */
static void
lockdep_declared_order_enforced(struct kunit *test)
{
	unsigned long before = reports_now(), inv = lockdep_inversions;

	REQUIRE_LOCKDEP(test);
	lockdep_declare_order(&d1_class, &d2_class);
	KUNIT_EXPECT_FALSE(test, lockdep_order_seen(&d1_class, &d2_class));
	kunit_info(test, "an inversion report (d2 then d1) follows; it is "
		   "expected");
	spin_pair(&d2_lock, &d1_lock);
	KUNIT_EXPECT_EQ(test, lockdep_inversions - inv, 1);
	spin_pair(&d1_lock, &d2_lock);
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&d1_class, &d2_class));
	KUNIT_EXPECT_EQ(test, reports_now() - before, 1);
	reports_provoked(before, 1);
}

/*
 * A trylock cannot wait, so taking one orders nothing; what is taken
 * while it is held is ordered after it.
 */
static void
lockdep_trylock_orders_nothing(struct kunit *test)
{
	struct folio *f;
	bool locked;

	REQUIRE_LOCKDEP(test);
	f = folio_alloc(0);
	KUNIT_ASSERT_NOT_NULL(test, f);
	spin_lock(&t_lock);
	locked = folio_trylock(f);
	if (locked) {
		KUNIT_EXPECT_TRUE(test, lockdep_is_held(f));
		spin_lock(&u_lock);
		spin_unlock(&u_lock);
		folio_unlock(f);
	}
	spin_unlock(&t_lock);
	folio_put(f);
	KUNIT_ASSERT_TRUE(test, locked);
	KUNIT_EXPECT_FALSE(test, lockdep_order_seen(&t_class,
						    &folio_lock_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&folio_lock_class,
						   &u_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&t_class, &u_class));
}

/* ---- the VM's main locks ---- */

static void
lockdep_main_classes_set(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	struct address_space *m;
	struct file *file;
	struct folio *f;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	KUNIT_EXPECT_TRUE(test, mm->mmap_lock.class == &mmap_lock_class);
	KUNIT_EXPECT_TRUE(test,
			  mm->page_table_lock.class == &page_table_lock_class);
	mmput(mm);
	file = shmem_file_setup("lockdep-test", P, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	m = file->f_mapping;
	KUNIT_EXPECT_TRUE(test, m->i_pages_lock.class == &i_pages_lock_class);
	KUNIT_EXPECT_TRUE(test, m->i_mmap_lock.class == &i_mmap_lock_class);
	/* filemap_add_folio() returns it locked: lockdep must know. */
	f = filemap_grab_folio(m, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, lockdep_is_held(f), lockdep_enabled);
	folio_unlock(f);
	KUNIT_EXPECT_FALSE(test, lockdep_is_held(f));
	folio_lock(f);
	KUNIT_EXPECT_EQ(test, lockdep_is_held(f), lockdep_enabled);
	folio_unlock(f);
	KUNIT_EXPECT_FALSE(test, lockdep_is_held(f));
	folio_put(f);
	fput(file);
}

/* Run the rest of the case on a new mm; the exit hook drops it. */
static void
use_test_mm(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	KUNIT_ASSERT_NOT_NULL(test, mm);
	kthread_use_mm(mm);
	test->priv = mm;
}

static bool
pte_mapped(unsigned long addr)
{
	pte_t *pte = walk_user_pte(current->mm, addr);

	return pte && pte_present(*pte);
}

/* Write-protect @f's PTEs as writeback would: under the folio lock. */
static int
mkclean(struct folio *f)
{
	int n;

	folio_lock(f);
	n = folio_mkclean(f);
	folio_unlock(f);
	return n;
}

/* What ftruncate(0) does to a shmem file (do_truncate, shmem_setsize). */
static void
truncate_to_zero(struct inode *inode)
{
	down_write(&inode->i_rwsem);
	i_size_write(inode, 0);
	truncate_inode_pages(inode->i_mapping, 0);
	up_write(&inode->i_rwsem);
}

static void
expect_vm_orders_seen(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&mmap_lock_class,
						   &folio_lock_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&mmap_lock_class,
						   &page_table_lock_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&folio_lock_class,
						   &page_table_lock_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&folio_lock_class,
						   &i_mmap_lock_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&i_mmap_lock_class,
						   &page_table_lock_class));
	KUNIT_EXPECT_TRUE(test, lockdep_order_seen(&folio_lock_class,
						   &i_pages_lock_class));
}

static void
lockdep_vm_paths_consistent(struct kunit *test)
{
	unsigned long before = reports_now();
	struct file *file;
	struct folio *f;
	u64 v = 0x1d;
	long a;

	REQUIRE_LOCKDEP(test);
	use_test_mm(test);
	file = shmem_file_setup("lockdep-vm", P, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(file));
	a = vm_mmap(file, 0, P, PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	fput(file);			/* the VMA holds its own reference */
	KUNIT_ASSERT_GT(test, a, 0);
	/* Fault: mmap_lock, then the folio lock, then page_table_lock. */
	KUNIT_ASSERT_EQ(test, copy_to_user((void *)a, &v, sizeof(v)), 0);
	KUNIT_EXPECT_TRUE(test, pte_mapped(a));
	f = filemap_get_folio(file->f_mapping, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	/* folio lock, i_mmap_lock, page_table_lock: one PTE cleaned. */
	KUNIT_EXPECT_EQ(test, mkclean(f), 1);
	folio_put(f);
	/* i_mmap_lock then page_table_lock; folio lock, i_pages_lock. */
	truncate_to_zero(file->f_mapping->host);
	KUNIT_EXPECT_EQ(test, file->f_mapping->nrpages, 0);
	KUNIT_EXPECT_FALSE(test, pte_mapped(a));
	down_write(&current->mm->mmap_lock);
	KUNIT_EXPECT_EQ(test, do_munmap(current->mm, a, P), 0);
	up_write(&current->mm->mmap_lock);
	expect_vm_orders_seen(test);
	KUNIT_EXPECT_EQ(test, reports_now(), before);
}

/* ---- might_sleep ---- */

static DEFINE_MUTEX(ms_mutex);
static struct rw_semaphore ms_rwsem;

/*
 * Uncontended, so none of them really sleeps here, but each must say
 * it may: under a spinlock every call is one more report.
 */
static void
sleeping_primitives_under_spinlock(struct folio *f)
{
	spin_lock(&lockdep_test_outer);
	mutex_lock(&ms_mutex);
	mutex_unlock(&ms_mutex);
	down_read(&ms_rwsem);
	up_read(&ms_rwsem);
	down_write(&ms_rwsem);
	up_write(&ms_rwsem);
	folio_lock(f);
	folio_unlock(f);
	spin_unlock(&lockdep_test_outer);
}

static void
lockdep_might_sleep_names_spinlock(struct kunit *test)
{
	unsigned long before = might_sleep_reports;
	const char *held;
	struct folio *f = folio_alloc(0);

	KUNIT_ASSERT_NOT_NULL(test, f);
	init_rwsem(&ms_rwsem, "ms_rwsem");
	kunit_info(test, "'sleeping function called from invalid context' "
		   "reports follow; they are expected");
	spin_lock(&lockdep_test_outer);
	spin_lock(&lockdep_test_inner);
	might_sleep();
	held = might_sleep_held_lock;
	spin_unlock(&lockdep_test_inner);
	spin_unlock(&lockdep_test_outer);
	KUNIT_EXPECT_EQ(test, might_sleep_reports - before, 1);
	if (lockdep_enabled)
		KUNIT_EXPECT_TRUE(test, held && strcmp(held,
					"lockdep_test_inner") == 0);
	sleeping_primitives_under_spinlock(f);
	KUNIT_EXPECT_EQ(test, might_sleep_reports - before, 1 + 4);
	folio_put(f);
	might_sleep();
	KUNIT_EXPECT_EQ(test, might_sleep_reports - before, 1 + 4);
}

/* ---- spinlock recursion ---- */

static DEFINE_SPINLOCK(rec_lock);
static volatile bool rec_held, rec_release;

static int
rec_holder(void *arg)
{
	unsigned long end = jiffies + 5 * HZ;

	spin_lock(&rec_lock);
	WRITE_ONCE(rec_held, true);
	/* Spinning with preemption off: this CPU is ours meanwhile. */
	while (!READ_ONCE(rec_release) && time_before(jiffies, end))
		cpu_relax();
	spin_unlock(&rec_lock);
	return 0;
}

/* Held by another CPU: taking it would wait, not recurse. */
static void
rec_held_elsewhere(struct kunit *test)
{
	unsigned long end = jiffies + 2 * HZ;
	struct task_struct *t;

	rec_held = rec_release = false;
	t = kthread_create(rec_holder, NULL, "rec-holder");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	kthread_bind(t, nr_cpus_online - 1);
	wake_up_process(t);
	while (!READ_ONCE(rec_held) && time_before(jiffies, end))
		msleep(1);
	KUNIT_EXPECT_TRUE(test, rec_held);
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&rec_lock));
	KUNIT_EXPECT_FALSE(test, spin_is_held(&rec_lock));
	KUNIT_EXPECT_FALSE(test, lockdep_is_held(&rec_lock));
	WRITE_ONCE(rec_release, true);
	kthread_join(t);
}

static void
lockdep_spinlock_recursion_detected(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, spin_is_held(&rec_lock));
	spin_lock(&rec_lock);
	/* spin_lock(&rec_lock) would now panic "spinlock recursion". */
	KUNIT_EXPECT_TRUE(test, spin_is_held(&rec_lock));
	KUNIT_EXPECT_EQ(test, lockdep_is_held(&rec_lock), lockdep_enabled);
	/* Asking is not recursion: trylock fails and does not panic. */
	KUNIT_EXPECT_FALSE(test, spin_trylock(&rec_lock));
	spin_unlock(&rec_lock);
	KUNIT_EXPECT_FALSE(test, spin_is_held(&rec_lock));
	KUNIT_EXPECT_FALSE(test, lockdep_is_held(&rec_lock));
	if (nr_cpus_online > 1)
		rec_held_elsewhere(test);
}

/* ---- interrupt safety ---- */

static void
take_in_handler(void *lock)
{
	spin_lock(lock);
	spin_unlock(lock);
}

/* Run take_in_handler(@lock) in an IPI handler on another CPU. */
static int
take_in_irq_elsewhere(spinlock_t *lock)
{
	int err;

	preempt_disable();
	err = smp_call_function_single((smp_processor_id() + 1) %
				       nr_cpus_online, take_in_handler, lock,
				       true);
	preempt_enable();
	return err;
}

static void
lockdep_irq_unsafe_lock_reported(struct kunit *test)
{
	unsigned long before = reports_now(), flags;
	unsigned long irq_before = lockdep_irq_reports;

	REQUIRE_LOCKDEP(test);
	if (nr_cpus_online < 2)
		kunit_skip(test, "needs a second CPU to interrupt");
	/* Taken irqsave in task context: safe to take in a handler. */
	spin_lock_irqsave(&s_lock, flags);
	spin_unlock_irqrestore(&s_lock, flags);
	KUNIT_ASSERT_EQ(test, take_in_irq_elsewhere(&s_lock), 0);
	KUNIT_EXPECT_EQ(test, reports_now(), before);
	/* Taken with interrupts on, then in a handler: reported, once. */
	spin_lock(&z_lock);
	spin_unlock(&z_lock);
	kunit_info(test, "an 'inconsistent lock state' report follows; it "
		   "is expected");
	KUNIT_ASSERT_EQ(test, take_in_irq_elsewhere(&z_lock), 0);
	KUNIT_EXPECT_EQ(test, lockdep_irq_reports - irq_before, 1);
	KUNIT_ASSERT_EQ(test, take_in_irq_elsewhere(&z_lock), 0);
	spin_lock(&z_lock);
	spin_unlock(&z_lock);
	KUNIT_EXPECT_EQ(test, reports_now() - before, 1);
	reports_provoked(before, 1);
}

static struct kunit_case lockdep_cases[] = {
	KUNIT_CASE(lockdep_inversion_reported_once),
	KUNIT_CASE(lockdep_cycle_of_three_reported),
	KUNIT_CASE(lockdep_declared_order_enforced),
	KUNIT_CASE(lockdep_trylock_orders_nothing),
	KUNIT_CASE(lockdep_main_classes_set),
	KUNIT_CASE(lockdep_vm_paths_consistent),
	KUNIT_CASE(lockdep_might_sleep_names_spinlock),
	KUNIT_CASE(lockdep_spinlock_recursion_detected),
	KUNIT_CASE(lockdep_irq_unsafe_lock_reported),
	{}
};

static struct kunit_suite lockdep_suite = {
	.name = "lockdep",
	.suite_init = lockdep_suite_init,
	.init = lockdep_case_init,
	.exit = lockdep_case_exit,
	.test_cases = lockdep_cases,
};
kunit_test_suite(lockdep_suite);
