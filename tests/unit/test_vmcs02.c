// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: VMCS02's controls and control-dependent guest state, and
 * L1's state after a reflected exit (nested/vmcs02.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmcs02.h"
#include "vmx_caps.h"

#define F(name) (v12.field[VMCS12_I_##name])

static struct hv_vmcs12 v12;
static struct hv_l1_vmx_caps cpu;
static struct hv_vmcs02_l0 l0;
static struct hv_vmcs02_ctls k;

static int setup(void **state)
{
	(void)state;
	memset(&v12, 0, sizeof(v12));
	memset(&cpu, 0, sizeof(cpu));
	cpu.basic = HV_VMX_BASIC_TRUE_CTLS;
	cpu.true_pinbased = 0x000000ff00000016ULL;
	cpu.pinbased = 0x000000ff00000016ULL;
	cpu.true_procbased = 0xfff9fffe04006172ULL;
	cpu.procbased = 0xfff9fffe0401e172ULL;
	cpu.procbased2 = 0x007fffff00000000ULL;
	cpu.true_exit = 0x01ffffff00036dfbULL;
	cpu.exit = 0x01ffffff00036dffULL;
	cpu.true_entry = 0x0003ffff000011fbULL;
	cpu.entry = 0x0003ffff000011ffULL;
	memset(&l0, 0, sizeof(l0));
	l0.cpu = &cpu;
	l0.exit01 = HV_EXIT_HOST_ADDR_SPACE | HV_EXIT_LOAD_EFER |
		    HV_EXIT_LOAD_PAT | HV_EXIT_SAVE_EFER;
	l0.vpid = true;
	l0.l1_efer = 0xd01; /* SCE, LME, LMA, NXE */
	l0.l1_pat = 0x0007040600070406ULL;
	l0.l1_debugctl = 0x1;
	l0.l1_dr7 = 0x401;
	F(PIN_BASED_VM_EXEC_CONTROL) = 0x16 | HV_PIN_NMI_EXITING |
				       HV_PIN_VIRTUAL_NMIS;
	F(CPU_BASED_VM_EXEC_CONTROL) = 0x04006172 | HV_PROC_SECONDARY;
	F(VM_EXIT_CONTROLS) = 0x36dfb | HV_EXIT_HOST_ADDR_SPACE;
	F(VM_ENTRY_CONTROLS) = 0x11fb | HV_ENTRY_IA32E_GUEST;
	F(GUEST_CR0) = 0x80050033;
	F(GUEST_CR4) = 0x2020;
	return 0;
}

static void test_controls_l0_needs(void **state)
{
	(void)state;
	hv_vmcs02_compute(&v12, &l0, &k);
	/* L2 always runs with EPT and, with the CPU's VPID, VPID02. */
	assert_true(k.proc & HV_PROC_SECONDARY);
	assert_true(k.proc2 & HV_PROC2_EPT);
	assert_true(k.proc2 & HV_PROC2_VPID);
	assert_false(k.ept12);
	assert_false(k.vpid12);
	/* Exits come to L0's 64-bit root, saving what L0 needs. */
	assert_true(k.exit & HV_EXIT_HOST_ADDR_SPACE);
	assert_true(k.exit & HV_EXIT_SAVE_EFER);
	assert_true(k.exit & HV_EXIT_SAVE_PAT);
	assert_true(k.exit & HV_EXIT_LOAD_EFER);
	assert_false(k.exit & HV_EXIT_SAVE_TIMER);
	assert_false(k.exit & HV_EXIT_ACK_INTR);
	assert_true(k.entry & HV_ENTRY_LOAD_EFER);
	assert_true(k.entry & HV_ENTRY_LOAD_PAT);
	assert_true(k.entry & HV_ENTRY_IA32E_GUEST);
	/* The CPU's must-be-1 bits are there. */
	assert_int_equal(k.pin & 0x16, 0x16);
	assert_int_equal(k.proc & 0x04006172, 0x04006172);
}

