/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory types from the MTRRs (SDM 11.11). With EPT, the MTRRs no longer
 * apply to guest accesses (SDM 28.2.7): EPT01 must carry their types, so
 * hvnest computes the type of each EPT page from L1's MTRRs. Pure logic.
 */
#ifndef HVNEST_MTRR_H
#define HVNEST_MTRR_H

#include "hv_types.h"

#define HV_MSR_MTRRCAP 0xfe
#define HV_MSR_MTRR_DEF_TYPE 0x2ff
#define HV_MSR_MTRR_PHYSBASE0 0x200 /* PHYSMASKn = PHYSBASEn + 1 */
#define HV_MTRR_MAX_VAR 16

#define HV_MT_UC 0
#define HV_MT_WC 1
#define HV_MT_WT 4
#define HV_MT_WP 5
#define HV_MT_WB 6
#define HV_MT_MIXED (-1) /* not one type throughout, or not proven so */

#define HV_MTRR_DEF_E HV_BIT(11) /* MTRRs enabled */
#define HV_MTRR_DEF_FE HV_BIT(10) /* fixed-range MTRRs enabled */
#define HV_MTRR_VALID HV_BIT(11) /* in PHYSMASKn */
#define HV_MTRRCAP_FIX HV_BIT(8)

/* The fixed-range MTRRs in address order (SDM 11.11.2.2). */
extern const u32 hv_mtrr_fixed_msrs[11];

struct hv_mtrr_state {
	u64 cap; /* IA32_MTRRCAP */
	u64 def_type; /* IA32_MTRR_DEF_TYPE */
	u64 fixed[11]; /* in hv_mtrr_fixed_msrs order */
	u64 base[HV_MTRR_MAX_VAR], mask[HV_MTRR_MAX_VAR];
	u32 phys_bits; /* MAXPHYADDR, CPUID 0x80000008 EAX[7:0] */
};

/* Is @msr one of the MTRRs (variable, fixed, default type)? */
bool hv_mtrr_is_msr(u32 msr);

/*
 * Memory type of [start, start + size): size a power of two >= 4 KiB and
 * start aligned to it. HV_MT_MIXED when the range is not uniform, or a
 * variable range smaller than it lies inside (split it and ask again for
 * the parts: the answer for 4 KiB is always a type). Overlaps resolve as SDM 11.11.4.1 says: UC wins, WT over WB; other
 * combinations are undefined there and give UC here.
 */
int hv_mtrr_range_type(const struct hv_mtrr_state *m, u64 start, u64 size);

#endif /* HVNEST_MTRR_H */
