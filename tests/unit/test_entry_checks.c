// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of nested/entry_checks.c: the VM-entry checks of a VMCS12
 * (SDM 26.2 controls and host state, 26.3.1 guest state). One valid
 * VMCS12, as Linux KVM would build it for a 64-bit guest with paging on
 * the emulated Skylake-X (Bochs 2.7, shared/notes/emulated-machine.md),
 * passes every check; each case then breaks one field (or a capability)
 * and expects exactly the outcome of its rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../nested/entry_checks.h"
#include "../../nested/vmcs12.h"
#include "../../apic/cpu_reset.h"

#define I(name) VMCS12_I_##name
#define CAP(name) offsetof(struct hv_l1_vmx_caps, name)

/*
 * Capability MSRs of Bochs' corei7_skylake_x. The TRUE_* values are not in
 * the notes; these are the usual ones (default1 bits CR3-load/store
 * exiting, save/load debug controls reported as allowed 0).
 */
static const struct hv_l1_vmx_caps skx = {
	.basic = 0x00d810000000002bULL,
	.pinbased = 0x0000007f00000016ULL,
	.procbased = 0xf7f9fffe0401e172ULL,
	.procbased2 = 0x02177fff00000000ULL,
	.exit = 0x007fffff00036dffULL,
	.entry = 0x0000ffff000011ffULL,
	.true_pinbased = 0x0000007f00000016ULL,
	.true_procbased = 0xf7f9fffe04006172ULL,
	.true_exit = 0x007fffff00036dfbULL,
	.true_entry = 0x0000ffff000011fbULL,
	.misc = 0x00000000600401e0ULL,
	.cr0_fixed0 = 0x80000021ULL,
	.cr0_fixed1 = 0xffffffffULL,
	.cr4_fixed0 = 0x2000ULL,
	.cr4_fixed1 = 0x3727ffULL,
	.ept_vpid = 0x00000f0106334141ULL,
	.vmfunc = 0x1,
	.maxphyaddr = 40,
	.linear_bits = 48,
};

#define VMPTR 0x3000ULL /* L1's current VMCS */

static struct hv_vmcs12 vmcs;
static struct hv_l1_vmx_caps caps;
static enum hvnest_entry_rule rule; /* the last check's broken rule */

#define W(name, val) (vmcs.field[I(name)] = (val))

/* A VMCS12 that passes every check: a 64-bit KVM guest, 64-bit host. */
static void fill_valid(void)
{
	memset(&vmcs, 0, sizeof(vmcs));
	caps = skx;
	/* Controls: what KVM asks for, on top of the default1 bits. */
	W(PIN_BASED_VM_EXEC_CONTROL, 0x16 | HV_BIT(0) | HV_BIT(3) | HV_BIT(5));
	W(CPU_BASED_VM_EXEC_CONTROL, 0x0401e172 | HV_BIT(7) | HV_BIT(21) |
				     HV_BIT(24) | HV_BIT(28) | HV_BIT(31));
	W(SECONDARY_VM_EXEC_CONTROL, HV_BIT(1) | HV_BIT(3) | HV_BIT(5) |
				     HV_BIT(7) | HV_BIT(12) | HV_BIT(20));
	W(VM_EXIT_CONTROLS, 0x00036dff | HV_BIT(9) | HV_BIT(15) | HV_BIT(18) |
			    HV_BIT(19) | HV_BIT(20) | HV_BIT(21));
	W(VM_ENTRY_CONTROLS, 0x11ff | HV_BIT(9) | HV_BIT(14) | HV_BIT(15));
	W(VIRTUAL_PROCESSOR_ID, 1);
	W(EPT_POINTER, 0x5000 | 0x18 | 6); /* 4-level walk, WB */
	W(MSR_BITMAP, 0x6000);
	W(VIRTUAL_APIC_PAGE_ADDR, 0x7000);
	W(IO_BITMAP_A, ~0ULL); /* unused: "use I/O bitmaps" is 0 */
	W(IO_BITMAP_B, ~0ULL);
	/* Host: 64-bit Linux. */
	W(HOST_CR0, 0x80050033);
	W(HOST_CR3, 0x2000);
	W(HOST_CR4, 0x3726a0); /* PAE PGE OSFXSR OSXMMEXCPT VMXE FSGS PCID SMEP SMAP */
	W(HOST_CS_SELECTOR, 0x10);
	W(HOST_SS_SELECTOR, 0x18);
	W(HOST_TR_SELECTOR, 0x40);
	W(HOST_FS_BASE, 0x7f0000001000ULL);
	W(HOST_GS_BASE, 0xffff888100000000ULL);
	W(HOST_TR_BASE, 0xfffffe0000003000ULL);
	W(HOST_GDTR_BASE, 0xfffffe0000001000ULL);
	W(HOST_IDTR_BASE, 0xfffffe0000000000ULL);
	W(HOST_IA32_SYSENTER_ESP, 0xfffffe0000005000ULL);
	W(HOST_IA32_SYSENTER_EIP, 0xffffffff81a00000ULL);
	W(HOST_RSP, 0xffffc90000404000ULL);
	W(HOST_RIP, 0xffffffff81001000ULL);
	W(HOST_IA32_PAT, 0x0407050600070106ULL);
	W(HOST_IA32_EFER, 0xd01);
	/* Guest: 64-bit kernel with paging, CPL 0. */
	W(GUEST_CR0, 0x80050033);
	W(GUEST_CR3, 0x1000);
	W(GUEST_CR4, 0x26a0);
	W(GUEST_DR7, 0x400);
	W(GUEST_IA32_DEBUGCTL, 0);
	W(GUEST_IA32_PAT, 0x0007040600070406ULL);
	W(GUEST_IA32_EFER, 0xd01);
	W(GUEST_CS_SELECTOR, 0x10);
	W(GUEST_CS_LIMIT, 0xffffffff);
	W(GUEST_CS_AR_BYTES, 0xa09b);
	W(GUEST_SS_SELECTOR, 0x18);
	W(GUEST_SS_LIMIT, 0xffffffff);
	W(GUEST_SS_AR_BYTES, 0xc093);
	W(GUEST_DS_SELECTOR, 0x18);
	W(GUEST_DS_LIMIT, 0xffffffff);
	W(GUEST_DS_AR_BYTES, 0xc093);
	W(GUEST_ES_SELECTOR, 0x18);
	W(GUEST_ES_LIMIT, 0xffffffff);
	W(GUEST_ES_AR_BYTES, 0xc093);
	W(GUEST_FS_AR_BYTES, 0x10000);
	W(GUEST_FS_BASE, 0x7f0000002000ULL);
	W(GUEST_GS_AR_BYTES, 0x10000);
	W(GUEST_GS_BASE, 0xffff888200000000ULL);
	W(GUEST_LDTR_AR_BYTES, 0x10000);
	W(GUEST_TR_SELECTOR, 0x40);
	W(GUEST_TR_BASE, 0xfffffe0000103000ULL);
	W(GUEST_TR_LIMIT, 0x67);
	W(GUEST_TR_AR_BYTES, 0x8b);
	W(GUEST_GDTR_BASE, 0xfffffe0000101000ULL);
	W(GUEST_GDTR_LIMIT, 0x7f);
	W(GUEST_IDTR_BASE, 0xfffffe0000100000ULL);
	W(GUEST_IDTR_LIMIT, 0xfff);
	W(GUEST_RSP, 0xffffc90000004000ULL);
	W(GUEST_RIP, 0xffffffff81000000ULL);
	W(GUEST_RFLAGS, 0x2);
	W(VMCS_LINK_POINTER, ~0ULL);
}

enum kind { CTL, HOST, GUEST };
#define PASS 0xffffffffu /* every check of the kind passes */

/* value = (value & ~clr) | set, for a field (idx) or a capability (cap). */
struct mut {
	int idx; /* 0 ends the list: index 0 (VPID) is written by idx -1 */
	u64 clr, set;
};

struct capmut {
	size_t off; /* of a u64 member of struct hv_l1_vmx_caps */
	u64 clr, set;
	bool used;
};

struct rule_case {
	const char *name;
	enum kind kind;
	u32 expect; /* 7 or 8, a guest qualification, or PASS */
	struct mut m[6];
	struct capmut cm;
	bool l1_32bit; /* L1 not in IA-32e mode (host checks) */
};

#define VPID_IDX (-1)
#define SET(f, v) { I(f), ~0ULL, (v) }
#define OR(f, v) { I(f), 0, (v) }
#define CLR(f, v) { I(f), (v), 0 }
#define CAPS(f, c, s) .cm = { CAP(f), (c), (s), true }

static void apply(const struct rule_case *rc)
{
	unsigned int i;

	for (i = 0; i < HV_ARRAY_SIZE(rc->m); i++) {
		const struct mut *m = &rc->m[i];
		int idx = m->idx == VPID_IDX ? 0 : m->idx;

		if (!m->idx)
			break;
		vmcs.field[idx] = (vmcs.field[idx] & ~m->clr) | m->set;
	}
	if (rc->cm.used) {
		u64 *p = (u64 *)((char *)&caps + rc->cm.off);

		*p = (*p & ~rc->cm.clr) | rc->cm.set;
	}
}

/* The rule that failed, with the outcome, in *why. */
static u32 outcome(enum kind k, bool l1_32bit, enum hvnest_entry_rule *why)
{
	u64 qual = 0xdead;

	switch (k) {
	case CTL:
		return hv_vmcs12_check_controls(&vmcs, &caps, why) ?: PASS;
	case HOST:
		return hv_vmcs12_check_host_state(&vmcs, &caps, !l1_32bit, why) ?: PASS;
	default:
		if (hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, why))
			return PASS;
		return (u32)qual;
	}
}

#define RULE_ID(id, name, sdm) #id,
static const char *const rule_ids[] = { HVNEST_ENTRY_RULES(RULE_ID) };
#undef RULE_ID

