/*
 * Tests for processes (kernel/proc): wait-status encoding, ELF
 * validation, and real user processes end to end.
 *
 * The user programs are a few hand-assembled instructions (the bytes
 * below, with their source as comments), so the tests need no libc:
 * hand_setup() maps them at CODE_VA (read/execute) with one read-write
 * page at DATA_VA that doubles as the stack, sets the argument
 * registers, and the process enters ring 3 through ret_to_user. They
 * prove SYSCALL entry, exit, wait4, fork with copy-on-write, fatal
 * signals, kill, FPU and FS-base switching, and exec (kernel_execve
 * and execve from user mode) of ELF files written to /tmp.
 *
 * Every case reaps what it started; the exit hook kills and reaps any
 * child a failed assertion left behind.
 */
#include <kunit.h>
#include <process.h>
#include <signal.h>
#include <elf.h>
#include <mman.h>
#include <fs.h>
#include <gfp.h>
#include <slab.h>
#include <time.h>
#include <uaccess.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/time.h>

long sys_kill(long pid, long sig, long a2, long a3, long a4, long a5);
size_t log_read(char *buf, size_t len);

#define CODE_VA 0x400000UL
#define DATA_VA 0x600000UL
#define USER_LIMIT (USER_STACK_TOP - USER_STACK_SIZE)

/* ---- The user programs (source in the comments) ---- */

static const u8 exit42_code[] = {
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0xbf, 0x2a, 0x00, 0x00, 0x00,           /* mov $42, %edi */
	0x0f, 0x05,                             /* syscall */
};

static const u8 nullderef_code[] = {
	/* mov 0x0, %rax */
	0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x00, 0x00,
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0xbf, 0x01, 0x00, 0x00, 0x00,           /* mov $1, %edi */
	0x0f, 0x05,                             /* syscall */
};

static const u8 ud_code[] = {
	0x0f, 0x0b,                             /* ud2 */
};

static const u8 spin_code[] = {
	0xeb, 0xfe,                             /* jmp spin */
};

static const u8 forkcow_code[] = {
	0xc7, 0x03, 0x05, 0x00, 0x00, 0x00,     /* movl $5, (%rbx) */
	0xb8, 0x39, 0x00, 0x00, 0x00,           /* mov $57, %eax */
	0x0f, 0x05,                             /* syscall */
	0x85, 0xc0,                             /* test %eax, %eax */
	0x75, 0x12,                             /* jnz 1f */
	0xc7, 0x03, 0x64, 0x00, 0x00, 0x00,     /* movl $100, (%rbx) */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0xbf, 0x07, 0x00, 0x00, 0x00,           /* mov $7, %edi */
	0x0f, 0x05,                             /* syscall */
	0x41, 0x89, 0xc4,                       /* 1: mov %eax, %r12d */
	0xb8, 0x3d, 0x00, 0x00, 0x00,           /* mov $61, %eax */
	/* mov $-1, %rdi */
	0x48, 0xc7, 0xc7, 0xff, 0xff, 0xff, 0xff,
	0x48, 0x8d, 0x73, 0x08,                 /* lea 8(%rbx), %rsi */
	0x31, 0xd2,                             /* xor %edx, %edx */
	0x45, 0x31, 0xd2,                       /* xor %r10d, %r10d */
	0x0f, 0x05,                             /* syscall */
	0x41, 0x39, 0xc4,                       /* cmp %eax, %r12d */
	0x75, 0x0f,                             /* jne 2f */
	0x8b, 0x7b, 0x08,                       /* mov 8(%rbx), %edi */
	0xc1, 0xef, 0x08,                       /* shr $8, %edi */
	0x03, 0x3b,                             /* add (%rbx), %edi */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0x0f, 0x05,                             /* syscall */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* 2: mov $60, %eax */
	0xbf, 0x63, 0x00, 0x00, 0x00,           /* mov $99, %edi */
	0x0f, 0x05,                             /* syscall */
};

