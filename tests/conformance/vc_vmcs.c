// SPDX-License-Identifier: GPL-2.0
/*
 * The test hypervisor's machinery: guest memory and EPT, the default
 * VMCS (a 64-bit guest, SDM 24 and 26.3), running a guest, putting the
 * host state back that a VM exit changes (SDM 27.5), and reporting a VM
 * exit with exactly the fields the SDM defines for it (SDM 27.2).
 */
#include <linux/string.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/debugreg.h>
#include "vmxconf.h"

#define VC_GUEST_CR0	(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | \
			 X86_CR0_PE)
#define VC_GUEST_CR4	(X86_CR4_PAE | X86_CR4_VMXE)
#define VC_WATCHDOG	0x400000	/* preemption-timer ticks: a hung guest exits */

void *vc_gva(struct vc_ctx *c, u64 gpa)
{
	if (gpa >= VC_GUEST_PAGES * PAGE_SIZE)
		return NULL;
	return (u8 *)c->guest[gpa >> PAGE_SHIFT] + (gpa & ~PAGE_MASK);
}

u64 vc_code_gpa(const u8 *sym)
{
	return VC_GPA_CODE + (sym - vcg_start);
}

/*
 * Map the guest-linear page VC_LA_ALIAS to guest-physical @gpa with a 4
 * KiB page table at VC_GPA_EXTRA (present, writable, not global). The
 * guest may still hold the old translation (the TLB): the scenario
 * decides whether it invalidates.
 */
void vc_guest_alias(struct vc_ctx *c, u64 gpa)
{
	u64 *pd = vc_gva(c, VC_GPA_PD), *pt = vc_gva(c, VC_GPA_EXTRA);

	pd[VC_LA_ALIAS >> 21] = VC_GPA_EXTRA | 3;
	pt[(VC_LA_ALIAS >> PAGE_SHIFT) & 511] = gpa | 3;
}

static void vc_guest_tables(struct vc_ctx *c)
{
	u64 *pml4 = vc_gva(c, VC_GPA_PML4), *pdpt = vc_gva(c, VC_GPA_PDPT);
	u64 *pd = vc_gva(c, VC_GPA_PD), *pd4g = vc_gva(c, VC_GPA_PD_4G);
	u64 *gdt = vc_gva(c, VC_GPA_GDT), *idt = vc_gva(c, VC_GPA_IDT);
	u64 stubs = vc_code_gpa(vcg_idt_stubs);
	int i;

	/* Identity: 0-2 MiB with one 2 MiB page, the APIC's 2 MiB uncached. */
	pml4[0] = VC_GPA_PDPT | 3;
	pdpt[0] = VC_GPA_PD | 3;
	pdpt[3] = VC_GPA_PD_4G | 3;
	pd[0] = 0x83;
	pd4g[(VC_GPA_APIC >> 21) & 511] = VC_GPA_APIC | 0x9b;

	gdt[VC_SEL_CODE64 / 8] = 0x00af9b000000ffffULL;
	gdt[VC_SEL_DATA / 8] = 0x00cf93000000ffffULL;
	gdt[VC_SEL_CODE32 / 8] = 0x00cf9b000000ffffULL;
	/* 64-bit TSS, busy, base VC_GPA_TSS, limit 0x67 */
	gdt[VC_SEL_TSS / 8] = 0x67 | ((u64)VC_GPA_TSS << 16) | (0x8bULL << 40);
	gdt[VC_SEL_TSS / 8 + 1] = 0;
	*(u64 *)((u8 *)vc_gva(c, VC_GPA_TSS) + 4) = VC_GPA_STACK + PAGE_SIZE;

	/* Every vector: a present 64-bit interrupt gate to its stub. */
	for (i = 0; i < 256; i++) {
		u64 off = stubs + 8 * i;

		idt[2 * i] = (off & 0xffff) | ((u64)VC_SEL_CODE64 << 16) |
			     (0x8e00ULL << 32) | ((off >> 16 & 0xffff) << 48);
		idt[2 * i + 1] = off >> 32;
	}
}

