// SPDX-License-Identifier: GPL-2.0
/*
 * EPT01 for L1, Linux side: read the MTRRs, allocate the pages the
 * identity map needs and let vmx/ept01.c fill them. One map serves every
 * CPU (Linux keeps the MTRRs of all CPUs equal, SDM 11.11.8).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/io.h>
#include <asm/processor.h>

#include "hvnest.h"
#include "../vmx/ept01.h"
#include "../vmx/hv_insn.h"

static bool hvnest_use_ept = true;
module_param_named(ept, hvnest_use_ept, bool, 0400);
MODULE_PARM_DESC(ept, "run L1 on EPT01, an identity map with MTRR memory types (default 1)");

static struct hv_page_pool hvnest_ept_pool;

static void hvnest_read_mtrrs(struct hv_mtrr_state *m)
{
	unsigned int i, nr;

	m->cap = hv_rdmsr(HV_MSR_MTRRCAP);
	m->def_type = hv_rdmsr(HV_MSR_MTRR_DEF_TYPE);
	if (m->cap & HV_MTRRCAP_FIX)
		for (i = 0; i < ARRAY_SIZE(hv_mtrr_fixed_msrs); i++)
			m->fixed[i] = hv_rdmsr(hv_mtrr_fixed_msrs[i]);
	nr = min_t(unsigned int, m->cap & 0xff, HV_MTRR_MAX_VAR);
	for (i = 0; i < nr; i++) {
		m->base[i] = hv_rdmsr(HV_MSR_MTRR_PHYSBASE0 + 2 * i);
		m->mask[i] = hv_rdmsr(HV_MSR_MTRR_PHYSBASE0 + 2 * i + 1);
	}
	m->phys_bits = boot_cpu_data.x86_phys_bits;
}

void hvnest_ept01_destroy(void)
{
	unsigned int i;

	for (i = 0; i < hvnest_ept_pool.nr; i++)
		free_page((unsigned long)hvnest_ept_pool.va[i]);
	kfree(hvnest_ept_pool.va);
	kfree(hvnest_ept_pool.pa);
	memset(&hvnest_ept_pool, 0, sizeof(hvnest_ept_pool));
}

/* 0 and *eptp (0 when EPT is switched off), or -ENOMEM. */
int hvnest_ept01_create(u64 *eptp)
{
	struct hv_page_pool *pool = &hvnest_ept_pool;
	bool has_1g = hvnest_host.caps.ept_vpid & HV_EPT_CAP_1G;
	struct hv_mtrr_state m = {};
	u64 top, pml4_pa;
	unsigned int i, nr;

	*eptp = 0;
	if (!hvnest_use_ept)
		return 0;
	hvnest_read_mtrrs(&m);
	/* A 4-level EPT reaches 2^48 (SDM 28.2.2). */
	top = 1ULL << min_t(u32, m.phys_bits, 48);
	nr = hv_ept01_pages(&m, top, has_1g);

	pool->va = kcalloc(nr, sizeof(*pool->va), GFP_KERNEL);
	pool->pa = kcalloc(nr, sizeof(*pool->pa), GFP_KERNEL);
	if (!pool->va || !pool->pa)
		goto nomem;
	for (i = 0; i < nr; i++) {
		pool->va[i] = (u64 *)get_zeroed_page(GFP_KERNEL);
		if (!pool->va[i])
			goto nomem;
		pool->pa[i] = virt_to_phys(pool->va[i]);
		pool->nr = i + 1;
	}
	if (!hv_ept01_build(pool, &m, top, has_1g, &pml4_pa)) {
		pr_err("refusing to load: EPT01 needs more than the %u tables counted\n",
		       nr);
		hvnest_ept01_destroy();
		return -EIO;
	}
	*eptp = pml4_pa | HV_EPTP_WB_4LEVEL;
	pr_info("EPT01: identity map of %llu GiB in %u tables, memory types from the MTRRs\n",
		top >> 30, nr);
	return 0;

nomem:
	hvnest_ept01_destroy();
	return -ENOMEM;
}
