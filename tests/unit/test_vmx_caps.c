// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: hvnest's VMX requirements, fed with the capability MSRs read
 * inside Bochs (model corei7_skylake_x, shared/notes/emulated-machine.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmx_caps.h"
#include "hvnest_abi.h"

static const struct vmx_cap_msrs bochs_skx = {
	.basic = 0x00d810000000002bull,
	.pinbased = 0x0000007f00000016ull,
	.procbased = 0xf7f9fffe0401e172ull,
	.procbased2 = 0x02177fff00000000ull,
	.exit = 0x007fffff00036dffull,
	.entry = 0x0000ffff000011ffull,
	.misc = 0x00000000600401e0ull,
	.cr0_fixed0 = 0x80000021ull,
	.cr0_fixed1 = 0xffffffffull,
	.cr4_fixed0 = 0x2000ull,
	.cr4_fixed1 = 0x3727ffull,
	.ept_vpid = 0x00000f0106334141ull,
	.vmfunc = 0x1ull,
};

/* CR0/CR4 of Debian's 6.1 kernel on that CPU; RDTSCP, INVPCID, XSAVES. */
static const struct vmx_cpu_env linux_env = {
	.cr0 = 0x80050033ull,
	.cr4 = 0x3706f0ull,
	.has_rdtscp = true,
	.has_invpcid = true,
	.has_xsaves = true,
};

static int essential_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < vmx_essential_count(); i++)
		if (!strcmp(vmx_essential_name(i), name))
			return (int)i;
	fail_msg("no essential named '%s'", name);
	return -1;
}

static u64 missing_bit(const char *name)
{
	return HV_BIT(essential_index(name));
}

static void test_bochs_passes(void **state)
{
	(void)state;
	assert_int_equal(vmx_caps_missing(&bochs_skx, &linux_env), 0);
}

static void test_bochs_features(void **state)
{
	u64 f = vmx_caps_features(&bochs_skx);

	(void)state;
	assert_true(f & HVNEST_VMXF_EPT);
	assert_true(f & HVNEST_VMXF_VPID);
	assert_true(f & HVNEST_VMXF_UNRESTRICTED);
	assert_true(f & HVNEST_VMXF_VIRTUAL_NMI);
	assert_true(f & HVNEST_VMXF_PREEMPT_TIMER);
	assert_true(f & HVNEST_VMXF_VMCS_SHADOW);
	assert_true(f & HVNEST_VMXF_PML);
	assert_true(f & HVNEST_VMXF_VMFUNC);
	assert_true(f & HVNEST_VMXF_EPT_2M);
	assert_true(f & HVNEST_VMXF_EPT_1G);
	assert_true(f & HVNEST_VMXF_EPT_AD);
	assert_true(f & HVNEST_VMXF_TRUE_CTLS);
	assert_int_equal(f >> HVNEST_VMXF_NR, 0);
}

/* Clear allowed-1 @bit of the control MSR at @field: exactly @name missing. */
static void expect_only_missing(struct vmx_cap_msrs *m,
				const struct vmx_cpu_env *env, const char *name)
{
	assert_int_equal(vmx_caps_missing(m, env), missing_bit(name));
}

static void test_each_control_essential(void **state)
{
	static const struct {
		size_t field;
		u64 bit;
		const char *name;
	} cases[] = {
		{ offsetof(struct vmx_cap_msrs, pinbased), HV_PIN_NMI_EXITING, "pin:NMI exiting" },
		{ offsetof(struct vmx_cap_msrs, pinbased), HV_PIN_VIRTUAL_NMIS, "pin:virtual NMIs" },
		{ offsetof(struct vmx_cap_msrs, procbased), HV_PROC_USE_MSR_BITMAPS, "proc:use MSR bitmaps" },
		{ offsetof(struct vmx_cap_msrs, procbased), HV_PROC_SECONDARY, "proc:secondary controls" },
		{ offsetof(struct vmx_cap_msrs, procbased2), HV_PROC2_EPT, "secondary:EPT" },
		{ offsetof(struct vmx_cap_msrs, procbased2), HV_PROC2_VPID, "secondary:VPID" },
		{ offsetof(struct vmx_cap_msrs, procbased2), HV_PROC2_UNRESTRICTED, "secondary:unrestricted guest" },
		{ offsetof(struct vmx_cap_msrs, procbased2), HV_PROC2_RDTSCP, "secondary:enable RDTSCP" },
		{ offsetof(struct vmx_cap_msrs, procbased2), HV_PROC2_INVPCID, "secondary:enable INVPCID" },
		{ offsetof(struct vmx_cap_msrs, procbased2), HV_PROC2_XSAVES, "secondary:enable XSAVES" },
		{ offsetof(struct vmx_cap_msrs, exit), HV_EXIT_HOST_ADDR_SPACE, "exit:host address-space size" },
		{ offsetof(struct vmx_cap_msrs, exit), HV_EXIT_LOAD_EFER, "exit:save/load IA32_EFER" },
		{ offsetof(struct vmx_cap_msrs, exit), HV_EXIT_SAVE_PAT, "exit:save/load IA32_PAT" },
		{ offsetof(struct vmx_cap_msrs, entry), HV_ENTRY_IA32E_GUEST, "entry:IA-32e mode guest" },
		{ offsetof(struct vmx_cap_msrs, entry), HV_ENTRY_LOAD_EFER, "entry:load IA32_EFER" },
		{ offsetof(struct vmx_cap_msrs, entry), HV_ENTRY_LOAD_PAT, "entry:load IA32_PAT" },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vmx_cap_msrs m = bochs_skx;
		u64 *v = (u64 *)((char *)&m + cases[i].field);

		/* Allowed-1 settings are the high 32 bits (SDM A.3). */
		*v &= ~(cases[i].bit << 32);
		expect_only_missing(&m, &linux_env, cases[i].name);
		/* The low half (allowed-0) does not matter for this check. */
		m = bochs_skx;
		v = (u64 *)((char *)&m + cases[i].field);
		*v &= ~cases[i].bit;
		assert_int_equal(vmx_caps_missing(&m, &linux_env), 0);
	}
}

