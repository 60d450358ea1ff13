// SPDX-License-Identifier: GPL-2.0
/*
 * The operand of a VMX instruction, from the VM-exit instruction
 * information and exit qualification (see l1_access.h). Pure logic.
 */
#include "l1_access.h"

/*
 * SDM Vol. 3C 27.2.5, the instruction-information formats for INVEPT,
 * INVPCID and INVVPID (Table 27-9), for VMCLEAR, VMPTRLD, VMPTRST and VMXON
 * (Table 27-13) and for VMREAD and VMWRITE (Table 27-14; table numbers as
 * in the editions where the section is 27.2.5). A memory operand is
 * described by the same bits in all three; bit 10 (register operand) is
 * cleared to 0 for the instructions that take only memory.
 */
#define INFO_SCALE(i) ((i) & 3)
#define INFO_REG1(i) (((i) >> 3) & 0xf)
#define INFO_ASIZE(i) (((i) >> 7) & 7)
#define INFO_IS_REG HV_BIT(10)
#define INFO_SEG(i) (((i) >> 15) & 7)
#define INFO_INDEX(i) (((i) >> 18) & 0xf)
#define INFO_NO_INDEX HV_BIT(22)
#define INFO_BASE(i) (((i) >> 23) & 0xf)
#define INFO_NO_BASE HV_BIT(27)

/* Address-size encodings (bits 9:7). */
#define ASIZE_16 0
#define ASIZE_32 1
#define ASIZE_64 2

/*
 * Segment access rights as the VMCS holds them (SDM 24.4.1, Table 24-2);
 * the type bits are those of a descriptor (SDM 3.4.5.1, Table 3-1).
 */
#define AR_TYPE_CODE HV_BIT(3)
#define AR_TYPE_EXPDOWN HV_BIT(2) /* data: expand-down; code: conforming */
#define AR_TYPE_RW HV_BIT(1) /* data: writable; code: readable */
#define AR_S HV_BIT(4) /* code or data, not system */
#define AR_DB HV_BIT(14)
#define AR_UNUSABLE HV_BIT(16)

#define CR4_LA57 HV_BIT(12)

static bool hv_op_fault(struct hv_l1_fault *f, u8 vector, bool has_ec)
{
	f->vector = vector;
	f->has_error_code = has_ec;
	f->error_code = 0;
	f->cr2 = 0;
	return false;
}

/*
 * #SS(0) for a reference through SS, #GP(0) through any other segment: the
 * "Protected Mode Exceptions" and "64-Bit Mode Exceptions" of each VMX
 * instruction (SDM Vol. 3C chapter 30, e.g. VMPTRLD, INVVPID).
 */
static bool hv_op_seg_fault(enum hv_sreg sr, struct hv_l1_fault *f)
{
	return hv_op_fault(f, sr == HV_SS ? HV_L1_SS : HV_L1_GP, true);
}

/*
 * SDM 3.3.7.1 (and 4.5 for LA57): canonical when bits 63 down to the
 * highest implemented linear-address bit are all equal.
 */
static bool hv_op_canonical(u64 la, unsigned int bits)
{
	u64 top = la >> (bits - 1);

	return top == 0 || top == ~0ULL >> (bits - 1);
}

/*
 * Outside 64-bit mode: the segment must be usable, of a type that allows
 * the access (SDM 3.4.5.1, 5.4.1: no write to a code or read-only data
 * segment, no read of an execute-only code segment), and every byte
 * ea..last must lie within its limit (SDM 5.3: expand-up segments allow
 * offsets 0..limit, expand-down ones limit+1..0xffff or 0xffffffff by the
 * B flag).
 */
static bool hv_op_seg_check(const struct hv_l1_seg *s, enum hv_sreg sr,
			    u64 ea, u64 last, bool write,
			    struct hv_l1_fault *f)
{
	u32 type = s->ar & 0xf;

