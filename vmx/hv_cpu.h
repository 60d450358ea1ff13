/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct hv_cpu: everything the root core owns for one CPU, split by owner
 * at a page boundary (docs/nested-vmx.md, "Memory by owner"). The Linux
 * side (module/) allocates it as whole pages and fills the launch state
 * before the CPU launches; while the CPU runs, the Linux side touches only
 * the last part, struct hv_cpu_report (statistics, the log ring, state),
 * and changes settings only through hypercalls. Root mode works only
 * within it and trusts nothing it reads from the report.
 */
#ifndef HVNEST_HV_CPU_H
#define HVNEST_HV_CPU_H

#include "hv_types.h"
#include "root_log.h"
#include "ept01.h"
#include "../ioctl/hvnest_abi.h"
#include "../nested/entry_checks.h"
#include "../nested/ept02.h"
#include "../nested/vmcs02.h"
#include "../nested/msr_bitmap.h"
#include "../nested/vpid02.h"

#include "hv_cpu_asm.h"

/*
 * The IST pages (ist_stack_top) hold two stacks of half their size: #DF
 * and #MC on the upper half, NMI on the lower one (vmx/root_desc.c).
 */
#define HV_IST_STACK_SIZE (HV_ROOT_STACK_SIZE / 2)

/* EPT02s per CPU, each the shadow of one EPTP12 (nested/ept02_roots.c). */
#define HV_EPT02_ROOTS 8

/* Root GDT (SDM 3.4.5): null, code64, data, 16-byte TSS descriptor. */
#define HV_GDT_CS 0x08
#define HV_GDT_DS 0x10
#define HV_GDT_TR 0x18
#define HV_GDT_ENTRIES 5

/* hv_cpu.state, as root mode sees it. */
#define HV_STATE_NATIVE 0
#define HV_STATE_LAUNCHING 1
#define HV_STATE_RUNNING 2
#define HV_STATE_HANDING_BACK 3

/*
 * Linux's state on this CPU at the launch point: the guest state of
 * VMCS01, and what hand-back restores. Filled by module/launch.c.
 */
struct hv_linux_state {
	u64 cr0, cr3, cr4, dr7, rflags, rsp, rip;
	struct hv_seg es, cs, ss, ds, fs, gs, ldtr, tr;
	u64 gdtr_base, idtr_base;
	u32 gdtr_limit, idtr_limit;
	u64 gdt_rw_base; /* writable alias of the GDT (TR reload) */
	u64 efer, pat, debugctl;
	u64 sysenter_cs, sysenter_esp, sysenter_eip;
	u64 kernel_gs_base;
};

/* Guest general-purpose registers as vmx/entry.S pushes them. */
struct hv_gprs {
	u64 rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

/* Exception frame of the root IDT stubs (vmx/root_idt.S). */
struct hv_exc_frame {
	struct hv_gprs regs;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss;
};

/*
 * Statistics. One writer (root mode on this CPU) brackets every update
 * with seq++ (odd while updating); readers retry until they see the same
 * even seq before and after.
 */
struct hv_stats {
	u64 seq;
	u64 exits;
	u64 count[HVNEST_NR_EXIT_REASONS];
	u64 cycles[HVNEST_NR_EXIT_REASONS];
	u64 nmi_root, nmi_exits, nmi_injected;
	u64 nmi_tail_restarts; /* root NMIs that sent the exit tail back */
	u64 unexpected_exits, root_exceptions;
	u64 vmcs_reads, vmcs_writes, vmcs_ptrlds; /* vmx/vmcs_access.h */
};

struct hv_tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

struct hv_idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
};

/*
 * Nested statistics (issue 4 item 9), in root-owned memory like struct
 * hv_stats and under its seq: L2's exits by basic reason, reflected to L1
 * or handled by L0.
 */
