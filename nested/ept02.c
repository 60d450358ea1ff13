// SPDX-License-Identifier: GPL-2.0
/*
 * EPT02, the shadow of L1's EPT12 that L2 runs on (see ept02.h). Pure:
 * EPT12 is read through hv_l1_phys_read(), EPT02 lives in the pool.
 */
#include "ept02.h"
#include "l1_access.h"
#include "../vmx/vmx_caps.h"

#define LEVEL_SHIFT(level) (3 + 9 * (level)) /* 1 = PT ... 4 = PML4 */
#define LEVEL_SIZE(level) (1ULL << LEVEL_SHIFT(level))
#define INDEX(gpa, level) (((gpa) >> LEVEL_SHIFT(level)) & 511)

/* Memory type (bits 5:3) and ignore-PAT (bit 6) of a leaf (SDM 28.2.6). */
#define EPT_MT_MASK (7ULL << HV_EPT_MT_SHIFT)
#define EPT_IPAT HV_BIT(6)

/* Reserved bits by format (SDM 28.2.2, tables 28-1 to 28-6). */
#define RSVD_PML4E 0xf8ULL /* bits 7:3 */
#define RSVD_NONLEAF 0x78ULL /* bits 6:3 of a PDPTE or PDE (bit 7 is 0) */
#define RSVD_1G 0x3ffff000ULL /* bits 29:12 */
#define RSVD_2M 0x1ff000ULL /* bits 20:12 */

enum ept12_walk_result { WALK_OK, WALK_NOT_PRESENT, WALK_MISCONFIG };

/* What a walk of EPT12 found. */
struct ept12_walk {
	u64 perm; /* AND of bits 2:0 over the entries read */
	u64 leaf; /* the entry that maps the page */
	int level; /* its level: 1 (4 KiB), 2 (2 MiB) or 3 (1 GiB) */
	u64 ent_gpa[5]; /* by level: where each entry read is in L1 memory */
	u64 ent[5]; /* ... and what it held */
	bool dirtied; /* this fault set the leaf's dirty flag */
};

/*
 * Whether L1 enabled EPT accessed and dirty flags for EPT12 (EPTP bit 6,
 * SDM 28.2.5; VM entry checked that L1 may). Not for an L2 without EPT12.
 */
static bool ept12_ad(const struct hv_ept02 *e)
{
	return e->eptp12 != HV_EPT02_NO_EPT12 && (e->eptp12 & HV_EPTP_AD);
}

/* Whether a present entry at @level maps a page rather than a table. */
static bool ept12_is_leaf(u64 ent, int level)
{
	return level == 1 || (level < 4 && (ent & HV_EPT_LARGE));
}

/*
 * SDM 28.2.3.1 "EPT Misconfigurations", for a present entry at @level:
 * bits 2:0 write-only (010b) or write/execute (110b); execute-only (100b)
 * where not supported (IA32_VMX_EPT_VPID_CAP bit 0); a reserved bit set,
 * among them bits 51:MAXPHYADDR and bit 7 of a PDPTE or PDE where 1 GiB or
 * 2 MiB pages are not supported (caps bits 17 and 16; SDM 28.2.2 and
 * A.10); or a leaf's memory type 2, 3 or 7.
 */
static bool ept12_misconfigured(const struct hv_ept02 *e, u64 ent, int level)
{
	u64 rwx = ent & HV_EPT_RWX, mt = (ent & EPT_MT_MASK) >> HV_EPT_MT_SHIFT;
	u32 m = e->maxphyaddr < 52 ? e->maxphyaddr : 52;
	u64 rsvd = ((1ULL << 52) - 1) & ~((1ULL << m) - 1);

	if ((rwx & HV_EPT_W) && !(rwx & HV_EPT_R))
		return true;
	if (rwx == HV_EPT_X && !(e->ept_cap & HV_EPT_CAP_XO))
		return true;
	switch (level) {
	case 4:
		rsvd |= RSVD_PML4E;
		break;
	case 3:
		if (!(ent & HV_EPT_LARGE))
			rsvd |= RSVD_NONLEAF;
		else if (e->ept_cap & HV_EPT_CAP_1G)
			rsvd |= RSVD_1G;
		else
			return true; /* bit 7 is reserved without 1 GiB pages */
		break;
	case 2:
		if (!(ent & HV_EPT_LARGE))
			rsvd |= RSVD_NONLEAF;
		else if (e->ept_cap & HV_EPT_CAP_2M)
			rsvd |= RSVD_2M;
		else
			return true; /* bit 7 is reserved without 2 MiB pages */
		break;
	}
	if (ent & rsvd)
		return true;
	return ept12_is_leaf(ent, level) && (mt == 2 || mt == 3 || mt == 7);
}

