// SPDX-License-Identifier: GPL-2.0
/* The root-mode log ring (see root_log.h). Pure: no Linux calls. */
#include "root_log.h"

/* In enum hv_log_code order: both come from HV_LOG_CODES. */
const char *const hv_log_formats[HV_LOG_NR] = {
#define HV_LOG_FMT(code, fmt) fmt,
	HV_LOG_CODES(HV_LOG_FMT)
#undef HV_LOG_FMT
};

void hv_log(struct hv_log_ring *r, u64 tsc, enum hv_log_code code, u64 a,
	    u64 b, u64 c)
{
	u64 head = r->head;
	struct hv_log_entry *e;

	if (head - READ_ONCE(r->tail) >= HV_LOG_ENTRIES) {
		r->dropped++;
		return;
	}
	e = &r->e[head % HV_LOG_ENTRIES];
	e->tsc = tsc;
	e->code = code;
	e->reserved = 0;
	e->arg[0] = a;
	e->arg[1] = b;
	e->arg[2] = c;
	barrier(); /* the record before the head that publishes it */
	WRITE_ONCE(r->head, head + 1);
}

bool hv_log_pop(struct hv_log_ring *r, struct hv_log_entry *out)
{
	u64 tail = r->tail;

	if (READ_ONCE(r->head) == tail)
		return false;
	barrier(); /* the head before the record it publishes */
	*out = r->e[tail % HV_LOG_ENTRIES];
	if (out->code >= HV_LOG_NR)
		out->code = HV_LOG_NONE;
	barrier(); /* the record copied before the slot is given back */
	WRITE_ONCE(r->tail, tail + 1);
	return true;
}
