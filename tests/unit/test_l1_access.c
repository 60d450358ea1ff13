// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: VMX instruction operands (nested/vmx_operand.c) and L1
 * linear accesses through L1's paging (nested/l1_walk.c), over a fake
 * L1-physical memory of 8 MiB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "l1_access.h"

#define K (1ULL << 10)
#define M (1ULL << 20)
#define G (1ULL << 30)

#define P HV_BIT(0)
#define RW HV_BIT(1)
#define US HV_BIT(2)
#define A HV_BIT(5)
#define D HV_BIT(6)
#define PS HV_BIT(7)
#define XD HV_BIT(63)
#define ADDR_MASK 0x000ffffffffff000ULL

#define CR0_PE HV_BIT(0)
#define CR0_WP HV_BIT(16)
#define CR0_PG HV_BIT(31)
#define CR4_PAE HV_BIT(5)
#define CR4_LA57 HV_BIT(12)
#define CR4_SMAP HV_BIT(21)
#define EFER_LME HV_BIT(8)
#define EFER_LMA HV_BIT(10)
#define EFER_NXE HV_BIT(11)
#define RFLAGS_AC HV_BIT(18)

/* Fake L1-physical memory: 0-7 MiB data, 7-8 MiB page tables. */
#define MEM_SIZE (8 * M)
#define TABLES (7 * M)
static u8 mem[MEM_SIZE] __attribute__((aligned(4096)));
static u64 next_table;
static unsigned int or64_calls;

bool hv_l1_phys_read(u64 gpa, void *buf, u32 len)
{
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa) {
		memset(buf, 0xff, len);
		return false;
	}
	memcpy(buf, &mem[gpa], len);
	return true;
}

bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len)
{
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa)
		return false;
	memcpy(&mem[gpa], buf, len);
	return true;
}

bool hv_l1_phys_or64(u64 gpa, u64 bits)
{
	assert_int_equal(gpa & 7, 0);
	or64_calls++;
	if (gpa >= MEM_SIZE)
		return false;
	*(u64 *)&mem[gpa] |= bits;
	return true;
}

static struct hv_l1_view view;
static struct hv_l1_fault flt;

static u64 *ent(u64 gpa)
{
	return (u64 *)&mem[gpa];
}

static u64 alloc_table(void)
{
	u64 t = next_table;

	assert_true(t < MEM_SIZE);
	next_table += 4 * K;
	memset(&mem[t], 0, 4 * K);
	return t;
}

static int levels(void)
{
	return (view.cr4 & CR4_LA57) ? 5 : 4;
}

static unsigned int idx(u64 la, int lvl)
{
	return (la >> (12 + 9 * (lvl - 1))) & 511;
}

/*
 * Map @la to @pa with a leaf at @leaf (1: 4 KiB, 2: 2 MiB PDE, 3: 1 GiB
 * PDPTE) carrying @flags; missing tables get P|RW|US.
 */
static void map(u64 la, u64 pa, u64 flags, int leaf)
{
	u64 table = view.cr3 & ADDR_MASK;
	int lvl;

	for (lvl = levels(); lvl > leaf; lvl--) {
		u64 *e = ent(table + idx(la, lvl) * 8);

		if (!(*e & P))
			*e = alloc_table() | P | RW | US;
		table = *e & ADDR_MASK;
	}
	*ent(table + idx(la, leaf) * 8) = pa | flags | (leaf > 1 ? PS : 0);
}

/* The entry at level @lvl that translates @la (its tables must exist). */
static u64 *pte(u64 la, int lvl)
{
	u64 table = view.cr3 & ADDR_MASK;
	int l;

	for (l = levels(); l > lvl; l--)
		table = *ent(table + idx(la, l) * 8) & ADDR_MASK;
	return ent(table + idx(la, lvl) * 8);
}

/* 64-bit L1 with 4-level paging, CR0.WP=1, NXE, MAXPHYADDR 46. */
static int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	memset(&view, 0, sizeof(view));
	memset(&flt, 0, sizeof(flt));
	next_table = TABLES;
	or64_calls = 0;
	view.cr0 = CR0_PE | CR0_WP | CR0_PG;
	view.cr4 = CR4_PAE;
	view.efer = EFER_LME | EFER_LMA | EFER_NXE;
	view.cr3 = alloc_table();
	view.maxphyaddr = 46;
	view.long_mode = true;
	view.rflags = 2;
	return 0;
}

static void use_la57(void)
{
	view.cr4 |= CR4_LA57;
	view.cr3 = alloc_table();
}

static void expect_pf(u64 cr2, u32 ec)
{
	assert_int_equal(flt.vector, HV_L1_PF);
	assert_true(flt.has_error_code);
	assert_int_equal(flt.error_code, ec);
	assert_int_equal(flt.cr2, cr2);
}

