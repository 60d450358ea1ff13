// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits of L1: one dispatcher reads the exit reason once, calls the
 * handler by reason, re-injects an event whose delivery the exit
 * interrupted (SDM 27.2.3, 26.5), and accounts the exit. Reasons hvnest
 * does not expect are logged, counted and answered with #UD, the result
 * of an instruction the CPU (as L1 sees it) does not have.
 */
#include "root.h"
#include "cr0_write.h"
#include "debug_e9.h"
#include "vmx_caps.h"
#include "../nested/nested.h"

#define CPUID1_ECX_VMX HV_BIT(5)
#define CPUID1_ECX_SMX HV_BIT(6)
#define CPUID1_ECX_HYPERVISOR HV_BIT(31)
#define INTERRUPTIBILITY_STI_MOVSS 3
#define RFLAGS_TF HV_BIT(8)
#define DEBUGCTL_BTF HV_BIT(1)
#define EPT_QUAL_NMI_UNBLOCKING HV_BIT(12)

void hv_log_now(struct hv_cpu *c, enum hv_log_code code, u64 a, u64 b, u64 d)
{
	hv_log(&c->rep.log, hv_rdtsc(), code, a, b, d);
}

/* SDM 24.8.3: hardware exception, with an error code if @has_code. */
void hv_inject_exception(u32 vector, bool has_code, u32 code)
{
	u32 info = vector | INTR_TYPE_HW_EXCEPTION | INTR_INFO_VALID;

	/* Real mode delivers no error code (SDM 26.2.1.3, 6.13). */
	if (has_code && (hv_vmread(VMCS_GUEST_CR0) & HV_CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE;
		hv_vmwrite(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, code);
	}
	hv_vmwrite(VMCS_VM_ENTRY_INTR_INFO, info);
}

/*
 * Complete an emulated instruction: advance RIP; blocking by STI or MOV SS
 * ends with the instruction after it (SDM 24.4.2). With RFLAGS.TF set
 * (and IA32_DEBUGCTL.BTF clear) the instruction ends in a single-step #DB
 * trap (SDM Vol. 3B 17.3.1.4), as it would have on the CPU: pending as BS
 * in the pending debug exceptions, which VM entry delivers (SDM 26.7.3),
 * through the guest's IDT or, in L2, as the exception exit VMCS12's
 * bitmap asks for.
 */
void hv_skip_instruction(void)
{
	u64 rip = hv_vmread(VMCS_GUEST_RIP);
	u64 intr = hv_vmread(VMCS_GUEST_INTERRUPTIBILITY_INFO);

	hv_vmwrite(VMCS_GUEST_RIP,
		   rip + hv_vmread(VMCS_VM_EXIT_INSTRUCTION_LEN));
	if (intr & INTERRUPTIBILITY_STI_MOVSS)
		hv_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   intr & ~(u64)INTERRUPTIBILITY_STI_MOVSS);
	if ((hv_vmread(VMCS_GUEST_RFLAGS) & RFLAGS_TF) &&
	    !(hv_vmread(VMCS_GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF))
		hv_vmwrite(VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
			   hv_vmread(VMCS_GUEST_PENDING_DBG_EXCEPTIONS) |
				   PENDING_DBG_BS);
}

/*
 * Bytes 4i..4i+3 of the module's name, NUL-padded: a constant the compiler
 * folds, so root mode reads no string.
 */
#define HV_NAME KBUILD_MODNAME "\0\0\0\0\0\0\0\0\0\0\0\0"
#define hv_name_word(i)                                          \
	((u32)(u8)HV_NAME[4 * (i)] | (u32)(u8)HV_NAME[4 * (i) + 1] << 8 | \
	 (u32)(u8)HV_NAME[4 * (i) + 2] << 16 |                    \
	 (u32)(u8)HV_NAME[4 * (i) + 3] << 24)

void hv_exit_cpuid(struct hv_cpu *c, struct hv_gprs *g)
{
	u32 leaf = (u32)g->rax, sub = (u32)g->rcx, a, b, cx, d;
	bool hv_leaf = c->cfg.features & HV_FEAT_HYPERVISOR_LEAF;

	if (hv_leaf && leaf >= 0x40000000 && leaf <= 0x400000ff) {
		/*
		 * hvnest's leaves: 0x40000000 = max leaf + "hvnest";
		 * 0x40000001 = interface version; 0x40000002 = this
		 * instance's module name, which tells the level that
		 * answered when one hvnest runs under another.
		 */
		a = b = cx = d = 0;
		if (leaf == 0x40000000) {
			a = 0x40000002;
			b = 0x656e7668; /* "hvne" */
			cx = 0x00007473; /* "st\0\0" */
		} else if (leaf == 0x40000001) {
			a = HVNEST_ABI_MAJOR; /* interface version */
		} else if (leaf == 0x40000002) {
			b = hv_name_word(0);
			cx = hv_name_word(1);
			d = hv_name_word(2);
		}
	} else {
		hv_cpuid(leaf, sub, &a, &b, &cx, &d);
		if (leaf == 1) {
			/* With nested=0, L1 sees a CPU without VMX. */
			if (!c->cfg.nested_insn)
				cx &= ~(u32)CPUID1_ECX_VMX;
			/* SMX is not virtualized (hv_exit_getsec). */
			cx &= ~(u32)CPUID1_ECX_SMX;
			if (hv_leaf)
				cx |= (u32)CPUID1_ECX_HYPERVISOR;
		}
	}
	g->rax = a;
	g->rbx = b;
	g->rcx = cx;
	g->rdx = d;
	hv_skip_instruction();
}

void hv_exit_vmcall(struct hv_cpu *c, struct hv_gprs *g)
{
	u32 cpl = (hv_vmread(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
	bool key_ok = g->rbx == c->cfg.hypercall_key;
	u64 next_rip;

	if (cpl != 0 || !key_ok) {
		/* Not hvnest's caller: VMCALL outside VMX is #UD (SDM 30.3). */
		hv_log_now(c, HV_LOG_BAD_HYPERCALL, g->rax, cpl, key_ok);
		hv_inject_exception(VEC_UD, false, 0);
		return;
	}
	switch (g->rax) {
	case HV_HC_HAND_BACK:
		next_rip = hv_vmread(VMCS_GUEST_RIP) +
			   hv_vmread(VMCS_VM_EXIT_INSTRUCTION_LEN);
		hv_hand_back(c, g, next_rip, HV_HC_OK);
		hv_dead_end();
	case HV_HC_TEST_INIT:
		if (c->test_init && hv_exit_init(c, g))
			return; /* the CPU was reset: no instruction to skip */
		g->rax = c->test_init ? HV_HC_OK : HV_HC_EINVAL;
		break;
	case HV_HC_SET_FEATURES:
		/* Only run-time switches may change; anything else: refused. */
		if (((g->rcx ^ c->cfg.features) & ~HV_FEAT_RUNTIME) ||
		    ((g->rcx & HV_FEAT_VMCS_SHADOW) &&
		     !c->l2.shadow_capable)) {
			g->rax = HV_HC_EINVAL;
			break;
		}
		c->cfg.features = g->rcx;
		g->rax = HV_HC_OK;
		break;
	default:
		g->rax = HV_HC_EINVAL;
		break;
	}
	hv_skip_instruction();
}

/* SDM 2.6, 13.3: XSETBV's #GP conditions for XCR0. */
static bool hv_xcr0_valid(u64 v, u64 supported)
{
	const u64 x87 = HV_BIT(0), sse = HV_BIT(1), avx = HV_BIT(2);
	const u64 mpx = HV_BIT(3) | HV_BIT(4), avx512 = 0xe0;

	if (!(v & x87) || (v & ~supported))
		return false;
	if ((v & avx) && !(v & sse))
		return false;
	if ((v & mpx) && (v & mpx) != mpx)
		return false;
	if ((v & avx512) && ((v & avx512) != avx512 || !(v & avx)))
		return false;
	return true;
}

void hv_exit_xsetbv(struct hv_cpu *c, struct hv_gprs *g)
{
	u64 v = (g->rdx << 32) | (u32)g->rax;

	if ((u32)g->rcx != 0 || !hv_xcr0_valid(v, c->cfg.xcr0_supported)) {
		hv_inject_exception(VEC_GP, true, 0);
		return;
	}
	hv_xsetbv(0, v); /* root and L1 share XCR0; root uses no XSAVE state */
	hv_skip_instruction();
}

void hv_exit_msr(struct hv_cpu *c, struct hv_gprs *g, bool write)
{
	u32 msr = (u32)g->rcx;

	/*
	 * MTRR writes (only writes exit): done for L1, a #GP for L1 if the
	 * CPU refuses the value (SDM 11.11.2), then EPT01 takes the new types.
	 */
	if (write && hv_mtrr_is_msr(msr)) {
		u64 v = (g->rdx << 32) | (u32)g->rax;

		if (hv_wrmsr_safe(msr, v)) {
			hv_inject_exception(VEC_GP, true, 0);
			return;
		}
		hv_ept01_mtrr_written(c, msr);
		hv_skip_instruction();
		return;
	}

	/*
	 * Nested VMX: L1 reads the capabilities hvnest emulates
	 * (nested/l1_caps.c); the MSRs L1 is not shown raise #GP below.
	 */
	if (c->cfg.nested_insn && !write && msr >= HV_MSR_VMX_BASIC &&
	    msr <= HV_MSR_VMX_VMFUNC) {
		u64 v;

		if (hv_l1_caps_msr(&c->nvmx.caps, msr, &v)) {
			g->rax = (u32)v;
			g->rdx = v >> 32;
			hv_skip_instruction();
			return;
		}
	}
	/*
	 * MSRs outside the two ranges the MSR bitmap covers always exit (SDM
	 * 25.1.3): L1 gets what the CPU does with them, the value or #GP.
	 */
	if (!(msr <= 0x1fff || (msr >= 0xc0000000 && msr <= 0xc0001fff))) {
		u64 v = (g->rdx << 32) | (u32)g->rax;

		if (write ? hv_wrmsr_safe(msr, v) : hv_rdmsr_safe(msr, &v)) {
			hv_inject_exception(VEC_GP, true, 0);
			return;
		}
		if (!write) {
			g->rax = (u32)v;
			g->rdx = v >> 32;
		}
		hv_skip_instruction();
		return;
	}
	/*
	 * Only the VMX capability MSRs are intercepted (MSR bitmap): a CPU
	 * without VMX, as L1 sees it, raises #GP on them (SDM Vol. 4).
	 */
	if ((msr < HV_MSR_VMX_BASIC || msr > HV_MSR_VMX_VMFUNC) &&
	    !c->l2.active)
		hv_log_now(c, HV_LOG_UNEXPECTED_EXIT,
			   write ? EXIT_WRMSR : EXIT_RDMSR, msr,
			   hv_vmread(VMCS_GUEST_RIP));
	hv_inject_exception(VEC_GP, true, 0);
}

void hv_unexpected(struct hv_cpu *c, u32 reason)
{
	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_UNEXPECTED_EXIT, reason,
		   hv_vmread(VMCS_EXIT_QUALIFICATION),
		   hv_vmread(VMCS_GUEST_RIP));
	hv_inject_exception(VEC_UD, false, 0);
}

/*
 * GETSEC exits unconditionally (SDM 26.1.2) once it is past its own #UD
 * check, CR4.SMXE = 0 (SDM vol. 2D, GETSEC). hvnest does not virtualize
 * SMX: CPUID.1:ECX.SMX is clear for L1 and L1 cannot set CR4.SMXE
 * (vmx/exit_cr.c), so L1 sees a CPU without SMX, where GETSEC is #UD. Only
 * an L1 that had CR4.SMXE set before hvnest loaded (a measured launch)
 * gets here with it set: logged, and the same #UD.
 */
static void hv_exit_getsec(struct hv_cpu *c, struct hv_gprs *g)
{
	if (hv_l1_cr(VMCS_GUEST_CR4, VMCS_CR4_READ_SHADOW, c->cfg.cr4_mask) &
	    HV_CR4_SMXE)
		hv_log_now(c, HV_LOG_GETSEC, (u32)g->rax,
			   hv_vmread(VMCS_GUEST_RIP), 0);
	hv_inject_exception(VEC_UD, false, 0);
}

/*
 * SDM 7.7: task switches do not exist in IA-32e mode, the only mode L1
 * can be in (it cannot clear CR0.PG, vmx/exit_cr.c): a CALL or JMP to a
 * TSS is #GP(selector), IRET with NT set is #GP(0). So this exit (SDM
 * 25.4.2) means an hvnest bug: logged, counted, and L1 gets that #GP.
 * The exception injected here also keeps a task gate's event from being
 * delivered again (hv_reinject_vectored_event).
 */
static void hv_exit_task_switch(struct hv_cpu *c)
{
	u64 q = hv_vmread(VMCS_EXIT_QUALIFICATION);
	u32 source = (q >> 30) & 3; /* 0 CALL, 1 IRET, 2 JMP, 3 task gate */
	u32 sel = q & 0xffff;

	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_TASK_SWITCH, sel, source,
		   hv_vmread(VMCS_GUEST_RIP));
	hv_inject_exception(VEC_GP, true,
			    source == 0 || source == 2 ? sel & 0xfffc : 0);
}

/* SDM 27.2.1 and 25.2: exception or NMI exit; hvnest asks only for NMIs. */
static void hv_exit_exception_nmi(struct hv_cpu *c, u32 reason)
{
	u32 info = (u32)hv_vmread(VMCS_VM_EXIT_INTR_INFO);

	if ((info & INTR_INFO_VALID) && (info & INTR_INFO_TYPE_MASK) ==
						INTR_TYPE_NMI)
		hv_nmi_exit(c);
	else
		hv_unexpected(c, reason);
}

/*
 * SDM 26.5 / 27.2.3: an event whose delivery caused or was interrupted by
 * the exit is delivered again at the next entry, unless a handler
 * injected an event of its own. An NMI's delivery sets (virtual-)NMI
 * blocking before an exit it causes (SDM 27.1, with "virtual NMIs"), and
 * an entry injecting an NMI with that blocking set fails (SDM 26.3.1.5,
 * entry rule guest_vnmi_while_nmi_blocked): the blocking goes, the
 * injection sets it again (SDM 31.7.1.2, "Resuming Guest Software after
 * Handling an Exception": the VMM clears bit 3 before re-injecting).
 * Three levels found it: KVM's NMI test in L3 failed its entry.
 */
void hv_reinject_vectored_event(void)
{
	u32 vect = (u32)hv_vmread(VMCS_IDT_VECTORING_INFO);
	u32 type = vect & INTR_INFO_TYPE_MASK;

	if (!(vect & INTR_INFO_VALID) ||
	    (hv_vmread(VMCS_VM_ENTRY_INTR_INFO) & INTR_INFO_VALID))
		return;
	if (vect & INTR_INFO_DELIVER_CODE)
		hv_vmwrite(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
			   hv_vmread(VMCS_IDT_VECTORING_ERROR_CODE));
	/* Software interrupts and exceptions need their length (type 4-6). */
	if (type >= (4 << 8))
		hv_vmwrite(VMCS_VM_ENTRY_INSTRUCTION_LEN,
			   hv_vmread(VMCS_VM_EXIT_INSTRUCTION_LEN));
	if (type == INTR_TYPE_NMI)
		hv_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   hv_vmread(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
				   ~(u64)HV_INT_BLOCK_NMI);
	hv_vmwrite(VMCS_VM_ENTRY_INTR_INFO, vect & 0x80000fffu);
}

/*
 * SDM 28.1 and 28.2.1 (exit qualification bit 12, "NMI unblocking due to
 * IRET"): an EPT violation during IRET with "virtual NMIs" clears
 * virtual-NMI blocking before the exit. A handler that fixes the fault and
 * lets the guest execute the IRET again must set the blocking again, or
 * an NMI would come before the IRET completes. Bit 12 is undefined when
 * the exit happened during event delivery.
 */
void hv_ept_iret_reblock_nmis(void)
{
	u64 qual = hv_vmread(VMCS_EXIT_QUALIFICATION);

	if (!(qual & EPT_QUAL_NMI_UNBLOCKING) ||
	    (hv_vmread(VMCS_IDT_VECTORING_INFO) & INTR_INFO_VALID))
		return;
	hv_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_INFO,
		   hv_vmread(VMCS_GUEST_INTERRUPTIBILITY_INFO) |
			   HV_INT_BLOCK_NMI);
}

