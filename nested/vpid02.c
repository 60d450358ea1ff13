// SPDX-License-Identifier: GPL-2.0
/*
 * VPID02 by VPID12, least recently used slot reused (nested/vpid02.h),
 * in the manner of the EPT02 roots by EPTP12 (nested/ept02_roots.c).
 */
#include "vpid02.h"

u16 hv_vpid02_get(struct hv_vpid02 *m, u16 vpid12, bool *flush)
{
	unsigned int i, lru = 0;

	*flush = false;
	if (!m->base)
		return 0;
	for (i = 0; i < HV_VPID02_SLOTS; i++) {
		if (m->used[i] && m->vpid12[i] == vpid12)
			break;
		if (m->used[i] < m->used[lru])
			lru = i;
	}
	if (i == HV_VPID02_SLOTS) {
		/* Whatever the slot cached was another VPID12's. */
		i = lru;
		m->vpid12[i] = vpid12;
		*flush = true;
	}
	/* SDM 28.3.3.1: without a VPID every VM entry invalidates. */
	if (!vpid12)
		*flush = true;
	if (*flush)
		m->flushes++;
	m->used[i] = ++m->clock;
	return m->base + i;
}

unsigned int hv_vpid02_covered(struct hv_vpid02 *m, u64 type, u16 vpid12,
			       u16 v02[HV_VPID02_SLOTS])
{
	unsigned int i, n = 0;

	if (!m->base)
		return 0;
	for (i = 0; i < HV_VPID02_SLOTS; i++) {
		/* The VPID-less slot is invalidated at each entry anyway. */
		if (!m->used[i] || !m->vpid12[i])
			continue;
		if (type == HV_INVVPID_ALL || m->vpid12[i] == vpid12)
			v02[n++] = m->base + i;
	}
	m->flushes += n;
	return n;
}

u64 hv_vpid02_type(u64 cap, u64 type12)
{
	if ((type12 == HV_INVVPID_ADDR ||
	     type12 == HV_INVVPID_SINGLE_GLOBALS) &&
	    (cap & HV_VPID_CAP_INVVPID_TYPE(type12)))
		return type12;
	return HV_INVVPID_SINGLE;
}

void hv_vpid02_forget(struct hv_vpid02 *m)
{
	unsigned int i;

	for (i = 0; i < HV_VPID02_SLOTS; i++)
		m->used[i] = 0;
}
