// SPDX-License-Identifier: GPL-2.0
/* Unit tests: the root-mode log ring. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "root_log.h"
#include "hvnest_abi.h"
#include "hvnest_entry_rules.h"

static struct hv_log_ring ring;

static int setup(void **state)
{
	(void)state;
	memset(&ring, 0, sizeof(ring));
	return 0;
}

static void test_empty(void **state)
{
	struct hv_log_entry e;

	(void)state;
	assert_false(hv_log_pop(&ring, &e));
}

static void test_fifo_order_and_fields(void **state)
{
	struct hv_log_entry e;
	u64 i;

	(void)state;
	for (i = 0; i < 10; i++)
		hv_log(&ring, 100 + i, HV_LOG_UNEXPECTED_EXIT, i, i * 2, i * 3);
	for (i = 0; i < 10; i++) {
		assert_true(hv_log_pop(&ring, &e));
		assert_int_equal(e.tsc, 100 + i);
		assert_int_equal(e.code, HV_LOG_UNEXPECTED_EXIT);
		assert_int_equal(e.arg[0], i);
		assert_int_equal(e.arg[1], i * 2);
		assert_int_equal(e.arg[2], i * 3);
	}
	assert_false(hv_log_pop(&ring, &e));
	assert_int_equal(ring.dropped, 0);
}

static void test_full_ring_drops_newest_and_counts(void **state)
{
	struct hv_log_entry e;
	u64 i;

	(void)state;
	for (i = 0; i < HV_LOG_ENTRIES + 5; i++)
		hv_log(&ring, i, HV_LOG_ROOT_EXCEPTION, i, 0, 0);
	assert_int_equal(ring.dropped, 5);
	for (i = 0; i < HV_LOG_ENTRIES; i++) {
		assert_true(hv_log_pop(&ring, &e));
		assert_int_equal(e.arg[0], i); /* the oldest are kept */
	}
	assert_false(hv_log_pop(&ring, &e));
	/* Room again after draining. */
	hv_log(&ring, 0, HV_LOG_TRIPLE_FAULT, 7, 0, 0);
	assert_true(hv_log_pop(&ring, &e));
	assert_int_equal(e.arg[0], 7);
}

static void test_wraps_many_times(void **state)
{
	struct hv_log_entry e;
	u64 i;

	(void)state;
	for (i = 0; i < 10 * HV_LOG_ENTRIES + 3; i++) {
		hv_log(&ring, i, HV_LOG_INIT_SIGNAL, i, 0, 0);
		assert_true(hv_log_pop(&ring, &e));
		assert_int_equal(e.arg[0], i);
	}
	assert_int_equal(ring.dropped, 0);
}

static void test_corrupt_code_is_neutralized(void **state)
{
	struct hv_log_entry e;

	(void)state;
	hv_log(&ring, 0, HV_LOG_BAD_HYPERCALL, 0, 0, 0);
	ring.e[0].code = 999; /* memory scribbled on: never index past */
	assert_true(hv_log_pop(&ring, &e));
	assert_int_equal(e.code, HV_LOG_NONE);
}

static void test_every_code_has_a_format(void **state)
{
	unsigned int i;
	char buf[256];

	(void)state;
	for (i = 0; i < HV_LOG_NR; i++) {
		assert_non_null(hv_log_formats[i]);
		/* Formats take up to three 64-bit numbers. */
		snprintf(buf, sizeof(buf), hv_log_formats[i], 1ULL, 2ULL, 3ULL);
		assert_true(strlen(buf) > 0);
	}
}

/*
 * The Linux side formats each record into HVNEST_LOG_TEXT_LEN bytes (dmesg,
 * hvctl log): with the widest arguments, nothing may be cut off.
 */
static void test_every_format_fits(void **state)
{
	const unsigned long long max = ~0ULL;
	unsigned int i, too_long = 0;
	char buf[512];
	int n;

	(void)state;
	for (i = 0; i < HV_LOG_NR; i++) {
		n = snprintf(buf, sizeof(buf), hv_log_formats[i], max, max, max);
		if (n >= HVNEST_LOG_TEXT_LEN) {
			print_error("log code %u: %d characters, more than %d: %s\n",
				    i, n, HVNEST_LOG_TEXT_LEN - 1, buf);
			too_long++;
		}
	}
	assert_int_equal(too_long, 0);
}

/*
 * The records naming an entry rule get ": NAME (SDM S)" appended on the
 * Linux side (module/stats.c): with every rule, the widest address and
 * the largest error, reason and qualification they carry, it still fits.
 */
#define RULE_TEXT(id, name, sdm) name " (SDM " sdm ")",
static const char *const rule_text[] = { HVNEST_ENTRY_RULES(RULE_TEXT) };

static void test_entry_rule_records_fit(void **state)
{
	const unsigned long long max = ~0ULL;
	unsigned int i;
	char buf[512];
	int n;

	(void)state;
	for (i = 0; i < HVNEST_NR_ENTRY_RULES; i++) {
		n = snprintf(buf, sizeof(buf),
			     hv_log_formats[HV_LOG_ENTRY_VMFAIL_RULE], 31ULL,
			     max, HVNEST_MAX_ENTRY_RULES - 1ULL);
		n += snprintf(buf, sizeof(buf), ": %s", rule_text[i]);
		assert_true(n < HVNEST_LOG_TEXT_LEN);
		/* Reason 34, and an MSR-load list's entry index (max 512). */
		n = snprintf(buf, sizeof(buf),
			     hv_log_formats[HV_LOG_ENTRY_FAIL_RULE], 34ULL,
			     512ULL, HVNEST_MAX_ENTRY_RULES - 1ULL);
		n += snprintf(buf, sizeof(buf), ": %s", rule_text[i]);
		assert_true(n < HVNEST_LOG_TEXT_LEN);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_fifo_order_and_fields, setup),
		cmocka_unit_test_setup(test_full_ring_drops_newest_and_counts, setup),
		cmocka_unit_test_setup(test_wraps_many_times, setup),
		cmocka_unit_test_setup(test_corrupt_code_is_neutralized, setup),
		cmocka_unit_test_setup(test_every_code_has_a_format, setup),
		cmocka_unit_test(test_every_format_fits),
		cmocka_unit_test(test_entry_rule_records_fit),
	};

	return cmocka_run_group_tests_name("root_log", tests, NULL, NULL);
}
