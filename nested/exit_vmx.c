// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits for L1's VMX instructions (SDM 25.1.3: they always exit in VMX
 * non-root operation). Without nested VMX (module parameter nested=0)
 * they are #UD, the result on a CPU without VMX, which is what L1 is then
 * told it has. With it, the default, they are emulated
 * (nested/vmx_insn.c), and VMLAUNCH/VMRESUME enter L2
 * (nested/nested_entry.c).
 */
#include "nested.h"
#include "../vmx/cr0_write.h"

#define AR_L HV_BIT(13) /* CS.L: 64-bit code (SDM 24.4.1) */
#define EFER_LMA HV_BIT(10)

static void hv_l1_seg_read(struct hv_l1_seg *s, u32 base, u32 limit, u32 ar)
{
	s->base = hv_vmread(base);
	s->limit = (u32)hv_vmread(limit);
	s->ar = (u32)hv_vmread(ar);
}

/*
 * L1 as it sees itself: read shadows applied to the owned CR bits. VMXOFF,
 * VMLAUNCH and VMRESUME have no operand: for them only the GPRs but RSP,
 * EFER, RFLAGS and the CS and SS access rights (CPL, 64-bit mode) are
 * read, all that their checks and outcome use (the round trip's VMRESUME
 * is hot, issue 17).
 */
static void hv_l1_view_fill(struct hv_cpu *c, const struct hv_gprs *g,
			    u32 reason, struct hv_l1_view *v)
{
	const u64 *r = (const u64 *)g;
	u64 m0 = c->cfg.cr0_mask, m4 = c->cfg.cr4_mask;
	int i;

	for (i = 0; i < 16; i++)
		v->gpr[i] = r[i];
	v->efer = hv_vmread(VMCS_GUEST_IA32_EFER);
	v->rflags = hv_vmread(VMCS_GUEST_RFLAGS);
	v->maxphyaddr = c->cfg.maxphyaddr;
	if (reason == EXIT_VMXOFF || reason == EXIT_VMLAUNCH ||
	    reason == EXIT_VMRESUME) {
		v->seg[HV_CS].ar = (u32)hv_vmread(VMCS_GUEST_CS_AR_BYTES);
		v->seg[HV_SS].ar = (u32)hv_vmread(VMCS_GUEST_SS_AR_BYTES);
	} else {
		v->gpr[4] = hv_vmread(VMCS_GUEST_RSP);
		v->cr0 = hv_l1_cr(VMCS_GUEST_CR0, VMCS_CR0_READ_SHADOW, m0);
		v->cr4 = hv_l1_cr(VMCS_GUEST_CR4, VMCS_CR4_READ_SHADOW, m4);
		v->cr3 = hv_vmread(VMCS_GUEST_CR3);
		hv_l1_seg_read(&v->seg[HV_ES], VMCS_GUEST_ES_BASE,
			       VMCS_GUEST_ES_LIMIT, VMCS_GUEST_ES_AR_BYTES);
		hv_l1_seg_read(&v->seg[HV_CS], VMCS_GUEST_CS_BASE,
			       VMCS_GUEST_CS_LIMIT, VMCS_GUEST_CS_AR_BYTES);
		hv_l1_seg_read(&v->seg[HV_SS], VMCS_GUEST_SS_BASE,
			       VMCS_GUEST_SS_LIMIT, VMCS_GUEST_SS_AR_BYTES);
		hv_l1_seg_read(&v->seg[HV_DS], VMCS_GUEST_DS_BASE,
			       VMCS_GUEST_DS_LIMIT, VMCS_GUEST_DS_AR_BYTES);
		hv_l1_seg_read(&v->seg[HV_FS], VMCS_GUEST_FS_BASE,
			       VMCS_GUEST_FS_LIMIT, VMCS_GUEST_FS_AR_BYTES);
		hv_l1_seg_read(&v->seg[HV_GS], VMCS_GUEST_GS_BASE,
			       VMCS_GUEST_GS_LIMIT, VMCS_GUEST_GS_AR_BYTES);
	}
	v->cpl = (v->seg[HV_SS].ar >> 5) & 3;
	v->long_mode = (v->efer & EFER_LMA) && (v->seg[HV_CS].ar & AR_L);
}

