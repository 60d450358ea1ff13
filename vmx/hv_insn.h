/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw x86 and VMX instructions for the root core. Linux's own wrappers may
 * go through paravirt hooks or tracepoints (symbols outside the core), so
 * root code uses these instead. All inline: no symbol is emitted. Root
 * code reads and writes VMCSs through vmx/vmcs_access.h, which counts;
 * the _raw forms are for code on Linux's stack (the launch).
 */
#ifndef HVNEST_HV_INSN_H
#define HVNEST_HV_INSN_H

#include "hv_types.h"

/* SDM 30.2: VMfailInvalid sets CF, VMfailValid sets ZF; setna catches both. */
static inline bool hv_vmwrite_raw(u64 field, u64 value)
{
	bool fail;

	__asm__ __volatile__("vmwrite %2, %1\n\tsetna %0"
			     : "=qm"(fail)
			     : "r"(field), "rm"(value)
			     : "cc", "memory");
	return !fail;
}

static inline u64 hv_vmread_raw(u64 field)
{
	u64 value = 0;

	__asm__ __volatile__("vmread %1, %0"
			     : "=rm"(value)
			     : "r"(field)
			     : "cc");
	return value;
}

static inline bool hv_vmxon(u64 pa)
{
	bool fail;

	__asm__ __volatile__("vmxon %1\n\tsetna %0"
			     : "=qm"(fail)
			     : "m"(pa)
			     : "cc", "memory");
	return !fail;
}

static inline void hv_vmxoff(void)
{
	__asm__ __volatile__("vmxoff" ::: "cc", "memory");
}

static inline bool hv_vmclear(u64 pa)
{
	bool fail;

	__asm__ __volatile__("vmclear %1\n\tsetna %0"
			     : "=qm"(fail)
			     : "m"(pa)
			     : "cc", "memory");
	return !fail;
}

static inline bool hv_vmptrld_raw(u64 pa)
{
	bool fail;

	__asm__ __volatile__("vmptrld %1\n\tsetna %0"
			     : "=qm"(fail)
			     : "m"(pa)
			     : "cc", "memory");
	return !fail;
}

/* SDM 30.3 INVVPID: type 2 = all contexts. */
static inline void hv_invvpid_all(void)
{
	struct {
		u64 vpid, addr;
	} desc = { 0, 0 };

	__asm__ __volatile__("invvpid %0, %1" ::"m"(desc), "r"(2ULL)
			     : "cc", "memory");
}

/* SDM 30.3 INVVPID: type 1 = single context (this VPID). */
static inline void hv_invvpid_single(u16 vpid)
{
	struct {
		u64 vpid, addr;
	} desc = { vpid, 0 };

	__asm__ __volatile__("invvpid %0, %1" ::"m"(desc), "r"(1ULL)
			     : "cc", "memory");
}

/*
 * SDM 30.3 INVVPID: type 0 = individual address (this VPID, this linear
 * address). False on VMfailValid: an address the CPU finds non-canonical.
 */
static inline bool hv_invvpid_addr(u16 vpid, u64 la)
{
	struct {
		u64 vpid, addr;
	} desc = { vpid, la };
	bool fail;

	__asm__ __volatile__("invvpid %1, %2\n\tsetna %0"
			     : "=qm"(fail)
			     : "m"(desc), "r"(0ULL)
			     : "cc", "memory");
	return !fail;
}

/* SDM 30.3 INVVPID: type 3 = single context, retaining global translations. */
static inline void hv_invvpid_single_globals(u16 vpid)
{
	struct {
		u64 vpid, addr;
	} desc = { vpid, 0 };

	__asm__ __volatile__("invvpid %0, %1" ::"m"(desc), "r"(3ULL)
			     : "cc", "memory");
}

/* SDM 30.3 INVEPT: type 1 = single context (this EPTP). */
static inline void hv_invept_single(u64 eptp)
{
	struct {
		u64 eptp, reserved;
	} desc = { eptp, 0 };

	__asm__ __volatile__("invept %0, %1" ::"m"(desc), "r"(1ULL)
			     : "cc", "memory");
}

static inline u64 hv_rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void hv_wrmsr(u32 msr, u64 v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
			     : "memory");
}

static inline u64 hv_rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void hv_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline void hv_xsetbv(u32 index, u64 value)
{
	__asm__ __volatile__("xsetbv" ::"c"(index), "a"((u32)value),
			     "d"((u32)(value >> 32)));
}

static inline void hv_wbinvd(void)
{
	__asm__ __volatile__("wbinvd" ::: "memory");
}

#define HV_DEFINE_CR(n)                                                      \
	static inline u64 hv_read_cr##n(void)                                \
	{                                                                    \
		u64 v;                                                       \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));        \
		return v;                                                    \
	}                                                                    \
	static inline void hv_write_cr##n(u64 v)                             \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory"); \
	}
HV_DEFINE_CR(0)
HV_DEFINE_CR(2)
HV_DEFINE_CR(3)
HV_DEFINE_CR(4)
#undef HV_DEFINE_CR

static inline u64 hv_read_dr7(void)
{
	u64 v;

	__asm__ __volatile__("mov %%dr7, %0" : "=r"(v));
	return v;
}

/* DR0-DR3 and DR6 are the guest's: VMX switches only DR7 (SDM 27.3.1). */
#define HV_DEFINE_WRITE_DR(n)                                                \
	static inline void hv_write_dr##n(u64 v)                             \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%dr" #n ::"r"(v));            \
	}
HV_DEFINE_WRITE_DR(0)
HV_DEFINE_WRITE_DR(1)
HV_DEFINE_WRITE_DR(2)
HV_DEFINE_WRITE_DR(3)
HV_DEFINE_WRITE_DR(6)
#undef HV_DEFINE_WRITE_DR

struct hv_dtr {
	u16 limit;
	u64 base;
} __packed;

static inline void hv_sgdt(struct hv_dtr *d)
{
	__asm__ __volatile__("sgdt %0" : "=m"(*d));
}

static inline void hv_sidt(struct hv_dtr *d)
{
	__asm__ __volatile__("sidt %0" : "=m"(*d));
}

#define HV_READ_SEL(reg)                                                     \
	({                                                                   \
		u16 s_;                                                      \
		__asm__ __volatile__("mov %%" #reg ", %0" : "=rm"(s_));      \
		s_;                                                          \
	})

static inline u16 hv_str(void)
{
	u16 s;

	__asm__ __volatile__("str %0" : "=rm"(s));
	return s;
}

static inline u16 hv_sldt(void)
{
	u16 s;

	__asm__ __volatile__("sldt %0" : "=rm"(s));
	return s;
}

#endif /* HVNEST_HV_INSN_H */
