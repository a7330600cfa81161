/*
 * mmap_test: user-space selftest of virtual memory. Anonymous and file
 * mappings (a file in /tmp, which pinos backs with tmpfs, and a memfd),
 * MAP_SHARED versus MAP_PRIVATE across fork, copy-on-write in both
 * directions, mprotect and PROT_NONE faults, munmap of the middle of a
 * mapping (checked by faulting and through /proc/self/maps), MAP_FIXED
 * replacement, MADV_DONTNEED, SIGBUS past the end of a file, argument
 * errors, the signal a faulting process dies of, and the write-notify
 * (page_mkwrite) counter. Faults are provoked in forked children; the
 * parent checks their wait status. Prints KTAP (see selftest.h).
 */
#include <sys/mman.h>
#include <sys/vfs.h>
#include <sys/stat.h>

#include "selftest.h"

#define NPAGES	8

static size_t pg;

static void *
map_anon(size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS,
	    -1, 0);
}

/* 1 if all len bytes at p equal c. */
static int
all_bytes(const void *p, size_t len, int c)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != (unsigned char)c)
			return 0;
	return 1;
}

/* Byte that fills page i of a test file made with seed. */
static int
page_byte(int seed, int i)
{
	return (seed + i * 7) & 0xff;
}

/*
 * Create /tmp/mmap_test.PID.TAG with npages pages, page i filled with
 * page_byte(seed, i), written through write(2). Returns an O_RDWR fd.
 */
static int
tmp_file(char *path, size_t size, const char *tag, int npages, int seed)
{
	char *buf = malloc(pg);
	int fd, i;

	snprintf(path, size, "/tmp/mmap_test.%d.%s", (int)getpid(), tag);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || buf == NULL) {
		free(buf);
		return -1;
	}
	for (i = 0; i < npages; i++) {
		memset(buf, page_byte(seed, i), pg);
		if (write(fd, buf, pg) != (ssize_t)pg) {
			close(fd);
			free(buf);
			return -1;
		}
	}
	free(buf);
	return fd;
}

/* 1 if pread at off sees len bytes equal to c. */
static int
file_bytes(int fd, off_t off, size_t len, int c)
{
	char buf[256];

	if (len > sizeof(buf))
		len = sizeof(buf);
	if (pread(fd, buf, len, off) != (ssize_t)len)
		return 0;
	return all_bytes(buf, len, c);
}

static void
touch_write(void *p)
{
	*(volatile char *)p = 1;
}

static void
touch_read(void *p)
{
	(void)*(volatile char *)p;
}

static void
anon_private_zero_fill(void)
{
	char *p = map_anon(NPAGES * pg, MAP_PRIVATE);
	int i;

	ASSERT(p != MAP_FAILED);
	EXPECT(((unsigned long)p & (pg - 1)) == 0);
	EXPECT(all_bytes(p, NPAGES * pg, 0));
	for (i = 0; i < NPAGES; i++)
		memset(p + i * pg, 'a' + i, pg);
	for (i = 0; i < NPAGES; i++)
		EXPECT_MSG(all_bytes(p + i * pg, pg, 'a' + i),
		    "page %d lost its contents", i);
	EXPECT(munmap(p, NPAGES * pg) == 0);
}

static void
anon_shared_fork_visible(void)
{
	char *p = map_anon(2 * pg, MAP_SHARED);
	int status;
	pid_t pid;

	ASSERT(p != MAP_FAILED);
	p[0] = 'P';
	pid = st_fork();
	if (pid == 0) {
		if (p[0] != 'P')
			_exit(2);
		strcpy(p + 1, "from child");
		p[pg + 10] = 0x5a;
		_exit(0);
	}
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT_MSG(st_exited_with(status, 0), "child: %s",
	    st_status_str(status));
	EXPECT(strcmp(p + 1, "from child") == 0);
	EXPECT(p[pg + 10] == 0x5a);
	munmap(p, 2 * pg);
}

