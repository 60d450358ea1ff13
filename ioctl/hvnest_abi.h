/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvnest_abi.h - the one header shared by hvnest.ko and hvctl.
 *
 * Rules of this ABI (docs/abi.md has the long form):
 *
 *  - Every argument struct starts with { __u32 size; __u32 flags; }.
 *    The caller sets size to sizeof() of the struct as it knows it; the
 *    ioctl number carries the same size (_IOC_SIZE), and both must agree.
 *    flags must be 0 until a flag is defined.
 *  - A struct only ever grows at its end, and each size it had is
 *    published (HVNEST_*_SIZE_V1, _V2, ...). The module accepts a size
 *    that is one of those it knows, or larger than all of them up to
 *    HVNEST_IOC_MAX_SIZE (a newer caller, whose tail it does not know must
 *    be zero). It fills min(caller size, module size) bytes and returns in
 *    size how many bytes it filled: an older hvctl gets the fields it
 *    knows, a newer hvctl learns which fields the module lacks.
 *  - struct hvnest_version and HVNEST_IOC_GET_VERSION never change, so any
 *    hvctl can ask any module which ABI it speaks. HVNEST_ABI_MAJOR changes
 *    only for incompatible changes; hvctl refuses to talk to another major.
 *
 * Errors: unknown ioctl -ENOTTY, bad pointer -EFAULT, bad size or flags
 * -EINVAL, caller without CAP_SYS_ADMIN -EPERM.
 */
#ifndef HVNEST_ABI_H
#define HVNEST_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define HVNEST_DEVICE_NAME "hvnest" /* a second instance: its module name */
#define HVNEST_DEVICE_PATH "/dev/hvnest"

#define HVNEST_ABI_MAJOR 1
#define HVNEST_ABI_MINOR 9

/* 0xB7 is unused in Documentation/userspace-api/ioctl/ioctl-number.rst. */
#define HVNEST_IOC_TYPE 0xB7
#define HVNEST_IOC_MAX_SIZE 4096

/* Common head of every argument struct. */
struct hvnest_ioc_hdr {
	__u32 size;
	__u32 flags;
};

#define HVNEST_VERSION_STR_LEN 32

/* Frozen forever: see the rules above. */
struct hvnest_version {
	__u32 size;
	__u32 flags;
	__u32 abi_major;
	__u32 abi_minor;
	char module_version[HVNEST_VERSION_STR_LEN]; /* NUL-terminated */
};

/* hvnest_status.state */
enum hvnest_state {
	HVNEST_STATE_LOADED = 1, /* checks passed, no CPU virtualized */
	HVNEST_STATE_RUNNING = 2, /* at least one CPU runs under hvnest */
};

/* Bits of hvnest_status.vmx_features: VMX features hvnest found usable. */
#define HVNEST_VMXF_EPT (1ULL << 0)
#define HVNEST_VMXF_VPID (1ULL << 1)
#define HVNEST_VMXF_UNRESTRICTED (1ULL << 2)
#define HVNEST_VMXF_VIRTUAL_NMI (1ULL << 3)
#define HVNEST_VMXF_PREEMPT_TIMER (1ULL << 4)
#define HVNEST_VMXF_VMCS_SHADOW (1ULL << 5)
#define HVNEST_VMXF_EPT_2M (1ULL << 6)
#define HVNEST_VMXF_EPT_1G (1ULL << 7)
#define HVNEST_VMXF_EPT_AD (1ULL << 8)
#define HVNEST_VMXF_PML (1ULL << 9)
#define HVNEST_VMXF_VMFUNC (1ULL << 10)
#define HVNEST_VMXF_TRUE_CTLS (1ULL << 11)
#define HVNEST_VMXF_NR 12

struct hvnest_status {
	__u32 size;
	__u32 flags;
	__u32 state; /* enum hvnest_state */
	__u32 nr_cpus_online;
	__u32 nr_cpus_virtualized;
	__u32 vmcs_revision; /* IA32_VMX_BASIC[30:0] */
	__u64 vmx_features; /* HVNEST_VMXF_* */
	__u64 loaded_ns; /* CLOCK_BOOTTIME when the module loaded */
};

/* hvnest_cpu_status.state */
enum hvnest_cpu_state {
	HVNEST_CPU_OFFLINE = 0,
	HVNEST_CPU_NATIVE = 1, /* online, not under hvnest */
	HVNEST_CPU_VIRTUALIZED = 2,
};

