// SPDX-License-Identifier: GPL-2.0
/* hvctl command-line parsing: pure logic, unit-tested. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvctl_args.h"

#define JSON_OPT (1u << 0)
#define STATS_OPTS (1u << 1) /* --cpu, --interval, --count, --reset */
#define NAME_ARG (1u << 2) /* takes exactly one NAME */

struct hvctl_cmd_desc {
	const char *name;
	unsigned int opts; /* options the command takes besides --help */
	const char *usage;
};

static const struct hvctl_cmd_desc hvctl_cmds[HVCTL_CMD_NR] = {
	[HVCTL_CMD_NONE] = {
		NULL, 0,
		"usage: hvctl [--help] [--device PATH] COMMAND [OPTIONS]\n"
		"\n"
		"Control and inspect hvnest, the in-place VMX hypervisor, through\n"
		"/dev/hvnest (root only).\n"
		"\n"
		"  --device PATH  talk to the instance behind PATH instead, such as\n"
		"                 /dev/hvnest_l1 (a second instance, built with\n"
		"                 'make HVNEST_NAME=hvnest_l1'); any command takes it\n"
		"\n"
		"Commands:\n"
		"  version   versions of hvctl, the module and their ABI\n"
		"  status    whether hvnest is loaded, its CPUs and VMX features\n"
		"  stats     VM exits per reason: totals, rates, time in root\n"
		"  features  hvnest's feature switches and their state\n"
		"  enable    switch a feature on:  hvctl enable NAME\n"
		"  disable   switch a feature off: hvctl disable NAME\n"
		"  log       what root mode logged (also in dmesg)\n"
		"  help      this text, or 'help COMMAND' for one command\n"
		"\n"
		"'hvctl COMMAND --help' shows a command's options.\n"
		"\n"
		"Exit status: 0 done, 1 error (e.g. module not loaded, not root),\n"
		"2 bad command line, 3 module and hvctl speak different ABIs.\n",
	},
	[HVCTL_CMD_HELP] = {
		"help", 0,
		"usage: hvctl help [COMMAND]\n"
		"\n"
		"Show general help, or the help of COMMAND.\n",
	},
	[HVCTL_CMD_VERSION] = {
		"version", JSON_OPT,
		"usage: hvctl version [--json]\n"
		"\n"
		"Show hvctl's version and ABI and, when hvnest is loaded, the\n"
		"module's. Fails with exit status 3 when the ABI majors differ.\n"
		"\n"
		"  --json    print one JSON object\n",
	},
	[HVCTL_CMD_STATUS] = {
		"status", JSON_OPT,
		"usage: hvctl status [--json]\n"
		"\n"
		"Show whether hvnest is loaded, how many CPUs it virtualizes, the\n"
		"state of each CPU and the VMX features it found usable.\n"
		"\n"
		"  --json    print one JSON object\n",
	},
	[HVCTL_CMD_STATS] = {
		"stats", JSON_OPT | STATS_OPTS,
		"usage: hvctl stats [--cpu N] [--interval S [--count N]] [--json] [--reset]\n"
		"\n"
		"VM exits per reason since load (or the last --reset), summed over\n"
		"all CPUs or for one: count, average TSC cycles spent in root mode,\n"
		"and with --interval the rate per second, shown every S seconds.\n"
		"Below the table: NMIs seen in root mode, NMI exits, NMIs delivered\n"
		"to Linux, unexpected exits and root-mode exceptions. Once L1 runs\n"
		"guests (nested VMX), a second table splits L2's exits per reason\n"
		"into reflected to L1 and handled in L0, followed by the nested\n"
		"entries, entry failures (by cause once there are any), VMCS02\n"
		"vmfails and EPT02 fills, flushes and pages kept from hvnest.\n"
		"\n"
		"  --cpu N       one CPU only\n"
		"  --interval S  show rates over S seconds (0.1 to 3600), repeatedly\n"
		"  --count N     with --interval: stop after N tables\n"
		"  --json        one JSON object per table (with a \"nested\" object\n"
		"                from a module of ABI 1.2 or later)\n"
		"  --reset       zero the counters (of --cpu N, or all) first\n",
	},
	[HVCTL_CMD_FEATURES] = {
		"features", JSON_OPT,
		"usage: hvctl features [--json]\n"
		"\n"
		"List hvnest's feature switches: name, on or off, and whether it\n"
		"can be switched while hvnest runs.\n"
		"\n"
		"  --json    print one JSON object\n",
	},
	[HVCTL_CMD_ENABLE] = {
		"enable", NAME_ARG,
		"usage: hvctl enable NAME\n"
		"\n"
		"Switch feature NAME on, on every CPU ('hvctl features' lists them).\n",
	},
	[HVCTL_CMD_DISABLE] = {
		"disable", NAME_ARG,
		"usage: hvctl disable NAME\n"
		"\n"
		"Switch feature NAME off, on every CPU ('hvctl features' lists them).\n",
	},
	[HVCTL_CMD_LOG] = {
		"log", JSON_OPT,
		"usage: hvctl log [--json]\n"
		"\n"
		"Show the records root mode logged (unexpected exits, refused\n"
		"hypercalls, root-mode exceptions, ...), oldest first; hvnest keeps\n"
		"the last 256 and also prints each to dmesg as 'hvnest: CPU N root:'.\n"
		"\n"
		"  --json    one JSON object per record\n",
	},
};

