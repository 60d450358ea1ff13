/* SPDX-License-Identifier: GPL-2.0 */
/* hvctl stats: summing and printing the tables, pure logic, unit-tested. */
#ifndef HVCTL_STATS_H
#define HVCTL_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "../ioctl/hvnest_abi.h"
#include "../ioctl/hvnest_entry_rules.h"

/* How to print one table. */
struct hvctl_stats_fmt {
	int cpu; /* the CPU shown, -1 = sum over all */
	bool json;
	bool nested; /* the module filled the nested fields (ABI >= 1.2) */
};

/* Name of basic exit reason @r (HVNEST_EXIT_REASONS), NULL if unnamed. */
const char *hvctl_exit_reason_name(unsigned int r);

/* Name and SDM section of entry rule @i (hvnest_entry_rules.h). */
const char *hvctl_entry_rule_name(unsigned int i);
const char *hvctl_entry_rule_sdm(unsigned int i);

/*
 * Did the module fill the nested fields? @size is what GET_STATS returned
 * in hvnest_stats.size: an ABI 1.1 module fills HVNEST_STATS_SIZE_V1.
 */
bool hvctl_stats_has_nested(__u32 size);

/* Is any nested counter of @s non-zero? */
bool hvctl_stats_nested_any(const struct hvnest_stats *s);

/* Add the counters of @s to @sum (tsc_khz is not a counter: left alone). */
void hvctl_stats_add(struct hvnest_stats *sum, const struct hvnest_stats *s);

/*
 * Print one table to @f: totals of @cur and, when @prev is not NULL, rates
 * against @prev over @dt seconds. The nested table (text) follows when
 * f->nested and a nested counter is non-zero; the "nested" JSON object
 * whenever f->nested.
 */
void hvctl_stats_print(FILE *out, const struct hvctl_stats_fmt *f,
		       const struct hvnest_stats *cur,
		       const struct hvnest_stats *prev, double dt);

#endif /* HVCTL_STATS_H */
