// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of nested/vmx_insn.c and nested/vmcs12.c: L1's VMXON, VMXOFF,
 * VMCLEAR, VMPTRLD, VMPTRST, VMREAD and VMWRITE against the SDM chapter 30
 * pseudocode. Operand decoding and L1 paging are faked here (linear ==
 * physical, base register only) so that these tests see the instruction
 * semantics alone; tests/unit/test_l1_access.c covers the real ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../nested/vmx_insn.h"

#define MEM_SIZE (64 * 4096)
#define REV 0x2b
static u8 mem[MEM_SIZE];
static unsigned int phys_writes;

bool hv_l1_phys_read(u64 gpa, void *buf, u32 len)
{
	if (gpa + len > MEM_SIZE) {
		memset(buf, 0xff, len);
		return false;
	}
	memcpy(buf, mem + gpa, len);
	return true;
}

bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len)
{
	if (gpa + len > MEM_SIZE)
		return false;
	memcpy(mem + gpa, buf, len);
	phys_writes++;
	return true;
}

bool hv_l1_phys_or64(u64 gpa, u64 bits)
{
	(void)gpa;
	(void)bits;
	return false;
}

/* Fake decode: bit 10 register form (reg1 = bits 6:3), else [base]. */
bool hv_vmx_operand(const struct hv_l1_view *v, u32 info, u64 qual, u32 len,
		    struct hv_l1_operand *op, struct hv_l1_fault *f)
{
	(void)qual;
	(void)len;
	memset(op, 0, sizeof(*op));
	if (info & HV_BIT(10)) {
		op->is_reg = true;
		op->reg = (info >> 3) & 0xf;
		return true;
	}
	op->la = v->gpr[(info >> 23) & 0xf];
	if (op->la >> 47) { /* non-canonical stand-in */
		f->vector = 13;
		f->has_error_code = true;
		f->error_code = 0;
		return false;
	}
	return true;
}

bool hv_vmx_operand_write(const struct hv_l1_view *v, u32 info, u64 qual,
			  u32 len, struct hv_l1_operand *op,
			  struct hv_l1_fault *f)
{
	return hv_vmx_operand(v, info, qual, len, op, f);
}

/* Fake paging: linear == physical; the last page "not present". */
static bool fake_linear(u64 la, u32 len, struct hv_l1_fault *f, bool write)
{
	if (la + len > MEM_SIZE - 4096) {
		f->vector = 14;
		f->has_error_code = true;
		f->error_code = write ? 2 : 0;
		f->cr2 = la;
		return false;
	}
	return true;
}

bool hv_l1_read_linear(const struct hv_l1_view *v, u64 la, void *buf,
		       u32 len, struct hv_l1_fault *f)
{
	(void)v;
	if (!fake_linear(la, len, f, false))
		return false;
	return hv_l1_phys_read(la, buf, len);
}

bool hv_l1_write_linear(const struct hv_l1_view *v, u64 la, const void *buf,
			u32 len, struct hv_l1_fault *f)
{
	(void)v;
	if (!fake_linear(la, len, f, true))
		return false;
	return hv_l1_phys_write(la, buf, len);
}

/* Physical layout of the test: operand slots and VMCS regions. */
#define OPND 0x1000 /* 8-byte operands */
#define VMXON_PA 0x4000
#define VMCS_A 0x5000
#define VMCS_B 0x6000
#define BAD_PAGE (MEM_SIZE - 4096) /* "not present" in the fake */

#define INFO_MEM(base) ((u32)(base) << 23) /* [base] */
#define INFO_REG(reg1, reg2) (HV_BIT(10) | ((u32)(reg1) << 3) | ((u32)(reg2) << 28))
#define INFO_MEM2(base, reg2) (INFO_MEM(base) | ((u32)(reg2) << 28))

#define RAX 0
#define RCX 1
#define RDX 2
#define RBX 3

static struct hv_vmcs12 cache;
static struct hv_nvmx n;
static struct hv_l1_view v;
static struct hv_vmx_result r;

static void put64(u64 pa, u64 val)
{
	memcpy(mem + pa, &val, 8);
}

static u64 get64(u64 pa)
{
	u64 val;

	memcpy(&val, mem + pa, 8);
	return val;
}