void vc_prepare_memory(struct vc_ctx *c)
{
	int i;

	for (i = 0; i < VC_GUEST_PAGES; i++)
		memset(c->guest[i], 0, PAGE_SIZE);
	vc_guest_tables(c);
	memcpy(vc_gva(c, VC_GPA_CODE), vcg_start, vcg_end - vcg_start);

	memset(c->ept_pml4, 0, PAGE_SIZE);
	memset(c->ept_pdpt, 0, PAGE_SIZE);
	memset(c->ept_pd, 0, PAGE_SIZE);
	memset(c->ept_pt, 0, PAGE_SIZE);
	memset(c->ept_pd_4g, 0, PAGE_SIZE);
	memset(c->ept_pt_apic, 0, PAGE_SIZE);
	c->ept_pml4[0] = c->ept_pdpt_pa | VC_EPT_RWX;
	c->ept_pdpt[0] = c->ept_pd_pa | VC_EPT_RWX;
	c->ept_pd[0] = c->ept_pt_pa | VC_EPT_RWX;
	for (i = 0; i < VC_GUEST_PAGES; i++)
		c->ept_pt[i] = c->guest_pa[i] | VC_EPT_RWX | VC_EPT_WB;

	memset(c->io_a, 0, PAGE_SIZE);
	memset(c->io_b, 0, PAGE_SIZE);
	memset(c->msr_bitmap, 0xff, PAGE_SIZE);	/* every MSR exits */
	memset(c->msr_area, 0, PAGE_SIZE);
	memset(c->spare, 0, PAGE_SIZE);
	memset(c->vapic, 0, PAGE_SIZE);
	memset(c->apic_access, 0, PAGE_SIZE);
	memset(c->vmread_bm, 0xff, PAGE_SIZE);	/* every field exits */
	memset(c->vmwrite_bm, 0xff, PAGE_SIZE);

	memset(c->vmxon, 0, PAGE_SIZE);
	*(u32 *)c->vmxon = vc_caps.rev;
	for (i = 0; i < VC_NR_VMCS; i++) {
		memset(c->vmcs[i], 0, PAGE_SIZE);
		*(u32 *)c->vmcs[i] = vc_caps.rev;
	}
}

/*
 * Run the guest without EPT: its guest-physical addresses are then host
 * ones, so the EPT's pages (unused now) become ordinary 4-level page
 * tables that map linear page i of the first VC_GUEST_PAGES to
 * guest_pa[i] (present, writable, WB through PAT entry 0). A scenario may
 * change ept_pt[] before it runs the guest.
 */
void vc_guest_without_ept(struct vc_ctx *c)
{
	int i;

	memset(c->ept_pml4, 0, PAGE_SIZE);
	memset(c->ept_pdpt, 0, PAGE_SIZE);
	memset(c->ept_pd, 0, PAGE_SIZE);
	memset(c->ept_pt, 0, PAGE_SIZE);
	c->ept_pml4[0] = c->ept_pdpt_pa | 3;
	c->ept_pdpt[0] = c->ept_pd_pa | 3;
	c->ept_pd[0] = c->ept_pt_pa | 3;
	for (i = 0; i < VC_GUEST_PAGES; i++)
		c->ept_pt[i] = c->guest_pa[i] | 3;
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, 0, SECONDARY_EXEC_ENABLE_EPT);
	vc_wr(c, GUEST_CR3, c->ept_pml4_pa);
}

u64 vc_eptp(struct vc_ctx *c)
{
	return c->ept_pml4_pa | VMX_EPTP_PWL_4 | VMX_EPTP_MT_WB;
}

void vc_invept_all(struct vc_ctx *c)
{
	if (c->vmx_on && (vc_caps.ept_vpid & VMX_EPT_EXTENT_GLOBAL_BIT))
		vc_invept(VMX_EPT_EXTENT_GLOBAL, 0);
}

/*
 * Map one 4 KiB guest-physical page (below 2 MiB, or in the APIC's
 * 2 MiB) to @hpa with EPT permissions and memory type @flags.
 */
void vc_ept_map(struct vc_ctx *c, u64 gpa, u64 hpa, u64 flags)
{
	if (gpa < 0x200000) {
		c->ept_pt[gpa >> PAGE_SHIFT] = hpa | flags;
	} else if ((gpa >> 21) == (VC_GPA_APIC >> 21)) {
		c->ept_pdpt[3] = c->ept_pd_4g_pa | VC_EPT_RWX;
		c->ept_pd_4g[(gpa >> 21) & 511] = c->ept_pt_apic_pa | VC_EPT_RWX;
		c->ept_pt_apic[(gpa >> PAGE_SHIFT) & 511] = hpa | flags;
	}
	vc_invept_all(c);
}

void vc_ept_unmap(struct vc_ctx *c, u64 gpa)
{
	if (gpa < 0x200000)
		c->ept_pt[gpa >> PAGE_SHIFT] = 0;
	vc_invept_all(c);
}

