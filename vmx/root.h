/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the root core (vmx/, apic/). */
#ifndef HVNEST_ROOT_H
#define HVNEST_ROOT_H

#include "hv_cpu.h"
#include "hv_insn.h"
#include "vmcs_access.h"
#include "vmcs_fields.h"
#include "vmx_caps.h"

/* Basic exit reasons used by hvnest (SDM Appendix C). */
#define EXIT_EXCEPTION_NMI 0
#define EXIT_TRIPLE_FAULT 2
#define EXIT_INIT 3
#define EXIT_SIPI 4
#define EXIT_NMI_WINDOW 8
#define EXIT_TASK_SWITCH 9
#define EXIT_CPUID 10
#define EXIT_GETSEC 11
#define EXIT_INVD 13
#define EXIT_VMCALL 18
#define EXIT_VMCLEAR 19
#define EXIT_VMLAUNCH 20
#define EXIT_VMPTRLD 21
#define EXIT_VMPTRST 22
#define EXIT_VMREAD 23
#define EXIT_VMRESUME 24
#define EXIT_VMWRITE 25
#define EXIT_VMXOFF 26
#define EXIT_VMXON 27
#define EXIT_CR_ACCESS 28
#define EXIT_MONITOR_TRAP_FLAG 37
#define EXIT_RDMSR 31
#define VEC_GP_FAULT 13
#define EXIT_WRMSR 32
#define EXIT_EPT_VIOLATION 48
#define EXIT_EPT_MISCONFIG 49
#define EXIT_INVEPT 50
#define EXIT_INVVPID 53
#define EXIT_XSETBV 55
#define EXIT_VMFUNC 59
#define EXIT_REASON_ENTRY_FAILED HV_BIT(31)

/* MSRs the root core reads or writes by number (SDM Vol. 4). */
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_EFER 0xc0000080
#define MSR_PAT 0x277
#define MSR_DEBUGCTL 0x1d9
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

/* VM-entry interruption information (SDM 24.8.3). */
/* Pending debug exceptions: BS, a single-step trap (SDM 24.4.2). */
#define PENDING_DBG_BS HV_BIT(14)
#define INTR_INFO_VALID HV_BIT(31)
#define INTR_INFO_DELIVER_CODE HV_BIT(11)
#define INTR_TYPE_NMI (2 << 8)
#define INTR_TYPE_HW_EXCEPTION (3 << 8)
#define INTR_INFO_TYPE_MASK (7 << 8)
#define VEC_NMI 2
#define VEC_UD 6
#define VEC_GP 13

/* Primary processor-based control bits used at run time (SDM 24.6.2). */
#define PROC_NMI_WINDOW HV_BIT(22)
#define PROC_CR3_LOAD HV_BIT(15)
#define PROC_CR3_STORE HV_BIT(16)

#define RFLAGS_RESERVED1 HV_BIT(1)

/* Set up the root GDT, TSS and IDT of @c (vmx/root_desc.c). */
void hv_root_tables_init(struct hv_cpu *c);

/* VMCS01 from c->cfg and c->linux_state; false if a VMWRITE failed. */
bool hv_vmcs01_setup(struct hv_cpu *c);

/* Exit handling (vmx/exit.c). */
void hv_handle_exit(struct hv_cpu *c, struct hv_gprs *g);
void hv_inject_exception(u32 vector, bool has_code, u32 code);
/* An exit root mode has no handler for: logged, counted, #UD to L1. */
void hv_unexpected(struct hv_cpu *c, u32 reason);
void hv_skip_instruction(void);
void hv_reinject_vectored_event(void);
void hv_ept_iret_reblock_nmis(void);
void hv_log_now(struct hv_cpu *c, enum hv_log_code code, u64 a, u64 b,
		u64 d);

/* Per-reason handlers (vmx/exit_*.c). */
void hv_exit_cpuid(struct hv_cpu *c, struct hv_gprs *g);
void hv_exit_vmcall(struct hv_cpu *c, struct hv_gprs *g);
void hv_exit_cr_access(struct hv_cpu *c, struct hv_gprs *g);
void hv_set_entry_ia32e(bool on);
void hv_l1_set_cr0(struct hv_cpu *c, u64 v);
void hv_l1_set_cr4(struct hv_cpu *c, u64 v);
void hv_exit_msr(struct hv_cpu *c, struct hv_gprs *g, bool write);
void hv_exit_xsetbv(struct hv_cpu *c, struct hv_gprs *g);

/* vmx/ept01_cpu.c */
bool hv_ept01_refresh(struct hv_cpu *c);
bool hv_ept01_rebuild(struct hv_cpu *c);
void hv_ept01_mtrr_written(struct hv_cpu *c, u32 msr);

