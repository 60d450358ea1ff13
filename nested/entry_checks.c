// SPDX-License-Identifier: GPL-2.0
/*
 * VM-entry checks of a VMCS12 (see entry_checks.h). Each rule is one test
 * in the order of its SDM section, with the rule in a comment. Pure.
 */
#include "entry_checks.h"
#include "../vmx/vmx_caps.h"

#define F(v, name) ((v)->field[VMCS12_I_##name])

/* Pin-based VM-execution controls (SDM 24.6.1). */
#define PIN_EXT_INTR HV_BIT(0)
#define PIN_NMI HV_BIT(3)
#define PIN_VNMI HV_BIT(5)
#define PIN_PREEMPT HV_BIT(6)
#define PIN_POSTED HV_BIT(7)

/* Primary processor-based VM-execution controls (SDM 24.6.2). */
#define PROC_TERTIARY HV_BIT(17)
#define PROC_TPR_SHADOW HV_BIT(21)
#define PROC_NMI_WINDOW HV_BIT(22)
#define PROC_IO_BITMAPS HV_BIT(25)
#define PROC_MTF HV_BIT(27)
#define PROC_MSR_BITMAPS HV_BIT(28)
#define PROC_SECONDARY HV_BIT(31)

/* Secondary processor-based VM-execution controls (SDM 24.6.2). */
#define P2_APIC_ACCESS HV_BIT(0)
#define P2_EPT HV_BIT(1)
#define P2_X2APIC HV_BIT(4)
#define P2_VPID HV_BIT(5)
#define P2_UNRESTRICTED HV_BIT(7)
#define P2_APIC_REG HV_BIT(8)
#define P2_VID HV_BIT(9)
#define P2_VMFUNC HV_BIT(13)
#define P2_SHADOW_VMCS HV_BIT(14)
#define P2_ENCLS HV_BIT(15)
#define P2_PML HV_BIT(17)
#define P2_EPT_VE HV_BIT(18)
#define P2_MBEC HV_BIT(22)
#define P2_SPP HV_BIT(23)
#define P2_PT_GPA HV_BIT(24)

/* VM-exit controls (SDM 24.7.1). */
#define EXIT_HOST_64 HV_BIT(9)
#define EXIT_ACK_INTR HV_BIT(15)
#define EXIT_LOAD_PAT HV_BIT(19)
#define EXIT_LOAD_EFER HV_BIT(21)
#define EXIT_SAVE_PREEMPT HV_BIT(22)
#define EXIT_CLEAR_RTIT HV_BIT(25)

/* VM-entry controls (SDM 24.8.1). */
#define ENTRY_DEBUG HV_BIT(2)
#define ENTRY_IA32E HV_BIT(9)
#define ENTRY_SMM HV_BIT(10)
#define ENTRY_DUAL_MONITOR HV_BIT(11)
#define ENTRY_LOAD_PAT HV_BIT(14)
#define ENTRY_LOAD_EFER HV_BIT(15)
#define ENTRY_LOAD_BNDCFGS HV_BIT(16)
#define ENTRY_LOAD_RTIT HV_BIT(18)
#define ENTRY_LOAD_CET HV_BIT(20)

/* VM-entry interruption-information field (SDM 24.8.3). */
#define INTR_VALID HV_BIT(31)
#define INTR_ERRCODE HV_BIT(11)
#define INTR_TYPE(i) (((i) >> 8) & 7)
#define INTR_VECTOR(i) ((i) & 0xff)
#define INTR_RESERVED 0x7ffff000ULL /* bits 30:12 */
enum {
	T_EXT_INTR = 0, T_RESERVED = 1, T_NMI = 2, T_HW_EXC = 3,
	T_SW_INTR = 4, T_PRIV_SW_EXC = 5, T_SW_EXC = 6, T_OTHER = 7,
};

/* IA32_VMX_MISC (SDM A.6). */
#define MISC_ACT_HLT HV_BIT(6)
#define MISC_ACT_SHUTDOWN HV_BIT(7)
#define MISC_ACT_SIPI HV_BIT(8)
#define MISC_CR3_TARGETS(m) (((m) >> 16) & 0x1ff)
#define MISC_ZERO_LEN_INJECT HV_BIT(30)

/* IA32_VMX_EPT_VPID_CAP (SDM A.10). */
#define CAP_EPT_WALK4 HV_BIT(6)
#define CAP_EPT_WALK5 HV_BIT(7)
#define CAP_EPT_UC HV_BIT(8)
#define CAP_EPT_WB HV_BIT(14)
#define CAP_EPT_AD HV_BIT(21)

/* Control and model-specific registers (SDM Vol. 3A 2.5, Vol. 4). */
#define CR0_PE HV_BIT(0)
#define CR0_WP HV_BIT(16)
#define CR0_PG HV_BIT(31)
#define CR4_PAE HV_BIT(5)
#define CR4_PCIDE HV_BIT(17)
#define CR4_CET HV_BIT(23)
#define EFER_SCE HV_BIT(0)
#define EFER_LME HV_BIT(8)
#define EFER_LMA HV_BIT(10)
#define EFER_NXE HV_BIT(11)
#define EFER_VALID (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE)
/* IA32_DEBUGCTL: bits 1:0 and 15:6 defined (SDM Vol. 3B 17.4.1). */
#define DEBUGCTL_VALID 0xffc3ULL
/* IA32_BNDCFGS: bits 11:2 reserved, 63:12 the base (SDM Vol. 1 17.3.3). */
#define BNDCFGS_RESERVED 0xffcULL

#define RFLAGS_FIXED1 HV_BIT(1)
#define RFLAGS_TF HV_BIT(8)
#define RFLAGS_IF HV_BIT(9)
#define RFLAGS_VM HV_BIT(17)
/* Bits 63:22, 15, 5 and 3 of RFLAGS are reserved (SDM 26.3.1.4). */
#define RFLAGS_RESERVED (~0x3fffffULL | HV_BIT(15) | HV_BIT(5) | HV_BIT(3))

/* Segment access rights as the VMCS holds them (SDM 24.4.1). */
#define AR_TYPE(a) ((a) & 0xf)
#define AR_S HV_BIT(4)
#define AR_DPL(a) (((a) >> 5) & 3)
#define AR_P HV_BIT(7)
#define AR_RSVD_11_8 0xf00ULL
#define AR_L HV_BIT(13)
#define AR_DB HV_BIT(14)
#define AR_G HV_BIT(15)
#define AR_UNUSABLE HV_BIT(16)
#define AR_RSVD_31_17 0xfffe0000ULL

/* Interruptibility state (SDM 24.4.2, table 24-3). */
#define INT_STI HV_BIT(0)
#define INT_MOV_SS HV_BIT(1)
#define INT_SMI HV_BIT(2)
#define INT_NMI HV_BIT(3)
#define INT_ENCLAVE HV_BIT(4)
#define INT_RESERVED (~0x1fULL)

/* Pending debug exceptions (SDM 24.4.2, table 24-4). */
#define PDE_B3_0 0xfULL
#define PDE_ENABLED_BP HV_BIT(12)
#define PDE_BS HV_BIT(14)
#define PDE_RTM HV_BIT(16)
#define PDE_RESERVED (~0x1ffffULL | HV_BIT(15) | HV_BIT(13) | 0xff0ULL)


/* ---- common helpers ---- */

/* A check failed: name its rule in *why (hvnest_entry_rules.h). */
static bool broken(enum hvnest_entry_rule *why, enum hvnest_entry_rule rule)
{
	*why = rule;
	return false;
}

