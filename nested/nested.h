/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested VM entry and exit in root mode: L1's VMLAUNCH/VMRESUME run L2 on
 * VMCS02 (nested/nested_entry.c); L2's exits are handled in L0 or
 * reflected to L1 (nested/nested_exit.c).
 */
#ifndef HVNEST_NESTED_H
#define HVNEST_NESTED_H

#include "../vmx/root.h"
#include "vmx_insn.h"
#include "vmcs02.h"
#include "../vmx/vmx_caps.h"
#include "../ioctl/hvnest_entry_rules.h"

enum hv_nested_enter_result {
	HV_NESTED_ENTERED, /* VMCS02 is current: the exit tail enters L2 */
	HV_NESTED_FAILED_EXIT, /* entry failed: L1 resumes at its host RIP */
	HV_NESTED_VMFAIL, /* *r holds the VMfailValid for L1 */
};

/*
 * L1's VMLAUNCH (launch) or VMRESUME, past the checks of the controls and
 * the host state: the guest-state checks (SDM 26.3.1), the VM-entry
 * MSR-load list (26.4), VMCS02 from VMCS12 and L0's needs. l1_efer: L1's
 * IA32_EFER (VMCS01), read once for the whole instruction.
 */
enum hv_nested_enter_result hv_nested_enter(struct hv_cpu *c, bool launch,
					    u64 l1_efer,
					    struct hv_vmx_result *r);

/* An exit of L2 (VMCS02 current), from hv_handle_exit(). */
void hv_nested_l2_exit(struct hv_cpu *c, struct hv_gprs *g);

/*
 * NMIs are owed while L2 is the guest and no NMI window is open (from the
 * exit tail): L2's NMI exit, an NMI window in VMCS02 to deliver one to L2,
 * or held while L2 blocks them, as VMCS12's NMI controls say.
 */
void hv_nested_nmi_owed(struct hv_cpu *c);
void hv_nested_init_exit(struct hv_cpu *c);

/* VMLAUNCH/VMRESUME of VMCS02 failed (VMfailValid): L1 gets it. */
void hv_nested_vmcs02_failed(struct hv_cpu *c);

/*
 * L1's INVEPT and INVVPID succeeded: drop what L0 cached for L2. INVEPT:
 * single-context of eptp12, or all contexts (0; also L0's own reasons).
 * INVVPID: L1's type, VPID and linear address (hv_vmx_result).
 */
void hv_nested_invept(struct hv_cpu *c, u64 eptp12);
void hv_nested_invvpid(struct hv_cpu *c, u64 type, u16 vpid12, u64 la);

/*
 * The reflected exit (SDM 27): VMCS02's exit information and L2's state go
 * to VMCS12 (unless it is an entry failure), and L1 gets its host state;
 * reason, qual and intr_info replace the hardware's when synthesized.
 */
struct hv_l2_exit {
	u32 reason; /* full exit reason, bit 31 for an entry failure */
	u64 qual;
	bool from_cpu; /* exit information from VMCS02 (else synthesized) */
	bool qual_set; /* qual replaces VMCS02's (EPT violation of EPT12) */
	u32 intr_info; /* synthesized: VM-exit interruption information */
};

void hv_nested_reflect(struct hv_cpu *c, const struct hv_l2_exit *e);

/*
 * L1's VM entry failed after its VMX-instruction checks (SDM 26.8): reason
 * 33 (guest state) or 34 (MSR loading) with bit 31, L1 gets its host
 * state, and the failure is logged and counted by the rule it broke.
 */
void hv_nested_entry_failure(struct hv_cpu *c, u32 reason, u64 qual,
			     enum hvnest_entry_rule rule);
/* Count a failed nested entry by its rule (hvctl stats). */
void hv_nested_rule_broken(struct hv_cpu *c, enum hvnest_entry_rule rule);

/* MSR lists (SDM 24.7.2, 24.8.2, 26.4, 27.4, 27.6), nested/nested_msr.c. */
/*
 * 0, or the failing entry's number. MSRs the VMCS holds (EFER, PAT, ...)
 * go to the current VMCS's guest fields: VMCS02 at entry, VMCS01 at exit.
 */
