// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios: the VMX instructions themselves (SDM 30.3): VMXON, VMXOFF,
 * VMCLEAR, VMPTRLD, VMPTRST, VMREAD, VMWRITE, VMLAUNCH, VMRESUME, VMCALL,
 * INVEPT and INVVPID, outside and inside VMX operation, with and without
 * a current VMCS. Scenarios flagged VC_RAW start with CR4.VMXE set and
 * VMX off; the others with VMCS 0 current and the default guest.
 */
#include <asm/processor-flags.h>
#include "vmxconf.h"

/* ---- VMXON ---- */

static void vmxon_ok(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
	vc_put_res(c, "vmxoff", vc_vmxoff(c));
}

/* VMXON in VMX root, no current VMCS: VMfailInvalid. */
static void vmxon_twice_no_current(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmxon2", vc_vmxon(c, c->vmxon_pa));
}

/* VMXON in VMX root with a current VMCS: VMfailValid(15). */
static void vmxon_twice_current(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon2", vc_vmxon(c, c->vmxon_pa));
}

/* The VMXON region's revision must be the VMCS revision, bit 31 clear. */
static void vmxon_bad_revision(struct vc_ctx *c)
{
	*(u32 *)c->vmxon = vc_caps.rev + 1;
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
}

static void vmxon_revision_bit31(struct vc_ctx *c)
{
	*(u32 *)c->vmxon = vc_caps.rev | 0x80000000;
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
}

static void vmxon_unaligned(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa + 0x800));
}

static void vmxon_beyond_maxphyaddr(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, 1ULL << vc_caps.phys_bits));
}

/* CR4.VMXE = 0: #UD. */
static void vmxon_without_cr4_vmxe(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
}

/* VMXOFF leaves VMX operation; VMXON works again afterwards. */
static void vmxoff_then_vmxon(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmxoff", vc_vmxoff(c));
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
}

/* ---- outside VMX operation (CR4.VMXE = 1): #UD ---- */

static void vmxoff_outside_vmx(struct vc_ctx *c)
{
	vc_put_res(c, "vmxoff", vc_vmxoff(c));
}

static void vmclear_outside_vmx(struct vc_ctx *c)
{
	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[0]));
}

static void vmptrld_outside_vmx(struct vc_ctx *c)
{
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[0]));
}

static void vmptrst_outside_vmx(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
}

static void vmread_outside_vmx(struct vc_ctx *c)
{
	u64 v;

	vc_put_res(c, "vmread", vc_vmread(GUEST_RIP, &v));
}

static void vmwrite_outside_vmx(struct vc_ctx *c)
{
	vc_put_res(c, "vmwrite", vc_vmwrite(GUEST_RIP, 0));
}

static void invept_outside_vmx(struct vc_ctx *c)
{
	vc_put_res(c, "invept", vc_invept(VMX_EPT_EXTENT_GLOBAL, 0));
}

/* ---- VMCLEAR ---- */

static void vmclear_vmxon_ptr_no_current(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmclear", vc_vmclear(c->vmxon_pa));
}

static void vmclear_vmxon_ptr(struct vc_ctx *c)
{
	vc_put_res(c, "vmclear", vc_vmclear(c->vmxon_pa));
}

static void vmclear_unaligned(struct vc_ctx *c)
{
	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[1] + 8));
}

static void vmclear_beyond_maxphyaddr(struct vc_ctx *c)
{
	vc_put_res(c, "vmclear", vc_vmclear(1ULL << vc_caps.phys_bits));
}

/* VMCLEAR of the current VMCS makes the current-VMCS pointer invalid. */
static void vmclear_current(struct vc_ctx *c)
{
	u64 p, v;

	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[0]));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
	vc_put_res(c, "vmread", vc_vmread(GUEST_RIP, &v));
}

static void vmclear_other_keeps_current(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[1]));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
}

/* VMCLEAR writes the launch state "clear" into the region: VMLAUNCH works. */
static void vmclear_then_relaunch(struct vc_ctx *c)
{
	vc_run_put(c);
	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[0]));
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[0]));
	c->launched = false;
	vc_wr(c, GUEST_RIP, c->entry_gpa);
	vc_run_put(c);
}

/* ---- VMPTRLD / VMPTRST ---- */

static void vmptrld_vmxon_ptr(struct vc_ctx *c)
{
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmxon_pa));
}

static void vmptrld_bad_revision(struct vc_ctx *c)
{
	*(u32 *)c->vmcs[1] = vc_caps.rev + 1;
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[1]));
}

static void vmptrld_bad_revision_no_current(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	*(u32 *)c->vmcs[1] = vc_caps.rev + 1;
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[1]));
}

