/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vmx/hv_types.h takes from the kernel, for building the root core's
 * pure logic in userspace unit tests.
 */
#ifndef HVNEST_HV_TYPES_USER_H
#define HVNEST_HV_TYPES_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#define __packed __attribute__((packed))
#define barrier() __asm__ __volatile__("" ::: "memory")
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif /* HVNEST_HV_TYPES_USER_H */
