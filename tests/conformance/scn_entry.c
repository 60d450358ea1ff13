// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios: VM-entry checks, one rule each (SDM 26.2 controls and host
 * state: VMfailValid 7 or 8; SDM 26.3 guest state: an exit with reason
 * bit 31 and INVALID_STATE; SDM 26.4 MSR loading: MSR_LOAD_FAIL with the
 * failing entry's 1-based index as qualification), and entries that
 * fail followed by a good one on the same VMCS: nothing of the failed
 * attempt may be left behind.
 */
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include "vmxconf.h"

/* The lowest control bit that must be 1 (allowed-0 of the MSR), or 0. */
static u32 vc_must_be_one(u64 cap)
{
	u32 fixed = (u32)cap;

	return fixed ? fixed & -fixed : 0;
}

/* The lowest control bit that must be 0 (clear in allowed-1), or 0. */
static u32 vc_must_be_zero(u64 cap)
{
	u32 allowed = (u32)(cap >> 32);

	return ~allowed ? ~allowed & -~allowed : 0;
}

/* ---- VM-execution, exit and entry control fields (SDM 26.2.1) ---- */

static void ctl_pin_reserved_one(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, vc_must_be_zero(vc_caps.pin), 0);
	vc_run_put(c);
}

static void ctl_proc_reserved_zero(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, 0, vc_must_be_one(vc_caps.proc));
	vc_run_put(c);
}

static void ctl_exit_reserved_zero(struct vc_ctx *c)
{
	vc_set_ctl(c, VM_EXIT_CONTROLS, 0, vc_must_be_one(vc_caps.exit));
	vc_run_put(c);
}

static void ctl_entry_reserved_zero(struct vc_ctx *c)
{
	vc_set_ctl(c, VM_ENTRY_CONTROLS, 0, vc_must_be_one(vc_caps.entry));
	vc_run_put(c);
}

static void ctl_proc2_reserved_one(struct vc_ctx *c)
{
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL,
		   vc_must_be_zero(vc_caps.proc2), 0);
	vc_run_put(c);
}

/* CR3-target count above IA32_VMX_MISC[24:16]. */
static void ctl_cr3_target_count(struct vc_ctx *c)
{
	vc_wr(c, CR3_TARGET_COUNT, ((vc_caps.misc >> 16) & 0x1ff) + 1);
	vc_run_put(c);
}

/* With I/O bitmaps on, their addresses must be 4 KiB aligned. */
static void ctl_io_bitmap_unaligned(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_USE_IO_BITMAPS, 0);
	vc_wr(c, IO_BITMAP_A, c->io_a_pa | 0x800);
	vc_run_put(c);
}

static void ctl_msr_bitmap_beyond_maxphyaddr(struct vc_ctx *c)
{
	vc_wr(c, MSR_BITMAP, 1ULL << vc_caps.phys_bits);
	vc_run_put(c);
}

/* EPTP: memory type 2 is reserved; walk length must be supported. */
static void ctl_eptp_bad_memtype(struct vc_ctx *c)
{
	vc_wr(c, EPT_POINTER, (vc_eptp(c) & ~VMX_EPTP_MT_MASK) | 2);
	vc_run_put(c);
}

static void ctl_eptp_walk_length_5(struct vc_ctx *c)
{
	vc_put(c, "pwl5=%d", !!(vc_caps.ept_vpid & VMX_EPT_PAGE_WALK_5_BIT));
	vc_wr(c, EPT_POINTER, (vc_eptp(c) & ~VMX_EPTP_PWL_MASK) |
			      VMX_EPTP_PWL_5);
	vc_run_put(c);
}

static void ctl_eptp_reserved_bits(struct vc_ctx *c)
{
	vc_wr(c, EPT_POINTER, vc_eptp(c) | BIT_ULL(8));
	vc_run_put(c);
}

/* Unrestricted guest needs "enable EPT". */
static void ctl_unrestricted_without_ept(struct vc_ctx *c)
{
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL,
		   SECONDARY_EXEC_UNRESTRICTED_GUEST, SECONDARY_EXEC_ENABLE_EPT);
	vc_run_put(c);
}

