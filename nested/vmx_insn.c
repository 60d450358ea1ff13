// SPDX-License-Identifier: GPL-2.0
/*
 * L1's VMXON, VMXOFF, VMCLEAR, VMPTRLD, VMPTRST, VMREAD and VMWRITE (see
 * vmx_insn.h). Each function follows the "Operation" pseudocode of its
 * instruction in SDM chapter 30, from the point after the VM exit that
 * brought it here. Pure.
 */
#include "vmx_insn.h"
#include "entry_checks.h"
#include "vpid02.h"

#define VEC_UD 6
#define VEC_GP 13

#define CR0_PE HV_BIT(0)
#define FC_LOCKED HV_BIT(0) /* IA32_FEATURE_CONTROL (SDM 23.7) */
#define FC_VMXON_OUTSIDE_SMX HV_BIT(2)
#define CR4_VMXE HV_BIT(13)

/* SDM 30.2 conventions. */
#define RFLAGS_VMX_RESULT                                                   \
	(HV_BIT(0) | HV_BIT(2) | HV_BIT(4) | HV_BIT(6) | HV_BIT(7) |         \
	 HV_BIT(11)) /* CF PF AF ZF SF OF */

u64 hv_nvmx_rflags(u64 rflags, enum hv_vmx_outcome outcome)
{
	if (outcome == HV_VMX_FAULT)
		return rflags;
	rflags &= ~RFLAGS_VMX_RESULT;
	if (outcome == HV_VMX_FAIL_INVALID)
		rflags |= HV_BIT(0);
	else if (outcome == HV_VMX_FAIL_VALID)
		rflags |= HV_BIT(6);
	return rflags;
}

static void succeed(struct hv_vmx_result *r)
{
	r->outcome = HV_VMX_SUCCEED;
}

static void fail_invalid(struct hv_vmx_result *r)
{
	r->outcome = HV_VMX_FAIL_INVALID;
}

/* SDM 30.2 VMfail(err): VMfailValid with a current VMCS, else invalid. */
void hv_nvmx_vmfail(struct hv_nvmx *n, u32 err, struct hv_vmx_result *r)
{
	if (n->vmptr == HV_VMCS12_NONE) {
		fail_invalid(r);
		return;
	}
	r->outcome = HV_VMX_FAIL_VALID;
	r->error = err;
	vmcs12_write(n->cache, VMCS_VM_INSTRUCTION_ERROR, err);
}

static void fault(struct hv_vmx_result *r, u8 vector)
{
	r->outcome = HV_VMX_FAULT;
	r->fault.vector = vector;
	r->fault.has_error_code = vector == VEC_GP;
	r->fault.error_code = 0;
	r->fault.cr2 = 0;
}

bool hv_nvmx_needs_ud(const struct hv_nvmx *n, const struct hv_l1_view *v,
		      bool is_vmxon, struct hv_vmx_result *r)
{
	/*
	 * CR4.VMXE = 0 is a #UD for VMXON; every other VMX instruction is a
	 * #UD outside VMX operation (SDM 30.3). The CPU cannot check L1's
	 * CR4.VMXE itself: VMX non-root always runs with the real bit set.
	 */
	if (is_vmxon ? !(v->cr4 & CR4_VMXE) : !n->vmxon) {
		fault(r, VEC_UD);
		return true;
	}
	return false;
}

/*
 * Every VMX instruction but VMXON, in VMX root operation of L1: #UD
 * outside VMX operation, then #GP(0) at CPL > 0 (SDM 30.3). False if *r
 * is that fault.
 */
static bool permitted(const struct hv_nvmx *n, const struct hv_l1_view *v,
		      struct hv_vmx_result *r)
{
	if (hv_nvmx_needs_ud(n, v, false, r))
		return false;
	if (v->cpl > 0) {
		fault(r, VEC_GP);
		return false;
	}
	return true;
}

bool hv_nvmx_cr_fixed_ok(const struct hv_l1_vmx_caps *c, u64 cr0, u64 cr4)
{
	return (cr0 & c->cr0_fixed0) == c->cr0_fixed0 &&
	       !(cr0 & ~c->cr0_fixed1) && (cr4 & c->cr4_fixed0) == c->cr4_fixed0 &&
	       !(cr4 & ~c->cr4_fixed1);
}

