// SPDX-License-Identifier: GPL-2.0
/*
 * Nested VM entry: L1's VMLAUNCH/VMRESUME, once the checks of SDM 26.2
 * passed (nested/exit_vmx.c), becomes an entry of L2 on VMCS02. The field
 * table says which VMCS12 fields go to VMCS02 as they are (V02_GUEST,
 * V02_CTL); nested/vmcs02.c computes the rest (V02_MERGED). L0 keeps its
 * host state, its EPT (EPT02, or EPT01 when L1 uses no EPT), its VPID02
 * and its MSR intercepts. Every failure leaves VMCS01 current and nothing
 * of the attempt behind.
 */
#include "nested.h"

#define CR4_PAE HV_BIT(5)

/* Copy L0's host state to VMCS02 (once per CPU): exits come to root. */
static void hv_vmcs02_host_from_vmcs01(struct hv_cpu *c, u64 *save)
{
	const struct vmcs12_class *k = &vmcs12_class[V02_HOST];
	unsigned int i;

	for (i = 0; i < k->n; i++)
		save[i] = hv_vmread(vmcs_field_table[k->idx[i]].encoding);
}

static void hv_vmcs02_host_write(const u64 *save)
{
	const struct vmcs12_class *k = &vmcs12_class[V02_HOST];
	unsigned int i;

	for (i = 0; i < k->n; i++)
		hv_vmwrite(vmcs_field_table[k->idx[i]].encoding, save[i]);
}

/* VMCS12's fields of one class to VMCS02, as they are. */
static void hv_vmcs02_copy(struct hv_l2 *l2, const struct hv_vmcs12 *v12,
			   enum vmcs02_how how)
{
	const struct vmcs12_class *k = &vmcs12_class[how];
	unsigned int i;

	for (i = 0; i < k->n; i++)
		hv_v02_put(l2, k->idx[i], v12->field[k->idx[i]]);
}

#define HV_HOST_FIELDS_MAX 32

/*
 * VMCS02's fields, each written only if VMCS02 does not hold its value
 * already (nested/vmcs02_image.c). Afterwards L0 forgets the ones that
 * change behind its back.
 */
static void hv_vmcs02_fields(struct hv_cpu *c, const struct hv_vmcs12 *v12,
			     const struct hv_vmcs02_ctls *k, const u64 *pdpte)
{
	struct hv_l2 *l2 = &c->l2;
	unsigned int i;

	hv_vmcs02_copy(l2, v12, V02_GUEST);
	hv_vmcs02_copy(l2, v12, V02_CTL);
	/* Not hvnest's memory (nested/vmcs02.h). */
	if (k->vapic_sink)
		V02_PUT(l2, VIRTUAL_APIC_PAGE_ADDR, l2->ept02->sink_pa);
	if (k->apic_access_sink)
		V02_PUT(l2, APIC_ACCESS_ADDR, l2->ept02->sink_pa);
	if (k->pml_sink)
		V02_PUT(l2, PML_ADDRESS, l2->ept02->sink_pa);
	/* Every VMFUNC of L2 exits to L0 (nested/vmfunc.h). */
	if (k->proc2 & HV_PROC2_VMFUNC)
		V02_PUT(l2, VM_FUNCTION_CONTROL, 0);
	V02_PUT(l2, PIN_BASED_VM_EXEC_CONTROL, k->pin);
	V02_PUT(l2, CPU_BASED_VM_EXEC_CONTROL, k->proc);
	V02_PUT(l2, SECONDARY_VM_EXEC_CONTROL, k->proc2);
	V02_PUT(l2, VM_EXIT_CONTROLS, k->exit);
	V02_PUT(l2, VM_ENTRY_CONTROLS, k->entry);
	V02_PUT(l2, GUEST_IA32_EFER, k->efer);
	V02_PUT(l2, GUEST_IA32_PAT, k->pat);
	V02_PUT(l2, GUEST_IA32_DEBUGCTL, k->debugctl);
	V02_PUT(l2, GUEST_DR7, k->dr7);
	V02_PUT(l2, GUEST_INTERRUPTIBILITY_INFO, k->interruptibility);
	V02_PUT(l2, VMX_PREEMPTION_TIMER_VALUE,
		v12->field[VMCS12_I_VMX_PREEMPTION_TIMER_VALUE]);
	/* L0 processes VMCS12's MSR lists itself (nested_msr.c). */
	V02_PUT(l2, VM_EXIT_MSR_STORE_COUNT, 0);
	V02_PUT(l2, VM_EXIT_MSR_LOAD_COUNT, 0);
	V02_PUT(l2, VM_ENTRY_MSR_LOAD_COUNT, 0);
	V02_PUT(l2, VMCS_LINK_POINTER, VMCS12_LINK_NONE);
	if (k->proc & HV_PROC_USE_MSR_BITMAPS)
		V02_PUT(l2, MSR_BITMAP, l2->msr_bitmap_pa);
	if (l2->vpid)
		V02_PUT(l2, VIRTUAL_PROCESSOR_ID, l2->vpid);
	/* EPT02 too when L1 has no EPT for L2 (nested/ept02.h). */
	V02_PUT(l2, EPT_POINTER, hv_ept02_eptp(l2->ept02));
	if (k->ept12) {
		for (i = 0; i < 4; i++)
			hv_v02_put(l2, VMCS12_I_GUEST_PDPTR0 + i,
				   v12->field[VMCS12_I_GUEST_PDPTR0 + i]);
	} else {
		/* SDM 26.3.2.4: PAE paging's PDPTEs, read from L2's CR3. */
		if (k->pdptes_from_cr3)
			for (i = 0; i < 4; i++)
				hv_v02_put(l2, VMCS12_I_GUEST_PDPTR0 + i,
					   pdpte[i]);
	}
	hv_v02_forget_volatile(l2);
}