/*
 * Walk EPT12 for bits 47:0 of @gpa (the only ones a 4-level walk uses,
 * SDM 28.2.2) in the order of SDM 28.2.3.3: a not-present entry
 * (bits 2:0 all 0, SDM 28.2.2) ends the walk with a violation before its
 * other bits are looked at; a misconfigured one ends it with a
 * misconfiguration; permissions are judged by the caller once the leaf is
 * found. An entry hv_l1_phys_read() cannot read is all ones: misconfigured
 * at every level (bits 7:3 of a PML4E, memory type 7 of a PTE, bits 20:12
 * or 29:12 of a large page or bit 7 without large pages).
 */
static enum ept12_walk_result ept12_walk(const struct hv_ept02 *e, u64 gpa,
					 struct ept12_walk *w)
{
	u64 table = e->eptp12 & HV_EPT_ADDR_MASK;
	int level;

	w->perm = HV_EPT_RWX;
	w->leaf = 0;
	w->level = 0;
	w->dirtied = false;
	if (e->eptp12 == HV_EPT02_NO_EPT12) {
		/* L2's guest-physical addresses are L1's (ept02.h). */
		w->leaf = (gpa & HV_EPT_ADDR_MASK & ~(LEVEL_SIZE(3) - 1)) |
			  HV_EPT_RWX | ((u64)HV_MT_WB << HV_EPT_MT_SHIFT) |
			  HV_EPT_LARGE;
		w->level = 3;
		return WALK_OK;
	}
	for (level = 4; level >= 1; level--) {
		u64 ent;

		hv_l1_phys_read(table + INDEX(gpa, level) * 8, &ent,
				sizeof(ent));
		w->ent_gpa[level] = table + INDEX(gpa, level) * 8;
		w->ent[level] = ent;
		w->perm &= ent & HV_EPT_RWX;
		if (!(ent & HV_EPT_RWX))
			return WALK_NOT_PRESENT;
		if (ept12_misconfigured(e, ent, level))
			return WALK_MISCONFIG;
		if (ept12_is_leaf(ent, level)) {
			w->leaf = ent;
			w->level = level;
			return WALK_OK;
		}
		table = ent & HV_EPT_ADDR_MASK;
	}
	return WALK_MISCONFIG; /* not reached: level 1 is always a leaf */
}

/*
 * SDM 28.2.5 (with EPTP bit 6): a translation the CPU makes sets the
 * accessed flag (bit 8) of every EPT12 entry it uses, and a write (guest
 * paging-structure accesses count as writes, which the CPU reports so
 * because EPT02 has the flags enabled too: hv_ept02_eptp()) the dirty
 * flag (bit 9) of the leaf. L0 makes that translation for the CPU, so it
 * sets them, atomically as the CPU would. EPT02 maps the page without
 * write permission while the leaf's dirty flag is clear, so that the
 * first write comes back here.
 */
static void ept12_set_ad(struct ept12_walk *w, u64 access)
{
	int level;

	for (level = 4; level >= w->level; level--) {
		u64 bits = HV_EPT_A;

		if (level == w->level && (access & HV_EPT_QUAL_WRITE))
			bits |= HV_EPT_D;
		if ((w->ent[level] & bits) == bits ||
		    !hv_l1_phys_or64(w->ent_gpa[level], bits))
			continue;
		if ((bits & HV_EPT_D) && !(w->ent[level] & HV_EPT_D))
			w->dirtied = true;
		w->ent[level] |= bits;
	}
	w->leaf = w->ent[w->level];
}

/*
 * Zero a table. The barrier keeps the compiler from turning the loop into
 * a call of Linux's memset (scripts/check-root-link.sh).
 */
static void ept02_zero(u64 *table)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		table[i] = 0;
		barrier();
	}
}

