/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMFUNC in L2 (SDM 25.5.6, numbering of the editions whose chapter 26 is
 * "VM Entries"). VMCS02 enables VM functions with no function enabled,
 * so every VMFUNC of L2 exits to L0 (25.5.6.1), which carries out EPTP
 * switching as VMCS12 allows it (25.5.6.3): EPTP12 becomes the entry of
 * L1's EPTP list and EPT02 follows it. Any other case is the VMFUNC exit
 * L1 asked for. Pure logic.
 */
#ifndef HVNEST_VMFUNC_H
#define HVNEST_VMFUNC_H

#include "../vmx/hv_types.h"

/* EPTP switching: function 0, the first bit of the VM-function controls. */
#define HV_VMFUNC_EPTP_SWITCHING 0
#define HV_VMFUNC_EPTP_LIST_ENTRIES 512

/*
 * Whether L2's VMFUNC with EAX @fn and ECX @index reads the EPTP list at
 * all under VMCS12's VM-function controls @ctl: function 0, enabled,
 * and an index below 512 (SDM 25.5.6.1, 25.5.6.3). Otherwise the CPU
 * exits to L1.
 */
bool hv_vmfunc_reads_list(u32 fn, u32 index, u64 ctl);

/*
 * The EPTP list's entry @entry (@read: whether it could be read from L1's
 * memory) becomes EPTP12 if it is a valid EPTP for L1's capabilities
 * (@ept_cap, IA32_VMX_EPT_VPID_CAP as L1 reads it; @maxphyaddr), by the
 * checks VM entry makes (SDM 26.2.1.1); an invalid one is a VMFUNC exit.
 */
bool hv_vmfunc_eptp_ok(u64 entry, bool read, u64 ept_cap, u32 maxphyaddr);

#endif /* HVNEST_VMFUNC_H */
