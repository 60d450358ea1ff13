// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios of APIC virtualization (SDM Vol. 3C chapter 29, "APIC
 * Virtualization and Virtual Interrupts", in the editions whose chapter
 * 26 is "VM Entries", as elsewhere in the suite):
 * virtualized APIC accesses, APIC-register virtualization, x2APIC-mode
 * MSR virtualization, virtual-interrupt delivery with its EOI and
 * self-IPI virtualization, and the VM-execution control checks that go
 * with them (SDM 26.2.1.1). Every scenario prints what L1 can observe:
 * the exit, the guest's registers, the guest interrupt status and the
 * virtual-APIC page's words that changed.
 *
 * The guest reaches its APIC page at VC_GPA_APIC, which the suite's EPT
 * maps to c->apic_access; the virtual-APIC page is c->vapic.
 */
#include <asm/apic.h>
#include <asm/apicdef.h>
#include <asm/processor-flags.h>
#include "vmxconf.h"

#define VAPIC_TPR	0x80
#define VAPIC_EOI	0xb0
#define VAPIC_ISR	0x100
#define VAPIC_IRR	0x200
#define VAPIC_ICR_LO	0x300
#define X2APIC_MSR(off)	(APIC_BASE_MSR + ((off) >> 4))

/* Whether the CPU (as L1 sees it) allows secondary control @bit. */
static bool vc_p2_may(u32 bit)
{
	return vc_caps.proc2 & ((u64)bit << 32);
}

static u32 *vapic_reg(struct vc_ctx *c, u32 off)
{
	return (u32 *)((u8 *)c->vapic + off);
}

/* Bit @vec of the 256-bit register (IRR, ISR) at @base. */
static void vapic_set_vec(struct vc_ctx *c, u32 base, u8 vec)
{
	*vapic_reg(c, base + 0x10 * (vec / 32)) |= BIT(vec % 32);
}

/* The virtual-APIC words of the scenarios' vectors (0x40-0x5f). */
static void vc_put_vapic(struct vc_ctx *c)
{
	vc_put(c, "vtpr=%#x visr2=%#x virr2=%#x", *vapic_reg(c, VAPIC_TPR),
	       *vapic_reg(c, VAPIC_ISR + 0x20), *vapic_reg(c, VAPIC_IRR + 0x20));
}

static void vc_put_status(struct vc_ctx *c)
{
	vc_put(c, "status=%#llx", vc_rd(GUEST_INTR_STATUS));
	vc_put_vapic(c);
}

/*
 * "use TPR shadow" with the virtual-APIC page, secondary controls @p2
 * (external-interrupt exiting too when they hold virtual-interrupt
 * delivery, SDM 26.2.1.1), and the guest's APIC page at VC_GPA_APIC.
 */
static void vc_apicv(struct vc_ctx *c, u32 p2, u32 vtpr, u32 threshold)
{
	vc_put(c, "may=%d", vc_p2_may(p2));
	*vapic_reg(c, VAPIC_TPR) = vtpr;
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_TPR_SHADOW,
		   CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING);
	vc_wr(c, VIRTUAL_APIC_PAGE_ADDR, c->vapic_pa);
	vc_wr(c, TPR_THRESHOLD, threshold);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, p2, 0);
	if (p2 & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES)
		vc_wr(c, APIC_ACCESS_ADDR, c->apic_access_pa);
	if (p2 & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)
		vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_EXT_INTR_MASK,
			   0);
	vc_ept_map(c, VC_GPA_APIC, c->apic_access_pa,
		   VMX_EPT_RWX_MASK | VC_EPT_WB);
}

/*
 * Runs the guest with the host's local APIC TPR at F0H: virtual-interrupt
 * delivery needs external-interrupt exiting, and a host interrupt that
 * came while the scenario set up (interrupts are off) would otherwise be
 * an external-interrupt exit first, more often under hvnest, whose
 * emulation makes the setup longer. NMIs are not held back.
 */
