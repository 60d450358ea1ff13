// SPDX-License-Identifier: GPL-2.0
/*
 * Hand a CPU back to Linux: leave VMX operation (SDM 23.8: VMXOFF, then
 * CR4.VMXE may be cleared) and continue Linux natively in the state the
 * guest-state area of VMCS01 describes, as if the VM exit never happened.
 * Used for the unload hypercall and when a VM entry fails.
 */
#include "root.h"
#include "../nested/nested.h"
#include "debug_e9.h"
#include "vmx_caps.h"

#define CR4_PGE HV_BIT(7)
#define TSS_BUSY HV_BIT(41) /* type 0xB (busy) -> 0x9 (available) */

/* Read by vmx/entry.S hv_asm_hand_back at fixed offsets (root.h). */
struct hv_hand_back_regs {
	struct hv_dtr gdt_rw; /* 0 */
	u8 pad0[6];
	struct hv_dtr gdt; /* 16 */
	u8 pad1[6];
	u16 tr; /* 32 */
	u16 ds; /* 34 */
	u16 es; /* 36 */
	u16 ss; /* 38 */
	u16 cs; /* 40 */
	u16 pad2[3];
	struct hv_dtr idt; /* 48 */
	u8 pad3[6];
	u64 rsp; /* 64 */
	u64 rflags; /* 72 */
	u64 rip; /* 80 */
	struct hv_gprs gprs; /* 88 */
};

_Static_assert(__builtin_offsetof(struct hv_hand_back_regs, tr) == 32, "tr");
_Static_assert(__builtin_offsetof(struct hv_hand_back_regs, idt) == 48, "idt");
_Static_assert(__builtin_offsetof(struct hv_hand_back_regs, rsp) == 64, "rsp");
_Static_assert(__builtin_offsetof(struct hv_hand_back_regs, gprs) == 88, "gprs");
_Static_assert(__builtin_offsetof(struct hv_cpu, self) == HV_CPU_SELF, "self");
_Static_assert(__builtin_offsetof(struct hv_cpu, nmi_pending) == HV_CPU_NMI_PENDING, "nmi_pending");
_Static_assert(__builtin_offsetof(struct hv_cpu, state) == HV_CPU_STATE, "state");
_Static_assert(__builtin_offsetof(struct hv_cpu, exit_rsp) == HV_CPU_EXIT_RSP, "exit_rsp");
_Static_assert(__builtin_offsetof(struct hv_cpu, nmi_window_open) == HV_CPU_NMI_WINDOW_OPEN, "window");
_Static_assert(__builtin_offsetof(struct hv_cpu, launch_next) == HV_CPU_LAUNCH_NEXT, "launch_next");
_Static_assert(__builtin_offsetof(struct hv_cpu, tail_nmi) == HV_CPU_TAIL_NMI, "tail_nmi");
_Static_assert(__builtin_offsetof(struct hv_cpu, tail_nmi_dest) == HV_CPU_TAIL_NMI_DEST, "tail_nmi_dest");


