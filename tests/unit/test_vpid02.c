// SPDX-License-Identifier: GPL-2.0
/* Unit tests: VPID02 by VPID12 (nested/vpid02.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vpid02.h"

#define BASE 2 /* cfg.vpid + 1 */
#define N HV_VPID02_SLOTS
#define JUNK 1234

static struct hv_vpid02 m;

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof(m));
	m.base = BASE;
	return 0;
}

/* The VPID02 of an entry with vpid12, and whether it was flushed. */
static u16 enter(u16 vpid12, bool want_flush)
{
	bool flush = !want_flush;
	u16 v = hv_vpid02_get(&m, vpid12, &flush);

	assert_int_equal(flush, want_flush);
	assert_in_range(v, BASE, BASE + N - 1);
	return v;
}

static unsigned int covered(u64 type, u16 vpid12, u16 *v02)
{
	return hv_vpid02_covered(&m, type, vpid12, v02);
}

/* A CPU without VPID: L2 runs without, nothing is ever invalidated. */
static void test_no_vpid(void **state)
{
	u16 v02[N];
	bool flush = true;

	(void)state;
	m.base = 0;
	assert_int_equal(hv_vpid02_get(&m, 5, &flush), 0);
	assert_false(flush);
	assert_int_equal(hv_vpid02_get(&m, 0, &flush), 0);
	assert_false(flush);
	assert_int_equal(covered(HV_INVVPID_ALL, 0, v02), 0);
	assert_int_equal(m.flushes, 0);
}

/* A VPID12 keeps its VPID02: invalidated when given, not when reused. */
static void test_kept(void **state)
{
	u16 a, b;

	(void)state;
	a = enter(1, true);
	assert_int_equal(enter(1, false), a);
	b = enter(2, true);
	assert_int_not_equal(a, b);
	assert_int_equal(enter(1, false), a);
	assert_int_equal(enter(2, false), b);
	assert_int_equal(m.flushes, 2);
}

/*
 * KVM in L1 running eight VMs round-robin, each with its own VPID12: one
 * flush each when first seen, none after, eight distinct VPID02s 2-9.
 */
static void test_round_robin_eight(void **state)
{
	u16 v[N], seen = 0;
	unsigned int i, round;

	(void)state;
	for (i = 0; i < N; i++) {
		v[i] = enter(100 + i, true);
		assert_false(seen & (1 << (v[i] - BASE)));
		seen |= 1 << (v[i] - BASE);
	}
	for (round = 0; round < 5; round++)
		for (i = 0; i < N; i++)
			assert_int_equal(enter(100 + i, false), v[i]);
	assert_int_equal(m.flushes, N);
}

/* A ninth VPID12 takes the least recently used slot, flushed. */
static void test_lru_evicted(void **state)
{
	u16 v[N], v02[N], w;
	unsigned int i;

	(void)state;
	for (i = 0; i < N; i++)
		v[i] = enter(10 + i, true);
	/* 10 used again: 11 is now the least recently used. */
	enter(10, false);
	w = enter(99, true);
	assert_int_equal(w, v[1]);
	/* 11 is unmapped: its INVVPID has nothing to do. */
	assert_int_equal(covered(HV_INVVPID_SINGLE, 11, v02), 0);
	assert_int_equal(covered(HV_INVVPID_SINGLE, 99, v02), 1);
	assert_int_equal(v02[0], w);
	/* 11 takes the LRU slot now: 12's. */
	assert_int_equal(enter(11, true), v[2]);
	assert_int_equal(enter(10, false), v[0]);
}

/*
 * Without VPID12 (0) every entry invalidates its VPID02 (SDM 28.3.3.1),
 * which stays the same while it is used and shares the LRU with the rest.
 */
static void test_no_vpid12(void **state)
{
	u16 z, a, v02[N];
	unsigned int i;

	(void)state;
	z = enter(0, true);
	assert_int_equal(enter(0, true), z);
	a = enter(7, true);
	assert_int_not_equal(a, z);
	assert_int_equal(enter(0, true), z);
	assert_int_equal(enter(7, false), a);
	assert_int_equal(m.flushes, 4);
	/* All-context covers VPID12 7 but not the VPID-less slot (VPID 0). */
	assert_int_equal(covered(HV_INVVPID_ALL, 0, v02), 1);
	assert_int_equal(v02[0], a);
	/* Seven more VPID12s: slot 0's VPID-less user is the LRU, evicted. */
	for (i = 0; i < N - 1; i++)
		enter(20 + i, true);
	assert_int_equal(enter(7, false), a);
	assert_int_equal(covered(HV_INVVPID_ALL, 0, v02), N);
}

