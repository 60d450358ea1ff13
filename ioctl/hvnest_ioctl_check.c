// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of hvnest ioctl numbers and argument heads (see hvnest_abi.h
 * for the rules). Pure logic: no Linux call, unit-tested in userspace.
 */
#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#else
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#include "hvnest_ioctl_check.h"
#include "hvnest_entry_rules.h"

/* The struct type and its published sizes, oldest first. */
#define HVNEST_IOC(c, type, ...)                                             \
	{                                                                    \
		.name = #c, .cmd = c, .ksize = (__u32)sizeof(type),          \
		.sizes = { __VA_ARGS__ }                                     \
	}

/* Indexed by _IOC_NR(). */
static const struct hvnest_ioc_desc hvnest_ioc_table[] = {
	HVNEST_IOC(HVNEST_IOC_GET_VERSION, struct hvnest_version,
		   HVNEST_VERSION_SIZE_V1),
	HVNEST_IOC(HVNEST_IOC_GET_STATUS, struct hvnest_status,
		   HVNEST_STATUS_SIZE_V1),
	HVNEST_IOC(HVNEST_IOC_GET_CPU_STATUS, struct hvnest_cpu_status,
		   HVNEST_CPU_STATUS_SIZE_V1),
	HVNEST_IOC(HVNEST_IOC_GET_STATS, struct hvnest_stats,
		   HVNEST_STATS_SIZE_V1, HVNEST_STATS_SIZE_V2,
		   HVNEST_STATS_SIZE_V3, HVNEST_STATS_SIZE_V4,
		   HVNEST_STATS_SIZE_V5, HVNEST_STATS_SIZE_V6,
		   HVNEST_STATS_SIZE_V7, HVNEST_STATS_SIZE_V8,
		   HVNEST_STATS_SIZE_V9),
	HVNEST_IOC(HVNEST_IOC_RESET_STATS, struct hvnest_reset_stats,
		   HVNEST_RESET_STATS_SIZE_V1),
	HVNEST_IOC(HVNEST_IOC_GET_FEATURES, struct hvnest_features,
		   HVNEST_FEATURES_SIZE_V1),
	HVNEST_IOC(HVNEST_IOC_SET_FEATURE, struct hvnest_set_feature,
		   HVNEST_SET_FEATURE_SIZE_V1),
	HVNEST_IOC(HVNEST_IOC_GET_LOG, struct hvnest_log, HVNEST_LOG_SIZE_V1),
};

/* The literal sizes of a grown struct must match its layout. */
static_assert(offsetof(struct hvnest_stats, nested_entries) ==
		      HVNEST_STATS_SIZE_V1,
	      "HVNEST_STATS_SIZE_V1 is the size up to cycles[]");
static_assert(offsetof(struct hvnest_stats, ept02_guarded) ==
		      HVNEST_STATS_SIZE_V2,
	      "HVNEST_STATS_SIZE_V2 is the size up to nested_handled[]");
static_assert(offsetof(struct hvnest_stats, nmi_tail_restarts) ==
		      HVNEST_STATS_SIZE_V3,
	      "HVNEST_STATS_SIZE_V3 is the size up to ept02_guarded");
static_assert(offsetof(struct hvnest_stats, nested_entry_fail_guest) ==
		      HVNEST_STATS_SIZE_V4,
	      "HVNEST_STATS_SIZE_V4 is the size up to nmi_tail_restarts");
static_assert(offsetof(struct hvnest_stats, nested_entry_rule) ==
		      HVNEST_STATS_SIZE_V5,
	      "HVNEST_STATS_SIZE_V5 is the size up to nested_entry_vmfail[]");
static_assert(offsetof(struct hvnest_stats, hidden_touches) ==
		      HVNEST_STATS_SIZE_V6,
	      "HVNEST_STATS_SIZE_V6 is the size up to nested_entry_rule[]");
static_assert(offsetof(struct hvnest_stats, vmcs_reads) ==
		      HVNEST_STATS_SIZE_V7,
	      "HVNEST_STATS_SIZE_V7 is the size up to hidden_writes");
static_assert(offsetof(struct hvnest_stats, vpid02_flushes) ==
		      HVNEST_STATS_SIZE_V8,
	      "HVNEST_STATS_SIZE_V8 is the size up to round_trip_cycles");
static_assert(sizeof(struct hvnest_stats) == HVNEST_STATS_SIZE_V9,
	      "HVNEST_STATS_SIZE_V9 is sizeof(struct hvnest_stats)");
static_assert(HVNEST_NR_ENTRY_RULES <= HVNEST_MAX_ENTRY_RULES,
	      "the rule table outgrew its counters");

static bool hvnest_ioc_size_ok(const struct hvnest_ioc_desc *d, __u32 size)
{
	unsigned int i;

	if (size < d->sizes[0] || size > HVNEST_IOC_MAX_SIZE)
		return false;
	if (size >= d->ksize)
		return true; /* this build's struct, or a newer caller's */
	for (i = 0; i < HVNEST_IOC_MAX_VERSIONS && d->sizes[i]; i++)
		if (size == d->sizes[i])
			return true;
	return false;
}

int hvnest_ioc_decode(unsigned int cmd, const struct hvnest_ioc_desc **desc)
{
	const struct hvnest_ioc_desc *d;
	unsigned int nr = _IOC_NR(cmd);
	unsigned int size = _IOC_SIZE(cmd);

	if (_IOC_TYPE(cmd) != HVNEST_IOC_TYPE || nr >= ARRAY_SIZE(hvnest_ioc_table))
		return -ENOTTY;
	d = &hvnest_ioc_table[nr];
	if (_IOC_DIR(cmd) != _IOC_DIR(d->cmd))
		return -ENOTTY;
	if (!hvnest_ioc_size_ok(d, size))
		return -EINVAL;
	*desc = d;
	return 0;
}

int hvnest_ioc_check_hdr(unsigned int cmd, const struct hvnest_ioc_hdr *hdr)
{
	if (hdr->size != _IOC_SIZE(cmd) || hdr->flags != 0)
		return -EINVAL;
	return 0;
}

__u32 hvnest_ioc_copy_len(unsigned int cmd, const struct hvnest_ioc_desc *desc)
{
	__u32 size = _IOC_SIZE(cmd);

	return size < desc->ksize ? size : desc->ksize;
}