static void expect_fault(u8 vector, bool has_ec)
{
	assert_int_equal(flt.vector, vector);
	assert_int_equal(flt.has_error_code, has_ec);
	assert_int_equal(flt.error_code, 0);
}

static bool rd(u64 la, void *buf, u32 len)
{
	return hv_l1_read_linear(&view, la, buf, len, &flt);
}

static bool wr(u64 la, const void *buf, u32 len)
{
	return hv_l1_write_linear(&view, la, buf, len, &flt);
}

static const u64 LA = 0x00007f1234567000ULL; /* one index per level */

/* ---- L1 paging ---- */

static void test_read_sets_accessed_only(void **state)
{
	u64 v = 0x1122334455667788ULL, got = 0;
	int l;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	memcpy(&mem[0x10000 + 0x18], &v, 8);
	assert_true(rd(LA + 0x18, &got, 8));
	assert_int_equal(got, v);
	for (l = 4; l >= 1; l--)
		assert_int_equal(*pte(LA, l) & (A | D), A);
	assert_int_equal(or64_calls, 4);
	/* Set flags are not set again. */
	assert_true(rd(LA, &got, 8));
	assert_int_equal(or64_calls, 4);
}

static void test_write_sets_dirty_on_leaf(void **state)
{
	u64 v = 0xcafef00dULL, got = 0;
	int l;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	assert_true(wr(LA + 0xff8, &v, 8));
	memcpy(&got, &mem[0x10ff8], 8);
	assert_int_equal(got, v);
	for (l = 4; l >= 2; l--)
		assert_int_equal(*pte(LA, l) & (A | D), A);
	assert_int_equal(*pte(LA, 1) & (A | D), A | D);
}

static void test_not_present_each_level(void **state)
{
	u64 buf = 0x55;
	int l;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	for (l = 4; l >= 1; l--) {
		*pte(LA, l) &= ~P;
		assert_false(rd(LA + 0x123, &buf, 4));
		expect_pf(LA + 0x123, 0);
		assert_false(wr(LA + 0x123, &buf, 4));
		expect_pf(LA + 0x123, 2);
		*pte(LA, l) |= P;
	}
	/* A faulting walk sets no accessed flag. */
	assert_int_equal(or64_calls, 0);
	for (l = 4; l >= 1; l--)
		assert_int_equal(*pte(LA, l) & A, 0);
	assert_int_equal(mem[0x10123], 0);
}

static void test_not_present_ignores_reserved(void **state)
{
	u64 buf;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	*pte(LA, 1) = HV_BIT(50) | PS; /* P=0: nothing else is checked */
	assert_false(rd(LA, &buf, 8));
	expect_pf(LA, 0);
}

static void check_rsvd(int lvl, u64 bits)
{
	u64 buf = 0, old = *pte(LA, lvl);

	*pte(LA, lvl) |= bits;
	assert_false(rd(LA + 8, &buf, 8));
	expect_pf(LA + 8, 1 | 8);
	assert_false(wr(LA + 8, &buf, 8));
	expect_pf(LA + 8, 1 | 2 | 8);
	*pte(LA, lvl) = old;
	assert_true(rd(LA + 8, &buf, 8));
}

static void test_reserved_bits(void **state)
{
	u64 buf;
	int l;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	/* Bits 51:MAXPHYADDR in every level. */
	for (l = 4; l >= 1; l--) {
		check_rsvd(l, HV_BIT(46));
		check_rsvd(l, HV_BIT(51));
	}
	/* PS in a PML4E. */
	check_rsvd(4, PS);
	/* XD with EFER.NXE=0, at any level; fine with NXE=1. */
	view.efer &= ~EFER_NXE;
	for (l = 4; l >= 1; l--)
		check_rsvd(l, XD);
	view.efer |= EFER_NXE;
	*pte(LA, 1) |= XD;
	*pte(LA, 4) |= XD;
	assert_true(rd(LA, &buf, 8));
	/* Bits 62:52 are ignored. */
	*pte(LA, 2) |= HV_BIT(60);
	assert_true(rd(LA, &buf, 8));
	/* With MAXPHYADDR 52 bit 51 is an address bit (here: unbacked). */
	view.maxphyaddr = 52;
	*pte(LA, 1) |= HV_BIT(51);
	assert_true(rd(LA, &buf, 8));
	assert_int_equal(buf, ~0ULL);
	/* Only reads succeeded: no dirty flag. */
	assert_int_equal(*pte(LA, 1) & D, 0);
}

