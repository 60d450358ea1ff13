// SPDX-License-Identifier: GPL-2.0
/*
 * hvnest's VMX requirements, judged from the capability MSRs (SDM
 * Appendix A). Pure logic: used by the load-time checks and unit-tested
 * in userspace with the MSR values of real and emulated CPUs.
 */
#include "vmx_caps.h"
#include "cr0_write.h"
#include "../ioctl/hvnest_abi.h"

enum vmx_ess_kind {
	ESS_ALLOWED1, /* control: all of mask allowed to be 1, MSR[63:32] */
	ESS_CAP, /* capability MSR: all of mask set */
	ESS_VMCS_SIZE, /* SDM A.1: VMCS region fits the 4 KiB hvnest gives */
	ESS_WB, /* SDM A.1: VMCS memory type write-back */
	ESS_64BIT_PA, /* SDM A.1: bit 48 clear, VMX structures anywhere */
	ESS_CR0, /* SDM A.7: CR0 as Linux runs it is legal in VMX */
	ESS_CR4, /* SDM A.8: CR4 | VMXE as Linux runs it is legal in VMX */
};

enum vmx_ess_when {
	ESS_ALWAYS,
	ESS_IF_RDTSCP, /* Linux uses RDTSCP: non-root needs the control */
	ESS_IF_INVPCID,
	ESS_IF_XSAVES,
};

struct vmx_essential {
	const char *name;
	u8 kind;
	u8 when;
	u8 field; /* offset of the u64 in struct vmx_cap_msrs */
	u64 mask;
};

#define F(member) ((u8)offsetof(struct vmx_cap_msrs, member))

static const struct vmx_essential vmx_essentials[] = {
	{ "basic:VMCS size <= 4096", ESS_VMCS_SIZE, ESS_ALWAYS, F(basic), 0 },
	{ "basic:VMCS memory type WB", ESS_WB, ESS_ALWAYS, F(basic), 0 },
	{ "basic:64-bit physical addresses", ESS_64BIT_PA, ESS_ALWAYS,
	  F(basic), 0 },
	{ "pin:NMI exiting", ESS_ALLOWED1, ESS_ALWAYS, F(pinbased),
	  HV_PIN_NMI_EXITING },
	{ "pin:virtual NMIs", ESS_ALLOWED1, ESS_ALWAYS, F(pinbased),
	  HV_PIN_VIRTUAL_NMIS },
	{ "proc:use MSR bitmaps", ESS_ALLOWED1, ESS_ALWAYS, F(procbased),
	  HV_PROC_USE_MSR_BITMAPS },
	{ "proc:secondary controls", ESS_ALLOWED1, ESS_ALWAYS, F(procbased),
	  HV_PROC_SECONDARY },
	{ "secondary:EPT", ESS_ALLOWED1, ESS_ALWAYS, F(procbased2), HV_PROC2_EPT },
	{ "secondary:VPID", ESS_ALLOWED1, ESS_ALWAYS, F(procbased2),
	  HV_PROC2_VPID },
	{ "secondary:unrestricted guest", ESS_ALLOWED1, ESS_ALWAYS,
	  F(procbased2), HV_PROC2_UNRESTRICTED },
	{ "secondary:enable RDTSCP", ESS_ALLOWED1, ESS_IF_RDTSCP,
	  F(procbased2), HV_PROC2_RDTSCP },
	{ "secondary:enable INVPCID", ESS_ALLOWED1, ESS_IF_INVPCID,
	  F(procbased2), HV_PROC2_INVPCID },
	{ "secondary:enable XSAVES", ESS_ALLOWED1, ESS_IF_XSAVES,
	  F(procbased2), HV_PROC2_XSAVES },
	{ "exit:host address-space size", ESS_ALLOWED1, ESS_ALWAYS, F(exit),
	  HV_EXIT_HOST_ADDR_SPACE },
	{ "exit:save/load IA32_EFER", ESS_ALLOWED1, ESS_ALWAYS, F(exit),
	  HV_EXIT_SAVE_EFER | HV_EXIT_LOAD_EFER },
	{ "exit:save/load IA32_PAT", ESS_ALLOWED1, ESS_ALWAYS, F(exit),
	  HV_EXIT_SAVE_PAT | HV_EXIT_LOAD_PAT },
	{ "entry:IA-32e mode guest", ESS_ALLOWED1, ESS_ALWAYS, F(entry),
	  HV_ENTRY_IA32E_GUEST },
	{ "entry:load IA32_EFER", ESS_ALLOWED1, ESS_ALWAYS, F(entry),
	  HV_ENTRY_LOAD_EFER },
	{ "entry:load IA32_PAT", ESS_ALLOWED1, ESS_ALWAYS, F(entry),
	  HV_ENTRY_LOAD_PAT },
	{ "ept:4-level page walk", ESS_CAP, ESS_ALWAYS, F(ept_vpid),
	  HV_EPT_CAP_WALK4 },
	{ "ept:write-back paging structures", ESS_CAP, ESS_ALWAYS, F(ept_vpid),
	  HV_EPT_CAP_WB },
	{ "ept:INVEPT single-context and all-context", ESS_CAP, ESS_ALWAYS,
	  F(ept_vpid),
	  HV_EPT_CAP_INVEPT | HV_EPT_CAP_INVEPT_SINGLE | HV_EPT_CAP_INVEPT_ALL },
	{ "vpid:INVVPID single-context and all-context", ESS_CAP, ESS_ALWAYS,
	  F(ept_vpid),
	  HV_VPID_CAP_INVVPID | HV_VPID_CAP_INVVPID_SINGLE | HV_VPID_CAP_INVVPID_ALL },
	{ "cr0:current CR0 allowed in VMX operation", ESS_CR0, ESS_ALWAYS,
	  F(cr0_fixed0), 0 },
	{ "cr4:current CR4 allowed in VMX operation", ESS_CR4, ESS_ALWAYS,
	  F(cr4_fixed0), 0 },
};

