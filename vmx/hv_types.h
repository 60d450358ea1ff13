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
#define HV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* HVNEST_HV_TYPES_H */