static void test_controls_from_l1(void **state)
{
	(void)state;
	F(PIN_BASED_VM_EXEC_CONTROL) |= HV_PIN_PREEMPT_TIMER | HV_BIT(0);
	F(CPU_BASED_VM_EXEC_CONTROL) |= HV_BIT(7) | HV_PROC_USE_MSR_BITMAPS;
	F(SECONDARY_VM_EXEC_CONTROL) = HV_PROC2_EPT | HV_PROC2_VPID |
				       HV_PROC2_UNRESTRICTED;
	F(VM_EXIT_CONTROLS) |= HV_EXIT_ACK_INTR;
	F(VM_ENTRY_CONTROLS) &= ~(uint64_t)HV_ENTRY_IA32E_GUEST;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.pin & HV_PIN_PREEMPT_TIMER);
	assert_true(k.pin & HV_BIT(0));
	assert_true(k.proc & HV_BIT(7));
	assert_true(k.proc & HV_PROC_USE_MSR_BITMAPS);
	assert_true(k.proc2 & HV_PROC2_UNRESTRICTED);
	assert_true(k.ept12);
	assert_true(k.vpid12);
	/* The timer keeps counting across exits L0 handles. */
	assert_true(k.exit & HV_EXIT_SAVE_TIMER);
	assert_true(k.exit & HV_EXIT_ACK_INTR);
	assert_false(k.entry & HV_ENTRY_IA32E_GUEST);
}

/* hvnest's memory: one page at 0x7000 and 0x10000-0x12000. */
static struct {
	struct hv_guard g;
	struct hv_guard_range r[2];
} guard = { { 2 }, { { 0x7000, 0x8000 }, { 0x10000, 0x12000 } } };

/* VMCS12's I/O bitmaps in hvnest's memory: every I/O exits instead. */
static void test_guard_io_bitmaps(void **state)
{
	(void)state;
	l0.guard = &guard.g;
	F(CPU_BASED_VM_EXEC_CONTROL) |= HV_PROC_USE_IO_BITMAPS;
	F(IO_BITMAP_A) = 0x5000;
	F(IO_BITMAP_B) = 0x6000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.proc & HV_PROC_USE_IO_BITMAPS);
	assert_false(k.proc & HV_PROC_UNCOND_IO);
	assert_int_equal(k.guarded_pa, 0);
	F(IO_BITMAP_B) = 0x11000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.proc & HV_PROC_USE_IO_BITMAPS);
	assert_true(k.proc & HV_PROC_UNCOND_IO);
	assert_int_equal(k.guarded_pa, 0x11000);
	assert_false(k.vapic_sink);
	/* Without the bitmaps in use, their addresses do not matter. */
	F(CPU_BASED_VM_EXEC_CONTROL) &= ~(uint64_t)HV_PROC_USE_IO_BITMAPS;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.proc & HV_PROC_UNCOND_IO);
	assert_int_equal(k.guarded_pa, 0);
}

/* A virtual-APIC page in hvnest's memory: the sink page instead. */
static void test_guard_virtual_apic(void **state)
{
	(void)state;
	l0.guard = &guard.g;
	F(VIRTUAL_APIC_PAGE_ADDR) = 0x7000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.vapic_sink); /* no TPR shadow */
	F(CPU_BASED_VM_EXEC_CONTROL) |= HV_PROC_TPR_SHADOW;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.vapic_sink);
	assert_int_equal(k.guarded_pa, 0x7000);
	F(VIRTUAL_APIC_PAGE_ADDR) = 0x8000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.vapic_sink);
	assert_int_equal(k.guarded_pa, 0);
	/* No guard (the unit tests' default): nothing changes. */
	l0.guard = NULL;
	F(VIRTUAL_APIC_PAGE_ADDR) = 0x7000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.vapic_sink);
}

/*
 * An APIC-access page in hvnest's memory: the sink page, which EPT02 maps
 * where L2 would reach a guarded page, is VMCS02's APIC-access page.
 */