static void put32(u64 pa, u32 val)
{
	memcpy(mem + pa, &val, 4);
}

static int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	memset(&cache, 0x5a, sizeof(cache));
	memset(&n, 0, sizeof(n));
	memset(&v, 0, sizeof(v));
	memset(&r, 0, sizeof(r));
	n.cache = &cache;
	n.vmptr = HV_VMCS12_NONE;
	n.caps.basic = REV;
	n.caps.misc = HV_BIT(29); /* VMWRITE to any field */
	n.caps.procbased2 = (uint64_t)HV_BIT(14) << 32; /* VMCS shadowing */
	n.caps.ept_vpid = 0x00000f0106334141ULL; /* Bochs skylake-x */
	n.caps.linear_bits = 48;
	n.caps.cr0_fixed0 = 0x80000021;
	n.caps.cr0_fixed1 = 0xffffffff;
	n.caps.cr4_fixed0 = 0x2000;
	n.caps.cr4_fixed1 = 0x3727ff;
	n.feature_control = 0x5;
	v.cr0 = 0x80050033;
	v.cr4 = 0x2000 | 0x6f0;
	v.cpl = 0;
	v.long_mode = true;
	v.maxphyaddr = 39;
	put32(VMXON_PA, REV);
	put32(VMCS_A, REV);
	put32(VMCS_B, REV);
	phys_writes = 0;
	return 0;
}

/* Run VMXON [RBX] with RBX -> OPND = pa. */
static void do_vmxon(u64 pa)
{
	put64(OPND, pa);
	v.gpr[RBX] = OPND;
	hv_nvmx_vmxon(&n, &v, INFO_MEM(RBX), 0, &r);
}

static void do_ptr_insn(void (*fn)(struct hv_nvmx *, struct hv_l1_view *,
				   u32, u64, struct hv_vmx_result *),
			u64 pa)
{
	put64(OPND, pa);
	v.gpr[RBX] = OPND;
	fn(&n, &v, INFO_MEM(RBX), 0, &r);
}

static void vmxon_ok(void)
{
	do_vmxon(VMXON_PA);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
}

static void test_vmxon_success(void **state)
{
	(void)state;
	vmxon_ok();
	assert_true(n.vmxon);
	assert_int_equal(n.vmxon_ptr, VMXON_PA);
	assert_true(n.vmptr == HV_VMCS12_NONE);
}

static void test_vmxon_needs_cr4_vmxe(void **state)
{
	(void)state;
	v.cr4 &= ~HV_BIT(13);
	do_vmxon(VMXON_PA);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_int_equal(r.fault.vector, 6);
	assert_false(n.vmxon);
}

static void test_vmxon_gp_conditions(void **state)
{
	(void)state;
	v.cpl = 3;
	do_vmxon(VMXON_PA);
	assert_int_equal(r.fault.vector, 13);
	assert_true(r.fault.has_error_code);
	assert_int_equal(r.fault.error_code, 0);
	v.cpl = 0;
	n.feature_control = 0x4; /* not locked */
	do_vmxon(VMXON_PA);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_int_equal(r.fault.vector, 13);
	n.feature_control = 0x1; /* locked, VMXON outside SMX off */
	do_vmxon(VMXON_PA);
	assert_int_equal(r.fault.vector, 13);
	n.feature_control = 0x5;
	v.cr0 &= ~HV_BIT(5); /* NE is fixed to 1 */
	do_vmxon(VMXON_PA);
	assert_int_equal(r.fault.vector, 13);
	v.cr0 |= HV_BIT(5);
	v.cr4 |= HV_BIT(22); /* beyond CR4_FIXED1 */
	do_vmxon(VMXON_PA);
	assert_int_equal(r.fault.vector, 13);
	assert_false(n.vmxon);
}

static void test_vmxon_bad_pointer(void **state)
{
	(void)state;
	do_vmxon(VMXON_PA + 8); /* unaligned */
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	do_vmxon(1ULL << 39); /* beyond MAXPHYADDR */
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	put32(VMXON_PA, REV + 1); /* wrong revision */
	do_vmxon(VMXON_PA);
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	put32(VMXON_PA, REV | 0x80000000u); /* shadow indicator */
	do_vmxon(VMXON_PA);
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	assert_false(n.vmxon);
}

