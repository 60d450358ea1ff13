// SPDX-License-Identifier: GPL-2.0
/*
 * The set of hvnest's root-only memory (nested/hv_guard.h), built once
 * every possible CPU's state is allocated and before any CPU launches:
 * every page root mode alone works with (struct hv_cpu up to its report,
 * the pages it points to, the page pools and their arrays, root stacks
 * and page tables) and the set itself. Each is whole pages hvnest
 * allocated for itself, so the set hides no other kernel object. Not in
 * it, by owner: the module's image (code and the Linux side's data, which
 * a Linux moved into L2 by its own hypervisor keeps using), the per-CPU
 * array of the Linux side and struct hv_cpu_report. EPT02 maps a sink
 * page in place of the set, and root mode's accesses for L1
 * (nested/l1_mem.c) treat it as absent. A page added to struct hv_cpu
 * must be added here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
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

static struct hv_guard *hvnest_guard_set; /* root mode's, root-only */
static struct hv_guard *hvnest_guard; /* the Linux side's copy of it */
static void *hvnest_sink;
static u64 *hvnest_ones; /* what a hidden page reads as (vmx/exit_ept.c) */
static const void *hvnest_root_only_va; /* CPU 0's struct hv_cpu, or none */
static DEFINE_MUTEX(hvnest_root_only_lock); /* a read against the unload */

/*
 * Test only (issue 15, item 5): /sys/module/hvnest/parameters/root_only,
 * readable by root alone. Line 1: a kernel address in a root-only page
 * whose first u64 is not 0 (the first possible CPU's struct hv_cpu: its
 * self pointer); per CPU, "cpu N touches T writes W": L1's first touches
 * of root-only pages and its writes to them (vmx/exit_ept.c); "ranges N":
 * how many the set has; then the ranges, host-physical "start-end", as
 * many as fit in the page sysfs gives (a reader compares with N).
 */
static int root_only_get(char *buf, const struct kernel_param *kp)
{
	const struct hv_guard *g;
	unsigned int cpu;
	int n;
	u32 i;

	mutex_lock(&hvnest_root_only_lock);
	g = hvnest_guard;
	/* Test only, and root alone reads it: the address itself. */
	n = sysfs_emit(buf, "va %#lx\n", (unsigned long)hvnest_root_only_va);
	/* L1's touches of them and writes to them, per CPU (the report). */
	for_each_possible_cpu(cpu) {
		const struct hvnest_pcpu *p = hvnest_pcpu(cpu);

		if (g && p && p->hv && n < PAGE_SIZE / 2)
			n += sysfs_emit_at(buf, n, "cpu %u touches %llu writes %llu\n",
					   cpu,
					   READ_ONCE(p->hv->rep.hidden_touches),
					   READ_ONCE(p->hv->rep.hidden_writes));
	}
	if (g)
		n += sysfs_emit_at(buf, n, "ranges %u\n", g->nr);
	for (i = 0; g && i < g->nr && n < PAGE_SIZE - 40; i++)
		n += sysfs_emit_at(buf, n, "%#llx-%#llx\n", g->range[i].start,
				   g->range[i].end);
	mutex_unlock(&hvnest_root_only_lock);
	return n;
}

static const struct kernel_param_ops root_only_ops = {
	.get = root_only_get,
};
module_param_cb(root_only, &root_only_ops, NULL, 0400);
MODULE_PARM_DESC(root_only,
		 "test only, read-only: a root-only kernel address and the root-only host-physical ranges");

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

	/* Up to the report: that page on is the Linux side's. */
	guard_add_virt(l, c, offsetof(struct hv_cpu, rep));
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		guard_add_virt(l, pages[i], PAGE_SIZE);
	if (c->stack_top)
		guard_add_virt(l, c->stack_top - HV_ROOT_STACK_SIZE,
			       HV_ROOT_STACK_SIZE);
	if (c->ist_stack_top)
		guard_add_virt(l, c->ist_stack_top - HV_ROOT_STACK_SIZE,
			       HV_ROOT_STACK_SIZE);
	guard_add_pool(l, &c->ept01.pool);
	for (i = 0; i < 2; i++)
		guard_add_virt(l, c->ept01.trash[i], PAGE_SIZE);
	for (i = 0; i < HV_EPT02_ROOTS; i++)
		guard_add_pool(l, &l2->ept02s[i].pool);
}

static void guard_collect(struct hvnest_guard_list *l,
			  const struct hvnest_pcpu *pcpus, const void *pgd)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (pcpus[cpu].hv)
			guard_add_cpu(l, pcpus[cpu].hv);
	guard_add_virt(l, pgd, PAGE_SIZE);
	guard_add_virt(l, hvnest_sink, PAGE_SIZE);
	guard_add_virt(l, hvnest_ones, PAGE_SIZE);
}