static const u8 fpufs_code[] = {
	0x49, 0x89, 0xfc,                       /* mov %rdi, %r12 */
	0x4c, 0x8d, 0x2c, 0xfe,                 /* lea (%rsi,%rdi,8), %r13 */
	0x49, 0x89, 0x7d, 0x00,                 /* mov %rdi, (%r13) */
	0xb8, 0x9e, 0x00, 0x00, 0x00,           /* mov $158, %eax */
	0xbf, 0x02, 0x10, 0x00, 0x00,           /* mov $0x1002, %edi */
	0x4c, 0x89, 0xee,                       /* mov %r13, %rsi */
	0x0f, 0x05,                             /* syscall */
	0x66, 0x49, 0x0f, 0x6e, 0xc4,           /* movq %r12, %xmm0 */
	0xbb, 0x2c, 0x01, 0x00, 0x00,           /* mov $300, %ebx */
	0xb8, 0x18, 0x00, 0x00, 0x00,           /* 3: mov $24, %eax */
	0x0f, 0x05,                             /* syscall */
	0x66, 0x48, 0x0f, 0x7e, 0xc0,           /* movq %xmm0, %rax */
	0x49, 0x39, 0xc4,                       /* cmp %rax, %r12 */
	0x75, 0x1b,                             /* jne 4f */
	/* mov %fs:0, %rax */
	0x64, 0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x00, 0x00,
	0x49, 0x39, 0xc4,                       /* cmp %rax, %r12 */
	0x75, 0x0d,                             /* jne 4f */
	0xff, 0xcb,                             /* dec %ebx */
	0x75, 0xdd,                             /* jnz 3b */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0x31, 0xff,                             /* xor %edi, %edi */
	0x0f, 0x05,                             /* syscall */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* 4: mov $60, %eax */
	0xbf, 0x01, 0x00, 0x00, 0x00,           /* mov $1, %edi */
	0x0f, 0x05,                             /* syscall */
};

static const u8 execprog_code[] = {
	0xb8, 0x3b, 0x00, 0x00, 0x00,           /* mov $59, %eax */
	0x0f, 0x05,                             /* syscall */
	0x89, 0xc7,                             /* mov %eax, %edi */
	0xf7, 0xdf,                             /* neg %edi */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0x0f, 0x05,                             /* syscall */
};

static const u8 sleeper_code[] = {
	0xb8, 0x23, 0x00, 0x00, 0x00,           /* mov $35, %eax */
	0x31, 0xf6,                             /* xor %esi, %esi */
	0x0f, 0x05,                             /* syscall */
	0x8d, 0x78, 0x03,                       /* lea 3(%rax), %edi */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0x0f, 0x05,                             /* syscall */
};

static const u8 elfprog_code[] = {
	0x49, 0x89, 0xe0,                       /* mov %rsp, %r8 */
	0x41, 0x83, 0xe0, 0x0f,                 /* and $15, %r8d */
	0x48, 0x8b, 0x3c, 0x24,                 /* mov (%rsp), %rdi */
	0x48, 0x8b, 0x44, 0x24, 0x10,           /* mov 16(%rsp), %rax */
	0x0f, 0xb6, 0x00,                       /* movzbl (%rax), %eax */
	0x01, 0xc7,                             /* add %eax, %edi */
	/* add 0x401200, %edi */
	0x03, 0x3c, 0x25, 0x00, 0x12, 0x40, 0x00,
	/* add 0x402800, %edi */
	0x03, 0x3c, 0x25, 0x00, 0x28, 0x40, 0x00,
	/* movl $1, 0x402800 */
	0xc7, 0x04, 0x25, 0x00, 0x28, 0x40, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x44, 0x01, 0xc7,                       /* add %r8d, %edi */
	0x48, 0x8b, 0x0c, 0x24,                 /* mov (%rsp), %rcx */
	0x48, 0x8d, 0x74, 0xcc, 0x10,           /* lea 16(%rsp,%rcx,8), %rsi */
	0x48, 0x8b, 0x06,                       /* 1: mov (%rsi), %rax */
	0x48, 0x83, 0xc6, 0x08,                 /* add $8, %rsi */
	0x48, 0x85, 0xc0,                       /* test %rax, %rax */
	0x75, 0xf4,                             /* jnz 1b */
	0x48, 0x8b, 0x06,                       /* 2: mov (%rsi), %rax */
	0x48, 0x85, 0xc0,                       /* test %rax, %rax */
	0x74, 0x19,                             /* jz 4f */
	0x48, 0x83, 0xf8, 0x09,                 /* cmp $9, %rax */
	0x74, 0x06,                             /* je 3f */
	0x48, 0x83, 0xc6, 0x10,                 /* add $16, %rsi */
	0xeb, 0xec,                             /* jmp 2b */
	/* 3: lea elfprog(%rip), %rax */
	0x48, 0x8d, 0x05, 0x9f, 0xff, 0xff, 0xff,
	0x48, 0x3b, 0x46, 0x08,                 /* cmp 8(%rsi), %rax */
	0x74, 0x03,                             /* je 5f */
	0x83, 0xc7, 0x64,                       /* 4: add $100, %edi */
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* 5: mov $60, %eax */
	0x0f, 0x05,                             /* syscall */
};

