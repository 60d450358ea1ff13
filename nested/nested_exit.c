// SPDX-License-Identifier: GPL-2.0
/*
 * Exits of L2. VMCS02 intercepts what L1 asked for in VMCS12 plus what L0
 * needs: EPT02 misses, the MSRs L0's bitmap covers, NMIs and NMI windows
 * owed to L1. An exit L1 asked for is reflected (SDM chapter 27 from L1's
 * point of view: exit information and L2's state saved to VMCS12, L1's
 * host state loaded); any other is handled here and L2 resumed, with an
 * event whose delivery the exit interrupted injected again.
 */
#include "nested.h"
#include "vmfunc.h"

#define INTR_INFO_VECTOR_MASK 0xff

/* The current VMCS's fields of one class into VMCS12, as they are. */
static void hv_vmcs12_copy(struct hv_vmcs12 *v12, enum vmcs02_how how)
{
	const struct vmcs12_class *k = &vmcs12_class[how];
	unsigned int i;

	for (i = 0; i < k->n; i++)
		v12->field[k->idx[i]] =
			hv_vmread(vmcs_field_table[k->idx[i]].encoding);
}

/* VMCS02's table field i, which VMCS02 is then known to hold. */
static u64 hv_v02_read(struct hv_l2 *l2, unsigned int i)
{
	u64 v = hv_vmread(vmcs_field_table[i].encoding);

	hv_v02_seen(l2, i, v);
	return v;
}

#define V02_READ(l2, name) hv_v02_read(l2, VMCS12_I_##name)

/*
 * SDM 27.3: L2's guest state and the entry controls it changes. L2's EFER
 * and PAT at the exit to *efer and *pat (L1's unless its exit loads them).
 */
static void hv_save_l2_state(struct hv_cpu *c, struct hv_vmcs12 *v12,
			     u64 *efer_out, u64 *pat_out)
{
	const struct vmcs12_class *k = &vmcs12_class[V02_GUEST];
	u32 exit12 = (u32)v12->field[VMCS12_I_VM_EXIT_CONTROLS];
	struct hv_l2 *l2 = &c->l2;
	u64 efer = V02_READ(l2, GUEST_IA32_EFER);
	u64 pat = V02_READ(l2, GUEST_IA32_PAT);
	unsigned int i;

	*efer_out = efer;
	*pat_out = pat;
	for (i = 0; i < k->n; i++)
		v12->field[k->idx[i]] = hv_v02_read(l2, k->idx[i]);
	if (exit12 & HV_EXIT_SAVE_EFER)
		V12(c, GUEST_IA32_EFER) = efer;
	if (exit12 & HV_EXIT_SAVE_PAT)
		V12(c, GUEST_IA32_PAT) = pat;
	if (exit12 & HV_EXIT_SAVE_DEBUG) {
		V12(c, GUEST_DR7) = V02_READ(l2, GUEST_DR7);
		V12(c, GUEST_IA32_DEBUGCTL) =
			V02_READ(l2, GUEST_IA32_DEBUGCTL);
	}
	V12(c, GUEST_INTERRUPTIBILITY_INFO) = hv_l2_interruptibility12(
		l2->nmi_mode, l2->nmi_blocked,
		(u32)V02_READ(l2, GUEST_INTERRUPTIBILITY_INFO));
	if (exit12 & HV_EXIT_SAVE_TIMER)
		V12(c, VMX_PREEMPTION_TIMER_VALUE) =
			V02_READ(l2, VMX_PREEMPTION_TIMER_VALUE);
	if (l2->ept12)
		for (i = 0; i < 4; i++)
			v12->field[VMCS12_I_GUEST_PDPTR0 + i] =
				hv_v02_read(l2, VMCS12_I_GUEST_PDPTR0 + i);
	/* SDM 27.2? "IA-32e mode guest" follows IA32_EFER.LMA (27.3.1). */
	if (efer & HV_EFER_LMA)
		V12(c, VM_ENTRY_CONTROLS) |= HV_ENTRY_IA32E_GUEST;
	else
		V12(c, VM_ENTRY_CONTROLS) &= ~(u64)HV_ENTRY_IA32E_GUEST;
}

