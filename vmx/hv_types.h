/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for code that is built both into the root core and
 * into userspace unit tests. Types only: nothing here may emit a symbol.
 */
#ifndef HVNEST_HV_TYPES_H
#define HVNEST_HV_TYPES_H

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
/* Userspace unit tests: tests/unit/hv_types_user.h. */
#include "hv_types_user.h"
#endif

#define HV_BIT(n) (1ULL << (n))

/* A segment register as VMX stores it (SDM 24.4.1). */
struct hv_seg {
	u64 base;
	u32 limit;
	u32 ar; /* access rights, bit 16 = unusable */
	u16 sel;
};
#define HV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* HVNEST_HV_TYPES_H */
