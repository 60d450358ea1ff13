/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arithmetic of nested VM entry and exit that the field table's
 * V02_MERGED and V02_HOST rows leave to code: the controls and the
 * control-dependent guest state of VMCS02 (SDM 26.3.2), and the state L1
 * gets when an exit of L2 is reflected to it (SDM 27.5, "Loading Host
 * State"). Pure logic; nested/nested_entry.c and nested/nested_exit.c
 * move the values in and out of the VMCSs.
 */
#ifndef HVNEST_VMCS02_H
#define HVNEST_VMCS02_H

#include "hv_guard.h"
#include "l1_caps.h"

/* What L0 brings to VMCS02 besides VMCS12. */
struct hv_vmcs02_l0 {
	const struct hv_l1_vmx_caps *cpu; /* the CPU's capability MSRs */
	u32 exit01; /* L0's own exit controls (its host side) */
	bool vpid; /* the CPU has VPID: L2 runs with L0's VPID02 */
	/* L1's state at its VMLAUNCH/VMRESUME (VMCS01 guest state). */
	u64 l1_efer, l1_pat, l1_debugctl, l1_dr7;
	const struct hv_guard *guard; /* hvnest's memory: never L2's */
};

/*
 * How NMIs reach L2 (SDM 24.6.1, 26.6.1 "VM Entries: Interruptibility
 * State"). VMCS02 always has "NMI exiting" and "virtual NMIs", so every
 * NMI that arrives while L2 runs comes to L0, which then does what VMCS12
 * asked for.
 */
enum hv_l2_nmi_mode {
	/* NMI exiting and virtual NMIs: bit 3 is virtual-NMI blocking. */
	HV_L2_NMI_EXIT_VIRTUAL,
	/*
	 * NMI exiting only: bit 3 is blocking by NMI, which L2 cannot end
	 * (its IRET leaves it) and which holds NMIs back for as long as L2
	 * runs. L0 keeps it in software (nmi_blocked).
	 */
	HV_L2_NMI_EXIT_BLOCKABLE,
	/* No NMI exiting: L2 takes NMIs through its IDT, L0 injects them. */
	HV_L2_NMI_DELIVER,
};

struct hv_vmcs02_ctls {
	u32 pin, proc, proc2, exit, entry;
	u64 efer, pat, debugctl, dr7; /* L2's, as entry loads them */
	u32 interruptibility; /* VMCS02's guest interruptibility state */
	enum hv_l2_nmi_mode nmi_mode;
	bool nmi_blocked; /* HV_L2_NMI_EXIT_BLOCKABLE: blocking by NMI */
	bool ept12; /* L1 uses EPT (L2 runs on EPT02 either way) */
	bool vpid12; /* L1 enabled VPID (SDM 24.6.2) */
	/* PAE paging without EPT12: the PDPTEs come from L2's CR3 (26.3.2.4) */
	bool pdptes_from_cr3;
	/*
	 * VMCS12's pointers that VMCS02 takes as they are (V02_CTL) and that
	 * the CPU follows for L2 without L0: the I/O bitmaps (SDM 24.6.4),
	 * with "use TPR shadow" the virtual-APIC page (24.6.8), with
	 * "virtualize APIC accesses" the APIC-access page (24.6.8), with
	 * "enable PML" the PML page the CPU logs into (24.6.18). One in
	 * hvnest's memory (guard) must not reach VMCS02: I/O bitmaps give
	 * way to unconditional I/O exiting (every I/O exits, and L0 reflects
	 * it: root mode reads hvnest's memory for L1 as all ones,
	 * nested/l1_mem.c), a virtual-APIC or PML page to the sink page
	 * (vapic_sink, pml_sink). The CPU never reads or writes the
	 * APIC-access page itself (SDM 29.4), but EPT02 maps the sink page
	 * where L2 would reach a guarded page: with the sink as APIC-access
	 * page (apic_access_sink), L2's accesses through EPT12's mapping of
	 * it are APIC accesses as L1 asked. guarded_pa: the first such
	 * pointer, 0 if none.
	 */
	bool vapic_sink;
	bool apic_access_sink;
	bool pml_sink;
	u64 guarded_pa;
};

void hv_vmcs02_compute(const struct hv_vmcs12 *v12,
		       const struct hv_vmcs02_l0 *l0, struct hv_vmcs02_ctls *o);

/*
 * The interruptibility state VMCS12 gets at an exit of L2, from VMCS02's
 * (int02) and what L0 keeps for the NMI mode (SDM 27.3.4: bit 3 is
 * blocking by NMI unless "virtual NMIs" is 1).
 */
u32 hv_l2_interruptibility12(enum hv_l2_nmi_mode mode, bool nmi_blocked,
			     u32 int02);

enum hv_l1_seg_index {
	HV_L1S_ES,
	HV_L1S_CS,
	HV_L1S_SS,
	HV_L1S_DS,
	HV_L1S_FS,
	HV_L1S_GS,
	HV_L1S_LDTR,
	HV_L1S_TR,
	HV_L1S_NR
};

/* L1's state after a reflected exit: VMCS01's guest state. */
struct hv_l1_host_state {
	u64 cr0, cr3, cr4, dr7, debugctl, efer, pat;
	u64 rip, rsp, rflags;
	u64 sysenter_cs, sysenter_esp, sysenter_eip;
	u64 gdtr_base, idtr_base;
	u32 gdtr_limit, idtr_limit;
	struct hv_seg seg[HV_L1S_NR];
};

/*
 * SDM 27.5.1-27.5.3 for the exit controls and host-state area of v12:
 * l1_cr0 is L1's CR0 before the entry (CD, NW, ET and reserved bits stay),
 * l2_efer and l2_pat L2's at the exit (kept unless the exit loads them).
 */
void hv_l1_host_state_compute(const struct hv_vmcs12 *v12, u64 l1_cr0,
			      u64 l2_efer, u64 l2_pat,
			      struct hv_l1_host_state *s);

/* Control bits the nested code reads (SDM 24.6-24.8). */
#define HV_PIN_EXT_INTR HV_BIT(0)
#define HV_INT_BLOCK_NMI HV_BIT(3) /* interruptibility state (24.4.2) */
#define HV_EXIT_SAVE_DEBUG HV_BIT(2)
#define HV_EXIT_ACK_INTR HV_BIT(15)
#define HV_EXIT_SAVE_TIMER HV_BIT(22)
#define HV_EXIT_CONCEAL_PT HV_BIT(24) /* conceal VMX from PT */
#define HV_ENTRY_LOAD_DEBUG HV_BIT(2)
#define HV_ENTRY_CONCEAL_PT HV_BIT(17) /* conceal VMX from PT */

#endif /* HVNEST_VMCS02_H */
