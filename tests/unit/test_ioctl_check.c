// SPDX-License-Identifier: GPL-2.0
/* Unit tests: ioctl number and argument-head validation. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hvnest_ioctl_check.h"

#define SIZED(dir, nr, size) _IOC((dir), HVNEST_IOC_TYPE, (nr), (size))
#define RW (_IOC_READ | _IOC_WRITE)

static void test_published_numbers_decode(void **state)
{
	const unsigned int cmds[] = { HVNEST_IOC_GET_VERSION,
				      HVNEST_IOC_GET_STATUS,
				      HVNEST_IOC_GET_CPU_STATUS,
				      HVNEST_IOC_GET_STATS,
				      HVNEST_IOC_RESET_STATS,
				      HVNEST_IOC_GET_FEATURES,
				      HVNEST_IOC_SET_FEATURE,
				      HVNEST_IOC_GET_LOG };
	const __u32 v1[] = { HVNEST_VERSION_SIZE_V1, HVNEST_STATUS_SIZE_V1,
			     HVNEST_CPU_STATUS_SIZE_V1, HVNEST_STATS_SIZE_V1,
			     HVNEST_RESET_STATS_SIZE_V1, HVNEST_FEATURES_SIZE_V1,
			     HVNEST_SET_FEATURE_SIZE_V1, HVNEST_LOG_SIZE_V1 };
	const struct hvnest_ioc_desc *d;
	unsigned int i, n;

	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		d = NULL;
		assert_int_equal(hvnest_ioc_decode(cmds[i], &d), 0);
		assert_non_null(d);
		assert_int_equal(d->cmd, cmds[i]);
		assert_int_equal(d->ksize, _IOC_SIZE(cmds[i]));
		assert_int_equal(d->sizes[0], v1[i]);
		/* Published sizes ascend, and the last is this build's. */
		for (n = 1; n < HVNEST_IOC_MAX_VERSIONS && d->sizes[n]; n++)
			assert_true(d->sizes[n] > d->sizes[n - 1]);
		assert_int_equal(d->sizes[n - 1], d->ksize);
		/* The V1 number, as an old caller has it, still decodes. */
		assert_int_equal(hvnest_ioc_decode(SIZED(RW, _IOC_NR(cmds[i]), v1[i]), &d), 0);
		assert_int_equal(hvnest_ioc_copy_len(SIZED(RW, _IOC_NR(cmds[i]), v1[i]), d), v1[i]);
	}
}

static void test_foreign_numbers_enotty(void **state)
{
	const struct hvnest_ioc_desc *d = NULL;

	(void)state;
	assert_int_equal(hvnest_ioc_decode(_IOWR('x', 0, struct hvnest_version), &d), -ENOTTY);
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 8, 64), &d), -ENOTTY);
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 0xff, 64), &d), -ENOTTY);
	assert_int_equal(hvnest_ioc_decode(SIZED(_IOC_READ, 0, sizeof(struct hvnest_version)), &d), -ENOTTY);
	assert_int_equal(hvnest_ioc_decode(SIZED(_IOC_WRITE, 1, sizeof(struct hvnest_status)), &d), -ENOTTY);
	assert_int_equal(hvnest_ioc_decode(SIZED(_IOC_NONE, 0, 0), &d), -ENOTTY);
	assert_null(d);
}

static void test_sizes(void **state)
{
	const struct hvnest_ioc_desc *d = NULL;

	(void)state;
	/* Below the first published size. */
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 0, HVNEST_VERSION_SIZE_V1 - 1), &d), -EINVAL);
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 1, 8), &d), -EINVAL);
	/* Above the maximum. */
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 1, HVNEST_IOC_MAX_SIZE + 1), &d), -EINVAL);
	assert_null(d);
	/* Larger than this build knows (a newer caller): accepted. */
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 1, HVNEST_IOC_MAX_SIZE), &d), 0);
	assert_int_equal(hvnest_ioc_copy_len(SIZED(RW, 1, HVNEST_IOC_MAX_SIZE), d),
			 sizeof(struct hvnest_status));
	/* Exactly V1: copy V1. */
	assert_int_equal(hvnest_ioc_copy_len(HVNEST_IOC_GET_STATUS, d), HVNEST_STATUS_SIZE_V1);
}