struct hv_nested_stats {
	u64 entries, entry_failures, vmfails;
	u64 entry_fail_guest, entry_fail_msr; /* entry_failures by reason */
	u64 entry_vmfail[HVNEST_NR_VMFAIL]; /* [0] VMfailInvalid, [n] error n */
	/* Failed entries by the rule they broke (hvnest_entry_rules.h). */
	u64 entry_rule[HVNEST_MAX_ENTRY_RULES];
	u64 reflected[HVNEST_NR_EXIT_REASONS];
	u64 handled[HVNEST_NR_EXIT_REASONS];
	u64 ept02_fills, ept02_flushes, ept02_guarded;
	u64 vpid02_flushes; /* nested/vpid02.h */
	/* Reflected exits and L1's VMLAUNCH/VMRESUME (vmx/vmcs_access.h). */
	u64 rt_reads, rt_writes, rt_ptrlds, rt_cycles;
};

/* Root mode's VMCS accesses on one CPU (vmx/vmcs_access.h). */
struct hv_vmcs_count {
	u64 reads, writes, ptrlds;
};

/*
 * L2 as root mode runs it (nested/nested_entry.c, nested/nested_exit.c):
 * VMCS02 and what belongs to it on this CPU. The Linux side allocates the
 * pages (module/nested_setup.c).
 */
struct hv_l2 {
	bool active; /* VMCS02 is current: the guest is L2 */
	bool launched; /* VMCS02 was launched on this CPU */
	bool host_ready; /* VMCS02 has L0's host state */
	bool switched; /* this exit changed the current VMCS */
	bool launching12; /* this entry is VMCS12's VMLAUNCH */
	bool ept12; /* L1 uses EPT; L2 runs on EPT02 either way */
	u16 vpid; /* VPID02 of the last entry; 0 if the CPU has no VPID */
	struct hv_vpid02 vpid02; /* VPID02 by VPID12: nested/vpid02.h */
	u64 l1_nmi_window; /* nmi_window_open of VMCS01 while L2 runs */
	u32 proc12_nmi_window; /* L1's own NMI-window exiting bit */
	enum hv_l2_nmi_mode nmi_mode; /* from VMCS12's NMI controls */
	bool nmi_blocked; /* HV_L2_NMI_EXIT_BLOCKABLE: L2's blocking by NMI */
	u64 l1_cr0; /* L1's CR0 at the entry (SDM 27.5.1 keeps some bits) */
	void *vmcs02;
	u64 vmcs02_pa;
	u64 *msr_bitmap; /* L0's and L1's MSR bitmaps merged */
	u64 msr_bitmap_pa;
	bool msr_sparse_ready; /* msr_sparse is L0's bitmap's */
	struct hv_msr_sparse msr_sparse;
	struct hv_ept02 *ept02; /* the EPT02 L2 runs on: one of ept02s */
	struct hv_ept02 ept02s[HV_EPT02_ROOTS]; /* nested/ept02_roots.c */
	u64 ept02_used[HV_EPT02_ROOTS]; /* ept02_clock at last use; 0 never */
	u64 ept02_clock;
	/* Entries whose VMCS12 named hvnest's memory (nested/vmcs02.h). */
	u64 vmcs02_guarded, vmcs02_guarded_pa;
	/* VMCS shadowing for L1 (nested/vmcs_shadow.c). */
	bool shadow_capable; /* the CPU has it (and nested=1) */
	bool shadow_use; /* HV_FEAT_VMCS_SHADOW at L1's last VMXON */
	bool shadow_on; /* VMCS01 links the shadow VMCS now */
	bool shadow_probed; /* shadowed and the bitmaps are set */
	void *shadow;
	u64 shadow_pa;
	u8 *vmread_bitmap, *vmwrite_bitmap;
	u64 vmread_bitmap_pa, vmwrite_bitmap_pa;
	struct vmcs12_class shadowed; /* the fields the shadow VMCS holds */
	struct vmcs12_class shadowed_rw; /* of them, those L1 writes */
	u64 shadow_image[VMCS12_NR_FIELDS]; /* the values it holds */
	/* VMCS shadowing for L2 (nested/vmcs_shadow02.c). */
	bool shadow02_probed; /* shadowed02 and the base bitmaps are set */
	bool shadow02_dirty; /* L2 ran with it since it was loaded */
	u64 shadow02_src; /* L1's shadow VMCS it holds, or HV_VMCS12_NONE */
	void *shadow02;
	u64 shadow02_pa;
	u8 *vmread02_base, *vmwrite02_base; /* 1: L0 cannot shadow it */
	u8 *vmread02_bitmap, *vmwrite02_bitmap; /* L1's | base: VMCS02's */
	u64 vmread02_bitmap_pa, vmwrite02_bitmap_pa;
	struct vmcs12_class shadowed02, shadowed02_rw;
	/* What VMCS02 holds of the table's fields (nested/vmcs02_image.c). */
	u64 v02_image[VMCS12_NR_FIELDS];
	u64 v02_known[VMCS12_MASK_WORDS];
};

