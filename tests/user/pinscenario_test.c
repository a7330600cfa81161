/*
 * pinscenario_test: run the four-step scenario (/bin/pinscenario)
 * under every pin policy and variant, and check each outcome against
 * what the policy promises:
 *
 *   policy        unpin-clean       unpin-dirty      hole/unpin-dirty
 *   linux         refused (EFAULT)  refused          refused
 *   legacy        data lost         data preserved   fs invariant violated
 *   no-file-write refused           refused          refused
 *   linux-exempt  refused           refused          refused
 *   skip-pinned   data preserved    data preserved   fs invariant violated
 *   bounce        data preserved    data preserved   fs invariant violated
 *
 * The hole variant needs an ext2 filesystem with blocks smaller than a
 * page (the 1 KiB-block test disk); without one those cases are
 * reported as skipped.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>
#include <sys/wait.h>

struct expect {
	const char *policy;
	const char *clean, *dirty, *hole;
};

static const struct expect table[] = {
	{ "linux", "refused (EFAULT)", "refused (EFAULT)", "refused (EFAULT)" },
	{ "legacy", "data lost", "data preserved",
	  "filesystem invariant violated" },
	{ "no-file-write", "refused (EFAULT)", "refused (EFAULT)",
	  "refused (EFAULT)" },
	{ "linux-exempt", "refused (EFAULT)", "refused (EFAULT)",
	  "refused (EFAULT)" },
	{ "skip-pinned", "data preserved", "data preserved",
	  "filesystem invariant violated" },
	{ "bounce", "data preserved", "data preserved",
	  "filesystem invariant violated" },
};
#define NR_POLICIES (int)(sizeof(table) / sizeof(table[0]))

static int nr, failed;

/* An ext2 mount with blocks smaller than a page, from /proc/mounts. */
static int
find_small_block_ext2(char *dir, size_t len)
{
	char buf[4096], *line, *save;
	int fd = open("/proc/mounts", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char dev[64], mnt[128], type[32];
		struct statfs st;

		if (sscanf(line, "%63s %127s %31s", dev, mnt, type) != 3)
			continue;
		if (strcmp(type, "ext2") || statfs(mnt, &st) ||
		    st.f_bsize >= 4096)
			continue;
		snprintf(dir, len, "%s", mnt);
		return 0;
	}
	return -1;
}

/* Run pinscenario with @args; copy the text after "OUTCOME ...: ". */
static int
run(char *const args[], char *out, size_t len)
{
	char buf[8192];
	int pipefd[2], status;
	ssize_t n, total = 0;
	pid_t pid;
	char *o, *colon;

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
	while ((n = read(pipefd[0], buf + total, sizeof(buf) - 1 - total)) > 0)
		total += n;
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	buf[total] = '\0';
	o = strstr(buf, "OUTCOME ");
	colon = o ? strstr(o, ": ") : NULL;
	if (colon == NULL)
		return printf("# pinscenario printed no outcome:\n# %s\n", buf),
		       -1;
	snprintf(out, len, "%.*s", (int)strcspn(colon + 2, "\n"), colon + 2);
	return 0;
}

static void
check(const char *policy, const char *variant, const char *want,
      char *const args[])
{
	char got[128] = "";
	int ok = run(args, got, sizeof(got)) == 0 && !strcmp(got, want);

	if (!ok)
		printf("# %s %s: expected '%s', got '%s'\n", policy, variant,
		       want, got);
	printf("%s %d %s/%s\n", ok ? "ok" : "not ok", ++nr, policy, variant);
	failed += !ok;
}

int
main(void)
{
	char hole_dir[128];
	int have_hole = find_small_block_ext2(hole_dir, sizeof(hole_dir)) == 0;

	printf("KTAP version 1\n1..%d\n", NR_POLICIES * 3);
	for (int i = 0; i < NR_POLICIES; i++) {
		const char *p = table[i].policy;
		char *clean[] = { "pinscenario", "-q", "-c", "-p", (char *)p,
				  NULL };
		char *dirty[] = { "pinscenario", "-q", "-d", "-p", (char *)p,
				  NULL };
		char *hole[] = { "pinscenario", "-q", "-d", "-H", "-p",
				 (char *)p, "-D", hole_dir, NULL };

		check(p, "unpin-clean", table[i].clean, clean);
		check(p, "unpin-dirty", table[i].dirty, dirty);
		if (have_hole)
			check(p, "hole", table[i].hole, hole);
		else
			printf("ok %d %s/hole # SKIP no ext2 with sub-page "
			       "blocks mounted\n", ++nr, p);
	}
	char *restore[] = { "pinscenario", "-q", "-p", "linux", NULL };
	char dummy[64];
	run(restore, dummy, sizeof(dummy));
	return failed ? 1 : 0;
}
