/*
 * ram0: a block device over the boot module named "disk.img".
 *
 * A GRUB boot (scripts/mkiso.sh) carries build/disk.img as a multiboot2
 * module, so a machine without a virtio disk (real hardware booted from
 * the ISO) still has the ext2 image. The module's memory was reserved
 * at boot (mm/init.c) and is reached through the direct map; the disk
 * is that memory, so writes change it and are lost at power-off.
 *
 * I/O is a memcpy per segment done in submit_bio() itself, so bios
 * complete before submit_bio() returns, in the submitter's context.
 * No lock: bios to overlapping sectors at the same time are the
 * caller's race, as on any disk. There is no cache to flush.
 */
#include <blkdev.h>
#include <boot.h>
#include <init.h>
#include <mm.h>
#include <printk.h>
#include <string.h>

static struct block_device ram0;

static void
ramdisk_submit_bio(struct bio *bio)
{
	char *disk = (char *)bio->bi_bdev->bd_private +
		     (bio->bi_iter.bi_sector << SECTOR_SHIFT);
	bool write = op_is_write(bio_op(bio));

	for (unsigned int i = 0; i < bio->bi_vcnt; i++) {
		struct bio_vec *bv = &bio->bi_io_vec[i];
		char *mem = (char *)page_address(bv->bv_page) + bv->bv_offset;

		if (write)
			memcpy(disk, mem, bv->bv_len);
		else
			memcpy(mem, disk, bv->bv_len);
		disk += bv->bv_len;
	}
	bio_endio(bio);
}

static const struct block_device_operations ramdisk_ops = {
	.submit_bio = ramdisk_submit_bio,
};

static int
ramdisk_init(void)
{
	const struct boot_module *m = boot_find_module("disk.img");

	if (!m) {
		pr_info("ramdisk: no disk.img boot module, no ram0\n");
		return 0;
	}
	strlcpy(ram0.bd_name, "ram0", sizeof(ram0.bd_name));
	ram0.bd_nr_sectors = (m->end - m->start) >> SECTOR_SHIFT;
	ram0.bd_ops = &ramdisk_ops;
	ram0.bd_private = __va(m->start);
	return add_disk(&ram0);
}
device_initcall(ramdisk_init);
