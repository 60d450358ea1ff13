/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of hvnest ioctl numbers and argument heads: pure logic, built
 * into the module and into the userspace unit tests.
 */
#ifndef HVNEST_IOCTL_CHECK_H
#define HVNEST_IOCTL_CHECK_H

#include "hvnest_abi.h"

struct hvnest_ioc_desc {
	const char *name;
	unsigned int cmd; /* the number as published, with the V1 size */
	__u32 min_size; /* first published size of the argument struct */
	__u32 ksize; /* size of the struct this build knows */
};

/*
 * Look up @cmd. Returns 0 and sets *desc, -ENOTTY for a number that is not
 * hvnest's (type, number or direction), -EINVAL for a size outside
 * [desc->min_size, HVNEST_IOC_MAX_SIZE].
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
