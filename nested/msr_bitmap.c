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

void hv_msr_bitmap_merge(const u64 *l0, u64 l1_gpa, u64 *out)
{
	u64 chunk[32];
	unsigned int off, i;

	for (off = 0; off < 4096; off += sizeof(chunk)) {
		/* Unreadable (not RAM) reads as all ones: everything exits. */
		hv_l1_phys_read(l1_gpa + off, chunk, sizeof(chunk));
		for (i = 0; i < 32; i++)
			out[off / 8 + i] = l0[off / 8 + i] | chunk[i];
	}
}
