// SPDX-License-Identifier: GPL-2.0
/*
 * EPT violations and misconfigurations of L1 (SDM 28.3.3.2, 28.3.3.1).
 *
 * hvnest's root-only pages are holes in EPT01 (docs/nested-vmx.md,
 * "Memory by owner"): L1 touching one is an EPT violation there. It is
 * logged the first time on this CPU and counted, and L1 goes on as if
 * nothing were there, as with memory no device answers: the page reads
 * as all ones (a page of ones, read and execute only: fetching from it
 * is FF FF, #UD), and a write lands in a trash page of this CPU, mapped
 * there until the next exit, when the hole gets the page of ones again
 * and the trash page is filled with ones anew. Until that exit, this CPU
 * reads back what it wrote there (the CPU has no monitor trap flag on
 * Bochs to end the window after one instruction); hvnest's page itself
 * is never reached.
 *
 * Anything else: EPT01 maps every other address below its top with valid
 * memory types, so neither exit happens unless the map was damaged (an
 * hvnest bug) or L1 reached above the top (MAXPHYADDR above 48). Each is
 * logged and counted. The first time at an address, the map is rebuilt
 * from the MTRRs and the access retried; if the same address exits
 * again, there is nothing hvnest can map there and L1 gets #GP(0) rather
 * than a CPU that loops on the exit forever.
 */
#include "root.h"
#include "../nested/hv_guard.h"

#define EPT_QUAL_WRITE HV_BIT(1)
#define HV_EPT_WB ((u64)HV_MT_WB << HV_EPT_MT_SHIFT)

/* The 4 KiB entry of EPT01 for @gpa, or NULL if it has none. */
static u64 *hv_ept01_pte(struct hv_ept01 *e, u64 gpa)
{
	u64 *table = e->pool.va[0];
	unsigned int level, j;

	for (level = 4; level > 1; level--) {
		u64 ent = table[(gpa >> (12 + 9 * (level - 1))) & 511];
		u64 pa = ent & HV_EPT_ADDR_MASK;

		if (!(ent & HV_EPT_RWX) || (ent & HV_EPT_LARGE))
			return NULL;
		table = NULL;
		for (j = 1; j < e->pool.used; j++)
			if (e->pool.pa[j] == pa) {
				table = e->pool.va[j];
				break;
			}
		if (!table)
			return NULL;
	}
	return &table[(gpa >> 12) & 511];
}

/* At every exit while a hole maps a trash page: the ones page again. */
void hv_ept01_trash_end(struct hv_cpu *c)
{
	struct hv_ept01 *e = &c->ept01;
	unsigned int i;
	u64 *pte;

	for (i = 0; i < 2; i++) {
		if (!e->trash_gpa[i])
			continue;
		pte = hv_ept01_pte(e, e->trash_gpa[i]);
		if (pte)
			*pte = e->ones_pa | HV_EPT_R | HV_EPT_X | HV_EPT_WB;
		hv_page_fill_ones(e->trash[i]);
		e->trash_gpa[i] = 0;
	}
	e->trash_on = false;
	hv_invept_single(c->cfg.eptp);
}

/*
 * The trash page for a write to hidden @page: a free one; else the one
 * not next to @page, which a write spanning both needs mapped too.
 */
static unsigned int hv_trash_slot(const struct hv_ept01 *e, u64 page)
{
	u64 other = e->trash_gpa[0];

	if (!other)
		return 0;
	if (!e->trash_gpa[1])
		return 1;
	return other == page - 0x1000 || other == page + 0x1000 ? 1 : 0;
}

/* L1 touched hidden page @gpa: true if handled (see the top). */
static bool hv_ept01_hidden(struct hv_cpu *c, u64 gpa, u64 qual)
{
	struct hv_ept01 *e = &c->ept01;
	u64 *pte = hv_ept01_pte(e, gpa);
	u64 page = gpa & ~0xfffULL;
	unsigned int slot;

	if (!pte)
		return false; /* not a hole of this map: an hvnest bug */
	hv_stats_begin(&c->rep.stats);
	if (!(*pte & HV_EPT_RWX)) {
		c->rep.hidden_touches++;
		hv_log_now(c, HV_LOG_EPT01_HIDDEN, gpa,
			   hv_vmread(VMCS_GUEST_RIP), qual);
	}
	if (qual & EPT_QUAL_WRITE)
		c->rep.hidden_writes++;
	hv_stats_end(&c->rep.stats);
	if (!(qual & EPT_QUAL_WRITE)) {
		*pte = e->ones_pa | HV_EPT_R | HV_EPT_X | HV_EPT_WB;
	} else {
		slot = hv_trash_slot(e, page);
		if (e->trash_gpa[slot]) {
			u64 *old = hv_ept01_pte(e, e->trash_gpa[slot]);

			if (old)
				*old = e->ones_pa | HV_EPT_R | HV_EPT_X |
				       HV_EPT_WB;
			hv_page_fill_ones(e->trash[slot]);
		}
		e->trash_gpa[slot] = page;
		e->trash_on = true;
		*pte = e->trash_pa[slot] | HV_EPT_RWX | HV_EPT_WB;
	}
	hv_invept_single(c->cfg.eptp);
	hv_ept_iret_reblock_nmis();
	return true;
}

void hv_exit_ept(struct hv_cpu *c, u32 reason)
{
	u64 gpa = hv_vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
	u64 qual = hv_vmread(VMCS_EXIT_QUALIFICATION);
	struct hv_ept01 *e = &c->ept01;

	if (reason == EXIT_EPT_VIOLATION && e->holes &&
	    hv_guard_hit(e->holes, gpa, 1) && hv_ept01_hidden(c, gpa, qual))
		return;
	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_EPT_EXIT, reason, gpa, qual);
	if (gpa < e->top && gpa != e->last_fault_gpa && hv_ept01_rebuild(c)) {
		e->last_fault_gpa = gpa;
		hv_ept_iret_reblock_nmis();
		return; /* retry the access on the rebuilt map */
	}
	e->last_fault_gpa = ~0ULL;
	hv_inject_exception(VEC_GP, true, 0);
}
