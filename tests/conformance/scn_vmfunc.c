// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios of VM functions (SDM 25.5.6, "VM Functions", in the editions
 * whose chapter 26 is "VM Entries", as elsewhere in the suite): EPTP
 * switching, the VMFUNC exits, #UD without the control, and the control
 * checks (SDM 26.2.1.1).
 *
 * The EPTP list is c->spare: entry 0 is the suite's EPT, entry 1 a second
 * EPT (c->alt_ept) that maps the guest alike except VC_GPA_DATA, which
 * it maps to VC_GPA_DATA2's page; entry 2 is not a valid EPTP. The guest
 * runs VMFUNC, then reads VC_GPA_DATA: VC_MARK1 on the first EPT,
 * VC_MARK2 on the second.
 */
#include "vmxconf.h"

#define VMFUNC_EPTP_SWITCHING	BIT_ULL(0)
#define ALT_PML4	0
#define ALT_PDPT	1
#define ALT_PD		2
#define ALT_PT		3

static u64 vc_alt_eptp(struct vc_ctx *c)
{
	return c->alt_ept_pa[ALT_PML4] | (vc_eptp(c) & ~PAGE_MASK);
}

/* The second EPT: the first one's entries, VC_GPA_DATA remapped. */
static void vc_alt_ept_build(struct vc_ctx *c)
{
	u64 **alt = (u64 **)c->alt_ept;

	memcpy(alt[ALT_PML4], c->ept_pml4, PAGE_SIZE);
	memcpy(alt[ALT_PDPT], c->ept_pdpt, PAGE_SIZE);
	memcpy(alt[ALT_PD], c->ept_pd, PAGE_SIZE);
	memcpy(alt[ALT_PT], c->ept_pt, PAGE_SIZE);
	alt[ALT_PML4][0] = c->alt_ept_pa[ALT_PDPT] | VC_EPT_RWX;
	alt[ALT_PDPT][0] = c->alt_ept_pa[ALT_PD] | VC_EPT_RWX;
	alt[ALT_PD][0] = c->alt_ept_pa[ALT_PT] | VC_EPT_RWX;
	alt[ALT_PT][VC_GPA_DATA >> PAGE_SHIFT] =
		c->guest_pa[VC_GPA_DATA2 >> PAGE_SHIFT] | VC_EPT_RWX |
		VC_EPT_WB;
}

/*
 * "enable VM functions" with the VM-function controls @ctl, the EPTP
 * list above, and the guest at VMFUNC with EAX @fn, ECX @index.
 */
static void vc_vmfunc_setup(struct vc_ctx *c, u64 ctl, u32 fn, u32 index)
{
	u64 *list = c->spare;

	vc_put(c, "may=%d eptp_switching=%llu",
	       !!(vc_caps.proc2 & ((u64)SECONDARY_EXEC_ENABLE_VMFUNC << 32)),
	       vc_caps.vmfunc & VMFUNC_EPTP_SWITCHING);
	vc_alt_ept_build(c);
	list[0] = vc_eptp(c);
	list[1] = vc_alt_eptp(c);
	list[2] = 0;	/* memory type UC, walk length 1: invalid */
	*(u64 *)vc_gva(c, VC_GPA_DATA) = VC_MARK1;
	*(u64 *)vc_gva(c, VC_GPA_DATA2) = VC_MARK2;
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_VMFUNC,
		   0);
	vc_wr(c, VM_FUNCTION_CONTROL, ctl);
	vc_wr(c, EPTP_LIST_ADDRESS, c->spare_pa);
	vc_guest_at(c, vcg_vmfunc_load);
	c->regs.rax = fn;
	c->regs.rcx = index;
	c->regs.rbx = VC_GPA_DATA;
}

/* Which EPT the VMCS names after the exit: an entry of the list. */
static void vc_put_eptp(struct vc_ctx *c)
{
	u64 eptp = vc_rd(EPT_POINTER);

	vc_put(c, "eptp=%s", eptp == vc_eptp(c) ? "list0" :
			     eptp == vc_alt_eptp(c) ? "list1" : "other");
}

/* Runs the guest; prints the exit, what it read and the EPT it is on. */
static void vc_vmfunc_go(struct vc_ctx *c)
{
	vc_run_put(c);
	vc_put(c, "read=%#llx", c->regs.rax);
	vc_put_eptp(c);
}

static void vc_vmfunc_run(struct vc_ctx *c, u64 ctl, u32 fn, u32 index)
{
	vc_vmfunc_setup(c, ctl, fn, index);
	vc_vmfunc_go(c);
}

/* Entry 1: EPTP switched without an exit, the read sees the other page. */
static void vmfunc_eptp_switch(struct vc_ctx *c)
{
	vc_vmfunc_run(c, VMFUNC_EPTP_SWITCHING, 0, 1);
}