struct hvnest_cpu_status {
	__u32 size;
	__u32 flags;
	__u32 cpu; /* in: CPU number */
	__u32 state; /* out: enum hvnest_cpu_state */
	__u64 since_ns; /* CLOCK_BOOTTIME of the last state change, 0 = never */
	__u64 launch_ns; /* time the last launch took, 0 = never launched */
};

/*
 * VM exit reasons (SDM Vol. 3D Appendix C) and the names hvctl prints.
 * X(number, name)
 */
#define HVNEST_EXIT_REASONS(X)                                               \
	X(0, "exception_nmi") X(1, "external_interrupt")                     \
	X(2, "triple_fault") X(3, "init_signal") X(4, "sipi")                \
	X(5, "io_smi") X(6, "other_smi") X(7, "interrupt_window")            \
	X(8, "nmi_window") X(9, "task_switch") X(10, "cpuid")                \
	X(11, "getsec") X(12, "hlt") X(13, "invd") X(14, "invlpg")           \
	X(15, "rdpmc") X(16, "rdtsc") X(17, "rsm") X(18, "vmcall")           \
	X(19, "vmclear") X(20, "vmlaunch") X(21, "vmptrld")                  \
	X(22, "vmptrst") X(23, "vmread") X(24, "vmresume")                   \
	X(25, "vmwrite") X(26, "vmxoff") X(27, "vmxon") X(28, "cr_access")   \
	X(29, "dr_access") X(30, "io_instruction") X(31, "rdmsr")            \
	X(32, "wrmsr") X(33, "entry_fail_guest_state")                       \
	X(34, "entry_fail_msr_load") X(36, "mwait") X(37, "monitor_trap")    \
	X(39, "monitor") X(40, "pause") X(41, "entry_fail_machine_check")    \
	X(43, "tpr_below_threshold") X(44, "apic_access")                    \
	X(45, "virtualized_eoi") X(46, "gdtr_idtr_access")                   \
	X(47, "ldtr_tr_access") X(48, "ept_violation")                       \
	X(49, "ept_misconfig") X(50, "invept") X(51, "rdtscp")               \
	X(52, "preemption_timer") X(53, "invvpid") X(54, "wbinvd")           \
	X(55, "xsetbv") X(56, "apic_write") X(57, "rdrand")                  \
	X(58, "invpcid") X(59, "vmfunc") X(60, "encls") X(61, "rdseed")      \
	X(62, "pml_full") X(63, "xsaves") X(64, "xrstors") X(66, "spp")      \
	X(67, "umwait") X(68, "tpause") X(69, "loadiwkey")

#define HVNEST_NR_EXIT_REASONS 80

/* VM-instruction error numbers counted (SDM 30.4: 1 to 28 are defined). */
#define HVNEST_NR_VMFAIL 32
/* Room for the rules of hvnest_entry_rules.h, which may grow into it. */
#define HVNEST_MAX_ENTRY_RULES 128

