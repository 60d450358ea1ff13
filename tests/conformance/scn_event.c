// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios: events. Injection of each event type through the VM-entry
 * interruption-information field (SDM 26.6), NMI exiting and virtual
 * NMIs (SDM 25.3, 26.7), NMI and interrupt windows, and the guest sending
 * itself an NMI through its local APIC's ICR, by x2APIC MSR 0x830 and by
 * the xAPIC page (the NMI that the seed's Windows guest never got).
 */
#include <linux/module.h>
#include <asm/apic.h>
#include <asm/apicdef.h>
#include <asm/irq_vectors.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include "vmxconf.h"

#define VC_SPINS	20000

static void vc_inject(struct vc_ctx *c, u32 info, u32 err, u32 len)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK | info);
	vc_wr(c, VM_ENTRY_EXCEPTION_ERROR_CODE, err);
	vc_wr(c, VM_ENTRY_INSTRUCTION_LEN, len);
}

/* An injected exception is delivered even though the bitmap has it. */
static void inject_ud(struct vc_ctx *c)
{
	vc_inject(c, INTR_TYPE_HARD_EXCEPTION | 6, 0, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_put_frame(c, false);
}

static void inject_gp_error_code(struct vc_ctx *c)
{
	vc_inject(c, INTR_TYPE_HARD_EXCEPTION | INTR_INFO_DELIVER_CODE_MASK | 13,
		  0x1234, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_put_frame(c, true);
}

/* Software interrupt: the frame's RIP is past the instruction length. */
static void inject_soft_int(struct vc_ctx *c)
{
	vc_inject(c, INTR_TYPE_SOFT_INTR | 0x40, 0, 2);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_put_frame(c, false);
}

static void inject_soft_exception_bp(struct vc_ctx *c)
{
	vc_inject(c, INTR_TYPE_SOFT_EXCEPTION | 3, 0, 1);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_put_frame(c, false);
}

/* Injecting an external interrupt needs RFLAGS.IF = 1 (SDM 26.3.1.4). */
static void inject_ext_int_if0_fails(struct vc_ctx *c)
{
	vc_inject(c, INTR_TYPE_EXT_INTR | 0x30, 0, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/* ... with IF = 1 it is delivered; the gate clears IF before any window. */
static void inject_ext_int_if1(struct vc_ctx *c)
{
	vc_inject(c, INTR_TYPE_EXT_INTR | 0x30, 0, 0);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_put_frame(c, false);
}

/* Injected NMI with virtual NMIs: virtual-NMI blocking after delivery. */
static void inject_nmi_vnmi_blocking(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_inject(c, INTR_TYPE_NMI_INTR | 2, 0, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_put_frame(c, false);
}

/* Delivery faults (#PF on the IDT page): IDT-vectoring information. */
static void inject_ud_idt_not_mapped(struct vc_ctx *c)
{
	vc_wr(c, GUEST_IDTR_BASE, 0x40000000);
	vc_inject(c, INTR_TYPE_HARD_EXCEPTION | 6, 0, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/* The IDT page is not in EPT: EPT violation during delivery. */
static void inject_ud_idt_ept_violation(struct vc_ctx *c)
{
	vc_ept_unmap(c, VC_GPA_IDT);
	vc_inject(c, INTR_TYPE_HARD_EXCEPTION | 6, 0, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/*
 * Windows. With virtual NMIs and no virtual-NMI blocking, NMI-window
 * exiting exits before the first instruction (SDM 26.7.6). Run once
 * before and once after a scenario that leaves virtual-NMI blocking set.
 */
static void nmi_window_open(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_NMI_WINDOW_EXITING, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/* Virtual-NMI blocking holds the NMI window shut until IRET. */
static void nmi_window_blocked(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_NMI_WINDOW_EXITING, 0);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/* Interrupt window with IF = 1 and external-interrupt exiting. */
static void intr_window_open(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_EXT_INTR_MASK, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL,
		   CPU_BASED_INTR_WINDOW_EXITING, 0);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/* IF = 0: the window opens after STI plus one instruction. */
static void intr_window_after_sti(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_EXT_INTR_MASK, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL,
		   CPU_BASED_INTR_WINDOW_EXITING, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, 0, CPU_BASED_HLT_EXITING);
	vc_guest_at(c, vcg_sti_hlt);
	vc_run_put(c);
}

/* MTF: an exit after one guest instruction (VMfailValid(7) without it). */
static void mtf_one_instruction(struct vc_ctx *c)
{
	vc_put(c, "mtf=%d", !!(vc_caps.proc &
		((u64)CPU_BASED_MONITOR_TRAP_FLAG << 32)));
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_MONITOR_TRAP_FLAG, 0);
	vc_wr(c, EXCEPTION_BITMAP, 0);
	vc_msr_bitmap_set(c, MSR_IA32_SYSENTER_CS, true, false, false);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_IA32_SYSENTER_CS;
	vc_run_put(c);
}

/*
 * MTF and single-step after an instruction that, under hvnest, L0 runs
 * for L2 itself (issue 16): RDMSR of IA32_VMX_BASIC, which this MSR bitmap
 * passes and hvnest's own intercepts. The CPU ends it in an MTF exit, or
 * with RFLAGS.TF in a single-step #DB trap (DR6.BS in the qualification),
 * both with RIP at the VMCALL after it; so must hvnest (SDM 25.5.2, Vol.
 * 3B 17.3.1.4).
 */
static void vc_guest_rdmsr_vmx_basic(struct vc_ctx *c)
{
	vc_msr_bitmap_set(c, MSR_IA32_VMX_BASIC, true, false, false);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_IA32_VMX_BASIC;
}

static void mtf_after_l0_rdmsr(struct vc_ctx *c)
{
	/* Bochs 2.7's Skylake-X has no MTF: then VMfailValid(7), both sides. */
	vc_put(c, "mtf=%d", !!(vc_caps.proc &
		((u64)CPU_BASED_MONITOR_TRAP_FLAG << 32)));
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_MONITOR_TRAP_FLAG, 0);
	vc_wr(c, EXCEPTION_BITMAP, 0);
	vc_guest_rdmsr_vmx_basic(c);
	vc_run_put(c);
}

static void single_step_after_l0_rdmsr(struct vc_ctx *c)
{
	vc_wr(c, EXCEPTION_BITMAP, BIT(1));
	/*
	 * First a run to the VMCALL snippet, in the same page, without
	 * RFLAGS.TF: under hvnest it fills EPT02 for the code. Bochs 2.7
	 * would end that EPT violation with BS pending and deliver the #DB
	 * before the RDMSR (docs/conformance.md item 12).
	 */
	vc_guest_at(c, vcg_vmcall);
	if (vc_run(c) || vc_exit_reason() != EXIT_REASON_VMCALL) {
		vc_put_exit(c);
		return;
	}
	vc_guest_rdmsr_vmx_basic(c);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_TF);
	vc_run_put(c);
}

/*
 * ---- activity states (SDM 24.4.2, 26.3.1.5, 26.7) ----
 *
 * Virtual NMIs are on in each.
 */

/* IA32_VMX_MISC bits 8:6: HLT (1), shutdown (2), wait-for-SIPI (3). */
static bool vc_activity_supported(struct vc_ctx *c, unsigned int state)
{
	if (vc_caps.misc & BIT_ULL(5 + state))
		return true;
	vc_put(c, "activity%u=not-supported", state);
	return false;
}

static bool vc_hlt_guest(struct vc_ctx *c)
{
	if (!vc_activity_supported(c, GUEST_ACTIVITY_HLT))
		return false;
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_wr(c, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
	vc_guest_at(c, vcg_cpuid);
	return true;
}

/* HLT and an injected external interrupt: delivered, the guest is awake. */
static void activity_hlt_inject_ext_int(struct vc_ctx *c)
{
	if (!vc_hlt_guest(c))
		return;
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_inject(c, INTR_TYPE_EXT_INTR | 0x30, 0, 0);
	vc_run_put(c);
	vc_put_frame(c, false);
}

/* HLT with IF = 1 and interrupt-window exiting: the exit wakes it. */
static void activity_hlt_intr_window(struct vc_ctx *c)
{
	if (!vc_hlt_guest(c))
		return;
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_EXT_INTR_MASK, 0);
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL,
		   CPU_BASED_INTR_WINDOW_EXITING, 0);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_run_put(c);
}

/* HLT with NMI-window exiting and no virtual-NMI blocking: the same. */
static void activity_hlt_nmi_window(struct vc_ctx *c)
{
	if (!vc_hlt_guest(c))
		return;
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_NMI_WINDOW_EXITING, 0);
	vc_run_put(c);
}

/* HLT, nothing pending: the preemption timer ends it, HLT saved. */
static void activity_hlt_timer(struct vc_ctx *c)
{
	if (!vc_hlt_guest(c))
		return;
	vc_run_put(c);
}

/* In HLT only external interrupts, NMIs, #DB, #MC and MTF may be injected. */
static void activity_hlt_inject_ud_fails(struct vc_ctx *c)
{
	if (!vc_hlt_guest(c))
		return;
	vc_inject(c, INTR_TYPE_HARD_EXCEPTION | 6, 0, 0);
	vc_run_put(c);
}

/*
 * Wait-for-SIPI: nothing may be injected (a failed entry, so it runs on
 * every CPU) ...
 */
static void activity_wait_sipi_inject_fails(struct vc_ctx *c)
{
	if (!vc_activity_supported(c, GUEST_ACTIVITY_WAIT_SIPI))
		return;
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_wr(c, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_inject(c, INTR_TYPE_EXT_INTR | 0x30, 0, 0);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/*
 * ... and only a SIPI ends it: not the preemption timer (SDM 25.2: "these
 * VM exits do not occur if the logical processor is in the wait-for-SIPI
 * state"), nor NMIs, INIT or interrupts. On one CPU with nobody to send
 * the SIPI that is forever, and Bochs 2.7 does stay there (tried), so it
 * runs only with sdm_hangs=1 (VC_SDM_HANG), for a CPU that may not follow
 * the SDM here.
 */
static void activity_wait_sipi_timer(struct vc_ctx *c)
{
	if (!vc_activity_supported(c, GUEST_ACTIVITY_WAIT_SIPI))
		return;
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_wr(c, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI);
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
}

/*
 * ... and a SIPI does: another CPU (sipi_from=) sends them while the
 * guest waits, and the first that arrives is a VM exit with its vector
 * as the qualification (SDM 25.2, 27.2.1), the guest still at its first
 * instruction.
 */
static void activity_wait_sipi_exit(struct vc_ctx *c)
{
	if (!vc_activity_supported(c, GUEST_ACTIVITY_WAIT_SIPI))
		return;
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_wr(c, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI);
	vc_guest_at(c, vcg_cpuid);
	WRITE_ONCE(vc_sipi_armed, true);
	vc_run_put(c);
	WRITE_ONCE(vc_sipi_armed, false);
}

/* ---- self-NMI through the local APIC (the seed's second bug) ---- */

/*
 * IRET to the next instruction: after an NMI-caused VM exit the host
 * blocks NMIs until it executes IRET (SDM "Architectural State Before a
 * VM Exit"), and scenarios run back to back with interrupts off, with no
 * IRET of their own. Each NMI scenario starts with NMIs unblocked.
 */
static void vc_host_unblock_nmis(void)
{
	asm volatile("mov %%ss, %%eax\n\t"
		     "push %%rax\n\t"
		     "lea 8(%%rsp), %%rax\n\t"
		     "push %%rax\n\t"
		     "pushfq\n\t"
		     "mov %%cs, %%eax\n\t"
		     "push %%rax\n\t"
		     "lea 1f(%%rip), %%rax\n\t"
		     "push %%rax\n\t"
		     "iretq\n"
		     "1:"
		     : : : "rax", "memory", "cc");
}

static bool vc_x2apic(struct vc_ctx *c)
{
	return c->apic_base & X2APIC_ENABLE;
}

/* x2APIC ID (the ICR's destination), 0 in xAPIC mode. */
static u32 vc_apic_id(struct vc_ctx *c)
{
	u64 id = 0;

	if (vc_x2apic(c))
		rdmsrl(APIC_BASE_MSR + (APIC_ID >> 4), id);
	return (u32)id;
}

/* NMI exiting on: the self-NMI is an NMI exit, vector 2. */
static void nmi_self_x2apic_exit(struct vc_ctx *c)
{
	vc_host_unblock_nmis();
	vc_put(c, "x2apic=%d", vc_x2apic(c));
	vc_msr_bitmap_set(c, APIC_BASE_MSR + (APIC_ICR >> 4), false, true,
			  false);
	vc_guest_at(c, vcg_nmi_x2apic);
	c->regs.rax = APIC_DM_NMI;
	c->regs.rdx = vc_x2apic(c) ? vc_apic_id(c) : 0;
	c->regs.r8 = VC_SPINS;
	vc_run_put(c);
	vc_put(c, "spun=%s", c->regs.r8 ? "less" : "all");
}

/* NMI exiting off: the NMI goes through the guest IDT, vector 2. */
static void nmi_self_x2apic_guest_idt(struct vc_ctx *c)
{
	vc_host_unblock_nmis();
	vc_put(c, "x2apic=%d", vc_x2apic(c));
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, 0, PIN_BASED_NMI_EXITING);
	vc_msr_bitmap_set(c, APIC_BASE_MSR + (APIC_ICR >> 4), false, true,
			  false);
	vc_guest_at(c, vcg_nmi_x2apic);
	c->regs.rax = APIC_DM_NMI;
	c->regs.rdx = vc_x2apic(c) ? vc_apic_id(c) : 0;
	c->regs.r8 = VC_SPINS;
	vc_run_put(c);
	vc_put(c, "spun=%s", c->regs.r8 ? "less" : "all");
}

/* The guest's WRMSR to the ICR exits when the bitmap intercepts it. */
static void nmi_self_x2apic_intercepted(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_nmi_x2apic);
	c->regs.rax = APIC_DM_NMI;
	c->regs.r8 = VC_SPINS;
	vc_run_put(c);
	vc_put(c, "rcx=%#llx", c->regs.rcx);
}

/*
 * The same through the xAPIC page, mapped by EPT at its own address
 * (uncached) when this CPU's APIC is in xAPIC mode: the guest enters at
 * snippet with the ICR values; false when it cannot run here.
 */
static bool vc_xapic_self_nmi(struct vc_ctx *c, const u8 *snippet)
{
	u64 base = c->apic_base & ~0xfffULL;

	vc_host_unblock_nmis();
	vc_put(c, "x2apic=%d", vc_x2apic(c));
	if (vc_x2apic(c) || base != VC_GPA_APIC) {
		vc_put(c, "skipped");
		return false;
	}
	vc_ept_map(c, VC_GPA_APIC, base, VMX_EPT_RWX_MASK | VC_EPT_UC);
	vc_guest_at(c, snippet);
	c->regs.rax = APIC_DM_NMI;
	c->regs.rdx = apic_read(APIC_ID) & 0xff000000;
	c->regs.rbx = VC_GPA_APIC;
	c->regs.r8 = VC_SPINS;
	return true;
}

static void vc_run_put_spun(struct vc_ctx *c)
{
	vc_run_put(c);
	vc_put(c, "spun=%s", c->regs.r8 ? "less" : "all");
}

static void nmi_self_xapic_exit(struct vc_ctx *c)
{
	if (vc_xapic_self_nmi(c, vcg_nmi_xapic))
		vc_run_put_spun(c);
}

/* NMI exiting off: through the guest IDT (L0 injects it under hvnest). */
static void nmi_self_xapic_guest_idt(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, 0, PIN_BASED_NMI_EXITING);
	if (!vc_xapic_self_nmi(c, vcg_nmi_xapic))
		return;
	vc_run_put_spun(c);
	vc_put_frame(c, false);
}

/*
 * Blocking by NMI at entry, neither NMI exiting nor virtual NMIs (SDM
 * 26.6.1): the NMI waits for the guest's IRET, then goes through the IDT
 * with the frame of the spin after the IRET.
 */
static void nmi_self_xapic_blocked_until_iret(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, 0, PIN_BASED_NMI_EXITING);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	if (!vc_xapic_self_nmi(c, vcg_nmi_xapic_iret))
		return;
	vc_run_put_spun(c);
	vc_put_frame(c, false);
}

/*
 * Blocking by NMI at entry with NMI exiting, no virtual NMIs: it lasts
 * while the guest runs, IRET or not (SDM 26.6.1, 25.3), so there is no
 * NMI exit and blocking by NMI is saved at the VMCALL. The host takes the
 * NMI after the exit (nmi_held_reaches_host).
 */
static void nmi_self_xapic_blocked_held(struct vc_ctx *c)
{
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	if (!vc_xapic_self_nmi(c, vcg_nmi_xapic_iret))
		return;
	atomic_set(&vc_nmi_host, 0);
	atomic_set(&vc_nmi_expected, 1);
	vc_run_put_spun(c);
}

/*
 * The NMI held back above reached the host once (none lost or doubled),
 * at the latest when the host unblocked NMIs after the exit.
 */
static void nmi_held_reaches_host(struct vc_ctx *c)
{
	vc_host_unblock_nmis();
	vc_put(c, "host_nmis=%d", atomic_read(&vc_nmi_host));
	atomic_set(&vc_nmi_expected, 0);
}

/*
 * An NMI pending, blocked in the host, when the guest is entered with
 * virtual NMIs and virtual-NMI blocking: NMIs are not blocked after the
 * entry (SDM 26.6.1, interruptibility state), so it is an NMI exit before
 * the guest's first instruction, and it does not reach the host again.
 * The host blocks NMIs after the NMI exit of a first run whose guest
 * sends itself one (SDM 27.5.5: an NMI-caused exit blocks NMIs), and
 * then sends itself the NMI that stays pending.
 */
static void nmi_pending_at_entry_vnmi_blocked(struct vc_ctx *c)
{
	if (!vc_xapic_self_nmi(c, vcg_nmi_xapic))
		return;
	vc_run_put_spun(c);
	if (vc_exit_reason() != EXIT_REASON_EXCEPTION_NMI)
		return;
	atomic_set(&vc_nmi_host, 0);
	atomic_set(&vc_nmi_expected, 1);
	apic->send_IPI(smp_processor_id(), NMI_VECTOR);
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put(c);
	vc_host_unblock_nmis();
	vc_put(c, "host_nmis=%d", atomic_read(&vc_nmi_host));
	atomic_set(&vc_nmi_expected, 0);
}

/*
 * Not a CPU rule but hvnest's NMI race (docs/late-launch.md, NMIs): run
 * with hvnest loaded with test_tail_nmi=1, so that an NMI reaches root
 * mode in the last steps of the entry this VMLAUNCH asks for, after root
 * mode last looked for owed NMIs. With virtual NMIs and virtual-NMI
 * blocking, the CPU would make that NMI an exit before the guest's first
 * instruction (SDM 26.6.1); an NMI window would wait for an IRET that
 * never comes, and the guest would reach its VMCALL. Run only with
 * tail_nmi=1 (VC_TAIL_NMI).
 */
static void hvnest_nmi_in_exit_tail(struct vc_ctx *c)
{
	vc_host_unblock_nmis();
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS, 0);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put(c);
	vc_host_unblock_nmis();
}

/* hvnest.ko's, with test_init=1: this CPU takes an INIT (no link to it). */
int hvnest_test_init_self(void);

/*
 * Not a CPU run but hvnest's INIT handling (docs/late-launch.md, INIT and
 * SIPI): an INIT while this module is in VMX root operation is blocked
 * (SDM 23.8): hvnest holds it (-EBUSY from hvnest_test_init_self()),
 * and the next VM entry takes it as an INIT exit before the guest's first
 * instruction. Only that one: the VMRESUME after it reaches the VMCALL.
 * Run only with test_init=1 (VC_TEST_INIT), under hvnest loaded with
 * test_init=1.
 */
static void hvnest_init_held_to_l2(struct vc_ctx *c)
{
	typeof(&hvnest_test_init_self) init_self =
		symbol_get(hvnest_test_init_self);

	if (!init_self) {
		vc_put(c, "no-hvnest");
		return;
	}
	vc_put(c, "init_self=%d", init_self());
	symbol_put(hvnest_test_init_self);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put(c);
	vc_run_put(c);
}

#define S(name) { #name, name, 0 }
#define S_FLAGS(name, flags) { #name, name, flags }
const struct vc_scn vc_scn_event[] = {
	S(nmi_window_open),
	S(inject_ud),
	S(inject_gp_error_code),
	S(inject_soft_int),
	S(inject_soft_exception_bp),
	S(inject_ext_int_if0_fails),
	S(inject_ext_int_if1),
	S(inject_ud_idt_not_mapped),
	S(inject_ud_idt_ept_violation),
	/*
	 * Before nmi_window_blocked: Bochs 2.7 keeps the virtual-NMI
	 * blocking it sets into later entries (docs/conformance.md item 5),
	 * and these run with virtual NMIs.
	 */
	S(activity_hlt_inject_ext_int),
	S(activity_hlt_intr_window),
	S(activity_hlt_nmi_window),
	S(activity_hlt_timer),
	S(activity_hlt_inject_ud_fails),
	S(activity_wait_sipi_inject_fails),
	S_FLAGS(activity_wait_sipi_timer, VC_SDM_HANG),
	S_FLAGS(activity_wait_sipi_exit, VC_SIPI),
	S(nmi_window_blocked),
	S(intr_window_open),
	S(intr_window_after_sti),
	S(mtf_one_instruction),
	S(mtf_after_l0_rdmsr),
	S(single_step_after_l0_rdmsr),
	S(nmi_self_x2apic_exit),
	S(nmi_self_x2apic_guest_idt),
	S(nmi_self_x2apic_intercepted),
	S(nmi_self_xapic_exit),
	S(nmi_self_xapic_guest_idt),
	S(nmi_self_xapic_blocked_until_iret),
	S(nmi_self_xapic_blocked_held),
	S(nmi_held_reaches_host),
	S(nmi_pending_at_entry_vnmi_blocked),
	S_FLAGS(hvnest_nmi_in_exit_tail, VC_TAIL_NMI),
	S_FLAGS(hvnest_init_held_to_l2, VC_TEST_INIT),
	/*
	 * Last: Bochs 2.7 keeps the virtual-NMI blocking this leaves behind
	 * into later VM entries (docs/conformance.md).
	 */
	S(inject_nmi_vnmi_blocking),
	{ "nmi_window_open_after_vnmi", nmi_window_open, 0 },
};
const unsigned int vc_scn_event_nr = ARRAY_SIZE(vc_scn_event);
