// SPDX-License-Identifier: GPL-2.0
/* Unit tests: the EPT01 identity map and its memory types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ept01.h"
#include "hv_guard.h"

#define G (1ULL << 30)
#define M (1ULL << 20)
#define K (1ULL << 10)
#define FIX8(t) (0x0101010101010101ULL * (t))

static struct hv_mtrr_state mtrr;

/* Firmware-like MTRRs (as in test_mtrr.c) with a UC hole for MMIO. */
static void setup_mtrr(void)
{
	unsigned int i;

	memset(&mtrr, 0, sizeof(mtrr));
	mtrr.cap = HV_MTRRCAP_FIX | 8;
	mtrr.def_type = HV_MTRR_DEF_E | HV_MTRR_DEF_FE | HV_MT_UC;
	mtrr.fixed[0] = FIX8(HV_MT_WB);
	mtrr.fixed[1] = FIX8(HV_MT_WB);
	mtrr.fixed[2] = FIX8(HV_MT_UC);
	for (i = 3; i < 11; i++)
		mtrr.fixed[i] = FIX8(HV_MT_WP);
	mtrr.phys_bits = 40;
	mtrr.base[0] = 0 | HV_MT_WB; /* 0-4 GiB WB ... */
	mtrr.mask[0] = (((1ULL << 40) - 1) & ~(4 * G - 1)) | HV_MTRR_VALID;
	mtrr.base[1] = 3 * G | HV_MT_UC; /* ... but 3-4 GiB UC (MMIO) */
	mtrr.mask[1] = (((1ULL << 40) - 1) & ~(G - 1)) | HV_MTRR_VALID;
	mtrr.base[2] = (2 * G + 6 * M) | HV_MT_WC; /* a 2 MiB frame buffer */
	mtrr.mask[2] = (((1ULL << 40) - 1) & ~(2 * M - 1)) | HV_MTRR_VALID;
}

static struct hv_page_pool pool;

static void pool_init(unsigned int nr)
{
	unsigned int i;

	pool.va = calloc(nr, sizeof(*pool.va));
	pool.pa = calloc(nr, sizeof(*pool.pa));
	for (i = 0; i < nr; i++) {
		pool.va[i] = aligned_alloc(4096, 4096);
		memset(pool.va[i], 0, 4096);
		pool.pa[i] = (u64)(uintptr_t)pool.va[i]; /* "physical" = va */
	}
	pool.nr = nr;
	pool.used = 0;
}

static void pool_free(void)
{
	unsigned int i;

	for (i = 0; i < pool.nr; i++)
		free(pool.va[i]);
	free(pool.va);
	free(pool.pa);
}

/* Walk EPT for @gpa: the leaf entry, and the size it maps (0: none). */
static u64 walk(u64 pml4, u64 gpa, u64 *size)
{
	u64 *table = (u64 *)(uintptr_t)pml4;
	int level;

	for (level = 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 e = table[(gpa >> shift) & 511];

		if (!(e & HV_EPT_RWX)) {
			*size = 0;
			return 0;
		}
		if (level == 1 || (e & HV_EPT_LARGE)) {
			*size = 1ULL << shift;
			return e;
		}
		table = (u64 *)(uintptr_t)(e & HV_EPT_ADDR_MASK);
	}
	*size = 0;
	return 0;
}

static u64 build(u64 top, bool has_1g)
{
	unsigned int need;

	setup_mtrr();
	need = hv_ept01_pages(&mtrr, NULL, top, has_1g);
	pool_init(need);
	assert_int_equal(hv_ept01_build(&pool, &mtrr, NULL, top, has_1g), need);
	assert_int_equal(pool.used, need); /* the count was exact */
	return pool.pa[0];
}

/* Every 4 KiB page maps to itself, RWX, with the MTRRs' type. */
static void check_page(u64 pml4, u64 gpa)
{
	u64 size, e = walk(pml4, gpa, &size);
	u64 frame = e & HV_EPT_ADDR_MASK & ~(size - 1);

	assert_int_not_equal(size, 0);
	assert_int_equal(frame + (gpa & (size - 1)), gpa);
	assert_int_equal(e & HV_EPT_RWX, HV_EPT_RWX);
	assert_int_equal((e >> HV_EPT_MT_SHIFT) & 7,
			 hv_mtrr_range_type(&mtrr, gpa & ~0xfffULL, 4096));
}

