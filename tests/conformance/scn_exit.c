// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios: VM exits caused by guest instructions and events, and their
 * qualifications (SDM 25.1-25.3, 27.2): CPUID, HLT, RDTSC, CR and DR
 * access with masks and shadows, I/O with and without bitmaps, MSR
 * bitmaps, the exception bitmap with #PF filtering, INVLPG, triple fault,
 * EPT violations and misconfigurations, the preemption timer, and VMX
 * instructions executed by the guest.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <asm/io.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include "vmxconf.h"

/* Instructions that always exit. */
static void exit_vmcall(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_vmcall);
	vc_run_put(c);
}

static void exit_cpuid(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_cpuid);
	c->regs.rax = 0xd;
	c->regs.rcx = 1;
	vc_run_put(c);
	vc_put(c, "rax=%#llx rcx=%#llx", c->regs.rax, c->regs.rcx);
}

/* CPUID after MOV SS: the exit shows blocking by MOV SS. */
static void exit_cpuid_after_mov_ss(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_mov_ss_cpuid);
	vc_run_put(c);
}

static void exit_invd(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_invd);
	vc_run_put(c);
}

static void exit_xsetbv(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CR4, vc_rd(GUEST_CR4) | X86_CR4_OSXSAVE);
	vc_guest_at(c, vcg_xsetbv);
	c->regs.rax = 1;
	vc_run_put(c);
}

/* XSETBV with CR4.OSXSAVE = 0: #UD comes before the exit. */
static void xsetbv_osxsave_clear(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_xsetbv);
	c->regs.rax = 1;
	vc_run_put(c);
}

static void exit_guest_vmread(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_vmread);
	c->regs.rbx = GUEST_RIP;
	vc_run_put(c);
}

static void exit_guest_vmxon(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_vmxon);
	c->regs.rbx = VC_GPA_DATA;
	vc_run_put(c);
}

/* Conditional exits. */
static void exit_hlt(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_hlt);
	vc_run_put(c);
}

/* HLT without HLT exiting: the preemption timer ends the halt. */
static void hlt_timer_wakes(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_HLT_EXITING);
	vc_wr(c, VMX_PREEMPTION_TIMER_VALUE, 1000);
	vc_guest_at(c, vcg_hlt);
	vc_run_put(c);
}

/* Timer value 0: the exit comes before the guest's first instruction. */
static void preemption_timer_zero(struct vc_ctx *c)
{
	vc_wr(c, VMX_PREEMPTION_TIMER_VALUE, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

static void exit_rdtsc(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_RDTSC_EXITING, 0);
	vc_guest_at(c, vcg_rdtsc);
	vc_run_put(c);
}

/*
 * "Conceal VMX from PT" (secondary control 19, exit control 24, entry
 * control 17): without Intel PT in use the guest runs as without them;
 * where the CPU lacks them, setting them is VMfailValid(7).
 */
static void pt_conceal_controls(struct vc_ctx *c)
{
	vc_put(c, "may=%d%d%d", !!(vc_caps.proc2 & BIT_ULL(32 + 19)),
	       !!(vc_caps.exit & BIT_ULL(32 + 24)),
	       !!(vc_caps.entry & BIT_ULL(32 + 17)));
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, BIT(19), 0);
	vc_set_ctl(c, VM_EXIT_CONTROLS, BIT(24), 0);
	vc_set_ctl(c, VM_ENTRY_CONTROLS, BIT(17), 0);
	vc_guest_at(c, vcg_cpuid);
	c->regs.rax = 0;
	vc_run_put(c);
}

/*
 * "use TSC scaling" (SDM 25.3, 26.6.5): RDTSC reads (TSC * multiplier) >>
 * 48 plus the TSC offset; with multiplier 1 and a TSC below 2^48, the
 * offset alone, the same on every run. (Multiplier 0 would say so too,
 * but Bochs 2.7 refuses it with VMfailValid(7), a check the SDM does not
 * make.) Under hvnest, which does not scale or offset L1's TSC, VMCS02
 * takes L1's multiplier and offset as they are.
 */
