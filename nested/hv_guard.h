/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvnest's own memory, as host-physical page ranges: the per-CPU state,
 * VMCS regions, EPT tables, stacks and bitmaps the Linux side allocated
 * for root mode, the module's image, and this set itself. L2 must never
 * reach it (issue 4: "nor any hvnest memory"), and root mode does not
 * read or write it on L1's behalf. The Linux side builds the set before
 * any CPU launches (module/guard_setup.c) and root mode only reads it.
 * Pure logic.
 */
#ifndef HVNEST_HV_GUARD_H
#define HVNEST_HV_GUARD_H

#include "../vmx/hv_types.h"

struct hv_guard_range {
	u64 start, end; /* [start, end), 4-KiB aligned */
};

struct hv_guard {
	u32 nr;
	/* Sorted by start, disjoint and not adjacent (coalesced). */
	struct hv_guard_range range[];
};

/* Does [start, start + len) touch a guarded page? False for g NULL. */
bool hv_guard_hit(const struct hv_guard *g, u64 start, u64 len);

/*
 * Coalesce r[0..nr), sorted by start, in place: overlapping and touching
 * ranges merge, empty ones go. Returns the number left. For the Linux
 * side and the tests.
 */
u32 hv_guard_coalesce(struct hv_guard_range *r, u32 nr);

#endif /* HVNEST_HV_GUARD_H */
