// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time checks: is this CPU set fit for hvnest? Everything here only
 * reads (CPUID, CR0/CR4, MSRs with rdmsrl_safe), so a refusal leaves every
 * CPU as it was. Each refusal prints one dmesg line and returns its own
 * errno:
 *   -ENODEV      a CPU has no VMX
 *   -EPERM       firmware has VMX disabled (IA32_FEATURE_CONTROL)
 *   -EBUSY       VMX is already on (another hypervisor owns it)
 *   -EOPNOTSUPP  VMX lacks features hvnest depends on
 *   -EIO         a VMX capability MSR could not be read
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>

#include "hvnest.h"
#include "../vmx/vmx_caps.h"

#define CPUID1_ECX_VMX HV_BIT(5)
#define CPUID1_ECX_HYPERVISOR HV_BIT(31)

struct hvnest_cpu_probe {
	bool probed;
	bool has_vmx;
	bool under_hypervisor;
	int fc_err;
	u64 feature_control;
	u64 cr4;
	u32 bad_msr; /* first capability MSR that faulted, 0 = none */
	struct vmx_cap_msrs caps;
	struct vmx_cpu_env env;
};

static u64 hvnest_read_cap(struct hvnest_cpu_probe *p, u32 msr)
{
	u64 v = 0;

	if (rdmsrl_safe(msr, &v) && !p->bad_msr)
		p->bad_msr = msr;
	return v;
}

/* SDM A.2: with IA32_VMX_BASIC[55] set, the TRUE_* MSRs are authoritative. */
static void hvnest_read_caps(struct hvnest_cpu_probe *p)
{
	struct vmx_cap_msrs *c = &p->caps;
	bool true_ctls;

	c->basic = hvnest_read_cap(p, HV_MSR_VMX_BASIC);
	true_ctls = c->basic & HV_VMX_BASIC_TRUE_CTLS;
	c->pinbased = hvnest_read_cap(p, true_ctls ? HV_MSR_VMX_TRUE_PINBASED :
						     HV_MSR_VMX_PINBASED);
	c->procbased = hvnest_read_cap(p, true_ctls ? HV_MSR_VMX_TRUE_PROCBASED :
						      HV_MSR_VMX_PROCBASED);
	c->exit = hvnest_read_cap(p, true_ctls ? HV_MSR_VMX_TRUE_EXIT :
						 HV_MSR_VMX_EXIT);
	c->entry = hvnest_read_cap(p, true_ctls ? HV_MSR_VMX_TRUE_ENTRY :
						  HV_MSR_VMX_ENTRY);
	c->misc = hvnest_read_cap(p, HV_MSR_VMX_MISC);
	c->cr0_fixed0 = hvnest_read_cap(p, HV_MSR_VMX_CR0_FIXED0);
	c->cr0_fixed1 = hvnest_read_cap(p, HV_MSR_VMX_CR0_FIXED1);
	c->cr4_fixed0 = hvnest_read_cap(p, HV_MSR_VMX_CR4_FIXED0);
	c->cr4_fixed1 = hvnest_read_cap(p, HV_MSR_VMX_CR4_FIXED1);
	/* SDM A.3.3: IA32_VMX_PROCBASED_CTLS2 exists only with bit 63 of 0x482. */
	if ((c->procbased >> 32) & HV_PROC_SECONDARY)
		c->procbased2 = hvnest_read_cap(p, HV_MSR_VMX_PROCBASED2);
	/* SDM A.10: IA32_VMX_EPT_VPID_CAP exists only if EPT or VPID can be 1. */
	if ((c->procbased2 >> 32) & (HV_PROC2_EPT | HV_PROC2_VPID))
		c->ept_vpid = hvnest_read_cap(p, HV_MSR_VMX_EPT_VPID_CAP);
	/* SDM A.11 */
	if ((c->procbased2 >> 32) & HV_PROC2_VMFUNC)
		c->vmfunc = hvnest_read_cap(p, HV_MSR_VMX_VMFUNC);
}

static void hvnest_probe_this_cpu(void *info)
{
	struct hvnest_cpu_probe *p =
		&((struct hvnest_cpu_probe *)info)[smp_processor_id()];
	u32 ecx = cpuid_ecx(1);

	p->probed = true;
	p->has_vmx = ecx & CPUID1_ECX_VMX;
	p->under_hypervisor = ecx & CPUID1_ECX_HYPERVISOR;
	p->cr4 = __read_cr4();
	if (!p->has_vmx)
		return;
	p->fc_err = rdmsrl_safe(HV_MSR_FEATURE_CONTROL, &p->feature_control);
	hvnest_read_caps(p);
	p->env.cr0 = read_cr0();
	p->env.cr4 = p->cr4;
	p->env.has_rdtscp = this_cpu_has(X86_FEATURE_RDTSCP);
	p->env.has_invpcid = this_cpu_has(X86_FEATURE_INVPCID);
	p->env.has_xsaves = this_cpu_has(X86_FEATURE_XSAVES);
	p->env.has_waitpkg = this_cpu_has(X86_FEATURE_WAITPKG);
}