static const u8 exitrdi_code[] = {
	0xb8, 0x3c, 0x00, 0x00, 0x00,           /* mov $60, %eax */
	0x0f, 0x05,                             /* syscall */
};


/* ---- Running hand-assembled programs ---- */

struct hand_prog {
	const u8 *code;
	size_t len;
	const void *data;	/* copied to DATA_VA; may be NULL */
	size_t data_len;
	unsigned long rdi, rsi, rbx;
};

#define HAND(c) .code = c##_code, .len = sizeof(c##_code)

static long
map_anon(unsigned long va)
{
	return vm_mmap(NULL, va, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
}

/* In the new process: build its mm from @arg, a struct hand_prog. */
static int
hand_setup(void *arg, struct pt_regs *regs)
{
	const struct hand_prog *hp = arg;
	struct mm_struct *mm = mm_alloc();
	long r;

	if (!mm)
		return -ENOMEM;
	exec_mmap(mm);
	r = map_anon(CODE_VA);
	if (!IS_ERR_VALUE(r))
		r = map_anon(DATA_VA);
	if (IS_ERR_VALUE(r))
		return r;
	if (copy_to_user((void *)CODE_VA, hp->code, hp->len) ||
	    (hp->data &&
	     copy_to_user((void *)DATA_VA, hp->data, hp->data_len)))
		return -EFAULT;
	down_write(&mm->mmap_lock);
	r = do_mprotect(mm, CODE_VA, PAGE_SIZE, PROT_READ | PROT_EXEC);
	up_write(&mm->mmap_lock);
	if (r)
		return r;
	start_thread(regs, CODE_VA, DATA_VA + PAGE_SIZE);
	regs->rdi = hp->rdi;
	regs->rsi = hp->rsi;
	regs->rbx = hp->rbx;
	return 0;
}

static pid_t
start_prog(const struct hand_prog *hp)
{
	return user_process_create(hand_setup, (void *)hp, "proc_test");
}

/* Run to completion: the wait status, or -errno. */
static int
run_prog(const struct hand_prog *hp)
{
	int status;
	pid_t pid = start_prog(hp);

	if (pid < 0)
		return pid;
	if (kernel_wait4(pid, &status, 0) != pid)
		return -ECHILD;
	return status;
}

/* Kill and reap whatever a failed case left behind. */
static void
proc_test_exit(struct kunit *test)
{
	struct task_struct *c, *kids[16];
	int n = 0;

	if (!current->children.next)
		return;
	spin_lock(&tasklist_lock);
	list_for_each_entry(c, &current->children, sibling)
		if (n < 16)
			kids[n++] = c;
	spin_unlock(&tasklist_lock);
	for (int i = 0; i < n; i++)
		send_sig(SIGKILL, kids[i]);
	while (kernel_wait4(-1, NULL, 0) > 0)
		;
}

/* ---- Wait status words ---- */

static void
proc_wait_status_encoding(struct kunit *test)
{
	int st = wait_status_exited(42);

	KUNIT_EXPECT_EQ(test, st, 0x2a00);
	KUNIT_EXPECT_TRUE(test, wstatus_exited(st));
	KUNIT_EXPECT_FALSE(test, wstatus_signaled(st));
	KUNIT_EXPECT_EQ(test, wstatus_exitcode(st), 42);
	/* Only the low 8 bits of an exit code survive, as in Linux. */
	KUNIT_EXPECT_EQ(test, wait_status_exited(256 + 3), 0x300);
	KUNIT_EXPECT_EQ(test, wait_status_exited(-1), 0xff00);
	st = wait_status_signaled(SIGSEGV);
	KUNIT_EXPECT_EQ(test, st, 11);
	KUNIT_EXPECT_TRUE(test, wstatus_signaled(st));
	KUNIT_EXPECT_FALSE(test, wstatus_exited(st));
	KUNIT_EXPECT_EQ(test, wstatus_termsig(st), SIGSEGV);
	st = wait_status_stopped(SIGSTOP);
	KUNIT_EXPECT_EQ(test, st, 0x137f);
	KUNIT_EXPECT_FALSE(test, wstatus_signaled(st));
	KUNIT_EXPECT_FALSE(test, wstatus_exited(st));
	KUNIT_EXPECT_FALSE(test, wstatus_signaled(WAIT_STATUS_CONTINUED));
	KUNIT_EXPECT_FALSE(test, wstatus_exited(WAIT_STATUS_CONTINUED));
}

/* ---- ELF validation ---- */

/* A two-segment static executable: text+headers, then data + bss. */
struct test_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	u8 code[sizeof(elfprog_code)];
	u8 pad[0x200 - 64 - 2 * 56 - sizeof(elfprog_code)];
	u64 data;			/* file 0x200 -> 0x401200 */
};
static_assert(offsetof(struct test_elf, data) == 0x200, "test ELF layout");