/* MAP_PRIVATE pages the parent never touched: the child's stay its own. */
static void
private_untouched_fork(void)
{
	char *p = map_anon(4 * pg, MAP_PRIVATE);
	int status;
	pid_t pid;

	ASSERT(p != MAP_FAILED);
	pid = st_fork();
	if (pid == 0) {
		memset(p, 'c', 4 * pg);
		_exit(all_bytes(p, 4 * pg, 'c') ? 0 : 2);
	}
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT_MSG(st_exited_with(status, 0), "child: %s",
	    st_status_str(status));
	EXPECT_MSG(all_bytes(p, 4 * pg, 0), "child's writes leaked in");
	munmap(p, 4 * pg);
}

static void
cow_child_writes(void)
{
	char *p = map_anon(NPAGES * pg, MAP_PRIVATE);
	int status;
	pid_t pid;

	ASSERT(p != MAP_FAILED);
	memset(p, 'p', NPAGES * pg);
	pid = st_fork();
	if (pid == 0) {
		/* Write half the pages; the other half stays shared. */
		memset(p, 'c', NPAGES / 2 * pg);
		if (!all_bytes(p, NPAGES / 2 * pg, 'c'))
			_exit(2);
		if (!all_bytes(p + NPAGES / 2 * pg, NPAGES / 2 * pg, 'p'))
			_exit(3);
		_exit(0);
	}
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT_MSG(st_exited_with(status, 0), "child: %s",
	    st_status_str(status));
	EXPECT_MSG(all_bytes(p, NPAGES * pg, 'p'),
	    "the parent sees the child's writes");
	/* The parent may now write its pages (COW break or reuse). */
	memset(p, 'q', NPAGES * pg);
	EXPECT(all_bytes(p, NPAGES * pg, 'q'));
	munmap(p, NPAGES * pg);
}

/* The parent writes after fork; the child, told by a pipe, checks. */
static void
cow_parent_writes(void)
{
	char *p = map_anon(NPAGES * pg, MAP_PRIVATE);
	int fds[2], status;
	pid_t pid;
	char c;

	ASSERT(p != MAP_FAILED);
	ASSERT(pipe(fds) == 0);
	memset(p, 'o', NPAGES * pg);
	pid = st_fork();
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) != 1)
			_exit(2);
		_exit(all_bytes(p, NPAGES * pg, 'o') ? 0 : 3);
	}
	close(fds[0]);
	memset(p, 'n', NPAGES * pg);
	EXPECT(write(fds[1], "x", 1) == 1);
	close(fds[1]);
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT_MSG(st_exited_with(status, 0),
	    "child saw the parent's writes or failed: %s",
	    st_status_str(status));
	EXPECT(all_bytes(p, NPAGES * pg, 'n'));
	munmap(p, NPAGES * pg);
}

/* Heap, stack and data segment are private too. */
static char cow_data[64] = "data";

static void
cow_heap_stack_data(void)
{
	char stack[64] = "stack";
	char *heap = malloc(64);
	int status;
	pid_t pid;

	ASSERT(heap != NULL);
	strcpy(heap, "heap");
	pid = st_fork();
	if (pid == 0) {
		strcpy(stack, "child");
		strcpy(heap, "child");
		strcpy(cow_data, "child");
		_exit(0);
	}
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT(st_exited_with(status, 0));
	EXPECT(strcmp(stack, "stack") == 0);
	EXPECT(strcmp(heap, "heap") == 0);
	EXPECT(strcmp(cow_data, "data") == 0);
	free(heap);
}

/* Three children each write their own value into the same pages. */
static void
cow_many_children(void)
{
	char *p = map_anon(2 * pg, MAP_PRIVATE);
	pid_t pids[3];
	int i, status;

	ASSERT(p != MAP_FAILED);
	memset(p, 'z', 2 * pg);
	for (i = 0; i < 3; i++) {
		pids[i] = st_fork();
		if (pids[i] == 0) {
			memset(p, '0' + i, 2 * pg);
			_exit(all_bytes(p, 2 * pg, '0' + i) ? 0 : 2);
		}
	}
	for (i = 0; i < 3; i++) {
		EXPECT(pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i]);
		EXPECT_MSG(st_exited_with(status, 0), "child %d: %s", i,
		    st_status_str(status));
	}
	EXPECT(all_bytes(p, 2 * pg, 'z'));
	munmap(p, 2 * pg);
}