/* SDM 27.2: the exit-information fields, from VMCS02 or synthesized. */
static void hv_save_exit_info(struct hv_cpu *c, struct hv_vmcs12 *v12,
			      const struct hv_l2_exit *e)
{
	u32 pending;

	if (e->from_cpu) {
		hv_vmcs12_copy(v12, V02_EXIT_INFO);
	} else {
		V12(c, VM_EXIT_INTR_INFO) = e->intr_info;
		V12(c, VM_EXIT_INTR_ERROR_CODE) = 0;
		V12(c, IDT_VECTORING_INFO) = 0;
		V12(c, VM_EXIT_INSTRUCTION_LEN) = 0;
	}
	V12(c, VM_EXIT_REASON) = e->reason;
	if (!e->from_cpu || e->qual_set)
		V12(c, EXIT_QUALIFICATION) = e->qual;
	/*
	 * An event L0 was about to inject into L2 (one whose delivery an exit
	 * handled in L0 interrupted, or L1's own injection when L2 never ran)
	 * was not delivered: L1 sees it as IDT-vectoring information.
	 */
	pending = (u32)hv_vmread(VMCS_VM_ENTRY_INTR_INFO);
	if (pending & INTR_INFO_VALID) {
		V12(c, IDT_VECTORING_INFO) = pending & ~0x1000U;
		V12(c, IDT_VECTORING_ERROR_CODE) =
			hv_vmread(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE);
		V12(c, VM_EXIT_INSTRUCTION_LEN) =
			hv_vmread(VMCS_VM_ENTRY_INSTRUCTION_LEN);
		hv_vmwrite(VMCS_VM_ENTRY_INTR_INFO, 0);
	}
	/* SDM 27.2.? (24.8.3): every VM exit clears the valid bit. */
	V12(c, VM_ENTRY_INTR_INFO) &= ~(u64)INTR_INFO_VALID;
}

static void hv_write_seg(u32 sel_field, const struct hv_seg *s)
{
	/* Selector, limit, AR and base fields follow each other by index. */
	u32 i = (sel_field - VMCS_GUEST_ES_SELECTOR) / 2;

	hv_vmwrite(sel_field, s->sel);
	hv_vmwrite(VMCS_GUEST_ES_LIMIT + 2 * i, s->limit);
	hv_vmwrite(VMCS_GUEST_ES_AR_BYTES + 2 * i, s->ar);
	hv_vmwrite(VMCS_GUEST_ES_BASE + 2 * i, s->base);
}

/* SDM 27.5: L1's state from VMCS12's host-state area, into VMCS01. */
static void hv_load_l1_host(struct hv_cpu *c, const struct hv_l1_host_state *s,
			    bool nmi_blocked)
{
	unsigned int i;

	hv_l1_set_cr0(c, s->cr0);
	hv_vmwrite(VMCS_GUEST_CR3, s->cr3);
	hv_l1_set_cr4(c, s->cr4);
	hv_vmwrite(VMCS_GUEST_DR7, s->dr7);
	hv_vmwrite(VMCS_GUEST_IA32_DEBUGCTL, s->debugctl);
	hv_vmwrite(VMCS_GUEST_IA32_EFER, s->efer);
	hv_vmwrite(VMCS_GUEST_IA32_PAT, s->pat);
	hv_vmwrite(VMCS_GUEST_SYSENTER_CS, s->sysenter_cs);
	hv_vmwrite(VMCS_GUEST_SYSENTER_ESP, s->sysenter_esp);
	hv_vmwrite(VMCS_GUEST_SYSENTER_EIP, s->sysenter_eip);
	for (i = 0; i < HV_L1S_NR; i++)
		hv_write_seg(VMCS_GUEST_ES_SELECTOR + 2 * i, &s->seg[i]);
	hv_vmwrite(VMCS_GUEST_GDTR_BASE, s->gdtr_base);
	hv_vmwrite(VMCS_GUEST_GDTR_LIMIT, s->gdtr_limit);
	hv_vmwrite(VMCS_GUEST_IDTR_BASE, s->idtr_base);
	hv_vmwrite(VMCS_GUEST_IDTR_LIMIT, s->idtr_limit);
	hv_vmwrite(VMCS_GUEST_RIP, s->rip);
	hv_vmwrite(VMCS_GUEST_RSP, s->rsp);
	hv_vmwrite(VMCS_GUEST_RFLAGS, s->rflags);
	/* VMCS01's IA-32e mode guest control follows L1's EFER.LMA. */
	if (s->efer & HV_EFER_LMA)
		hv_vmwrite(VMCS_VM_ENTRY_CONTROLS,
			   c->cfg.entry | HV_ENTRY_IA32E_GUEST);
	/* SDM 27.5.5? After an NMI's exit the host blocks NMIs till IRET. */
	hv_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_INFO,
		   nmi_blocked ? HV_INT_BLOCK_NMI : 0);
	hv_vmwrite(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
	hv_vmwrite(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	hv_vmwrite(VMCS_VM_ENTRY_INTR_INFO, 0);
}

/* SDM 27.5.4 / 27.7: the VM-exit MSR-load list; a failure is a VMX abort. */
static void hv_exit_load_msrs(struct hv_cpu *c, struct hv_vmcs12 *v12)
{
	u64 addr = v12->field[VMCS12_I_VM_EXIT_MSR_LOAD_ADDR];
	u32 failed = hv_nested_load_msrs(
		c, addr, (u32)v12->field[VMCS12_I_VM_EXIT_MSR_LOAD_COUNT]);
	u32 index = 0;

	if (!failed)
		return;
	hv_l1_phys_read(addr + 16 * (failed - 1), &index, sizeof(index));
	v12->abort = 4; /* SDM 27.7: failure loading an MSR */
	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_NESTED_MSR_ABORT, failed, index, 0);
	hv_vmwrite(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_SHUTDOWN);
	hv_cpu_stopped(c);
}