static void test_reserved_large_pages(void **state)
{
	u64 la2m = 0x00007f0000200000ULL, la1g = 0x00007f8040000000ULL;
	u64 buf;
	u64 *e;

	(void)state;
	map(la2m, 4 * M, P | RW, 2);
	map(la1g, 0, P | RW, 3);
	e = pte(la2m, 2);
	*e |= HV_BIT(12); /* PAT: allowed */
	assert_true(rd(la2m, &buf, 8));
	*e |= HV_BIT(13);
	assert_false(rd(la2m + 5, &buf, 8));
	expect_pf(la2m + 5, 1 | 8);
	*e = (*e & ~HV_BIT(13)) | HV_BIT(20);
	assert_false(wr(la2m, &buf, 8));
	expect_pf(la2m, 1 | 2 | 8);
	*e &= ~HV_BIT(20);
	assert_true(rd(la2m, &buf, 8));

	e = pte(la1g, 3);
	*e |= HV_BIT(12); /* PAT */
	assert_true(rd(la1g, &buf, 8));
	*e |= HV_BIT(13);
	assert_false(rd(la1g, &buf, 8));
	expect_pf(la1g, 1 | 8);
	*e = (*e & ~HV_BIT(13)) | HV_BIT(29);
	assert_false(rd(la1g, &buf, 8));
	expect_pf(la1g, 1 | 8);
	*e &= ~HV_BIT(29);
	assert_true(rd(la1g, &buf, 8));
}

static void test_write_protect(void **state)
{
	u64 v = 0xabcdef, got = 0;
	int l;

	(void)state;
	map(LA, 0x10000, P, 1);
	/* Read-only leaf: reads fine, writes fault with WP=1 ... */
	assert_true(rd(LA, &got, 8));
	assert_false(wr(LA + 0x40, &v, 8));
	expect_pf(LA + 0x40, 1 | 2);
	assert_int_equal(mem[0x10040], 0);
	assert_int_equal(*pte(LA, 1) & D, 0);
	/* ... and succeed with WP=0, setting D. */
	view.cr0 &= ~CR0_WP;
	assert_true(wr(LA + 0x40, &v, 8));
	memcpy(&got, &mem[0x10040], 8);
	assert_int_equal(got, v);
	assert_int_equal(*pte(LA, 1) & D, D);
	view.cr0 |= CR0_WP;

	/* R/W=0 at any upper level makes the page read-only too. */
	*pte(LA, 1) |= RW;
	for (l = 4; l >= 2; l--) {
		*pte(LA, l) &= ~RW;
		assert_false(wr(LA, &v, 8));
		expect_pf(LA, 1 | 2);
		assert_true(rd(LA, &got, 8));
		*pte(LA, l) |= RW;
	}
	assert_true(wr(LA, &v, 8));
}

static void test_smap(void **state)
{
	u64 v = 7, got;
	int l;

	(void)state;
	map(LA, 0x10000, P | RW | US, 1); /* a user page: US at all levels */
	/* Without SMAP a supervisor access to a user page is fine. */
	assert_true(rd(LA, &got, 8));
	assert_true(wr(LA, &v, 8));
	view.cr4 |= CR4_SMAP;
	assert_false(rd(LA + 1, &got, 8));
	expect_pf(LA + 1, 1);
	assert_false(wr(LA + 2, &v, 8));
	expect_pf(LA + 2, 1 | 2);
	/* RFLAGS.AC=1 lets explicit accesses through. */
	view.rflags |= RFLAGS_AC;
	assert_true(rd(LA, &got, 8));
	assert_true(wr(LA, &v, 8));
	view.rflags &= ~RFLAGS_AC;
	/* U/S=0 at any level: a supervisor page, SMAP does not apply. */
	for (l = 4; l >= 1; l--) {
		*pte(LA, l) &= ~US;
		assert_true(rd(LA, &got, 8));
		assert_true(wr(LA, &v, 8));
		*pte(LA, l) |= US;
	}
	/* SMAP and a read-only user page with WP=0: SMAP still faults. */
	view.cr0 &= ~CR0_WP;
	*pte(LA, 1) &= ~RW;
	assert_false(wr(LA, &v, 8));
	expect_pf(LA, 1 | 2);
	view.rflags |= RFLAGS_AC;
	assert_true(wr(LA, &v, 8));
}