static void tsc_scaling_multiplier_one(struct vc_ctx *c)
{
	bool has = vc_caps.proc2 & ((u64)SECONDARY_EXEC_TSC_SCALING << 32);

	vc_put(c, "tsc_scaling=%d", has);
	if (!has)
		return;
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL,
		   CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
		   CPU_BASED_RDTSC_EXITING);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_TSC_SCALING, 0);
	vc_wr(c, TSC_OFFSET, 0x123456789aULL);
	vc_wr(c, TSC_MULTIPLIER, 1);
	vc_guest_at(c, vcg_rdtsc);
	vc_run_put(c);
	vc_put(c, "rax=%#llx rdx=%#llx", c->regs.rax, c->regs.rdx);
}

/* RDTSCP without "enable RDTSCP": #UD. */
static void rdtscp_disabled_ud(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_rdtscp);
	vc_run_put(c);
}

/*
 * PAUSE-loop exiting (SDM 25.1.3): PAUSEs less than PLE_Gap apart for
 * longer than PLE_Window exit with reason 40 at a PAUSE. A spin of 10^6
 * PAUSEs that ends in VMCALL: a PAUSE exit comes long before. Under
 * hvnest, VMCS02 takes both fields as L1 set them.
 */
static void pause_loop_exiting(struct vc_ctx *c)
{
	bool has = vc_caps.proc2 &
		   ((u64)SECONDARY_EXEC_PAUSE_LOOP_EXITING << 32);

	vc_put(c, "ple=%d", has);
	if (!has)
		return;
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL,
		   CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
		   CPU_BASED_PAUSE_EXITING);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL,
		   SECONDARY_EXEC_PAUSE_LOOP_EXITING, 0);
	vc_wr(c, PLE_GAP, 128);
	vc_wr(c, PLE_WINDOW, 4096);
	vc_guest_at(c, vcg_spin);
	c->regs.r8 = 1000000;
	vc_run_put(c);
}

static void exit_pause(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_PAUSE_EXITING, 0);
	vc_guest_at(c, vcg_pause);
	vc_run_put(c);
}

static void exit_wbinvd(struct vc_ctx *c)
{
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_WBINVD_EXITING, 0);
	vc_guest_at(c, vcg_wbinvd);
	vc_run_put(c);
}

static void exit_invlpg(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_INVLPG_EXITING, 0);
	vc_guest_at(c, vcg_invlpg);
	c->regs.rbx = 0x123456;
	vc_run_put(c);
}

/* ---- control registers (SDM 25.1.3, table 27-3) ---- */

static void exit_cr3_load(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_CR3_LOAD_EXITING, 0);
	vc_guest_at(c, vcg_cr3_write);
	c->regs.rbx = VC_GPA_PML4;
	vc_run_put(c);
}

/* A CR3-target value matches: no exit. */
static void cr3_load_target_no_exit(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_CR3_LOAD_EXITING, 0);
	vc_wr(c, CR3_TARGET_COUNT, 1);
	vc_wr(c, CR3_TARGET_VALUE0, VC_GPA_PML4);
	vc_guest_at(c, vcg_cr3_write);
	c->regs.rbx = VC_GPA_PML4;
	vc_run_put(c);
}

static void exit_cr3_store(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_CR3_STORE_EXITING, 0);
	vc_guest_at(c, vcg_cr3_read);
	vc_run_put(c);
}

/* CR0: a host-owned bit written with its shadow's value: no exit. */
static void cr0_mask_same_as_shadow(struct vc_ctx *c)
{
	vc_wr(c, CR0_GUEST_HOST_MASK, X86_CR0_TS);
	vc_guest_at(c, vcg_cr0_write);
	c->regs.rbx = vc_rd(GUEST_CR0);
	vc_run_put(c);
}

static void cr0_mask_differs_from_shadow(struct vc_ctx *c)
{
	vc_wr(c, CR0_GUEST_HOST_MASK, X86_CR0_TS);
	vc_guest_at(c, vcg_cr0_write);
	c->regs.rbx = vc_rd(GUEST_CR0) | X86_CR0_TS;
	vc_run_put(c);
}

/* Reads of host-owned bits return the read shadow. */
static void cr0_read_shadow(struct vc_ctx *c)
{
	vc_wr(c, CR0_GUEST_HOST_MASK, X86_CR0_TS | X86_CR0_MP);
	vc_wr(c, CR0_READ_SHADOW, vc_rd(GUEST_CR0) | X86_CR0_TS);
	vc_guest_at(c, vcg_cr0_read);
	vc_run_put(c);
	vc_put(c, "rax=%#llx", c->regs.rax);
}