/* Back to L1: VMCS01 current again, L1's NMI window as it was. */
static void hv_back_to_l1(struct hv_cpu *c)
{
	hv_vmptrld(c->vmcs_pa);
	c->l2.active = false;
	c->l2.switched = true;
	c->launch_next = 0;
	c->nmi_window_open = c->l2.l1_nmi_window;
}

void hv_nested_reflect(struct hv_cpu *c, const struct hv_l2_exit *e)
{
	struct hv_vmcs12 *v12 = c->nvmx.cache;
	u32 basic = e->reason & 0xffff;
	bool nmi = basic == EXIT_EXCEPTION_NMI &&
		   ((e->from_cpu ? (u32)hv_vmread(VMCS_VM_EXIT_INTR_INFO) :
				   e->intr_info) &
		    INTR_INFO_TYPE_MASK) == INTR_TYPE_NMI;
	struct hv_l1_host_state s;
	u64 efer, pat;

	hv_save_exit_info(c, v12, e);
	hv_save_l2_state(c, v12, &efer, &pat);
	/* SDM 27.4: the VM-exit MSR-store list, with L2's values. */
	hv_nested_store_msrs(c, v12->field[VMCS12_I_VM_EXIT_MSR_STORE_ADDR],
			     (u32)v12->field[VMCS12_I_VM_EXIT_MSR_STORE_COUNT]);
	hv_back_to_l1(c);
	hv_l1_host_state_compute(v12, c->l2.l1_cr0, efer, pat, &s);
	hv_load_l1_host(c, &s, nmi);
	hv_exit_load_msrs(c, v12);
	hv_shadow_update(c);

	hv_stats_begin(&c->rep.stats);
	if (basic < HVNEST_NR_EXIT_REASONS)
		c->rep.nstats.reflected[basic]++;
	hv_stats_end(&c->rep.stats);
}

void hv_nested_rule_broken(struct hv_cpu *c, enum hvnest_entry_rule rule)
{
	hv_stats_begin(&c->rep.stats);
	c->rep.nstats.entry_rule[rule < HVNEST_NR_ENTRY_RULES ? rule : HV_ER_NONE]++;
	hv_stats_end(&c->rep.stats);
}

void hv_nested_entry_failure(struct hv_cpu *c, u32 reason, u64 qual,
			     enum hvnest_entry_rule rule)
{
	struct hv_vmcs12 *v12 = c->nvmx.cache;
	struct hv_l1_host_state s;