static u32 vc_run_quiet(struct vc_ctx *c)
{
	u32 tpr = apic_read(APIC_TASKPRI), res;

	apic_write(APIC_TASKPRI, 0xf0);
	/*
	 * Bochs 2.7 keeps an interrupt it already signalled to the CPU when
	 * the TPR rises (its set_tpr() re-evaluates only on a fall): with
	 * external-interrupt exiting it would still be an exit. One
	 * instruction with interrupts on takes it, as the spurious vector
	 * (the APIC acknowledges nothing at or below PPR F0H);
	 * docs/conformance.md item 14.
	 */
	asm volatile("sti; nop; cli" ::: "memory");
	res = vc_run(c);
	apic_write(APIC_TASKPRI, tpr);
	return res;
}

static void vc_run_put_quiet(struct vc_ctx *c)
{
	vc_put_run(c, vc_run_quiet(c));
}

/* The guest reads the 32-bit APIC register at @off of its APIC page. */
static void vc_apic_read(struct vc_ctx *c, u32 off)
{
	vc_guest_at(c, vcg_load32_rbx);
	c->regs.rbx = VC_GPA_APIC + off;
	c->regs.rax = 0;
	vc_run_put_quiet(c);
	vc_put(c, "eax=%#llx", c->regs.rax & 0xffffffff);
}

/* The guest writes @val to the APIC register at @off. */
static void vc_apic_write(struct vc_ctx *c, u32 off, u32 val)
{
	vc_guest_at(c, vcg_store32_rbx);
	c->regs.rbx = VC_GPA_APIC + off;
	c->regs.rcx = val;
	vc_run_put_quiet(c);
}

/* ---- virtualize APIC accesses alone: every access exits ---- */

/* A read of the APIC-access page: APIC-access exit, offset 80H, read. */
static void apic_access_read_exit(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x30, 0);
	vc_apic_read(c, APIC_ID);
}

/* A write of the APIC-access page: APIC-access exit, write. */
static void apic_access_write_exit(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x30, 0);
	vc_apic_write(c, VAPIC_ICR_LO, 0x4041);
	vc_put_vapic(c);
}

/* TPR reads are virtualized with "use TPR shadow" (SDM 29.4.2). */
static void apic_access_tpr_read(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x30, 0);
	vc_apic_read(c, VAPIC_TPR);
}

/* A TPR write goes to VTPR, then TPR virtualization (SDM 29.1.2). */
static void apic_access_tpr_write(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x30, 2);
	vc_apic_write(c, VAPIC_TPR, 0x50);
	vc_put_vapic(c);
}

/* Below the TPR threshold: a trap-like TPR-below-threshold exit. */
static void apic_access_tpr_write_below_threshold(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x70, 6);
	vc_apic_write(c, VAPIC_TPR, 0x40);
	vc_put_vapic(c);
}

/*
 * VTPR already below the threshold at entry: with APIC accesses
 * virtualized the entry is valid (SDM 26.2.1.1) and a TPR-below-threshold
 * exit follows it before the guest's first instruction (SDM 26.7.7).
 */
static void apic_access_vtpr_below_threshold_at_entry(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x30, 6);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/* ---- APIC-register virtualization ---- */

#define APIC_REGS (SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES | \
		   SECONDARY_EXEC_APIC_REGISTER_VIRT)

/* A virtualized register reads from the virtual-APIC page. */
static void apic_reg_virt_read_version(struct vc_ctx *c)
{
	*vapic_reg(c, APIC_LVR) = 0x50014;
	vc_apicv(c, APIC_REGS, 0x30, 0);
	vc_apic_read(c, APIC_LVR);
}

/* The current count (390H) is not virtualized: APIC-access exit. */
static void apic_reg_virt_read_tmcct(struct vc_ctx *c)
{
	*vapic_reg(c, APIC_TMCCT) = 0x1234;
	vc_apicv(c, APIC_REGS, 0x30, 0);
	vc_apic_read(c, APIC_TMCCT);
}

/* A read that straddles two registers' 16-byte slots exits. */
static void apic_reg_virt_read_unaligned(struct vc_ctx *c)
{
	vc_apicv(c, APIC_REGS, 0x30, 0);
	vc_apic_read(c, APIC_LVR + 2);
}