#undef F

enum vmx_fc_state vmx_feature_control_state(u64 fc)
{
	if (!(fc & HV_FEATURE_CONTROL_LOCK))
		return VMX_FC_UNLOCKED;
	if (!(fc & HV_FEATURE_CONTROL_VMXON_OUTSIDE_SMX))
		return VMX_FC_LOCKED_OFF;
	return VMX_FC_OK;
}

/* SDM A.7/A.8: bits set in FIXED0 must be 1, bits clear in FIXED1 must be 0. */
static bool vmx_fixed_ok(u64 value, u64 fixed0, u64 fixed1)
{
	return (value & fixed0) == fixed0 && (value & ~fixed1) == 0;
}

static bool vmx_essential_needed(const struct vmx_essential *e,
				 const struct vmx_cpu_env *env)
{
	switch (e->when) {
	case ESS_IF_RDTSCP:
		return env->has_rdtscp;
	case ESS_IF_INVPCID:
		return env->has_invpcid;
	case ESS_IF_XSAVES:
		return env->has_xsaves;
	default:
		return true;
	}
}

static bool vmx_essential_met(const struct vmx_essential *e,
			      const struct vmx_cap_msrs *m,
			      const struct vmx_cpu_env *env)
{
	u64 v = *(const u64 *)((const char *)m + e->field);

	switch (e->kind) {
	case ESS_ALLOWED1:
		return ((v >> 32) & e->mask) == e->mask;
	case ESS_CAP:
		return (v & e->mask) == e->mask;
	case ESS_VMCS_SIZE:
		return HV_VMX_BASIC_VMCS_SIZE(v) != 0 &&
		       HV_VMX_BASIC_VMCS_SIZE(v) <= 4096;
	case ESS_WB:
		return HV_VMX_BASIC_MEMTYPE(v) == HV_VMX_MEMTYPE_WB;
	case ESS_64BIT_PA:
		return !(v & HV_VMX_BASIC_32BIT_PA);
	case ESS_CR0:
		return vmx_fixed_ok(env->cr0, m->cr0_fixed0, m->cr0_fixed1);
	case ESS_CR4:
		return vmx_fixed_ok(env->cr4 | HV_CR4_VMXE, m->cr4_fixed0,
				    m->cr4_fixed1);
	default:
		return false;
	}
}

u64 vmx_caps_missing(const struct vmx_cap_msrs *m,
		     const struct vmx_cpu_env *env)
{
	u64 missing = 0;
	unsigned int i;

	for (i = 0; i < HV_ARRAY_SIZE(vmx_essentials); i++) {
		const struct vmx_essential *e = &vmx_essentials[i];

		if (vmx_essential_needed(e, env) &&
		    !vmx_essential_met(e, m, env))
			missing |= HV_BIT(i);
	}
	return missing;
}

