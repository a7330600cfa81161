/*
 * gup_longterm_test: the long-term pin matrix, with the semantics of
 * Linux's tools/testing/selftests/mm/gup_longterm.c, run under every
 * pin policy.
 *
 * Cells: backing {memfd, tmpfs file, ext2 file} x mapping {shared,
 * private} x pin {RO, RO_FAST, RW, RW_FAST}. Each cell maps one page,
 * faults it in, (RO: mprotects it read-only), asks /dev/gup_test for a
 * long-term pin (PIN_LONGTERM_TEST_START) and releases it. Under
 * "linux" only shared RW on ext2 must fail, with EFAULT; each policy
 * has its own expected table (expect_pin_ok). Every cell is one KTAP
 * line named policy/backing/mapping/pin. Two more checks show the
 * differences the policies exist for: a short-term write pin of a
 * shared ext2 mapping (refused by no-file-write, allowed by linux), and
 * linux-exempt with and without the exemption flag.
 *
 * The active policy is restored when the program ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gup_test.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/vfs.h>

#define POLICY_FILE "/proc/sys/vm/pin_policy"
#define EXT2_FILE "/gup_longterm.tmp"
#define TMPFS_FILE "/tmp/gup_longterm.tmp"

enum backing { MEMFD, TMPFS, EXT2, NR_BACKINGS };
enum pin { RO, RO_FAST, RW, RW_FAST, NR_PINS };

static const char *const backing_names[] = { "memfd", "tmpfs", "ext2" };
static const char *const pin_names[] = { "RO", "RO_FAST", "RW", "RW_FAST" };
static const char *const policies[] = { "linux", "legacy", "no-file-write",
					"linux-exempt", "skip-pinned",
					"bounce" };
#define NR_POLICIES (int)(sizeof(policies) / sizeof(policies[0]))

static int gup_fd, test_nr, failures;
static long page_size;

static void
result(int ok, const char *fmt, ...)
{
	char name[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	printf("%s %d %s\n", ok ? "ok" : "not ok", ++test_nr, name);
	failures += !ok;
}

static int
set_policy(const char *name)
{
	int fd = open(POLICY_FILE, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, name, strlen(name));
	close(fd);
	return n == (ssize_t)strlen(name) ? 0 : -1;
}

/* The bracketed name in "[linux] legacy ...", into @buf. */
static int
get_policy(char *buf, size_t len)
{
	char text[256], *l, *r;
	int fd = open(POLICY_FILE, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	l = strchr(text, '[');
	r = l ? strchr(l, ']') : NULL;
	if (r == NULL || (size_t)(r - l) >= len)
		return -1;
	memcpy(buf, l + 1, r - l - 1);
	buf[r - l - 1] = '\0';
	return 0;
}

static int
open_backing(enum backing b)
{
	int fd;

	if (b == MEMFD)
		fd = memfd_create("gup_longterm", 0);
	else
		fd = open(b == EXT2 ? EXT2_FILE : TMPFS_FILE,
			  O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, page_size) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static long
fs_type(int fd)
{
	struct statfs st;

	return fstatfs(fd, &st) == 0 ? (long)st.f_type : -1;
}

/* What each policy promises for one long-term pin. */
static int
expect_pin_ok(const char *policy, enum backing b, int shared, int rw)
{
	int dirty_tracked = b == EXT2 && shared && rw;

	if (!strcmp(policy, "linux") || !strcmp(policy, "no-file-write") ||
	    !strcmp(policy, "linux-exempt"))
		return !dirty_tracked;
	return 1;	/* legacy, skip-pinned, bounce: every pin allowed */
}

/* 0 if pinned and released, else the errno of the refusal. */
static int
try_pin(char *mem, unsigned int flags)
{
	struct pin_longterm_test args = {
		.addr = (unsigned long)mem,
		.size = page_size,
		.flags = flags,
	};

	if (ioctl(gup_fd, PIN_LONGTERM_TEST_START, &args) != 0)
		return errno;
	if (ioctl(gup_fd, PIN_LONGTERM_TEST_STOP) != 0)
		return errno ? errno : -1;
	return 0;
}

static unsigned int
pin_flags(enum pin p)
{
	unsigned int f = 0;

	if (p == RW || p == RW_FAST)
		f |= PIN_LONGTERM_TEST_FLAG_USE_WRITE;
	if (p == RO_FAST || p == RW_FAST)
		f |= PIN_LONGTERM_TEST_FLAG_USE_FAST;
	return f;
}

/* Map @fd, fault the page in, and make RO cells read-only. */
static char *
map_cell(int fd, int shared, enum pin p)
{
	char *mem = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
			 shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);

	if (mem == MAP_FAILED)
		return NULL;
	memset(mem, 0, page_size);	/* so GUP-fast finds it present */
	if ((p == RO || p == RO_FAST) &&
	    mprotect(mem, page_size, PROT_READ) != 0) {
		munmap(mem, page_size);
		return NULL;
	}
	return mem;
}

static void
run_cell(const char *policy, enum backing b, int shared, enum pin p)
{
	int fd = open_backing(b), want, err;
	char *mem;

	if (fd < 0 || (b == EXT2 && fs_type(fd) != 0xEF53)) {
		printf("ok %d %s/%s/%s/%s # SKIP no %s file here\n", ++test_nr,
		       policy, backing_names[b], shared ? "shared" : "private",
		       pin_names[p], backing_names[b]);
		if (fd >= 0)
			close(fd);
		return;
	}
	mem = map_cell(fd, shared, p);
	want = expect_pin_ok(policy, b, shared, p == RW || p == RW_FAST);
	err = mem ? try_pin(mem, pin_flags(p)) : -1;
	if (!(want ? err == 0 : err == EFAULT))
		printf("# %s: expected %s, got %s (errno %d)\n", policy,
		       want ? "pin" : "EFAULT", err ? "failure" : "pin", err);
	result(want ? err == 0 : err == EFAULT, "%s/%s/%s/%s", policy,
	       backing_names[b], shared ? "shared" : "private", pin_names[p]);
	if (mem)
		munmap(mem, page_size);
	close(fd);
}

/* One shared RW pin of an ext2 page with extra START flags. */
static int
ext2_shared_pin(unsigned int extra)
{
	int fd = open_backing(EXT2), err;
	char *mem;

	if (fd < 0 || fs_type(fd) != 0xEF53)
		return -2;
	mem = map_cell(fd, 1, RW);
	err = mem ? try_pin(mem, PIN_LONGTERM_TEST_FLAG_USE_WRITE | extra) : -1;
	if (mem)
		munmap(mem, page_size);
	close(fd);
	return err;
}

static void
policy_differences(void)
{
	const unsigned int shortterm = PIN_LONGTERM_TEST_FLAG_PINOS_SHORTTERM;
	const unsigned int exempt = PIN_LONGTERM_TEST_FLAG_PINOS_EXEMPT;

	set_policy("no-file-write");
	result(ext2_shared_pin(shortterm) == EFAULT,
	       "no-file-write refuses a short-term write pin of shared ext2");
	set_policy("linux");
	result(ext2_shared_pin(shortterm) == 0,
	       "linux allows a short-term write pin of shared ext2");
	set_policy("linux-exempt");
	result(ext2_shared_pin(0) == EFAULT,
	       "linux-exempt refuses without the exemption");
	result(ext2_shared_pin(exempt) == 0,
	       "linux-exempt allows with the exemption");
}

int
main(void)
{
	char saved[32] = "linux";
	int total = NR_POLICIES * NR_BACKINGS * 2 * NR_PINS + 4;

	page_size = sysconf(_SC_PAGESIZE);
	printf("KTAP version 1\n1..%d\n", total);
	gup_fd = open("/dev/gup_test", O_RDWR);
	if (gup_fd < 0 || get_policy(saved, sizeof(saved)) != 0) {
		printf("# cannot open /dev/gup_test or %s\n", POLICY_FILE);
		return 1;
	}
	for (int i = 0; i < NR_POLICIES; i++) {
		if (set_policy(policies[i]) != 0) {
			printf("# cannot select policy %s\n", policies[i]);
			return 1;
		}
		for (int b = 0; b < NR_BACKINGS; b++)
			for (int s = 1; s >= 0; s--)
				for (int p = 0; p < NR_PINS; p++)
					run_cell(policies[i], b, s, p);
	}
	policy_differences();
	set_policy(saved);
	unlink(EXT2_FILE);
	unlink(TMPFS_FILE);
	return failures ? 1 : 0;
}
