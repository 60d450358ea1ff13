// SPDX-License-Identifier: GPL-2.0
/* MSR bitmaps of nested VMX (see msr_bitmap.h). Pure logic. */
#include "msr_bitmap.h"

int hv_msr_bitmap_bit(u32 msr, bool write)
{
	int base = write ? 2048 * 8 : 0;

	if (msr <= 0x1fff)
		return base + (int)msr;
	if (msr >= 0xc0000000 && msr <= 0xc0001fff)
		return base + 1024 * 8 + (int)(msr - 0xc0000000);
	return -1;
}

bool hv_l1_msr_intercepted(bool use_bitmaps, u64 bitmap_gpa, u32 msr,
			   bool write)
{
	int bit = hv_msr_bitmap_bit(msr, write);
	u8 byte;

	if (!use_bitmaps || bit < 0)
		return true;
	if (!hv_l1_phys_read(bitmap_gpa + bit / 8, &byte, 1))
		return true;
	return byte & (1 << (bit % 8));
}

void hv_msr_bitmap_sparse(const u64 *l0, struct hv_msr_sparse *sp)
{
	unsigned int i;

	sp->n = 0;
	for (i = 0; i < HV_MSR_BITMAP_WORDS; i++) {
		if (!l0[i])
			continue;
		if (sp->n < HV_MSR_SPARSE_MAX)
			sp->word[sp->n] = i;
		sp->n++;
	}
}

void hv_msr_bitmap_merge(const u64 *l0, const struct hv_msr_sparse *sp,
			 u64 l1_gpa, u64 *out)
{
	unsigned int i;

	/* Unreadable (not RAM) reads as all ones: everything exits. */
	if (!hv_l1_phys_read(l1_gpa, out, HV_MSR_BITMAP_WORDS * 8))
		return;
	if (sp->n > HV_MSR_SPARSE_MAX) {
		for (i = 0; i < HV_MSR_BITMAP_WORDS; i++)
			out[i] |= l0[i];
		return;
	}
	for (i = 0; i < sp->n; i++)
		out[sp->word[i]] |= l0[sp->word[i]];
}
