// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: EPT02, the shadow of L1's EPT12 (nested/ept02.c). EPT12
 * lives in a fake L1-physical memory of 2 MiB; EPT02's pool pages get
 * made-up physical addresses, unlike their virtual ones, so that an entry
 * holding a virtual address shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ept02.h"
#include "l1_access.h"

#define K (1ULL << 10)
#define M (1ULL << 20)
#define G (1ULL << 30)

#define R HV_EPT_R
#define W HV_EPT_W
#define X HV_EPT_X
#define RWX HV_EPT_RWX
#define LARGE HV_EPT_LARGE
#define IPAT HV_BIT(6)
#define MT(t) ((u64)(t) << 3)
#define WB MT(6)
#define ADDR HV_EPT_ADDR_MASK

#define CAP_2M HV_BIT(16)
#define CAP_1G HV_BIT(17)

/* Fake L1-physical memory holding EPT12's tables. */
#define MEM_SIZE (2 * M)
static u8 mem[MEM_SIZE] __attribute__((aligned(4096)));
static u64 next_table;

static unsigned int l1_reads;

bool hv_l1_phys_read(u64 gpa, void *buf, u32 len)
{
	l1_reads++;
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa) {
		memset(buf, 0xff, len);
		return false;
	}
	memcpy(buf, &mem[gpa], len);
	return true;
}

/* EPT02 writes L1 memory only to set EPT12's A/D flags (or64). */
bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len)
{
	(void)gpa;
	(void)buf;
	(void)len;
	fail();
	return false;
}

static unsigned int l1_or64s;

bool hv_l1_phys_or64(u64 gpa, u64 bits)
{
	l1_or64s++;
	if (gpa >= MEM_SIZE || (gpa & 7))
		return false;
	*(u64 *)&mem[gpa] |= bits;
	return true;
}

/* EPT02's pool: POOL_MAX pages at made-up physical addresses. */
#define POOL_MAX 16
#define POOL_PA 0x7f000000ULL
static u64 pool_pages[POOL_MAX][512] __attribute__((aligned(4096)));
static u64 *pool_va[POOL_MAX];
static u64 pool_pa[POOL_MAX];

static struct hv_ept02 ept;
static u64 eptp12, qual12;
static bool invept;

/* A page and 2 MiB / 1 GiB frames that EPT12 maps to. */
static const u64 GPA = 0x0000123456789000ULL; /* one index per level */
static const u64 HPA = 0x0000003456781000ULL;
static const u64 HPA_2M = 0x0000002468a00000ULL;
static const u64 HPA_1G = 0x0000001240000000ULL;

static u64 alloc12(void)
{
	u64 t = next_table;

	assert_true(t < MEM_SIZE);
	next_table += 4 * K;
	memset(&mem[t], 0, 4 * K);
	return t;
}

static unsigned int idx(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & 511;
}

/* The EPT12 entry at @level for @gpa; missing tables above get RWX. */
static u64 *e12(u64 gpa, int level)
{
	u64 table = eptp12 & ADDR;
	int l;

	for (l = 4; l > level; l--) {
		u64 *e = (u64 *)&mem[table + idx(gpa, l) * 8];

		if (!(*e & RWX))
			*e = alloc12() | RWX;
		table = *e & ADDR;
	}
	return (u64 *)&mem[table + idx(gpa, level) * 8];
}

/* A fresh, empty EPT12 and EPT02, with @cap and a pool of @nr pages. */
static void reset(u64 cap, unsigned int nr)
{
	unsigned int i;

	memset(mem, 0, sizeof(mem));
	next_table = 4 * K;
	eptp12 = alloc12() | 0x1e; /* WB, 4-level */
	memset(pool_pages, 0x5a, sizeof(pool_pages)); /* stale contents */
	for (i = 0; i < POOL_MAX; i++) {
		/* Pages beyond the pool's end crash whoever takes them. */
		pool_va[i] = i < nr ? pool_pages[i] : NULL;
		pool_pa[i] = POOL_PA + i * 4 * K;
	}
	memset(&ept, 0, sizeof(ept));
	ept.pool.va = pool_va;
	ept.pool.pa = pool_pa;
	ept.pool.nr = nr;
	ept.ept_cap = cap;
	ept.maxphyaddr = 46;
	hv_ept02_flush(&ept, eptp12);
	ept.flushes = 0;
	qual12 = ~0ULL;
	invept = true;
}

static int setup(void **state)
{
	(void)state;
	reset(CAP_2M | CAP_1G | HV_EPT_CAP_ADV_INFO, POOL_MAX);
	return 0;
}

static enum hv_ept02_action fault(u64 gpa, u64 qual)
{
	return hv_ept02_fault(&ept, gpa, qual, &qual12, &invept);
}

/* The pool page at physical address @pa (which must be one). */
static u64 *va02(u64 pa)
{
	unsigned int i;

	for (i = 0; i < ept.pool.used; i++)
		if (pool_pa[i] == pa)
			return pool_va[i];
	fail_msg("EPT02 entry points at %#llx, no pool page in use",
		 (unsigned long long)pa);
	return NULL;
}

/*
 * EPT02's leaf for @gpa and its level (0: none). Every table entry on the
 * way must be RWX and nothing else besides the address.
 */
