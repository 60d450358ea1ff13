/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of VMCS fields (SDM Appendix B, field encodings; SDM 24.11.2
 * for the encoding format). X(name, encoding). The width is part of the
 * encoding (bits 14:13: 0 = 16-bit, 1 = 64-bit, 2 = 32-bit, 3 = natural
 * width) and the type too (bits 11:10: 0 control, 1 read-only data,
 * 2 guest state, 3 host state); vmcs_field_width() and vmcs_field_type()
 * decode them, and the unit tests check every entry against its name.
 * The third column says how the field travels between L1's VMCS12 and the
 * VMCS02 that L2 really runs on (enum vmcs02_how): nested VM entry
 * (nested/nested_entry.c) and the exits reflected to L1
 * (nested/nested_exit.c) walk the table by it.
 */
#ifndef HVNEST_VMCS_FIELDS_H
#define HVNEST_VMCS_FIELDS_H

#include "hv_types.h"

/*
 * enum vmcs02_how, per field:
 *  V02_GUEST     guest state: VMCS12 -> VMCS02 at entry, back at a reflected
 *                exit (SDM 26.3.2, 27.3)
 *  V02_CTL       control used as L1 wrote it: VMCS12 -> VMCS02 at entry
 *  V02_MERGED    computed by L0 from VMCS12 and its own needs (controls,
 *                EPTP, VPID, MSR bitmap and lists, state the entry and
 *                exit controls decide, the interruptibility state the NMI
 *                controls decide)
 *  V02_HOST      host state: VMCS02 keeps L0's; L1's is loaded into L1 at a
 *                reflected exit (SDM 27.5)
 *  V02_EXIT_INFO VM-exit information: VMCS02 -> VMCS12 at a reflected exit
 *  V02_L0        written only by L0's emulation (VM-instruction error)
 *  V02_UNUSED    its feature is never offered to L1 (nested/l1_caps.c)
 */
