// SPDX-License-Identifier: GPL-2.0
/*
 * VMCS shadowing for L2 (SDM 24.10, 24.6.15, 30.3 VMREAD/VMWRITE in VMX
 * non-root operation): when VMCS12 has "VMCS shadowing", L2's VMREAD and
 * VMWRITE of a field whose bit is 0 in L1's VMREAD/VMWRITE bitmap reach the
 * shadow VMCS that VMCS12's link pointer names, without an exit to L1.
 *
 * L0 lets the CPU do it: VMCS02 links L0's own shadow VMCS (shadow02),
 * loaded from L1's shadow VMCS region, with bitmaps that are L1's plus the
 * fields shadow02 cannot hold. The CPU then decodes the operand, walks
 * L2's paging and takes the faults itself. shadow02 is the authoritative
 * copy of L1's region from the entry that loaded it until L1 next
 * executes VMCLEAR, VMPTRLD or VMXOFF, the only instructions through which
 * L1 can see or change a VMCS region's data (SDM 24.11.1: software must not
 * read or write it directly); before those, L0 writes shadow02 back and
 * forgets it, and the next entry loads it again.
 */
#include "nested.h"

/*
 * Once per CPU, shadow02 current and cleared: every table field the CPU
 * takes into a shadow VMCS. The base bitmaps let L2 reach only those.
 */
static void hv_shadow02_probe(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;

	hv_shadow_fields_probe(c, true, NULL, &l2->shadowed02,
			       &l2->shadowed02_rw, l2->vmread02_base,
			       l2->vmwrite02_base);
	l2->shadow02_probed = true;
}

/* Make shadow02 current (cleared and probed the first time). */
static void hv_shadow02_current(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;

	/* SDM 24.11.3: a new VMCS region is initialized by VMCLEAR. */
	if (!l2->shadow02_probed)
		hv_vmclear(l2->shadow02_pa);
	hv_vmptrld(l2->shadow02_pa);
	if (!l2->shadow02_probed)
		hv_shadow02_probe(c);
}

/* The u64 of table field i in a VMCS region of L1 (nested/vmcs12.h). */
static u64 hv_region_field(u64 region, unsigned int i)
{
	return region + VMCS12_HEADER_SIZE + 8ULL * i;
}

/* shadow02 -> L1's region; back_pa is made current again. */
static void hv_shadow02_write_back(struct hv_cpu *c, u64 back_pa)
{
	struct hv_l2 *l2 = &c->l2;
	unsigned int j, i;
	u64 val;

	hv_vmptrld(l2->shadow02_pa);
	for (j = 0; j < l2->shadowed02.n; j++) {
		i = l2->shadowed02.idx[j];
		val = hv_vmread(vmcs_field_table[i].encoding);
		hv_l1_phys_write(hv_region_field(l2->shadow02_src, i), &val,
				 sizeof(val));
	}
	hv_vmptrld(back_pa);
}

void hv_shadow02_release(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;

	if (l2->shadow02_src == HV_VMCS12_NONE)
		return;
	if (l2->shadow02_dirty)
		hv_shadow02_write_back(c, c->vmcs_pa);
	l2->shadow02_src = HV_VMCS12_NONE;
	l2->shadow02_dirty = false;
}

/* L1's region at link -> shadow02; VMCS02 current again. */
static void hv_shadow02_load(struct hv_cpu *c, u64 link)
{
	struct hv_l2 *l2 = &c->l2;
	unsigned int j, i;
	u64 val;

	hv_shadow02_current(c);
	for (j = 0; j < l2->shadowed02.n; j++) {
		i = l2->shadowed02.idx[j];
		hv_l1_phys_read(hv_region_field(link, i), &val, sizeof(val));
		hv_vmwrite(vmcs_field_table[i].encoding, val);
	}
	hv_vmptrld(l2->vmcs02_pa);
	l2->shadow02_src = link;
}

/* One bitmap of VMCS02: L1's (all ones if not RAM) | L0's base. */
static void hv_bitmap02_merge(u8 *out, const u8 *base, u64 l1_bitmap)
{
	u64 *o = (u64 *)out;
	const u64 *b = (const u64 *)base;
	unsigned int i;

	hv_l1_phys_read(l1_bitmap, out, 4096);
	for (i = 0; i < 4096 / sizeof(u64); i++)
		o[i] |= b[i];
}

