/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How nested VMX reaches L1's operands: the memory operand of a VMX
 * instruction decoded from the VM-exit instruction information (SDM
 * 27.2.5, table "Format of the VM-Exit Instruction-Information Field as
 * Used for VMCLEAR, VMPTRLD, VMPTRST, VMXON, XRSTORS, and XSAVES" and the
 * VMREAD/VMWRITE and INVEPT/INVVPID variants), its linear address (SDM 3.4,
 * 3.7.5), and that address translated through L1's own paging (SDM 4.5)
 * into an L1-physical address. Pure logic: no VMREAD, no Linux; what it
 * needs from the CPU comes in struct hv_l1_view and memory is reached only
 * through hv_l1_phys_read()/hv_l1_phys_write(), which root mode implements
 * (nested/l1_mem.c) and the unit tests fake.
 */
#ifndef HVNEST_L1_ACCESS_H
#define HVNEST_L1_ACCESS_H

#include "../vmx/hv_types.h"

/* Segment registers in the order of the instruction-information field. */
enum hv_sreg { HV_ES, HV_CS, HV_SS, HV_DS, HV_FS, HV_GS, HV_NR_SREGS };

/* A segment register as the VMCS holds it (SDM 24.4.1). */
struct hv_l1_seg {
	u64 base;
	u32 limit;
	u32 ar; /* access rights; bit 16 = unusable */
};

/* What the CPU state of L1 is at the exit. */
struct hv_l1_view {
	u64 gpr[16]; /* RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8-R15 */
	u64 cr0, cr3, cr4, efer, rflags;
	struct hv_l1_seg seg[HV_NR_SREGS];
	u32 cpl; /* SS.DPL */
	bool long_mode; /* 64-bit mode: IA32_EFER.LMA and CS.L */
	u32 maxphyaddr;
};

/* Exception vectors a VMX instruction's operand access can raise. */
#define HV_L1_UD 6
#define HV_L1_SS 12
#define HV_L1_GP 13
#define HV_L1_PF 14

/* An exception the instruction raises instead of completing. */
struct hv_l1_fault {
	u8 vector; /* 13 #GP, 12 #SS, 14 #PF, 6 #UD */
	bool has_error_code;
	u32 error_code;
	u64 cr2; /* #PF only: the faulting linear address */
};

/* A decoded operand: a register or a linear address of memory. */
struct hv_l1_operand {
	bool is_reg;
	u8 reg; /* is_reg: GPR number */
	enum hv_sreg seg; /* memory: the segment used */
	u64 la; /* memory: linear address */
	u32 addr_size; /* memory: 2, 4 or 8 bytes */
};

/*
 * Decode the memory-or-register operand a VMX instruction reads (VMCLEAR,
 * VMPTRLD, VMXON, VMWRITE, INVEPT, INVVPID). info is the VM-exit
 * instruction-information field, qual the exit qualification (the
 * displacement for a memory operand). len is the operand's size in bytes,
 * for the segment limit and canonical checks; an operand of 0 bytes is
 * checked as one of 1. False with *f filled when the
 * address computation faults (#GP(0), or #SS(0) for an SS-relative
 * operand), as the instruction would.
 */
bool hv_vmx_operand(const struct hv_l1_view *v, u32 info, u64 qual, u32 len,
		    struct hv_l1_operand *op, struct hv_l1_fault *f);
/*
 * The same for an operand the instruction writes (VMPTRST, VMREAD to
 * memory): outside 64-bit mode its segment must then be a writable data
 * segment (SDM 3.4.5.1), where hv_vmx_operand() requires a readable one.
 */
bool hv_vmx_operand_write(const struct hv_l1_view *v, u32 info, u64 qual,
			  u32 len, struct hv_l1_operand *op,
			  struct hv_l1_fault *f);

/* Register operand 2 of VMREAD/VMWRITE/INVEPT/INVVPID (info bits 31:28). */
static inline u32 hv_vmx_info_reg2(u32 info)
{
	return (info >> 28) & 0xf;
}

/*
 * Read or write len bytes at a linear address of L1 as a supervisor-mode
 * data access of the instruction (SDM 4.6): translated through L1's paging
 * (4- or 5-level; CR0.WP, CR4.SMAP with RFLAGS.AC, reserved bits), setting
 * accessed and dirty flags as the CPU would, crossing pages as needed.
 * False with *f filled (#PF with its error code and CR2) on a fault; a
 * write of up to 4096 bytes then changes nothing (a longer one goes 4 KiB
 * at a time). A non-canonical address gives #GP(0) (hv_vmx_operand()
 * has already refused it, with #SS(0) where due); 32-bit and PAE paging
 * (L1 outside IA-32e mode with CR0.PG=1) are not implemented and give #UD.
 */
bool hv_l1_read_linear(const struct hv_l1_view *v, u64 la, void *buf,
		       u32 len, struct hv_l1_fault *f);
bool hv_l1_write_linear(const struct hv_l1_view *v, u64 la, const void *buf,
			u32 len, struct hv_l1_fault *f);

/*
 * L1-physical memory (implemented by root mode; faked by the unit tests).
 * False when gpa..gpa+len-1 is not ordinary RAM of L1: reads then see all
 * ones and writes are dropped, as for unbacked physical addresses.
 */
bool hv_l1_phys_read(u64 gpa, void *buf, u32 len);
bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len);
/* Atomically OR bits into the naturally aligned u64 at gpa (A/D flags). */
bool hv_l1_phys_or64(u64 gpa, u64 bits);

#endif /* HVNEST_L1_ACCESS_H */
