// SPDX-License-Identifier: GPL-2.0
/*
 * Control-register accesses of L1 (exit qualification: SDM 27.2.1, table
 * 27-3). L0 owns the CR0/CR4 bits VMX fixes (guest/host masks); L1 reads
 * its own values from the read shadows and its writes of owned bits exit
 * here. CR3 exits only when the CPU forces CR3-load/store exiting.
 */
#include "root.h"
#include "vmx_caps.h"

#define CR0_PE HV_BIT(0)
#define CR0_PG HV_BIT(31)
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

static void hv_mov_to_cr0(struct hv_cpu *c, u64 v)
{
	u64 mask = c->cfg.cr0_mask;

	if (v >> 32) {
		hv_inject_exception(VEC_GP, true, 0); /* SDM 2.5: reserved */
		return;
	}
	/* Leaving paging or protected mode needs unrestricted guest. */
	if (!(v & CR0_PE) || !(v & CR0_PG)) {
		hv_cr_unsupported(c, 0, v);
		return;
	}
	/* Owned bits keep their VMX-fixed value; L1 sees its own. */
	hv_vmwrite(VMCS_GUEST_CR0, (v & ~mask) | (c->cfg.cr0_fixed0 & mask));
	hv_vmwrite(VMCS_CR0_READ_SHADOW, v);
	hv_skip_instruction();
}

static void hv_mov_to_cr4(struct hv_cpu *c, u64 v)
{
	u64 old = hv_vmread(VMCS_CR4_READ_SHADOW);

	/*
	 * Without nested VMX, L1 has no VMX (CPUID) and CR4.VMXE is reserved
	 * for it: #GP. With it, L1 owns its view of the bit (the real one
	 * stays set), and cannot clear it in VMX operation (SDM 23.8).
	 */
	if (((v & HV_CR4_VMXE) && !c->cfg.nested_insn) ||
	    (!(v & HV_CR4_VMXE) && c->nvmx.vmxon) ||
	    (v & ~c->cfg.cr4_fixed1)) {
		hv_inject_exception(VEC_GP, true, 0);
		return;
	}
	hv_vmwrite(VMCS_GUEST_CR4, v | c->cfg.cr4_fixed0 | HV_CR4_VMXE);
	hv_vmwrite(VMCS_CR4_READ_SHADOW, v);
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
