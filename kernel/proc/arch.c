/*
 * Per-task user-mode CPU state: the FPU/SSE registers and the FS base.
 *
 * Interface: arch_switch_to() (called by the scheduler's
 * context_switch), fpu_init_current(), fpu_copy_to(),
 * fpu_free(), set_current_fsbase() (include/process.h) and
 * the arch_prctl() system call.
 *
 * The kernel is built with -mno-sse and never touches the x87/SSE
 * registers, so whatever they hold while a task is in the kernel is
 * that task's user state. A user task owns a 512-byte fxsave image
 * (t->fpu); the switch saves prev's registers into it and loads
 * next's, eagerly, on every switch between tasks that have one.
 * Without this, two processes compiled with SSE (newlib's printf)
 * would corrupt each other's xmm registers. Kernel threads have no
 * image and leave the registers alone.
 *
 * Rules: t->fpu and t->fsbase change only in @t's own context, with
 * preemption disabled, and always together with the live registers
 * (so a switch in between cannot save a stale or half-built state).
 * CR4.FSGSBASE is off, so user space can change its FS base only
 * through arch_prctl(): the switch need not read it back.
 */
#include <process.h>
#include <syscalls.h>
#include <uaccess.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <init.h>
#include <asm/cpu.h>

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

struct fpu {
	u8 fxsave[512];
} __aligned(16);

static struct kmem_cache *fpu_cache;

static inline void
fxsave(struct fpu *f)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*f));
}

static inline void
fxrstor(const struct fpu *f)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*f));
}

/* The state after FNINIT: x87 exceptions masked, MXCSR 0x1f80. */
static void
fpu_set_default(struct fpu *f)
{
	memset(f, 0, sizeof(*f));
	*(u16 *)&f->fxsave[0] = 0x037f;		/* FCW */
	*(u32 *)&f->fxsave[24] = 0x1f80;	/* MXCSR */
}

/* Interrupts off, sched_lock held: no allocation, no sleeping. */
void
arch_switch_to(struct task_struct *prev, struct task_struct *next)
{
	if (prev->fpu)
		fxsave(prev->fpu);
	if (next->fpu) {
		fxrstor(next->fpu);
		wrmsr(MSR_FS_BASE, next->fsbase);
	}
}

/* exec and a new process: a clean state, loaded now. */
int
fpu_init_current(void)
{
	struct task_struct *t = current;
	struct fpu *f = t->fpu;

	if (!f) {
		f = kmem_cache_alloc(fpu_cache, GFP_KERNEL);
		if (!f)
			return -ENOMEM;
	}
	preempt_disable();
	fpu_set_default(f);
	fxrstor(f);
	t->fpu = f;
	preempt_enable();
	return 0;
}

/*
 * fork: the live registers are current's user state (see the top of
 * the file), so one fxsave copies them; a preemption before or after
 * it saves and restores the same values.
 */
int
fpu_copy_to(struct task_struct *child)
{
	struct fpu *f = kmem_cache_alloc(fpu_cache, GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	fxsave(f);
	child->fpu = f;
	return 0;
}

/* @t is current (exit) or a child that never ran (failed fork). */
void
fpu_free(struct task_struct *t)
{
	struct fpu *f;

	preempt_disable();
	f = t->fpu;
	t->fpu = NULL;
	preempt_enable();
	if (f)
		kmem_cache_free(fpu_cache, f);
}

void
set_current_fsbase(unsigned long base)
{
	preempt_disable();
	current->fsbase = base;
	wrmsr(MSR_FS_BASE, base);
	preempt_enable();
}

/*
 * Only FS is supported: pinos user space (newlib) uses no TLS, and GS
 * would need the same save/restore through MSR_KERNEL_GS_BASE.
 * Linux refuses a base outside user space with -EPERM.
 */
SYSCALL_DEFINE(arch_prctl, __NR_arch_prctl)(long code, long addr, long a2,
					    long a3, long a4, long a5)
{
	switch (code) {
	case ARCH_SET_FS:
		if ((unsigned long)addr >= TASK_SIZE)
			return -EPERM;
		set_current_fsbase(addr);
		return 0;
	case ARCH_GET_FS:
		return put_user_u64(current->fsbase, (void *)addr);
	default:
		return -EINVAL;
	}
}

static int
fpu_cache_init(void)
{
	fpu_cache = kmem_cache_create("fpu_state", sizeof(struct fpu), 64);
	return fpu_cache ? 0 : -ENOMEM;
}
core_initcall(fpu_cache_init);
