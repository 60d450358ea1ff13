// SPDX-License-Identifier: GPL-2.0
/*
 * VMCS shadowing for L1 (issue 4 item 8; SDM 24.10, 30.3 VMREAD/VMWRITE in
 * VMX non-root operation): while L1 has a current VMCS12, VMCS01 links a
 * shadow VMCS that holds VMCS12's fields, and L1's VMREAD and VMWRITE of
 * those fields complete without a VM exit. The shadow VMCS is the
 * authoritative copy while L1 runs: L0 copies it back into the VMCS12
 * cache before it looks at VMCS12 (any VMX instruction of L1), and copies
 * the cache into it after it changed VMCS12 (the instruction's outcome, a
 * reflected exit). Fields the CPU does not have, or cannot take by VMWRITE
 * (exit information without "VMWRITE to any field"), keep exiting and are
 * emulated from the cache (nested/vmx_insn.c).
 */
#include "nested.h"

/*
 * Clear an encoding's bit in a VMREAD/VMWRITE bitmap (SDM 24.6.15), and
 * that of its high access for a 64-bit field (SDM 24.11.2).
 */
static void hv_bitmap_clear(u8 *bitmap, u32 enc)
{
	bitmap[(enc & 0x7fff) / 8] &= ~(1 << (enc & 7));
	if (vmcs_field_width(enc) == VMCS_WIDTH_64)
		bitmap[((enc | 1) & 0x7fff) / 8] &= ~(1 << ((enc | 1) & 7));
}

void hv_shadow_fields_probe(const struct hv_cpu *c, bool unused,
			    bool (*writable)(unsigned int i),
			    struct vmcs12_class *taken,
			    struct vmcs12_class *written, u8 *vmread_bitmap,
			    u8 *vmwrite_bitmap)
{
	unsigned int i;

	taken->n = 0;
	written->n = 0;
	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *d = &vmcs_field_table[i];
		bool ro = vmcs_field_type(d->encoding) == VMCS_TYPE_RO_DATA;

		if ((d->how == V02_UNUSED && !unused) ||
		    !hv_vmwrite(d->encoding, 0))
			continue;
		taken->idx[taken->n++] = i;
		hv_bitmap_clear(vmread_bitmap, d->encoding);
		if ((ro && !hv_l1_vmwrite_any(&c->nvmx.caps)) ||
		    (writable && !writable(i)))
			continue;
		written->idx[written->n++] = i;
		hv_bitmap_clear(vmwrite_bitmap, d->encoding);
	}
}

/*
 * The fields L1 writes without an exit: those a hypervisor writes between
 * most of its VM entries (the ones KVM shadows for its own L1s, and
 * HOST_RSP, which KVM 6.1 as L1 writes before each VMRESUME of the
 * nested-io benchmark). Every one is read back before L0 looks at VMCS12
 * (hv_shadow_sync()), so this list is what that costs; L1's VMWRITE of
 * any other field exits and L0 emulates it, and its VMREAD of every
 * shadowed field completes without exit.
 */
static bool hv_shadow_l1_writes(unsigned int i)
{
	switch (i) {
	case VMCS12_I_GUEST_INTR_STATUS:
	case VMCS12_I_GUEST_PML_INDEX:
	case VMCS12_I_HOST_FS_SELECTOR:
	case VMCS12_I_HOST_GS_SELECTOR:
	case VMCS12_I_PIN_BASED_VM_EXEC_CONTROL:
	case VMCS12_I_CPU_BASED_VM_EXEC_CONTROL:
	case VMCS12_I_EXCEPTION_BITMAP:
	case VMCS12_I_VM_ENTRY_INTR_INFO:
	case VMCS12_I_VM_ENTRY_EXCEPTION_ERROR_CODE:
	case VMCS12_I_VM_ENTRY_INSTRUCTION_LEN:
	case VMCS12_I_TPR_THRESHOLD:
	case VMCS12_I_GUEST_INTERRUPTIBILITY_INFO:
	case VMCS12_I_VMX_PREEMPTION_TIMER_VALUE:
	case VMCS12_I_CR0_GUEST_HOST_MASK:
	case VMCS12_I_CR0_READ_SHADOW:
	case VMCS12_I_CR4_READ_SHADOW:
	case VMCS12_I_GUEST_CR0:
	case VMCS12_I_GUEST_CR3:
	case VMCS12_I_GUEST_CR4:
	case VMCS12_I_GUEST_RSP:
	case VMCS12_I_GUEST_RIP:
	case VMCS12_I_GUEST_RFLAGS:
	case VMCS12_I_HOST_FS_BASE:
	case VMCS12_I_HOST_GS_BASE:
	case VMCS12_I_HOST_RSP:
		return true;
	default:
		return false;
	}
}

