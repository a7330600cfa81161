/*
 * glue_test: selftest of libpinos, the layer between newlib and the
 * Linux system-call ABI (user/lib/). Checks that errno values, open and
 * fcntl flags, struct stat, directory streams, wait statuses and signal
 * numbers are translated, that constructors and destructors run, and
 * that the memory, process, time and file-system wrappers work. Each
 * case works in its own directory /tmp/glue_test.PID, removed at the
 * end. Runs unchanged on the host Linux. Prints KTAP (see selftest.h).
 */
#include <dirent.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/times.h>

#include "selftest.h"

#define GREETING	"greetings from the exec'd image"

static const char *self_path = "/bin/glue_test";
static int ctor_ran;
static int dtor_fd = -1;
static char dir[64];

__attribute__((constructor)) static void
ctor(void)
{
	ctor_ran = 1;
}

/* Reports through a pipe, so a test can see it ran at exit(). */
__attribute__((destructor)) static void
dtor(void)
{
	if (dtor_fd >= 0 && write(dtor_fd, "D", 1) != 1)
		_exit(2);
}

/* Remove path and, for a directory, everything below it. */
static void
rm_tree(const char *path)
{
	struct dirent *e;
	char sub[512];
	DIR *d = opendir(path);

	if (d == NULL) {
		unlink(path);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (e->d_type == DT_DIR)
			rm_tree(sub);
		else
			unlink(sub);
	}
	closedir(d);
	rmdir(path);
}

/* Fresh working directory for the running case: dir. */
static int
make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/glue_test.%d", (int)getpid());
	rm_tree(dir);
	return mkdir(dir, 0755);
}

/* dir/name into buf */
static char *
in_dir(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

static void
ctor_dtor(void)
{
	int fds[2], status;
	pid_t pid;
	char c = 0;

	EXPECT(ctor_ran == 1);
	ASSERT(pipe(fds) == 0);
	pid = st_fork();
	if (pid == 0) {
		close(fds[0]);
		dtor_fd = fds[1];
		exit(0);
	}
	close(fds[1]);
	EXPECT(read(fds[0], &c, 1) == 1 && c == 'D');
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 0));
	close(fds[0]);
}

static void
errno_values(void)
{
	char path[512], longname[400];

	EXPECT(make_dir() == 0);
	EXPECT(open("/nonexistent/x", O_RDONLY) == -1 && errno == ENOENT);
	EXPECT(mkdir(dir, 0755) == -1 && errno == EEXIST);
	EXPECT(mkdir(in_dir(path, sizeof(path), "sub"), 0755) == 0);
	EXPECT(close(open(in_dir(path, sizeof(path), "sub/f"),
	    O_CREAT | O_WRONLY, 0644)) == 0);
	EXPECT(rmdir(in_dir(path, sizeof(path), "sub")) == -1 &&
	    errno == ENOTEMPTY);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	EXPECT(open(longname, O_RDONLY) == -1 && errno == ENAMETOOLONG);
	EXPECT(syscall(9999) == -1 && errno == ENOSYS);
	EXPECT(close(12345) == -1 && errno == EBADF);
	rm_tree(dir);
}

static void
file_io(void)
{
	char path[512], buf[64];
	struct stat st;
	int fd;

	EXPECT(make_dir() == 0);
	in_dir(path, sizeof(path), "a");
	fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0600);
	EXPECT(fd >= 0);
	EXPECT(open(path, O_CREAT | O_EXCL | O_RDWR, 0600) == -1 &&
	    errno == EEXIST);
	EXPECT(write(fd, "hello", 5) == 5);
	EXPECT(pwrite(fd, "XY", 2, 1) == 2);
	EXPECT(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hXYlo", 5) == 0);
	EXPECT(lseek(fd, 0, SEEK_END) == 5);
	EXPECT(fstat(fd, &st) == 0 && st.st_size == 5 && S_ISREG(st.st_mode));
	EXPECT((st.st_mode & 0777) == 0600);
	EXPECT(st.st_mtim.tv_sec > 0);
	EXPECT(isatty(fd) == 0 && errno == ENOTTY);
	EXPECT(ioctl(fd, 0x5401, buf) == -1 && errno == ENOTTY);
	EXPECT(fsync(fd) == 0 && ftruncate(fd, 2) == 0);
	EXPECT(stat(path, &st) == 0 && st.st_size == 2);
	close(fd);
	rm_tree(dir);
}

