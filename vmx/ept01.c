// SPDX-License-Identifier: GPL-2.0
/* EPT01 identity map with MTRR memory types (see ept01.h). Pure logic. */
#include "ept01.h"

#define SZ_4K 0x1000ULL
#define LEVEL_SHIFT(level) (12 + 9 * ((level) - 1)) /* 1 = PT ... 4 = PML4 */

/*
 * Walk one table at @level covering [base, base + 512 entries): count
 * the tables below it (@pool NULL) or fill them. Returns the number of
 * tables used below this one, or -1 when the pool is exhausted.
 */
static int hv_ept_table(struct hv_page_pool *pool, u64 *table,
			const struct hv_mtrr_state *m, u64 base, u64 top,
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

		if (addr >= top)
			break;
		if (type != HV_MT_MIXED) {
			if (table)
				table[i] = addr | HV_EPT_RWX |
					   ((u64)type << HV_EPT_MT_SHIFT) |
					   (level > 1 ? HV_EPT_LARGE : 0);
			continue;
		}
		/* Level 1 always has a type (4 KiB): we are at 2 or above. */
		if (pool) {
			if (pool->used >= pool->nr)
				return -1;
			child = pool->va[pool->used];
			table[i] = pool->pa[pool->used++] | HV_EPT_RWX;
		}
		below = hv_ept_table(pool, child, m, addr, top, level - 1,
				     has_1g);
		if (below < 0)
			return -1;
		used += 1 + below;
	}
	return used;
}

unsigned int hv_ept01_pages(const struct hv_mtrr_state *m, u64 top,
			    bool has_1g)
{
	return 1 + (unsigned int)hv_ept_table(NULL, NULL, m, 0, top, 4, has_1g);
}

bool hv_ept01_build(struct hv_page_pool *pool, const struct hv_mtrr_state *m,
		    u64 top, bool has_1g, u64 *pml4_pa)
{
	u64 *pml4;

	if (pool->used >= pool->nr)
		return false;
	pml4 = pool->va[pool->used];
	*pml4_pa = pool->pa[pool->used++];
	return hv_ept_table(pool, pml4, m, 0, top, 4, has_1g) >= 0;
}