static void vmptrld_unaligned(struct vc_ctx *c)
{
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[1] + 0x100));
}

static void vmptrld_beyond_maxphyaddr(struct vc_ctx *c)
{
	vc_put_res(c, "vmptrld", vc_vmptrld(c, 1ULL << vc_caps.phys_bits));
}

/*
 * A shadow VMCS (revision bit 31) can be made current when VMCS
 * shadowing is supported, but VMLAUNCH of it is VMfailInvalid.
 */
static void vmptrld_shadow_then_vmlaunch(struct vc_ctx *c)
{
	u32 res;

	vc_put(c, "shadowing=%d", !!(vc_caps.proc2 &
		((u64)SECONDARY_EXEC_SHADOW_VMCS << 32)));
	*(u32 *)c->vmcs[1] = vc_caps.rev | 0x80000000;
	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[1]));
	res = vc_vmptrld(c, c->vmcs_pa[1]);
	vc_put_res(c, "vmptrld", res);
	if (res)
		return;
	c->launched = false;
	vc_put_run(c, vc_run(c));
}

static void vmptrst_none(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
}

static void vmptrst_current(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[1]));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
}

/* ---- VMREAD / VMWRITE ---- */

static void vmread_no_current(struct vc_ctx *c)
{
	u64 v;

	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmread", vc_vmread(GUEST_RIP, &v));
}

static void vmwrite_no_current(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "vmwrite", vc_vmwrite(GUEST_RIP, 0));
}

/* Encodings of no field: VMfailValid(12). */
static void vmread_unsupported_index(struct vc_ctx *c)
{
	u64 v;

	vc_put_res(c, "vmread", vc_vmread(0x687e, &v));
}

static void vmread_reserved_bit12(struct vc_ctx *c)
{
	u64 v;

	vc_put_res(c, "vmread", vc_vmread(GUEST_RIP | 0x1000, &v));
}

static void vmread_bits_63_32(struct vc_ctx *c)
{
	u64 v;

	vc_put_res(c, "vmread", vc_vmread(GUEST_RIP | (1ULL << 32), &v));
}

static void vmwrite_unsupported_index(struct vc_ctx *c)
{
	vc_put_res(c, "vmwrite", vc_vmwrite(0x687e, 1));
}

/*
 * A read-only (exit information) field: VMfailValid(13) unless
 * IA32_VMX_MISC[29] says VMWRITE may write any field.
 */
static void vmwrite_readonly_exit_reason(struct vc_ctx *c)
{
	vc_put(c, "misc29=%d", !!(vc_caps.misc & BIT_ULL(29)));
	vc_put_res(c, "vmwrite", vc_vmwrite(VM_EXIT_REASON, 0x1234));
	vc_put(c, "read=%#llx", vc_rd(VM_EXIT_REASON));
}

static void vmwrite_readonly_insn_error(struct vc_ctx *c)
{
	vc_put(c, "misc29=%d", !!(vc_caps.misc & BIT_ULL(29)));
	vc_put_res(c, "vmwrite", vc_vmwrite(VM_INSTRUCTION_ERROR, 7));
	vc_put(c, "read=%#llx", vc_rd(VM_INSTRUCTION_ERROR));
}

/* Narrow fields keep the low bits of what is written (SDM 24.11.2). */
static void vmwrite_16bit_truncates(struct vc_ctx *c)
{
	vc_put_res(c, "vmwrite", vc_vmwrite(GUEST_ES_SELECTOR,
					    0xffffffffffff0010ULL));
	vc_put(c, "read=%#llx", vc_rd(GUEST_ES_SELECTOR));
}

static void vmwrite_32bit_truncates(struct vc_ctx *c)
{
	vc_put_res(c, "vmwrite", vc_vmwrite(GUEST_ES_LIMIT, 0x123456789ULL));
	vc_put(c, "read=%#llx", vc_rd(GUEST_ES_LIMIT));
}

/* A 64-bit field's "high" encoding (bit 0) is its upper 32 bits. */
static void vmrw_64bit_high_access(struct vc_ctx *c)
{
	vc_put_res(c, "vmwrite", vc_vmwrite(TSC_OFFSET, 0x1122334455667788ULL));
	vc_put(c, "high=%#llx", vc_rd(TSC_OFFSET_HIGH));
	vc_put_res(c, "vmwrite_high", vc_vmwrite(TSC_OFFSET_HIGH,
						 0xffffffffaabbccddULL));
	vc_put(c, "full=%#llx", vc_rd(TSC_OFFSET));
}