/* Canonical for a linear-address width of bits (SDM Vol. 3A 3.3.7.1). */
static bool canonical(u64 la, u32 bits)
{
	u32 shift = 64 - (bits ? bits : 48);

	return (u64)((long long)(la << shift) >> shift) == la;
}

static u32 la_bits(const struct hv_l1_vmx_caps *c)
{
	return c->linear_bits ? c->linear_bits : 48;
}

static bool beyond_pa(u64 pa, const struct hv_l1_vmx_caps *c)
{
	return c->maxphyaddr < 64 && (pa >> c->maxphyaddr);
}

/* 4-KiB aligned and within MAXPHYADDR: the rule of most control addresses. */
static bool page_addr_ok(u64 pa, const struct hv_l1_vmx_caps *c)
{
	return !(pa & 0xfff) && !beyond_pa(pa, c);
}

/*
 * A control word against its capability MSR (SDM A.3-A.5): bits 31:0 are
 * the allowed 0-settings (a 1 there is a bit that must be 1), bits 63:32
 * the allowed 1-settings (a 0 there is a bit that must be 0).
 */
static bool ctl_ok(u64 val, u64 msr)
{
	u32 must1 = (u32)msr, may1 = (u32)(msr >> 32);

	return !(val >> 32) && ((u32)val & must1) == must1 &&
	       !((u32)val & ~may1);
}

/*
 * IA32_VMX_BASIC[55] = 1: the TRUE MSRs give the allowed settings, so
 * default1 controls they report as allowed 0 may be 0 (SDM A.2, A.3.1,
 * A.3.2, A.4, A.5). Otherwise the plain MSRs, whose default1 bits must be 1.
 */
static u64 ctl_msr(const struct hv_l1_vmx_caps *c, u64 plain, u64 true_msr)
{
	return (c->basic & HV_VMX_BASIC_TRUE_CTLS) ? true_msr : plain;
}

/* Each byte a memory type 0, 1, 4, 5, 6 or 7 (SDM Vol. 3A 11.12.2). */
static bool pat_ok(u64 pat)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		u32 t = (pat >> (8 * i)) & 0xff;

		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

/*
 * An MSR-load/store area (SDM 26.2.1.2, 26.2.1.3): with a count other
 * than 0, bits 3:0 of the address are 0 and neither the address nor that
 * of the area's last byte (address + count * 16 - 1) is beyond MAXPHYADDR.
 */
static bool msr_area_ok(u64 addr, u64 count, const struct hv_l1_vmx_caps *c)
{
	if (!count)
		return true;
	return !(addr & 0xf) && !beyond_pa(addr, c) &&
	       !beyond_pa(addr + count * 16 - 1, c);
}

bool hv_vmx_eptp_valid(u64 ept_cap, u32 maxphyaddr, u64 eptp)
{
	u32 type = eptp & 7, walk = (eptp >> 3) & 7;

	/* Bits 2:0: a memory type the capability MSR reports (UC or WB). */
	if (!((type == 0 && (ept_cap & CAP_EPT_UC)) ||
	      (type == 6 && (ept_cap & CAP_EPT_WB))))
		return false;
	/* Bits 5:3: page-walk length - 1, of a supported length. */
	if (!((walk == 3 && (ept_cap & CAP_EPT_WALK4)) ||
	      (walk == 4 && (ept_cap & CAP_EPT_WALK5))))
		return false;
	/* Bit 6 (accessed and dirty flags) only if the CPU supports them. */
	if ((eptp & HV_BIT(6)) && !(ept_cap & CAP_EPT_AD))
		return false;
	/* Bits 11:7 and bits beyond the physical-address width reserved. */
	return !(eptp & 0xf80) && !(maxphyaddr < 64 && (eptp >> maxphyaddr));
}

/* ---- SDM 26.2.1.1 Checks on VM-execution control fields ---- */

