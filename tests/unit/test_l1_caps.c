// SPDX-License-Identifier: GPL-2.0
/* Unit tests: the VMX capability MSRs L1 is shown (nested/l1_caps.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "l1_caps.h"
#include "vmcs_fields.h"
#include "vmx_caps.h"

#define MAY1(msr) ((uint32_t)((msr) >> 32))
#define MUST1(msr) ((uint32_t)(msr))

/* A Skylake-like CPU, as Bochs' corei7_skylake_x model reports it. */
static struct hv_l1_vmx_caps host;

static void setup_host(void)
{
	memset(&host, 0, sizeof(host));
	host.basic = 0x00da040000000001ULL; /* TRUE ctls, INS/OUTS info */
	host.pinbased = 0x000000ff00000016ULL; /* incl. posted interrupts */
	host.true_pinbased = 0x000000ff00000016ULL;
	host.procbased = 0xfff9fffe0401e172ULL;
	host.true_procbased = 0xfff9fffe04006172ULL;
	host.procbased2 = 0x027fffff00000000ULL; /* with TSC scaling (25) */
	host.exit = 0x01ffffff00036dffULL;
	host.true_exit = 0x01ffffff00036dfbULL;
	host.entry = 0x0003ffff000011ffULL;
	host.true_entry = 0x0003ffff000011fbULL;
	host.misc = 0x20007fe7ULL | HV_BIT(14) | HV_BIT(15) | HV_BIT(28);
	host.cr0_fixed0 = 0x80000021ULL;
	host.cr0_fixed1 = 0xffffffffULL;
	host.cr4_fixed0 = 0x2000ULL;
	host.cr4_fixed1 = 0x3767ffULL;
	host.ept_vpid = 0x00000f0106f34141ULL | HV_BIT(7) | HV_BIT(21) |
			HV_BIT(22);
	host.vmfunc = 1;
	host.vmcs_enum = 0x2e;
}

static struct hv_l1_vmx_caps l1;

static void compute(void)
{
	hv_l1_caps_compute(&host, &l1);
}

/* Whatever L1 may set, the CPU accepts; whatever the CPU needs, L1 sets. */
static void check_subset(uint64_t l1msr, uint64_t hostmsr)
{
	assert_int_equal(MAY1(l1msr) & ~MAY1(hostmsr), 0);
	assert_int_equal(MUST1(hostmsr) & ~MUST1(l1msr), 0);
	assert_int_equal(MUST1(l1msr) & ~MAY1(l1msr), 0);
}

static void test_controls_within_cpu(void **state)
{
	(void)state;
	setup_host();
	compute();
	check_subset(l1.pinbased, host.pinbased);
	check_subset(l1.true_pinbased, host.true_pinbased);
	check_subset(l1.procbased, host.procbased);
	check_subset(l1.true_procbased, host.true_procbased);
	check_subset(l1.exit, host.exit);
	check_subset(l1.true_exit, host.true_exit);
	check_subset(l1.entry, host.entry);
	check_subset(l1.true_entry, host.true_entry);
	assert_int_equal(MAY1(l1.procbased2) & ~MAY1(host.procbased2), 0);
	assert_int_equal(MUST1(l1.procbased2), 0);
}

/* NMI exiting and virtual NMIs are offered, and may be 0 (no more H1). */
static void test_pin_nmi_offered(void **state)
{
	(void)state;
	setup_host();
	compute();
	assert_int_equal(MUST1(l1.true_pinbased) &
				 (HV_PIN_NMI_EXITING | HV_PIN_VIRTUAL_NMIS),
			 0);
	assert_int_equal(MAY1(l1.true_pinbased) &
				 (HV_PIN_NMI_EXITING | HV_PIN_VIRTUAL_NMIS),
			 HV_PIN_NMI_EXITING | HV_PIN_VIRTUAL_NMIS);
	assert_true(MAY1(l1.pinbased) & HV_PIN_PREEMPT_TIMER);
	assert_true(MAY1(l1.pinbased) & HV_BIT(0));
	assert_false(MAY1(l1.pinbased) & HV_BIT(7)); /* posted interrupts */
	/* The CPU's default1 bits stay must-be-1. */
	assert_int_equal(MUST1(l1.pinbased) & 0x16, 0x16);
}

static void test_pin_without_timer(void **state)
{
	(void)state;
	setup_host();
	host.pinbased &= ~((uint64_t)HV_PIN_PREEMPT_TIMER << 32);
	host.true_pinbased = host.pinbased;
	compute();
	assert_false(MAY1(l1.pinbased) & HV_PIN_PREEMPT_TIMER);
	assert_false(MAY1(l1.true_pinbased) & HV_PIN_PREEMPT_TIMER);
}

