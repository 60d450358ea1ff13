/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hvnest requires of the CPU's VMX, judged from the capability MSRs.
 * Section numbers are those of the Intel SDM Vol. 3 editions whose
 * chapter 26 is "VM Entries" (Appendix A: VMX capability reporting).
 */
#ifndef HVNEST_VMX_CAPS_H
#define HVNEST_VMX_CAPS_H

#include "hv_types.h"

/* MSR numbers, SDM Vol. 4 and Appendix A. */
#define HV_MSR_FEATURE_CONTROL 0x3a
#define HV_MSR_VMX_BASIC 0x480
#define HV_MSR_VMX_PINBASED 0x481
#define HV_MSR_VMX_PROCBASED 0x482
#define HV_MSR_VMX_EXIT 0x483
#define HV_MSR_VMX_ENTRY 0x484
#define HV_MSR_VMX_MISC 0x485
#define HV_MSR_VMX_CR0_FIXED0 0x486
#define HV_MSR_VMX_CR0_FIXED1 0x487
#define HV_MSR_VMX_CR4_FIXED0 0x488
#define HV_MSR_VMX_CR4_FIXED1 0x489
#define HV_MSR_VMX_VMCS_ENUM 0x48a
#define HV_MSR_VMX_PROCBASED2 0x48b
#define HV_MSR_VMX_EPT_VPID_CAP 0x48c
#define HV_MSR_VMX_TRUE_PINBASED 0x48d
#define HV_MSR_VMX_TRUE_PROCBASED 0x48e
#define HV_MSR_VMX_TRUE_EXIT 0x48f
#define HV_MSR_VMX_TRUE_ENTRY 0x490
#define HV_MSR_VMX_VMFUNC 0x491

/* IA32_FEATURE_CONTROL bits, SDM 23.7. */
#define HV_FEATURE_CONTROL_LOCK HV_BIT(0)
#define HV_FEATURE_CONTROL_VMXON_IN_SMX HV_BIT(1)
#define HV_FEATURE_CONTROL_VMXON_OUTSIDE_SMX HV_BIT(2)

/* IA32_VMX_BASIC fields, SDM A.1. */
#define HV_VMX_BASIC_REVISION(b) ((u32)((b) & 0x7fffffff))
#define HV_VMX_BASIC_VMCS_SIZE(b) ((u32)(((b) >> 32) & 0x1fff))
#define HV_VMX_BASIC_32BIT_PA HV_BIT(48)
#define HV_VMX_BASIC_MEMTYPE(b) ((u32)(((b) >> 50) & 0xf))
#define HV_VMX_BASIC_TRUE_CTLS HV_BIT(55)
#define HV_VMX_MEMTYPE_WB 6

/* Control bits hvnest relies on (SDM 24.6-24.8). */
#define HV_PIN_NMI_EXITING HV_BIT(3)
#define HV_PIN_VIRTUAL_NMIS HV_BIT(5)
#define HV_PIN_PREEMPT_TIMER HV_BIT(6)
#define HV_PROC_TPR_SHADOW HV_BIT(21)
#define HV_PROC_MTF HV_BIT(27) /* monitor trap flag */
#define HV_PROC_UNCOND_IO HV_BIT(24)
#define HV_PROC_USE_IO_BITMAPS HV_BIT(25)
#define HV_PROC_USE_MSR_BITMAPS HV_BIT(28)
#define HV_PROC_SECONDARY HV_BIT(31)
#define HV_PROC2_APIC_ACCESS HV_BIT(0)
#define HV_PROC2_EPT HV_BIT(1)
#define HV_PROC2_RDTSCP HV_BIT(3)
#define HV_PROC2_VPID HV_BIT(5)
#define HV_PROC2_UNRESTRICTED HV_BIT(7)
#define HV_PROC2_INVPCID HV_BIT(12)
#define HV_PROC2_VMFUNC HV_BIT(13)
#define HV_PROC2_SHADOW_VMCS HV_BIT(14)
#define HV_PROC2_PML HV_BIT(17)
#define HV_PROC2_XSAVES HV_BIT(20)
#define HV_EXIT_HOST_ADDR_SPACE HV_BIT(9)
#define HV_EXIT_SAVE_PAT HV_BIT(18)
#define HV_EXIT_LOAD_PAT HV_BIT(19)
#define HV_EXIT_SAVE_EFER HV_BIT(20)
#define HV_EXIT_LOAD_EFER HV_BIT(21)
#define HV_ENTRY_IA32E_GUEST HV_BIT(9)
#define HV_ENTRY_LOAD_PAT HV_BIT(14)
#define HV_ENTRY_LOAD_EFER HV_BIT(15)