/* Without virtual-interrupt delivery an ICR write exits (SDM 29.4.3.1). */
static void apic_reg_virt_write_icr(struct vc_ctx *c)
{
	vc_apicv(c, APIC_REGS, 0x30, 0);
	vc_apic_write(c, VAPIC_ICR_LO, 0x4041);
	vc_put(c, "vicr=%#x", *vapic_reg(c, VAPIC_ICR_LO));
}

/* ---- virtual-interrupt delivery ---- */

#define APIC_VID (APIC_REGS | SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)
#define X2APIC_VID (SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE | \
		    SECONDARY_EXEC_APIC_REGISTER_VIRT | \
		    SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)

/*
 * With virtual-interrupt delivery, an ICR write is written to the page
 * and then a trap-like APIC-write exit (SDM 29.4.3.2, 29.4.3.3).
 */
static void vid_write_icr_apic_write_exit(struct vc_ctx *c)
{
	vc_apicv(c, APIC_VID, 0, 0);
	vc_apic_write(c, VAPIC_ICR_LO, 0x4041);
	vc_put(c, "vicr=%#x", *vapic_reg(c, VAPIC_ICR_LO));
	vc_put_status(c);
}

/*
 * A first run in which the guest delivers INT 40H through its IDT (the
 * IDT, GDT, stub and stack pages of every delivery that follows), so
 * that no EPT violation can interrupt the scenario's virtual-interrupt
 * delivery: under hvnest EPT02 is filled on demand, and Bochs 2.7 gives
 * such an exit the IDT-vectoring information of the event before
 * (docs/conformance.md item 13). The scenario's own run is a VMRESUME.
 */
static bool vc_vid_warm(struct vc_ctx *c)
{
	u32 res;

	vc_guest_at(c, vcg_int_n);
	res = vc_run_quiet(c);
	if (res || vc_exit_reason() != EXIT_REASON_VMCALL) {
		vc_put(c, "warm-up:");
		vc_put_run(c, res);
		return false;
	}
	vc_wr(c, GUEST_RSP, VC_GPA_STACK + PAGE_SIZE);
	return true;
}

/*
 * RVI 41H above VPPR, RFLAGS.IF 1: VM entry's evaluation finds it and
 * the guest takes vector 41H through its IDT before its first
 * instruction (SDM 26.3.2.5, 29.2); SVI becomes 41H.
 */
static void vc_vid_entry(struct vc_ctx *c, u32 vtpr, bool irq_on)
{
	vc_apicv(c, APIC_VID, vtpr, 0);
	if (!vc_vid_warm(c))
		return;
	vapic_set_vec(c, VAPIC_IRR, 0x41);
	vc_wr(c, GUEST_INTR_STATUS, 0x41);
	if (irq_on)
		vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
	vc_put_status(c);
}

static void vid_deliver_at_entry(struct vc_ctx *c)
{
	vc_vid_entry(c, 0, true);
}

/* VTPR 50H masks class 4: nothing delivered, RVI stays. */
static void vid_masked_by_vtpr(struct vc_ctx *c)
{
	vc_vid_entry(c, 0x50, true);
}

/* RFLAGS.IF 0: recognized but not delivered. */
static void vid_held_by_if(struct vc_ctx *c)
{
	vc_vid_entry(c, 0, false);
}

/*
 * In service: SVI 41H and its vISR bit. The guest writes the EOI (the
 * x2APIC MSR, or the APIC page's EOI register): EOI virtualization
 * clears the bit and SVI (SDM 29.1.4), then an EOI-induced exit if the
 * vector's EOI-exit bit is set, else the evaluation of what is pending:
 * RVI 42H is delivered (it was held by the ISR's class).
 */