#define VMCS_FIELDS(X)                                     \
	/* 16-bit control */                               \
	X(VIRTUAL_PROCESSOR_ID, 0x0000, V02_MERGED)        \
	X(POSTED_INTR_NV, 0x0002, V02_UNUSED)              \
	X(EPTP_INDEX, 0x0004, V02_UNUSED)                  \
	/* 16-bit guest state */                           \
	X(GUEST_ES_SELECTOR, 0x0800, V02_GUEST)            \
	X(GUEST_CS_SELECTOR, 0x0802, V02_GUEST)            \
	X(GUEST_SS_SELECTOR, 0x0804, V02_GUEST)            \
	X(GUEST_DS_SELECTOR, 0x0806, V02_GUEST)            \
	X(GUEST_FS_SELECTOR, 0x0808, V02_GUEST)            \
	X(GUEST_GS_SELECTOR, 0x080a, V02_GUEST)            \
	X(GUEST_LDTR_SELECTOR, 0x080c, V02_GUEST)          \
	X(GUEST_TR_SELECTOR, 0x080e, V02_GUEST)            \
	X(GUEST_INTR_STATUS, 0x0810, V02_GUEST)            \
	X(GUEST_PML_INDEX, 0x0812, V02_GUEST)              \
	/* 16-bit host state */                            \
	X(HOST_ES_SELECTOR, 0x0c00, V02_HOST)              \
	X(HOST_CS_SELECTOR, 0x0c02, V02_HOST)              \
	X(HOST_SS_SELECTOR, 0x0c04, V02_HOST)              \
	X(HOST_DS_SELECTOR, 0x0c06, V02_HOST)              \
	X(HOST_FS_SELECTOR, 0x0c08, V02_HOST)              \
	X(HOST_GS_SELECTOR, 0x0c0a, V02_HOST)              \
	X(HOST_TR_SELECTOR, 0x0c0c, V02_HOST)              \
	/* 64-bit control */                               \
	X(IO_BITMAP_A, 0x2000, V02_CTL)                    \
	X(IO_BITMAP_B, 0x2002, V02_CTL)                    \
	X(MSR_BITMAP, 0x2004, V02_MERGED)                  \
	X(VM_EXIT_MSR_STORE_ADDR, 0x2006, V02_MERGED)      \
	X(VM_EXIT_MSR_LOAD_ADDR, 0x2008, V02_MERGED)       \
	X(VM_ENTRY_MSR_LOAD_ADDR, 0x200a, V02_MERGED)      \
	X(EXECUTIVE_VMCS_POINTER, 0x200c, V02_UNUSED)      \
	X(PML_ADDRESS, 0x200e, V02_CTL)                    \
	X(TSC_OFFSET, 0x2010, V02_CTL)                     \
	X(VIRTUAL_APIC_PAGE_ADDR, 0x2012, V02_CTL)         \
	X(APIC_ACCESS_ADDR, 0x2014, V02_CTL)               \
	X(POSTED_INTR_DESC_ADDR, 0x2016, V02_UNUSED)       \
	X(VM_FUNCTION_CONTROL, 0x2018, V02_MERGED)         \
	X(EPT_POINTER, 0x201a, V02_MERGED)                 \
	X(EOI_EXIT_BITMAP0, 0x201c, V02_CTL)               \
	X(EOI_EXIT_BITMAP1, 0x201e, V02_CTL)               \
	X(EOI_EXIT_BITMAP2, 0x2020, V02_CTL)               \
	X(EOI_EXIT_BITMAP3, 0x2022, V02_CTL)               \
	X(EPTP_LIST_ADDRESS, 0x2024, V02_MERGED)           \
	X(VMREAD_BITMAP, 0x2026, V02_UNUSED)               \
	X(VMWRITE_BITMAP, 0x2028, V02_UNUSED)              \
	X(VE_INFORMATION_ADDRESS, 0x202a, V02_UNUSED)      \
	X(XSS_EXIT_BITMAP, 0x202c, V02_CTL)                \
	X(TSC_MULTIPLIER, 0x2032, V02_CTL)                 \
	/* 64-bit read-only data */                        \
	X(GUEST_PHYSICAL_ADDRESS, 0x2400, V02_EXIT_INFO)   \
	/* 64-bit guest state */                           \
	X(VMCS_LINK_POINTER, 0x2800, V02_MERGED)           \
	X(GUEST_IA32_DEBUGCTL, 0x2802, V02_MERGED)         \
	X(GUEST_IA32_PAT, 0x2804, V02_MERGED)              \
	X(GUEST_IA32_EFER, 0x2806, V02_MERGED)             \
	X(GUEST_IA32_PERF_GLOBAL_CTRL, 0x2808, V02_UNUSED) \
	X(GUEST_PDPTR0, 0x280a, V02_MERGED)                \
	X(GUEST_PDPTR1, 0x280c, V02_MERGED)                \
	X(GUEST_PDPTR2, 0x280e, V02_MERGED)                \
	X(GUEST_PDPTR3, 0x2810, V02_MERGED)                \
	X(GUEST_IA32_BNDCFGS, 0x2812, V02_UNUSED)          \
	/* 64-bit host state */                            \
	X(HOST_IA32_PAT, 0x2c00, V02_HOST)                 \
	X(HOST_IA32_EFER, 0x2c02, V02_HOST)                \
	X(HOST_IA32_PERF_GLOBAL_CTRL, 0x2c04, V02_UNUSED)  \
	/* 32-bit control */                               \
	X(PIN_BASED_VM_EXEC_CONTROL, 0x4000, V02_MERGED)   \
	X(CPU_BASED_VM_EXEC_CONTROL, 0x4002, V02_MERGED)   \
	X(EXCEPTION_BITMAP, 0x4004, V02_CTL)               \
	X(PAGE_FAULT_ERROR_CODE_MASK, 0x4006, V02_CTL)     \
	X(PAGE_FAULT_ERROR_CODE_MATCH, 0x4008, V02_CTL)    \
	X(CR3_TARGET_COUNT, 0x400a, V02_CTL)               \
	X(VM_EXIT_CONTROLS, 0x400c, V02_MERGED)            \
	X(VM_EXIT_MSR_STORE_COUNT, 0x400e, V02_MERGED)     \
	X(VM_EXIT_MSR_LOAD_COUNT, 0x4010, V02_MERGED)      \
	X(VM_ENTRY_CONTROLS, 0x4012, V02_MERGED)           \
	X(VM_ENTRY_MSR_LOAD_COUNT, 0x4014, V02_MERGED)     \
	X(VM_ENTRY_INTR_INFO, 0x4016, V02_CTL)             \
	X(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018, V02_CTL)  \
	X(VM_ENTRY_INSTRUCTION_LEN, 0x401a, V02_CTL)       \
	X(TPR_THRESHOLD, 0x401c, V02_CTL)                  \
	X(SECONDARY_VM_EXEC_CONTROL, 0x401e, V02_MERGED)   \
	X(PLE_GAP, 0x4020, V02_CTL)                        \
	X(PLE_WINDOW, 0x4022, V02_CTL)                     \
	/* 32-bit read-only data */                        \
	X(VM_INSTRUCTION_ERROR, 0x4400, V02_L0)            \
	X(VM_EXIT_REASON, 0x4402, V02_EXIT_INFO)           \
	X(VM_EXIT_INTR_INFO, 0x4404, V02_EXIT_INFO)        \
	X(VM_EXIT_INTR_ERROR_CODE, 0x4406, V02_EXIT_INFO)  \
	X(IDT_VECTORING_INFO, 0x4408, V02_EXIT_INFO)       \
	X(IDT_VECTORING_ERROR_CODE, 0x440a, V02_EXIT_INFO) \
	X(VM_EXIT_INSTRUCTION_LEN, 0x440c, V02_EXIT_INFO)  \
	X(VMX_INSTRUCTION_INFO, 0x440e, V02_EXIT_INFO)     \
	/* 32-bit guest state */                           \
	X(GUEST_ES_LIMIT, 0x4800, V02_GUEST)               \
	X(GUEST_CS_LIMIT, 0x4802, V02_GUEST)               \
	X(GUEST_SS_LIMIT, 0x4804, V02_GUEST)               \
	X(GUEST_DS_LIMIT, 0x4806, V02_GUEST)               \
	X(GUEST_FS_LIMIT, 0x4808, V02_GUEST)               \
	X(GUEST_GS_LIMIT, 0x480a, V02_GUEST)               \
	X(GUEST_LDTR_LIMIT, 0x480c, V02_GUEST)             \
	X(GUEST_TR_LIMIT, 0x480e, V02_GUEST)               \
	X(GUEST_GDTR_LIMIT, 0x4810, V02_GUEST)             \
	X(GUEST_IDTR_LIMIT, 0x4812, V02_GUEST)             \
	X(GUEST_ES_AR_BYTES, 0x4814, V02_GUEST)            \
	X(GUEST_CS_AR_BYTES, 0x4816, V02_GUEST)            \
	X(GUEST_SS_AR_BYTES, 0x4818, V02_GUEST)            \
	X(GUEST_DS_AR_BYTES, 0x481a, V02_GUEST)            \
	X(GUEST_FS_AR_BYTES, 0x481c, V02_GUEST)            \
	X(GUEST_GS_AR_BYTES, 0x481e, V02_GUEST)            \
	X(GUEST_LDTR_AR_BYTES, 0x4820, V02_GUEST)          \
	X(GUEST_TR_AR_BYTES, 0x4822, V02_GUEST)            \
	X(GUEST_INTERRUPTIBILITY_INFO, 0x4824, V02_MERGED) \
	X(GUEST_ACTIVITY_STATE, 0x4826, V02_GUEST)         \
	X(GUEST_SMBASE, 0x4828, V02_UNUSED)                \
	X(GUEST_SYSENTER_CS, 0x482a, V02_GUEST)            \
	X(VMX_PREEMPTION_TIMER_VALUE, 0x482e, V02_MERGED)  \
	/* 32-bit host state */                            \
	X(HOST_IA32_SYSENTER_CS, 0x4c00, V02_HOST)         \
	/* natural-width control */                        \
	X(CR0_GUEST_HOST_MASK, 0x6000, V02_CTL)            \
	X(CR4_GUEST_HOST_MASK, 0x6002, V02_CTL)            \
	X(CR0_READ_SHADOW, 0x6004, V02_CTL)                \
	X(CR4_READ_SHADOW, 0x6006, V02_CTL)                \
	X(CR3_TARGET_VALUE0, 0x6008, V02_CTL)              \
	X(CR3_TARGET_VALUE1, 0x600a, V02_CTL)              \
	X(CR3_TARGET_VALUE2, 0x600c, V02_CTL)              \
	X(CR3_TARGET_VALUE3, 0x600e, V02_CTL)              \
	/* natural-width read-only data */                 \
	X(EXIT_QUALIFICATION, 0x6400, V02_EXIT_INFO)       \
	X(IO_RCX, 0x6402, V02_EXIT_INFO)                   \
	X(IO_RSI, 0x6404, V02_EXIT_INFO)                   \
	X(IO_RDI, 0x6406, V02_EXIT_INFO)                   \
	X(IO_RIP, 0x6408, V02_EXIT_INFO)                   \
	X(GUEST_LINEAR_ADDRESS, 0x640a, V02_EXIT_INFO)     \
	/* natural-width guest state */                    \
	X(GUEST_CR0, 0x6800, V02_GUEST)                    \
	X(GUEST_CR3, 0x6802, V02_GUEST)                    \
	X(GUEST_CR4, 0x6804, V02_GUEST)                    \
	X(GUEST_ES_BASE, 0x6806, V02_GUEST)                \
	X(GUEST_CS_BASE, 0x6808, V02_GUEST)                \
	X(GUEST_SS_BASE, 0x680a, V02_GUEST)                \
	X(GUEST_DS_BASE, 0x680c, V02_GUEST)                \
	X(GUEST_FS_BASE, 0x680e, V02_GUEST)                \
	X(GUEST_GS_BASE, 0x6810, V02_GUEST)                \
	X(GUEST_LDTR_BASE, 0x6812, V02_GUEST)              \
	X(GUEST_TR_BASE, 0x6814, V02_GUEST)                \
	X(GUEST_GDTR_BASE, 0x6816, V02_GUEST)              \
	X(GUEST_IDTR_BASE, 0x6818, V02_GUEST)              \
	X(GUEST_DR7, 0x681a, V02_MERGED)                   \
	X(GUEST_RSP, 0x681c, V02_GUEST)                    \
	X(GUEST_RIP, 0x681e, V02_GUEST)                    \
	X(GUEST_RFLAGS, 0x6820, V02_GUEST)                 \
	X(GUEST_PENDING_DBG_EXCEPTIONS, 0x6822, V02_GUEST) \
	X(GUEST_SYSENTER_ESP, 0x6824, V02_GUEST)           \
	X(GUEST_SYSENTER_EIP, 0x6826, V02_GUEST)           \
	/* natural-width host state */                     \
	X(HOST_CR0, 0x6c00, V02_HOST)                      \
	X(HOST_CR3, 0x6c02, V02_HOST)                      \
	X(HOST_CR4, 0x6c04, V02_HOST)                      \
	X(HOST_FS_BASE, 0x6c06, V02_HOST)                  \
	X(HOST_GS_BASE, 0x6c08, V02_HOST)                  \
	X(HOST_TR_BASE, 0x6c0a, V02_HOST)                  \
	X(HOST_GDTR_BASE, 0x6c0c, V02_HOST)                \
	X(HOST_IDTR_BASE, 0x6c0e, V02_HOST)                \
	X(HOST_IA32_SYSENTER_ESP, 0x6c10, V02_HOST)        \
	X(HOST_IA32_SYSENTER_EIP, 0x6c12, V02_HOST)        \
	X(HOST_RSP, 0x6c14, V02_HOST)                      \
	X(HOST_RIP, 0x6c16, V02_HOST)