/* A VM entry failed (SDM 26.7): at launch or, as an L0 bug, later. */
static void hv_entry_failed(struct hv_cpu *c, struct hv_gprs *g, u32 reason)
{
	u64 rip = hv_vmread(VMCS_GUEST_RIP);

	hv_e9_entry_state("entry-failed");
	if (c->state == HV_STATE_LAUNCHING) {
		c->rep.vm_instr_error = reason;
		hv_hand_back(c, g, rip, 2);
		hv_dead_end();
	}
	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_UNEXPECTED_EXIT, reason,
		   hv_vmread(VMCS_EXIT_QUALIFICATION), rip);
	hv_hand_back(c, g, rip, g->rax);
	hv_dead_end();
}

void hv_handle_exit(struct hv_cpu *c, struct hv_gprs *g)
{
	u64 t0 = hv_rdtsc(), t1;
	u32 full = (u32)hv_vmread(VMCS_VM_EXIT_REASON);
	u32 reason = full & 0xffff;
	bool reinject = true;

	c->exit_tsc = t0;
	/* A write to a hidden page went to the trash: it is over now. */
	if (c->ept01.trash_on)
		hv_ept01_trash_end(c);
	/*
	 * Every exit, not only after this CPU's own SIPI exits: Bochs keeps
	 * the SMI blocking of a SIPI exit that came before hvnest launched
	 * (a bare hypervisor's L2 waited for one), and reports it here.
	 */
	hv_sipi_quirks();
	if (c->l2.active) {
		hv_nested_l2_exit(c, g);
		return;
	}
	c->l2.switched = false;
	if (full & EXIT_REASON_ENTRY_FAILED) {
		hv_entry_failed(c, g, full);
		hv_dead_end();
	}
	/* The first exit after the launch: L1 runs (vmx/launch.c). */
	if (c->state == HV_STATE_LAUNCHING)
		hv_cpu_set_state(c, HV_STATE_RUNNING);

	switch (reason) {
	case EXIT_EXCEPTION_NMI:
		hv_exit_exception_nmi(c, reason);
		break;
	case EXIT_NMI_WINDOW:
		hv_nmi_window_exit(c);
		break;
	case EXIT_CPUID:
		hv_exit_cpuid(c, g);
		break;
	case EXIT_VMCALL:
		hv_exit_vmcall(c, g);
		break;
	case EXIT_CR_ACCESS:
		hv_exit_cr_access(c, g);
		break;
	case EXIT_RDMSR:
	case EXIT_WRMSR:
		hv_exit_msr(c, g, reason == EXIT_WRMSR);
		break;
	case EXIT_XSETBV:
		hv_exit_xsetbv(c, g);
		break;
	case EXIT_INVD:
		/* Writing back is always safe where discarding may not be. */
		hv_wbinvd();
		hv_skip_instruction();
		break;
	case EXIT_GETSEC:
		hv_exit_getsec(c, g);
		break;
	case EXIT_VMCLEAR ... EXIT_VMXON:
	case EXIT_INVEPT:
	case EXIT_INVVPID:
		hv_exit_vmx_insn(c, g, reason);
		break;
	case EXIT_VMFUNC:
		/* No VM functions for L1 (SDM 25.5.6: #UD when not enabled). */
		hv_inject_exception(VEC_UD, false, 0);
		break;
	case EXIT_TRIPLE_FAULT:
		/* SDM 6.15 (#DF) and 27.1: the CPU would shut down. */
		hv_log_now(c, HV_LOG_TRIPLE_FAULT, hv_vmread(VMCS_GUEST_RIP),
			   hv_vmread(VMCS_GUEST_CR3), 0);
		hv_vmwrite(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_SHUTDOWN);
		hv_cpu_stopped(c);
		break;
	case EXIT_TASK_SWITCH:
		hv_exit_task_switch(c);
		break;
	case EXIT_EPT_VIOLATION:
	case EXIT_EPT_MISCONFIG:
		hv_exit_ept(c, reason);
		break;
	case EXIT_INIT:
		/* A reset CPU delivers nothing it was delivering (SDM 9.1). */
		reinject = !hv_exit_init(c, g);
		break;
	case EXIT_SIPI:
		hv_exit_sipi(c);
		break;
	default:
		hv_unexpected(c, reason);
		break;
	}
	/* Not after L1's VMLAUNCH/VMRESUME made VMCS02 current. */
	if (!c->l2.switched && reinject)
		hv_reinject_vectored_event();

	t1 = hv_rdtsc();
	hv_stats_begin(&c->rep.stats);
	c->rep.stats.exits++;
	if (reason < HVNEST_NR_EXIT_REASONS) {
		c->rep.stats.count[reason]++;
		c->rep.stats.cycles[reason] += t1 - t0;
	}
	/* L1's VMLAUNCH/VMRESUME: the second half of a nested round trip. */
	hv_stats_vmcs_accesses(c, reason == EXIT_VMLAUNCH ||
					  reason == EXIT_VMRESUME,
			       t1 - t0);
	hv_stats_end(&c->rep.stats);
}