/* GET_STATS grew in ABI 1.2 to 1.7: V1 to V7 work, sizes between do not. */
static void test_stats_sizes(void **state)
{
	const unsigned int nr = _IOC_NR(HVNEST_IOC_GET_STATS);
	const struct hvnest_ioc_desc *d = NULL;
	const __u32 bad[] = { HVNEST_STATS_SIZE_V1 - 8, HVNEST_STATS_SIZE_V1 + 1,
			      HVNEST_STATS_SIZE_V1 + 8, HVNEST_STATS_SIZE_V2 - 8,
			      HVNEST_STATS_SIZE_V2 - 1, HVNEST_STATS_SIZE_V2 + 1,
			      HVNEST_STATS_SIZE_V3 - 1, HVNEST_STATS_SIZE_V3 + 1,
			      HVNEST_STATS_SIZE_V4 - 1, HVNEST_STATS_SIZE_V4 + 8,
			      HVNEST_STATS_SIZE_V5 - 1, HVNEST_STATS_SIZE_V5 + 8,
			      HVNEST_STATS_SIZE_V6 - 1, HVNEST_STATS_SIZE_V6 + 8,
			      HVNEST_STATS_SIZE_V7 - 1, HVNEST_STATS_SIZE_V7 + 8,
			      HVNEST_STATS_SIZE_V8 - 1, HVNEST_STATS_SIZE_V8 + 4,
			      HVNEST_STATS_SIZE_V9 - 1, HVNEST_IOC_MAX_SIZE + 1 };
	const __u32 old[] = { HVNEST_STATS_SIZE_V1, HVNEST_STATS_SIZE_V2,
			      HVNEST_STATS_SIZE_V3, HVNEST_STATS_SIZE_V4,
			      HVNEST_STATS_SIZE_V5, HVNEST_STATS_SIZE_V6,
			      HVNEST_STATS_SIZE_V7, HVNEST_STATS_SIZE_V8 };
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = NULL;
		assert_int_equal(hvnest_ioc_decode(SIZED(RW, nr, bad[i]), &d), -EINVAL);
		assert_null(d);
	}
	/* An older hvctl (ABI 1.1 to 1.8): gets exactly its fields. */
	for (i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		assert_int_equal(hvnest_ioc_decode(SIZED(RW, nr, old[i]), &d), 0);
		assert_int_equal(hvnest_ioc_copy_len(SIZED(RW, nr, old[i]), d),
				 old[i]);
	}
	/* This hvctl. */
	assert_int_equal(HVNEST_IOC_GET_STATS, SIZED(RW, nr, HVNEST_STATS_SIZE_V9));
	assert_int_equal(hvnest_ioc_decode(HVNEST_IOC_GET_STATS, &d), 0);
	assert_int_equal(hvnest_ioc_copy_len(HVNEST_IOC_GET_STATS, d), HVNEST_STATS_SIZE_V9);
	/* A newer hvctl, with fields this build does not know: V9 filled. */
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, nr, HVNEST_STATS_SIZE_V9 + 8), &d), 0);
	assert_int_equal(hvnest_ioc_copy_len(SIZED(RW, nr, HVNEST_STATS_SIZE_V9 + 8), d),
			 HVNEST_STATS_SIZE_V9);
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, nr, HVNEST_IOC_MAX_SIZE), &d), 0);
	assert_int_equal(hvnest_ioc_copy_len(SIZED(RW, nr, HVNEST_IOC_MAX_SIZE), d),
			 HVNEST_STATS_SIZE_V9);
	/* Structs that never grew still take any size above V1 (newer callers). */
	assert_int_equal(hvnest_ioc_decode(SIZED(RW, 1, HVNEST_STATUS_SIZE_V1 + 8), &d), 0);
	assert_int_equal(hvnest_ioc_copy_len(SIZED(RW, 1, HVNEST_STATUS_SIZE_V1 + 8), d),
			 HVNEST_STATUS_SIZE_V1);
}

