/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root-mode log: a per-CPU ring of fixed-size records in root-owned
 * memory. Root mode never formats text nor calls printk: it appends a code
 * and three numbers; the Linux side drains the ring and prints them with
 * the format of hv_log_formats[code]. One producer (root on that CPU), one
 * consumer (the Linux drain); no locks, no atomics: x86 keeps stores in
 * order, so compiler barriers suffice. A full ring drops and counts.
 */
#ifndef HVNEST_ROOT_LOG_H
#define HVNEST_ROOT_LOG_H

#include "hv_types.h"

#define HV_LOG_ENTRIES 64 /* power of two */

/* X(code, format of the three arguments) */
#define HV_LOG_CODES(X)                                                      \
	X(HV_LOG_NONE, "-")                                                  \
	X(HV_LOG_UNEXPECTED_EXIT,                                            \
	  "unexpected VM exit: reason %llu, qualification %#llx, rip %#llx") \
	X(HV_LOG_ROOT_EXCEPTION,                                             \
	  "exception in root mode: vector %llu at %#llx, error code %#llx")  \
	X(HV_LOG_TRIPLE_FAULT,                                               \
	  "guest triple fault at rip %#llx (cr3 %#llx): CPU put in shutdown state; it cannot be handed back, so unloading hvnest is refused") \
	X(HV_LOG_INIT_SIGNAL,                                                \
	  "INIT at rip %#llx: CPU reset (SDM table 9-1), BSP %llu, %llu NMIs dropped; unloading hvnest is refused") \
	X(HV_LOG_SIPI_UNSUPPORTED,                                           \
	  "SIPI vector %#llx ignored: starting a CPU in real mode needs unrestricted guest with EPT") \
	X(HV_LOG_SIPI_START,                                                 \
	  "SIPI vector %#llx: CPU started in real mode at %#llx")             \
	X(HV_LOG_INIT_HELD,                                                  \
	  "INIT at rip %#llx while L1 is in VMX root operation: held until its VMXOFF or its next VM entry (SDM 23.8)") \
	X(HV_LOG_VMRESUME_FAILED,                                            \
	  "VMRESUME failed: VM-instruction error %llu, rflags %#llx")    \
	X(HV_LOG_BAD_HYPERCALL,                                              \
	  "hypercall %#llx refused: CPL %llu, key ok %llu")                   \
	X(HV_LOG_CR_WRITE_UNSUPPORTED,                                       \
	  "MOV to CR%llu of %#llx at rip %#llx not emulated: #GP injected")    \
	X(HV_LOG_EPT_EXIT,                                                   \
	  "EPT exit (reason %llu) at guest-physical %#llx, qualification %#llx: EPT01 rebuilt, retried (#GP if it repeats)") \
	X(HV_LOG_GETSEC,                                                     \
	  "GETSEC leaf %llu at rip %#llx with CR4.SMXE set before hvnest loaded: SMX is not virtualized, #UD injected") \
	X(HV_LOG_TASK_SWITCH,                                                \
	  "task switch to TSS %#llx (source %llu) at rip %#llx: not supported in IA-32e mode, #GP injected") \
	X(HV_LOG_EPT01_REBUILT,                                              \
	  "EPT01 rebuilt after MTRR write (MSR %#llx): %llu tables, MTRRs enabled %llu") \
	X(HV_LOG_EPT01_TOO_SMALL,                                            \
	  "EPT01 not rebuilt after MTRR write (MSR %#llx): needs %llu tables, has %llu (non-contiguous MTRR mask?)") \
	X(HV_LOG_L1_VMXON,                                                   \
	  "L1 entered VMX operation (VMXON region %#llx): unloading hvnest is refused until it executes VMXOFF") \
	X(HV_LOG_L1_VMXOFF, "L1 left VMX operation (VMXON region %#llx)")  \
	X(HV_LOG_NESTED_UNIMPLEMENTED,                                       \
	  "VMX instruction (exit reason %llu) at rip %#llx not emulated yet: #UD injected") \
	X(HV_LOG_VMCS02_VMFAIL,                                              \
	  "nested entry: the CPU refused VMCS02 (VM-instruction error %llu, L2 rip %#llx): L1 gets VMfailValid") \
	X(HV_LOG_VMCS02_ENTRY_FAILED,                                        \
	  "nested entry: the CPU failed the entry to L2 (exit reason %#llx, qualification %llu, L2 rip %#llx): reflected to L1") \
	X(HV_LOG_ENTRY_VMFAIL_RULE,                                          \
	  "nested entry: VMfailValid(%llu) for L1's VM entry at rip %#llx, entry rule %llu") \
	X(HV_LOG_ENTRY_FAIL_RULE,                                            \
	  "nested entry: entry-failure exit %llu to L1, qualification %llu, entry rule %llu") \
	X(HV_LOG_EPT02_MISCONFIG,                                            \
	  "EPT misconfiguration in EPT02, or an unfixable fault, at guest-physical %#llx (eptp12 %#llx; all ones: none): EPT02 flushed") \
	X(HV_LOG_NESTED_MSR_ABORT,                                           \
	  "VMX abort for L1: VM-exit MSR-load entry %llu (MSR %#llx) failed; L1 shut down") \
	X(HV_LOG_SHADOW02_FIELD,                                             \
	  "L2's VMREAD/VMWRITE (exit reason %llu) of VMCS field %#llx, which the CPU cannot shadow: L2 gets VMfailValid(12)") \
	X(HV_LOG_EPT02_GUARDED,                                              \
	  "L2's EPT (eptp12 %#llx; all ones: none) maps L2's guest-physical %#llx onto hvnest's own memory: L2 got a scratch page there") \
	X(HV_LOG_VMCS02_GUARDED,                                             \
	  "L2's I/O bitmap or APIC page at hvnest's own memory (%#llx, VMCS12 %#llx): its I/O always exits, the page is a scratch one") \
	X(HV_LOG_EPT01_HIDDEN,                                               \
	  "L1 touched root-only page %#llx at rip %#llx (EPT qual %#llx): hidden, reads all ones")

enum hv_log_code {
#define HV_LOG_ENUM(code, fmt) code,
	HV_LOG_CODES(HV_LOG_ENUM)
#undef HV_LOG_ENUM
	HV_LOG_NR
};

extern const char *const hv_log_formats[HV_LOG_NR];

struct hv_log_entry {
	u64 tsc;
	u32 code;
	u32 reserved;
	u64 arg[3];
};

struct hv_log_ring {
	u64 head; /* next slot the producer writes; producer only */
	u64 tail; /* next slot the consumer reads; consumer only */
	u64 dropped; /* records lost to a full ring; producer only */
	struct hv_log_entry e[HV_LOG_ENTRIES];
};

/* Producer (root mode). */
void hv_log(struct hv_log_ring *r, u64 tsc, enum hv_log_code code, u64 a,
	    u64 b, u64 c);

/* Consumer (Linux side): true and *out filled while records remain. */
bool hv_log_pop(struct hv_log_ring *r, struct hv_log_entry *out);

#endif /* HVNEST_ROOT_LOG_H */
