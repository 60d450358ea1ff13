/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmxconf: the VMX conformance suite's test hypervisor. It uses VMX
 * directly (its own VMXON region, VMCSs, EPT and tiny guests), so it runs
 * the same on the bare CPU and as L1 under hvnest. Each scenario prints
 * one line: its name and every observable outcome (tests/conformance/
 * README.md). Outcomes never contain host-physical addresses, TSC values
 * or kernel pointers.
 */
#ifndef VMXCONF_H
#define VMXCONF_H

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/page.h>
#include <asm/vmx.h>

/* Guest-physical layout: VC_GUEST_PAGES pages at GPA 0, identity in EPT. */
#define VC_GUEST_PAGES	16
#define VC_GPA_PML4	0x1000
#define VC_GPA_PDPT	0x2000
#define VC_GPA_PD	0x3000
#define VC_GPA_PD_4G	0x4000	/* guest PD for 3-4 GiB (the APIC page) */
#define VC_GPA_GDT	0x5000
#define VC_GPA_IDT	0x6000
#define VC_GPA_TSS	0x7000
#define VC_GPA_CODE	0x8000	/* 16 KiB: the blob of vc_guest.S */
#define VC_CODE_SIZE	0x4000
#define VC_GPA_DATA	0xc000
#define VC_GPA_DATA2	0xd000
#define VC_GPA_STACK	0xe000	/* RSP starts at 0xf000 */
#define VC_GPA_EXTRA	0xf000
#define VC_GPA_UNMAPPED	0x20000	/* in the guest's page tables, not in EPT */
#define VC_GPA_APIC	0xfee00000ULL
/* vc_guest_alias(): this linear page maps a page chosen by the scenario */
#define VC_LA_ALIAS	0x200000
/* EPT entries of the suite's EPT (SDM 28.2.2): permissions, memory type. */
#define VC_EPT_RWX	7ULL
#define VC_EPT_UC	(0ULL << 3)
#define VC_EPT_WB	(6ULL << 3)
#define VC_MARK1	0x1111	/* at VC_GPA_DATA for vc_vpid_guest() */
#define VC_MARK2	0x2222	/* at VC_GPA_DATA2 */

/* Guest selectors (GDT at VC_GPA_GDT). */
#define VC_SEL_CODE64	0x08
#define VC_SEL_DATA	0x10
#define VC_SEL_CODE32	0x18
#define VC_SEL_TSS	0x28

#define VC_NR_VMCS	4

/* Result of a VMX instruction: RFLAGS.CF/ZF, or the vector it raised. */
#define VC_CF		0x1
#define VC_ZF		0x40
#define VC_TRAP		0x10000
#define VC_FAILED	0x1000	/* from vc_asm_run: VMLAUNCH/VMRESUME fell through */
#define VC_FLAGS	0x8d5	/* ... with RFLAGS.OF/SF/ZF/AF/PF/CF after it */

/* vc_asm_run(): what to execute. */
#define VC_ASM_LAUNCH		0
#define VC_ASM_RESUME		1
#define VC_ASM_LAUNCH_MOV_SS	2	/* MOV to SS right before VMLAUNCH */

/* Scenario flags. */
#define VC_RAW		0x1	/* the scenario does VMXON itself (CR4.VMXE is set) */
#define VC_NO_VMXE	0x2	/* ... and CR4.VMXE is clear */
#define VC_EMU_PANIC	0x4	/* stops Bochs 2.7: run only with emu_panics=1 */
#define VC_SDM_HANG	0x8	/* the SDM never stops its guest: only with sdm_hangs=1 */
#define VC_PROBE	0x10	/* hvnest's own check: only with probe_va set */
#define VC_TAIL_NMI	0x20	/* hvnest's own check: only with tail_nmi=1 */
#define VC_TEST_INIT	0x40	/* hvnest's own check: only with test_init=1 */
#define VC_SIPI		0x80	/* needs a SIPI from another CPU: only with sipi_from= */

/* struct vc_gprs: order and offsets known to vc_entry.S. */
struct vc_gprs {
	u64 rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

struct vc_caps {
	u64 basic, pin, proc, exit, entry, proc2, misc, ept_vpid;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1, vmcs_enum, vmfunc;
	u32 rev;
	unsigned int phys_bits;
	bool ok;		/* every capability MSR could be read */
	int msr_trap;		/* vector of the first capability MSR read that faulted */
};

struct vc_ctx;

struct vc_scn {
	const char *name;
	void (*fn)(struct vc_ctx *c);
	unsigned int flags;
};

struct vc_host_save {
	u16 ds, es, fs, gs, ldt, tr;
	u64 fs_base, kernel_gs_base, dr7, debugctl, cr4;
	struct desc_ptr_save {
		u16 limit;
		unsigned long base;
	} __packed gdt, idt;
};

struct vc_ctx {
	const struct vc_scn *scn;
	/* the scenario's output line */
	char *line;
	size_t len, cap;

