/*
 * gup_test: drive /dev/gup_test with the options and output of Linux's
 * tools/testing/selftests/mm/gup_test.c, so its benchmark command lines
 * and the scripts that parse its output work on pinos unchanged.
 *
 *	gup_test [-a|-u|-L|-b|-U|-c] [-m MB] [-n PAGES] [-r REPEATS]
 *		 [-w|-W] [-S] [-F FLAGS] [-f FILE] [-p] [-j 1] [PAGE...]
 *
 * Commands: -a PIN_FAST_BENCHMARK, -u GUP_FAST_BENCHMARK (the default),
 * -L PIN_LONGTERM_BENCHMARK, -b PIN_BASIC_TEST, -U GUP_BASIC_TEST,
 * -c DUMP_USER_PAGES_TEST (of the 0-based PAGE indices given after
 * the options, page 0 if none; -p pins instead of getting). -m is the
 * buffer size in MiB (default 128), -n the pages per GUP call (default
 * 1), -r how often to repeat a benchmark (default 1). FOLL_WRITE is
 * asked for unless -W; -F sets further gup_flags (strtol base 0).
 *
 * The buffer maps FILE (default /dev/zero, opened O_RDWR|O_CREAT)
 * MAP_PRIVATE, or MAP_SHARED with -S. pinos's /dev/zero implements
 * mmap as Linux's does: private is anonymous memory, shared is shmem.
 * Every page is written once from user space before the ioctl, so the
 * kernel times GUP on present pages, not faults.
 *
 * Output is kselftest TAP, as the Linux tool's: for each repeat of a
 * *_BENCHMARK command one line
 *	# PIN_FAST_BENCHMARK: Time: get:%lld put:%lld us
 * with ", truncated (size: %lld)" before the newline if the kernel
 * handled less than the whole buffer; "# CMD: done" for the others;
 * then "ok 1 ioctl status 0" (or "not ok") and the totals. Linux
 * builds the line from three ksft_print_msg() calls, each prefixed
 * "# ", so its line ends in a stray "# "; here the line is whole.
 *
 * Not supported, each rejected with a message: -j above 1 (no threads
 * in pinos user space), -t/-T/-H (no THP, no hugetlb), -z (Linux's
 * tool passes FOLL_TOUCH, which is kernel-internal here).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gup_test.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#define MB	      (1UL << 20)
#define FOLL_WRITE    0x01 /* Linux's value, as the tool defines it */
#define GUP_TEST_FILE "/dev/gup_test"

static unsigned long cmd = GUP_FAST_BENCHMARK;
static unsigned long size = 128 * MB;
static int repeats = 1;

static const char *
cmd_to_str(unsigned long c)
{
	switch (c) {
	case GUP_FAST_BENCHMARK:
		return "GUP_FAST_BENCHMARK";
	case PIN_FAST_BENCHMARK:
		return "PIN_FAST_BENCHMARK";
	case PIN_LONGTERM_BENCHMARK:
		return "PIN_LONGTERM_BENCHMARK";
	case GUP_BASIC_TEST:
		return "GUP_BASIC_TEST";
	case PIN_BASIC_TEST:
		return "PIN_BASIC_TEST";
	case DUMP_USER_PAGES_TEST:
		return "DUMP_USER_PAGES_TEST";
	}
	return "Unknown command";
}

static int
is_benchmark(unsigned long c)
{
	return c == GUP_FAST_BENCHMARK || c == PIN_FAST_BENCHMARK ||
	       c == PIN_LONGTERM_BENCHMARK;
}

/* ksft_exit_fail_msg(): a diagnostic, the totals, exit status 1. */
static void
fail_exit(const char *msg, const char *arg)
{
	printf("# %s%s\n", msg, arg ? arg : "");
	printf("# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:0 error:0\n");
	exit(1);
}

/* One timing line per repeat; the status of the first failing ioctl. */
static int
run_benchmark(int gup_fd, struct gup_test *gup)
{
	int i, status = 0;

	for (i = 0; i < repeats; i++) {
		gup->size = size;
		status = ioctl(gup_fd, cmd, gup);
		if (status) {
			printf("# ioctl: %s\n", strerror(errno));
			break;
		}
		/* Linux prints the line in pieces; whole is easier to parse. */
		if (gup->size != size)
			printf("# %s: Time: get:%lld put:%lld us, truncated "
			       "(size: %lld)\n",
			       cmd_to_str(cmd), (long long)gup->get_delta_usec,
			       (long long)gup->put_delta_usec,
			       (long long)gup->size);
		else
			printf("# %s: Time: get:%lld put:%lld us\n",
			       cmd_to_str(cmd), (long long)gup->get_delta_usec,
			       (long long)gup->put_delta_usec);
		fflush(stdout);
	}
	return status;
}

