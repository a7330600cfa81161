/*
 * selftest.h: the small harness every user-space selftest in tests/user
 * includes. A test program lists its cases in a table and calls
 * st_main(), which prints KTAP version 1 ("KTAP version 1", "1..N",
 * then "ok K name", "not ok K name" or "ok K name # SKIP reason" per
 * case, "# ..." diagnostics before a result) and returns 0 when no case
 * failed, else 1. /bin/ktaprun nests this output under its own.
 *
 * Rules. Each case runs in a forked child unless flagged ST_INPROC, so
 * a case that crashes or is killed costs only itself; the child reports
 * through a magic exit code (anything else, e.g. a child that exec'd
 * another program, counts as a failure) plus one pipe message carrying
 * a skip reason. Inside a case, EXPECT(cond) records a check and
 * prints a diagnostic when it fails (ASSERT(cond) also ends the case,
 * for what later checks depend on); a case passes only if it made at
 * least one check and none failed, so an empty case cannot pass.
 * SKIP(why) ends a case as skipped (unless a check already failed).
 * Cases must reap every child they fork (use st_fork(), which flushes
 * stdio first, and _exit() in children). The helpers below (vmstat
 * counters, child status, host detection) are shared by the test
 * programs; being one header, every function is static and may go
 * unused in a given program.
 */
#ifndef _PINOS_SELFTEST_H
#define _PINOS_SELFTEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define ST_UNUSED	__attribute__((unused))
#define ST_INPROC	1	/* run in the test process, not a child */

/* Exit codes of a case child; chosen to be unlike any program's. */
#define ST_CODE_PASS	71
#define ST_CODE_FAIL	72
#define ST_CODE_SKIP	73

enum st_result { ST_PASS, ST_FAIL, ST_SKIP };

struct st_case {
	const char *name;
	void (*fn)(void);
	int flags;
};

/* State of the case being run (in the child, or in-process). */
static int st_checks, st_failures, st_skipped;
static char st_reason[200];
static const char *st_case_name;

ST_UNUSED static void
st_diag(const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("# %s: %s\n", st_case_name ? st_case_name : "-", line);
	fflush(stdout);
}

ST_UNUSED static int
st_check(int ok, const char *what, const char *file, int line)
{
	int e = errno;

	st_checks++;
	if (ok)
		return 1;
	st_failures++;
	st_diag("%s:%d: expected %s (errno %d: %s)", file, line, what, e,
	    strerror(e));
	errno = e;
	return 0;
}

#define EXPECT(cond) st_check(!!(cond), #cond, __FILE__, __LINE__)

/* EXPECT, and end the case when it fails: what follows needs it. */
#define ASSERT(cond)                                                       \
	do {                                                               \
		if (!st_check(!!(cond), #cond, __FILE__, __LINE__))        \
			return;                                            \
	} while (0)

/* EXPECT with an explanation printed when it fails. */
#define EXPECT_MSG(cond, ...)                                              \
	do {                                                               \
		int st_ok_ = !!(cond);                                     \
		st_check(st_ok_, #cond, __FILE__, __LINE__);               \
		if (!st_ok_)                                               \
			st_diag(__VA_ARGS__);                              \
	} while (0)

/* End the case as skipped; reason is printf-style. */
#define SKIP(...)                                                          \
	do {                                                               \
		snprintf(st_reason, sizeof(st_reason), __VA_ARGS__);       \
		st_skipped = 1;                                            \
		return;                                                    \
	} while (0)

/* Flush stdio, then fork: a child must not inherit unwritten output. */
ST_UNUSED static pid_t
st_fork(void)
{
	fflush(stdout);
	fflush(stderr);
	return fork();
}

/* Run fn(arg) in a child that then exits 0; returns its wait status. */
ST_UNUSED static int
st_child_status(void (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = st_fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

ST_UNUSED static int
st_killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

ST_UNUSED static int
st_exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) &&
	    WEXITSTATUS(status) == code;
}

/* Describe a wait status for diagnostics. */
ST_UNUSED static const char *
st_status_str(int status)
{
	static char buf[64];

	if (status == -1)
		snprintf(buf, sizeof(buf), "no status (fork/wait failed)");
	else if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof(buf), "killed by signal %d",
		    WTERMSIG(status));
	else
		snprintf(buf, sizeof(buf), "status 0x%x", status);
	return buf;
}

/*
 * True on the host Linux, where a few pinos-only facts (its private
 * /proc/vmstat counters, a machine with no other activity) do not
 * hold. Linux's struct new_utsname is six 65-byte strings; a kernel
 * without uname counts as not Linux.
 */
ST_UNUSED static int
st_on_linux(void)
{
	char uts[6][65];

	memset(uts, 0, sizeof(uts));
	if (syscall(__NR_uname, uts) != 0)
		return 0;
	return strcmp(uts[0], "Linux") == 0;
}

/* Read a whole small file into buf (NUL-terminated); -1 on error. */
ST_UNUSED static int
st_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return (int)n;
}

/*
 * Value of counter name in /proc/vmstat ("name value" lines) into *val;
 * 0 on success, -1 when the file or the counter is missing. The buffer
 * is static so repeated reads allocate nothing (the leak test counts
 * free pages around them).
 */
ST_UNUSED static int
st_vmstat(const char *name, long *val)
{
	static char buf[8192];
	size_t len = strlen(name);
	char *p;

	if (st_read_file("/proc/vmstat", buf, sizeof(buf)) < 0)
		return -1;
	for (p = buf; p != NULL && *p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, name, len) == 0 && p[len] == ' ') {
			*val = strtol(p + len + 1, NULL, 10);
			return 0;
		}
	}
	return -1;
}