static void test_cross_page_read(void **state)
{
	u8 buf[8], want[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	(void)state;
	map(LA, 0x20000, P | RW, 1);
	map(LA + 4 * K, 0x50000, P | RW, 1); /* not contiguous */
	memcpy(&mem[0x20ffd], want, 3);
	memcpy(&mem[0x50000], want + 3, 5);
	assert_true(rd(LA + 0xffd, buf, 8));
	assert_memory_equal(buf, want, 8);
	assert_int_equal(*pte(LA, 1) & (A | D), A);
	assert_int_equal(*pte(LA + 4 * K, 1) & (A | D), A);
}

static void test_cross_page_write(void **state)
{
	u8 v[8] = { 9, 8, 7, 6, 5, 4, 3, 2 };

	(void)state;
	map(LA, 0x20000, P | RW, 1);
	map(LA + 4 * K, 0x50000, P | RW, 1);
	assert_true(wr(LA + 0xffa, v, 8));
	assert_memory_equal(&mem[0x20ffa], v, 6);
	assert_memory_equal(&mem[0x50000], v + 6, 2);
	assert_int_equal(*pte(LA, 1) & (A | D), A | D);
	assert_int_equal(*pte(LA + 4 * K, 1) & (A | D), A | D);
}

static void test_cross_page_second_faults(void **state)
{
	u8 v[8] = { 9, 8, 7, 6, 5, 4, 3, 2 }, zero[8] = { 0 }, buf[8];

	(void)state;
	map(LA, 0x20000, P | RW, 1);
	map(LA + 4 * K, 0x50000, P | RW, 1);
	/* Second page not present: CR2 is its first byte. */
	*pte(LA + 4 * K, 1) &= ~P;
	assert_false(wr(LA + 0xffc, v, 8));
	expect_pf(LA + 4 * K, 2);
	assert_memory_equal(&mem[0x20ff8], zero, 8); /* first page untouched */
	assert_int_equal(or64_calls, 0); /* no A/D for the first page */
	assert_false(rd(LA + 0xffc, buf, 8));
	expect_pf(LA + 4 * K, 0);
	/* Second page read-only. */
	*pte(LA + 4 * K, 1) = 0x50000 | P;
	assert_false(wr(LA + 0xffc, v, 8));
	expect_pf(LA + 4 * K, 1 | 2);
	assert_memory_equal(&mem[0x20ff8], zero, 8);
	assert_memory_equal(&mem[0x50000], zero, 8);
	assert_int_equal(or64_calls, 0);
	/* The first page faults first: CR2 is the access's first byte. */
	*pte(LA, 1) &= ~P;
	*pte(LA + 4 * K, 1) &= ~P;
	assert_false(wr(LA + 0xffc, v, 8));
	expect_pf(LA + 0xffc, 2);
}

static void test_2m_page(void **state)
{
	u64 la = 0x00007f0000400000ULL, v = 0x0123456789abcdefULL, got = 0;

	(void)state;
	map(la, 4 * M, P | RW, 2);
	memcpy(&mem[4 * M + 0x12345], &v, 8);
	assert_true(rd(la + 0x12345, &got, 8));
	assert_int_equal(got, v);
	assert_int_equal(*pte(la, 2) & (A | D), A);
	assert_true(wr(la + 0x1ffff8, &v, 8));
	memcpy(&got, &mem[4 * M + 0x1ffff8], 8);
	assert_int_equal(got, v);
	assert_int_equal(*pte(la, 2) & (A | D), A | D);
	assert_int_equal(*pte(la, 3) & (A | D), A);
}

static void test_1g_page(void **state)
{
	u64 la = 0x00007fc0c0000000ULL, v = 0x5a5a5a5a12345678ULL, got = 0;

	(void)state;
	map(la, 0, P | RW, 3);
	memcpy(&mem[0x234568], &v, 8);
	assert_true(rd(la + 0x234568, &got, 8));
	assert_int_equal(got, v);
	assert_int_equal(*pte(la, 3) & (A | D), A);
	assert_true(wr(la + 0x300000, &v, 8));
	memcpy(&got, &mem[0x300000], 8);
	assert_int_equal(got, v);
	assert_int_equal(*pte(la, 3) & (A | D), A | D);
	assert_int_equal(*pte(la, 4) & (A | D), A);
}

static void test_la57(void **state)
{
	/* Bits 56:48 select the PML5E: not a 4-level canonical address. */
	u64 la = 0x00ab123456789000ULL, v = 0x4242, got = 0;
	int l;

	(void)state;
	use_la57();
	map(la, 0x30000, P | RW, 1);
	mem[0x30010] = 0x42;
	mem[0x30011] = 0x42;
	assert_true(rd(la + 0x10, &got, 2));
	assert_int_equal(got, v);
	for (l = 5; l >= 1; l--)
		assert_int_equal(*pte(la, l) & A, A);
	assert_int_equal(or64_calls, 5);
	/* PS is reserved in a PML5E. */
	*pte(la, 5) |= PS;
	assert_false(rd(la, &got, 8));
	expect_pf(la, 1 | 8);
	*pte(la, 5) &= ~PS;
	*pte(la, 5) &= ~P;
	assert_false(wr(la, &got, 8));
	expect_pf(la, 2);
	*pte(la, 5) |= P;
	/* Non-canonical with 57 bits: #GP(0). */
	assert_false(rd(0x0100000000000000ULL, &got, 8));
	expect_fault(HV_L1_GP, true);
	/* The same address with 4-level paging is non-canonical. */
	view.cr4 &= ~CR4_LA57;
	assert_false(rd(la, &got, 8));
	expect_fault(HV_L1_GP, true);
}

static void test_noncanonical_walk(void **state)
{
	u64 got;

	(void)state;
	map(0x00007ffffffff000ULL, 0x10000, P | RW, 1);
	assert_true(rd(0x00007ffffffffff8ULL, &got, 8));
	/* The last byte past the canonical hole. */
	assert_false(rd(0x00007ffffffffff9ULL, &got, 8));
	expect_fault(HV_L1_GP, true);
}

static void test_cr3_low_bits_ignored(void **state)
{
	u64 got;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	view.cr3 |= 0xabc; /* PCID */
	assert_true(rd(LA, &got, 8));
}

static void test_paging_off(void **state)
{
	u64 v = 0x77665544, got = 0;

	(void)state;
	view.cr0 = CR0_PE;
	view.efer = 0;
	view.long_mode = false;
	memcpy(&mem[0x5ffc], &v, 8);
	assert_true(rd(0x5ffc, &got, 8));
	assert_int_equal(got, v);
	assert_true(wr(0x6ff8, &v, 8));
	assert_memory_equal(&mem[0x6ff8], &v, 8);
	assert_int_equal(or64_calls, 0);
	/* Unbacked physical memory reads as all ones. */
	assert_true(rd(0xfee00000, &got, 8));
	assert_int_equal(got, ~0ULL);
}

static void test_legacy_paging_unsupported(void **state)
{
	u64 got;

	(void)state;
	view.efer = 0; /* CR0.PG=1 outside IA-32e: 32-bit or PAE paging */
	view.long_mode = false;
	assert_false(rd(0x1000, &got, 8));
	expect_fault(HV_L1_UD, false);
}

static void test_unbacked_entry(void **state)
{
	u64 got;

	(void)state;
	/* A PML4E pointing past RAM: the PDPTE reads as all ones. */
	*ent(view.cr3 + idx(LA, 4) * 8) = 0x40000000ULL | P | RW;
	assert_false(rd(LA, &got, 8));
	expect_pf(LA, 1 | 8);
}

/* ---- operand decode ---- */

static u32 info_mem(unsigned int asize, enum hv_sreg seg, int base,
		    int index, unsigned int scale)
{
	u32 i = scale | asize << 7 | (u32)seg << 15;

	i |= index < 0 ? HV_BIT(22) : (u32)index << 18;
	i |= base < 0 ? HV_BIT(27) : (u32)base << 23;
	return i;
}

static struct hv_l1_operand op;

static bool opd(u32 info, u64 qual, u32 len)
{
	memset(&op, 0xaa, sizeof(op));
	return hv_vmx_operand(&view, info, qual, len, &op, &flt);
}

static bool opw(u32 info, u64 qual, u32 len)
{
	memset(&op, 0xaa, sizeof(op));
	return hv_vmx_operand_write(&view, info, qual, len, &op, &flt);
}

static void test_op_register(void **state)
{
	u32 info = HV_BIT(10) | 13 << 3 | 9u << 28;

	(void)state;
	assert_true(opd(info, 0, 8));
	assert_true(op.is_reg);
	assert_int_equal(op.reg, 13);
	assert_int_equal(hv_vmx_info_reg2(info), 9);
	assert_true(opw(HV_BIT(10) | 0 << 3, 0, 8));
	assert_true(op.is_reg);
	assert_int_equal(op.reg, 0);
}

static void test_op_base_index_scale(void **state)
{
	unsigned int s;

	(void)state;
	view.gpr[3] = 0x100000; /* RBX */
	view.gpr[14] = 0x30; /* R14 */
	for (s = 0; s < 4; s++) {
		assert_true(opd(info_mem(2, HV_DS, 3, 14, s), 0x20, 8));
		assert_false(op.is_reg);
		assert_int_equal(op.seg, HV_DS);
		assert_int_equal(op.addr_size, 8);
		assert_int_equal(op.la, 0x100000 + (0x30ULL << s) + 0x20);
	}
	/* Base only, index only, neither (disp or RIP-relative sum). */
	assert_true(opd(info_mem(2, HV_DS, 3, -1, 3), 0x8, 8));
	assert_int_equal(op.la, 0x100008);
	assert_true(opd(info_mem(2, HV_DS, -1, 14, 1), 0, 8));
	assert_int_equal(op.la, 0x60);
	assert_true(opd(info_mem(2, HV_DS, -1, -1, 0), 0xffffffff81000010ULL,
			8));
	assert_int_equal(op.la, 0xffffffff81000010ULL);
	/* A negative displacement, sign-extended in the qualification. */
	assert_true(opd(info_mem(2, HV_DS, 3, -1, 0), (u64)-0x10, 8));
	assert_int_equal(op.la, 0x100000 - 0x10);
	/* RSP (gpr[4]) as the base. */
	view.gpr[4] = 0xffffc90000123ff0ULL;
	assert_true(opd(info_mem(2, HV_SS, 4, -1, 0), 8, 8));
	assert_int_equal(op.la, 0xffffc90000123ff8ULL);
	assert_int_equal(op.seg, HV_SS);
}

static void test_op_segment_base_64(void **state)
{
	enum hv_sreg s;

	(void)state;
	view.gpr[0] = 0x1000;
	for (s = HV_ES; s < HV_NR_SREGS; s++)
		view.seg[s].base = 0x10000ULL * (s + 1);
	/* ES, CS, SS, DS: base ignored in 64-bit mode. */
	for (s = HV_ES; s <= HV_DS; s++) {
		assert_true(opd(info_mem(2, s, 0, -1, 0), 0, 8));
		assert_int_equal(op.la, 0x1000);
	}
	view.seg[HV_FS].base = 0x00007f0000000000ULL;
	view.seg[HV_GS].base = 0xffff888000000000ULL;
	assert_true(opd(info_mem(2, HV_FS, 0, -1, 0), 0x10, 8));
	assert_int_equal(op.la, 0x00007f0000001010ULL);
	assert_true(opd(info_mem(2, HV_GS, 0, -1, 0), 0x10, 8));
	assert_int_equal(op.la, 0xffff888000001010ULL);
	/* A base that makes the address non-canonical. */
	view.seg[HV_FS].base = 0x00007ffffffff000ULL;
	assert_false(opd(info_mem(2, HV_FS, 0, -1, 0), 0, 8));
	expect_fault(HV_L1_GP, true);
}

static void test_op_addr32_in_64(void **state)
{
	(void)state;
	view.gpr[0] = 0xfffffffffffffff0ULL;
	assert_true(opd(info_mem(1, HV_DS, 0, -1, 0), 0x20, 8));
	assert_int_equal(op.la, 0x10);
	assert_int_equal(op.addr_size, 4);
	/* Upper bits of the displacement are undefined: dropped. */
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xdead0000f0000000ULL,
			8));
	assert_int_equal(op.la, 0xf0000000);
	/* The FS base is added after truncation, in 64 bits. */
	view.seg[HV_FS].base = 0x00007f0000000000ULL;
	assert_true(opd(info_mem(1, HV_FS, 0, -1, 0), 0x20, 8));
	assert_int_equal(op.la, 0x00007f0000000010ULL);
}

