/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EPT01: the identity map L1 runs on (SDM 28.2). Every guest-physical
 * address below 2^MAXPHYADDR maps to itself, read/write/execute, with the
 * memory type the MTRRs give it (SDM 28.2.7: with EPT the MTRRs no longer
 * apply to guest accesses), in the largest pages whose type is uniform;
 * except hvnest's root-only pages, which are holes (not present) that
 * root mode fills on L1's first touch (vmx/exit_ept.c).
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
#define HV_EPT_A HV_BIT(8) /* accessed, with EPTP bit 6 (SDM 28.2.5) */
#define HV_EPT_D HV_BIT(9) /* dirty, in a leaf */
#define HV_EPT_ADDR_MASK 0x000ffffffffff000ULL

/* EPTP (SDM 24.6.11): WB paging structures, 4-level walk. */
#define HV_EPTP_WB_4LEVEL (6ULL | (3ULL << 3))
#define HV_EPTP_AD HV_BIT(6) /* accessed and dirty flags enabled */

/* Pages for paging structures: zeroed, 4 KiB, with their physical address. */
struct hv_page_pool {
	u64 **va;
	u64 *pa;
	unsigned int nr, used;
};

/* One CPU's EPT01; pool.va[0] is its PML4, so the EPTP never changes. */
struct hv_ept01 {
	struct hv_page_pool pool;
	struct hv_mtrr_state mtrr; /* the MTRRs the map was built from */
	u64 top; /* mapped: [0, top) */
	bool has_1g; /* 1 GiB pages (IA32_VMX_EPT_VPID_CAP bit 17) */
	u32 tables; /* in use */
	u64 last_fault_gpa; /* of the last EPT violation repaired */
	/*
	 * hvnest's root-only pages, left as holes (NULL: none), and what
	 * L1's touch maps there (vmx/exit_ept.c): a page of all ones, read
	 * and execute only, and for a write one of this CPU's two trash
	 * pages until the next exit (trash_gpa[i], 0: unused; two, for a
	 * write that spans two hidden pages). Set by the Linux side.
	 */
	const struct hv_guard *holes;
	u64 ones_pa;
	u64 *trash[2];
	u64 trash_pa[2];
	u64 trash_gpa[2];
	bool trash_on;
};

struct hv_guard;

/*
 * Pages hv_ept01_build() needs to map [0, top) (top a multiple of 512 GiB
 * or below it), with 1 GiB pages if @has_1g, leaving @holes (NULL: none)
 * unmapped.
 */
unsigned int hv_ept01_pages(const struct hv_mtrr_state *m,
			    const struct hv_guard *holes, u64 top, bool has_1g);

/* Tables @holes may add to any map (on top of hv_ept01_pages_bound()). */
unsigned int hv_ept01_hole_tables(const struct hv_guard *holes, bool has_1g);

/*
 * At least hv_ept01_pages() for every MTRR setting with @nr_var variable
 * ranges whose masks are contiguous: the pool a CPU gets, so that L1 can
 * change its MTRRs without root mode allocating anything.
 */
unsigned int hv_ept01_pages_bound(unsigned int nr_var, u64 top, bool has_1g);

/*
 * Build the map, or rebuild it in place, from pool->va[0] on. Counts
 * first: when the pool is too small, returns 0 and the map is unchanged.
 * Otherwise returns the number of tables used. The caller invalidates
 * what the CPU cached of the old map (INVEPT, SDM 28.3.3).
 */
unsigned int hv_ept01_build(struct hv_page_pool *pool,
			    const struct hv_mtrr_state *m,
			    const struct hv_guard *holes, u64 top, bool has_1g);

/* A page of all ones: what a hidden page reads as (vmx/exit_ept.c). */
static inline void hv_page_fill_ones(u64 *page)
{
	unsigned int i;

	for (i = 0; i < 512; i++)
		page[i] = ~0ULL;
}

/* This CPU's MTRRs (reads MSRs: root mode or Linux on this CPU). */
void hv_mtrr_read(struct hv_mtrr_state *m);

#endif /* HVNEST_EPT01_H */
