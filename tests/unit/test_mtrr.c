// SPDX-License-Identifier: GPL-2.0
/* Unit tests: memory types from the MTRRs (SDM 11.11). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mtrr.h"

#define G (1ULL << 30)
#define M (1ULL << 20)
#define K (1ULL << 10)

/* 8 types, one per byte, lowest address first. */
#define FIX8(t) (0x0101010101010101ULL * (t))

/*
 * A typical firmware setup: default UC; fixed ranges WB below 640 KiB,
 * UC for VGA (640-768 KiB), WP for the ROMs; variable ranges WB for
 * 0-2 GiB and 2-3 GiB; 40-bit physical addresses.
 */
static void typical(struct hv_mtrr_state *m)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->cap = HV_MTRRCAP_FIX | 8;
	m->def_type = HV_MTRR_DEF_E | HV_MTRR_DEF_FE | HV_MT_UC;
	m->fixed[0] = FIX8(HV_MT_WB);
	m->fixed[1] = FIX8(HV_MT_WB);
	m->fixed[2] = FIX8(HV_MT_UC);
	for (i = 3; i < 11; i++)
		m->fixed[i] = FIX8(HV_MT_WP);
	m->phys_bits = 40;
	m->base[0] = 0 | HV_MT_WB;
	m->mask[0] = (((1ULL << 40) - 1) & ~(2 * G - 1)) | HV_MTRR_VALID;
	m->base[1] = 2 * G | HV_MT_WB;
	m->mask[1] = (((1ULL << 40) - 1) & ~(G - 1)) | HV_MTRR_VALID;
}

static void test_disabled_is_uc(void **state)
{
	struct hv_mtrr_state m;

	(void)state;
	typical(&m);
	m.def_type &= ~HV_MTRR_DEF_E;
	assert_int_equal(hv_mtrr_range_type(&m, G, G), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 0, 4 * K), HV_MT_UC);
}

static void test_fixed_ranges(void **state)
{
	struct hv_mtrr_state m;

	(void)state;
	typical(&m);
	assert_int_equal(hv_mtrr_range_type(&m, 0, 4 * K), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 0x9f000, 4 * K), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 0xa0000, 4 * K), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 0xbf000, 4 * K), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 0xc0000, 4 * K), HV_MT_WP);
	assert_int_equal(hv_mtrr_range_type(&m, 0xff000, 4 * K), HV_MT_WP);
	/* One byte of one fixed MTRR: the 4 KiB page at 0xe3000. */
	m.fixed[3 + (0xe3000 - 0xc0000) / 0x8000] &= ~(0xffULL << (3 * 8));
	assert_int_equal(hv_mtrr_range_type(&m, 0xe3000, 4 * K), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 0xe2000, 4 * K), HV_MT_WP);
	/* 64 KiB and 16 KiB granules. */
	m.fixed[0] = FIX8(HV_MT_WB) & ~(0xffULL << 56); /* 448-512 KiB: UC */
	assert_int_equal(hv_mtrr_range_type(&m, 0x70000, 4 * K), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 0x6f000, 4 * K), HV_MT_WB);
	/* 528-544 KiB: WC. */
	m.fixed[1] = (FIX8(HV_MT_WB) & ~(0xffULL << 8)) | ((u64)HV_MT_WC << 8);
	assert_int_equal(hv_mtrr_range_type(&m, 0x84000, 4 * K), HV_MT_WC);
	assert_int_equal(hv_mtrr_range_type(&m, 0x88000, 4 * K), HV_MT_WB);
}

static void test_blocks_over_fixed_area(void **state)
{
	struct hv_mtrr_state m;

	(void)state;
	typical(&m);
	/* The first 2 MiB mix fixed and variable types: split to 4 KiB. */
	assert_int_equal(hv_mtrr_range_type(&m, 0, 2 * M), HV_MT_MIXED);
	assert_int_equal(hv_mtrr_range_type(&m, 0, G), HV_MT_MIXED);
	/* 64 KiB of uniform fixed type is uniform. */
	assert_int_equal(hv_mtrr_range_type(&m, 0x10000, 64 * K), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 0x90000, 64 * K), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 0x80000, 256 * K), HV_MT_MIXED);
	/* Fixed ranges off: the variable ranges rule below 1 MiB too. */
	m.def_type &= ~HV_MTRR_DEF_FE;
	assert_int_equal(hv_mtrr_range_type(&m, 0xa0000, 4 * K), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 0, G), HV_MT_WB);
}