static void
fcntl_flags(void)
{
	char path[512];
	struct stat st;
	int fd, fl;

	EXPECT(make_dir() == 0);
	in_dir(path, sizeof(path), "a");
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	EXPECT(fd >= 0 && write(fd, "ab", 2) == 2);
	close(fd);
	fd = open(path, O_WRONLY | O_APPEND);
	EXPECT(fd >= 0);
	fl = fcntl(fd, F_GETFL);
	EXPECT(fl >= 0 && (fl & O_APPEND) && (fl & O_ACCMODE) == O_WRONLY);
	EXPECT(fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0);
	EXPECT(fcntl(fd, F_GETFL) & O_NONBLOCK);
	EXPECT(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
	    fcntl(fd, F_GETFD) == FD_CLOEXEC);
	EXPECT(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "zz", 2) == 2);
	close(fd);
	EXPECT_MSG(stat(path, &st) == 0 && st.st_size == 4,
	    "O_APPEND did not append");
	EXPECT(open(path, O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
	fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	EXPECT(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	close(fd);
	rm_tree(dir);
}

static void
names(void)
{
	char a[512], b[512], c[512];
	struct stat st;
	int fd;

	EXPECT(make_dir() == 0);
	in_dir(a, sizeof(a), "a");
	in_dir(b, sizeof(b), "b");
	in_dir(c, sizeof(c), "c");
	fd = open(a, O_CREAT | O_WRONLY, 0644);
	EXPECT(fd >= 0 && write(fd, "data", 4) == 4);
	close(fd);
	EXPECT(rename(a, b) == 0 && access(b, F_OK) == 0);
	EXPECT(access(a, F_OK) == -1 && errno == ENOENT);
	EXPECT(symlink(b, a) == 0 && lstat(a, &st) == 0 &&
	    S_ISLNK(st.st_mode));
	EXPECT(stat(a, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 4);
	EXPECT(link(b, c) == 0);
	EXPECT(stat(c, &st) == 0 && st.st_nlink == 2);
	EXPECT(unlink(c) == 0 && stat(b, &st) == 0 && st.st_nlink == 1);
	fd = open(b, O_RDWR | O_TRUNC);
	EXPECT(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);
	rm_tree(dir);
}

static void
dirents(void)
{
	int sub = 0, file = 0, dots = 0, fd;
	char path[512], cwd[256];
	struct dirent *e;
	DIR *d;

	EXPECT(make_dir() == 0);
	EXPECT(mkdir(in_dir(path, sizeof(path), "sub"), 0755) == 0);
	fd = open(in_dir(path, sizeof(path), "b"), O_CREAT | O_WRONLY, 0644);
	EXPECT(fd >= 0);
	close(fd);
	d = opendir(dir);
	EXPECT(d != NULL);
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, "sub") == 0 && e->d_type == DT_DIR)
			sub++;
		if (strcmp(e->d_name, "b") == 0 && e->d_type == DT_REG)
			file++;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			dots++;
	}
	EXPECT_MSG(sub == 1 && file == 1 && dots == 2,
	    "sub %d, b %d, dots %d", sub, file, dots);
	if (d != NULL)
		closedir(d);
	EXPECT(opendir("/nonexistent") == NULL && errno == ENOENT);
	EXPECT(chdir(dir) == 0 && getcwd(cwd, sizeof(cwd)) == cwd &&
	    strcmp(cwd, dir) == 0);
	EXPECT(getcwd(cwd, 3) == NULL && errno == ERANGE);
	EXPECT(chdir("/") == 0);
	rm_tree(dir);
}

static void
mem_wrappers(void)
{
	char *p, *q;
	int fd;

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT(p != MAP_FAILED);
	p[0] = 1;
	p[8191] = 2;
	EXPECT(mprotect(p, 4096, PROT_READ) == 0);
	EXPECT(madvise(p, 8192, MADV_DONTNEED) == 0 && p[8191] == 0);
	EXPECT(munmap(p, 8192) == 0);
	EXPECT(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	    MAP_FAILED && errno == EINVAL);
	fd = memfd_create("t", MFD_CLOEXEC);
	EXPECT(fd >= 0 && ftruncate(fd, 4096) == 0);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	q = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	EXPECT(p != MAP_FAILED && q != MAP_FAILED);
	if (p != MAP_FAILED && q != MAP_FAILED) {
		strcpy(p, "shared");
		EXPECT(strcmp(q, "shared") == 0);
		EXPECT(msync(p, 4096, MS_SYNC) == 0);
	}
	close(fd);
	p = malloc(32 << 20);
	EXPECT(p != NULL);
	if (p != NULL) {
		memset(p, 7, 32 << 20);
		EXPECT(p[(32 << 20) - 1] == 7);
		free(p);
	}
	EXPECT(getpagesize() == 4096 && sysconf(_SC_PAGESIZE) == 4096);
}

