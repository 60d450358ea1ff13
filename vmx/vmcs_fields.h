/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of VMCS fields (SDM Appendix B, field encodings; SDM 24.11.2
 * for the encoding format). X(name, encoding). The width is part of the
 * encoding (bits 14:13: 0 = 16-bit, 1 = 64-bit, 2 = 32-bit, 3 = natural
 * width) and the type too (bits 11:10: 0 control, 1 read-only data,
 * 2 guest state, 3 host state); vmcs_field_width() and vmcs_field_type()
 * decode them, and the unit tests check every entry against its name.
 * Nested VMX adds how each field travels between VMCS12 and VMCS02.
 */
#ifndef HVNEST_VMCS_FIELDS_H
#define HVNEST_VMCS_FIELDS_H

#include "hv_types.h"

#define VMCS_FIELDS(X)                                                       \
	/* 16-bit control */                                                 \
	X(VIRTUAL_PROCESSOR_ID, 0x0000)                                      \
	X(POSTED_INTR_NV, 0x0002)                                            \
	X(EPTP_INDEX, 0x0004)                                                \
	/* 16-bit guest state */                                             \
	X(GUEST_ES_SELECTOR, 0x0800)                                         \
	X(GUEST_CS_SELECTOR, 0x0802)                                         \
	X(GUEST_SS_SELECTOR, 0x0804)                                         \
	X(GUEST_DS_SELECTOR, 0x0806)                                         \
	X(GUEST_FS_SELECTOR, 0x0808)                                         \
	X(GUEST_GS_SELECTOR, 0x080a)                                         \
	X(GUEST_LDTR_SELECTOR, 0x080c)                                       \
	X(GUEST_TR_SELECTOR, 0x080e)                                         \
	X(GUEST_INTR_STATUS, 0x0810)                                         \
	X(GUEST_PML_INDEX, 0x0812)                                           \
	/* 16-bit host state */                                              \
	X(HOST_ES_SELECTOR, 0x0c00)                                          \
	X(HOST_CS_SELECTOR, 0x0c02)                                          \
	X(HOST_SS_SELECTOR, 0x0c04)                                          \
	X(HOST_DS_SELECTOR, 0x0c06)                                          \
	X(HOST_FS_SELECTOR, 0x0c08)                                          \
	X(HOST_GS_SELECTOR, 0x0c0a)                                          \
	X(HOST_TR_SELECTOR, 0x0c0c)                                          \
	/* 64-bit control */                                                 \
	X(IO_BITMAP_A, 0x2000)                                               \
	X(IO_BITMAP_B, 0x2002)                                               \
	X(MSR_BITMAP, 0x2004)                                                \
	X(VM_EXIT_MSR_STORE_ADDR, 0x2006)                                    \
	X(VM_EXIT_MSR_LOAD_ADDR, 0x2008)                                     \
	X(VM_ENTRY_MSR_LOAD_ADDR, 0x200a)                                    \
	X(EXECUTIVE_VMCS_POINTER, 0x200c)                                    \
	X(PML_ADDRESS, 0x200e)                                               \
	X(TSC_OFFSET, 0x2010)                                                \
	X(VIRTUAL_APIC_PAGE_ADDR, 0x2012)                                    \
	X(APIC_ACCESS_ADDR, 0x2014)                                          \
	X(POSTED_INTR_DESC_ADDR, 0x2016)                                     \
	X(VM_FUNCTION_CONTROL, 0x2018)                                       \
	X(EPT_POINTER, 0x201a)                                               \
	X(EOI_EXIT_BITMAP0, 0x201c)                                          \
	X(EOI_EXIT_BITMAP1, 0x201e)                                          \
	X(EOI_EXIT_BITMAP2, 0x2020)                                          \
	X(EOI_EXIT_BITMAP3, 0x2022)                                          \
	X(EPTP_LIST_ADDRESS, 0x2024)                                         \
	X(VMREAD_BITMAP, 0x2026)                                             \
	X(VMWRITE_BITMAP, 0x2028)                                            \
	X(VE_INFORMATION_ADDRESS, 0x202a)                                    \
	X(XSS_EXIT_BITMAP, 0x202c)                                           \
	X(TSC_MULTIPLIER, 0x2032)                                            \
	/* 64-bit read-only data */                                          \
	X(GUEST_PHYSICAL_ADDRESS, 0x2400)                                    \
	/* 64-bit guest state */                                             \
	X(VMCS_LINK_POINTER, 0x2800)                                         \
	X(GUEST_IA32_DEBUGCTL, 0x2802)                                       \
	X(GUEST_IA32_PAT, 0x2804)                                            \
	X(GUEST_IA32_EFER, 0x2806)                                           \
	X(GUEST_IA32_PERF_GLOBAL_CTRL, 0x2808)                               \
	X(GUEST_PDPTR0, 0x280a)                                              \
	X(GUEST_PDPTR1, 0x280c)                                              \
	X(GUEST_PDPTR2, 0x280e)                                              \
	X(GUEST_PDPTR3, 0x2810)                                              \
	X(GUEST_IA32_BNDCFGS, 0x2812)                                        \
	/* 64-bit host state */                                              \
	X(HOST_IA32_PAT, 0x2c00)                                             \
	X(HOST_IA32_EFER, 0x2c02)                                            \
	X(HOST_IA32_PERF_GLOBAL_CTRL, 0x2c04)                                \
	/* 32-bit control */                                                 \
	X(PIN_BASED_VM_EXEC_CONTROL, 0x4000)                                 \
	X(CPU_BASED_VM_EXEC_CONTROL, 0x4002)                                 \
	X(EXCEPTION_BITMAP, 0x4004)                                          \
	X(PAGE_FAULT_ERROR_CODE_MASK, 0x4006)                                \
	X(PAGE_FAULT_ERROR_CODE_MATCH, 0x4008)                               \
	X(CR3_TARGET_COUNT, 0x400a)                                          \
	X(VM_EXIT_CONTROLS, 0x400c)                                          \
	X(VM_EXIT_MSR_STORE_COUNT, 0x400e)                                   \
	X(VM_EXIT_MSR_LOAD_COUNT, 0x4010)                                    \
	X(VM_ENTRY_CONTROLS, 0x4012)                                         \
	X(VM_ENTRY_MSR_LOAD_COUNT, 0x4014)                                   \
	X(VM_ENTRY_INTR_INFO, 0x4016)                                        \
	X(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018)                             \
	X(VM_ENTRY_INSTRUCTION_LEN, 0x401a)                                  \
	X(TPR_THRESHOLD, 0x401c)                                             \
	X(SECONDARY_VM_EXEC_CONTROL, 0x401e)                                 \
	X(PLE_GAP, 0x4020)                                                   \
	X(PLE_WINDOW, 0x4022)                                                \
	/* 32-bit read-only data */                                          \
	X(VM_INSTRUCTION_ERROR, 0x4400)                                      \
	X(VM_EXIT_REASON, 0x4402)                                            \
	X(VM_EXIT_INTR_INFO, 0x4404)                                         \
	X(VM_EXIT_INTR_ERROR_CODE, 0x4406)                                   \
	X(IDT_VECTORING_INFO, 0x4408)                                        \
	X(IDT_VECTORING_ERROR_CODE, 0x440a)                                  \
	X(VM_EXIT_INSTRUCTION_LEN, 0x440c)                                   \
	X(VMX_INSTRUCTION_INFO, 0x440e)                                      \
	/* 32-bit guest state */                                             \
	X(GUEST_ES_LIMIT, 0x4800)                                            \
	X(GUEST_CS_LIMIT, 0x4802)                                            \
	X(GUEST_SS_LIMIT, 0x4804)                                            \
	X(GUEST_DS_LIMIT, 0x4806)                                            \
	X(GUEST_FS_LIMIT, 0x4808)                                            \
	X(GUEST_GS_LIMIT, 0x480a)                                            \
	X(GUEST_LDTR_LIMIT, 0x480c)                                          \
	X(GUEST_TR_LIMIT, 0x480e)                                            \
	X(GUEST_GDTR_LIMIT, 0x4810)                                          \
	X(GUEST_IDTR_LIMIT, 0x4812)                                          \
	X(GUEST_ES_AR_BYTES, 0x4814)                                         \
	X(GUEST_CS_AR_BYTES, 0x4816)                                         \
	X(GUEST_SS_AR_BYTES, 0x4818)                                         \
	X(GUEST_DS_AR_BYTES, 0x481a)                                         \
	X(GUEST_FS_AR_BYTES, 0x481c)                                         \
	X(GUEST_GS_AR_BYTES, 0x481e)                                         \
	X(GUEST_LDTR_AR_BYTES, 0x4820)                                       \
	X(GUEST_TR_AR_BYTES, 0x4822)                                         \
	X(GUEST_INTERRUPTIBILITY_INFO, 0x4824)                               \
	X(GUEST_ACTIVITY_STATE, 0x4826)                                      \
	X(GUEST_SMBASE, 0x4828)                                              \
	X(GUEST_SYSENTER_CS, 0x482a)                                         \
	X(VMX_PREEMPTION_TIMER_VALUE, 0x482e)                                \
	/* 32-bit host state */                                              \
	X(HOST_IA32_SYSENTER_CS, 0x4c00)                                     \
	/* natural-width control */                                          \
	X(CR0_GUEST_HOST_MASK, 0x6000)                                       \
	X(CR4_GUEST_HOST_MASK, 0x6002)                                       \
	X(CR0_READ_SHADOW, 0x6004)                                           \
	X(CR4_READ_SHADOW, 0x6006)                                           \
	X(CR3_TARGET_VALUE0, 0x6008)                                         \
	X(CR3_TARGET_VALUE1, 0x600a)                                         \
	X(CR3_TARGET_VALUE2, 0x600c)                                         \
	X(CR3_TARGET_VALUE3, 0x600e)                                         \
	/* natural-width read-only data */                                   \
	X(EXIT_QUALIFICATION, 0x6400)                                        \
	X(IO_RCX, 0x6402)                                                    \
	X(IO_RSI, 0x6404)                                                    \
	X(IO_RDI, 0x6406)                                                    \
	X(IO_RIP, 0x6408)                                                    \
	X(GUEST_LINEAR_ADDRESS, 0x640a)                                      \
	/* natural-width guest state */                                      \
	X(GUEST_CR0, 0x6800)                                                 \
	X(GUEST_CR3, 0x6802)                                                 \
	X(GUEST_CR4, 0x6804)                                                 \
	X(GUEST_ES_BASE, 0x6806)                                             \
	X(GUEST_CS_BASE, 0x6808)                                             \
	X(GUEST_SS_BASE, 0x680a)                                             \
	X(GUEST_DS_BASE, 0x680c)                                             \
	X(GUEST_FS_BASE, 0x680e)                                             \
	X(GUEST_GS_BASE, 0x6810)                                             \
	X(GUEST_LDTR_BASE, 0x6812)                                           \
	X(GUEST_TR_BASE, 0x6814)                                             \
	X(GUEST_GDTR_BASE, 0x6816)                                           \
	X(GUEST_IDTR_BASE, 0x6818)                                           \
	X(GUEST_DR7, 0x681a)                                                 \
	X(GUEST_RSP, 0x681c)                                                 \
	X(GUEST_RIP, 0x681e)                                                 \
	X(GUEST_RFLAGS, 0x6820)                                              \
	X(GUEST_PENDING_DBG_EXCEPTIONS, 0x6822)                              \
	X(GUEST_SYSENTER_ESP, 0x6824)                                        \
	X(GUEST_SYSENTER_EIP, 0x6826)                                        \
	/* natural-width host state */                                       \
	X(HOST_CR0, 0x6c00)                                                  \
	X(HOST_CR3, 0x6c02)                                                  \
	X(HOST_CR4, 0x6c04)                                                  \
	X(HOST_FS_BASE, 0x6c06)                                              \
	X(HOST_GS_BASE, 0x6c08)                                              \
	X(HOST_TR_BASE, 0x6c0a)                                              \
	X(HOST_GDTR_BASE, 0x6c0c)                                            \
	X(HOST_IDTR_BASE, 0x6c0e)                                            \
	X(HOST_IA32_SYSENTER_ESP, 0x6c10)                                    \
	X(HOST_IA32_SYSENTER_EIP, 0x6c12)                                    \
	X(HOST_RSP, 0x6c14)                                                  \
	X(HOST_RIP, 0x6c16)

enum vmcs_field {
#define VMCS_ENUM(name, enc) VMCS_##name = (enc),
	VMCS_FIELDS(VMCS_ENUM)
#undef VMCS_ENUM
};

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

struct vmcs_field_desc {
	const char *name;
	u32 encoding;
};

/* vmx/vmcs_fields.c: the table as data, for dumps and the self-tests. */
extern const struct vmcs_field_desc vmcs_field_table[];
extern const unsigned int vmcs_field_count;
const struct vmcs_field_desc *vmcs_field_lookup(u32 encoding);

#endif /* HVNEST_VMCS_FIELDS_H */