static void test_identity_and_types(void **state)
{
	u64 pml4 = build(1ULL << 40, true), a;

	(void)state;
	for (a = 0; a < 4 * M; a += 4 * K)
		check_page(pml4, a);
	for (a = 0; a < 8 * G; a += 2 * M)
		check_page(pml4, a + 0x1000);
	check_page(pml4, 0xfee00000ULL); /* local APIC: UC */
	check_page(pml4, (1ULL << 40) - 4096);
	pool_free();
}

static void test_largest_pages(void **state)
{
	u64 pml4 = build(1ULL << 40, true), size;

	(void)state;
	walk(pml4, G + 12345, &size);
	assert_int_equal(size, G); /* 1-2 GiB WB: one 1 GiB page */
	walk(pml4, 3 * G + 5, &size);
	assert_int_equal(size, G); /* 3-4 GiB UC */
	walk(pml4, 2 * G + 7 * M, &size);
	assert_int_equal(size, 2 * M); /* the WC frame buffer */
	walk(pml4, 2 * G + 300 * M, &size);
	assert_int_equal(size, 2 * M); /* same 1 GiB as the WC range */
	walk(pml4, 0xa0000, &size);
	assert_int_equal(size, 4 * K); /* fixed-range area */
	walk(pml4, 2 * M, &size);
	assert_int_equal(size, 2 * M);
	walk(pml4, 600 * G, &size);
	assert_int_equal(size, G);
	/*
	 * 1 TiB in 6 tables: PML4; 2 PDPTs; PDs for 0-1 GiB (fixed ranges)
	 * and 2-3 GiB (the WC range); one PT for the first 2 MiB.
	 */
	assert_int_equal(pool.used, 6);
	pool_free();
}

static void test_without_1g_pages(void **state)
{
	u64 pml4 = build(64 * G, false), size;

	(void)state;
	walk(pml4, G + 12345, &size);
	assert_int_equal(size, 2 * M);
	check_page(pml4, 0xb8000);
	check_page(pml4, 3 * G + 4096);
	check_page(pml4, 64 * G - 4096);
	walk(pml4, 64 * G, &size);
	assert_int_equal(size, 0); /* beyond top: not mapped */
	pool_free();
}

static void test_pool_too_small(void **state)
{
	(void)state;
	setup_mtrr();
	pool_init(hv_ept01_pages(&mtrr, NULL, 1ULL << 40, true) - 1);
	assert_int_equal(hv_ept01_build(&pool, &mtrr, NULL, 1ULL << 40, true), 0);
	pool_free();
	pool_init(0);
	assert_int_equal(hv_ept01_build(&pool, &mtrr, NULL, 1ULL << 40, true), 0);
	pool_free();
}

/* A rebuild that does not fit leaves every table as it was. */
static void test_too_small_keeps_map(void **state)
{
	u64 pml4 = build(1ULL << 40, true), size;
	unsigned int i, nr = pool.nr;
	u64 *copy = malloc((size_t)nr * 4096);

	(void)state;
	for (i = 0; i < nr; i++)
		memcpy(copy + i * 512, pool.va[i], 4096);
	/* 64 separate 4 KiB UC ranges need far more tables than the pool. */
	for (i = 0; i < 8; i++) {
		mtrr.base[i] = (4 * G + i * 3 * G + 4 * K * i) | HV_MT_UC;
		mtrr.mask[i] = (((1ULL << 40) - 1) & ~(4 * K - 1)) |
			       HV_MTRR_VALID;
	}
	assert_int_equal(hv_ept01_build(&pool, &mtrr, NULL, 1ULL << 40, true), 0);
	for (i = 0; i < nr; i++)
		assert_memory_equal(copy + i * 512, pool.va[i], 4096);
	walk(pml4, 4 * G, &size);
	assert_int_equal(size, G);
	free(copy);
	pool_free();
}

