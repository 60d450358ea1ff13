// SPDX-License-Identifier: GPL-2.0
/*
 * Launch: put the calling CPU, with interrupts off, under VMX (SDM 23.7
 * enabling VMX operation, 24.11.3 initializing a VMCS, 26 VM entries).
 * Called by module/launch.c on each CPU; on success it returns in VMX
 * non-root operation with Linux as L1. On failure everything done so far
 * is undone and the step that failed is returned.
 */
#include "root.h"
#include "vmx_caps.h"

/* In enum hv_step order: both come from HV_STEPS. */
static const char *const hv_step_names[HV_STEP_NR] = {
#define HV_STEP_NAME(s, name) name,
	HV_STEPS(HV_STEP_NAME)
#undef HV_STEP_NAME
};

const char *hv_step_name(u32 step)
{
	return step < HV_STEP_NR ? hv_step_names[step] : "?";
}

void hv_cpu_init_root_tables(struct hv_cpu *c)
{
	c->self = c;
	/* The root stacks name their CPU in their top 8 bytes (entry.S). */
	*(struct hv_cpu **)(c->stack_top - 8) = c;
	*(struct hv_cpu **)(c->ist_stack_top - 8) = c;
	hv_root_tables_init(c);
}

int hv_cpu_launch(struct hv_cpu *c)
{
	u64 cr4 = hv_read_cr4();
	u32 step;
	int rc;

	hv_cpu_set_state(c, HV_STATE_LAUNCHING);
	c->rep.launch_step = HV_STEP_NONE;
	c->rep.vm_instr_error = 0;
	c->nmi_pending = 0;
	c->nmi_window_open = 0;
	c->exit_rsp = 0;
	c->ept01.last_fault_gpa = ~0ULL;
	/*
	 * A relaunch (CPU online, resume) follows a hand-back that left
	 * VMCS02 and the shadow VMCSs without VMCLEAR and reset the CPU:
	 * nothing L0 knew of them, nor the TLB tags of EPT02, holds now.
	 */
	hv_l2_forget(&c->l2);

	/* EPT01 from this CPU's MTRRs, before anything needs undoing. */
	if (c->cfg.eptp && !hv_ept01_refresh(c)) {
		hv_cpu_set_state(c, HV_STATE_NATIVE);
		c->rep.launch_step = HV_STEP_EPT01;
		return HV_STEP_EPT01;
	}

	/*
	 * CR4.VMXE is written directly, not through Linux's CR4 shadow: L1
	 * keeps seeing its own CR4 (the VMCS01 read shadow lacks VMXE).
	 */
	hv_write_cr4(cr4 | HV_CR4_VMXE);
	*(u32 *)c->vmxon = c->cfg.vmcs_revision;
	if (!hv_vmxon(c->vmxon_pa)) {
		step = HV_STEP_VMXON;
		goto fail_cr4;
	}
	*(u32 *)c->vmcs = c->cfg.vmcs_revision;
	if (!hv_vmclear(c->vmcs_pa)) {
		step = HV_STEP_VMCLEAR;
		goto fail_vmxoff;
	}
	if (!hv_vmptrld_raw(c->vmcs_pa)) {
		step = HV_STEP_VMPTRLD;
		goto fail_vmxoff;
	}
	if (!hv_vmcs01_setup(c)) {
		c->rep.vm_instr_error = (u32)hv_vmread_raw(VMCS_VM_INSTRUCTION_ERROR);
		step = HV_STEP_VMWRITE;
		goto fail_vmclear;
	}
	/* No stale guest-physical mappings of an earlier EPTP (SDM 28.3.3.1). */
	if (c->cfg.eptp)
		hv_invept_single(c->cfg.eptp);
	if (c->inject_failure) /* test only: a reserved pin-based bit */
		hv_vmwrite_raw(VMCS_PIN_BASED_VM_EXEC_CONTROL, c->cfg.pin | HV_BIT(31));

	rc = hv_asm_launch();
	if (rc == 0) {
		/*
		 * VMX non-root now: this is L1, and the entry succeeded. L1
		 * writes only the report (the rest of struct hv_cpu is a hole
		 * in EPT01 now); root mode moves its own state to running at
		 * the first exit (vmx/exit.c).
		 */
		WRITE_ONCE(c->rep.state, HV_STATE_RUNNING);
		return 0;
	}
	if (rc == 1) { /* VMfailInvalid or VMfailValid (SDM 30.2) */
		c->rep.vm_instr_error = (u32)hv_vmread_raw(VMCS_VM_INSTRUCTION_ERROR);
		step = HV_STEP_VMLAUNCH;
		goto fail_vmclear;
	}
	/*
	 * rc 2: the entry failed its guest-state checks (SDM 26.7) and root
	 * mode already left VMX and gave the CPU back (vmx/exit.c).
	 */
	hv_cpu_set_state(c, HV_STATE_NATIVE);
	c->rep.launch_step = HV_STEP_ENTRY_FAILED;
	return HV_STEP_ENTRY_FAILED;

fail_vmclear:
	hv_vmclear(c->vmcs_pa);
fail_vmxoff:
	hv_vmxoff();
fail_cr4:
	hv_write_cr4(cr4);
	hv_cpu_set_state(c, HV_STATE_NATIVE);
	c->rep.launch_step = step;
	return (int)step;
}