	struct vc_gprs regs;	/* guest GPRs, in and out of vc_run() */
	u64 entry_gpa;		/* the running snippet's first byte */
	bool launched;		/* the current VMCS was launched by vc_run() */
	bool vmx_on;
	u64 cur_vmcs;		/* VMCS made current by vc_vmptrld_idx(), ~0 if none */

	/* pages: virtual and physical addresses */
	void *vmxon;
	u64 vmxon_pa;
	void *vmcs[VC_NR_VMCS];
	u64 vmcs_pa[VC_NR_VMCS];
	void *guest[VC_GUEST_PAGES];
	u64 guest_pa[VC_GUEST_PAGES];
	u64 *ept_pml4, *ept_pdpt, *ept_pd, *ept_pt, *ept_pd_4g, *ept_pt_apic;
	u64 ept_pml4_pa, ept_pdpt_pa, ept_pd_pa, ept_pt_pa, ept_pd_4g_pa,
		ept_pt_apic_pa;
	void *io_a, *io_b, *msr_bitmap;
	u64 io_a_pa, io_b_pa, msr_bitmap_pa;
	void *msr_area;		/* MSR load/store lists */
	u64 msr_area_pa;
	void *spare;		/* a page for scenarios (not mapped anywhere) */
	u64 spare_pa;
	void *vapic;		/* virtual-APIC page of the APICv scenarios */
	u64 vapic_pa;
	void *apic_access;	/* their APIC-access page */
	u64 apic_access_pa;
	void *alt_ept[4];	/* a second EPT (PML4, PDPT, PD, PT) for VMFUNC */
	u64 alt_ept_pa[4];
	void *vmread_bm, *vmwrite_bm;	/* VMCS shadowing bitmaps */
	u64 vmread_bm_pa, vmwrite_bm_pa;