unsigned int vmx_essential_count(void)
{
	return HV_ARRAY_SIZE(vmx_essentials);
}

const char *vmx_essential_name(unsigned int i)
{
	return i < HV_ARRAY_SIZE(vmx_essentials) ? vmx_essentials[i].name : "?";
}

static bool allowed1(u64 ctl_msr, u64 bits)
{
	return ((ctl_msr >> 32) & bits) == bits;
}

u64 vmx_caps_features(const struct vmx_cap_msrs *m)
{
	u64 f = 0;

	if (allowed1(m->procbased2, HV_PROC2_EPT))
		f |= HVNEST_VMXF_EPT;
	if (allowed1(m->procbased2, HV_PROC2_VPID))
		f |= HVNEST_VMXF_VPID;
	if (allowed1(m->procbased2, HV_PROC2_UNRESTRICTED))
		f |= HVNEST_VMXF_UNRESTRICTED;
	if (allowed1(m->pinbased, HV_PIN_VIRTUAL_NMIS))
		f |= HVNEST_VMXF_VIRTUAL_NMI;
	if (allowed1(m->pinbased, HV_PIN_PREEMPT_TIMER))
		f |= HVNEST_VMXF_PREEMPT_TIMER;
	if (allowed1(m->procbased2, HV_PROC2_SHADOW_VMCS))
		f |= HVNEST_VMXF_VMCS_SHADOW;
	if (allowed1(m->procbased2, HV_PROC2_PML))
		f |= HVNEST_VMXF_PML;
	if (allowed1(m->procbased2, HV_PROC2_VMFUNC))
		f |= HVNEST_VMXF_VMFUNC;
	if (m->ept_vpid & HV_EPT_CAP_2M)
		f |= HVNEST_VMXF_EPT_2M;
	if (m->ept_vpid & HV_EPT_CAP_1G)
		f |= HVNEST_VMXF_EPT_1G;
	if (m->ept_vpid & HV_EPT_CAP_AD)
		f |= HVNEST_VMXF_EPT_AD;
	if (m->basic & HV_VMX_BASIC_TRUE_CTLS)
		f |= HVNEST_VMXF_TRUE_CTLS;
	return f;
}

u64 vmx_cr0_owned(const struct vmx_cap_msrs *m, bool unrestricted)
{
	u64 owned = (m->cr0_fixed0 | ~m->cr0_fixed1) & 0xffffffffULL;

	/* SDM 26.3.1.1: unrestricted guest frees PE and PG. */
	if (unrestricted)
		owned &= ~(HV_CR0_PE | HV_CR0_PG);
	return owned;
}

/* SDM A.3: a control may be 0 if its bit in MSR[31:0] is 0, 1 if MSR[63:32]. */
static u32 vmx_adjust(u64 msr, u64 want)
{
	return ((u32)want | (u32)msr) & (u32)(msr >> 32);
}

void vmx_compute_controls(const struct vmx_cap_msrs *m,
			  const struct vmx_cpu_env *env,
			  struct vmx_controls *out)
{
	u64 proc2 = HV_PROC2_VPID;

	/* Instructions Linux uses must not #UD in non-root (SDM 25.3). */
	if (env->has_rdtscp)
		proc2 |= HV_PROC2_RDTSCP;
	if (env->has_invpcid)
		proc2 |= HV_PROC2_INVPCID;
	if (env->has_xsaves)
		proc2 |= HV_PROC2_XSAVES;
	if (env->has_waitpkg)
		proc2 |= HV_PROC2_WAITPKG;

	out->pin = vmx_adjust(m->pinbased, HV_PIN_NMI_EXITING |
						   HV_PIN_VIRTUAL_NMIS);
	out->proc = vmx_adjust(m->procbased, HV_PROC_USE_MSR_BITMAPS |
						     HV_PROC_SECONDARY);
	out->proc2 = vmx_adjust(m->procbased2, proc2);
	out->exit = vmx_adjust(m->exit, HV_EXIT_HOST_ADDR_SPACE |
						HV_EXIT_SAVE_EFER |
						HV_EXIT_LOAD_EFER |
						HV_EXIT_SAVE_PAT |
						HV_EXIT_LOAD_PAT);
	out->entry = vmx_adjust(m->entry, HV_ENTRY_IA32E_GUEST |
						  HV_ENTRY_LOAD_EFER |
						  HV_ENTRY_LOAD_PAT);
}
