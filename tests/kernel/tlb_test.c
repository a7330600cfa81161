/*
 * Suite "tlb": cross-CPU TLB shootdown. A reader thread on another CPU
 * loads a user mapping into its TLB, then spins without switching
 * address spaces; this thread unmaps (or write-protects) the page.
 * Afterwards the reader must fault: a stale TLB entry that survived
 * would let its access succeed. Needs two CPUs; skipped otherwise.
 */
#include <kunit.h>
#include <errno.h>
#include <mman.h>
#include <sched.h>
#include <smp.h>
#include <uaccess.h>

extern unsigned long tlb_shootdowns;

struct reader {
	struct mm_struct *mm;
	unsigned long addr;
	volatile int stage;		/* 0 start, 1 cached, 2 go, 3 done */
	long first, second;		/* 0 or -EFAULT */
	u64 value;
	bool write;
};

static long
access_once(struct reader *r)
{
	if (r->write)
		return put_user_u64(0x77, (void *)r->addr);
	return get_user_u64(&r->value, (void *)r->addr);
}

static int
reader_thread(void *arg)
{
	struct reader *r = arg;

	kthread_use_mm(r->mm);
	preempt_disable();	/* keep this CPU's TLB and CR3 as they are */
	r->first = access_once(r);
	r->stage = 1;
	while (r->stage != 2)
		cpu_relax();
	r->second = access_once(r);
	preempt_enable();
	kthread_unuse_mm(r->mm);
	r->stage = 3;
	return 0;
}

static struct task_struct *
start_reader(struct kunit *test, struct reader *r)
{
	int cpu = (smp_processor_id() + 1) % nr_cpus_online;
	struct task_struct *t = kthread_create(reader_thread, r, "tlbreader");

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(t));
	kthread_bind(t, cpu);
	wake_up_process(t);
	while (r->stage != 1)
		yield();
	return t;
}

static void
finish_reader(struct kunit *test, struct reader *r, struct task_struct *t)
{
	r->stage = 2;
	KUNIT_EXPECT_EQ(test, kthread_join(t), 0);
	mmput(r->mm);
}

static void
setup(struct kunit *test, struct reader *r, bool write)
{
	if (nr_cpus_online < 2)
		kunit_skip(test, "needs 2+ CPUs");
	r->mm = mm_alloc();
	KUNIT_ASSERT_NOT_NULL(test, r->mm);
	kthread_use_mm(r->mm);
	r->addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KUNIT_ASSERT_EQ(test, put_user_u64(0x1234, (void *)r->addr), 0);
	kthread_unuse_mm(r->mm);
	r->write = write;
}

static void
tlb_shootdown_on_unmap(struct kunit *test)
{
	struct reader r = { 0 };
	struct task_struct *t;
	unsigned long sent0;

	setup(test, &r, false);
	t = start_reader(test, &r);
	KUNIT_EXPECT_EQ(test, r.first, 0);
	KUNIT_EXPECT_EQ(test, r.value, 0x1234);
	sent0 = tlb_shootdowns;
	down_write(&r.mm->mmap_lock);
	KUNIT_EXPECT_EQ(test, do_munmap(r.mm, r.addr, PAGE_SIZE), 0);
	up_write(&r.mm->mmap_lock);
	KUNIT_EXPECT_GT(test, tlb_shootdowns, sent0);
	finish_reader(test, &r, t);
	KUNIT_EXPECT_EQ(test, r.second, -EFAULT);
}

static void
tlb_shootdown_on_write_protect(struct kunit *test)
{
	struct reader r = { 0 };
	struct task_struct *t;

	setup(test, &r, true);
	t = start_reader(test, &r);
	KUNIT_EXPECT_EQ(test, r.first, 0);
	down_write(&r.mm->mmap_lock);
	KUNIT_EXPECT_EQ(test, do_mprotect(r.mm, r.addr, PAGE_SIZE, PROT_READ),
			0);
	up_write(&r.mm->mmap_lock);
	finish_reader(test, &r, t);
	KUNIT_EXPECT_EQ(test, r.second, -EFAULT);
}

static struct kunit_case tlb_cases[] = {
	KUNIT_CASE(tlb_shootdown_on_unmap),
	KUNIT_CASE(tlb_shootdown_on_write_protect),
	{}
};

static struct kunit_suite tlb_suite = {
	.name = "tlb",
	.test_cases = tlb_cases,
};
kunit_test_suite(tlb_suite);