/* VMREAD of a natural-width field in 64-bit mode: all 64 bits. */
static void vmrw_natural_width(struct vc_ctx *c)
{
	vc_put_res(c, "vmwrite", vc_vmwrite(GUEST_DR7, 0x1122334455667788ULL));
	vc_put(c, "read=%#llx", vc_rd(GUEST_DR7));
}

/* ---- VMCS shadowing (SDM 24.6.15, 24.10, 30.3 VMREAD/VMWRITE) ---- */

static bool vc_shadowing_offered(struct vc_ctx *c)
{
	if (vc_caps.proc2 & ((u64)SECONDARY_EXEC_SHADOW_VMCS << 32))
		return true;
	vc_put(c, "shadowing=not-offered");
	return false;
}

/* An encoding no VMCS has (natural-width guest state, index 0x3ff). */
#define VC_FIELD_NONE 0x6ffeULL

/* A field's bit (encoding bits 14:0) in a VMREAD or VMWRITE bitmap. */
static void vc_bitmap_clear(void *bm, u64 field)
{
	((u8 *)bm)[(field & 0x7fff) / 8] &= ~(1 << (field & 7));
}

/*
 * VMCS 1 as a shadow VMCS (revision bit 31) with a few guest fields
 * written from root (VMPTRLD it, VMWRITE, VMCLEAR), VMCS 0 current again.
 */
static bool vc_shadow_prepare(struct vc_ctx *c)
{
	u32 res;

	*(u32 *)c->vmcs[1] = vc_caps.rev | 0x80000000;
	res = vc_vmclear(c->vmcs_pa[1]);
	if (!res)
		res = vc_vmptrld(c, c->vmcs_pa[1]);
	if (res) {
		vc_put_res(c, "setup: shadow", res);
		vc_vmptrld(c, c->vmcs_pa[0]);
		return false;
	}
	vc_wr(c, GUEST_RIP, 0x123456789ULL);
	vc_wr(c, GUEST_RSP, 0x5555);
	vc_wr(c, GUEST_ES_SELECTOR, 0x18);
	vc_vmclear(c->vmcs_pa[1]);
	res = vc_vmptrld(c, c->vmcs_pa[0]);
	if (res)
		vc_put_res(c, "setup: vmptrld", res);
	return !res;
}

/* VMCS 0 with "VMCS shadowing", the bitmaps and @link as the link. */
static void vc_shadow_link(struct vc_ctx *c, u64 link)
{
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_SHADOW_VMCS, 0);
	vc_wr(c, VMREAD_BITMAP, c->vmread_bm_pa);
	vc_wr(c, VMWRITE_BITMAP, c->vmwrite_bm_pa);
	vc_wr(c, VMCS_LINK_POINTER, link);
}

/*
 * Print @name, then run the guest at @snippet (its other inputs already
 * in c->regs) with RBX = @field and every arithmetic flag set, and print
 * the exit. True if that was the snippet's VMCALL: RDX holds the flags
 * the instruction left (0 for VMsucceed).
 */
static bool vc_shadow_run(struct vc_ctx *c, const char *name,
			  const u8 *snippet, u64 field)
{
	vc_put(c, "%s:", name);
	vc_guest_at(c, snippet);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | VC_FLAGS);
	c->regs.rbx = field;
	c->regs.rdx = 0;
	return !vc_run_put(c) && vc_exit_reason() == EXIT_REASON_VMCALL;
}

/*
 * One guest VMREAD (@wr false) or VMWRITE of @field (@value) with register
 * operands (vc_shadow_run()): then the value read and the flags.
 */
static void vc_shadow_step(struct vc_ctx *c, const char *name, bool wr,
			   u64 field, u64 value)
{
	c->regs.rax = value;
	if (!vc_shadow_run(c, name, wr ? vcg_vmwrite_flags : vcg_vmread_flags,
			   field))
		return;
	if (!wr)
		vc_put(c, "rax=%#llx", c->regs.rax);
	vc_put(c, "rflags=%#llx", c->regs.rdx & VC_FLAGS);
}

/* Back from reading VMCS 1 as root: VMCLEAR it, VMCS 0 current again. */
static void vc_shadow_root_done(struct vc_ctx *c)
{
	vc_vmclear(c->vmcs_pa[1]);
	vc_put_res(c, "vmptrld", vc_vmptrld(c, c->vmcs_pa[0]));
}

/*
 * A guest's VMREAD/VMWRITE with "VMCS shadowing": a field whose bit is
 * clear in the VMREAD/VMWRITE bitmap is read/written in the shadow VMCS
 * the link pointer names, without an exit; a set bit, or field bits 63:15
 * not 0, is a VMREAD/VMWRITE exit; with link pointer ~0 a clear bit is
 * VMfailInvalid. What the guest wrote is in the shadow VMCS afterwards.
 */
