// SPDX-License-Identifier: GPL-2.0
/*
 * Reading what root mode records: statistics (a consistent snapshot per
 * CPU through the writer's sequence count) and the root log rings, drained
 * into dmesg once a second and at unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/spinlock.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <asm/tsc.h>

#include "hvnest.h"
#include "../ioctl/hvnest_entry_rules.h"

static void hvnest_snapshot(const struct hv_cpu_report *r,
			    struct hvnest_stats *out)
{
	const struct hv_nested_stats *n = &r->nstats;
	const struct hv_stats *s = &r->stats;
	unsigned int tries = 0;
	u64 seq;

	do {
		/* The writer is root mode on another CPU, or an exit here. */
		while ((seq = READ_ONCE(s->seq)) & 1 && ++tries < 1000000)
			cpu_relax();
		/* Read seq before the counters (pairs with hv_stats_begin). */
		smp_rmb();
		out->exits = s->exits;
		memcpy(out->count, s->count, sizeof(out->count));
		memcpy(out->cycles, s->cycles, sizeof(out->cycles));
		out->unexpected_exits = s->unexpected_exits;
		out->root_exceptions = s->root_exceptions;
		/* Root mode updates nstats under the same seq. */
		out->nested_entries = n->entries;
		out->nested_entry_failures = n->entry_failures;
		out->nested_vmfails = n->vmfails;
		out->ept02_fills = n->ept02_fills;
		out->ept02_flushes = n->ept02_flushes;
		out->ept02_guarded = n->ept02_guarded;
		out->nested_entry_fail_guest = n->entry_fail_guest;
		out->nested_entry_fail_msr = n->entry_fail_msr;
		memcpy(out->nested_entry_vmfail, n->entry_vmfail,
		       sizeof(out->nested_entry_vmfail));
		memcpy(out->nested_entry_rule, n->entry_rule,
		       sizeof(out->nested_entry_rule));
		memcpy(out->nested_reflected, n->reflected,
		       sizeof(out->nested_reflected));
		memcpy(out->nested_handled, n->handled,
		       sizeof(out->nested_handled));
		out->hidden_touches = r->hidden_touches;
		out->hidden_writes = r->hidden_writes;
		out->vmcs_reads = s->vmcs_reads;
		out->vmcs_writes = s->vmcs_writes;
		out->vmcs_ptrlds = s->vmcs_ptrlds;
		out->round_trip_reads = n->rt_reads;
		out->round_trip_writes = n->rt_writes;
		out->round_trip_ptrlds = n->rt_ptrlds;
		out->round_trip_cycles = n->rt_cycles;
		out->vpid02_flushes = n->vpid02_flushes;
		/* Read the counters before seq again (pairs with hv_stats_end). */
		smp_rmb();
	} while (READ_ONCE(s->seq) != seq && ++tries < 1000000);
	out->nmi_root = READ_ONCE(s->nmi_root);
	out->nmi_exits = READ_ONCE(s->nmi_exits);
	out->nmi_injected = READ_ONCE(s->nmi_injected);
	out->nmi_tail_restarts = READ_ONCE(s->nmi_tail_restarts);
}

static void hvnest_stats_sub(struct hvnest_stats *s,
			     const struct hvnest_stats *base)
{
	unsigned int i;

	s->exits -= base->exits;
	s->nmi_root -= base->nmi_root;
	s->nmi_exits -= base->nmi_exits;
	s->nmi_injected -= base->nmi_injected;
	s->nmi_tail_restarts -= base->nmi_tail_restarts;
	s->unexpected_exits -= base->unexpected_exits;
	s->root_exceptions -= base->root_exceptions;
	s->nested_entries -= base->nested_entries;
	s->nested_entry_failures -= base->nested_entry_failures;
	s->nested_vmfails -= base->nested_vmfails;
	s->ept02_fills -= base->ept02_fills;
	s->ept02_flushes -= base->ept02_flushes;
	s->ept02_guarded -= base->ept02_guarded;
	s->nested_entry_fail_guest -= base->nested_entry_fail_guest;
	s->nested_entry_fail_msr -= base->nested_entry_fail_msr;
	s->hidden_touches -= base->hidden_touches;
	s->hidden_writes -= base->hidden_writes;
	s->vmcs_reads -= base->vmcs_reads;
	s->vmcs_writes -= base->vmcs_writes;
	s->vmcs_ptrlds -= base->vmcs_ptrlds;
	s->round_trip_reads -= base->round_trip_reads;
	s->round_trip_writes -= base->round_trip_writes;
	s->round_trip_ptrlds -= base->round_trip_ptrlds;
	s->round_trip_cycles -= base->round_trip_cycles;
	s->vpid02_flushes -= base->vpid02_flushes;
	for (i = 0; i < HVNEST_NR_VMFAIL; i++)
		s->nested_entry_vmfail[i] -= base->nested_entry_vmfail[i];
	for (i = 0; i < HVNEST_MAX_ENTRY_RULES; i++)
		s->nested_entry_rule[i] -= base->nested_entry_rule[i];
	for (i = 0; i < HVNEST_NR_EXIT_REASONS; i++) {
		s->count[i] -= base->count[i];
		s->cycles[i] -= base->cycles[i];
		s->nested_reflected[i] -= base->nested_reflected[i];
		s->nested_handled[i] -= base->nested_handled[i];
	}
}