/* SDM 26.2.1-26.2.3: true if the entry fails with VMfailValid (in *r). */
static bool hv_nested_entry_vmfail(struct hv_cpu *c,
				   const struct hv_l1_view *v,
				   struct hv_vmx_result *r)
{
	const struct hv_vmcs12 *v12 = c->nvmx.cache;
	enum hvnest_entry_rule why;
	u32 err = hv_vmcs12_check_controls(v12, &c->nvmx.caps, &why);
	u64 vapic = err ? 0 : hv_vmcs12_vtpr_page(v12);
	u32 vtpr;

	/* Not RAM, or hvnest's: all ones (nested/l1_mem.c), which passes. */
	if (vapic) {
		hv_l1_phys_read(vapic + 0x80, &vtpr, sizeof(vtpr));
		if (!hv_vmcs12_tpr_threshold_ok(v12, vtpr)) {
			err = HV_VMERR_ENTRY_BAD_CONTROLS;
			why = HV_ER_CTL_TPR_VTPR;
		}
	}
	if (!err)
		err = hv_vmcs12_check_host_state(v12, &c->nvmx.caps,
						 v->efer & EFER_LMA, &why);
	if (!err)
		return false;
	/* Which rule, in the root log and a counter (hvctl log, stats). */
	hv_log_now(c, HV_LOG_ENTRY_VMFAIL_RULE, err, hv_vmread(VMCS_GUEST_RIP),
		   why);
	hv_nested_rule_broken(c, why);
	hv_nvmx_vmfail(&c->nvmx, err, r);
	return true;
}

/* L1's VMLAUNCH/VMRESUME failed as an instruction: by cause (ABI 1.5). */
static void hv_count_entry_vmfail(struct hv_cpu *c,
				  const struct hv_vmx_result *r)
{
	u32 i;

	if (r->outcome == HV_VMX_FAIL_INVALID)
		i = 0;
	else if (r->outcome == HV_VMX_FAIL_VALID && r->error &&
		 r->error < HVNEST_NR_VMFAIL)
		i = r->error;
	else
		return;
	hv_stats_begin(&c->rep.stats);
	c->rep.nstats.entry_vmfail[i]++;
	hv_stats_end(&c->rep.stats);
}

static void hv_vmx_apply(struct hv_cpu *c, struct hv_gprs *g,
			 const struct hv_l1_view *v,
			 const struct hv_vmx_result *r)
{
	u64 *regs = (u64 *)g;
	int i;

	if (r->outcome == HV_VMX_FAULT) {
		if (r->fault.vector == 14)
			hv_write_cr2(r->fault.cr2); /* SDM 4.7: CR2 at #PF */
		hv_inject_exception(r->fault.vector, r->fault.has_error_code,
				    r->fault.error_code);
		return;
	}
	for (i = 0; i < 16; i++)
		if (i != 4)
			regs[i] = v->gpr[i];
	hv_vmwrite(VMCS_GUEST_RFLAGS, hv_nvmx_rflags(v->rflags, r->outcome));
	hv_skip_instruction();
}