/* vmx/hand_back.c */
void hv_e9_entry_state(const char *tag); /* to port 0xe9 (debug) */
void hv_unload_ref(struct hv_cpu *c, int delta);
void hv_cpu_stopped(struct hv_cpu *c);

/* nested/exit_vmx.c */
void hv_exit_vmx_insn(struct hv_cpu *c, struct hv_gprs *g, u32 reason);

/*
 * nested/vmcs02_image.c, at a launch: a CPU handed back and launched again
 * holds nothing of VMCS02, the shadow VMCSs or EPT02 that root mode knew.
 */
void hv_l2_forget(struct hv_l2 *l2);

/* vmx/exit_ept.c */
void hv_exit_ept(struct hv_cpu *c, u32 reason);
void hv_ept01_trash_end(struct hv_cpu *c);

/*
 * Control never comes back from these. They are not declared noreturn so
 * that their callers end in hv_dead_end(), which objtool understands.
 */
#define hv_dead_end()                                                        \
	do {                                                                 \
		__asm__ __volatile__("ud2");                                 \
		__builtin_unreachable();                                     \
	} while (0)

/* Handing a CPU back to Linux (vmx/hand_back.c). */
void hv_hand_back(struct hv_cpu *c, struct hv_gprs *g, u64 rip, u64 rax);
void hv_vmresume_failed(struct hv_cpu *c, struct hv_gprs *g);

/* NMIs (apic/nmi.c). */
void hv_root_nmi_handler(struct hv_cpu *c, struct hv_exc_frame *f);
void hv_nmi_open_window(struct hv_cpu *c);
void hv_nmi_set_window(struct hv_cpu *c, bool on);
void hv_nmi_window_exit(struct hv_cpu *c);
void hv_nmi_exit(struct hv_cpu *c);
void hv_nmi_unblock(void);

/* INIT and SIPI (apic/init_sipi.c). */
void hv_cpu_init(struct hv_cpu *c, struct hv_gprs *g);
bool hv_exit_init(struct hv_cpu *c, struct hv_gprs *g);
void hv_exit_sipi(struct hv_cpu *c);
void hv_sipi_quirks(void);

/* Root exceptions (vmx/root_idt.c). */
void hv_root_exception(struct hv_cpu *c, struct hv_exc_frame *f);

/* vmx/entry.S */
struct hv_hand_back_regs;
int hv_asm_launch(void);
void hv_asm_hand_back(struct hv_hand_back_regs *r); /* does not return */
extern char hv_vmexit_entry[], hv_exit_tail[], hv_exit_tail_end[];
extern char hv_exit_recover[];

/*
 * HOST_RSP of this CPU's VMCSs: the root stack's top less the slot of the
 * hv_cpu pointer (vmx/entry.S). An exit's GPR frame lies just below it.
 */
static inline u64 hv_host_rsp(const struct hv_cpu *c)
{
	return (u64)c->stack_top - 16;
}
extern const u64 hv_root_idt_stubs[32];
int hv_wrmsr_safe(u32 msr, u64 value);
extern char hv_wrmsr_safe_insn[];
int hv_rdmsr_safe(u32 msr, u64 *value);
extern char hv_rdmsr_safe_insn[];

/*
 * L1's CR0 or CR4 as L1 sees it (VMCS01 current): the read shadow in the
 * bits L0 owns (@mask), the real value elsewhere (SDM 25.3).
 */
static inline u64 hv_l1_cr(u32 guest, u32 shadow, u64 mask)
{
	return (hv_vmread(guest) & ~mask) | (hv_vmread(shadow) & mask);
}

/* VMCS01 has unrestricted guest: L1 may run in real mode (SDM 24.6.2). */
static inline bool hv_unrestricted(const struct hv_cpu *c)
{
	return c->cfg.proc2 & HV_PROC2_UNRESTRICTED;
}

/* Single-instruction updates: safe against an NMI on this CPU. */
static inline void hv_inc(u64 *p)
{
	__asm__ __volatile__("incq %0" : "+m"(*p));
}

static inline void hv_dec(u64 *p)
{
	__asm__ __volatile__("decq %0" : "+m"(*p));
}

/* Statistics writer side (struct hv_stats). */
static inline void hv_stats_begin(struct hv_stats *s)
{
	s->seq++;
	__asm__ __volatile__("" ::: "memory");
}

static inline void hv_stats_end(struct hv_stats *s)
{
	__asm__ __volatile__("" ::: "memory");
	s->seq++;
}

#endif /* HVNEST_ROOT_H */