/* Virtual NMIs need NMI exiting; NMI-window exiting needs virtual NMIs. */
static void ctl_vnmi_without_nmi_exiting(struct vc_ctx *c)
{
	vc_set_ctl(c, PIN_BASED_VM_EXEC_CONTROL, PIN_BASED_VIRTUAL_NMIS,
		   PIN_BASED_NMI_EXITING);
	vc_run_put(c);
}

static void ctl_nmi_window_without_vnmi(struct vc_ctx *c)
{
	vc_set_ctl(c, CPU_BASED_VM_EXEC_CONTROL,
		   CPU_BASED_NMI_WINDOW_EXITING, 0);
	vc_run_put(c);
}

/* VPID enabled with VPID 0. */
static void ctl_vpid_zero(struct vc_ctx *c)
{
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_VPID, 0);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 0);
	vc_run_put(c);
}

/* Event injection fields (SDM 26.2.1.3). */
static void ctl_inject_reserved_type(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK | (1 << 8) | 32);
	vc_run_put(c);
}

static void ctl_inject_nmi_vector3(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
					   INTR_TYPE_NMI_INTR | 3);
	vc_run_put(c);
}

static void ctl_inject_hw_exception_vector32(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
					   INTR_TYPE_HARD_EXCEPTION | 32);
	vc_run_put(c);
}

/* #UD has no error code: "deliver error code" must be 0 for it. */
static void ctl_inject_ud_with_error_code(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
		INTR_TYPE_HARD_EXCEPTION | INTR_INFO_DELIVER_CODE_MASK | 6);
	vc_run_put(c);
}

/* #GP in protected mode has one: "deliver error code" must be 1. */
static void ctl_inject_gp_without_error_code(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
					   INTR_TYPE_HARD_EXCEPTION | 13);
	vc_run_put(c);
}

/* Software interrupt: instruction length 0 needs IA32_VMX_MISC[30]. */
static void ctl_inject_soft_int_len0(struct vc_ctx *c)
{
	vc_put(c, "misc30=%d", !!(vc_caps.misc & BIT_ULL(30)));
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
					   INTR_TYPE_SOFT_INTR | 0x40);
	vc_wr(c, VM_ENTRY_INSTRUCTION_LEN, 0);
	vc_run_put(c);
}

static void ctl_inject_soft_int_len16(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
					   INTR_TYPE_SOFT_INTR | 0x40);
	vc_wr(c, VM_ENTRY_INSTRUCTION_LEN, 16);
	vc_run_put(c);
}

/* ---- host-state area (SDM 26.2.2, 26.2.3): VMfailValid(8) ---- */

static void host_cr0_pg_clear(struct vc_ctx *c)
{
	vc_wr(c, HOST_CR0, vc_rd(HOST_CR0) & ~X86_CR0_PG);
	vc_run_put(c);
}

static void host_cr4_vmxe_clear(struct vc_ctx *c)
{
	vc_wr(c, HOST_CR4, vc_rd(HOST_CR4) & ~X86_CR4_VMXE);
	vc_run_put(c);
}

static void host_cr3_beyond_maxphyaddr(struct vc_ctx *c)
{
	vc_wr(c, HOST_CR3, vc_rd(HOST_CR3) | (1ULL << vc_caps.phys_bits));
	vc_run_put(c);
}

/* (vc_asm_run writes HOST_RIP itself: the base addresses are tested) */
static void host_gs_base_noncanonical(struct vc_ctx *c)
{
	vc_wr(c, HOST_GS_BASE, 0x0000800000000000ULL);
	vc_run_put(c);
}

static void host_cs_selector_null(struct vc_ctx *c)
{
	vc_wr(c, HOST_CS_SELECTOR, 0);
	vc_run_put(c);
}

static void host_tr_selector_ti(struct vc_ctx *c)
{
	vc_wr(c, HOST_TR_SELECTOR, vc_rd(HOST_TR_SELECTOR) | 4);
	vc_run_put(c);
}

static void host_ds_selector_rpl(struct vc_ctx *c)
{
	vc_wr(c, HOST_DS_SELECTOR, 0x2b);
	vc_run_put(c);
}