static int
run_once(int gup_fd, struct gup_test *gup)
{
	int status;

	gup->size = size;
	status = ioctl(gup_fd, cmd, gup);
	if (status)
		printf("# ioctl: %s\n", strerror(errno));
	else
		printf("# %s: done\n", cmd_to_str(cmd));
	return status;
}

/* The command an option letter selects, or 0. */
static unsigned long
opt_to_cmd(int opt)
{
	switch (opt) {
	case 'a':
		return PIN_FAST_BENCHMARK;
	case 'b':
		return PIN_BASIC_TEST;
	case 'L':
		return PIN_LONGTERM_BENCHMARK;
	case 'U':
		return GUP_BASIC_TEST;
	case 'u':
		return GUP_FAST_BENCHMARK;
	case 'c':
		return DUMP_USER_PAGES_TEST;
	}
	return 0;
}

/* The options that are not rejected and select no command. */
static void
set_option(int opt, struct gup_test *gup, int *flags, int *write,
	   const char **file)
{
	switch (opt) {
	case 'p':
		gup->test_flags |= GUP_TEST_FLAG_DUMP_PAGES_USE_PIN;
		break;
	case 'F':
		gup->gup_flags = strtol(optarg, 0, 0);
		break;
	case 'm':
		size = atoi(optarg) * MB;
		break;
	case 'r':
		repeats = atoi(optarg);
		break;
	case 'n':
		gup->nr_pages_per_call = atoi(optarg);
		break;
	case 'w':
	case 'W':
		*write = opt == 'w';
		break;
	case 'f':
		*file = optarg;
		break;
	case 'S':
		*flags = (*flags & ~MAP_PRIVATE) | MAP_SHARED;
		break;
	case 'j':
		if (atoi(optarg) != 1)
			fail_exit("-j: one thread only on pinos", NULL);
		break;
	case 't':
	case 'T':
	case 'H':
		fail_exit("no THP or hugetlb on pinos", NULL);
		break;
	case 'z':
		fail_exit("-z: FOLL_TOUCH is kernel-internal on pinos", NULL);
		break;
	default:
		fail_exit("Wrong argument", NULL);
	}
}

/* Options into *gup and the globals; returns the file to map. */
static const char *
parse_args(int argc, char **argv, struct gup_test *gup, int *flags, int *write)
{
	const char *file = "/dev/zero";
	int opt, n;

	while ((opt = getopt(argc, argv, "m:r:n:F:f:abcj:tTLUuwWSHpz")) != -1) {
		if (opt_to_cmd(opt) == 0) {
			set_option(opt, gup, flags, write, &file);
			continue;
		}
		cmd = opt_to_cmd(opt);
		/* -c alone dumps page 0 (which_pages is 1-based). */
		if (cmd == DUMP_USER_PAGES_TEST)
			gup->which_pages[0] = 1;
	}
	/* Page indices to dump: 0-based here, 1-based in the ABI. */
	for (n = 0; optind < argc && n < GUP_TEST_MAX_PAGES_TO_DUMP; n++)
		gup->which_pages[n] = strtol(argv[optind++], 0, 0) + 1;
	return file;
}

/* Write one byte per page, as the Linux tool does without -z. */
static void
prefault(char *p, unsigned long len)
{
	long psize = sysconf(_SC_PAGESIZE);

	for (unsigned long off = 0; off < len; off += psize)
		p[off] = 0;
}

int
main(int argc, char **argv)
{
	struct gup_test gup = { 0 };
	int flags = MAP_PRIVATE, write = 1, filed, gup_fd, status;
	const char *file;
	char *p;

	gup.nr_pages_per_call = 1;
	file = parse_args(argc, argv, &gup, &flags, &write);
	printf("TAP version 13\n1..1\n");
	filed = open(file, O_RDWR | O_CREAT, 0664);
	if (filed < 0)
		fail_exit("Unable to open ", file);
	if (write)
		gup.gup_flags |= FOLL_WRITE;
	gup_fd = open(GUP_TEST_FILE, O_RDWR);
	if (gup_fd < 0) {
		printf("# failed to open %s: %s\n", GUP_TEST_FILE,
		       strerror(errno));
		printf("ok 1 # SKIP no %s\n", GUP_TEST_FILE);
		printf("# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:1 "
		       "error:0\n");
		return 0;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, filed, 0);
	if (p == MAP_FAILED)
		fail_exit("mmap: ", strerror(errno));
	gup.addr = (unsigned long)p;
	prefault(p, size);
	if (is_benchmark(cmd))
		status = run_benchmark(gup_fd, &gup);
	else
		status = run_once(gup_fd, &gup);
	printf("%s 1 ioctl status %d\n", status ? "not ok" : "ok", status);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       !status, !!status);
	return status ? 1 : 0;
}