/*
 * A rebuild in the same pool, over pages full of an older map (here:
 * garbage), gives exactly the new MTRRs' map, at the same PML4.
 */
static void test_rebuild_in_place(void **state)
{
	unsigned int i, bound = hv_ept01_pages_bound(8, 1ULL << 40, true);
	u64 pml4, size, a;

	(void)state;
	setup_mtrr();
	pool_init(bound);
	for (i = 0; i < pool.nr; i++)
		memset(pool.va[i], 0xa5, 4096);
	assert_int_not_equal(hv_ept01_build(&pool, &mtrr, NULL, 1ULL << 40, true), 0);
	pml4 = pool.pa[0];
	walk(pml4, 2 * G + 7 * M, &size);
	assert_int_equal(size, 2 * M); /* the WC frame buffer */

	/* L1 drops the frame buffer and makes 5-6 GiB write-through. */
	mtrr.mask[2] = 0;
	mtrr.base[3] = 5 * G | HV_MT_WT;
	mtrr.mask[3] = (((1ULL << 40) - 1) & ~(G - 1)) | HV_MTRR_VALID;
	assert_int_equal(hv_ept01_build(&pool, &mtrr, NULL, 1ULL << 40, true),
			 hv_ept01_pages(&mtrr, NULL, 1ULL << 40, true));
	assert_int_equal(pool.pa[0], pml4);
	walk(pml4, 2 * G + 7 * M, &size);
	assert_int_equal(size, G); /* 2-3 GiB is one WB page again */
	for (a = 0; a < 8 * G; a += 2 * M)
		check_page(pml4, a + 0x3000);
	for (a = 0; a < 2 * M; a += 4 * K)
		check_page(pml4, a);
	walk(pml4, (1ULL << 40) + 5, &size);
	assert_int_equal(size, 0);
	pool_free();
}

static unsigned int rnd(unsigned int n)
{
	return (unsigned int)(random() % n);
}

/*
 * hv_ept01_pages_bound() covers every MTRR setting with contiguous
 * masks (random ones, with and without 1 GiB pages) ...
 */
static void test_bound_covers_random_mtrrs(void **state)
{
	static const int types[] = { HV_MT_UC, HV_MT_WC, HV_MT_WT, HV_MT_WP,
				     HV_MT_WB };
	unsigned int iter, i, j, tightest = ~0u, bound;

	(void)state;
	srandom(12345);
	for (iter = 0; iter < 3000; iter++) {
		bool has_1g = iter & 1;
		u64 top = has_1g ? 1ULL << 40 : 1ULL << 36;
		unsigned int nvar = 1 + rnd(HV_MTRR_MAX_VAR);

		memset(&mtrr, 0, sizeof(mtrr));
		mtrr.phys_bits = has_1g ? 40 : 36;
		mtrr.cap = HV_MTRRCAP_FIX | nvar;
		mtrr.def_type = HV_MTRR_DEF_E | types[rnd(5)] |
				(rnd(2) ? HV_MTRR_DEF_FE : 0);
		for (i = 0; i < 11; i++)
			for (j = 0; j < 8; j++)
				mtrr.fixed[i] |= (u64)types[rnd(5)] << (8 * j);
		for (i = 0; i < nvar; i++) {
			unsigned int order = 12 + rnd(mtrr.phys_bits - 12);
			u64 size = 1ULL << order;
			u64 base = ((u64)random() << 20 ^ (u64)random()) &
				   ((1ULL << mtrr.phys_bits) - 1) & ~(size - 1);

			if (rnd(8) == 0)
				continue; /* not valid */
			mtrr.base[i] = base | types[rnd(5)];
			mtrr.mask[i] = (((1ULL << mtrr.phys_bits) - 1) &
					~(size - 1)) |
				       HV_MTRR_VALID;
		}
		bound = hv_ept01_pages_bound(nvar, top, has_1g);
		i = hv_ept01_pages(&mtrr, NULL, top, has_1g);
		assert_true(i <= bound);
		if (bound - i < tightest)
			tightest = bound - i;
	}
	/* ... and is not wasteful: some setting comes close to it. */
	assert_true(tightest <= 4);
}

