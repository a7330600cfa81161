/*
 * The page-fault handler: do_page_fault(regs, address), from do_trap().
 * Returns 0 when the faulting context may continue, -1 for an oops.
 *
 * A fault on a user address, from user mode or from a kernel user
 * copy (copy_from_user & co.), is resolved the normal way: find the
 * VMA under mmap_lock for read, check the access against vm_flags,
 * call handle_mm_fault(). What that cannot resolve becomes:
 *   - in user mode, a signal: SIGSEGV (no VMA, or a forbidden access)
 *     or SIGBUS, through force_sig_fault(), after a log line like
 *     Linux's "prog[5]: segfault at 0 ip ... (write to unmapped address)";
 *   - in a user copy, the exception-table fixup: the copy returns
 *     -EFAULT instead of crashing;
 *   - anywhere else in the kernel, an oops.
 *
 * With SMAP, the kernel may touch user memory only inside a stac/clac
 * window (EFLAGS.AC set); a kernel fault on a user address with AC
 * clear is a kernel bug (a raw dereference of a user pointer) and is
 * an oops, never silently fixed up. Faults in atomic context (a
 * spinlock held, interrupts off, an interrupt handler) cannot sleep on
 * mmap_lock, so they go straight to the fixup.
 */
#include "internal.h"
#include <extable.h>
#include <fault.h>
#include <irq.h>
#include <printk.h>
#include <sched.h>
#include <signal.h>
#include <vmstat.h>
#include <asm/cpu.h>

extern bool cpu_has_smap;

/* A fault on a user-half address? (TASK_SIZE excludes the top page.) */
static bool
fault_in_user_range(unsigned long address)
{
	return address < TASK_SIZE;
}

static const char *
bad_access_reason(unsigned long err, bool mapped)
{
	if (err & X86_PF_INSTR)
		return mapped ? "exec of non-executable mapping"
			      : "exec of unmapped address";
	if (err & X86_PF_WRITE)
		return mapped ? "write to read-only mapping"
			      : "write to unmapped address";
	return mapped ? "read of inaccessible mapping"
		      : "read from unmapped address";
}

/* Linux's show_signal_msg(), then the signal. */
static void
user_fault_signal(struct pt_regs *regs, unsigned long address, int sig,
		  const char *why)
{
	struct task_struct *t = current;

	if (sig == SIGSEGV)
		count_vm_event(PGFAULT_SIGSEGV);
	pr_info("%s[%d]: %s at %lx ip %lx sp %lx error %lx (%s)\n", t->comm,
		t->pid, sig == SIGBUS ? "bus error" : "segfault", address,
		regs->rip, regs->rsp, regs->error_code, why);
	force_sig_fault(sig, address);
}

/* Does @vma allow this access? (Linux's access_error(), inverted.) */
static bool
access_permitted(struct vm_area_struct *vma, unsigned long err)
{
	if (err & X86_PF_INSTR)
		return vma->vm_flags & VM_EXEC;
	if (err & X86_PF_WRITE)
		return vma->vm_flags & VM_WRITE;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/*
 * Look up and fault in @address under mmap_lock. Returns 0 on success,
 * else sets *sig and *why for the caller to report.
 */
static int
fault_in(struct mm_struct *mm, unsigned long address, unsigned long err,
	 int *sig, const char **why)
{
	unsigned int flags = (err & X86_PF_USER) ? FAULT_FLAG_USER : 0;
	struct vm_area_struct *vma;
	vm_fault_t ret;

	*sig = SIGSEGV;
	if (err & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	down_read(&mm->mmap_lock);
	vma = vma_lookup(mm, address);
	if (vma == NULL || !access_permitted(vma, err)) {
		up_read(&mm->mmap_lock);
		*why = bad_access_reason(err, vma != NULL);
		return -1;
	}
	ret = handle_mm_fault(vma, address, flags);
	up_read(&mm->mmap_lock);
	if (!(ret & VM_FAULT_ERROR))
		return 0;
	*sig = (ret & VM_FAULT_SIGBUS) ? SIGBUS : (ret & VM_FAULT_OOM) ?
						  SIGKILL : SIGSEGV;
	*why = (ret & VM_FAULT_SIGBUS) ? "no page behind the mapping" :
	       (ret & VM_FAULT_OOM)	? "out of memory" :
					  "fault handler refused";
	return -1;
}

/* Kernel mode, user address: only a user copy may fault here. */
static int
kernel_user_fault(struct pt_regs *regs, unsigned long address)
{
	struct mm_struct *mm = current->mm;
	const char *why;
	int sig;

	if (cpu_has_smap && !(regs->rflags & X86_EFLAGS_AC)) {
		pr_emerg("BUG: kernel access to user address %#lx outside "
			 "a user copy (SMAP)\n", address);
		return -1;
	}
	if (regs->error_code & (X86_PF_INSTR | X86_PF_RSVD))
		return -1;
	if (mm && preempt_count() == 0 && !in_interrupt() &&
	    (regs->rflags & X86_EFLAGS_IF)) {
		local_irq_enable();
		if (fault_in(mm, address, regs->error_code, &sig, &why) == 0)
			return 0;
	}
	return fixup_exception(regs) ? 0 : -1;
}

static int
user_fault(struct pt_regs *regs, unsigned long address)
{
	struct mm_struct *mm = current->mm;
	const char *why = "kernel address";
	int sig = SIGSEGV;

	local_irq_enable();
	if (mm && fault_in_user_range(address) &&
	    fault_in(mm, address, regs->error_code, &sig, &why) == 0)
		return 0;
	user_fault_signal(regs, address, sig, why);
	return 0;
}

int
do_page_fault(struct pt_regs *regs, unsigned long address)
{
	if (user_mode(regs))
		return user_fault(regs, address);
	if (fault_in_user_range(address))
		return kernel_user_fault(regs, address);
	return fixup_exception(regs) ? 0 : -1;
}