static u32 vc_ctl(u64 cap, u32 want)
{
	return (want | (u32)cap) & (u32)(cap >> 32);
}

void vc_set_ctl(struct vc_ctx *c, u64 field, u32 set, u32 clear)
{
	vc_wr(c, field, (vc_rd(field) | set) & ~clear);
}

void vc_guest_at(struct vc_ctx *c, const u8 *sym)
{
	c->entry_gpa = vc_code_gpa(sym);
	vc_wr(c, GUEST_RIP, c->entry_gpa);
}

/* VMCLEAR and VMPTRLD VMCS @idx (SDM 24.11.3). 0, or the failing result. */
int vc_vmcs_init(struct vc_ctx *c, unsigned int idx)
{
	u32 res = vc_vmclear(c->vmcs_pa[idx]);

	if (res) {
		vc_put_res(c, "setup: vmclear", res);
		return res;
	}
	res = vc_vmptrld(c, c->vmcs_pa[idx]);
	if (res) {
		vc_put_res(c, "setup: vmptrld", res);
		return res;
	}
	c->launched = false;
	return 0;
}

static u64 vc_tr_base(void)
{
	struct desc_ptr gdt;
	struct ldttss_desc *d;
	u16 tr;

	native_store_gdt(&gdt);
	asm volatile("str %0" : "=r"(tr));
	d = (struct ldttss_desc *)(gdt.address + (tr & ~7));
	return d->base0 | ((u64)d->base1 << 16) | ((u64)d->base2 << 24) |
	       ((u64)d->base3 << 32);
}

static void vc_host_state(struct vc_ctx *c)
{
	struct vc_host_save *h = &c->host;
	u64 v;

	vc_wr(c, HOST_CR0, native_read_cr0());
	vc_wr(c, HOST_CR3, __native_read_cr3());
	vc_wr(c, HOST_CR4, native_read_cr4());
	vc_wr(c, HOST_CS_SELECTOR, __KERNEL_CS);
	vc_wr(c, HOST_SS_SELECTOR, __KERNEL_DS);
	/* Host selectors need RPL 0 and TI 0 (SDM 26.2.3); null otherwise. */
	vc_wr(c, HOST_DS_SELECTOR, (h->ds & 7) ? 0 : h->ds);
	vc_wr(c, HOST_ES_SELECTOR, (h->es & 7) ? 0 : h->es);
	vc_wr(c, HOST_FS_SELECTOR, (h->fs & 7) ? 0 : h->fs);
	vc_wr(c, HOST_GS_SELECTOR, (h->gs & 7) ? 0 : h->gs);
	vc_wr(c, HOST_TR_SELECTOR, h->tr);
	rdmsrl(MSR_FS_BASE, v);
	vc_wr(c, HOST_FS_BASE, v);
	rdmsrl(MSR_GS_BASE, v);
	vc_wr(c, HOST_GS_BASE, v);
	vc_wr(c, HOST_TR_BASE, vc_tr_base());
	vc_wr(c, HOST_GDTR_BASE, h->gdt.base);
	vc_wr(c, HOST_IDTR_BASE, h->idt.base);
	rdmsrl(MSR_IA32_SYSENTER_CS, v);
	vc_wr(c, HOST_IA32_SYSENTER_CS, v);
	rdmsrl(MSR_IA32_SYSENTER_ESP, v);
	vc_wr(c, HOST_IA32_SYSENTER_ESP, v);
	rdmsrl(MSR_IA32_SYSENTER_EIP, v);
	vc_wr(c, HOST_IA32_SYSENTER_EIP, v);
	rdmsrl(MSR_EFER, v);
	vc_wr(c, HOST_IA32_EFER, v);
}

static void vc_guest_seg(struct vc_ctx *c, u32 sel_field, u16 sel, u32 ar)
{
	/* ES..GS selector/limit/AR/base fields are spaced 2 apart (SDM B). */
	unsigned int i = (sel_field - GUEST_ES_SELECTOR) / 2;

	vc_wr(c, sel_field, sel);
	vc_wr(c, GUEST_ES_LIMIT + 2 * i, 0xffffffff);
	vc_wr(c, GUEST_ES_AR_BYTES + 2 * i, ar);
	vc_wr(c, GUEST_ES_BASE + 2 * i, 0);
}

/*
 * The default VMCS for a scenario: a 64-bit guest at CPL 0 on the
 * guest's own identity page tables and the test's EPT; NMIs, HLT, I/O,
 * every MSR and every exception exit; a preemption-timer watchdog.
 */