/* The pool page at physical address @pa, or NULL. */
static u64 *ept02_va(const struct hv_ept02 *e, u64 pa)
{
	unsigned int i;

	for (i = 1; i < e->pool.used; i++)
		if (e->pool.pa[i] == pa)
			return e->pool.va[i];
	return NULL;
}

/*
 * The EPT02 table below entry @i of @table, made (zeroed, RWX, SDM
 * 28.2.2) when the entry is not present or maps a page. Replacing a
 * present entry sets *invept. NULL when the pool is used up.
 */
static u64 *ept02_next(struct hv_ept02 *e, u64 *table, unsigned int i,
		       bool *invept)
{
	struct hv_page_pool *p = &e->pool;
	u64 ent = table[i], *next = NULL;

	if ((ent & HV_EPT_RWX) && !(ent & HV_EPT_LARGE))
		next = ept02_va(e, ent & HV_EPT_ADDR_MASK);
	if (next)
		return next;
	if (p->used >= p->nr)
		return NULL;
	next = p->va[p->used];
	ept02_zero(next);
	if (ent & HV_EPT_RWX)
		*invept = true;
	table[i] = p->pa[p->used++] | HV_EPT_RWX;
	return next;
}

/*
 * SDM Table 11-7 (effective memory type from MTRR and PAT types), with
 * EPT01's type in the MTRR's place (what the host's MTRRs make of the
 * page) and EPT12's in the PAT's (what L1 asks for L2). For RAM, EPT01
 * is WB and L1's type stands; for device memory (UC) only WC survives,
 * as a PAT could make it. SDM 28.2.7 then combines the result with L2's
 * PAT as it would EPT12's.
 */
static u64 ept02_mt(int mt01, u64 mt12)
{
	switch (mt01) {
	case HV_MT_UC:
		return mt12 == HV_MT_WC ? HV_MT_WC : HV_MT_UC;
	case HV_MT_WC:
		return mt12 == HV_MT_WC || mt12 == HV_MT_WB ? HV_MT_WC : HV_MT_UC;
	case HV_MT_WT:
		return mt12 == HV_MT_WB ? HV_MT_WT : mt12;
	case HV_MT_WP:
		return mt12 == HV_MT_WB ? HV_MT_WP :
		       mt12 == HV_MT_UC ? HV_MT_UC :
		       mt12 == HV_MT_WC ? HV_MT_WC : mt12 == HV_MT_WT ? HV_MT_WT :
					 HV_MT_WP;
	default: /* WB, or no MTRR state: L1's type */
		return mt12;
	}
}

/* EPT01's memory type over [pa, pa + size), HV_MT_MIXED if not one. */
static int ept02_mt01(const struct hv_ept02 *e, u64 pa, u64 size)
{
	return e->mtrr ? hv_mtrr_range_type(e->mtrr, pa, size) : HV_MT_WB;
}

/*
 * Map the page of @gpa in EPT02 after the EPT12 walk @w: a 4 KiB leaf for
 * a 4 KiB EPT12 page, else a 2 MiB leaf (if L1 may use large pages, so may
 * EPT02: ept_cap is within the CPU's). False when the pool ran out.
 */
