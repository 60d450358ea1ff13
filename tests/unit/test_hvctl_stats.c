// SPDX-License-Identifier: GPL-2.0
/* Unit tests: hvctl stats, summing and the text and JSON tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hvctl_stats.h"

#define CPUID 10
#define EPT_VIOLATION 48

static struct hvnest_stats cur, prev;

/* Output of hvctl_stats_print(), malloc'ed. */
static char *print(int cpu, bool json, bool nested, bool rates)
{
	struct hvctl_stats_fmt f = { .cpu = cpu,
				     .json = json,
				     .nested = nested };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	hvctl_stats_print(out, &f, &cur, rates ? &prev : NULL, 2.0);
	fclose(out);
	return buf;
}

/* Counters of an L1 that runs L2: cur, and prev 2 s earlier. */
static int setup(void **state)
{
	(void)state;
	memset(&cur, 0, sizeof(cur));
	cur.tsc_khz = 2000000;
	cur.exits = 1500;
	cur.count[CPUID] = 1000;
	cur.cycles[CPUID] = 1000 * 1200;
	cur.count[EPT_VIOLATION] = 500;
	cur.cycles[EPT_VIOLATION] = 500 * 3000;
	cur.nmi_injected = 3;
	cur.nested_entries = 900;
	cur.nested_entry_failures = 1;
	cur.nested_vmfails = 2;
	cur.nested_entry_fail_guest = 1;
	cur.nested_entry_vmfail[7] = 2;
	cur.nested_entry_vmfail[8] = 5;
	cur.nested_entry_rule[HV_ER_CTL_VNMI_NO_NMI_EXITING] = 6;
	cur.nested_entry_rule[HV_ER_GUEST_RFLAGS_RESERVED] = 1;
	cur.nested_reflected[CPUID] = 400;
	cur.nested_reflected[EPT_VIOLATION] = 20;
	cur.nested_handled[EPT_VIOLATION] = 480;
	cur.ept02_fills = 480;
	cur.ept02_flushes = 3;
	cur.ept02_guarded = 2;
	cur.vpid02_flushes = 9;
	prev = cur;
	prev.exits = 500;
	prev.nmi_tail_restarts = 1;
	prev.count[CPUID] = 500;
	prev.count[EPT_VIOLATION] = 100;
	prev.nested_entries = 100;
	prev.nested_reflected[CPUID] = 0;
	prev.nested_handled[EPT_VIOLATION] = 80;
	prev.ept02_fills = 80;
	prev.ept02_flushes = 1;
	prev.ept02_guarded = 1;
	prev.vpid02_flushes = 5;
	return 0;
}

static void test_has_nested(void **state)
{
	(void)state;
	assert_false(hvctl_stats_has_nested(0));
	assert_false(hvctl_stats_has_nested(HVNEST_STATS_SIZE_V1));
	assert_false(hvctl_stats_has_nested(HVNEST_STATS_SIZE_V2 - 8));
	assert_true(hvctl_stats_has_nested(HVNEST_STATS_SIZE_V2));
	assert_true(hvctl_stats_has_nested(HVNEST_STATS_SIZE_V2 + 8));
}

static void test_nested_any(void **state)
{
	struct hvnest_stats s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.exits = 1;
	s.count[CPUID] = 1;
	assert_false(hvctl_stats_nested_any(&s));
#define ONE(field)                                       \
	do {                                             \
		memset(&s, 0, sizeof(s));                \
		s.field = 1;                             \
		assert_true(hvctl_stats_nested_any(&s)); \
	} while (0)
	ONE(nested_entries);
	ONE(nested_entry_failures);
	ONE(nested_vmfails);
	ONE(ept02_fills);
	ONE(ept02_flushes);
	ONE(ept02_guarded);
	ONE(vpid02_flushes);
	ONE(nested_reflected[0]);
	ONE(nested_handled[HVNEST_NR_EXIT_REASONS - 1]);
	ONE(nested_entry_vmfail[0]);
	ONE(nested_entry_vmfail[HVNEST_NR_VMFAIL - 1]);
	ONE(nested_entry_rule[HV_ER_NONE]);
	ONE(nested_entry_rule[HVNEST_MAX_ENTRY_RULES - 1]);
#undef ONE
}

