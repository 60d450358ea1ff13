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
	u64 pml4 = 0;

	setup_mtrr();
	need = hv_ept01_pages(&mtrr, top, has_1g);
	pool_init(need);
	assert_true(hv_ept01_build(&pool, &mtrr, top, has_1g, &pml4));
	assert_int_equal(pool.used, need); /* the count was exact */
	return pml4;
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
	u64 pml4;

	(void)state;
	setup_mtrr();
	pool_init(hv_ept01_pages(&mtrr, 1ULL << 40, true) - 1);
	assert_false(hv_ept01_build(&pool, &mtrr, 1ULL << 40, true, &pml4));
	pool_free();
	pool_init(0);
	assert_false(hv_ept01_build(&pool, &mtrr, 1ULL << 40, true, &pml4));
	pool_free();
}

static void test_mtrrs_disabled_all_uc(void **state)
{
	u64 pml4 = 0, size, e;
	unsigned int need;

	(void)state;
	setup_mtrr();
	mtrr.def_type &= ~HV_MTRR_DEF_E;
	need = hv_ept01_pages(&mtrr, 1ULL << 40, true);
	pool_init(need);
	assert_true(hv_ept01_build(&pool, &mtrr, 1ULL << 40, true, &pml4));
	e = walk(pml4, 0x1000, &size);
	assert_int_equal((e >> HV_EPT_MT_SHIFT) & 7, HV_MT_UC);
	assert_int_equal(size, G);
	assert_int_equal(pool.used, 3); /* PML4 + 2 PDPTs */
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
	};

	return cmocka_run_group_tests_name("ept01", tests, NULL, NULL);
}