/* In IA-32e mode, the "host address-space size" exit control must be 1. */
static void host_addr_space_size_clear(struct vc_ctx *c)
{
	vc_set_ctl(c, VM_EXIT_CONTROLS, 0, VM_EXIT_HOST_ADDR_SPACE_SIZE);
	vc_run_put(c);
}

/* "load IA32_EFER" on exit: LMA and LME must match address-space size. */
static void host_efer_lma_clear(struct vc_ctx *c)
{
	vc_wr(c, HOST_IA32_EFER, vc_rd(HOST_IA32_EFER) & ~(EFER_LMA | EFER_LME));
	vc_run_put(c);
}

/* ---- guest-state area (SDM 26.3.1): FAILED_ENTRY:INVALID_STATE ---- */

static void guest_cr0_pg_without_pe(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CR0, vc_rd(GUEST_CR0) & ~X86_CR0_PE);
	vc_run_put(c);
}

static void guest_cr0_ne_clear(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CR0, vc_rd(GUEST_CR0) & ~X86_CR0_NE);
	vc_run_put(c);
}

static void guest_cr4_vmxe_clear(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CR4, vc_rd(GUEST_CR4) & ~X86_CR4_VMXE);
	vc_run_put(c);
}

static void guest_cr4_pae_clear_ia32e(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CR4, vc_rd(GUEST_CR4) & ~X86_CR4_PAE);
	vc_run_put(c);
}

/* With "load debug controls", DR7[63:32] must be 0. */
static void guest_dr7_high_bits(struct vc_ctx *c)
{
	vc_set_ctl(c, VM_ENTRY_CONTROLS, VM_ENTRY_LOAD_DEBUG_CONTROLS, 0);
	vc_wr(c, GUEST_DR7, 0x400 | (1ULL << 32));
	vc_run_put(c);
}

static void guest_efer_lma_clear(struct vc_ctx *c)
{
	vc_wr(c, GUEST_IA32_EFER, EFER_LME);
	vc_run_put(c);
}

static void guest_rflags_bit1_clear(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RFLAGS, 0);
	vc_run_put(c);
}

static void guest_rflags_vm_ia32e(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_VM);
	vc_run_put(c);
}

/*
 * RIP with IA-32e mode and CS.L: only bits 63:N (N = linear-address
 * width, 48) must be identical, so bit 47 alone passes the entry checks
 * and the fetch at the non-canonical address raises #GP in the guest.
 */
static void guest_rip_bit47_enters(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RIP, 0x0000800000000000ULL);
	vc_run_put(c);
}

static void guest_rip_bit48(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RIP, 0x0001000000000000ULL);
	vc_run_put(c);
}

static void guest_cs_l_and_d(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CS_AR_BYTES, 0xe09b);
	vc_run_put(c);
}

static void guest_cs_not_accessed(struct vc_ctx *c)
{
	vc_wr(c, GUEST_CS_AR_BYTES, 0xa09a);
	vc_run_put(c);
}

static void guest_ss_dpl_not_cs_rpl(struct vc_ctx *c)
{
	vc_wr(c, GUEST_SS_AR_BYTES, 0xc0f3);
	vc_run_put(c);
}

static void guest_tr_unusable(struct vc_ctx *c)
{
	vc_wr(c, GUEST_TR_AR_BYTES, 0x1008b);
	vc_run_put(c);
}

static void guest_tr_ti(struct vc_ctx *c)
{
	vc_wr(c, GUEST_TR_SELECTOR, VC_SEL_TSS | 4);
	vc_run_put(c);
}

static void guest_gdtr_limit_high(struct vc_ctx *c)
{
	vc_wr(c, GUEST_GDTR_LIMIT, 0x10000);
	vc_run_put(c);
}

static void guest_activity_4(struct vc_ctx *c)
{
	vc_wr(c, GUEST_ACTIVITY_STATE, 4);
	vc_run_put(c);
}

/* Blocking by STI with the guest's RFLAGS.IF = 0. */
static void guest_intstate_sti_if0(struct vc_ctx *c)
{
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI);
	vc_run_put(c);
}