static void vc_vid_eoi(struct vc_ctx *c, bool x2apic, bool eoi_exit,
		       bool pending)
{
	vc_apicv(c, x2apic ? X2APIC_VID : APIC_VID, 0, 0);
	if (!vc_vid_warm(c))
		return;
	vapic_set_vec(c, VAPIC_ISR, 0x41);
	vc_wr(c, GUEST_INTR_STATUS, 0x4100 | (pending ? 0x42 : 0));
	if (pending)
		vapic_set_vec(c, VAPIC_IRR, 0x42);
	if (eoi_exit)
		vc_wr(c, EOI_EXIT_BITMAP1, BIT_ULL(0x41 - 64));
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	if (x2apic) {
		vc_msr_bitmap_set(c, X2APIC_MSR(APIC_EOI), false, true, false);
		vc_guest_at(c, vcg_wrmsr);
		c->regs.rcx = X2APIC_MSR(APIC_EOI);
		c->regs.rax = 0;
		c->regs.rdx = 0;
		vc_run_put_quiet(c);
	} else {
		vc_apic_write(c, VAPIC_EOI, 0);
	}
	vc_put_status(c);
}

static void vid_eoi_x2apic(struct vc_ctx *c)
{
	vc_vid_eoi(c, true, false, false);
}

static void vid_eoi_x2apic_exit(struct vc_ctx *c)
{
	vc_vid_eoi(c, true, true, false);
}

static void vid_eoi_x2apic_delivers_pending(struct vc_ctx *c)
{
	vc_vid_eoi(c, true, false, true);
}

static void vid_eoi_apic_page(struct vc_ctx *c)
{
	vc_vid_eoi(c, false, false, false);
}

static void vid_eoi_apic_page_exit(struct vc_ctx *c)
{
	vc_vid_eoi(c, false, true, false);
}

/*
 * A self-IPI through the x2APIC SELF IPI MSR (83FH) is virtualized:
 * vIRR and RVI take the vector, and it is delivered (SDM 29.1.5).
 */
static void vid_self_ipi_x2apic(struct vc_ctx *c)
{
	vc_apicv(c, X2APIC_VID, 0, 0);
	if (!vc_vid_warm(c))
		return;
	vc_msr_bitmap_set(c, X2APIC_MSR(APIC_SELF_IPI), false, true, false);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_guest_at(c, vcg_wrmsr);
	c->regs.rcx = X2APIC_MSR(APIC_SELF_IPI);
	c->regs.rax = 0x45;
	c->regs.rdx = 0;
	vc_run_put_quiet(c);
	vc_put_status(c);
}

/* ---- virtualize x2APIC mode ---- */

/* RDMSR of the TPR MSR reads VTPR (SDM 29.5), without an exit. */
static void x2apic_virt_tpr_read(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE, 0x30, 0);
	vc_msr_bitmap_set(c, X2APIC_MSR(APIC_TASKPRI), true, false, false);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = X2APIC_MSR(APIC_TASKPRI);
	vc_run_put_quiet(c);
	vc_put(c, "eax=%#llx edx=%#llx", c->regs.rax & 0xffffffff,
	       c->regs.rdx & 0xffffffff);
}

/* WRMSR of the TPR MSR writes VTPR, then TPR virtualization. */
static void x2apic_virt_tpr_write(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE, 0x30, 3);
	vc_msr_bitmap_set(c, X2APIC_MSR(APIC_TASKPRI), false, true, false);
	vc_guest_at(c, vcg_wrmsr);
	c->regs.rcx = X2APIC_MSR(APIC_TASKPRI);
	c->regs.rax = 0x20;
	c->regs.rdx = 0;
	vc_run_put_quiet(c);
	vc_put_vapic(c);
}

/* With APIC-register virtualization, the version MSR reads the page. */
static void x2apic_virt_reg_read_version(struct vc_ctx *c)
{
	*vapic_reg(c, APIC_LVR) = 0x50014;
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
			    SECONDARY_EXEC_APIC_REGISTER_VIRT, 0x30, 0);
	vc_msr_bitmap_set(c, X2APIC_MSR(APIC_LVR), true, false, false);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = X2APIC_MSR(APIC_LVR);
	vc_run_put_quiet(c);
	vc_put(c, "eax=%#llx", c->regs.rax & 0xffffffff);
}

/* ---- VM-execution control checks (SDM 26.2.1.1) ---- */

/* The APIC-access address must be 4-KiB aligned: VMfailValid(7). */
static void ctl_apic_access_unaligned(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0, 0);
	vc_wr(c, APIC_ACCESS_ADDR, c->apic_access_pa | 0x800);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/* "virtualize x2APIC mode" and "virtualize APIC accesses" exclude. */
