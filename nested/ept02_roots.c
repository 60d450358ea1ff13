// SPDX-License-Identifier: GPL-2.0
/*
 * EPT02 roots by EPTP12 (issue 17, item 1). L1 running several L2s on one
 * CPU switches between EPT12s at every VMRESUME of another VM; with one
 * EPT02 each switch dropped the shadow and L2 refilled it page by page.
 * Each CPU keeps HV_EPT02_ROOTS EPT02s instead, each mirroring one
 * EPTP12 with its own page pool (bounded: module/nested_setup.c), and a
 * new EPTP12 takes the least recently used one. The CPU tags what it
 * caches by EPT02's EPTP (EP4TA, SDM 28.4.1), so the roots kept need no
 * INVEPT when L2 comes back to them; a root given to a new EPTP12 does.
 */
#include "nested.h"

struct hv_ept02 *hv_ept02_root(struct hv_l2 *l2, u64 eptp12)
{
	struct hv_ept02 *e = NULL;
	unsigned int i, lru = 0;

	for (i = 0; i < HV_EPT02_ROOTS; i++) {
		if (l2->ept02s[i].eptp12 == eptp12 && l2->ept02_used[i]) {
			e = &l2->ept02s[i];
			break;
		}
		if (l2->ept02_used[i] < l2->ept02_used[lru])
			lru = i;
	}
	if (!e) {
		i = lru;
		e = &l2->ept02s[i];
		hv_ept02_flush(e, eptp12);
		hv_invept_single(hv_ept02_eptp(e));
	}
	l2->ept02_used[i] = ++l2->ept02_clock;
	l2->ept02 = e;
	return e;
}

/*
 * L1's INVEPT (SDM 30.3): single-context invalidates what is cached for
 * the EPTP's bits 51:12 (eptp12 != 0), all-context everything (0). A
 * root is dropped whole: EPT02 keeps nothing finer than the map.
 */
void hv_ept02_invept(struct hv_l2 *l2, u64 eptp12)
{
	const u64 addr = 0x000ffffffffff000ULL;
	unsigned int i;

	for (i = 0; i < HV_EPT02_ROOTS; i++) {
		struct hv_ept02 *e = &l2->ept02s[i];

		if (!l2->ept02_used[i] ||
		    (eptp12 && (e->eptp12 & addr) != (eptp12 & addr)))
			continue;
		hv_ept02_flush(e, e->eptp12);
		hv_invept_single(hv_ept02_eptp(e));
	}
}

void hv_ept02_stats(const struct hv_l2 *l2, u64 *fills, u64 *flushes,
		    u64 *guarded)
{
	unsigned int i;

	*fills = *flushes = *guarded = 0;
	for (i = 0; i < HV_EPT02_ROOTS; i++) {
		*fills += l2->ept02s[i].fills;
		*flushes += l2->ept02s[i].flushes;
		*guarded += l2->ept02s[i].guarded;
	}
}
