/*
 * fork_test: user-space selftest of processes. fork and the wait
 * family (exit codes, many children, ECHILD, WNOHANG, zombies), what a
 * child shares with its parent (open file offsets, pipes), execve
 * (arguments and environment reach the new image, close-on-exec, the
 * errors ENOENT and ENOEXEC, and a failed exec leaving the caller
 * intact) and the signal a process dies of after a fault or a kill.
 * The exec cases run this same program again with a --mode argument
 * (see main()). Prints KTAP (see selftest.h).
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include "selftest.h"

#define EXEC_CHILD_CODE	33
#define NCHILDREN	16

static const char *self_path = "/bin/fork_test";

static void
fork_exit_status(void)
{
	static const int codes[] = { 0, 1, 42, 255 };
	int i, status;
	pid_t pid;

	for (i = 0; i < 4; i++) {
		pid = st_fork();
		if (pid == 0)
			_exit(codes[i]);
		EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
		EXPECT_MSG(st_exited_with(status, codes[i]), "want %d, got %s",
		    codes[i], st_status_str(status));
	}
	/* exit() (stdio flush, then exit_group) reports the same way. */
	pid = st_fork();
	if (pid == 0)
		exit(9);
	EXPECT(pid > 0 && waitpid(pid, &status, 0) == pid);
	EXPECT(st_exited_with(status, 9));
}

static void
fork_many_children(void)
{
	pid_t pids[NCHILDREN], pid;
	int i, status, seen = 0;

	for (i = 0; i < NCHILDREN; i++) {
		pids[i] = st_fork();
		if (pids[i] == 0)
			_exit(100 + i);
		EXPECT(pids[i] > 0);
	}
	while ((pid = wait(&status)) > 0) {
		for (i = 0; i < NCHILDREN; i++)
			if (pids[i] == pid)
				break;
		EXPECT_MSG(i < NCHILDREN, "wait returned a stranger %d", pid);
		if (i < NCHILDREN) {
			EXPECT(st_exited_with(status, 100 + i));
			seen |= 1 << i;
		}
	}
	EXPECT(errno == ECHILD);
	EXPECT_MSG(seen == (1 << NCHILDREN) - 1, "reaped mask %#x", seen);
}

static void
wait_echild_nohang(void)
{
	int fds[2], status;
	pid_t pid;
	char c;

	EXPECT(wait(&status) == -1 && errno == ECHILD);
	EXPECT(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD);
	ASSERT(pipe(fds) == 0);
	pid = st_fork();
	if (pid == 0) {
		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 1 ? 5 : 6);
	}
	close(fds[0]);
	/* Running (blocked) child: WNOHANG reports nothing. */
	EXPECT(waitpid(pid, &status, WNOHANG) == 0);
	EXPECT(write(fds[1], "g", 1) == 1);
	close(fds[1]);
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 5));
	/* Waiting for someone else's process fails. */
	EXPECT(waitpid(1, &status, WNOHANG) == -1 && errno == ECHILD);
}

/* A child that exited long ago stays a zombie until waited for. */
static void
zombie_reaped_later(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int status;
	pid_t pid = st_fork();

	if (pid == 0)
		_exit(7);
	EXPECT(pid > 0);
	nanosleep(&ts, NULL);
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 7));
	EXPECT(waitpid(pid, &status, 0) == -1 && errno == ECHILD);
}

static void
waitpid_specific(void)
{
	pid_t a, b;
	int status;

	a = st_fork();
	if (a == 0)
		_exit(1);
	b = st_fork();
	if (b == 0)
		_exit(2);
	EXPECT(waitpid(b, &status, 0) == b && st_exited_with(status, 2));
	EXPECT(waitpid(a, &status, 0) == a && st_exited_with(status, 1));
}

static void
pids_and_parent(void)
{
	int fds[2], status;
	pid_t me = getpid(), pid;
	long got[2] = { 0, 0 };

	ASSERT(pipe(fds) == 0);
	pid = st_fork();
	if (pid == 0) {
		long v[2] = { getpid(), getppid() };

		_exit(write(fds[1], v, sizeof(v)) == sizeof(v) ? 0 : 1);
	}
	EXPECT(read(fds[0], got, sizeof(got)) == sizeof(got));
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 0));
	EXPECT_MSG(got[0] == pid, "child getpid %ld, fork said %d", got[0],
	    pid);
	EXPECT_MSG(got[1] == me, "child getppid %ld, parent %d", got[1], me);
	EXPECT(pid != me);
	close(fds[0]);
	close(fds[1]);
}