static void test_vmxon_operand_faults(void **state)
{
	(void)state;
	v.gpr[RBX] = 1ULL << 50; /* fake non-canonical */
	hv_nvmx_vmxon(&n, &v, INFO_MEM(RBX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_int_equal(r.fault.vector, 13);
	v.gpr[RBX] = BAD_PAGE; /* operand not present */
	hv_nvmx_vmxon(&n, &v, INFO_MEM(RBX), 0, &r);
	assert_int_equal(r.fault.vector, 14);
	assert_int_equal(r.fault.cr2, BAD_PAGE);
	assert_false(n.vmxon);
}

static void test_second_vmxon(void **state)
{
	(void)state;
	vmxon_ok();
	do_vmxon(VMXON_PA); /* no current VMCS: VMfailInvalid */
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	do_vmxon(VMXON_PA); /* current VMCS: VMfailValid(15) */
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, 15);
	v.gpr[RCX] = VMCS_VM_INSTRUCTION_ERROR;
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(v.gpr[RAX], 15);
	v.cpl = 3;
	do_vmxon(VMXON_PA);
	assert_int_equal(r.fault.vector, 13);
}

static void test_ud_outside_vmx_operation(void **state)
{
	(void)state;
	hv_nvmx_vmxoff(&n, &v, &r);
	assert_int_equal(r.fault.vector, 6);
	do_ptr_insn(hv_nvmx_vmclear, VMCS_A);
	assert_int_equal(r.fault.vector, 6);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	assert_int_equal(r.fault.vector, 6);
	do_ptr_insn(hv_nvmx_vmptrst, 0);
	assert_int_equal(r.fault.vector, 6);
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.fault.vector, 6);
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.fault.vector, 6);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_false(r.fault.has_error_code);
}

static void test_cpl_gp_in_vmx_operation(void **state)
{
	(void)state;
	vmxon_ok();
	v.cpl = 3;
	hv_nvmx_vmxoff(&n, &v, &r);
	assert_int_equal(r.fault.vector, 13);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	assert_int_equal(r.fault.vector, 13);
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.fault.vector, 13);
	assert_true(n.vmxon);
}

static void test_vmptrld_checks(void **state)
{
	(void)state;
	vmxon_ok();
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A + 0x10);
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID); /* no current */
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_int_equal(n.vmptr, VMCS_A);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B + 0x10);
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, 9);
	do_ptr_insn(hv_nvmx_vmptrld, 1ULL << 40);
	assert_int_equal(r.error, 9);
	do_ptr_insn(hv_nvmx_vmptrld, VMXON_PA);
	assert_int_equal(r.error, 10);
	put32(VMCS_B, REV + 1);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	assert_int_equal(r.error, 11);
	/* A shadow VMCS loads when shadowing is supported, not otherwise. */
	put32(VMCS_B, REV | 0x80000000u);
	n.caps.procbased2 = 0;
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	assert_int_equal(r.error, 11);
	assert_int_equal(n.vmptr, VMCS_A);
	n.caps.procbased2 = (uint64_t)HV_BIT(14) << 32;
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_int_equal(n.vmptr, VMCS_B);
}

