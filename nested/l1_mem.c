// SPDX-License-Identifier: GPL-2.0
/*
 * L1-physical memory for nested VMX.
 * Placeholder until root mode maps L1 memory; see nested/l1_access.h
 */
#include "l1_access.h"

bool hv_l1_phys_read(u64 gpa, void *buf, u32 len)
{
	u8 *p = buf;
	u32 i;

	/* barrier(): GCC would turn the loop into a call to memset(). */
	for (i = 0; i < len; i++) {
		p[i] = 0xff;
		barrier();
	}
	return false;
}

bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len)
{
	return false;
}

bool hv_l1_phys_or64(u64 gpa, u64 bits)
{
	return false;
}
