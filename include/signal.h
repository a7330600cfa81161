/*
 * Signals, as far as pinos has them (kernel/proc/signal.c).
 *
 * There are no user signal handlers yet: every signal takes its
 * default action. Most end the process (the parent's wait4() reports
 * it WIFSIGNALED with that number); SIGCHLD, SIGURG and SIGWINCH are
 * ignored; SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU stop the process
 * until SIGCONT (wait4 with WUNTRACED / WCONTINUED reports both).
 * Numbers are Linux's (include/uapi/signal.h).
 *
 * A fault in user mode (a CPU exception or an unresolvable page fault)
 * kills at once, from the trap: force_sig_fault(). kill() only marks
 * the target and wakes it if it sleeps in wait4() or nanosleep(); the
 * target acts on its next return to user mode (exit_to_user_mode(),
 * called by entry.S), so it never dies holding a lock.
 */
#ifndef _PINOS_SIGNAL_H
#define _PINOS_SIGNAL_H

#include <sched.h>
#include <uapi/signal.h>

struct pt_regs;

/*
 * Kill the current process with @sig, reporting @addr (the faulting
 * data address, or the instruction for SIGILL/SIGFPE) and the user ip.
 * Never returns when current is a user process; a kernel thread only
 * gets a warning, since a kernel fault is an oops, not a signal.
 */
void force_sig_fault(int sig, unsigned long addr);

/* The signal a user-mode CPU exception raises; 0 if it is not the
 * process's doing (NMI, double fault, machine check). */
int sig_for_vector(unsigned long vector);

/* Does @sig end a process that has no handler (its default action)? */
bool sig_kernel_fatal(int sig);
/* Is @sig one whose default action stops the process? */
bool sig_kernel_stop(int sig);

/* Linux's name for @sig ("SIGSEGV"), or "SIG?" when unknown. */
const char *signal_name(int sig);

/* Deliver @sig to @t as kill() does; 0 or -errno. */
int send_sig(int sig, struct task_struct *t);

static inline bool
fatal_signal_pending(struct task_struct *t)
{
	return READ_ONCE(t->pending_sig) != 0;
}

/* entry.S, on every return to user mode, interrupts off. */
void exit_to_user_mode(struct pt_regs *regs);

#endif