static void test_vmptrst(void **state)
{
	(void)state;
	vmxon_ok();
	put64(OPND + 8, 0);
	v.gpr[RBX] = OPND + 8;
	hv_nvmx_vmptrst(&n, &v, INFO_MEM(RBX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_true(get64(OPND + 8) == ~0ULL);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	v.gpr[RBX] = OPND + 8;
	hv_nvmx_vmptrst(&n, &v, INFO_MEM(RBX), 0, &r);
	assert_int_equal(get64(OPND + 8), VMCS_A);
	v.gpr[RBX] = BAD_PAGE;
	hv_nvmx_vmptrst(&n, &v, INFO_MEM(RBX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_int_equal(r.fault.vector, 14);
	assert_int_equal(r.fault.error_code, 2);
}

static void test_vmread_vmwrite_widths(void **state)
{
	(void)state;
	vmxon_ok();
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	/* 16-bit field keeps 16 bits. */
	v.gpr[RCX] = VMCS_GUEST_CS_SELECTOR;
	v.gpr[RAX] = 0x123456789abcULL;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	v.gpr[RDX] = 0;
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_int_equal(v.gpr[RDX], 0x9abc);
	/* 32-bit field. */
	v.gpr[RCX] = VMCS_GUEST_CS_LIMIT;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_int_equal(v.gpr[RDX], 0x56789abc);
	/* 64-bit field: full, then the high half alone. */
	v.gpr[RCX] = VMCS_TSC_OFFSET;
	v.gpr[RAX] = 0x1122334455667788ULL;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	v.gpr[RCX] = VMCS_TSC_OFFSET + 1;
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_int_equal(v.gpr[RDX], 0x11223344);
	v.gpr[RAX] = 0xaabbccddULL;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	v.gpr[RCX] = VMCS_TSC_OFFSET;
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_true(v.gpr[RDX] == 0xaabbccdd55667788ULL);
	/* Natural width. */
	v.gpr[RCX] = VMCS_GUEST_RIP;
	v.gpr[RAX] = 0xffffffff81000000ULL;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_true(v.gpr[RDX] == 0xffffffff81000000ULL);
	/* Memory forms: VMWRITE from [RBX], VMREAD to [RBX]. */
	put64(OPND, 0xdeadbeefcafeULL);
	v.gpr[RBX] = OPND;
	v.gpr[RCX] = VMCS_GUEST_RSP;
	hv_nvmx_vmwrite(&n, &v, INFO_MEM2(RBX, RCX), 0, &r);
	put64(OPND, 0);
	hv_nvmx_vmread(&n, &v, INFO_MEM2(RBX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_int_equal(get64(OPND), 0xdeadbeefcafeULL);
}

static void test_vmread_vmwrite_failures(void **state)
{
	(void)state;
	vmxon_ok();
	v.gpr[RCX] = VMCS_GUEST_RIP;
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	v.gpr[RCX] = 0x7777; /* no such field */
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, 12);
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.error, 12);
	v.gpr[RCX] = 1ULL << 32 | VMCS_GUEST_RIP; /* bits 63:32 set */
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.error, 12);
	v.gpr[RCX] = VMCS_GUEST_RIP + 1; /* high access of a natural field */
	hv_nvmx_vmread(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.error, 12);
	/* Read-only field: allowed with VMWRITE-any, VMfailValid(13) not. */
	v.gpr[RCX] = VMCS_EXIT_QUALIFICATION;
	v.gpr[RAX] = 42;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	n.caps.misc = 0;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	assert_int_equal(r.error, 13);
	/* A faulting destination leaves it unwritten and RIP in place. */
	v.gpr[RBX] = BAD_PAGE;
	hv_nvmx_vmread(&n, &v, INFO_MEM2(RBX, RCX), 0, &r);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_int_equal(r.fault.vector, 14);
}

static void test_vmclear_and_launch_state(void **state)
{
	struct hv_vmcs12 region;

	(void)state;
	vmxon_ok();
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	v.gpr[RCX] = VMCS_GUEST_RIP;
	v.gpr[RAX] = 0x1234;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	n.cache->launch_state = VMCS12_LAUNCH_LAUNCHED;
	/* VMCLEAR of the current VMCS writes it back, launch state clear. */
	do_ptr_insn(hv_nvmx_vmclear, VMCS_A);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_true(n.vmptr == HV_VMCS12_NONE);
	memcpy(&region, mem + VMCS_A, sizeof(region));
	assert_int_equal(region.revision, REV);
	assert_int_equal(region.launch_state, VMCS12_LAUNCH_CLEAR);
	assert_int_equal(region.field[VMCS12_I_GUEST_RIP], 0x1234);
	/* Loading it again gives the same contents. */
	memset(&cache, 0, sizeof(cache));
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_int_equal(v.gpr[RDX], 0x1234);
	/* VMCLEAR of another region: only its launch state, current kept. */
	put32(VMCS_B + 8, VMCS12_LAUNCH_LAUNCHED);
	do_ptr_insn(hv_nvmx_vmclear, VMCS_B);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_int_equal(n.vmptr, VMCS_A);
	memcpy(&region, mem + VMCS_B, 16);
	assert_int_equal(region.launch_state, VMCS12_LAUNCH_CLEAR);
	/* Errors: bad address, VMXON pointer. */
	do_ptr_insn(hv_nvmx_vmclear, VMCS_B + 1);
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, 2);
	do_ptr_insn(hv_nvmx_vmclear, VMXON_PA);
	assert_int_equal(r.error, 3);
}

static void test_switching_current_writes_back(void **state)
{
	(void)state;
	vmxon_ok();
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	v.gpr[RCX] = VMCS_GUEST_RSP;
	v.gpr[RAX] = 0xaaaa;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	v.gpr[RAX] = 0xbbbb;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_int_equal(v.gpr[RDX], 0xaaaa);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	hv_nvmx_vmread(&n, &v, INFO_REG(RDX, RCX), 0, &r);
	assert_int_equal(v.gpr[RDX], 0xbbbb);
	/* VMPTRLD of the current one reads nothing from memory. */
	phys_writes = 0;
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	assert_int_equal(phys_writes, 0);
}

static void test_vmxoff(void **state)
{
	(void)state;
	vmxon_ok();
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	v.gpr[RCX] = VMCS_GUEST_RSP;
	v.gpr[RAX] = 0x77;
	hv_nvmx_vmwrite(&n, &v, INFO_REG(RAX, RCX), 0, &r);
	hv_nvmx_vmxoff(&n, &v, &r);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_false(n.vmxon);
	assert_true(n.vmptr == HV_VMCS12_NONE);
	assert_int_equal(((struct hv_vmcs12 *)(mem + VMCS_A))->field[VMCS12_I_GUEST_RSP], 0x77);
	/* VMX operation can start again. */
	vmxon_ok();
	assert_true(n.vmptr == HV_VMCS12_NONE);
}

static void test_rflags(void **state)
{
	u64 all = 0x8d5 | HV_BIT(9) | HV_BIT(1);

	(void)state;
	assert_int_equal(hv_nvmx_rflags(all, HV_VMX_SUCCEED), HV_BIT(9) | HV_BIT(1));
	assert_int_equal(hv_nvmx_rflags(all, HV_VMX_FAIL_INVALID),
			 HV_BIT(9) | HV_BIT(1) | HV_BIT(0));
	assert_int_equal(hv_nvmx_rflags(all, HV_VMX_FAIL_VALID),
			 HV_BIT(9) | HV_BIT(1) | HV_BIT(6));
	assert_int_equal(hv_nvmx_rflags(all, HV_VMX_FAULT), all);
}

static void test_vmcs12_every_field(void **state)
{
	struct hv_vmcs12 *p = &cache;
	unsigned int i;
	bool high;
	u64 val;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		u32 enc = vmcs_field_table[i].encoding;

		assert_int_equal(vmcs12_field_index(enc, &high), (int)i);
		assert_false(high);
		assert_true(vmcs12_write(p, enc, ~0ULL));
		assert_true(vmcs12_read(p, enc, &val));
		switch (vmcs_field_width(enc)) {
		case VMCS_WIDTH_16:
			assert_true(val == 0xffff);
			break;
		case VMCS_WIDTH_32:
			assert_true(val == 0xffffffff);
			break;
		default:
			assert_true(val == ~0ULL);
		}
		/* Only 64-bit fields have a high access. */
		assert_int_equal(vmcs12_field_index(enc + 1, &high) >= 0,
				 vmcs_field_width(enc) == VMCS_WIDTH_64);
	}
}

/* INVEPT/INVVPID [RBX] with the type in RCX. */
static void do_inv(void (*fn)(struct hv_nvmx *, struct hv_l1_view *, u32,
			      u64, struct hv_vmx_result *),
		   u64 type, u64 d0, u64 d1)
{
	put64(OPND, d0);
	put64(OPND + 8, d1);
	v.gpr[RBX] = OPND;
	v.gpr[RCX] = type;
	fn(&n, &v, INFO_MEM2(RBX, RCX), 0, &r);
}

static void test_invept(void **state)
{
	const u64 eptp = 0x7000 | (3 << 3) | 6; /* WB, 4 levels */

	(void)state;
	do_inv(hv_nvmx_invept, 1, eptp, 0);
	assert_int_equal(r.fault.vector, 6); /* not in VMX operation */
	vmxon_ok();
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	do_inv(hv_nvmx_invept, 1, eptp, 0);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	do_inv(hv_nvmx_invept, 2, 0, 0);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	do_inv(hv_nvmx_invept, 3, eptp, 0); /* no such type */
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, 28);
	do_inv(hv_nvmx_invept, 0, eptp, 0);
	assert_int_equal(r.error, 28);
	do_inv(hv_nvmx_invept, 1, eptp & ~7ULL, 0); /* UC: supported */
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	do_inv(hv_nvmx_invept, 1, (eptp & ~7ULL) | 1, 0); /* WC: no */
	assert_int_equal(r.error, 28);
	do_inv(hv_nvmx_invept, 1, (eptp & ~0x38ULL) | (1 << 3), 0);
	assert_int_equal(r.error, 28); /* 2-level walk */
	do_inv(hv_nvmx_invept, 1, eptp | HV_BIT(6), 0); /* A/D: supported */
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	do_inv(hv_nvmx_invept, 1, eptp | HV_BIT(7), 0); /* reserved */
	assert_int_equal(r.error, 28);
	do_inv(hv_nvmx_invept, 1, eptp | HV_BIT(39), 0); /* > MAXPHYADDR */
	assert_int_equal(r.error, 28);
	v.gpr[RBX] = BAD_PAGE; /* descriptor not present */
	hv_nvmx_invept(&n, &v, INFO_MEM2(RBX, RCX), 0, &r);
	assert_int_equal(r.fault.vector, 14);
	n.caps.ept_vpid &= ~HV_BIT(25); /* no single-context */
	do_inv(hv_nvmx_invept, 1, eptp, 0);
	assert_int_equal(r.error, 28);
}