static void test_guard_apic_access(void **state)
{
	(void)state;
	l0.guard = &guard.g;
	F(APIC_ACCESS_ADDR) = 0x10000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.apic_access_sink); /* not virtualizing APIC accesses */
	F(SECONDARY_VM_EXEC_CONTROL) = HV_PROC2_APIC_ACCESS;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.proc2 & HV_PROC2_APIC_ACCESS);
	assert_true(k.apic_access_sink);
	assert_false(k.vapic_sink);
	assert_int_equal(k.guarded_pa, 0x10000);
	F(APIC_ACCESS_ADDR) = 0x12000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.apic_access_sink);
	assert_int_equal(k.guarded_pa, 0);
}

/* "Conceal VMX from PT": VMCS02 takes L1's choice, L0 traces nothing. */
static void test_conceal_pt_from_l1(void **state)
{
	(void)state;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.exit & HV_EXIT_CONCEAL_PT);
	assert_false(k.entry & HV_ENTRY_CONCEAL_PT);
	F(VM_EXIT_CONTROLS) |= HV_EXIT_CONCEAL_PT;
	F(VM_ENTRY_CONTROLS) |= HV_ENTRY_CONCEAL_PT;
	F(SECONDARY_VM_EXEC_CONTROL) = HV_PROC2_EPT | HV_BIT(19);
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.exit & HV_EXIT_CONCEAL_PT);
	assert_true(k.entry & HV_ENTRY_CONCEAL_PT);
	assert_true(k.proc2 & HV_BIT(19));
}

/* A PML page in hvnest's memory: the CPU logs into the sink page. */
static void test_guard_pml(void **state)
{
	(void)state;
	l0.guard = &guard.g;
	F(PML_ADDRESS) = 0x7000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.pml_sink); /* PML off */
	F(SECONDARY_VM_EXEC_CONTROL) = HV_PROC2_EPT | HV_PROC2_PML;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.pml_sink);
	assert_int_equal(k.guarded_pa, 0x7000);
	F(PML_ADDRESS) = 0x9000;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.pml_sink);
	assert_int_equal(k.guarded_pa, 0);
}

/* VM-entry interruption information (SDM 24.8.3): a valid NMI. */
#define INJECT_NMI (HV_BIT(31) | (2U << 8) | 2)

/* VMCS02 always has both NMI controls, whatever L1 asked for. */
static void test_nmi_controls_always_in_vmcs02(void **state)
{
	(void)state;
	F(PIN_BASED_VM_EXEC_CONTROL) = 0x16;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.pin & HV_PIN_NMI_EXITING);
	assert_true(k.pin & HV_PIN_VIRTUAL_NMIS);
	assert_int_equal(k.nmi_mode, HV_L2_NMI_DELIVER);
}

/* Virtual NMIs: bit 3 is virtual-NMI blocking in both VMCSs. */
static void test_nmi_mode_virtual(void **state)
{
	(void)state;
	F(GUEST_INTERRUPTIBILITY_INFO) = HV_INT_BLOCK_NMI | 1;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.nmi_mode, HV_L2_NMI_EXIT_VIRTUAL);
	assert_int_equal(k.interruptibility, HV_INT_BLOCK_NMI | 1);
	assert_false(k.nmi_blocked);
	assert_int_equal(hv_l2_interruptibility12(k.nmi_mode, k.nmi_blocked,
						  0x2),
			 0x2);
}

/*
 * NMI exiting without virtual NMIs: blocking by NMI lasts as long as L2
 * runs (SDM 26.6.1), so L0 keeps it and VMCS02 has no virtual blocking
 * that L2's IRET could end.
 */
