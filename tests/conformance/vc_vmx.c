// SPDX-License-Identifier: GPL-2.0
/*
 * VMX instructions for the test hypervisor. Each returns what the
 * instruction did: 0 (VMsucceed), VC_CF (VMfailInvalid), VC_ZF
 * (VMfailValid; the error is in the current VMCS), or VC_TRAP | vector
 * when it raised an exception (SDM 30.2-30.3). Faults are caught through
 * the exception table (EX_TYPE_FAULT puts the vector in RAX), so #UD under
 * a hypervisor that hides VMX is an outcome, not an oops.
 */
#include <asm/asm.h>
#include <asm/msr.h>
#include "vmxconf.h"

static u32 vc_res(u8 cf, u8 zf, long trap)
{
	if (trap >= 0)
		return VC_TRAP | (u32)trap;
	return (cf ? VC_CF : 0) | (zf ? VC_ZF : 0);
}

/* VMXON, VMCLEAR, VMPTRLD: one 64-bit memory operand. */
#define VC_M64_INSN(insn, pa, res)                                        \
	do {                                                              \
		u8 cf = 0, zf = 0;                                        \
		long trap = -1;                                           \
		asm volatile("1: " insn " %[m]\n\t"                       \
			     "setc %[cf]\n\t"                             \
			     "setz %[zf]\n"                               \
			     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)          \
			     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap)   \
			     : [m] "m"(pa)                                \
			     : "cc", "memory");                           \
		(res) = vc_res(cf, zf, trap);                             \
	} while (0)

u32 vc_vmxon(struct vc_ctx *c, u64 pa)
{
	u32 res;

	VC_M64_INSN("vmxon", pa, res);
	if (!res)
		c->vmx_on = true;
	return res;
}

u32 vc_vmxoff(struct vc_ctx *c)
{
	u8 cf = 0, zf = 0;
	long trap = -1;
	u32 res;

	asm volatile("1: vmxoff\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap)
		     :
		     : "cc", "memory");
	res = vc_res(cf, zf, trap);
	if (!res)
		c->vmx_on = false;
	return res;
}

u32 vc_vmclear(u64 pa)
{
	u32 res;

	VC_M64_INSN("vmclear", pa, res);
	return res;
}

u32 vc_vmptrld(struct vc_ctx *c, u64 pa)
{
	u32 res;

	VC_M64_INSN("vmptrld", pa, res);
	if (!res)
		c->cur_vmcs = pa;
	return res;
}

u32 vc_vmptrst(u64 *pa)
{
	u8 cf = 0, zf = 0;
	long trap = -1;

	asm volatile("1: vmptrst %[m]\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap), [m] "=m"(*pa)
		     :
		     : "cc", "memory");
	return vc_res(cf, zf, trap);
}

u32 vc_vmread(u64 field, u64 *value)
{
	u8 cf = 0, zf = 0;
	long trap = -1;
	u64 v = 0;

	asm volatile("1: vmread %[f], %[v]\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap), [v] "+r"(v)
		     : [f] "r"(field)
		     : "cc", "memory");
	*value = v;
	return vc_res(cf, zf, trap);
}

u32 vc_vmwrite(u64 field, u64 value)
{
	u8 cf = 0, zf = 0;
	long trap = -1;

	asm volatile("1: vmwrite %[v], %[f]\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap)
		     : [f] "r"(field), [v] "r"(value)
		     : "cc", "memory");
	return vc_res(cf, zf, trap);
}

u32 vc_invept(u64 type, u64 eptp)
{
	struct {
		u64 eptp, reserved;
	} desc = { eptp, 0 };
	u8 cf = 0, zf = 0;
	long trap = -1;

	asm volatile("1: invept %[d], %[t]\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap)
		     : [d] "m"(desc), [t] "r"(type)
		     : "cc", "memory");
	return vc_res(cf, zf, trap);
}

u32 vc_invvpid(u64 type, u64 vpid, u64 gla)
{
	struct {
		u64 vpid, gla;
	} desc = { vpid, gla };
	u8 cf = 0, zf = 0;
	long trap = -1;

	asm volatile("1: invvpid %[d], %[t]\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : [cf] "+q"(cf), [zf] "+q"(zf), "+a"(trap)
		     : [d] "m"(desc), [t] "r"(type)
		     : "cc", "memory");
	return vc_res(cf, zf, trap);
}

u64 vc_rd(u64 field)
{
	u64 v;

	if (vc_vmread(field, &v))
		return 0;
	return v;
}

void vc_wr(struct vc_ctx *c, u64 field, u64 value)
{
	u32 res = vc_vmwrite(field, value);

	if (res) {
		vc_put(c, "vmwrite(%#llx)=", field);
		vc_put_res(c, "", res);
	}
}

/* MOV to CR4 that may fault (#GP when the CPU refuses CR4.VMXE). */
u32 vc_write_cr4(u64 cr4)
{
	long trap = -1;

	asm volatile("1: mov %[v], %%cr4\n"
		     "2:\n\t" _ASM_EXTABLE_FAULT(1b, 2b)
		     : "+a"(trap)
		     : [v] "r"(cr4)
		     : "memory");
	return trap >= 0 ? VC_TRAP | (u32)trap : 0;
}
