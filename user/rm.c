/*
 * rm [-r] [-f] FILE...: remove files. -r removes directories and
 * everything below them; -f ignores files that do not exist.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int recursive, force;

static int
fail(const char *path)
{
	if (force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return 1;
}

static int remove_path(const char *path);

/* Remove what dir holds, then dir. */
static int
remove_tree(const char *dir)
{
	char sub[512];
	struct dirent *e;
	int status = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return fail(dir);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		status |= remove_path(sub);
	}
	closedir(d);
	if (rmdir(dir) != 0)
		status |= fail(dir);
	return status;
}

static int
remove_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return fail(path);
	if (S_ISDIR(st.st_mode)) {
		if (recursive)
			return remove_tree(path);
		fprintf(stderr, "rm: %s: is a directory (use -r)\n", path);
		return 1;
	}
	return unlink(path) == 0 ? 0 : fail(path);
}

/* Options -r/-R and -f, alone or together; returns argv's next index. */
static int
options(int argc, char **argv)
{
	const char *o;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		for (o = argv[i] + 1; *o; o++) {
			if (*o == 'r' || *o == 'R')
				recursive = 1;
			else if (*o == 'f')
				force = 1;
			else
				return -1;
		}
	}
	return i;
}

int
main(int argc, char **argv)
{
	int i = options(argc, argv), status = 0;

	if (i < 0 || (i >= argc && !force)) {
		fprintf(stderr, "usage: rm [-r] [-f] FILE...\n");
		return 2;
	}
	for (; i < argc; i++)
		status |= remove_path(argv[i]);
	return status;
}
