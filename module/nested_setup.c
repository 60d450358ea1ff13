// SPDX-License-Identifier: GPL-2.0
/*
 * Nested VMX, Linux side: where root mode finds L1's RAM (nested/l1_mem.h)
 * and, per CPU, the VMCS12 cache page, VMCS02, the merged MSR bitmap, the
 * EPT02 pool and the VMX capabilities L1 is shown (nested/l1_caps.c).
 *
 * Nested VMX is on unless the module parameter nested=0 turns it off, so
 * that KVM in L1 runs its guests under a plain 'insmod hvnest.ko'
 * (docs/nested-vmx.md lists what L1 is offered). With it off L1 sees a CPU
 * without VMX.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/processor.h>

#include "hvnest.h"
#include "../nested/l1_mem.h"
#include "../nested/l1_caps.h"
#include "../vmx/hv_insn.h"

static bool hvnest_nested = true;
module_param_named(nested, hvnest_nested, bool, 0400);
MODULE_PARM_DESC(nested, "nested VMX for L1 (default 1; 0: L1 sees a CPU without VMX)");

static bool hvnest_nested_shadow = true;
module_param_named(nested_shadow, hvnest_nested_shadow, bool, 0400);
MODULE_PARM_DESC(nested_shadow, "use the CPU's VMCS shadowing for L1's VMREAD/VMWRITE (default 1; hvctl feature vmcs-shadowing)");

/*
 * Tables per EPT02 (nested/ept02.h), HV_EPT02_ROOTS of them per CPU
 * (nested/ept02_roots.c), 2 MiB per CPU in all: 64 map 122 MiB of an L2
 * in 4-KiB pages, as the one EPT02 before them did; a full pool starts
 * over.
 */
#define HVNEST_EPT02_PAGES 64

#define IA32_FEATURE_CONTROL 0x3a

static int hvnest_add_ram(struct resource *res, void *arg)
{
	struct hv_l1_ram *ram = arg;

	if (ram->nr == HV_L1_RAM_RANGES) {
		pr_warn("more than %d System RAM ranges: nested VMX sees only the first\n",
			HV_L1_RAM_RANGES);
		return 1;
	}
	ram->range[ram->nr].start = res->start;
	ram->range[ram->nr].end = res->end + 1;
	ram->nr++;
	return 0;
}

/* Before any CPU launches: root mode reads hv_l1_ram without locks. */
void hvnest_nested_init(void)
{
	vmcs12_classes_init();
	memset(&hv_l1_ram, 0, sizeof(hv_l1_ram));
	hv_l1_ram.direct_map = (u64)__va(0);
	walk_iomem_res_desc(IORES_DESC_NONE,
			    IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, -1,
			    &hv_l1_ram, hvnest_add_ram);
}

/* The CPU's VMX capability MSRs, as nested/l1_caps.c takes them. */
static void hvnest_fill_cpucaps(struct hv_l1_vmx_caps *l)
{
	const struct vmx_cap_msrs *m = &hvnest_host.caps;

	l->basic = m->basic;
	l->pinbased = m->pinbased;
	l->procbased = m->procbased;
	l->procbased2 = m->procbased2;
	l->exit = m->exit;
	l->entry = m->entry;
	l->misc = m->misc;
	l->cr0_fixed0 = m->cr0_fixed0;
	l->cr0_fixed1 = m->cr0_fixed1;
	l->cr4_fixed0 = m->cr4_fixed0;
	l->cr4_fixed1 = m->cr4_fixed1;
	l->ept_vpid = m->ept_vpid;
	l->vmfunc = m->vmfunc;
	l->vmcs_enum = hv_rdmsr(HV_MSR_VMX_VMCS_ENUM);
	/* SDM A.1: bit 55, the TRUE control MSRs exist. */
	if (m->basic & BIT_ULL(55)) {
		l->true_pinbased = hv_rdmsr(HV_MSR_VMX_TRUE_PINBASED);
		l->true_procbased = hv_rdmsr(HV_MSR_VMX_TRUE_PROCBASED);
		l->true_exit = hv_rdmsr(HV_MSR_VMX_TRUE_EXIT);
		l->true_entry = hv_rdmsr(HV_MSR_VMX_TRUE_ENTRY);
	}
	l->maxphyaddr = boot_cpu_data.x86_phys_bits;
	l->linear_bits = boot_cpu_data.x86_virt_bits;
}

static int hvnest_ept02_alloc(struct hv_cpu *c)
{
	unsigned int i;

	for (i = 0; i < HV_EPT02_ROOTS; i++) {
		struct hv_ept02 *e = &c->l2.ept02s[i];

		/* Page by page if memory is too fragmented for the block. */
		if (hvnest_pool_alloc_contig(&e->pool, HVNEST_EPT02_PAGES)) {
			hvnest_pool_free(&e->pool);
			if (hvnest_pool_alloc(&e->pool, HVNEST_EPT02_PAGES))
				return -ENOMEM;
		}
		e->pool.used = 1; /* the PML4 */
		e->ept_cap = c->nvmx.caps.ept_vpid;
		e->mtrr = &c->ept01.mtrr; /* EPT01's types (nested/ept02.h) */
		e->maxphyaddr = boot_cpu_data.x86_phys_bits;
	}
	c->l2.ept02 = &c->l2.ept02s[0];
	return 0;
}