static void
file_shared_tmpfs(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "shared", 3, 10);
	char *p;

	ASSERT(fd >= 0);
	p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		EXPECT(all_bytes(p, pg, page_byte(10, 0)));
		EXPECT(all_bytes(p + 2 * pg, pg, page_byte(10, 2)));
		/* mapping -> file */
		memset(p + pg, 'M', pg);
		EXPECT(file_bytes(fd, pg, 200, 'M'));
		/* file -> mapping */
		EXPECT(pwrite(fd, "WWWW", 4, 2 * pg) == 4);
		EXPECT(memcmp(p + 2 * pg, "WWWW", 4) == 0);
		EXPECT(msync(p, 3 * pg, MS_SYNC) == 0);
		EXPECT(munmap(p, 3 * pg) == 0);
	}
	close(fd);
	/* The data outlives the mapping and the descriptor. */
	fd = open(path, O_RDONLY);
	EXPECT(fd >= 0 && file_bytes(fd, pg, 200, 'M'));
	close(fd);
	EXPECT(unlink(path) == 0);
}

static void
file_private_tmpfs(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "private", 2, 20);
	char *p;

	ASSERT(fd >= 0);
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		EXPECT(all_bytes(p, pg, page_byte(20, 0)));
		memset(p, 'X', pg);
		EXPECT(all_bytes(p, pg, 'X'));
		EXPECT_MSG(file_bytes(fd, 0, 200, page_byte(20, 0)),
		    "a private write reached the file");
		munmap(p, 2 * pg);
	}
	close(fd);
	EXPECT(unlink(path) == 0);
}

static void
memfd_shared(void)
{
	int fd = memfd_create("mmap_test", MFD_CLOEXEC);
	struct stat st;
	char *p, *q;

	ASSERT(fd >= 0);
	EXPECT(ftruncate(fd, 2 * pg) == 0);
	EXPECT(fstat(fd, &st) == 0 && st.st_size == (off_t)(2 * pg));
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	q = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	EXPECT(p != MAP_FAILED && q != MAP_FAILED && p != q);
	if (p != MAP_FAILED && q != MAP_FAILED) {
		EXPECT(all_bytes(q, 2 * pg, 0));
		memset(p + pg, 'm', pg);
		EXPECT_MSG(all_bytes(q + pg, pg, 'm'),
		    "two shared mappings of one memfd do not alias");
		EXPECT(file_bytes(fd, pg, 100, 'm'));
	}
	if (p != MAP_FAILED)
		munmap(p, 2 * pg);
	if (q != MAP_FAILED)
		munmap(q, 2 * pg);
	close(fd);
}

/* A shared file mapping written by a child; the parent checks. */
static void
shared_fork_check(int fd, const char *what)
{
	char *p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int status;
	pid_t pid;

	ASSERT(p != MAP_FAILED);
	pid = st_fork();
	if (pid == 0) {
		memset(p, 'k', 100);
		_exit(0);
	}
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT(st_exited_with(status, 0));
	EXPECT_MSG(all_bytes(p, 100, 'k'), "%s: child's write not visible",
	    what);
	EXPECT(file_bytes(fd, 0, 100, 'k'));
	munmap(p, pg);
}

static void
file_shared_fork(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "sfork", 1, 30);

	ASSERT(fd >= 0);
	shared_fork_check(fd, "tmpfs file");
	close(fd);
	unlink(path);
}

static void
memfd_shared_fork(void)
{
	int fd = memfd_create("mmap_test_fork", 0);

	ASSERT(fd >= 0 && ftruncate(fd, pg) == 0);
	shared_fork_check(fd, "memfd");
	close(fd);
}

static void
file_private_fork(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "pfork", 1, 40);
	int status, c = page_byte(40, 0);
	char *p;
	pid_t pid;

	ASSERT(fd >= 0);
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		pid = st_fork();
		if (pid == 0) {
			memset(p, 'k', pg);
			_exit(all_bytes(p, pg, 'k') ? 0 : 2);
		}
		EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
		EXPECT(st_exited_with(status, 0));
		EXPECT_MSG(all_bytes(p, pg, c), "child's write visible");
		EXPECT_MSG(file_bytes(fd, 0, 100, c), "child's write in file");
		munmap(p, pg);
	}
	close(fd);
	unlink(path);
}

