/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VPID02 by VPID12 (issue 17, item 1). The CPU tags what it caches for
 * L2 with VMCS02's VPID (SDM 28.1); L1 tags L2's with VMCS12's (VPID12).
 * With one VPID02 per CPU, every switch of L1 between VMs with their own
 * VPID12s had to flush it, and L2 came back to a cold TLB. Each CPU maps
 * up to HV_VPID02_SLOTS VPID12s to VPID02s of their own (L1 runs with
 * cfg.vpid, the slots with cfg.vpid + 1 + slot); a new VPID12 takes the
 * least recently used slot, whose VPID02 is invalidated first, so a VPID12
 * that is not mapped has nothing cached under any VPID02 and L1's
 * INVVPID of it has nothing to do. Section numbers are those of the SDM
 * editions whose chapter 30 is the VMX instruction reference, as
 * elsewhere in nested/.
 *
 * Pure logic: no Linux, no libc, no VMX instruction. The caller issues
 * the INVVPIDs these functions ask for (nested/nested_entry.c).
 *
 * L2 without a VPID12 ("enable VPID" 0 in VMCS12, or VPID not offered)
 * is the key 0 in the same map, and its VPID02 is invalidated at every
 * such entry: without VPIDs each VM entry and exit invalidates what is
 * cached for VPID 0000H (SDM 28.3.3.1), and L2 must not see what it
 * cached before. It takes a slot by the same LRU rather than one of its
 * own: KVM in L1 runs each VM with its own VPID12, and with a dedicated
 * slot eight VMs in round-robin would share seven slots, the worst case
 * of an LRU (every switch a miss). An L1 that mixes VPID-less and VPID
 * VMs loses at most one slot to the former, which is flushed anyway.
 */
#ifndef HVNEST_VPID02_H
#define HVNEST_VPID02_H

#include "../vmx/hv_types.h"

#define HV_VPID02_SLOTS 8

/* INVVPID types (SDM 30.3 INVVPID) and their IA32_VMX_EPT_VPID_CAP bits. */
#define HV_INVVPID_ADDR 0 /* individual address */
#define HV_INVVPID_SINGLE 1 /* single context */
#define HV_INVVPID_ALL 2 /* all contexts */
#define HV_INVVPID_SINGLE_GLOBALS 3 /* single context, retaining globals */
#define HV_VPID_CAP_INVVPID_TYPE(t) HV_BIT(40 + (t)) /* SDM A.10 */

struct hv_vpid02 {
	u16 base; /* VPID02 of slot 0 (cfg.vpid + 1); 0: L2 runs without */
	u16 vpid12[HV_VPID02_SLOTS]; /* the VPID12 a slot holds (0: none) */
	u64 used[HV_VPID02_SLOTS]; /* clock at last use; 0: free */
	u64 clock;
	u64 flushes; /* VPID02s invalidated: statistics */
};

/*
 * The VPID02 for a VM entry of L2 with @vpid12 (0: none), 0 if L2 runs
 * without VPID. *flush: invalidate it (single context) before the entry,
 * because the slot was just given to @vpid12 or @vpid12 is 0.
 */
u16 hv_vpid02_get(struct hv_vpid02 *m, u16 vpid12, bool *flush);

/*
 * L1's INVVPID of @type (0-3, checked by hv_nvmx_invvpid) for @vpid12:
 * the VPID02s holding what it covers, in @v02, and their number. Type 2
 * covers every VPID12, but not L2 without one (VPID 0000H, SDM 30.3).
 */
unsigned int hv_vpid02_covered(struct hv_vpid02 *m, u64 type, u16 vpid12,
			       u16 v02[HV_VPID02_SLOTS]);

/*
 * The type L0 invalidates each such VPID02 with, @cap the CPU's
 * IA32_VMX_EPT_VPID_CAP: L1's individual-address and retaining-globals
 * types where the CPU has them, else single context (which covers both
 * and every CPU with VPID has: vmx/vmx_caps.c); single context for L1's
 * all-context, which is one VPID02 at a time.
 */
u64 hv_vpid02_type(u64 cap, u64 type12);

/* Forget every slot (a relaunched CPU): each is invalidated at reuse. */
void hv_vpid02_forget(struct hv_vpid02 *m);

#endif /* HVNEST_VPID02_H */