static void test_conditional_essentials(void **state)
{
	struct vmx_cap_msrs m = bochs_skx;
	struct vmx_cpu_env env = linux_env;

	(void)state;
	m.procbased2 &= ~((HV_PROC2_RDTSCP | HV_PROC2_INVPCID | HV_PROC2_XSAVES) << 32);
	env.has_rdtscp = env.has_invpcid = env.has_xsaves = false;
	/* A CPU without those features needs none of the controls. */
	assert_int_equal(vmx_caps_missing(&m, &env), 0);
	env.has_invpcid = true;
	expect_only_missing(&m, &env, "secondary:enable INVPCID");
}

static void test_ept_vpid_caps(void **state)
{
	struct vmx_cap_msrs m = bochs_skx;

	(void)state;
	m.ept_vpid &= ~HV_EPT_CAP_WALK4;
	expect_only_missing(&m, &linux_env, "ept:4-level page walk");
	m = bochs_skx;
	m.ept_vpid &= ~HV_EPT_CAP_WB;
	expect_only_missing(&m, &linux_env, "ept:write-back paging structures");
	m = bochs_skx;
	m.ept_vpid &= ~HV_EPT_CAP_INVEPT_SINGLE;
	expect_only_missing(&m, &linux_env, "ept:INVEPT single-context and all-context");
	m = bochs_skx;
	m.ept_vpid &= ~HV_VPID_CAP_INVVPID_ALL;
	expect_only_missing(&m, &linux_env, "vpid:INVVPID single-context and all-context");
	/* Large pages are used when there, not required. */
	m = bochs_skx;
	m.ept_vpid &= ~(HV_EPT_CAP_2M | HV_EPT_CAP_1G | HV_EPT_CAP_AD);
	assert_int_equal(vmx_caps_missing(&m, &linux_env), 0);
	assert_false(vmx_caps_features(&m) & (HVNEST_VMXF_EPT_2M | HVNEST_VMXF_EPT_1G | HVNEST_VMXF_EPT_AD));
}

static void test_basic_fields(void **state)
{
	struct vmx_cap_msrs m = bochs_skx;

	(void)state;
	/* VMCS region of 8 KiB (bits 44:32). */
	m.basic = (m.basic & ~(0x1fffull << 32)) | (0x2000ull << 32);
	expect_only_missing(&m, &linux_env, "basic:VMCS size <= 4096");
	m = bochs_skx;
	m.basic &= ~(0xfull << 50); /* memory type UC */
	expect_only_missing(&m, &linux_env, "basic:VMCS memory type WB");
	m = bochs_skx;
	m.basic |= HV_VMX_BASIC_32BIT_PA;
	expect_only_missing(&m, &linux_env, "basic:64-bit physical addresses");
	assert_int_equal(HV_VMX_BASIC_REVISION(bochs_skx.basic), 0x2b);
}

static void test_fixed_cr_bits(void **state)
{
	struct vmx_cpu_env env = linux_env;

	(void)state;
	env.cr0 &= ~0x20ull; /* CR0.NE = 0: VMX requires 1 (SDM A.7) */
	expect_only_missing((struct vmx_cap_msrs *)&bochs_skx, &env,
			    "cr0:current CR0 allowed in VMX operation");
	env = linux_env;
	env.cr4 |= HV_BIT(22); /* PKE: not allowed by Bochs' CR4_FIXED1 */
	expect_only_missing((struct vmx_cap_msrs *)&bochs_skx, &env,
			    "cr4:current CR4 allowed in VMX operation");
	/* CR4.VMXE is what VMXON sets: judged as if set. */
	env = linux_env;
	env.cr4 &= ~HV_CR4_VMXE;
	assert_int_equal(vmx_caps_missing(&bochs_skx, &env), 0);
}

