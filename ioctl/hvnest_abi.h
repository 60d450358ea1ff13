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
 *  - A struct only ever grows at its end. The module accepts any size from
 *    the struct's first published size (HVNEST_*_SIZE_V1) up to
 *    HVNEST_IOC_MAX_SIZE, fills min(caller size, module size) bytes and
 *    returns in size how many bytes it filled: an older hvctl gets the
 *    fields it knows, a newer hvctl learns which fields the module lacks.
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

#define HVNEST_DEVICE_NAME "hvnest"
#define HVNEST_DEVICE_PATH "/dev/hvnest"

#define HVNEST_ABI_MAJOR 1
#define HVNEST_ABI_MINOR 0

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

#define HVNEST_VERSION_SIZE_V1 ((__u32)sizeof(struct hvnest_version))
#define HVNEST_STATUS_SIZE_V1 ((__u32)sizeof(struct hvnest_status))
#define HVNEST_CPU_STATUS_SIZE_V1 ((__u32)sizeof(struct hvnest_cpu_status))

#define HVNEST_IOC_GET_VERSION \
	_IOWR(HVNEST_IOC_TYPE, 0x00, struct hvnest_version)
#define HVNEST_IOC_GET_STATUS _IOWR(HVNEST_IOC_TYPE, 0x01, struct hvnest_status)
#define HVNEST_IOC_GET_CPU_STATUS \
	_IOWR(HVNEST_IOC_TYPE, 0x02, struct hvnest_cpu_status)

#endif /* HVNEST_ABI_H */
