/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MOV to CR0 as the CPU executes it (SDM Vol. 2B "MOV - Move to/from
 * Control Registers", Vol. 3A 2.5 "Control Registers", 9.8.5
 * "Initializing IA-32e Mode", 4.4.1 "PDPTE Registers"), for an L0 that
 * completes an L1 write which exited: because it touched a bit L0 owns
 * (CR0.NE, and PE/PG without unrestricted guest), or, once a CPU started
 * from a SIPI in real mode, on its way to protected and IA-32e mode. Pure
 * logic: no Linux, no libc.
 */
#ifndef HVNEST_CR0_WRITE_H
#define HVNEST_CR0_WRITE_H

#include "hv_types.h"

#define HV_CR0_PE HV_BIT(0)
#define HV_CR0_ET HV_BIT(4)
#define HV_CR0_NE HV_BIT(5)
#define HV_CR0_WP HV_BIT(16)
#define HV_CR0_NW HV_BIT(29)
#define HV_CR0_CD HV_BIT(30)
#define HV_CR0_PG HV_BIT(31)

struct hv_cr0_write {
	/* In: L1's view before the write, and the value written. */
	u64 old_cr0, new_cr0;
	u64 cr4; /* L1's CR4 */
	u64 efer; /* IA32_EFER (the guest's) */
	bool cs_l; /* CS.L: 64-bit mode if EFER.LMA */
	bool unrestricted; /* L0 can run L1 with PE = 0 or PG = 0 */
	/* Out, when the write is done. */
	u64 cr0; /* L1's CR0 after it (ET is always 1) */
	u64 efer_out; /* EFER.LMA follows PG and LME */
	bool ia32e; /* the "IA-32e mode guest" entry control */
	bool load_pdptes; /* PAE paging: load PDPTEs from CR3 (4.4.1) */
	bool flush; /* the TLBs go (4.10.4.1) */
};

enum hv_cr0_outcome {
	HV_CR0_DONE,
	HV_CR0_GP, /* #GP(0), nothing changed */
	HV_CR0_UNSUPPORTED, /* leaves PE or PG without unrestricted guest */
};

enum hv_cr0_outcome hv_cr0_write(struct hv_cr0_write *w);

#endif /* HVNEST_CR0_WRITE_H */
