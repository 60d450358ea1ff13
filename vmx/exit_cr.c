// SPDX-License-Identifier: GPL-2.0
/*
 * Control-register accesses of L1 (exit qualification: SDM 27.2.1, table
 * 27-3). L0 owns the CR0/CR4 bits VMX fixes (guest/host masks); L1 reads
 * its own values from the read shadows and its writes of owned bits exit
 * here. CR3 exits only when the CPU forces CR3-load/store exiting.
 */
#include "root.h"
#include "vmx_caps.h"
#include "cr0_write.h"
#include "../nested/entry_checks.h"
#include "../nested/l1_access.h"

#define AR_L HV_BIT(13) /* CS.L (SDM 24.4.1) */
#define CR4_TLB_BITS (HV_BIT(4) | HV_BIT(5) | HV_BIT(7) | HV_BIT(17))

static u64 *hv_gpr(struct hv_gprs *g, u32 reg)
{
	/* struct hv_gprs is in the SDM's register-number order (table 27-3). */
	return &((u64 *)g)[reg & 15];
}

static u64 hv_read_gpr(struct hv_gprs *g, u32 reg)
{
	return (reg & 15) == 4 ? hv_vmread(VMCS_GUEST_RSP) : *hv_gpr(g, reg);
}

static void hv_cr_unsupported(struct hv_cpu *c, u32 cr, u64 v)
{
	hv_log_now(c, HV_LOG_CR_WRITE_UNSUPPORTED, cr, v,
		   hv_vmread(VMCS_GUEST_RIP));
	hv_inject_exception(VEC_GP, true, 0);
}

/*
 * L1's CR0 and CR4 as it reads them (the read shadows); the real ones keep
 * the bits VMX fixes, which L0 owns (SDM 25.3, A.7, A.8).
 */
void hv_l1_set_cr0(struct hv_cpu *c, u64 v)
{
	u64 mask = c->cfg.cr0_mask;

	hv_vmwrite(VMCS_GUEST_CR0, (v & ~mask) | (c->cfg.cr0_fixed0 & mask));
	hv_vmwrite(VMCS_CR0_READ_SHADOW, v);
}

void hv_l1_set_cr4(struct hv_cpu *c, u64 v)
{
	hv_vmwrite(VMCS_GUEST_CR4, v | c->cfg.cr4_fixed0 | HV_CR4_VMXE);
	hv_vmwrite(VMCS_CR4_READ_SHADOW, v);
}

/* The "IA-32e mode guest" entry control follows EFER.LMA (SDM 24.8.1). */
void hv_set_entry_ia32e(bool on)
{
	u64 entry = hv_vmread(VMCS_VM_ENTRY_CONTROLS);

	hv_vmwrite(VMCS_VM_ENTRY_CONTROLS, on ? entry | HV_ENTRY_IA32E_GUEST :
						entry & ~HV_ENTRY_IA32E_GUEST);
}

/* SDM 4.4.1: PAE paging's PDPTEs, loaded from CR3 into VMCS01 (EPT). */
static bool hv_load_pdptes(struct hv_cpu *c)
{
	struct hv_l1_vmx_caps caps = { .maxphyaddr = c->cfg.maxphyaddr };
	u64 pdpte[4];
	unsigned int i;

	hv_l1_phys_read(hv_vmread(VMCS_GUEST_CR3) & ~0x1fULL, pdpte,
			sizeof(pdpte));
	if (!hv_pdptes_valid(pdpte, &caps))
		return false;
	for (i = 0; i < 4; i++)
		hv_vmwrite(VMCS_GUEST_PDPTR0 + 2 * i, pdpte[i]);
	return true;
}