static u64 walk02(u64 gpa, int *level)
{
	u64 *table = pool_va[0];
	int l;

	for (l = 4; l >= 1; l--) {
		u64 e = table[idx(gpa, l)];

		if (!(e & RWX))
			break;
		if (l == 1 || (e & LARGE)) {
			*level = l;
			return e;
		}
		assert_int_equal(e & ~ADDR, RWX);
		table = va02(e & ADDR);
	}
	*level = 0;
	return 0;
}

/* @gpa faults with @qual and gets fixed; returns EPT02's leaf at @level. */
static u64 fixed(u64 gpa, u64 qual, int level)
{
	u64 e;
	int l;

	assert_int_equal(fault(gpa, qual), HV_EPT02_FIXED);
	e = walk02(gpa, &l);
	assert_int_equal(l, level);
	return e;
}

/* @gpa faults with @qual and L1 gets a violation with @want. */
static void violation(u64 gpa, u64 qual, u64 want)
{
	unsigned int used = ept.pool.used;

	assert_int_equal(fault(gpa, qual), HV_EPT02_VIOLATION);
	assert_int_equal(qual12, want);
	assert_false(invept);
	assert_int_equal(ept.pool.used, used); /* nothing installed */
}

static void misconfig(u64 gpa, u64 qual)
{
	unsigned int used = ept.pool.used;

	assert_int_equal(fault(gpa, qual), HV_EPT02_MISCONFIG);
	assert_false(invept);
	assert_int_equal(ept.pool.used, used);
}

#define QR HV_EPT_QUAL_READ
#define QW HV_EPT_QUAL_WRITE
#define QX HV_EPT_QUAL_FETCH
#define PERM(p) ((u64)(p) << HV_EPT_QUAL_PERM_SHIFT)

/* ---- EPTP and flush ---- */

static void test_eptp_format(void **state)
{
	(void)state;
	assert_int_equal(hv_ept02_eptp(&ept), POOL_PA | 6 | (3 << 3));
}

static void test_flush_resets(void **state)
{
	u64 other;
	unsigned int i;
	int l;

	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	fixed(GPA, QR, 1);
	other = alloc12() | 0x1e;
	hv_ept02_flush(&ept, other);
	assert_int_equal(ept.eptp12, other);
	assert_int_equal(ept.pool.used, 1);
	assert_int_equal(ept.flushes, 1);
	for (i = 0; i < 512; i++)
		assert_int_equal(pool_va[0][i], 0);
	assert_int_equal(walk02(GPA, &l), 0);
	/* The next fault walks the new EPT12, where GPA is not mapped. */
	violation(GPA, QR, QR);
	eptp12 = other;
	*e12(GPA, 1) = (HPA + 4 * K) | R | WB;
	assert_int_equal(fixed(GPA, QR, 1), (HPA + 4 * K) | R | WB);
}

/* ---- fills ---- */

static void test_fill_4k(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	assert_int_equal(fixed(GPA + 0x123, QR, 1), HPA | RWX | WB);
	assert_false(invept);
	assert_int_equal(ept.fills, 1);
	assert_int_equal(ept.flushes, 0);
	assert_int_equal(ept.pool.used, 4); /* PML4, PDPT, PD, PT */
	/* Tables come in order and only what the walk needs is mapped. */
	assert_int_equal(pool_va[0][idx(GPA, 4)], pool_pa[1] | RWX);
	assert_int_equal(pool_va[1][idx(GPA, 3)], pool_pa[2] | RWX);
	assert_int_equal(pool_va[2][idx(GPA, 2)], pool_pa[3] | RWX);
	assert_int_equal(pool_va[3][idx(GPA, 1) ^ 1], 0); /* zeroed table */
}

static void test_fill_permissions_are_and(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, 4) = (*e12(GPA, 4) & ADDR) | RWX;
	*e12(GPA, 3) = (*e12(GPA, 3) & ADDR) | R | X;
	*e12(GPA, 2) = (*e12(GPA, 2) & ADDR) | R | W;
	assert_int_equal(fixed(GPA, QR, 1), HPA | R | WB);
}

static void test_second_fill_shares_tables(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA + 4 * K, 1) = (HPA + 64 * K) | R | WB;
	fixed(GPA, QX, 1);
	assert_int_equal(fixed(GPA + 4 * K, QR, 1), (HPA + 64 * K) | R | WB);
	assert_false(invept);
	assert_int_equal(ept.pool.used, 4);
	assert_int_equal(ept.fills, 2);
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | WB); /* still there */
}

static void test_fill_2m(void **state)
{
	u64 gpa = (GPA & ~(2 * M - 1)) + 0x12345;

	(void)state;
	*e12(gpa, 2) = HPA_2M | RWX | WB | LARGE;
	assert_int_equal(fixed(gpa, QW, 2), HPA_2M | RWX | WB | LARGE);
	assert_false(invept);
	assert_int_equal(ept.pool.used, 3); /* PML4, PDPT, PD */
}

