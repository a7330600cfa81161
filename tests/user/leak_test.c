/*
 * leak_test: no page may stay allocated after every process that used
 * it has exited. A workload of children that fork, exec (this program
 * again, a missing path, a non-ELF file), map anonymous, tmpfs and
 * memfd memory, take copy-on-write faults, unmap parts, change
 * protections, drop pages and finally exit or die of SIGSEGV is run
 * once to warm the kernel's caches (slab caches keep their pages), then
 * again between two readings of /proc/vmstat. nr_free_pages,
 * nr_anon_pages and nr_page_table_pages must come back exactly: every
 * file the workload creates is unlinked before the second reading, so
 * no page-cache page is left to excuse a difference, and is named the
 * same in both runs, so the name caches end up alike. Pages freed a
 * little later (a task's stack after it is reaped) are waited for for
 * up to two seconds; a leak never comes back. On the host Linux other
 * activity moves these counters, so there only the workload is run.
 * Prints KTAP (see selftest.h).
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include "selftest.h"

#define EXEC_CHILD_CODE	3
#define SETTLE_TRIES	40
#define SETTLE_NS	(50 * 1000 * 1000)

static const char *self_path = "/bin/leak_test";
static size_t pg;

/*
 * Name of a workload file for worker w: the same in every run, so that
 * what the kernel caches about names (e.g. negative dentries) is the
 * same after the warm-up and after the measured run.
 */
static char *
work_path(char *buf, size_t size, int w, const char *tag)
{
	snprintf(buf, size, "/tmp/leak_test.w%d.%s", w, tag);
	return buf;
}

static void
touch_pages(char *p, int npages, int c)
{
	int i;

	for (i = 0; i < npages; i++)
		p[i * pg] = (char)c;
}