void hv_shadow02_enter(struct hv_cpu *c, const struct hv_vmcs12 *v12,
		       u32 proc2)
{
	struct hv_l2 *l2 = &c->l2;
	u64 link = v12->field[VMCS12_I_VMCS_LINK_POINTER];

	if (!(proc2 & HV_PROC2_SHADOW_VMCS))
		return;
	if (link != VMCS12_LINK_NONE && link != l2->shadow02_src) {
		if (l2->shadow02_src != HV_VMCS12_NONE && l2->shadow02_dirty)
			hv_shadow02_write_back(c, l2->vmcs02_pa);
		hv_shadow02_load(c, link);
	} else if (!l2->shadow02_probed) {
		hv_shadow02_current(c);
		hv_vmptrld(l2->vmcs02_pa);
	}
	hv_bitmap02_merge(l2->vmread02_bitmap, l2->vmread02_base,
			  v12->field[VMCS12_I_VMREAD_BITMAP]);
	hv_bitmap02_merge(l2->vmwrite02_bitmap, l2->vmwrite02_base,
			  v12->field[VMCS12_I_VMWRITE_BITMAP]);
	hv_vmwrite(VMCS_VMREAD_BITMAP, l2->vmread02_bitmap_pa);
	hv_vmwrite(VMCS_VMWRITE_BITMAP, l2->vmwrite02_bitmap_pa);
	if (link == VMCS12_LINK_NONE) {
		/* The CPU gives L2's VMREAD/VMWRITE VMfailInvalid itself. */
		hv_vmwrite(VMCS_VMCS_LINK_POINTER, VMCS12_LINK_NONE);
		return;
	}
	hv_vmwrite(VMCS_VMCS_LINK_POINTER, l2->shadow02_pa);
	l2->shadow02_dirty = true;
}

/*
 * An exception L2's instruction raises (#GP(0) here) as the CPU would
 * raise it: a VM exit to L1 if VMCS12's exception bitmap has its vector
 * (SDM 25.2; an injected event would bypass the bitmap), else delivered
 * through L2's IDT.
 */
static void hv_l2_raise(struct hv_cpu *c, const struct hv_l1_fault *f)
{
	struct hv_l2_exit e = {
		.reason = EXIT_EXCEPTION_NMI,
		.intr_info = f->vector | INTR_TYPE_HW_EXCEPTION |
			     (f->has_error_code ? INTR_INFO_DELIVER_CODE : 0) |
			     INTR_INFO_VALID,
	};

	if (!(V12(c, EXCEPTION_BITMAP) & (1ULL << f->vector))) {
		hv_inject_exception(f->vector, f->has_error_code,
				    f->error_code);
		return;
	}
	/* The synthesized exit's error code is 0 (hv_save_exit_info()). */
	hv_nested_reflect(c, &e);
}

bool hv_nested_l2_vmrw(struct hv_cpu *c, const struct hv_gprs *g,
		       u32 reason)
{
	u32 info = (u32)hv_vmread(VMCS_VMX_INSTRUCTION_INFO);
	u64 efer = hv_vmread(VMCS_GUEST_IA32_EFER);
	u32 cs_ar = (u32)hv_vmread(VMCS_GUEST_CS_AR_BYTES);
	u32 cpl = ((u32)hv_vmread(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
	u32 reg2 = hv_vmx_info_reg2(info);
	u64 field = reg2 == 4 ? hv_vmread(VMCS_GUEST_RSP) :
				((const u64 *)g)[reg2];
	struct hv_vmx_result r = { 0 };

	/* Operand size: 64 bits in 64-bit mode (EFER.LMA, CS.L), else 32. */
	if (!((efer & HV_EFER_LMA) && (cs_ar & HV_BIT(13))))
		field &= 0xffffffffULL;
	switch (hv_nvmx_l2_vmrw(&c->nvmx, reason == EXIT_VMWRITE, field, cpl,
				&r)) {
	case HV_L2_VMRW_REFLECT:
		return true;
	case HV_L2_VMRW_UNSHADOWED:
		/* The table has it, the CPU's shadow VMCS not: an L0 gap. */
		c->rep.stats.unexpected_exits++;
		hv_log_now(c, HV_LOG_SHADOW02_FIELD, reason, field, 0);
		hv_nvmx_vmfail(&c->nvmx, HV_VMERR_UNSUPPORTED_FIELD, &r);
		break;
	case HV_L2_VMRW_DONE:
		break;
	}
	if (r.outcome == HV_VMX_FAULT) {
		hv_l2_raise(c, &r.fault);
		return false;
	}
	hv_vmwrite(VMCS_GUEST_RFLAGS,
		   hv_nvmx_rflags(hv_vmread(VMCS_GUEST_RFLAGS), r.outcome));
	hv_skip_instruction();
	return false;
}