static bool exec_controls_ok(const struct hv_vmcs12 *v,
			     const struct hv_l1_vmx_caps *c, enum hvnest_entry_rule *why)
{
	u64 pin = F(v, PIN_BASED_VM_EXEC_CONTROL);
	u64 proc = F(v, CPU_BASED_VM_EXEC_CONTROL);
	u64 p2 = vmcs12_proc2(v);
	u64 exit = F(v, VM_EXIT_CONTROLS);
	u64 entry = F(v, VM_ENTRY_CONTROLS);

	/* Reserved pin-based controls set per IA32_VMX_(TRUE_)PINBASED_CTLS. */
	if (!ctl_ok(pin, ctl_msr(c, c->pinbased, c->true_pinbased)))
		return broken(why, HV_ER_CTL_PIN_RESERVED);
	/* Reserved primary controls per IA32_VMX_(TRUE_)PROCBASED_CTLS. */
	if (!ctl_ok(proc, ctl_msr(c, c->procbased, c->true_procbased)))
		return broken(why, HV_ER_CTL_PROC_RESERVED);
	/*
	 * With "activate secondary controls", reserved secondary controls
	 * per IA32_VMX_PROCBASED_CTLS2; without it they are not checked.
	 */
	if ((proc & PROC_SECONDARY) &&
	    !ctl_ok(F(v, SECONDARY_VM_EXEC_CONTROL), c->procbased2))
		return broken(why, HV_ER_CTL_PROC2_RESERVED);
	/*
	 * TODO: "activate tertiary controls" (the tertiary control field is
	 * not in VMCS12 yet): L1 must not be offered it until it is.
	 */
	if (proc & PROC_TERTIARY)
		return broken(why, HV_ER_CTL_TERTIARY);
	/* The CR3-target count is at most IA32_VMX_MISC[24:16]. */
	if (F(v, CR3_TARGET_COUNT) > MISC_CR3_TARGETS(c->misc))
		return broken(why, HV_ER_CTL_CR3_TARGETS);
	/* "use I/O bitmaps": both addresses 4-KiB aligned, within MAXPHYADDR. */
	if ((proc & PROC_IO_BITMAPS) &&
	    (!page_addr_ok(F(v, IO_BITMAP_A), c) ||
	     !page_addr_ok(F(v, IO_BITMAP_B), c)))
		return broken(why, HV_ER_CTL_IO_BITMAPS);
	/* "use MSR bitmaps": the address 4-KiB aligned, within MAXPHYADDR. */
	if ((proc & PROC_MSR_BITMAPS) && !page_addr_ok(F(v, MSR_BITMAP), c))
		return broken(why, HV_ER_CTL_MSR_BITMAP);
	if (proc & PROC_TPR_SHADOW) {
		/* "use TPR shadow": the virtual-APIC address likewise. */
		if (!page_addr_ok(F(v, VIRTUAL_APIC_PAGE_ADDR), c))
			return broken(why, HV_ER_CTL_VAPIC_PAGE);
		/* Without virtual-interrupt delivery, TPR threshold 31:4 = 0. */
		if (!(p2 & P2_VID) && (F(v, TPR_THRESHOLD) & ~0xfULL))
			return broken(why, HV_ER_CTL_TPR_THRESHOLD);
		/*
		 * The caller's (memory, hv_vmcs12_vtpr_page()): without
		 * virtual-interrupt delivery and APIC-access virtualization,
		 * TPR threshold 3:0 may not exceed VTPR (bits 7:4 of byte 80H
		 * of the virtual-APIC page).
		 */
	} else if (p2 & (P2_X2APIC | P2_APIC_REG | P2_VID)) {
		/*
		 * Without "use TPR shadow": "virtualize x2APIC mode",
		 * "APIC-register virtualization" and "virtual-interrupt
		 * delivery" must be 0.
		 */
		return broken(why, HV_ER_CTL_APICV_NO_TPR_SHADOW);
	}
	/* "NMI exiting" 0: "virtual NMIs" must be 0. */
	if (!(pin & PIN_NMI) && (pin & PIN_VNMI))
		return broken(why, HV_ER_CTL_VNMI_NO_NMI_EXITING);
	/* "virtual NMIs" 0: "NMI-window exiting" must be 0. */
	if (!(pin & PIN_VNMI) && (proc & PROC_NMI_WINDOW))
		return broken(why, HV_ER_CTL_NMI_WINDOW_NO_VNMI);
	/* "virtualize APIC accesses": APIC-access address 4-KiB, MAXPHYADDR. */
	if ((p2 & P2_APIC_ACCESS) && !page_addr_ok(F(v, APIC_ACCESS_ADDR), c))
		return broken(why, HV_ER_CTL_APIC_ACCESS);
	/* "virtualize x2APIC mode" 1: "virtualize APIC accesses" must be 0. */
	if ((p2 & P2_X2APIC) && (p2 & P2_APIC_ACCESS))
		return broken(why, HV_ER_CTL_X2APIC_AND_APIC_ACCESS);
	/* "virtual-interrupt delivery": "external-interrupt exiting" 1. */
	if ((p2 & P2_VID) && !(pin & PIN_EXT_INTR))
		return broken(why, HV_ER_CTL_VID_NO_EXT_INTR);
	/*
	 * "process posted interrupts": virtual-interrupt delivery and
	 * "acknowledge interrupt on exit" 1, notification vector bits 15:8
	 * 0, descriptor address bits 5:0 0 and within MAXPHYADDR.
	 */
	if ((pin & PIN_POSTED) &&
	    (!(p2 & P2_VID) || !(exit & EXIT_ACK_INTR) ||
	     (F(v, POSTED_INTR_NV) & 0xff00) ||
	     (F(v, POSTED_INTR_DESC_ADDR) & 0x3f) ||
	     beyond_pa(F(v, POSTED_INTR_DESC_ADDR), c)))
		return broken(why, HV_ER_CTL_POSTED_INTR);
	/* "enable VPID": the VPID may not be 0000H. */
	if ((p2 & P2_VPID) && !(F(v, VIRTUAL_PROCESSOR_ID) & 0xffff))
		return broken(why, HV_ER_CTL_VPID_ZERO);
	/* "enable EPT": a valid EPTP. */
	if ((p2 & P2_EPT) &&
	    !hv_vmx_eptp_valid(c->ept_vpid, c->maxphyaddr, F(v, EPT_POINTER)))
		return broken(why, HV_ER_CTL_EPTP);
	/* "enable PML": "enable EPT" 1, PML address 4-KiB, MAXPHYADDR. */
	if ((p2 & P2_PML) &&
	    (!(p2 & P2_EPT) || !page_addr_ok(F(v, PML_ADDRESS), c)))
		return broken(why, HV_ER_CTL_PML);
	/* "unrestricted guest" 1: "enable EPT" must be 1. */
	if ((p2 & P2_UNRESTRICTED) && !(p2 & P2_EPT))
		return broken(why, HV_ER_CTL_UG_NO_EPT);
	/* "mode-based execute control for EPT" 1: "enable EPT" must be 1. */
	if ((p2 & P2_MBEC) && !(p2 & P2_EPT))
		return broken(why, HV_ER_CTL_MBEC_NO_EPT);
	/*
	 * "sub-page write permissions for EPT": needs "enable EPT" and an
	 * SPPTP, a field VMCS12 does not have yet (TODO): refused for now.
	 */
	if (p2 & P2_SPP)
		return broken(why, HV_ER_CTL_SPP);
	/*
	 * "Intel PT uses guest physical addresses": "enable EPT", "load
	 * IA32_RTIT_CTL" (entry) and "clear IA32_RTIT_CTL" (exit) 1.
	 */
	if ((p2 & P2_PT_GPA) &&
	    (!(p2 & P2_EPT) || !(entry & ENTRY_LOAD_RTIT) ||
	     !(exit & EXIT_CLEAR_RTIT)))
		return broken(why, HV_ER_CTL_PT_GPA);
	if (p2 & P2_VMFUNC) {
		u64 vmfunc = F(v, VM_FUNCTION_CONTROL);

		/* VM-function controls only as IA32_VMX_VMFUNC allows. */
		if (vmfunc & ~c->vmfunc)
			return broken(why, HV_ER_CTL_VMFUNC_RESERVED);
		/* EPTP switching: "enable EPT" 1, EPTP list 4-KiB, MAXPHYADDR. */
		if ((vmfunc & HV_BIT(0)) &&
		    (!(p2 & P2_EPT) ||
		     !page_addr_ok(F(v, EPTP_LIST_ADDRESS), c)))
			return broken(why, HV_ER_CTL_EPTP_SWITCHING);
	}
	/* "VMCS shadowing": VMREAD and VMWRITE bitmaps 4-KiB, MAXPHYADDR. */
	if ((p2 & P2_SHADOW_VMCS) &&
	    (!page_addr_ok(F(v, VMREAD_BITMAP), c) ||
	     !page_addr_ok(F(v, VMWRITE_BITMAP), c)))
		return broken(why, HV_ER_CTL_SHADOW_BITMAPS);
	/* "EPT-violation #VE": the #VE information address likewise. */
	if ((p2 & P2_EPT_VE) &&
	    !page_addr_ok(F(v, VE_INFORMATION_ADDRESS), c))
		return broken(why, HV_ER_CTL_VE_INFO);
	return true;
}

/* ---- SDM 26.2.1.2 Checks on VM-exit control fields ---- */

static bool exit_controls_ok(const struct hv_vmcs12 *v,
			     const struct hv_l1_vmx_caps *c, enum hvnest_entry_rule *why)
{
	u64 exit = F(v, VM_EXIT_CONTROLS);

	/* Reserved exit controls per IA32_VMX_(TRUE_)EXIT_CTLS. */
	if (!ctl_ok(exit, ctl_msr(c, c->exit, c->true_exit)))
		return broken(why, HV_ER_EXIT_RESERVED);
	/*
	 * "activate VMX-preemption timer" 0: "save VMX-preemption timer
	 * value" must be 0.
	 */
	if (!(F(v, PIN_BASED_VM_EXEC_CONTROL) & PIN_PREEMPT) &&
	    (exit & EXIT_SAVE_PREEMPT))
		return broken(why, HV_ER_EXIT_SAVE_PREEMPT);
	/* The VM-exit MSR-store and MSR-load areas (addresses only). */
	if (!msr_area_ok(F(v, VM_EXIT_MSR_STORE_ADDR),
			 F(v, VM_EXIT_MSR_STORE_COUNT), c))
		return broken(why, HV_ER_EXIT_MSR_STORE_AREA);
	if (!msr_area_ok(F(v, VM_EXIT_MSR_LOAD_ADDR),
			 F(v, VM_EXIT_MSR_LOAD_COUNT), c))
		return broken(why, HV_ER_EXIT_MSR_LOAD_AREA);
	return true;
}

/* ---- SDM 26.2.1.3 Checks on VM-entry control fields ---- */

/*
 * Exceptions that deliver an error code (SDM Vol. 3A 6.15): #DF, #TS,
 * #NP, #SS, #GP, #PF, #AC; #CP (21) on CPUs with CET, taken here as those
 * that offer L1 the "load CET state" entry control.
 */
static bool has_error_code(u32 vector, const struct hv_l1_vmx_caps *c)
{
	switch (vector) {
	case 8: case 10: case 11: case 12: case 13: case 14: case 17:
		return true;
	case 21:
		return (c->entry >> 32) & ENTRY_LOAD_CET;
	default:
		return false;
	}
}