static void test_everything_missing(void **state)
{
	struct vmx_cap_msrs none;
	u64 all = HV_BIT(vmx_essential_count()) - 1;

	(void)state;
	memset(&none, 0, sizeof(none));
	/*
	 * All but bit 48 of IA32_VMX_BASIC, which is fine when clear; a
	 * FIXED1 of 0 allows no CR bit at all, so the CR checks fail too.
	 */
	assert_int_equal(vmx_caps_missing(&none, &linux_env),
			 all & ~missing_bit("basic:64-bit physical addresses"));
}

static void test_feature_control(void **state)
{
	(void)state;
	assert_int_equal(vmx_feature_control_state(0x5), VMX_FC_OK);
	assert_int_equal(vmx_feature_control_state(0x7), VMX_FC_OK);
	assert_int_equal(vmx_feature_control_state(0x1), VMX_FC_LOCKED_OFF);
	assert_int_equal(vmx_feature_control_state(0x3), VMX_FC_LOCKED_OFF);
	assert_int_equal(vmx_feature_control_state(0x0), VMX_FC_UNLOCKED);
	assert_int_equal(vmx_feature_control_state(0x4), VMX_FC_UNLOCKED);
}

/* The controls VMCS01 gets on Bochs: what hvnest needs, nothing forced. */
/* VMCS01's CR0 guest/host mask: the VMX-fixed bits, PE and PG not with UG. */
static void test_cr0_owned(void **state)
{
	(void)state;
	assert_int_equal(vmx_cr0_owned(&bochs_skx, false), 0x80000021);
	assert_int_equal(vmx_cr0_owned(&bochs_skx, true), 0x20); /* NE */
}

static void test_controls_bochs(void **state)
{
	struct vmx_controls c;
	struct vmx_cpu_env env = linux_env;

	(void)state;
	vmx_compute_controls(&bochs_skx, &env, &c);
	assert_int_equal(c.pin, 0x16 | HV_PIN_NMI_EXITING | HV_PIN_VIRTUAL_NMIS);
	assert_true(c.proc & HV_PROC_USE_MSR_BITMAPS);
	assert_true(c.proc & HV_PROC_SECONDARY);
	assert_int_equal(c.proc & HV_BIT(7), 0); /* no HLT exiting */
	assert_int_equal(c.proc2, HV_PROC2_VPID | HV_PROC2_RDTSCP |
					  HV_PROC2_INVPCID | HV_PROC2_XSAVES);
	assert_int_equal(c.exit & (HV_EXIT_HOST_ADDR_SPACE | HV_EXIT_LOAD_EFER |
				   HV_EXIT_SAVE_EFER | HV_EXIT_LOAD_PAT |
				   HV_EXIT_SAVE_PAT),
			 HV_EXIT_HOST_ADDR_SPACE | HV_EXIT_LOAD_EFER |
				 HV_EXIT_SAVE_EFER | HV_EXIT_LOAD_PAT |
				 HV_EXIT_SAVE_PAT);
	assert_true(c.entry & HV_ENTRY_IA32E_GUEST);
	/* Every control respects the CPU's allowed settings (SDM A.3). */
	assert_int_equal(c.pin & (u32)bochs_skx.pinbased, (u32)bochs_skx.pinbased);
	assert_int_equal(c.pin & ~(u32)(bochs_skx.pinbased >> 32), 0);
	assert_int_equal(c.proc & (u32)bochs_skx.procbased, (u32)bochs_skx.procbased);
	assert_int_equal(c.proc & ~(u32)(bochs_skx.procbased >> 32), 0);
	assert_int_equal(c.exit & ~(u32)(bochs_skx.exit >> 32), 0);
	assert_int_equal(c.entry & ~(u32)(bochs_skx.entry >> 32), 0);
	/* A CPU without RDTSCP/INVPCID/XSAVES gets none of their controls. */
	env.has_rdtscp = env.has_invpcid = env.has_xsaves = false;
	vmx_compute_controls(&bochs_skx, &env, &c);
	assert_int_equal(c.proc2, HV_PROC2_VPID);
}

static void test_names(void **state)
{
	unsigned int i, j;

	(void)state;
	assert_true(vmx_essential_count() > 20);
	assert_true(vmx_essential_count() <= 64);
	for (i = 0; i < vmx_essential_count(); i++) {
		assert_non_null(vmx_essential_name(i));
		for (j = i + 1; j < vmx_essential_count(); j++)
			assert_string_not_equal(vmx_essential_name(i), vmx_essential_name(j));
	}
	assert_string_equal(vmx_essential_name(vmx_essential_count()), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bochs_passes),
		cmocka_unit_test(test_bochs_features),
		cmocka_unit_test(test_each_control_essential),
		cmocka_unit_test(test_conditional_essentials),
		cmocka_unit_test(test_ept_vpid_caps),
		cmocka_unit_test(test_basic_fields),
		cmocka_unit_test(test_fixed_cr_bits),
		cmocka_unit_test(test_everything_missing),
		cmocka_unit_test(test_feature_control),
		cmocka_unit_test(test_controls_bochs),
		cmocka_unit_test(test_cr0_owned),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("vmx_caps", tests, NULL, NULL);
}