void vc_vmcs_default(struct vc_ctx *c)
{
	vc_wr(c, PIN_BASED_VM_EXEC_CONTROL,
	      vc_ctl(vc_caps.pin, PIN_BASED_NMI_EXITING |
				  PIN_BASED_VMX_PREEMPTION_TIMER));
	vc_wr(c, CPU_BASED_VM_EXEC_CONTROL,
	      vc_ctl(vc_caps.proc, CPU_BASED_HLT_EXITING |
				   CPU_BASED_UNCOND_IO_EXITING |
				   CPU_BASED_USE_MSR_BITMAPS |
				   CPU_BASED_CR8_LOAD_EXITING |
				   CPU_BASED_CR8_STORE_EXITING |
				   CPU_BASED_MWAIT_EXITING |
				   CPU_BASED_MONITOR_EXITING |
				   CPU_BASED_ACTIVATE_SECONDARY_CONTROLS));
	vc_wr(c, SECONDARY_VM_EXEC_CONTROL,
	      vc_ctl(vc_caps.proc2, SECONDARY_EXEC_ENABLE_EPT));
	vc_wr(c, VM_EXIT_CONTROLS,
	      vc_ctl(vc_caps.exit, VM_EXIT_HOST_ADDR_SPACE_SIZE |
				   VM_EXIT_LOAD_IA32_EFER));
	vc_wr(c, VM_ENTRY_CONTROLS,
	      vc_ctl(vc_caps.entry, VM_ENTRY_IA32E_MODE |
				    VM_ENTRY_LOAD_IA32_EFER));
	vc_wr(c, EXCEPTION_BITMAP, 0xffffffff);
	vc_wr(c, PAGE_FAULT_ERROR_CODE_MASK, 0);
	vc_wr(c, PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vc_wr(c, CR3_TARGET_COUNT, 0);
	vc_wr(c, VM_EXIT_MSR_STORE_COUNT, 0);
	vc_wr(c, VM_EXIT_MSR_LOAD_COUNT, 0);
	vc_wr(c, VM_ENTRY_MSR_LOAD_COUNT, 0);
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, 0);
	vc_wr(c, IO_BITMAP_A, c->io_a_pa);
	vc_wr(c, IO_BITMAP_B, c->io_b_pa);
	vc_wr(c, MSR_BITMAP, c->msr_bitmap_pa);
	vc_wr(c, EPT_POINTER, vc_eptp(c));
	vc_wr(c, VMCS_LINK_POINTER, ~0ULL);
	vc_wr(c, CR0_GUEST_HOST_MASK, 0);
	vc_wr(c, CR4_GUEST_HOST_MASK, 0);
	vc_wr(c, CR0_READ_SHADOW, VC_GUEST_CR0);
	vc_wr(c, CR4_READ_SHADOW, VC_GUEST_CR4);
	vc_wr(c, TSC_OFFSET, 0);
	vc_wr(c, VMX_PREEMPTION_TIMER_VALUE, VC_WATCHDOG);

	vc_host_state(c);

	vc_wr(c, GUEST_CR0, VC_GUEST_CR0);
	vc_wr(c, GUEST_CR3, VC_GPA_PML4);
	vc_wr(c, GUEST_CR4, VC_GUEST_CR4);
	vc_wr(c, GUEST_DR7, 0x400);
	vc_wr(c, GUEST_IA32_DEBUGCTL, 0);
	vc_wr(c, GUEST_IA32_EFER, EFER_LME | EFER_LMA);
	vc_wr(c, GUEST_RSP, VC_GPA_STACK + PAGE_SIZE);
	vc_wr(c, GUEST_RIP, vc_code_gpa(vcg_vmcall));
	c->entry_gpa = vc_code_gpa(vcg_vmcall);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED);
	vc_guest_seg(c, GUEST_ES_SELECTOR, VC_SEL_DATA, 0xc093);
	vc_guest_seg(c, GUEST_CS_SELECTOR, VC_SEL_CODE64, 0xa09b);
	vc_guest_seg(c, GUEST_SS_SELECTOR, VC_SEL_DATA, 0xc093);
	vc_guest_seg(c, GUEST_DS_SELECTOR, VC_SEL_DATA, 0xc093);
	vc_guest_seg(c, GUEST_FS_SELECTOR, VC_SEL_DATA, 0xc093);
	vc_guest_seg(c, GUEST_GS_SELECTOR, VC_SEL_DATA, 0xc093);
	vc_wr(c, GUEST_LDTR_SELECTOR, 0);
	vc_wr(c, GUEST_LDTR_LIMIT, 0);
	vc_wr(c, GUEST_LDTR_AR_BYTES, 0x10000);	/* unusable */
	vc_wr(c, GUEST_LDTR_BASE, 0);
	vc_wr(c, GUEST_TR_SELECTOR, VC_SEL_TSS);
	vc_wr(c, GUEST_TR_LIMIT, 0x67);
	vc_wr(c, GUEST_TR_AR_BYTES, 0x8b);
	vc_wr(c, GUEST_TR_BASE, VC_GPA_TSS);
	vc_wr(c, GUEST_GDTR_BASE, VC_GPA_GDT);
	vc_wr(c, GUEST_GDTR_LIMIT, 0x37);
	vc_wr(c, GUEST_IDTR_BASE, VC_GPA_IDT);
	vc_wr(c, GUEST_IDTR_LIMIT, 0xfff);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, 0);
	vc_wr(c, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vc_wr(c, GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vc_wr(c, GUEST_SYSENTER_CS, 0);
	vc_wr(c, GUEST_SYSENTER_ESP, 0);
	vc_wr(c, GUEST_SYSENTER_EIP, 0);
	memset(&c->regs, 0, sizeof(c->regs));
}

/*
 * What a VM exit (or an entry that failed after loading guest state)
 * changed in the host that Linux relies on: data selectors, LDTR, the
 * GDT and IDT limits, the TSS limit, DR7 and DEBUGCTL (SDM 27.5).
 */
void vc_host_restore(struct vc_ctx *c)
{
	struct vc_host_save *h = &c->host;
	struct desc_ptr dt;

	dt.size = h->gdt.limit;
	dt.address = h->gdt.base;
	native_load_gdt(&dt);
	dt.size = h->idt.limit;
	dt.address = h->idt.base;
	native_load_idt(&dt);
	invalidate_tss_limit();
	if (h->ldt)
		asm volatile("lldt %0" : : "rm"(h->ldt));
	if (h->ds)
		loadsegment(ds, h->ds);
	if (h->es)
		loadsegment(es, h->es);
	if (h->fs & 7) {
		loadsegment(fs, h->fs);
		wrmsrl(MSR_FS_BASE, h->fs_base);
	}
	if (h->gs & 7)
		native_load_gs_index(h->gs);
	/* the guest may load it (MSR lists, WRMSR without an exit) */
	wrmsrl(MSR_KERNEL_GS_BASE, h->kernel_gs_base);
	if (h->dr7 != 0x400)
		native_set_debugreg(7, h->dr7);
	if (h->debugctl)
		wrmsrl(MSR_IA32_DEBUGCTLMSR, h->debugctl);
}

u32 vc_exit_reason(void)
{
	return (u32)vc_rd(VM_EXIT_REASON);
}

/*
 * A guest with VPID @vpid that reads the linear page VC_LA_ALIAS, mapped
 * to VC_GPA_DATA (holding VC_MARK1; VC_GPA_DATA2 holds VC_MARK2). First
 * every VPID's translations are invalidated (INVVPID all-context), so
 * none is left from an earlier scenario. False (and "vpid=not-offered")
 * without "enable VPID".
 */
bool vc_vpid_guest(struct vc_ctx *c, u16 vpid)
{
	u32 res;

	if (!(vc_caps.proc2 & ((u64)SECONDARY_EXEC_ENABLE_VPID << 32))) {
		vc_put(c, "vpid=not-offered");
		return false;
	}
	if ((vc_caps.ept_vpid >> 32) & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT) {
		res = vc_invvpid(VMX_VPID_EXTENT_ALL_CONTEXT, 0, 0);
		if (res)
			vc_put_res(c, "setup: invvpid", res);
	}
	*(u64 *)vc_gva(c, VC_GPA_DATA) = VC_MARK1;
	*(u64 *)vc_gva(c, VC_GPA_DATA2) = VC_MARK2;
	vc_guest_alias(c, VC_GPA_DATA);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_VPID, 0);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, vpid);
	return true;
}