/*
 * What L0 caches for L2 is tagged by L1's EPTP and VPID: a new EPTP12
 * (or none after one, or one after none) makes current the EPT02 that
 * mirrors it, or a new one (nested/ept02_roots.c); the VPID12 (0: none)
 * picks its VPID02, invalidated if newly given or without a VPID12
 * (nested/vpid02.c).
 */
static void hv_l2_tlb_tags(struct hv_cpu *c, const struct hv_vmcs12 *v12,
			   const struct hv_vmcs02_ctls *k)
{
	u64 eptp12 = k->ept12 ? v12->field[VMCS12_I_EPT_POINTER] :
				HV_EPT02_NO_EPT12;
	struct hv_l2 *l2 = &c->l2;
	u16 vpid12 = 0;
	bool flush;

	if (eptp12 != l2->ept02->eptp12)
		hv_ept02_root(l2, eptp12);
	if (k->vpid12)
		vpid12 = (u16)v12->field[VMCS12_I_VIRTUAL_PROCESSOR_ID];
	l2->vpid = hv_vpid02_get(&l2->vpid02, vpid12, &flush);
	if (flush)
		hv_invvpid_single(l2->vpid);
}

/*
 * VMCS12 pointed L2's I/O bitmaps, virtual-APIC, APIC-access or PML page
 * at hvnest's memory (nested/vmcs02.h): an L1 bug, or an attack. Counted at
 * every such entry, logged when the address changes.
 */
static void hv_l2_vmcs02_guarded(struct hv_cpu *c, u64 pa)
{
	c->l2.vmcs02_guarded++;
	if (pa == c->l2.vmcs02_guarded_pa)
		return;
	c->l2.vmcs02_guarded_pa = pa;
	hv_log_now(c, HV_LOG_VMCS02_GUARDED, pa, c->nvmx.vmptr, 0);
}

enum hv_nested_enter_result hv_nested_enter(struct hv_cpu *c, bool launch,
					    u64 l1_efer,
					    struct hv_vmx_result *r)
{
	struct hv_vmcs12 *v12 = c->nvmx.cache;
	struct hv_l2 *l2 = &c->l2;
	struct hv_vmcs02_l0 l0 = {
		.cpu = &c->cpucaps,
		.exit01 = c->cfg.exit,
		.vpid = l2->vpid02.base != 0,
		.guard = l2->ept02->guard,
	};
	struct hv_vmcs02_ctls k;
	u64 host[HV_HOST_FIELDS_MAX], qual = 0, pdpte[4] = { 0 };
	u32 failed, link_rev = 0;
	enum hvnest_entry_rule why;

