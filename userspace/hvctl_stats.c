// SPDX-License-Identifier: GPL-2.0
/* hvctl stats: summing and printing the tables, pure logic, unit-tested. */
#include <stddef.h>
#include <stdio.h>

#include "hvctl_stats.h"

const char *hvctl_exit_reason_name(unsigned int r)
{
	static const struct {
		unsigned int nr;
		const char *name;
	} names[] = {
#define REASON_NAME(n, name) { n, name },
		HVNEST_EXIT_REASONS(REASON_NAME)
#undef REASON_NAME
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].nr == r)
			return names[i].name;
	return NULL;
}

/* In the table's order: a rule's number is its place (the header). */
#define RULE_NAME(id, name, sdm) name,
static const char *const rule_names[] = { HVNEST_ENTRY_RULES(RULE_NAME) };
#undef RULE_NAME
#define RULE_SDM(id, name, sdm) sdm,
static const char *const rule_sdm[] = { HVNEST_ENTRY_RULES(RULE_SDM) };
#undef RULE_SDM

/* A rule this hvctl does not know (a newer module's): "rule_N". */
const char *hvctl_entry_rule_name(unsigned int i)
{
	static char buf[16];

	if (i < HVNEST_NR_ENTRY_RULES)
		return rule_names[i];
	snprintf(buf, sizeof(buf), "rule_%u", i);
	return buf;
}

const char *hvctl_entry_rule_sdm(unsigned int i)
{
	return i < HVNEST_NR_ENTRY_RULES ? rule_sdm[i] : "?";
}

bool hvctl_stats_has_nested(__u32 size)
{
	return size >= HVNEST_STATS_SIZE_V2;
}

bool hvctl_stats_nested_any(const struct hvnest_stats *s)
{
	unsigned int i;

	if (s->nested_entries || s->nested_entry_failures ||
	    s->nested_vmfails || s->ept02_fills || s->ept02_flushes ||
	    s->ept02_guarded || s->vpid02_flushes)
		return true;
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++)
		if (s->nested_reflected[i] || s->nested_handled[i])
			return true;
	for (i = 0; i < HVNEST_NR_VMFAIL; i++)
		if (s->nested_entry_vmfail[i])
			return true;
	for (i = 0; i < HVNEST_MAX_ENTRY_RULES; i++)
		if (s->nested_entry_rule[i])
			return true;
	return false;
}

void hvctl_stats_add(struct hvnest_stats *sum, const struct hvnest_stats *s)
{
	unsigned int i;

	sum->exits += s->exits;
	sum->nmi_root += s->nmi_root;
	sum->nmi_exits += s->nmi_exits;
	sum->nmi_injected += s->nmi_injected;
	sum->nmi_tail_restarts += s->nmi_tail_restarts;
	sum->hidden_touches += s->hidden_touches;
	sum->hidden_writes += s->hidden_writes;
	sum->vmcs_reads += s->vmcs_reads;
	sum->vmcs_writes += s->vmcs_writes;
	sum->vmcs_ptrlds += s->vmcs_ptrlds;
	sum->round_trip_reads += s->round_trip_reads;
	sum->round_trip_writes += s->round_trip_writes;
	sum->round_trip_ptrlds += s->round_trip_ptrlds;
	sum->round_trip_cycles += s->round_trip_cycles;
	sum->unexpected_exits += s->unexpected_exits;
	sum->root_exceptions += s->root_exceptions;
	sum->log_dropped += s->log_dropped;
	sum->nested_entries += s->nested_entries;
	sum->nested_entry_failures += s->nested_entry_failures;
	sum->nested_vmfails += s->nested_vmfails;
	sum->ept02_fills += s->ept02_fills;
	sum->ept02_flushes += s->ept02_flushes;
	sum->ept02_guarded += s->ept02_guarded;
	sum->vpid02_flushes += s->vpid02_flushes;
	sum->nested_entry_fail_guest += s->nested_entry_fail_guest;
	sum->nested_entry_fail_msr += s->nested_entry_fail_msr;
	for (i = 0; i < HVNEST_NR_VMFAIL; i++)
		sum->nested_entry_vmfail[i] += s->nested_entry_vmfail[i];
	for (i = 0; i < HVNEST_MAX_ENTRY_RULES; i++)
		sum->nested_entry_rule[i] += s->nested_entry_rule[i];
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++) {
		sum->count[i] += s->count[i];
		sum->cycles[i] += s->cycles[i];
		sum->nested_reflected[i] += s->nested_reflected[i];
		sum->nested_handled[i] += s->nested_handled[i];
	}
}