	if (s->ar & AR_UNUSABLE)
		return hv_op_seg_fault(sr, f);
	/* Type violations are #GP(0) whatever the segment (chapter 30). */
	if (!(s->ar & AR_S))
		return hv_op_fault(f, HV_L1_GP, true);
	if (type & AR_TYPE_CODE) {
		if (write || !(type & AR_TYPE_RW))
			return hv_op_fault(f, HV_L1_GP, true);
	} else if (write && !(type & AR_TYPE_RW)) {
		return hv_op_fault(f, HV_L1_GP, true);
	}

	if (!(type & AR_TYPE_CODE) && (type & AR_TYPE_EXPDOWN)) {
		u64 upper = (s->ar & AR_DB) ? 0xffffffffULL : 0xffffULL;

		if (ea <= s->limit || last > upper)
			return hv_op_seg_fault(sr, f);
	} else if (last > s->limit) {
		return hv_op_seg_fault(sr, f);
	}
	return true;
}

static bool hv_op_decode(const struct hv_l1_view *v, u32 info, u64 qual,
			 u32 len, bool write, struct hv_l1_operand *op,
			 struct hv_l1_fault *f)
{
	unsigned int asize = INFO_ASIZE(info);
	enum hv_sreg sr = (enum hv_sreg)INFO_SEG(info);
	u64 amask, ea;

	op->is_reg = false;
	op->reg = 0;
	op->seg = HV_DS;
	op->la = 0;
	op->addr_size = 0;
	if (info & INFO_IS_REG) {
		op->is_reg = true;
		op->reg = INFO_REG1(info);
		return true;
	}

	/*
	 * 64-bit mode addresses with 64 or 32 bits, other modes with 32 or
	 * 16; the processor reports nothing else, nor a segment past GS.
	 */
	if (v->long_mode ? asize != ASIZE_64 && asize != ASIZE_32 :
			   asize != ASIZE_32 && asize != ASIZE_16)
		return hv_op_fault(f, HV_L1_UD, false);
	if (sr >= HV_NR_SREGS)
		return hv_op_fault(f, HV_L1_UD, false);
	amask = asize == ASIZE_64 ? ~0ULL :
		asize == ASIZE_32 ? 0xffffffffULL : 0xffffULL;

	/*
	 * SDM 3.7.5: base + index * scale + displacement, computed modulo the
	 * address size. The qualification holds the displacement (RIP-relative:
	 * already added to RIP); its bits past the address size are undefined
	 * (SDM 27.2.1), which the truncation makes irrelevant.
	 */
	ea = qual;
	if (!(info & INFO_NO_BASE))
		ea += v->gpr[INFO_BASE(info)];
	if (!(info & INFO_NO_INDEX))
		ea += v->gpr[INFO_INDEX(info)] << INFO_SCALE(info);
	ea &= amask;
	if (!len)
		len = 1;

	op->seg = sr;
	op->addr_size = 2U << asize;
	if (v->long_mode) {
		/* SDM 3.4.4: only FS and GS have a base in 64-bit mode. */
		unsigned int bits = (v->cr4 & CR4_LA57) ? 57 : 48;
		u64 la = ea;

		if (sr == HV_FS || sr == HV_GS)
			la += v->seg[sr].base;
		if (!hv_op_canonical(la, bits) ||
		    !hv_op_canonical(la + len - 1, bits))
			return hv_op_seg_fault(sr, f);
		op->la = la;
		return true;
	}

	/* Protected mode: segment checks, then base + offset (SDM 3.4). */
	if (!hv_op_seg_check(&v->seg[sr], sr, ea, ea + len - 1, write, f))
		return false;
	op->la = (v->seg[sr].base + ea) & 0xffffffffULL;
	return true;
}

bool hv_vmx_operand(const struct hv_l1_view *v, u32 info, u64 qual, u32 len,
		    struct hv_l1_operand *op, struct hv_l1_fault *f)
{
	return hv_op_decode(v, info, qual, len, false, op, f);
}

bool hv_vmx_operand_write(const struct hv_l1_view *v, u32 info, u64 qual,
			  u32 len, struct hv_l1_operand *op,
			  struct hv_l1_fault *f)
{
	return hv_op_decode(v, info, qual, len, true, op, f);
}
