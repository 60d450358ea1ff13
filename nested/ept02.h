/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT02: the EPT that L2 runs on, a shadow of L1's EPT for L2 (EPT12).
 * L1 gives L2 a 4-level EPT (SDM Vol. 3C 28.2.2 "EPT Translation
 * Mechanism") in L1 memory. L1-physical equals host-physical (EPT01 is an
 * identity map), so an EPT02 leaf points where EPT12's leaf points; yet L2
 * does not run on EPT12 itself, because hvnest decides what L2 can reach
 * and what is a misconfiguration (by the capabilities L1 is told, not the
 * CPU's). EPT02 starts empty and is filled one page at a time: when L2
 * takes an EPT violation in EPT02, hv_ept02_fault() walks EPT12 for the
 * address as the CPU would and either installs the translation in EPT02
 * or tells the caller which EPT-induced VM exit (SDM 28.2.3) L1 must see
 * instead. Section numbers are those of the SDM editions whose chapter 27
 * is "VM Exits", as elsewhere in nested/.
 *
 * Pure logic: no Linux, no libc, no allocation. L1 memory is read through
 * hv_l1_phys_read(); the one write is of EPT12's accessed and dirty flags
 * when L1 enabled them (EPTP bit 6), through hv_l1_phys_or64().
 *
 * Details:
 * - An EPT misconfiguration exit while L2 runs on EPT02 cannot come from
 *   L1: every entry of EPT02 was written by hv_ept02_fault() from an EPT12
 *   walk that found no misconfiguration (SDM 28.2.3.1), with R/W/X the AND
 *   of EPT12's (never write-only or write/execute; execute-only only when
 *   ept_cap allows it) and a memory type made from EPT12's leaf type
 *   (never 2, 3 or 7) and EPT01's (the same set). Such
 *   an exit is an hvnest bug, or a CPU lacking a feature ept_cap promises
 *   L1: the caller should log it and may hv_ept02_flush(); it must not be
 *   reflected to L1.
 * - L1 may run L2 without EPT: its guest-physical addresses are then L1's
 *   own. L2 still runs on EPT02, mirroring HV_EPT02_NO_EPT12: an identity
 *   "EPT12" that grants everything in 1 GiB pages with L1's memory types
 *   (EPT01's), so that the guard below holds for such an L2 too. Its
 *   faults are always fixed, never L1's to see.
 * - EPT12 may map L2 onto any physical address but hvnest's own memory
 *   (guard): a page of it is mapped to the sink page instead, 4 KiB at a
 *   time, so L2 reads and writes a scratch page (counted in guarded).
 *   Other addresses EPT01 maps for L1 (MMIO too) are L1's to give.
 * - Accessed and dirty flags (EPTP12 bit 6, SDM 28.2.5) are set in EPT12
 *   as each fill makes its translation; EPT02 keeps a clean page read-only
 *   and a dirty one marked dirty in its own flags, so that the CPU logs a
 *   page for L1's PML (SDM 28.2.6) once, as EPT12's flag is set.
 * - Mode-based execute control (bit 10, SDM 28.2.2), EPT-violation #VE
 *   (bit 63), sub-page write permissions and 5-level EPT are not offered
 *   to L1 and are ignored.
 */
#ifndef HVNEST_EPT02_H
#define HVNEST_EPT02_H

#include "../vmx/ept01.h"
#include "hv_guard.h"

/* Exit qualification for EPT violations (SDM 27.2.1, table 27-7). */
#define HV_EPT_QUAL_READ HV_BIT(0) /* the access was a data read */
#define HV_EPT_QUAL_WRITE HV_BIT(1) /* a data write */
#define HV_EPT_QUAL_FETCH HV_BIT(2) /* an instruction fetch */
#define HV_EPT_QUAL_ACCESS \
	(HV_EPT_QUAL_READ | HV_EPT_QUAL_WRITE | HV_EPT_QUAL_FETCH)
#define HV_EPT_QUAL_PERM_SHIFT 3 /* bits 5:3: AND of bits 2:0 of the entries */
#define HV_EPT_QUAL_GLA_VALID HV_BIT(7) /* guest linear-address field valid */
#define HV_EPT_QUAL_GLA_XLAT HV_BIT(8) /* access to the linear's translation */
#define HV_EPT_QUAL_ADVANCED \
	(HV_BIT(9) | HV_BIT(10) | HV_BIT(11)) /* U/S, R/W, XD */
#define HV_EPT_QUAL_NMI_UNBLOCK HV_BIT(12) /* NMI unblocking due to IRET */

/* IA32_VMX_EPT_VPID_CAP bits that vmx/vmx_caps.h lacks (SDM A.10). */
#define HV_EPT_CAP_XO HV_BIT(0) /* execute-only translations */
#define HV_EPT_CAP_ADV_INFO HV_BIT(22) /* advanced VM-exit information */

/*
 * Pages the pool needs at least: the PML4 and one table per level below
 * it, so that a fill into an empty EPT02 always fits.
 */
#define HV_EPT02_MIN_PAGES 4

/*
 * The eptp12 of an EPT02 for an L2 that L1 runs without EPT. No EPTP
 * passes the checks of VM entry with bits 11:7 and 63:52 set (SDM
 * 26.2.1.1), so it is never an EPT12's.
 */
#define HV_EPT02_NO_EPT12 (~0ULL)

/* One EPT02: the shadow of one EPT12. */
struct hv_ept02 {
	/*
	 * Tables (vmx/ept01.h): pool.va[0] is the PML4, so the EPTP never
	 * changes; the Linux side provides at least HV_EPT02_MIN_PAGES
	 * zeroed pages with their physical addresses.
	 */
	struct hv_page_pool pool;
	/* The EPT12 pointer mirrored (VM entry checked it), or NO_EPT12. */
	u64 eptp12;
	/*
	 * IA32_VMX_EPT_VPID_CAP as L1 is told it: execute-only (bit 0), 2 MiB
	 * (bit 16) and 1 GiB (bit 17) pages, advanced exit information (bit
	 * 22). Must not promise more than the CPU has.
	 */
	u64 ept_cap;
	u32 maxphyaddr; /* as L1 sees it (CPUID.80000008H:EAX[7:0]) */
	const struct hv_guard *guard; /* hvnest's memory: never L2's */
	/*
	 * The MTRRs EPT01 was built from (NULL: all WB): EPT02's memory type
	 * is EPT12's combined with EPT01's (ept02.c, SDM Table 11-7), and a
	 * 2 MiB leaf needs one EPT01 type throughout. The caller flushes
	 * EPT02 when they change.
	 */
	const struct hv_mtrr_state *mtrr;
	u64 sink_pa; /* the page L2 gets instead of a guarded one */
	u64 fills, flushes, guarded; /* statistics */
};

/*
 * Drop every translation and start mirroring @eptp12: for an INVEPT by L1
 * that covers eptp12 (SDM 28.3.3.1; EPT02 keeps nothing finer than the
 * whole map, so a single-context and an all-context INVEPT both come
 * here), a new EPTP in VMCS12, or a full pool. Zeroes the PML4 and takes
 * back every other page (pool.used = 1); counts in flushes. The caller
 * then invalidates what the CPU cached of EPT02 (INVEPT single-context of
 * hv_ept02_eptp(), SDM 28.3.3.1) before L2 runs again.
 */
void hv_ept02_flush(struct hv_ept02 *e, u64 eptp12);

/*
 * The EPTP of EPT02 for VMCS02 (SDM 24.6.11): the PML4's physical
 * address, WB paging structures, 4-level walk, no accessed and dirty
 * flags.
 */
u64 hv_ept02_eptp(const struct hv_ept02 *e);

enum hv_ept02_action {
	/*
	 * EPT02 now maps the page: resume L2. If *invept, first INVEPT
	 * single-context of hv_ept02_eptp().
	 */
	HV_EPT02_FIXED,
	/*
	 * Reflect an EPT violation to L1 (SDM 28.2.3.2) with exit
	 * qualification *qual12 and the guest-physical and guest-linear
	 * addresses the CPU reported.
	 */
	HV_EPT02_VIOLATION,
	/* Reflect an EPT misconfiguration (SDM 28.2.3.1), same address. */
	HV_EPT02_MISCONFIG,
};

/*
 * L2 took an EPT violation in EPT02 at guest-physical address @gpa with
 * exit qualification @qual. Walk EPT12 for @gpa as the CPU walks an EPT
 * (SDM 28.2.3.3 "Prioritization of EPT Misconfigurations and EPT
 * Violations"): level by level, a not-present entry is a violation and a
 * misconfigured one a misconfiguration; at the leaf the access (@qual bits
 * 2:0) is allowed iff every entry walked grants it. An entry that cannot
 * be read (not RAM) reads as all ones, as unbacked memory does: a
 * misconfiguration.
 *
 * An allowed access installs the page in EPT02 with R/W/X the AND over the
 * EPT12 entries, EPT12's leaf memory type combined with EPT01's (mtrr)
 * and EPT12's ignore-PAT bit: a 4 KiB leaf, or a 2 MiB one (the part of
 * the page covering @gpa) when EPT12's leaf is 2 MiB or 1 GiB, ept_cap has
 * 2 MiB pages, and EPT01 has one type and no hvnest memory over it. *invept is set when
 * this replaced a present EPT02 entry (L1 relaxed EPT12 without INVEPT,
 * which SDM 28.3.3 allows) or the pool ran out and EPT02 was flushed
 * before the fill.
 *
 * For a violation, *qual12 is what L1 would see (SDM 27.2.1, table 27-7):
 * bits 2:0, 7, 8 and 12 of @qual (11:9 too if ept_cap bit 22 is set),
 * bits 5:3 the AND of bits 2:0 over the EPT12 entries walked (0 if one was
 * not present), the rest 0.
 *
 * With eptp12 HV_EPT02_NO_EPT12 the walk finds a 1 GiB identity leaf,
 * RWX, WB without ignore-PAT (so EPT01's type stands), for every @gpa:
 * the result is always FIXED.
 *
 * A pool below HV_EPT02_MIN_PAGES may not hold a fill even after the
 * flush: FIXED is then returned with nothing installed (not counted in
 * fills), and L2 faults again.
 */
enum hv_ept02_action hv_ept02_fault(struct hv_ept02 *e, u64 gpa, u64 qual,
				    u64 *qual12, bool *invept);

#endif /* HVNEST_EPT02_H */
