/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of hvnest ioctl numbers and argument heads: pure logic, built
 * into the module and into the userspace unit tests.
 */
#ifndef HVNEST_IOCTL_CHECK_H
#define HVNEST_IOCTL_CHECK_H

#include "hvnest_abi.h"

/* Most sizes an argument struct has had (HVNEST_*_SIZE_V1, _V2, ...). */
#define HVNEST_IOC_MAX_VERSIONS 16

struct hvnest_ioc_desc {
	const char *name;
	unsigned int cmd; /* the number with this build's size */
	__u32 ksize; /* size of the struct this build knows */
	/*
	 * The struct's published sizes, ascending: sizes[0] is the first
	 * (V1), the last is ksize; 0 ends a shorter list.
	 */
	__u32 sizes[HVNEST_IOC_MAX_VERSIONS];
};

/*
 * Look up @cmd. Returns 0 and sets *desc, -ENOTTY for a number that is not
 * hvnest's (type, number or direction), -EINVAL for a size below the first
 * published size, above HVNEST_IOC_MAX_SIZE, or below ksize without being
 * a published size (no hvctl ever had a struct of that size). A size
 * above ksize is a newer caller's and accepted.
 */
int hvnest_ioc_decode(unsigned int cmd, const struct hvnest_ioc_desc **desc);

/*
 * Check the head the caller passed: its size must equal the size in @cmd
 * and its flags must be 0. Returns 0 or -EINVAL.
 */
int hvnest_ioc_check_hdr(unsigned int cmd, const struct hvnest_ioc_hdr *hdr);

/* Bytes to copy back to the caller: min(caller's size, this build's). */
__u32 hvnest_ioc_copy_len(unsigned int cmd, const struct hvnest_ioc_desc *desc);

#endif /* HVNEST_IOCTL_CHECK_H */