static void shadow_vmcs_bitmaps(struct vc_ctx *c)
{
	if (!vc_shadowing_offered(c) || !vc_shadow_prepare(c))
		return;
	vc_bitmap_clear(c->vmread_bm, GUEST_RIP);
	vc_bitmap_clear(c->vmread_bm, GUEST_ES_SELECTOR);
	vc_bitmap_clear(c->vmwrite_bm, GUEST_ES_SELECTOR);
	vc_shadow_link(c, c->vmcs_pa[1]);

	vc_shadow_step(c, "rd_rip", false, GUEST_RIP, 0);
	vc_shadow_step(c, "rd_rsp", false, GUEST_RSP, 0);
	vc_shadow_step(c, "wr_es", true, GUEST_ES_SELECTOR, 0x28);
	vc_shadow_step(c, "rd_es", false, GUEST_ES_SELECTOR, 0);
	vc_shadow_step(c, "wr_cs", true, GUEST_CS_SELECTOR, 0x30);
	vc_shadow_step(c, "rd_rip_bit32", false, GUEST_RIP | BIT_ULL(32), 0);
	vc_wr(c, VMCS_LINK_POINTER, ~0ULL);
	vc_shadow_step(c, "rd_rip_no_link", false, GUEST_RIP, 0);
	vc_wr(c, VMCS_LINK_POINTER, c->vmcs_pa[1]);

	/* The shadow VMCS as root reads it. */
	if (vc_vmptrld(c, c->vmcs_pa[1]))
		return;
	vc_put(c, "shadow_es=%#llx shadow_cs=%#llx", vc_rd(GUEST_ES_SELECTOR),
	       vc_rd(GUEST_CS_SELECTOR));
	vc_shadow_root_done(c);
}

/* The u64 at a guest-physical address of the guest's pages. */
static u64 *vc_gpa_u64(struct vc_ctx *c, u64 gpa)
{
	return (u64 *)((u8 *)c->guest[gpa >> 12] + (gpa & 0xfff));
}

/*
 * One guest VMREAD to memory (@wr false) or VMWRITE from memory of
 * @field at guest-linear @la (identity-mapped), as vc_shadow_step().
 */
static void vc_shadow_mem_step(struct vc_ctx *c, const char *name, bool wr,
			       u64 field, u64 la)
{
	c->regs.rsi = la;
	if (vc_shadow_run(c, name,
			  wr ? vcg_vmwrite_mem_flags : vcg_vmread_mem_flags,
			  field))
		vc_put(c, "rflags=%#llx", c->regs.rdx & VC_FLAGS);
}

/*
 * The memory forms through the shadow VMCS: the CPU reads and writes the
 * guest's memory through its paging and EPT, and an operand EPT does not
 * map is an EPT violation (L2's, under hvnest: the CPU's own walk).
 */
static void shadow_vmcs_memory_operands(struct vc_ctx *c)
{
	if (!vc_shadowing_offered(c) || !vc_shadow_prepare(c))
		return;
	vc_bitmap_clear(c->vmread_bm, GUEST_RIP);
	vc_bitmap_clear(c->vmwrite_bm, GUEST_ES_SELECTOR);
	vc_shadow_link(c, c->vmcs_pa[1]);
	*vc_gpa_u64(c, VC_GPA_DATA) = 0x5a5a5a5a5a5a5a5aULL;
	*vc_gpa_u64(c, VC_GPA_DATA2) = 0xffffffffffff0048ULL;

	vc_shadow_mem_step(c, "rd_rip", false, GUEST_RIP, VC_GPA_DATA);
	vc_put(c, "data=%#llx", *vc_gpa_u64(c, VC_GPA_DATA));
	vc_shadow_mem_step(c, "wr_es", true, GUEST_ES_SELECTOR, VC_GPA_DATA2);
	vc_shadow_mem_step(c, "rd_rip_unmapped", false, GUEST_RIP,
			   VC_GPA_UNMAPPED + 8);
	vc_shadow_mem_step(c, "wr_es_unmapped", true, GUEST_ES_SELECTOR,
			   VC_GPA_UNMAPPED + 16);
	/* An exiting field with a memory operand: qualification 0. */
	vc_shadow_mem_step(c, "rd_rsp", false, GUEST_RSP, VC_GPA_DATA);

	if (vc_vmptrld(c, c->vmcs_pa[1]))
		return;
	vc_put(c, "shadow_es=%#llx", vc_rd(GUEST_ES_SELECTOR));
	vc_shadow_root_done(c);
}