void hv_exit_vmx_insn(struct hv_cpu *c, struct hv_gprs *g, u32 reason)
{
	u32 info = (u32)hv_vmread(VMCS_VMX_INSTRUCTION_INFO);
	u64 qual = hv_vmread(VMCS_EXIT_QUALIFICATION);
	struct hv_nvmx *n = &c->nvmx;
	bool was_on = n->vmxon;
	struct hv_vmx_result r = { 0 };
	struct hv_l1_view v = { 0 };

	if (!c->cfg.nested_insn) {
		hv_inject_exception(VEC_UD, false, 0);
		return;
	}
	hv_shadow_sync(c); /* L1's VMWRITEs to the shadow VMCS first */
	/* L2's VMWRITEs to L1's shadow VMCS, before L1 can see the region. */
	if (reason == EXIT_VMCLEAR || reason == EXIT_VMPTRLD ||
	    reason == EXIT_VMXOFF)
		hv_shadow02_release(c);
	hv_l1_view_fill(c, g, reason, &v);
	switch (reason) {
	case EXIT_VMXON:
		hv_nvmx_vmxon(n, &v, info, qual, &r);
		break;
	case EXIT_VMXOFF:
		hv_nvmx_vmxoff(n, &v, &r);
		break;
	case EXIT_VMCLEAR:
		hv_nvmx_vmclear(n, &v, info, qual, &r);
		break;
	case EXIT_VMPTRLD:
		hv_nvmx_vmptrld(n, &v, info, qual, &r);
		break;
	case EXIT_VMPTRST:
		hv_nvmx_vmptrst(n, &v, info, qual, &r);
		break;
	case EXIT_VMREAD:
		hv_nvmx_vmread(n, &v, info, qual, &r);
		break;
	case EXIT_VMWRITE:
		hv_nvmx_vmwrite(n, &v, info, qual, &r);
		break;
	case EXIT_INVEPT:
		hv_nvmx_invept(n, &v, info, qual, &r);
		if (r.outcome == HV_VMX_SUCCEED)
			hv_nested_invept(c, r.invept_eptp);
		break;
	case EXIT_INVVPID:
		hv_nvmx_invvpid(n, &v, info, qual, &r);
		if (r.outcome == HV_VMX_SUCCEED)
			hv_nested_invvpid(c, r.invvpid_type, r.invvpid_vpid,
					  r.invvpid_la);
		break;
	case EXIT_VMLAUNCH:
	case EXIT_VMRESUME:
		/*
		 * The checks before the VMCS checks, then those of the
		 * controls and the host state (SDM 26.2), which fail with
		 * VMfailValid, then the entry.
		 */
		if (!hv_nvmx_entry_prechecks(n, &v, reason == EXIT_VMLAUNCH,
					     hv_vmread(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
						     HV_BIT(1),
					     &r))
			break;
		if (hv_nested_entry_vmfail(c, &v, &r))
			break;
		switch (hv_nested_enter(c, reason == EXIT_VMLAUNCH, v.efer, &r)) {
		case HV_NESTED_ENTERED:
			if (c->init_held)
				hv_nested_init_exit(c);
			return; /* L2 runs, or L1 gets its INIT exit */
		case HV_NESTED_VMFAIL:
			break;
		default:
			return; /* L1 resumes at its host RIP */
		}
		break;
	default:
		/* vmx/exit.c sends only the exits above here. */
		hv_unexpected(c, reason);
		return;
	}
	if (reason == EXIT_VMLAUNCH || reason == EXIT_VMRESUME)
		hv_count_entry_vmfail(c, &r);
	hv_vmx_apply(c, g, &v, &r);
	/* The switch counts from VMXON on: never mid-way through VMX use. */
	if (n->vmxon && !was_on)
		c->l2.shadow_use = c->l2.shadow_capable &&
				   (c->cfg.features & HV_FEAT_VMCS_SHADOW);
	hv_shadow_update(c);
	if (n->vmxon != was_on) {
		hv_unload_ref(c, n->vmxon ? 1 : -1); /* issue 4, item 11 */
		WRITE_ONCE(c->rep.l1_vmxon, n->vmxon);
		hv_log_now(c, n->vmxon ? HV_LOG_L1_VMXON : HV_LOG_L1_VMXOFF,
			   n->vmxon_ptr, 0, 0);
		/*
		 * SDM 23.8: in VMX operation CR0's fixed bits stay set, PE
		 * and PG too, which unrestricted guest lets L1 change
		 * without an exit otherwise (vmx/exit_cr.c).
		 */
		hv_vmwrite(VMCS_CR0_GUEST_HOST_MASK,
			   c->cfg.cr0_mask |
				   (n->vmxon ? HV_CR0_PE | HV_CR0_PG : 0));
		/* An INIT held in VMX root acts now (apic/init_sipi.c). */
		if (!n->vmxon && c->init_held) {
			c->init_held = false;
			hv_cpu_init(c, g);
		}
	}
}
