// SPDX-License-Identifier: GPL-2.0
/* hvnest's own memory as page ranges (see hv_guard.h). Pure. */
#include "hv_guard.h"

bool hv_guard_hit(const struct hv_guard *g, u64 start, u64 len)
{
	u32 lo = 0, hi;
	u64 end = start + len;

	if (!g || !len)
		return false;
	if (end < start)
		end = ~0ULL;
	/* The first range that ends after start, by binary search. */
	hi = g->nr;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (g->range[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nr && g->range[lo].start < end;
}

u32 hv_guard_coalesce(struct hv_guard_range *r, u32 nr)
{
	u32 i, n = 0;

	for (i = 0; i < nr; i++) {
		if (r[i].end <= r[i].start)
			continue;
		if (n && r[i].start <= r[n - 1].end) {
			if (r[i].end > r[n - 1].end)
				r[n - 1].end = r[i].end;
			continue;
		}
		r[n++] = r[i];
	}
	return n;
}
