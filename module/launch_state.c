// SPDX-License-Identifier: GPL-2.0
/*
 * Capture Linux's state on the calling CPU (interrupts off) as the guest
 * state of VMCS01 (SDM 24.4.1): control and debug registers, segments
 * with the access rights of their descriptors, descriptor tables, MSRs.
 */
#include <linux/smp.h>
#include <asm/desc.h>
#include <asm/irqflags.h>
#include <asm/msr.h>
#include <asm/special_insns.h>

#include "hvnest.h"
#include "../vmx/hv_insn.h"

#define AR_UNUSABLE HV_BIT(16)
#define DESC_G HV_BIT(55)
#define DESC_S HV_BIT(44)

static void hvnest_read_seg(struct hv_seg *s, u16 sel, u64 gdt_base)
{
	const u64 *gdt = (const u64 *)gdt_base;
	u64 d;

	s->sel = sel;
	if (!(sel & ~3u)) { /* null selector: unusable (SDM 24.4.1) */
		s->base = 0;
		s->limit = 0;
		s->ar = AR_UNUSABLE;
		return;
	}
	d = gdt[sel >> 3];
	s->limit = (u32)((d & 0xffff) | ((d >> 32) & 0xf0000));
	if (d & DESC_G)
		s->limit = (s->limit << 12) | 0xfff;
	s->base = ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
	if (!(d & DESC_S)) /* system descriptor (TSS, LDT): 16 bytes */
		s->base |= gdt[(sel >> 3) + 1] << 32;
	s->ar = (u32)((d >> 40) & 0xf0ff);
}

void hvnest_capture_state(struct hv_cpu *c, int cpu)
{
	struct hv_linux_state *l = &c->linux_state;
	struct hv_dtr gdtr, idtr;

	hv_sgdt(&gdtr);
	hv_sidt(&idtr);
	l->gdtr_base = gdtr.base;
	l->gdtr_limit = gdtr.limit;
	l->idtr_base = idtr.base;
	l->idtr_limit = idtr.limit;
	l->gdt_rw_base = (u64)get_cpu_gdt_rw(cpu);

	l->cr0 = hv_read_cr0();
	l->cr3 = hv_read_cr3();
	l->cr4 = hv_read_cr4();
	l->dr7 = hv_read_dr7();
	l->rflags = native_save_fl();

	hvnest_read_seg(&l->es, HV_READ_SEL(es), gdtr.base);
	hvnest_read_seg(&l->cs, HV_READ_SEL(cs), gdtr.base);
	hvnest_read_seg(&l->ss, HV_READ_SEL(ss), gdtr.base);
	hvnest_read_seg(&l->ds, HV_READ_SEL(ds), gdtr.base);
	hvnest_read_seg(&l->fs, HV_READ_SEL(fs), gdtr.base);
	hvnest_read_seg(&l->gs, HV_READ_SEL(gs), gdtr.base);
	hvnest_read_seg(&l->ldtr, hv_sldt(), gdtr.base);
	hvnest_read_seg(&l->tr, hv_str(), gdtr.base);
	/* 64-bit mode: FS and GS bases live in MSRs. */
	l->fs.base = hv_rdmsr(MSR_FS_BASE);
	l->gs.base = hv_rdmsr(MSR_GS_BASE);
	l->kernel_gs_base = hv_rdmsr(MSR_KERNEL_GS_BASE);

	l->efer = hv_rdmsr(MSR_EFER);
	l->pat = hv_rdmsr(MSR_IA32_CR_PAT);
	l->debugctl = hv_rdmsr(MSR_IA32_DEBUGCTLMSR);
	l->sysenter_cs = hv_rdmsr(MSR_IA32_SYSENTER_CS);
	l->sysenter_esp = hv_rdmsr(MSR_IA32_SYSENTER_ESP);
	l->sysenter_eip = hv_rdmsr(MSR_IA32_SYSENTER_EIP);
}