static void
build_elf(struct test_elf *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, "\177ELF", 4);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_ident[EI_VERSION] = EV_CURRENT;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_X86_64;
	e->eh.e_version = EV_CURRENT;
	e->eh.e_entry = 0x400000 + offsetof(struct test_elf, code);
	e->eh.e_phoff = offsetof(struct test_elf, ph);
	e->eh.e_ehsize = sizeof(Elf64_Ehdr);
	e->eh.e_phentsize = sizeof(Elf64_Phdr);
	e->eh.e_phnum = 2;
	e->ph[0] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_X, 0, 0x400000, 0x400000,
				 offsetof(struct test_elf, pad),
				 offsetof(struct test_elf, pad), 0x1000 };
	e->ph[1] = (Elf64_Phdr){ PT_LOAD, PF_R | PF_W, 0x200, 0x401200,
				 0x401200, 8, 0x2000, 0x1000 };
	memcpy(e->code, elfprog_code, sizeof(elfprog_code));
	e->data = 16;
}

static int
check_elf(const struct test_elf *e, loff_t size)
{
	int err = elf_check_header(&e->eh, size);

	if (err)
		return err;
	return elf_check_phdrs(&e->eh,
			       (const void *)((const u8 *)e + e->eh.e_phoff),
			       size, USER_LIMIT);
}

struct elf_corruption {
	const char *what;
	void (*corrupt)(struct test_elf *e, loff_t *size);
};

#define CORRUPT(name, stmt)                                            \
	static void corrupt_##name(struct test_elf *e, loff_t *size)   \
	{                                                              \
		stmt;                                                  \
	}
CORRUPT(magic, e->eh.e_ident[1] = 'X')
CORRUPT(class32, e->eh.e_ident[EI_CLASS] = 1)
CORRUPT(bigendian, e->eh.e_ident[EI_DATA] = 2)
CORRUPT(version, e->eh.e_version = 0)
CORRUPT(dyn, e->eh.e_type = ET_DYN)
CORRUPT(i386, e->eh.e_machine = 3)
CORRUPT(phentsize, e->eh.e_phentsize = 32)
CORRUPT(phnum0, e->eh.e_phnum = 0)
CORRUPT(phnum_huge, e->eh.e_phnum = 1000)
CORRUPT(phoff_past_eof, e->eh.e_phoff = *size)
CORRUPT(phoff_overrun, e->eh.e_phoff = *size - 60)
CORRUPT(phoff_wrap, e->eh.e_phoff = ~0UL - 8)
CORRUPT(truncated_header, *size = 40)
CORRUPT(truncated_phdrs, *size = 100)
CORRUPT(filesz_gt_memsz, e->ph[1].p_memsz = 4)
CORRUPT(data_past_eof, e->ph[1].p_offset = *size - 4)
CORRUPT(offset_wrap, e->ph[1].p_offset = ~0UL - 2)
CORRUPT(kernel_vaddr, e->ph[1].p_vaddr = 0xffffffff80000000UL)
CORRUPT(vaddr_wrap, e->ph[1].p_memsz = ~0UL - 0x1000)
CORRUPT(stack_overlap, e->ph[1].p_vaddr = USER_LIMIT - 0x1000)
CORRUPT(low_vaddr, e->ph[0].p_vaddr = 0x1000; e->eh.e_entry -= 0x3ff000)
CORRUPT(overlap, e->ph[1].p_vaddr = 0x400100)
CORRUPT(descending, e->ph[0].p_vaddr = 0x500000; e->eh.e_entry += 0x100000)
CORRUPT(entry_in_data, e->eh.e_entry = 0x401200)
CORRUPT(entry_nowhere, e->eh.e_entry = 0x900000)
CORRUPT(interp, e->ph[1].p_type = PT_INTERP)
CORRUPT(no_load, e->ph[0].p_type = e->ph[1].p_type = PT_NULL)