static bool entry_controls_ok(const struct hv_vmcs12 *v,
			      const struct hv_l1_vmx_caps *c, enum hvnest_entry_rule *why)
{
	u64 entry = F(v, VM_ENTRY_CONTROLS);
	u64 info = F(v, VM_ENTRY_INTR_INFO);

	/* Reserved entry controls per IA32_VMX_(TRUE_)ENTRY_CTLS. */
	if (!ctl_ok(entry, ctl_msr(c, c->entry, c->true_entry)))
		return broken(why, HV_ER_ENTRY_RESERVED);
	if (info & INTR_VALID) {
		u32 type = INTR_TYPE(info), vec = INTR_VECTOR(info);
		bool pe = !(vmcs12_proc2(v) & P2_UNRESTRICTED) ||
			  (F(v, GUEST_CR0) & CR0_PE);
		bool want_ec = type == T_HW_EXC && pe && has_error_code(vec, c);
		u64 len = F(v, VM_ENTRY_INSTRUCTION_LEN);

		/*
		 * Type 1 is reserved; type 7 (other event) needs the
		 * "monitor trap flag" control to be supported.
		 */
		if (type == T_RESERVED ||
		    (type == T_OTHER && !((c->procbased >> 32) & PROC_MTF)))
			return broken(why, HV_ER_ENTRY_INTR_TYPE);
		/* NMI: vector 2; hardware exception: 0-31; other event: 0. */
		if ((type == T_NMI && vec != 2) ||
		    (type == T_HW_EXC && vec > 31) ||
		    (type == T_OTHER && vec != 0))
			return broken(why, HV_ER_ENTRY_INTR_VECTOR);
		/*
		 * "deliver error code" is 1 if and only if (unrestricted
		 * guest is 0 or guest CR0.PE is 1), the type is hardware
		 * exception and the vector one that has an error code.
		 */
		if (!!(info & INTR_ERRCODE) != want_ec)
			return broken(why, HV_ER_ENTRY_INTR_DELIVER_CODE);
		/* Bits 30:12 reserved. */
		if (info & INTR_RESERVED)
			return broken(why, HV_ER_ENTRY_INTR_RESERVED);
		/* With an error code, its bits 31:16 must be 0. */
		if ((info & INTR_ERRCODE) &&
		    (F(v, VM_ENTRY_EXCEPTION_ERROR_CODE) & 0xffff0000ULL))
			return broken(why, HV_ER_ENTRY_INTR_ERROR_CODE);
		/*
		 * Software interrupt, privileged or software exception: the
		 * instruction length is 1-15, or 0 if IA32_VMX_MISC[30].
		 */
		if ((type == T_SW_INTR || type == T_PRIV_SW_EXC ||
		     type == T_SW_EXC) &&
		    (len > 15 || (len == 0 && !(c->misc & MISC_ZERO_LEN_INJECT))))
			return broken(why, HV_ER_ENTRY_INTR_INSN_LEN);
	}
	/* The VM-entry MSR-load area (address only). */
	if (!msr_area_ok(F(v, VM_ENTRY_MSR_LOAD_ADDR),
			 F(v, VM_ENTRY_MSR_LOAD_COUNT), c))
		return broken(why, HV_ER_ENTRY_MSR_LOAD_AREA);
	/*
	 * Outside SMM (L1 never runs in SMM) "entry to SMM" and "deactivate
	 * dual-monitor treatment" must be 0.
	 */
	if (entry & (ENTRY_SMM | ENTRY_DUAL_MONITOR))
		return broken(why, HV_ER_ENTRY_SMM);
	return true;
}

u32 hv_vmcs12_check_controls(const struct hv_vmcs12 *v,
			     const struct hv_l1_vmx_caps *c, enum hvnest_entry_rule *why)
{
	*why = HV_ER_NONE;
	if (!exec_controls_ok(v, c, why) || !exit_controls_ok(v, c, why) ||
	    !entry_controls_ok(v, c, why))
		return HV_VMERR_ENTRY_BAD_CONTROLS;
	return 0;
}

/* ---- SDM 26.2.2-26.2.4 Checks on the host-state area ---- */

/* A CR0 or CR4 value against IA32_VMX_CRn_FIXED0/1 (SDM A.7, A.8). */
static bool fixed_ok(u64 val, u64 fixed0, u64 fixed1)
{
	return (val & fixed0) == fixed0 && !(val & ~fixed1);
}

static bool host_cr_msr_ok(const struct hv_vmcs12 *v,
			   const struct hv_l1_vmx_caps *c, enum hvnest_entry_rule *why)
{
	u64 exit = F(v, VM_EXIT_CONTROLS);
	u64 cr0 = F(v, HOST_CR0), cr4 = F(v, HOST_CR4);
	u32 lab = la_bits(c);

	/* 26.2.2: CR0 and CR4 with the bits IA32_VMX_CRn_FIXED0/1 fix. */
	if (!fixed_ok(cr0, c->cr0_fixed0, c->cr0_fixed1) ||
	    !fixed_ok(cr4, c->cr4_fixed0, c->cr4_fixed1))
		return broken(why, HV_ER_HOST_CR_FIXED);
	/* CR4.CET 1: CR0.WP must be 1. */
	if ((cr4 & CR4_CET) && !(cr0 & CR0_WP))
		return broken(why, HV_ER_HOST_CET_NO_WP);
	/* CR3: no bits beyond the physical-address width. */
	if (beyond_pa(F(v, HOST_CR3), c))
		return broken(why, HV_ER_HOST_CR3);
	/* IA32_SYSENTER_ESP and IA32_SYSENTER_EIP canonical. */
	if (!canonical(F(v, HOST_IA32_SYSENTER_ESP), lab) ||
	    !canonical(F(v, HOST_IA32_SYSENTER_EIP), lab))
		return broken(why, HV_ER_HOST_SYSENTER);
	/*
	 * TODO: "load IA32_PERF_GLOBAL_CTRL": its reserved bits depend on
	 * CPUID leaf 0AH, which these caps do not carry.
	 */
	/* "load IA32_PAT": each byte a valid memory type. */
	if ((exit & EXIT_LOAD_PAT) && !pat_ok(F(v, HOST_IA32_PAT)))
		return broken(why, HV_ER_HOST_PAT);
	/*
	 * "load IA32_EFER": no reserved bit set, and LMA and LME each equal
	 * to "host address-space size".
	 */
	if (exit & EXIT_LOAD_EFER) {
		u64 efer = F(v, HOST_IA32_EFER);
		bool host64 = exit & EXIT_HOST_64;

		if ((efer & ~EFER_VALID) || !!(efer & EFER_LMA) != host64 ||
		    !!(efer & EFER_LME) != host64)
			return broken(why, HV_ER_HOST_EFER);
	}
	return true;
}