/*
 * A field the CPU does not have, its bitmap bit 0: VMfailValid(12) for
 * the guest. Where the VM-instruction error goes (the VMCS controlling
 * the guest, or the shadow VMCS) is read back from both.
 */
static void shadow_vmcs_unsupported_field(struct vc_ctx *c)
{
	if (!vc_shadowing_offered(c) || !vc_shadow_prepare(c))
		return;
	vc_bitmap_clear(c->vmread_bm, VC_FIELD_NONE);
	vc_bitmap_clear(c->vmwrite_bm, VC_FIELD_NONE);
	vc_shadow_link(c, c->vmcs_pa[1]);
	vc_shadow_step(c, "rd_none", false, VC_FIELD_NONE, 0);
	vc_put(c, "err=%llu", vc_rd(VM_INSTRUCTION_ERROR));
	vc_shadow_step(c, "wr_none", true, VC_FIELD_NONE, 1);
	vc_put(c, "err=%llu", vc_rd(VM_INSTRUCTION_ERROR));
	if (vc_vmptrld(c, c->vmcs_pa[1]))
		return;
	vc_put(c, "shadow_err=%llu", vc_rd(VM_INSTRUCTION_ERROR));
	vc_shadow_root_done(c);
}

/*
 * Root changes the shadow VMCS between two guest runs (VMPTRLD, VMWRITE,
 * VMCLEAR): the guest's next VMREAD sees the new value, and the guest's
 * own VMWRITE before it survives in the other field.
 */
static void shadow_vmcs_root_update_seen(struct vc_ctx *c)
{
	if (!vc_shadowing_offered(c) || !vc_shadow_prepare(c))
		return;
	vc_bitmap_clear(c->vmread_bm, GUEST_ES_SELECTOR);
	vc_bitmap_clear(c->vmread_bm, GUEST_RSP);
	vc_bitmap_clear(c->vmwrite_bm, GUEST_RSP);
	vc_shadow_link(c, c->vmcs_pa[1]);
	vc_shadow_step(c, "wr_rsp", true, GUEST_RSP, 0x7777);
	vc_shadow_step(c, "rd_es", false, GUEST_ES_SELECTOR, 0);
	if (vc_vmptrld(c, c->vmcs_pa[1]))
		return;
	vc_put(c, "root_rsp=%#llx", vc_rd(GUEST_RSP));
	vc_wr(c, GUEST_ES_SELECTOR, 0x40);
	vc_vmclear(c->vmcs_pa[1]);
	if (vc_vmptrld(c, c->vmcs_pa[0]))
		return;
	vc_shadow_step(c, "rd_es_again", false, GUEST_ES_SELECTOR, 0);
	vc_shadow_step(c, "rd_rsp_again", false, GUEST_RSP, 0);
}

/*
 * The guest at CPL 3 (CS and SS of DPL 3, user pages): a VMREAD whose
 * bitmap bit is 0 raises #GP(0) (SDM 30.3), which the exception bitmap
 * turns into an exit, for a field the shadow VMCS has and for one no
 * VMCS has alike; a set bit still exits as VMREAD.
 */
static void shadow_vmcs_cpl3(struct vc_ctx *c)
{
	u64 *pml4 = vc_gva(c, VC_GPA_PML4), *pdpt = vc_gva(c, VC_GPA_PDPT);
	u64 *pd = vc_gva(c, VC_GPA_PD);

	if (!vc_shadowing_offered(c) || !vc_shadow_prepare(c))
		return;
	vc_bitmap_clear(c->vmread_bm, GUEST_RIP);
	vc_bitmap_clear(c->vmread_bm, VC_FIELD_NONE);
	vc_shadow_link(c, c->vmcs_pa[1]);
	/* U/S at every level: the guest's first 2 MiB, code and stack. */
	pml4[0] |= 4;
	pdpt[0] |= 4;
	pd[0] |= 4;
	vc_wr(c, GUEST_CS_SELECTOR, VC_SEL_CODE64 | 3);
	vc_wr(c, GUEST_CS_AR_BYTES, 0xa0fb);
	vc_wr(c, GUEST_SS_SELECTOR, VC_SEL_DATA | 3);
	vc_wr(c, GUEST_SS_AR_BYTES, 0xc0f3);
	vc_shadow_step(c, "rd_rip", false, GUEST_RIP, 0);
	vc_shadow_step(c, "rd_none", false, VC_FIELD_NONE, 0);
	vc_shadow_step(c, "rd_rsp", false, GUEST_RSP, 0);
}

/*
 * Without "VMCS shadowing", the VMCS the link pointer names must be an
 * ordinary one with the right revision: else VM entry fails on guest
 * state with qualification 4 (SDM 26.3.1.5, 26.8).
 */
