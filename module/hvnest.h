/* SPDX-License-Identifier: GPL-2.0 */
/* State the Linux side of hvnest keeps while loaded. */
#ifndef HVNEST_MODULE_H
#define HVNEST_MODULE_H

#include <linux/types.h>

struct hvnest_host {
	u32 vmcs_revision; /* IA32_VMX_BASIC[30:0], same on every CPU */
	u64 vmx_features; /* HVNEST_VMXF_* usable on every CPU */
	u64 loaded_ns; /* ktime_get_boottime_ns() at load */
};

extern struct hvnest_host hvnest_host;

/* module/hvnest_checks.c: refuse early, before VMX is touched. */
int hvnest_check_cpus(struct hvnest_host *host);

/* ioctl/hvnest_dev.c: /dev/hvnest. */
int hvnest_dev_register(void);
void hvnest_dev_unregister(void);

#endif /* HVNEST_MODULE_H */
