// SPDX-License-Identifier: GPL-2.0
/* Unit tests: hvctl's command line and ABI compatibility rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hvctl_args.h"

static char err[256];

#define PARSE(a, ...)                                                        \
	({                                                                   \
		char *argv_[] = { "hvctl", __VA_ARGS__, NULL };              \
		hvctl_parse((int)(sizeof(argv_) / sizeof(argv_[0])) - 1,     \
			    argv_, (a), err, sizeof(err));                   \
	})

static void test_no_command(void **state)
{
	struct hvctl_args a;
	char *argv[] = { "hvctl", NULL };

	(void)state;
	assert_int_equal(hvctl_parse(1, argv, &a, err, sizeof(err)), HVCTL_EXIT_USAGE);
	assert_true(a.help);
	assert_string_equal(err, "no command given");
}

static void test_commands(void **state)
{
	struct hvctl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "status"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_STATUS);
	assert_false(a.help);
	assert_false(a.json);
	assert_int_equal(PARSE(&a, "version", "--json"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_VERSION);
	assert_true(a.json);
	assert_int_equal(PARSE(&a, "status", "--json"), HVCTL_EXIT_OK);
	assert_true(a.json);
}

/* --device PATH: before the command, or among its options (issue 15). */
static void test_device(void **state)
{
	struct hvctl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "status"), HVCTL_EXIT_OK);
	assert_null(a.device);
	assert_int_equal(PARSE(&a, "--device", "/dev/hvnest_l1", "stats", "--json"),
			 HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_STATS);
	assert_string_equal(a.device, "/dev/hvnest_l1");
	assert_true(a.json);
	assert_int_equal(PARSE(&a, "log", "--device", "/dev/x"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_LOG);
	assert_string_equal(a.device, "/dev/x");
	assert_int_equal(PARSE(&a, "--device"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "option '--device' needs a PATH");
	assert_int_equal(PARSE(&a, "--device", "/dev/x"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "no command given");
	assert_int_equal(PARSE(&a, "status", "--device"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "option '--device' needs a PATH");
}

static void test_help_forms(void **state)
{
	struct hvctl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "--help"), HVCTL_EXIT_OK);
	assert_true(a.help);
	assert_int_equal(a.cmd, HVCTL_CMD_NONE);
	assert_int_equal(PARSE(&a, "-h"), HVCTL_EXIT_OK);
	assert_true(a.help);
	assert_int_equal(PARSE(&a, "help"), HVCTL_EXIT_OK);
	assert_true(a.help);
	assert_int_equal(a.cmd, HVCTL_CMD_NONE);
	assert_int_equal(PARSE(&a, "help", "status"), HVCTL_EXIT_OK);
	assert_true(a.help);
	assert_int_equal(a.cmd, HVCTL_CMD_STATUS);
	assert_int_equal(PARSE(&a, "status", "--help"), HVCTL_EXIT_OK);
	assert_true(a.help);
	assert_int_equal(a.cmd, HVCTL_CMD_STATUS);
	assert_non_null(strstr(hvctl_usage(HVCTL_CMD_STATUS), "usage: hvctl status"));
	assert_non_null(strstr(hvctl_usage(HVCTL_CMD_NONE), "Exit status"));
}

static void test_usage_errors(void **state)
{
	struct hvctl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "frob"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "unknown command 'frob' (see 'hvctl --help')");
	assert_int_equal(PARSE(&a, "--frob"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "unknown option '--frob'");
	assert_int_equal(PARSE(&a, "status", "--frob"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "unknown option '--frob' for 'status'");
	assert_int_equal(PARSE(&a, "status", "extra"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "unexpected argument 'extra' for 'status'");
	assert_int_equal(PARSE(&a, "help", "frob"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "unknown command 'frob'");
	assert_int_equal(PARSE(&a, "help", "status", "x"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "--help", "x"), HVCTL_EXIT_USAGE);
	/* --json only where a command takes it. */
	assert_int_equal(PARSE(&a, "help", "--json"), HVCTL_EXIT_USAGE);
}

static void test_stats_options(void **state)
{
	struct hvctl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "stats"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_STATS);
	assert_int_equal(a.cpu, -1);
	assert_int_equal(a.interval_ms, 0);
	assert_int_equal(PARSE(&a, "stats", "--cpu", "3", "--interval", "2.5",
			       "--count", "4", "--json", "--reset"),
			 HVCTL_EXIT_OK);
	assert_int_equal(a.cpu, 3);
	assert_int_equal(a.interval_ms, 2500);
	assert_int_equal(a.count, 4);
	assert_true(a.json);
	assert_true(a.reset);
	assert_int_equal(PARSE(&a, "stats", "--interval", "0.1"), HVCTL_EXIT_OK);
	assert_int_equal(a.interval_ms, 100);
	assert_int_equal(PARSE(&a, "stats", "--interval", "3600"), HVCTL_EXIT_OK);
	assert_int_equal(PARSE(&a, "stats", "--interval", "0.05"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--interval", "3601"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--interval", "1."), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--interval", "x"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--interval", "99999999999999999999"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--cpu", "-1"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--cpu", "1x"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--cpu"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "option '--cpu' needs a value");
	assert_int_equal(PARSE(&a, "stats", "--count", "0", "--interval", "1"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "stats", "--count", "2"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "--count goes with --interval");
	/* Stats options belong to stats only. */
	assert_int_equal(PARSE(&a, "status", "--cpu", "1"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "version", "--reset"), HVCTL_EXIT_USAGE);
}

static void test_feature_switches(void **state)
{
	struct hvctl_args a;

	(void)state;
	assert_int_equal(PARSE(&a, "features"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_FEATURES);
	assert_int_equal(PARSE(&a, "enable", "hypervisor-leaf"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_ENABLE);
	assert_string_equal(a.name, "hypervisor-leaf");
	assert_int_equal(PARSE(&a, "disable", "x"), HVCTL_EXIT_OK);
	assert_int_equal(a.cmd, HVCTL_CMD_DISABLE);
	assert_int_equal(PARSE(&a, "enable"), HVCTL_EXIT_USAGE);
	assert_string_equal(err, "'enable' needs a feature NAME (see 'hvctl features')");
	assert_int_equal(PARSE(&a, "enable", "a", "b"), HVCTL_EXIT_USAGE);
	assert_int_equal(PARSE(&a, "enable", "--help"), HVCTL_EXIT_OK);
	assert_true(a.help);
	assert_int_equal(PARSE(&a, "features", "x"), HVCTL_EXIT_USAGE);
}

static void test_long_argument_truncated_safely(void **state)
{
	struct hvctl_args a;
	char big[1024];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(PARSE(&a, big), HVCTL_EXIT_USAGE);
	assert_int_equal(strlen(err), sizeof(err) - 1);
}

static void test_abi_rule(void **state)
{
	(void)state;
	err[0] = '\0';
	assert_int_equal(hvctl_abi_check(1, 0, 1, 0, err, sizeof(err)), HVCTL_EXIT_OK);
	/* Minor versions differ: compatible both ways (sized structs). */
	assert_int_equal(hvctl_abi_check(1, 0, 1, 7, err, sizeof(err)), HVCTL_EXIT_OK);
	assert_int_equal(hvctl_abi_check(1, 7, 1, 0, err, sizeof(err)), HVCTL_EXIT_OK);
	assert_string_equal(err, "");
	assert_int_equal(hvctl_abi_check(1, 0, 2, 0, err, sizeof(err)), HVCTL_EXIT_ABI);
	assert_non_null(strstr(err, "module speaks ABI 2.0, this hvctl speaks 1.0"));
	assert_int_equal(hvctl_abi_check(2, 0, 1, 3, err, sizeof(err)), HVCTL_EXIT_ABI);
}

static void test_cmd_names(void **state)
{
	(void)state;
	assert_string_equal(hvctl_cmd_name(HVCTL_CMD_STATUS), "status");
	assert_string_equal(hvctl_cmd_name(HVCTL_CMD_NONE), "hvctl");
	assert_string_equal(hvctl_cmd_name(HVCTL_CMD_NR), "hvctl");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_command),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_help_forms),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_stats_options),
		cmocka_unit_test(test_feature_switches),
		cmocka_unit_test(test_long_argument_truncated_safely),
		cmocka_unit_test(test_abi_rule),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_cmd_names),
	};

	return cmocka_run_group_tests_name("hvctl_args", tests, NULL, NULL);
}