/* Rate of a counter that went from @prev to @cur in @dt seconds. */
static double rate(unsigned long long cur, unsigned long long prev, double dt)
{
	return dt > 0 ? (double)(cur - prev) / dt : 0;
}

/* The reason's name, or "reason_N" in @buf for an unnamed one. */
static const char *reason_label(unsigned int r, char *buf, size_t len)
{
	const char *name = hvctl_exit_reason_name(r);

	if (name)
		return name;
	snprintf(buf, len, "reason_%u", r);
	return buf;
}

static void print_main(FILE *out, const struct hvctl_stats_fmt *f,
		       const struct hvnest_stats *cur,
		       const struct hvnest_stats *prev, double dt)
{
	const char *sep = "";
	unsigned int i;

	if (f->json) {
		fprintf(out, "{\"cpu\":");
		if (f->cpu < 0)
			fprintf(out, "\"all\"");
		else
			fprintf(out, "%d", f->cpu);
		fprintf(out,
			",\"interval_s\":%.3f,\"exits\":%llu,\"reasons\":{",
			prev ? dt : 0.0, (unsigned long long)cur->exits);
	} else {
		fprintf(out, "%-26s %12s %10s %12s\n", "exit reason", "total",
			prev ? "per s" : "", "avg cycles");
	}
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++) {
		unsigned long long n = cur->count[i];
		double r = prev ? rate(n, prev->count[i], dt) : 0;
		double avg = n ? (double)cur->cycles[i] / (double)n : 0;
		char buf[16];
		const char *name = reason_label(i, buf, sizeof(buf));

		if (!n)
			continue;
		if (f->json) {
			fprintf(out,
				"%s\"%s\":{\"count\":%llu,\"per_s\":%.1f,\"avg_cycles\":%.0f}",
				sep, name, n, r, avg);
			sep = ",";
		} else if (prev) {
			fprintf(out, "%-26s %12llu %10.1f %12.0f\n", name, n, r,
				avg);
		} else {
			fprintf(out, "%-26s %12llu %10s %12.0f\n", name, n, "",
				avg);
		}
	}
	if (f->json) {
		fprintf(out,
			"},\"nmi_root\":%llu,\"nmi_tail_restarts\":%llu,\"nmi_exits\":%llu,\"nmi_injected\":%llu,\"unexpected_exits\":%llu,\"root_exceptions\":%llu,\"log_dropped\":%llu,\"tsc_khz\":%llu,\"hidden_touches\":%llu,\"hidden_writes\":%llu,\"vmcs_reads\":%llu,\"vmcs_writes\":%llu,\"vmcs_ptrlds\":%llu",
			(unsigned long long)cur->nmi_root,
			(unsigned long long)cur->nmi_tail_restarts,
			(unsigned long long)cur->nmi_exits,
			(unsigned long long)cur->nmi_injected,
			(unsigned long long)cur->unexpected_exits,
			(unsigned long long)cur->root_exceptions,
			(unsigned long long)cur->log_dropped,
			(unsigned long long)cur->tsc_khz,
			(unsigned long long)cur->hidden_touches,
			(unsigned long long)cur->hidden_writes,
			(unsigned long long)cur->vmcs_reads,
			(unsigned long long)cur->vmcs_writes,
			(unsigned long long)cur->vmcs_ptrlds);
		return;
	}
	fprintf(out, "%-26s %12llu", "all exits",
		(unsigned long long)cur->exits);
	if (prev)
		fprintf(out, " %10.1f", rate(cur->exits, prev->exits, dt));
	fprintf(out, "\nNMIs: %llu arrived in root",
		(unsigned long long)cur->nmi_root);
	/* ABI 1.4; rare: only once there are any. */
	if (cur->nmi_tail_restarts)
		fprintf(out, " (%llu just before an entry)",
			(unsigned long long)cur->nmi_tail_restarts);
	fprintf(out, ", %llu caused exits, %llu delivered to Linux\n",
		(unsigned long long)cur->nmi_exits,
		(unsigned long long)cur->nmi_injected);
	/* ABI 1.8; a module before it reports none. */
	if (cur->vmcs_reads || cur->vmcs_writes || cur->vmcs_ptrlds)
		fprintf(out,
			"VMCS accesses in root: %llu VMREAD, %llu VMWRITE, %llu VMPTRLD\n",
			(unsigned long long)cur->vmcs_reads,
			(unsigned long long)cur->vmcs_writes,
			(unsigned long long)cur->vmcs_ptrlds);
	fprintf(out,
		"unexpected exits: %llu, root-mode exceptions: %llu, log records dropped: %llu\n",
		(unsigned long long)cur->unexpected_exits,
		(unsigned long long)cur->root_exceptions,
		(unsigned long long)cur->log_dropped);
	/* ABI 1.7; only once L1 touched hvnest's root-only pages. */
	if (cur->hidden_touches || cur->hidden_writes)
		fprintf(out,
			"hvnest's root-only pages: L1 touched %llu (first touches per CPU), wrote %llu times (dropped)\n",
			(unsigned long long)cur->hidden_touches,
			(unsigned long long)cur->hidden_writes);
}

