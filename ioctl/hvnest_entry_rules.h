/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvnest_entry_rules.h - the rules a nested VM entry can break, one table
 * for root mode (nested/entry_checks.c names the rule that failed), the
 * module's log and hvctl (per-rule counters, ABI 1.6).
 *
 * X(ID, "name", "SDM section") in the order of the SDM's checks; sections
 * as nested/ cites them (Vol. 3C "VM Entries", 26.x in the editions before
 * the 2023 renumbering: "Checks on VMX Controls" 26.2.1, "Checks on
 * Host Control Registers, MSRs and Segment Registers" 26.2.2-26.2.4,
 * "Checks on the Guest State Area" 26.3.1, "Loading MSRs" 26.4). A rule's
 * number is its place in the table: counters are indexed by it, so rules
 * are only ever added at the end. Pure macros: kernel and userspace.
 *
 * The last, cpu_refused_vmcs02, is no rule of the SDM: the CPU refused
 * VMCS02, or failed the entry to L2, after every rule above passed, so
 * hvnest missed a rule or built VMCS02 wrong.
 */
#ifndef HVNEST_ENTRY_RULES_H
#define HVNEST_ENTRY_RULES_H

#define HVNEST_ENTRY_RULES(X)                                                 \
	X(HV_ER_NONE, "none", "-")                                            \
	/* 26.2.1.1 VM-execution control fields */                            \
	X(HV_ER_CTL_PIN_RESERVED, "ctl_pin_reserved", "26.2.1.1")             \
	X(HV_ER_CTL_PROC_RESERVED, "ctl_proc_reserved", "26.2.1.1")           \
	X(HV_ER_CTL_PROC2_RESERVED, "ctl_proc2_reserved", "26.2.1.1")         \
	X(HV_ER_CTL_TERTIARY, "ctl_tertiary_not_offered", "26.2.1.1")         \
	X(HV_ER_CTL_CR3_TARGETS, "ctl_cr3_target_count", "26.2.1.1")          \
	X(HV_ER_CTL_IO_BITMAPS, "ctl_io_bitmap_address", "26.2.1.1")          \
	X(HV_ER_CTL_MSR_BITMAP, "ctl_msr_bitmap_address", "26.2.1.1")         \
	X(HV_ER_CTL_VAPIC_PAGE, "ctl_virtual_apic_address", "26.2.1.1")       \
	X(HV_ER_CTL_TPR_THRESHOLD, "ctl_tpr_threshold_31_4", "26.2.1.1")      \
	X(HV_ER_CTL_TPR_VTPR, "ctl_tpr_threshold_above_vtpr", "26.2.1.1")     \
	X(HV_ER_CTL_APICV_NO_TPR_SHADOW, "ctl_apicv_without_tpr_shadow",       \
	  "26.2.1.1")                                                         \
	X(HV_ER_CTL_VNMI_NO_NMI_EXITING, "ctl_vnmi_without_nmi_exiting",       \
	  "26.2.1.1")                                                         \
	X(HV_ER_CTL_NMI_WINDOW_NO_VNMI, "ctl_nmi_window_without_vnmi",         \
	  "26.2.1.1")                                                         \
	X(HV_ER_CTL_APIC_ACCESS, "ctl_apic_access_address", "26.2.1.1")       \
	X(HV_ER_CTL_X2APIC_AND_APIC_ACCESS, "ctl_x2apic_with_apic_access",     \
	  "26.2.1.1")                                                         \
	X(HV_ER_CTL_VID_NO_EXT_INTR, "ctl_vid_without_ext_intr_exiting",       \
	  "26.2.1.1")                                                         \
	X(HV_ER_CTL_POSTED_INTR, "ctl_posted_interrupts", "26.2.1.1")         \
	X(HV_ER_CTL_VPID_ZERO, "ctl_vpid_zero", "26.2.1.1")                   \
	X(HV_ER_CTL_EPTP, "ctl_ept_pointer", "26.2.1.1")                      \
	X(HV_ER_CTL_PML, "ctl_pml", "26.2.1.1")                               \
	X(HV_ER_CTL_UG_NO_EPT, "ctl_unrestricted_guest_without_ept",           \
	  "26.2.1.1")                                                         \
	X(HV_ER_CTL_MBEC_NO_EPT, "ctl_mbec_without_ept", "26.2.1.1")          \
	X(HV_ER_CTL_SPP, "ctl_spp_not_offered", "26.2.1.1")                   \
	X(HV_ER_CTL_PT_GPA, "ctl_pt_uses_guest_physical", "26.2.1.1")         \
	X(HV_ER_CTL_VMFUNC_RESERVED, "ctl_vmfunc_reserved", "26.2.1.1")       \
	X(HV_ER_CTL_EPTP_SWITCHING, "ctl_eptp_switching", "26.2.1.1")         \
	X(HV_ER_CTL_SHADOW_BITMAPS, "ctl_vmread_vmwrite_bitmaps", "26.2.1.1") \
	X(HV_ER_CTL_VE_INFO, "ctl_ve_information_address", "26.2.1.1")       \
	/* 26.2.1.2 VM-exit control fields */                                 \
	X(HV_ER_EXIT_RESERVED, "exit_ctl_reserved", "26.2.1.2")               \
	X(HV_ER_EXIT_SAVE_PREEMPT, "exit_save_preempt_without_timer",          \
	  "26.2.1.2")                                                         \
	X(HV_ER_EXIT_MSR_STORE_AREA, "exit_msr_store_area", "26.2.1.2")       \
	X(HV_ER_EXIT_MSR_LOAD_AREA, "exit_msr_load_area", "26.2.1.2")         \
	/* 26.2.1.3 VM-entry control fields */                                \
	X(HV_ER_ENTRY_RESERVED, "entry_ctl_reserved", "26.2.1.3")             \
	X(HV_ER_ENTRY_INTR_TYPE, "entry_intr_type", "26.2.1.3")               \
	X(HV_ER_ENTRY_INTR_VECTOR, "entry_intr_vector", "26.2.1.3")           \
	X(HV_ER_ENTRY_INTR_DELIVER_CODE, "entry_intr_deliver_error_code",      \
	  "26.2.1.3")                                                         \
	X(HV_ER_ENTRY_INTR_RESERVED, "entry_intr_info_reserved", "26.2.1.3")  \
	X(HV_ER_ENTRY_INTR_ERROR_CODE, "entry_intr_error_code_31_16",          \
	  "26.2.1.3")                                                         \
	X(HV_ER_ENTRY_INTR_INSN_LEN, "entry_intr_instruction_length",          \
	  "26.2.1.3")                                                         \
	X(HV_ER_ENTRY_MSR_LOAD_AREA, "entry_msr_load_area", "26.2.1.3")       \
	X(HV_ER_ENTRY_SMM, "entry_smm_controls_outside_smm", "26.2.1.3")      \
	/* 26.2.2 host control registers and MSRs */                          \
	X(HV_ER_HOST_CR_FIXED, "host_cr0_cr4_fixed_bits", "26.2.2")           \
	X(HV_ER_HOST_CET_NO_WP, "host_cet_without_cr0_wp", "26.2.2")          \
	X(HV_ER_HOST_CR3, "host_cr3_beyond_maxphyaddr", "26.2.2")             \
	X(HV_ER_HOST_SYSENTER, "host_sysenter_not_canonical", "26.2.2")       \
	X(HV_ER_HOST_PAT, "host_pat", "26.2.2")                               \
	X(HV_ER_HOST_EFER, "host_efer", "26.2.2")                             \
	/* 26.2.3 host segment and descriptor-table registers */              \
	X(HV_ER_HOST_SEL_RPL_TI, "host_selector_rpl_ti", "26.2.3")            \
	X(HV_ER_HOST_SEL_CS_TR, "host_cs_tr_selector_null", "26.2.3")         \
	X(HV_ER_HOST_SEL_SS, "host_ss_selector_null", "26.2.3")               \
	X(HV_ER_HOST_BASES, "host_base_not_canonical", "26.2.3")              \
	/* 26.2.4 address-space size */                                       \
	X(HV_ER_HOST_ADDR_SIZE, "host_address_space_size", "26.2.4")          \
	X(HV_ER_HOST_32BIT, "host_32bit_state", "26.2.4")                     \
	X(HV_ER_HOST_64BIT, "host_64bit_state", "26.2.4")                     \
	/* 26.3.1.1 guest control registers, debug registers and MSRs */      \
	X(HV_ER_GUEST_CR0_FIXED, "guest_cr0_fixed_bits", "26.3.1.1")          \
	X(HV_ER_GUEST_PG_NO_PE, "guest_cr0_pg_without_pe", "26.3.1.1")        \
	X(HV_ER_GUEST_CR4_FIXED, "guest_cr4_fixed_bits", "26.3.1.1")          \
	X(HV_ER_GUEST_CET_NO_WP, "guest_cet_without_cr0_wp", "26.3.1.1")      \
	X(HV_ER_GUEST_DEBUG, "guest_debugctl_dr7", "26.3.1.1")                \
	X(HV_ER_GUEST_IA32E_PAGING, "guest_ia32e_without_pg_pae", "26.3.1.1") \
	X(HV_ER_GUEST_PCIDE, "guest_pcide_outside_ia32e", "26.3.1.1")         \
	X(HV_ER_GUEST_CR3, "guest_cr3_beyond_maxphyaddr", "26.3.1.1")         \
	X(HV_ER_GUEST_SYSENTER, "guest_sysenter_not_canonical", "26.3.1.1")   \
	X(HV_ER_GUEST_PAT, "guest_pat", "26.3.1.1")                           \
	X(HV_ER_GUEST_EFER, "guest_efer", "26.3.1.1")                         \
	X(HV_ER_GUEST_BNDCFGS, "guest_bndcfgs", "26.3.1.1")                   \
	/* 26.3.1.2 guest segment registers */                                \
	X(HV_ER_GUEST_SEL_TI, "guest_tr_ldtr_selector_ti", "26.3.1.2")        \
	X(HV_ER_GUEST_SS_RPL, "guest_ss_rpl_not_cs_rpl", "26.3.1.2")          \
	X(HV_ER_GUEST_V86_BASE, "guest_v86_base", "26.3.1.2")                 \
	X(HV_ER_GUEST_BASE_CANONICAL, "guest_base_not_canonical", "26.3.1.2") \
	X(HV_ER_GUEST_BASE_HIGH, "guest_base_63_32", "26.3.1.2")              \
	X(HV_ER_GUEST_V86_LIMIT_AR, "guest_v86_limit_access_rights",           \
	  "26.3.1.2")                                                         \
	X(HV_ER_GUEST_CS_TYPE, "guest_cs_type", "26.3.1.2")                   \
	X(HV_ER_GUEST_SS_TYPE, "guest_ss_type", "26.3.1.2")                   \
	X(HV_ER_GUEST_DATA_TYPE, "guest_ds_es_fs_gs_type", "26.3.1.2")        \
	X(HV_ER_GUEST_SEG_AR, "guest_segment_s_p_g_reserved", "26.3.1.2")     \
	X(HV_ER_GUEST_CS_DPL, "guest_cs_dpl", "26.3.1.2")                     \
	X(HV_ER_GUEST_SS_DPL, "guest_ss_dpl", "26.3.1.2")                     \
	X(HV_ER_GUEST_DATA_DPL, "guest_ds_es_fs_gs_dpl_below_rpl", "26.3.1.2") \
	X(HV_ER_GUEST_CS_L_DB, "guest_cs_l_and_db", "26.3.1.2")               \
	X(HV_ER_GUEST_TR, "guest_tr", "26.3.1.2")                             \
	X(HV_ER_GUEST_LDTR, "guest_ldtr", "26.3.1.2")                         \
	/* 26.3.1.3 descriptor-table registers, 26.3.1.4 RIP and RFLAGS */    \
	X(HV_ER_GUEST_GDTR_IDTR, "guest_gdtr_idtr", "26.3.1.3")               \
	X(HV_ER_GUEST_RIP, "guest_rip", "26.3.1.4")                           \
	X(HV_ER_GUEST_RFLAGS_RESERVED, "guest_rflags_reserved", "26.3.1.4")   \
	X(HV_ER_GUEST_RFLAGS_VM, "guest_rflags_vm", "26.3.1.4")               \
	X(HV_ER_GUEST_RFLAGS_IF, "guest_ext_intr_with_if_0", "26.3.1.4")      \
	/* 26.3.1.5 guest non-register state */                               \
	X(HV_ER_GUEST_ACTIVITY, "guest_activity_state", "26.3.1.5")           \
	X(HV_ER_GUEST_HLT_DPL, "guest_hlt_with_ss_dpl", "26.3.1.5")           \
	X(HV_ER_GUEST_ACTIVITY_BLOCKING, "guest_not_active_with_sti_mov_ss",   \
	  "26.3.1.5")                                                         \
	X(HV_ER_GUEST_ACTIVITY_EVENT, "guest_event_not_allowed_in_activity",   \
	  "26.3.1.5")                                                         \
	X(HV_ER_GUEST_SMM_SIPI, "guest_smm_entry_wait_for_sipi", "26.3.1.5")  \
	X(HV_ER_GUEST_INT_RESERVED, "guest_interruptibility_reserved",         \
	  "26.3.1.5")                                                         \
	X(HV_ER_GUEST_INT_ENCLAVE, "guest_enclave_interruption", "26.3.1.5")  \
	X(HV_ER_GUEST_INT_STI_MOV_SS, "guest_sti_and_mov_ss", "26.3.1.5")     \
	X(HV_ER_GUEST_INT_STI_IF, "guest_sti_with_if_0", "26.3.1.5")          \
	X(HV_ER_GUEST_INT_EXT_INTR, "guest_ext_intr_while_blocked",            \
	  "26.3.1.5")                                                         \
	X(HV_ER_GUEST_INT_NMI_MOV_SS, "guest_nmi_with_mov_ss", "26.3.1.5")    \
	X(HV_ER_GUEST_INT_SMI, "guest_smi_blocking_outside_smm", "26.3.1.5")  \
	X(HV_ER_GUEST_INT_VNMI, "guest_vnmi_while_nmi_blocked", "26.3.1.5")   \
	X(HV_ER_GUEST_PDE_RESERVED, "guest_pending_dbg_reserved", "26.3.1.5") \
	X(HV_ER_GUEST_PDE_BS, "guest_pending_dbg_bs", "26.3.1.5")             \
	X(HV_ER_GUEST_PDE_RTM, "guest_pending_dbg_rtm", "26.3.1.5")           \
	X(HV_ER_GUEST_LINK_PTR, "guest_link_pointer", "26.3.1.5")             \
	X(HV_ER_GUEST_LINK_VMCS, "guest_link_vmcs_revision_shadow",            \
	  "26.3.1.5")                                                         \
	/* 26.3.1.6 PDPTEs */                                                 \
	X(HV_ER_GUEST_PDPTE, "guest_pae_pdpte", "26.3.1.6")                   \
	/* 26.4 loading MSRs (an entry of the VM-entry MSR-load list) */      \
	X(HV_ER_MSR_LOAD, "entry_msr_load_entry", "26.4")                     \
	X(HV_ER_CPU_VMCS02, "cpu_refused_vmcs02", "26.2-26.3")

#define HVNEST_ENTRY_RULE_ENUM(id, name, sdm) id,
enum hvnest_entry_rule {
	HVNEST_ENTRY_RULES(HVNEST_ENTRY_RULE_ENUM)
	HVNEST_NR_ENTRY_RULES
};
#undef HVNEST_ENTRY_RULE_ENUM

#endif /* HVNEST_ENTRY_RULES_H */
