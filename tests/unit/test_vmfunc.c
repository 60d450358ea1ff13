// SPDX-License-Identifier: GPL-2.0
/* Unit tests: VMFUNC in L2, L0's decisions (nested/vmfunc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vmfunc.h"

/* IA32_VMX_EPT_VPID_CAP: 4-level walk, UC, WB, no A/D flags. */
#define EPT_CAP (HV_BIT(6) | HV_BIT(8) | HV_BIT(14))
#define MAXPHY 39
/* WB, 4-level walk: a valid EPTP at 0x5000. */
#define EPTP_OK (0x5000ULL | 6 | (3 << 3))

/* Only function 0, only when enabled, only the list's 512 entries. */
static void test_reads_list(void **state)
{
	(void)state;
	assert_true(hv_vmfunc_reads_list(0, 0, 1));
	assert_true(hv_vmfunc_reads_list(0, 511, 1));
	assert_false(hv_vmfunc_reads_list(0, 512, 1));
	assert_false(hv_vmfunc_reads_list(0, 0xffffffff, 1));
	assert_false(hv_vmfunc_reads_list(0, 0, 0)); /* not enabled */
	assert_false(hv_vmfunc_reads_list(0, 0, 2));
	assert_false(hv_vmfunc_reads_list(1, 0, 3)); /* not offered */
	assert_false(hv_vmfunc_reads_list(64, 0, ~0ULL));
}

/* The entry must be an EPTP VM entry would take (SDM 26.2.1.1). */
static void test_eptp_ok(void **state)
{
	(void)state;
	assert_true(hv_vmfunc_eptp_ok(EPTP_OK, true, EPT_CAP, MAXPHY));
	/* Unreadable (not RAM, or hvnest's: all ones). */
	assert_false(hv_vmfunc_eptp_ok(EPTP_OK, false, EPT_CAP, MAXPHY));
	assert_false(hv_vmfunc_eptp_ok(~0ULL, true, EPT_CAP, MAXPHY));
	assert_false(hv_vmfunc_eptp_ok(0, true, EPT_CAP, MAXPHY));
	/* Memory type 2 (reserved), walk length 5 without the capability. */
	assert_false(hv_vmfunc_eptp_ok((EPTP_OK & ~7ULL) | 2, true, EPT_CAP,
				       MAXPHY));
	assert_false(hv_vmfunc_eptp_ok(EPTP_OK | (1 << 5), true, EPT_CAP,
				       MAXPHY));
	/* A/D flags only where the capability has them (bit 21). */
	assert_false(hv_vmfunc_eptp_ok(EPTP_OK | HV_BIT(6), true, EPT_CAP,
				       MAXPHY));
	assert_true(hv_vmfunc_eptp_ok(EPTP_OK | HV_BIT(6), true,
				      EPT_CAP | HV_BIT(21), MAXPHY));
	/* Reserved bits 11:7, and beyond MAXPHYADDR. */
	assert_false(hv_vmfunc_eptp_ok(EPTP_OK | 0x80, true, EPT_CAP, MAXPHY));
	assert_false(hv_vmfunc_eptp_ok(EPTP_OK | (1ULL << MAXPHY), true,
				       EPT_CAP, MAXPHY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_list),
		cmocka_unit_test(test_eptp_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
