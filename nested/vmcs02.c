// SPDX-License-Identifier: GPL-2.0
/* VMCS02 controls and L1's state after an exit (see vmcs02.h). Pure. */
#include "vmcs02.h"
#include "../vmx/vmx_caps.h"

#define F(v12, name) ((v12)->field[VMCS12_I_##name])

#define CR0_ET HV_BIT(4)
#define CR0_NW HV_BIT(29)
#define CR0_CD HV_BIT(30)
#define CR0_PG HV_BIT(31)
#define CR4_PAE HV_BIT(5)

/* VM-entry interruption information (SDM 24.8.3). */
#define INJ_VALID HV_BIT(31)
#define INJ_TYPE_MASK (7U << 8)
#define INJ_TYPE_NMI (2U << 8)

/* The TRUE control MSR when the CPU has them (SDM A.3.1), else the other. */
static u64 hv_true_or(const struct hv_l1_vmx_caps *c, u64 true_msr, u64 msr)
{
	return (c->basic & HV_VMX_BASIC_TRUE_CTLS) ? true_msr : msr;
}

/*
 * SDM 26.6.1: what bit 3 of VMCS12's interruptibility state means under
 * VMCS12's controls, carried over to VMCS02's "virtual NMIs". An NMI
 * injected without "virtual NMIs" blocks NMIs once delivered (26.6.1.2),
 * and may be injected while bit 3 is 1, which VMCS02 would refuse
 * (26.3.1.5): its delivery sets VMCS02's virtual-NMI blocking instead.
 */
static void hv_vmcs02_nmi(const struct hv_vmcs12 *v12, u32 pin12,
			  struct hv_vmcs02_ctls *o)
{
	u32 int12 = (u32)F(v12, GUEST_INTERRUPTIBILITY_INFO);
	u32 inj = (u32)F(v12, VM_ENTRY_INTR_INFO);
	bool inject_nmi = (inj & INJ_VALID) &&
			  (inj & INJ_TYPE_MASK) == INJ_TYPE_NMI;

	o->interruptibility = int12;
	o->nmi_blocked = false;
	if (pin12 & HV_PIN_VIRTUAL_NMIS) {
		o->nmi_mode = HV_L2_NMI_EXIT_VIRTUAL;
	} else if (pin12 & HV_PIN_NMI_EXITING) {
		o->nmi_mode = HV_L2_NMI_EXIT_BLOCKABLE;
		o->nmi_blocked = (int12 & HV_INT_BLOCK_NMI) || inject_nmi;
		o->interruptibility &= ~HV_INT_BLOCK_NMI;
	} else {
		o->nmi_mode = HV_L2_NMI_DELIVER;
		if (inject_nmi)
			o->interruptibility &= ~HV_INT_BLOCK_NMI;
	}
}

u32 hv_l2_interruptibility12(enum hv_l2_nmi_mode mode, bool nmi_blocked,
			     u32 int02)
{
	if (mode != HV_L2_NMI_EXIT_BLOCKABLE)
		return int02;
	return (int02 & ~HV_INT_BLOCK_NMI) |
	       (nmi_blocked ? HV_INT_BLOCK_NMI : 0);
}

/*
 * Whether the page at @pa, which VMCS02 would take while @in_use, is
 * hvnest's memory; the first such pointer is kept in guarded_pa.
 */
static bool hv_vmcs02_page_guarded(const struct hv_guard *g, bool in_use,
				   u64 pa, struct hv_vmcs02_ctls *o)
{
	if (!in_use || !hv_guard_hit(g, pa, 4096))
		return false;
	if (!o->guarded_pa)
		o->guarded_pa = pa;
	return true;
}

/* VMCS12's pointers into hvnest's memory (vmcs02.h): kept from VMCS02. */
static void hv_vmcs02_guard(const struct hv_vmcs12 *v12,
			    const struct hv_guard *g,
			    struct hv_vmcs02_ctls *o)
{
	u64 io_a = F(v12, IO_BITMAP_A), io_b = F(v12, IO_BITMAP_B);
	bool io_hit = false;

	o->guarded_pa = 0;
	if (o->proc & HV_PROC_USE_IO_BITMAPS) {
		if (hv_guard_hit(g, io_a, 4096)) {
			o->guarded_pa = io_a;
			io_hit = true;
		} else if (hv_guard_hit(g, io_b, 4096)) {
			o->guarded_pa = io_b;
			io_hit = true;
		}
	}
	if (io_hit)
		o->proc = (o->proc & ~(u32)HV_PROC_USE_IO_BITMAPS) |
			  HV_PROC_UNCOND_IO;
	o->vapic_sink = hv_vmcs02_page_guarded(g, o->proc & HV_PROC_TPR_SHADOW,
					       F(v12, VIRTUAL_APIC_PAGE_ADDR), o);
	o->apic_access_sink =
		hv_vmcs02_page_guarded(g, o->proc2 & HV_PROC2_APIC_ACCESS,
				       F(v12, APIC_ACCESS_ADDR), o);
	o->pml_sink = hv_vmcs02_page_guarded(g, o->proc2 & HV_PROC2_PML,
					     F(v12, PML_ADDRESS), o);
}

