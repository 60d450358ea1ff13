// SPDX-License-Identifier: GPL-2.0
/*
 * INIT and SIPI while Linux runs as L1. In VMX non-root operation an INIT
 * causes a VM exit and does nothing else, and a SIPI causes one only in
 * the wait-for-SIPI activity state (SDM 25.2); the hypervisor does what
 * the CPU would have done (SDM 9.1.1 and Table 9-1 for INIT, 9.4 and
 * 10.6.1 for the SIPI start; the state itself is apic/cpu_reset.c):
 *
 *  - L1 not in VMX operation: the CPU is reset as by INIT. The bootstrap
 *    processor runs from the reset vector, the others wait for a SIPI,
 *    which starts them in real mode at vector * 4096. Both need
 *    unrestricted guest, which VMCS01 has with EPT01 (module/launch.c);
 *    without it a SIPI is logged and the CPU keeps waiting.
 *  - L1 in VMX root operation (nested VMX): INIT is blocked there (SDM
 *    23.8). It is held until L1 leaves: at VMXOFF it resets the CPU, at a
 *    VM entry it is L2's INIT exit, reflected to L1 before L2's first
 *    instruction (nested/exit_vmx.c).
 *  - L2 the guest: its INIT and SIPI exits go to L1 (nested/nested_exit.c).
 *
 * Once reset, the CPU no longer runs the Linux hvnest took over and cannot
 * hand itself back: unloading is refused from then on (vmx/hand_back.c).
 */
#include "../vmx/root.h"
#include "../vmx/vmx_caps.h"
#include "cpu_reset.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_BSP HV_BIT(8)
#define INT_BLOCK_SMI HV_BIT(2) /* interruptibility state (SDM 24.4.2) */

static void hv_vmwrite_values(const struct hv_vmcs_value *v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		hv_vmwrite(v[i].encoding, v[i].value);
}

/* Reset this CPU as INIT does (VMCS01 current, L1 not in VMX operation). */
void hv_cpu_init(struct hv_cpu *c, struct hv_gprs *g)
{
	bool bsp = hv_rdmsr(MSR_APIC_BASE) & APIC_BASE_BSP;
	u64 rip = hv_vmread(VMCS_GUEST_RIP), nmis = c->nmi_pending;
	u32 eax, ebx, ecx, edx;

	hv_vmwrite_values(hv_init_state, hv_init_state_count);
	/* The bits VMX fixes stay set; L1 reads Table 9-1's values. */
	hv_l1_set_cr0(c, HV_INIT_CR0);
	hv_l1_set_cr4(c, 0);
	hv_vmwrite(VMCS_GUEST_ACTIVITY_STATE, hv_init_activity(bsp));
	hv_set_entry_ia32e(false);
	/* Nothing half-delivered survives, nor NMIs owed to the old Linux. */
	hv_vmwrite(VMCS_VM_ENTRY_INTR_INFO, 0);
	hv_nmi_set_window(c, false);
	c->nmi_pending = 0;
	/* The registers the VMCS does not hold. EDX: CPUID.1:EAX. */
	hv_cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	*g = (struct hv_gprs){ .rdx = eax };
	hv_write_cr2(0);
	hv_write_dr0(0);
	hv_write_dr1(0);
	hv_write_dr2(0);
	hv_write_dr3(0);
	hv_write_dr6(HV_INIT_DR6);
	hv_invvpid_all(); /* INIT flushes the TLBs (SDM 4.10.4.1) */
	hv_log_now(c, HV_LOG_INIT_SIGNAL, rip, bsp, nmis);
	hv_cpu_stopped(c);
}

/*
 * Exit reason 3. Returns true if the CPU was reset (nothing of the old
 * context is to be delivered), false if the INIT is held.
 */
bool hv_exit_init(struct hv_cpu *c, struct hv_gprs *g)
{
	if (c->nvmx.vmxon) {
		if (!c->init_held)
			hv_log_now(c, HV_LOG_INIT_HELD,
				   hv_vmread(VMCS_GUEST_RIP), 0, 0);
		c->init_held = true;
		return false;
	}
	hv_cpu_init(c, g);
	return true;
}

/* Exit reason 4: L1 waited for a SIPI; the qualification is its vector. */
void hv_exit_sipi(struct hv_cpu *c)
{
	u8 vector = hv_vmread(VMCS_EXIT_QUALIFICATION) & 0xff;
	struct hv_vmcs_value v[HV_SIPI_NR_VALUES];

	/*
	 * Bochs 2.7 leaves NMIs and SMIs blocked after a SIPI exit (they
	 * are blocked in wait-for-SIPI): IRET for the one, and the SMI
	 * blocking it then reports at every exit is cleared before each
	 * entry (hv_sipi_quirks()). On a CPU that follows the SDM neither
	 * has any effect (docs/emulated-machine.md).
	 */
	hv_nmi_unblock();
	hv_sipi_quirks();
	if (!hv_unrestricted(c)) {
		hv_log_now(c, HV_LOG_SIPI_UNSUPPORTED, vector, 0, 0);
		hv_vmwrite(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_WAIT_SIPI);
		return;
	}
	hv_sipi_state(vector, v);
	hv_vmwrite_values(v, HV_SIPI_NR_VALUES);
	hv_log_now(c, HV_LOG_SIPI_START, vector, (u64)vector << 12, 0);
}

/*
 * Before anything reads the interruptibility state of this exit: blocking
 * by SMI cannot be set outside SMM, and VM entry fails if it is (SDM
 * 26.3.1.5). Only Bochs reports it, at every exit after a SIPI exit on
 * the CPU, hvnest's (hv_exit_sipi()) or an earlier hypervisor's.
 */
void hv_sipi_quirks(void)
{
	u64 intr = hv_vmread(VMCS_GUEST_INTERRUPTIBILITY_INFO);

	if (intr & INT_BLOCK_SMI)
		hv_vmwrite(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			   intr & ~INT_BLOCK_SMI);
}