static void test_add(void **state)
{
	struct hvnest_stats sum;
	unsigned int i;

	(void)state;
	memset(&sum, 0, sizeof(sum));
	hvctl_stats_add(&sum, &cur);
	hvctl_stats_add(&sum, &prev);
	assert_int_equal(sum.tsc_khz, 0);
	assert_int_equal(sum.exits, 2000);
	assert_int_equal(sum.nmi_injected, 6);
	assert_int_equal(sum.nmi_tail_restarts, 1);
	assert_int_equal(sum.nested_entries, 1000);
	assert_int_equal(sum.nested_entry_failures, 2);
	assert_int_equal(sum.nested_vmfails, 4);
	assert_int_equal(sum.ept02_fills, 560);
	assert_int_equal(sum.ept02_flushes, 4);
	assert_int_equal(sum.ept02_guarded, 3);
	assert_int_equal(sum.vpid02_flushes, 14);
	assert_int_equal(sum.nested_entry_fail_guest, 2);
	assert_int_equal(sum.nested_entry_fail_msr, 0);
	assert_int_equal(sum.nested_entry_vmfail[7], 4);
	assert_int_equal(sum.nested_entry_vmfail[8], 10);
	assert_int_equal(sum.nested_entry_vmfail[0], 0);
	assert_int_equal(sum.nested_entry_rule[HV_ER_CTL_VNMI_NO_NMI_EXITING], 12);
	assert_int_equal(sum.nested_entry_rule[HV_ER_NONE], 0);
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++) {
		assert_int_equal(sum.count[i], cur.count[i] + prev.count[i]);
		assert_int_equal(sum.cycles[i], cur.cycles[i] + prev.cycles[i]);
		assert_int_equal(sum.nested_reflected[i],
				 cur.nested_reflected[i] +
					 prev.nested_reflected[i]);
		assert_int_equal(sum.nested_handled[i],
				 cur.nested_handled[i] +
					 prev.nested_handled[i]);
	}
}

static const char main_totals[] =
	"exit reason                       total              avg cycles\n"
	"cpuid                              1000                    1200\n"
	"ept_violation                       500                    3000\n"
	"all exits                          1500\n"
	"NMIs: 0 arrived in root, 0 caused exits, 3 delivered to Linux\n"
	"unexpected exits: 0, root-mode exceptions: 0, log records dropped: 0\n";

/* An ABI 1.1 module, or no nested counter yet: the table as before. */
static void test_text_without_nested(void **state)
{
	struct hvnest_stats keep = cur;
	char *s;

	(void)state;
	s = print(-1, false, false, false);
	assert_string_equal(s, main_totals);
	free(s);
	memset(&cur.nested_entries, 0,
	       sizeof(cur) - offsetof(struct hvnest_stats, nested_entries));
	s = print(-1, false, true, false);
	assert_string_equal(s, main_totals);
	free(s);
	cur = keep;
}

/* NMIs that sent the exit tail back: shown once there are any. */
static void test_text_tail_restarts(void **state)
{
	char *s;

	(void)state;
	cur.nmi_root = 7;
	cur.nmi_tail_restarts = 2;
	s = print(-1, false, false, false);
	assert_non_null(strstr(s, "NMIs: 7 arrived in root (2 just before an entry), 0 caused exits, 3 delivered to Linux\n"));
	free(s);
	s = print(-1, true, false, false);
	assert_non_null(strstr(s, "\"nmi_root\":7,\"nmi_tail_restarts\":2,"));
	free(s);
}

/* Entry failures by cause (ABI 1.5) and rule (1.6): those that occurred. */
static void test_entry_causes(void **state)
{
	char *s;

	(void)state;
	cur.nested_entry_vmfail[0] = 1;
	cur.nested_entry_fail_msr = 3;
	s = print(-1, false, true, false);
	assert_non_null(strstr(s, "entry failures: invalid guest state 1, MSR loading 3\n"
				  "L1's VMLAUNCH/VMRESUME failed: VMfailInvalid 1, VMfailValid(7) 2, VMfailValid(8) 5\n"
				  "entry rule ctl_vnmi_without_nmi_exiting (SDM 26.2.1.1): 6\n"
				  "entry rule guest_rflags_reserved (SDM 26.3.1.4): 1\n"));
	free(s);
	s = print(-1, true, true, false);
	assert_non_null(strstr(s, "\"entry_fail_guest\":1,\"entry_fail_msr\":3,\"vmfail_invalid\":1,\"vmfail_by_error\":{\"7\":2,\"8\":5}"));
	free(s);
	/* None: no line at all. */
	memset(cur.nested_entry_vmfail, 0, sizeof(cur.nested_entry_vmfail));
	memset(cur.nested_entry_rule, 0, sizeof(cur.nested_entry_rule));
	cur.nested_entry_fail_guest = 0;
	cur.nested_entry_fail_msr = 0;
	s = print(-1, false, true, false);
	assert_null(strstr(s, "entry failures: invalid"));
	assert_null(strstr(s, "VMLAUNCH/VMRESUME failed"));
	assert_null(strstr(s, "entry rule"));
	free(s);
}