/* An open file description is shared: the child moves our offset. */
static void
shared_file_offset(void)
{
	char path[64], buf[8];
	int fd, status;
	pid_t pid;

	snprintf(path, sizeof(path), "/tmp/fork_test.%d.off", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ASSERT(fd >= 0);
	EXPECT(write(fd, "ab", 2) == 2);
	pid = st_fork();
	if (pid == 0)
		_exit(write(fd, "cd", 2) == 2 ? 0 : 1);
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 0));
	EXPECT(lseek(fd, 0, SEEK_CUR) == 4);
	EXPECT(write(fd, "ef", 2) == 2);
	EXPECT(pread(fd, buf, 6, 0) == 6 && memcmp(buf, "abcdef", 6) == 0);
	close(fd);
	unlink(path);
}

static void
pipe_eof_after_exit(void)
{
	int fds[2], status;
	char buf[32];
	pid_t pid;

	ASSERT(pipe(fds) == 0);
	pid = st_fork();
	if (pid == 0) {
		close(fds[0]);
		_exit(write(fds[1], "through the pipe", 16) == 16 ? 0 : 1);
	}
	close(fds[1]);
	EXPECT(read(fds[0], buf, sizeof(buf)) == 16);
	EXPECT(memcmp(buf, "through the pipe", 16) == 0);
	EXPECT_MSG(read(fds[0], buf, sizeof(buf)) == 0,
	    "no EOF once the only writer exited");
	EXPECT(waitpid(pid, &status, 0) == pid && st_exited_with(status, 0));
	close(fds[0]);
}

/* Run this program again as "self MODE args..."; returns the status. */
static int
exec_self(char *const argv[], char *const envp[])
{
	int status;
	pid_t pid = st_fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(self_path, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void
exec_args_env(void)
{
	char *argv[] = { (char *)self_path, "--exec-child", "two words",
		"", "last", NULL };
	char *envp[] = { "PINOS_TEST=yes", "OTHER=1", NULL };
	int status = exec_self(argv, envp);

	EXPECT_MSG(st_exited_with(status, EXEC_CHILD_CODE),
	    "exec'd child: %s", st_status_str(status));
}

/* Mode --exec-child: check what the parent passed. */
static int
exec_child_main(int argc, char **argv)
{
	const char *v = getenv("PINOS_TEST");

	if (argc != 5 || strcmp(argv[2], "two words") != 0 ||
	    argv[3][0] != '\0' || strcmp(argv[4], "last") != 0 ||
	    argv[5] != NULL)
		return 1;
	if (v == NULL || strcmp(v, "yes") != 0 || getenv("OTHER") == NULL)
		return 2;
	return EXEC_CHILD_CODE;
}

static void
exec_cloexec(void)
{
	char a[16], b[16];
	char *argv[] = { (char *)self_path, "--check-fds", a, b, NULL };
	char *envp[] = { NULL };
	int fa = open("/", O_RDONLY | O_CLOEXEC), fb = open("/", O_RDONLY);
	int status;

	EXPECT(fa >= 0 && fb >= 0);
	snprintf(a, sizeof(a), "%d", fa);
	snprintf(b, sizeof(b), "%d", fb);
	status = exec_self(argv, envp);
	EXPECT_MSG(st_exited_with(status, 0), "%s (1: close-on-exec fd "
	    "open, 2: plain fd closed)", st_status_str(status));
	close(fa);
	close(fb);
}

/* Mode --check-fds A B: A must be closed, B open. */
static int
check_fds_main(int argc, char **argv)
{
	if (argc != 4)
		return 3;
	if (fcntl(atoi(argv[2]), F_GETFD) != -1 || errno != EBADF)
		return 1;
	if (fcntl(atoi(argv[3]), F_GETFD) == -1)
		return 2;
	return 0;
}

static void
exec_enoent(void)
{
	char *argv[] = { "nothing", NULL };
	char *envp[] = { NULL };

	EXPECT(execve("/nonexistent/prog", argv, envp) == -1 &&
	    errno == ENOENT);
	EXPECT(execve("/bin/no_such_program_here", argv, envp) == -1 &&
	    errno == ENOENT);
	EXPECT(execve("", argv, envp) == -1 && errno == ENOENT);
}

/* Write an executable (mode 0755) file holding len bytes of text. */
static int
make_exec_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, len) == (ssize_t)len;
	close(fd);
	/* The creation mode went through the umask; make sure. */
	return ok && chmod(path, 0755) == 0 ? 0 : -1;
}

static void
exec_enoexec(void)
{
	static const struct {
		const char *tag, *text;
		size_t len;
	} files[] = {
		{ "text", "this is not an ELF file\n", 23 },
		{ "empty", "", 0 },
		{ "magic", "\177ELF", 4 },
	};
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };
	char path[64];
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/tmp/fork_test.%d.%s",
		    (int)getpid(), files[i].tag);
		EXPECT(make_exec_file(path, files[i].text, files[i].len) == 0);
		errno = 0;
		EXPECT_MSG(execve(path, argv, envp) == -1 && errno == ENOEXEC,
		    "%s file: errno %d", files[i].tag, errno);
		unlink(path);
	}
}