static bool host_seg_ok(const struct hv_vmcs12 *v,
			const struct hv_l1_vmx_caps *c, enum hvnest_entry_rule *why)
{
	bool host64 = F(v, VM_EXIT_CONTROLS) & EXIT_HOST_64;
	u32 lab = la_bits(c);

	/* 26.2.3: RPL and TI 0 in the ES, CS, SS, DS, FS, GS, TR selectors. */
	if ((F(v, HOST_ES_SELECTOR) | F(v, HOST_CS_SELECTOR) |
	     F(v, HOST_SS_SELECTOR) | F(v, HOST_DS_SELECTOR) |
	     F(v, HOST_FS_SELECTOR) | F(v, HOST_GS_SELECTOR) |
	     F(v, HOST_TR_SELECTOR)) & 7)
		return broken(why, HV_ER_HOST_SEL_RPL_TI);
	/* CS and TR selectors not 0000H. */
	if (!F(v, HOST_CS_SELECTOR) || !F(v, HOST_TR_SELECTOR))
		return broken(why, HV_ER_HOST_SEL_CS_TR);
	/* SS selector not 0000H when "host address-space size" is 0. */
	if (!host64 && !F(v, HOST_SS_SELECTOR))
		return broken(why, HV_ER_HOST_SEL_SS);
	/* FS, GS, GDTR, IDTR and TR bases canonical. */
	if (!canonical(F(v, HOST_FS_BASE), lab) ||
	    !canonical(F(v, HOST_GS_BASE), lab) ||
	    !canonical(F(v, HOST_GDTR_BASE), lab) ||
	    !canonical(F(v, HOST_IDTR_BASE), lab) ||
	    !canonical(F(v, HOST_TR_BASE), lab))
		return broken(why, HV_ER_HOST_BASES);
	return true;
}

static bool host_addr_size_ok(const struct hv_vmcs12 *v,
			      const struct hv_l1_vmx_caps *c, bool l1_lma,
			      enum hvnest_entry_rule *why)
{
	bool host64 = F(v, VM_EXIT_CONTROLS) & EXIT_HOST_64;

	/*
	 * 26.2.4: outside IA-32e mode "IA-32e mode guest" and "host
	 * address-space size" must be 0; in IA-32e mode "host address-space
	 * size" must be 1. (The first part about "IA-32e mode guest" follows
	 * from this and the rule for "host address-space size" 0 below.)
	 */
	if (host64 != l1_lma)
		return broken(why, HV_ER_HOST_ADDR_SIZE);
	if (!host64) {
		/*
		 * "host address-space size" 0: "IA-32e mode guest" 0,
		 * CR4.PCIDE 0, RIP bits 63:32 0.
		 */
		if ((F(v, VM_ENTRY_CONTROLS) & ENTRY_IA32E) ||
		    (F(v, HOST_CR4) & CR4_PCIDE) || (F(v, HOST_RIP) >> 32))
			return broken(why, HV_ER_HOST_32BIT);
		return true;
	}
	/* "host address-space size" 1: CR4.PAE 1, RIP canonical. */
	if (!(F(v, HOST_CR4) & CR4_PAE) ||
	    !canonical(F(v, HOST_RIP), la_bits(c)))
		return broken(why, HV_ER_HOST_64BIT);
	return true;
}

u32 hv_vmcs12_check_host_state(const struct hv_vmcs12 *v,
			       const struct hv_l1_vmx_caps *c, bool l1_lma,
			       enum hvnest_entry_rule *why)
{
	*why = HV_ER_NONE;
	if (!host_cr_msr_ok(v, c, why) || !host_seg_ok(v, c, why) ||
	    !host_addr_size_ok(v, c, l1_lma, why))
		return HV_VMERR_ENTRY_BAD_HOST_STATE;
	return 0;
}

/* ---- SDM 26.3.1 Checks on the guest-state area ---- */

/* The guest's view used by several rules. */
struct guest_ctx {
	u64 cr0, rflags, p2, entry, info;
	bool ia32e, v86, ug;
	u32 lab;
};

/* 26.3.1.1 Checks on guest control registers, debug registers and MSRs. */
static bool guest_regs_ok(const struct hv_vmcs12 *v,
			  const struct hv_l1_vmx_caps *c,
			  const struct guest_ctx *g, enum hvnest_entry_rule *why)
{
	u64 cr4 = F(v, GUEST_CR4), fixed0 = c->cr0_fixed0;

	/*
	 * CR0 with the bits IA32_VMX_CR0_FIXED0/1 fix, except that PE and
	 * PG need not be 1 with "unrestricted guest" (in force only with
	 * "activate secondary controls").
	 */
	if (g->ug)
		fixed0 &= ~(CR0_PE | CR0_PG);
	if (!fixed_ok(g->cr0, fixed0, c->cr0_fixed1))
		return broken(why, HV_ER_GUEST_CR0_FIXED);
	/* CR0.PG 1: CR0.PE must be 1. */
	if ((g->cr0 & CR0_PG) && !(g->cr0 & CR0_PE))
		return broken(why, HV_ER_GUEST_PG_NO_PE);
	/* CR4 with the bits IA32_VMX_CR4_FIXED0/1 fix. */
	if (!fixed_ok(cr4, c->cr4_fixed0, c->cr4_fixed1))
		return broken(why, HV_ER_GUEST_CR4_FIXED);
	/* CR4.CET 1: CR0.WP must be 1. */
	if ((cr4 & CR4_CET) && !(g->cr0 & CR0_WP))
		return broken(why, HV_ER_GUEST_CET_NO_WP);
	/* "load debug controls": IA32_DEBUGCTL reserved bits 0, DR7 63:32 0. */
	if ((g->entry & ENTRY_DEBUG) &&
	    ((F(v, GUEST_IA32_DEBUGCTL) & ~DEBUGCTL_VALID) ||
	     (F(v, GUEST_DR7) >> 32)))
		return broken(why, HV_ER_GUEST_DEBUG);
	/* "IA-32e mode guest" 1: CR0.PG and CR4.PAE 1. */
	if (g->ia32e && (!(g->cr0 & CR0_PG) || !(cr4 & CR4_PAE)))
		return broken(why, HV_ER_GUEST_IA32E_PAGING);
	/* "IA-32e mode guest" 0: CR4.PCIDE 0. */
	if (!g->ia32e && (cr4 & CR4_PCIDE))
		return broken(why, HV_ER_GUEST_PCIDE);
	/* CR3: no bits beyond the physical-address width. */
	if (beyond_pa(F(v, GUEST_CR3), c))
		return broken(why, HV_ER_GUEST_CR3);
	/* IA32_SYSENTER_ESP and IA32_SYSENTER_EIP canonical. */
	if (!canonical(F(v, GUEST_SYSENTER_ESP), g->lab) ||
	    !canonical(F(v, GUEST_SYSENTER_EIP), g->lab))
		return broken(why, HV_ER_GUEST_SYSENTER);
	/* TODO: "load IA32_PERF_GLOBAL_CTRL" (reserved bits from CPUID 0AH). */
	/* "load IA32_PAT": each byte a valid memory type. */
	if ((g->entry & ENTRY_LOAD_PAT) && !pat_ok(F(v, GUEST_IA32_PAT)))
		return broken(why, HV_ER_GUEST_PAT);
	/*
	 * "load IA32_EFER": no reserved bit set, LMA equal to "IA-32e mode
	 * guest", and with CR0.PG 1 LME equal to it too.
	 */
	if (g->entry & ENTRY_LOAD_EFER) {
		u64 efer = F(v, GUEST_IA32_EFER);

		if ((efer & ~EFER_VALID) || !!(efer & EFER_LMA) != g->ia32e ||
		    ((g->cr0 & CR0_PG) && !!(efer & EFER_LME) != g->ia32e))
			return broken(why, HV_ER_GUEST_EFER);
	}
	/* "load IA32_BNDCFGS": bits 11:2 0, bits 63:12 canonical. */
	if ((g->entry & ENTRY_LOAD_BNDCFGS) &&
	    ((F(v, GUEST_IA32_BNDCFGS) & BNDCFGS_RESERVED) ||
	     !canonical(F(v, GUEST_IA32_BNDCFGS) & ~0xfffULL, g->lab)))
		return broken(why, HV_ER_GUEST_BNDCFGS);
	/*
	 * TODO: "load IA32_RTIT_CTL", "load CET state", "load PKRS": their
	 * fields are not in VMCS12 yet; L1 must not be offered them.
	 */
	return true;
}