static void test_fill_1g_as_2m(void **state)
{
	u64 base = GPA & ~(G - 1);

	(void)state;
	*e12(base, 3) = HPA_1G | R | X | WB | LARGE;
	/* The 2 MiB of the 1 GiB page that covers the address. */
	assert_int_equal(fixed(base + 0x12345678, QX, 2),
			 (HPA_1G + 0x12200000) | R | X | WB | LARGE);
	assert_int_equal(fixed(base + G - 1, QR, 2),
			 (HPA_1G + G - 2 * M) | R | X | WB | LARGE);
	assert_int_equal(ept.pool.used, 3);
}

/* Without 2 MiB pages in the capabilities, EPT02 maps 4 KiB pages. */
static void test_fill_1g_without_2m_cap(void **state)
{
	u64 base = GPA & ~(G - 1);

	(void)state;
	reset(CAP_1G, POOL_MAX);
	*e12(base, 3) = HPA_1G | RWX | WB | LARGE;
	assert_int_equal(fixed(base + 0x12345678, QR, 1),
			 (HPA_1G + 0x12345000) | RWX | WB);
}

static void test_memory_type_and_ipat_copied(void **state)
{
	u64 gpa2m = GPA + 2 * M;

	(void)state;
	*e12(GPA, 1) = HPA | RWX | MT(0) | IPAT; /* UC, ignore PAT */
	*e12(GPA + 4 * K, 1) = HPA | R | MT(4); /* WT */
	*e12(gpa2m, 2) = HPA_2M | RWX | MT(1) | IPAT | LARGE; /* WC */
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(0) | IPAT);
	assert_int_equal(fixed(GPA + 4 * K, QR, 1), HPA | R | MT(4));
	assert_int_equal(fixed(gpa2m, QR, 2),
			 HPA_2M | RWX | MT(1) | IPAT | LARGE);
}

/* Ignored bits (SDM 28.2.2: 11:8 and 63:52; 7 of a PTE) change nothing. */
static void test_ignored_bits(void **state)
{
	u64 ign = 0xfff0000000000f00ULL;
	int l;

	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB | LARGE | ign;
	for (l = 4; l >= 2; l--)
		*e12(GPA, l) |= ign;
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | WB);
}

/* Execute-only entries where the capabilities allow them. */
static void test_exec_only_with_cap(void **state)
{
	(void)state;
	reset(CAP_2M | CAP_1G | HV_EPT_CAP_XO, POOL_MAX);
	*e12(GPA, 1) = HPA | X | WB;
	violation(GPA, QR, QR | PERM(X));
	assert_int_equal(fixed(GPA, QX, 1), HPA | X | WB);
}

/* ---- violations ---- */

/* Not present at @level, with junk in the rest of the entry. */
static void not_present_at(int level)
{
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, level) = 0x000f0000deadbff8ULL; /* bits 2:0 clear */
	violation(GPA, QR | HV_EPT_QUAL_GLA_VALID | HV_EPT_QUAL_GLA_XLAT,
		  QR | HV_EPT_QUAL_GLA_VALID | HV_EPT_QUAL_GLA_XLAT);
	violation(GPA, QW, QW);
	violation(GPA, QX, QX);
}

static void test_not_present_pml4e(void **state)
{
	(void)state;
	not_present_at(4);
}

static void test_not_present_pdpte(void **state)
{
	(void)state;
	not_present_at(3);
}

static void test_not_present_pde(void **state)
{
	(void)state;
	not_present_at(2);
}

static void test_not_present_pte(void **state)
{
	(void)state;
	not_present_at(1);
}

static void test_write_to_read_only(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | R | WB;
	violation(GPA, QW, QW | PERM(R));
	*e12(GPA, 1) = HPA | R | X | WB;
	violation(GPA, QW, QW | PERM(R | X));
	/* Read-modify-write: both bits, both needed. */
	violation(GPA, QR | QW, QR | QW | PERM(R | X));
	*e12(GPA, 2) = (*e12(GPA, 2) & ADDR) | R; /* higher level read-only */
	*e12(GPA, 1) = HPA | RWX | WB;
	violation(GPA, QW, QW | PERM(R));
	*e12(GPA, 2) |= W;
	assert_int_equal(fixed(GPA, QR | QW, 1), HPA | R | W | WB);
}

static void test_fetch_without_x(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, 3) = (*e12(GPA, 3) & ADDR) | R | W;
	violation(GPA, QX, QX | PERM(R | W));
	assert_int_equal(fixed(GPA, QW, 1), HPA | R | W | WB);
}

/* Entries that share no permission: nothing to install. */
static void test_no_common_permission(void **state)
{
	(void)state;
	reset(CAP_2M | CAP_1G | HV_EPT_CAP_XO, POOL_MAX);
	*e12(GPA, 1) = HPA | X | WB;
	*e12(GPA, 4) = (*e12(GPA, 4) & ADDR) | R;
	violation(GPA, QR, QR);
	violation(GPA, QX, QX);
	violation(GPA, 0, 0);
}

