/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMCS12: the VMCS that L1 builds with VMPTRLD/VMWRITE, as hvnest keeps it
 * in L1's VMCS region and in its per-CPU cache. The layout of a VMCS region
 * is implementation-specific except for its first 8 bytes (SDM 24.2: the
 * revision identifier with the shadow-VMCS indicator in bit 31, then the
 * VMX-abort indicator). hvnest stores its launch state after them and then
 * one u64 per field of the one field table (vmx/vmcs_fields.h), in table
 * order. Pure logic.
 */
#ifndef HVNEST_VMCS12_H
#define HVNEST_VMCS12_H

#include "../vmx/vmcs_fields.h"

enum vmcs12_index {
#define VMCS12_ENUM(name, enc, how) VMCS12_I_##name,
	VMCS_FIELDS(VMCS12_ENUM)
#undef VMCS12_ENUM
	VMCS12_NR_FIELDS
};

#define VMCS12_LAUNCH_CLEAR 0
#define VMCS12_LAUNCH_LAUNCHED 1
#define VMCS12_SHADOW_INDICATOR HV_BIT(31) /* in the revision dword */

struct hv_vmcs12 {
	u32 revision; /* SDM 24.2: bits 30:0 revision, bit 31 shadow VMCS */
	u32 abort; /* SDM 24.2: VMX-abort indicator */
	u32 launch_state; /* VMCS12_LAUNCH_*: SDM 24.1 */
	u32 reserved;
	u64 field[VMCS12_NR_FIELDS];
};

/* VMCS link pointer "none" (SDM 24.4.2): nothing is linked or checked. */
#define VMCS12_LINK_NONE (~0ULL)

/*
 * The secondary processor-based controls in effect (SDM 24.6.2): all 0
 * without "activate secondary controls" (primary control bit 31).
 */
static inline u64 vmcs12_proc2(const struct hv_vmcs12 *v)
{
	return (v->field[VMCS12_I_CPU_BASED_VM_EXEC_CONTROL] & HV_BIT(31)) ?
		       v->field[VMCS12_I_SECONDARY_VM_EXEC_CONTROL] :
		       0;
}

/* Bytes of the header before field[] (revision, abort, launch state). */
#define VMCS12_HEADER_SIZE 16

/*
 * Index into hv_vmcs12.field of the field an encoding names, or -1 if it
 * names no field hvnest supports. *high is set for the high half of a
 * 64-bit field (access type 1, SDM 24.11.2), which only 64-bit fields have.
 * Encodings are 32-bit: bits 63:32 set name no field.
 */
int vmcs12_field_index(u64 encoding, bool *high);

/*
 * VMREAD of a field: its value zero-extended (SDM 30.3 VMREAD; for the
 * high access of a 64-bit field, bits 63:32 of the field). False if the
 * encoding names no supported field.
 */
bool vmcs12_read(const struct hv_vmcs12 *v, u64 encoding, u64 *value);

/*
 * VMWRITE of a field: the value truncated to the field's width; the high
 * access of a 64-bit field writes bits 63:32 and keeps 31:0 (SDM 30.3
 * VMWRITE). False if the encoding names no supported field. Whether the
 * field may be written (read-only data fields) is the caller's decision.
 */
bool vmcs12_write(struct hv_vmcs12 *v, u64 encoding, u64 value);

/*
 * The table's indexes of one class of fields (enum vmcs02_how), in table
 * order. Root mode walks a class instead of the whole table: a nested
 * entry writes the guest and control fields, a reflected exit reads the
 * guest and exit-information ones. Filled by vmcs12_classes_init() before
 * any CPU launches, read-only after.
 */
struct vmcs12_class {
	u16 n;
	u16 idx[VMCS12_NR_FIELDS];
};

extern struct vmcs12_class vmcs12_class[V02_NR];

/* A bit per table field, in table order. */
#define VMCS12_MASK_WORDS ((VMCS12_NR_FIELDS + 63) / 64)

static inline bool vmcs12_mask_test(const u64 *mask, unsigned int i)
{
	return mask[i / 64] & (1ULL << (i % 64));
}

/*
 * VMCS02's fields that change without nested entry writing them
 * (nested/vmcs02_image.c): the guest state, which the CPU saves at every
 * exit of L2 and L0 changes when it completes an instruction of L2; the
 * VM-entry controls ("IA-32e mode guest" is saved at exits, SDM 27.2) and
 * event injection (exits clear its valid bit, L0 injects into L2); the
 * primary controls (L0's NMI window); the EPT pointer (L2's VMFUNC); the
 * VMREAD/VMWRITE bitmaps (nested/vmcs_shadow02.c).
 */
extern u64 vmcs12_v02_volatile[VMCS12_MASK_WORDS];

/* Fills vmcs12_class and vmcs12_v02_volatile. */
void vmcs12_classes_init(void);

/* Read-only VM-exit information fields (SDM 24.9; type 1). */
static inline bool vmcs12_field_read_only(u64 encoding)
{
	return vmcs_field_type((u32)encoding) == VMCS_TYPE_RO_DATA;
}

#endif /* HVNEST_VMCS12_H */
