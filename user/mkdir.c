/*
 * mkdir [-p] DIR...: create directories (mode 0755). With -p, create
 * missing parents too and accept directories that already exist.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int
make_one(const char *path, int parents)
{
	struct stat st;

	if (mkdir(path, 0755) == 0)
		return 0;
	if (parents && errno == EEXIST && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
	return 1;
}

/* Create each ancestor of path, then path itself. */
static int
make_parents(const char *path)
{
	char buf[512];
	size_t i;

	if (strlen(path) >= sizeof(buf)) {
		fprintf(stderr, "mkdir: %s: name too long\n", path);
		return 1;
	}
	strcpy(buf, path);
	for (i = 1; buf[i]; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (make_one(buf, 1) != 0)
			return 1;
		buf[i] = '/';
	}
	return make_one(buf, 1);
}

int
main(int argc, char **argv)
{
	int i = 1, parents = 0, status = 0;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		i = 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 2;
	}
	for (; i < argc; i++)
		status |= parents ? make_parents(argv[i]) :
		    make_one(argv[i], 0);
	return status;
}