static void test_invvpid(void **state)
{
	(void)state;
	vmxon_ok();
	do_inv(hv_nvmx_invvpid, 0, 1, 0x1000); /* no current VMCS */
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	do_inv(hv_nvmx_invvpid, 0, 5, 0x00007fffffffffffULL);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	/* What L0 invalidates for it (nested/vpid02.h). */
	assert_int_equal(r.invvpid_type, 0);
	assert_int_equal(r.invvpid_vpid, 5);
	assert_int_equal(r.invvpid_la, 0x00007fffffffffffULL);
	do_inv(hv_nvmx_invvpid, 0, 5, 0x0000800000000000ULL);
	assert_int_equal(r.error, 28); /* non-canonical address */
	do_inv(hv_nvmx_invvpid, 1, 0, 0);
	assert_int_equal(r.error, 28); /* VPID 0 */
	do_inv(hv_nvmx_invvpid, 3, 0, 0);
	assert_int_equal(r.error, 28);
	do_inv(hv_nvmx_invvpid, 2, 0, 0); /* all contexts: VPID 0 is fine */
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_int_equal(r.invvpid_type, 2);
	assert_int_equal(r.invvpid_vpid, 0);
	do_inv(hv_nvmx_invvpid, 3, 0xffff, 0x1234);
	assert_int_equal(r.outcome, HV_VMX_SUCCEED);
	assert_int_equal(r.invvpid_type, 3);
	assert_int_equal(r.invvpid_vpid, 0xffff);
	do_inv(hv_nvmx_invvpid, 1, 5 | (1ULL << 16), 0);
	assert_int_equal(r.error, 28); /* reserved descriptor bits */
	do_inv(hv_nvmx_invvpid, 4, 5, 0);
	assert_int_equal(r.error, 28); /* no such type */
	n.caps.ept_vpid &= ~HV_BIT(40);
	do_inv(hv_nvmx_invvpid, 0, 5, 0);
	assert_int_equal(r.error, 28); /* type not supported */
	v.cpl = 3;
	do_inv(hv_nvmx_invvpid, 2, 0, 0);
	assert_int_equal(r.fault.vector, 13);
}