static void
wait_statuses(void)
{
	int status;
	pid_t pid;

	pid = st_fork();
	if (pid == 0)
		_exit(42);
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 42);
	pid = st_fork();
	if (pid == 0) {
		kill(getpid(), SIGBUS);
		_exit(1);
	}
	EXPECT(wait(&status) == pid && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGBUS);
	pid = st_fork();
	if (pid == 0) {
		raise(SIGUSR1);
		_exit(1);
	}
	EXPECT(wait4(pid, &status, 0, NULL) == pid && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGUSR1);
	EXPECT(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	EXPECT(getppid() > 0 && getpid() > 0);
	EXPECT(kill(getpid(), 0) == 0);
}

static void
wait_stopped(void)
{
	int status;
	pid_t pid = st_fork();

	if (pid == 0) {
		kill(getpid(), SIGSTOP);
		_exit(3);
	}
	EXPECT(waitpid(pid, &status, WUNTRACED) == pid &&
	    WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
	EXPECT(kill(pid, SIGCONT) == 0);
	EXPECT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 3);
}

/* A child execs us in --greet mode with stdout on a pipe. */
static void
exec_through_pipe(void)
{
	char *argv[] = { (char *)self_path, "--greet", NULL };
	char buf[64];
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	ASSERT(pipe(fds) == 0);
	pid = st_fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execve(argv[0], argv, NULL);
		_exit(99);
	}
	close(fds[1]);
	memset(buf, 0, sizeof(buf));
	n = read(fds[0], buf, sizeof(buf) - 1);
	EXPECT_MSG(n == (ssize_t)strlen(GREETING) + 1 &&
	    strcmp(buf, GREETING "\n") == 0, "read %zd bytes \"%s\"", n,
	    buf);
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 0));
	close(fds[0]);
}

static long
ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000L + b->tv_nsec -
	    a->tv_nsec;
}

static void
time_calls(void)
{
	struct timespec a, b, r = { 0, 20000000 };
	struct timeval tv;
	long ns;

	EXPECT(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
	EXPECT(nanosleep(&r, NULL) == 0);
	EXPECT(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
	ns = ns_between(&a, &b);
	EXPECT_MSG(ns >= 20000000 && ns < 2000000000,
	    "a 20 ms nanosleep took %ld ns", ns);
	EXPECT(clock_gettime(CLOCK_REALTIME, &a) == 0);
	EXPECT(gettimeofday(&tv, NULL) == 0 && tv.tv_sec - a.tv_sec < 5);
	EXPECT(time(NULL) >= a.tv_sec);
	EXPECT(usleep(1000) == 0);
}

static void
realtime_is_set(void)
{
	struct timespec a;

	/* 2020-09-13: any machine with a working RTC is past this. */
	EXPECT(clock_gettime(CLOCK_REALTIME, &a) == 0 &&
	    a.tv_sec > 1600000000);
}

/* Spin until clock() moves, for at most two seconds of real time. */
static void
cpu_clock(void)
{
	struct timespec t0, t;
	struct tms tm;
	clock_t c0 = clock();
	volatile double x = 0;

	EXPECT(c0 != (clock_t)-1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		x += 0.5;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (clock() == c0 && ns_between(&t0, &t) < 2000000000L);
	EXPECT_MSG(clock() > c0, "no CPU time after %ld ms busy",
	    ns_between(&t0, &t) / 1000000);
	EXPECT(times(&tm) != (clock_t)-1 && tm.tms_utime + tm.tms_stime > 0);
}

static void
fs_calls(void)
{
	struct statfs sf;

	EXPECT(statfs("/proc", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC);
	EXPECT(statfs("/nonexistent", &sf) == -1 && errno == ENOENT);
}

static const struct st_case cases[] = {
	{ "glue_ctor_dtor", ctor_dtor, 0 },
	{ "glue_errno_values", errno_values, 0 },
	{ "glue_file_io", file_io, 0 },
	{ "glue_fcntl_flags", fcntl_flags, 0 },
	{ "glue_rename_link_symlink", names, 0 },
	{ "glue_dirents_cwd", dirents, 0 },
	{ "glue_mem_wrappers", mem_wrappers, 0 },
	{ "glue_wait_statuses", wait_statuses, 0 },
	{ "glue_wait_stopped_continued", wait_stopped, 0 },
	{ "glue_exec_through_pipe", exec_through_pipe, 0 },
	{ "glue_time_calls", time_calls, 0 },
	{ "glue_time_realtime_set", realtime_is_set, 0 },
	{ "glue_cpu_clock", cpu_clock, 0 },
	{ "glue_statfs", fs_calls, 0 },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--greet") == 0) {
		printf("%s\n", GREETING);
		return 0;
	}
	if (argv[0] != NULL && strchr(argv[0], '/') != NULL)
		self_path = argv[0];
	return st_main(cases, ST_NCASES(cases));
}
