/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by kvm_guest.c (userspace, the VMM) and kvm_guest_code.S (the
 * guests): guest-physical layout, I/O ports, patterns.
 */
#ifndef KVM_GUEST_H
#define KVM_GUEST_H

/* Guest-physical layout of memslot 0 (SLOT0_SIZE bytes at GPA 0). */
#define SLOT0_SIZE 0x200000
#define GDT_GPA 0x1000
#define IDT_GPA 0x2000
#define TSS_GPA 0x3000
#define CODE_GPA 0x8000 /* every guest's code is copied here */
#define CODE_MAX 0x8000
#define PT_GPA 0x10000 /* page tables: 0x10000..0x15fff */
#define STACK_TOP 0x80000
#define DATA_GPA 0x100000 /* 1 MiB of data, up to SLOT0_SIZE */

/* Memslot 1 (long mode scenario): the big region. */
#define BIG_GPA 0x40000000

/* GDT selectors */
#define SEL_CODE64 0x08
#define SEL_DATA 0x10
#define SEL_CODE32 0x18
#define SEL_TSS 0x20

/* I/O ports the guests write to (no in-kernel device claims them). */
#define PORT_VAL 0x500 /* a value to report */
#define PORT_SYNC 0x501 /* a step is done, userspace acts */
#define PORT_EV 0x502 /* an event (interrupt and NMI scenarios) */
#define PORT_EXC 0x503 /* an unexpected exception: the vector */

/* Real mode: a word read through DS = RM_SEG at offset RM_OFF. */
#define RM_SEG 0x1000
#define RM_OFF 0x10

/* Protected mode: PM_SIZE bytes at VA PM_VA, mapped in reverse page order
 * to PA PM_PA; the guest writes va ^ PM_XOR to each dword.
 */
#define PM_VA 0x400000
#define PM_PA 0x180000
#define PM_SIZE 0x10000
#define PM_XOR 0x5a5a5a5a

/* Long mode: the guest writes gpa * LM_K1 to each qword; userspace then
 * writes gpa * LM_K2 + LM_K3, which the guest checks.
 */
#define LM_K1 0x9e3779b97f4a7c15
#define LM_K2 0xc2b2ae3d27d4eb4f
#define LM_K3 0x165667b19e3779f9

/* MMIO: nothing is mapped here. */
#define MMIO_GPA 0xd0000000

/* MSRs: one the filter denies, one it allows. */
#define MSR_DENIED 0x174 /* IA32_SYSENTER_CS */
#define MSR_ALLOWED 0x175 /* IA32_SYSENTER_ESP */

/* Events on PORT_EV */
#define EV_READY 1
#define EV_AFTER_HLT 2
#define EV_READY_B 3
#define EV_BEFORE_STI 4
#define EV_AFTER_STI 5
#define EV_AFTER_NMI 6
#define EV_DONE 7
#define EV_NMI_IN 8
#define EV_NMI_OUT 9
#define EV_IRQ 0x100 /* + vector */

/* Several vCPUs: the shared counter, then one region per vCPU. */
#define SMP_SHARED_GPA DATA_GPA
#define SMP_REGION_GPA (DATA_GPA + 0x10000)
#define SMP_REGION_SIZE 0x10000
#define SMP_SLOTS 512 /* qwords after the per-vCPU counter */

/* Exception stub i is at lm_exc_stubs + i * EXC_STUB_SIZE. */
#define EXC_STUB_SIZE 16

/* NMI scenario: the handler counts here. */
#define NMI_COUNT_GPA DATA_GPA

/*
 * APIC scenario: the in-kernel local APIC at its reset base, the vector
 * of its self-IPI, and where the handler leaves what it saw.
 */
#define APIC_GPA 0xfee00000
#define APIC_VEC 0x44
#define APIC_SEEN_GPA (DATA_GPA + 0x100) /* count, then ISR in handler */

#ifndef __ASSEMBLER__
/* Guest code in kvm_guest_code.S */
extern const unsigned char rm_start[], rm_hlt[], rm_end[];
extern const unsigned char pm_start[], pm_end[];
extern const unsigned char lm_start[], lm_end[];
extern const unsigned char lm_fill[], lm_mmio[], lm_irq[], lm_nmi[];
extern const unsigned char lm_cpuid[], lm_msr[], lm_msr_gp[], lm_smp[];
extern const unsigned char lm_tsc[], lm_apic[], lm_apic_irq[];
extern const unsigned char lm_irq40[], lm_irq41[], lm_nmi_handler[];
extern const unsigned char lm_exc_stubs[];
#endif

#endif