/* Enter the guest to read VC_LA_ALIAS: the exit and "read=" the value. */
void vc_vpid_read(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = VC_LA_ALIAS;
	c->regs.rax = 0;
	if (!vc_run_put(c) && vc_exit_reason() == EXIT_REASON_VMCALL)
		vc_put(c, "read=%#llx", c->regs.rax);
}

static u32 vc_run_how(struct vc_ctx *c, u64 how)
{
	u64 r = vc_asm_run(&c->regs, how);

	if (r)
		return (u32)r;
	vc_host_restore(c);
	if (!(vc_exit_reason() & VMX_EXIT_REASONS_FAILED_VMENTRY))
		c->launched = true;
	return 0;
}

/*
 * VMLAUNCH if the current VMCS was not launched by this scenario, else
 * VMRESUME. 0 after a VM exit (the guest's GPRs in c->regs), otherwise
 * VC_FAILED | the arithmetic flags (VC_FLAGS), or VC_TRAP | vector.
 */
u32 vc_run(struct vc_ctx *c)
{
	return vc_run_how(c, c->launched ? VC_ASM_RESUME : VC_ASM_LAUNCH);
}

/* VMLAUNCH right after a MOV to SS (events blocked by MOV SS). */
u32 vc_run_after_mov_ss(struct vc_ctx *c)
{
	return vc_run_how(c, VC_ASM_LAUNCH_MOV_SS);
}

