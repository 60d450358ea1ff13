// SPDX-License-Identifier: GPL-2.0
/*
 * MOV to CR0, completed by L0 (vmx/cr0_write.h). Pure logic, built into the
 * root core and into the unit tests.
 */
#include "cr0_write.h"
#include "vmx_caps.h"

/* Bits whose change flushes the TLBs, or a superset (SDM 4.10.4.1). */
#define CR0_TLB_BITS (HV_CR0_PE | HV_CR0_WP | HV_CR0_NW | HV_CR0_CD | HV_CR0_PG)

enum hv_cr0_outcome hv_cr0_write(struct hv_cr0_write *w)
{
	u64 v = w->new_cr0 | HV_CR0_ET; /* ET is hardwired to 1 (2.5) */
	bool pg = v & HV_CR0_PG, was_pg = w->old_cr0 & HV_CR0_PG;
	bool lma = w->efer & HV_EFER_LMA;

	/* The #GP(0) conditions of MOV to CR0 (Vol. 2B), in its order. */
	if (v >> 32)
		return HV_CR0_GP; /* reserved bits 63:32 */
	if (pg && !(v & HV_CR0_PE))
		return HV_CR0_GP;
	if ((v & HV_CR0_NW) && !(v & HV_CR0_CD))
		return HV_CR0_GP;
	if (!pg && was_pg && (w->cr4 & HV_CR4_PCIDE))
		return HV_CR0_GP;
	/* 64-bit mode cannot turn paging off (9.8.5.4). */
	if (!pg && was_pg && lma && w->cs_l)
		return HV_CR0_GP;
	/* Activating IA-32e mode needs PAE (9.8.5). */
	if (pg && !was_pg && (w->efer & HV_EFER_LME) &&
	    !(w->cr4 & HV_CR4_PAE))
		return HV_CR0_GP;
	if (!(v & HV_CR0_WP) && (w->cr4 & HV_CR4_CET))
		return HV_CR0_GP;
	if (!w->unrestricted && (!(v & HV_CR0_PE) || !pg))
		return HV_CR0_UNSUPPORTED;

	w->cr0 = v;
	w->efer_out = w->efer;
	/* IA-32e mode is active exactly while paging is on with LME (9.8.5). */
	if (pg && !was_pg && (w->efer & HV_EFER_LME))
		w->efer_out |= HV_EFER_LMA;
	else if (!pg)
		w->efer_out &= ~HV_EFER_LMA;
	w->ia32e = w->efer_out & HV_EFER_LMA;
	/*
	 * PAE paging (not IA-32e) after a write that changes CD, NW or PG
	 * loads the PDPTEs from CR3 (4.4.1).
	 */
	w->load_pdptes = pg && !w->ia32e && (w->cr4 & HV_CR4_PAE) &&
			 ((v ^ w->old_cr0) & (HV_CR0_CD | HV_CR0_NW | HV_CR0_PG));
	w->flush = (v ^ w->old_cr0) & CR0_TLB_BITS;
	return HV_CR0_DONE;
}