static void hv_mov_to_cr0(struct hv_cpu *c, u64 v)
{
	struct hv_cr0_write w = {
		.old_cr0 = hv_l1_cr(VMCS_GUEST_CR0, VMCS_CR0_READ_SHADOW,
				    c->cfg.cr0_mask),
		.new_cr0 = v,
		.cr4 = hv_l1_cr(VMCS_GUEST_CR4, VMCS_CR4_READ_SHADOW,
				c->cfg.cr4_mask),
		.efer = hv_vmread(VMCS_GUEST_IA32_EFER),
		.cs_l = hv_vmread(VMCS_GUEST_CS_AR_BYTES) & AR_L,
		.unrestricted = hv_unrestricted(c),
	};

	/* SDM 23.8: VMX operation keeps L1's CR0 fixed bits. */
	if (c->nvmx.vmxon && !hv_nvmx_cr_fixed_ok(&c->nvmx.caps, v, w.cr4)) {
		hv_inject_exception(VEC_GP, true, 0);
		return;
	}
	switch (hv_cr0_write(&w)) {
	case HV_CR0_GP:
		hv_inject_exception(VEC_GP, true, 0);
		return;
	case HV_CR0_UNSUPPORTED:
		hv_cr_unsupported(c, 0, v);
		return;
	case HV_CR0_DONE:
		break;
	}
	if (w.load_pdptes && !hv_load_pdptes(c)) {
		hv_inject_exception(VEC_GP, true, 0);
		return;
	}
	hv_l1_set_cr0(c, w.cr0);
	if (w.efer_out != w.efer) {
		hv_vmwrite(VMCS_GUEST_IA32_EFER, w.efer_out);
		hv_set_entry_ia32e(w.ia32e);
	}
	if (w.flush)
		hv_invvpid_all();
	hv_skip_instruction();
}

static void hv_mov_to_cr4(struct hv_cpu *c, u64 v)
{
	u64 old = hv_vmread(VMCS_CR4_READ_SHADOW);

	/*
	 * Without nested VMX, L1 has no VMX (CPUID) and CR4.VMXE is reserved
	 * for it: #GP. With it, L1 owns its view of the bit (the real one
	 * stays set), and cannot clear it in VMX operation (SDM 23.8).
	 * CR4.SMXE may be cleared but not set: L1 sees no SMX (vmx/exit.c,
	 * hv_exit_getsec), and L0 owns the bit for that.
	 */
	if (((v & HV_CR4_VMXE) && !c->cfg.nested_insn) ||
	    (!(v & HV_CR4_VMXE) && c->nvmx.vmxon) ||
	    (v & ~c->cfg.cr4_fixed1) || (v & ~old & HV_CR4_SMXE)) {
		hv_inject_exception(VEC_GP, true, 0);
		return;
	}
	/* SDM 2.5, MOV to CR4: IA-32e mode cannot leave PAE paging. */
	if (!(v & HV_CR4_PAE) &&
	    (hv_vmread(VMCS_GUEST_IA32_EFER) & HV_EFER_LMA)) {
		hv_inject_exception(VEC_GP, true, 0);
		return;
	}
	hv_l1_set_cr4(c, v);
	/* SDM 4.10.4.1: these CR4 changes flush the TLB. */
	if ((old ^ v) & CR4_TLB_BITS)
		hv_invvpid_all();
	hv_skip_instruction();
}

static void hv_mov_to_cr3(u64 v)
{
	hv_vmwrite(VMCS_GUEST_CR3, v & ~HV_BIT(63));
	/* Without the no-flush bit the move flushes (SDM 4.10.4.1). */
	if (!(v & HV_BIT(63)))
		hv_invvpid_all();
	hv_skip_instruction();
}

void hv_exit_cr_access(struct hv_cpu *c, struct hv_gprs *g)
{
	u64 q = hv_vmread(VMCS_EXIT_QUALIFICATION);
	u32 cr = q & 15, type = (q >> 4) & 3, reg = (q >> 8) & 15;

	if (type == 0) { /* MOV to CR */
		u64 v = hv_read_gpr(g, reg);

		if (cr == 0)
			hv_mov_to_cr0(c, v);
		else if (cr == 4)
			hv_mov_to_cr4(c, v);
		else if (cr == 3)
			hv_mov_to_cr3(v);
		else
			hv_cr_unsupported(c, cr, v);
	} else if (type == 1 && cr == 3 && reg != 4) { /* MOV from CR3 */
		*hv_gpr(g, reg) = hv_vmread(VMCS_GUEST_CR3);
		hv_skip_instruction();
	} else { /* CLTS, LMSW (touch no owned bit on Linux), MOV from RSP */
		hv_cr_unsupported(c, cr, q);
	}
}