static void test_variable_ranges(void **state)
{
	struct hv_mtrr_state m;

	(void)state;
	typical(&m);
	assert_int_equal(hv_mtrr_range_type(&m, G, G), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 2 * G, G), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, 2 * G + 6 * M, 2 * M), HV_MT_WB);
	/* Beyond every range: the default type. */
	assert_int_equal(hv_mtrr_range_type(&m, 3 * G, G), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 0xfee00000ULL, 4 * K), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, 64 * G, G), HV_MT_UC);
	/* A 1 GiB block covering 2-3 GiB and part of nothing: 2 GiB block. */
	assert_int_equal(hv_mtrr_range_type(&m, 2 * G, 2 * G), HV_MT_MIXED);
	/* An invalid (V = 0) range does nothing. */
	m.mask[1] &= ~HV_MTRR_VALID;
	assert_int_equal(hv_mtrr_range_type(&m, 2 * G, G), HV_MT_UC);
}

static void test_overlaps(void **state)
{
	struct hv_mtrr_state m;

	(void)state;
	typical(&m);
	/* UC hole at 1 GiB + 512 MiB, 256 MiB long, inside WB 0-2 GiB. */
	m.base[2] = (G + 512 * M) | HV_MT_UC;
	m.mask[2] = (((1ULL << 40) - 1) & ~(256 * M - 1)) | HV_MTRR_VALID;
	assert_int_equal(hv_mtrr_range_type(&m, G, G), HV_MT_MIXED);
	assert_int_equal(hv_mtrr_range_type(&m, G + 512 * M, 2 * M), HV_MT_UC);
	assert_int_equal(hv_mtrr_range_type(&m, G + 510 * M, 2 * M), HV_MT_WB);
	assert_int_equal(hv_mtrr_range_type(&m, G + 768 * M, 2 * M), HV_MT_WB);
	/* WT over WB gives WT; WC over WB is undefined and gives UC. */
	m.base[2] = (G + 512 * M) | HV_MT_WT;
	assert_int_equal(hv_mtrr_range_type(&m, G + 512 * M, 2 * M), HV_MT_WT);
	m.base[2] = (G + 512 * M) | HV_MT_WC;
	assert_int_equal(hv_mtrr_range_type(&m, G + 512 * M, 2 * M), HV_MT_UC);
	/* Two identical types overlap to that type. */
	m.base[2] = (G + 512 * M) | HV_MT_WB;
	assert_int_equal(hv_mtrr_range_type(&m, G + 512 * M, 2 * M), HV_MT_WB);
	/* A block holding a smaller range is not proven uniform: split. */
	assert_int_equal(hv_mtrr_range_type(&m, G, G), HV_MT_MIXED);
}

static void test_count_and_address_width(void **state)
{
	struct hv_mtrr_state m;

	(void)state;
	typical(&m);
	/* Ranges past VCNT are not there. */
	m.cap = HV_MTRRCAP_FIX | 1;
	assert_int_equal(hv_mtrr_range_type(&m, 2 * G, G), HV_MT_UC);
	/* Mask bits above MAXPHYADDR are ignored (SDM 11.11.3). */
	typical(&m);
	m.mask[1] |= 0xfff0000000000000ULL;
	assert_int_equal(hv_mtrr_range_type(&m, 2 * G, G), HV_MT_WB);
}

static void test_mtrr_msrs(void **state)
{
	(void)state;
	assert_true(hv_mtrr_is_msr(0x200));
	assert_true(hv_mtrr_is_msr(0x21f));
	assert_false(hv_mtrr_is_msr(0x220));
	assert_true(hv_mtrr_is_msr(0x250));
	assert_true(hv_mtrr_is_msr(0x258));
	assert_true(hv_mtrr_is_msr(0x259));
	assert_false(hv_mtrr_is_msr(0x25a));
	assert_true(hv_mtrr_is_msr(0x268));
	assert_true(hv_mtrr_is_msr(0x26f));
	assert_false(hv_mtrr_is_msr(0x270));
	assert_true(hv_mtrr_is_msr(0x2ff));
	assert_false(hv_mtrr_is_msr(0x277)); /* PAT */
	assert_false(hv_mtrr_is_msr(0xfe)); /* MTRRCAP: read-only */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disabled_is_uc),
		cmocka_unit_test(test_fixed_ranges),
		cmocka_unit_test(test_blocks_over_fixed_area),
		cmocka_unit_test(test_variable_ranges),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_count_and_address_width),
		cmocka_unit_test(test_mtrr_msrs),
	};

	return cmocka_run_group_tests_name("mtrr", tests, NULL, NULL);
}