static void test_secondary_offered(void **state)
{
	uint32_t may;

	(void)state;
	setup_host();
	compute();
	may = MAY1(l1.procbased2);
	assert_true(may & HV_PROC2_EPT);
	assert_true(may & HV_PROC2_VPID);
	assert_true(may & HV_PROC2_UNRESTRICTED);
	assert_true(may & HV_PROC2_SHADOW_VMCS);
	/* PML: the CPU logs into L1's page as it dirties EPT02. */
	assert_true(may & HV_PROC2_PML);
	/* VM functions: EPTP switching, which L0 performs for L2. */
	assert_true(may & HV_PROC2_VMFUNC);
	/*
	 * APIC virtualization: VMCS02 takes L1's APIC-access address,
	 * EOI-exit bitmaps and guest interrupt status (issue 16).
	 */
	assert_true(may & HV_PROC2_APIC_ACCESS);
	assert_true(may & HV_BIT(4)); /* virtualize x2APIC mode */
	assert_true(may & HV_BIT(8)); /* APIC-register virtualization */
	assert_true(may & HV_BIT(9)); /* virtual-interrupt delivery */
	/* Posted interrupts are not offered (nested/l1_caps.h). */
	assert_false(MAY1(l1.pinbased) & HV_BIT(7));
	/* PAUSE-loop exiting: VMCS02 takes PLE_Gap and PLE_Window as set. */
	assert_true(may & HV_BIT(10));
	/* TSC scaling, as VMCS02 takes L1's multiplier (issue 16) ... */
	assert_true(may & HV_BIT(25));
	/* ... where the CPU has it. */
	host.procbased2 &= ~(HV_BIT(25) << 32);
	compute();
	assert_false(MAY1(l1.procbased2) & HV_BIT(25));
}

/* VMCS shadowing for L2 needs the CPU's, and VMWRITE to any field. */
static void test_shadowing_needs_vmwrite_any(void **state)
{
	(void)state;
	setup_host();
	host.misc &= ~HV_BIT(29);
	compute();
	assert_false(MAY1(l1.procbased2) & HV_PROC2_SHADOW_VMCS);
	assert_true(MAY1(l1.procbased2) & HV_PROC2_EPT);
	setup_host();
	host.procbased2 &= ~((uint64_t)HV_PROC2_SHADOW_VMCS << 32);
	compute();
	assert_false(MAY1(l1.procbased2) & HV_PROC2_SHADOW_VMCS);
}

static void test_secondary_absent(void **state)
{
	uint64_t v;

	(void)state;
	setup_host();
	host.procbased &= ~((uint64_t)HV_PROC_SECONDARY << 32);
	host.true_procbased &= ~((uint64_t)HV_PROC_SECONDARY << 32);
	compute();
	assert_int_equal(l1.procbased2, 0);
	assert_int_equal(l1.ept_vpid, 0);
	assert_false(hv_l1_caps_msr(&l1, HV_MSR_VMX_PROCBASED2, &v));
	assert_false(hv_l1_caps_msr(&l1, HV_MSR_VMX_EPT_VPID_CAP, &v));
}

static void test_exit_entry_offered(void **state)
{
	(void)state;
	setup_host();
	compute();
	assert_true(MAY1(l1.exit) & HV_EXIT_LOAD_EFER);
	assert_true(MAY1(l1.exit) & HV_BIT(15)); /* acknowledge interrupt */
	assert_true(MAY1(l1.exit) & HV_BIT(22)); /* save timer */
	assert_false(MAY1(l1.exit) & HV_BIT(12)); /* load PERF_GLOBAL_CTRL */
	assert_false(MAY1(l1.exit) & HV_BIT(23)); /* clear BNDCFGS */
	assert_true(MAY1(l1.entry) & HV_ENTRY_IA32E_GUEST);
	assert_false(MAY1(l1.entry) & HV_BIT(10)); /* entry to SMM */
	assert_false(MAY1(l1.entry) & HV_BIT(13)); /* load PERF_GLOBAL_CTRL */
	assert_false(MAY1(l1.entry) & HV_BIT(16)); /* load BNDCFGS */
	/* "Conceal VMX from PT", where the CPU has them (VMCS02 takes them). */
	assert_true(MAY1(l1.exit) & HV_BIT(24));
	assert_true(MAY1(l1.entry) & HV_BIT(17));
	assert_true(MAY1(l1.procbased2) & HV_BIT(19));
}