static void link_to_shadow_vmcs_without_shadowing(struct vc_ctx *c)
{
	*(u32 *)c->vmcs[2] = vc_caps.rev | 0x80000000;
	vc_wr(c, VMCS_LINK_POINTER, c->vmcs_pa[2]);
	vc_run_put(c);
}

static void link_bad_revision(struct vc_ctx *c)
{
	*(u32 *)c->vmcs[2] = vc_caps.rev + 1;
	vc_wr(c, VMCS_LINK_POINTER, c->vmcs_pa[2]);
	vc_run_put(c);
}

/* A link to an ordinary VMCS of the right revision enters the guest. */
static void link_ordinary_vmcs_enters(struct vc_ctx *c)
{
	*(u32 *)c->vmcs[2] = vc_caps.rev;
	vc_wr(c, VMCS_LINK_POINTER, c->vmcs_pa[2]);
	vc_run_put(c);
}

/*
 * With "VMCS shadowing", the VMCS the link pointer names must be a shadow
 * VMCS (revision bit 31 set): else VM entry fails on guest state with
 * qualification 4 (SDM 26.3.1.5, 26.8).
 */
static void shadow_link_not_shadow_vmcs(struct vc_ctx *c)
{
	if (!vc_shadowing_offered(c))
		return;
	vc_shadow_link(c, c->vmcs_pa[2]);
	vc_run_put(c);
}

/* ---- VMLAUNCH / VMRESUME / VMCALL ---- */

/* VMLAUNCH of a launched VMCS: VMfailValid(4). */
static void vmlaunch_launched(struct vc_ctx *c)
{
	vc_run_put(c);
	c->launched = false;
	vc_put_run(c, vc_run(c));
}

/* VMRESUME of a clear VMCS: VMfailValid(5). */
static void vmresume_clear(struct vc_ctx *c)
{
	c->launched = true;
	vc_put_run(c, vc_run(c));
}

/* VMRESUME after an exit continues the guest. */
static void vmresume_after_exit(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_cpuid);
	vc_run_put(c);
	vc_skip_insn(c);
	vc_run_put(c);
}

static void vmlaunch_no_current(struct vc_ctx *c)
{
	u64 p;

	vc_put_res(c, "vmclear", vc_vmclear(c->vmcs_pa[0]));
	vc_put_res(c, "vmptrst", vc_vmptrst(&p));
	vc_put_ptr(c, "ptr", p);
	/* vc_asm_run VMWRITEs HOST_RSP first: that is what fails here */
	vc_put_res(c, "vmwrite", vc_vmwrite(HOST_RSP, 0));
}

/*
 * VMLAUNCH right after MOV SS: VMfailValid(26, "VM entry with events
 * blocked by MOV SS"), which also clears CF (set before it) and the other
 * arithmetic flags (SDM 30.2, 30.3 VMLAUNCH). The VMCS is unchanged: a
 * VMLAUNCH without MOV SS then enters.
 */
static void vmlaunch_after_mov_ss(struct vc_ctx *c)
{
	u32 res = vc_run_after_mov_ss(c);

	vc_put_run(c, res);
	if (res & VC_FAILED)
		vc_put(c, "rflags=%#x", res & VC_FLAGS);
	vc_run_put(c);
}

/*
 * VMCALL in VMX root (no dual-monitor treatment): VMfailValid(1). Bochs
 * 2.7 stops with "VMCALL: not implemented yet" instead (docs/conformance.md).
 */
static void vmcall_in_root(struct vc_ctx *c)
{
	u8 cf = 0, zf = 0;

	asm volatile("xor %%eax, %%eax\n\t"
		     "vmcall\n\t"
		     "setc %[cf]\n\t"
		     "setz %[zf]"
		     : [cf] "+q"(cf), [zf] "+q"(zf)
		     :
		     : "rax", "cc", "memory");
	vc_put_res(c, "vmcall", (cf ? VC_CF : 0) | (zf ? VC_ZF : 0));
}

/* ---- INVEPT / INVVPID ---- */

static void invept_global(struct vc_ctx *c)
{
	vc_put_res(c, "invept", vc_invept(VMX_EPT_EXTENT_GLOBAL, 0));
}

static void invept_single(struct vc_ctx *c)
{
	vc_put_res(c, "invept", vc_invept(VMX_EPT_EXTENT_CONTEXT, vc_eptp(c)));
}

/* Types other than 1 and 2: VMfailValid(28, invalid operand). */
static void invept_type0(struct vc_ctx *c)
{
	vc_put_res(c, "invept", vc_invept(0, vc_eptp(c)));
}