int hvnest_nested_alloc(struct hv_cpu *c)
{
	const struct vmx_cap_msrs *m = &hvnest_host.caps;
	struct hv_nvmx *n = &c->nvmx;
	struct hv_l2 *l2 = &c->l2;

	c->cfg.maxphyaddr = boot_cpu_data.x86_phys_bits;
	if (!hvnest_nested)
		return 0;
	if (!c->cfg.eptp) {
		pr_warn_once("nested VMX needs EPT for L1 (ept=1): it stays off\n");
		return 0;
	}
	hvnest_fill_cpucaps(&c->cpucaps);
	hv_l1_caps_compute(&c->cpucaps, &n->caps);
	n->cache = (struct hv_vmcs12 *)get_zeroed_page(GFP_KERNEL);
	l2->vmcs02 = (void *)get_zeroed_page(GFP_KERNEL);
	l2->msr_bitmap = (u64 *)get_zeroed_page(GFP_KERNEL);
	l2->shadow = (void *)get_zeroed_page(GFP_KERNEL);
	l2->vmread_bitmap = (u8 *)get_zeroed_page(GFP_KERNEL);
	l2->vmwrite_bitmap = (u8 *)get_zeroed_page(GFP_KERNEL);
	l2->shadow02 = (void *)get_zeroed_page(GFP_KERNEL);
	l2->vmread02_base = (u8 *)get_zeroed_page(GFP_KERNEL);
	l2->vmwrite02_base = (u8 *)get_zeroed_page(GFP_KERNEL);
	l2->vmread02_bitmap = (u8 *)get_zeroed_page(GFP_KERNEL);
	l2->vmwrite02_bitmap = (u8 *)get_zeroed_page(GFP_KERNEL);
	if (!n->cache || !l2->vmcs02 || !l2->msr_bitmap || !l2->shadow ||
	    !l2->vmread_bitmap || !l2->vmwrite_bitmap || !l2->shadow02 ||
	    !l2->vmread02_base || !l2->vmwrite02_base ||
	    !l2->vmread02_bitmap || !l2->vmwrite02_bitmap ||
	    hvnest_ept02_alloc(c))
		return -ENOMEM;
	/* L2's VMREAD/VMWRITE: L0's shadow VMCS, as L1's below. */
	*(u32 *)l2->shadow02 = hvnest_host.vmcs_revision | BIT(31);
	l2->shadow02_pa = virt_to_phys(l2->shadow02);
	l2->shadow02_src = HV_VMCS12_NONE;
	memset(l2->vmread02_base, 0xff, PAGE_SIZE);
	memset(l2->vmwrite02_base, 0xff, PAGE_SIZE);
	l2->vmread02_bitmap_pa = virt_to_phys(l2->vmread02_bitmap);
	l2->vmwrite02_bitmap_pa = virt_to_phys(l2->vmwrite02_bitmap);
	/* SDM 24.2: the shadow-VMCS indicator is bit 31 of the revision. */
	*(u32 *)l2->shadow = hvnest_host.vmcs_revision | BIT(31);
	l2->shadow_pa = virt_to_phys(l2->shadow);
	/* Every VMREAD/VMWRITE exits until root mode knows the fields. */
	memset(l2->vmread_bitmap, 0xff, PAGE_SIZE);
	memset(l2->vmwrite_bitmap, 0xff, PAGE_SIZE);
	l2->vmread_bitmap_pa = virt_to_phys(l2->vmread_bitmap);
	l2->vmwrite_bitmap_pa = virt_to_phys(l2->vmwrite_bitmap);
	l2->shadow_capable = (m->procbased2 >> 32) & HV_PROC2_SHADOW_VMCS;
	/* SDM 24.2: a VMCS region starts with the revision identifier. */
	*(u32 *)l2->vmcs02 = hvnest_host.vmcs_revision;
	l2->vmcs02_pa = virt_to_phys(l2->vmcs02);
	l2->msr_bitmap_pa = virt_to_phys(l2->msr_bitmap);
	/*
	 * L1 runs with VPID 1 (cfg.vpid), L2 with 2 to 1 + HV_VPID02_SLOTS
	 * on every CPU, one per VPID12 (nested/vpid02.h).
	 */
	if ((m->procbased2 >> 32) & HV_PROC2_VPID && c->cfg.vpid)
		l2->vpid02.base = c->cfg.vpid + 1;
	n->vmptr = HV_VMCS12_NONE;
	n->feature_control = hv_rdmsr(IA32_FEATURE_CONTROL);
	c->cfg.nested_insn = true;
	return 0;
}

void hvnest_nested_free(struct hv_cpu *c)
{
	unsigned int i;

	free_page((unsigned long)c->nvmx.cache);
	free_page((unsigned long)c->l2.vmcs02);
	free_page((unsigned long)c->l2.msr_bitmap);
	free_page((unsigned long)c->l2.shadow);
	free_page((unsigned long)c->l2.vmread_bitmap);
	free_page((unsigned long)c->l2.vmwrite_bitmap);
	free_page((unsigned long)c->l2.shadow02);
	free_page((unsigned long)c->l2.vmread02_base);
	free_page((unsigned long)c->l2.vmwrite02_base);
	free_page((unsigned long)c->l2.vmread02_bitmap);
	free_page((unsigned long)c->l2.vmwrite02_bitmap);
	for (i = 0; i < HV_EPT02_ROOTS; i++)
		hvnest_pool_free(&c->l2.ept02s[i].pool);
	c->nvmx.cache = NULL;
	c->l2.vmcs02 = NULL;
	c->l2.msr_bitmap = NULL;
}

/* Feature switches nested VMX brings (HVNEST_FEATURE_*): can the CPU? */
u64 hvnest_nested_features(void)
{
	const struct vmx_cap_msrs *m = &hvnest_host.caps;

	if (!hvnest_nested || !((m->procbased2 >> 32) & HV_PROC2_SHADOW_VMCS))
		return 0;
	return HVNEST_FEATURE_VMCS_SHADOW;
}

/* Their setting at load. */
u64 hvnest_nested_features_default(void)
{
	return hvnest_nested_shadow ? hvnest_nested_features() : 0;
}
