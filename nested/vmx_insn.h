/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L1's VMX instructions that do not enter a guest: VMXON, VMXOFF, VMCLEAR,
 * VMPTRLD, VMPTRST, VMREAD and VMWRITE, as SDM chapter 30 describes each
 * (its "Operation" section), for L1 in VMX root operation of its own.
 * Checks the hardware makes before the VM exit (#UD in real, virtual-8086
 * and compatibility mode; SDM 25.1.1) are not repeated. Pure logic: the
 * state is struct hv_nvmx, operands come through nested/l1_access.h, and
 * the caller applies the result to L1 (RFLAGS, RIP, exception).
 */
#ifndef HVNEST_VMX_INSN_H
#define HVNEST_VMX_INSN_H

#include "l1_access.h"
#include "vmcs12.h"

#define HV_VMCS12_NONE (~0ULL) /* no current VMCS (SDM 24.1) */

/* VM-instruction error numbers (SDM 30.4). */
enum hv_vm_insn_error {
	HV_VMERR_VMCLEAR_BAD_ADDR = 2,
	HV_VMERR_VMCLEAR_VMXON_PTR = 3,
	HV_VMERR_VMLAUNCH_NOT_CLEAR = 4,
	HV_VMERR_VMRESUME_NOT_LAUNCHED = 5,
	HV_VMERR_ENTRY_BAD_CONTROLS = 7,
	HV_VMERR_ENTRY_BAD_HOST_STATE = 8,
	HV_VMERR_VMPTRLD_BAD_ADDR = 9,
	HV_VMERR_VMPTRLD_VMXON_PTR = 10,
	HV_VMERR_VMPTRLD_BAD_REVISION = 11,
	HV_VMERR_UNSUPPORTED_FIELD = 12,
	HV_VMERR_VMWRITE_READ_ONLY = 13,
	HV_VMERR_VMXON_IN_ROOT = 15,
	HV_VMERR_ENTRY_MOV_SS = 26,
	HV_VMERR_BAD_INVEPT_INVVPID = 28,
};

/*
 * What L1 is told about VMX: the capability MSRs as L1 reads them
 * (computed by nested/l1_caps.c). The one copy every nested check uses.
 */
struct hv_l1_vmx_caps {
	u64 basic, pinbased, procbased, procbased2, exit, entry;
	u64 true_pinbased, true_procbased, true_exit, true_entry;
	u64 misc, cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid, vmfunc, vmcs_enum;
	u32 maxphyaddr; /* CPUID.80000008H:EAX[7:0] as L1 sees it */
	u32 linear_bits; /* CPUID.80000008H:EAX[15:8]; 0 is taken as 48 */
};

/* IA32_VMX_BASIC[30:0]: the VMCS revision identifier (SDM A.1). */
static inline u32 hv_l1_revision(const struct hv_l1_vmx_caps *c)
{
	return (u32)(c->basic & 0x7fffffff);
}

/* IA32_VMX_MISC[29]: VMWRITE to any field, exit information too (A.6). */
static inline bool hv_l1_vmwrite_any(const struct hv_l1_vmx_caps *c)
{
	return c->misc & HV_BIT(29);
}

/* The secondary control "VMCS shadowing" may be 1 (SDM A.3.3). */
static inline bool hv_l1_shadowing(const struct hv_l1_vmx_caps *c)
{
	return (c->procbased2 >> 32) & HV_BIT(14);
}

/* Nested VMX state of one CPU, owned by root mode. */
struct hv_nvmx {
	bool vmxon; /* L1 is in VMX operation */
	u64 vmxon_ptr;
	u64 vmptr; /* current-VMCS pointer of L1, or HV_VMCS12_NONE */
	/* The current VMCS12, cached; L1's region is stale until written back. */
	struct hv_vmcs12 *cache;
	struct hv_l1_vmx_caps caps; /* what L1 is told (nested/l1_caps.c) */
	u64 feature_control; /* IA32_FEATURE_CONTROL as L1 reads it */
};

enum hv_vmx_outcome {
	HV_VMX_SUCCEED, /* SDM 30.2 VMsucceed */
	HV_VMX_FAIL_INVALID, /* VMfailInvalid: CF = 1 */
	HV_VMX_FAIL_VALID, /* VMfailValid: ZF = 1, error in the VMCS */
	HV_VMX_FAULT, /* an exception instead; RIP stays */
};

struct hv_vmx_result {
	enum hv_vmx_outcome outcome;
	u32 error; /* HV_VMX_FAIL_VALID: the VM-instruction error */
	struct hv_l1_fault fault; /* HV_VMX_FAULT */
	/* A succeeded INVEPT: its single-context EPTP, 0 for all contexts. */
	u64 invept_eptp;
	/* A succeeded INVVPID: its type (0-3), VPID and linear address. */
	u64 invvpid_type;
	u16 invvpid_vpid;
	u64 invvpid_la;
};