#define C(name) { #name, corrupt_##name }
static const struct elf_corruption elf_corruptions[] = {
	C(magic), C(class32), C(bigendian), C(version), C(dyn), C(i386),
	C(phentsize), C(phnum0), C(phnum_huge), C(phoff_past_eof),
	C(phoff_overrun), C(phoff_wrap), C(truncated_header),
	C(truncated_phdrs), C(filesz_gt_memsz), C(data_past_eof),
	C(offset_wrap), C(kernel_vaddr), C(vaddr_wrap), C(stack_overlap),
	C(low_vaddr), C(overlap), C(descending), C(entry_in_data),
	C(entry_nowhere), C(interp), C(no_load),
};

static void
proc_elf_checks_reject_corruption(struct kunit *test)
{
	struct test_elf *e = kmalloc(sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	build_elf(e);
	KUNIT_EXPECT_EQ(test, check_elf(e, sizeof(*e)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(elf_corruptions); i++) {
		loff_t size = sizeof(*e);
		int err;

		build_elf(e);
		elf_corruptions[i].corrupt(e, &size);
		err = check_elf(e, size);
		if (err != -ENOEXEC)
			kunit_fail(test, __FILE__, __LINE__,
				   "%s: got %d, want -ENOEXEC",
				   elf_corruptions[i].what, err);
	}
	kfree(e);
}

/* ---- Processes ---- */

/* Ring 3, SYSCALL, exit and wait4 end to end. */
static void
proc_user_exit_status(struct kunit *test)
{
	static const struct hand_prog p = { HAND(exit42) };
	int st = run_prog(&p);

	KUNIT_EXPECT_EQ(test, st, 42 << 8);
	KUNIT_EXPECT_TRUE(test, wstatus_exited(st));
}

/* Each pid names its own process: wait4(pid) gets that one's status. */
static void
proc_pids_unique(struct kunit *test)
{
	static struct hand_prog p[6];
	pid_t pid[6];
	int st;

	for (int i = 0; i < 6; i++) {
		p[i] = (struct hand_prog){ HAND(exitrdi), .rdi = 10 + i };
		pid[i] = start_prog(&p[i]);
		KUNIT_EXPECT_GT(test, pid[i], 0);
		for (int j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, pid[i], pid[j]);
	}
	for (int i = 5; i >= 0; i--) {
		KUNIT_EXPECT_EQ(test, kernel_wait4(pid[i], &st, 0), pid[i]);
		KUNIT_EXPECT_EQ(test, st, (10 + i) << 8);
		spin_lock(&tasklist_lock);
		KUNIT_EXPECT_NULL(test, find_process_by_pid(pid[i]));
		spin_unlock(&tasklist_lock);
	}
	KUNIT_EXPECT_EQ(test, kernel_wait4(-1, &st, 0), -ECHILD);
}

static bool
log_contains(const char *needle)
{
	char *buf = kmalloc(4096, GFP_KERNEL);
	size_t n;
	bool found;

	if (!buf)
		return false;
	n = log_read(buf, 4095);
	buf[n] = '\0';
	found = strstr(buf, needle) != NULL;
	kfree(buf);
	return found;
}

/*
 * A NULL dereference in ring 3 kills only the process, with SIGSEGV,
 * and reaping returns every page. Slab caches keep pages around, so
 * one warm-up run comes first, and each measurement spans LEAK_RUNS
 * runs so that even a leaked 256-byte object per run costs a whole
 * page. A leak loses pages on every attempt; unrelated allocations
 * (another thread's) may disturb one, so one exact attempt in three
 * passes.
 */
#define LEAK_RUNS 16

static void
proc_null_deref_sigsegv_no_leak(struct kunit *test)
{
	static const struct hand_prog p = { HAND(nullderef) };
	long delta = 0;

	KUNIT_ASSERT_EQ(test, run_prog(&p), SIGSEGV);
	KUNIT_EXPECT_TRUE(test, log_contains("killed by SIGSEGV at 0x0 (ip "
					     "0x400000)"));
	for (int i = 0; i < 3; i++) {
		unsigned long before = nr_free_pages();

		for (int j = 0; j < LEAK_RUNS; j++)
			KUNIT_EXPECT_EQ(test, run_prog(&p), SIGSEGV);
		delta = (long)nr_free_pages() - (long)before;
		if (delta == 0)
			break;
		kunit_info(test, "attempt %d: free pages changed by %ld", i,
			   delta);
	}
	KUNIT_EXPECT_EQ(test, delta, 0);
}

static void
proc_user_exceptions_signal(struct kunit *test)
{
	static const struct hand_prog ud = { HAND(ud) };
	int st = run_prog(&ud);

	KUNIT_EXPECT_TRUE(test, wstatus_signaled(st));
	KUNIT_EXPECT_EQ(test, wstatus_termsig(st), SIGILL);
	KUNIT_EXPECT_TRUE(test, log_contains("killed by SIGILL"));
}

/*
 * fork: the child sees 0 and exits 7 after writing 100 to a page the
 * parent had set to 5; the parent checks wait4's pid and exits with
 * WEXITSTATUS + its own value: 12 only if the copy was private.
 */
static void
proc_fork_cow_wait(struct kunit *test)
{
	static const struct hand_prog p = { HAND(forkcow), .rbx = DATA_VA };

	KUNIT_EXPECT_EQ(test, run_prog(&p), 12 << 8);
}

/* Two processes keep their own xmm0 and FS base across 300 yields. */
static void
proc_fpu_and_fsbase_switched(struct kunit *test)
{
	static const struct hand_prog a = { HAND(fpufs), .rdi = 1,
					    .rsi = DATA_VA };
	static const struct hand_prog b = { HAND(fpufs), .rdi = 2,
					    .rsi = DATA_VA };
	pid_t pa = start_prog(&a), pb = start_prog(&b);
	int sa = -1, sb = -1;

	KUNIT_ASSERT_GT(test, pa, 0);
	KUNIT_ASSERT_GT(test, pb, 0);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pa, &sa, 0), pa);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pb, &sb, 0), pb);
	KUNIT_EXPECT_EQ(test, sa, 0);
	KUNIT_EXPECT_EQ(test, sb, 0);
}