enum vmcs_field {
#define VMCS_ENUM(name, enc, how) VMCS_##name = (enc),
	VMCS_FIELDS(VMCS_ENUM)
#undef VMCS_ENUM
};

/* Values of the guest activity state (SDM 24.4.2). */
#define ACTIVITY_ACTIVE 0
#define ACTIVITY_HLT 1
#define ACTIVITY_SHUTDOWN 2
#define ACTIVITY_WAIT_SIPI 3

enum vmcs_width {
	VMCS_WIDTH_16 = 0,
	VMCS_WIDTH_64 = 1,
	VMCS_WIDTH_32 = 2,
	VMCS_WIDTH_NATURAL = 3,
};

enum vmcs_type {
	VMCS_TYPE_CONTROL = 0,
	VMCS_TYPE_RO_DATA = 1,
	VMCS_TYPE_GUEST = 2,
	VMCS_TYPE_HOST = 3,
};

/* SDM 24.11.2: encoding bits 14:13 width, 11:10 type, 0 access type. */
static inline enum vmcs_width vmcs_field_width(u32 enc)
{
	return (enum vmcs_width)((enc >> 13) & 3);
}

static inline enum vmcs_type vmcs_field_type(u32 enc)
{
	return (enum vmcs_type)((enc >> 10) & 3);
}