static void cr4_read_shadow(struct vc_ctx *c)
{
	vc_wr(c, CR4_GUEST_HOST_MASK, X86_CR4_VMXE | X86_CR4_PGE);
	vc_wr(c, CR4_READ_SHADOW, X86_CR4_PAE | X86_CR4_PGE);
	vc_guest_at(c, vcg_cr4_read);
	vc_run_put(c);
	vc_put(c, "rax=%#llx", c->regs.rax);
}

static void cr4_write_owned_bit(struct vc_ctx *c)
{
	vc_wr(c, CR4_GUEST_HOST_MASK, X86_CR4_VMXE);
	vc_wr(c, CR4_READ_SHADOW, X86_CR4_PAE);
	vc_guest_at(c, vcg_cr4_write);
	c->regs.rbx = X86_CR4_PAE | X86_CR4_VMXE;
	vc_run_put(c);
}

/* CLTS exits only when TS is host-owned and set in the shadow. */
static void clts_exit(struct vc_ctx *c)
{
	vc_wr(c, CR0_GUEST_HOST_MASK, X86_CR0_TS);
	vc_wr(c, CR0_READ_SHADOW, vc_rd(GUEST_CR0) | X86_CR0_TS);
	vc_guest_at(c, vcg_clts);
	vc_run_put(c);
}

static void clts_no_exit_shadow_clear(struct vc_ctx *c)
{
	vc_wr(c, CR0_GUEST_HOST_MASK, X86_CR0_TS);
	vc_guest_at(c, vcg_clts);
	vc_run_put(c);
}

/* LMSW setting a host-owned bit that differs from the shadow. */
static void lmsw_exit(struct vc_ctx *c)
{
	vc_wr(c, CR0_GUEST_HOST_MASK, X86_CR0_MP);
	vc_guest_at(c, vcg_lmsw);
	c->regs.rbx = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET;
	vc_run_put(c);
}

static void exit_cr8_load(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_cr8_write);
	c->regs.rdx = 0;
	vc_run_put(c);
}

/*
 * "Use TPR shadow" (SDM 29.3, virtualizing CR8-based TPR accesses):
 * MOV to CR8 writes bits 7:4 of VTPR, the dword at byte 80H of the
 * virtual-APIC page at @vapic_pa, without CR8-load exiting.
 */
static void vc_tpr_shadow(struct vc_ctx *c, u64 vapic_pa, u32 threshold)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW,
		   CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING);
	vc_wr(c, VIRTUAL_APIC_PAGE_ADDR, vapic_pa);
	vc_wr(c, TPR_THRESHOLD, threshold);
}

/* VTPR 0x30, TPR threshold 2: the guest writes @cr8 to CR8. */
static void vc_tpr_cr8_write(struct vc_ctx *c, u64 cr8)
{
	u32 *vtpr = (u32 *)((u8 *)c->spare + 0x80);

	*vtpr = 0x30;
	vc_tpr_shadow(c, c->spare_pa, 2);
	vc_guest_at(c, vcg_cr8_write);
	c->regs.rdx = cr8;
	vc_run_put(c);
	vc_put(c, "vtpr=%#x", *vtpr);
}

/* At or above the TPR threshold: VTPR written, no exit. */
static void tpr_shadow_cr8_write(struct vc_ctx *c)
{
	vc_tpr_cr8_write(c, 5);
}

/* Below it: VTPR written, then a trap-like TPR-below-threshold exit. */
static void tpr_shadow_below_threshold(struct vc_ctx *c)
{
	vc_tpr_cr8_write(c, 1);
}

/*
 * SDM 26.2.1.1: with TPR shadow and neither APIC-access virtualization
 * nor virtual-interrupt delivery, TPR threshold 3:0 above VTPR 7:4 is an
 * invalid control field: VMfailValid(7), VTPR read from memory.
 */
static void ctl_tpr_threshold_above_vtpr(struct vc_ctx *c)
{
	*(u32 *)((u8 *)c->spare + 0x80) = 0x20;
	vc_tpr_shadow(c, c->spare_pa, 3);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put(c);
}