/* WNOHANG, ignored signals, SIGKILL on a running process, -ECHILD. */
static void
proc_kill_and_wait_options(struct kunit *test)
{
	static const struct hand_prog p = { HAND(spin) };
	pid_t pid = start_prog(&p);
	int st = -1;

	KUNIT_ASSERT_GT(test, pid, 0);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WNOHANG), 0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGCHLD, 0, 0, 0, 0), 0);
	msleep(30);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WNOHANG), 0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, 65, 0, 0, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, 0, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGKILL, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, 0), pid);
	KUNIT_EXPECT_EQ(test, st, SIGKILL);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGKILL, 0, 0, 0, 0), -ESRCH);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, 0), -ECHILD);
	KUNIT_EXPECT_EQ(test, kernel_wait4(-1, &st, 0x40), -EINVAL);
}

/*
 * Job control: SIGSTOP is reported once to WUNTRACED, SIGCONT once to
 * WCONTINUED; a SIGTERM sent while stopped waits for the SIGCONT.
 */
static void
proc_job_control(struct kunit *test)
{
	static const struct hand_prog p = { HAND(spin) };
	pid_t pid = start_prog(&p);
	int st = -1;

	KUNIT_ASSERT_GT(test, pid, 0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGSTOP, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WUNTRACED), pid);
	KUNIT_EXPECT_EQ(test, st, 0x137f);	/* WIFSTOPPED, SIGSTOP */
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WUNTRACED | WNOHANG),
			0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGTERM, 0, 0, 0, 0), 0);
	msleep(30);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WNOHANG), 0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGCONT, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WCONTINUED), pid);
	KUNIT_EXPECT_EQ(test, st, 0xffff);	/* WIFCONTINUED */
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, 0), pid);
	KUNIT_EXPECT_EQ(test, st, SIGTERM);
}