static void guest_intstate_sti_and_mov_ss(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO,
	      GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);
	vc_run_put(c);
}

/* Activity HLT with blocking by STI: not allowed. */
static void guest_hlt_with_sti_blocking(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED | X86_EFLAGS_IF);
	vc_wr(c, GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_STI);
	vc_wr(c, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
	vc_run_put(c);
}

static void guest_pending_dbg_reserved(struct vc_ctx *c)
{
	vc_wr(c, GUEST_PENDING_DBG_EXCEPTIONS, BIT_ULL(4));
	vc_run_put(c);
}

/* A bad VMCS link pointer: qualification 4 (SDM 26.8). */
static void guest_link_pointer_unaligned(struct vc_ctx *c)
{
	vc_wr(c, VMCS_LINK_POINTER, c->vmcs_pa[1] | 0x10);
	vc_run_put(c);
}

/* ---- MSR-load list (SDM 26.4) ---- */

struct vc_msr_entry {
	u32 index, reserved;
	u64 value;
};

static void vc_msr_list(struct vc_ctx *c, const struct vc_msr_entry *e,
			unsigned int n)
{
	memcpy(c->msr_area, e, n * sizeof(*e));
	vc_wr(c, VM_ENTRY_MSR_LOAD_ADDR, c->msr_area_pa);
	vc_wr(c, VM_ENTRY_MSR_LOAD_COUNT, n);
}

/* Third entry names an x2APIC MSR: exit qualification 3. */
static void msr_load_fail_third(struct vc_ctx *c)
{
	const struct vc_msr_entry e[] = {
		{ MSR_KERNEL_GS_BASE, 0, 0x1000 },
		{ MSR_KERNEL_GS_BASE, 0, 0x2000 },
		{ 0x808, 0, 0 },
	};

	vc_msr_list(c, e, ARRAY_SIZE(e));
	vc_run_put(c);
}

static void msr_load_reserved_field(struct vc_ctx *c)
{
	const struct vc_msr_entry e[] = {
		{ MSR_KERNEL_GS_BASE, 1, 0x1000 },
	};

	vc_msr_list(c, e, ARRAY_SIZE(e));
	vc_run_put(c);
}

/* IA32_FS_BASE may not be in the list. */
static void msr_load_fs_base(struct vc_ctx *c)
{
	const struct vc_msr_entry e[] = {
		{ MSR_KERNEL_GS_BASE, 0, 0x1000 },
		{ MSR_FS_BASE, 0, 0x1000 },
	};

	vc_msr_list(c, e, ARRAY_SIZE(e));
	vc_run_put(c);
}

/* A #GP-ing value (non-canonical base): the entry with it fails. */
static void msr_load_noncanonical_value(struct vc_ctx *c)
{
	const struct vc_msr_entry e[] = {
		{ MSR_KERNEL_GS_BASE, 0, 0x0000800000000000ULL },
	};

	vc_msr_list(c, e, ARRAY_SIZE(e));
	vc_run_put(c);
}

/* A good list: the guest reads what it loaded (RDMSR without an exit). */
static void msr_load_ok(struct vc_ctx *c)
{
	const struct vc_msr_entry e[] = {
		{ MSR_KERNEL_GS_BASE, 0, 0x1000 },
		{ MSR_KERNEL_GS_BASE, 0, 0x2340 },
	};

	vc_msr_list(c, e, ARRAY_SIZE(e));
	vc_msr_bitmap_set(c, MSR_KERNEL_GS_BASE, true, false, false);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_KERNEL_GS_BASE;
	vc_run_put(c);
	vc_put(c, "rax=%#llx rdx=%#llx", c->regs.rax, c->regs.rdx);
}