static void exit_mov_dr(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_MOV_DR_EXITING, 0);
	vc_guest_at(c, vcg_dr0_read);
	vc_run_put(c);
}

static void exit_mov_dr7_write(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_MOV_DR_EXITING, 0);
	vc_guest_at(c, vcg_dr7_write);
	c->regs.rax = 0x400;
	vc_run_put(c);
}

/* ---- I/O (SDM 25.1.3, table 27-5) ---- */

static void io_unconditional_out_imm(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_out_imm);
	vc_run_put(c);
}

static void io_unconditional_in_dx(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_in_dx);
	c->regs.rdx = 0x3f8;
	vc_run_put(c);
}

static void vc_use_io_bitmaps(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_IO_BITMAPS,
		   CPU_BASED_UNCOND_IO_EXITING);
}

static void io_bitmap_hit(struct vc_ctx *c)
{
	vc_use_io_bitmaps(c);
	vc_io_bitmap_set(c, 0x2f9, true);
	vc_guest_at(c, vcg_inb_dx);
	c->regs.rdx = 0x2f9;
	vc_run_put(c);
}

/* Bitmap B covers ports 0x8000-0xffff. */
static void io_bitmap_b_hit(struct vc_ctx *c)
{
	vc_use_io_bitmaps(c);
	vc_io_bitmap_set(c, 0x8001, true);
	vc_guest_at(c, vcg_inb_dx);
	c->regs.rdx = 0x8001;
	vc_run_put(c);
}

/* A 2-byte access exits if the bit of either port is set (A and B). */
static void io_bitmap_word_spans_a_b(struct vc_ctx *c)
{
	vc_use_io_bitmaps(c);
	vc_io_bitmap_set(c, 0x8000, true);
	vc_guest_at(c, vcg_outw_dx);
	c->regs.rdx = 0x7fff;
	vc_run_put(c);
}

/* An access that wraps past port 0xffff always exits. */
static void io_bitmap_wraps_ffff(struct vc_ctx *c)
{
	vc_use_io_bitmaps(c);
	vc_guest_at(c, vcg_outw_dx);
	c->regs.rdx = 0xffff;
	vc_run_put(c);
}

/* REP OUTSB: string and REP in the qualification, RSI as linear address. */
static void io_rep_outsb(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_rep_outsb);
	c->regs.rdx = 0x80;
	c->regs.rcx = 3;
	c->regs.rsi = VC_GPA_DATA + 0x10;
	vc_run_put(c);
	vc_put(c, "rcx=%llu", c->regs.rcx);
}

/* ---- MSRs (SDM 25.1.3) ---- */

static void msr_no_bitmaps_read(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_USE_MSR_BITMAPS);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_IA32_SYSENTER_CS;
	vc_run_put(c);
}

static void msr_bitmap_read_low_hit(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_IA32_SYSENTER_CS;
	vc_run_put(c);
}

/* The bit is clear: the guest reads its own SYSENTER_CS (loaded from the VMCS). */
static void msr_bitmap_read_low_pass(struct vc_ctx *c)
{
	vc_msr_bitmap_set(c, MSR_IA32_SYSENTER_CS, true, false, false);
	vc_wr(c, GUEST_SYSENTER_CS, 0x77);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_IA32_SYSENTER_CS;
	vc_run_put(c);
	vc_put(c, "rax=%#llx", c->regs.rax);
}

static void msr_bitmap_write_high_hit(struct vc_ctx *c)
{
	vc_msr_bitmap_set(c, MSR_KERNEL_GS_BASE, true, false, false);
	vc_guest_at(c, vcg_wrmsr);
	c->regs.rcx = MSR_KERNEL_GS_BASE;
	c->regs.rax = 0x1000;
	vc_run_put(c);
}

/* Read intercepted, write not: the write does not exit. */
static void msr_bitmap_write_high_pass(struct vc_ctx *c)
{
	vc_msr_bitmap_set(c, MSR_KERNEL_GS_BASE, false, true, false);
	vc_guest_at(c, vcg_wrmsr);
	c->regs.rcx = MSR_KERNEL_GS_BASE;
	c->regs.rax = 0x1000;
	vc_run_put(c);
}