static void test_op_canonical(void **state)
{
	(void)state;
	view.gpr[0] = 0x0000800000000000ULL;
	assert_false(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	expect_fault(HV_L1_GP, true);
	assert_false(opd(info_mem(2, HV_SS, 0, -1, 0), 0, 8));
	expect_fault(HV_L1_SS, true);
	/* Every byte: the last one crosses into the hole. */
	view.gpr[0] = 0x00007ffffffffffcULL;
	assert_true(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 4));
	assert_false(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	expect_fault(HV_L1_GP, true);
	assert_false(opw(info_mem(2, HV_SS, 0, -1, 0), 0, 8));
	expect_fault(HV_L1_SS, true);
	/* The lowest upper-half address, and just below it. */
	view.gpr[0] = 0xffff800000000000ULL;
	assert_true(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	assert_false(opd(info_mem(2, HV_DS, 0, -1, 0), (u64)-1, 8));
	expect_fault(HV_L1_GP, true);
	/* LA57 widens the canonical range to 57 bits. */
	view.cr4 |= CR4_LA57;
	view.gpr[0] = 0x0000800000000000ULL;
	assert_true(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	view.gpr[0] = 0x00fffffffffffff8ULL;
	assert_true(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	assert_false(opd(info_mem(2, HV_SS, 0, -1, 0), 1, 8));
	expect_fault(HV_L1_SS, true);
	view.gpr[0] = 0xff00000000000000ULL;
	assert_true(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	view.gpr[0] = 0xfe00000000000000ULL;
	assert_false(opd(info_mem(2, HV_DS, 0, -1, 0), 0, 8));
	expect_fault(HV_L1_GP, true);
}

#define AR_DATA_RW (0x3 | HV_BIT(4) | HV_BIT(7) | HV_BIT(14) | HV_BIT(15))

/* 32-bit protected mode, flat 4 GiB data segments. */
static void prot32(void)
{
	enum hv_sreg s;

	view.long_mode = false;
	view.efer = 0;
	for (s = HV_ES; s < HV_NR_SREGS; s++) {
		view.seg[s].base = 0;
		view.seg[s].limit = 0xffffffff;
		view.seg[s].ar = AR_DATA_RW;
	}
	view.seg[HV_CS].ar = 0xb | HV_BIT(4) | HV_BIT(7) | HV_BIT(14);
}

static void test_op_prot32(void **state)
{
	(void)state;
	prot32();
	view.gpr[3] = 0x2000;
	view.seg[HV_DS].base = 0x10000;
	assert_true(opd(info_mem(1, HV_DS, 3, -1, 0), 0x10, 8));
	assert_int_equal(op.la, 0x12010);
	assert_int_equal(op.addr_size, 4);
	/* ES base is used outside 64-bit mode too. */
	view.seg[HV_ES].base = 0x300000;
	assert_true(opd(info_mem(1, HV_ES, 3, -1, 0), 0, 8));
	assert_int_equal(op.la, 0x302000);
	/* Base + offset wraps at 4 GiB. */
	view.seg[HV_DS].base = 0xfffff000;
	assert_true(opd(info_mem(1, HV_DS, 3, -1, 0), 0, 8));
	assert_int_equal(op.la, 0x1000);
	/* The offset wraps at 4 GiB with a 32-bit address size. */
	view.seg[HV_DS].base = 0;
	view.gpr[3] = 0xfffffff8;
	assert_true(opd(info_mem(1, HV_DS, 3, -1, 0), 0x18, 8));
	assert_int_equal(op.la, 0x10);
	/* 16-bit address size: the offset wraps at 64 KiB. */
	view.gpr[3] = 0x1234fff0;
	assert_true(opd(info_mem(0, HV_DS, 3, -1, 0), 0x20, 8));
	assert_int_equal(op.la, 0x10);
	assert_int_equal(op.addr_size, 2);
	view.gpr[6] = 0x8;
	assert_true(opd(info_mem(0, HV_DS, 3, 6, 0), (u64)-4, 8));
	assert_int_equal(op.la, 0xfff4);
}

static void test_op_expand_up_limit(void **state)
{
	(void)state;
	prot32();
	view.seg[HV_DS].limit = 0xfff;
	view.seg[HV_SS].limit = 0xfff;
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xff8, 8));
	assert_false(opd(info_mem(1, HV_DS, -1, -1, 0), 0xff9, 8));
	expect_fault(HV_L1_GP, true);
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xffc, 4));
	assert_false(opd(info_mem(1, HV_DS, -1, -1, 0), 0x1000, 1));
	expect_fault(HV_L1_GP, true);
	assert_true(opd(info_mem(1, HV_SS, -1, -1, 0), 0xff8, 8));
	assert_false(opd(info_mem(1, HV_SS, -1, -1, 0), 0xff9, 8));
	expect_fault(HV_L1_SS, true);
	/* The limit applies to the offset, before the base is added. */
	view.seg[HV_DS].base = 0x100000;
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xff8, 8));
	assert_int_equal(op.la, 0x100ff8);
}

