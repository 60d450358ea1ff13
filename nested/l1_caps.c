// SPDX-License-Identifier: GPL-2.0
/* L1's VMX capability MSRs (see l1_caps.h). Pure logic. */
#include "l1_caps.h"
#include "../vmx/vmx_caps.h"
#include "../vmx/vmcs_fields.h"

/*
 * A control MSR narrowed to the offered bits: allowed-1 (63:32) limited to
 * @offer and the CPU's must-be-1 bits, must-be-1 (31:0) kept and extended
 * by @require where the CPU allows it.
 */
static u64 hv_ctl_msr(u64 host, u64 offer, u64 require)
{
	u32 may1 = (u32)(host >> 32) & ((u32)offer | (u32)host);
	u32 must1 = ((u32)host | (u32)require) & may1;

	return ((u64)may1 << 32) | must1;
}

void hv_l1_caps_compute(const struct hv_l1_vmx_caps *host,
			struct hv_l1_vmx_caps *l1)
{
	bool has2 = (host->procbased >> 32) & HV_PROC_SECONDARY;

	*l1 = *host;
	l1->pinbased = hv_ctl_msr(host->pinbased, HV_L1_PIN_OFFER, 0);
	l1->true_pinbased = hv_ctl_msr(host->true_pinbased, HV_L1_PIN_OFFER, 0);
	l1->procbased = hv_ctl_msr(host->procbased, HV_L1_PROC_OFFER, 0);
	l1->true_procbased =
		hv_ctl_msr(host->true_procbased, HV_L1_PROC_OFFER, 0);
	/* SDM A.3.3: every secondary control may be 0. */
	l1->procbased2 = has2 ? host->procbased2 & (HV_L1_PROC2_OFFER << 32) :
				0;
	/*
	 * L2's VMREAD/VMWRITE run on L0's own shadow VMCS (nested/
	 * vmcs_shadow02.c), which must take the VM-exit information fields
	 * too: "VMCS shadowing" needs "VMWRITE to any field" (SDM A.6).
	 */
	if (!(host->misc & HV_MISC_VMWRITE_ANY))
		l1->procbased2 &= ~((u64)HV_PROC2_SHADOW_VMCS << 32);
	l1->exit = hv_ctl_msr(host->exit, HV_L1_EXIT_OFFER, 0);
	l1->true_exit = hv_ctl_msr(host->true_exit, HV_L1_EXIT_OFFER, 0);
	l1->entry = hv_ctl_msr(host->entry, HV_L1_ENTRY_OFFER, 0);
	l1->true_entry = hv_ctl_msr(host->true_entry, HV_L1_ENTRY_OFFER, 0);
	l1->misc = host->misc & ~(u64)HV_L1_MISC_HIDE;
	/* Without EPT or VPID offered the capability MSR means nothing. */
	l1->ept_vpid = host->ept_vpid & HV_L1_EPT_VPID_OFFER;
	if (!((l1->procbased2 >> 32) & (HV_PROC2_EPT | HV_PROC2_VPID)))
		l1->ept_vpid = 0;
	/*
	 * EPTP switching only with EPT (SDM 26.2.1.1 would refuse it without),
	 * and the MSR itself only with "enable VM functions" (SDM A.11).
	 */
	l1->vmfunc = host->vmfunc & HV_L1_VMFUNC_OFFER;
	if (!((l1->procbased2 >> 32) & HV_PROC2_EPT))
		l1->vmfunc = 0;
	if (!((l1->procbased2 >> 32) & HV_PROC2_VMFUNC))
		l1->vmfunc = 0;
	/*
	 * The fields VMCS12 has, not the CPU's: a field beyond the table is
	 * VMfailValid(12) for L1's VMREAD/VMWRITE (nested/vmx_insn.c).
	 */
	l1->vmcs_enum = vmcs_fields_enum_msr();
}

bool hv_l1_caps_msr(const struct hv_l1_vmx_caps *l1, u32 msr, u64 *value)
{
	bool true_ctls = l1->basic & HV_VMX_BASIC_TRUE_CTLS;
	bool has2 = (l1->procbased >> 32) & HV_PROC_SECONDARY;

	switch (msr) {
	case HV_MSR_VMX_BASIC:
		*value = l1->basic;
		return true;
	case HV_MSR_VMX_PINBASED:
		*value = l1->pinbased;
		return true;
	case HV_MSR_VMX_PROCBASED:
		*value = l1->procbased;
		return true;
	case HV_MSR_VMX_EXIT:
		*value = l1->exit;
		return true;
	case HV_MSR_VMX_ENTRY:
		*value = l1->entry;
		return true;
	case HV_MSR_VMX_MISC:
		*value = l1->misc;
		return true;
	case HV_MSR_VMX_CR0_FIXED0:
		*value = l1->cr0_fixed0;
		return true;
	case HV_MSR_VMX_CR0_FIXED1:
		*value = l1->cr0_fixed1;
		return true;
	case HV_MSR_VMX_CR4_FIXED0:
		*value = l1->cr4_fixed0;
		return true;
	case HV_MSR_VMX_CR4_FIXED1:
		*value = l1->cr4_fixed1;
		return true;
	case HV_MSR_VMX_VMCS_ENUM:
		/* SDM A.9: the highest index of any field's encoding. */
		*value = l1->vmcs_enum;
		return true;
	/* SDM A.3.3, A.10: these exist only with the secondary controls. */
	case HV_MSR_VMX_PROCBASED2:
		*value = l1->procbased2;
		return has2;
	case HV_MSR_VMX_EPT_VPID_CAP:
		*value = l1->ept_vpid;
		return has2;
	case HV_MSR_VMX_TRUE_PINBASED:
		*value = l1->true_pinbased;
		return true_ctls;
	case HV_MSR_VMX_TRUE_PROCBASED:
		*value = l1->true_procbased;
		return true_ctls;
	case HV_MSR_VMX_TRUE_EXIT:
		*value = l1->true_exit;
		return true_ctls;
	case HV_MSR_VMX_TRUE_ENTRY:
		*value = l1->true_entry;
		return true_ctls;
	case HV_MSR_VMX_VMFUNC:
		/* SDM A.11: only when "enable VM functions" may be 1. */
		*value = l1->vmfunc;
		return has2 && ((l1->procbased2 >> 32) & HV_PROC2_VMFUNC);
	default:
		return false;
	}
}