/* The exit MSR-store list gets the guest's value at the exit. */
static void msr_store_on_exit(struct vc_ctx *c)
{
	struct vc_msr_entry *e = c->msr_area;

	e[0].index = MSR_KERNEL_GS_BASE;
	e[0].value = 0xdead;
	vc_wr(c, VM_EXIT_MSR_STORE_ADDR, c->msr_area_pa);
	vc_wr(c, VM_EXIT_MSR_STORE_COUNT, 1);
	vc_msr_bitmap_set(c, MSR_KERNEL_GS_BASE, false, true, false);
	vc_guest_at(c, vcg_wrmsr);
	c->regs.rcx = MSR_KERNEL_GS_BASE;
	c->regs.rax = 0x5678;
	c->regs.rdx = 0x1;
	vc_run_put(c);
	vc_put(c, "stored=%#llx", e[0].value);
}

/* ---- real-address mode with "unrestricted guest" (SDM 26.3.1) ---- */

/*
 * Guest state for real-address mode: CR0.PE = PG = 0 (NE and ET set),
 * not IA-32e mode, EFER 0, 16-bit segments with selector and base 0 (CS
 * an accessed code segment, the others accessed data), the real-mode IVT
 * at 0, RFLAGS 2. Only "unrestricted guest" lets CR0.PE and PG be 0.
 */
static void vc_real_mode_state(struct vc_ctx *c)
{
	unsigned int i;

	for (i = 0; i < 6; i++) {
		u32 sel = GUEST_ES_SELECTOR + 2 * i;

		vc_wr(c, sel, 0);
		vc_wr(c, GUEST_ES_BASE + 2 * i, 0);
		vc_wr(c, GUEST_ES_LIMIT + 2 * i, 0xffff);
		vc_wr(c, GUEST_ES_AR_BYTES + 2 * i,
		      sel == GUEST_CS_SELECTOR ? 0x9b : 0x93);
	}
	vc_set_ctl(c, VM_ENTRY_CONTROLS, 0, VM_ENTRY_IA32E_MODE);
	vc_wr(c, GUEST_CR0, X86_CR0_NE | X86_CR0_ET);
	vc_wr(c, CR0_READ_SHADOW, X86_CR0_NE | X86_CR0_ET);
	vc_wr(c, GUEST_CR4, X86_CR4_VMXE);
	vc_wr(c, CR4_READ_SHADOW, X86_CR4_VMXE);
	vc_wr(c, GUEST_IA32_EFER, 0);
	vc_wr(c, GUEST_IDTR_BASE, 0);
	vc_wr(c, GUEST_IDTR_LIMIT, 0x3ff);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED);
}

/* CS as saved by the exit: selector/base/limit/access rights. */
static void vc_put_cs(struct vc_ctx *c)
{
	u64 base = vc_rd(GUEST_CS_BASE);

	vc_put(c, "cs=%#llx/%#llx/%#llx/%#llx", vc_rd(GUEST_CS_SELECTOR), base,
	       vc_rd(GUEST_CS_LIMIT), vc_rd(GUEST_CS_AR_BYTES));
	/* the linear address, relative to the snippet (RIP is CS-relative) */
	vc_put(c, "lin=%+lld", (s64)(base + vc_rd(GUEST_RIP) - c->entry_gpa));
}

/*
 * A real-mode guest under "unrestricted guest" and EPT: OUT, CPUID and
 * HLT exit as in protected mode (lengths of the 16-bit encodings), a far
 * JMP loads CS the real-mode way (base = selector * 16), and each exit
 * saves the real-mode CS and IP.
 */
static void ug_real_mode_exits(struct vc_ctx *c)
{
	unsigned int i;
	u32 reason;

	if (!(vc_caps.proc2 & ((u64)SECONDARY_EXEC_UNRESTRICTED_GUEST << 32))) {
		vc_put(c, "ug=not-offered");
		return;
	}
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL,
		   SECONDARY_EXEC_UNRESTRICTED_GUEST, 0);
	vc_real_mode_state(c);
	vc_guest_at(c, vcg_real_mode);
	for (i = 0; i < 5; i++) {
		if (vc_run_put(c))
			return;
		reason = vc_exit_reason();
		if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
			return;
		vc_put_cs(c);
		if (reason != EXIT_REASON_IO_INSTRUCTION &&
		    reason != EXIT_REASON_CPUID && reason != EXIT_REASON_HLT)
			break;
		vc_skip_insn(c);
	}
	vc_put(c, "cr0=%#llx", vc_rd(GUEST_CR0));
}