static void
mprotect_read_segv(void)
{
	char *p = map_anon(pg, MAP_PRIVATE);
	int status;

	ASSERT(p != MAP_FAILED);
	p[0] = 'x';
	EXPECT(mprotect(p, pg, PROT_READ) == 0);
	status = st_child_status(touch_write, p);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "write to PROT_READ: %s",
	    st_status_str(status));
	EXPECT(p[0] == 'x');
	/* Reading a read-only page is fine. */
	status = st_child_status(touch_read, p);
	EXPECT(st_exited_with(status, 0));
	EXPECT(mprotect(p, pg, PROT_READ | PROT_WRITE) == 0);
	p[0] = 'y';
	EXPECT(p[0] == 'y');
	munmap(p, pg);
}

static void
mprotect_none_segv(void)
{
	char *p = map_anon(pg, MAP_PRIVATE);
	int status;

	ASSERT(p != MAP_FAILED);
	p[0] = 'x';
	EXPECT(mprotect(p, pg, PROT_NONE) == 0);
	status = st_child_status(touch_read, p);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "read of PROT_NONE: %s",
	    st_status_str(status));
	EXPECT(mprotect(p, pg, PROT_READ) == 0);
	EXPECT_MSG(p[0] == 'x', "contents lost across PROT_NONE");
	munmap(p, pg);
}

/* A read-only shared file mapping: the write faults, the file holds. */
static void
mprotect_file_shared_segv(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "mprot", 1, 50);
	int status;
	char *p;

	ASSERT(fd >= 0);
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		touch_read(p);
		EXPECT(mprotect(p, pg, PROT_READ) == 0);
		status = st_child_status(touch_write, p);
		EXPECT_MSG(st_killed_by(status, SIGSEGV), "%s",
		    st_status_str(status));
		EXPECT(file_bytes(fd, 0, 100, page_byte(50, 0)));
		munmap(p, pg);
	}
	close(fd);
	unlink(path);
}

static void
munmap_middle_fault(void)
{
	char *p = map_anon(3 * pg, MAP_PRIVATE);
	int status;

	ASSERT(p != MAP_FAILED);
	memset(p, 'a', pg);
	memset(p + pg, 'b', pg);
	memset(p + 2 * pg, 'c', pg);
	EXPECT(munmap(p + pg, pg) == 0);
	EXPECT(all_bytes(p, pg, 'a'));
	EXPECT(all_bytes(p + 2 * pg, pg, 'c'));
	p[0] = 'A';
	p[3 * pg - 1] = 'C';
	EXPECT(p[0] == 'A' && p[3 * pg - 1] == 'C');
	status = st_child_status(touch_read, p + pg);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "read of the hole: %s",
	    st_status_str(status));
	status = st_child_status(touch_write, p + 2 * pg - 1);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "write to the hole: %s",
	    st_status_str(status));
	munmap(p, 3 * pg);
}

/*
 * Lines of /proc/self/maps that overlap [lo, hi), as start/end pairs
 * into out (at most max); returns how many overlapped, or -1.
 */
static int
maps_overlapping(unsigned long lo, unsigned long hi, unsigned long *out,
    int max)
{
	static char buf[32768];
	unsigned long s, e;
	char *line;
	int n = 0;

	if (st_read_file("/proc/self/maps", buf, sizeof(buf)) <= 0)
		return -1;
	for (line = buf; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (sscanf(line, "%lx-%lx", &s, &e) != 2)
			continue;
		if (s < hi && e > lo) {
			if (n < max) {
				out[2 * n] = s;
				out[2 * n + 1] = e;
			}
			n++;
		}
	}
	return n;
}