/* Rows name only the mutations they need; the rest stays zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct rule_case cases[] = {
	/* ---- SDM 26.2.1.1 VM-execution controls ---- */
	{ "ctl_pin_reserved_one", CTL, 7, { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(8)) } },
	{ "ctl_pin_default1_clear", CTL, 7, { CLR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(4)) } },
	{ "ctl_pin_high_bits", CTL, 7, { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(32)) } },
	{ "ctl_proc_reserved_zero", CTL, 7, { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(1)) } },
	{ "ctl_proc_reserved_one_bit27", CTL, 7, { OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(27)) } },
	/* CR3-load exiting (15) is default1: only the TRUE MSR lets it be 0. */
	{ "ctl_proc_true_allows_cr3_load_0", CTL, PASS, { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(15)) } },
	{ "ctl_proc_no_true_needs_cr3_load", CTL, 7, { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(15)) },
	  CAPS(basic, HV_BIT(55), 0) },
	{ "ctl_proc2_reserved_one", CTL, 7, { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(15)) } },
	{ "ctl_proc2_ignored_without_secondary", CTL, PASS,
	  { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(31)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(15)) } },
	{ "ctl_tertiary_refused", CTL, 7, { OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(17)) },
	  CAPS(true_procbased, 0, HV_BIT(49)) },
	{ "ctl_cr3_target_count_4", CTL, PASS, { SET(CR3_TARGET_COUNT, 4) } },
	{ "ctl_cr3_target_count", CTL, 7, { SET(CR3_TARGET_COUNT, 5) } },
	{ "ctl_io_bitmap_unaligned", CTL, 7,
	  { OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(25)), SET(IO_BITMAP_A, 0x8800), SET(IO_BITMAP_B, 0x9000) } },
	{ "ctl_io_bitmap_b_beyond_maxphyaddr", CTL, 7,
	  { OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(25)), SET(IO_BITMAP_A, 0x8000), SET(IO_BITMAP_B, HV_BIT(40)) } },
	{ "ctl_io_bitmap_ok", CTL, PASS,
	  { OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(25)), SET(IO_BITMAP_A, 0x8000), SET(IO_BITMAP_B, 0x9000) } },
	{ "ctl_msr_bitmap_beyond_maxphyaddr", CTL, 7, { SET(MSR_BITMAP, HV_BIT(40)) } },
	{ "ctl_msr_bitmap_unaligned", CTL, 7, { SET(MSR_BITMAP, 0x6008) } },
	{ "ctl_msr_bitmap_unused", CTL, PASS,
	  { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(28)), SET(MSR_BITMAP, 1) } },
	{ "ctl_vapic_unaligned", CTL, 7, { SET(VIRTUAL_APIC_PAGE_ADDR, 0x7010) } },
	{ "ctl_tpr_threshold_high", CTL, 7, { SET(TPR_THRESHOLD, 0x10) } },
	{ "ctl_tpr_threshold_low_ok", CTL, PASS, { SET(TPR_THRESHOLD, 0xf) } },
	{ "ctl_x2apic_without_tpr_shadow", CTL, 7,
	  { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(21)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(4)) } },
	{ "ctl_apicreg_without_tpr_shadow", CTL, 7,
	  { CLR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(21)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(8)) } },
	{ "ctl_vnmi_without_nmi_exiting", CTL, 7, { CLR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(3)) } },
	{ "ctl_nmi_window_without_vnmi", CTL, 7,
	  { CLR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(5)), OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(22)) } },
	{ "ctl_nmi_window_with_vnmi", CTL, PASS, { OR(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(22)) } },
	{ "ctl_apic_access_unaligned", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(0)), SET(APIC_ACCESS_ADDR, 0xfee00800) } },
	{ "ctl_apic_access_ok", CTL, PASS,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(0)), SET(APIC_ACCESS_ADDR, 0xfee00000) } },
	{ "ctl_x2apic_and_apic_access", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(0) | HV_BIT(4)), SET(APIC_ACCESS_ADDR, 0xfee00000) } },
	{ "ctl_vid_without_ext_intr_exiting", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(9)), CLR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(0)) } },
	{ "ctl_vid_ok", CTL, PASS, { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(9)), SET(TPR_THRESHOLD, 0x20) } },
	{ "ctl_posted_ok", CTL, PASS,
	  { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(7)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(9)),
	    SET(POSTED_INTR_NV, 0xf2), SET(POSTED_INTR_DESC_ADDR, 0x8040) },
	  CAPS(true_pinbased, 0, HV_BIT(39)) },
	{ "ctl_posted_without_vid", CTL, 7,
	  { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(7)), SET(POSTED_INTR_NV, 0xf2),
	    SET(POSTED_INTR_DESC_ADDR, 0x8040) },
	  CAPS(true_pinbased, 0, HV_BIT(39)) },
	{ "ctl_posted_vector_high", CTL, 7,
	  { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(7)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(9)),
	    SET(POSTED_INTR_NV, 0x1f2), SET(POSTED_INTR_DESC_ADDR, 0x8040) },
	  CAPS(true_pinbased, 0, HV_BIT(39)) },
	{ "ctl_posted_desc_unaligned", CTL, 7,
	  { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(7)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(9)),
	    SET(POSTED_INTR_NV, 0xf2), SET(POSTED_INTR_DESC_ADDR, 0x8044) },
	  CAPS(true_pinbased, 0, HV_BIT(39)) },
	{ "ctl_posted_without_ack_intr", CTL, 7,
	  { OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(7)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(9)),
	    CLR(VM_EXIT_CONTROLS, HV_BIT(15)), SET(POSTED_INTR_DESC_ADDR, 0x8040) },
	  CAPS(true_pinbased, 0, HV_BIT(39)) },
	{ "ctl_vpid_zero", CTL, 7, { { VPID_IDX, ~0ULL, 0 } } },
	{ "ctl_vpid_zero_unused", CTL, PASS,
	  { { VPID_IDX, ~0ULL, 0 }, CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(5)) } },
	{ "ctl_eptp_bad_memtype", CTL, 7, { SET(EPT_POINTER, 0x5000 | 0x18 | 2) } },
	{ "ctl_eptp_uc_ok", CTL, PASS, { SET(EPT_POINTER, 0x5000 | 0x18 | 0) } },
	{ "ctl_eptp_walk_length_5", CTL, 7, { SET(EPT_POINTER, 0x5000 | 0x20 | 6) } },
	{ "ctl_eptp_walk_length_5_supported", CTL, PASS, { SET(EPT_POINTER, 0x5000 | 0x20 | 6) },
	  CAPS(ept_vpid, 0, HV_BIT(7)) },
	{ "ctl_eptp_ad_unsupported", CTL, 7, { SET(EPT_POINTER, 0x5000 | 0x40 | 0x18 | 6) },
	  CAPS(ept_vpid, HV_BIT(21), 0) },
	{ "ctl_eptp_ad_ok", CTL, PASS, { SET(EPT_POINTER, 0x5000 | 0x40 | 0x18 | 6) } },
	{ "ctl_eptp_reserved_bits", CTL, 7, { OR(EPT_POINTER, HV_BIT(8)) } },
	{ "ctl_eptp_beyond_maxphyaddr", CTL, 7, { OR(EPT_POINTER, HV_BIT(40)) } },
	{ "ctl_eptp_unused", CTL, PASS,
	  { CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(1) | HV_BIT(7)), SET(EPT_POINTER, 2) } },
	{ "ctl_pml_without_ept", CTL, 7,
	  { CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(1) | HV_BIT(7)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(17)),
	    SET(PML_ADDRESS, 0x9000) } },
	{ "ctl_pml_unaligned", CTL, 7, { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(17)), SET(PML_ADDRESS, 0x9100) } },
	{ "ctl_pml_ok", CTL, PASS, { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(17)), SET(PML_ADDRESS, 0x9000) } },
	{ "ctl_unrestricted_without_ept", CTL, 7, { CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(1)) } },
	{ "ctl_mbec_without_ept", CTL, 7,
	  { CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(1) | HV_BIT(7)), OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(22)) },
	  CAPS(procbased2, 0, HV_BIT(54)) },
	{ "ctl_spp_refused", CTL, 7, { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(23)) },
	  CAPS(procbased2, 0, HV_BIT(55)) },
	{ "ctl_pt_gpa_without_rtit_controls", CTL, 7, { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(24)) },
	  CAPS(procbased2, 0, HV_BIT(56)) },
	{ "ctl_vmfunc_reserved", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(13)), SET(VM_FUNCTION_CONTROL, 2) } },
	{ "ctl_vmfunc_eptp_list_unaligned", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(13)), SET(VM_FUNCTION_CONTROL, 1),
	    SET(EPTP_LIST_ADDRESS, 0xa008) } },
	{ "ctl_vmfunc_eptp_switching_ok", CTL, PASS,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(13)), SET(VM_FUNCTION_CONTROL, 1),
	    SET(EPTP_LIST_ADDRESS, 0xa000) } },
	{ "ctl_shadow_vmcs_bitmap_unaligned", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(14)), SET(VMREAD_BITMAP, 0xb000),
	    SET(VMWRITE_BITMAP, 0xc001) } },
	{ "ctl_shadow_vmcs_ok", CTL, PASS,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(14)), SET(VMREAD_BITMAP, 0xb000),
	    SET(VMWRITE_BITMAP, 0xc000) } },
	{ "ctl_ve_info_beyond_maxphyaddr", CTL, 7,
	  { OR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(18)), SET(VE_INFORMATION_ADDRESS, HV_BIT(45)) } },
	/* ---- SDM 26.2.1.2 VM-exit controls ---- */
	{ "ctl_exit_reserved_zero", CTL, 7, { CLR(VM_EXIT_CONTROLS, HV_BIT(0)) } },
	{ "ctl_exit_reserved_one", CTL, 7, { OR(VM_EXIT_CONTROLS, HV_BIT(23)) } },
	{ "ctl_exit_save_debug_true_0", CTL, PASS, { CLR(VM_EXIT_CONTROLS, HV_BIT(2)) } },
	{ "ctl_save_preempt_without_timer", CTL, 7, { OR(VM_EXIT_CONTROLS, HV_BIT(22)) } },
	{ "ctl_save_preempt_with_timer", CTL, PASS,
	  { OR(VM_EXIT_CONTROLS, HV_BIT(22)), OR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(6)) } },
	{ "ctl_exit_msr_store_unaligned", CTL, 7,
	  { SET(VM_EXIT_MSR_STORE_COUNT, 1), SET(VM_EXIT_MSR_STORE_ADDR, 0xd008) } },
	{ "ctl_exit_msr_store_unaligned_count0", CTL, PASS, { SET(VM_EXIT_MSR_STORE_ADDR, 0xd008) } },
	{ "ctl_exit_msr_load_end_beyond_maxphyaddr", CTL, 7,
	  { SET(VM_EXIT_MSR_LOAD_COUNT, 2), SET(VM_EXIT_MSR_LOAD_ADDR, HV_BIT(40) - 16) } },
	{ "ctl_exit_msr_load_end_ok", CTL, PASS,
	  { SET(VM_EXIT_MSR_LOAD_COUNT, 1), SET(VM_EXIT_MSR_LOAD_ADDR, HV_BIT(40) - 16) } },
	/* ---- SDM 26.2.1.3 VM-entry controls ---- */
	{ "ctl_entry_reserved_zero", CTL, 7, { CLR(VM_ENTRY_CONTROLS, HV_BIT(0)) } },
	{ "ctl_entry_reserved_one", CTL, 7, { OR(VM_ENTRY_CONTROLS, HV_BIT(16)) } },
	{ "ctl_entry_to_smm", CTL, 7, { OR(VM_ENTRY_CONTROLS, HV_BIT(10)) } },
	{ "ctl_entry_dual_monitor", CTL, 7, { OR(VM_ENTRY_CONTROLS, HV_BIT(11)) } },
	{ "ctl_inject_reserved_type", CTL, 7, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (1 << 8) | 32) } },
	{ "ctl_inject_other_event_without_mtf", CTL, 7, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (7 << 8)) } },
	{ "ctl_inject_other_event_with_mtf", CTL, PASS, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (7 << 8)) },
	  CAPS(procbased, 0, HV_BIT(59)) },
	{ "ctl_inject_other_event_vector1", CTL, 7, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (7 << 8) | 1) },
	  CAPS(procbased, 0, HV_BIT(59)) },
	{ "ctl_inject_nmi_vector3", CTL, 7, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (2 << 8) | 3) } },
	{ "ctl_inject_nmi_ok", CTL, PASS, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (2 << 8) | 2) } },
	{ "ctl_inject_hw_exception_vector32", CTL, 7, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (3 << 8) | 32) } },
	{ "ctl_inject_ud_with_error_code", CTL, 7,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | HV_BIT(11) | (3 << 8) | 6) } },
	{ "ctl_inject_gp_without_error_code", CTL, 7, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (3 << 8) | 13) } },
	{ "ctl_inject_gp_ok", CTL, PASS,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | HV_BIT(11) | (3 << 8) | 13) } },
	{ "ctl_inject_gp_real_mode_no_error_code", CTL, PASS,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (3 << 8) | 13), CLR(GUEST_CR0, 0x80000001) } },
	{ "ctl_inject_cp_error_code_without_cet", CTL, 7,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | HV_BIT(11) | (3 << 8) | 21) } },
	{ "ctl_inject_reserved_bits", CTL, 7,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | HV_BIT(12) | (2 << 8) | 2) } },
	{ "ctl_inject_error_code_high", CTL, 7,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | HV_BIT(11) | (3 << 8) | 14),
	    SET(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x10000) } },
	{ "ctl_inject_soft_int_len0_misc30", CTL, PASS,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (4 << 8) | 0x40), SET(VM_ENTRY_INSTRUCTION_LEN, 0) } },
	{ "ctl_inject_soft_int_len0", CTL, 7,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (4 << 8) | 0x40), SET(VM_ENTRY_INSTRUCTION_LEN, 0) },
	  CAPS(misc, HV_BIT(30), 0) },
	{ "ctl_inject_soft_int_len16", CTL, 7,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (4 << 8) | 0x40), SET(VM_ENTRY_INSTRUCTION_LEN, 16) } },
	{ "ctl_inject_invalid_ignored", CTL, PASS, { SET(VM_ENTRY_INTR_INFO, (1 << 8) | 32) } },
	{ "ctl_entry_msr_load_unaligned", CTL, 7,
	  { SET(VM_ENTRY_MSR_LOAD_COUNT, 3), SET(VM_ENTRY_MSR_LOAD_ADDR, 0xe004) } },
	/* ---- SDM 26.2.2 host control registers and MSRs ---- */
	{ "host_cr0_pg_clear", HOST, 8, { CLR(HOST_CR0, HV_BIT(31)) } },
	{ "host_cr0_high_bit", HOST, 8, { OR(HOST_CR0, HV_BIT(32)) } },
	{ "host_cr4_vmxe_clear", HOST, 8, { CLR(HOST_CR4, HV_BIT(13)) } },
	{ "host_cr4_fixed1", HOST, 8, { OR(HOST_CR4, HV_BIT(11)) } },
	{ "host_cr4_cet_without_wp", HOST, 8, { OR(HOST_CR4, HV_BIT(23)), CLR(HOST_CR0, HV_BIT(16)) },
	  CAPS(cr4_fixed1, 0, HV_BIT(23)) },
	{ "host_cr3_beyond_maxphyaddr", HOST, 8, { OR(HOST_CR3, HV_BIT(40)) } },
	{ "host_sysenter_esp_noncanonical", HOST, 8, { SET(HOST_IA32_SYSENTER_ESP, 0x0000800000000000ULL) } },
	{ "host_sysenter_eip_noncanonical", HOST, 8, { SET(HOST_IA32_SYSENTER_EIP, 0xfff0000000000000ULL) } },
	{ "host_pat_reserved_type", HOST, 8, { SET(HOST_IA32_PAT, 0x0007040600070206ULL) } },
	{ "host_pat_unused", HOST, PASS, { SET(HOST_IA32_PAT, 0x08), CLR(VM_EXIT_CONTROLS, HV_BIT(19)) } },
	{ "host_efer_reserved", HOST, 8, { OR(HOST_IA32_EFER, HV_BIT(1)) } },
	{ "host_efer_lma_clear", HOST, 8, { CLR(HOST_IA32_EFER, HV_BIT(10)) } },
	{ "host_efer_lme_clear", HOST, 8, { CLR(HOST_IA32_EFER, HV_BIT(8)) } },
	{ "host_efer_unused", HOST, PASS, { SET(HOST_IA32_EFER, 0), CLR(VM_EXIT_CONTROLS, HV_BIT(21)) } },
	/* ---- SDM 26.2.3 host segment and descriptor-table registers ---- */
	{ "host_ds_selector_rpl", HOST, 8, { SET(HOST_DS_SELECTOR, 0x2b) } },
	{ "host_tr_selector_ti", HOST, 8, { OR(HOST_TR_SELECTOR, 4) } },
	{ "host_cs_selector_null", HOST, 8, { SET(HOST_CS_SELECTOR, 0) } },
	{ "host_tr_selector_null", HOST, 8, { SET(HOST_TR_SELECTOR, 0) } },
	{ "host_ss_selector_null_64", HOST, PASS, { SET(HOST_SS_SELECTOR, 0) } },
	{ "host_fs_base_noncanonical", HOST, 8, { SET(HOST_FS_BASE, 0x0000800000000000ULL) } },
	{ "host_gs_base_noncanonical", HOST, 8, { SET(HOST_GS_BASE, 0x0000800000000000ULL) } },
	{ "host_gdtr_base_noncanonical", HOST, 8, { SET(HOST_GDTR_BASE, 0x8000000000000000ULL) } },
	{ "host_idtr_base_noncanonical", HOST, 8, { SET(HOST_IDTR_BASE, 0x0001000000000000ULL) } },
	{ "host_tr_base_noncanonical", HOST, 8, { SET(HOST_TR_BASE, 0xfffe000000000000ULL) } },
	/* ---- SDM 26.2.4 address-space size ---- */
	{ "host_addr_space_size_clear", HOST, 8, { CLR(VM_EXIT_CONTROLS, HV_BIT(9)) } },
	{ "host_l1_32bit_addr_space_set", HOST, 8, { CLR(VM_ENTRY_CONTROLS, HV_BIT(9)) }, .l1_32bit = true },
	{ "host_l1_32bit_ia32e_guest", HOST, 8,
	  { CLR(VM_EXIT_CONTROLS, HV_BIT(9) | HV_BIT(21)), CLR(HOST_CR4, HV_BIT(17)),
	    SET(HOST_RIP, 0x81001000) }, .l1_32bit = true },
	{ "host_l1_32bit_ok", HOST, PASS,
	  { CLR(VM_EXIT_CONTROLS, HV_BIT(9) | HV_BIT(21)), CLR(HOST_CR4, HV_BIT(17)),
	    SET(HOST_RIP, 0x81001000), CLR(VM_ENTRY_CONTROLS, HV_BIT(9)) }, .l1_32bit = true },
	{ "host_l1_32bit_pcide", HOST, 8,
	  { CLR(VM_EXIT_CONTROLS, HV_BIT(9) | HV_BIT(21)), SET(HOST_RIP, 0x81001000),
	    CLR(VM_ENTRY_CONTROLS, HV_BIT(9)) }, .l1_32bit = true },
	{ "host_l1_32bit_rip_high", HOST, 8,
	  { CLR(VM_EXIT_CONTROLS, HV_BIT(9) | HV_BIT(21)), CLR(HOST_CR4, HV_BIT(17)),
	    CLR(VM_ENTRY_CONTROLS, HV_BIT(9)) }, .l1_32bit = true },
	{ "host_l1_32bit_ss_null", HOST, 8,
	  { CLR(VM_EXIT_CONTROLS, HV_BIT(9) | HV_BIT(21)), CLR(HOST_CR4, HV_BIT(17)),
	    SET(HOST_RIP, 0x81001000), SET(HOST_SS_SELECTOR, 0), CLR(VM_ENTRY_CONTROLS, HV_BIT(9)) },
	  .l1_32bit = true },
	{ "host_cr4_pae_clear_64", HOST, 8, { CLR(HOST_CR4, HV_BIT(5)) } },
	{ "host_rip_noncanonical", HOST, 8, { SET(HOST_RIP, 0x0000800000000000ULL) } },
	/* ---- SDM 26.3.1.1 guest control registers, debug registers, MSRs ---- */
	{ "guest_cr0_pg_without_pe", GUEST, 0, { CLR(GUEST_CR0, HV_BIT(0)) } },
	{ "guest_cr0_ne_clear", GUEST, 0, { CLR(GUEST_CR0, HV_BIT(5)) } },
	{ "guest_cr0_high_bit", GUEST, 0, { OR(GUEST_CR0, HV_BIT(40)) } },
	{ "guest_cr0_real_mode_unrestricted", GUEST, PASS,
	  { CLR(GUEST_CR0, 0x80000001), CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), CLR(GUEST_IA32_EFER, 0x500),
	    SET(GUEST_CS_AR_BYTES, 0xc09b), SET(GUEST_RIP, 0x1000) } },
	{ "guest_cr0_pe_clear_without_ug", GUEST, 0,
	  { CLR(GUEST_CR0, 0x80000001), CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), CLR(GUEST_IA32_EFER, 0x500),
	    CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(7)), SET(GUEST_CS_AR_BYTES, 0xc09b), SET(GUEST_RIP, 0x1000) } },
	{ "guest_cr4_vmxe_clear", GUEST, 0, { CLR(GUEST_CR4, HV_BIT(13)) } },
	{ "guest_cr4_fixed1", GUEST, 0, { OR(GUEST_CR4, HV_BIT(12)) } },
	{ "guest_cr4_cet_without_wp", GUEST, 0, { OR(GUEST_CR4, HV_BIT(23)), CLR(GUEST_CR0, HV_BIT(16)) },
	  CAPS(cr4_fixed1, 0, HV_BIT(23)) },
	{ "guest_dr7_high_bits", GUEST, 0, { OR(GUEST_DR7, HV_BIT(32)) } },
	{ "guest_dr7_high_bits_unused", GUEST, PASS,
	  { OR(GUEST_DR7, HV_BIT(32)), CLR(VM_ENTRY_CONTROLS, HV_BIT(2)) } },
	{ "guest_debugctl_reserved", GUEST, 0, { SET(GUEST_IA32_DEBUGCTL, HV_BIT(2)) } },
	{ "guest_cr4_pae_clear_ia32e", GUEST, 0, { CLR(GUEST_CR4, HV_BIT(5)) } },
	{ "guest_ia32e_without_pg", GUEST, 0, { CLR(GUEST_CR0, HV_BIT(31)) } },
	{ "guest_pcide_without_ia32e", GUEST, 0,
	  { CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), SET(GUEST_IA32_EFER, 0), OR(GUEST_CR4, HV_BIT(17)),
	    SET(GUEST_CS_AR_BYTES, 0xc09b), SET(GUEST_RIP, 0x1000) } },
	{ "guest_cr3_beyond_maxphyaddr", GUEST, 0, { OR(GUEST_CR3, HV_BIT(40)) } },
	{ "guest_sysenter_esp_noncanonical", GUEST, 0, { SET(GUEST_SYSENTER_ESP, 0x0000800000000000ULL) } },
	{ "guest_sysenter_eip_noncanonical", GUEST, 0, { SET(GUEST_SYSENTER_EIP, 0x0000800000000000ULL) } },
	{ "guest_pat_reserved_type", GUEST, 0, { SET(GUEST_IA32_PAT, 0x0007040600070403ULL) } },
	{ "guest_pat_byte_above_7", GUEST, 0, { SET(GUEST_IA32_PAT, 0x0807040600070406ULL) } },
	{ "guest_efer_lma_clear", GUEST, 0, { SET(GUEST_IA32_EFER, 0x100) } },
	{ "guest_efer_lme_clear_pg", GUEST, 0, { SET(GUEST_IA32_EFER, 0x400) } },
	{ "guest_efer_reserved", GUEST, 0, { OR(GUEST_IA32_EFER, HV_BIT(12)) } },
	{ "guest_bndcfgs_reserved", GUEST, 0,
	  { OR(VM_ENTRY_CONTROLS, HV_BIT(16)), SET(GUEST_IA32_BNDCFGS, 0x1004) },
	  CAPS(true_entry, 0, HV_BIT(48)) },
	{ "guest_bndcfgs_noncanonical", GUEST, 0,
	  { OR(VM_ENTRY_CONTROLS, HV_BIT(16)), SET(GUEST_IA32_BNDCFGS, 0x0000800000000001ULL) },
	  CAPS(true_entry, 0, HV_BIT(48)) },
	/* ---- SDM 26.3.1.2 guest segment registers ---- */
	{ "guest_tr_ti", GUEST, 0, { OR(GUEST_TR_SELECTOR, 4) } },
	{ "guest_ldtr_ti", GUEST, 0,
	  { SET(GUEST_LDTR_SELECTOR, 0x54), SET(GUEST_LDTR_AR_BYTES, 0x82), SET(GUEST_LDTR_LIMIT, 0xff) } },
	{ "guest_ldtr_usable_ok", GUEST, PASS,
	  { SET(GUEST_LDTR_SELECTOR, 0x50), SET(GUEST_LDTR_AR_BYTES, 0x82), SET(GUEST_LDTR_LIMIT, 0xff) } },
	{ "guest_ss_rpl_not_cs_rpl", GUEST, 0,
	  { SET(GUEST_SS_SELECTOR, 0x1b), SET(GUEST_SS_AR_BYTES, 0xc0f3), SET(GUEST_CS_AR_BYTES, 0xa0fb),
	    CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(7)) } },
	{ "guest_ss_rpl_not_cs_rpl_ug", GUEST, PASS,
	  { SET(GUEST_SS_SELECTOR, 0x1b), SET(GUEST_SS_AR_BYTES, 0xc0f3), SET(GUEST_CS_AR_BYTES, 0xa0fb) } },
	{ "guest_fs_base_noncanonical", GUEST, 0, { SET(GUEST_FS_BASE, 0x0000800000000000ULL) } },
	{ "guest_tr_base_noncanonical", GUEST, 0, { SET(GUEST_TR_BASE, 0x0000800000000000ULL) } },
	{ "guest_cs_base_high", GUEST, 0, { SET(GUEST_CS_BASE, HV_BIT(32)) } },
	{ "guest_ds_base_high", GUEST, 0, { SET(GUEST_DS_BASE, HV_BIT(32)) } },
	{ "guest_ds_base_high_unusable", GUEST, PASS,
	  { SET(GUEST_DS_BASE, HV_BIT(32)), SET(GUEST_DS_AR_BYTES, 0x10000) } },
	{ "guest_cs_not_accessed", GUEST, 0, { SET(GUEST_CS_AR_BYTES, 0xa09a) } },
	{ "guest_cs_data_type_without_ug", GUEST, 0,
	  { SET(GUEST_CS_AR_BYTES, 0xa093), CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(7)) } },
	{ "guest_cs_data_type_with_ug", GUEST, PASS, { SET(GUEST_CS_AR_BYTES, 0xa093) } },
	{ "guest_ss_type_code", GUEST, 0, { SET(GUEST_SS_AR_BYTES, 0xc09b) } },
	{ "guest_ds_not_accessed", GUEST, 0, { SET(GUEST_DS_AR_BYTES, 0xc092) } },
	{ "guest_es_code_not_readable", GUEST, 0, { SET(GUEST_ES_AR_BYTES, 0xc099) } },
	{ "guest_cs_s_clear", GUEST, 0, { CLR(GUEST_CS_AR_BYTES, HV_BIT(4)) } },
	{ "guest_cs_dpl_not_ss_dpl", GUEST, 0, { SET(GUEST_CS_AR_BYTES, 0xa0bb) } },
	{ "guest_cs_conforming_dpl_above_ss", GUEST, 0, { SET(GUEST_CS_AR_BYTES, 0xa0bf) } },
	{ "guest_cs_conforming_ok", GUEST, PASS, { SET(GUEST_CS_AR_BYTES, 0xa09f) } },
	{ "guest_ss_dpl_not_cs_rpl", GUEST, 0,
	  { SET(GUEST_SS_AR_BYTES, 0xc0f3), SET(GUEST_CS_AR_BYTES, 0xa0fb),
	    CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(7)) } },
	{ "guest_ss_dpl_pe_clear", GUEST, 0,
	  { CLR(GUEST_CR0, 0x80000001), CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), CLR(GUEST_IA32_EFER, 0x500),
	    SET(GUEST_SS_AR_BYTES, 0xc0f3), SET(GUEST_CS_AR_BYTES, 0xc0fb), SET(GUEST_RIP, 0x1000) } },
	{ "guest_ds_dpl_below_rpl", GUEST, 0,
	  { SET(GUEST_DS_SELECTOR, 0x1b), CLR(SECONDARY_VM_EXEC_CONTROL, HV_BIT(7)) } },
	{ "guest_ds_dpl_below_rpl_ug", GUEST, PASS, { SET(GUEST_DS_SELECTOR, 0x1b) } },
	{ "guest_cs_not_present", GUEST, 0, { CLR(GUEST_CS_AR_BYTES, HV_BIT(7)) } },
	{ "guest_ss_reserved_11_8", GUEST, 0, { OR(GUEST_SS_AR_BYTES, HV_BIT(8)) } },
	{ "guest_cs_l_and_d", GUEST, 0, { SET(GUEST_CS_AR_BYTES, 0xe09b) } },
	{ "guest_ds_g_clear_big_limit", GUEST, 0, { CLR(GUEST_DS_AR_BYTES, HV_BIT(15)) } },
	{ "guest_es_g_set_small_limit", GUEST, 0, { SET(GUEST_ES_LIMIT, 0xfffff000) } },
	{ "guest_gs_reserved_31_17", GUEST, 0,
	  { SET(GUEST_GS_AR_BYTES, 0x2c093), SET(GUEST_GS_LIMIT, 0xffffffff) } },
	{ "guest_fs_unusable_junk_ok", GUEST, PASS, { SET(GUEST_FS_AR_BYTES, 0x1ffff) } },
	{ "guest_tr_unusable", GUEST, 0, { SET(GUEST_TR_AR_BYTES, 0x1008b) } },
	{ "guest_tr_16bit_busy_ia32e", GUEST, 0, { SET(GUEST_TR_AR_BYTES, 0x83) } },
	{ "guest_tr_s_set", GUEST, 0, { SET(GUEST_TR_AR_BYTES, 0x9b) } },
	{ "guest_tr_g_big_limit", GUEST, 0, { SET(GUEST_TR_LIMIT, 0x100000) } },
	{ "guest_ldtr_bad_type", GUEST, 0,
	  { SET(GUEST_LDTR_SELECTOR, 0x50), SET(GUEST_LDTR_AR_BYTES, 0x83), SET(GUEST_LDTR_LIMIT, 0xff) } },
	/* ---- SDM 26.3.1.3 descriptor tables, 26.3.1.4 RIP and RFLAGS ---- */
	{ "guest_gdtr_limit_high", GUEST, 0, { SET(GUEST_GDTR_LIMIT, 0x10000) } },
	{ "guest_idtr_base_noncanonical", GUEST, 0, { SET(GUEST_IDTR_BASE, 0x0000800000000000ULL) } },
	{ "guest_rip_bit47_enters", GUEST, PASS, { SET(GUEST_RIP, 0x0000800000000000ULL) } },
	{ "guest_rip_bit48", GUEST, 0, { SET(GUEST_RIP, 0x0001000000000000ULL) } },
	{ "guest_rip_high_compat", GUEST, 0,
	  { SET(GUEST_RIP, 0xffffffff81000000ULL), SET(GUEST_CS_AR_BYTES, 0xc09b) } },
	{ "guest_rflags_bit1_clear", GUEST, 0, { SET(GUEST_RFLAGS, 0) } },
	{ "guest_rflags_reserved_bit3", GUEST, 0, { SET(GUEST_RFLAGS, 0xa) } },
	{ "guest_rflags_reserved_bit22", GUEST, 0, { SET(GUEST_RFLAGS, 0x400002) } },
	{ "guest_rflags_vm_ia32e", GUEST, 0, { SET(GUEST_RFLAGS, 0x20002) } },
	{ "guest_inject_ext_intr_if0", GUEST, 0, { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | 0x20) } },
	{ "guest_inject_ext_intr_if1", GUEST, PASS,
	  { SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | 0x20), SET(GUEST_RFLAGS, 0x202) } },
	/* ---- SDM 26.3.1.5 guest non-register state ---- */
	{ "guest_activity_4", GUEST, 0, { SET(GUEST_ACTIVITY_STATE, 4) } },
	{ "guest_activity_hlt_ok", GUEST, PASS, { SET(GUEST_ACTIVITY_STATE, 1) } },
	{ "guest_activity_shutdown_ok", GUEST, PASS, { SET(GUEST_ACTIVITY_STATE, 2) } },
	{ "guest_activity_sipi_ok", GUEST, PASS, { SET(GUEST_ACTIVITY_STATE, 3) } },
	{ "guest_entry_to_smm_sipi", GUEST, 0, { SET(GUEST_ACTIVITY_STATE, 3), OR(VM_ENTRY_CONTROLS, HV_BIT(10)) } },
	{ "guest_activity_shutdown_unsupported", GUEST, 0, { SET(GUEST_ACTIVITY_STATE, 2) },
	  CAPS(misc, HV_BIT(7), 0) },
	{ "guest_activity_hlt_ss_dpl3", GUEST, 0,
	  { SET(GUEST_ACTIVITY_STATE, 1), SET(GUEST_SS_AR_BYTES, 0xc0f3), SET(GUEST_CS_AR_BYTES, 0xa0fb),
	    SET(GUEST_SS_SELECTOR, 0x1b), SET(GUEST_CS_SELECTOR, 0x13) } },
	{ "guest_user_mode_ok", GUEST, PASS,
	  { SET(GUEST_SS_AR_BYTES, 0xc0f3), SET(GUEST_CS_AR_BYTES, 0xa0fb),
	    SET(GUEST_SS_SELECTOR, 0x1b), SET(GUEST_CS_SELECTOR, 0x13) } },
	{ "guest_hlt_with_sti_blocking", GUEST, 0,
	  { SET(GUEST_RFLAGS, 0x202), SET(GUEST_INTERRUPTIBILITY_INFO, 1), SET(GUEST_ACTIVITY_STATE, 1) } },
	{ "guest_hlt_inject_gp", GUEST, 0,
	  { SET(GUEST_ACTIVITY_STATE, 1), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | HV_BIT(11) | (3 << 8) | 13) } },
	{ "guest_hlt_inject_db_ok", GUEST, PASS,
	  { SET(GUEST_ACTIVITY_STATE, 1), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (3 << 8) | 1) } },
	{ "guest_shutdown_inject_ext_intr", GUEST, 0,
	  { SET(GUEST_ACTIVITY_STATE, 2), SET(GUEST_RFLAGS, 0x202), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | 0x20) } },
	{ "guest_sipi_inject_nmi", GUEST, 0,
	  { SET(GUEST_ACTIVITY_STATE, 3), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (2 << 8) | 2) } },
	{ "guest_intstate_reserved", GUEST, 0, { SET(GUEST_INTERRUPTIBILITY_INFO, HV_BIT(5)) } },
	{ "guest_intstate_enclave_without_sgx", GUEST, 0, { SET(GUEST_INTERRUPTIBILITY_INFO, HV_BIT(4)) } },
	{ "guest_intstate_sti_and_mov_ss", GUEST, 0,
	  { SET(GUEST_RFLAGS, 0x202), SET(GUEST_INTERRUPTIBILITY_INFO, 3) } },
	{ "guest_intstate_sti_if0", GUEST, 0, { SET(GUEST_INTERRUPTIBILITY_INFO, 1) } },
	{ "guest_intstate_mov_ss_ok", GUEST, PASS, { SET(GUEST_INTERRUPTIBILITY_INFO, 2) } },
	{ "guest_inject_ext_intr_sti", GUEST, 0,
	  { SET(GUEST_RFLAGS, 0x202), SET(GUEST_INTERRUPTIBILITY_INFO, 1),
	    SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | 0x20) } },
	{ "guest_inject_nmi_mov_ss", GUEST, 0,
	  { SET(GUEST_INTERRUPTIBILITY_INFO, 2), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (2 << 8) | 2) } },
	{ "guest_intstate_smi", GUEST, 0, { SET(GUEST_INTERRUPTIBILITY_INFO, 4) } },
	{ "guest_inject_nmi_vnmi_blocked", GUEST, 0,
	  { SET(GUEST_INTERRUPTIBILITY_INFO, 8), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (2 << 8) | 2) } },
	{ "guest_inject_nmi_blocked_without_vnmi", GUEST, PASS,
	  { SET(GUEST_INTERRUPTIBILITY_INFO, 8), SET(VM_ENTRY_INTR_INFO, HV_BIT(31) | (2 << 8) | 2),
	    CLR(PIN_BASED_VM_EXEC_CONTROL, HV_BIT(5)) } },
	{ "guest_pending_dbg_reserved", GUEST, 0, { SET(GUEST_PENDING_DBG_EXCEPTIONS, HV_BIT(4)) } },
	{ "guest_pending_dbg_bs_tf_mov_ss", GUEST, PASS,
	  { SET(GUEST_RFLAGS, 0x102), SET(GUEST_INTERRUPTIBILITY_INFO, 2),
	    SET(GUEST_PENDING_DBG_EXCEPTIONS, HV_BIT(14)) } },
	{ "guest_pending_dbg_no_bs_tf_mov_ss", GUEST, 0,
	  { SET(GUEST_RFLAGS, 0x102), SET(GUEST_INTERRUPTIBILITY_INFO, 2) } },
	{ "guest_pending_dbg_bs_no_tf_hlt", GUEST, 0,
	  { SET(GUEST_ACTIVITY_STATE, 1), SET(GUEST_PENDING_DBG_EXCEPTIONS, HV_BIT(14)) } },
	{ "guest_pending_dbg_rtm_without_bp", GUEST, 0, { SET(GUEST_PENDING_DBG_EXCEPTIONS, HV_BIT(16)) } },
	{ "guest_pending_dbg_rtm_ok", GUEST, PASS,
	  { SET(GUEST_PENDING_DBG_EXCEPTIONS, HV_BIT(16) | HV_BIT(12)) } },
	/* ---- VMCS link pointer: qualification 4 ---- */
	{ "guest_link_pointer_unaligned", GUEST, 4, { SET(VMCS_LINK_POINTER, 0x4010) } },
	{ "guest_link_pointer_beyond_maxphyaddr", GUEST, 4, { SET(VMCS_LINK_POINTER, HV_BIT(40)) } },
	{ "guest_link_pointer_current_vmcs", GUEST, 4, { SET(VMCS_LINK_POINTER, VMPTR) } },
	{ "guest_link_pointer_ok", GUEST, PASS, { SET(VMCS_LINK_POINTER, 0x4000) } },
	{ "guest_default_before_link_pointer", GUEST, 0,
	  { SET(VMCS_LINK_POINTER, 0x4010), SET(GUEST_RFLAGS, 0) } },
	/* ---- SDM 26.3.1.6 PDPTEs (PAE paging with EPT): qualification 2 ---- */
	{ "guest_pae_pdpte_reserved", GUEST, 2,
	  { CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), SET(GUEST_IA32_EFER, 0), SET(GUEST_CS_AR_BYTES, 0xc09b),
	    SET(GUEST_RIP, 0x1000), SET(GUEST_PDPTR2, 0x9001 | HV_BIT(1)) } },
	{ "guest_pae_pdpte_beyond_maxphyaddr", GUEST, 2,
	  { CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), SET(GUEST_IA32_EFER, 0), SET(GUEST_CS_AR_BYTES, 0xc09b),
	    SET(GUEST_RIP, 0x1000), SET(GUEST_PDPTR0, HV_BIT(40) | 1) } },
	{ "guest_pae_pdpte_not_present_ok", GUEST, PASS,
	  { CLR(VM_ENTRY_CONTROLS, HV_BIT(9)), SET(GUEST_IA32_EFER, 0), SET(GUEST_CS_AR_BYTES, 0xc09b),
	    SET(GUEST_RIP, 0x1000), SET(GUEST_PDPTR0, HV_BIT(40) | 6) } },
	{ "guest_ia32e_pdptes_ignored", GUEST, PASS, { SET(GUEST_PDPTR0, 0x7) } },
};

