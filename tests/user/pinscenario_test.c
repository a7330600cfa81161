/*
 * pinscenario_test: run the four-step scenario (/bin/pinscenario -a:
 * unpin clean, unpin dirty, and a hole with sub-page blocks) under
 * every pin policy, and check each outcome against what the policy
 * promises:
 *
 *   policy        unpin-clean       unpin-dirty      hole/unpin-dirty
 *   linux         refused (EFAULT)  refused          refused
 *   legacy        data lost         data preserved   fs invariant violated
 *   no-file-write refused           refused          refused
 *   linux-exempt  refused           refused          refused
 *   skip-pinned   data preserved    data preserved   fs invariant violated
 *   bounce        data preserved    data preserved   fs invariant violated
 *
 * A variant pinscenario could not run (no ext2 with blocks smaller
 * than a page for the hole) is reported as skipped, never as passed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define REFUSED "refused (EFAULT)"
#define VIOLATED "filesystem invariant violated"

static const struct expect {
	const char *policy;
	const char *want[3];	/* unpin-clean, unpin-dirty, hole */
} table[] = {
	{ "linux", { REFUSED, REFUSED, REFUSED } },
	{ "legacy", { "data lost", "data preserved", VIOLATED } },
	{ "no-file-write", { REFUSED, REFUSED, REFUSED } },
	{ "linux-exempt", { REFUSED, REFUSED, REFUSED } },
	{ "skip-pinned", { "data preserved", "data preserved", VIOLATED } },
	{ "bounce", { "data preserved", "data preserved", VIOLATED } },
};
static const char *const variants[3] = { "unpin-clean", "unpin-dirty",
					 "hole/unpin-dirty" };
#define NR_POLICIES (int)(sizeof(table) / sizeof(table[0]))

static int nr, failed;

/* Run pinscenario -a -q -p POLICY; its output into @buf. */
static int
run(const char *policy, char *buf, size_t len)
{
	char *args[] = { "pinscenario", "-a", "-q", "-p", (char *)policy,
			 NULL };
	int pipefd[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		execve("/bin/pinscenario", args, NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], buf + total, len - 1 - total)) > 0)
		total += n;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	buf[total] = '\0';
	return 0;
}

/* The outcome pinscenario printed for @variant, or "" if none. */
static void
outcome_of(const char *out, const char *policy, const char *variant,
	   char *got, size_t len)
{
	char key[96];
	const char *o;

	snprintf(key, sizeof(key), "OUTCOME %s %s: ", policy, variant);
	o = strstr(out, key);
	got[0] = '\0';
	if (o)
		snprintf(got, len, "%.*s", (int)strcspn(o + strlen(key), "\n"),
			 o + strlen(key));
}

static void
check(const struct expect *e, int v, const char *out)
{
	char got[128];

	outcome_of(out, e->policy, variants[v], got, sizeof(got));
	if (!strncmp(got, "skipped", 7)) {
		printf("ok %d %s/%s # SKIP %s\n", ++nr, e->policy, variants[v],
		       got);
		return;
	}
	if (strcmp(got, e->want[v]))
		printf("# %s %s: expected '%s', got '%s'\n", e->policy,
		       variants[v], e->want[v], got);
	failed += strcmp(got, e->want[v]) != 0;
	printf("%s %d %s/%s\n", strcmp(got, e->want[v]) ? "not ok" : "ok",
	       ++nr, e->policy, variants[v]);
}

static void
restore_default_policy(void)
{
	int fd = open("/proc/sys/vm/pin_policy", O_WRONLY);

	if (fd >= 0) {
		write(fd, "linux", 5);
		close(fd);
	}
}

int
main(void)
{
	static char out[16384];

	printf("KTAP version 1\n1..%d\n", NR_POLICIES * 3);
	for (int i = 0; i < NR_POLICIES; i++) {
		if (run(table[i].policy, out, sizeof(out)))
			out[0] = '\0';
		for (int v = 0; v < 3; v++)
			check(&table[i], v, out);
	}
	restore_default_policy();
	return failed ? 1 : 0;
}