static void test_nmi_mode_blockable(void **state)
{
	(void)state;
	F(PIN_BASED_VM_EXEC_CONTROL) = 0x16 | HV_PIN_NMI_EXITING;
	F(GUEST_INTERRUPTIBILITY_INFO) = HV_INT_BLOCK_NMI | 2;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.nmi_mode, HV_L2_NMI_EXIT_BLOCKABLE);
	assert_true(k.nmi_blocked);
	assert_int_equal(k.interruptibility, 2);
	/* An IRET of L2 cleared VMCS02's bit: VMCS12 still has it. */
	assert_int_equal(hv_l2_interruptibility12(k.nmi_mode, k.nmi_blocked,
						  0),
			 HV_INT_BLOCK_NMI);
	assert_int_equal(hv_l2_interruptibility12(k.nmi_mode, false,
						  HV_INT_BLOCK_NMI | 1),
			 1);

	/* Not blocked, but an injected NMI blocks once delivered. */
	F(GUEST_INTERRUPTIBILITY_INFO) = 0;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.nmi_blocked);
	F(VM_ENTRY_INTR_INFO) = INJECT_NMI;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.nmi_blocked);
	/* An invalid injection injects nothing. */
	F(VM_ENTRY_INTR_INFO) = INJECT_NMI & ~HV_BIT(31);
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.nmi_blocked);
}

/*
 * No NMI exiting: bit 3 is L2's blocking by NMI, which VMCS02's virtual
 * blocking models (its IRET ends it, an injected NMI sets it). An NMI
 * injected while it is set is legal without virtual NMIs (26.3.1.5), not
 * in VMCS02: the bit goes, and the delivery sets it again.
 */
static void test_nmi_mode_deliver(void **state)
{
	(void)state;
	F(PIN_BASED_VM_EXEC_CONTROL) = 0x16;
	F(GUEST_INTERRUPTIBILITY_INFO) = HV_INT_BLOCK_NMI;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.nmi_mode, HV_L2_NMI_DELIVER);
	assert_int_equal(k.interruptibility, HV_INT_BLOCK_NMI);
	assert_false(k.nmi_blocked);
	F(VM_ENTRY_INTR_INFO) = INJECT_NMI;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.interruptibility, 0);
	/* Another event type leaves it. */
	F(VM_ENTRY_INTR_INFO) = HV_BIT(31) | (3U << 8) | 6;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.interruptibility, HV_INT_BLOCK_NMI);
	assert_int_equal(hv_l2_interruptibility12(k.nmi_mode, false,
						  HV_INT_BLOCK_NMI),
			 HV_INT_BLOCK_NMI);
}

static void test_secondary_ignored_without_activation(void **state)
{
	(void)state;
	F(CPU_BASED_VM_EXEC_CONTROL) &= ~(uint64_t)HV_PROC_SECONDARY;
	F(SECONDARY_VM_EXEC_CONTROL) = HV_PROC2_EPT | HV_PROC2_UNRESTRICTED;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.ept12);
	assert_false(k.proc2 & HV_PROC2_UNRESTRICTED);
	assert_true(k.proc2 & HV_PROC2_EPT); /* L0's EPT01 */
}

static void test_efer_loaded(void **state)
{
	(void)state;
	F(VM_ENTRY_CONTROLS) |= HV_ENTRY_LOAD_EFER;
	F(GUEST_IA32_EFER) = 0x500;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.efer, 0x500);
}

/* SDM 26.3.2.1: without "load IA32_EFER", LMA (and LME with paging). */
static void test_efer_not_loaded(void **state)
{
	(void)state;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.efer, 0xd01);
	F(VM_ENTRY_CONTROLS) &= ~(uint64_t)HV_ENTRY_IA32E_GUEST;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.efer, 0x801); /* paging on: LME follows */
	F(GUEST_CR0) = 0x60000010; /* real mode, no paging: LME kept */
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.efer, 0x901);
}

static void test_pat_debug(void **state)
{
	(void)state;
	F(GUEST_IA32_PAT) = 0x0606060606060606ULL;
	F(GUEST_DR7) = 0x455;
	F(GUEST_IA32_DEBUGCTL) = 0x2;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.pat, l0.l1_pat);
	assert_int_equal(k.dr7, 0x401);
	assert_int_equal(k.debugctl, 1);
	F(VM_ENTRY_CONTROLS) |= HV_ENTRY_LOAD_PAT | HV_ENTRY_LOAD_DEBUG;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_int_equal(k.pat, 0x0606060606060606ULL);
	assert_int_equal(k.dr7, 0x455);
	assert_int_equal(k.debugctl, 2);
}