	/*
	 * SDM 26.8: only the exit reason and qualification are written, L1
	 * gets its host state (27.5) and the exit's MSR-load list; VMCS12's
	 * guest state and the valid bit of its injection are left alone.
	 */
	v12->field[VMCS12_I_VM_EXIT_REASON] = reason | EXIT_REASON_ENTRY_FAILED;
	v12->field[VMCS12_I_EXIT_QUALIFICATION] = qual;
	c->l2.l1_cr0 = hv_l1_cr(VMCS_GUEST_CR0, VMCS_CR0_READ_SHADOW,
				c->cfg.cr0_mask);
	hv_l1_host_state_compute(v12, c->l2.l1_cr0,
				 hv_vmread(VMCS_GUEST_IA32_EFER),
				 hv_vmread(VMCS_GUEST_IA32_PAT), &s);
	hv_load_l1_host(c, &s, false);
	hv_exit_load_msrs(c, v12);
	hv_shadow_update(c);
	/* The CPU's own failure of VMCS02 was logged as such. */
	if (rule != HV_ER_CPU_VMCS02)
		hv_log_now(c, HV_LOG_ENTRY_FAIL_RULE, reason, qual, rule);
	hv_nested_rule_broken(c, rule);
	hv_stats_begin(&c->rep.stats);
	c->rep.nstats.entry_failures++;
	if (reason == EXIT_ENTRY_FAIL_MSR)
		c->rep.nstats.entry_fail_msr++;
	else
		c->rep.nstats.entry_fail_guest++;
	hv_stats_end(&c->rep.stats);
}

/*
 * L0 completed or faulted an instruction of L2's itself (RDMSR/WRMSR,
 * VMREAD/VMWRITE). With VMCS12's "monitor trap flag" the CPU would exit
 * to L1 right after it (SDM 25.5.2): this makes that MTF exit, unless an
 * event comes first, a fault L0 injects or a single-step #DB pending (SDM
 * 25.5.2's priorities), after whose delivery VMCS02's own MTF control
 * exits. True if *e is now the MTF exit to reflect.
 */
static bool hv_l2_mtf_after(struct hv_cpu *c, struct hv_l2_exit *e)
{
	/* Not after a fault already reflected to L1 (VMCS01 current). */
	if (c->l2.switched ||
	    !(V12(c, CPU_BASED_VM_EXEC_CONTROL) & HV_PROC_MTF) ||
	    (hv_vmread(VMCS_VM_ENTRY_INTR_INFO) & INTR_INFO_VALID) ||
	    (hv_vmread(VMCS_GUEST_PENDING_DBG_EXCEPTIONS) & PENDING_DBG_BS))
		return false;
	*e = (struct hv_l2_exit){ .reason = EXIT_MONITOR_TRAP_FLAG };
	return true;
}

/* An NMI for L1 while L2 is the guest: L2's NMI exit (SDM 25.2). */
static void hv_nested_nmi_exit(struct hv_cpu *c)
{
	struct hv_l2_exit e = {
		.reason = EXIT_EXCEPTION_NMI,
		.intr_info = VEC_NMI | INTR_TYPE_NMI | INTR_INFO_VALID,
	};

	hv_dec(&c->nmi_pending);
	hv_inc(&c->rep.stats.nmi_injected);
	/* L0's NMI window in VMCS02, if open, is VMCS02's business no more. */
	hv_nested_reflect(c, &e);
}

/*
 * Whether an NMI that arrives now is L2's NMI exit (SDM 24.6.1): with NMI
 * exiting, unless blocking by NMI without virtual NMIs holds it back for
 * as long as L2 runs (SDM 26.6.1).
 */
static bool hv_l2_nmi_exits(const struct hv_l2 *l2)
{
	return l2->nmi_mode == HV_L2_NMI_EXIT_VIRTUAL ||
	       (l2->nmi_mode == HV_L2_NMI_EXIT_BLOCKABLE && !l2->nmi_blocked);
}

void hv_nested_nmi_owed(struct hv_cpu *c)
{
	if (hv_l2_nmi_exits(&c->l2)) {
		hv_nested_nmi_exit(c);
	} else if (c->l2.nmi_mode == HV_L2_NMI_DELIVER) {
		/* L2 takes it through its IDT once it can (SDM 26.7.6). */
		hv_nmi_set_window(c, true);
	} else {
		/*
		 * Held: no window opens for them (L1 cannot have one without
		 * virtual NMIs). After L2's next exit L1 takes them.
		 */
		hv_nmi_set_window(c, false);
		c->nmi_window_open = 1;
	}
}

/*
 * An INIT held while L1 was in VMX root (apic/init_sipi.c): L2's INIT exit
 * (SDM 25.2), once L2 is entered and before its first instruction.
 */
void hv_nested_init_exit(struct hv_cpu *c)
{
	struct hv_l2_exit e = { .reason = EXIT_INIT };

	c->init_held = false;
	hv_nested_reflect(c, &e);
}

