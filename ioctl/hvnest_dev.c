// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvnest: root-only misc device (mode 0600, CAP_SYS_ADMIN checked on
 * every ioctl). Argument rules are in hvnest_abi.h; the number and head
 * checks are in hvnest_ioctl_check.c so that they are unit-tested.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../module/hvnest.h"
#include "hvnest_abi.h"
#include "hvnest_ioctl_check.h"

union hvnest_ioc_arg {
	struct hvnest_ioc_hdr hdr;
	struct hvnest_version version;
	struct hvnest_status status;
	struct hvnest_cpu_status cpu_status;
	struct hvnest_stats stats;
	struct hvnest_reset_stats reset_stats;
	struct hvnest_features features;
	struct hvnest_set_feature set_feature;
	struct hvnest_log log;
};

static int hvnest_get_version(struct hvnest_version *v)
{
	v->abi_major = HVNEST_ABI_MAJOR;
	v->abi_minor = HVNEST_ABI_MINOR;
	strscpy(v->module_version, HVNEST_VERSION, sizeof(v->module_version));
	return 0;
}

static int hvnest_get_status(struct hvnest_status *s)
{
	s->nr_cpus_online = num_online_cpus();
	s->nr_cpus_virtualized = hvnest_nr_virtualized();
	s->state = s->nr_cpus_virtualized ? HVNEST_STATE_RUNNING :
					    HVNEST_STATE_LOADED;
	s->vmcs_revision = hvnest_host.vmcs_revision;
	s->vmx_features = hvnest_host.vmx_features;
	s->loaded_ns = hvnest_host.loaded_ns;
	return 0;
}

static int hvnest_get_cpu_status(struct hvnest_cpu_status *c)
{
	struct hvnest_pcpu *p = hvnest_pcpu(c->cpu);

	if (!p)
		return -EINVAL;
	if (p->hv && READ_ONCE(p->hv->rep.state) == HV_STATE_RUNNING)
		c->state = HVNEST_CPU_VIRTUALIZED;
	else
		c->state = cpu_online(c->cpu) ? HVNEST_CPU_NATIVE :
						HVNEST_CPU_OFFLINE;
	c->since_ns = p->since_ns;
	c->launch_ns = p->launch_ns;
	return 0;
}

static int hvnest_dispatch(unsigned int cmd, union hvnest_ioc_arg *karg)
{
	switch (_IOC_NR(cmd)) {
	case _IOC_NR(HVNEST_IOC_GET_VERSION):
		return hvnest_get_version(&karg->version);
	case _IOC_NR(HVNEST_IOC_GET_STATUS):
		return hvnest_get_status(&karg->status);
	case _IOC_NR(HVNEST_IOC_GET_CPU_STATUS):
		return hvnest_get_cpu_status(&karg->cpu_status);
	case _IOC_NR(HVNEST_IOC_GET_STATS):
		return hvnest_read_stats(karg->stats.cpu, &karg->stats);
	case _IOC_NR(HVNEST_IOC_RESET_STATS):
		return karg->reset_stats.reserved ?
			       -EINVAL :
			       hvnest_reset_stats(karg->reset_stats.cpu);
	case _IOC_NR(HVNEST_IOC_GET_FEATURES):
		karg->features.available = HVNEST_FEATURE_HYPERVISOR_LEAF |
					    hvnest_nested_features();
		karg->features.runtime = HV_FEAT_RUNTIME;
		karg->features.enabled = hvnest_get_features();
		return 0;
	case _IOC_NR(HVNEST_IOC_SET_FEATURE):
		return karg->set_feature.reserved || karg->set_feature.enable > 1 ?
			       -EINVAL :
			       hvnest_set_feature(karg->set_feature.feature,
						  karg->set_feature.enable);
	case _IOC_NR(HVNEST_IOC_GET_LOG):
		return karg->log.reserved ? -EINVAL : hvnest_read_log(&karg->log);
	default:
		return -ENOTTY;
	}
}

static long hvnest_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct hvnest_ioc_desc *desc;
	struct hvnest_ioc_hdr hdr;
	union hvnest_ioc_arg *karg;
	u32 len;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = hvnest_ioc_decode(cmd, &desc);
	if (err)
		return err;
	if (copy_from_user(&hdr, uarg, sizeof(hdr)))
		return -EFAULT;
	err = hvnest_ioc_check_hdr(cmd, &hdr);
	if (err)
		return err;
	karg = kzalloc(sizeof(*karg), GFP_KERNEL);
	if (!karg)
		return -ENOMEM;
	/* Input fields; a newer caller's unknown tail must be zero. */
	err = copy_struct_from_user(karg, desc->ksize, uarg, _IOC_SIZE(cmd));
	if (err) {
		err = err == -E2BIG ? -EINVAL : err;
		goto out;
	}
	err = hvnest_dispatch(cmd, karg);
	if (err)
		goto out;
	len = hvnest_ioc_copy_len(cmd, desc);
	karg->hdr.size = len;
	karg->hdr.flags = 0;
	if (copy_to_user(uarg, karg, len))
		err = -EFAULT;
out:
	kfree(karg);
	return err;
}

static const struct file_operations hvnest_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvnest_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hvnest_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = KBUILD_MODNAME, /* HVNEST_DEVICE_NAME, or a second instance's */
	.fops = &hvnest_fops,
	.mode = 0600,
};

int hvnest_dev_register(void)
{
	return misc_register(&hvnest_miscdev);
}

void hvnest_dev_unregister(void)
{
	misc_deregister(&hvnest_miscdev);
}