/* A 4-KiB aligned physical address within MAXPHYADDR (SDM 30.3). */
static bool vmcs_addr_ok(const struct hv_l1_view *v, u64 pa)
{
	return !(pa & 0xfff) && !(pa >> v->maxphyaddr);
}

/*
 * The 64-bit memory operand of VMXON, VMCLEAR and VMPTRLD. False with the
 * fault in *r if decoding or reading it faults.
 */
static bool read_addr_operand(struct hv_l1_view *v, u32 info, u64 qual,
			      u64 *pa, struct hv_vmx_result *r)
{
	struct hv_l1_operand op;

	if (!hv_vmx_operand(v, info, qual, 8, &op, &r->fault) ||
	    (!op.is_reg && !hv_l1_read_linear(v, op.la, pa, 8, &r->fault))) {
		r->outcome = HV_VMX_FAULT;
		return false;
	}
	if (op.is_reg) { /* cannot be encoded; the CPU gives #UD */
		fault(r, VEC_UD);
		return false;
	}
	return true;
}

/* Revision dword of the region at pa (all ones if not RAM). */
static u32 region_revision(u64 pa)
{
	u32 rev;

	hv_l1_phys_read(pa, &rev, sizeof(rev));
	return rev;
}

void hv_nvmx_flush(struct hv_nvmx *n)
{
	if (n->vmptr == HV_VMCS12_NONE)
		return;
	/* The revision and abort dwords are L1's: keep what it wrote. */
	hv_l1_phys_write(n->vmptr + 8, (const u8 *)n->cache + 8,
			 sizeof(*n->cache) - 8);
}

/* Make pa current: write the old one back, read the new one in. */
static void load_current(struct hv_nvmx *n, u64 pa)
{
	if (n->vmptr == pa)
		return;
	hv_nvmx_flush(n);
	hv_l1_phys_read(pa, n->cache, sizeof(*n->cache));
	n->vmptr = pa;
}

void hv_nvmx_vmxon(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		   u64 qual, struct hv_vmx_result *r)
{
	u64 pa;
	u32 rev;

	if (hv_nvmx_needs_ud(n, v, true, r))
		return;
	if (n->vmxon) {
		/* A second VMXON (SDM 30.3). */
		if (v->cpl > 0)
			fault(r, VEC_GP);
		else
			hv_nvmx_vmfail(n, HV_VMERR_VMXON_IN_ROOT, r);
		return;
	}
	if (v->cpl > 0 || !hv_nvmx_cr_fixed_ok(&n->caps, v->cr0, v->cr4) ||
	    !(n->feature_control & FC_LOCKED) ||
	    !(n->feature_control & FC_VMXON_OUTSIDE_SMX)) {
		fault(r, VEC_GP);
		return;
	}
	if (!read_addr_operand(v, info, qual, &pa, r))
		return;
	if (!vmcs_addr_ok(v, pa)) {
		fail_invalid(r);
		return;
	}
	rev = region_revision(pa);
	if ((rev & 0x7fffffff) != hv_l1_revision(&n->caps) || (rev & HV_BIT(31))) {
		fail_invalid(r);
		return;
	}
	n->vmxon = true;
	n->vmxon_ptr = pa;
	n->vmptr = HV_VMCS12_NONE;
	succeed(r);
}

void hv_nvmx_vmxoff(struct hv_nvmx *n, struct hv_l1_view *v,
		    struct hv_vmx_result *r)
{
	if (!permitted(n, v, r))
		return;
	hv_nvmx_flush(n);
	n->vmxon = false;
	n->vmptr = HV_VMCS12_NONE;
	succeed(r);
}

/*
 * The common start of VMCLEAR and VMPTRLD (SDM 30.3): the permission
 * checks, the 64-bit VMCS pointer operand, then VMfail(bad_addr) for an
 * unaligned or too wide address and VMfail(is_vmxon) for the VMXON
 * pointer. False if *r is final.
 */