static void test_text_nested_totals(void **state)
{
	char *s;

	(void)state;
	s = print(-1, false, true, false);
	assert_string_equal(
		s,
		"exit reason                       total              avg cycles\n"
		"cpuid                              1000                    1200\n"
		"ept_violation                       500                    3000\n"
		"all exits                          1500\n"
		"NMIs: 0 arrived in root, 0 caused exits, 3 delivered to Linux\n"
		"unexpected exits: 0, root-mode exceptions: 0, log records dropped: 0\n"
		"\n"
		"nested VMX: L2's exits reflected to L1 or handled in L0\n"
		"L2 exit reason                reflected                 handled\n"
		"cpuid                               400                       0\n"
		"ept_violation                        20                     480\n"
		"all L2 exits                        420                     480\n"
		"nested entries: 900, entry failures: 1, VMCS02 vmfails: 2\n"
		"entry failures: invalid guest state 1, MSR loading 0\n"
		"L1's VMLAUNCH/VMRESUME failed: VMfailValid(7) 2, VMfailValid(8) 5\n"
		"entry rule ctl_vnmi_without_nmi_exiting (SDM 26.2.1.1): 6\n"
		"entry rule guest_rflags_reserved (SDM 26.3.1.4): 1\n"
		"EPT02 fills: 480, flushes: 3, onto hvnest: 2, VPID02 flushes: 9\n");
	free(s);
}

static void test_text_nested_rates(void **state)
{
	char *s;

	(void)state;
	s = print(2, false, true, true);
	assert_string_equal(
		s,
		"exit reason                       total      per s   avg cycles\n"
		"cpuid                              1000      250.0         1200\n"
		"ept_violation                       500      200.0         3000\n"
		"all exits                          1500      500.0\n"
		"NMIs: 0 arrived in root, 0 caused exits, 3 delivered to Linux\n"
		"unexpected exits: 0, root-mode exceptions: 0, log records dropped: 0\n"
		"\n"
		"nested VMX: L2's exits reflected to L1 or handled in L0\n"
		"L2 exit reason                reflected      per s      handled      per s\n"
		"cpuid                               400      200.0            0        0.0\n"
		"ept_violation                        20        0.0          480      200.0\n"
		"all L2 exits                        420      200.0          480      200.0\n"
		"nested entries: 900 (400.0/s), entry failures: 1 (0.0/s), VMCS02 vmfails: 2 (0.0/s)\n"
		"entry failures: invalid guest state 1, MSR loading 0\n"
		"L1's VMLAUNCH/VMRESUME failed: VMfailValid(7) 2, VMfailValid(8) 5\n"
		"entry rule ctl_vnmi_without_nmi_exiting (SDM 26.2.1.1): 6\n"
		"entry rule guest_rflags_reserved (SDM 26.3.1.4): 1\n"
		"EPT02 fills: 480 (200.0/s), flushes: 3 (1.0/s), onto hvnest: 2 (0.5/s), VPID02 flushes: 9 (2.0/s)\n");
	free(s);
}

/* A reason without a name is shown as reason_N in both tables. */
static void test_unnamed_reason(void **state)
{
	char *s;

	(void)state;
	cur.count[35] = 7;
	cur.nested_handled[35] = 7;
	s = print(-1, false, true, false);
	assert_non_null(
		strstr(s, "\nreason_35                             7 "));
	assert_non_null(strstr(
		s,
		"\nreason_35                             0                       7\n"));
	free(s);
	s = print(-1, true, true, false);
	assert_non_null(strstr(s, "\"reason_35\":{\"count\":7,"));
	assert_non_null(strstr(s, "\"reason_35\":{\"reflected\":0,"));
	free(s);
}

static const char main_json[] =
	"{\"cpu\":\"all\",\"interval_s\":0.000,\"exits\":1500,\"reasons\":{\"cpuid\":{\"count\":1000,\"per_s\":0.0,\"avg_cycles\":1200},\"ept_violation\":{\"count\":500,\"per_s\":0.0,\"avg_cycles\":3000}},\"nmi_root\":0,\"nmi_tail_restarts\":0,\"nmi_exits\":0,\"nmi_injected\":3,\"unexpected_exits\":0,\"root_exceptions\":0,\"log_dropped\":0,\"tsc_khz\":2000000,\"hidden_touches\":0,\"hidden_writes\":0,\"vmcs_reads\":0,\"vmcs_writes\":0,\"vmcs_ptrlds\":0";