/* L0's NMI window in VMCS02 opened, or L1's own NMI-window exit. */
static void hv_l2_nmi_window(struct hv_cpu *c)
{
	struct hv_l2_exit e = { .reason = EXIT_NMI_WINDOW, .from_cpu = true };

	if (c->nmi_pending) {
		if (c->l2.nmi_mode == HV_L2_NMI_DELIVER)
			hv_nmi_window_exit(c); /* one NMI into L2's IDT */
		else
			hv_nested_nmi_owed(c);
		return;
	}
	/* L0's window with nothing owed any more: close it, unless L1's. */
	if (c->nmi_window_open) {
		u64 proc = hv_vmread(VMCS_CPU_BASED_VM_EXEC_CONTROL);

		c->nmi_window_open = 0;
		if (!c->l2.proc12_nmi_window) {
			hv_vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL,
				   proc & ~(u64)PROC_NMI_WINDOW);
			return;
		}
	}
	hv_nested_reflect(c, &e);
}

/*
 * L2's VMFUNC (nested/vmfunc.h): EPTP switching done here as the CPU
 * would (SDM 25.5.6.3: VMCS12's EPTP becomes the list's entry, the
 * instruction completes), else the VMFUNC exit for L1. True if *e is to
 * be reflected.
 */
static bool hv_l2_vmfunc(struct hv_cpu *c, const struct hv_gprs *g,
			 struct hv_l2_exit *e)
{
	u32 index = (u32)g->rcx;
	u64 entry = ~0ULL;
	bool read;

	if (!c->l2.ept12 ||
	    !hv_vmfunc_reads_list((u32)g->rax, index,
				  V12(c, VM_FUNCTION_CONTROL)))
		return true;
	read = hv_l1_phys_read(V12(c, EPTP_LIST_ADDRESS) + 8ULL * index,
			       &entry, sizeof(entry));
	if (!hv_vmfunc_eptp_ok(entry, read, c->nvmx.caps.ept_vpid,
			       c->cfg.maxphyaddr))
		return true;
	if (entry != V12(c, EPT_POINTER)) {
		/* The EPT02 of the new EPTP12 (nested/ept02_roots.c). */
		V12(c, EPT_POINTER) = entry;
		hv_ept02_root(&c->l2, entry);
		hv_vmwrite(VMCS_EPT_POINTER, hv_ept02_eptp(c->l2.ept02));
	}
	hv_skip_instruction();
	return hv_l2_mtf_after(c, e);
}

/* An EPT violation of L2: a miss of EPT02, or one L1 must see. */
static bool hv_l2_ept_violation(struct hv_cpu *c, struct hv_l2_exit *e)
{
	u64 gpa = hv_vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
	u64 qual = hv_vmread(VMCS_EXIT_QUALIFICATION), qual12 = 0;
	struct hv_ept02 *ept02 = c->l2.ept02;
	u64 guarded = ept02->guarded;
	enum hv_ept02_action act;
	bool invept = false;

	act = hv_ept02_fault(ept02, gpa, qual, &qual12, &invept);
	if (act != HV_EPT02_FIXED && !c->l2.ept12) {
		/* Not without EPT12 (nested/ept02.h): an hvnest bug. */
		c->rep.stats.unexpected_exits++;
		hv_log_now(c, HV_LOG_EPT02_MISCONFIG, gpa, ept02->eptp12, 0);
		hv_nested_invept(c, 0);
		return false;
	}
	switch (act) {
	case HV_EPT02_FIXED:
		/* L1 pointed L2 at L0's memory: an L1 bug, or an attack. */
		if (ept02->guarded != guarded)
			hv_log_now(c, HV_LOG_EPT02_GUARDED, ept02->eptp12, gpa,
				   0);
		if (invept)
			hv_invept_single(hv_ept02_eptp(ept02));
		hv_ept_iret_reblock_nmis();
		return false;
	case HV_EPT02_MISCONFIG:
		e->reason = EXIT_EPT_MISCONFIG;
		e->qual = 0;
		e->qual_set = true;
		return true;
	default:
		/* Bits 11:9 only if L1 was told of them: hv_ept02_fault(). */
		e->qual = qual12;
		e->qual_set = true;
		return true;
	}
}

