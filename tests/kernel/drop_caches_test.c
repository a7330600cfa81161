/*
 * Suite "drop_caches": drop_pagecache() evicts clean folios of
 * filesystems with a backing store, so a re-read comes from disk, and
 * leaves tmpfs alone -- its page cache *is* the data.
 */
#include <kunit.h>
#include <errno.h>
#include <fs.h>
#include <writeback.h>
#include <uapi/fcntl.h>

int do_unlinkat(int dfd, const char *name);

static struct file *
make_file(struct kunit *test, const char *path, char fill)
{
	static char buf[3 * PAGE_SIZE];
	struct file *f = filp_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	loff_t pos = 0;

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	memset(buf, fill, sizeof(buf));
	KUNIT_ASSERT_EQ(test, kernel_write(f, buf, sizeof(buf), &pos),
			sizeof(buf));
	return f;
}

static bool
reads_back(struct file *f, char fill)
{
	static char buf[3 * PAGE_SIZE];
	loff_t pos = 0;

	if (kernel_read(f, buf, sizeof(buf), &pos) != sizeof(buf))
		return false;
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != fill)
			return false;
	return true;
}

static void
drop_caches_keeps_tmpfs(struct kunit *test)
{
	struct file *f = make_file(test, "/tmp/drop_caches.tmp", 't');

	KUNIT_EXPECT_EQ(test, f->f_mapping->nrpages, 3);
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, f->f_mapping->nrpages, 3);
	KUNIT_EXPECT_TRUE(test, reads_back(f, 't'));
	filp_close(f);
	do_unlinkat(-100, "/tmp/drop_caches.tmp");
}

static void
drop_caches_evicts_clean_ext2(struct kunit *test)
{
	struct file *f = make_file(test, "/drop_caches.tmp", 'e');

	if (f->f_inode->i_sb->s_magic != 0xEF53) {
		filp_close(f);
		kunit_skip(test, "/ is not ext2");
	}
	/* Dirty folios stay; after fsync they are clean and go. */
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, f->f_mapping->nrpages, 3);
	KUNIT_ASSERT_EQ(test, f->f_op->fsync(f, 0, (loff_t)1 << 62, 0), 0);
	drop_pagecache();
	KUNIT_EXPECT_EQ(test, f->f_mapping->nrpages, 0);
	KUNIT_EXPECT_TRUE(test, reads_back(f, 'e'));
	KUNIT_EXPECT_EQ(test, f->f_mapping->nrpages, 3);
	filp_close(f);
	do_unlinkat(-100, "/drop_caches.tmp");
}

static struct kunit_case drop_caches_cases[] = {
	KUNIT_CASE(drop_caches_keeps_tmpfs),
	KUNIT_CASE(drop_caches_evicts_clean_ext2),
	{}
};

static struct kunit_suite drop_caches_suite = {
	.name = "drop_caches",
	.test_cases = drop_caches_cases,
};
kunit_test_suite(drop_caches_suite);