/* An ABI 1.1 module: the JSON object as before, no "nested". */
static void test_json_without_nested(void **state)
{
	char want[sizeof(main_json) + 2];
	char *s;

	(void)state;
	snprintf(want, sizeof(want), "%s}\n", main_json);
	s = print(-1, true, false, false);
	assert_string_equal(s, want);
	free(s);
}

static void test_json_nested(void **state)
{
	char want[2048];
	char *s;

	(void)state;
	snprintf(
		want, sizeof(want),
		"%s,\"nested\":{\"entries\":900,\"entry_failures\":1,\"vmfails\":2,\"ept02_fills\":480,\"ept02_flushes\":3,\"ept02_guarded\":2,\"entry_fail_guest\":1,\"entry_fail_msr\":0,\"vmfail_invalid\":0,\"vmfail_by_error\":{\"7\":2,\"8\":5},\"entry_rules\":{\"ctl_vnmi_without_nmi_exiting\":6,\"guest_rflags_reserved\":1},\"round_trip\":{\"reads\":0,\"writes\":0,\"ptrlds\":0,\"cycles\":0},\"vpid02_flushes\":9,\"reasons\":{\"cpuid\":{\"reflected\":400,\"reflected_per_s\":0.0,\"handled\":0,\"handled_per_s\":0.0},\"ept_violation\":{\"reflected\":20,\"reflected_per_s\":0.0,\"handled\":480,\"handled_per_s\":0.0}}}}\n",
		main_json);
	s = print(-1, true, true, false);
	assert_string_equal(s, want);
	free(s);
	/* With no nested counter the object is still there, empty. */
	memset(&cur.nested_entries, 0,
	       sizeof(cur) - offsetof(struct hvnest_stats, nested_entries));
	s = print(-1, true, true, false);
	assert_non_null(strstr(
		s,
		",\"nested\":{\"entries\":0,\"entry_failures\":0,\"vmfails\":0,\"ept02_fills\":0,\"ept02_flushes\":0,\"ept02_guarded\":0,\"entry_fail_guest\":0,\"entry_fail_msr\":0,\"vmfail_invalid\":0,\"vmfail_by_error\":{},\"entry_rules\":{},\"round_trip\":{\"reads\":0,\"writes\":0,\"ptrlds\":0,\"cycles\":0},\"vpid02_flushes\":0,\"reasons\":{}}}\n"));
	free(s);
}

static void test_json_nested_rates(void **state)
{
	char *s;

	(void)state;
	s = print(5, true, true, true);
	assert_non_null(
		strstr(s, "{\"cpu\":5,\"interval_s\":2.000,\"exits\":1500,"));
	assert_non_null(
		strstr(s, "\"cpuid\":{\"count\":1000,\"per_s\":250.0,"));
	assert_non_null(strstr(
		s,
		"\"cpuid\":{\"reflected\":400,\"reflected_per_s\":200.0,\"handled\":0,\"handled_per_s\":0.0}"));
	assert_non_null(strstr(
		s,
		"\"ept_violation\":{\"reflected\":20,\"reflected_per_s\":0.0,\"handled\":480,\"handled_per_s\":200.0}"));
	free(s);
}

/*
 * What the guest tests' sed expressions extract, their leading .* being
 * greedy: the number after the last @pattern in @s, or -1.
 */
static long long sed_last(const char *s, const char *pattern)
{
	const char *p, *last = NULL;

	for (p = strstr(s, pattern); p; p = strstr(p + 1, pattern))
		last = p;
	return last ? strtoll(last + strlen(pattern), NULL, 10) : -1;
}

/* The guest tests' sed patterns find the main table's numbers. */
static void test_json_guest_patterns(void **state)
{
	char *s;

	(void)state;
	cur.nested_reflected[CPUID] = 123456;
	cur.nested_handled[CPUID] = 654321;
	s = print(-1, true, true, false);
	assert_int_equal(sed_last(s, "\"cpuid\":{\"count\":"), 1000);
	assert_int_equal(sed_last(s, "\"ept_violation\":{\"count\":"), 500);
	assert_int_equal(sed_last(s, "\"nmi_injected\":"), 3);
	assert_int_equal(sed_last(s, "\"unexpected_exits\":"), 0);
	assert_int_equal(sed_last(s, "\"root_exceptions\":"), 0);
	assert_int_equal(sed_last(s, "\"exits\":"), 1500);
	free(s);
}