/*
 * JSON: a "nested" object with its own key names ("reflected", "handled"),
 * so that a "REASON":{"count": match finds the main table's entry only.
 */
static void print_nested_json(FILE *out, const struct hvnest_stats *cur,
			      const struct hvnest_stats *prev, double dt)
{
	const char *sep = "";
	unsigned int i;

	fprintf(out,
		",\"nested\":{\"entries\":%llu,\"entry_failures\":%llu,\"vmfails\":%llu,\"ept02_fills\":%llu,\"ept02_flushes\":%llu,\"ept02_guarded\":%llu",
		(unsigned long long)cur->nested_entries,
		(unsigned long long)cur->nested_entry_failures,
		(unsigned long long)cur->nested_vmfails,
		(unsigned long long)cur->ept02_fills,
		(unsigned long long)cur->ept02_flushes,
		(unsigned long long)cur->ept02_guarded);
	/* ABI 1.5: by cause; VMfailValid errors that occurred only. */
	fprintf(out,
		",\"entry_fail_guest\":%llu,\"entry_fail_msr\":%llu,\"vmfail_invalid\":%llu,\"vmfail_by_error\":{",
		(unsigned long long)cur->nested_entry_fail_guest,
		(unsigned long long)cur->nested_entry_fail_msr,
		(unsigned long long)cur->nested_entry_vmfail[0]);
	for (i = 1; i < HVNEST_NR_VMFAIL; i++) {
		if (!cur->nested_entry_vmfail[i])
			continue;
		fprintf(out, "%s\"%u\":%llu", sep, i,
			(unsigned long long)cur->nested_entry_vmfail[i]);
		sep = ",";
	}
	/* ABI 1.6: by the rule broken, those broken only. */
	sep = "";
	fprintf(out, "},\"entry_rules\":{");
	for (i = 0; i < HVNEST_MAX_ENTRY_RULES; i++) {
		if (!cur->nested_entry_rule[i])
			continue;
		fprintf(out, "%s\"%s\":%llu", sep, hvctl_entry_rule_name(i),
			(unsigned long long)cur->nested_entry_rule[i]);
		sep = ",";
	}
	/* ABI 1.8: the round trip's VMCS accesses and root cycles, summed. */
	fprintf(out,
		"},\"round_trip\":{\"reads\":%llu,\"writes\":%llu,\"ptrlds\":%llu,\"cycles\":%llu}",
		(unsigned long long)cur->round_trip_reads,
		(unsigned long long)cur->round_trip_writes,
		(unsigned long long)cur->round_trip_ptrlds,
		(unsigned long long)cur->round_trip_cycles);
	/* ABI 1.9 */
	fprintf(out, ",\"vpid02_flushes\":%llu",
		(unsigned long long)cur->vpid02_flushes);
	sep = "";
	fprintf(out, ",\"reasons\":{");
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++) {
		unsigned long long refl = cur->nested_reflected[i];
		unsigned long long hand = cur->nested_handled[i];
		char buf[16];

		if (!refl && !hand)
			continue;
		fprintf(out,
			"%s\"%s\":{\"reflected\":%llu,\"reflected_per_s\":%.1f,\"handled\":%llu,\"handled_per_s\":%.1f}",
			sep, reason_label(i, buf, sizeof(buf)), refl,
			prev ? rate(refl, prev->nested_reflected[i], dt) : 0,
			hand,
			prev ? rate(hand, prev->nested_handled[i], dt) : 0);
		sep = ",";
	}
	fprintf(out, "}}");
}