/* Anonymous memory: COW with a grandchild, partial unmap, DONTNEED. */
static int
work_anon(void)
{
	char *p = mmap(NULL, 64 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int status;
	pid_t pid;

	if (p == MAP_FAILED)
		return 1;
	touch_pages(p, 64, 'a');
	pid = st_fork();
	if (pid == 0) {
		touch_pages(p, 32, 'c');
		_exit(0);
	}
	touch_pages(p + 32 * pg, 32, 'p');
	if (pid < 0 || waitpid(pid, &status, 0) != pid ||
	    !st_exited_with(status, 0))
		return 2;
	if (munmap(p + 8 * pg, 8 * pg) != 0 ||
	    mprotect(p + 20 * pg, 4 * pg, PROT_READ) != 0 ||
	    madvise(p + 40 * pg, 8 * pg, MADV_DONTNEED) != 0)
		return 3;
	touch_pages(p + 40 * pg, 4, 'z');
	/* The rest stays mapped: exit must free it. */
	return 0;
}

/* A tmpfs file mapped shared and private, then unlinked. */
static int
work_file(int w)
{
	char path[64];
	char *s, *q;
	int fd;

	fd = open(work_path(path, sizeof(path), w, "f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, 16 * pg) != 0)
		return 4;
	s = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	q = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (s == MAP_FAILED || q == MAP_FAILED)
		return 5;
	touch_pages(s, 16, 's');
	touch_pages(q, 8, 'q');		/* COW copies of file pages */
	if (unlink(path) != 0 || munmap(s, 4 * pg) != 0)
		return 6;
	close(fd);
	return 0;
}

static int
work_memfd_pipe_heap(void)
{
	int fd = memfd_create("leak", 0), fds[2];
	char *p, *h;

	if (fd < 0 || ftruncate(fd, 16 * pg) != 0)
		return 7;
	p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 8;
	touch_pages(p, 16, 'm');
	close(fd);
	if (pipe(fds) != 0 || write(fds[1], "left unread", 11) != 11)
		return 9;
	close(fds[0]);
	close(fds[1]);
	h = malloc(1 << 20);
	if (h == NULL)
		return 10;
	memset(h, 'h', 1 << 20);
	free(h);
	return 0;
}

/* Failed execs: a missing path and a non-ELF file. */
static int
work_bad_exec(int w)
{
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };
	char path[64];
	int fd;

	fd = open(work_path(path, sizeof(path), w, "x"), O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, "not an ELF file\n", 16) != 16)
		return 11;
	close(fd);
	chmod(path, 0755);
	if (execve("/nonexistent/prog", argv, envp) != -1 || errno != ENOENT)
		return 12;
	if (execve(path, argv, envp) != -1 || errno != ENOEXEC)
		return 13;
	unlink(path);
	return 0;
}

static void
worker_mm(int w)
{
	int r;

	if ((r = work_anon()) != 0 || (r = work_file(w)) != 0 ||
	    (r = work_memfd_pipe_heap()) != 0 || (r = work_bad_exec(w)) != 0)
		_exit(r);
	_exit(0);
}

/* Die of SIGSEGV with anonymous and memfd pages mapped. */
static void
worker_segv(int w)
{
	char *p = mmap(NULL, 32 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = memfd_create("leak_segv", 0);
	char *m;

	if (p == MAP_FAILED || fd < 0 || ftruncate(fd, 8 * pg) != 0)
		_exit(20);
	m = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		_exit(21);
	touch_pages(p, 32, 'x');
	touch_pages(m, 8, 'y');
	munmap(p + 16 * pg, pg);
	p[16 * pg] = 1;			/* the hole: SIGSEGV */
	_exit(22);
}

/* Exec this program, which maps memory and exits (--exec-child). */
static void
worker_exec(int w)
{
	char *argv[] = { (char *)self_path, "--exec-child", NULL };
	char *envp[] = { NULL };
	char *p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		touch_pages(p, 16, 'e');	/* freed by exec */
	execve(self_path, argv, envp);
	_exit(30);
}

static int
exec_child_main(void)
{
	char *p = mmap(NULL, 32 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 31;
	touch_pages(p, 32, 'E');
	return EXEC_CHILD_CODE;
}

static const struct {
	void (*fn)(int w);
	int sig;		/* expected fatal signal, or 0 */
	int code;		/* else the expected exit code */
} workers[] = {
	{ worker_mm, 0, 0 },
	{ worker_segv, SIGSEGV, 0 },
	{ worker_exec, 0, EXEC_CHILD_CODE },
	{ worker_mm, 0, 0 },
	{ worker_exec, 0, EXEC_CHILD_CODE },
	{ worker_segv, SIGSEGV, 0 },
};

/* Run every worker to completion; returns how many ended wrongly. */
static int
run_workload(int report)
{
	int i, status, bad = 0, ok;
	pid_t pid;

	for (i = 0; i < ST_NCASES(workers); i++) {
		pid = st_fork();
		if (pid == 0)
			workers[i].fn(i);
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			status = -1;
		ok = workers[i].sig ? st_killed_by(status, workers[i].sig) :
		    st_exited_with(status, workers[i].code);
		if (!ok && report)
			st_diag("worker %d: %s", i, st_status_str(status));
		bad += !ok;
	}
	return bad;
}

static void
workload_runs(void)
{
	EXPECT_MSG(run_workload(1) == 0, "some workers failed");
	EXPECT(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

static const char *const counters[] = {
	"nr_free_pages", "nr_anon_pages", "nr_page_table_pages",
};

#define NCOUNTERS	3

/* Read every counter; 0 on success. */
static int
read_counters(long *v)
{
	int i;

	for (i = 0; i < NCOUNTERS; i++)
		if (st_vmstat(counters[i], &v[i]) != 0)
			return -1;
	return 0;
}

static int
same_counters(const long *a, const long *b)
{
	return memcmp(a, b, NCOUNTERS * sizeof(long)) == 0;
}

/*
 * Read the counters until they equal want (or, with want NULL, until
 * two readings agree). Returns 1 if they got there.
 */
static int
settle(long *v, const long *want)
{
	struct timespec ts = { 0, SETTLE_NS };
	long prev[NCOUNTERS];
	int i;

	if (read_counters(v) != 0)
		return 0;
	for (i = 0; i < SETTLE_TRIES; i++) {
		if (want != NULL && same_counters(v, want))
			return 1;
		memcpy(prev, v, sizeof(prev));
		nanosleep(&ts, NULL);
		if (read_counters(v) != 0)
			return 0;
		if (want == NULL && same_counters(v, prev))
			return 1;
	}
	return want != NULL && same_counters(v, want);
}

static void
free_pages_exact(void)
{
	long before[NCOUNTERS], after[NCOUNTERS];
	int i;

	if (st_on_linux())
		SKIP("host Linux: other activity moves the free page count");
	EXPECT_MSG(read_counters(before) == 0,
	    "/proc/vmstat lacks one of the counters");
	/* Warm-up: fills slab caches, faults in our own stack and data. */
	EXPECT(run_workload(1) == 0);
	EXPECT_MSG(settle(before, NULL), "counters never settled");
	EXPECT(run_workload(1) == 0);
	settle(after, before);
	st_diag("%s %ld -> %ld, %s %ld -> %ld, %s %ld -> %ld", counters[0],
	    before[0], after[0], counters[1], before[1], after[1],
	    counters[2], before[2], after[2]);
	for (i = 0; i < NCOUNTERS; i++)
		EXPECT_MSG(after[i] == before[i], "%s: %ld before, %ld after "
		    "(%+ld)", counters[i], before[i], after[i],
		    after[i] - before[i]);
}

static const struct st_case cases[] = {
	{ "leak_workload_runs", workload_runs, 0 },
	{ "leak_free_pages_exact", free_pages_exact, 0 },
};

int
main(int argc, char **argv)
{
	pg = (size_t)getpagesize();
	if (argc > 1 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child_main();
	if (argv[0] != NULL && strchr(argv[0], '/') != NULL)
		self_path = argv[0];
	return st_main(cases, ST_NCASES(cases));
}
