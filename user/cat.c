/*
 * cat [FILE...]: copy each FILE ("-" or no FILE: standard input) to
 * standard output. Exit status 1 if any file could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
write_all(const char *p, ssize_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(1, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

static int
copy_fd(int fd, const char *name)
{
	static char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (write_all(buf, n) != 0) {
			fprintf(stderr, "cat: write: %s\n", strerror(errno));
			return 1;
		}
	}
	return 0;
}

static int
cat_file(const char *path)
{
	int fd, r;

	if (strcmp(path, "-") == 0)
		return copy_fd(0, "stdin");
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "cat: %s: %s\n", path, strerror(errno));
		return 1;
	}
	r = copy_fd(fd, path);
	close(fd);
	return r;
}

int
main(int argc, char **argv)
{
	int i, status = 0;

	if (argc < 2)
		return copy_fd(0, "stdin");
	for (i = 1; i < argc; i++)
		status |= cat_file(argv[i]);
	return status;
}