enum vmcs02_how {
	V02_GUEST,
	V02_CTL,
	V02_MERGED,
	V02_HOST,
	V02_EXIT_INFO,
	V02_L0,
	V02_UNUSED,
	V02_NR
};

struct vmcs_field_desc {
	const char *name;
	u32 encoding;
	enum vmcs02_how how;
};

/* SDM 24.11.2: encoding bits 9:1 are the field's index. */
static inline u32 vmcs_field_index(u32 enc)
{
	return (enc >> 1) & 0x1ff;
}

/*
 * IA32_VMX_VMCS_ENUM as the table has it (SDM A.9): bits 9:1 the highest
 * index of any field.
 */
static inline u64 vmcs_fields_enum_msr(void)
{
#define VMCS_FIELD_ENC(name, enc, how) (enc),
	static const u32 enc[] = { VMCS_FIELDS(VMCS_FIELD_ENC) };
#undef VMCS_FIELD_ENC
	u32 top = 0;
	unsigned int i;

	for (i = 0; i < HV_ARRAY_SIZE(enc); i++)
		if (vmcs_field_index(enc[i]) > top)
			top = vmcs_field_index(enc[i]);
	return (u64)top << 1;
}

/* vmx/vmcs_fields.c: the table as data, for dumps and the self-tests. */
extern const struct vmcs_field_desc vmcs_field_table[];
extern const unsigned int vmcs_field_count;
const struct vmcs_field_desc *vmcs_field_lookup(u32 encoding);

#endif /* HVNEST_VMCS_FIELDS_H */