/*
 * The rule each case breaks first, in the SDM's order of the checks
 * (HV_ER_NONE: it passes). Where a case breaks a rule checked earlier
 * than the one in its name, that earlier rule is the one named here:
 * guest_rflags_vm_ia32e's RFLAGS.VM puts the guest in virtual-8086 mode,
 * whose segment bases (26.3.1.2) are checked before RFLAGS (26.3.1.4);
 * test_v86_guest reaches the RFLAGS rule with virtual-8086 segments.
 */
static const struct {
	const char *name;
	enum hvnest_entry_rule rule;
} case_rules[] = {
	{ "ctl_pin_reserved_one", HV_ER_CTL_PIN_RESERVED },
	{ "ctl_pin_default1_clear", HV_ER_CTL_PIN_RESERVED },
	{ "ctl_pin_high_bits", HV_ER_CTL_PIN_RESERVED },
	{ "ctl_proc_reserved_zero", HV_ER_CTL_PROC_RESERVED },
	{ "ctl_proc_reserved_one_bit27", HV_ER_CTL_PROC_RESERVED },
	{ "ctl_proc_true_allows_cr3_load_0", HV_ER_NONE },
	{ "ctl_proc_no_true_needs_cr3_load", HV_ER_CTL_PROC_RESERVED },
	{ "ctl_proc2_reserved_one", HV_ER_CTL_PROC2_RESERVED },
	{ "ctl_proc2_ignored_without_secondary", HV_ER_NONE },
	{ "ctl_tertiary_refused", HV_ER_CTL_TERTIARY },
	{ "ctl_cr3_target_count_4", HV_ER_NONE },
	{ "ctl_cr3_target_count", HV_ER_CTL_CR3_TARGETS },
	{ "ctl_io_bitmap_unaligned", HV_ER_CTL_IO_BITMAPS },
	{ "ctl_io_bitmap_b_beyond_maxphyaddr", HV_ER_CTL_IO_BITMAPS },
	{ "ctl_io_bitmap_ok", HV_ER_NONE },
	{ "ctl_msr_bitmap_beyond_maxphyaddr", HV_ER_CTL_MSR_BITMAP },
	{ "ctl_msr_bitmap_unaligned", HV_ER_CTL_MSR_BITMAP },
	{ "ctl_msr_bitmap_unused", HV_ER_NONE },
	{ "ctl_vapic_unaligned", HV_ER_CTL_VAPIC_PAGE },
	{ "ctl_tpr_threshold_high", HV_ER_CTL_TPR_THRESHOLD },
	{ "ctl_tpr_threshold_low_ok", HV_ER_NONE },
	{ "ctl_x2apic_without_tpr_shadow", HV_ER_CTL_APICV_NO_TPR_SHADOW },
	{ "ctl_apicreg_without_tpr_shadow", HV_ER_CTL_APICV_NO_TPR_SHADOW },
	{ "ctl_vnmi_without_nmi_exiting", HV_ER_CTL_VNMI_NO_NMI_EXITING },
	{ "ctl_nmi_window_without_vnmi", HV_ER_CTL_NMI_WINDOW_NO_VNMI },
	{ "ctl_nmi_window_with_vnmi", HV_ER_NONE },
	{ "ctl_apic_access_unaligned", HV_ER_CTL_APIC_ACCESS },
	{ "ctl_apic_access_ok", HV_ER_NONE },
	{ "ctl_x2apic_and_apic_access", HV_ER_CTL_X2APIC_AND_APIC_ACCESS },
	{ "ctl_vid_without_ext_intr_exiting", HV_ER_CTL_VID_NO_EXT_INTR },
	{ "ctl_vid_ok", HV_ER_NONE },
	{ "ctl_posted_ok", HV_ER_NONE },
	{ "ctl_posted_without_vid", HV_ER_CTL_POSTED_INTR },
	{ "ctl_posted_vector_high", HV_ER_CTL_POSTED_INTR },
	{ "ctl_posted_desc_unaligned", HV_ER_CTL_POSTED_INTR },
	{ "ctl_posted_without_ack_intr", HV_ER_CTL_POSTED_INTR },
	{ "ctl_vpid_zero", HV_ER_CTL_VPID_ZERO },
	{ "ctl_vpid_zero_unused", HV_ER_NONE },
	{ "ctl_eptp_bad_memtype", HV_ER_CTL_EPTP },
	{ "ctl_eptp_uc_ok", HV_ER_NONE },
	{ "ctl_eptp_walk_length_5", HV_ER_CTL_EPTP },
	{ "ctl_eptp_walk_length_5_supported", HV_ER_NONE },
	{ "ctl_eptp_ad_unsupported", HV_ER_CTL_EPTP },
	{ "ctl_eptp_ad_ok", HV_ER_NONE },
	{ "ctl_eptp_reserved_bits", HV_ER_CTL_EPTP },
	{ "ctl_eptp_beyond_maxphyaddr", HV_ER_CTL_EPTP },
	{ "ctl_eptp_unused", HV_ER_NONE },
	{ "ctl_pml_without_ept", HV_ER_CTL_PML },
	{ "ctl_pml_unaligned", HV_ER_CTL_PML },
	{ "ctl_pml_ok", HV_ER_NONE },
	{ "ctl_unrestricted_without_ept", HV_ER_CTL_UG_NO_EPT },
	{ "ctl_mbec_without_ept", HV_ER_CTL_MBEC_NO_EPT },
	{ "ctl_spp_refused", HV_ER_CTL_SPP },
	{ "ctl_pt_gpa_without_rtit_controls", HV_ER_CTL_PT_GPA },
	{ "ctl_vmfunc_reserved", HV_ER_CTL_VMFUNC_RESERVED },
	{ "ctl_vmfunc_eptp_list_unaligned", HV_ER_CTL_EPTP_SWITCHING },
	{ "ctl_vmfunc_eptp_switching_ok", HV_ER_NONE },
	{ "ctl_shadow_vmcs_bitmap_unaligned", HV_ER_CTL_SHADOW_BITMAPS },
	{ "ctl_shadow_vmcs_ok", HV_ER_NONE },
	{ "ctl_ve_info_beyond_maxphyaddr", HV_ER_CTL_VE_INFO },
	{ "ctl_exit_reserved_zero", HV_ER_EXIT_RESERVED },
	{ "ctl_exit_reserved_one", HV_ER_EXIT_RESERVED },
	{ "ctl_exit_save_debug_true_0", HV_ER_NONE },
	{ "ctl_save_preempt_without_timer", HV_ER_EXIT_SAVE_PREEMPT },
	{ "ctl_save_preempt_with_timer", HV_ER_NONE },
	{ "ctl_exit_msr_store_unaligned", HV_ER_EXIT_MSR_STORE_AREA },
	{ "ctl_exit_msr_store_unaligned_count0", HV_ER_NONE },
	{ "ctl_exit_msr_load_end_beyond_maxphyaddr", HV_ER_EXIT_MSR_LOAD_AREA },
	{ "ctl_exit_msr_load_end_ok", HV_ER_NONE },
	{ "ctl_entry_reserved_zero", HV_ER_ENTRY_RESERVED },
	{ "ctl_entry_reserved_one", HV_ER_ENTRY_RESERVED },
	{ "ctl_entry_to_smm", HV_ER_ENTRY_SMM },
	{ "ctl_entry_dual_monitor", HV_ER_ENTRY_SMM },
	{ "ctl_inject_reserved_type", HV_ER_ENTRY_INTR_TYPE },
	{ "ctl_inject_other_event_without_mtf", HV_ER_ENTRY_INTR_TYPE },
	{ "ctl_inject_other_event_with_mtf", HV_ER_NONE },
	{ "ctl_inject_other_event_vector1", HV_ER_ENTRY_INTR_VECTOR },
	{ "ctl_inject_nmi_vector3", HV_ER_ENTRY_INTR_VECTOR },
	{ "ctl_inject_nmi_ok", HV_ER_NONE },
	{ "ctl_inject_hw_exception_vector32", HV_ER_ENTRY_INTR_VECTOR },
	{ "ctl_inject_ud_with_error_code", HV_ER_ENTRY_INTR_DELIVER_CODE },
	{ "ctl_inject_gp_without_error_code", HV_ER_ENTRY_INTR_DELIVER_CODE },
	{ "ctl_inject_gp_ok", HV_ER_NONE },
	{ "ctl_inject_gp_real_mode_no_error_code", HV_ER_NONE },
	{ "ctl_inject_cp_error_code_without_cet", HV_ER_ENTRY_INTR_DELIVER_CODE },
	{ "ctl_inject_reserved_bits", HV_ER_ENTRY_INTR_RESERVED },
	{ "ctl_inject_error_code_high", HV_ER_ENTRY_INTR_ERROR_CODE },
	{ "ctl_inject_soft_int_len0_misc30", HV_ER_NONE },
	{ "ctl_inject_soft_int_len0", HV_ER_ENTRY_INTR_INSN_LEN },
	{ "ctl_inject_soft_int_len16", HV_ER_ENTRY_INTR_INSN_LEN },
	{ "ctl_inject_invalid_ignored", HV_ER_NONE },
	{ "ctl_entry_msr_load_unaligned", HV_ER_ENTRY_MSR_LOAD_AREA },
	{ "host_cr0_pg_clear", HV_ER_HOST_CR_FIXED },
	{ "host_cr0_high_bit", HV_ER_HOST_CR_FIXED },
	{ "host_cr4_vmxe_clear", HV_ER_HOST_CR_FIXED },
	{ "host_cr4_fixed1", HV_ER_HOST_CR_FIXED },
	{ "host_cr4_cet_without_wp", HV_ER_HOST_CET_NO_WP },
	{ "host_cr3_beyond_maxphyaddr", HV_ER_HOST_CR3 },
	{ "host_sysenter_esp_noncanonical", HV_ER_HOST_SYSENTER },
	{ "host_sysenter_eip_noncanonical", HV_ER_HOST_SYSENTER },
	{ "host_pat_reserved_type", HV_ER_HOST_PAT },
	{ "host_pat_unused", HV_ER_NONE },
	{ "host_efer_reserved", HV_ER_HOST_EFER },
	{ "host_efer_lma_clear", HV_ER_HOST_EFER },
	{ "host_efer_lme_clear", HV_ER_HOST_EFER },
	{ "host_efer_unused", HV_ER_NONE },
	{ "host_ds_selector_rpl", HV_ER_HOST_SEL_RPL_TI },
	{ "host_tr_selector_ti", HV_ER_HOST_SEL_RPL_TI },
	{ "host_cs_selector_null", HV_ER_HOST_SEL_CS_TR },
	{ "host_tr_selector_null", HV_ER_HOST_SEL_CS_TR },
	{ "host_ss_selector_null_64", HV_ER_NONE },
	{ "host_fs_base_noncanonical", HV_ER_HOST_BASES },
	{ "host_gs_base_noncanonical", HV_ER_HOST_BASES },
	{ "host_gdtr_base_noncanonical", HV_ER_HOST_BASES },
	{ "host_idtr_base_noncanonical", HV_ER_HOST_BASES },
	{ "host_tr_base_noncanonical", HV_ER_HOST_BASES },
	{ "host_addr_space_size_clear", HV_ER_HOST_EFER },
	{ "host_l1_32bit_addr_space_set", HV_ER_HOST_ADDR_SIZE },
	{ "host_l1_32bit_ia32e_guest", HV_ER_HOST_32BIT },
	{ "host_l1_32bit_ok", HV_ER_NONE },
	{ "host_l1_32bit_pcide", HV_ER_HOST_32BIT },
	{ "host_l1_32bit_rip_high", HV_ER_HOST_32BIT },
	{ "host_l1_32bit_ss_null", HV_ER_HOST_SEL_SS },
	{ "host_cr4_pae_clear_64", HV_ER_HOST_64BIT },
	{ "host_rip_noncanonical", HV_ER_HOST_64BIT },
	{ "guest_cr0_pg_without_pe", HV_ER_GUEST_PG_NO_PE },
	{ "guest_cr0_ne_clear", HV_ER_GUEST_CR0_FIXED },
	{ "guest_cr0_high_bit", HV_ER_GUEST_CR0_FIXED },
	{ "guest_cr0_real_mode_unrestricted", HV_ER_NONE },
	{ "guest_cr0_pe_clear_without_ug", HV_ER_GUEST_CR0_FIXED },
	{ "guest_cr4_vmxe_clear", HV_ER_GUEST_CR4_FIXED },
	{ "guest_cr4_fixed1", HV_ER_GUEST_CR4_FIXED },
	{ "guest_cr4_cet_without_wp", HV_ER_GUEST_CET_NO_WP },
	{ "guest_dr7_high_bits", HV_ER_GUEST_DEBUG },
	{ "guest_dr7_high_bits_unused", HV_ER_NONE },
	{ "guest_debugctl_reserved", HV_ER_GUEST_DEBUG },
	{ "guest_cr4_pae_clear_ia32e", HV_ER_GUEST_IA32E_PAGING },
	{ "guest_ia32e_without_pg", HV_ER_GUEST_IA32E_PAGING },
	{ "guest_pcide_without_ia32e", HV_ER_GUEST_PCIDE },
	{ "guest_cr3_beyond_maxphyaddr", HV_ER_GUEST_CR3 },
	{ "guest_sysenter_esp_noncanonical", HV_ER_GUEST_SYSENTER },
	{ "guest_sysenter_eip_noncanonical", HV_ER_GUEST_SYSENTER },
	{ "guest_pat_reserved_type", HV_ER_GUEST_PAT },
	{ "guest_pat_byte_above_7", HV_ER_GUEST_PAT },
	{ "guest_efer_lma_clear", HV_ER_GUEST_EFER },
	{ "guest_efer_lme_clear_pg", HV_ER_GUEST_EFER },
	{ "guest_efer_reserved", HV_ER_GUEST_EFER },
	{ "guest_bndcfgs_reserved", HV_ER_GUEST_BNDCFGS },
	{ "guest_bndcfgs_noncanonical", HV_ER_GUEST_BNDCFGS },
	{ "guest_tr_ti", HV_ER_GUEST_SEL_TI },
	{ "guest_ldtr_ti", HV_ER_GUEST_SEL_TI },
	{ "guest_ldtr_usable_ok", HV_ER_NONE },
	{ "guest_ss_rpl_not_cs_rpl", HV_ER_GUEST_SS_RPL },
	{ "guest_ss_rpl_not_cs_rpl_ug", HV_ER_NONE },
	{ "guest_fs_base_noncanonical", HV_ER_GUEST_BASE_CANONICAL },
	{ "guest_tr_base_noncanonical", HV_ER_GUEST_BASE_CANONICAL },
	{ "guest_cs_base_high", HV_ER_GUEST_BASE_HIGH },
	{ "guest_ds_base_high", HV_ER_GUEST_BASE_HIGH },
	{ "guest_ds_base_high_unusable", HV_ER_NONE },
	{ "guest_cs_not_accessed", HV_ER_GUEST_CS_TYPE },
	{ "guest_cs_data_type_without_ug", HV_ER_GUEST_CS_TYPE },
	{ "guest_cs_data_type_with_ug", HV_ER_NONE },
	{ "guest_ss_type_code", HV_ER_GUEST_SS_TYPE },
	{ "guest_ds_not_accessed", HV_ER_GUEST_DATA_TYPE },
	{ "guest_es_code_not_readable", HV_ER_GUEST_DATA_TYPE },
	{ "guest_cs_s_clear", HV_ER_GUEST_SEG_AR },
	{ "guest_cs_dpl_not_ss_dpl", HV_ER_GUEST_CS_DPL },
	{ "guest_cs_conforming_dpl_above_ss", HV_ER_GUEST_CS_DPL },
	{ "guest_cs_conforming_ok", HV_ER_NONE },
	{ "guest_ss_dpl_not_cs_rpl", HV_ER_GUEST_SS_DPL },
	{ "guest_ss_dpl_pe_clear", HV_ER_GUEST_SS_DPL },
	{ "guest_ds_dpl_below_rpl", HV_ER_GUEST_DATA_DPL },
	{ "guest_ds_dpl_below_rpl_ug", HV_ER_NONE },
	{ "guest_cs_not_present", HV_ER_GUEST_SEG_AR },
	{ "guest_ss_reserved_11_8", HV_ER_GUEST_SEG_AR },
	{ "guest_cs_l_and_d", HV_ER_GUEST_CS_L_DB },
	{ "guest_ds_g_clear_big_limit", HV_ER_GUEST_SEG_AR },
	{ "guest_es_g_set_small_limit", HV_ER_GUEST_SEG_AR },
	{ "guest_gs_reserved_31_17", HV_ER_GUEST_SEG_AR },
	{ "guest_fs_unusable_junk_ok", HV_ER_NONE },
	{ "guest_tr_unusable", HV_ER_GUEST_TR },
	{ "guest_tr_16bit_busy_ia32e", HV_ER_GUEST_TR },
	{ "guest_tr_s_set", HV_ER_GUEST_TR },
	{ "guest_tr_g_big_limit", HV_ER_GUEST_TR },
	{ "guest_ldtr_bad_type", HV_ER_GUEST_LDTR },
	{ "guest_gdtr_limit_high", HV_ER_GUEST_GDTR_IDTR },
	{ "guest_idtr_base_noncanonical", HV_ER_GUEST_GDTR_IDTR },
	{ "guest_rip_bit47_enters", HV_ER_NONE },
	{ "guest_rip_bit48", HV_ER_GUEST_RIP },
	{ "guest_rip_high_compat", HV_ER_GUEST_RIP },
	{ "guest_rflags_bit1_clear", HV_ER_GUEST_RFLAGS_RESERVED },
	{ "guest_rflags_reserved_bit3", HV_ER_GUEST_RFLAGS_RESERVED },
	{ "guest_rflags_reserved_bit22", HV_ER_GUEST_RFLAGS_RESERVED },
	{ "guest_rflags_vm_ia32e", HV_ER_GUEST_V86_BASE },
	{ "guest_inject_ext_intr_if0", HV_ER_GUEST_RFLAGS_IF },
	{ "guest_inject_ext_intr_if1", HV_ER_NONE },
	{ "guest_activity_4", HV_ER_GUEST_ACTIVITY },
	{ "guest_activity_hlt_ok", HV_ER_NONE },
	{ "guest_activity_shutdown_ok", HV_ER_NONE },
	{ "guest_activity_sipi_ok", HV_ER_NONE },
	{ "guest_entry_to_smm_sipi", HV_ER_GUEST_SMM_SIPI },
	{ "guest_activity_shutdown_unsupported", HV_ER_GUEST_ACTIVITY },
	{ "guest_activity_hlt_ss_dpl3", HV_ER_GUEST_HLT_DPL },
	{ "guest_user_mode_ok", HV_ER_NONE },
	{ "guest_hlt_with_sti_blocking", HV_ER_GUEST_ACTIVITY_BLOCKING },
	{ "guest_hlt_inject_gp", HV_ER_GUEST_ACTIVITY_EVENT },
	{ "guest_hlt_inject_db_ok", HV_ER_NONE },
	{ "guest_shutdown_inject_ext_intr", HV_ER_GUEST_ACTIVITY_EVENT },
	{ "guest_sipi_inject_nmi", HV_ER_GUEST_ACTIVITY_EVENT },
	{ "guest_intstate_reserved", HV_ER_GUEST_INT_RESERVED },
	{ "guest_intstate_enclave_without_sgx", HV_ER_GUEST_INT_ENCLAVE },
	{ "guest_intstate_sti_and_mov_ss", HV_ER_GUEST_INT_STI_MOV_SS },
	{ "guest_intstate_sti_if0", HV_ER_GUEST_INT_STI_IF },
	{ "guest_intstate_mov_ss_ok", HV_ER_NONE },
	{ "guest_inject_ext_intr_sti", HV_ER_GUEST_INT_EXT_INTR },
	{ "guest_inject_nmi_mov_ss", HV_ER_GUEST_INT_NMI_MOV_SS },
	{ "guest_intstate_smi", HV_ER_GUEST_INT_SMI },
	{ "guest_inject_nmi_vnmi_blocked", HV_ER_GUEST_INT_VNMI },
	{ "guest_inject_nmi_blocked_without_vnmi", HV_ER_NONE },
	{ "guest_pending_dbg_reserved", HV_ER_GUEST_PDE_RESERVED },
	{ "guest_pending_dbg_bs_tf_mov_ss", HV_ER_NONE },
	{ "guest_pending_dbg_no_bs_tf_mov_ss", HV_ER_GUEST_PDE_BS },
	{ "guest_pending_dbg_bs_no_tf_hlt", HV_ER_GUEST_PDE_BS },
	{ "guest_pending_dbg_rtm_without_bp", HV_ER_GUEST_PDE_RTM },
	{ "guest_pending_dbg_rtm_ok", HV_ER_NONE },
	{ "guest_link_pointer_unaligned", HV_ER_GUEST_LINK_PTR },
	{ "guest_link_pointer_beyond_maxphyaddr", HV_ER_GUEST_LINK_PTR },
	{ "guest_link_pointer_current_vmcs", HV_ER_GUEST_LINK_PTR },
	{ "guest_link_pointer_ok", HV_ER_NONE },
	{ "guest_default_before_link_pointer", HV_ER_GUEST_RFLAGS_RESERVED },
	{ "guest_pae_pdpte_reserved", HV_ER_GUEST_PDPTE },
	{ "guest_pae_pdpte_beyond_maxphyaddr", HV_ER_GUEST_PDPTE },
	{ "guest_pae_pdpte_not_present_ok", HV_ER_NONE },
	{ "guest_ia32e_pdptes_ignored", HV_ER_NONE },
};