/* Segment registers in the order of their VMCS fields (SDM B.1.2). */
enum { S_ES, S_CS, S_SS, S_DS, S_FS, S_GS, S_LDTR, S_TR, S_NR };

struct seg {
	u64 sel, base, limit, ar;
};

static void seg_read(const struct hv_vmcs12 *v, unsigned int s,
		     struct seg *out)
{
	out->sel = v->field[VMCS12_I_GUEST_ES_SELECTOR + s];
	out->base = v->field[VMCS12_I_GUEST_ES_BASE + s];
	out->limit = v->field[VMCS12_I_GUEST_ES_LIMIT + s];
	out->ar = v->field[VMCS12_I_GUEST_ES_AR_BYTES + s];
}

/* The field table keeps the eight segments of each kind together. */
_Static_assert(VMCS12_I_GUEST_TR_SELECTOR - VMCS12_I_GUEST_ES_SELECTOR == 7 &&
		       VMCS12_I_GUEST_TR_BASE - VMCS12_I_GUEST_ES_BASE == 7 &&
		       VMCS12_I_GUEST_TR_LIMIT - VMCS12_I_GUEST_ES_LIMIT == 7 &&
		       VMCS12_I_GUEST_TR_AR_BYTES -
				       VMCS12_I_GUEST_ES_AR_BYTES == 7,
	       "guest segment fields out of order");

static bool usable(const struct seg *s)
{
	return !(s->ar & AR_UNUSABLE);
}

/* G 0 if any of limit bits 11:0 is 0; G 1 if any of bits 31:20 is 1. */
static bool granularity_ok(const struct seg *s)
{
	if ((s->limit & 0xfff) != 0xfff && (s->ar & AR_G))
		return false;
	return !((s->limit & 0xfff00000ULL) && !(s->ar & AR_G));
}

/*
 * Access rights of CS, SS, DS, ES, FS and GS outside virtual-8086 mode:
 * the rules all of them share (S, P, reserved bits, G), for CS always and
 * for the others only when usable.
 */
static bool seg_ar_common_ok(const struct seg *s)
{
	return (s->ar & AR_S) && (s->ar & AR_P) && !(s->ar & AR_RSVD_11_8) &&
	       granularity_ok(s) && !(s->ar & AR_RSVD_31_17);
}

/* 26.3.1.2 Checks on guest segment registers. */
static bool guest_segs_ok(const struct hv_vmcs12 *v,
			  const struct guest_ctx *g, enum hvnest_entry_rule *why)
{
	struct seg s[S_NR];
	unsigned int i;
	u32 cs_type, ss_dpl, tr_type;

	for (i = 0; i < S_NR; i++)
		seg_read(v, i, &s[i]);

	/* Selectors: TR.TI 0; LDTR.TI 0 if usable. */
	if ((s[S_TR].sel & 4) || (usable(&s[S_LDTR]) && (s[S_LDTR].sel & 4)))
		return broken(why, HV_ER_GUEST_SEL_TI);
	/* SS.RPL = CS.RPL unless virtual-8086 or "unrestricted guest". */
	if (!g->v86 && !g->ug && (s[S_SS].sel & 3) != (s[S_CS].sel & 3))
		return broken(why, HV_ER_GUEST_SS_RPL);

	/* Bases. */
	if (g->v86) {
		/* Virtual-8086: base = selector << 4 for CS to GS. */
		for (i = S_ES; i <= S_GS; i++)
			if (s[i].base != ((s[i].sel & 0xffff) << 4))
				return broken(why, HV_ER_GUEST_V86_BASE);
	}
	/* TR, FS, GS canonical; LDTR canonical if usable. */
	if (!canonical(s[S_TR].base, g->lab) ||
	    !canonical(s[S_FS].base, g->lab) ||
	    !canonical(s[S_GS].base, g->lab) ||
	    (usable(&s[S_LDTR]) && !canonical(s[S_LDTR].base, g->lab)))
		return broken(why, HV_ER_GUEST_BASE_CANONICAL);
	/* CS base bits 63:32 0; SS, DS, ES likewise if usable. */
	if ((s[S_CS].base >> 32) ||
	    (usable(&s[S_SS]) && (s[S_SS].base >> 32)) ||
	    (usable(&s[S_DS]) && (s[S_DS].base >> 32)) ||
	    (usable(&s[S_ES]) && (s[S_ES].base >> 32)))
		return broken(why, HV_ER_GUEST_BASE_HIGH);

	if (g->v86) {
		/* Virtual-8086: limits 0000FFFFH and access rights 000000F3H. */
		for (i = S_ES; i <= S_GS; i++)
			if (s[i].limit != 0xffff || s[i].ar != 0xf3)
				return broken(why, HV_ER_GUEST_V86_LIMIT_AR);
	} else {
		cs_type = AR_TYPE(s[S_CS].ar);
		ss_dpl = AR_DPL(s[S_SS].ar);
		/*
		 * CS type 9, 11, 13 or 15 (accessed code); 3 (accessed
		 * read/write data) with "unrestricted guest".
		 */
		if (!(cs_type == 9 || cs_type == 11 || cs_type == 13 ||
		      cs_type == 15 || (g->ug && cs_type == 3)))
			return broken(why, HV_ER_GUEST_CS_TYPE);
		/* SS if usable: type 3 or 7 (read/write, accessed). */
		if (usable(&s[S_SS]) && AR_TYPE(s[S_SS].ar) != 3 &&
		    AR_TYPE(s[S_SS].ar) != 7)
			return broken(why, HV_ER_GUEST_SS_TYPE);
		/* DS, ES, FS, GS if usable: accessed, and readable if code. */
		for (i = S_ES; i <= S_GS; i++) {
			u32 t = AR_TYPE(s[i].ar);

			if (i == S_CS || i == S_SS || !usable(&s[i]))
				continue;
			if (!(t & 1) || ((t & 8) && !(t & 2)))
				return broken(why, HV_ER_GUEST_DATA_TYPE);
		}
		/* S, P, reserved 11:8, G, reserved 31:17: CS; others if usable. */
		for (i = S_ES; i <= S_GS; i++)
			if ((i == S_CS || usable(&s[i])) &&
			    !seg_ar_common_ok(&s[i]))
				return broken(why, HV_ER_GUEST_SEG_AR);
		/*
		 * CS.DPL: 0 for type 3; = SS.DPL for types 9 and 11
		 * (non-conforming); <= SS.DPL for 13 and 15 (conforming).
		 */
		if ((cs_type == 3 && AR_DPL(s[S_CS].ar)) ||
		    ((cs_type == 9 || cs_type == 11) &&
		     AR_DPL(s[S_CS].ar) != ss_dpl) ||
		    ((cs_type == 13 || cs_type == 15) &&
		     AR_DPL(s[S_CS].ar) > ss_dpl))
			return broken(why, HV_ER_GUEST_CS_DPL);
		/*
		 * SS.DPL = SS.RPL without "unrestricted guest"; SS.DPL 0 if
		 * CS type is 3 or CR0.PE is 0.
		 */
		if (!g->ug && ss_dpl != (s[S_SS].sel & 3))
			return broken(why, HV_ER_GUEST_SS_DPL);
		if ((cs_type == 3 || !(g->cr0 & CR0_PE)) && ss_dpl)
			return broken(why, HV_ER_GUEST_SS_DPL);
		/*
		 * DS, ES, FS, GS: without "unrestricted guest", if usable and
		 * of type 0-11 (data or non-conforming code), DPL >= RPL.
		 */
		for (i = S_ES; i <= S_GS; i++) {
			if (i == S_CS || i == S_SS || g->ug || !usable(&s[i]))
				continue;
			if (AR_TYPE(s[i].ar) <= 11 &&
			    AR_DPL(s[i].ar) < (s[i].sel & 3))
				return broken(why, HV_ER_GUEST_DATA_DPL);
		}
		/* CS.D/B 0 if "IA-32e mode guest" and CS.L are 1. */
		if (g->ia32e && (s[S_CS].ar & AR_L) && (s[S_CS].ar & AR_DB))
			return broken(why, HV_ER_GUEST_CS_L_DB);
	}

	/*
	 * TR: busy TSS, type 11, or 3 (16-bit) outside IA-32e mode; S 0,
	 * P 1, reserved bits 0, G per the limit, usable.
	 */
	tr_type = AR_TYPE(s[S_TR].ar);
	if (!(tr_type == 11 || (!g->ia32e && tr_type == 3)) ||
	    (s[S_TR].ar & AR_S) ||
	    !(s[S_TR].ar & AR_P) || (s[S_TR].ar & AR_RSVD_11_8) ||
	    !granularity_ok(&s[S_TR]) || !usable(&s[S_TR]) ||
	    (s[S_TR].ar & AR_RSVD_31_17))
		return broken(why, HV_ER_GUEST_TR);
	/* LDTR if usable: type 2, S 0, P 1, reserved bits 0, G per limit. */
	if (usable(&s[S_LDTR]) &&
	    (AR_TYPE(s[S_LDTR].ar) != 2 || (s[S_LDTR].ar & AR_S) ||
	     !(s[S_LDTR].ar & AR_P) || (s[S_LDTR].ar & AR_RSVD_11_8) ||
	     !granularity_ok(&s[S_LDTR]) || (s[S_LDTR].ar & AR_RSVD_31_17)))
		return broken(why, HV_ER_GUEST_LDTR);
	return true;
}

