// SPDX-License-Identifier: GPL-2.0
/* Unit tests: MSR bitmaps of nested VMX (nested/msr_bitmap.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "msr_bitmap.h"

/* L1 memory: one 4-KiB bitmap page at BITMAP; nothing else is RAM. */
#define BITMAP 0x5000ULL
static uint8_t page[4096];

bool hv_l1_phys_read(u64 gpa, void *buf, u32 len)
{
	if (gpa < BITMAP || gpa + len > BITMAP + sizeof(page)) {
		memset(buf, 0xff, len);
		return false;
	}
	memcpy(buf, page + (gpa - BITMAP), len);
	return true;
}

bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len)
{
	(void)gpa;
	(void)buf;
	(void)len;
	return false;
}

bool hv_l1_phys_or64(u64 gpa, u64 bits)
{
	(void)gpa;
	(void)bits;
	return false;
}

static void set_bit_in(uint8_t *p, int bit)
{
	p[bit / 8] |= 1 << (bit % 8);
}

/* SDM 24.6.9: the four 1-KiB quarters. */
static void test_bit_layout(void **state)
{
	(void)state;
	assert_int_equal(hv_msr_bitmap_bit(0, false), 0);
	assert_int_equal(hv_msr_bitmap_bit(0x1fff, false), 0x1fff);
	assert_int_equal(hv_msr_bitmap_bit(0xc0000000, false), 1024 * 8);
	assert_int_equal(hv_msr_bitmap_bit(0xc0001fff, false),
			 1024 * 8 + 0x1fff);
	assert_int_equal(hv_msr_bitmap_bit(0x10, true), 2048 * 8 + 0x10);
	assert_int_equal(hv_msr_bitmap_bit(0xc0000080, true),
			 3072 * 8 + 0x80);
	assert_int_equal(hv_msr_bitmap_bit(0x2000, false), -1);
	assert_int_equal(hv_msr_bitmap_bit(0xbfffffff, true), -1);
	assert_int_equal(hv_msr_bitmap_bit(0xc0002000, false), -1);
	assert_int_equal(hv_msr_bitmap_bit(0x40000000, false), -1);
}

static void test_intercepted_by_bitmap(void **state)
{
	(void)state;
	memset(page, 0, sizeof(page));
	set_bit_in(page, hv_msr_bitmap_bit(0x174, false)); /* read only */
	set_bit_in(page, hv_msr_bitmap_bit(0xc0000100, true)); /* write */
	assert_true(hv_l1_msr_intercepted(true, BITMAP, 0x174, false));
	assert_false(hv_l1_msr_intercepted(true, BITMAP, 0x174, true));
	assert_false(hv_l1_msr_intercepted(true, BITMAP, 0x175, false));
	assert_true(hv_l1_msr_intercepted(true, BITMAP, 0xc0000100, true));
	assert_false(hv_l1_msr_intercepted(true, BITMAP, 0xc0000100, false));
	assert_false(hv_l1_msr_intercepted(true, BITMAP, 0xc0000101, true));
}

static void test_always_exits(void **state)
{
	(void)state;
	memset(page, 0, sizeof(page));
	/* No bitmaps: every access; outside the ranges: always. */
	assert_true(hv_l1_msr_intercepted(false, BITMAP, 0x174, false));
	assert_true(hv_l1_msr_intercepted(true, BITMAP, 0x40000000, false));
	/* A bitmap outside L1's RAM reads as all ones. */
	assert_true(hv_l1_msr_intercepted(true, 0x100000, 0x174, false));
}

static void test_merge(void **state)
{
	static uint64_t l0[512], out[512];
	struct hv_msr_sparse sp;
	unsigned int i;

	(void)state;
	memset(page, 0, sizeof(page));
	memset(l0, 0, sizeof(l0));
	set_bit_in(page, hv_msr_bitmap_bit(0x174, false));
	set_bit_in(page, hv_msr_bitmap_bit(0xc0000082, true));
	set_bit_in(page, hv_msr_bitmap_bit(0x481, false)); /* L0's word too */
	set_bit_in((uint8_t *)l0, hv_msr_bitmap_bit(0x480, false));
	set_bit_in((uint8_t *)l0, hv_msr_bitmap_bit(0x2ff, true));
	hv_msr_bitmap_sparse(l0, &sp);
	assert_int_equal(sp.n, 2);
	hv_msr_bitmap_merge(l0, &sp, BITMAP, out);
	for (i = 0; i < 512; i++)
		assert_int_equal(out[i], l0[i] | ((uint64_t *)page)[i]);
	assert_true(((uint8_t *)out)[hv_msr_bitmap_bit(0x480, false) / 8]);
	assert_true(((uint8_t *)out)[hv_msr_bitmap_bit(0xc0000082, true) / 8]);
	/* L1's bitmap not in RAM: everything exits. */
	hv_msr_bitmap_merge(l0, &sp, 0x100000, out);
	for (i = 0; i < 512; i++)
		assert_int_equal(out[i], ~0ULL);
}

/* An L0 bitmap with more words than the sparse list holds: all merged. */
static void test_merge_dense(void **state)
{
	static uint64_t l0[512], out[512];
	struct hv_msr_sparse sp;
	unsigned int i;

	(void)state;
	memset(page, 0, sizeof(page));
	for (i = 0; i < 512; i++)
		l0[i] = i % 3 ? 0 : 1ULL << (i % 64);
	page[5] = 0x80;
	hv_msr_bitmap_sparse(l0, &sp);
	assert_true(sp.n > HV_MSR_SPARSE_MAX);
	hv_msr_bitmap_merge(l0, &sp, BITMAP, out);
	for (i = 0; i < 512; i++)
		assert_int_equal(out[i], l0[i] | ((uint64_t *)page)[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_layout),
		cmocka_unit_test(test_intercepted_by_bitmap),
		cmocka_unit_test(test_always_exits),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_dense),
	};

	return cmocka_run_group_tests_name("msr_bitmap", tests, NULL, NULL);
}
