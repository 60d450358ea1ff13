// SPDX-License-Identifier: GPL-2.0
/* EPT01 identity map with MTRR memory types (see ept01.h). Pure logic. */
#include "ept01.h"
#include "../nested/hv_guard.h"

#define SZ_4K 0x1000ULL
#define LEVEL_SHIFT(level) (12 + 9 * ((level) - 1)) /* 1 = PT ... 4 = PML4 */

/*
 * Walk one table at @level covering [base, base + 512 entries): count
 * the tables below it (@table NULL) or fill them, writing all 512 entries
 * of each (entries at or above @top are 0), so a page reused by a rebuild
 * keeps nothing of its past. A 4 KiB page in @holes gets entry 0 (not
 * present), and a larger page around one is split. Returns the number of
 * tables used below this one; the caller checked that the pool holds
 * them.
 */
static int hv_ept_table(struct hv_page_pool *pool, u64 *table,
			const struct hv_mtrr_state *m,
			const struct hv_guard *holes, u64 base, u64 top,
			int level, bool has_1g)
{
	u64 size = 1ULL << LEVEL_SHIFT(level);
	unsigned int i;
	int used = 0;

	for (i = 0; i < 512; i++) {
		u64 addr = base + i * size;
		bool leaf_ok = level == 1 || level == 2 || (level == 3 && has_1g);
		int type = leaf_ok ? hv_mtrr_range_type(m, addr, size) :
				     HV_MT_MIXED;
		u64 *child = NULL;
		int below;

		if (addr >= top) {
			if (table)
				table[i] = 0;
			continue;
		}
		if (holes && hv_guard_hit(holes, addr, size)) {
			if (level == 1) {
				if (table)
					table[i] = 0; /* hv_ept01_hidden() */
				continue;
			}
			type = HV_MT_MIXED;
		}
		if (type != HV_MT_MIXED) {
			if (table)
				table[i] = addr | HV_EPT_RWX |
					   ((u64)type << HV_EPT_MT_SHIFT) |
					   (level > 1 ? HV_EPT_LARGE : 0);
			continue;
		}
		/* Level 1 always has a type (4 KiB): we are at 2 or above. */
		if (table) {
			child = pool->va[pool->used];
			table[i] = pool->pa[pool->used++] | HV_EPT_RWX;
		}
		below = hv_ept_table(pool, child, m, holes, addr, top,
				     level - 1, has_1g);
		used += 1 + below;
	}
	return used;
}

unsigned int hv_ept01_pages(const struct hv_mtrr_state *m,
			    const struct hv_guard *holes, u64 top, bool has_1g)
{
	return 1 + (unsigned int)hv_ept_table(NULL, NULL, m, holes, 0, top, 4,
					      has_1g);
}

/*
 * Each 2 MiB page with a hole in it needs a PT, and each 1 GiB page a PD
 * (with 1 GiB pages; without, hv_ept01_pages_bound() counts every PD):
 * more than that the holes never add to a map, whatever the MTRRs.
 */
unsigned int hv_ept01_hole_tables(const struct hv_guard *holes, bool has_1g)
{
	u64 last2m = ~0ULL, last1g = ~0ULL, a;
	unsigned int n = 0;
	u32 i;

	for (i = 0; holes && i < holes->nr; i++) {
		for (a = holes->range[i].start; a < holes->range[i].end;
		     a = ((a >> 21) + 1) << 21) {
			if (a >> 21 != last2m)
				n++;
			last2m = a >> 21;
			if (has_1g && a >> 30 != last1g)
				n++;
			last1g = a >> 30;
		}
	}
	return n;
}

/*
 * A uniform map needs the PML4, a PDPT per 512 GiB and, without 1 GiB
 * pages, a PD per GiB. With contiguous masks (SDM 11.11.3) a variable
 * range is an aligned power-of-two block, so only its two ends can split
 * a page: each split adds at most a PD and a PT. The fixed ranges
 * (below 1 MiB) split the first 2 MiB once more.
 */
unsigned int hv_ept01_pages_bound(unsigned int nr_var, u64 top, bool has_1g)
{
	u64 n512 = (top + (1ULL << 39) - 1) >> 39;
	u64 n1g = has_1g ? 0 : (top + (1ULL << 30) - 1) >> 30;

	return (unsigned int)(1 + n512 + n1g) + 2 * (2 * nr_var + 1);
}

unsigned int hv_ept01_build(struct hv_page_pool *pool,
			    const struct hv_mtrr_state *m,
			    const struct hv_guard *holes, u64 top, bool has_1g)
{
	unsigned int need = hv_ept01_pages(m, holes, top, has_1g);

	if (need > pool->nr)
		return 0; /* the map stays as it was */
	pool->used = 1; /* va[0] is the PML4 */
	hv_ept_table(pool, pool->va[0], m, holes, 0, top, 4, has_1g);
	return pool->used;
}