/* The V1 part of struct hvnest_stats is frozen; the nested part follows. */
static void test_stats_layout(void **state)
{
	(void)state;
	assert_int_equal(HVNEST_STATS_SIZE_V1, 1360);
	assert_int_equal(offsetof(struct hvnest_stats, count), 80);
	assert_int_equal(offsetof(struct hvnest_stats, cycles), 80 + 8 * HVNEST_NR_EXIT_REASONS);
	assert_int_equal(offsetof(struct hvnest_stats, nested_entries), HVNEST_STATS_SIZE_V1);
	assert_int_equal(offsetof(struct hvnest_stats, nested_entry_failures), 1368);
	assert_int_equal(offsetof(struct hvnest_stats, nested_vmfails), 1376);
	assert_int_equal(offsetof(struct hvnest_stats, ept02_fills), 1384);
	assert_int_equal(offsetof(struct hvnest_stats, ept02_flushes), 1392);
	assert_int_equal(offsetof(struct hvnest_stats, nested_reflected), 1400);
	assert_int_equal(offsetof(struct hvnest_stats, nested_handled), 1400 + 8 * HVNEST_NR_EXIT_REASONS);
	assert_int_equal(HVNEST_STATS_SIZE_V2, 2680);
	assert_int_equal(offsetof(struct hvnest_stats, ept02_guarded), HVNEST_STATS_SIZE_V2);
	assert_int_equal(HVNEST_STATS_SIZE_V3, 2688);
	assert_int_equal(offsetof(struct hvnest_stats, nmi_tail_restarts), HVNEST_STATS_SIZE_V3);
	assert_int_equal(HVNEST_STATS_SIZE_V4, 2696);
	assert_int_equal(offsetof(struct hvnest_stats, nested_entry_fail_guest), HVNEST_STATS_SIZE_V4);
	assert_int_equal(offsetof(struct hvnest_stats, nested_entry_vmfail), 2712);
	assert_int_equal(HVNEST_STATS_SIZE_V5, 2712 + 8 * HVNEST_NR_VMFAIL);
	assert_int_equal(offsetof(struct hvnest_stats, nested_entry_rule), HVNEST_STATS_SIZE_V5);
	assert_int_equal(offsetof(struct hvnest_stats, hidden_touches), HVNEST_STATS_SIZE_V6);
	assert_int_equal(HVNEST_STATS_SIZE_V6, 2968 + 8 * HVNEST_MAX_ENTRY_RULES);
	assert_int_equal(HVNEST_STATS_SIZE_V7, HVNEST_STATS_SIZE_V6 + 16);
	assert_int_equal(offsetof(struct hvnest_stats, vmcs_reads), HVNEST_STATS_SIZE_V7);
	assert_int_equal(HVNEST_STATS_SIZE_V8, HVNEST_STATS_SIZE_V7 + 56);
	assert_int_equal(offsetof(struct hvnest_stats, vpid02_flushes), HVNEST_STATS_SIZE_V8);
	assert_int_equal(sizeof(struct hvnest_stats), HVNEST_STATS_SIZE_V9);
	assert_int_equal(HVNEST_STATS_SIZE_V9, HVNEST_STATS_SIZE_V8 + 8);
	assert_true(HVNEST_STATS_SIZE_V9 <= HVNEST_IOC_MAX_SIZE);
	assert_true(HVNEST_ABI_MINOR >= 9);
}

static void test_header(void **state)
{
	struct hvnest_ioc_hdr h = { .size = sizeof(struct hvnest_version), .flags = 0 };

	(void)state;
	assert_int_equal(hvnest_ioc_check_hdr(HVNEST_IOC_GET_VERSION, &h), 0);
	h.flags = 1;
	assert_int_equal(hvnest_ioc_check_hdr(HVNEST_IOC_GET_VERSION, &h), -EINVAL);
	h.flags = 0x80000000u;
	assert_int_equal(hvnest_ioc_check_hdr(HVNEST_IOC_GET_VERSION, &h), -EINVAL);
	h.flags = 0;
	h.size = sizeof(struct hvnest_version) + 8;
	assert_int_equal(hvnest_ioc_check_hdr(HVNEST_IOC_GET_VERSION, &h), -EINVAL);
	h.size = 0;
	assert_int_equal(hvnest_ioc_check_hdr(HVNEST_IOC_GET_VERSION, &h), -EINVAL);
	h.size = 64;
	assert_int_equal(hvnest_ioc_check_hdr(SIZED(RW, 0, 64), &h), 0);
}

/* The frozen GET_VERSION layout: any change here breaks every old hvctl. */
static void test_version_layout_frozen(void **state)
{
	(void)state;
	assert_int_equal(HVNEST_IOC_TYPE, 0xB7);
	assert_int_equal(_IOC_NR(HVNEST_IOC_GET_VERSION), 0);
	assert_int_equal(sizeof(struct hvnest_version), 48);
	assert_int_equal(offsetof(struct hvnest_version, abi_major), 8);
	assert_int_equal(offsetof(struct hvnest_version, abi_minor), 12);
	assert_int_equal(offsetof(struct hvnest_version, module_version), 16);
	/* 64-bit fields are 8-aligned so i386 callers (compat) agree. */
	assert_int_equal(offsetof(struct hvnest_status, vmx_features) % 8, 0);
	assert_int_equal(sizeof(struct hvnest_status) % 8, 0);
	assert_int_equal(offsetof(struct hvnest_cpu_status, since_ns) % 8, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_published_numbers_decode),
		cmocka_unit_test(test_foreign_numbers_enotty),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_stats_sizes),
		cmocka_unit_test(test_stats_layout),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_version_layout_frozen),
	};

	return cmocka_run_group_tests_name("ioctl_check", tests, NULL, NULL);
}
