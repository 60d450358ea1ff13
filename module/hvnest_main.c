// SPDX-License-Identifier: GPL-2.0
/*
 * hvnest: load and unload.
 *
 * Load checks every online CPU before anything is changed (see
 * hvnest_checks.c), puts every CPU under VMX (launch.c), then offers
 * /dev/hvnest. Unload hands every CPU back first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/module.h>
#include <linux/timekeeping.h>

#include "hvnest.h"
#include "../ioctl/hvnest_abi.h"

struct hvnest_host hvnest_host;

int hvnest_inject_launch_failure = -1;
module_param_named(inject_launch_failure, hvnest_inject_launch_failure, int,
		   0400);
MODULE_PARM_DESC(inject_launch_failure,
		 "test only: make the launch of this CPU fail (default -1: none)");

unsigned int hvnest_test_tail_nmi;
module_param_named(test_tail_nmi, hvnest_test_tail_nmi, uint, 0400);
MODULE_PARM_DESC(test_tail_nmi,
		 "test only: on each CPU, the first N entries of L2 send the CPU an NMI in their last steps (default 0)");

static int __init hvnest_init(void)
{
	int err;

	cpus_read_lock();
	err = hvnest_check_cpus(&hvnest_host);
	cpus_read_unlock();
	if (err)
		return err;

	hvnest_host.loaded_ns = ktime_get_boottime_ns();
	err = hvnest_launch_all();
	if (err)
		return err;
	hvnest_log_start();
	err = hvnest_dev_register();
	if (err) {
		pr_err("refusing to load: cannot register %s (%d)\n",
		       HVNEST_DEVICE_PATH, err);
		hvnest_hand_back_all();
		hvnest_log_stop();
		hvnest_free_all();
		return err;
	}
	hvnest_sleep_register();
	pr_info("loaded %s (ABI %u.%u): VMX checks passed on %u online CPUs, VMCS revision %#x; %u CPUs virtualized\n",
		HVNEST_VERSION, HVNEST_ABI_MAJOR, HVNEST_ABI_MINOR,
		num_online_cpus(), hvnest_host.vmcs_revision,
		hvnest_nr_virtualized());
	return 0;
}

static void __exit hvnest_exit(void)
{
	hvnest_sleep_unregister();
	hvnest_dev_unregister();
	hvnest_hand_back_all();
	hvnest_log_stop();
	hvnest_free_all();
	pr_info("unloaded: every CPU handed back\n");
}

module_init(hvnest_init);
module_exit(hvnest_exit);

MODULE_DESCRIPTION("hvnest: in-place Intel VMX hypervisor with nested VMX");
MODULE_LICENSE("GPL");
MODULE_VERSION(HVNEST_VERSION);