/* MSRs outside both bitmap ranges always exit. */
static void msr_bitmap_out_of_range(struct vc_ctx *c)
{
	memset(c->msr_bitmap, 0, PAGE_SIZE);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = 0x40000000;
	vc_run_put(c);
}

/* ---- exceptions (SDM 25.2) ---- */

static void exc_bitmap_ud(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_ud2);
	vc_run_put(c);
}

/* Not in the bitmap: delivered through the guest's IDT. */
static void exc_ud_to_guest_idt(struct vc_ctx *c)
{
	vc_wr(c, EXCEPTION_BITMAP, 0);
	vc_guest_at(c, vcg_ud2);
	vc_run_put(c);
	vc_put_frame(c, false);
}

static void exc_int3(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_int3);
	vc_run_put(c);
}

/* INT n is not an exception: the bitmap does not apply. */
static void exc_int_n_not_in_bitmap(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_int_n);
	vc_run_put(c);
	vc_put_frame(c, false);
}

/* #PF: not-present read at 1 GiB (outside the guest's page tables). */
static void vc_pf_setup(struct vc_ctx *c, bool pf_bit, u32 mask, u32 match)
{
	vc_wr(c, EXCEPTION_BITMAP, pf_bit ? BIT(14) : 0);
	vc_wr(c, PAGE_FAULT_ERROR_CODE_MASK, mask);
	vc_wr(c, PAGE_FAULT_ERROR_CODE_MATCH, match);
	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = 0x40000000;
}

static void pf_bit_set_match(struct vc_ctx *c)
{
	vc_pf_setup(c, true, 0, 0);
	vc_run_put(c);
}

/* PFEC & MASK != MATCH inverts bit 14: delivered to the guest. */
static void pf_bit_set_mismatch(struct vc_ctx *c)
{
	vc_pf_setup(c, true, 2, 2);
	vc_run_put(c);
	vc_put_frame(c, true);
}

static void pf_bit_clear_match(struct vc_ctx *c)
{
	vc_pf_setup(c, false, 0, 0);
	vc_run_put(c);
	vc_put_frame(c, true);
}

static void pf_bit_clear_mismatch(struct vc_ctx *c)
{
	vc_pf_setup(c, false, 2, 2);
	vc_run_put(c);
}

/* #UD with an IDT limit of 0: #GP, #DF, then shutdown: triple fault. */
static void triple_fault(struct vc_ctx *c)
{
	vc_wr(c, EXCEPTION_BITMAP, 0);
	vc_wr(c, GUEST_IDTR_LIMIT, 0);
	vc_guest_at(c, vcg_ud2);
	vc_run_put(c);
}

/* ---- EPT (SDM 28.3.3) ---- */

static void ept_violation_read(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = VC_GPA_UNMAPPED + 0x18;
	vc_run_put(c);
}

/*
 * Not a CPU rule but hvnest's: the guest reads the u64 at the kernel
 * address probe_va (8-byte aligned; tests/guest/conformance.sh). On the
 * bare CPU the guest sees the page; under hvnest, L2 must not reach
 * hvnest's root-only memory (issue 4) and reads a scratch page instead.
 * The line says which. Run only with probe_va set (VC_PROBE).
 */
u64 vc_probe_pa(void)
{
	const void *va = (const void *)vc_probe_va;
	struct page *pg;

	pg = virt_addr_valid(va) ? virt_to_page(va) : vmalloc_to_page(va);
	return page_to_phys(pg);
}

static void vc_probe_read(struct vc_ctx *c)
{
	u64 host = *(const u64 *)vc_probe_va;

	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = VC_GPA_EXTRA + (vc_probe_va & ~PAGE_MASK);
	if (vc_run(c) || vc_exit_reason() != EXIT_REASON_VMCALL) {
		vc_put_exit(c);
		return;
	}
	vc_put(c, "host=%s read=%s", host ? "nonzero" : "zero",
	       c->regs.rax == host ? "same-as-host" : "other-page");
}

/*
 * The guest's virtual-APIC page (TPR shadow) is the probe page, or with
 * probe_va=1 a page of this module's: the guest's MOV to CR8 writes VTPR
 * there (SDM 29.3), bare or nested, unless it is hvnest's memory: then
 * hvnest gives L2 a scratch page and the probe page stays untouched.
 */
