// SPDX-License-Identifier: GPL-2.0
/*
 * The set of hvnest's own memory (nested/hv_guard.h), built once every
 * possible CPU's state is allocated and before any CPU launches: every
 * page root mode works with (struct hv_cpu and the pages it points to,
 * the page pools and their arrays, root stacks and page tables), the
 * module's image and the set itself. EPT02 maps a sink page in place of
 * any of it, and root mode's accesses for L1 (nested/l1_mem.c) treat it
 * as absent. A page added to struct hv_cpu must be added here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <asm/io.h>
#include "hvnest.h"
#include "../nested/l1_mem.h"

/* Ranges being collected: counted only while r is NULL. */
struct hvnest_guard_list {
	struct hv_guard_range *r;
	u32 nr, cap;
};

static struct hv_guard *hvnest_guard;
static void *hvnest_sink;

static void guard_add_pa(struct hvnest_guard_list *l, u64 pa, u64 len)
{
	if (l->r && l->nr < l->cap) {
		l->r[l->nr].start = pa & PAGE_MASK;
		l->r[l->nr].end = PAGE_ALIGN(pa + len);
	}
	l->nr++;
}

/* Lowmem is physically contiguous; vmalloc and module memory by page. */
static void guard_add_virt(struct hvnest_guard_list *l, const void *p,
			   size_t len)
{
	unsigned long a, end;

	if (!p || !len)
		return;
	if (virt_addr_valid(p)) {
		guard_add_pa(l, virt_to_phys((void *)p), len);
		return;
	}
	end = (unsigned long)p + len;
	for (a = (unsigned long)p & PAGE_MASK; a < end; a += PAGE_SIZE)
		guard_add_pa(l, page_to_phys(vmalloc_to_page((void *)a)),
			     PAGE_SIZE);
}

static void guard_add_pool(struct hvnest_guard_list *l,
			   const struct hv_page_pool *pool)
{
	unsigned int i;

	guard_add_virt(l, pool->va, pool->nr * sizeof(*pool->va));
	guard_add_virt(l, pool->pa, pool->nr * sizeof(*pool->pa));
	for (i = 0; pool->pa && i < pool->nr; i++)
		guard_add_pa(l, pool->pa[i], PAGE_SIZE);
}

static void guard_add_cpu(struct hvnest_guard_list *l, const struct hv_cpu *c)
{
	const struct hv_l2 *l2 = &c->l2;
	const void *pages[] = {
		c->vmxon, c->vmcs, c->msr_bitmap, c->nvmx.cache, l2->vmcs02,
		l2->msr_bitmap, l2->shadow, l2->vmread_bitmap,
		l2->vmwrite_bitmap, l2->shadow02, l2->vmread02_base,
		l2->vmwrite02_base, l2->vmread02_bitmap, l2->vmwrite02_bitmap,
	};
	unsigned int i;

	guard_add_virt(l, c, sizeof(*c));
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		guard_add_virt(l, pages[i], PAGE_SIZE);
	if (c->stack_top)
		guard_add_virt(l, c->stack_top - HV_ROOT_STACK_SIZE,
			       HV_ROOT_STACK_SIZE);
	if (c->ist_stack_top)
		guard_add_virt(l, c->ist_stack_top - HV_ROOT_STACK_SIZE,
			       HV_ROOT_STACK_SIZE);
	guard_add_pool(l, &c->ept01.pool);
	guard_add_pool(l, &l2->ept02.pool);
}

static void guard_collect(struct hvnest_guard_list *l,
			  const struct hvnest_pcpu *pcpus, const void *pgd)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (pcpus[cpu].hv)
			guard_add_cpu(l, pcpus[cpu].hv);
	guard_add_virt(l, pcpus, nr_cpu_ids * sizeof(*pcpus));
	guard_add_virt(l, pgd, PAGE_SIZE);
	guard_add_virt(l, THIS_MODULE->core_layout.base,
		       THIS_MODULE->core_layout.size);
	guard_add_virt(l, hvnest_sink, PAGE_SIZE);
}

static int guard_cmp(const void *a, const void *b)
{
	const struct hv_guard_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int hvnest_guard_build(const struct hvnest_pcpu *pcpus, const void *pgd)
{
	struct hvnest_guard_list l = {};
	struct hv_guard *g;
	unsigned int cpu;
	size_t size;
	u64 pages = 0;
	u32 i;

	hvnest_sink = (void *)get_zeroed_page(GFP_KERNEL);
	if (!hvnest_sink)
		return -ENOMEM;
	guard_collect(&l, pcpus, pgd);
	l.cap = l.nr + 1; /* and the set itself */
	size = struct_size(g, range, l.cap);
	/* kmalloc: physically contiguous, one range of its own. */
	g = kmalloc(size, GFP_KERNEL);
	l.r = kvmalloc_array(l.cap, sizeof(*l.r), GFP_KERNEL);
	if (!g || !l.r) {
		kfree(g);
		kvfree(l.r);
		return -ENOMEM;
	}
	l.nr = 0;
	guard_collect(&l, pcpus, pgd);
	guard_add_virt(&l, g, size);
	sort(l.r, l.nr, sizeof(*l.r), guard_cmp, NULL);
	g->nr = hv_guard_coalesce(l.r, l.nr);
	memcpy(g->range, l.r, g->nr * sizeof(*l.r));
	kvfree(l.r);
	for (i = 0; i < g->nr; i++)
		pages += (g->range[i].end - g->range[i].start) >> PAGE_SHIFT;
	pr_info("guarding %llu pages of its own in %u ranges from L2\n", pages,
		g->nr);

	hvnest_guard = g;
	WRITE_ONCE(hv_guard, g);
	for_each_possible_cpu(cpu) {
		struct hv_cpu *c = pcpus[cpu].hv;

		if (!c)
			continue;
		c->l2.ept02.guard = g;
		c->l2.ept02.sink_pa = virt_to_phys(hvnest_sink);
	}
	return 0;
}

/* After every CPU was handed back, or before any launched. */
void hvnest_guard_free(void)
{
	WRITE_ONCE(hv_guard, NULL);
	kfree(hvnest_guard);
	hvnest_guard = NULL;
	free_page((unsigned long)hvnest_sink);
	hvnest_sink = NULL;
}
