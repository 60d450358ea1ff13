/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for code that is built both into the root core and
 * into userspace unit tests. Types only: nothing here may emit a symbol.
 */
#ifndef HVNEST_HV_TYPES_H
#define HVNEST_HV_TYPES_H

#ifdef __KERNEL__
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

#define HV_BIT(n) (1ULL << (n))
#define HV_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* HVNEST_HV_TYPES_H */