static bool ept02_install(struct hv_ept02 *e, u64 gpa,
			  const struct ept12_walk *w, bool *invept)
{
	int level = w->level > 1 && (e->ept_cap & HV_EPT_CAP_2M) ? 2 : 1;
	u64 size12 = LEVEL_SIZE(w->level), size02;
	u64 pa = (w->leaf & HV_EPT_ADDR_MASK & ~(size12 - 1)) |
		 (gpa & (size12 - 1));
	u64 base2m = pa & ~(LEVEL_SIZE(2) - 1);
	u64 *table = e->pool.va[0], ent;
	int l, mt01 = level == 2 ? ept02_mt01(e, base2m, LEVEL_SIZE(2)) : 0;
	u64 perm = w->perm, ad02 = 0;

	/*
	 * Not yet dirty in EPT12: its first write must reach L0. Dirty
	 * before this fault: EPT02's own flags are set, so that the CPU does
	 * not log the page for PML again (SDM 28.2.6: it logs as it sets a
	 * dirty flag). Dirtied by this fault: EPT02's dirty flag is clear,
	 * and the write, done again, is logged by the CPU into L1's PML page
	 * (VMCS02 takes it, nested/vmcs02.c) as it would have been on EPT12.
	 */
	if (ept12_ad(e)) {
		if (!(w->leaf & HV_EPT_D))
			perm &= ~HV_EPT_W;
		else if (!w->dirtied)
			ad02 = HV_EPT_A | HV_EPT_D;
	}

	/*
	 * A large page over more than one memory type of EPT01, or over
	 * hvnest's memory: 4 KiB pages there.
	 */
	if (level == 2 && (mt01 == HV_MT_MIXED ||
			   hv_guard_hit(e->guard, base2m, LEVEL_SIZE(2))))
		level = 1;
	size02 = LEVEL_SIZE(level);
	pa &= ~(size02 - 1);
	if (level == 1) {
		mt01 = ept02_mt01(e, pa, size02);
		if (hv_guard_hit(e->guard, pa, size02)) {
			pa = e->sink_pa;
			e->guarded++;
		}
	}

	for (l = 4; l > level; l--) {
		table = ept02_next(e, table, INDEX(gpa, l), invept);
		if (!table)
			return false;
	}
	ent = pa | perm | ad02 |
	      (ept02_mt(mt01, (w->leaf & EPT_MT_MASK) >> HV_EPT_MT_SHIFT)
	       << HV_EPT_MT_SHIFT) |
	      (w->leaf & EPT_IPAT) |
	      (level > 1 ? HV_EPT_LARGE : 0);
	if (table[INDEX(gpa, level)] & HV_EPT_RWX)
		*invept = true;
	table[INDEX(gpa, level)] = ent;
	return true;
}

void hv_ept02_flush(struct hv_ept02 *e, u64 eptp12)
{
	ept02_zero(e->pool.va[0]);
	e->pool.used = 1;
	e->eptp12 = eptp12;
	e->flushes++;
}

u64 hv_ept02_eptp(const struct hv_ept02 *e)
{
	/* With EPT12's A/D flags the CPU reports page walks as writes. */
	return e->pool.pa[0] | HV_EPTP_WB_4LEVEL |
	       (ept12_ad(e) ? HV_EPTP_AD : 0);
}

/* L1's exit qualification for a violation (SDM 27.2.1, table 27-7). */
static u64 ept02_qual12(const struct hv_ept02 *e, u64 qual, u64 perm)
{
	u64 keep = HV_EPT_QUAL_ACCESS | HV_EPT_QUAL_GLA_VALID |
		   HV_EPT_QUAL_GLA_XLAT | HV_EPT_QUAL_NMI_UNBLOCK;

	/* Bits 11:9 are reserved (0) without advanced exit information. */
	if (e->ept_cap & HV_EPT_CAP_ADV_INFO)
		keep |= HV_EPT_QUAL_ADVANCED;
	return (qual & keep) | (perm << HV_EPT_QUAL_PERM_SHIFT);
}

enum hv_ept02_action hv_ept02_fault(struct hv_ept02 *e, u64 gpa, u64 qual,
				    u64 *qual12, bool *invept)
{
	u64 access = qual & HV_EPT_QUAL_ACCESS; /* bits match R, W, X */
	struct ept12_walk w;

	*qual12 = 0;
	*invept = false;
	switch (ept12_walk(e, gpa, &w)) {
	case WALK_MISCONFIG:
		return HV_EPT02_MISCONFIG;
	case WALK_NOT_PRESENT:
		*qual12 = ept02_qual12(e, qual, w.perm);
		return HV_EPT02_VIOLATION;
	case WALK_OK:
		break;
	}
	/*
	 * SDM 28.2.3.2: a read, write or fetch with bit 0, 1 or 2 clear in
	 * any entry is a violation. So is an access through entries that
	 * grant nothing in common: there is no translation to install.
	 */
	if ((access & ~w.perm) || !w.perm) {
		*qual12 = ept02_qual12(e, qual, w.perm);
		return HV_EPT02_VIOLATION;
	}
	if (ept12_ad(e))
		ept12_set_ad(&w, access);
	if (!ept02_install(e, gpa, &w, invept)) {
		/* Tables reused: what the CPU cached of them must go. */
		hv_ept02_flush(e, e->eptp12);
		*invept = true;
		if (!ept02_install(e, gpa, &w, invept))
			return HV_EPT02_FIXED; /* below HV_EPT02_MIN_PAGES */
	}
	e->fills++;
	return HV_EPT02_FIXED;
}