/* The same guest state without "unrestricted guest": CR0.PE must be 1. */
static void ug_real_mode_without_ug(struct vc_ctx *c)
{
	vc_real_mode_state(c);
	vc_guest_at(c, vcg_real_mode);
	vc_run_put(c);
}

/* ---- VPIDs (SDM 28.3.3.3: VM entries and exits with VPIDs) ---- */

/*
 * One VMCS entered with VPID 1, 2, 0 (VMfailValid 7 while "enable VPID"
 * is 1), 0xffff, with "enable VPID" 0, and with VPID 1 again; between
 * entries the guest's PTE of VC_LA_ALIAS changes. A VPID not used since
 * the INVVPID all-context of vc_vpid_guest() caches nothing, and without
 * "enable VPID" each VM entry invalidates VPID 0's translations, so each
 * read sees the current PTE; back on VPID 1 the PTE is the one VPID 1
 * saw first.
 */
static void vpid_switch_between_entries(struct vc_ctx *c)
{
	if (!vc_vpid_guest(c, 1))
		return;
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA2);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 2);
	vc_put(c, "vpid2:");
	vc_vpid_read(c);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 0);
	vc_put(c, "vpid0:");
	vc_put_run(c, vc_run(c));
	vc_guest_alias(c, VC_GPA_DATA);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 0xffff);
	vc_put(c, "vpid_ffff:");
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA2);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, 0, SECONDARY_EXEC_ENABLE_VPID);
	vc_put(c, "vpid_off:");
	vc_vpid_read(c);
	vc_guest_alias(c, VC_GPA_DATA);
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_VPID, 0);
	vc_wr(c, VIRTUAL_PROCESSOR_ID, 1);
	vc_put(c, "vpid1:");
	vc_vpid_read(c);
}

/* ---- a failed entry, then a good one: nothing left behind ---- */

static void fail_guest_then_good(struct vc_ctx *c)
{
	u64 cr4 = vc_rd(GUEST_CR4);

	vc_guest_at(c, vcg_cpuid);
	vc_wr(c, GUEST_CR4, cr4 & ~X86_CR4_VMXE);
	vc_run_put(c);
	vc_wr(c, GUEST_CR4, cr4);
	c->regs.rax = 0;
	vc_run_put(c);
	vc_skip_insn(c);
	vc_run_put(c);
}

static void fail_ctl_then_good(struct vc_ctx *c)
{
	u32 pin = (u32)vc_rd(PIN_BASED_VM_EXEC_CONTROL);

	vc_wr(c, PIN_BASED_VM_EXEC_CONTROL, pin | vc_must_be_zero(vc_caps.pin));
	vc_run_put(c);
	vc_wr(c, PIN_BASED_VM_EXEC_CONTROL, pin);
	vc_run_put(c);
}

static void fail_host_then_good(struct vc_ctx *c)
{
	u64 cr4 = vc_rd(HOST_CR4);

	vc_wr(c, HOST_CR4, cr4 & ~X86_CR4_VMXE);
	vc_run_put(c);
	vc_wr(c, HOST_CR4, cr4);
	vc_run_put(c);
}

static void fail_msr_load_then_good(struct vc_ctx *c)
{
	const struct vc_msr_entry e[] = {
		{ MSR_KERNEL_GS_BASE, 0, 0x3000 },
		{ 0x808, 0, 0 },
	};

	vc_msr_list(c, e, ARRAY_SIZE(e));
	vc_run_put(c);
	vc_wr(c, VM_ENTRY_MSR_LOAD_COUNT, 1);
	vc_msr_bitmap_set(c, MSR_KERNEL_GS_BASE, true, false, false);
	vc_guest_at(c, vcg_rdmsr);
	c->regs.rcx = MSR_KERNEL_GS_BASE;
	vc_run_put(c);
	vc_put(c, "rax=%#llx", c->regs.rax);
}

