/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSR bitmaps of nested VMX (SDM 24.6.9): whether L1 asked for an MSR
 * exit of L2, and VMCS02's bitmap, L0's and L1's merged. L1's bitmap is
 * read through hv_l1_phys_read() (nested/l1_access.h). Pure logic.
 */
#ifndef HVNEST_MSR_BITMAP_H
#define HVNEST_MSR_BITMAP_H

#include "l1_access.h"

/*
 * Bit number of @msr's read (or write) intercept in a 4-KiB MSR bitmap:
 * read bitmap for MSRs 0-1FFFH at byte 0, for C0000000H-C0001FFFH at byte
 * 1024, the write bitmaps 2048 bytes further. -1 for an MSR outside both
 * ranges, whose RDMSR/WRMSR always exits (SDM 25.1.3).
 */
int hv_msr_bitmap_bit(u32 msr, bool write);

/*
 * Did L1 ask for this exit? Without "use MSR bitmaps" (@use_bitmaps false)
 * every RDMSR/WRMSR exits; so does one outside the ranges, and one whose
 * bitmap byte cannot be read (not RAM: all ones).
 */
bool hv_l1_msr_intercepted(bool use_bitmaps, u64 bitmap_gpa, u32 msr,
			   bool write);

/*
 * L0's own bitmap, sparse: the few 64-bit words where it intercepts
 * anything (VMX capability MSRs, MTRR writes), found once.
 */
#define HV_MSR_BITMAP_WORDS 512
#define HV_MSR_SPARSE_MAX 32

struct hv_msr_sparse {
	u32 n; /* > HV_MSR_SPARSE_MAX: too many, merge word by word */
	u16 word[HV_MSR_SPARSE_MAX];
};

void hv_msr_bitmap_sparse(const u64 *l0, struct hv_msr_sparse *sp);

/*
 * @out = @l0 | L1's bitmap at @l1_gpa, 4096 bytes each: L1's read in one
 * piece, then L0's words of @sp (from hv_msr_bitmap_sparse(@l0)) added.
 */
void hv_msr_bitmap_merge(const u64 *l0, const struct hv_msr_sparse *sp,
			 u64 l1_gpa, u64 *out);

#endif /* HVNEST_MSR_BITMAP_H */