/* 26.3.1.3 and 26.3.1.4: descriptor-table registers, RIP and RFLAGS. */
static bool guest_dt_rip_rflags_ok(const struct hv_vmcs12 *v,
				   const struct guest_ctx *g, enum hvnest_entry_rule *why)
{
	u64 rip = F(v, GUEST_RIP);

	/* GDTR and IDTR: bases canonical, limit bits 31:16 0. */
	if (!canonical(F(v, GUEST_GDTR_BASE), g->lab) ||
	    !canonical(F(v, GUEST_IDTR_BASE), g->lab) ||
	    (F(v, GUEST_GDTR_LIMIT) >> 16) || (F(v, GUEST_IDTR_LIMIT) >> 16))
		return broken(why, HV_ER_GUEST_GDTR_IDTR);
	/*
	 * RIP: bits 63:32 0 unless "IA-32e mode guest" and CS.L are 1; then
	 * bits 63:N identical, N the linear-address width (so bit N-1 alone,
	 * as in 0000800000000000H, passes).
	 */
	if (g->ia32e && (F(v, GUEST_CS_AR_BYTES) & AR_L)) {
		long long hi = (long long)rip >> g->lab;

		if (hi != 0 && hi != -1)
			return broken(why, HV_ER_GUEST_RIP);
	} else if (rip >> 32) {
		return broken(why, HV_ER_GUEST_RIP);
	}
	/* RFLAGS: reserved bits 63:22, 15, 5, 3 0 and bit 1 1. */
	if ((g->rflags & RFLAGS_RESERVED) || !(g->rflags & RFLAGS_FIXED1))
		return broken(why, HV_ER_GUEST_RFLAGS_RESERVED);
	/* RFLAGS.VM 0 with "IA-32e mode guest" or CR0.PE 0. */
	if ((g->ia32e || !(g->cr0 & CR0_PE)) && (g->rflags & RFLAGS_VM))
		return broken(why, HV_ER_GUEST_RFLAGS_VM);
	/* Injecting an external interrupt: RFLAGS.IF must be 1. */
	if ((g->info & INTR_VALID) && INTR_TYPE(g->info) == T_EXT_INTR &&
	    !(g->rflags & RFLAGS_IF))
		return broken(why, HV_ER_GUEST_RFLAGS_IF);
	return true;
}

/* Events an activity state lets VM entry inject (SDM 26.3.1.5). */
static bool inject_ok_in(u32 act, u64 info)
{
	u32 type = INTR_TYPE(info), vec = INTR_VECTOR(info);

	if (!(info & INTR_VALID))
		return true;
	switch (act) {
	case ACTIVITY_HLT:
		/* External interrupts, NMIs, #DB, #MC, pending MTF exits. */
		return type == T_EXT_INTR || type == T_NMI ||
		       (type == T_HW_EXC && (vec == 1 || vec == 18)) ||
		       (type == T_OTHER && vec == 0);
	case ACTIVITY_SHUTDOWN:
		/* NMIs and machine-check exceptions. */
		return type == T_NMI || (type == T_HW_EXC && vec == 18);
	case ACTIVITY_WAIT_SIPI:
		return false; /* nothing */
	default:
		return true;
	}
}

