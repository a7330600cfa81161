/*
 * ktaprun: the user-space test runner. Usage:
 *
 *	ktaprun [-t SECONDS] [NAME|PATH ...]
 *
 * Runs the named test programs (a NAME without '/' is /bin/NAME), or
 * else every program in /bin whose name ends in "_test" (except the
 * tools is_tool() names), sorted, and
 * prints KTAP version 1: "KTAP version 1", "1..K", then per program
 * its own KTAP output indented by four spaces (read through a pipe,
 * with "# Subtest: NAME" after its "KTAP version 1"), a count line and
 * "ok N NAME" or "not ok N NAME", and finally "# Totals: ...". A
 * program is ok when it exits 0, reported as many cases as it planned
 * and none of them failed; a diagnostic says why otherwise (exit
 * status, signal, missing cases, timeout). Each program gets SECONDS
 * (default 60) before a watchdog kills it. The exit status is the
 * number of programs not ok, at most 100. As the first process
 * (init=/bin/ktaprun) it also reaps orphans, and opens the console if
 * it was started without descriptors 0-2.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <pinos.h>

#define MAX_PROGS	256
#define LINE_MAX_LEN	1024
#define DEFAULT_TIMEOUT	60
#define MAX_STATUS	100

/* What one program printed and how it ended. */
struct run {
	const char *name;
	int header_done;	/* "# Subtest:" printed */
	int planned;		/* its "1..M", or -1 */
	int pass, fail, skip;
	int status;		/* wait status, -1 if none */
	int timed_out;
	char line[LINE_MAX_LEN];
	int len;
};

extern char **environ;
static int timeout_secs = DEFAULT_TIMEOUT;

/* printf to stdout as a single write, so lines never interleave. */
static void
out(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN + 128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0 && write(1, buf, n) < 0)
		return;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Programs whose names end in "_test" but are tools, not selftests:
 * gup_test is Linux's gup_test benchmark tool (user/gup_test.c),
 * kept under its Linux name so its usage carries over.
 */
static int
is_tool(const char *name)
{
	return strcmp(name, "gup_test") == 0;
}

/* Every /bin/X_test, sorted, into names; returns how many. */
static int
find_tests(char **names, int max)
{
	struct dirent *e;
	DIR *d = opendir("/bin");
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL && n < max) {
		if (ends_with(e->d_name, "_test") && !is_tool(e->d_name))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	return n;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void
subtest_header(struct run *r)
{
	out("    # Subtest: %s\n", r->name);
	r->header_done = 1;
}

/* Count the program's own (unindented) plan and results. */
static void
count_line(struct run *r, const char *s)
{
	int m;

	if (sscanf(s, "1..%d", &m) == 1 && r->planned < 0) {
		r->planned = m;
		return;
	}
	if (strncmp(s, "not ok ", 7) == 0)
		r->fail++;
	else if (strncmp(s, "ok ", 3) == 0 && strstr(s, "# SKIP"))
		r->skip++;
	else if (strncmp(s, "ok ", 3) == 0)
		r->pass++;
}

/* Re-print one line of the program's output, indented. */
static void
child_line(struct run *r, const char *s)
{
	if (!r->header_done) {
		if (strcmp(s, "KTAP version 1") == 0) {
			out("    %s\n", s);
			subtest_header(r);
			return;
		}
		out("    KTAP version 1\n");
		subtest_header(r);
	}
	out("    %s\n", s);
	count_line(r, s);
}

/* Split buf into lines; a line longer than the buffer is cut. */
static void
child_output(struct run *r, const char *buf, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\r')
			continue;
		if (buf[i] != '\n' && r->len < LINE_MAX_LEN - 1) {
			r->line[r->len++] = buf[i];
			continue;
		}
		r->line[r->len] = '\0';
		child_line(r, r->line);
		r->len = 0;
		if (buf[i] != '\n')
			r->line[r->len++] = buf[i];
	}
}

/*
 * Kill pid (and its process group) after the timeout; exits 0 then.
 * A descendant outside the group could still hold the output pipe
 * open, so when we are init, and only then, everything else is killed
 * a second later (kill(-1) spares init and the caller).
 */