static bool vmcs_ptr_operand(struct hv_nvmx *n, struct hv_l1_view *v,
			     u32 info, u64 qual, u32 bad_addr, u32 is_vmxon,
			     u64 *pa, struct hv_vmx_result *r)
{
	if (!permitted(n, v, r) || !read_addr_operand(v, info, qual, pa, r))
		return false;
	if (!vmcs_addr_ok(v, *pa)) {
		hv_nvmx_vmfail(n, bad_addr, r);
		return false;
	}
	if (*pa == n->vmxon_ptr) {
		hv_nvmx_vmfail(n, is_vmxon, r);
		return false;
	}
	return true;
}

void hv_nvmx_vmclear(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r)
{
	u32 clear = VMCS12_LAUNCH_CLEAR;
	u64 pa;

	if (!vmcs_ptr_operand(n, v, info, qual, HV_VMERR_VMCLEAR_BAD_ADDR,
			      HV_VMERR_VMCLEAR_VMXON_PTR, &pa, r))
		return;
	/* "Ensure that data for the VMCS is in memory", launch state clear. */
	if (pa == n->vmptr) {
		n->cache->launch_state = VMCS12_LAUNCH_CLEAR;
		hv_nvmx_flush(n);
		n->vmptr = HV_VMCS12_NONE;
	} else {
		hv_l1_phys_write(pa + 8, &clear, sizeof(clear));
	}
	succeed(r);
}

void hv_nvmx_vmptrld(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r)
{
	u64 pa;
	u32 rev;

	if (!vmcs_ptr_operand(n, v, info, qual, HV_VMERR_VMPTRLD_BAD_ADDR,
			      HV_VMERR_VMPTRLD_VMXON_PTR, &pa, r))
		return;
	rev = region_revision(pa);
	if ((rev & 0x7fffffff) != hv_l1_revision(&n->caps) ||
	    ((rev & HV_BIT(31)) && !hv_l1_shadowing(&n->caps))) {
		hv_nvmx_vmfail(n, HV_VMERR_VMPTRLD_BAD_REVISION, r);
		return;
	}
	load_current(n, pa);
	succeed(r);
}

void hv_nvmx_vmptrst(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r)
{
	struct hv_l1_operand op;

	if (!permitted(n, v, r))
		return;
	if (!hv_vmx_operand_write(v, info, qual, 8, &op, &r->fault) ||
	    (!op.is_reg &&
	     !hv_l1_write_linear(v, op.la, &n->vmptr, 8, &r->fault))) {
		r->outcome = HV_VMX_FAULT;
		return;
	}
	if (op.is_reg) {
		fault(r, VEC_UD);
		return;
	}
	succeed(r);
}

/* Operand size of VMREAD/VMWRITE: 64 bits in 64-bit mode, else 32. */
static u32 rw_size(const struct hv_l1_view *v)
{
	return v->long_mode ? 8 : 4;
}

static u64 size_mask(u32 size)
{
	return size == 8 ? ~0ULL : 0xffffffffULL;
}

void hv_nvmx_vmread(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		    u64 qual, struct hv_vmx_result *r)
{
	u32 size = rw_size(v);
	struct hv_l1_operand op;
	u64 enc, value;

	if (!permitted(n, v, r))
		return;
	if (n->vmptr == HV_VMCS12_NONE) {
		fail_invalid(r);
		return;
	}
	enc = v->gpr[hv_vmx_info_reg2(info)] & size_mask(size);
	if (!vmcs12_read(n->cache, enc, &value)) {
		hv_nvmx_vmfail(n, HV_VMERR_UNSUPPORTED_FIELD, r);
		return;
	}
	value &= size_mask(size);
	if (!hv_vmx_operand_write(v, info, qual, size, &op, &r->fault)) {
		r->outcome = HV_VMX_FAULT;
		return;
	}
	if (op.is_reg) {
		/* Outside 64-bit mode a 32-bit register write; RAX.. only. */
		v->gpr[op.reg] = value;
	} else if (!hv_l1_write_linear(v, op.la, &value, size, &r->fault)) {
		r->outcome = HV_VMX_FAULT;
		return;
	}
	succeed(r);
}