static void test_pdptes(void **state)
{
	(void)state;
	/* PAE paging (CR0.PG, CR4.PAE, not IA-32e) without EPT12. */
	F(VM_ENTRY_CONTROLS) &= ~(uint64_t)HV_ENTRY_IA32E_GUEST;
	F(GUEST_CR4) = 0x2020;
	l0.l1_efer = 0;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_true(k.pdptes_from_cr3);
	F(SECONDARY_VM_EXEC_CONTROL) = HV_PROC2_EPT;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.pdptes_from_cr3);
	F(SECONDARY_VM_EXEC_CONTROL) = 0;
	F(VM_ENTRY_CONTROLS) |= HV_ENTRY_IA32E_GUEST;
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.pdptes_from_cr3);
}

static void test_no_vpid_cpu(void **state)
{
	(void)state;
	l0.vpid = false;
	cpu.procbased2 &= ~((uint64_t)HV_PROC2_VPID << 32);
	hv_vmcs02_compute(&v12, &l0, &k);
	assert_false(k.proc2 & HV_PROC2_VPID);
}

static struct hv_l1_host_state s;

static void host_fields(void)
{
	F(HOST_CR0) = 0x80050033;
	F(HOST_CR3) = 0x1234000;
	F(HOST_CR4) = 0x3726e0;
	F(HOST_CS_SELECTOR) = 0x10;
	F(HOST_SS_SELECTOR) = 0x18;
	F(HOST_DS_SELECTOR) = 0;
	F(HOST_FS_SELECTOR) = 0;
	F(HOST_FS_BASE) = 0x7f0000001000ULL;
	F(HOST_GS_BASE) = 0xffff888000000000ULL;
	F(HOST_TR_SELECTOR) = 0x40;
	F(HOST_TR_BASE) = 0xfffffe0000003000ULL;
	F(HOST_GDTR_BASE) = 0xfffffe0000001000ULL;
	F(HOST_IDTR_BASE) = 0xfffffe0000000000ULL;
	F(HOST_RIP) = 0xffffffff81000000ULL;
	F(HOST_RSP) = 0xffffc90000010000ULL;
	F(HOST_IA32_EFER) = 0xd01;
	F(HOST_IA32_PAT) = 0x0007040600070406ULL;
	F(HOST_IA32_SYSENTER_CS) = 0x10;
}

static void test_host_state_basic(void **state)
{
	(void)state;
	host_fields();
	F(VM_EXIT_CONTROLS) |= HV_EXIT_LOAD_EFER | HV_EXIT_LOAD_PAT;
	hv_l1_host_state_compute(&v12, 0x80050033, 0x500, 0x606, &s);
	assert_int_equal(s.cr3, 0x1234000);
	assert_int_equal(s.cr4, 0x3726e0);
	assert_int_equal(s.rip, F(HOST_RIP));
	assert_int_equal(s.rsp, F(HOST_RSP));
	assert_int_equal(s.rflags, 2);
	assert_int_equal(s.dr7, 0x400);
	assert_int_equal(s.debugctl, 0);
	assert_int_equal(s.efer, 0xd01);
	assert_int_equal(s.pat, F(HOST_IA32_PAT));
	assert_int_equal(s.gdtr_limit, 0xffff);
	assert_int_equal(s.idtr_limit, 0xffff);
	assert_int_equal(s.sysenter_cs, 0x10);
}