/* Bits 2:0, 7, 8, 12 and (with advanced information) 11:9 carry over. */
static void test_violation_qual_bits(void **state)
{
	u64 carried = QR | HV_BIT(7) | HV_BIT(8) | HV_BIT(12);
	u64 adv = HV_BIT(9) | HV_BIT(10) | HV_BIT(11);
	u64 junk = HV_BIT(3) | HV_BIT(4) | HV_BIT(5) | HV_BIT(6) | HV_BIT(13) |
		   HV_BIT(16) | HV_BIT(40);

	(void)state;
	reset(CAP_2M | CAP_1G | HV_EPT_CAP_XO | HV_EPT_CAP_ADV_INFO, POOL_MAX);
	*e12(GPA, 1) = HPA | X | WB;
	violation(GPA, carried | adv | junk, carried | adv | PERM(X));
	ept.ept_cap &= ~HV_EPT_CAP_ADV_INFO;
	violation(GPA, carried | adv | junk, carried | PERM(X));
}

/* ---- misconfigurations (SDM 28.2.3.1) ---- */

static void test_misconfig_write_without_read(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | W | WB; /* 010b */
	misconfig(GPA, QR);
	misconfig(GPA, QW);
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, 3) = (*e12(GPA, 3) & ADDR) | W | X; /* 110b */
	misconfig(GPA, QX);
	*e12(GPA, 3) |= R;
	fixed(GPA, QX, 1);
}

static void test_misconfig_exec_only_without_cap(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, 2) = (*e12(GPA, 2) & ADDR) | X;
	misconfig(GPA, QX);
	ept.ept_cap |= HV_EPT_CAP_XO;
	assert_int_equal(fixed(GPA, QX, 1), HPA | X | WB);
}

/* Set each of @bits in turn in the entry at @level: all misconfigure. */
static void misconfig_each_bit(int level, u64 bits)
{
	u64 *e = e12(GPA, level), good = *e;
	int b;

	for (b = 0; b < 64; b++) {
		if (!(bits & HV_BIT(b)))
			continue;
		*e = good | HV_BIT(b);
		misconfig(GPA, QR);
	}
	*e = good;
	assert_int_equal(fault(GPA, QR), HV_EPT02_FIXED);
}

static void test_reserved_pml4e(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	misconfig_each_bit(4, 0xf8); /* bits 7:3 */
}

static void test_reserved_pdpte_table(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	misconfig_each_bit(3, 0x78); /* bits 6:3 */
}

static void test_reserved_pde_table(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	misconfig_each_bit(2, 0x78); /* bits 6:3 */
}

static void test_reserved_1g_leaf(void **state)
{
	(void)state;
	*e12(GPA, 3) = HPA_1G | RWX | WB | LARGE;
	misconfig_each_bit(3, 0x3ffff000ULL); /* bits 29:12 */
}

static void test_reserved_2m_leaf(void **state)
{
	(void)state;
	*e12(GPA, 2) = HPA_2M | RWX | WB | LARGE;
	misconfig_each_bit(2, 0x1ff000ULL); /* bits 20:12 */
}

/* Bits 51:MAXPHYADDR at every level, for a 4 KiB walk and large leaves. */
static void test_reserved_above_maxphyaddr(void **state)
{
	u64 above = 0x000fc00000000000ULL; /* bits 51:46 */
	int l;

	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	for (l = 4; l >= 1; l--)
		misconfig_each_bit(l, above);
	*e12(GPA, 2) = HPA_2M | RWX | WB | LARGE;
	misconfig_each_bit(2, above);
	*e12(GPA, 3) = HPA_1G | RWX | WB | LARGE;
	misconfig_each_bit(3, above);
	/* With MAXPHYADDR 52 every address bit is usable. */
	ept.maxphyaddr = 52;
	*e12(GPA, 3) = alloc12() | RWX;
	*e12(GPA, 1) = (HPA | HV_BIT(51)) | RWX | WB;
	assert_int_equal(fixed(GPA, QR, 1), HPA | HV_BIT(51) | RWX | WB);
}

static void test_bad_memory_types(void **state)
{
	u64 t;

	(void)state;
	for (t = 0; t < 8; t++) {
		bool bad = t == 2 || t == 3 || t == 7;

		*e12(GPA, 1) = HPA | RWX | MT(t);
		if (bad)
			misconfig(GPA, QR);
		else
			assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(t));
	}
}

static void test_bad_memory_types_large(void **state)
{
	u64 t, gpa1g = GPA + 4 * G;

	(void)state;
	for (t = 2; t < 8; t++) {
		bool bad = t == 2 || t == 3 || t == 7;

		*e12(GPA, 2) = HPA_2M | RWX | MT(t) | LARGE;
		*e12(gpa1g, 3) = HPA_1G | RWX | MT(t) | LARGE;
		assert_int_equal(fault(GPA, QR),
				 bad ? HV_EPT02_MISCONFIG : HV_EPT02_FIXED);
		assert_int_equal(fault(gpa1g, QR),
				 bad ? HV_EPT02_MISCONFIG : HV_EPT02_FIXED);
	}
	/* In a table entry bits 5:3 are reserved whatever their value. */
	*e12(GPA, 2) = alloc12() | RWX | WB;
	misconfig(GPA, QR);
}

static void test_large_pages_without_cap(void **state)
{
	(void)state;
	reset(CAP_2M, POOL_MAX);
	*e12(GPA, 3) = HPA_1G | RWX | WB | LARGE;
	misconfig(GPA, QR);
	reset(CAP_1G, POOL_MAX);
	*e12(GPA, 2) = HPA_2M | RWX | WB | LARGE;
	misconfig(GPA, QR);
	ept.ept_cap |= CAP_2M;
	fixed(GPA, QR, 2);
}