/* Controls, capability values and settings the root core works with. */
struct hv_config {
	u32 pin, proc, proc2, exit, entry; /* VMCS01 controls as set */
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 cr0_mask, cr4_mask; /* guest/host masks of VMCS01 */
	u64 xcr0_supported; /* CPUID.(EAX=0DH,ECX=0):EDX:EAX */
	u64 hypercall_key; /* only L1 ring 0 knows it */
	u64 features; /* HV_FEAT_* switches */
	u64 eptp; /* EPT01 pointer; 0 = L1 runs without EPT */
	u32 vmcs_revision;
	u32 maxphyaddr; /* CPUID.80000008H:EAX[7:0] */
	u16 vpid;
	bool nested_insn; /* test only: emulate L1's VMX instructions */
	int *unload_refs; /* the module's refcount (vmx/hand_back.c) */
};

/* hv_config.features: the HVNEST_FEATURE_* bits of the ABI. */
#define HV_FEAT_HYPERVISOR_LEAF HVNEST_FEATURE_HYPERVISOR_LEAF
#define HV_FEAT_VMCS_SHADOW HVNEST_FEATURE_VMCS_SHADOW
/* Switchable while running. */
#define HV_FEAT_RUNTIME (HV_FEAT_HYPERVISOR_LEAF | HV_FEAT_VMCS_SHADOW)

/*
 * What root mode reports to the Linux side about one CPU: written by root
 * mode (the log ring's tail and launch_step also by the Linux side), read
 * by the Linux side while the CPU runs. It lives in pages of its own at
 * the end of struct hv_cpu, so that hiding the rest hides nothing Linux
 * needs. Root mode reads back only the log ring's tail, and only as an
 * index into the ring.
 */
struct hv_cpu_report {
	u64 state; /* hv_cpu.state as of its last change */
	u32 launch_step; /* where a failed launch stopped (HV_STEP_*) */
	u32 vm_instr_error; /* of the failed VMX instruction */
	bool stopped; /* by INIT or a triple fault: cannot hand back */
	bool l1_vmxon; /* L1 is in VMX operation (hv_cpu.nvmx.vmxon) */
	u32 ept01_tables, ept01_pool; /* EPT01's tables used, and had */
	/* L1's accesses to root-only pages (vmx/exit_ept.c), under stats.seq */
	u64 hidden_touches, hidden_writes;
	struct hv_nested_stats nstats;
	struct hv_stats stats;
	struct hv_log_ring log;
};

struct hv_cpu {
	/* Fixed offsets (HV_CPU_*) first: vmx/entry.S uses them. */
	struct hv_cpu *self;
	/*
	 * NMIs owed to the guest level that takes NMIs now (L1, or L2 without
	 * NMI exiting); changed by single instructions.
	 */
	u64 nmi_pending;
	u64 state; /* HV_STATE_* */
	u64 exit_rsp; /* RSP of the current exit's frame, 0 outside exits */
	/*
	 * L0 opened the NMI window in the current VMCS, or holds the owed
	 * NMIs while L2 blocks them (nested/nested_exit.c).
	 */
	u64 nmi_window_open;
	u64 launch_next; /* the exit tail enters with VMLAUNCH (new VMCS02) */
	/*
	 * Test only (module parameter test_tail_nmi): the exit tail sends
	 * this CPU an NMI (vmx/entry.S) through the xAPIC page at this
	 * address, or 1: through the x2APIC's ICR; to tail_nmi_dest, the ICR
	 * destination (xAPIC: ICR bits 63:32) of this CPU.
	 */
	u64 tail_nmi;
	u64 tail_nmi_dest;
	u64 tail_nmi_apic; /* what tail_nmi takes, set by the Linux side */
	u64 tail_nmi_tests; /* entries of L2 left whose tail sends one */