static void ctl_x2apic_and_apic_access(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
			    SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE, 0, 0);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/* Virtual-interrupt delivery needs external-interrupt exiting. */
static void ctl_vid_without_ext_intr(struct vc_ctx *c)
{
	vc_apicv(c, APIC_VID, 0, 0);
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, 0, PIN_BASED_EXT_INTR_MASK);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/* APIC-register virtualization needs "use TPR shadow". */
static void ctl_apic_reg_virt_without_tpr_shadow(struct vc_ctx *c)
{
	vc_apicv(c, APIC_REGS, 0, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_CR8_LOAD_EXITING |
		   CPU_BASED_CR8_STORE_EXITING, CPU_BASED_TPR_SHADOW);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/*
 * With virtual-interrupt delivery, TPR threshold is not checked against
 * VTPR, nor its bits 31:4 (SDM 26.2.1.1): the entry succeeds.
 */
static void ctl_vid_tpr_threshold_unchecked(struct vc_ctx *c)
{
	vc_apicv(c, APIC_VID, 0x10, 0xff);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/* Without it, a TPR threshold above VTPR fails (APIC accesses on too). */
static void ctl_apic_access_tpr_threshold_bits(struct vc_ctx *c)
{
	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0x10, 0x1f);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put_quiet(c);
}

/*
 * hvnest's own check (probe_va=): the APIC-access page is a page of this
 * module's (probe_va=1) or, under hvnest, a root-only page of hvnest's,
 * and the guest's EPT maps it at the guest's APIC page. The guest's read
 * there is an APIC-access exit either way: for a root-only page L0 makes
 * its scratch page VMCS02's APIC-access page, the page EPT02 maps where
 * L2 would reach a guarded one (nested/vmcs02.h).
 */
static void hvnest_apic_access_probe(struct vc_ctx *c)
{
	u64 pa = vc_probe_va == 1 ? c->apic_access_pa : vc_probe_pa();

	vc_apicv(c, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0, 0);
	vc_wr(c, APIC_ACCESS_ADDR, pa);
	vc_ept_map(c, VC_GPA_APIC, pa, VMX_EPT_RWX_MASK | VC_EPT_WB);
	vc_guest_at(c, vcg_load32_rbx);
	c->regs.rbx = VC_GPA_APIC + APIC_ID;
	vc_run_put_quiet(c);
}

#define S(name) { #name, name, 0 }
const struct vc_scn vc_scn_apicv[] = {
	S(apic_access_read_exit),
	S(apic_access_write_exit),
	S(apic_access_tpr_read),
	S(apic_access_tpr_write),
	S(apic_access_tpr_write_below_threshold),
	S(apic_access_vtpr_below_threshold_at_entry),
	S(apic_reg_virt_read_version),
	S(apic_reg_virt_read_tmcct),
	S(apic_reg_virt_read_unaligned),
	S(apic_reg_virt_write_icr),
	S(vid_write_icr_apic_write_exit),
	S(vid_deliver_at_entry),
	S(vid_masked_by_vtpr),
	S(vid_held_by_if),
	S(vid_eoi_x2apic),
	S(vid_eoi_x2apic_exit),
	S(vid_eoi_x2apic_delivers_pending),
	S(vid_eoi_apic_page),
	S(vid_eoi_apic_page_exit),
	S(vid_self_ipi_x2apic),
	S(x2apic_virt_tpr_read),
	S(x2apic_virt_tpr_write),
	S(x2apic_virt_reg_read_version),
	S(ctl_apic_access_unaligned),
	S(ctl_x2apic_and_apic_access),
	S(ctl_vid_without_ext_intr),
	S(ctl_apic_reg_virt_without_tpr_shadow),
	S(ctl_vid_tpr_threshold_unchecked),
	S(ctl_apic_access_tpr_threshold_bits),
	{ "hvnest_apic_access_probe", hvnest_apic_access_probe, VC_PROBE },
};
const unsigned int vc_scn_apicv_nr = ARRAY_SIZE(vc_scn_apicv);