/* SDM 28.2.3.3: a misconfiguration below beats a permission above. */
static void test_misconfig_before_permissions(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, 4) = (*e12(GPA, 4) & ADDR) | R;
	*e12(GPA, 2) |= HV_BIT(4);
	misconfig(GPA, QW);
	*e12(GPA, 2) &= ~HV_BIT(4);
	violation(GPA, QW, QW | PERM(R));
}

/* An EPT12 table outside L1's RAM reads as all ones: misconfigured. */
static void test_unreadable_table(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(GPA, 2) = 0x40000000ULL | RWX; /* a PT beyond the 2 MiB */
	misconfig(GPA, QR);
	ept.eptp12 = 0x40000000ULL | 0x1e;
	misconfig(GPA, QR);
}

/* ---- refills and the pool ---- */

static void test_relaxed_refill_sets_invept(void **state)
{
	unsigned int used;

	(void)state;
	*e12(GPA, 1) = HPA | R | WB;
	fixed(GPA, QR, 1);
	assert_false(invept);
	violation(GPA, QW, QW | PERM(R));
	used = ept.pool.used;
	*e12(GPA, 1) = HPA | R | W | WB; /* L1 relaxes, no INVEPT */
	assert_int_equal(fixed(GPA, QW, 1), HPA | R | W | WB);
	assert_true(invept);
	assert_int_equal(ept.pool.used, used);
	assert_int_equal(ept.flushes, 0);
}

static void test_4k_to_2m_refill(void **state)
{
	(void)state;
	*e12(GPA, 1) = HPA | R | WB;
	fixed(GPA, QR, 1);
	*e12(GPA, 2) = HPA_2M | RWX | WB | LARGE;
	assert_int_equal(fixed(GPA, QW, 2), HPA_2M | RWX | WB | LARGE);
	assert_true(invept);
}

static void test_2m_to_4k_refill(void **state)
{
	(void)state;
	*e12(GPA, 2) = HPA_2M | R | WB | LARGE;
	fixed(GPA, QR, 2);
	assert_int_equal(ept.pool.used, 3);
	*e12(GPA, 2) = alloc12() | RWX;
	*e12(GPA, 1) = HPA | RWX | WB;
	assert_int_equal(fixed(GPA, QW, 1), HPA | RWX | WB);
	assert_true(invept);
	assert_int_equal(ept.pool.used, 4);
}

static void test_pool_exhaustion_flushes(void **state)
{
	u64 other = GPA + 512 * G; /* another PML4E: three new tables */
	int l;

	(void)state;
	reset(CAP_2M | CAP_1G, 4);
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(other, 1) = (HPA + 8 * K) | RWX | WB;
	fixed(GPA, QR, 1);
	assert_false(invept);
	assert_int_equal(ept.pool.used, 4);
	assert_int_equal(fixed(other, QR, 1), (HPA + 8 * K) | RWX | WB);
	assert_true(invept);
	assert_int_equal(ept.flushes, 1);
	assert_int_equal(ept.fills, 2);
	assert_int_equal(ept.pool.used, 4);
	assert_int_equal(ept.eptp12, eptp12);
	assert_int_equal(walk02(GPA, &l), 0);
}

static void test_pool_just_enough(void **state)
{
	u64 other = GPA + 2 * M; /* same PD, another PT: one table */

	(void)state;
	reset(CAP_2M | CAP_1G, 5);
	*e12(GPA, 1) = HPA | RWX | WB;
	*e12(other, 1) = (HPA + 8 * K) | RWX | WB;
	fixed(GPA, QR, 1);
	fixed(other, QR, 1);
	assert_false(invept);
	assert_int_equal(ept.flushes, 0);
	assert_int_equal(ept.pool.used, 5);
	fixed(GPA, QR, 1);
}

/* No fault, fill or refusal changes a byte of L1 memory. */
static void test_l1_memory_untouched(void **state)
{
	static u8 before[MEM_SIZE];

	(void)state;
	*e12(GPA, 1) = HPA | R | WB;
	*e12(GPA + 2 * M, 2) = HPA_2M | RWX | MT(3) | LARGE;
	*e12(GPA + 4 * G, 3) = HPA_1G | RWX | WB | LARGE;
	memcpy(before, mem, sizeof(mem));
	fixed(GPA, QR, 1);
	violation(GPA, QW, QW | PERM(R));
	misconfig(GPA + 2 * M, QR);
	fixed(GPA + 4 * G, QW, 2);
	violation(GPA + 8 * G, QR, QR);
	assert_memory_equal(before, mem, sizeof(mem));
}

/* ---- EPT accessed and dirty flags (EPTP bit 6, SDM 28.2.5) ---- */

#define A HV_EPT_A
#define D HV_EPT_D

/* EPT12 with A/D flags: EPTP bit 6, which EPT02's EPTP then has too. */
static void ad_on(void)
{
	eptp12 |= HV_EPTP_AD;
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(hv_ept02_eptp(&ept), POOL_PA | 6 | (3 << 3) | 0x40);
}

