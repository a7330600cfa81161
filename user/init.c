/*
 * init: the first process (init=/bin/init). The kernel has already
 * mounted /, /dev, /proc and /tmp, so init mounts nothing: it makes
 * sure descriptors 0-2 are the console, sets PATH and HOME if the
 * kernel passed none, prints a banner and runs /bin/sh with init's own
 * arguments (init=/bin/init -- ARGS gives "sh ARGS"). While the shell
 * runs, init reaps every orphan that is handed to it. When the shell
 * exits, init exits with the shell's status (128 + N if signal N
 * killed it), which powers the machine off and becomes QEMU's exit
 * status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <pinos.h>

#define SHELL		"/bin/sh"
#define MAX_ARGS	32

extern char **environ;

static void
exec_shell(int argc, char **argv)
{
	char *args[MAX_ARGS + 2];
	int i;

	args[0] = "sh";
	for (i = 1; i < argc && i <= MAX_ARGS; i++)
		args[i] = argv[i];
	args[i] = NULL;
	execve(SHELL, args, environ);
	fprintf(stderr, "init: cannot run %s: %s\n", SHELL, strerror(errno));
}

/* Wait for the shell, reaping orphans; returns its exit status. */
static int
wait_shell(pid_t sh)
{
	int status;
	pid_t pid;

	for (;;) {
		pid = wait(&status);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			fprintf(stderr, "init: wait: %s\n", strerror(errno));
			return 1;
		}
		if (pid != sh)
			continue;
		if (WIFSIGNALED(status))
			return 128 + WTERMSIG(status);
		return WEXITSTATUS(status);
	}
}

int
main(int argc, char **argv)
{
	pid_t pid;

	open_console();
	if (getenv("PATH") == NULL)
		setenv("PATH", "/bin", 1);
	if (getenv("HOME") == NULL)
		setenv("HOME", "/", 1);
	printf("\nWelcome to pinos. Type \"help\" for the shell's "
	    "commands, \"exit\" to power off.\n\n");
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		/* No fork: become the shell ourselves. */
		exec_shell(argc, argv);
		return 127;
	}
	if (pid == 0) {
		exec_shell(argc, argv);
		_exit(127);
	}
	return wait_shell(pid);
}