void vc_skip_insn(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RIP, vc_rd(GUEST_RIP) + vc_rd(VM_EXIT_INSTRUCTION_LEN));
}

static const struct {
	u32 reason;
	const char *name;
} vc_reason_names[] = { VMX_EXIT_REASONS };

static void vc_put_reason(struct vc_ctx *c, u32 reason)
{
	const char *name = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vc_reason_names); i++)
		if (vc_reason_names[i].reason == (reason & 0xffff))
			name = vc_reason_names[i].name;
	vc_put(c, "exit=%s%s", reason & VMX_EXIT_REASONS_FAILED_VMENTRY ?
				"FAILED_ENTRY:" : "", name ? name : "?");
	if (!name || (reason & ~(VMX_EXIT_REASONS_FAILED_VMENTRY | 0xffff)))
		vc_put(c, "reason=%#x", reason);
}

/*
 * RIP relative to the running snippet, as idt:VECTOR+N in the stubs, or
 * as an address when outside the guest's code.
 */
void vc_put_rip(struct vc_ctx *c, const char *key, u64 rip)
{
	u64 s = vc_code_gpa(vcg_idt_stubs), e = vc_code_gpa(vcg_idt_stubs_end);

	if (rip < VC_GPA_CODE || rip >= VC_GPA_CODE + VC_CODE_SIZE)
		vc_put(c, "%s=%#llx", key, rip);
	else if (rip >= s && rip < e)
		vc_put(c, "%s=idt:%llu+%llu", key, (rip - s) / 8, (rip - s) % 8);
	else if (rip >= c->entry_gpa)
		vc_put(c, "%s=+%llu", key, rip - c->entry_gpa);
	else
		vc_put(c, "%s=-%llu", key, c->entry_gpa - rip);
}

/* SDM 27.2.5: exits that save the VM-exit instruction length. */
static bool vc_len_defined(u32 reason, u32 intr, u32 idtv)
{
	static const u8 insn_exits[] = {
		EXIT_REASON_CPUID, 11, EXIT_REASON_HLT, EXIT_REASON_INVD,
		EXIT_REASON_INVLPG, EXIT_REASON_RDPMC, EXIT_REASON_RDTSC,
		EXIT_REASON_VMCALL, EXIT_REASON_VMCLEAR, EXIT_REASON_VMLAUNCH,
		EXIT_REASON_VMPTRLD, EXIT_REASON_VMPTRST, EXIT_REASON_VMREAD,
		EXIT_REASON_VMRESUME, EXIT_REASON_VMWRITE, EXIT_REASON_VMOFF,
		EXIT_REASON_VMON, EXIT_REASON_CR_ACCESS, EXIT_REASON_DR_ACCESS,
		EXIT_REASON_IO_INSTRUCTION, EXIT_REASON_MSR_READ,
		EXIT_REASON_MSR_WRITE, EXIT_REASON_MWAIT_INSTRUCTION,
		EXIT_REASON_MONITOR_INSTRUCTION, EXIT_REASON_PAUSE_INSTRUCTION,
		EXIT_REASON_GDTR_IDTR, EXIT_REASON_LDTR_TR, EXIT_REASON_INVEPT,
		EXIT_REASON_RDTSCP, EXIT_REASON_INVVPID, EXIT_REASON_WBINVD,
		EXIT_REASON_XSETBV, EXIT_REASON_RDRAND, EXIT_REASON_INVPCID,
		EXIT_REASON_VMFUNC, EXIT_REASON_RDSEED, EXIT_REASON_XSAVES,
		EXIT_REASON_XRSTORS,
	};
	unsigned int i, type;

	for (i = 0; i < ARRAY_SIZE(insn_exits); i++)
		if (insn_exits[i] == reason)
			return true;
	/* software interrupts and exceptions, their own or being delivered */
	type = (intr & INTR_INFO_INTR_TYPE_MASK) >> 8;
	if (reason == EXIT_REASON_EXCEPTION_NMI && (intr & INTR_INFO_VALID_MASK) &&
	    (type == 4 || type == 5 || type == 6))
		return true;
	type = (idtv & VECTORING_INFO_TYPE_MASK) >> 8;
	return (idtv & VECTORING_INFO_VALID_MASK) &&
	       (type == 4 || type == 5 || type == 6);
}

