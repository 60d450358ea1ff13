// SPDX-License-Identifier: GPL-2.0
/*
 * The guest state of INIT and of a SIPI start (apic/cpu_reset.h). Pure data
 * and logic, built into the root core and into the unit tests.
 */
#include "cpu_reset.h"
#include "../vmx/vmcs_fields.h"

/* Access rights (SDM 24.4.1): P, S, DPL 0, and the type. */
#define AR_CODE 0x9b /* execute/read, accessed */
#define AR_DATA 0x93 /* read/write, accessed */
#define AR_LDT 0x82
#define AR_TSS_BUSY 0x8b

#define SEG(name, sel, base, ar)                                             \
	{ VMCS_GUEST_##name##_SELECTOR, sel },                               \
		{ VMCS_GUEST_##name##_BASE, base },                          \
		{ VMCS_GUEST_##name##_LIMIT, 0xffff },                       \
		{ VMCS_GUEST_##name##_AR_BYTES, ar }

/* Table 9-1, the "INIT" column, for what the VMCS holds. */
const struct hv_vmcs_value hv_init_state[] = {
	/* CS F000H, base FFFF0000H: RIP FFF0H is the reset vector. */
	SEG(CS, 0xf000, 0xffff0000, AR_CODE),
	SEG(SS, 0, 0, AR_DATA),
	SEG(DS, 0, 0, AR_DATA),
	SEG(ES, 0, 0, AR_DATA),
	SEG(FS, 0, 0, AR_DATA),
	SEG(GS, 0, 0, AR_DATA),
	SEG(LDTR, 0, 0, AR_LDT),
	SEG(TR, 0, 0, AR_TSS_BUSY),
	{ VMCS_GUEST_GDTR_BASE, 0 },
	{ VMCS_GUEST_GDTR_LIMIT, 0xffff },
	{ VMCS_GUEST_IDTR_BASE, 0 },
	{ VMCS_GUEST_IDTR_LIMIT, 0xffff },
	{ VMCS_GUEST_RIP, HV_INIT_RIP },
	{ VMCS_GUEST_RSP, 0 },
	{ VMCS_GUEST_RFLAGS, 0x2 },
	{ VMCS_GUEST_CR0, HV_INIT_CR0 },
	{ VMCS_GUEST_CR3, 0 },
	{ VMCS_GUEST_CR4, 0 },
	{ VMCS_GUEST_DR7, 0x400 },
	{ VMCS_GUEST_IA32_DEBUGCTL, 0 },
	/* Real mode: IA-32e mode is off (the entry control too, caller's). */
	{ VMCS_GUEST_IA32_EFER, 0 },
	{ VMCS_GUEST_SYSENTER_CS, 0 },
	{ VMCS_GUEST_SYSENTER_ESP, 0 },
	{ VMCS_GUEST_SYSENTER_EIP, 0 },
	{ VMCS_GUEST_INTERRUPTIBILITY_INFO, 0 },
	{ VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0 },
};

const unsigned int hv_init_state_count = HV_ARRAY_SIZE(hv_init_state);

u32 hv_init_activity(bool bsp)
{
	return bsp ? ACTIVITY_ACTIVE : ACTIVITY_WAIT_SIPI;
}

void hv_sipi_state(u8 vector, struct hv_vmcs_value *out)
{
	const struct hv_vmcs_value v[HV_SIPI_NR_VALUES] = {
		{ VMCS_GUEST_CS_SELECTOR, (u64)vector << 8 },
		{ VMCS_GUEST_CS_BASE, (u64)vector << 12 },
		{ VMCS_GUEST_CS_LIMIT, 0xffff },
		{ VMCS_GUEST_RIP, 0 },
		{ VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE },
	};
	unsigned int i;

	for (i = 0; i < HV_SIPI_NR_VALUES; i++)
		out[i] = v[i];
}
