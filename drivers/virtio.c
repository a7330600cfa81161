/*
 * The virtio bus (include/virtio.h): binds virtio drivers to devices
 * and runs the initialisation handshake of virtio 1.x section 3.1:
 *
 *   reset -> ACKNOWLEDGE (a driver noticed the device)
 *         -> DRIVER      (a driver for this type exists)
 *         -> feature negotiation: offered & understood, written back
 *         -> FEATURES_OK, read back: the device may refuse the set
 *         -> driver probe: queues, config  -> DRIVER_OK (the driver
 *            calls virtio_device_ready() once it can take interrupts)
 *
 * Any failure sets FAILED and leaves the device alone; a missing or
 * refusing device is reported, never fatal. VIRTIO_F_VERSION_1 is
 * always required: this driver stack speaks only the 1.x interface
 * (a legacy-only device is reported and skipped).
 *
 * Either registration order works: a new driver is tried on every
 * unbound device, a new device on every driver. virtio_mutex guards
 * both lists and binding (probe may sleep).
 */
#include <virtio.h>
#include <errno.h>
#include <mutex.h>
#include <printk.h>

static DEFINE_MUTEX(virtio_mutex);
static LIST_HEAD(virtio_devices);
static LIST_HEAD(virtio_drivers);
static int virtio_next_index;

static void
add_status(struct virtio_device *vdev, u8 bits)
{
	vp_set_status(vdev, vp_get_status(vdev) | bits);
}

static u64
driver_features(const struct virtio_driver *drv)
{
	u64 want = 1ULL << VIRTIO_F_VERSION_1;

	for (unsigned int i = 0; i < drv->feature_table_size; i++)
		want |= 1ULL << drv->feature_table[i];
	return want;
}

static int
virtio_negotiate(struct virtio_device *vdev, struct virtio_driver *drv)
{
	u64 offered = vp_get_features(vdev);

	vdev->features = offered & driver_features(drv);
	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		pr_warn("virtio%d: legacy-only device (no VERSION_1), "
			"not supported\n", vdev->index);
		return -ENODEV;
	}
	vp_set_features(vdev, vdev->features);
	add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vp_get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		pr_warn("virtio%d: device refused features %#lx\n",
			vdev->index, vdev->features);
		return -ENODEV;
	}
	return 0;
}

/* Called with virtio_mutex held. */
static void
virtio_try_bind(struct virtio_driver *drv, struct virtio_device *vdev)
{
	int err;

	if (vdev->driver || drv->device_id != vdev->id)
		return;
	add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = virtio_negotiate(vdev, drv);
	if (!err)
		err = drv->probe(vdev);
	if (!err) {
		vdev->driver = drv;
		return;
	}
	pr_warn("virtio%d: %s probe failed: %d\n", vdev->index, drv->name,
		err);
	add_status(vdev, VIRTIO_CONFIG_S_FAILED);
}

int
register_virtio_driver(struct virtio_driver *drv)
{
	struct virtio_device *vdev;

	mutex_lock(&virtio_mutex);
	list_add_tail(&drv->node, &virtio_drivers);
	list_for_each_entry(vdev, &virtio_devices, node)
		virtio_try_bind(drv, vdev);
	mutex_unlock(&virtio_mutex);
	return 0;
}

int
register_virtio_device(struct virtio_device *vdev)
{
	struct virtio_driver *drv;

	mutex_lock(&virtio_mutex);
	vdev->index = virtio_next_index++;
	list_add_tail(&vdev->node, &virtio_devices);
	vp_reset(vdev);
	add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	list_for_each_entry(drv, &virtio_drivers, node)
		virtio_try_bind(drv, vdev);
	mutex_unlock(&virtio_mutex);
	return 0;
}

void
virtio_device_ready(struct virtio_device *vdev)
{
	add_status(vdev, VIRTIO_CONFIG_S_DRIVER_OK);
}