/* Entry 0, the EPTP in use: nothing changes, no exit. */
static void vmfunc_eptp_switch_same(struct vc_ctx *c)
{
	vc_vmfunc_run(c, VMFUNC_EPTP_SWITCHING, 0, 0);
}

/*
 * Switched, then back: the second run starts on the second EPT (the
 * VMCS keeps it) and VMFUNC 0 returns to the first.
 */
static void vmfunc_eptp_switch_and_back(struct vc_ctx *c)
{
	vc_vmfunc_run(c, VMFUNC_EPTP_SWITCHING, 0, 1);
	vc_guest_at(c, vcg_vmfunc_load);
	c->regs.rax = 0;
	c->regs.rcx = 0;
	c->regs.rbx = VC_GPA_DATA;
	vc_vmfunc_go(c);
}

/* An index of 512 or more: VMFUNC exit (SDM 25.5.6.3). */
static void vmfunc_index_512_exits(struct vc_ctx *c)
{
	vc_vmfunc_run(c, VMFUNC_EPTP_SWITCHING, 0, 512);
}

/* An entry that is not a valid EPTP: VMFUNC exit, the EPTP stays. */
static void vmfunc_invalid_eptp_exits(struct vc_ctx *c)
{
	vc_vmfunc_run(c, VMFUNC_EPTP_SWITCHING, 0, 2);
}

/* A function whose control bit is 0: VMFUNC exit (SDM 25.5.6.1). */
static void vmfunc_not_enabled_exits(struct vc_ctx *c)
{
	vc_vmfunc_run(c, 0, 0, 1);
}

/* Function 1 (not one the CPU has): VMFUNC exit. */
static void vmfunc_function_1_exits(struct vc_ctx *c)
{
	vc_vmfunc_run(c, VMFUNC_EPTP_SWITCHING, 1, 1);
}

/* Without "enable VM functions", VMFUNC is #UD (SDM 25.1.2). */
static void vmfunc_disabled_ud(struct vc_ctx *c)
{
	vc_vmfunc_setup(c, VMFUNC_EPTP_SWITCHING, 0, 1);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, 0,
		   SECONDARY_EXEC_ENABLE_VMFUNC);
	vc_run_put(c);
}

/* VM-function controls beyond IA32_VMX_VMFUNC: VMfailValid(7). */
static void ctl_vmfunc_reserved_control(struct vc_ctx *c)
{
	vc_vmfunc_setup(c, BIT_ULL(1), 0, 1);
	vc_run_put(c);
}

/* EPTP switching: the EPTP list 4-KiB aligned, or VMfailValid(7). */
static void ctl_vmfunc_eptp_list_unaligned(struct vc_ctx *c)
{
	vc_vmfunc_setup(c, VMFUNC_EPTP_SWITCHING, 0, 1);
	vc_wr(c, EPTP_LIST_ADDRESS, c->spare_pa | 0x800);
	vc_run_put(c);
}

/* EPTP switching needs "enable EPT" (with it off, the guest runs on none). */
static void ctl_vmfunc_eptp_switching_without_ept(struct vc_ctx *c)
{
	vc_vmfunc_setup(c, VMFUNC_EPTP_SWITCHING, 0, 1);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, 0, SECONDARY_EXEC_ENABLE_EPT |
		   SECONDARY_EXEC_UNRESTRICTED_GUEST);
	vc_run_put(c);
}

/*
 * hvnest's own check (probe_va=): the EPTP list is this module's
 * (probe_va=1), whose entry 1 is the second EPT: switched, as above; or,
 * under hvnest, a root-only page of hvnest's, which root mode reads for
 * L1 as all ones (nested/l1_mem.c): not a valid EPTP, so a VMFUNC exit.
 * The CPU itself never follows VMCS02's EPTP list (nested/vmfunc.h).
 */
static void hvnest_eptp_list_probe(struct vc_ctx *c)
{
	vc_vmfunc_setup(c, VMFUNC_EPTP_SWITCHING, 0, 1);
	if (vc_probe_va != 1)
		vc_wr(c, EPTP_LIST_ADDRESS, vc_probe_pa());
	vc_vmfunc_go(c);
}

#define S(name) { #name, name, 0 }
const struct vc_scn vc_scn_vmfunc[] = {
	S(vmfunc_eptp_switch),
	S(vmfunc_eptp_switch_same),
	S(vmfunc_eptp_switch_and_back),
	S(vmfunc_index_512_exits),
	S(vmfunc_invalid_eptp_exits),
	S(vmfunc_not_enabled_exits),
	S(vmfunc_function_1_exits),
	S(vmfunc_disabled_ud),
	S(ctl_vmfunc_reserved_control),
	S(ctl_vmfunc_eptp_list_unaligned),
	S(ctl_vmfunc_eptp_switching_without_ept),
	{ "hvnest_eptp_list_probe", hvnest_eptp_list_probe, VC_PROBE },
};
const unsigned int vc_scn_vmfunc_nr = ARRAY_SIZE(vc_scn_vmfunc);