static void test_op_expand_down_limit(void **state)
{
	(void)state;
	prot32();
	/* Expand-down, writable; B=0: offsets limit+1..0xffff. */
	view.seg[HV_DS].ar = 0x7 | HV_BIT(4) | HV_BIT(7);
	view.seg[HV_DS].limit = 0xfff;
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0x1000, 8));
	assert_false(opd(info_mem(1, HV_DS, -1, -1, 0), 0xfff, 8));
	expect_fault(HV_L1_GP, true);
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xfff8, 8));
	assert_false(opd(info_mem(1, HV_DS, -1, -1, 0), 0xfff9, 8));
	expect_fault(HV_L1_GP, true);
	/* B=1: up to 0xffffffff. */
	view.seg[HV_DS].ar |= HV_BIT(14);
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xfff9, 8));
	assert_true(opd(info_mem(1, HV_DS, -1, -1, 0), 0xfffffff8, 8));
	assert_false(opd(info_mem(1, HV_DS, -1, -1, 0), 0xfffffff9, 8));
	expect_fault(HV_L1_GP, true);
	/* An expand-down stack. */
	view.seg[HV_SS].ar = 0x7 | HV_BIT(4) | HV_BIT(7) | HV_BIT(14);
	view.seg[HV_SS].limit = 0xffff;
	assert_false(opd(info_mem(1, HV_SS, -1, -1, 0), 0x8000, 8));
	expect_fault(HV_L1_SS, true);
	assert_true(opd(info_mem(1, HV_SS, -1, -1, 0), 0x10000, 8));
}