const char *hvctl_cmd_name(enum hvctl_cmd cmd)
{
	if (cmd <= HVCTL_CMD_NONE || cmd >= HVCTL_CMD_NR)
		return "hvctl";
	return hvctl_cmds[cmd].name;
}

const char *hvctl_usage(enum hvctl_cmd cmd)
{
	if (cmd < HVCTL_CMD_NONE || cmd >= HVCTL_CMD_NR)
		cmd = HVCTL_CMD_NONE;
	return hvctl_cmds[cmd].usage;
}

static enum hvctl_cmd hvctl_lookup(const char *name)
{
	int i;

	for (i = HVCTL_CMD_NONE + 1; i < HVCTL_CMD_NR; i++)
		if (!strcmp(hvctl_cmds[i].name, name))
			return (enum hvctl_cmd)i;
	return HVCTL_CMD_NONE;
}

static int __attribute__((format(printf, 3, 4)))
usage_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return HVCTL_EXIT_USAGE;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "--help") || !strcmp(s, "-h");
}

/* A whole number in [min, max]; false for anything else. */
static bool parse_uint(const char *s, unsigned long min, unsigned long max,
		       unsigned long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && !*end && *out >= min && *out <= max;
}

/* Seconds with up to 3 decimals, in [0.1, 3600], as milliseconds. */
static bool parse_seconds(const char *s, unsigned int *ms)
{
	unsigned long whole = 0, frac = 0, scale = 100;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && whole <= 3600)
		whole = whole * 10 + (unsigned long)(*p++ - '0');
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9') {
			frac += (unsigned long)(*p++ - '0') * scale;
			scale /= 10;
		}
	}
	if (*p || whole > 3600)
		return false;
	*ms = (unsigned int)(whole * 1000 + frac);
	return *ms >= 100 && *ms <= 3600 * 1000;
}

static int parse_value(const char *opt, const char *val, struct hvctl_args *a,
		       char *err, size_t errlen)
{
	unsigned long v;

	if (!strcmp(opt, "--cpu")) {
		if (!parse_uint(val, 0, 8191, &v))
			return usage_error(err, errlen,
					   "--cpu wants a CPU number, not '%s'",
					   val);
		a->cpu = (int)v;
	} else if (!strcmp(opt, "--interval")) {
		if (!parse_seconds(val, &a->interval_ms))
			return usage_error(err, errlen,
					   "--interval wants seconds from 0.1 to 3600, not '%s'",
					   val);
	} else {
		if (!parse_uint(val, 1, 1000000, &v))
			return usage_error(err, errlen,
					   "--count wants a number from 1 to 1000000, not '%s'",
					   val);
		a->count = (unsigned int)v;
	}
	return HVCTL_EXIT_OK;
}