static void invept_type3(struct vc_ctx *c)
{
	vc_put_res(c, "invept", vc_invept(3, vc_eptp(c)));
}

static void invvpid_all(struct vc_ctx *c)
{
	vc_put_res(c, "invvpid", vc_invvpid(VMX_VPID_EXTENT_ALL_CONTEXT, 0, 0));
}

/* Individual-address and single-context types need a VPID other than 0. */
static void invvpid_single_vpid0(struct vc_ctx *c)
{
	vc_put_res(c, "invvpid",
		   vc_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, 0, 0));
}

static void invvpid_addr_noncanonical(struct vc_ctx *c)
{
	vc_put_res(c, "invvpid",
		   vc_invvpid(VMX_VPID_EXTENT_INDIVIDUAL_ADDR, 1,
			      0x8000000000000000ULL));
}

static void invvpid_type4(struct vc_ctx *c)
{
	vc_put_res(c, "invvpid", vc_invvpid(4, 1, 0));
}

/*
 * INVVPID of one type against a guest running with VPID 1 (SDM 30.3
 * INVVPID): an unsupported type, bits 63:16 of the descriptor, VPID 0
 * (types 0, 1, 3) or a non-canonical address (type 0) are VMfailValid(28);
 * after a valid one the guest, entered again with VPID 1, sees the PTE
 * of VC_LA_ALIAS that changed while it was out (SDM 28.3.3.3).
 */
static void vc_invvpid_rule(struct vc_ctx *c, u64 type)
{
	if (!vc_vpid_guest(c, 1))
		return;
	vc_put(c, "supported=%d", !!(vc_caps.ept_vpid & BIT_ULL(40 + type)));
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA2);
	vc_put_res(c, "vpid0", vc_invvpid(type, 0, VC_LA_ALIAS));
	vc_put_res(c, "desc_63_16", vc_invvpid(type, 1 | BIT_ULL(16),
					       VC_LA_ALIAS));
	vc_put_res(c, "invvpid", vc_invvpid(type, 1, VC_LA_ALIAS));
	vc_put_res(c, "noncanonical", vc_invvpid(type, 1, 0x800000000000ULL));
	vc_vpid_read(c);
}

static void vpid_invvpid_addr(struct vc_ctx *c)
{
	vc_invvpid_rule(c, VMX_VPID_EXTENT_INDIVIDUAL_ADDR);
}

static void vpid_invvpid_single(struct vc_ctx *c)
{
	vc_invvpid_rule(c, VMX_VPID_EXTENT_SINGLE_CONTEXT);
}

static void vpid_invvpid_all(struct vc_ctx *c)
{
	vc_invvpid_rule(c, VMX_VPID_EXTENT_ALL_CONTEXT);
}

static void vpid_invvpid_single_globals(struct vc_ctx *c)
{
	vc_invvpid_rule(c, VMX_VPID_EXTENT_SINGLE_NON_GLOBAL);
}

/*
 * Two VPIDs used alternately by one VMCS, the PTE of VC_LA_ALIAS changed
 * in between, INVVPID for one at a time (SDM 28.3.3.1, 30.3 INVVPID).
 * VPID 1 reads the page of VC_GPA_DATA; VPID 2, first used after the
 * all-context INVVPID of vc_vpid_guest(), reads the new PTE's; after
 * the PTE changes back and a single-context INVVPID of VPID 2, VPID 2
 * reads the current PTE's again. The PTE then changes once more: VPID
 * 1, invalidated by none of this, may still use what it cached first
 * ("vpid1_kept", 0x1111 on a CPU that kept it, 0x2222 on one that did
 * not: the SDM allows both, Bochs 2.7 flushes its whole TLB at every VM
 * entry and exit); after an individual-address INVVPID of VPID 1 for
 * the page (single-context where the CPU lacks that type) it reads the
 * current PTE's. Under hvnest each VPID is its own VPID02
 * (nested/vpid02.h), so on a CPU that keeps translations "vpid1_kept"
 * is 0x1111 there too; with one VPID02 for both it would be 0x2222.
 */
static void vpid_alternate_invvpid(struct vc_ctx *c)
{
	u64 type = VMX_VPID_EXTENT_INDIVIDUAL_ADDR;

	if (!vc_vpid_guest(c, 1))
		return;
	if (!(vc_caps.ept_vpid & BIT_ULL(40 + type)))
		type = VMX_VPID_EXTENT_SINGLE_CONTEXT;
	vc_put(c, "vpid1:");
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA2);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 2);
	vc_put(c, "vpid2:");
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA);
	vc_put_res(c, "invvpid2",
		   vc_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, 2, 0));
	vc_put(c, "vpid2:");
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA2);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 1);
	vc_put(c, "vpid1_kept:");
	vc_vpid_read(c);
	vc_put_res(c, "invvpid1", vc_invvpid(type, 1, VC_LA_ALIAS));
	vc_put(c, "vpid1:");
	vc_vpid_read(c);
}

