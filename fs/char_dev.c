/*
 * Character devices: a registry from dev_t to file_operations.
 *
 * A driver calls register_chrdev(MKDEV(major, minor), "name", &fops)
 * (-EBUSY if the number is taken, -ENOMEM); devfs then shows it as
 * /dev/name, whenever it registers. An S_IFCHR inode gets def_chr_fops
 * (init_special_inode), whose ->open looks the inode's i_rdev up here,
 * installs the driver's fops in the file and calls the driver's ->open;
 * an unregistered number opens with -ENXIO, as in Linux.
 *
 * Locking: chrdevs_lock (a mutex) guards the list; entries are never
 * removed, so a found fops pointer stays valid after it is dropped.
 */
#include "internal.h"
#include <slab.h>

struct char_device {
	dev_t dev;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
};

static LIST_HEAD(chrdevs);
static DEFINE_MUTEX(chrdevs_lock);

static struct char_device *
find_chrdev(dev_t dev)
{
	struct char_device *cd;

	list_for_each_entry(cd, &chrdevs, list)
		if (cd->dev == dev)
			return cd;
	return NULL;
}

int
register_chrdev(dev_t dev, const char *name,
		const struct file_operations *fops)
{
	struct char_device *cd = kzalloc(sizeof(*cd), GFP_KERNEL);

	if (!cd)
		return -ENOMEM;
	cd->dev = dev;
	cd->name = name;
	cd->fops = fops;
	mutex_lock(&chrdevs_lock);
	if (find_chrdev(dev)) {
		mutex_unlock(&chrdevs_lock);
		kfree(cd);
		return -EBUSY;
	}
	list_add_tail(&cd->list, &chrdevs);
	mutex_unlock(&chrdevs_lock);
	devfs_create_node(name, dev);
	return 0;
}

/* devfs: call @fn for every registered device. */
void
chrdev_for_each(void (*fn)(const char *name, dev_t dev))
{
	struct char_device *cd;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry(cd, &chrdevs, list)
		fn(cd->name, cd->dev);
	mutex_unlock(&chrdevs_lock);
}

static int
chrdev_open(struct inode *inode, struct file *f)
{
	struct char_device *cd;

	mutex_lock(&chrdevs_lock);
	cd = find_chrdev(inode->i_rdev);
	mutex_unlock(&chrdevs_lock);
	if (!cd)
		return -ENXIO;
	f->f_op = cd->fops;
	return f->f_op->open ? f->f_op->open(inode, f) : 0;
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};