static enum hvnest_entry_rule expected_rule(const char *name)
{
	unsigned int i;

	for (i = 0; i < HV_ARRAY_SIZE(case_rules); i++)
		if (!strcmp(case_rules[i].name, name))
			return case_rules[i].rule;
	fail_msg("%s: no expected rule in case_rules[]", name);
	return HV_ER_NONE;
}

static void run_case(void **state)
{
	const struct rule_case *rc = *state;

	enum hvnest_entry_rule why = HV_ER_CPU_VMCS02; /* set by every check */
	u32 got;

	fill_valid();
	apply(rc);
	got = outcome(rc->kind, rc->l1_32bit, &why);
	if (got != rc->expect)
		fail_msg("%s: got %#x, want %#x", rc->name, got, rc->expect);
	/* Not just the error: the rule that failed (issue 16, item 3). */
	if (why != expected_rule(rc->name))
		fail_msg("%s: broke %s, want %s", rc->name, rule_ids[why],
			 rule_ids[expected_rule(rc->name)]);
}

/* The valid VMCS12 passes all three, and the unbroken caps are realistic. */
static void test_valid_passes(void **state)
{
	u64 qual = 0xdead;

	(void)state;
	fill_valid();
	assert_int_equal(hv_vmcs12_check_controls(&vmcs, &caps, &rule), 0);
	assert_int_equal(hv_vmcs12_check_host_state(&vmcs, &caps, true, &rule), 0);
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	assert_int_equal(qual, 0);
}

