/*
 * /proc/sys/vm/pin_policy: reading lists every policy with the active
 * one in brackets ("[linux] legacy no-file-write ..."); writing a name
 * switches to it (-EINVAL for an unknown name).
 */
#include <pin_policy.h>
#include <errno.h>
#include <init.h>
#include <string.h>
#include <sysctl.h>

static int
pin_policy_read(char *buf, size_t len)
{
	return pin_policy_list(buf, len);
}

static int
pin_policy_write(const char *buf, size_t len)
{
	char name[32];
	size_t n = strnlen(buf, len);

	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	if (n == 0 || n >= sizeof(name))
		return -EINVAL;
	memcpy(name, buf, n);
	name[n] = '\0';
	return pin_policy_set(name);
}

static struct ctl_table pin_policy_table = {
	.procname = "pin_policy",
	.read = pin_policy_read,
	.write = pin_policy_write,
};

static int
pin_policy_sysctl_init(void)
{
	return register_sysctl_vm_table(&pin_policy_table);
}
late_initcall(pin_policy_sysctl_init);