void hv_nvmx_vmwrite(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r)
{
	u32 size = rw_size(v);
	struct hv_l1_operand op;
	u64 enc, value = 0;
	bool high;

	if (!permitted(n, v, r))
		return;
	if (n->vmptr == HV_VMCS12_NONE) {
		fail_invalid(r);
		return;
	}
	/* The primary source (register or memory) is read first. */
	if (!hv_vmx_operand(v, info, qual, size, &op, &r->fault) ||
	    (!op.is_reg &&
	     !hv_l1_read_linear(v, op.la, &value, size, &r->fault))) {
		r->outcome = HV_VMX_FAULT;
		return;
	}
	if (op.is_reg)
		value = v->gpr[op.reg] & size_mask(size);
	enc = v->gpr[hv_vmx_info_reg2(info)] & size_mask(size);
	if (vmcs12_field_index(enc, &high) < 0) {
		hv_nvmx_vmfail(n, HV_VMERR_UNSUPPORTED_FIELD, r);
		return;
	}
	if (vmcs12_field_read_only(enc) && !hv_l1_vmwrite_any(&n->caps)) {
		hv_nvmx_vmfail(n, HV_VMERR_VMWRITE_READ_ONLY, r);
		return;
	}
	vmcs12_write(n->cache, enc, value);
	succeed(r);
}

enum hv_l2_vmrw hv_nvmx_l2_vmrw(struct hv_nvmx *n, bool write, u64 field,
				u32 cpl, struct hv_vmx_result *r)
{
	const struct hv_vmcs12 *v12 = n->cache;
	u64 bitmap = write ? v12->field[VMCS12_I_VMWRITE_BITMAP] :
			     v12->field[VMCS12_I_VMREAD_BITMAP];
	u8 bits = 0xff;
	bool high;

	/* "VMCS shadowing" is secondary control bit 14 (SDM 24.6.2). */
	if (!(vmcs12_proc2(v12) & HV_BIT(14)) || (field >> 15))
		return HV_L2_VMRW_REFLECT;
	/* SDM 24.6.15: bit n of the bitmap for encoding bits 14:0 = n. */
	hv_l1_phys_read(bitmap + (field >> 3), &bits, 1);
	if (bits & (1u << (field & 7)))
		return HV_L2_VMRW_REFLECT;
	if (cpl > 0) {
		fault(r, VEC_GP);
		return HV_L2_VMRW_DONE;
	}
	if (v12->field[VMCS12_I_VMCS_LINK_POINTER] == VMCS12_LINK_NONE) {
		fail_invalid(r);
		return HV_L2_VMRW_DONE;
	}
	if (vmcs12_field_index(field, &high) < 0) {
		hv_nvmx_vmfail(n, HV_VMERR_UNSUPPORTED_FIELD, r);
		return HV_L2_VMRW_DONE;
	}
	if (write && vmcs12_field_read_only(field) &&
	    !hv_l1_vmwrite_any(&n->caps)) {
		hv_nvmx_vmfail(n, HV_VMERR_VMWRITE_READ_ONLY, r);
		return HV_L2_VMRW_DONE;
	}
	return HV_L2_VMRW_UNSHADOWED;
}

bool hv_nvmx_entry_prechecks(struct hv_nvmx *n, struct hv_l1_view *v,
			     bool launch, bool mov_ss,
			     struct hv_vmx_result *r)
{
	u32 state;

	if (!permitted(n, v, r))
		return false;
	/* A shadow VMCS: VMfailInvalid ("Basic VM-Entry Checks", SDM 27.1). */
	if (n->vmptr == HV_VMCS12_NONE ||
	    (n->cache->revision & VMCS12_SHADOW_INDICATOR)) {
		fail_invalid(r);
		return false;
	}
	if (mov_ss) {
		hv_nvmx_vmfail(n, HV_VMERR_ENTRY_MOV_SS, r);
		return false;
	}
	state = n->cache->launch_state;
	if (launch && state != VMCS12_LAUNCH_CLEAR) {
		hv_nvmx_vmfail(n, HV_VMERR_VMLAUNCH_NOT_CLEAR, r);
		return false;
	}
	if (!launch && state != VMCS12_LAUNCH_LAUNCHED) {
		hv_nvmx_vmfail(n, HV_VMERR_VMRESUME_NOT_LAUNCHED, r);
		return false;
	}
	return true;
}