void hv_nested_l2_exit(struct hv_cpu *c, struct hv_gprs *g)
{
	u64 t0 = c->exit_tsc, t1;
	u32 full = (u32)hv_vmread(VMCS_VM_EXIT_REASON);
	u32 reason = full & 0xffff;
	struct hv_l2_exit e = { .reason = full, .from_cpu = true };
	bool reflect = true;
	u64 guarded;
	u32 msr;

	c->l2.switched = false;
	if (full & EXIT_REASON_ENTRY_FAILED) {
		/* The checks of SDM 26.3 passed for VMCS12: an hvnest gap. */
		c->rep.stats.unexpected_exits++;
		hv_log_now(c, HV_LOG_VMCS02_ENTRY_FAILED, full,
			   hv_vmread(VMCS_EXIT_QUALIFICATION),
			   hv_vmread(VMCS_GUEST_RIP));
		if (c->l2.launching12)
			c->nvmx.cache->launch_state = VMCS12_LAUNCH_CLEAR;
		hv_back_to_l1(c);
		hv_nested_entry_failure(c, reason,
					V12(c, EXIT_QUALIFICATION),
					HV_ER_CPU_VMCS02);
		return;
	}
	c->l2.launched = true;
	c->l2.launching12 = false;

	switch (reason) {
	case EXIT_EXCEPTION_NMI:
		if (((u32)hv_vmread(VMCS_VM_EXIT_INTR_INFO) &
		     INTR_INFO_TYPE_MASK) != INTR_TYPE_NMI)
			break;
		/*
		 * An NMI: VMCS02 always exits for them. It is L2's NMI exit
		 * if VMCS12 asks for one now, else owed (hv_nested_nmi_owed()
		 * from the exit tail, after any event to deliver again).
		 */
		hv_inc(&c->rep.stats.nmi_exits);
		hv_nmi_unblock();
		if (!hv_l2_nmi_exits(&c->l2)) {
			hv_inc(&c->nmi_pending);
			reflect = false;
		}
		break;
	case EXIT_NMI_WINDOW:
		hv_l2_nmi_window(c);
		reflect = false;
		break;
	case EXIT_RDMSR:
	case EXIT_WRMSR:
		msr = (u32)g->rcx;
		if (!hv_nested_l1_msr_intercepted(c->nvmx.cache, msr,
						  reason == EXIT_WRMSR)) {
			hv_exit_msr(c, g, reason == EXIT_WRMSR);
			reflect = hv_l2_mtf_after(c, &e);
		}
		break;
	case EXIT_VMREAD:
	case EXIT_VMWRITE:
		reflect = hv_nested_l2_vmrw(c, g, reason) ||
			  hv_l2_mtf_after(c, &e);
		break;
	case EXIT_VMFUNC:
		reflect = hv_l2_vmfunc(c, g, &e);
		break;
	case EXIT_SIPI:
		/*
		 * L2 waited for a SIPI: L1's exit, with the vector. Bochs 2.7
		 * leaves NMIs and SMIs blocked after it, as after L1's own
		 * (apic/init_sipi.c): the same IRET and SMI-blocking cleanup.
		 */
		hv_nmi_unblock();
		break;
	case EXIT_EPT_VIOLATION:
		reflect = hv_l2_ept_violation(c, &e);
		break;
	case EXIT_EPT_MISCONFIG:
		/* EPT02 is L0's own: a misconfiguration is an hvnest bug. */
		c->rep.stats.unexpected_exits++;
		hv_log_now(c, HV_LOG_EPT02_MISCONFIG,
			   hv_vmread(VMCS_GUEST_PHYSICAL_ADDRESS),
			   c->l2.ept02->eptp12, 0);
		hv_nested_invept(c, 0);
		reflect = false;
		break;
	default:
		break;
	}

	if (reflect && !c->l2.switched)
		hv_nested_reflect(c, &e);
	else if (!c->l2.switched)
		hv_reinject_vectored_event();

	t1 = hv_rdtsc();
	hv_stats_begin(&c->rep.stats);
	c->rep.stats.exits++;
	if (reason < HVNEST_NR_EXIT_REASONS) {
		/* A reflection (also one decided late) counted itself. */
		if (!reflect && !c->l2.switched)
			c->rep.nstats.handled[reason]++;
		c->rep.stats.count[reason]++;
		c->rep.stats.cycles[reason] += t1 - t0;
	}
	/* Back in L1: the first half of a nested round trip. */
	hv_stats_vmcs_accesses(c, !c->l2.active, t1 - t0);
	hv_ept02_stats(&c->l2, &c->rep.nstats.ept02_fills,
		       &c->rep.nstats.ept02_flushes, &guarded);
	c->rep.nstats.ept02_guarded = guarded + c->l2.vmcs02_guarded;
	c->rep.nstats.vpid02_flushes = c->l2.vpid02.flushes;
	hv_stats_end(&c->rep.stats);
}
