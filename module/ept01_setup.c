// SPDX-License-Identifier: GPL-2.0
/*
 * EPT01 for L1, Linux side: give each CPU a pool of pages large enough
 * for any MTRR setting and the holes of hvnest's root-only pages, so
 * that the root core can build the CPU's map from the CPU's own MTRRs at
 * launch and rebuild it when L1 writes one (vmx/ept01_cpu.c) without
 * allocating; and the pages a hole shows L1 (vmx/exit_ept.c).
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
#include "../nested/hv_guard.h"

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

/*
 * The same as one block of @nr contiguous pages: one range of root-only
 * memory instead of @nr (module/guard_setup.c). alloc_pages_exact()
 * splits the block, so hvnest_pool_free() frees it page by page.
 */
int hvnest_pool_alloc_contig(struct hv_page_pool *pool, unsigned int nr)
{
	u8 *block;
	unsigned int i;

	pool->va = vzalloc(array_size(nr, sizeof(*pool->va)));
	pool->pa = vzalloc(array_size(nr, sizeof(*pool->pa)));
	/* No warning, no hard compaction: the caller falls back. */
	block = alloc_pages_exact((size_t)nr * PAGE_SIZE,
				  GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN |
					  __GFP_NORETRY);
	if (!pool->va || !pool->pa || !block) {
		if (block)
			free_pages_exact(block, (size_t)nr * PAGE_SIZE);
		return -ENOMEM;
	}
	for (i = 0; i < nr; i++) {
		pool->va[i] = (u64 *)(block + (size_t)i * PAGE_SIZE);
		pool->pa[i] = virt_to_phys(pool->va[i]);
	}
	pool->nr = nr;
	return 0;
}

/* Grow @pool to @nr pages (zeroed), keeping the ones it has. */
static int hvnest_pool_grow(struct hv_page_pool *pool, unsigned int nr)
{
	u64 **va = vzalloc(array_size(nr, sizeof(*va)));
	u64 *pa = vzalloc(array_size(nr, sizeof(*pa)));
	unsigned int i;

	if (!va || !pa) {
		vfree(va);
		vfree(pa);
		return -ENOMEM;
	}
	memcpy(va, pool->va, pool->nr * sizeof(*va));
	memcpy(pa, pool->pa, pool->nr * sizeof(*pa));
	vfree(pool->va);
	vfree(pool->pa);
	pool->va = va;
	pool->pa = pa;
	for (i = pool->nr; i < nr; i++) {
		pool->va[i] = (u64 *)get_zeroed_page(GFP_KERNEL);
		if (!pool->va[i])
			return -ENOMEM; /* what was allocated is in the pool */
		pool->pa[i] = virt_to_phys(pool->va[i]);
		pool->nr = i + 1;
	}
	return 0;
}

void hvnest_ept01_free(struct hv_cpu *c)
{
	unsigned int i;

	hvnest_pool_free(&c->ept01.pool);
	for (i = 0; i < 2; i++) {
		free_page((unsigned long)c->ept01.trash[i]);
		c->ept01.trash[i] = NULL;
	}
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
	unsigned int nr, i;

	if (!hvnest_use_ept)
		return 0;
	nr = hvnest_ept01_pool_size(&e->top, &e->has_1g, &e->mtrr.phys_bits);
	for (i = 0; i < 2; i++) {
		e->trash[i] = (u64 *)__get_free_page(GFP_KERNEL);
		if (e->trash[i]) {
			hv_page_fill_ones(e->trash[i]);
			e->trash_pa[i] = virt_to_phys(e->trash[i]);
		}
	}
	if (!e->trash[0] || !e->trash[1] || hvnest_pool_alloc(&e->pool, nr)) {
		hvnest_ept01_free(c);
		return -ENOMEM;
	}
	c->cfg.eptp = e->pool.pa[0] | HV_EPTP_WB_4LEVEL;
	return 0;
}

/*
 * Once the set of root-only pages @g is known: each CPU's EPT01 leaves
 * them as holes, which may split large pages (hv_ept01_hole_tables()).
 * 0: every pool holds its map with holes; 1: a pool grew, so the set
 * changed and must be collected again; or -ENOMEM.
 */
int hvnest_ept01_fit_holes(struct hvnest_pcpu *pcpus, const struct hv_guard *g,
			   u64 ones_pa)
{
	unsigned int cpu, need;
	int grown = 0;
	u64 top;
	bool has_1g;
	u32 bits;

	for_each_possible_cpu(cpu) {
		struct hv_cpu *c = pcpus[cpu].hv;
		struct hv_ept01 *e;

		if (!c || !c->cfg.eptp)
			continue;
		e = &c->ept01;
		need = hvnest_ept01_pool_size(&top, &has_1g, &bits) +
		       hv_ept01_hole_tables(g, has_1g);
		if (e->pool.nr < need) {
			if (hvnest_pool_grow(&e->pool, need))
				return -ENOMEM;
			grown = 1;
		}
		e->holes = g;
		e->ones_pa = ones_pa;
	}
	return grown;
}

/* After the launch: what @cpu's map (@c, a launched CPU) uses. */
void hvnest_ept01_report(const struct hv_cpu *c, unsigned int cpu)
{
	const struct hv_cpu_report *r = &c->rep;
	bool has_1g;
	u32 bits;
	u64 top;

	/* Only the report: the rest of struct hv_cpu is hidden from L1. */
	if (!hvnest_use_ept)
		return;
	hvnest_ept01_pool_size(&top, &has_1g, &bits);
	pr_info("EPT01: identity map of %llu GiB per CPU with its MTRR types; CPU %u uses %u of %u tables\n",
		top >> 30, cpu, READ_ONCE(r->ept01_tables),
		READ_ONCE(r->ept01_pool));
}