/* Without TRUE controls the plain MSRs' default1 bits are required. */
static void test_valid_without_true_ctls(void **state)
{
	(void)state;
	fill_valid();
	caps.basic &= ~HV_BIT(55);
	assert_int_equal(hv_vmcs12_check_controls(&vmcs, &caps, &rule), 0);
	vmcs.field[I(VM_EXIT_CONTROLS)] &= ~HV_BIT(2);
	assert_int_equal(hv_vmcs12_check_controls(&vmcs, &caps, &rule), 7);
}

/*
 * The state INIT gives a CPU (apic/cpu_reset.c, SDM Table 9-1), as root
 * mode writes it: the VMX-fixed CR0.NE and CR4.VMXE set, IA-32e mode off.
 */
static void fill_init_state(bool bsp)
{
	unsigned int i;
	bool high;

	fill_valid();
	for (i = 0; i < hv_init_state_count; i++) {
		int idx = vmcs12_field_index(hv_init_state[i].encoding, &high);

		assert_true(idx >= 0);
		vmcs.field[idx] = hv_init_state[i].value;
	}
	vmcs.field[I(GUEST_CR0)] |= caps.cr0_fixed0 & ~(HV_BIT(0) | HV_BIT(31));
	vmcs.field[I(GUEST_CR4)] |= caps.cr4_fixed0;
	vmcs.field[I(GUEST_ACTIVITY_STATE)] = hv_init_activity(bsp);
	vmcs.field[I(VM_ENTRY_CONTROLS)] &= ~HV_BIT(9);
}

