/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMREAD, VMWRITE and VMPTRLD as root code uses them: each counted on its
 * CPU, so that hvctl stats can say what a nested round trip costs in VMCS
 * accesses (issue 17). On hardware each is tens of cycles; Bochs' clock
 * counts one instruction, so only the count shows them. Root code finds
 * its struct hv_cpu from RSP as entry.S does (the top 8 bytes of every
 * root stack name it), so these are for code on a root stack only: the
 * launch runs on Linux's stack and uses hv_insn.h's _raw forms.
 */
#ifndef HVNEST_VMCS_ACCESS_H
#define HVNEST_VMCS_ACCESS_H

#include "hv_cpu.h"
#include "hv_insn.h"

static __always_inline struct hv_cpu *hv_root_cpu(void)
{
	unsigned long rsp;

	__asm__("mov %%rsp, %0" : "=r"(rsp));
	return *(struct hv_cpu **)((rsp | (HV_ROOT_STACK_SIZE - 1)) - 7);
}

static __always_inline u64 hv_vmread(u64 field)
{
	hv_root_cpu()->vmcs_count.reads++;
	return hv_vmread_raw(field);
}

static __always_inline bool hv_vmwrite(u64 field, u64 value)
{
	hv_root_cpu()->vmcs_count.writes++;
	return hv_vmwrite_raw(field, value);
}

static __always_inline bool hv_vmptrld(u64 pa)
{
	hv_root_cpu()->vmcs_count.ptrlds++;
	return hv_vmptrld_raw(pa);
}

/*
 * Inside hv_stats_begin/end, at the end of an exit: the VMCS accesses
 * since the last exit's end (this exit's, and the exit tail's before it)
 * into the statistics; with @round_trip also into the nested round trip's
 * (an exit of L2 reflected to L1, L1's VMLAUNCH/VMRESUME), with the
 * exit's @cycles in root.
 */
static inline void hv_stats_vmcs_accesses(struct hv_cpu *c, bool round_trip,
					  u64 cycles)
{
	struct hv_vmcs_count *n = &c->vmcs_count, *m = &c->vmcs_mark;
	struct hv_nested_stats *ns = &c->rep.nstats;
	struct hv_stats *s = &c->rep.stats;
	u64 r = n->reads - m->reads, w = n->writes - m->writes;
	u64 p = n->ptrlds - m->ptrlds;

	*m = *n;
	s->vmcs_reads += r;
	s->vmcs_writes += w;
	s->vmcs_ptrlds += p;
	if (!round_trip)
		return;
	ns->rt_reads += r;
	ns->rt_writes += w;
	ns->rt_ptrlds += p;
	ns->rt_cycles += cycles;
}

#endif /* HVNEST_VMCS_ACCESS_H */