/* A read sets A at every level, not D; EPT02 holds back W till D. */
static void test_ad_read_sets_accessed(void **state)
{
	int l;

	(void)state;
	ad_on();
	*e12(GPA, 1) = HPA | RWX | WB;
	assert_int_equal(fixed(GPA, QR, 1), HPA | R | X | WB);
	for (l = 4; l >= 1; l--)
		assert_true(*e12(GPA, l) & A);
	assert_false(*e12(GPA, 1) & D);
	/* Set flags are not written again. */
	l1_or64s = 0;
	fixed(GPA, QX, 1);
	assert_int_equal(l1_or64s, 0);
}

/* The first write sets D and gets W: a present entry replaced. */
static void test_ad_write_sets_dirty(void **state)
{
	(void)state;
	ad_on();
	*e12(GPA, 1) = HPA | RWX | WB;
	fixed(GPA, QR, 1);
	assert_int_equal(fixed(GPA, QW, 1), HPA | RWX | WB);
	assert_true(invept);
	assert_int_equal(*e12(GPA, 1), HPA | RWX | WB | A | D);
	/*
	 * Dirty already: a read fill maps it writable at once, with EPT02's
	 * own flags set, so that the CPU logs no PML entry for it again.
	 */
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | WB | A | D);
}

/*
 * The fault that dirties the page leaves EPT02's dirty flag clear: the
 * write, done again, sets it, and the CPU logs the page for PML then.
 */
static void test_ad_dirtying_write_left_to_cpu(void **state)
{
	(void)state;
	ad_on();
	*e12(GPA, 1) = HPA | RWX | WB;
	assert_int_equal(fixed(GPA, QW, 1), HPA | RWX | WB);
	assert_int_equal(*e12(GPA, 1), HPA | RWX | WB | A | D);
}

/* A 2 MiB leaf: A on the PML4E and PDPTE, A and D on the PDE. */
static void test_ad_large_leaf(void **state)
{
	(void)state;
	ad_on();
	*e12(GPA, 2) = HPA_2M | RWX | WB | LARGE;
	fixed(GPA, QW, 2);
	assert_true(*e12(GPA, 4) & A);
	assert_true(*e12(GPA, 3) & A);
	assert_false(*e12(GPA, 4) & D);
	assert_int_equal(*e12(GPA, 2), HPA_2M | RWX | WB | LARGE | A | D);
}

/* A violation or misconfiguration sets nothing: no translation made. */
static void test_ad_not_on_violation(void **state)
{
	static u8 before[MEM_SIZE];

	(void)state;
	ad_on();
	*e12(GPA, 1) = HPA | R | WB;
	*e12(GPA + 2 * M, 2) = HPA_2M | RWX | MT(3) | LARGE;
	memcpy(before, mem, sizeof(mem));
	violation(GPA, QW, QW | PERM(R));
	misconfig(GPA + 2 * M, QR);
	violation(GPA + 8 * G, QR, QR);
	assert_memory_equal(before, mem, sizeof(mem));
}

/* Without EPT12 (all ones as eptp12) there are no flags to set. */
static void test_ad_not_without_ept12(void **state)
{
	(void)state;
	hv_ept02_flush(&ept, HV_EPT02_NO_EPT12);
	assert_int_equal(hv_ept02_eptp(&ept), POOL_PA | 6 | (3 << 3));
	l1_or64s = 0;
	fixed(GPA & ~(G - 1), QW, 2);
	assert_int_equal(l1_or64s, 0);
}

/* ---- hvnest's own memory (nested/hv_guard.h) ---- */

#define SINK_PA 0x0000000777000000ULL

static struct {
	struct hv_guard g;
	struct hv_guard_range r[4];
} guard;

/* One guarded page inside HPA_2M's 2 MiB, and 64 KiB at HPA. */
static void guard_setup(void)
{
	guard.g.nr = 2; /* sorted: HPA_2M is the lower */
	guard.g.range[0].start = HPA_2M + 5 * 4 * K;
	guard.g.range[0].end = HPA_2M + 6 * 4 * K;
	guard.g.range[1].start = HPA;
	guard.g.range[1].end = HPA + 64 * K;
	ept.guard = &guard.g;
	ept.sink_pa = SINK_PA;
}

static void test_guard_hit(void **state)
{
	(void)state;
	guard_setup();
	assert_false(hv_guard_hit(NULL, HPA, 4 * K));
	assert_true(hv_guard_hit(&guard.g, HPA, 4 * K));
	assert_true(hv_guard_hit(&guard.g, HPA + 64 * K - 1, 1));
	assert_false(hv_guard_hit(&guard.g, HPA + 64 * K, 4 * K));
	assert_false(hv_guard_hit(&guard.g, HPA - 4 * K, 4 * K));
	assert_true(hv_guard_hit(&guard.g, HPA - 4 * K, 4 * K + 1));
	assert_false(hv_guard_hit(&guard.g, HPA_2M, 5 * 4 * K));
	assert_true(hv_guard_hit(&guard.g, HPA_2M, 2 * M));
	assert_false(hv_guard_hit(&guard.g, HPA_2M + 6 * 4 * K, 4 * K));
	assert_false(hv_guard_hit(&guard.g, HPA_2M + 2 * M, 2 * M));
	assert_false(hv_guard_hit(&guard.g, 0, 4 * K));
	assert_false(hv_guard_hit(&guard.g, HPA, 0));
	/* A range that wraps around the top counts up to the top. */
	assert_true(hv_guard_hit(&guard.g, HPA_2M + 5 * 4 * K, ~0ULL));
}