	if (!hv_vmcs12_check_guest_state(v12, &c->nvmx.caps, c->nvmx.vmptr,
					 &qual, &why)) {
		hv_nested_entry_failure(c, EXIT_ENTRY_FAIL_GUEST, qual, why);
		return HV_NESTED_FAILED_EXIT;
	}
	/* SDM 26.3.1.5: the revision and shadow bit of the linked VMCS. */
	if (v12->field[VMCS12_I_VMCS_LINK_POINTER] != VMCS12_LINK_NONE)
		hv_l1_phys_read(v12->field[VMCS12_I_VMCS_LINK_POINTER],
				&link_rev, sizeof(link_rev));
	if (!hv_vmcs12_link_vmcs_ok(v12, &c->nvmx.caps, link_rev)) {
		hv_nested_entry_failure(c, EXIT_ENTRY_FAIL_GUEST,
					HV_ENTRY_QUAL_LINK_PTR,
					HV_ER_GUEST_LINK_VMCS);
		return HV_NESTED_FAILED_EXIT;
	}
	l0.l1_efer = l1_efer;
	l0.l1_pat = hv_vmread(VMCS_GUEST_IA32_PAT);
	l0.l1_debugctl = hv_vmread(VMCS_GUEST_IA32_DEBUGCTL);
	l0.l1_dr7 = hv_vmread(VMCS_GUEST_DR7);
	l2->l1_cr0 = hv_l1_cr(VMCS_GUEST_CR0, VMCS_CR0_READ_SHADOW,
			      c->cfg.cr0_mask);
	hv_vmcs02_compute(v12, &l0, &k);
	/* SDM 26.3.1.6: without EPT12, PAE paging's PDPTEs from memory. */
	if (k.pdptes_from_cr3) {
		hv_l1_phys_read(v12->field[VMCS12_I_GUEST_CR3] & ~0x1fULL,
				pdpte, sizeof(pdpte));
		if (!hv_pdptes_valid(pdpte, &c->nvmx.caps)) {
			hv_nested_entry_failure(c, EXIT_ENTRY_FAIL_GUEST,
						HV_ENTRY_QUAL_PDPTE,
						HV_ER_GUEST_PDPTE);
			return HV_NESTED_FAILED_EXIT;
		}
	}
	if (!l2->host_ready)
		hv_vmcs02_host_from_vmcs01(c, host);
	if (k.proc & HV_PROC_USE_MSR_BITMAPS)
		hv_nested_merge_msr_bitmap(c, v12->field[VMCS12_I_MSR_BITMAP]);

	if (!l2->launched && !l2->host_ready) {
		hv_vmclear(l2->vmcs02_pa);
		hv_v02_forget_all(l2);
	}
	if (!hv_vmptrld(l2->vmcs02_pa)) {
		/* L0's own page: cannot happen; L1 must not hang on it. */
		c->rep.stats.unexpected_exits++;
		hv_log_now(c, HV_LOG_VMCS02_VMFAIL, 0, 0, 0);
		hv_vmptrld(c->vmcs_pa);
		hv_nvmx_vmfail(&c->nvmx, HV_VMERR_ENTRY_BAD_CONTROLS, r);
		return HV_NESTED_VMFAIL;
	}
	if (!l2->host_ready) {
		hv_vmcs02_host_write(host);
		l2->host_ready = true;
	}
	l2->ept12 = k.ept12;
	hv_l2_tlb_tags(c, v12, &k);
	hv_vmcs02_fields(c, v12, &k, pdpte);
	if (k.guarded_pa)
		hv_l2_vmcs02_guarded(c, k.guarded_pa);
	hv_shadow02_enter(c, v12, k.proc2);
	l2->proc12_nmi_window =
		(u32)v12->field[VMCS12_I_CPU_BASED_VM_EXEC_CONTROL] &
		PROC_NMI_WINDOW;
	l2->nmi_mode = k.nmi_mode;
	l2->nmi_blocked = k.nmi_blocked;