static pid_t
start_watchdog(pid_t pid)
{
	struct timespec ts = { timeout_secs, 0 }, grace = { 1, 0 };
	int init = getpid() == 1;
	pid_t wd = fork();

	if (wd != 0)
		return wd;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	if (init) {
		nanosleep(&grace, NULL);
		kill(-1, SIGKILL);
	}
	_exit(0);
}

/* The watchdog exited by itself: it fired. Otherwise stop it. */
static int
stop_watchdog(pid_t wd)
{
	int status;

	if (wd < 0)
		return 0;
	kill(wd, SIGKILL);
	if (waitpid(wd, &status, 0) != wd)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Child side: output to the pipe, own process group, exec. */
static void
exec_test(const char *path, int fd)
{
	char *argv[] = { (char *)path, NULL };

	syscall(__NR_setpgid, 0, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	execve(path, argv, environ);
	out("# ktaprun: cannot execute %s: %s\n", path, strerror(errno));
	_exit(127);
}

static void
run_program(const char *path, struct run *r)
{
	char buf[512];
	int fds[2];
	pid_t pid, wd;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	r->name = base_name(path);
	r->planned = -1;
	r->status = -1;
	if (pipe(fds) != 0) {
		out("# ktaprun: pipe: %s\n", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		exec_test(path, fds[1]);
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		out("# ktaprun: fork: %s\n", strerror(errno));
		return;
	}
	wd = start_watchdog(pid);
	while ((n = read(fds[0], buf, sizeof(buf))) > 0 ||
	    (n < 0 && errno == EINTR))
		child_output(r, buf, n > 0 ? (int)n : 0);
	if (r->len > 0)
		child_output(r, "\n", 1);
	close(fds[0]);
	if (waitpid(pid, &r->status, 0) != pid)
		r->status = -1;
	r->timed_out = stop_watchdog(wd);
}

/* Print the verdict for program number k; returns 1 if not ok. */
static int
report(const struct run *r, int k)
{
	int ok = 1, reported = r->pass + r->fail + r->skip;

	if (!r->header_done)
		out("    KTAP version 1\n    # Subtest: %s\n", r->name);
	if (r->timed_out) {
		out("    # %s: timed out after %d s\n", r->name, timeout_secs);
		ok = 0;
	}
	if (r->status == -1) {
		out("    # %s: did not run\n", r->name);
		ok = 0;
	} else if (WIFSIGNALED(r->status)) {
		out("    # %s: killed by signal %s\n", r->name,
		    signal_name(WTERMSIG(r->status)));
		ok = 0;
	} else if (WIFEXITED(r->status) && WEXITSTATUS(r->status) != 0) {
		out("    # %s: exit status %d\n", r->name,
		    WEXITSTATUS(r->status));
		ok = 0;
	}
	if (r->planned >= 0 && reported != r->planned) {
		out("    # %s: %d of %d cases reported\n", r->name, reported,
		    r->planned);
		ok = 0;
	}
	if (r->fail > 0)
		ok = 0;
	out("# %s: pass:%d fail:%d skip:%d total:%d\n", r->name, r->pass,
	    r->fail, r->skip, reported);
	out("%s %d %s\n", ok ? "ok" : "not ok", k, r->name);
	return !ok;
}

static void
reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

int
main(int argc, char **argv)
{
	static char *names[MAX_PROGS];
	static struct run r;
	char path[512];
	int i = 1, n, failed = 0;
	int pass = 0, fail = 0, skip = 0;

	open_console();
	if (argc > 2 && strcmp(argv[1], "-t") == 0) {
		timeout_secs = atoi(argv[2]);
		i = 3;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i < argc) {
		for (n = 0; i < argc && n < MAX_PROGS; i++)
			names[n++] = argv[i];
	} else {
		n = find_tests(names, MAX_PROGS);
	}
	out("KTAP version 1\n1..%d\n", n);
	for (i = 0; i < n; i++) {
		if (strchr(names[i], '/') != NULL)
			snprintf(path, sizeof(path), "%s", names[i]);
		else
			snprintf(path, sizeof(path), "/bin/%s", names[i]);
		run_program(path, &r);
		failed += report(&r, i + 1);
		pass += r.pass;
		fail += r.fail;
		skip += r.skip;
		reap_orphans();
	}
	out("# Totals: pass:%d fail:%d skip:%d total:%d\n", pass, fail, skip,
	    pass + fail + skip);
	return failed > MAX_STATUS ? MAX_STATUS : failed;
}