static void test_entry_prechecks(void **state)
{
	(void)state;
	assert_false(hv_nvmx_entry_prechecks(&n, &v, true, false, &r));
	assert_int_equal(r.fault.vector, 6);
	vmxon_ok();
	assert_false(hv_nvmx_entry_prechecks(&n, &v, true, false, &r));
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
	do_ptr_insn(hv_nvmx_vmclear, VMCS_A);
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_A);
	assert_true(hv_nvmx_entry_prechecks(&n, &v, true, false, &r));
	assert_false(hv_nvmx_entry_prechecks(&n, &v, false, false, &r));
	assert_int_equal(r.error, 5); /* VMRESUME of a clear VMCS */
	assert_false(hv_nvmx_entry_prechecks(&n, &v, true, true, &r));
	assert_int_equal(r.error, 26); /* MOV SS blocking */
	n.cache->launch_state = VMCS12_LAUNCH_LAUNCHED;
	assert_false(hv_nvmx_entry_prechecks(&n, &v, true, false, &r));
	assert_int_equal(r.error, 4); /* VMLAUNCH of a launched VMCS */
	assert_true(hv_nvmx_entry_prechecks(&n, &v, false, false, &r));
	v.cpl = 3;
	assert_false(hv_nvmx_entry_prechecks(&n, &v, false, false, &r));
	assert_int_equal(r.fault.vector, 13);
	v.cpl = 0;
	put32(VMCS_B, REV | 0x80000000u); /* a shadow VMCS: VMfailInvalid */
	do_ptr_insn(hv_nvmx_vmptrld, VMCS_B);
	assert_false(hv_nvmx_entry_prechecks(&n, &v, true, false, &r));
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);
}