/* Per-CPU VM-exit statistics since load (or the last RESET_STATS). */
struct hvnest_stats {
	__u32 size;
	__u32 flags;
	__u32 cpu; /* in: CPU number */
	__u32 state; /* out: enum hvnest_cpu_state */
	__u64 tsc_khz; /* turns cycles into time */
	__u64 exits; /* all VM exits */
	__u64 nmi_root; /* NMIs that arrived while in root mode */
	__u64 nmi_exits; /* NMIs that caused a VM exit */
	__u64 nmi_injected; /* NMIs hvnest delivered to L1 */
	__u64 unexpected_exits; /* exits hvnest did not expect (logged) */
	__u64 root_exceptions; /* exceptions taken in root mode (logged) */
	__u64 log_dropped; /* root log records lost to a full ring */
	__u64 count[HVNEST_NR_EXIT_REASONS]; /* exits per basic reason */
	__u64 cycles[HVNEST_NR_EXIT_REASONS]; /* TSC cycles in root per reason */
	/*
	 * Since ABI 1.2 (HVNEST_STATS_SIZE_V2): nested VMX. An exit of L2 is
	 * counted in count[] and cycles[] too, and here either as reflected
	 * (given to L1) or as handled (by hvnest, L2 resumes).
	 */
	__u64 nested_entries; /* L1's VMLAUNCH/VMRESUME that entered L2 */
	__u64 nested_entry_failures; /* entry-failure exits given to L1 */
	__u64 nested_vmfails; /* VMCS02 refused by the CPU: L1's VMfailValid */
	__u64 ept02_fills; /* EPT02 entries filled from L1's EPT12 */
	__u64 ept02_flushes; /* EPT02 emptied: INVEPT, new EPTP12, full pool */
	__u64 nested_reflected[HVNEST_NR_EXIT_REASONS]; /* L2 exits to L1 */
	__u64 nested_handled[HVNEST_NR_EXIT_REASONS]; /* L2 exits hvnest handled */
	/*
	 * Since ABI 1.3 (HVNEST_STATS_SIZE_V3): EPT02 entries that L1's EPT12
	 * pointed at hvnest's own memory, given a scratch page instead
	 * (each is logged).
	 */
	__u64 ept02_guarded;
	/*
	 * Since ABI 1.4 (HVNEST_STATS_SIZE_V4): NMIs that arrived in root mode
	 * (also counted in nmi_root) in the last steps before a VM entry,
	 * which hvnest then ran again so as to route them.
	 */
	__u64 nmi_tail_restarts;
	/*
	 * Since ABI 1.5 (HVNEST_STATS_SIZE_V5): nested entry failures by
	 * cause. nested_entry_failures split by exit reason (33: invalid
	 * guest state, VMCS02's refused by the CPU included; 34: MSR
	 * loading); L1's VMLAUNCH/VMRESUME that failed as an instruction:
	 * nested_entry_vmfail[0] VMfailInvalid, [n] VMfailValid with
	 * VM-instruction error n (nested_vmfails included).
	 */
	__u64 nested_entry_fail_guest;
	__u64 nested_entry_fail_msr;
	__u64 nested_entry_vmfail[HVNEST_NR_VMFAIL];
	/*
	 * Since ABI 1.6 (HVNEST_STATS_SIZE_V6): L1's failed VM entries (a
	 * VMfailValid or an entry-failure exit) by the rule of SDM 26.2-26.4
	 * they broke, indexed by enum hvnest_entry_rule
	 * (hvnest_entry_rules.h, which names them); [0] none known.
	 */
	__u64 nested_entry_rule[HVNEST_MAX_ENTRY_RULES];
	/*
	 * Since ABI 1.7 (HVNEST_STATS_SIZE_V7): hvnest's root-only pages,
	 * holes in EPT01 (docs/nested-vmx.md, "Memory by owner"): L1's first
	 * touches of them (one per page and CPU) and its writes to them,
	 * which landed nowhere.
	 */
	__u64 hidden_touches;
	__u64 hidden_writes;
	/*
	 * Since ABI 1.8 (HVNEST_STATS_SIZE_V8): root mode's VMCS accesses
	 * (VMREAD, VMWRITE, VMPTRLD) in all exits; then those of the nested
	 * round trip, the exits of L2 reflected to L1 and L1's
	 * VMLAUNCH/VMRESUME, with their TSC cycles in root. Divided by the
	 * reflected exits: the cost of one round trip.
	 */
	__u64 vmcs_reads;
	__u64 vmcs_writes;
	__u64 vmcs_ptrlds;
	__u64 round_trip_reads;
	__u64 round_trip_writes;
	__u64 round_trip_ptrlds;
	__u64 round_trip_cycles;
	/*
	 * Since ABI 1.9 (HVNEST_STATS_SIZE_V9): VPID02s invalidated for L2
	 * (nested/vpid02.h): given to a new VPID12, at each entry of L2
	 * without VPID12, and for L1's INVVPID (one per VPID02 it covers).
	 */
	__u64 vpid02_flushes;
};

struct hvnest_reset_stats {
	__u32 size;
	__u32 flags;
	__u32 cpu; /* in: CPU number, or HVNEST_ALL_CPUS */
	__u32 reserved; /* must be 0 */
};

#define HVNEST_ALL_CPUS 0xffffffffu

/*
 * Feature switches. X(bit, name, runtime): runtime = may be flipped while
 * hvnest runs. The root core validates every change.
 */
#define HVNEST_FEATURES(X)                                                   \
	X(0, "hypervisor-leaf", 1) /* CPUID 0x40000000 "hvnest" + leaf 1 bit 31 */ \
	X(1, "vmcs-shadowing", 1) /* nested: L1's VMREAD/VMWRITE without exits */

#define HVNEST_FEATURE_HYPERVISOR_LEAF (1ULL << 0)
/*
 * Needs nested=1 and a CPU with VMCS shadowing; switched only while no CPU
 * has L1 in VMX operation (SET_FEATURE fails with EBUSY otherwise).
 */
#define HVNEST_FEATURE_VMCS_SHADOW (1ULL << 1)