/* "NAME: N" or, with rates, "NAME: N (R/s)". */
static void print_counter(FILE *out, const char *name, __u64 cur,
			  const struct hvnest_stats *prev, __u64 before,
			  double dt)
{
	fprintf(out, "%s: %llu", name, (unsigned long long)cur);
	if (prev)
		fprintf(out, " (%.1f/s)", rate(cur, before, dt));
}

/*
 * Failed nested entries by cause (ABI 1.5), those that occurred only:
 * entry-failure exits by reason, L1's VMLAUNCH/VMRESUME by VMfail.
 */
static void print_entry_causes(FILE *out, const struct hvnest_stats *cur)
{
	const char *sep = "L1's VMLAUNCH/VMRESUME failed: ";
	unsigned int i;

	if (cur->nested_entry_fail_guest || cur->nested_entry_fail_msr)
		fprintf(out,
			"entry failures: invalid guest state %llu, MSR loading %llu\n",
			(unsigned long long)cur->nested_entry_fail_guest,
			(unsigned long long)cur->nested_entry_fail_msr);
	for (i = 0; i < HVNEST_NR_VMFAIL; i++) {
		unsigned long long n = cur->nested_entry_vmfail[i];

		if (!n)
			continue;
		if (i)
			fprintf(out, "%sVMfailValid(%u) %llu", sep, i, n);
		else
			fprintf(out, "%sVMfailInvalid %llu", sep, n);
		sep = ", ";
	}
	if (*sep == ',')
		fputs("\n", out);
	/* ABI 1.6: which rule of SDM 26.2-26.4 each failed entry broke. */
	for (i = 0; i < HVNEST_MAX_ENTRY_RULES; i++)
		if (cur->nested_entry_rule[i])
			fprintf(out, "entry rule %s (SDM %s): %llu\n",
				hvctl_entry_rule_name(i),
				hvctl_entry_rule_sdm(i),
				(unsigned long long)cur->nested_entry_rule[i]);
}

/*
 * ABI 1.8: what one nested round trip (an exit of L2 reflected to L1, then
 * L1's VMLAUNCH/VMRESUME) costs root mode, averaged over @reflected.
 */
static void print_round_trip(FILE *out, const struct hvnest_stats *cur,
			     unsigned long long reflected)
{
	double n = (double)reflected;

	if (!reflected || !(cur->round_trip_reads || cur->round_trip_writes))
		return;
	fprintf(out,
		"per round trip (reflected exit + L1's VMRESUME): %.1f VMREAD, %.1f VMWRITE, %.1f VMPTRLD, %.0f cycles in root\n",
		(double)cur->round_trip_reads / n,
		(double)cur->round_trip_writes / n,
		(double)cur->round_trip_ptrlds / n,
		(double)cur->round_trip_cycles / n);
}