/* A real-mode guest with unrestricted guest: the BSP after INIT. */
static void test_init_state_bsp(void **state)
{
	u64 qual;

	(void)state;
	fill_init_state(true);
	assert_int_equal(vmcs.field[I(GUEST_CR0)], 0x60000030); /* CD NW ET NE */
	assert_int_equal(vmcs.field[I(GUEST_CS_BASE)] + vmcs.field[I(GUEST_RIP)],
			 0xfffffff0); /* the reset vector */
	assert_int_equal(vmcs.field[I(GUEST_ACTIVITY_STATE)], 0);
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	/* The same state without "unrestricted guest" fails (CR0.PE, PG). */
	vmcs.field[I(SECONDARY_VM_EXEC_CONTROL)] &= ~HV_BIT(7);
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	assert_int_equal(qual, 0);
}

/* An AP after INIT waits for a SIPI; the SIPI starts it at VV000H. */
static void test_init_then_sipi(void **state)
{
	struct hv_vmcs_value v[HV_SIPI_NR_VALUES];
	unsigned int i;
	u64 qual;
	bool high;

	(void)state;
	fill_init_state(false);
	assert_int_equal(vmcs.field[I(GUEST_ACTIVITY_STATE)], 3);
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	/* Wait-for-SIPI needs the activity state in IA32_VMX_MISC[8]. */
	caps.misc &= ~HV_BIT(8);
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	caps.misc |= HV_BIT(8);

	hv_sipi_state(0x9a, v);
	for (i = 0; i < HV_SIPI_NR_VALUES; i++)
		vmcs.field[vmcs12_field_index(v[i].encoding, &high)] = v[i].value;
	assert_int_equal(vmcs.field[I(GUEST_CS_SELECTOR)], 0x9a00);
	assert_int_equal(vmcs.field[I(GUEST_CS_BASE)], 0x9a000);
	assert_int_equal(vmcs.field[I(GUEST_RIP)], 0);
	assert_int_equal(vmcs.field[I(GUEST_ACTIVITY_STATE)], 0);
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
}