/* SDM 27.2.5: exits that save the VM-exit instruction information. */
static bool vc_info_defined(u32 reason, u64 qual)
{
	switch (reason) {
	case EXIT_REASON_VMCLEAR: case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST: case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMWRITE: case EXIT_REASON_VMON:
	case EXIT_REASON_GDTR_IDTR: case EXIT_REASON_LDTR_TR:
	case EXIT_REASON_INVEPT: case EXIT_REASON_INVVPID:
	case EXIT_REASON_RDRAND: case EXIT_REASON_INVPCID:
	case EXIT_REASON_RDSEED: case EXIT_REASON_XSAVES:
	case EXIT_REASON_XRSTORS:
		return true;
	case EXIT_REASON_IO_INSTRUCTION:	/* INS/OUTS, if VMX_BASIC[54] */
		return (qual & 0x10) && (vc_caps.basic & BIT_ULL(54));
	}
	return false;
}

static bool vc_gla_defined(u32 reason, u64 qual)
{
	switch (reason) {
	case EXIT_REASON_IO_INSTRUCTION:
		return qual & 0x10;
	case EXIT_REASON_CR_ACCESS:	/* LMSW with a memory operand */
		return ((qual >> 4) & 3) == 3 && (qual & 0x40);
	case EXIT_REASON_EPT_VIOLATION:
		return qual & 0x80;
	}
	return false;
}

/*
 * One VM exit, every field the SDM defines for it: reason, qualification,
 * interruption and IDT-vectoring information with their error codes,
 * instruction length and information, guest-linear and guest-physical
 * address, guest RIP, and the guest's interruptibility, activity and
 * pending debug exceptions when not 0.
 */
void vc_put_exit(struct vc_ctx *c)
{
	u32 reason = vc_exit_reason(), basic = reason & 0xffff;
	u64 qual = vc_rd(EXIT_QUALIFICATION);
	u32 intr = (u32)vc_rd(VM_EXIT_INTR_INFO);
	u32 idtv = (u32)vc_rd(IDT_VECTORING_INFO_FIELD);
	u64 v;

	vc_put_reason(c, reason);
	/*
	 * VMREAD/VMWRITE with a register operand: qualification 0 (SDM 28.2.1),
	 * arbitrary on Bochs 2.7 (docs/conformance.md item 3), so printed
	 * only with reg_qual=1. Instruction information bit 10: register.
	 */
	if ((basic == EXIT_REASON_VMREAD || basic == EXIT_REASON_VMWRITE) &&
	    !(reason & VMX_EXIT_REASONS_FAILED_VMENTRY) && !vc_reg_qual &&
	    (vc_rd(VMX_INSTRUCTION_INFO) & BIT(10)))
		vc_put(c, "qual=reg-form");
	else
		vc_put(c, "qual=%#llx", qual);
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		return;		/* SDM 26.8: nothing else is saved */
	if (intr & INTR_INFO_VALID_MASK) {
		vc_put(c, "intr=%#x", intr);
		if (intr & INTR_INFO_DELIVER_CODE_MASK)
			vc_put(c, "intr_err=%#llx", vc_rd(VM_EXIT_INTR_ERROR_CODE));
	}
	if (idtv & VECTORING_INFO_VALID_MASK) {
		vc_put(c, "idtv=%#x", idtv);
		if (idtv & VECTORING_INFO_DELIVER_CODE_MASK)
			vc_put(c, "idtv_err=%#llx", vc_rd(IDT_VECTORING_ERROR_CODE));
	}
	if (vc_len_defined(basic, intr, idtv))
		vc_put(c, "len=%llu", vc_rd(VM_EXIT_INSTRUCTION_LEN));
	if (vc_info_defined(basic, qual))
		vc_put(c, "info=%#llx", vc_rd(VMX_INSTRUCTION_INFO));
	if (vc_gla_defined(basic, qual))
		vc_put(c, "gla=%#llx", vc_rd(GUEST_LINEAR_ADDRESS));
	if (basic == EXIT_REASON_EPT_VIOLATION ||
	    basic == EXIT_REASON_EPT_MISCONFIG)
		vc_put(c, "gpa=%#llx", vc_rd(GUEST_PHYSICAL_ADDRESS));
	vc_put_rip(c, "rip", vc_rd(GUEST_RIP));
	v = vc_rd(GUEST_INTERRUPTIBILITY_INFO);
	if (v)
		vc_put(c, "intstate=%#llx", v);
	v = vc_rd(GUEST_ACTIVITY_STATE);
	if (v)
		vc_put(c, "activity=%llu", v);
	v = vc_rd(GUEST_PENDING_DBG_EXCEPTIONS);
	if (v)
		vc_put(c, "pdbg=%#llx", v);
}