static void hvnest_vapic_probe(struct vc_ctx *c)
{
	bool own = vc_probe_va == 1;
	u8 *page = own ? c->spare : (u8 *)(vc_probe_va & PAGE_MASK);
	u32 v = ((page[0x80] >> 4) + 1) & 0xf; /* not what is there */

	vc_tpr_shadow(c, own ? c->spare_pa : vc_probe_pa(), 0);
	vc_guest_at(c, vcg_cr8_write);
	c->regs.rdx = v;
	if (vc_run(c) || vc_exit_reason() != EXIT_REASON_VMCALL) {
		vc_put_exit(c);
		return;
	}
	vc_put(c, "vtpr=%s", page[0x80] == v << 4 ? "written" : "untouched");
}

/*
 * I/O bitmap A is the probe page, or with probe_va=1 this module's own
 * (all zeros): the guest reads a harmless port (DMA page registers or
 * POST, 80H-8FH) whose bit there is 0, so the CPU runs the IN without an
 * exit (SDM 25.1.3), bare or nested, unless the page is hvnest's memory:
 * then VMCS02 gets no bitmap from it and every I/O exits.
 */
static void hvnest_iobitmap_probe(struct vc_ctx *c)
{
	bool own = vc_probe_va == 1;
	const u8 *page = own ? c->io_a : (u8 *)(vc_probe_va & PAGE_MASK);
	u16 port;

	for (port = 0x80; port < 0x90; port++)
		if (!(page[port / 8] & (1 << (port % 8))))
			break;
	/*
	 * None clear: under hvnest a root-only page reads as all ones from
	 * L1 too (a hole in EPT01), so any port does; L2's I/O must exit.
	 */
	if (port == 0x90) {
		if (own) {
			vc_put(c, "no-clear-bit");
			return;
		}
		port = 0x80;
	}
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_IO_BITMAPS,
		   CPU_BASED_UNCOND_IO_EXITING);
	vc_wr(c, IO_BITMAP_A, own ? c->io_a_pa : vc_probe_pa());
	vc_guest_at(c, vcg_inb_dx);
	c->regs.rdx = port;
	if (vc_run(c))
		vc_put_exit(c);
	else if (vc_exit_reason() == EXIT_REASON_VMCALL)
		vc_put(c, "io=no-exit");
	else if (vc_exit_reason() == EXIT_REASON_IO_INSTRUCTION)
		vc_put(c, "io=exit");
	else
		vc_put_exit(c);
}

/* The guest's EPT maps the page at VC_GPA_EXTRA. */
static void hvnest_guard_probe(struct vc_ctx *c)
{
	vc_ept_map(c, VC_GPA_EXTRA, vc_probe_pa(), VMX_EPT_RWX_MASK | VC_EPT_WB);
	vc_probe_read(c);
}

/*
 * The guest runs without EPT (its physical addresses are the host's) and
 * its page tables map the page at linear VC_GPA_EXTRA. hvnest runs such
 * an L2 on EPT02 too, so that L1's paging cannot hand it hvnest's memory.
 */
static void hvnest_guard_probe_no_ept(struct vc_ctx *c)
{
	vc_guest_without_ept(c);
	c->ept_pt[VC_GPA_EXTRA >> PAGE_SHIFT] = vc_probe_pa() | 3;
	vc_probe_read(c);
}

static void ept_violation_write_readonly(struct vc_ctx *c)
{
	vc_ept_map(c, VC_GPA_EXTRA, c->guest_pa[VC_GPA_EXTRA >> 12],
		   VMX_EPT_READABLE_MASK | VC_EPT_WB);
	vc_guest_at(c, vcg_store_rbx);
	c->regs.rbx = VC_GPA_EXTRA + 0x20;
	c->regs.rcx = 0x55;
	vc_run_put(c);
	vc_put(c, "mem=%#llx", *(u64 *)vc_gva(c, VC_GPA_EXTRA + 0x20));
}

static void ept_violation_exec(struct vc_ctx *c)
{
	vc_ept_map(c, VC_GPA_EXTRA, c->guest_pa[VC_GPA_EXTRA >> 12],
		   VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK | VC_EPT_WB);
	vc_guest_at(c, vcg_jmp_rbx);
	c->regs.rbx = VC_GPA_EXTRA;
	vc_run_put(c);
}