/* A virtual-8086 guest: bases from the selectors, limits, rights F3H. */
static void test_v86_guest(void **state)
{
	u64 qual;
	unsigned int s;

	(void)state;
	fill_valid();
	vmcs.field[I(GUEST_CR0)] = 0x80000031;
	vmcs.field[I(GUEST_CR4)] = 0x2020;
	vmcs.field[I(GUEST_IA32_EFER)] = 0;
	vmcs.field[I(VM_ENTRY_CONTROLS)] &= ~HV_BIT(9);
	vmcs.field[I(GUEST_RFLAGS)] = 0x20002;
	for (s = 0; s < 6; s++) {
		vmcs.field[I(GUEST_ES_SELECTOR) + s] = 0x1234 + s;
		vmcs.field[I(GUEST_ES_BASE) + s] = (0x1234 + s) << 4;
		vmcs.field[I(GUEST_ES_LIMIT) + s] = 0xffff;
		vmcs.field[I(GUEST_ES_AR_BYTES) + s] = 0xf3;
	}
	vmcs.field[I(GUEST_RIP)] = 0x100;
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	vmcs.field[I(GUEST_DS_AR_BYTES)] = 0xf2;
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	vmcs.field[I(GUEST_DS_AR_BYTES)] = 0xf3;
	vmcs.field[I(GUEST_FS_LIMIT)] = 0xfffff;
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	vmcs.field[I(GUEST_FS_LIMIT)] = 0xffff;
	vmcs.field[I(GUEST_GS_BASE)] += 0x10;
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	vmcs.field[I(GUEST_GS_BASE)] -= 0x10;
	/* RFLAGS.VM with CR0.PE 0 ("unrestricted guest"): refused. */
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	vmcs.field[I(GUEST_CR0)] &= ~0x80000001ULL;
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	assert_int_equal(rule, HV_ER_GUEST_RFLAGS_VM);
	/*
	 * RFLAGS.VM in IA-32e mode, with segments a virtual-8086 guest may
	 * have (so that the segment checks, made first, pass): the RFLAGS
	 * rule itself (26.3.1.4), which guest_rflags_vm_ia32e cannot reach.
	 */
	vmcs.field[I(GUEST_CR0)] |= 0x80000001ULL;
	vmcs.field[I(GUEST_IA32_EFER)] = 0x500; /* LME, LMA */
	vmcs.field[I(VM_ENTRY_CONTROLS)] |= HV_BIT(9);
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	assert_int_equal(rule, HV_ER_GUEST_RFLAGS_VM);
}