/* The result of vc_run(): the exit, or how VMLAUNCH/VMRESUME failed. */
void vc_put_run(struct vc_ctx *c, u32 res)
{
	if (!res)
		vc_put_exit(c);
	else if (res & VC_TRAP)
		vc_put_res(c, c->launched ? "vmresume" : "vmlaunch", res);
	else
		vc_put_res(c, c->launched ? "vmresume" : "vmlaunch",
			   res & (VC_CF | VC_ZF));
}

u32 vc_run_put(struct vc_ctx *c)
{
	u32 res = vc_run(c);

	vc_put_run(c, res);
	return res;
}

/* Intercept (or not) RDMSR and/or WRMSR of @msr in the MSR bitmap. */
void vc_msr_bitmap_set(struct vc_ctx *c, u32 msr, bool read, bool write,
		       bool intercept)
{
	u8 *bm = c->msr_bitmap;
	unsigned int base, bit;

	if (msr <= 0x1fff) {
		base = 0;
		bit = msr;
	} else if (msr >= 0xc0000000 && msr <= 0xc0001fff) {
		base = 1024;
		bit = msr - 0xc0000000;
	} else {
		return;
	}
	if (read) {
		if (intercept)
			bm[base + bit / 8] |= 1 << (bit % 8);
		else
			bm[base + bit / 8] &= ~(1 << (bit % 8));
	}
	if (write) {
		if (intercept)
			bm[2048 + base + bit / 8] |= 1 << (bit % 8);
		else
			bm[2048 + base + bit / 8] &= ~(1 << (bit % 8));
	}
}

void vc_io_bitmap_set(struct vc_ctx *c, u16 port, bool intercept)
{
	u8 *bm = port < 0x8000 ? c->io_a : c->io_b;
	unsigned int bit = port & 0x7fff;

	if (intercept)
		bm[bit / 8] |= 1 << (bit % 8);
	else
		bm[bit / 8] &= ~(1 << (bit % 8));
}

/*
 * The frame an event delivered through the guest IDT pushed (64-bit:
 * [error code,] RIP, CS, RFLAGS, RSP, SS), as seen at the stub's VMCALL.
 */
void vc_put_frame(struct vc_ctx *c, bool err_code)
{
	u64 rsp = vc_rd(GUEST_RSP);
	u64 *f = vc_gva(c, rsp);

	if (!f || rsp + (err_code ? 48 : 40) > VC_GPA_STACK + PAGE_SIZE) {
		vc_put(c, "frame=none");
		return;
	}
	if (err_code)
		vc_put(c, "frame_err=%#llx", *f++);
	vc_put_rip(c, "frame_rip", f[0]);
	vc_put(c, "frame_cs=%#llx frame_rflags=%#llx frame_rsp=%#llx",
	       f[1], f[2], f[3]);
}

/* A physical address the test owns, by name (never the number). */
void vc_put_ptr(struct vc_ctx *c, const char *key, u64 pa)
{
	unsigned int i;

	if (pa == ~0ULL) {
		vc_put(c, "%s=none", key);
		return;
	}
	for (i = 0; i < VC_NR_VMCS; i++) {
		if (pa == c->vmcs_pa[i]) {
			vc_put(c, "%s=vmcs%u", key, i);
			return;
		}
	}
	if (pa == c->vmxon_pa)
		vc_put(c, "%s=vmxon", key);
	else
		vc_put(c, "%s=other", key);
}