/* The guest's page-table walk hits a page EPT does not map. */
static void ept_violation_paging_structure(struct vc_ctx *c)
{
	vc_ept_unmap(c, VC_GPA_PD);
	vc_guest_at(c, vcg_vmcall);
	c->regs.rbx = VC_GPA_DATA;
	vc_run_put(c);
}

/* Write without read (W=1, R=0) is a misconfiguration. */
static void ept_misconfig_write_only(struct vc_ctx *c)
{
	vc_ept_map(c, VC_GPA_EXTRA, c->guest_pa[VC_GPA_EXTRA >> 12],
		   VMX_EPT_WRITABLE_MASK | VC_EPT_WB);
	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = VC_GPA_EXTRA + 8;
	vc_run_put(c);
}

static void ept_misconfig_memtype(struct vc_ctx *c)
{
	vc_ept_map(c, VC_GPA_EXTRA, c->guest_pa[VC_GPA_EXTRA >> 12],
		   VMX_EPT_RWX_MASK | (2ULL << 3));
	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = VC_GPA_EXTRA + 8;
	vc_run_put(c);
}

#define S(name) { #name, name, 0 }
#define S_FLAGS(name, flags) { #name, name, flags }
const struct vc_scn vc_scn_exit[] = {
	S(exit_vmcall),
	S(exit_cpuid),
	S(exit_cpuid_after_mov_ss),
	S(exit_invd),
	S(exit_xsetbv),
	S(xsetbv_osxsave_clear),
	S(exit_guest_vmread),
	S(exit_guest_vmxon),
	S(exit_hlt),
	S(hlt_timer_wakes),
	S(preemption_timer_zero),
	S(exit_rdtsc),
	S(rdtscp_disabled_ud),
	S(tsc_scaling_multiplier_one),
	S(pt_conceal_controls),
	S(exit_pause),
	S(pause_loop_exiting),
	S(exit_wbinvd),
	S(exit_invlpg),
	S(exit_cr3_load),
	S(cr3_load_target_no_exit),
	S(exit_cr3_store),
	S(cr0_mask_same_as_shadow),
	S(cr0_mask_differs_from_shadow),
	S(cr0_read_shadow),
	S(cr4_read_shadow),
	S(cr4_write_owned_bit),
	S(clts_exit),
	S(clts_no_exit_shadow_clear),
	S(lmsw_exit),
	S(exit_cr8_load),
	S(tpr_shadow_cr8_write),
	S(tpr_shadow_below_threshold),
	S(ctl_tpr_threshold_above_vtpr),
	S(exit_mov_dr),
	S(exit_mov_dr7_write),
	S(io_unconditional_out_imm),
	S(io_unconditional_in_dx),
	S(io_bitmap_hit),
	S(io_bitmap_b_hit),
	S(io_bitmap_word_spans_a_b),
	S(io_bitmap_wraps_ffff),
	S(io_rep_outsb),
	S(msr_no_bitmaps_read),
	S(msr_bitmap_read_low_hit),
	S(msr_bitmap_read_low_pass),
	S(msr_bitmap_write_high_hit),
	S(msr_bitmap_write_high_pass),
	S(msr_bitmap_out_of_range),
	S(exc_bitmap_ud),
	S(exc_ud_to_guest_idt),
	S(exc_int3),
	S(exc_int_n_not_in_bitmap),
	S(pf_bit_set_match),
	S(pf_bit_set_mismatch),
	S(pf_bit_clear_match),
	S(pf_bit_clear_mismatch),
	S(triple_fault),
	S_FLAGS(hvnest_guard_probe, VC_PROBE),
	S_FLAGS(hvnest_guard_probe_no_ept, VC_PROBE),
	S_FLAGS(hvnest_vapic_probe, VC_PROBE),
	S_FLAGS(hvnest_iobitmap_probe, VC_PROBE),
	S(ept_violation_read),
	S(ept_violation_write_readonly),
	S(ept_violation_exec),
	S(ept_violation_paging_structure),
	S(ept_misconfig_write_only),
	S(ept_misconfig_memtype),
};
const unsigned int vc_scn_exit_nr = ARRAY_SIZE(vc_scn_exit);