static void
munmap_middle_two_vmas(void)
{
	char *p = map_anon(3 * pg, MAP_PRIVATE);
	unsigned long b = (unsigned long)p, r[8];
	int n;

	ASSERT(p != MAP_FAILED);
	memset(p, 1, 3 * pg);
	n = maps_overlapping(b, b + 3 * pg, r, 4);
	EXPECT_MSG(n == 1, "before munmap: %d lines cover the mapping", n);
	EXPECT(munmap(p + pg, pg) == 0);
	n = maps_overlapping(b, b + 3 * pg, r, 4);
	EXPECT_MSG(n == 2, "after munmap: %d lines, not 2", n);
	if (n == 2) {
		/* A neighbour with the same flags may merge on either end. */
		EXPECT_MSG(r[0] <= b && r[1] == b + pg,
		    "low part %lx-%lx, mapping at %lx", r[0], r[1], b);
		EXPECT_MSG(r[2] == b + 2 * pg && r[3] >= b + 3 * pg,
		    "high part %lx-%lx, mapping at %lx", r[2], r[3], b);
	}
	munmap(p, 3 * pg);
}

static void
map_fixed_replaces(void)
{
	char *p = map_anon(4 * pg, MAP_PRIVATE), *q;
	char path[64];
	int fd;

	ASSERT(p != MAP_FAILED);
	memset(p, 0xaa, 4 * pg);
	q = mmap(p + pg, 2 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	EXPECT(q == p + pg);
	EXPECT_MSG(all_bytes(p + pg, 2 * pg, 0),
	    "MAP_FIXED anon did not replace the old pages");
	EXPECT(all_bytes(p, pg, 0xaa) && all_bytes(p + 3 * pg, pg, 0xaa));
	fd = tmp_file(path, sizeof(path), "fixed", 1, 60);
	EXPECT(fd >= 0);
	if (fd >= 0) {
		q = mmap(p, pg, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
		EXPECT(q == p);
		EXPECT_MSG(all_bytes(p, pg, page_byte(60, 0)),
		    "MAP_FIXED file did not replace the old page");
		close(fd);
		unlink(path);
	}
	munmap(p, 4 * pg);
}

static void
madv_dontneed_anon(void)
{
	char *p = map_anon(4 * pg, MAP_PRIVATE);

	ASSERT(p != MAP_FAILED);
	memset(p, 'd', 4 * pg);
	EXPECT(madvise(p + pg, 2 * pg, MADV_DONTNEED) == 0);
	EXPECT_MSG(all_bytes(p + pg, 2 * pg, 0),
	    "MADV_DONTNEED anon pages did not read back as zeros");
	EXPECT(all_bytes(p, pg, 'd') && all_bytes(p + 3 * pg, pg, 'd'));
	memset(p + pg, 'e', pg);
	EXPECT(all_bytes(p + pg, pg, 'e'));
	munmap(p, 4 * pg);
}

/* On a private file mapping, MADV_DONTNEED brings the file back. */
static void
madv_dontneed_private_file(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "dontneed", 1, 70);
	char *p;

	ASSERT(fd >= 0);
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		memset(p, 'w', pg);
		EXPECT(madvise(p, pg, MADV_DONTNEED) == 0);
		EXPECT_MSG(all_bytes(p, pg, page_byte(70, 0)),
		    "private copy not dropped");
		munmap(p, pg);
	}
	close(fd);
	unlink(path);
}

static void
file_beyond_eof_sigbus(void)
{
	char path[64];
	int fd, status;
	char *p;

	snprintf(path, sizeof(path), "/tmp/mmap_test.%d.eof", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ASSERT(fd >= 0 && write(fd, "short file", 10) == 10);
	p = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		EXPECT(memcmp(p, "short file", 10) == 0);
		EXPECT_MSG(all_bytes(p + 10, pg - 10, 0),
		    "the tail of the last page is not zero");
		status = st_child_status(touch_read, p + pg);
		EXPECT_MSG(st_killed_by(status, SIGBUS),
		    "read past EOF: %s", st_status_str(status));
		munmap(p, 2 * pg);
	}
	close(fd);
	unlink(path);
}