	struct vc_host_save host;
	u64 apic_base;		/* IA32_APIC_BASE of this CPU, read at setup */
};

extern struct vc_caps vc_caps;
extern bool vc_reg_qual;	/* module parameter reg_qual */
extern unsigned long vc_probe_va;	/* module parameter probe_va */
u64 vc_probe_pa(void);		/* scn_exit.c: the page of probe_va */
/*
 * Set by a VC_SIPI scenario while its guest waits for a SIPI: the CPU of
 * sipi_from= then sends one to the test CPU every 500 us (vmxconf.c).
 */
#define VC_SIPI_VECTOR	0x12
extern bool vc_sipi_armed;

/* vmxconf.c: output */
__printf(2, 3) void vc_put(struct vc_ctx *c, const char *fmt, ...);
void vc_put_res(struct vc_ctx *c, const char *what, u32 res);

/* vc_vmx.c: VMX instructions that report CF/ZF or the fault they raise */
u32 vc_vmxon(struct vc_ctx *c, u64 pa);
u32 vc_vmxoff(struct vc_ctx *c);
u32 vc_vmclear(u64 pa);
u32 vc_vmptrld(struct vc_ctx *c, u64 pa);
u32 vc_vmptrst(u64 *pa);
u32 vc_vmread(u64 field, u64 *value);
u32 vc_vmwrite(u64 field, u64 value);
u32 vc_invept(u64 type, u64 eptp);
u32 vc_invvpid(u64 type, u64 vpid, u64 gla);	/* vpid: descriptor bits 63:0 */
u64 vc_rd(u64 field);		/* VMREAD, 0 when it fails */
void vc_wr(struct vc_ctx *c, u64 field, u64 value);	/* reports a failure */
u32 vc_write_cr4(u64 cr4);

/* vc_vmcs.c: memory, default VMCS, running guests, reporting exits */
void vc_prepare_memory(struct vc_ctx *c);
int vc_vmcs_init(struct vc_ctx *c, unsigned int idx);
void vc_vmcs_default(struct vc_ctx *c);
u64 vc_eptp(struct vc_ctx *c);
void vc_ept_map(struct vc_ctx *c, u64 gpa, u64 hpa, u64 flags);
void vc_ept_unmap(struct vc_ctx *c, u64 gpa);
void vc_guest_without_ept(struct vc_ctx *c);
void vc_invept_all(struct vc_ctx *c);
void *vc_gva(struct vc_ctx *c, u64 gpa);
void vc_guest_alias(struct vc_ctx *c, u64 gpa);
u64 vc_code_gpa(const u8 *sym);
void vc_guest_at(struct vc_ctx *c, const u8 *sym);
u32 vc_run(struct vc_ctx *c);
u32 vc_run_after_mov_ss(struct vc_ctx *c);
bool vc_vpid_guest(struct vc_ctx *c, u16 vpid);
void vc_vpid_read(struct vc_ctx *c);
void vc_put_run(struct vc_ctx *c, u32 res);
u32 vc_run_put(struct vc_ctx *c);
void vc_put_exit(struct vc_ctx *c);
void vc_put_rip(struct vc_ctx *c, const char *key, u64 rip);
void vc_skip_insn(struct vc_ctx *c);
void vc_set_ctl(struct vc_ctx *c, u64 field, u32 set, u32 clear);
u32 vc_exit_reason(void);
void vc_msr_bitmap_set(struct vc_ctx *c, u32 msr, bool read, bool write,
		       bool intercept);
void vc_io_bitmap_set(struct vc_ctx *c, u16 port, bool intercept);
void vc_host_restore(struct vc_ctx *c);
void vc_put_frame(struct vc_ctx *c, bool err_code);
void vc_put_ptr(struct vc_ctx *c, const char *key, u64 pa);

/* vc_entry.S */
u64 vc_asm_run(struct vc_gprs *g, u64 how);	/* VC_ASM_* */
extern const u8 vc_asm_exit[];

/* vc_guest.S: the guest blob and its snippets (see there) */
extern const u8 vcg_start[], vcg_idt_stubs[], vcg_idt_stubs_end[],
	vcg_vmcall[], vcg_cpuid[], vcg_hlt[], vcg_rdtsc[], vcg_rdtscp[],
	vcg_cr3_write[], vcg_cr3_read[], vcg_cr0_write[], vcg_cr0_read[],
	vcg_cr4_read[], vcg_cr4_write[], vcg_clts[], vcg_lmsw[],
	vcg_cr8_write[], vcg_dr0_read[], vcg_dr7_write[], vcg_out_imm[],
	vcg_in_dx[], vcg_inb_dx[], vcg_outw_dx[], vcg_rep_outsb[],
	vcg_rdmsr[], vcg_wrmsr[], vcg_ud2[], vcg_load_rbx[], vcg_store_rbx[],
	vcg_load32_rbx[], vcg_store32_rbx[], vcg_vmfunc_load[],
	vcg_jmp_rbx[], vcg_invlpg[], vcg_pause[], vcg_invd[], vcg_wbinvd[],
	vcg_xsetbv[], vcg_vmread[], vcg_vmxon[], vcg_int3[], vcg_int_n[],
	vcg_nmi_x2apic[], vcg_nmi_xapic[], vcg_nmi_xapic_iret[], vcg_spin[],
	vcg_cpuid_twice[], vcg_mov_ss_cpuid[], vcg_sti_hlt[], vcg_vmread_flags[],
	vcg_vmwrite_flags[], vcg_vmread_mem_flags[], vcg_vmwrite_mem_flags[],
	vcg_real_mode[], vcg_end[];

/*
 * NMIs the host (this module's Linux) is to take after a scenario: the
 * NMI_UNKNOWN handler of vmxconf.c claims up to vc_nmi_expected of them
 * and counts them in vc_nmi_host.
 */
extern atomic_t vc_nmi_expected, vc_nmi_host;

/* Scenario tables, one per file. */
extern const struct vc_scn vc_scn_insn[], vc_scn_entry[], vc_scn_exit[],
	vc_scn_event[], vc_scn_apicv[], vc_scn_vmfunc[], vc_scn_ept_ad[];
/* scn_fuzz.c: case vc_fuzz_idx of seed vc_fuzz_seed (docs/conformance.md) */
extern unsigned long vc_fuzz_seed;
extern unsigned int vc_fuzz_idx;
void vc_fuzz_case(struct vc_ctx *c);
extern const unsigned int vc_scn_insn_nr, vc_scn_entry_nr, vc_scn_exit_nr,
	vc_scn_event_nr, vc_scn_apicv_nr, vc_scn_vmfunc_nr, vc_scn_ept_ad_nr;

#endif