/* L1's INVVPID types: the VPID02 of the VPID12, or every mapped one. */
static void test_covered(void **state)
{
	u16 a, b, v02[N];
	u64 t;

	(void)state;
	a = enter(3, true);
	b = enter(4, true);
	for (t = 0; t <= 3; t++) {
		if (t == HV_INVVPID_ALL)
			continue;
		assert_int_equal(covered(t, 3, v02), 1);
		assert_int_equal(v02[0], a);
		assert_int_equal(covered(t, 4, v02), 1);
		assert_int_equal(v02[0], b);
		assert_int_equal(covered(t, 5, v02), 0);
	}
	assert_int_equal(covered(HV_INVVPID_ALL, 0, v02), 2);
	assert_true((v02[0] == a && v02[1] == b) ||
		    (v02[0] == b && v02[1] == a));
	/* Counted: two entries, six singles, two for all-context. */
	assert_int_equal(m.flushes, 2 + 6 + 2);
	/* An INVVPID maps nothing: both still reused without a flush. */
	assert_int_equal(enter(3, false), a);
	assert_int_equal(enter(4, false), b);
}

/* L0's type: L1's where the CPU has it, else single context. */
static void test_type(void **state)
{
	const u64 all = HV_VPID_CAP_INVVPID_TYPE(0) |
			HV_VPID_CAP_INVVPID_TYPE(1) |
			HV_VPID_CAP_INVVPID_TYPE(2) |
			HV_VPID_CAP_INVVPID_TYPE(3);
	const u64 min = HV_VPID_CAP_INVVPID_TYPE(1) |
			HV_VPID_CAP_INVVPID_TYPE(2);

	(void)state;
	assert_int_equal(HV_VPID_CAP_INVVPID_TYPE(0), HV_BIT(40));
	assert_int_equal(HV_VPID_CAP_INVVPID_TYPE(3), HV_BIT(43));
	assert_int_equal(hv_vpid02_type(all, 0), 0);
	assert_int_equal(hv_vpid02_type(all, 1), 1);
	assert_int_equal(hv_vpid02_type(all, 2), 1);
	assert_int_equal(hv_vpid02_type(all, 3), 3);
	assert_int_equal(hv_vpid02_type(min, 0), 1);
	assert_int_equal(hv_vpid02_type(min, 1), 1);
	assert_int_equal(hv_vpid02_type(min, 2), 1);
	assert_int_equal(hv_vpid02_type(min, 3), 1);
}

/* A relaunched CPU trusts no slot: each is invalidated at reuse. */
static void test_forget(void **state)
{
	u16 v02[N];
	unsigned int i;

	(void)state;
	for (i = 0; i < N; i++)
		enter(30 + i, true);
	hv_vpid02_forget(&m);
	assert_int_equal(covered(HV_INVVPID_ALL, 0, v02), 0);
	for (i = 0; i < N; i++)
		enter(30 + i, true);
	for (i = 0; i < N; i++)
		enter(30 + i, false);
}

/*
 * A random mix of entries and INVVPIDs against a model of what each
 * VPID02 may cache: the VPID12 it last ran (or none since invalidated).
 * An entry never finds another VPID12's translations (nor Linux's, after
 * a relaunch), an entry without VPID12 none at all, and after L1's
 * INVVPID of a VPID12 (or of all) no VPID02 holds that VPID12's.
 */
static void test_model(void **state)
{
	int owner[N]; /* -1: nothing cached; JUNK: not L1's (free slot) */
	u16 v02[N], v12, v;
	unsigned int i, k, n;
	bool flush;
	u64 t;

	(void)state;
	for (i = 0; i < N; i++)
		owner[i] = JUNK; /* whatever Linux left: never L2's */
	srand(17);
	for (k = 0; k < 20000; k++) {
		v12 = rand() % 12; /* more VPID12s than slots, and 0 */
		if (!(rand() % 500)) {
			/* A relaunch: Linux may have used every VPID02. */
			hv_vpid02_forget(&m);
			for (i = 0; i < N; i++)
				owner[i] = JUNK;
			continue;
		}
		if (rand() % 4) {
			v = hv_vpid02_get(&m, v12, &flush);
			i = v - BASE;
			assert_true(i < N);
			if (flush)
				owner[i] = -1;
			assert_true(owner[i] == -1 || owner[i] == v12);
			if (!v12)
				assert_int_equal(owner[i], -1);
			owner[i] = v12;
			continue;
		}
		t = rand() % 4;
		if (t != HV_INVVPID_ALL && !v12)
			v12 = 1; /* L1's VPID 0 fails (hv_nvmx_invvpid) */
		n = covered(t, v12, v02);
		for (i = 0; i < n; i++)
			owner[v02[i] - BASE] = -1;
		for (i = 0; i < N; i++) {
			if (t == HV_INVVPID_ALL)
				assert_true(owner[i] <= 0 || owner[i] == JUNK);
			else
				assert_int_not_equal(owner[i], v12);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_vpid, setup),
		cmocka_unit_test_setup(test_kept, setup),
		cmocka_unit_test_setup(test_round_robin_eight, setup),
		cmocka_unit_test_setup(test_lru_evicted, setup),
		cmocka_unit_test_setup(test_no_vpid12, setup),
		cmocka_unit_test_setup(test_covered, setup),
		cmocka_unit_test_setup(test_type, setup),
		cmocka_unit_test_setup(test_forget, setup),
		cmocka_unit_test_setup(test_model, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
