/*
 * bios (include/blkdev.h): set-up, segments and completion.
 *
 * bio_alloc() puts the segment table right after the struct in one
 * kmalloc, so a bio is one allocation and bio_put() one free. A bio
 * set up on the stack with bio_init() brings its own table and is
 * not bio_put().
 *
 * bio_endio() is the single completion point: drivers call it (often
 * from their interrupt handler), and so does the block layer for
 * errors it catches before the driver sees the bio.
 */
#include <blkdev.h>
#include <mm.h>
#include <slab.h>
#include <string.h>

void
bio_init(struct bio *bio, struct block_device *bdev, struct bio_vec *table,
	 unsigned short max_vecs, unsigned int opf)
{
	memset(bio, 0, sizeof(*bio));
	bio->bi_bdev = bdev;
	bio->bi_opf = opf;
	bio->bi_io_vec = table;
	bio->bi_max_vecs = max_vecs;
}

struct bio *
bio_alloc(struct block_device *bdev, unsigned short nr_vecs,
	  unsigned int opf, gfp_t gfp)
{
	struct bio *bio;

	if (nr_vecs > BIO_MAX_VECS)
		return NULL;
	bio = kmalloc(sizeof(*bio) + nr_vecs * sizeof(struct bio_vec), gfp);
	if (bio)
		bio_init(bio, bdev, bio->bi_inline_vecs, nr_vecs, opf);
	return bio;
}

void
bio_put(struct bio *bio)
{
	kfree(bio);
}

int
bio_add_page(struct bio *bio, struct page *page, unsigned int len,
	     unsigned int offset)
{
	unsigned int max = bio->bi_max_vecs;

	if (bio->bi_bdev && bio->bi_bdev->bd_max_segments < max)
		max = bio->bi_bdev->bd_max_segments;
	if (bio->bi_vcnt >= max || !len || offset + len > PAGE_SIZE)
		return 0;
	bio->bi_io_vec[bio->bi_vcnt++] = (struct bio_vec){
		.bv_page = page, .bv_len = len, .bv_offset = offset };
	bio->bi_iter.bi_size += len;
	return len;
}

void
bio_endio(struct bio *bio)
{
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}

void
bio_io_error(struct bio *bio)
{
	bio->bi_status = BLK_STS_IOERR;
	bio_endio(bio);
}
