// SPDX-License-Identifier: GPL-2.0
/*
 * What VMCS02 holds, so that a nested entry writes only the fields whose
 * value changed (issue 17: on hardware every VMWRITE costs tens of
 * cycles, and most of VMCS12 is the same from one VMRESUME to the next).
 * The image knows a field's value from the last time L0 wrote it
 * (hv_v02_put) or read it at a reflected exit (hv_v02_seen), both inline
 * in nested.h. A field that may change otherwise (vmcs12_v02_volatile:
 * the CPU's saves, L0's injections, NMI windows, VMFUNC, shadow02) is
 * forgotten as soon as L2 may run or L0's other code may write it, that
 * is right after entry wrote VMCS02's fields. Comparing values, not
 * tracking who wrote VMCS12, keeps it right when L1 switches between
 * VMCS12s.
 */
#include "nested.h"

void hv_v02_forget_volatile(struct hv_l2 *l2)
{
	unsigned int w;

	for (w = 0; w < VMCS12_MASK_WORDS; w++)
		l2->v02_known[w] &= ~vmcs12_v02_volatile[w];
}

void hv_v02_forget_all(struct hv_l2 *l2)
{
	unsigned int w;

	for (w = 0; w < VMCS12_MASK_WORDS; w++)
		l2->v02_known[w] = 0;
}

void hv_l2_forget(struct hv_l2 *l2)
{
	unsigned int i;

	/* The next entry VMCLEARs VMCS02, the next loads the shadow VMCSs. */
	l2->launched = false;
	l2->host_ready = false;
	l2->shadow_probed = false;
	l2->shadow02_probed = false;
	hv_v02_forget_all(l2);
	/* Every EPT02 root flushed and INVEPTed before its next use. */
	for (i = 0; i < HV_EPT02_ROOTS; i++)
		l2->ept02_used[i] = 0;
	l2->ept02 = &l2->ept02s[0];
	/*
	 * Every VPID02 invalidated before its next use: the slots may not
	 * hold what they say, since Linux (KVM) may have used these VPIDs
	 * while hvnest was away, and VMXOFF need not drop what the CPU
	 * cached for them.
	 */
	hv_vpid02_forget(&l2->vpid02);
}