/*
 * Once per CPU, with the shadow VMCS current: the fields L1 reaches
 * without exits. Not the V02_UNUSED ones, features L1 is not offered:
 * they stay in VMCS12 only. VM_INSTRUCTION_ERROR only L0 writes; L1
 * reads it often.
 */
static void hv_shadow_probe(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;

	hv_shadow_fields_probe(c, false, hv_shadow_l1_writes, &l2->shadowed,
			       &l2->shadowed_rw, l2->vmread_bitmap,
			       l2->vmwrite_bitmap);
	l2->shadow_probed = true;
}

/*
 * VMCS12 cache -> shadow VMCS, the fields whose value the shadow VMCS does
 * not hold (shadow_image: what it holds); VMCS01 stays current.
 */
static void hv_shadow_load(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;
	const struct hv_vmcs12 *v12 = c->nvmx.cache;
	bool current = false;
	unsigned int j, i;

	/* SDM 24.11.3: a new VMCS region is initialized by VMCLEAR. */
	if (!l2->shadow_probed) {
		hv_vmclear(l2->shadow_pa);
		hv_vmptrld(l2->shadow_pa);
		current = true;
		hv_shadow_probe(c);
		/* The probe wrote 0 to each of them. */
		for (j = 0; j < l2->shadowed.n; j++)
			l2->shadow_image[l2->shadowed.idx[j]] = 0;
	}
	for (j = 0; j < l2->shadowed.n; j++) {
		i = l2->shadowed.idx[j];
		if (v12->field[i] == l2->shadow_image[i])
			continue;
		if (!current) {
			hv_vmptrld(l2->shadow_pa);
			current = true;
		}
		hv_vmwrite(vmcs_field_table[i].encoding, v12->field[i]);
		l2->shadow_image[i] = v12->field[i];
	}
	if (current)
		hv_vmptrld(c->vmcs_pa);
}

/*
 * Shadow VMCS -> VMCS12 cache, before L0 reads or changes VMCS12: the
 * fields L1 can have written without an exit.
 */
void hv_shadow_sync(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;
	struct hv_vmcs12 *v12 = c->nvmx.cache;
	unsigned int j, i;

	if (!l2->shadow_on)
		return;
	hv_vmptrld(l2->shadow_pa);
	for (j = 0; j < l2->shadowed_rw.n; j++) {
		i = l2->shadowed_rw.idx[j];
		v12->field[i] = hv_vmread(vmcs_field_table[i].encoding);
		l2->shadow_image[i] = v12->field[i];
	}
	hv_vmptrld(c->vmcs_pa);
}

/*
 * After L0 handled a VMX instruction or an exit of L2 (VMCS01 current):
 * shadow L1's current VMCS12, or stop shadowing when there is none.
 */
void hv_shadow_update(struct hv_cpu *c)
{
	struct hv_l2 *l2 = &c->l2;
	bool want = l2->shadow_use && c->nvmx.vmxon &&
		    c->nvmx.vmptr != HV_VMCS12_NONE;
	u64 proc2 = hv_vmread(VMCS_SECONDARY_VM_EXEC_CONTROL);

	if (want) {
		hv_shadow_load(c);
		if (!l2->shadow_on) {
			hv_vmwrite(VMCS_VMREAD_BITMAP, l2->vmread_bitmap_pa);
			hv_vmwrite(VMCS_VMWRITE_BITMAP, l2->vmwrite_bitmap_pa);
			hv_vmwrite(VMCS_VMCS_LINK_POINTER, l2->shadow_pa);
			hv_vmwrite(VMCS_SECONDARY_VM_EXEC_CONTROL,
				   proc2 | HV_PROC2_SHADOW_VMCS);
		}
	} else if (l2->shadow_on) {
		hv_vmwrite(VMCS_SECONDARY_VM_EXEC_CONTROL,
			   proc2 & ~(u64)HV_PROC2_SHADOW_VMCS);
		hv_vmwrite(VMCS_VMCS_LINK_POINTER, VMCS12_LINK_NONE);
	}
	l2->shadow_on = want;
}