static void test_op_unusable(void **state)
{
	(void)state;
	prot32();
	view.seg[HV_FS].ar = HV_BIT(16);
	assert_false(opd(info_mem(1, HV_FS, -1, -1, 0), 0, 8));
	expect_fault(HV_L1_GP, true);
	view.seg[HV_SS].ar |= HV_BIT(16);
	assert_false(opd(info_mem(1, HV_SS, -1, -1, 0), 0, 8));
	expect_fault(HV_L1_SS, true);
	/* In 64-bit mode usability is not checked. */
	view.long_mode = true;
	view.efer = EFER_LME | EFER_LMA;
	assert_true(opd(info_mem(2, HV_FS, -1, -1, 0), 0, 8));
}

static void test_op_segment_types(void **state)
{
	u32 ds = info_mem(1, HV_DS, -1, -1, 0), cs = info_mem(1, HV_CS, -1, -1, 0);

	(void)state;
	prot32();
	/* Read-only data: read yes, write #GP(0). */
	view.seg[HV_DS].ar = 0x1 | HV_BIT(4) | HV_BIT(7) | HV_BIT(14);
	assert_true(opd(ds, 0x100, 8));
	assert_false(opw(ds, 0x100, 8));
	expect_fault(HV_L1_GP, true);
	/* Writable data: both. */
	view.seg[HV_DS].ar |= 0x2;
	assert_true(opw(ds, 0x100, 8));
	/* Execute/read code: read yes, write #GP(0). */
	assert_true(opd(cs, 0x100, 8));
	assert_false(opw(cs, 0x100, 8));
	expect_fault(HV_L1_GP, true);
	/* Execute-only code: neither. */
	view.seg[HV_CS].ar = 0x9 | HV_BIT(4) | HV_BIT(7) | HV_BIT(14);
	assert_false(opd(cs, 0x100, 8));
	expect_fault(HV_L1_GP, true);
	assert_false(opw(cs, 0x100, 8));
	expect_fault(HV_L1_GP, true);
	/* The CS base counts outside 64-bit mode. */
	view.seg[HV_CS].ar |= 0x2;
	view.seg[HV_CS].base = 0x40000;
	assert_true(opd(cs, 0x100, 8));
	assert_int_equal(op.la, 0x40100);
	/* In 64-bit mode there are no type checks. */
	view.long_mode = true;
	view.efer = EFER_LME | EFER_LMA;
	view.seg[HV_DS].ar = 0x1 | HV_BIT(4) | HV_BIT(7);
	assert_true(opw(info_mem(2, HV_DS, -1, -1, 0), 0x100, 8));
}

