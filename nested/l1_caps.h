/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX capability MSRs L1 reads (SDM Appendix A), computed from the
 * CPU's and from what hvnest emulates: a control is offered only if
 * nested VM entry and exit handle it (nested/nested_entry.c,
 * nested/nested_exit.c) and the CPU has it; everything else reads as not
 * allowed. Pure logic.
 */
#ifndef HVNEST_L1_CAPS_H
#define HVNEST_L1_CAPS_H

#include "entry_checks.h"

/*
 * L1's capabilities from the CPU's (host: every MSR as the CPU reports
 * it, the TRUE ones too when IA32_VMX_BASIC[55] is set).
 *
 * L1 need not set "NMI exiting" or "virtual NMIs": VMCS02 always has both
 * and L0 gives L2's NMIs what VMCS12 asked for (nested/vmcs02.h, enum
 * hv_l2_nmi_mode).
 */
void hv_l1_caps_compute(const struct hv_l1_vmx_caps *host,
			struct hv_l1_vmx_caps *l1);

/*
 * RDMSR of a VMX capability MSR (0x480-0x491) by L1: true with *value, or
 * false where the CPU L1 is shown raises #GP (TRUE controls without
 * IA32_VMX_BASIC[55], VMFUNC without the control).
 */
bool hv_l1_caps_msr(const struct hv_l1_vmx_caps *l1, u32 msr, u64 *value);

/*
 * A control value v adjusted to a capability MSR (SDM A.3): the must-be-1
 * bits (bits 31:0) set, those not allowed (bits 63:32 clear) cleared.
 */
static inline u32 hv_ctl_adjust(u64 cap, u32 v)
{
	return (v | (u32)cap) & (u32)(cap >> 32);
}

/*
 * Controls offered to L1 (SDM 24.6, 24.7.1, 24.8.1).
 *
 * Not "process posted interrupts" (pin-based bit 7): the emulated CPU has
 * none, so no scenario could show it right. VMCS02 would take L1's
 * notification vector and descriptor (a pointer the CPU writes, to be
 * guarded like the virtual-APIC page).
 */
#define HV_L1_PIN_OFFER                                                      \
	(HV_BIT(0) /* external-interrupt exiting */ |                        \
	 HV_BIT(3) /* NMI exiting */ | HV_BIT(5) /* virtual NMIs */ |        \
	 HV_BIT(6) /* VMX-preemption timer */)

#define HV_L1_PROC_OFFER                                                     \
	(HV_BIT(2) /* interrupt window */ | HV_BIT(3) /* TSC offsetting */ | \
	 HV_BIT(7) /* HLT */ | HV_BIT(9) /* INVLPG */ |                      \
	 HV_BIT(10) /* MWAIT */ | HV_BIT(11) /* RDPMC */ |                   \
	 HV_BIT(12) /* RDTSC */ | HV_BIT(15) /* CR3 load */ |                \
	 HV_BIT(16) /* CR3 store */ | HV_BIT(19) /* CR8 load */ |            \
	 HV_BIT(20) /* CR8 store */ | HV_BIT(21) /* TPR shadow */ |          \
	 HV_BIT(22) /* NMI window */ | HV_BIT(23) /* MOV DR */ |             \
	 HV_BIT(24) /* unconditional I/O */ | HV_BIT(25) /* I/O bitmaps */ | \
	 HV_BIT(27) /* monitor trap flag */ | HV_BIT(28) /* MSR bitmaps */ | \
	 HV_BIT(29) /* MONITOR */ | HV_BIT(30) /* PAUSE */ |                 \
	 HV_BIT(31) /* secondary controls */ |                               \
	 0x0401e172ULL /* default1 (SDM A.3.2) */)

