/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks VM entry makes of a VMCS12 before it loads anything (SDM Vol.
 * 3C "Checks on VMX Controls and Host-State Area" and "Checks on the Guest
 * State Area": 26.2 and 26.3.1 in older editions, 27.2 and 27.3.1 in newer
 * ones; comments here cite the older numbers, as the rest of nested/ does).
 * Judged against what L1 is told about VMX (struct hv_l1_vmx_caps), not
 * against the real CPU. Only the fields are read: where a rule depends on
 * memory (MSR-load lists, the VMCS the link pointer names, the virtual-APIC
 * page, PAE PDPTEs without EPT) only the address bits are checked here, and
 * the rest is the caller's. Pure logic: no Linux, no libc.
 */
#ifndef HVNEST_ENTRY_CHECKS_H
#define HVNEST_ENTRY_CHECKS_H

#include "vmx_insn.h"
#include "../ioctl/hvnest_entry_rules.h"

/*
 * Exit qualifications of a VM-entry failure during or after loading guest
 * state (SDM 26.8, "VM-Entry Failures During or After Loading Guest State").
 */
#define HV_ENTRY_QUAL_DEFAULT 0
#define HV_ENTRY_QUAL_PDPTE 2 /* loading the PDPTEs (SDM 26.3.1.6) */
#define HV_ENTRY_QUAL_NMI_STI 3 /* NMI injection with blocking by STI */
#define HV_ENTRY_QUAL_LINK_PTR 4 /* the VMCS link pointer (SDM 26.3.1.5) */

/*
 * Each check below names the rule that failed in *why (HV_ER_NONE when all
 * pass): the first one in the SDM's order, from the one table of rules
 * (ioctl/hvnest_entry_rules.h).
 *
 * SDM 26.2.1 "Checks on VMX Controls": 0 if all pass, else
 * HV_VMERR_ENTRY_BAD_CONTROLS (7, "invalid control field(s)").
 */
u32 hv_vmcs12_check_controls(const struct hv_vmcs12 *v,
			     const struct hv_l1_vmx_caps *c,
			     enum hvnest_entry_rule *why);

/*
 * The part of SDM 26.2.1.1 that needs memory: with "use TPR shadow" and
 * neither "virtualize APIC accesses" nor "virtual-interrupt delivery",
 * bits 3:0 of the TPR threshold must not exceed bits 7:4 of VTPR (the
 * dword at byte 80H of the virtual-APIC page). Returns the virtual-APIC
 * page's address when the rule applies, else 0: the caller reads VTPR
 * there and asks hv_vmcs12_tpr_threshold_ok().
 */
u64 hv_vmcs12_vtpr_page(const struct hv_vmcs12 *v);
bool hv_vmcs12_tpr_threshold_ok(const struct hv_vmcs12 *v, u32 vtpr);

/*
 * SDM 26.2.2 "Checks on Host Control Registers and MSRs", 26.2.3 "Checks
 * on Host Segment and Descriptor-Table Registers" and 26.2.4 "Checks
 * Related to Address-Space Size": 0 if all pass, else
 * HV_VMERR_ENTRY_BAD_HOST_STATE (8). l1_lma: L1's IA32_EFER.LMA at its
 * VMLAUNCH/VMRESUME (L1 is "in IA-32e mode").
 */
u32 hv_vmcs12_check_host_state(const struct hv_vmcs12 *v,
			       const struct hv_l1_vmx_caps *c, bool l1_lma,
			       enum hvnest_entry_rule *why);

/*
 * SDM 26.3.1 "Checks on the Guest State Area": true if all pass; else
 * false with *qual the exit qualification of the entry-failure exit
 * (HV_ENTRY_QUAL_*). vmptr is L1's current-VMCS pointer (the link pointer
 * may not name it). Not done here, the caller's: the revision identifier
 * and shadow bit in the VMCS the link pointer names (qualification 4),
 * and the PDPTEs read from memory for PAE paging without EPT
 * (qualification 2).
 */
bool hv_vmcs12_check_guest_state(const struct hv_vmcs12 *v,
				 const struct hv_l1_vmx_caps *c, u64 vmptr,
				 u64 *qual, enum hvnest_entry_rule *why);

/*
 * SDM 26.3.1.5, the VMCS link pointer's other half: unless the pointer is
 * FFFFFFFF_FFFFFFFFH, bits 30:0 of the first dword of the VMCS it names
 * (rev, read by the caller) are the VMCS revision identifier and bit 31
 * is 1 exactly when "VMCS shadowing" is 1. A failure is qualification 4.
 */
bool hv_vmcs12_link_vmcs_ok(const struct hv_vmcs12 *v,
			    const struct hv_l1_vmx_caps *c, u32 rev);

/*
 * SDM 26.3.1.6: four PDPTEs of PAE paging, each present one (bit 0) with
 * bits 2:1, 8:5 and those beyond MAXPHYADDR 0. For the PDPTE fields with
 * EPT (checked in hv_vmcs12_check_guest_state()) and for those read from
 * memory at CR3 without EPT (the caller's); a failure is an entry failure
 * with qualification HV_ENTRY_QUAL_PDPTE.
 */
bool hv_pdptes_valid(const u64 *pdpte, const struct hv_l1_vmx_caps *c);

/*
 * An EPTP that VM entry with "enable EPT" accepts (SDM 26.2.1.1), for the
 * IA32_VMX_EPT_VPID_CAP value ept_cap; INVEPT uses the same rule.
 */
bool hv_vmx_eptp_valid(u64 ept_cap, u32 maxphyaddr, u64 eptp);

#endif /* HVNEST_ENTRY_CHECKS_H */
