// SPDX-License-Identifier: GPL-2.0
/*
 * EPT violations and misconfigurations of L1 (SDM 28.3.3.2, 28.3.3.1).
 * EPT01 maps every address below its top read/write/execute with valid
 * memory types, so neither exit happens unless the map was damaged (an
 * hvnest bug) or L1 reached above the top (MAXPHYADDR above 48). Each is
 * logged and counted. The first time at an address, the map is rebuilt
 * from the MTRRs and the access retried; if the same address exits
 * again, there is nothing hvnest can map there and L1 gets #GP(0) rather
 * than a CPU that loops on the exit forever.
 */
#include "root.h"

void hv_exit_ept(struct hv_cpu *c, u32 reason)
{
	u64 gpa = hv_vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
	struct hv_ept01 *e = &c->ept01;

	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_EPT_EXIT, reason, gpa,
		   hv_vmread(VMCS_EXIT_QUALIFICATION));
	if (gpa < e->top && gpa != e->last_fault_gpa && hv_ept01_rebuild(c)) {
		e->last_fault_gpa = gpa;
		hv_ept_iret_reblock_nmis();
		return; /* retry the access on the rebuilt map */
	}
	e->last_fault_gpa = ~0ULL;
	hv_inject_exception(VEC_GP, true, 0);
}
