// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vmx/cr0_write.c: MOV to CR0 as L0 completes it for L1
 * (SDM Vol. 2B MOV CR, Vol. 3A 2.5, 4.4.1, 9.8.5), on the path a CPU takes
 * after a SIPI start: real mode, protected mode, IA-32e mode and back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "../../vmx/cr0_write.h"
#include "../../vmx/vmx_caps.h"

#define INIT_CR0 0x60000010ULL /* CD NW ET, after INIT */
#define PE HV_CR0_PE
#define PG HV_CR0_PG
#define ET HV_CR0_ET

static struct hv_cr0_write w;

static enum hv_cr0_outcome wr(u64 old, u64 new, u64 cr4, u64 efer)
{
	w = (struct hv_cr0_write){ .old_cr0 = old, .new_cr0 = new,
				   .cr4 = cr4, .efer = efer,
				   .unrestricted = true };
	return hv_cr0_write(&w);
}

/* The trampoline's steps: real mode -> protected mode -> IA-32e mode. */
static void test_real_to_long_mode(void **state)
{
	(void)state;
	/* Protected mode, caches still off. */
	assert_int_equal(wr(INIT_CR0, INIT_CR0 | PE, 0, 0), HV_CR0_DONE);
	assert_int_equal(w.cr0, INIT_CR0 | PE);
	assert_false(w.ia32e);
	assert_true(w.flush);
	/* Paging with EFER.LME and CR4.PAE: IA-32e mode, LMA set. */
	assert_int_equal(wr(PE | ET, PG | PE | ET, HV_CR4_PAE, HV_EFER_LME),
			 HV_CR0_DONE);
	assert_true(w.ia32e);
	assert_int_equal(w.efer_out, HV_EFER_LME | HV_EFER_LMA);
	assert_false(w.load_pdptes); /* IA-32e paging has no PDPTE registers */
}

/* Compatibility mode may leave IA-32e mode; 64-bit mode may not. */
static void test_leave_long_mode(void **state)
{
	const u64 lm = HV_EFER_LME | HV_EFER_LMA, cr0 = PG | PE | ET;

	(void)state;
	w = (struct hv_cr0_write){ .old_cr0 = cr0, .new_cr0 = PE, .cr4 = HV_CR4_PAE,
				   .efer = lm, .cs_l = true, .unrestricted = true };
	assert_int_equal(hv_cr0_write(&w), HV_CR0_GP);
	assert_int_equal(wr(cr0, PE, HV_CR4_PAE, lm), HV_CR0_DONE);
	assert_false(w.ia32e);
	assert_int_equal(w.efer_out, HV_EFER_LME);
	/* Not while CR4.PCIDE is set. */
	assert_int_equal(wr(cr0, PE, HV_CR4_PAE | HV_CR4_PCIDE, lm), HV_CR0_GP);
}

/* The #GP(0) conditions of MOV to CR0. */
static void test_gp(void **state)
{
	(void)state;
	assert_int_equal(wr(INIT_CR0, HV_BIT(32) | PE, 0, 0), HV_CR0_GP);
	assert_int_equal(wr(INIT_CR0, PG, 0, 0), HV_CR0_GP); /* PG without PE */
	assert_int_equal(wr(INIT_CR0, HV_CR0_NW | PE, 0, 0), HV_CR0_GP);
	/* IA-32e mode needs PAE. */
	assert_int_equal(wr(PE, PG | PE, 0, HV_EFER_LME), HV_CR0_GP);
	/* CET needs WP. */
	assert_int_equal(wr(PG | PE | HV_CR0_WP, PG | PE, HV_CR4_CET | HV_CR4_PAE,
			    HV_EFER_LME | HV_EFER_LMA),
			 HV_CR0_GP);
	assert_int_equal(wr(PG | PE | HV_CR0_WP, PG | PE | HV_CR0_WP,
			    HV_CR4_CET | HV_CR4_PAE, HV_EFER_LME | HV_EFER_LMA),
			 HV_CR0_DONE);
}

/* PAE paging outside IA-32e mode loads the PDPTEs when CD, NW or PG change. */
static void test_pae_pdptes(void **state)
{
	(void)state;
	assert_int_equal(wr(PE, PG | PE, HV_CR4_PAE, 0), HV_CR0_DONE);
	assert_true(w.load_pdptes);
	assert_int_equal(wr(PG | PE, PG | PE | HV_CR0_CD, HV_CR4_PAE, 0),
			 HV_CR0_DONE);
	assert_true(w.load_pdptes);
	/* WP alone does not; nor 32-bit paging. */
	assert_int_equal(wr(PG | PE, PG | PE | HV_CR0_WP, HV_CR4_PAE, 0),
			 HV_CR0_DONE);
	assert_false(w.load_pdptes);
	assert_true(w.flush);
	assert_int_equal(wr(PE, PG | PE, 0, 0), HV_CR0_DONE);
	assert_false(w.load_pdptes);
}

/* Without unrestricted guest, L0 cannot run L1 in real mode or unpaged. */
static void test_without_unrestricted(void **state)
{
	w = (struct hv_cr0_write){ .old_cr0 = PG | PE, .new_cr0 = PE,
				   .cr4 = HV_CR4_PAE };
	(void)state;
	assert_int_equal(hv_cr0_write(&w), HV_CR0_UNSUPPORTED);
	w.new_cr0 = PG | PE | HV_CR0_WP;
	assert_int_equal(hv_cr0_write(&w), HV_CR0_DONE);
	assert_int_equal(w.cr0, PG | PE | HV_CR0_WP | ET); /* ET reads 1 */
	assert_true(w.flush);
	/* A #GP comes first. */
	w.new_cr0 = PG;
	assert_int_equal(hv_cr0_write(&w), HV_CR0_GP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_to_long_mode),
		cmocka_unit_test(test_leave_long_mode),
		cmocka_unit_test(test_gp),
		cmocka_unit_test(test_pae_pdptes),
		cmocka_unit_test(test_without_unrestricted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