static void test_guard_coalesce(void **state)
{
	struct hv_guard_range r[] = {
		{ 0x1000, 0x2000 }, { 0x1000, 0x3000 }, { 0x3000, 0x4000 },
		{ 0x5000, 0x5000 }, { 0x6000, 0x8000 }, { 0x7000, 0x7000 },
		{ 0x7000, 0x9000 },
	};

	(void)state;
	assert_int_equal(hv_guard_coalesce(r, HV_ARRAY_SIZE(r)), 2);
	assert_int_equal(r[0].start, 0x1000);
	assert_int_equal(r[0].end, 0x4000);
	assert_int_equal(r[1].start, 0x6000);
	assert_int_equal(r[1].end, 0x9000);
}

/* EPT12 maps L2 onto hvnest's page: L2 gets the sink page. */
static void test_guard_4k_to_sink(void **state)
{
	(void)state;
	guard_setup();
	*e12(GPA, 1) = (HPA + 8 * K) | RWX | WB;
	assert_int_equal(fixed(GPA, QW, 1), SINK_PA | RWX | WB);
	assert_int_equal(ept.guarded, 1);
	*e12(GPA + 4 * K, 1) = (HPA + 64 * K) | R | W | WB; /* just past it */
	assert_int_equal(fixed(GPA + 4 * K, QR, 1), (HPA + 64 * K) | R | W | WB);
	assert_int_equal(ept.guarded, 1);
}

/* A 2 MiB EPT12 page over a guarded page: 4 KiB leaves, that one sunk. */
static void test_guard_2m_split(void **state)
{
	u64 base = GPA & ~(2 * M - 1);

	(void)state;
	guard_setup();
	*e12(base, 2) = HPA_2M | RWX | WB | LARGE;
	assert_int_equal(fixed(base + 0x123, QR, 1), HPA_2M | RWX | WB);
	assert_int_equal(fixed(base + 5 * 4 * K + 8, QW, 1),
			 SINK_PA | RWX | WB);
	assert_int_equal(fixed(base + 6 * 4 * K, QW, 1),
			 (HPA_2M + 6 * 4 * K) | RWX | WB);
	assert_int_equal(ept.guarded, 1);
	/* Without the guard, the same EPT12 gives a 2 MiB leaf. */
	ept.guard = NULL;
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(fixed(base + 5 * 4 * K, QW, 2),
			 HPA_2M | RWX | WB | LARGE);
}

/* ---- memory types: EPT12's combined with EPT01's (SDM Table 11-7) ---- */

static struct hv_mtrr_state mtrr;

/* MTRRs: default WB, one 4-KiB variable range of @type at @pa. */
static void mtrr_one_page(u64 pa, int type)
{
	memset(&mtrr, 0, sizeof(mtrr));
	mtrr.cap = 8;
	mtrr.def_type = HV_MTRR_DEF_E | HV_MT_WB;
	mtrr.phys_bits = 46;
	mtrr.base[0] = pa | (u64)type;
	mtrr.mask[0] = (((1ULL << 46) - 1) & ~(4 * K - 1)) | HV_MTRR_VALID;
	ept.mtrr = &mtrr;
}

static void test_memtype_device_page(void **state)
{
	(void)state;
	mtrr_one_page(HPA, HV_MT_UC);
	*e12(GPA, 1) = HPA | RWX | WB;
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(HV_MT_UC));
	/* WC is what a PAT may make of UC memory; WT is not. */
	*e12(GPA, 1) = HPA | RWX | MT(HV_MT_WC) | IPAT;
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(HV_MT_WC) | IPAT);
	*e12(GPA, 1) = HPA | RWX | MT(HV_MT_WT);
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(HV_MT_UC));
	/* The page next to it is WB RAM: L1's type stands. */
	*e12(GPA + 4 * K, 1) = (HPA + 4 * K) | RWX | MT(HV_MT_WT);
	assert_int_equal(fixed(GPA + 4 * K, QR, 1),
			 (HPA + 4 * K) | RWX | MT(HV_MT_WT));
}

static void test_memtype_wt_ram(void **state)
{
	(void)state;
	mtrr_one_page(HPA, HV_MT_WT);
	*e12(GPA, 1) = HPA | RWX | WB;
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(HV_MT_WT));
	*e12(GPA, 1) = HPA | RWX | MT(HV_MT_UC);
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(fixed(GPA, QR, 1), HPA | RWX | MT(HV_MT_UC));
}

