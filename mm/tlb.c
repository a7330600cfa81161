/*
 * Address-space switching and TLB invalidation for user mms.
 *
 * Interface (mman.h):
 *   switch_mm(prev, next)        load @next's tables on this CPU (the
 *                                scheduler calls it; NULL = init_pgd)
 *   kthread_use_mm / kthread_unuse_mm
 *   flush_tlb_page / flush_tlb_range / flush_tlb_mm
 *
 * Every PTE change that removes or narrows a translation (unmap,
 * write-protect, clean) is followed by one of the flush calls, always
 * through this file, so that SMP shootdown can be added in one place.
 *
 * A flush is a shootdown: invlpg (a few pages) or a CR3 reload
 * (everything; user PTEs are never global) here, and the same on every
 * other CPU that may cache the mm's entries, waiting for each (see the
 * shootdown section below). GUP-fast relies on exactly that wait.
 *
 * Lazy TLB and lifetime: a kernel thread keeps whatever mm was loaded
 * (cpu->active_mm), as in Linux. The CPU's active_mm holds an mm_count
 * reference (mmgrab), taken and dropped here in switch_mm, so a pgd is
 * never freed while some CR3 still points at it. mm->cpu_mask has this
 * CPU's bit while the mm is loaded here, lazily or not.
 */
#include "internal.h"
#include <pgtable.h>
#include <sched.h>
#include <smp.h>
#include <cpumask.h>
#include <asm/cpu.h>

/* Past this many pages a full flush is cheaper than invlpg each. */
#define FLUSH_ALL_THRESHOLD 32

void
switch_mm(struct mm_struct *prev, struct mm_struct *next)
{
	int cpu = smp_processor_id();

	if (prev == next)
		return;
	if (next) {
		mmgrab(next);
		set_bit(cpu, &next->cpu_mask);
		write_cr3(__pa(next->pgd));
	} else {
		write_cr3(__pa(init_pgd));
	}
	if (prev) {
		clear_bit(cpu, &prev->cpu_mask);
		mmdrop(prev);
	}
}

/* With preemption off, so the CPU and its active_mm stay put. */
void
kthread_use_mm(struct mm_struct *mm)
{
	struct cpu *c;

	WARN_ON(current->mm != NULL);
	preempt_disable();
	c = this_cpu();
	current->mm = mm;
	switch_mm(c->active_mm, mm);
	c->active_mm = mm;
	preempt_enable();
}

void
kthread_unuse_mm(struct mm_struct *mm)
{
	struct cpu *c;

	WARN_ON(current->mm != mm);
	preempt_disable();
	c = this_cpu();
	current->mm = NULL;
	switch_mm(c->active_mm, NULL);
	c->active_mm = NULL;
	preempt_enable();
}

/*
 * ---- TLB shootdown ----
 *
 * A flush invalidates the range on this CPU, then on every other CPU
 * in mm->cpu_mask (those that have the mm in CR3, running it or lazily
 * under a kernel thread), through an IPI, and waits until each has
 * done it. The PTE change the caller made is ordered before reading
 * the mask (smp_mb): a CPU that loads the mm after we read the mask
 * reloads CR3, which drops stale entries, and then sees the new PTE.
 *
 * The wait is what page-table freeing (free_pgtables) and GUP-fast
 * rely on: a CPU walking page tables in GUP-fast has interrupts off,
 * so it acknowledges the IPI only after its walk, and a table is freed
 * only after every acknowledgement. Callers must therefore have
 * interrupts enabled (smp_call_function_many() warns otherwise) and
 * must not hold an irqsave lock that an IPI target could be spinning
 * on with interrupts off.
 */
struct flush_info {
	struct mm_struct *mm;
	unsigned long start, end;	/* end == 0: everything */
};

/* Is @mm's pgd in this CPU's CR3? (preemption disabled by the caller) */
static bool
mm_loaded_here(struct mm_struct *mm)
{
	return (read_cr3() & PTE_PFN_MASK) == __pa(mm->pgd);
}

static void
flush_local(void *arg)
{
	const struct flush_info *f = arg;

	if (!mm_loaded_here(f->mm))
		return;
	if (f->end == 0 || f->end - f->start > FLUSH_ALL_THRESHOLD * PAGE_SIZE)
		write_cr3(read_cr3());
	else
		for (unsigned long a = f->start; a < f->end; a += PAGE_SIZE)
			invlpg(a);
}

unsigned long tlb_shootdowns;	/* IPI rounds sent, for tests and bench */

static void
flush_tlb_others(struct flush_info *f)
{
	struct cpumask targets;

	smp_mb();	/* the PTE change before the mask read */
	cpumask_copy(&targets, to_cpumask(&f->mm->cpu_mask));
	cpumask_clear_cpu(smp_processor_id(), &targets);
	if (cpumask_empty(&targets))
		return;
	__atomic_add_fetch(&tlb_shootdowns, 1, __ATOMIC_RELAXED);
	smp_call_function_many(&targets, flush_local, f, true);
}

static void
flush_tlb_info(struct flush_info *f)
{
	preempt_disable();
	flush_local(f);
	flush_tlb_others(f);
	preempt_enable();
}

void
flush_tlb_mm(struct mm_struct *mm)
{
	struct flush_info f = { mm, 0, 0 };

	flush_tlb_info(&f);
}

void
flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	struct flush_info f = { vma->vm_mm, addr & PAGE_MASK,
				(addr & PAGE_MASK) + PAGE_SIZE };

	flush_tlb_info(&f);
}

void
flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		unsigned long end)
{
	struct flush_info f = { vma->vm_mm, start & PAGE_MASK, end };

	if (end <= f.start)
		return;
	flush_tlb_info(&f);
}

/*
 * A CPU that ran the mm last may still hold it lazily (cpu->active_mm,
 * under a kernel thread or idle) long after the process exited; the
 * pgd would then be freed whenever that CPU next switches. When the
 * last user goes away, make every such CPU switch to the kernel's
 * tables now (Linux: lazy TLB shootdown), so an exited process's
 * memory, page tables included, is free when exit returns.
 */
static void
drop_lazy_mm(void *arg)
{
	struct mm_struct *mm = arg;
	struct cpu *c = this_cpu();

	if (c->active_mm != mm || (current && current->mm == mm))
		return;
	switch_mm(mm, NULL);
	c->active_mm = NULL;
}

void
drop_lazy_mm_users(struct mm_struct *mm)
{
	struct cpumask targets;

	preempt_disable();
	drop_lazy_mm(mm);
	cpumask_copy(&targets, to_cpumask(&mm->cpu_mask));
	cpumask_clear_cpu(smp_processor_id(), &targets);
	if (!cpumask_empty(&targets))
		smp_call_function_many(&targets, drop_lazy_mm, mm, true);
	preempt_enable();
}