static void
mmap_bad_args(void)
{
	char path[64];
	int fd = tmp_file(path, sizeof(path), "args", 1, 80);
	int rfd = open(path, O_RDONLY);
	char *p = map_anon(2 * pg, MAP_PRIVATE);
	void *r;

	EXPECT(fd >= 0 && rfd >= 0 && p != MAP_FAILED);
	r = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(r == MAP_FAILED && errno == EINVAL);
	r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 1);
	EXPECT(r == MAP_FAILED && errno == EINVAL);
	r = mmap(NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0);
	EXPECT(r == MAP_FAILED && errno == EINVAL);
	r = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, -1, 0);
	EXPECT(r == MAP_FAILED && errno == EBADF);
	r = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
	EXPECT(r == MAP_FAILED && errno == EACCES);
	r = mmap(p + 1, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
	    -1, 0);
	EXPECT(r == MAP_FAILED && errno == EINVAL);
	EXPECT(munmap(p + 1, pg) == -1 && errno == EINVAL);
	EXPECT(mprotect(p + 1, pg, PROT_READ) == -1 && errno == EINVAL);
	EXPECT(munmap(p, 0) == -1 && errno == EINVAL);
	munmap(p, 2 * pg);
	close(rfd);
	close(fd);
	unlink(path);
}

static void
write_null(void *unused)
{
	*(volatile int *)0 = 1;
}

static void
write_text(void *unused)
{
	*(volatile char *)(void *)write_text = 0;
}

/* Jump into a writable, non-executable page holding a "ret". */
static void
exec_noexec(void *page)
{
	void (*fn)(void) = (void (*)(void))page;

	*(volatile unsigned char *)page = 0xc3;
	fn();
}

static void
fault_signal_status(void)
{
	char *p = map_anon(pg, MAP_PRIVATE);
	int status;

	status = st_child_status(write_null, NULL);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "store to NULL: %s",
	    st_status_str(status));
	status = st_child_status(write_text, NULL);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "store to text: %s",
	    st_status_str(status));
	ASSERT(p != MAP_FAILED);
	status = st_child_status(exec_noexec, p);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "exec of a NX page: %s",
	    st_status_str(status));
	munmap(p, pg);
}

/*
 * tmpfs has no ->page_mkwrite: first writes to its shared pages must
 * not be counted in pgfault_mkwrite. The counter is pinos's own, so on
 * the host Linux the case is skipped; on pinos a missing one fails.
 */
static void
write_notify_tmpfs(void)
{
	long before, after;
	char path[64];
	int fd, i;
	char *p;

	if (st_vmstat("pgfault_mkwrite", &before) != 0) {
		if (st_on_linux())
			SKIP("host Linux has no pgfault_mkwrite counter");
		EXPECT_MSG(0, "no pgfault_mkwrite in /proc/vmstat");
		return;
	}
	fd = tmp_file(path, sizeof(path), "notify", NPAGES, 90);
	ASSERT(fd >= 0);
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	EXPECT(p != MAP_FAILED);
	if (p != MAP_FAILED) {
		for (i = 0; i < NPAGES; i++)
			touch_read(p + i * pg);
		for (i = 0; i < NPAGES; i++)
			p[i * pg] = 'n';
		EXPECT(st_vmstat("pgfault_mkwrite", &after) == 0);
		EXPECT_MSG(after == before, "pgfault_mkwrite moved by %ld",
		    after - before);
		EXPECT(file_bytes(fd, (NPAGES - 1) * pg, 1, 'n'));
		munmap(p, NPAGES * pg);
	}
	close(fd);
	unlink(path);
}

static long
mkwrite_delta(long *last)
{
	long now = 0, d;

	st_vmstat("pgfault_mkwrite", &now);
	d = now - *last;
	*last = now;
	return d;
}

/*
 * ext2 has ->page_mkwrite: a shared writable mapping starts read-only,
 * and each clean-to-dirty transition of a page calls it exactly once:
 * the first store after mapping, and the first store after writeback
 * (msync) cleaned and write-protected the page -- never a second store
 * to a page that is already dirty.
 */