static void test_op_bad_encodings(void **state)
{
	(void)state;
	/* 16-bit addressing does not exist in 64-bit mode. */
	assert_false(opd(info_mem(0, HV_DS, -1, -1, 0), 0, 8));
	expect_fault(HV_L1_UD, false);
	assert_false(opd(info_mem(3, HV_DS, -1, -1, 0), 0, 8));
	expect_fault(HV_L1_UD, false);
	assert_false(opd(info_mem(2, 6, -1, -1, 0), 0, 8));
	expect_fault(HV_L1_UD, false);
	/* Nor 64-bit addressing outside it. */
	prot32();
	assert_false(opd(info_mem(2, HV_DS, -1, -1, 0), 0, 8));
	expect_fault(HV_L1_UD, false);
}

/* Decode then access, as a VMPTRLD handler would. */
static void test_op_then_read(void **state)
{
	u64 v = 0x12345000, got = 0;

	(void)state;
	map(LA, 0x10000, P | RW, 1);
	memcpy(&mem[0x10ff8], &v, 8);
	view.gpr[7] = LA + 0xf00; /* RDI */
	assert_true(opd(info_mem(2, HV_DS, 7, -1, 0), 0xf8, 8));
	assert_true(hv_l1_read_linear(&view, op.la, &got, 8, &flt));
	assert_int_equal(got, v);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_read_sets_accessed_only),
		T(test_write_sets_dirty_on_leaf),
		T(test_not_present_each_level),
		T(test_not_present_ignores_reserved),
		T(test_reserved_bits),
		T(test_reserved_large_pages),
		T(test_write_protect),
		T(test_smap),
		T(test_cross_page_read),
		T(test_cross_page_write),
		T(test_cross_page_second_faults),
		T(test_2m_page),
		T(test_1g_page),
		T(test_la57),
		T(test_noncanonical_walk),
		T(test_cr3_low_bits_ignored),
		T(test_paging_off),
		T(test_legacy_paging_unsupported),
		T(test_unbacked_entry),
		T(test_op_register),
		T(test_op_base_index_scale),
		T(test_op_segment_base_64),
		T(test_op_addr32_in_64),
		T(test_op_canonical),
		T(test_op_prot32),
		T(test_op_expand_up_limit),
		T(test_op_expand_down_limit),
		T(test_op_unusable),
		T(test_op_segment_types),
		T(test_op_bad_encodings),
		T(test_op_then_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