/* ---- L2's VMREAD/VMWRITE with "VMCS shadowing" (hv_nvmx_l2_vmrw) ---- */

#define RD_BITMAP 0x7000
#define WR_BITMAP 0x8000
#define LINK 0x9000

/* VMCS12 with "VMCS shadowing", bitmaps all ones, a link pointer. */
static void l2_shadowing(void)
{
	memset(&cache, 0, sizeof(cache));
	n.vmptr = VMCS_A;
	cache.field[VMCS12_I_CPU_BASED_VM_EXEC_CONTROL] = HV_BIT(31);
	cache.field[VMCS12_I_SECONDARY_VM_EXEC_CONTROL] = HV_BIT(14);
	cache.field[VMCS12_I_VMREAD_BITMAP] = RD_BITMAP;
	cache.field[VMCS12_I_VMWRITE_BITMAP] = WR_BITMAP;
	cache.field[VMCS12_I_VMCS_LINK_POINTER] = LINK;
	memset(mem + RD_BITMAP, 0xff, 4096);
	memset(mem + WR_BITMAP, 0xff, 4096);
}

static void bitmap_clear(u64 bitmap, u32 enc)
{
	mem[bitmap + (enc & 0x7fff) / 8] &= ~(1 << (enc & 7));
}

#define ENC_GUEST_RIP 0x681e
#define ENC_EXIT_REASON 0x4402
#define ENC_NONE 0x6ffe /* no such field */

static enum hv_l2_vmrw l2_vmrw(bool write, u64 field, u32 cpl)
{
	memset(&r, 0, sizeof(r));
	return hv_nvmx_l2_vmrw(&n, write, field, cpl, &r);
}

static void test_l2_vmrw_reflect(void **state)
{
	(void)state;
	l2_shadowing();
	/* A set bit in L1's bitmap: L1 asked for the exit. */
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP, 0), HV_L2_VMRW_REFLECT);
	/* The read bitmap governs VMREAD only, the write bitmap VMWRITE. */
	bitmap_clear(RD_BITMAP, ENC_GUEST_RIP);
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP, 0),
			 HV_L2_VMRW_UNSHADOWED);
	assert_int_equal(l2_vmrw(true, ENC_GUEST_RIP, 0), HV_L2_VMRW_REFLECT);
	/* Field bits 63:15 not 0: an exit whatever bits 14:0 say. */
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP | HV_BIT(32), 0),
			 HV_L2_VMRW_REFLECT);
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP | HV_BIT(15), 0),
			 HV_L2_VMRW_REFLECT);
	/* Without "VMCS shadowing", or without the secondary controls. */
	cache.field[VMCS12_I_SECONDARY_VM_EXEC_CONTROL] = 0;
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP, 0), HV_L2_VMRW_REFLECT);
	cache.field[VMCS12_I_SECONDARY_VM_EXEC_CONTROL] = HV_BIT(14);
	cache.field[VMCS12_I_CPU_BASED_VM_EXEC_CONTROL] = 0;
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP, 0), HV_L2_VMRW_REFLECT);
	/* A bitmap L1 placed outside RAM reads as all ones. */
	l2_shadowing();
	cache.field[VMCS12_I_VMREAD_BITMAP] = MEM_SIZE;
	assert_int_equal(l2_vmrw(false, ENC_GUEST_RIP, 0), HV_L2_VMRW_REFLECT);
}