static void test_ept_vpid_cap(void **state)
{
	(void)state;
	setup_host();
	compute();
	assert_true(l1.ept_vpid & HV_EPT_CAP_WALK4);
	assert_true(l1.ept_vpid & HV_EPT_CAP_INVEPT_SINGLE);
	assert_true(l1.ept_vpid & HV_VPID_CAP_INVVPID);
	/* EPT12's A/D flags: L0 sets them as it fills EPT02. */
	assert_true(l1.ept_vpid & HV_EPT_CAP_AD);
	assert_false(l1.ept_vpid & HV_BIT(7)); /* 5-level walk */
	assert_false(l1.ept_vpid & HV_BIT(22)); /* advanced exit info */
	assert_int_equal(l1.ept_vpid & ~host.ept_vpid, 0);
}

static void test_misc_and_fixed(void **state)
{
	(void)state;
	setup_host();
	compute();
	assert_int_equal(l1.misc, host.misc & ~(uint64_t)HV_L1_MISC_HIDE);
	assert_int_equal(l1.cr0_fixed0, host.cr0_fixed0);
	assert_int_equal(l1.cr4_fixed1, host.cr4_fixed1);
	assert_int_equal(l1.basic, host.basic);
	assert_int_equal(l1.vmfunc, 1); /* EPTP switching */
}

/* IA32_VMX_VMFUNC: EPTP switching only, and only with EPT (SDM A.11). */
static void test_vmfunc(void **state)
{
	uint64_t v = 0;

	(void)state;
	setup_host();
	host.vmfunc = 0xffffffffffffffffULL;
	compute();
	assert_int_equal(l1.vmfunc, 1);
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_VMFUNC, &v));
	assert_int_equal(v, 1);
	host.procbased2 &= ~((uint64_t)HV_PROC2_EPT << 32);
	compute();
	assert_int_equal(l1.vmfunc, 0);
	/* Without "enable VM functions" the MSR does not exist: #GP. */
	setup_host();
	host.procbased2 &= ~((uint64_t)HV_PROC2_VMFUNC << 32);
	compute();
	assert_int_equal(l1.vmfunc, 0);
	assert_false(hv_l1_caps_msr(&l1, HV_MSR_VMX_VMFUNC, &v));
}

static void test_msr_reads(void **state)
{
	uint64_t v = 0;

	(void)state;
	setup_host();
	compute();
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_BASIC, &v));
	assert_int_equal(v, l1.basic);
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_TRUE_PINBASED, &v));
	assert_int_equal(v, l1.true_pinbased);
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_EPT_VPID_CAP, &v));
	assert_int_equal(v, l1.ept_vpid);
	/*
	 * SDM A.9, from VMCS12's field table, not the CPU's 0x2e: its
	 * highest index is TSC_MULTIPLIER's (2032H, index 19H).
	 */
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_VMCS_ENUM, &v));
	assert_int_equal(v, 0x19 << 1);
	assert_int_equal(v, vmcs_fields_enum_msr());
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_VMFUNC, &v));
	assert_int_equal(v, 1);
	assert_false(hv_l1_caps_msr(&l1, 0x492, &v));
	assert_false(hv_l1_caps_msr(&l1, 0x47f, &v));
	/* No TRUE controls without IA32_VMX_BASIC[55] (SDM A.1). */
	l1.basic &= ~HV_VMX_BASIC_TRUE_CTLS;
	assert_false(hv_l1_caps_msr(&l1, HV_MSR_VMX_TRUE_ENTRY, &v));
	assert_true(hv_l1_caps_msr(&l1, HV_MSR_VMX_ENTRY, &v));
}

static void test_ctl_adjust(void **state)
{
	(void)state;
	assert_int_equal(hv_ctl_adjust(0x000000ff00000016ULL, 0x28), 0x3e);
	assert_int_equal(hv_ctl_adjust(0x0000000f00000001ULL, 0xf0), 0x1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls_within_cpu),
		cmocka_unit_test(test_pin_nmi_offered),
		cmocka_unit_test(test_pin_without_timer),
		cmocka_unit_test(test_secondary_offered),
		cmocka_unit_test(test_shadowing_needs_vmwrite_any),
		cmocka_unit_test(test_secondary_absent),
		cmocka_unit_test(test_exit_entry_offered),
		cmocka_unit_test(test_ept_vpid_cap),
		cmocka_unit_test(test_misc_and_fixed),
		cmocka_unit_test(test_msr_reads),
		cmocka_unit_test(test_vmfunc),
		cmocka_unit_test(test_ctl_adjust),
	};

	return cmocka_run_group_tests_name("l1_caps", tests, NULL, NULL);
}