/* A 2 MiB EPT12 page over two EPT01 types: 4 KiB leaves, each its own. */
static void test_memtype_2m_mixed(void **state)
{
	u64 base = GPA & ~(2 * M - 1);

	(void)state;
	mtrr_one_page(HPA_2M + 3 * 4 * K, HV_MT_UC);
	*e12(base, 2) = HPA_2M | RWX | WB | IPAT | LARGE;
	assert_int_equal(fixed(base + 0x123, QR, 1), HPA_2M | RWX | WB | IPAT);
	assert_int_equal(fixed(base + 3 * 4 * K, QW, 1),
			 (HPA_2M + 3 * 4 * K) | RWX | MT(HV_MT_UC) | IPAT);
	/* One type throughout: a 2 MiB leaf again. */
	mtrr_one_page(HPA_2M + 2 * M, HV_MT_UC);
	hv_ept02_flush(&ept, eptp12);
	assert_int_equal(fixed(base + 3 * 4 * K, QW, 2),
			 HPA_2M | RWX | WB | IPAT | LARGE);
}

/* ---- L2 without EPT12: L1's addresses, on EPT02 all the same ---- */

/* Any address, any access: an identity 2 MiB leaf, WB, no L1 read. */
static void test_no_ept12_identity(void **state)
{
	(void)state;
	hv_ept02_flush(&ept, HV_EPT02_NO_EPT12);
	l1_reads = 0;
	assert_int_equal(fixed(HPA + 0x123, QW, 2),
			 (HPA & ~(2 * M - 1)) | RWX | WB | LARGE);
	assert_int_equal(fixed(GPA, QX, 2),
			 (GPA & ~(2 * M - 1)) | RWX | WB | LARGE);
	assert_int_equal(l1_reads, 0);
	assert_int_equal(ept.fills, 2);
	/* Without 2 MiB pages at all, 4 KiB ones. */
	reset(0, POOL_MAX);
	hv_ept02_flush(&ept, HV_EPT02_NO_EPT12);
	assert_int_equal(fixed(HPA + 0x123, QR, 1), HPA | RWX | WB);
}

/* hvnest's memory stays out of reach: the sink page, 4 KiB around it. */
static void test_no_ept12_guarded(void **state)
{
	(void)state;
	guard_setup();
	hv_ept02_flush(&ept, HV_EPT02_NO_EPT12);
	assert_int_equal(fixed(HPA_2M + 5 * 4 * K + 8, QR, 1),
			 SINK_PA | RWX | WB);
	assert_int_equal(fixed(HPA_2M + 4 * 4 * K, QW, 1),
			 (HPA_2M + 4 * 4 * K) | RWX | WB);
	assert_int_equal(fixed(HPA + 60 * K, QX, 1), SINK_PA | RWX | WB);
	assert_int_equal(ept.guarded, 2);
}

/* EPT01's memory type is L2's, as it is L1's; ignore-PAT stays clear. */
static void test_no_ept12_memtype(void **state)
{
	(void)state;
	mtrr_one_page(HPA, HV_MT_UC);
	hv_ept02_flush(&ept, HV_EPT02_NO_EPT12);
	assert_int_equal(fixed(HPA, QR, 1), HPA | RWX | MT(HV_MT_UC));
	assert_int_equal(fixed(HPA + 4 * K, QR, 1), (HPA + 4 * K) | RWX | WB);
	assert_int_equal(fixed(HPA_2M, QR, 2), HPA_2M | RWX | WB | LARGE);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_eptp_format),
		T(test_flush_resets),
		T(test_fill_4k),
		T(test_fill_permissions_are_and),
		T(test_second_fill_shares_tables),
		T(test_fill_2m),
		T(test_guard_hit),
		T(test_guard_coalesce),
		T(test_guard_4k_to_sink),
		T(test_guard_2m_split),
		T(test_memtype_device_page),
		T(test_memtype_wt_ram),
		T(test_memtype_2m_mixed),
		T(test_no_ept12_identity),
		T(test_no_ept12_guarded),
		T(test_no_ept12_memtype),
		T(test_ad_read_sets_accessed),
		T(test_ad_write_sets_dirty),
		T(test_ad_dirtying_write_left_to_cpu),
		T(test_ad_large_leaf),
		T(test_ad_not_on_violation),
		T(test_ad_not_without_ept12),
		T(test_fill_1g_as_2m),
		T(test_fill_1g_without_2m_cap),
		T(test_memory_type_and_ipat_copied),
		T(test_ignored_bits),
		T(test_exec_only_with_cap),
		T(test_not_present_pml4e),
		T(test_not_present_pdpte),
		T(test_not_present_pde),
		T(test_not_present_pte),
		T(test_write_to_read_only),
		T(test_fetch_without_x),
		T(test_no_common_permission),
		T(test_violation_qual_bits),
		T(test_misconfig_write_without_read),
		T(test_misconfig_exec_only_without_cap),
		T(test_reserved_pml4e),
		T(test_reserved_pdpte_table),
		T(test_reserved_pde_table),
		T(test_reserved_1g_leaf),
		T(test_reserved_2m_leaf),
		T(test_reserved_above_maxphyaddr),
		T(test_bad_memory_types),
		T(test_bad_memory_types_large),
		T(test_large_pages_without_cap),
		T(test_misconfig_before_permissions),
		T(test_unreadable_table),
		T(test_relaxed_refill_sets_invept),
		T(test_4k_to_2m_refill),
		T(test_2m_to_4k_refill),
		T(test_pool_exhaustion_flushes),
		T(test_pool_just_enough),
		T(test_l1_memory_untouched),
	};

	return cmocka_run_group_tests_name("ept02", tests, NULL, NULL);
}
