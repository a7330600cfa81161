/*
 * cp SRC DST, cp SRC... DIR: copy files. When DST is a directory the
 * copy is DIR/basename(SRC). The new file gets SRC's permission bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
copy_data(int in, int out)
{
	static char buf[8192];
	ssize_t n, w, off;

	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, n - off);
			if (w <= 0)
				return -1;
		}
	}
	return n < 0 ? -1 : 0;
}

static int
copy_file(const char *src, const char *dst)
{
	struct stat st;
	int in, out, r;

	in = open(src, O_RDONLY);
	if (in < 0 || fstat(in, &st) != 0) {
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "cp: %s: is a directory\n", src);
		close(in);
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
	if (out < 0) {
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
		close(in);
		return 1;
	}
	r = copy_data(in, out);
	if (r != 0)
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
	close(in);
	close(out);
	return r != 0;
}

int
main(int argc, char **argv)
{
	const char *dst = argv[argc - 1], *base;
	char path[512];
	int i, status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: cp SRC DST  or  cp SRC... DIR\n");
		return 2;
	}
	if (!is_dir(dst)) {
		if (argc > 3) {
			fprintf(stderr, "cp: %s: not a directory\n", dst);
			return 1;
		}
		return copy_file(argv[1], dst);
	}
	for (i = 1; i < argc - 1; i++) {
		base = strrchr(argv[i], '/');
		base = base ? base + 1 : argv[i];
		snprintf(path, sizeof(path), "%s/%s", dst, base);
		status |= copy_file(argv[i], path);
	}
	return status;
}