/* nanosleep sleeps its time; kill() ends a sleep of 1000 s at once. */
static void
proc_nanosleep_and_kill_sleeper(struct kunit *test)
{
	static const struct linux_timespec short_ts = { 0, 50000000 };
	static const struct linux_timespec long_ts = { 1000, 0 };
	static const struct hand_prog s = { HAND(sleeper), .rdi = DATA_VA,
					    .data = &short_ts,
					    .data_len = sizeof(short_ts) };
	static const struct hand_prog l = { HAND(sleeper), .rdi = DATA_VA,
					    .data = &long_ts,
					    .data_len = sizeof(long_ts) };
	u64 t0 = ktime_get_ns();
	pid_t pid;
	int st = -1;

	KUNIT_EXPECT_EQ(test, run_prog(&s), 3 << 8);
	KUNIT_EXPECT_GE(test, ktime_get_ns() - t0, 50000000UL);
	pid = start_prog(&l);
	KUNIT_ASSERT_GT(test, pid, 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, WNOHANG), 0);
	KUNIT_EXPECT_EQ(test, sys_kill(pid, SIGTERM, 0, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, kernel_wait4(pid, &st, 0), pid);
	KUNIT_EXPECT_EQ(test, st, SIGTERM);
}

/*
 * CLOCK_REALTIME comes from the RTC: QEMU's holds the host's date, so
 * it is well past 2020 (1.6e9 s), and REALTIME - MONOTONIC is fixed.
 */
static void
proc_clock_realtime(struct kunit *test)
{
	s64 off1 = ktime_get_real_ns() - ktime_get_ns(), off2;

	msleep(20);
	off2 = ktime_get_real_ns() - ktime_get_ns();
	KUNIT_EXPECT_GT(test, ktime_get_real_seconds(), 1600000000L);
	KUNIT_EXPECT_LT(test, off2 - off1, 1000000L);
	KUNIT_EXPECT_GT(test, off2 - off1, -1000000L);
}

/* ---- exec ---- */

static int
write_file(const char *path, const void *buf, size_t len, mode_t mode)
{
	struct file *f = filp_open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, buf, len, &pos);
	fput(f);
	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

#define ELF_GOOD	"/tmp/proc_test_good"
#define ELF_TRUNC	"/tmp/proc_test_trunc"
#define ELF_NOEXEC	"/tmp/proc_test_noexec"
#define ELF_MAGIC	"/tmp/proc_test_magic"

/* The test files: good, truncated in the phdrs, not executable, and
 * with a broken magic number. */
static void
write_test_files(struct kunit *test)
{
	struct test_elf *e = kmalloc(sizeof(*e), GFP_KERNEL);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, e);
	build_elf(e);
	err = write_file(ELF_GOOD, e, sizeof(*e), 0755);
	if (err) {
		kfree(e);
		kunit_skip(test, "cannot write " ELF_GOOD ": %d", err);
	}
	KUNIT_EXPECT_EQ(test, write_file(ELF_TRUNC, e, 100, 0755), 0);
	KUNIT_EXPECT_EQ(test, write_file(ELF_NOEXEC, e, sizeof(*e), 0644), 0);
	e->eh.e_ident[0] = 0;
	KUNIT_EXPECT_EQ(test, write_file(ELF_MAGIC, e, sizeof(*e), 0755), 0);
	kfree(e);
}

struct exec_req {
	const char *path;
	const char *const *argv;
	int err;
};

static int
exec_setup(void *arg, struct pt_regs *regs)
{
	struct exec_req *r = arg;

	r->err = kernel_execve(r->path, r->argv, NULL, regs);
	return r->err;
}

/* Exec @path in a new process; its wait status, r->err set. */
static int
run_exec(struct exec_req *r)
{
	int status = -1;
	pid_t pid = user_process_create(exec_setup, r, "proc_exec");

	if (pid < 0)
		return pid;
	if (kernel_wait4(pid, &status, 0) != pid)
		return -ECHILD;
	return status;
}

/*
 * The ELF program exits with argc + argv[1][0] + its .data word (16)
 * + a .bss word (0) + (rsp & 15) + 100 if AT_ENTRY is wrong:
 * 2 + 'A' + 16 = 83 proves the loader and the initial stack.
 */
