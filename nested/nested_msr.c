// SPDX-License-Identifier: GPL-2.0
/*
 * MSRs of nested VMX: VMCS12's MSR-load and MSR-store lists, processed in
 * software (VMCS02's lists stay empty), and L1's MSR bitmap, merged with
 * L0's into VMCS02's and consulted when an MSR exit of L2 comes to L0.
 */
#include "nested.h"
#include "../vmx/mtrr.h"
#include "msr_bitmap.h"

#define MSR_SMM_MONITOR_CTL 0x9b
#define MSR_SMBASE 0x9e

/* An entry of an MSR list (SDM 24.7.2, table "Format of an MSR Entry"). */
struct hv_msr_entry {
	u32 index;
	u32 reserved;
	u64 data;
};

/* MSRs the VMCS holds for the guest: the current VMCS's field. */
static u32 hv_msr_vmcs_field(u32 msr)
{
	switch (msr) {
	case MSR_EFER:
		return VMCS_GUEST_IA32_EFER;
	case MSR_PAT:
		return VMCS_GUEST_IA32_PAT;
	case MSR_DEBUGCTL:
		return VMCS_GUEST_IA32_DEBUGCTL;
	case MSR_SYSENTER_CS:
		return VMCS_GUEST_SYSENTER_CS;
	case MSR_SYSENTER_ESP:
		return VMCS_GUEST_SYSENTER_ESP;
	case MSR_SYSENTER_EIP:
		return VMCS_GUEST_SYSENTER_EIP;
	default:
		return 0;
	}
}

/* SDM A.6: IA32_VMX_MISC[27:25] = N, lists of up to 512 * (N + 1). */
static u32 hv_msr_list_max(const struct hv_cpu *c)
{
	return 512 * (((c->nvmx.caps.misc >> 25) & 7) + 1);
}

u32 hv_nested_load_msrs(struct hv_cpu *c, u64 addr, u32 count)
{
	struct hv_msr_entry m;
	u32 i, field;

	for (i = 0; i < count; i++) {
		if (i == hv_msr_list_max(c) ||
		    !hv_l1_phys_read(addr + 16ULL * i, &m, sizeof(m)))
			return i + 1;
		/* SDM 26.4, 27.5.4: entries that fail the load. */
		if (m.reserved || m.index == MSR_FS_BASE ||
		    m.index == MSR_GS_BASE || (m.index >> 8) == 0x8 ||
		    m.index == MSR_SMM_MONITOR_CTL ||
		    (m.index >= HV_MSR_VMX_BASIC &&
		     m.index <= HV_MSR_VMX_VMFUNC) ||
		    m.index == HV_MSR_FEATURE_CONTROL)
			return i + 1;
		field = hv_msr_vmcs_field(m.index);
		if (field) {
			hv_vmwrite(field, m.data);
			continue;
		}
		if (hv_wrmsr_safe(m.index, m.data))
			return i + 1;
		if (hv_mtrr_is_msr(m.index))
			hv_ept01_mtrr_written(c, m.index);
	}
	return 0;
}

bool hv_nested_store_msrs(struct hv_cpu *c, u64 addr, u32 count)
{
	struct hv_msr_entry m;
	u32 i, field;

	for (i = 0; i < count && i < hv_msr_list_max(c); i++) {
		if (!hv_l1_phys_read(addr + 16ULL * i, &m, sizeof(m)))
			return false;
		/* SDM 27.4: these fail the store (a VMX abort). */
		if (m.reserved || (m.index >> 8) == 0x8 ||
		    m.index == MSR_SMBASE)
			return false;
		field = hv_msr_vmcs_field(m.index);
		if (m.index == MSR_FS_BASE)
			m.data = hv_vmread(VMCS_GUEST_FS_BASE);
		else if (m.index == MSR_GS_BASE)
			m.data = hv_vmread(VMCS_GUEST_GS_BASE);
		else if (field)
			m.data = hv_vmread(field);
		else if (hv_rdmsr_safe(m.index, &m.data))
			return false;
		hv_l1_phys_write(addr + 16ULL * i + 8, &m.data, 8);
	}
	return true;
}

bool hv_nested_l1_msr_intercepted(const struct hv_vmcs12 *v12, u32 msr,
				  bool write)
{
	u32 proc12 = (u32)v12->field[VMCS12_I_CPU_BASED_VM_EXEC_CONTROL];

	return hv_l1_msr_intercepted(proc12 & HV_PROC_USE_MSR_BITMAPS,
				     v12->field[VMCS12_I_MSR_BITMAP], msr,
				     write);
}

/*
 * VMCS02's bitmap: an MSR exits if L0 or L1 intercepts it. L0's bitmap
 * does not change after the launch: its words are found at the first
 * merge.
 */
void hv_nested_merge_msr_bitmap(struct hv_cpu *c, u64 l1_bitmap)
{
	struct hv_l2 *l2 = &c->l2;

	if (!l2->msr_sparse_ready) {
		hv_msr_bitmap_sparse(c->msr_bitmap, &l2->msr_sparse);
		l2->msr_sparse_ready = true;
	}
	hv_msr_bitmap_merge(c->msr_bitmap, &l2->msr_sparse, l1_bitmap,
			    l2->msr_bitmap);
}