/* Injection that fails the checks must not be delivered on the next entry. */
static void fail_inject_then_good(struct vc_ctx *c)
{
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, INTR_INFO_VALID_MASK |
					   INTR_TYPE_NMI_INTR | 3);
	vc_run_put(c);
	vc_wr(c, VM_ENTRY_INTR_INFO_FIELD, 0);
	vc_run_put(c);
}

/* A failed entry leaves the VMCS clear: VMRESUME is VMfailValid(5). */
static void fail_guest_then_vmresume(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RFLAGS, 0);
	vc_run_put(c);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED);
	c->launched = true;
	vc_put_run(c, vc_run(c));
}

/* Two failures in a row, then a good entry. */
static void fail_twice_then_good(struct vc_ctx *c)
{
	vc_wr(c, GUEST_RFLAGS, 0);
	vc_run_put(c);
	vc_run_put(c);
	vc_wr(c, GUEST_RFLAGS, X86_EFLAGS_FIXED);
	vc_run_put(c);
}

#define S(name) { #name, name, 0 }
const struct vc_scn vc_scn_entry[] = {
	S(ctl_pin_reserved_one),
	S(ctl_proc_reserved_zero),
	S(ctl_exit_reserved_zero),
	S(ctl_entry_reserved_zero),
	S(ctl_proc2_reserved_one),
	S(ctl_cr3_target_count),
	S(ctl_io_bitmap_unaligned),
	S(ctl_msr_bitmap_beyond_maxphyaddr),
	S(ctl_eptp_bad_memtype),
	S(ctl_eptp_walk_length_5),
	S(ctl_eptp_reserved_bits),
	S(ctl_unrestricted_without_ept),
	S(ctl_vnmi_without_nmi_exiting),
	S(ctl_nmi_window_without_vnmi),
	S(ctl_vpid_zero),
	S(ctl_inject_reserved_type),
	S(ctl_inject_nmi_vector3),
	S(ctl_inject_hw_exception_vector32),
	S(ctl_inject_ud_with_error_code),
	S(ctl_inject_gp_without_error_code),
	S(ctl_inject_soft_int_len0),
	S(ctl_inject_soft_int_len16),
	S(host_cr0_pg_clear),
	S(host_cr4_vmxe_clear),
	S(host_cr3_beyond_maxphyaddr),
	S(host_gs_base_noncanonical),
	S(host_cs_selector_null),
	S(host_tr_selector_ti),
	S(host_ds_selector_rpl),
	S(host_addr_space_size_clear),
	S(host_efer_lma_clear),
	S(guest_cr0_pg_without_pe),
	S(guest_cr0_ne_clear),
	S(guest_cr4_vmxe_clear),
	S(guest_cr4_pae_clear_ia32e),
	S(guest_dr7_high_bits),
	S(guest_efer_lma_clear),
	S(guest_rflags_bit1_clear),
	S(guest_rflags_vm_ia32e),
	S(guest_rip_bit47_enters),
	S(guest_rip_bit48),
	S(guest_cs_l_and_d),
	S(guest_cs_not_accessed),
	S(guest_ss_dpl_not_cs_rpl),
	S(guest_tr_unusable),
	S(guest_tr_ti),
	S(guest_gdtr_limit_high),
	S(guest_activity_4),
	S(guest_intstate_sti_if0),
	S(guest_intstate_sti_and_mov_ss),
	S(guest_hlt_with_sti_blocking),
	S(guest_pending_dbg_reserved),
	S(guest_link_pointer_unaligned),
	S(ug_real_mode_exits),
	S(ug_real_mode_without_ug),
	S(vpid_switch_between_entries),
	S(msr_load_fail_third),
	S(msr_load_reserved_field),
	S(msr_load_fs_base),
	S(msr_load_noncanonical_value),
	S(msr_load_ok),
	S(msr_store_on_exit),
	S(fail_guest_then_good),
	S(fail_ctl_then_good),
	S(fail_host_then_good),
	S(fail_msr_load_then_good),
	S(fail_inject_then_good),
	S(fail_guest_then_vmresume),
	S(fail_twice_then_good),
};
const unsigned int vc_scn_entry_nr = ARRAY_SIZE(vc_scn_entry);
