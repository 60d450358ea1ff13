// SPDX-License-Identifier: GPL-2.0
/* VMFUNC in L2: what L0 decides (see vmfunc.h). Pure logic. */
#include "vmfunc.h"
#include "entry_checks.h"

bool hv_vmfunc_reads_list(u32 fn, u32 index, u64 ctl)
{
	/* Functions 1-63 are not offered: their control bits are 0. */
	if (fn != HV_VMFUNC_EPTP_SWITCHING || !(ctl & HV_BIT(fn)))
		return false;
	return index < HV_VMFUNC_EPTP_LIST_ENTRIES;
}

bool hv_vmfunc_eptp_ok(u64 entry, bool read, u64 ept_cap, u32 maxphyaddr)
{
	return read && hv_vmx_eptp_valid(ept_cap, maxphyaddr, entry);
}