static void
proc_kernel_execve(struct kunit *test)
{
	static const char *const argv[] = { "elfprog", "A", NULL };
	static struct exec_req r;
	static char *big;

	write_test_files(test);
	r = (struct exec_req){ ELF_GOOD, argv };
	KUNIT_EXPECT_EQ(test, run_exec(&r), 83 << 8);
	KUNIT_EXPECT_EQ(test, r.err, 0);

	r = (struct exec_req){ ELF_TRUNC, argv };
	KUNIT_EXPECT_EQ(test, run_exec(&r), 127 << 8);
	KUNIT_EXPECT_EQ(test, r.err, -ENOEXEC);
	r = (struct exec_req){ ELF_MAGIC, argv };
	run_exec(&r);
	KUNIT_EXPECT_EQ(test, r.err, -ENOEXEC);
	r = (struct exec_req){ ELF_NOEXEC, argv };
	run_exec(&r);
	KUNIT_EXPECT_EQ(test, r.err, -EACCES);
	r = (struct exec_req){ "/tmp", argv };
	run_exec(&r);
	KUNIT_EXPECT_EQ(test, r.err, -EACCES);
	r = (struct exec_req){ "/tmp/proc_test_missing", argv };
	run_exec(&r);
	KUNIT_EXPECT_EQ(test, r.err, -ENOENT);

	/* One argument longer than all arguments may be: -E2BIG. */
	big = kmalloc(200 * 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 'x', 200 * 1024 - 1);
	big[200 * 1024 - 1] = '\0';
	{
		const char *bigv[] = { "elfprog", big, NULL };

		r = (struct exec_req){ ELF_GOOD, bigv };
		run_exec(&r);
		KUNIT_EXPECT_EQ(test, r.err, -E2BIG);
	}
	kfree(big);
}

/* The strings and argv array execprog passes to execve(2). */
struct execve_data {
	u64 argv[3];
	char pad[0x100 - 24];
	char path[0x100];
	char arg0[8];
	char arg1[8];
};

static void
fill_execve_data(struct execve_data *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	strlcpy(d->path, path, sizeof(d->path));
	strlcpy(d->arg0, "x", sizeof(d->arg0));
	strlcpy(d->arg1, "A", sizeof(d->arg1));
	d->argv[0] = DATA_VA + offsetof(struct execve_data, arg0);
	d->argv[1] = DATA_VA + offsetof(struct execve_data, arg1);
}

/*
 * execve from ring 3 with user pointers. On failure the old program
 * keeps running and exits with -errno: exec must not have harmed it.
 */
static void
proc_user_execve(struct kunit *test)
{
	static struct execve_data good, corrupt;
	static struct hand_prog p;

	write_test_files(test);
	fill_execve_data(&good, ELF_GOOD);
	fill_execve_data(&corrupt, ELF_TRUNC);
	p = (struct hand_prog){ HAND(execprog), .data = &good,
				.data_len = sizeof(good),
				.rdi = DATA_VA + offsetof(struct execve_data,
							  path),
				.rsi = DATA_VA };
	KUNIT_EXPECT_EQ(test, run_prog(&p), 83 << 8);
	p.data = &corrupt;
	KUNIT_EXPECT_EQ(test, run_prog(&p), ENOEXEC << 8);
	p.data = &good;
	p.rdi = 8;		/* unmapped path pointer */
	KUNIT_EXPECT_EQ(test, run_prog(&p), EFAULT << 8);
	p.rdi = DATA_VA + offsetof(struct execve_data, path);
	p.rsi = 0x5000;		/* unmapped argv */
	KUNIT_EXPECT_EQ(test, run_prog(&p), EFAULT << 8);
}

static struct kunit_case proc_cases[] = {
	KUNIT_CASE(proc_wait_status_encoding),
	KUNIT_CASE(proc_elf_checks_reject_corruption),
	KUNIT_CASE(proc_user_exit_status),
	KUNIT_CASE(proc_pids_unique),
	KUNIT_CASE(proc_null_deref_sigsegv_no_leak),
	KUNIT_CASE(proc_user_exceptions_signal),
	KUNIT_CASE(proc_fork_cow_wait),
	KUNIT_CASE(proc_fpu_and_fsbase_switched),
	KUNIT_CASE(proc_kill_and_wait_options),
	KUNIT_CASE(proc_nanosleep_and_kill_sleeper),
	KUNIT_CASE(proc_job_control),
	KUNIT_CASE(proc_clock_realtime),
	KUNIT_CASE(proc_kernel_execve),
	KUNIT_CASE(proc_user_execve),
	{}
};

static struct kunit_suite proc_suite = {
	.name = "proc",
	.exit = proc_test_exit,
	.test_cases = proc_cases,
};
kunit_test_suite(proc_suite);
