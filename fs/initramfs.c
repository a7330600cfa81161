/*
 * The initramfs: a "newc" cpio archive, loaded by the boot loader as a
 * module whose name ends in initramfs.cpio, unpacked into the root
 * tmpfs at boot.
 *
 * newc format: each member is a 110-byte ASCII header ("070701" or
 * "070702", then 13 eight-digit hex fields: ino, mode, uid, gid, nlink,
 * mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize,
 * check), the NUL-terminated name padded to a multiple of 4 bytes
 * (counting from the header's start), then the data, padded likewise.
 * The member named "TRAILER!!!" ends the archive.
 *
 * Directories, regular files and symlinks are created, with their
 * permission bits (and files with their mtime); existing directories
 * are fine. Devices and other types are skipped with a warning. A
 * malformed header stops the unpacking with -EINVAL; errors on single
 * members are reported and skipped. unpack_cpio() takes any
 * destination directory, which the tests use.
 */
#include "internal.h"
#include <boot.h>
#include <slab.h>
#include <asm/page.h>

#define CPIO_HDR_LEN 110

struct cpio_member {
	unsigned long mode, mtime, filesize, namesize;
	const char *name;
	const char *data;
};

static int
hex8(const char *s, unsigned long *v)
{
	char tmp[9];

	memcpy(tmp, s, 8);
	tmp[8] = '\0';
	return kstrtoul(tmp, 16, v);
}

/* Parse the member at @off; returns the offset of the next one. */
static long
parse_member(const char *buf, size_t len, size_t off, struct cpio_member *m)
{
	const char *h = buf + off;
	unsigned long f[13];
	size_t data;

	if (off + CPIO_HDR_LEN > len ||
	    (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)))
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (hex8(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	m->mode = f[1];
	m->mtime = f[5];
	m->filesize = f[6];
	m->namesize = f[11];
	m->name = h + CPIO_HDR_LEN;
	if (!m->namesize || m->namesize > PATH_MAX ||
	    off + CPIO_HDR_LEN + m->namesize > len ||
	    m->name[m->namesize - 1] != '\0')
		return -EINVAL;
	data = ALIGN(off + CPIO_HDR_LEN + m->namesize, 4);
	if (data > len || m->filesize > len - data)
		return -EINVAL;
	m->data = buf + data;
	return ALIGN(data + m->filesize, 4);
}

static int
write_file(const char *path, const struct cpio_member *m)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC,
				   m->mode & 07777);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, m->data, m->filesize, NULL);
	if (n >= 0 && (size_t)n != m->filesize)
		n = -ENOSPC;
	f->f_inode->i_mtime = m->mtime;
	fput(f);
	return n < 0 ? n : 0;
}

/* The data is the target, not NUL-terminated. */
static int
make_symlink(const char *path, const struct cpio_member *m)
{
	char *target;
	int err;

	if (m->filesize >= PATH_MAX)
		return -ENAMETOOLONG;
	target = kmalloc(m->filesize + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, m->data, m->filesize);
	target[m->filesize] = '\0';
	err = do_symlinkat(target, AT_FDCWD, path);
	kfree(target);
	return err;
}

static int
unpack_member(const char *dest, const struct cpio_member *m, char *path)
{
	const char *name = m->name;
	int err = 0;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (*name == '/')
		name++;
	if (!*name || !strcmp(name, "."))
		return 0;			/* the root itself */
	if (snprintf(path, PATH_MAX, "%s/%s", dest, name) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (S_ISDIR(m->mode)) {
		err = do_mkdirat(AT_FDCWD, path, m->mode & 07777);
		if (err == -EEXIST)
			err = 0;
	} else if (S_ISREG(m->mode)) {
		err = write_file(path, m);
	} else if (S_ISLNK(m->mode)) {
		err = make_symlink(path, m);
	} else {
		pr_warn("initramfs: skipping %s (type %lo unsupported)\n",
			name, m->mode & S_IFMT);
	}
	return err;
}

int
unpack_cpio(const void *buf, size_t len, const char *dest)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	struct cpio_member m;
	size_t off = 0;
	long next;
	int err;

	if (!path)
		return -ENOMEM;
	for (;;) {
		next = parse_member(buf, len, off, &m);
		if (next < 0 || !strcmp(m.name, "TRAILER!!!"))
			break;
		err = unpack_member(dest, &m, path);
		if (err)
			pr_warn("initramfs: %s: error %d\n", m.name, err);
		off = next;
	}
	kfree(path);
	if (next < 0)
		pr_err("initramfs: bad archive at offset %lu\n", off);
	return next < 0 ? (int)next : 0;
}

static const struct boot_module *
find_initramfs(void)
{
	static const char suffix[] = "initramfs.cpio";
	const struct boot_module *mod = boot_find_module(suffix);

	for (int i = 0; !mod && i < boot_info.nr_modules; i++) {
		const char *n = boot_info.modules[i].name;
		size_t l = strlen(n);

		if (l >= sizeof(suffix) - 1 &&
		    !strcmp(n + l - (sizeof(suffix) - 1), suffix))
			mod = &boot_info.modules[i];
	}
	return mod;
}

int
populate_rootfs(void)
{
	const struct boot_module *mod = find_initramfs();

	if (!mod)
		return 0;
	pr_info("initramfs: unpacking %lu bytes\n",
		(unsigned long)(mod->end - mod->start));
	return unpack_cpio(__va(mod->start), mod->end - mod->start, "");
}