/* ABI 1.7: L1's touches of hvnest's root-only pages, summed and shown. */
static void test_hidden_pages(void **state)
{
	struct hvnest_stats sum;
	char *t;

	(void)state;
	t = print(-1, false, false, false);
	assert_null(strstr(t, "root-only pages")); /* none: no line */
	free(t);
	cur.hidden_touches = 3;
	cur.hidden_writes = 7;
	t = print(-1, false, false, false);
	assert_non_null(strstr(t, "hvnest's root-only pages: L1 touched 3 (first touches per CPU), wrote 7 times (dropped)\n"));
	free(t);
	t = print(-1, true, false, false);
	assert_non_null(strstr(t, ",\"hidden_touches\":3,\"hidden_writes\":7"));
	free(t);
	memset(&sum, 0, sizeof(sum));
	hvctl_stats_add(&sum, &cur);
	hvctl_stats_add(&sum, &cur);
	assert_int_equal(sum.hidden_touches, 6);
	assert_int_equal(sum.hidden_writes, 14);
}

/*
 * ABI 1.8: VMCS accesses in root, and per nested round trip: the sums
 * over the reflected exits, divided by them (420 here).
 */
static void test_vmcs_accesses(void **state)
{
	struct hvnest_stats sum;
	char *t;

	(void)state;
	t = print(-1, false, true, false);
	assert_null(strstr(t, "VMCS accesses")); /* none: no line */
	assert_null(strstr(t, "per round trip"));
	free(t);
	cur.vmcs_reads = 5000;
	cur.vmcs_writes = 4000;
	cur.vmcs_ptrlds = 900;
	cur.round_trip_reads = 420 * 60;
	cur.round_trip_writes = 420 * 45 + 210;
	cur.round_trip_ptrlds = 420 * 4;
	cur.round_trip_cycles = 420 * 7000;
	t = print(-1, false, true, false);
	assert_non_null(strstr(t, "VMCS accesses in root: 5000 VMREAD, 4000 VMWRITE, 900 VMPTRLD\n"));
	assert_non_null(strstr(t, "per round trip (reflected exit + L1's VMRESUME): 60.0 VMREAD, 45.5 VMWRITE, 4.0 VMPTRLD, 7000 cycles in root\n"));
	free(t);
	t = print(-1, true, true, false);
	assert_non_null(strstr(t, ",\"vmcs_reads\":5000,\"vmcs_writes\":4000,\"vmcs_ptrlds\":900"));
	assert_non_null(strstr(t, ",\"round_trip\":{\"reads\":25200,\"writes\":19110,\"ptrlds\":1680,\"cycles\":2940000},"));
	free(t);
	memset(&sum, 0, sizeof(sum));
	hvctl_stats_add(&sum, &cur);
	hvctl_stats_add(&sum, &cur);
	assert_int_equal(sum.vmcs_reads, 10000);
	assert_int_equal(sum.vmcs_writes, 8000);
	assert_int_equal(sum.vmcs_ptrlds, 1800);
	assert_int_equal(sum.round_trip_reads, 2 * 420 * 60);
	assert_int_equal(sum.round_trip_writes, 2 * (420 * 45 + 210));
	assert_int_equal(sum.round_trip_ptrlds, 2 * 420 * 4);
	assert_int_equal(sum.round_trip_cycles, 2 * 420 * 7000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_has_nested, setup),
		cmocka_unit_test_setup(test_nested_any, setup),
		cmocka_unit_test_setup(test_add, setup),
		cmocka_unit_test_setup(test_text_without_nested, setup),
		cmocka_unit_test_setup(test_text_tail_restarts, setup),
		cmocka_unit_test_setup(test_entry_causes, setup),
		cmocka_unit_test_setup(test_text_nested_totals, setup),
		cmocka_unit_test_setup(test_text_nested_rates, setup),
		cmocka_unit_test_setup(test_unnamed_reason, setup),
		cmocka_unit_test_setup(test_json_without_nested, setup),
		cmocka_unit_test_setup(test_json_nested, setup),
		cmocka_unit_test_setup(test_json_nested_rates, setup),
		cmocka_unit_test_setup(test_json_guest_patterns, setup),
		cmocka_unit_test_setup(test_hidden_pages, setup),
		cmocka_unit_test_setup(test_vmcs_accesses, setup),
	};

	return cmocka_run_group_tests_name("hvctl_stats", tests, NULL, NULL);
}
