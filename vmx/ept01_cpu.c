// SPDX-License-Identifier: GPL-2.0
/*
 * One CPU's EPT01, built from that CPU's own MTRRs (they are per CPU,
 * SDM 11.11.8) at launch, and rebuilt in place from root mode when L1
 * writes an MTRR: with EPT the MTRRs no longer apply to guest accesses
 * (SDM 28.2.7), so the map must carry what L1 just wrote. The pool was
 * sized for any MTRR setting (hv_ept01_pages_bound), so root mode never
 * allocates; a setting that does not fit (non-contiguous masks) leaves
 * the old map, and is logged and counted.
 */
#include "root.h"
#include "ept01.h"
#include "../nested/nested.h"

void hv_mtrr_read(struct hv_mtrr_state *m)
{
	unsigned int i, nr;

	m->cap = hv_rdmsr(HV_MSR_MTRRCAP);
	m->def_type = hv_rdmsr(HV_MSR_MTRR_DEF_TYPE);
	for (i = 0; i < 11; i++)
		m->fixed[i] = (m->cap & HV_MTRRCAP_FIX) ?
				      hv_rdmsr(hv_mtrr_fixed_msrs[i]) : 0;
	nr = m->cap & 0xff;
	if (nr > HV_MTRR_MAX_VAR)
		nr = HV_MTRR_MAX_VAR;
	for (i = 0; i < HV_MTRR_MAX_VAR; i++) {
		m->base[i] = i < nr ? hv_rdmsr(HV_MSR_MTRR_PHYSBASE0 + 2 * i) :
				      0;
		m->mask[i] = i < nr ?
				     hv_rdmsr(HV_MSR_MTRR_PHYSBASE0 + 2 * i + 1) :
				     0;
	}
}

/*
 * (Re)build this CPU's map from its MTRRs: at launch (Linux, interrupts
 * off, before VMXON) and through hv_ept01_rebuild(). False if the pool
 * is too small; the map is then unchanged.
 */
bool hv_ept01_refresh(struct hv_cpu *c)
{
	struct hv_ept01 *e = &c->ept01;
	unsigned int used, i;

	hv_mtrr_read(&e->mtrr);
	used = hv_ept01_build(&e->pool, &e->mtrr, e->holes, e->top, e->has_1g);
	if (!used)
		return false;
	e->tables = used;
	/* The holes are holes again: no trash page is mapped. */
	for (i = 0; i < 2; i++) {
		if (e->trash_gpa[i])
			hv_page_fill_ones(e->trash[i]);
		e->trash_gpa[i] = 0;
	}
	e->trash_on = false;
	WRITE_ONCE(c->rep.ept01_tables, used);
	WRITE_ONCE(c->rep.ept01_pool, e->pool.nr);
	return true;
}

/*
 * Rebuild the map of a CPU running L1 (root mode), then drop what the CPU
 * cached of the old one (SDM 28.3.3.1). False: the map is unchanged.
 */
bool hv_ept01_rebuild(struct hv_cpu *c)
{
	if (!hv_ept01_refresh(c))
		return false;
	hv_invept_single(c->cfg.eptp);
	return true;
}

/*
 * After L1 wrote MTRR @msr. While the MTRRs are disabled all memory is
 * UC (SDM 11.11.2.1) whatever the ranges say, so only a write of the
 * default-type MSR, or one while they are enabled, changes the map: the
 * writes Linux makes between disabling and re-enabling them (SDM
 * 11.11.7.2) cost no rebuild.
 */
void hv_ept01_mtrr_written(struct hv_cpu *c, u32 msr)
{
	struct hv_ept01 *e = &c->ept01;

	if (!c->cfg.eptp)
		return;
	if (msr != HV_MSR_MTRR_DEF_TYPE &&
	    !(hv_rdmsr(HV_MSR_MTRR_DEF_TYPE) & HV_MTRR_DEF_E))
		return;
	if (!hv_ept01_rebuild(c)) {
		hv_log_now(c, HV_LOG_EPT01_TOO_SMALL, msr,
			   hv_ept01_pages(&e->mtrr, e->holes, e->top,
					  e->has_1g),
			   e->pool.nr);
		return;
	}
	hv_log_now(c, HV_LOG_EPT01_REBUILT, msr, e->tables,
		   e->mtrr.def_type & HV_MTRR_DEF_E ? 1 : 0);
	/* EPT02's memory types came from the old map (nested/ept02.h). */
	if (c->l2.ept02s[0].pool.nr)
		hv_nested_invept(c, 0);
}