u32 hv_nested_load_msrs(struct hv_cpu *c, u64 addr, u32 count);
bool hv_nested_store_msrs(struct hv_cpu *c, u64 addr, u32 count);
bool hv_nested_l1_msr_intercepted(const struct hv_vmcs12 *v12, u32 msr,
				  bool write);
void hv_nested_merge_msr_bitmap(struct hv_cpu *c, u64 l1_bitmap);

/*
 * With a shadow VMCS current: the table fields it takes (their table
 * indexes in @taken) and, in the two bitmaps (all ones before), their
 * encodings cleared, so that a guest reaches exactly those: all of them
 * by VMREAD, by VMWRITE (indexes in @written) those @writable says (all
 * if NULL) but read-only fields without "VMWRITE to any field".
 * V02_UNUSED fields only with @unused. nested/vmcs_shadow.c.
 */
void hv_shadow_fields_probe(const struct hv_cpu *c, bool unused,
			    bool (*writable)(unsigned int i),
			    struct vmcs12_class *taken,
			    struct vmcs12_class *written, u8 *vmread_bitmap,
			    u8 *vmwrite_bitmap);

/* VMCS shadowing for L1 (nested/vmcs_shadow.c); VMCS01 current. */
void hv_shadow_sync(struct hv_cpu *c);
void hv_shadow_update(struct hv_cpu *c);

/*
 * VMCS shadowing for L2 (nested/vmcs_shadow02.c). Entry, VMCS02 current:
 * link L0's shadow VMCS and the merged bitmaps if VMCS02's secondary
 * controls (proc2) have it. Release, VMCS01 current, before L1's VMCLEAR,
 * VMPTRLD and VMXOFF: L1's shadow VMCS region up to date in memory.
 */
void hv_shadow02_enter(struct hv_cpu *c, const struct hv_vmcs12 *v12,
		       u32 proc2);
void hv_shadow02_release(struct hv_cpu *c);
/* L2's VMREAD/VMWRITE exit (reason): true if L1 gets it. */
bool hv_nested_l2_vmrw(struct hv_cpu *c, const struct hv_gprs *g,
		       u32 reason);

/*
 * What VMCS02 holds (nested/vmcs02_image.c), VMCS02 current. Put: write
 * table field i unless VMCS02 is known to hold v. Seen: VMCS02 was read
 * to hold v. Forget what may change without a put (after entry wrote
 * the fields), or everything (a VMCLEARed VMCS02).
 */
static inline void hv_v02_seen(struct hv_l2 *l2, unsigned int i, u64 v)
{
	l2->v02_image[i] = v;
	l2->v02_known[i / 64] |= 1ULL << (i % 64);
}

/* Inline: a nested entry puts about a hundred fields. */
static inline void hv_v02_put(struct hv_l2 *l2, unsigned int i, u64 v)
{
	if (vmcs12_mask_test(l2->v02_known, i) && l2->v02_image[i] == v)
		return;
	/* A field the CPU lacks fails harmlessly: its feature is off. */
	hv_vmwrite(vmcs_field_table[i].encoding, v);
	hv_v02_seen(l2, i, v);
}

void hv_v02_forget_volatile(struct hv_l2 *l2);
void hv_v02_forget_all(struct hv_l2 *l2);
#define V02_PUT(l2, name, v) hv_v02_put(l2, VMCS12_I_##name, v)

/*
 * EPT02 roots (nested/ept02_roots.c). Root: make the EPT02 that mirrors
 * eptp12 current (l2->ept02), taking the least recently used one (flushed
 * and INVEPTed) if none does. Invept: drop the roots an INVEPT of L1
 * covers (eptp12 0: all contexts). Stats: summed over the roots.
 */
struct hv_ept02 *hv_ept02_root(struct hv_l2 *l2, u64 eptp12);
void hv_ept02_invept(struct hv_l2 *l2, u64 eptp12);
void hv_ept02_stats(const struct hv_l2 *l2, u64 *fills, u64 *flushes,
		    u64 *guarded);

#define V12(c, name) ((c)->nvmx.cache->field[VMCS12_I_##name])

/* Exit reasons of the nested code (SDM Appendix C). */
#define EXIT_ENTRY_FAIL_GUEST 33
#define EXIT_ENTRY_FAIL_MSR 34

#endif /* HVNEST_NESTED_H */
