/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where root mode finds L1's physical memory: L1-physical equals host
 * physical (EPT01 is an identity map), and Linux's direct map, which the
 * root page tables share, maps every System RAM range. The Linux side
 * (module/nested_setup.c) fills hv_l1_ram before any CPU launches; root
 * mode only reads it. Addresses outside the ranges (MMIO, holes) are not
 * touched: reads see all ones, writes are dropped.
 */
#ifndef HVNEST_L1_MEM_H
#define HVNEST_L1_MEM_H

#include "../vmx/hv_types.h"
#include "hv_guard.h"

#define HV_L1_RAM_RANGES 64

struct hv_l1_ram {
	u64 direct_map; /* virtual address of physical 0 */
	u32 nr;
	struct {
		u64 start, end; /* [start, end) */
	} range[HV_L1_RAM_RANGES];
};

extern struct hv_l1_ram hv_l1_ram;

/*
 * hvnest's own memory (hv_guard.h): never read or written for L1, as if
 * it were not RAM. Set by the Linux side before any CPU launches.
 */
extern const struct hv_guard *hv_guard;

#endif /* HVNEST_L1_MEM_H */
