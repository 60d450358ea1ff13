/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT01: the identity map L1 runs on (SDM 28.2). Every guest-physical
 * address below 2^MAXPHYADDR maps to itself, read/write/execute, with the
 * memory type the MTRRs give it (SDM 28.2.7: with EPT the MTRRs no longer
 * apply to guest accesses), in the largest pages whose type is uniform.
 * Pure logic working in a pool of pages the Linux side allocated.
 */
#ifndef HVNEST_EPT01_H
#define HVNEST_EPT01_H

#include "hv_types.h"
#include "mtrr.h"

/* EPT paging-structure entries (SDM 28.2.2, tables 28-1 to 28-6). */
#define HV_EPT_R HV_BIT(0)
#define HV_EPT_W HV_BIT(1)
#define HV_EPT_X HV_BIT(2)
#define HV_EPT_RWX (HV_EPT_R | HV_EPT_W | HV_EPT_X)
#define HV_EPT_MT_SHIFT 3
#define HV_EPT_LARGE HV_BIT(7)
#define HV_EPT_ADDR_MASK 0x000ffffffffff000ULL

/* EPTP (SDM 24.6.11): WB paging structures, 4-level walk. */
#define HV_EPTP_WB_4LEVEL (6ULL | (3ULL << 3))

/* Pages for paging structures: zeroed, 4 KiB, with their physical address. */
struct hv_page_pool {
	u64 **va;
	u64 *pa;
	unsigned int nr, used;
};

/*
 * Pages hv_ept01_build() needs to map [0, top) (top a multiple of 512 GiB
 * or below it), with 1 GiB pages if @has_1g.
 */
unsigned int hv_ept01_pages(const struct hv_mtrr_state *m, u64 top,
			    bool has_1g);

/* Build the map; false if the pool ran out. *pml4_pa: the root table. */
bool hv_ept01_build(struct hv_page_pool *pool, const struct hv_mtrr_state *m,
		    u64 top, bool has_1g, u64 *pml4_pa);

#endif /* HVNEST_EPT01_H */