static void print_nested_text(FILE *out, const struct hvnest_stats *cur,
			      const struct hvnest_stats *prev, double dt)
{
	unsigned long long refl_all = 0, hand_all = 0;
	unsigned long long prefl_all = 0, phand_all = 0;
	unsigned int i;

	fprintf(out,
		"\nnested VMX: L2's exits reflected to L1 or handled in L0\n");
	if (prev)
		fprintf(out, "%-26s %12s %10s %12s %10s\n", "L2 exit reason",
			"reflected", "per s", "handled", "per s");
	else
		fprintf(out, "%-26s %12s %10s %12s\n", "L2 exit reason",
			"reflected", "", "handled");
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++) {
		unsigned long long refl = cur->nested_reflected[i];
		unsigned long long hand = cur->nested_handled[i];
		char buf[16];
		const char *name = reason_label(i, buf, sizeof(buf));

		refl_all += refl;
		hand_all += hand;
		if (prev) {
			prefl_all += prev->nested_reflected[i];
			phand_all += prev->nested_handled[i];
		}
		if (!refl && !hand)
			continue;
		if (prev)
			fprintf(out, "%-26s %12llu %10.1f %12llu %10.1f\n",
				name, refl,
				rate(refl, prev->nested_reflected[i], dt), hand,
				rate(hand, prev->nested_handled[i], dt));
		else
			fprintf(out, "%-26s %12llu %10s %12llu\n", name, refl,
				"", hand);
	}
	if (prev)
		fprintf(out, "%-26s %12llu %10.1f %12llu %10.1f\n",
			"all L2 exits", refl_all, rate(refl_all, prefl_all, dt),
			hand_all, rate(hand_all, phand_all, dt));
	else
		fprintf(out, "%-26s %12llu %10s %12llu\n", "all L2 exits",
			refl_all, "", hand_all);
	print_round_trip(out, cur, refl_all);
	print_counter(out, "nested entries", cur->nested_entries, prev,
		      prev ? prev->nested_entries : 0, dt);
	fputs(", ", out);
	print_counter(out, "entry failures", cur->nested_entry_failures, prev,
		      prev ? prev->nested_entry_failures : 0, dt);
	fputs(", ", out);
	print_counter(out, "VMCS02 vmfails", cur->nested_vmfails, prev,
		      prev ? prev->nested_vmfails : 0, dt);
	fputs("\n", out);
	print_entry_causes(out, cur);
	print_counter(out, "EPT02 fills", cur->ept02_fills, prev,
		      prev ? prev->ept02_fills : 0, dt);
	fputs(", ", out);
	print_counter(out, "flushes", cur->ept02_flushes, prev,
		      prev ? prev->ept02_flushes : 0, dt);
	fputs(", ", out);
	/* L1 mapped L2 onto hvnest's memory (a scratch page instead). */
	print_counter(out, "onto hvnest", cur->ept02_guarded, prev,
		      prev ? prev->ept02_guarded : 0, dt);
	fputs(", ", out);
	/* ABI 1.9: L2's TLB tags invalidated (nested/vpid02.h). */
	print_counter(out, "VPID02 flushes", cur->vpid02_flushes, prev,
		      prev ? prev->vpid02_flushes : 0, dt);
	fputs("\n", out);
}

void hvctl_stats_print(FILE *out, const struct hvctl_stats_fmt *f,
		       const struct hvnest_stats *cur,
		       const struct hvnest_stats *prev, double dt)
{
	print_main(out, f, cur, prev, dt);
	if (f->json) {
		if (f->nested)
			print_nested_json(out, cur, prev, dt);
		fprintf(out, "}\n");
	} else if (f->nested && hvctl_stats_nested_any(cur)) {
		print_nested_text(out, cur, prev, dt);
	}
	fflush(out);
}