/* SDM 30.3 order: #GP at CPL > 0, link pointer, then the field. */
static void test_l2_vmrw_outcomes(void **state)
{
	(void)state;
	l2_shadowing();
	bitmap_clear(RD_BITMAP, ENC_NONE);
	bitmap_clear(WR_BITMAP, ENC_NONE);
	assert_int_equal(l2_vmrw(false, ENC_NONE, 3), HV_L2_VMRW_DONE);
	assert_int_equal(r.outcome, HV_VMX_FAULT);
	assert_int_equal(r.fault.vector, 13);
	assert_true(r.fault.has_error_code);
	assert_int_equal(r.fault.error_code, 0);

	cache.field[VMCS12_I_VMCS_LINK_POINTER] = ~0ULL;
	assert_int_equal(l2_vmrw(false, ENC_NONE, 0), HV_L2_VMRW_DONE);
	assert_int_equal(r.outcome, HV_VMX_FAIL_INVALID);

	/* VMfailValid: the error goes to VMCS12, the current VMCS. */
	cache.field[VMCS12_I_VMCS_LINK_POINTER] = LINK;
	assert_int_equal(l2_vmrw(true, ENC_NONE, 0), HV_L2_VMRW_DONE);
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, HV_VMERR_UNSUPPORTED_FIELD);
	assert_int_equal(cache.field[VMCS12_I_VM_INSTRUCTION_ERROR],
			 HV_VMERR_UNSUPPORTED_FIELD);
	/* 32-bit operands: bits 63:32 never reach the check. */
	assert_int_equal(l2_vmrw(false, ENC_NONE, 0), HV_L2_VMRW_DONE);

	/* A read-only field: written only with "VMWRITE to any field". */
	bitmap_clear(WR_BITMAP, ENC_EXIT_REASON);
	assert_int_equal(l2_vmrw(true, ENC_EXIT_REASON, 0),
			 HV_L2_VMRW_UNSHADOWED);
	n.caps.misc = 0;
	assert_int_equal(l2_vmrw(true, ENC_EXIT_REASON, 0), HV_L2_VMRW_DONE);
	assert_int_equal(r.outcome, HV_VMX_FAIL_VALID);
	assert_int_equal(r.error, HV_VMERR_VMWRITE_READ_ONLY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_vmxon_success, setup),
		cmocka_unit_test_setup(test_vmxon_needs_cr4_vmxe, setup),
		cmocka_unit_test_setup(test_vmxon_gp_conditions, setup),
		cmocka_unit_test_setup(test_vmxon_bad_pointer, setup),
		cmocka_unit_test_setup(test_vmxon_operand_faults, setup),
		cmocka_unit_test_setup(test_second_vmxon, setup),
		cmocka_unit_test_setup(test_ud_outside_vmx_operation, setup),
		cmocka_unit_test_setup(test_cpl_gp_in_vmx_operation, setup),
		cmocka_unit_test_setup(test_vmptrld_checks, setup),
		cmocka_unit_test_setup(test_vmptrst, setup),
		cmocka_unit_test_setup(test_vmread_vmwrite_widths, setup),
		cmocka_unit_test_setup(test_vmread_vmwrite_failures, setup),
		cmocka_unit_test_setup(test_vmclear_and_launch_state, setup),
		cmocka_unit_test_setup(test_switching_current_writes_back, setup),
		cmocka_unit_test_setup(test_vmxoff, setup),
		cmocka_unit_test_setup(test_rflags, setup),
		cmocka_unit_test_setup(test_vmcs12_every_field, setup),
		cmocka_unit_test_setup(test_invept, setup),
		cmocka_unit_test_setup(test_invvpid, setup),
		cmocka_unit_test_setup(test_entry_prechecks, setup),
		cmocka_unit_test_setup(test_l2_vmrw_reflect, setup),
		cmocka_unit_test_setup(test_l2_vmrw_outcomes, setup),
	};

	return cmocka_run_group_tests_name("vmx_insn", tests, NULL, NULL);
}