int hvctl_parse(int argc, char *const argv[], struct hvctl_args *a, char *err,
		size_t errlen)
{
	const char *name;
	int i;

	memset(a, 0, sizeof(*a));
	if (errlen)
		err[0] = '\0';
	/* The global option before the command: --device PATH. */
	while (argc >= 2 && !strcmp(argv[1], "--device")) {
		if (argc < 3)
			return usage_error(err, errlen,
					   "option '--device' needs a PATH");
		a->device = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		a->help = true;
		return usage_error(err, errlen, "no command given");
	}
	if (is_help(argv[1])) {
		a->help = true;
		return argc == 2 ? HVCTL_EXIT_OK :
				   usage_error(err, errlen,
					       "unexpected argument '%s'",
					       argv[2]);
	}
	if (argv[1][0] == '-')
		return usage_error(err, errlen, "unknown option '%s'",
				   argv[1]);
	name = argv[1];
	a->cmd = hvctl_lookup(name);
	if (a->cmd == HVCTL_CMD_NONE)
		return usage_error(err, errlen,
				   "unknown command '%s' (see 'hvctl --help')",
				   name);

	if (a->cmd == HVCTL_CMD_HELP) {
		a->help = true;
		a->cmd = HVCTL_CMD_NONE;
		if (argc == 2)
			return HVCTL_EXIT_OK;
		if (argc > 3)
			return usage_error(err, errlen,
					   "unexpected argument '%s' after 'help COMMAND'",
					   argv[3]);
		a->cmd = hvctl_lookup(argv[2]);
		if (a->cmd == HVCTL_CMD_NONE)
			return usage_error(err, errlen,
					   "unknown command '%s'", argv[2]);
		return HVCTL_EXIT_OK;
	}

	a->cpu = -1;
	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];
		bool stats = hvctl_cmds[a->cmd].opts & STATS_OPTS;

		if (is_help(arg)) {
			a->help = true;
		} else if (!strcmp(arg, "--device")) {
			if (i + 1 >= argc)
				return usage_error(err, errlen,
						   "option '--device' needs a PATH");
			a->device = argv[++i];
		} else if (!strcmp(arg, "--json") &&
			   (hvctl_cmds[a->cmd].opts & JSON_OPT)) {
			a->json = true;
		} else if (stats && !strcmp(arg, "--reset")) {
			a->reset = true;
		} else if (stats && (!strcmp(arg, "--cpu") ||
				     !strcmp(arg, "--interval") ||
				     !strcmp(arg, "--count"))) {
			int rc;

			if (i + 1 >= argc)
				return usage_error(err, errlen,
						   "option '%s' needs a value",
						   arg);
			rc = parse_value(arg, argv[++i], a, err, errlen);
			if (rc)
				return rc;
		} else if (arg[0] == '-') {
			return usage_error(err, errlen,
					   "unknown option '%s' for '%s'", arg,
					   name);
		} else if ((hvctl_cmds[a->cmd].opts & NAME_ARG) && !a->name) {
			a->name = arg;
		} else {
			return usage_error(err, errlen,
					   "unexpected argument '%s' for '%s'",
					   arg, name);
		}
	}
	if ((hvctl_cmds[a->cmd].opts & NAME_ARG) && !a->name && !a->help)
		return usage_error(err, errlen,
				   "'%s' needs a feature NAME (see 'hvctl features')",
				   name);
	if (a->count && !a->interval_ms)
		return usage_error(err, errlen, "--count goes with --interval");
	return HVCTL_EXIT_OK;
}

int hvctl_abi_check(unsigned int mine_major, unsigned int mine_minor,
		    unsigned int mod_major, unsigned int mod_minor, char *err,
		    size_t errlen)
{
	if (mod_major == mine_major)
		return HVCTL_EXIT_OK;
	snprintf(err, errlen,
		 "ABI mismatch: the hvnest module speaks ABI %u.%u, this hvctl speaks %u.%u; use the hvctl built from the same hvnest source as the module",
		 mod_major, mod_minor, mine_major, mine_minor);
	return HVCTL_EXIT_ABI;
}