/*
 * Each takes the VM-exit instruction information and qualification of the
 * exit. v is L1's state; VMREAD writes a register destination into
 * v->gpr[] (the caller copies GPRs back). L1's CR0 and CR4 in v are the
 * values L1 sees (read shadows applied).
 */
void hv_nvmx_vmxon(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		   u64 qual, struct hv_vmx_result *r);
void hv_nvmx_vmxoff(struct hv_nvmx *n, struct hv_l1_view *v,
		    struct hv_vmx_result *r);
void hv_nvmx_vmclear(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r);
void hv_nvmx_vmptrld(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r);
void hv_nvmx_vmptrst(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r);
void hv_nvmx_vmread(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		    u64 qual, struct hv_vmx_result *r);
void hv_nvmx_vmwrite(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r);

/*
 * INVEPT and INVVPID: the checks and outcomes of SDM 30.3. What they
 * invalidate is L0's business (cached EPT02 and VPID02 translations),
 * which the caller does when *r is HV_VMX_SUCCEED.
 */
void hv_nvmx_invept(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		    u64 qual, struct hv_vmx_result *r);
void hv_nvmx_invvpid(struct hv_nvmx *n, struct hv_l1_view *v, u32 info,
		     u64 qual, struct hv_vmx_result *r);

/*
 * L2's VMREAD or VMWRITE exit, as the instruction's "Operation" in VMX
 * non-root operation goes on from the point where L0's exit was taken
 * (SDM 30.3; the CPU exited for L0's own bitmaps, which only add to L1's).
 */
enum hv_l2_vmrw {
	/*
	 * VMCS12 asked for the exit: no "VMCS shadowing", field bits 63:15
	 * not 0, or the field's bit in L1's VMREAD/VMWRITE bitmap is 1.
	 */
	HV_L2_VMRW_REFLECT,
	/*
	 * *r is L2's outcome: #GP(0) at CPL > 0, VMfailInvalid with link
	 * pointer FFFFFFFF_FFFFFFFFH, VMfailValid for a field hvnest does
	 * not have (12) or a read-only one without "VMWRITE to any field"
	 * (13), the error going to VMCS12 as to the current VMCS.
	 */
	HV_L2_VMRW_DONE,
	/* A field hvnest has that L0's shadow VMCS could not take. */
	HV_L2_VMRW_UNSHADOWED,
};

/*
 * field: register operand 2 as the instruction used it (32 bits outside
 * 64-bit mode); cpl: L2's. The bitmap bit is read from L1's memory.
 */
enum hv_l2_vmrw hv_nvmx_l2_vmrw(struct hv_nvmx *n, bool write, u64 field,
				u32 cpl, struct hv_vmx_result *r);

/*
 * VMLAUNCH and VMRESUME up to the checks of the VMCS (SDM 30.3): true if
 * the entry may go on to SDM 26.2; otherwise *r is the outcome. mov_ss:
 * L1 has blocking by MOV SS (its interruptibility state, bit 1).
 */
bool hv_nvmx_entry_prechecks(struct hv_nvmx *n, struct hv_l1_view *v,
			     bool launch, bool mov_ss,
			     struct hv_vmx_result *r);

/* An EPTP that VM entry with "enable EPT" accepts (SDM 26.2.1.1). */
bool hv_nvmx_eptp_valid(const struct hv_l1_vmx_caps *c, u32 maxphyaddr,
			u64 eptp);

/*
 * Any VMX instruction of L1 while it is not in VMX operation (and VMXON
 * with CR4.VMXE clear): #UD, as SDM chapter 30 gives for each. True if
 * that is the outcome (filled in *r).
 */
bool hv_nvmx_needs_ud(const struct hv_nvmx *n, const struct hv_l1_view *v,
		      bool is_vmxon, struct hv_vmx_result *r);

/* SDM 30.2 VMfail(err): VMfailValid with a current VMCS, else invalid. */
void hv_nvmx_vmfail(struct hv_nvmx *n, u32 err, struct hv_vmx_result *r);

/*
 * RFLAGS after the outcome (SDM 30.2): VMsucceed clears CF, PF, AF, ZF, SF
 * and OF; VMfailInvalid then sets CF, VMfailValid sets ZF.
 */
u64 hv_nvmx_rflags(u64 rflags, enum hv_vmx_outcome outcome);

/*
 * CR0 and CR4 as VMX operation allows them: L1's CR0/CR4 fixed bits (SDM
 * A.7, A.8). VMXON refuses others (SDM 30.3), and in VMX operation a MOV
 * to CR0 or CR4 that leaves them is #GP (SDM 23.8).
 */
bool hv_nvmx_cr_fixed_ok(const struct hv_l1_vmx_caps *c, u64 cr0, u64 cr4);

/* Write the cached VMCS12 back to L1's region (VMXOFF, teardown). */
void hv_nvmx_flush(struct hv_nvmx *n);

#endif /* HVNEST_VMX_INSN_H */