/* Canonical means for the linear-address width L1 is told (57 here). */
static void test_canonical_57(void **state)
{
	u64 qual;

	(void)state;
	fill_valid();
	caps.linear_bits = 57;
	vmcs.field[I(HOST_TR_BASE)] = 0x00ff000000000000ULL;
	vmcs.field[I(GUEST_RIP)] = 0x0100000000000000ULL;
	assert_int_equal(hv_vmcs12_check_host_state(&vmcs, &caps, true, &rule), 0);
	assert_true(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
	caps.linear_bits = 48;
	assert_int_equal(hv_vmcs12_check_host_state(&vmcs, &caps, true, &rule), 8);
	assert_false(hv_vmcs12_check_guest_state(&vmcs, &caps, VMPTR, &qual, &rule));
}

/* EPTP validity shared with INVEPT. */
static void test_eptp_valid(void **state)
{
	(void)state;
	assert_true(hv_vmx_eptp_valid(skx.ept_vpid, 40, 0x5000 | 0x5e));
	assert_false(hv_vmx_eptp_valid(skx.ept_vpid, 40, 0x5000 | 0x1d));
	assert_false(hv_vmx_eptp_valid(skx.ept_vpid, 40, 0x5000 | 0x16));
	assert_false(hv_vmx_eptp_valid(skx.ept_vpid, 40, 0x5000 | 0x9e));
	assert_false(hv_vmx_eptp_valid(skx.ept_vpid, 39, HV_BIT(39) | 0x1e));
}

/* SDM 26.3.1.6: PDPTEs read from memory (PAE paging without EPT). */
static void test_pdptes_valid(void **state)
{
	u64 p[4] = { 0x1001, 0x2001, 0, 0x3000 | 0x1e6 }; /* 3: not present */

	(void)state;
	assert_true(hv_pdptes_valid(p, &skx));
	p[1] |= 0x2; /* reserved bit 1 */
	assert_false(hv_pdptes_valid(p, &skx));
	p[1] = 0x2001 | 0x80; /* bit 7 */
	assert_false(hv_pdptes_valid(p, &skx));
	p[1] = 0x2001 | HV_BIT(40); /* beyond MAXPHYADDR 40 */
	assert_false(hv_pdptes_valid(p, &skx));
	p[1] = 0x2001 | HV_BIT(39) | 0x18; /* PWT, PCD and bit 39 allowed */
	assert_true(hv_pdptes_valid(p, &skx));
}

/* SDM 26.3.1.5: revision and shadow bit of the VMCS the link names. */
static void test_link_vmcs(void **state)
{
	u32 rev = (u32)(skx.basic & 0x7fffffff);

	(void)state;
	fill_valid();
	W(VMCS_LINK_POINTER, ~0ULL);
	assert_true(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, 0)); /* not read */
	W(VMCS_LINK_POINTER, 0x4000);
	assert_true(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, rev));
	assert_false(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, rev + 1));
	assert_false(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, rev | HV_BIT(31)));
	/* With "VMCS shadowing" it must be a shadow VMCS. */
	W(CPU_BASED_VM_EXEC_CONTROL, HV_BIT(31));
	W(SECONDARY_VM_EXEC_CONTROL, HV_BIT(14));
	assert_true(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, rev | HV_BIT(31)));
	assert_false(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, rev));
	assert_false(hv_vmcs12_link_vmcs_ok(&vmcs, &caps,
					    (rev + 1) | HV_BIT(31)));
	/* The control counts only with "activate secondary controls". */
	W(CPU_BASED_VM_EXEC_CONTROL, 0);
	assert_true(hv_vmcs12_link_vmcs_ok(&vmcs, &caps, rev));
}

/* SDM 26.2.1.1: TPR threshold 3:0 against VTPR 7:4, when it applies. */
static void test_tpr_threshold_vtpr(void **state)
{
	(void)state;
	fill_valid();
	W(VIRTUAL_APIC_PAGE_ADDR, 0x5000);
	W(TPR_THRESHOLD, 3);
	vmcs.field[I(CPU_BASED_VM_EXEC_CONTROL)] &= ~(u64)HV_BIT(21);
	assert_int_equal(hv_vmcs12_vtpr_page(&vmcs), 0); /* no TPR shadow */
	vmcs.field[I(CPU_BASED_VM_EXEC_CONTROL)] |= HV_BIT(21);
	assert_int_equal(hv_vmcs12_vtpr_page(&vmcs), 0x5000);
	assert_true(hv_vmcs12_tpr_threshold_ok(&vmcs, 0x30));
	assert_true(hv_vmcs12_tpr_threshold_ok(&vmcs, 0xf0));
	assert_false(hv_vmcs12_tpr_threshold_ok(&vmcs, 0x2f));
	assert_false(hv_vmcs12_tpr_threshold_ok(&vmcs, 0x100)); /* 7:4 only */
	/* Virtualize APIC accesses or virtual-interrupt delivery: no rule. */
	vmcs.field[I(SECONDARY_VM_EXEC_CONTROL)] |= HV_BIT(0);
	assert_int_equal(hv_vmcs12_vtpr_page(&vmcs), 0);
	vmcs.field[I(SECONDARY_VM_EXEC_CONTROL)] &= ~(u64)HV_BIT(0);
	vmcs.field[I(SECONDARY_VM_EXEC_CONTROL)] |= HV_BIT(9);
	assert_int_equal(hv_vmcs12_vtpr_page(&vmcs), 0);
	/* Without "activate secondary controls" they count as 0. */
	vmcs.field[I(CPU_BASED_VM_EXEC_CONTROL)] &= ~(u64)HV_BIT(31);
	assert_int_equal(hv_vmcs12_vtpr_page(&vmcs), 0x5000);
}

int main(void)
{
	static struct CMUnitTest tests[HV_ARRAY_SIZE(cases) + 10];
	unsigned int i, n = 0;

	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_valid_passes);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_valid_without_true_ctls);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_init_state_bsp);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_init_then_sipi);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_v86_guest);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_eptp_valid);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_canonical_57);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_pdptes_valid);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_link_vmcs);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_tpr_threshold_vtpr);
	for (i = 0; i < HV_ARRAY_SIZE(cases); i++) {
		tests[n].name = cases[i].name;
		tests[n].test_func = run_case;
		tests[n].initial_state = (void *)&cases[i];
		n++;
	}
	return _cmocka_run_group_tests("entry_checks", tests, n, NULL, NULL);
}