int hvnest_read_stats(unsigned int cpu, struct hvnest_stats *out)
{
	struct hvnest_pcpu *p = hvnest_pcpu(cpu);
	const struct hv_cpu_report *r;

	if (!p || !p->hv)
		return -EINVAL;
	r = &p->hv->rep; /* the Linux side's part of struct hv_cpu */
	hvnest_snapshot(r, out);
	hvnest_stats_sub(out, &p->base);
	out->log_dropped = READ_ONCE(r->log.dropped);
	out->tsc_khz = tsc_khz;
	out->state = READ_ONCE(r->state) == HV_STATE_RUNNING ?
			     HVNEST_CPU_VIRTUALIZED :
		     cpu_online(cpu) ? HVNEST_CPU_NATIVE :
				       HVNEST_CPU_OFFLINE;
	return 0;
}

int hvnest_reset_stats(u32 cpu)
{
	unsigned int i;

	for (i = 0; i < nr_cpu_ids; i++) {
		struct hvnest_pcpu *p = hvnest_pcpu(i);

		if ((cpu != HVNEST_ALL_CPUS && cpu != i) || !p || !p->hv)
			continue;
		hvnest_snapshot(&p->hv->rep, &p->base);
	}
	return cpu == HVNEST_ALL_CPUS || cpu < nr_cpu_ids ? 0 : -EINVAL;
}

/* The last HVNEST_KEPT_RECORDS root records, formatted, for hvctl log. */
#define HVNEST_KEPT_RECORDS 256
static struct hvnest_log_record hvnest_kept[HVNEST_KEPT_RECORDS];
static u64 hvnest_next_seq = 1;
static DEFINE_SPINLOCK(hvnest_kept_lock);

static void hvnest_keep(unsigned int cpu, const char *text)
{
	struct hvnest_log_record *r;
	unsigned long flags;

	spin_lock_irqsave(&hvnest_kept_lock, flags);
	r = &hvnest_kept[hvnest_next_seq % HVNEST_KEPT_RECORDS];
	r->seq = hvnest_next_seq++;
	r->boottime_ns = ktime_get_boottime_ns();
	r->cpu = cpu;
	strscpy(r->text, text, sizeof(r->text));
	spin_unlock_irqrestore(&hvnest_kept_lock, flags);
}

int hvnest_read_log(struct hvnest_log *l)
{
	unsigned long flags;
	u64 seq, oldest;

	spin_lock_irqsave(&hvnest_kept_lock, flags);
	oldest = hvnest_next_seq > HVNEST_KEPT_RECORDS ?
			 hvnest_next_seq - HVNEST_KEPT_RECORDS :
			 1;
	seq = max(l->from_seq, oldest);
	l->lost = oldest - 1;
	l->count = 0;
	while (seq < hvnest_next_seq && l->count < HVNEST_LOG_BATCH)
		l->rec[l->count++] = hvnest_kept[seq++ % HVNEST_KEPT_RECORDS];
	spin_unlock_irqrestore(&hvnest_kept_lock, flags);
	return 0;
}

/* Names of the entry rules, for the root log's rule records. */
/* In the table's order: a rule's number is its place (the header). */
#define HVNEST_RULE_NAME(id, name, sdm) name " (SDM " sdm ")",
static const char *const hvnest_rule_names[] = {
	HVNEST_ENTRY_RULES(HVNEST_RULE_NAME)
};
#undef HVNEST_RULE_NAME

/* One root log record as text: its format, and for a rule its name. */
static void hvnest_log_format(const struct hv_log_entry *e, char *msg,
			      size_t size)
{
	int n = snprintf(msg, size, hv_log_formats[e->code], e->arg[0],
			 e->arg[1], e->arg[2]);

	/* The rule is the last argument of these records (root_log.h). */
	if ((e->code == HV_LOG_ENTRY_VMFAIL_RULE ||
	     e->code == HV_LOG_ENTRY_FAIL_RULE) &&
	    e->arg[2] < HVNEST_NR_ENTRY_RULES && n > 0 && n < size)
		snprintf(msg + n, size - n, ": %s",
			 hvnest_rule_names[e->arg[2]]);
}

void hvnest_log_drain(void)
{
	struct hv_log_entry e;
	unsigned int cpu;
	char msg[HVNEST_LOG_TEXT_LEN];

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct hvnest_pcpu *p = hvnest_pcpu(cpu);

		if (!p || !p->hv)
			continue;
		while (hv_log_pop(&p->hv->rep.log, &e)) {
			hvnest_log_format(&e, msg, sizeof(msg));
			pr_warn("CPU %u root: %s\n", cpu, msg);
			hvnest_keep(cpu, msg);
		}
	}
}

static void hvnest_log_work_fn(struct work_struct *w);
static DECLARE_DELAYED_WORK(hvnest_log_work, hvnest_log_work_fn);

static void hvnest_log_work_fn(struct work_struct *w)
{
	hvnest_log_drain();
	schedule_delayed_work(&hvnest_log_work, HZ);
}

void hvnest_log_start(void)
{
	schedule_delayed_work(&hvnest_log_work, HZ);
}

void hvnest_log_stop(void)
{
	cancel_delayed_work_sync(&hvnest_log_work);
	hvnest_log_drain();
}
