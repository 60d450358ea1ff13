/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What INIT and SIPI do to a CPU, as VMCS guest-state values (SDM Vol. 3A
 * 9.1.1 and Table 9-1, "IA-32 and Intel 64 Processor States Following
 * Power-up, Reset, or INIT"; 9.4 "Multiple-Processor (MP) Initialization"
 * for the SIPI start; 10.6.1 for the vector). In VMX non-root operation
 * neither signal acts on the CPU: INIT causes a VM exit and SIPI one in the
 * wait-for-SIPI activity state (SDM 25.2), and the hypervisor does the
 * rest. Pure data and logic: no Linux, no libc.
 *
 * The values are architectural: CR0 and CR4 as software reads them. The
 * caller forces the bits VMX fixes (the guest/host masks and read shadows
 * keep them invisible), and loads the registers the VMCS does not hold:
 * the GPRs (all 0 but EDX, HV_INIT_EDX's source), CR2, DR0-DR3 and DR6.
 * What INIT leaves alone stays: IA32_PAT, the MTRRs, other MSRs, XCR0 and
 * the x87/SSE state (Table 9-1, "INIT" column).
 */
#ifndef HVNEST_CPU_RESET_H
#define HVNEST_CPU_RESET_H

#include "../vmx/hv_types.h"

struct hv_vmcs_value {
	u32 encoding;
	u64 value;
};

/* Table 9-1, INIT. */
#define HV_INIT_CR0 0x60000010ULL /* CD, NW, ET */
#define HV_INIT_DR6 0xffff0ff0ULL
#define HV_INIT_RIP 0xfff0ULL /* at CS base FFFF0000H: the reset vector */

/* The guest-state fields INIT sets, with their values. */
extern const struct hv_vmcs_value hv_init_state[];
extern const unsigned int hv_init_state_count;

/*
 * After INIT the bootstrap processor runs from the reset vector; the others
 * wait for a SIPI (SDM 9.1.1, 9.4.1). A VMCS activity state.
 */
u32 hv_init_activity(bool bsp);

/*
 * SIPI with this vector, to a CPU in the wait-for-SIPI state: real mode at
 * 000VV000H, CS = VV00H with base VV000H, IP 0 (SDM 9.4.4.1, 10.6.1 "Start
 * up"). The fields it sets, in out[HV_SIPI_NR_VALUES]; the activity
 * state becomes active.
 */
#define HV_SIPI_NR_VALUES 5
void hv_sipi_state(u8 vector, struct hv_vmcs_value *out);

#endif /* HVNEST_CPU_RESET_H */
