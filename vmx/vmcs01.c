// SPDX-License-Identifier: GPL-2.0
/*
 * VMCS01: Linux as L1. Guest state is Linux's state at the launch point
 * (SDM 24.4, checked as in 26.3.1); host state is hvnest's root (SDM 24.5,
 * checked as in 26.2.2-26.2.4); controls intercept only what hvnest needs.
 * Written at the launch, on Linux's stack: the raw VMWRITE of hv_insn.h,
 * not the counting one of root code (vmcs_access.h).
 */
#include "root.h"
#include "vmx_caps.h"

#define AR_UNUSABLE HV_BIT(16)

struct hv_seg_fields {
	u32 sel, limit, ar, base;
};

#define SEG(name)                                                            \
	{ VMCS_GUEST_##name##_SELECTOR, VMCS_GUEST_##name##_LIMIT,           \
	  VMCS_GUEST_##name##_AR_BYTES, VMCS_GUEST_##name##_BASE }

static bool hv_write_seg(const struct hv_seg_fields *f, const struct hv_seg *s)
{
	return hv_vmwrite_raw(f->sel, s->sel) && hv_vmwrite_raw(f->limit, s->limit) &&
	       hv_vmwrite_raw(f->ar, s->sel || f->sel == VMCS_GUEST_CS_SELECTOR ?
					 s->ar :
					 AR_UNUSABLE) &&
	       hv_vmwrite_raw(f->base, s->base);
}

static bool hv_vmcs01_guest(struct hv_cpu *c)
{
	static const struct hv_seg_fields segs[] = {
		SEG(ES), SEG(CS), SEG(SS), SEG(DS),
		SEG(FS), SEG(GS), SEG(LDTR), SEG(TR),
	};
	const struct hv_linux_state *l = &c->linux_state;
	const struct hv_seg *regs[] = { &l->es, &l->cs, &l->ss,	  &l->ds,
					&l->fs, &l->gs, &l->ldtr, &l->tr };
	unsigned int i;
	bool ok = true;

	for (i = 0; i < HV_ARRAY_SIZE(segs); i++)
		ok &= hv_write_seg(&segs[i], regs[i]);

	ok &= hv_vmwrite_raw(VMCS_GUEST_CR0, l->cr0);
	ok &= hv_vmwrite_raw(VMCS_GUEST_CR3, l->cr3);
	ok &= hv_vmwrite_raw(VMCS_GUEST_CR4, l->cr4 | HV_CR4_VMXE);
	ok &= hv_vmwrite_raw(VMCS_GUEST_DR7, l->dr7);
	ok &= hv_vmwrite_raw(VMCS_GUEST_RFLAGS, l->rflags);
	ok &= hv_vmwrite_raw(VMCS_GUEST_GDTR_BASE, l->gdtr_base);
	ok &= hv_vmwrite_raw(VMCS_GUEST_GDTR_LIMIT, l->gdtr_limit);
	ok &= hv_vmwrite_raw(VMCS_GUEST_IDTR_BASE, l->idtr_base);
	ok &= hv_vmwrite_raw(VMCS_GUEST_IDTR_LIMIT, l->idtr_limit);
	ok &= hv_vmwrite_raw(VMCS_GUEST_IA32_DEBUGCTL, l->debugctl);
	ok &= hv_vmwrite_raw(VMCS_GUEST_IA32_PAT, l->pat);
	ok &= hv_vmwrite_raw(VMCS_GUEST_IA32_EFER, l->efer);
	ok &= hv_vmwrite_raw(VMCS_GUEST_SYSENTER_CS, l->sysenter_cs);
	ok &= hv_vmwrite_raw(VMCS_GUEST_SYSENTER_ESP, l->sysenter_esp);
	ok &= hv_vmwrite_raw(VMCS_GUEST_SYSENTER_EIP, l->sysenter_eip);
	ok &= hv_vmwrite_raw(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	ok &= hv_vmwrite_raw(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
	ok &= hv_vmwrite_raw(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	ok &= hv_vmwrite_raw(VMCS_VMCS_LINK_POINTER, ~0ULL);
	/* GUEST_RSP and GUEST_RIP are written by hv_asm_launch. */
	return ok;
}

static bool hv_vmcs01_host(struct hv_cpu *c)
{
	const struct hv_linux_state *l = &c->linux_state;
	bool ok = true;

	ok &= hv_vmwrite_raw(VMCS_HOST_CR0, l->cr0);
	ok &= hv_vmwrite_raw(VMCS_HOST_CR3, c->host_cr3);
	ok &= hv_vmwrite_raw(VMCS_HOST_CR4, l->cr4 | HV_CR4_VMXE);
	ok &= hv_vmwrite_raw(VMCS_HOST_CS_SELECTOR, HV_GDT_CS);
	ok &= hv_vmwrite_raw(VMCS_HOST_SS_SELECTOR, HV_GDT_DS);
	ok &= hv_vmwrite_raw(VMCS_HOST_DS_SELECTOR, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_ES_SELECTOR, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_FS_SELECTOR, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_GS_SELECTOR, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_TR_SELECTOR, HV_GDT_TR);
	ok &= hv_vmwrite_raw(VMCS_HOST_FS_BASE, 0);
	/* Linux's per-CPU base: root never uses GS, hand-back needs none. */
	ok &= hv_vmwrite_raw(VMCS_HOST_GS_BASE, l->gs.base);
	ok &= hv_vmwrite_raw(VMCS_HOST_TR_BASE, (u64)&c->tss);
	ok &= hv_vmwrite_raw(VMCS_HOST_GDTR_BASE, (u64)c->gdt);
	ok &= hv_vmwrite_raw(VMCS_HOST_IDTR_BASE, (u64)c->idt);
	ok &= hv_vmwrite_raw(VMCS_HOST_IA32_SYSENTER_CS, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_IA32_SYSENTER_ESP, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_IA32_SYSENTER_EIP, 0);
	ok &= hv_vmwrite_raw(VMCS_HOST_IA32_EFER, l->efer);
	ok &= hv_vmwrite_raw(VMCS_HOST_IA32_PAT, l->pat);
	ok &= hv_vmwrite_raw(VMCS_HOST_RSP, hv_host_rsp(c));
	ok &= hv_vmwrite_raw(VMCS_HOST_RIP, (u64)hv_vmexit_entry);
	return ok;
}

static bool hv_vmcs01_controls(struct hv_cpu *c)
{
	const struct hv_config *cfg = &c->cfg;
	const struct hv_linux_state *l = &c->linux_state;
	bool ok = true;

	ok &= hv_vmwrite_raw(VMCS_PIN_BASED_VM_EXEC_CONTROL, cfg->pin);
	ok &= hv_vmwrite_raw(VMCS_CPU_BASED_VM_EXEC_CONTROL, cfg->proc);
	/* EPT and unrestricted guest with EPT01 (module/launch.c). */
	ok &= hv_vmwrite_raw(VMCS_SECONDARY_VM_EXEC_CONTROL, cfg->proc2);
	if (cfg->eptp)
		ok &= hv_vmwrite_raw(VMCS_EPT_POINTER, cfg->eptp);
	ok &= hv_vmwrite_raw(VMCS_VM_EXIT_CONTROLS, cfg->exit);
	ok &= hv_vmwrite_raw(VMCS_VM_ENTRY_CONTROLS, cfg->entry);
	ok &= hv_vmwrite_raw(VMCS_EXCEPTION_BITMAP, 0);
	ok &= hv_vmwrite_raw(VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0);
	ok &= hv_vmwrite_raw(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0);
	ok &= hv_vmwrite_raw(VMCS_CR3_TARGET_COUNT, 0);
	ok &= hv_vmwrite_raw(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	ok &= hv_vmwrite_raw(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	ok &= hv_vmwrite_raw(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	ok &= hv_vmwrite_raw(VMCS_VM_ENTRY_INTR_INFO, 0);
	ok &= hv_vmwrite_raw(VMCS_MSR_BITMAP, c->msr_bitmap_pa);
	ok &= hv_vmwrite_raw(VMCS_VIRTUAL_PROCESSOR_ID, cfg->vpid);
	/* CR0/CR4 bits VMX fixes are owned by L0; L1 reads its own values. */
	ok &= hv_vmwrite_raw(VMCS_CR0_GUEST_HOST_MASK, cfg->cr0_mask);
	ok &= hv_vmwrite_raw(VMCS_CR0_READ_SHADOW, l->cr0);
	ok &= hv_vmwrite_raw(VMCS_CR4_GUEST_HOST_MASK, cfg->cr4_mask);
	ok &= hv_vmwrite_raw(VMCS_CR4_READ_SHADOW, l->cr4);
	return ok;
}

bool hv_vmcs01_setup(struct hv_cpu *c)
{
	return hv_vmcs01_controls(c) && hv_vmcs01_host(c) &&
	       hv_vmcs01_guest(c);
}