/* IA32_VMX_EPT_VPID_CAP bits (SDM A.10). */
#define CAP_INVEPT HV_BIT(20)
#define CAP_INVEPT_SINGLE HV_BIT(25)
#define CAP_INVEPT_ALL HV_BIT(26)
#define CAP_INVVPID HV_BIT(32)

/* The rule VM entry applies (nested/entry_checks.c), for INVEPT too. */
bool hv_nvmx_eptp_valid(const struct hv_l1_vmx_caps *c, u32 maxphyaddr,
			u64 eptp)
{
	return hv_vmx_eptp_valid(c->ept_vpid, maxphyaddr, eptp);
}

/*
 * Common start of INVEPT and INVVPID: #UD, #GP, then the type from
 * register operand 2. False if *r is final.
 */
static bool inv_start(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		      u64 *type, struct hv_vmx_result *r)
{
	if (!permitted(n, v, r))
		return false;
	*type = v->gpr[hv_vmx_info_reg2(info)];
	if (!v->long_mode)
		*type &= 0xffffffff;
	return true;
}

static bool inv_descriptor(struct hv_l1_view *v, u32 info, u64 qual,
			   u64 desc[2], struct hv_vmx_result *r)
{
	struct hv_l1_operand op;

	if (!hv_vmx_operand(v, info, qual, 16, &op, &r->fault) ||
	    (!op.is_reg && !hv_l1_read_linear(v, op.la, desc, 16, &r->fault))) {
		r->outcome = HV_VMX_FAULT;
		return false;
	}
	if (op.is_reg) {
		fault(r, VEC_UD);
		return false;
	}
	return true;
}

void hv_nvmx_invept(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		    u64 qual, struct hv_vmx_result *r)
{
	u64 cap = n->caps.ept_vpid, type, desc[2];

	if (!inv_start(n, v, info, &type, r))
		return;
	if (!(cap & CAP_INVEPT) ||
	    !((type == 1 && (cap & CAP_INVEPT_SINGLE)) ||
	      (type == 2 && (cap & CAP_INVEPT_ALL)))) {
		hv_nvmx_vmfail(n, HV_VMERR_BAD_INVEPT_INVVPID, r);
		return;
	}
	if (!inv_descriptor(v, info, qual, desc, r))
		return;
	if (type == 1 && !hv_nvmx_eptp_valid(&n->caps, v->maxphyaddr, desc[0])) {
		hv_nvmx_vmfail(n, HV_VMERR_BAD_INVEPT_INVVPID, r);
		return;
	}
	r->invept_eptp = type == 1 ? desc[0] : 0;
	succeed(r);
}

/* Canonical for the CPU's linear-address width (SDM 3.3.7.1). */
static bool canonical(u64 la, u32 bits)
{
	u32 shift = 64 - (bits ? bits : 48);

	return (u64)((long long)(la << shift) >> shift) == la;
}

void hv_nvmx_invvpid(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r)
{
	u64 cap = n->caps.ept_vpid, type, desc[2];
	u16 vpid;

	if (!inv_start(n, v, info, &type, r))
		return;
	if (!(cap & CAP_INVVPID) || type > 3 ||
	    !(cap & HV_VPID_CAP_INVVPID_TYPE(type))) {
		hv_nvmx_vmfail(n, HV_VMERR_BAD_INVEPT_INVVPID, r);
		return;
	}
	if (!inv_descriptor(v, info, qual, desc, r))
		return;
	vpid = desc[0] & 0xffff;
	if ((desc[0] >> 16) || (type != HV_INVVPID_ALL && !vpid) ||
	    (type == HV_INVVPID_ADDR && !canonical(desc[1], n->caps.linear_bits ? n->caps.linear_bits : 48))) {
		hv_nvmx_vmfail(n, HV_VMERR_BAD_INVEPT_INVVPID, r);
		return;
	}
	r->invvpid_type = type;
	r->invvpid_vpid = vpid;
	r->invvpid_la = desc[1];
	succeed(r);
}
