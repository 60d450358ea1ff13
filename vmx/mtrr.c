// SPDX-License-Identifier: GPL-2.0
/* Memory types from the MTRRs (see mtrr.h). Pure logic. */
#include "mtrr.h"

#define SZ_4K 0x1000ULL
#define SZ_1M 0x100000ULL

const u32 hv_mtrr_fixed_msrs[11] = {
	0x250, /* 64K_00000: 8 x 64 KiB from 0 */
	0x258, /* 16K_80000: 8 x 16 KiB from 512 KiB */
	0x259, /* 16K_A0000 */
	0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f, /* 4 KiB each */
};

bool hv_mtrr_is_msr(u32 msr)
{
	unsigned int i;

	if (msr >= HV_MSR_MTRR_PHYSBASE0 &&
	    msr < HV_MSR_MTRR_PHYSBASE0 + 2 * HV_MTRR_MAX_VAR)
		return true;
	for (i = 0; i < HV_ARRAY_SIZE(hv_mtrr_fixed_msrs); i++)
		if (msr == hv_mtrr_fixed_msrs[i])
			return true;
	return msr == HV_MSR_MTRR_DEF_TYPE;
}

/* SDM 11.11.2.2, table 11-9: the fixed range holding @a (< 1 MiB). */
static int hv_mtrr_fixed_type(const struct hv_mtrr_state *m, u64 a)
{
	unsigned int msr, byte;

	if (a < 0x80000) {
		msr = 0;
		byte = a >> 16;
	} else if (a < 0xc0000) {
		msr = 1 + (a >= 0xa0000);
		byte = ((a - (msr == 1 ? 0x80000 : 0xa0000)) >> 14) & 7;
	} else {
		msr = 3 + ((a - 0xc0000) >> 15);
		byte = ((a - 0xc0000) >> 12) & 7;
	}
	return (m->fixed[msr] >> (byte * 8)) & 0xff;
}

/* SDM 11.11.4.1: the type of overlapping variable ranges. */
static int hv_mtrr_combine(int a, int b)
{
	if (a < 0 || a == b)
		return b;
	if (a == HV_MT_UC || b == HV_MT_UC)
		return HV_MT_UC;
	if ((a == HV_MT_WT && b == HV_MT_WB) || (a == HV_MT_WB && b == HV_MT_WT))
		return HV_MT_WT;
	return HV_MT_UC; /* undefined by the SDM: the safe choice */
}

int hv_mtrr_range_type(const struct hv_mtrr_state *m, u64 start, u64 size)
{
	u64 phys_mask = (m->phys_bits >= 64 ? ~0ULL :
					      (1ULL << m->phys_bits) - 1) &
			~(SZ_4K - 1);
	unsigned int i, nr_var = m->cap & 0xff;
	int type = -1;

	if (!(m->def_type & HV_MTRR_DEF_E))
		return HV_MT_UC;
	if ((m->def_type & HV_MTRR_DEF_FE) && (m->cap & HV_MTRRCAP_FIX) &&
	    start < SZ_1M) {
		u64 a;
		int t;

		if (size > SZ_1M)
			return HV_MT_MIXED; /* fixed and variable parts */
		t = hv_mtrr_fixed_type(m, start);
		for (a = start + SZ_4K; a < start + size; a += SZ_4K)
			if (hv_mtrr_fixed_type(m, a) != t)
				return HV_MT_MIXED;
		return t;
	}
	if (nr_var > HV_MTRR_MAX_VAR)
		nr_var = HV_MTRR_MAX_VAR;
	for (i = 0; i < nr_var; i++) {
		u64 mask = m->mask[i] & phys_mask;
		u64 base = m->base[i] & phys_mask;
		u64 whole = mask & ~(size - 1);

		if (!(m->mask[i] & HV_MTRR_VALID))
			continue;
		if ((start & whole) != (base & whole))
			continue; /* the range lies outside this one */
		if (mask & (size - 1))
			return HV_MT_MIXED; /* this one covers part of it */
		type = hv_mtrr_combine(type, (int)(m->base[i] & 0xff));
	}
	return type < 0 ? (int)(m->def_type & 0xff) : type;
}
