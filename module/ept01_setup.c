// SPDX-License-Identifier: GPL-2.0
/*
 * EPT01 for L1, Linux side: give each CPU a pool of pages large enough
 * for any MTRR setting, so that the root core can build the CPU's map
 * from the CPU's own MTRRs at launch and rebuild it when L1 writes one
 * (vmx/ept01_cpu.c) without allocating.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <asm/io.h>
#include <asm/processor.h>

#include "hvnest.h"
#include "../vmx/hv_cpu.h"
#include "../vmx/hv_insn.h"

static bool hvnest_use_ept = true;
module_param_named(ept, hvnest_use_ept, bool, 0400);
MODULE_PARM_DESC(ept, "run L1 on EPT01, an identity map with MTRR memory types (default 1)");

/* Release a pool of paging-structure pages (EPT01's, EPT02's). */
void hvnest_pool_free(struct hv_page_pool *pool)
{
	unsigned int i;

	for (i = 0; pool->va && i < pool->nr; i++)
		free_page((unsigned long)pool->va[i]);
	vfree(pool->va);
	vfree(pool->pa);
	memset(pool, 0, sizeof(*pool));
}

/*
 * @nr zeroed pages with their physical addresses, or -ENOMEM with what
 * was allocated left in @pool for hvnest_pool_free().
 */
int hvnest_pool_alloc(struct hv_page_pool *pool, unsigned int nr)
{
	unsigned int i;

	/* Root mode's: whole pages, shared with no other kernel object. */
	pool->va = vzalloc(array_size(nr, sizeof(*pool->va)));
	pool->pa = vzalloc(array_size(nr, sizeof(*pool->pa)));
	if (!pool->va || !pool->pa)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		pool->va[i] = (u64 *)get_zeroed_page(GFP_KERNEL);
		if (!pool->va[i])
			return -ENOMEM;
		pool->pa[i] = virt_to_phys(pool->va[i]);
		pool->nr = i + 1;
	}
	return 0;
}

void hvnest_ept01_free(struct hv_cpu *c)
{
	hvnest_pool_free(&c->ept01.pool);
	c->cfg.eptp = 0;
}

/* Tables per CPU for any MTRR setting of this machine. */
static unsigned int hvnest_ept01_pool_size(u64 *top, bool *has_1g, u32 *bits)
{
	u32 nr_var = hv_rdmsr(HV_MSR_MTRRCAP) & 0xff;

	*has_1g = hvnest_host.caps.ept_vpid & HV_EPT_CAP_1G;
	*bits = boot_cpu_data.x86_phys_bits;
	/* A 4-level EPT reaches 2^48 (SDM 28.2.2). */
	*top = 1ULL << min_t(u32, *bits, 48);
	return hv_ept01_pages_bound(min_t(u32, nr_var, HV_MTRR_MAX_VAR), *top,
				    *has_1g);
}

/*
 * 0 and c->cfg.eptp set (left 0 when EPT is switched off), or -ENOMEM.
 * The map itself is built on the CPU, at launch.
 */
int hvnest_ept01_alloc(struct hv_cpu *c)
{
	struct hv_ept01 *e = &c->ept01;
	unsigned int nr;

	if (!hvnest_use_ept)
		return 0;
	nr = hvnest_ept01_pool_size(&e->top, &e->has_1g, &e->mtrr.phys_bits);
	if (hvnest_pool_alloc(&e->pool, nr)) {
		hvnest_ept01_free(c);
		return -ENOMEM;
	}
	c->cfg.eptp = e->pool.pa[0] | HV_EPTP_WB_4LEVEL;
	return 0;
}

/* After the launch: what @c (a launched CPU) uses. */
void hvnest_ept01_report(const struct hv_cpu *c)
{
	if (!c->cfg.eptp)
		return; /* ept=0 */
	pr_info("EPT01: identity map of %llu GiB per CPU with its MTRR types; CPU %u uses %u of %u tables\n",
		c->ept01.top >> 30, c->cpu, c->ept01.tables, c->ept01.pool.nr);
}