/* SDM 27.5.2: the segment registers after the exit. */
static void test_host_segments(void **state)
{
	(void)state;
	host_fields();
	hv_l1_host_state_compute(&v12, 0x80050033, 0xd01, 0, &s);
	assert_int_equal(s.seg[HV_L1S_CS].sel, 0x10);
	assert_int_equal(s.seg[HV_L1S_CS].ar, 0xa09b); /* 64-bit code */
	assert_int_equal(s.seg[HV_L1S_CS].limit, 0xffffffff);
	assert_int_equal(s.seg[HV_L1S_SS].ar, 0xc093);
	assert_int_equal(s.seg[HV_L1S_DS].ar, 0x10000); /* null: unusable */
	assert_int_equal(s.seg[HV_L1S_FS].ar, 0x10000);
	assert_int_equal(s.seg[HV_L1S_FS].base, F(HOST_FS_BASE));
	assert_int_equal(s.seg[HV_L1S_GS].base, F(HOST_GS_BASE));
	assert_int_equal(s.seg[HV_L1S_LDTR].ar, 0x10000);
	assert_int_equal(s.seg[HV_L1S_TR].ar, 0x8b);
	assert_int_equal(s.seg[HV_L1S_TR].limit, 0x67);
	assert_int_equal(s.seg[HV_L1S_TR].base, F(HOST_TR_BASE));
}

/* SDM 27.5.1: CD, NW, ET and reserved bits of CR0 stay as they were. */
static void test_host_cr0_kept_bits(void **state)
{
	(void)state;
	host_fields();
	F(HOST_CR0) = 0x80050033 | HV_BIT(30);
	hv_l1_host_state_compute(&v12, 0x80050023, 0xd01, 0, &s);
	assert_int_equal(s.cr0, 0x80050023); /* ET, CD from L1's old CR0 */
}

/* Without "load IA32_EFER": LMA and LME from the address-space size. */
static void test_host_efer_not_loaded(void **state)
{
	(void)state;
	host_fields();
	hv_l1_host_state_compute(&v12, 0x80050033, 0x801, 0x1234, &s);
	assert_int_equal(s.efer, 0xd01);
	assert_int_equal(s.pat, 0x1234); /* no "load PAT": L2's stays */
	F(VM_EXIT_CONTROLS) &= ~(uint64_t)HV_EXIT_HOST_ADDR_SPACE;
	hv_l1_host_state_compute(&v12, 0x80050033, 0xd01, 0, &s);
	assert_int_equal(s.efer, 0x801);
	assert_int_equal(s.seg[HV_L1S_CS].ar, 0xc09b); /* 32-bit code */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_controls_l0_needs, setup),
		cmocka_unit_test_setup(test_controls_from_l1, setup),
		cmocka_unit_test_setup(test_secondary_ignored_without_activation,
				       setup),
		cmocka_unit_test_setup(test_efer_loaded, setup),
		cmocka_unit_test_setup(test_efer_not_loaded, setup),
		cmocka_unit_test_setup(test_nmi_controls_always_in_vmcs02,
				       setup),
		cmocka_unit_test_setup(test_nmi_mode_virtual, setup),
		cmocka_unit_test_setup(test_nmi_mode_blockable, setup),
		cmocka_unit_test_setup(test_nmi_mode_deliver, setup),
		cmocka_unit_test_setup(test_pat_debug, setup),
		cmocka_unit_test_setup(test_pdptes, setup),
		cmocka_unit_test_setup(test_no_vpid_cpu, setup),
		cmocka_unit_test_setup(test_guard_io_bitmaps, setup),
		cmocka_unit_test_setup(test_guard_virtual_apic, setup),
		cmocka_unit_test_setup(test_guard_apic_access, setup),
		cmocka_unit_test_setup(test_guard_pml, setup),
		cmocka_unit_test_setup(test_conceal_pt_from_l1, setup),
		cmocka_unit_test_setup(test_host_state_basic, setup),
		cmocka_unit_test_setup(test_host_segments, setup),
		cmocka_unit_test_setup(test_host_cr0_kept_bits, setup),
		cmocka_unit_test_setup(test_host_efer_not_loaded, setup),
	};

	return cmocka_run_group_tests_name("vmcs02", tests, NULL, NULL);
}
