/*
 * execve(59) and kernel_execve(): replace the current process's
 * program with a static ELF64 executable.
 *
 * Order, so that a failure leaves the caller's process untouched:
 *  1. copy the path, argv and envp strings into a kernel buffer (from
 *     user space with strncpy_from_user; -E2BIG past EXEC_ARG_MAX);
 *  2. open the file and check it completely (binfmt_elf.c);
 *  3. build a fresh mm and switch to it (exec_mmap), keeping the old
 *     one: map the segments, the 8 MiB stack and the initial stack;
 *  4. on success drop the old mm and reset the per-program state (FPU,
 *     FS base, close-on-exec files, comm); on failure switch back to
 *     the old mm, drop the new one and return the error.
 * pinos processes have one thread, so nothing else can be using the
 * old mm while we are away from it.
 *
 * The initial stack is Linux's (what user/lib/crt0.S reads), from the
 * top down: an 8-byte zero end marker, the argv then envp strings, 16
 * random bytes (AT_RANDOM), then, 16-byte aligned at the final rsp:
 * argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs, AT_NULL.
 */
#include "internal.h"
#include <syscalls.h>
#include <uaccess.h>
#include <fdtable.h>
#include <mman.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <uapi/fcntl.h>

/* Strings plus their pointers (Linux's limit is 1/4 of the stack). */
#define EXEC_ARG_MAX	(32 * PAGE_SIZE)
#define NR_AUXV		7	/* pairs written below, AT_NULL included */

/* argv then envp strings, each NUL-terminated, packed in buf. */
struct exec_args {
	char *buf;
	size_t len;
	int argc, envc;
};

/* Bytes still free for one more string and its pointer. */
static long
args_room(const struct exec_args *a)
{
	return (long)EXEC_ARG_MAX - (long)a->len -
	       8L * (a->argc + a->envc + 1);
}

static int
args_add(struct exec_args *a, const char *s, bool user)
{
	long room = args_room(a), n;

	if (room <= 0)
		return -E2BIG;
	if (user) {
		n = strncpy_from_user(a->buf + a->len, s, room);
	} else {
		n = strnlen(s, room);
		if (n < room)
			memcpy(a->buf + a->len, s, n + 1);
		else
			n = -ENAMETOOLONG;
	}
	if (n == -ENAMETOOLONG)
		return -E2BIG;
	if (n < 0)
		return n;
	a->len += n + 1;
	return 0;
}

/* Copy a NULL-terminated vector of strings; a NULL vector is empty. */
static int
args_add_vec(struct exec_args *a, const char *const *vec, bool user,
	     int *count)
{
	for (int i = 0; vec; i++) {
		const char *s;
		u64 p;
		int err;

		if (!user)
			s = vec[i];
		else if (get_user_u64(&p, &vec[i]))
			return -EFAULT;
		else
			s = (const char *)p;
		if (!s)
			return 0;
		err = args_add(a, s, user);
		if (err)
			return err;
		(*count)++;
	}
	return 0;
}

static int
args_copy(struct exec_args *a, const char *const *argv,
	  const char *const *envp, bool user)
{
	int err;

	a->buf = kmalloc(EXEC_ARG_MAX, GFP_KERNEL);
	if (!a->buf)
		return -ENOMEM;
	err = args_add_vec(a, argv, user, &a->argc);
	if (!err)
		err = args_add_vec(a, envp, user, &a->envc);
	return err;
}