static void test_mtrrs_disabled_all_uc(void **state)
{
	u64 pml4, size, e;
	unsigned int need;

	(void)state;
	setup_mtrr();
	mtrr.def_type &= ~HV_MTRR_DEF_E;
	need = hv_ept01_pages(&mtrr, NULL, 1ULL << 40, true);
	pool_init(need);
	assert_int_equal(hv_ept01_build(&pool, &mtrr, NULL, 1ULL << 40, true), need);
	pml4 = pool.pa[0];
	e = walk(pml4, 0x1000, &size);
	assert_int_equal((e >> HV_EPT_MT_SHIFT) & 7, HV_MT_UC);
	assert_int_equal(size, G);
	assert_int_equal(pool.used, 3); /* PML4 + 2 PDPTs */
	pool_free();
}

/*
 * hvnest's root-only pages are holes: a guarded 4 KiB page is not present,
 * its neighbours map as before (4 KiB around it, with their types), and
 * the tables the holes add stay within hv_ept01_hole_tables().
 */
static void test_holes(void **state)
{
	static struct {
		u32 nr;
		struct hv_guard_range range[3];
	} set = { 3, { { 0x5000, 0x7000 },		 /* in the fixed ranges */
		       { 2 * G + 6 * M + 0x3000, 2 * G + 6 * M + 0x4000 },
		       { 5 * G - 4 * K, 5 * G + 4 * K } } }; /* across 1 GiB */
	const struct hv_guard *g = (const struct hv_guard *)&set;
	unsigned int plain, need;
	u64 pml4, size, a;

	(void)state;
	setup_mtrr();
	plain = hv_ept01_pages(&mtrr, NULL, 1ULL << 40, true);
	need = hv_ept01_pages(&mtrr, g, 1ULL << 40, true);
	assert_true(need > plain);
	assert_true(need <= plain + hv_ept01_hole_tables(g, true));
	/*
	 * 2 MiB pages with a hole: at 0, 2 GiB + 6 MiB, 5 GiB - 2 MiB and
	 * 5 GiB; 1 GiB pages: at 0, 2, 4 and 5 GiB.
	 */
	assert_int_equal(hv_ept01_hole_tables(g, true), 4 + 4);
	assert_int_equal(hv_ept01_hole_tables(g, false), 4);
	pool_init(need);
	assert_int_equal(hv_ept01_build(&pool, &mtrr, g, 1ULL << 40, true), need);
	pml4 = pool.pa[0];
	for (a = 0x5000; a < 0x7000; a += 4 * K) {
		assert_int_equal(walk(pml4, a, &size), 0);
		assert_int_equal(size, 0);
	}
	assert_int_equal(walk(pml4, 2 * G + 6 * M + 0x3000, &size), 0);
	assert_int_equal(walk(pml4, 5 * G - 4 * K, &size), 0);
	assert_int_equal(walk(pml4, 5 * G, &size), 0);
	check_page(pml4, 0x4000);
	check_page(pml4, 0x7000);
	check_page(pml4, 2 * G + 6 * M + 0x2000); /* WC, now 4 KiB */
	walk(pml4, 2 * G + 6 * M + 0x2000, &size);
	assert_int_equal(size, 4 * K);
	check_page(pml4, 2 * G + 6 * M + 0x4000);
	check_page(pml4, 5 * G - 8 * K);
	check_page(pml4, 5 * G + 4 * K);
	check_page(pml4, 6 * G); /* untouched 1 GiB page */
	walk(pml4, 6 * G, &size);
	assert_int_equal(size, G);
	pool_free();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_and_types),
		cmocka_unit_test(test_largest_pages),
		cmocka_unit_test(test_without_1g_pages),
		cmocka_unit_test(test_pool_too_small),
		cmocka_unit_test(test_mtrrs_disabled_all_uc),
		cmocka_unit_test(test_too_small_keeps_map),
		cmocka_unit_test(test_rebuild_in_place),
		cmocka_unit_test(test_bound_covers_random_mtrrs),
		cmocka_unit_test(test_holes),
	};

	return cmocka_run_group_tests_name("ept01", tests, NULL, NULL);
}