/* L1's own view of a CR: owned bits come from the read shadow. */
void hv_hand_back(struct hv_cpu *c, struct hv_gprs *g, u64 rip, u64 rax)
{
	struct hv_hand_back_regs r;
	u64 cr0 = hv_l1_cr(VMCS_GUEST_CR0, VMCS_CR0_READ_SHADOW,
			   c->cfg.cr0_mask);
	u64 cr4 = hv_l1_cr(VMCS_GUEST_CR4, VMCS_CR4_READ_SHADOW,
			   c->cfg.cr4_mask) & ~HV_CR4_VMXE;
	u64 cr3 = hv_vmread(VMCS_GUEST_CR3);
	u64 dr7 = hv_vmread(VMCS_GUEST_DR7);
	u64 fs_base = hv_vmread(VMCS_GUEST_FS_BASE);
	u64 gs_base = hv_vmread(VMCS_GUEST_GS_BASE);
	u64 efer = hv_vmread(VMCS_GUEST_IA32_EFER);
	u64 pat = hv_vmread(VMCS_GUEST_IA32_PAT);
	u64 debugctl = hv_vmread(VMCS_GUEST_IA32_DEBUGCTL);
	u64 sysenter_cs = hv_vmread(VMCS_GUEST_SYSENTER_CS);
	u64 sysenter_esp = hv_vmread(VMCS_GUEST_SYSENTER_ESP);
	u64 sysenter_eip = hv_vmread(VMCS_GUEST_SYSENTER_EIP);
	u64 *gdt_rw = (u64 *)c->linux_state.gdt_rw_base;

	r.gdt_rw.base = c->linux_state.gdt_rw_base;
	r.gdt_rw.limit = (u16)hv_vmread(VMCS_GUEST_GDTR_LIMIT);
	r.gdt.base = hv_vmread(VMCS_GUEST_GDTR_BASE);
	r.gdt.limit = r.gdt_rw.limit;
	r.idt.base = hv_vmread(VMCS_GUEST_IDTR_BASE);
	r.idt.limit = (u16)hv_vmread(VMCS_GUEST_IDTR_LIMIT);
	r.tr = (u16)hv_vmread(VMCS_GUEST_TR_SELECTOR);
	r.ds = (u16)hv_vmread(VMCS_GUEST_DS_SELECTOR);
	r.es = (u16)hv_vmread(VMCS_GUEST_ES_SELECTOR);
	r.ss = (u16)hv_vmread(VMCS_GUEST_SS_SELECTOR);
	r.cs = (u16)hv_vmread(VMCS_GUEST_CS_SELECTOR);
	r.rsp = hv_vmread(VMCS_GUEST_RSP);
	r.rflags = hv_vmread(VMCS_GUEST_RFLAGS);
	r.rip = rip;
	r.gprs = *g;
	r.gprs.rax = rax;

	hv_cpu_set_state(c, HV_STATE_HANDING_BACK);
	hv_vmclear(c->vmcs_pa);
	hv_vmxoff();

	/* CR4 without VMXE; toggling PGE flushes every TLB entry. */
	hv_write_cr4(cr4 & ~CR4_PGE);
	hv_write_cr4(cr4);
	hv_write_cr0(cr0);
	hv_write_cr3(cr3);
	__asm__ __volatile__("mov %0, %%dr7" ::"r"(dr7));
	hv_wrmsr(MSR_EFER, efer);
	hv_wrmsr(MSR_PAT, pat);
	hv_wrmsr(MSR_DEBUGCTL, debugctl);
	hv_wrmsr(MSR_SYSENTER_CS, sysenter_cs);
	hv_wrmsr(MSR_SYSENTER_ESP, sysenter_esp);
	hv_wrmsr(MSR_SYSENTER_EIP, sysenter_eip);
	hv_wrmsr(MSR_FS_BASE, fs_base);
	/* GS selector stays 0 (kernel); its base is Linux's (host = guest). */
	hv_wrmsr(MSR_GS_BASE, gs_base);
	/* LTR faults on a busy TSS: mark Linux's available again (SDM 7.2.2). */
	gdt_rw[r.tr >> 3] &= ~TSS_BUSY;

	c->handed_back_nmis = c->nmi_pending;
	hv_cpu_set_state(c, HV_STATE_NATIVE);
	c->exit_rsp = 0;
	hv_asm_hand_back(&r);
	hv_dead_end();
}

/* What a failed entry is checked against (SDM 26.2, 26.3). */
static const u64 hv_entry_state_fields[] = {
	VMCS_VM_INSTRUCTION_ERROR, VMCS_VM_EXIT_REASON,
	VMCS_GUEST_RIP, VMCS_GUEST_CS_SELECTOR, VMCS_GUEST_CS_AR_BYTES,
	VMCS_GUEST_CR0, VMCS_GUEST_CR4, VMCS_GUEST_IA32_EFER,
	VMCS_VM_ENTRY_CONTROLS, VMCS_VM_ENTRY_INTR_INFO,
	VMCS_GUEST_INTERRUPTIBILITY_INFO, VMCS_GUEST_ACTIVITY_STATE,
};

void hv_e9_entry_state(const char *tag)
{
	hv_e9_fields(tag, hv_entry_state_fields,
		     HV_ARRAY_SIZE(hv_entry_state_fields));
}

void hv_vmresume_failed(struct hv_cpu *c, struct hv_gprs *g)
{
	if (c->l2.active) {
		/* VMCS02 refused: L1's VMLAUNCH/VMRESUME fails instead. */
		hv_nested_vmcs02_failed(c);
		return;
	}
	hv_e9_entry_state("vmresume-failed");
	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_VMRESUME_FAILED,
		   hv_vmread(VMCS_VM_INSTRUCTION_ERROR), 0, 0);
	hv_hand_back(c, g, hv_vmread(VMCS_GUEST_RIP), g->rax);
	hv_dead_end();
}

/*
 * While a CPU cannot hand itself back (L1 in VMX operation of its own; the
 * CPU stopped by INIT or a triple fault), the module holds a reference, so
 * rmmod fails instead of waiting for a CPU that will not answer. The
 * counter is the module's refcount, changed atomically as
 * try_module_get()/module_put() would, without calling Linux.
 */
void hv_unload_ref(struct hv_cpu *c, int delta)
{
	int *refs = c->cfg.unload_refs;

	if (refs)
		__asm__ __volatile__("lock addl %1, %0"
				     : "+m"(*refs)
				     : "ir"(delta)
				     : "memory");
}

/* Once per CPU: it stopped for good (shutdown, or wait-for-SIPI). */
void hv_cpu_stopped(struct hv_cpu *c)
{
	if (c->stopped)
		return;
	c->stopped = true;
	WRITE_ONCE(c->rep.stopped, true);
	hv_unload_ref(c, 1);
}
