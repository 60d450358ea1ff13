// SPDX-License-Identifier: GPL-2.0
/* VMCS12 field access (see vmcs12.h). Pure. */
#include "vmcs12.h"

/* The layout must fit the 4-KiB VMCS region that hvnest advertises. */
_Static_assert(sizeof(struct hv_vmcs12) <= 4096, "VMCS12 exceeds a page");
_Static_assert(__builtin_offsetof(struct hv_vmcs12, field) ==
		       VMCS12_HEADER_SIZE,
	       "VMCS12 header size");

struct vmcs12_class vmcs12_class[V02_NR];

u64 vmcs12_v02_volatile[VMCS12_MASK_WORDS];

static bool vmcs12_v02_field_volatile(unsigned int i)
{
	switch (i) {
	case VMCS12_I_VM_ENTRY_CONTROLS:
	case VMCS12_I_VM_ENTRY_INTR_INFO:
	case VMCS12_I_VM_ENTRY_EXCEPTION_ERROR_CODE:
	case VMCS12_I_VM_ENTRY_INSTRUCTION_LEN:
	case VMCS12_I_CPU_BASED_VM_EXEC_CONTROL:
	case VMCS12_I_EPT_POINTER:
	case VMCS12_I_VMREAD_BITMAP:
	case VMCS12_I_VMWRITE_BITMAP:
		return true;
	default:
		return vmcs_field_type(vmcs_field_table[i].encoding) ==
		       VMCS_TYPE_GUEST;
	}
}

void vmcs12_classes_init(void)
{
	unsigned int i;

	for (i = 0; i < V02_NR; i++)
		vmcs12_class[i].n = 0;
	for (i = 0; i < VMCS12_MASK_WORDS; i++)
		vmcs12_v02_volatile[i] = 0;
	for (i = 0; i < vmcs_field_count; i++) {
		struct vmcs12_class *k = &vmcs12_class[vmcs_field_table[i].how];

		k->idx[k->n++] = i;
		if (vmcs12_v02_field_volatile(i))
			vmcs12_v02_volatile[i / 64] |= 1ULL << (i % 64);
	}
}

int vmcs12_field_index(u64 encoding, bool *high)
{
	u32 enc = (u32)encoding;
	unsigned int lo, hi;

	*high = false;
	if (encoding >> 32)
		return -1;
	/* SDM 24.11.2: access type 1 (high) exists for 64-bit fields only. */
	if ((enc & 1) && vmcs_field_width(enc) == VMCS_WIDTH_64) {
		*high = true;
		enc &= ~1u;
	}
	/* The table is sorted by encoding (the unit tests check it). */
	lo = 0;
	hi = vmcs_field_count;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		u32 m = vmcs_field_table[mid].encoding;

		if (m == enc)
			return (int)mid;
		if (m < enc)
			lo = mid + 1;
		else
			hi = mid;
	}
	*high = false;
	return -1;
}

static u64 vmcs12_width_mask(u32 enc)
{
	switch (vmcs_field_width(enc)) {
	case VMCS_WIDTH_16:
		return 0xffff;
	case VMCS_WIDTH_32:
		return 0xffffffff;
	default:
		return ~0ULL;
	}
}

bool vmcs12_read(const struct hv_vmcs12 *v, u64 encoding, u64 *value)
{
	bool high;
	int i = vmcs12_field_index(encoding, &high);

	if (i < 0)
		return false;
	*value = high ? v->field[i] >> 32 :
			v->field[i] & vmcs12_width_mask((u32)encoding);
	return true;
}

bool vmcs12_write(struct hv_vmcs12 *v, u64 encoding, u64 value)
{
	bool high;
	int i = vmcs12_field_index(encoding, &high);

	if (i < 0)
		return false;
	if (high)
		v->field[i] = (v->field[i] & 0xffffffffULL) | (value << 32);
	else
		v->field[i] = value & vmcs12_width_mask((u32)encoding);
	return true;
}