/* Without a current VMCS an invalid operand is VMfailInvalid. */
static void vpid_invvpid_no_current(struct vc_ctx *c)
{
	vc_put_res(c, "vmxon", vc_vmxon(c, c->vmxon_pa));
	vc_put_res(c, "invvpid", vc_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT,
					    0, 0));
	vc_put_res(c, "invvpid_all", vc_invvpid(VMX_VPID_EXTENT_ALL_CONTEXT,
						0, 0));
}

#define S(name, flags) { #name, name, flags }
const struct vc_scn vc_scn_insn[] = {
	S(vmxon_ok, VC_RAW),
	S(vmxon_twice_no_current, VC_RAW),
	S(vmxon_twice_current, 0),
	S(vmxon_bad_revision, VC_RAW),
	S(vmxon_revision_bit31, VC_RAW),
	S(vmxon_unaligned, VC_RAW),
	S(vmxon_beyond_maxphyaddr, VC_RAW),
	S(vmxon_without_cr4_vmxe, VC_NO_VMXE),
	S(vmxoff_then_vmxon, 0),
	S(vmxoff_outside_vmx, VC_RAW),
	S(vmclear_outside_vmx, VC_RAW),
	S(vmptrld_outside_vmx, VC_RAW),
	S(vmptrst_outside_vmx, VC_RAW),
	S(vmread_outside_vmx, VC_RAW),
	S(vmwrite_outside_vmx, VC_RAW),
	S(invept_outside_vmx, VC_RAW),
	S(vmclear_vmxon_ptr_no_current, VC_RAW),
	S(vmclear_vmxon_ptr, 0),
	S(vmclear_unaligned, 0),
	S(vmclear_beyond_maxphyaddr, 0),
	S(vmclear_current, 0),
	S(vmclear_other_keeps_current, 0),
	S(vmclear_then_relaunch, 0),
	S(vmptrld_vmxon_ptr, 0),
	S(vmptrld_bad_revision, 0),
	S(vmptrld_bad_revision_no_current, VC_RAW),
	S(vmptrld_unaligned, 0),
	S(vmptrld_beyond_maxphyaddr, 0),
	S(vmptrld_shadow_then_vmlaunch, 0),
	S(vmptrst_none, VC_RAW),
	S(vmptrst_current, 0),
	S(vmread_no_current, VC_RAW),
	S(vmwrite_no_current, VC_RAW),
	S(vmread_unsupported_index, 0),
	S(vmread_reserved_bit12, 0),
	S(vmread_bits_63_32, 0),
	S(vmwrite_unsupported_index, 0),
	S(vmwrite_readonly_exit_reason, 0),
	S(vmwrite_readonly_insn_error, 0),
	S(vmwrite_16bit_truncates, 0),
	S(vmwrite_32bit_truncates, 0),
	S(vmrw_64bit_high_access, 0),
	S(vmrw_natural_width, 0),
	S(shadow_vmcs_bitmaps, 0),
	S(shadow_link_not_shadow_vmcs, 0),
	S(shadow_vmcs_memory_operands, 0),
	S(shadow_vmcs_unsupported_field, 0),
	S(shadow_vmcs_root_update_seen, 0),
	S(shadow_vmcs_cpl3, 0),
	S(link_to_shadow_vmcs_without_shadowing, 0),
	S(link_bad_revision, 0),
	S(link_ordinary_vmcs_enters, 0),
	S(vmlaunch_launched, 0),
	S(vmresume_clear, 0),
	S(vmresume_after_exit, 0),
	S(vmlaunch_no_current, 0),
	S(vmlaunch_after_mov_ss, 0),
	S(vmcall_in_root, VC_EMU_PANIC),
	S(invept_global, 0),
	S(invept_single, 0),
	S(invept_type0, 0),
	S(invept_type3, 0),
	S(invvpid_all, 0),
	S(invvpid_single_vpid0, 0),
	S(invvpid_addr_noncanonical, 0),
	S(invvpid_type4, 0),
	S(vpid_invvpid_addr, 0),
	S(vpid_invvpid_single, 0),
	S(vpid_invvpid_all, 0),
	S(vpid_invvpid_single_globals, 0),
	S(vpid_alternate_invvpid, 0),
	S(vpid_invvpid_no_current, VC_RAW),
};
const unsigned int vc_scn_insn_nr = ARRAY_SIZE(vc_scn_insn);