static void
st_reset(const struct st_case *c)
{
	st_checks = 0;
	st_failures = 0;
	st_skipped = 0;
	st_reason[0] = '\0';
	st_case_name = c->name;
}

static enum st_result
st_run_here(const struct st_case *c)
{
	st_reset(c);
	c->fn();
	fflush(stdout);
	/* A failed check is never hidden by a later skip. */
	if (st_failures)
		return ST_FAIL;
	if (st_skipped)
		return ST_SKIP;
	if (st_checks == 0) {
		st_diag("the case made no checks");
		return ST_FAIL;
	}
	return ST_PASS;
}

/* Child side: run the case, send the skip reason, exit with the code. */
static void
st_child(const struct st_case *c, int fd)
{
	static const int codes[] = { ST_CODE_PASS, ST_CODE_FAIL,
		ST_CODE_SKIP };
	enum st_result r = st_run_here(c);
	char msg[sizeof(st_reason) + 1];

	msg[0] = (char)('0' + r);
	strcpy(msg + 1, st_reason);
	if (write(fd, msg, strlen(msg)) < 0)
		_exit(ST_CODE_FAIL);
	_exit(codes[r]);
}

/* Map a case child's status to a result; sets st_reason for a skip. */
static enum st_result
st_child_result(const struct st_case *c, int status, int fd)
{
	char msg[sizeof(st_reason) + 1];
	ssize_t n;

	if (WIFEXITED(status) && (WEXITSTATUS(status) == ST_CODE_PASS ||
	    WEXITSTATUS(status) == ST_CODE_FAIL ||
	    WEXITSTATUS(status) == ST_CODE_SKIP)) {
		/* The child wrote its message before exiting. */
		n = read(fd, msg, sizeof(msg) - 1);
		msg[n > 0 ? n : 0] = '\0';
		if (n > 0 && msg[0] == '0' + ST_SKIP &&
		    WEXITSTATUS(status) == ST_CODE_SKIP) {
			snprintf(st_reason, sizeof(st_reason), "%s", msg + 1);
			return ST_SKIP;
		}
		if (n > 0 && msg[0] == '0' + ST_PASS &&
		    WEXITSTATUS(status) == ST_CODE_PASS)
			return ST_PASS;
		if (n > 0 && msg[0] == '0' + ST_FAIL)
			return ST_FAIL;
	}
	st_case_name = c->name;
	st_diag("case process ended unexpectedly: %s", st_status_str(status));
	return ST_FAIL;
}

static enum st_result
st_run_forked(const struct st_case *c)
{
	int fds[2], status;
	enum st_result r;
	pid_t pid;

	if (pipe(fds) != 0) {
		st_case_name = c->name;
		st_diag("pipe failed (errno %d); running in-process", errno);
		return st_run_here(c);
	}
	pid = st_fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		st_case_name = c->name;
		st_diag("fork failed (errno %d); running in-process", errno);
		return st_run_here(c);
	}
	if (pid == 0) {
		close(fds[0]);
		st_child(c, fds[1]);
	}
	close(fds[1]);
	st_reason[0] = '\0';
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	r = status == -1 ? ST_FAIL : st_child_result(c, status, fds[0]);
	close(fds[0]);
	return r;
}

/*
 * Run the n cases of the table and print KTAP. Returns the program's
 * exit status: 0 if nothing failed.
 */
ST_UNUSED static int
st_main(const struct st_case *cases, int n)
{
	int k, pass = 0, fail = 0, skip = 0;
	enum st_result r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..%d\n", n);
	for (k = 0; k < n; k++) {
		fflush(stdout);
		if (cases[k].flags & ST_INPROC)
			r = st_run_here(&cases[k]);
		else
			r = st_run_forked(&cases[k]);
		if (r == ST_PASS) {
			pass++;
			printf("ok %d %s\n", k + 1, cases[k].name);
		} else if (r == ST_SKIP) {
			skip++;
			printf("ok %d %s # SKIP %s\n", k + 1, cases[k].name,
			    st_reason);
		} else {
			fail++;
			printf("not ok %d %s\n", k + 1, cases[k].name);
		}
	}
	printf("# Totals: pass:%d fail:%d skip:%d total:%d\n", pass, fail,
	    skip, n);
	fflush(stdout);
	return fail ? 1 : 0;
}

#define ST_NCASES(t) ((int)(sizeof(t) / sizeof((t)[0])))

#endif
