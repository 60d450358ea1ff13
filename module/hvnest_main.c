// SPDX-License-Identifier: GPL-2.0
/*
 * hvnest: load and unload.
 *
 * Load checks every online CPU before anything is changed (see
 * hvnest_checks.c), then offers /dev/hvnest. Late launch (putting Linux
 * under VMX) is not part of this version: every CPU stays native.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/module.h>
#include <linux/timekeeping.h>

#include "hvnest.h"
#include "../ioctl/hvnest_abi.h"

struct hvnest_host hvnest_host;

static int __init hvnest_init(void)
{
	int err;

	cpus_read_lock();
	err = hvnest_check_cpus(&hvnest_host);
	cpus_read_unlock();
	if (err)
		return err;

	hvnest_host.loaded_ns = ktime_get_boottime_ns();
	err = hvnest_dev_register();
	if (err) {
		pr_err("refusing to load: cannot register %s (%d)\n",
		       HVNEST_DEVICE_PATH, err);
		return err;
	}
	pr_info("loaded %s (ABI %u.%u): VMX checks passed on %u online CPUs, VMCS revision %#x; no CPU is virtualized by this version\n",
		HVNEST_VERSION, HVNEST_ABI_MAJOR, HVNEST_ABI_MINOR,
		num_online_cpus(), hvnest_host.vmcs_revision);
	return 0;
}

static void __exit hvnest_exit(void)
{
	hvnest_dev_unregister();
	pr_info("unloaded\n");
}

module_init(hvnest_init);
module_exit(hvnest_exit);

MODULE_DESCRIPTION("hvnest: in-place Intel VMX hypervisor with nested VMX");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVNEST_VERSION);