static void
write_notify_ext2(void)
{
	const char *path = "/mmap_notify_ext2.tmp";
	struct statfs sf;
	long last;
	char *p;
	int fd, i;

	if (st_on_linux())
		SKIP("host Linux has no pgfault_mkwrite counter");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || fstatfs(fd, &sf) != 0 || sf.f_type != 0xEF53) {
		if (fd >= 0)
			close(fd);
		unlink(path);
		SKIP("/ is not ext2 here");
	}
	for (i = 0; i < NPAGES; i++)
		ASSERT(pwrite(fd, "x", 1, (off_t)i * pg + pg - 1) == 1);
	ASSERT(fsync(fd) == 0);
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	ASSERT(p != MAP_FAILED);
	ASSERT(st_vmstat("pgfault_mkwrite", &last) == 0);
	for (i = 0; i < NPAGES; i++)
		touch_read(p + i * pg);
	EXPECT_MSG(mkwrite_delta(&last) == 0, "read faults called mkwrite");
	for (i = 0; i < NPAGES; i++)
		p[i * pg] = 'a';
	EXPECT_MSG(mkwrite_delta(&last) == NPAGES, "first stores");
	for (i = 0; i < NPAGES; i++)
		p[i * pg + 1] = 'b';
	EXPECT_MSG(mkwrite_delta(&last) == 0, "stores to dirty pages");
	EXPECT(msync(p, NPAGES * pg, MS_SYNC) == 0);
	for (i = 0; i < NPAGES; i++)
		p[i * pg + 2] = 'c';
	EXPECT_MSG(mkwrite_delta(&last) == NPAGES, "stores after msync");
	munmap(p, NPAGES * pg);
	close(fd);
	unlink(path);
}

/* MAP_POPULATE: every page is present before the first access. */
static void
populate_prefaults(void)
{
	long before, after;
	char *p;
	int i;

	if (st_on_linux())
		SKIP("host Linux counts faults differently");
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT(p != MAP_FAILED);
	/* Twice: the first read may fault in the reader's own buffers. */
	ASSERT(st_vmstat("pgfault", &before) == 0);
	ASSERT(st_vmstat("pgfault", &before) == 0);
	for (i = 0; i < NPAGES; i++)
		p[i * pg] = 1;
	ASSERT(st_vmstat("pgfault", &after) == 0);
	EXPECT_MSG(after == before, "%ld faults after MAP_POPULATE",
	    after - before);
	munmap(p, NPAGES * pg);
}

static const struct st_case cases[] = {
	{ "mmap_anon_private_zero_fill", anon_private_zero_fill, 0 },
	{ "mmap_populate_prefaults", populate_prefaults, 0 },
	{ "mmap_anon_shared_fork_visible", anon_shared_fork_visible, 0 },
	{ "mmap_anon_private_untouched_fork", private_untouched_fork, 0 },
	{ "mmap_cow_child_writes", cow_child_writes, 0 },
	{ "mmap_cow_parent_writes", cow_parent_writes, 0 },
	{ "mmap_cow_heap_stack_data", cow_heap_stack_data, 0 },
	{ "mmap_cow_many_children", cow_many_children, 0 },
	{ "mmap_file_shared_tmpfs", file_shared_tmpfs, 0 },
	{ "mmap_file_private_tmpfs", file_private_tmpfs, 0 },
	{ "mmap_memfd_shared", memfd_shared, 0 },
	{ "mmap_file_shared_fork_visible", file_shared_fork, 0 },
	{ "mmap_memfd_shared_fork_visible", memfd_shared_fork, 0 },
	{ "mmap_file_private_fork_isolated", file_private_fork, 0 },
	{ "mmap_mprotect_read_write_segv", mprotect_read_segv, 0 },
	{ "mmap_mprotect_none_read_segv", mprotect_none_segv, 0 },
	{ "mmap_mprotect_file_shared_segv", mprotect_file_shared_segv, 0 },
	{ "mmap_munmap_middle_fault", munmap_middle_fault, 0 },
	{ "mmap_munmap_middle_two_vmas", munmap_middle_two_vmas, 0 },
	{ "mmap_fixed_replaces", map_fixed_replaces, 0 },
	{ "mmap_madv_dontneed_anon_zero", madv_dontneed_anon, 0 },
	{ "mmap_madv_dontneed_private_file", madv_dontneed_private_file, 0 },
	{ "mmap_file_beyond_eof_sigbus", file_beyond_eof_sigbus, 0 },
	{ "mmap_bad_args", mmap_bad_args, 0 },
	{ "mmap_fault_signal_status", fault_signal_status, 0 },
	{ "mmap_write_notify_tmpfs_no_mkwrite", write_notify_tmpfs, 0 },
	{ "mmap_write_notify_ext2_mkwrite_once", write_notify_ext2, 0 },
};

int
main(void)
{
	pg = (size_t)getpagesize();
	return st_main(cases, ST_NCASES(cases));
}
