/* SPDX-License-Identifier: GPL-2.0 */
/* hvctl command-line parsing: pure logic, unit-tested. */
#ifndef HVCTL_ARGS_H
#define HVCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>

enum hvctl_cmd {
	HVCTL_CMD_NONE,
	HVCTL_CMD_HELP,
	HVCTL_CMD_VERSION,
	HVCTL_CMD_STATUS,
	HVCTL_CMD_STATS,
	HVCTL_CMD_FEATURES,
	HVCTL_CMD_ENABLE,
	HVCTL_CMD_DISABLE,
	HVCTL_CMD_LOG,
	HVCTL_CMD_NR
};

/* Exit statuses of hvctl (also in its --help). */
enum hvctl_exit {
	HVCTL_EXIT_OK = 0,
	HVCTL_EXIT_ERROR = 1, /* the request could not be done */
	HVCTL_EXIT_USAGE = 2, /* bad command line */
	HVCTL_EXIT_ABI = 3, /* module speaks another ABI major */
};

struct hvctl_args {
	enum hvctl_cmd cmd;
	bool help; /* show help for cmd (HVCTL_CMD_NONE: general help) */
	bool json;
	bool reset; /* stats --reset */
	int cpu; /* stats --cpu N; -1 = all CPUs */
	unsigned int interval_ms; /* stats --interval S; 0 = totals once */
	unsigned int count; /* stats --count N; 0 = until interrupted */
	const char *name; /* enable/disable NAME */
	const char *device; /* --device PATH; NULL: /dev/hvnest */
};

/*
 * Parse argv. Returns HVCTL_EXIT_OK, or HVCTL_EXIT_USAGE with a one-line
 * reason (no trailing newline) in err.
 */
int hvctl_parse(int argc, char *const argv[], struct hvctl_args *a, char *err,
		size_t errlen);

const char *hvctl_cmd_name(enum hvctl_cmd cmd);

/* Usage text of a command, or the general one for HVCTL_CMD_NONE. */
const char *hvctl_usage(enum hvctl_cmd cmd);

/*
 * Can this hvctl (ABI @mine_major.@mine_minor) talk to a module speaking
 * @mod_major.@mod_minor? Returns HVCTL_EXIT_OK or HVCTL_EXIT_ABI with the
 * reason in err.
 */
int hvctl_abi_check(unsigned int mine_major, unsigned int mine_minor,
		    unsigned int mod_major, unsigned int mod_minor, char *err,
		    size_t errlen);

#endif /* HVCTL_ARGS_H */