/* IA32_VMX_EPT_VPID_CAP bits, SDM A.10. */
#define HV_EPT_CAP_WALK4 HV_BIT(6)
#define HV_EPT_CAP_WB HV_BIT(14)
#define HV_EPT_CAP_2M HV_BIT(16)
#define HV_EPT_CAP_1G HV_BIT(17)
#define HV_EPT_CAP_INVEPT HV_BIT(20)
#define HV_EPT_CAP_AD HV_BIT(21)
#define HV_EPT_CAP_INVEPT_SINGLE HV_BIT(25)
#define HV_EPT_CAP_INVEPT_ALL HV_BIT(26)
#define HV_VPID_CAP_INVVPID HV_BIT(32)
#define HV_VPID_CAP_INVVPID_SINGLE HV_BIT(41)
#define HV_VPID_CAP_INVVPID_ALL HV_BIT(42)

/* Architectural bits hvnest reads (SDM 2.5, 2.2.1). */
#define HV_CR4_PAE HV_BIT(5)
#define HV_CR4_VMXE HV_BIT(13)
#define HV_CR4_SMXE HV_BIT(14)
#define HV_CR4_PCIDE HV_BIT(17)
#define HV_CR4_CET HV_BIT(23)
#define HV_EFER_LME HV_BIT(8)
#define HV_EFER_LMA HV_BIT(10)

/*
 * The capability MSRs of one CPU. The control MSRs hold the TRUE_* values
 * when IA32_VMX_BASIC[55] is set, as SDM A.2 says to use them then.
 * procbased2 is 0 when secondary controls cannot be enabled, ept_vpid and
 * vmfunc are 0 when their features cannot be enabled (SDM A.3.3, A.10, A.11).
 */
struct vmx_cap_msrs {
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 procbased2;
	u64 exit;
	u64 entry;
	u64 misc;
	u64 cr0_fixed0;
	u64 cr0_fixed1;
	u64 cr4_fixed0;
	u64 cr4_fixed1;
	u64 ept_vpid;
	u64 vmfunc;
};

/* What the CPU's current state and its other features ask of VMX. */
struct vmx_cpu_env {
	u64 cr0;
	u64 cr4;
	bool has_rdtscp;
	bool has_invpcid;
	bool has_xsaves;
	bool has_waitpkg;
};

/* The state of IA32_FEATURE_CONTROL for VMXON outside SMX (SDM 23.7). */
enum vmx_fc_state {
	VMX_FC_OK, /* locked, VMXON outside SMX allowed */
	VMX_FC_LOCKED_OFF, /* locked, VMXON outside SMX not allowed */
	VMX_FC_UNLOCKED, /* not locked: VMXON would #GP */
};

enum vmx_fc_state vmx_feature_control_state(u64 feature_control);

/*
 * Returns a mask with bit i set for each essential i (see
 * vmx_essential_name()) that @m and @env do not satisfy; 0 = usable.
 */
u64 vmx_caps_missing(const struct vmx_cap_msrs *m,
		     const struct vmx_cpu_env *env);

/* Number of essentials and their names, e.g. "secondary:EPT". */
unsigned int vmx_essential_count(void);
const char *vmx_essential_name(unsigned int i);

/* VMCS01 controls hvnest runs L1 with (SDM A.3-A.5: adjusted to the CPU). */
struct vmx_controls {
	u32 pin, proc, proc2, exit, entry;
};

#define HV_PROC2_WAITPKG HV_BIT(26)

void vmx_compute_controls(const struct vmx_cap_msrs *m,
			  const struct vmx_cpu_env *env,
			  struct vmx_controls *out);

/*
 * The CR0 bits L0 owns in VMCS01's guest/host mask: those VMX fixes (SDM
 * A.7), less PE and PG when VMCS01 has unrestricted guest.
 */
u64 vmx_cr0_owned(const struct vmx_cap_msrs *m, bool unrestricted);

/* HVNEST_VMXF_* bits (hvnest_abi.h) for the features @m offers. */
u64 vmx_caps_features(const struct vmx_cap_msrs *m);

#endif /* HVNEST_VMX_CAPS_H */