	/* SDM 26.4: after the guest state, the VM-entry MSR-load list. */
	failed = hv_nested_load_msrs(
		c, v12->field[VMCS12_I_VM_ENTRY_MSR_LOAD_ADDR],
		(u32)v12->field[VMCS12_I_VM_ENTRY_MSR_LOAD_COUNT]);
	if (failed) {
		hv_vmptrld(c->vmcs_pa);
		hv_nested_entry_failure(c, EXIT_ENTRY_FAIL_MSR, failed,
					HV_ER_MSR_LOAD);
		return HV_NESTED_FAILED_EXIT;
	}

	/* SDM 30.3 VMLAUNCH: launched once the entry succeeds. */
	l2->launching12 = launch && v12->launch_state != VMCS12_LAUNCH_LAUNCHED;
	if (launch)
		v12->launch_state = VMCS12_LAUNCH_LAUNCHED;
	l2->active = true;
	l2->switched = true;
	l2->l1_nmi_window = c->nmi_window_open;
	c->nmi_window_open = 0;
	c->launch_next = !l2->launched;
	/* Test only (module parameter test_tail_nmi, vmx/entry.S). */
	if (c->tail_nmi_tests) {
		c->tail_nmi_tests--;
		c->tail_nmi = c->tail_nmi_apic;
	}
	hv_stats_begin(&c->rep.stats);
	c->rep.nstats.entries++;
	hv_stats_end(&c->rep.stats);
	return HV_NESTED_ENTERED;
}

void hv_nested_vmcs02_failed(struct hv_cpu *c)
{
	u32 err = (u32)hv_vmread(VMCS_VM_INSTRUCTION_ERROR);
	struct hv_vmx_result r = { 0 };
	u64 rip;

	/* The checks of SDM 26.2 passed for VMCS12: an hvnest gap. */
	c->rep.stats.unexpected_exits++;
	hv_log_now(c, HV_LOG_VMCS02_VMFAIL, err, hv_vmread(VMCS_GUEST_RIP),
		   0);
	hv_vmptrld(c->vmcs_pa);
	if (c->l2.launching12)
		c->nvmx.cache->launch_state = VMCS12_LAUNCH_CLEAR;
	c->l2.active = false;
	c->launch_next = 0;
	c->nmi_window_open = c->l2.l1_nmi_window;
	hv_nested_rule_broken(c, HV_ER_CPU_VMCS02);
	hv_stats_begin(&c->rep.stats);
	c->rep.nstats.vmfails++;
	hv_stats_end(&c->rep.stats);
	/* L1's VMLAUNCH/VMRESUME completes with VMfailValid (SDM 30.2). */
	hv_nvmx_vmfail(&c->nvmx, err, &r);
	hv_vmwrite(VMCS_GUEST_RFLAGS,
		   hv_nvmx_rflags(hv_vmread(VMCS_GUEST_RFLAGS), r.outcome));
	rip = hv_vmread(VMCS_GUEST_RIP);
	hv_vmwrite(VMCS_GUEST_RIP,
		   rip + hv_vmread(VMCS_VM_EXIT_INSTRUCTION_LEN));
	hv_shadow_update(c); /* the VM-instruction error */
}

void hv_nested_invept(struct hv_cpu *c, u64 eptp12)
{
	hv_ept02_invept(&c->l2, eptp12);
}

/*
 * L1's INVVPID (SDM 30.3) on the VPID02s of what it covers, with L1's
 * type where the CPU has it (nested/vpid02.h). All-context is a single
 * context per VPID12 mapped: the CPU's all-context would invalidate L1's
 * own VPID too, which L1's INVVPID never does (VPID 0000H is not covered).
 */
void hv_nested_invvpid(struct hv_cpu *c, u64 type, u16 vpid12, u64 la)
{
	u64 type02 = hv_vpid02_type(c->cpucaps.ept_vpid, type);
	u16 v02[HV_VPID02_SLOTS];
	unsigned int i, n;

	n = hv_vpid02_covered(&c->l2.vpid02, type, vpid12, v02);
	for (i = 0; i < n; i++) {
		switch (type02) {
		case HV_INVVPID_ADDR:
			/* A CPU that finds la non-canonical: all of it. */
			if (!hv_invvpid_addr(v02[i], la))
				hv_invvpid_single(v02[i]);
			break;
		case HV_INVVPID_SINGLE_GLOBALS:
			hv_invvpid_single_globals(v02[i]);
			break;
		default:
			hv_invvpid_single(v02[i]);
		}
	}
}
