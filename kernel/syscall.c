/*
 * System-call dispatch. syscall_init() programs the SYSCALL MSRs and
 * fills the table from the .syscalls section (see syscalls.h);
 * do_syscall() runs with interrupts enabled on the task's kernel
 * stack and stores the result in regs->rax for the return to user
 * mode.
 */
#include <syscalls.h>
#include <printk.h>
#include <errno.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/ptrace.h>

extern const struct syscall_entry *const __start_syscalls[];
extern const struct syscall_entry *const __stop_syscalls[];
extern char syscall_entry[];

static syscall_fn_t syscall_table[NR_SYSCALLS];
static const char *syscall_names[NR_SYSCALLS];

static void
syscall_table_init(void)
{
	const struct syscall_entry *const *e;

	for (e = __start_syscalls; e < __stop_syscalls; e++) {
		long nr = (*e)->nr;

		if (nr < 0 || nr >= NR_SYSCALLS || syscall_table[nr]) {
			pr_err("syscall: bad or duplicate number %ld (%s)\n",
			       nr, (*e)->name);
			continue;
		}
		syscall_table[nr] = (*e)->fn;
		syscall_names[nr] = (*e)->name;
	}
}

/* Program SYSCALL on this CPU: entry point, segments, masked flags. */
void
syscall_init_cpu(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* SYSRET bases at 0x18 (user32 code): +8 user data, +16 user code. */
	wrmsr(MSR_STAR, ((u64)0x18 << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)syscall_entry);
	/* Clear IF, TF, DF, AC and NT on entry. */
	wrmsr(MSR_SYSCALL_MASK, 0x47700);
}

void
syscall_init(void)
{
	syscall_table_init();
	syscall_init_cpu();
}

const char *
syscall_name(long nr)
{
	if (nr < 0 || nr >= NR_SYSCALLS || !syscall_names[nr])
		return "?";
	return syscall_names[nr];
}

long
do_syscall(struct pt_regs *regs)
{
	long nr = (long)regs->rax;
	long ret = -ENOSYS;

	if (nr >= 0 && nr < NR_SYSCALLS && syscall_table[nr])
		ret = syscall_table[nr](regs->rdi, regs->rsi, regs->rdx,
					regs->r10, regs->r8, regs->r9);
	regs->rax = ret;
	return ret;
}