struct hvnest_features {
	__u32 size;
	__u32 flags;
	__u64 available; /* out: features this module knows */
	__u64 runtime; /* out: those that may be switched while running */
	__u64 enabled; /* out: those on now */
};

struct hvnest_set_feature {
	__u32 size;
	__u32 flags;
	__u64 feature; /* in: exactly one HVNEST_FEATURE_* bit */
	__u32 enable; /* in: 1 = on, 0 = off */
	__u32 reserved; /* must be 0 */
};

/* Root-mode log records, formatted by the module (hvctl log). */
#define HVNEST_LOG_TEXT_LEN 160
#define HVNEST_LOG_BATCH 12

struct hvnest_log_record {
	__u64 seq; /* increases by one per record, from 1 */
	__u64 boottime_ns; /* when the module drained it from root mode */
	__u32 cpu;
	__u32 reserved;
	char text[HVNEST_LOG_TEXT_LEN]; /* NUL-terminated */
};

struct hvnest_log {
	__u32 size;
	__u32 flags;
	__u64 from_seq; /* in: first record wanted (0 = oldest kept) */
	__u64 lost; /* out: records older than the oldest kept */
	__u32 count; /* out: records returned */
	__u32 reserved;
	struct hvnest_log_record rec[HVNEST_LOG_BATCH];
};

/*
 * Published sizes never change: when a struct grows, its sizeof() here
 * becomes a literal and the new size is added as the next version.
 */
#define HVNEST_VERSION_SIZE_V1 ((__u32)sizeof(struct hvnest_version))
#define HVNEST_STATUS_SIZE_V1 ((__u32)sizeof(struct hvnest_status))
#define HVNEST_CPU_STATUS_SIZE_V1 ((__u32)sizeof(struct hvnest_cpu_status))
/*
 * ABI 1.1: up to cycles[]; 1.2: the nested fields; 1.3: ept02_guarded;
 * 1.4: nmi_tail_restarts; 1.5: entry failures by cause; 1.6: by rule;
 * 1.7: L1's touches of hvnest's root-only pages; 1.8: VMCS accesses;
 * 1.9: VPID02 flushes.
 */
#define HVNEST_STATS_SIZE_V1 ((__u32)1360)
#define HVNEST_STATS_SIZE_V2 ((__u32)2680)
#define HVNEST_STATS_SIZE_V3 ((__u32)2688)
#define HVNEST_STATS_SIZE_V4 ((__u32)2696)
#define HVNEST_STATS_SIZE_V5 ((__u32)2968)
#define HVNEST_STATS_SIZE_V6 ((__u32)3992)
#define HVNEST_STATS_SIZE_V7 ((__u32)4008)
#define HVNEST_STATS_SIZE_V8 ((__u32)4064)
#define HVNEST_STATS_SIZE_V9 ((__u32)4072)
#define HVNEST_RESET_STATS_SIZE_V1 ((__u32)sizeof(struct hvnest_reset_stats))
#define HVNEST_FEATURES_SIZE_V1 ((__u32)sizeof(struct hvnest_features))
#define HVNEST_SET_FEATURE_SIZE_V1 ((__u32)sizeof(struct hvnest_set_feature))
#define HVNEST_LOG_SIZE_V1 ((__u32)sizeof(struct hvnest_log))

#define HVNEST_IOC_GET_VERSION \
	_IOWR(HVNEST_IOC_TYPE, 0x00, struct hvnest_version)
#define HVNEST_IOC_GET_STATUS _IOWR(HVNEST_IOC_TYPE, 0x01, struct hvnest_status)
#define HVNEST_IOC_GET_CPU_STATUS \
	_IOWR(HVNEST_IOC_TYPE, 0x02, struct hvnest_cpu_status)
#define HVNEST_IOC_GET_STATS _IOWR(HVNEST_IOC_TYPE, 0x03, struct hvnest_stats)
#define HVNEST_IOC_RESET_STATS \
	_IOWR(HVNEST_IOC_TYPE, 0x04, struct hvnest_reset_stats)
#define HVNEST_IOC_GET_FEATURES \
	_IOWR(HVNEST_IOC_TYPE, 0x05, struct hvnest_features)
#define HVNEST_IOC_SET_FEATURE \
	_IOWR(HVNEST_IOC_TYPE, 0x06, struct hvnest_set_feature)
#define HVNEST_IOC_GET_LOG _IOWR(HVNEST_IOC_TYPE, 0x07, struct hvnest_log)

#endif /* HVNEST_ABI_H */