static int guard_cmp(const void *a, const void *b)
{
	const struct hv_guard_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Collect the set once: a new hvnest_guard_set, or -ENOMEM. */
static int guard_build_set(const struct hvnest_pcpu *pcpus, const void *pgd)
{
	struct hvnest_guard_list l = {};
	struct hv_guard *g;
	size_t size, extra, need;

	guard_collect(&l, pcpus, pgd);
	/* And the set itself: vmalloc'd, one range per page at most. */
	for (extra = 1;; extra = need) {
		size = struct_size(g, range, l.nr + extra);
		need = DIV_ROUND_UP(size, PAGE_SIZE);
		if (need <= extra)
			break;
	}
	l.cap = l.nr + extra;
	/* Whole pages of its own: root mode reads it. */
	g = vzalloc(size);
	l.r = kvmalloc_array(l.cap, sizeof(*l.r), GFP_KERNEL);
	if (!g || !l.r) {
		vfree(g);
		kvfree(l.r);
		return -ENOMEM;
	}
	l.nr = 0;
	guard_collect(&l, pcpus, pgd);
	guard_add_virt(&l, g, size);
	if (WARN_ON(l.nr > l.cap)) { /* a page allocated while collecting */
		vfree(g);
		kvfree(l.r);
		return -ENOMEM;
	}
	sort(l.r, l.nr, sizeof(*l.r), guard_cmp, NULL);
	g->nr = hv_guard_coalesce(l.r, l.nr);
	memcpy(g->range, l.r, g->nr * sizeof(*l.r));
	kvfree(l.r);
	hvnest_guard_set = g;
	return 0;
}

int hvnest_guard_build(struct hvnest_pcpu *pcpus, const void *pgd)
{
	const struct hv_cpu *first = NULL;
	struct hv_guard *copy;
	unsigned int cpu, tries;
	u64 pages = 0;
	int err;
	u32 i;

	hvnest_sink = (void *)get_zeroed_page(GFP_KERNEL);
	hvnest_ones = (u64 *)__get_free_page(GFP_KERNEL);
	if (!hvnest_sink || !hvnest_ones)
		return -ENOMEM;
	hv_page_fill_ones(hvnest_ones);
	/*
	 * EPT01 leaves the set as holes, which may need more tables than a
	 * pool has: a pool that grows changes the set, so collect again.
	 */
	for (tries = 0;; tries++) {
		err = guard_build_set(pcpus, pgd);
		if (err)
			return err;
		err = hvnest_ept01_fit_holes(pcpus, hvnest_guard_set,
					     virt_to_phys(hvnest_ones));
		if (err <= 0)
			break;
		vfree(hvnest_guard_set);
		hvnest_guard_set = NULL;
		if (tries == 8)
			return -ENOMEM;
	}
	if (err)
		return err;
		/* The Linux side's copy: the set itself is hidden from L1. */
	copy = kvmalloc(struct_size(copy, range, hvnest_guard_set->nr),
			GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, hvnest_guard_set,
	       struct_size(copy, range, hvnest_guard_set->nr));
	for (i = 0; i < copy->nr; i++)
		pages += (copy->range[i].end - copy->range[i].start) >>
			 PAGE_SHIFT;
	pr_info("guarding %llu root-only pages in %u ranges from L2, and hiding them from L1\n",
		pages, copy->nr);

	WRITE_ONCE(hv_guard, hvnest_guard_set);
	for_each_possible_cpu(cpu) {
		struct hv_cpu *c = pcpus[cpu].hv;

		if (!c)
			continue;
		for (i = 0; i < HV_EPT02_ROOTS; i++) {
			c->l2.ept02s[i].guard = hvnest_guard_set;
			c->l2.ept02s[i].sink_pa = virt_to_phys(hvnest_sink);
		}
		if (!first)
			first = c;
	}
	mutex_lock(&hvnest_root_only_lock);
	hvnest_guard = copy;
	hvnest_root_only_va = first;
	mutex_unlock(&hvnest_root_only_lock);
	return 0;
}

/* After every CPU was handed back, or before any launched. */
void hvnest_guard_free(void)
{
	WRITE_ONCE(hv_guard, NULL);
	mutex_lock(&hvnest_root_only_lock);
	hvnest_root_only_va = NULL;
	kvfree(hvnest_guard);
	hvnest_guard = NULL;
	mutex_unlock(&hvnest_root_only_lock);
	vfree(hvnest_guard_set);
	hvnest_guard_set = NULL;
	free_page((unsigned long)hvnest_sink);
	hvnest_sink = NULL;
	free_page((unsigned long)hvnest_ones);
	hvnest_ones = NULL;
}