void hv_vmcs02_compute(const struct hv_vmcs12 *v12,
		       const struct hv_vmcs02_l0 *l0, struct hv_vmcs02_ctls *o)
{
	const struct hv_l1_vmx_caps *cpu = l0->cpu;
	u32 pin12 = (u32)F(v12, PIN_BASED_VM_EXEC_CONTROL);
	u32 proc12 = (u32)F(v12, CPU_BASED_VM_EXEC_CONTROL);
	u32 exit12 = (u32)F(v12, VM_EXIT_CONTROLS);
	u32 entry12 = (u32)F(v12, VM_ENTRY_CONTROLS);
	u32 proc2_12 = (u32)vmcs12_proc2(v12);
	u32 proc2, exit, entry;
	bool ia32e = entry12 & HV_ENTRY_IA32E_GUEST;
	u64 cr0 = F(v12, GUEST_CR0), cr4 = F(v12, GUEST_CR4);

	/* L0 sees every NMI that arrives while L2 runs (apic/nmi.c). */
	o->pin = hv_ctl_adjust(hv_true_or(cpu, cpu->true_pinbased,
					  cpu->pinbased),
			       pin12 | HV_PIN_NMI_EXITING | HV_PIN_VIRTUAL_NMIS);
	hv_vmcs02_nmi(v12, pin12, o);
	/* L2 always runs on EPT02, whether or not L1 gave it EPT (ept02.h). */
	o->proc = hv_ctl_adjust(hv_true_or(cpu, cpu->true_procbased,
					   cpu->procbased),
				proc12 | HV_PROC_SECONDARY);
	proc2 = proc2_12 | HV_PROC2_EPT;
	if (l0->vpid)
		proc2 |= HV_PROC2_VPID;
	o->proc2 = hv_ctl_adjust(cpu->procbased2, proc2);

	/*
	 * Exits go to L0's root: its host side. Guest EFER, PAT, debug
	 * controls and the timer are always saved, so that L0 can resume L2
	 * after an exit it handles and hand L1 what its controls ask for.
	 */
	exit = (l0->exit01 & (HV_EXIT_HOST_ADDR_SPACE | HV_EXIT_LOAD_EFER |
			      HV_EXIT_LOAD_PAT)) |
	       HV_EXIT_SAVE_EFER | HV_EXIT_SAVE_PAT | HV_EXIT_SAVE_DEBUG |
	       (exit12 & (HV_EXIT_ACK_INTR | HV_EXIT_CONCEAL_PT));
	if (pin12 & HV_PIN_PREEMPT_TIMER)
		exit |= HV_EXIT_SAVE_TIMER;
	o->exit = hv_ctl_adjust(hv_true_or(cpu, cpu->true_exit, cpu->exit),
				exit);
	/*
	 * "Conceal VMX from PT" (SDM 24.7.1, 24.8.1; secondary control 19
	 * comes with proc2): L0 traces nothing, so L1's choice for L2's
	 * entries and exits stands.
	 */
	entry = (entry12 & (HV_ENTRY_IA32E_GUEST | HV_ENTRY_CONCEAL_PT)) |
		HV_ENTRY_LOAD_DEBUG |
		HV_ENTRY_LOAD_EFER | HV_ENTRY_LOAD_PAT;
	o->entry = hv_ctl_adjust(hv_true_or(cpu, cpu->true_entry, cpu->entry),
				 entry);

	/* SDM 26.3.2.1: what entry loads with VMCS12's entry controls. */
	if (entry12 & HV_ENTRY_LOAD_EFER) {
		o->efer = F(v12, GUEST_IA32_EFER);
	} else {
		o->efer = l0->l1_efer & ~(u64)HV_EFER_LMA;
		if (ia32e)
			o->efer |= HV_EFER_LMA;
		if (cr0 & CR0_PG)
			o->efer = ia32e ? o->efer | HV_EFER_LME :
					  o->efer & ~(u64)HV_EFER_LME;
	}
	o->pat = (entry12 & HV_ENTRY_LOAD_PAT) ? F(v12, GUEST_IA32_PAT) :
						 l0->l1_pat;
	if (entry12 & HV_ENTRY_LOAD_DEBUG) {
		o->debugctl = F(v12, GUEST_IA32_DEBUGCTL);
		o->dr7 = F(v12, GUEST_DR7);
	} else {
		o->debugctl = l0->l1_debugctl;
		o->dr7 = l0->l1_dr7;
	}
	hv_vmcs02_guard(v12, l0->guard, o);
	o->ept12 = proc2_12 & HV_PROC2_EPT;
	o->vpid12 = proc2_12 & HV_PROC2_VPID;
	o->pdptes_from_cr3 = !o->ept12 && (cr0 & CR0_PG) && (cr4 & CR4_PAE) &&
			     !(o->efer & HV_EFER_LME);
}