/* Not cryptographic: TSC-seeded splitmix64, for AT_RANDOM only. */
static u64
weak_random(void)
{
	static u64 state;
	u64 z = __atomic_add_fetch(&state, rdtsc() | 1, __ATOMIC_RELAXED);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static int
push_word(unsigned long *sp, u64 v)
{
	int err = put_user_u64(v, (void *)*sp);

	*sp += 8;
	return err;
}

/* Pointers to the @n strings starting at user address @str, then NULL. */
static int
push_string_ptrs(unsigned long *sp, const char **kstr, unsigned long *ustr,
		 int n)
{
	int err = 0;

	for (int i = 0; i < n && !err; i++) {
		size_t len = strlen(*kstr) + 1;

		err = push_word(sp, *ustr);
		*kstr += len;
		*ustr += len;
	}
	return err ? err : push_word(sp, 0);
}

static int
push_auxv(unsigned long *sp, struct binprm *b, unsigned long random)
{
	const u64 aux[NR_AUXV][2] = {
		{ AT_PHDR, b->phdr_addr },
		{ AT_PHENT, sizeof(Elf64_Phdr) },
		{ AT_PHNUM, b->eh.e_phnum },
		{ AT_PAGESZ, PAGE_SIZE },
		{ AT_ENTRY, b->eh.e_entry },
		{ AT_RANDOM, random },
		{ AT_NULL, 0 },
	};
	int err = 0;

	for (int i = 0; i < NR_AUXV && !err; i++) {
		err = push_word(sp, aux[i][0]);
		if (!err)
			err = push_word(sp, aux[i][1]);
	}
	return err;
}

/* Build the initial stack in current->mm; returns the user rsp in *rsp. */
static int
setup_stack(struct binprm *b, struct exec_args *a, unsigned long *rsp)
{
	struct mm_struct *mm = current->mm;
	unsigned long str = STACK_TOP - 8 - a->len, random = str - 16;
	unsigned long nwords = 1 + a->argc + 1 + a->envc + 1 + 2 * NR_AUXV;
	unsigned long sp = ALIGN_DOWN(random - 8 * nwords, 16);
	u64 rnd[2] = { weak_random(), weak_random() };
	const char *k = a->buf;
	unsigned long u = str;
	int err;

	if (copy_to_user((void *)str, a->buf, a->len) ||
	    copy_to_user((void *)random, rnd, sizeof(rnd)))
		return -EFAULT;
	*rsp = sp;
	mm->start_stack = sp;
	mm->arg_start = str;
	err = push_word(&sp, a->argc);
	if (!err)
		err = push_string_ptrs(&sp, &k, &u, a->argc);
	mm->arg_end = mm->env_start = u;
	if (!err)
		err = push_string_ptrs(&sp, &k, &u, a->envc);
	mm->env_end = u;
	return err ? err : push_auxv(&sp, b, random);
}

static int
map_stack(void)
{
	long r = vm_mmap(NULL, STACK_TOP - STACK_SIZE, STACK_SIZE,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);

	return IS_ERR_VALUE(r) ? (int)r : 0;
}

/* Fill the new (current) mm: segments, brk, stack. */
static int
load_program(struct binprm *b, struct exec_args *a, unsigned long *rsp)
{
	struct mm_struct *mm = current->mm;
	int err = elf_map_segments(b);

	if (!err)
		err = map_stack();
	if (err)
		return err;
	mm->start_code = b->start_code;
	mm->end_code = b->end_code;
	mm->start_data = b->start_data;
	mm->end_data = b->end_data;
	mm->start_brk = mm->brk = b->brk;
	return setup_stack(b, a, rsp);
}

struct mm_struct *
exec_mmap(struct mm_struct *mm)
{
	struct mm_struct *old = current->mm;

	if (old)
		kthread_unuse_mm(old);
	if (mm)
		kthread_use_mm(mm);
	return old;
}

void
start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = ip;
	regs->rsp = sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags = X86_EFLAGS_IF | 0x2;	/* bit 1 is always set */
}

/* Point of no return passed: the new program's registers and state. */
static void
start_program(struct binprm *b, unsigned long rsp, const char *path,
	      struct pt_regs *regs)
{
	const char *base = strrchr(path, '/');
	struct task_struct *t = current;

	strlcpy(t->comm, base ? base + 1 : path, sizeof(t->comm));
	fpu_init_current();	/* cannot fail: exec_binprm made one */
	set_current_fsbase(0);
	if (t->files)
		do_close_on_exec(t->files);
	t->flags &= ~PF_KTHREAD;
	start_thread(regs, b->eh.e_entry, rsp);
}

static int
exec_binprm(struct binprm *b, struct exec_args *a, const char *path,
	    struct pt_regs *regs)
{
	struct mm_struct *mm, *old;
	unsigned long rsp;
	int err;

	if (!current->fpu && fpu_init_current())
		return -ENOMEM;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	old = exec_mmap(mm);
	err = load_program(b, a, &rsp);
	if (err) {
		exec_mmap(old);
		mmput(mm);
		return err;
	}
	if (old)
		mmput(old);
	start_program(b, rsp, path, regs);
	return 0;
}

/* Open @path and check it: a regular file with an execute bit. */
static int
open_binprm(struct binprm *b, const char *path)
{
	struct inode *inode;

	b->file = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(b->file)) {
		int err = PTR_ERR(b->file);

		b->file = NULL;
		return err;
	}
	inode = b->file->f_inode;
	if (!S_ISREG(inode->i_mode) || !(inode->i_mode & 0111))
		return -EACCES;
	b->size = i_size_read(inode);
	return elf_read_headers(b);
}

static int
do_execve(const char *path, const char *const *argv,
	  const char *const *envp, bool user, struct pt_regs *regs)
{
	struct exec_args a = { 0 };
	struct binprm b = { 0 };
	int err;

	err = args_copy(&a, argv, envp, user);
	if (!err)
		err = open_binprm(&b, path);
	if (!err)
		err = exec_binprm(&b, &a, path, regs);
	if (b.file)
		fput(b.file);
	kfree(b.ph);
	kfree(a.buf);
	return err;
}

int
kernel_execve(const char *path, const char *const argv[],
	      const char *const envp[], struct pt_regs *regs)
{
	return do_execve(path, argv, envp, false, regs);
}

/*
 * The new program's registers replace the syscall frame, so the
 * return to user mode enters it; do_syscall() stores the 0 we return
 * in rax, which the new program ignores.
 */
SYSCALL_DEFINE(execve, __NR_execve)(long upath, long uargv, long uenvp,
				    long a3, long a4, long a5)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long err;

	if (!path)
		return -ENOMEM;
	err = strncpy_from_user(path, (const char *)upath, PATH_MAX);
	if (err >= 0)
		err = do_execve(path, (const char *const *)uargv,
				(const char *const *)uenvp, true,
				current_pt_regs());
	kfree(path);
	return err;
}
