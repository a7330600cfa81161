/*
 * efault_test: every system call that takes a user pointer must answer
 * a bad one with EFAULT and leave the process alive. Each case passes
 * four kinds of bad pointer in one argument of one call: a low address
 * ((void *)1), an address that was mapped and then unmapped, the first
 * kernel address (0xffff800000000000) and a non-canonical one. Calls
 * go through syscall(2) so the raw pointer reaches the kernel (the
 * libc wrappers of stat, wait4 and friends would copy through a local
 * buffer). Each case runs in a child; the last one makes every call
 * again inside the test process itself, which must survive. Prints
 * KTAP (see selftest.h).
 */
#include <time.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <uapi/stat.h>

#include "selftest.h"

#define NBAD	4

static struct {
	const char *name;
	void *p;
} bad[NBAD] = {
	{ "low", (void *)1 },
	{ "unmapped", NULL },	/* set in main() */
	{ "kernel", (void *)0xffff800000000000UL },
	{ "noncanonical", (void *)0x8000000000000000UL },
};

/* Fixtures: a file with data, a directory, both under /tmp. */
static char data_path[64], dir_path[64];
static int data_fd = -1;
static struct linux_stat lst;
static char *true_argv[] = { "true", NULL };
static char *no_envp[] = { NULL };

static int
fx_setup(void)
{
	snprintf(data_path, sizeof(data_path), "/tmp/efault_test.%d.data",
	    (int)getpid());
	snprintf(dir_path, sizeof(dir_path), "/tmp/efault_test.%d.dir",
	    (int)getpid());
	data_fd = open(data_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (data_fd < 0 || write(data_fd, "0123456789abcdef", 16) != 16)
		return -1;
	return mkdir(dir_path, 0755);
}

static void
fx_teardown(void)
{
	close(data_fd);
	unlink(data_path);
	rmdir(dir_path);
}

static long
c_read(void *b)
{
	lseek(data_fd, 0, SEEK_SET);
	return syscall(__NR_read, data_fd, b, 16);
}

static long
c_write(void *b)
{
	return syscall(__NR_write, data_fd, b, 16);
}

/* A pipe with data waiting, read into the bad buffer. */
static long
c_read_pipe(void *b)
{
	int fds[2];
	long r;

	if (pipe(fds) != 0 || write(fds[1], "data", 4) != 4)
		return -2;
	r = syscall(__NR_read, fds[0], b, 4);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static long
c_write_pipe(void *b)
{
	int fds[2];
	long r;

	if (pipe(fds) != 0)
		return -2;
	r = syscall(__NR_write, fds[1], b, 4);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static long
c_open(void *b)
{
	return syscall(__NR_open, b, 0, 0);
}

static long
c_openat(void *b)
{
	return syscall(__NR_openat, -100, b, 0, 0);	/* AT_FDCWD */
}

static long
c_stat_path(void *b)
{
	return syscall(__NR_stat, b, &lst);
}

static long
c_stat_buf(void *b)
{
	return syscall(__NR_stat, "/", b);
}

static long
c_lstat_buf(void *b)
{
	return syscall(__NR_lstat, data_path, b);
}

static long
c_fstat(void *b)
{
	return syscall(__NR_fstat, data_fd, b);
}

static long
c_pread64(void *b)
{
	return syscall(__NR_pread64, data_fd, b, 16, 0);
}

static long
c_pwrite64(void *b)
{
	return syscall(__NR_pwrite64, data_fd, b, 16, 0);
}

static long
c_getcwd(void *b)
{
	return syscall(__NR_getcwd, b, 256);
}

static long
c_getdents64(void *b)
{
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	long r;

	if (fd < 0)
		return -2;
	r = syscall(__NR_getdents64, fd, b, 4096);
	close(fd);
	return r;
}

static long
c_statfs_path(void *b)
{
	char buf[120];

	return syscall(__NR_statfs, b, buf);
}

static long
c_statfs_buf(void *b)
{
	return syscall(__NR_statfs, "/", b);
}

static long
c_fstatfs(void *b)
{
	return syscall(__NR_fstatfs, data_fd, b);
}

/*
 * wait4 with a bad status or rusage pointer for an exited child.
 * Linux reaps the child even though it cannot report; either way the
 * second wait leaves no zombie behind.
 */
static long
wait4_bad(void *status, void *ru)
{
	pid_t pid = st_fork();
	int st, e;
	long r;

	if (pid < 0)
		return -2;
	if (pid == 0)
		_exit(0);
	r = syscall(__NR_wait4, pid, status, 0, ru);
	e = errno;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	errno = e;
	return r;
}

static long
c_wait4_status(void *b)
{
	return wait4_bad(b, NULL);
}

static long
c_wait4_rusage(void *b)
{
	int st;

	return wait4_bad(&st, b);
}

static long
c_clock_gettime(void *b)
{
	return syscall(__NR_clock_gettime, CLOCK_MONOTONIC, b);
}

static long
c_clock_getres(void *b)
{
	return syscall(__NR_clock_getres, CLOCK_MONOTONIC, b);
}

static long
c_gettimeofday(void *b)
{
	return syscall(__NR_gettimeofday, b, NULL);
}

static long
c_nanosleep(void *b)
{
	return syscall(__NR_nanosleep, b, NULL);
}

static long
c_execve_path(void *b)
{
	return syscall(__NR_execve, b, true_argv, no_envp);
}

/* A real program with bad argv/envp: must fail, not run it. */
static long
c_execve_argv(void *b)
{
	return syscall(__NR_execve, "/bin/true", b, no_envp);
}

static long
c_execve_envp(void *b)
{
	return syscall(__NR_execve, "/bin/true", true_argv, b);
}

static long
c_mkdir(void *b)
{
	return syscall(__NR_mkdir, b, 0755);
}

static long
c_rmdir(void *b)
{
	return syscall(__NR_rmdir, b);
}

static long
c_unlink(void *b)
{
	return syscall(__NR_unlink, b);
}

static long
c_rename_old(void *b)
{
	return syscall(__NR_rename, b, dir_path);
}

static long
c_rename_new(void *b)
{
	return syscall(__NR_rename, data_path, b);
}

static long
c_chdir(void *b)
{
	return syscall(__NR_chdir, b);
}

static long
c_access(void *b)
{
	return syscall(__NR_access, b, 0);
}

static long
c_truncate(void *b)
{
	return syscall(__NR_truncate, b, 0);
}

static long
c_readlink_path(void *b)
{
	char buf[64];

	return syscall(__NR_readlink, b, buf, sizeof(buf));
}

/*
 * A mount that wrongly succeeded is undone at once (the target is our
 * own directory), so a broken kernel cannot hide /tmp from later cases.
 */
static long
mount_bad(const void *src, const void *dst, const void *type)
{
	long r = syscall(__NR_mount, src, dst, type, 0, NULL);
	int e = errno;

	if (r == 0)
		umount(dir_path);
	errno = e;
	return r;
}

static long
c_mount_source(void *b)
{
	return mount_bad(b, dir_path, "tmpfs");
}

static long
c_mount_target(void *b)
{
	return mount_bad("none", b, "tmpfs");
}

static long
c_mount_fstype(void *b)
{
	return mount_bad("none", dir_path, b);
}

static long
c_umount2(void *b)
{
	return syscall(__NR_umount2, b, 0);
}

static long
c_pipe(void *b)
{
	return syscall(__NR_pipe, b);
}

static long
c_pipe2(void *b)
{
	return syscall(__NR_pipe2, b, 0);
}

static long
c_uname(void *b)
{
	return syscall(__NR_uname, b);
}

static long
c_times(void *b)
{
	return syscall(__NR_times, b);
}

static long
c_memfd_create(void *b)
{
	return syscall(__NR_memfd_create, b, 0);
}

static const struct efault_call {
	const char *name;
	long (*call)(void *bad);
} calls[] = {
	{ "efault_read", c_read },
	{ "efault_write", c_write },
	{ "efault_read_pipe", c_read_pipe },
	{ "efault_write_pipe", c_write_pipe },
	{ "efault_open", c_open },
	{ "efault_openat", c_openat },
	{ "efault_stat_path", c_stat_path },
	{ "efault_stat_buf", c_stat_buf },
	{ "efault_lstat_buf", c_lstat_buf },
	{ "efault_fstat", c_fstat },
	{ "efault_pread64", c_pread64 },
	{ "efault_pwrite64", c_pwrite64 },
	{ "efault_getcwd", c_getcwd },
	{ "efault_getdents64", c_getdents64 },
	{ "efault_statfs_path", c_statfs_path },
	{ "efault_statfs_buf", c_statfs_buf },
	{ "efault_fstatfs", c_fstatfs },
	{ "efault_wait4_status", c_wait4_status },
	{ "efault_wait4_rusage", c_wait4_rusage },
	{ "efault_clock_gettime", c_clock_gettime },
	{ "efault_clock_getres", c_clock_getres },
	{ "efault_gettimeofday", c_gettimeofday },
	{ "efault_nanosleep", c_nanosleep },
	{ "efault_execve_path", c_execve_path },
	{ "efault_execve_argv", c_execve_argv },
	{ "efault_execve_envp", c_execve_envp },
	{ "efault_mkdir", c_mkdir },
	{ "efault_rmdir", c_rmdir },
	{ "efault_unlink", c_unlink },
	{ "efault_rename_old", c_rename_old },
	{ "efault_rename_new", c_rename_new },
	{ "efault_chdir", c_chdir },
	{ "efault_access", c_access },
	{ "efault_truncate", c_truncate },
	{ "efault_readlink_path", c_readlink_path },
	{ "efault_mount_source", c_mount_source },
	{ "efault_mount_target", c_mount_target },
	{ "efault_mount_fstype", c_mount_fstype },
	{ "efault_umount2", c_umount2 },
	{ "efault_pipe", c_pipe },
	{ "efault_pipe2", c_pipe2 },
	{ "efault_uname", c_uname },
	{ "efault_times", c_times },
	{ "efault_memfd_create", c_memfd_create },
};

#define NCALLS	ST_NCASES(calls)

/* Lowest free descriptor, to see that a failed call leaked none. */
static int
next_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* Make one call with every bad pointer; returns the failures. */
static int
try_call(const struct efault_call *c)
{
	int i, fd0, fails = 0;
	long r;

	for (i = 0; i < NBAD; i++) {
		fd0 = next_fd();
		errno = 0;
		r = c->call(bad[i].p);
		EXPECT_MSG(r == -1 && errno == EFAULT,
		    "%s pointer %p: returned %ld, errno %d (%s), not EFAULT",
		    bad[i].name, bad[i].p, r, errno, strerror(errno));
		EXPECT_MSG(next_fd() == fd0, "%s pointer: a descriptor leaked",
		    bad[i].name);
		fails += !(r == -1 && errno == EFAULT);
	}
	return fails;
}

static void
run_one(void)
{
	int i;

	if (fx_setup() != 0) {
		EXPECT_MSG(0, "cannot create the fixtures under /tmp");
		fx_teardown();
		return;
	}
	for (i = 0; i < NCALLS; i++)
		if (strcmp(calls[i].name, st_case_name) == 0)
			try_call(&calls[i]);
	fx_teardown();
}

/* All the calls again, in this very process: it must still be here. */
static void
all_in_process(void)
{
	int i, fails = 0;

	if (fx_setup() != 0) {
		EXPECT_MSG(0, "cannot create the fixtures under /tmp");
		fx_teardown();
		return;
	}
	for (i = 0; i < NCALLS; i++)
		fails += try_call(&calls[i]);
	fx_teardown();
	EXPECT_MSG(fails == 0, "%d calls did not return EFAULT", fails);
	EXPECT(getpid() > 0);
}

int
main(void)
{
	static struct st_case cases[NCALLS + 1];
	void *p;
	int i;

	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED && munmap(p, 4096) == 0)
		bad[1].p = p;
	else
		bad[1].p = (void *)0x10000;	/* below any mapping */
	for (i = 0; i < NCALLS; i++) {
		cases[i].name = calls[i].name;
		cases[i].fn = run_one;
	}
	cases[NCALLS].name = "efault_all_calls_one_process_survives";
	cases[NCALLS].fn = all_in_process;
	cases[NCALLS].flags = ST_INPROC;
	return st_main(cases, NCALLS + 1);
}