	u32 cpu;
	u32 inject_failure; /* test only: fail this CPU's launch */
	bool init_held; /* an INIT while L1 is in VMX root (apic/init_sipi.c) */
	bool test_init; /* test only: the hypercall HV_HC_TEST_INIT works */

	/* Physical addresses and pointers set by the Linux side. */
	void *vmxon, *vmcs, *msr_bitmap;
	u64 vmxon_pa, vmcs_pa, msr_bitmap_pa;
	u64 host_cr3;
	u8 *stack_top, *ist_stack_top;

	struct hv_config cfg;
	struct hv_ept01 ept01; /* pool set by the Linux side when EPT is on */
	struct hv_linux_state linux_state;
	u64 handed_back_nmis; /* NMIs owed to Linux when it got the CPU back */

	u64 gdt[HV_GDT_ENTRIES];
	struct hv_tss tss;
	struct hv_idt_gate idt[256];

	u64 exit_tsc; /* TSC at the current exit */
	/* VMCS accesses so far, and as of the last exit's statistics. */
	struct hv_vmcs_count vmcs_count, vmcs_mark;
	struct hv_nvmx nvmx; /* L1's VMX state; nvmx.cache set by Linux */
	struct hv_l1_vmx_caps cpucaps; /* what the CPU reports */
	struct hv_l2 l2;
	bool stopped; /* by INIT or a triple fault (rep.stopped mirrors it) */

	/* From here on the Linux side's: its own pages, never root-only. */
	struct hv_cpu_report rep __aligned(HV_PAGE_SIZE);
};

/* Launch steps, for the error message of a failed launch. */
#define HV_STEPS(X)                                                          \
	X(HV_STEP_NONE, "none")                                              \
	X(HV_STEP_EPT01, "EPT01 (the MTRRs need more tables than the pool)") \
	X(HV_STEP_VMXON, "VMXON")                                            \
	X(HV_STEP_VMCLEAR, "VMCLEAR")                                        \
	X(HV_STEP_VMPTRLD, "VMPTRLD")                                        \
	X(HV_STEP_VMWRITE, "VMWRITE of VMCS01")                              \
	X(HV_STEP_VMLAUNCH, "VMLAUNCH")                                      \
	X(HV_STEP_ENTRY_FAILED, "VM entry (guest state)")                    \
	X(HV_STEP_ROLLBACK, "rolled back: another CPU failed")

enum hv_step {
#define HV_STEP_ENUM(s, name) s,
	HV_STEPS(HV_STEP_ENUM)
#undef HV_STEP_ENUM
	HV_STEP_NR
};

/* Root mode changes hv_cpu.state only here: the report follows it. */
static inline void hv_cpu_set_state(struct hv_cpu *c, u64 state)
{
	c->state = state;
	WRITE_ONCE(c->rep.state, state);
}

/* Root-core entry points for the Linux side (vmx/). */
void hv_cpu_init_root_tables(struct hv_cpu *c);
int hv_cpu_launch(struct hv_cpu *c); /* 0, or HV_STEP_* that failed */
const char *hv_step_name(u32 step);

/* Hypercalls: VMCALL with RAX = number, RBX = key, from L1 ring 0. */
#define HV_HC_HAND_BACK 0x68766e01 /* "hvn" 1: leave VMX on this CPU */
#define HV_HC_SET_FEATURES 0x68766e02 /* RCX = new HV_FEAT_* set */
/* Test only (test_init=1): this CPU takes an INIT, as from an IPI. */
#define HV_HC_TEST_INIT 0x68766e03
#define HV_HC_OK 0
#define HV_HC_EINVAL 1

/* Issue a hypercall from L1 ring 0 (module/). Returns RAX. */
static inline u64 hv_vmcall(u64 nr, u64 key, u64 arg)
{
	u64 ret = nr;

	__asm__ __volatile__("vmcall"
			     : "+a"(ret)
			     : "b"(key), "c"(arg)
			     : "memory", "rdx");
	return ret;
}

#endif /* HVNEST_HV_CPU_H */