static void hvnest_report_missing(int cpu, u64 missing)
{
	char buf[512];
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < vmx_essential_count(); i++) {
		if (!(missing & HV_BIT(i)))
			continue;
		len += scnprintf(buf + len, sizeof(buf) - len, "%s%s",
				 len ? ", " : "", vmx_essential_name(i));
	}
	pr_err("refusing to load: VMX of CPU %d lacks what hvnest needs: %s\n",
	       cpu, buf);
}

/* Judge one CPU; 0 or the refusal errno, after printing its one line. */
static int hvnest_judge_cpu(int cpu, const struct hvnest_cpu_probe *p,
			    const struct hvnest_cpu_probe *first)
{
	u64 missing;

	if (!p->has_vmx) {
		pr_err("refusing to load: CPU %d has no VMX (CPUID.1:ECX.VMX=0): hvnest needs an Intel CPU with VT-x%s\n",
		       cpu,
		       p->under_hypervisor ?
			       "; this kernel runs under a hypervisor that does not offer nested VMX" :
			       "");
		return -ENODEV;
	}
	if (p->fc_err) {
		pr_err("refusing to load: CPU %d: reading IA32_FEATURE_CONTROL faulted\n",
		       cpu);
		return -EIO;
	}
	switch (vmx_feature_control_state(p->feature_control)) {
	case VMX_FC_LOCKED_OFF:
		pr_err("refusing to load: VMX is disabled and locked by firmware on CPU %d (IA32_FEATURE_CONTROL=%#llx): enable Intel VT-x in the firmware setup\n",
		       cpu, p->feature_control);
		return -EPERM;
	case VMX_FC_UNLOCKED:
		pr_err("refusing to load: IA32_FEATURE_CONTROL is not locked on CPU %d (%#llx), so VMXON would fault; hvnest does not change firmware settings: enable Intel VT-x in the firmware setup\n",
		       cpu, p->feature_control);
		return -EPERM;
	case VMX_FC_OK:
		break;
	}
	if (p->cr4 & HV_CR4_VMXE) {
		pr_err("refusing to load: VMX is already enabled on CPU %d (CR4.VMXE=1): another hypervisor owns VMX, likely kvm_intel running a VM (or loaded with kvm.enable_virt_at_load=1), VirtualBox or VMware: stop its VMs or unload it (rmmod kvm_intel) and retry\n",
		       cpu);
		return -EBUSY;
	}
	if (p->bad_msr) {
		pr_err("refusing to load: CPU %d: reading VMX capability MSR %#x faulted\n",
		       cpu, p->bad_msr);
		return -EIO;
	}
	missing = vmx_caps_missing(&p->caps, &p->env);
	if (missing) {
		hvnest_report_missing(cpu, missing);
		return -EOPNOTSUPP;
	}
	if (first && HV_VMX_BASIC_REVISION(p->caps.basic) !=
			     HV_VMX_BASIC_REVISION(first->caps.basic)) {
		pr_err("refusing to load: CPU %d has VMCS revision %#x, other CPUs %#x\n",
		       cpu, HV_VMX_BASIC_REVISION(p->caps.basic),
		       HV_VMX_BASIC_REVISION(first->caps.basic));
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * Probe every online CPU, then judge them in CPU order: the first CPU with
 * a problem gets one line naming its most fundamental one (no VMX, then
 * disabled by firmware, in use, lacking features). Caller holds
 * cpus_read_lock().
 */
int hvnest_check_cpus(struct hvnest_host *host)
{
	const struct hvnest_cpu_probe *first = NULL;
	struct hvnest_cpu_probe *probes;
	u64 features = ~0ULL;
	int cpu, err = 0;

	probes = kcalloc(nr_cpu_ids, sizeof(*probes), GFP_KERNEL);
	if (!probes)
		return -ENOMEM;

	on_each_cpu(hvnest_probe_this_cpu, probes, 1);

	for_each_online_cpu(cpu) {
		const struct hvnest_cpu_probe *p = &probes[cpu];

		if (WARN_ON_ONCE(!p->probed)) {
			err = -EIO;
			break;
		}
		err = hvnest_judge_cpu(cpu, p, first);
		if (err)
			break;
		if (!first)
			first = p;
		features &= vmx_caps_features(&p->caps);
	}
	if (!err && first) {
		host->vmcs_revision = HV_VMX_BASIC_REVISION(first->caps.basic);
		host->vmx_features = features;
		host->caps = first->caps;
		host->env = first->env;
	}
	kfree(probes);
	return err;
}