#define HV_L1_PROC2_OFFER                                                    \
	(HV_BIT(0) /* virtualize APIC accesses */ | HV_BIT(1) /* EPT */ |    \
	 HV_BIT(2) /* descriptor-table exiting */ | HV_BIT(3) /* RDTSCP */ | \
	 HV_BIT(4) /* virtualize x2APIC mode */ | HV_BIT(5) /* VPID */ |     \
	 HV_BIT(6) /* WBINVD exiting */ | HV_BIT(7) /* unrestricted */ |     \
	 HV_BIT(8) /* APIC-register virtualization */ |                      \
	 HV_BIT(9) /* virtual-interrupt delivery */ |                        \
	 HV_BIT(10) /* PAUSE-loop exiting */ |                               \
	 HV_BIT(11) /* RDRAND exiting */ | HV_BIT(12) /* INVPCID */ |        \
	 HV_BIT(13) /* enable VM functions */ |                              \
	 HV_BIT(14) /* VMCS shadowing */ | HV_BIT(16) /* RDSEED exiting */ | \
	 HV_BIT(17) /* enable PML (nested/ept02.c) */ |                      \
	 HV_BIT(19) /* conceal VMX from PT */ | HV_BIT(20) /* XSAVES */ |     \
	 HV_BIT(25) /* TSC scaling */)

#define HV_L1_EXIT_OFFER                                                     \
	(HV_BIT(2) /* save debug controls */ |                               \
	 HV_BIT(9) /* host address-space size */ |                           \
	 HV_BIT(15) /* acknowledge interrupt on exit */ |                    \
	 HV_BIT(18) /* save PAT */ | HV_BIT(19) /* load PAT */ |             \
	 HV_BIT(20) /* save EFER */ | HV_BIT(21) /* load EFER */ |           \
	 HV_BIT(22) /* save preemption timer */ |                            \
	 HV_BIT(24) /* conceal VMX from PT */ |                              \
	 0x00036dffULL /* default1 (SDM A.4) */)

#define HV_L1_ENTRY_OFFER                                                    \
	(HV_BIT(2) /* load debug controls */ |                               \
	 HV_BIT(9) /* IA-32e mode guest */ | HV_BIT(14) /* load PAT */ |     \
	 HV_BIT(15) /* load EFER */ | HV_BIT(17) /* conceal VMX from PT */ | \
	 0x000011ffULL /* default1 (SDM A.5) */)

/*
 * VM functions offered (IA32_VMX_VMFUNC, SDM A.11): EPTP switching, which
 * L0 performs for L2 (nested/vmfunc.h).
 */
#define HV_L1_VMFUNC_OFFER HV_BIT(0)

/* IA32_VMX_EPT_VPID_CAP bits offered (SDM A.10). */
#define HV_L1_EPT_VPID_OFFER                                                 \
	(HV_BIT(0) /* execute-only */ | HV_BIT(6) /* 4-level walk */ |       \
	 HV_BIT(8) /* UC */ | HV_BIT(14) /* WB */ | HV_BIT(16) /* 2 MiB */ | \
	 HV_BIT(17) /* 1 GiB */ | HV_BIT(20) /* INVEPT */ |                  \
	 HV_BIT(21) /* accessed and dirty flags (nested/ept02.c) */ |        \
	 HV_BIT(25) /* single-context */ | HV_BIT(26) /* all-context */ |    \
	 HV_BIT(32) /* INVVPID */ | HV_BIT(40) /* individual address */ |    \
	 HV_BIT(41) /* single-context */ | HV_BIT(42) /* all-context */ |    \
	 HV_BIT(43) /* single-context retaining globals */)

/*
 * IA32_VMX_MISC bits not offered (SDM A.6): Intel PT in VMX operation (14),
 * RDMSR of IA32_SMBASE in SMM (15), SMM VMCS (28).
 */
#define HV_L1_MISC_HIDE (HV_BIT(14) | HV_BIT(15) | HV_BIT(28))

/* IA32_VMX_MISC[29]: VMWRITE to any field, exit information too (A.6). */
#define HV_MISC_VMWRITE_ANY HV_BIT(29)

#endif /* HVNEST_L1_CAPS_H */