/* 26.3.1.5 Checks on guest non-register state (without the link pointer). */
static bool guest_nonreg_ok(const struct hv_vmcs12 *v,
			    const struct hv_l1_vmx_caps *c,
			    const struct guest_ctx *g, enum hvnest_entry_rule *why)
{
	u64 act = F(v, GUEST_ACTIVITY_STATE);
	u64 ints = F(v, GUEST_INTERRUPTIBILITY_INFO);
	u64 pde = F(v, GUEST_PENDING_DBG_EXCEPTIONS);
	u32 type = INTR_TYPE(g->info);
	bool inj = g->info & INTR_VALID;

	/* Activity state 0-3, and one IA32_VMX_MISC[8:6] reports. */
	if (act > ACTIVITY_WAIT_SIPI || (act == ACTIVITY_HLT && !(c->misc & MISC_ACT_HLT)) ||
	    (act == ACTIVITY_SHUTDOWN && !(c->misc & MISC_ACT_SHUTDOWN)) ||
	    (act == ACTIVITY_WAIT_SIPI && !(c->misc & MISC_ACT_SIPI)))
		return broken(why, HV_ER_GUEST_ACTIVITY);
	/* HLT only with SS.DPL 0. */
	if (act == ACTIVITY_HLT && AR_DPL(F(v, GUEST_SS_AR_BYTES)))
		return broken(why, HV_ER_GUEST_HLT_DPL);
	/* Active if the interruptibility state has blocking by STI/MOV SS. */
	if (act != ACTIVITY_ACTIVE && (ints & (INT_STI | INT_MOV_SS)))
		return broken(why, HV_ER_GUEST_ACTIVITY_BLOCKING);
	/* Only the events the activity state allows may be injected. */
	if (!inject_ok_in((u32)act, g->info))
		return broken(why, HV_ER_GUEST_ACTIVITY_EVENT);
	/* "entry to SMM": not wait-for-SIPI. */
	if ((g->entry & ENTRY_SMM) && act == ACTIVITY_WAIT_SIPI)
		return broken(why, HV_ER_GUEST_SMM_SIPI);

	/* Interruptibility: bits 31:5 reserved. */
	if (ints & INT_RESERVED)
		return broken(why, HV_ER_GUEST_INT_RESERVED);
	/*
	 * Bit 4 (enclave interruption) only on a CPU with SGX, taken here as
	 * one that offers L1 "enable ENCLS exiting"; and then MOV SS 0.
	 */
	if ((ints & INT_ENCLAVE) &&
	    (!((c->procbased2 >> 32) & P2_ENCLS) || (ints & INT_MOV_SS)))
		return broken(why, HV_ER_GUEST_INT_ENCLAVE);
	/* Blocking by STI and by MOV SS not both. */
	if ((ints & INT_STI) && (ints & INT_MOV_SS))
		return broken(why, HV_ER_GUEST_INT_STI_MOV_SS);
	/* Blocking by STI only with RFLAGS.IF 1. */
	if ((ints & INT_STI) && !(g->rflags & RFLAGS_IF))
		return broken(why, HV_ER_GUEST_INT_STI_IF);
	/* Injecting an external interrupt: no blocking by STI or MOV SS. */
	if (inj && type == T_EXT_INTR && (ints & (INT_STI | INT_MOV_SS)))
		return broken(why, HV_ER_GUEST_INT_EXT_INTR);
	/* Injecting an NMI: no blocking by MOV SS. */
	if (inj && type == T_NMI && (ints & INT_MOV_SS))
		return broken(why, HV_ER_GUEST_INT_NMI_MOV_SS);
	/*
	 * Blocking by SMI 0 outside SMM, which is where L1 always is (so
	 * "entry to SMM", which wants it 1, is already refused).
	 */
	if (ints & INT_SMI)
		return broken(why, HV_ER_GUEST_INT_SMI);
	/* Injecting an NMI with "virtual NMIs": no blocking by NMI. */
	if (inj && type == T_NMI && (F(v, PIN_BASED_VM_EXEC_CONTROL) &
				     PIN_VNMI) && (ints & INT_NMI))
		return broken(why, HV_ER_GUEST_INT_VNMI);

	/* Pending debug exceptions: bits 63:17, 15, 13, 11:4 reserved. */
	if (pde & PDE_RESERVED)
		return broken(why, HV_ER_GUEST_PDE_RESERVED);
	/*
	 * With blocking by STI or MOV SS, or HLT: BS 1 if RFLAGS.TF is 1 and
	 * IA32_DEBUGCTL.BTF 0; BS 0 if TF is 0 or BTF is 1.
	 */
	if ((ints & (INT_STI | INT_MOV_SS)) || act == ACTIVITY_HLT) {
		bool tf = g->rflags & RFLAGS_TF;
		bool btf = F(v, GUEST_IA32_DEBUGCTL) & HV_BIT(1);
		bool bs = pde & PDE_BS;

		if (bs != (tf && !btf))
			return broken(why, HV_ER_GUEST_PDE_BS);
	}
	/*
	 * RTM (bit 16): bits 11:0 and 14 0, bit 12 1, no blocking by MOV SS
	 * (CPUID RTM support is not in these caps).
	 */
	if ((pde & PDE_RTM) &&
	    ((pde & (0xfffULL | PDE_BS)) || !(pde & PDE_ENABLED_BP) ||
	     (ints & INT_MOV_SS)))
		return broken(why, HV_ER_GUEST_PDE_RTM);
	return true;
}

/* 26.3.1.5: the VMCS link pointer, its address bits. */
static bool guest_link_ptr_ok(const struct hv_vmcs12 *v,
			      const struct hv_l1_vmx_caps *c, u64 vmptr)
{
	u64 link = F(v, VMCS_LINK_POINTER);

	/* Nothing is checked when it is FFFFFFFF_FFFFFFFFH. */
	if (link == VMCS12_LINK_NONE)
		return true;
	/*
	 * Bits 11:0 0, none beyond MAXPHYADDR, and (outside SMM) not the
	 * current-VMCS pointer. The revision and shadow bit in the VMCS it
	 * names are the caller's (memory).
	 */
	return page_addr_ok(link, c) && link != vmptr;
}

bool hv_vmcs12_link_vmcs_ok(const struct hv_vmcs12 *v,
			    const struct hv_l1_vmx_caps *c, u32 rev)
{
	bool shadowing = vmcs12_proc2(v) & P2_SHADOW_VMCS;

	if (F(v, VMCS_LINK_POINTER) == VMCS12_LINK_NONE)
		return true;
	return (rev & 0x7fffffff) == (u32)(c->basic & 0x7fffffff) &&
	       !!(rev & HV_BIT(31)) == shadowing;
}

/*
 * 26.3.1.6: with PAE paging (CR0.PG, CR4.PAE, not IA-32e mode) and "enable
 * EPT", the PDPTE fields: each present one with bits 2:1, 8:5 and those
 * beyond MAXPHYADDR 0. Without EPT the PDPTEs come from memory: the
 * caller reads them and checks them with hv_pdptes_valid().
 */
bool hv_pdptes_valid(const u64 *pdpte, const struct hv_l1_vmx_caps *c)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if ((pdpte[i] & 1) &&
		    ((pdpte[i] & 0x1e6ULL) || beyond_pa(pdpte[i], c)))
			return false;
	return true;
}

static bool guest_pdptes_ok(const struct hv_vmcs12 *v,
			    const struct hv_l1_vmx_caps *c,
			    const struct guest_ctx *g)
{
	if (!(g->cr0 & CR0_PG) || !(F(v, GUEST_CR4) & CR4_PAE) || g->ia32e ||
	    !(g->p2 & P2_EPT))
		return true;
	return hv_pdptes_valid(&v->field[VMCS12_I_GUEST_PDPTR0], c);
}

_Static_assert(VMCS12_I_GUEST_PDPTR3 - VMCS12_I_GUEST_PDPTR0 == 3,
	       "PDPTE fields out of order");

bool hv_vmcs12_check_guest_state(const struct hv_vmcs12 *v,
				 const struct hv_l1_vmx_caps *c, u64 vmptr,
				 u64 *qual, enum hvnest_entry_rule *why)
{
	struct guest_ctx g;

	g.cr0 = F(v, GUEST_CR0);
	g.rflags = F(v, GUEST_RFLAGS);
	g.p2 = vmcs12_proc2(v);
	g.entry = F(v, VM_ENTRY_CONTROLS);
	g.info = F(v, VM_ENTRY_INTR_INFO);
	g.ia32e = g.entry & ENTRY_IA32E;
	g.ug = g.p2 & P2_UNRESTRICTED;
	/* Virtual-8086 mode is what RFLAGS.VM in the field asks for. */
	g.v86 = g.rflags & RFLAGS_VM;
	g.lab = la_bits(c);

	*qual = HV_ENTRY_QUAL_DEFAULT;
	*why = HV_ER_NONE;
	if (!guest_regs_ok(v, c, &g, why) || !guest_segs_ok(v, &g, why) ||
	    !guest_dt_rip_rflags_ok(v, &g, why) ||
	    !guest_nonreg_ok(v, c, &g, why))
		return false;
	if (!guest_link_ptr_ok(v, c, vmptr)) {
		*qual = HV_ENTRY_QUAL_LINK_PTR;
		return broken(why, HV_ER_GUEST_LINK_PTR);
	}
	if (!guest_pdptes_ok(v, c, &g)) {
		*qual = HV_ENTRY_QUAL_PDPTE;
		return broken(why, HV_ER_GUEST_PDPTE);
	}
	return true;
}

u64 hv_vmcs12_vtpr_page(const struct hv_vmcs12 *v)
{
	u32 proc = (u32)F(v, CPU_BASED_VM_EXEC_CONTROL);
	u32 p2 = (u32)vmcs12_proc2(v);

	if (!(proc & PROC_TPR_SHADOW) || (p2 & (P2_APIC_ACCESS | P2_VID)))
		return 0;
	return F(v, VIRTUAL_APIC_PAGE_ADDR);
}

bool hv_vmcs12_tpr_threshold_ok(const struct hv_vmcs12 *v, u32 vtpr)
{
	return (F(v, TPR_THRESHOLD) & 0xf) <= ((vtpr >> 4) & 0xf);
}
