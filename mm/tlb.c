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
 * For now a flush is local: if @mm is loaded in this CPU's CR3, invlpg
 * (one page) or a CR3 reload (everything; user PTEs are never global)
 * drops the stale entries. The SMP issue adds shootdown: send an IPI
 * to every other CPU in mm->cpu_mask and wait for each to flush.
 * GUP-fast relies on exactly that wait (it runs with interrupts off).
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

/* Is @mm's pgd in this CPU's CR3? (preemption disabled by the caller) */
static bool
mm_loaded_here(struct mm_struct *mm)
{
	return (read_cr3() & PTE_PFN_MASK) == __pa(mm->pgd);
}

void
flush_tlb_mm(struct mm_struct *mm)
{
	preempt_disable();
	if (mm_loaded_here(mm))
		write_cr3(read_cr3());
	preempt_enable();
}

void
flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	preempt_disable();
	if (mm_loaded_here(vma->vm_mm))
		invlpg(addr & PAGE_MASK);
	preempt_enable();
}

void
flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		unsigned long end)
{
	start &= PAGE_MASK;
	if (end - start > FLUSH_ALL_THRESHOLD * PAGE_SIZE) {
		flush_tlb_mm(vma->vm_mm);
		return;
	}
	preempt_disable();
	if (mm_loaded_here(vma->vm_mm))
		for (unsigned long a = start; a < end; a += PAGE_SIZE)
			invlpg(a);
	preempt_enable();
}