/* Access rights (SDM 24.4.1): type, S, DPL 0, P, L, D/B, G, unusable. */
#define AR_S HV_BIT(4)
#define AR_P HV_BIT(7)
#define AR_L HV_BIT(13)
#define AR_DB HV_BIT(14)
#define AR_G HV_BIT(15)
#define AR_UNUSABLE HV_BIT(16)

static void hv_host_seg(struct hv_seg *s, u64 sel, u64 base)
{
	s->sel = (u16)sel;
	s->base = base;
	s->limit = 0xffffffff;
	/* SDM 27.5.2: unusable if null, else read/write accessed data. */
	s->ar = s->sel ? 3 | AR_S | AR_P | AR_DB | AR_G : AR_UNUSABLE;
}

void hv_l1_host_state_compute(const struct hv_vmcs12 *v12, u64 l1_cr0,
			      u64 l2_efer, u64 l2_pat,
			      struct hv_l1_host_state *s)
{
	u32 exit12 = (u32)F(v12, VM_EXIT_CONTROLS);
	bool host64 = exit12 & HV_EXIT_HOST_ADDR_SPACE;
	/* SDM 27.5.1: CD, NW, ET and the reserved bits are not modified. */
	const u64 keep = CR0_CD | CR0_NW | CR0_ET | 0xffffffff1ffaffc0ULL;
	struct hv_seg *cs = &s->seg[HV_L1S_CS];
	struct hv_seg *tr = &s->seg[HV_L1S_TR];

	s->cr0 = (F(v12, HOST_CR0) & ~keep) | (l1_cr0 & keep);
	s->cr3 = F(v12, HOST_CR3);
	s->cr4 = F(v12, HOST_CR4);
	s->dr7 = 0x400;
	s->debugctl = 0;
	s->sysenter_cs = (u32)F(v12, HOST_IA32_SYSENTER_CS);
	s->sysenter_esp = F(v12, HOST_IA32_SYSENTER_ESP);
	s->sysenter_eip = F(v12, HOST_IA32_SYSENTER_EIP);
	if (exit12 & HV_EXIT_LOAD_EFER) {
		s->efer = F(v12, HOST_IA32_EFER);
	} else {
		s->efer = l2_efer & ~(u64)(HV_EFER_LMA | HV_EFER_LME);
		if (host64)
			s->efer |= HV_EFER_LMA | HV_EFER_LME;
	}
	s->pat = (exit12 & HV_EXIT_LOAD_PAT) ? F(v12, HOST_IA32_PAT) : l2_pat;

	/* SDM 27.5.2: segment registers and descriptor-table registers. */
	cs->sel = (u16)F(v12, HOST_CS_SELECTOR);
	cs->base = 0;
	cs->limit = 0xffffffff;
	cs->ar = 11 | AR_S | AR_P | AR_G | (host64 ? AR_L : AR_DB);
	hv_host_seg(&s->seg[HV_L1S_SS], F(v12, HOST_SS_SELECTOR), 0);
	hv_host_seg(&s->seg[HV_L1S_DS], F(v12, HOST_DS_SELECTOR), 0);
	hv_host_seg(&s->seg[HV_L1S_ES], F(v12, HOST_ES_SELECTOR), 0);
	hv_host_seg(&s->seg[HV_L1S_FS], F(v12, HOST_FS_SELECTOR),
		    F(v12, HOST_FS_BASE));
	hv_host_seg(&s->seg[HV_L1S_GS], F(v12, HOST_GS_SELECTOR),
		    F(v12, HOST_GS_BASE));
	/* FS and GS keep their bases even when unusable (27.5.2). */
	s->seg[HV_L1S_FS].base = F(v12, HOST_FS_BASE);
	s->seg[HV_L1S_GS].base = F(v12, HOST_GS_BASE);
	s->seg[HV_L1S_LDTR] = (struct hv_seg){ .ar = AR_UNUSABLE };
	tr->sel = (u16)F(v12, HOST_TR_SELECTOR);
	tr->base = F(v12, HOST_TR_BASE);
	tr->limit = 0x67;
	tr->ar = 11 | AR_P; /* busy 64-bit TSS */
	s->gdtr_base = F(v12, HOST_GDTR_BASE);
	s->idtr_base = F(v12, HOST_IDTR_BASE);
	s->gdtr_limit = 0xffff;
	s->idtr_limit = 0xffff;
	s->rip = F(v12, HOST_RIP);
	s->rsp = F(v12, HOST_RSP);
	s->rflags = 2; /* SDM 27.5.3: all flags clear but bit 1 */
}