/* A failed exec must not have torn down the caller's memory. */
static void
exec_failure_keeps_process(void)
{
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };
	char path[64], stack[32] = "stack";
	char *heap = malloc(4096), *map;

	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT(heap != NULL && map != MAP_FAILED);
	strcpy(heap, "heap");
	strcpy(map, "map");
	snprintf(path, sizeof(path), "/tmp/fork_test.%d.bad", (int)getpid());
	EXPECT(make_exec_file(path, "garbage garbage", 15) == 0);
	EXPECT(execve(path, argv, envp) == -1);
	EXPECT(execve("/nonexistent", argv, envp) == -1);
	EXPECT(strcmp(stack, "stack") == 0);
	EXPECT(strcmp(heap, "heap") == 0);
	EXPECT(strcmp(map, "map") == 0);
	unlink(path);
	free(heap);
	munmap(map, 4096);
}

static void
do_ud2(void *unused)
{
	__asm__ volatile("ud2");
}

/* In assembly: the compiler may turn 1 / x into a comparison. */
static void
do_div0(void *unused)
{
	__asm__ volatile("xor %%ecx, %%ecx\n\t"
			 "mov $1, %%eax\n\t"
			 "cltd\n\t"
			 "idivl %%ecx" ::: "eax", "ecx", "edx");
}

static void
do_int3(void *unused)
{
	__asm__ volatile("int3");
}

static void
do_segv(void *unused)
{
	volatile long *volatile p = (long *)8;

	*p = 1;
}

static void
fault_signals(void)
{
	int status;

	status = st_child_status(do_segv, NULL);
	EXPECT_MSG(st_killed_by(status, SIGSEGV), "bad store: %s",
	    st_status_str(status));
	status = st_child_status(do_ud2, NULL);
	EXPECT_MSG(st_killed_by(status, SIGILL), "ud2: %s",
	    st_status_str(status));
	status = st_child_status(do_div0, NULL);
	EXPECT_MSG(st_killed_by(status, SIGFPE), "divide by zero: %s",
	    st_status_str(status));
	status = st_child_status(do_int3, NULL);
	EXPECT_MSG(st_killed_by(status, SIGTRAP), "int3: %s",
	    st_status_str(status));
}

static void
kill_signals(void)
{
	static const int sigs[] = { SIGKILL, SIGTERM, SIGUSR1 };
	int fds[2], i, status;
	pid_t pid;
	char c;

	for (i = 0; i < 3; i++) {
		ASSERT(pipe(fds) == 0);
		pid = st_fork();
		if (pid == 0) {
			/* Block until killed: nobody ever writes. */
			close(fds[1]);
			_exit(read(fds[0], &c, 1) == 1 ? 0 : 3);
		}
		close(fds[0]);
		EXPECT(kill(pid, sigs[i]) == 0);
		EXPECT(waitpid(pid, &status, 0) == pid);
		EXPECT_MSG(st_killed_by(status, sigs[i]), "signal %d: %s",
		    sigs[i], st_status_str(status));
		close(fds[1]);
	}
	EXPECT(kill(pid, 0) == -1 && errno == ESRCH);
}

static const struct st_case cases[] = {
	{ "fork_exit_status", fork_exit_status, 0 },
	{ "fork_many_children", fork_many_children, 0 },
	{ "fork_wait_echild_nohang", wait_echild_nohang, 0 },
	{ "fork_zombie_reaped_later", zombie_reaped_later, 0 },
	{ "fork_waitpid_specific", waitpid_specific, 0 },
	{ "fork_pid_and_ppid", pids_and_parent, 0 },
	{ "fork_shares_file_offset", shared_file_offset, 0 },
	{ "fork_pipe_eof_after_exit", pipe_eof_after_exit, 0 },
	{ "exec_args_and_env", exec_args_env, 0 },
	{ "exec_close_on_exec", exec_cloexec, 0 },
	{ "exec_nonexistent_enoent", exec_enoent, 0 },
	{ "exec_not_elf_enoexec", exec_enoexec, 0 },
	{ "exec_failure_keeps_process", exec_failure_keeps_process, 0 },
	{ "fault_kills_with_signal", fault_signals, 0 },
	{ "kill_default_actions", kill_signals, 0 },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--exec-child") == 0)
		return exec_child_main(argc, argv);
	if (argc > 1 && strcmp(argv[1], "--check-fds") == 0)
		return check_fds_main(argc, argv);
	if (argv[0] != NULL && strchr(argv[0], '/') != NULL)
		self_path = argv[0];
	return st_main(cases, ST_NCASES(cases));
}
