// SPDX-License-Identifier: GPL-2.0
/*
 * Nested VMX, Linux side: where root mode finds L1's RAM (nested/l1_mem.h)
 * and each CPU's VMCS12 cache page and VMX capabilities for L1.
 *
 * Nested VMX is incomplete: L1's VMXON, VMXOFF, VMCLEAR, VMPTRLD,
 * VMPTRST, VMREAD, VMWRITE, INVEPT and INVVPID are emulated, VM entry is
 * not. So it is off
 * unless the test-only parameter nested_insn_test=1 asks for it, for the
 * conformance suite's VMX-instruction scenarios (tests/conformance/).
 * With it, L1 is shown the CPU's VMX capabilities as they are, which
 * promise more than is emulated: never use it outside tests.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <asm/page.h>
#include <asm/processor.h>

#include "hvnest.h"
#include "../nested/l1_mem.h"
#include "../vmx/hv_insn.h"

static bool hvnest_nested_insn_test;
module_param_named(nested_insn_test, hvnest_nested_insn_test, bool, 0400);
MODULE_PARM_DESC(nested_insn_test, "test only: emulate L1's VMX instructions other than VM entry (default 0)");

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
	memset(&hv_l1_ram, 0, sizeof(hv_l1_ram));
	hv_l1_ram.direct_map = (u64)__va(0);
	walk_iomem_res_desc(IORES_DESC_NONE,
			    IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, 0, -1,
			    &hv_l1_ram, hvnest_add_ram);
	if (hvnest_nested_insn_test)
		pr_warn("nested_insn_test=1: L1's VMX instructions are emulated without VM entry; for tests only\n");
}

/* In test mode L1 reads the CPU's own VMX MSRs (vmx/exit.c). */
static void hvnest_fill_l1caps(struct hv_l1_vmx_caps *l)
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

int hvnest_nested_alloc(struct hv_cpu *c)
{
	const struct vmx_cap_msrs *m = &hvnest_host.caps;
	struct hv_nvmx *n = &c->nvmx;

	c->cfg.maxphyaddr = boot_cpu_data.x86_phys_bits;
	if (!hvnest_nested_insn_test)
		return 0;
	n->cache = (struct hv_vmcs12 *)get_zeroed_page(GFP_KERNEL);
	if (!n->cache)
		return -ENOMEM;
	n->vmptr = HV_VMCS12_NONE;
	n->caps.revision = hvnest_host.vmcs_revision;
	n->caps.vmwrite_any = m->misc & HV_BIT(29); /* SDM A.6 */
	n->caps.shadowing = (m->procbased2 >> 32) & HV_PROC2_SHADOW_VMCS;
	n->caps.ept_vpid_cap = m->ept_vpid;
	n->caps.linear_bits = boot_cpu_data.x86_virt_bits;
	n->caps.cr0_fixed0 = m->cr0_fixed0;
	n->caps.cr0_fixed1 = m->cr0_fixed1;
	n->caps.cr4_fixed0 = m->cr4_fixed0;
	n->caps.cr4_fixed1 = m->cr4_fixed1;
	n->feature_control = hv_rdmsr(IA32_FEATURE_CONTROL);
	hvnest_fill_l1caps(&c->l1caps);
	c->cfg.nested_insn = true;
	return 0;
}

void hvnest_nested_free(struct hv_cpu *c)
{
	free_page((unsigned long)c->nvmx.cache);
	c->nvmx.cache = NULL;
}
