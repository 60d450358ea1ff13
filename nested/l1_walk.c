// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing L1's linear addresses through L1's own paging (see
 * l1_access.h). Pure logic: memory only through hv_l1_phys_*().
 */
#include "l1_access.h"

/* Paging-structure entries, SDM 4.5, Tables 4-15 to 4-20. */
#define PTE_P HV_BIT(0)
#define PTE_RW HV_BIT(1)
#define PTE_US HV_BIT(2)
#define PTE_A HV_BIT(5)
#define PTE_D HV_BIT(6)
#define PTE_PS HV_BIT(7)
#define PTE_XD HV_BIT(63)
/* Reserved in a PDPTE mapping 1 GiB and a PDE mapping 2 MiB (bit 12: PAT). */
#define PTE_RSVD_1G (((1ULL << 30) - 1) & ~((1ULL << 13) - 1))
#define PTE_RSVD_2M (((1ULL << 21) - 1) & ~((1ULL << 13) - 1))

/* #PF error code, SDM 4.7, Figure 4-12. */
#define PFEC_P HV_BIT(0)
#define PFEC_W HV_BIT(1)
#define PFEC_RSVD HV_BIT(3)

#define CR0_WP HV_BIT(16)
#define CR0_PG HV_BIT(31)
#define CR4_LA57 HV_BIT(12)
#define CR4_SMAP HV_BIT(21)
#define EFER_LMA HV_BIT(10)
#define EFER_NXE HV_BIT(11)
#define RFLAGS_AC HV_BIT(18)

#define L1_PAGE 4096ULL
#define L1_MAX_LEVELS 5

/* One page's translation and the paging-structure entries it used. */
struct hv_l1_xlate {
	u64 pa;
	u64 entry_gpa[L1_MAX_LEVELS];
	u64 entry[L1_MAX_LEVELS];
	unsigned int n; /* entries used: 0 without paging */
};

static bool hv_l1_pf(struct hv_l1_fault *f, u64 la, u32 ec)
{
	f->vector = HV_L1_PF;
	f->has_error_code = true;
	f->error_code = ec;
	f->cr2 = la;
	return false;
}

static bool hv_l1_fault0(struct hv_l1_fault *f, u8 vector, bool has_ec)
{
	f->vector = vector;
	f->has_error_code = has_ec;
	f->error_code = 0;
	f->cr2 = 0;
	return false;
}

/* Bits MAXPHYADDR-1:0 (SDM 4.1.4); 52 when the view gives no sane value. */
static u64 hv_l1_phys_mask(const struct hv_l1_view *v)
{
	u32 bits = v->maxphyaddr;

	if (bits < 32 || bits > 52)
		bits = 52;
	return (1ULL << bits) - 1;
}

/* SDM 3.3.7.1, 4.5.1: bits 63 to 47 (56 with LA57) all equal. */
static bool hv_l1_canonical(const struct hv_l1_view *v, u64 la)
{
	unsigned int bits = (v->cr4 & CR4_LA57) ? 57 : 48;
	u64 top = la >> (bits - 1);

	return top == 0 || top == ~0ULL >> (bits - 1);
}

/*
 * Translate one linear address for a supervisor-mode data access (SDM 4.5
 * for the walk, 4.6 for the access rights), changing nothing: the A and D
 * flags are set by hv_l1_commit() once the whole access has translated.
 */
static bool hv_l1_walk(const struct hv_l1_view *v, u64 la, bool write,
		       struct hv_l1_xlate *x, struct hv_l1_fault *f)
{
	u64 pmask = hv_l1_phys_mask(v);
	u64 rsvd = ((1ULL << 52) - 1) & ~pmask; /* bits 51:MAXPHYADDR */
	u32 ecw = write ? PFEC_W : 0;
	bool writable = true, user = true;
	u64 table;
	int level;

	x->n = 0;
	if (!(v->cr0 & CR0_PG)) {
		x->pa = la; /* SDM 4.1.1: no paging, linear is physical */
		return true;
	}
	/*
	 * 32-bit and PAE paging (SDM 4.3, 4.4) are not implemented: L1 is
	 * always in IA-32e mode (hvnest takes over a running 64-bit Linux).
	 * #UD makes a future caller that reaches this visibly wrong rather
	 * than silently mistranslating.
	 */
	if (!(v->efer & EFER_LMA))
		return hv_l1_fault0(f, HV_L1_UD, false);
	if (!(v->efer & EFER_NXE))
		rsvd |= PTE_XD; /* SDM 4.5.4, Tables 4-15 to 4-20 */

	/* SDM 4.5.2: CR3 bits MAXPHYADDR-1:12 locate the top table. */
	table = v->cr3 & pmask & ~(L1_PAGE - 1);
	for (level = (v->cr4 & CR4_LA57) ? 5 : 4; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 gpa = table + ((la >> shift) & 511) * 8;
		u64 e, r = rsvd;

		if (!hv_l1_phys_read(gpa, &e, sizeof(e)))
			e = ~0ULL; /* unbacked memory reads as all ones */
		x->entry_gpa[x->n] = gpa;
		x->entry[x->n++] = e;
		if (!(e & PTE_P))
			return hv_l1_pf(f, la, ecw);
		/* SDM 4.5.4: PS is reserved in a PML5E and a PML4E. */
		if (level >= 4)
			r |= PTE_PS;
		else if (level == 3 && (e & PTE_PS))
			r |= PTE_RSVD_1G;
		else if (level == 2 && (e & PTE_PS))
			r |= PTE_RSVD_2M;
		if (e & r)
			return hv_l1_pf(f, la, PFEC_P | ecw | PFEC_RSVD);

		/* SDM 4.6.1: rights are the AND over every level. */
		writable &= !!(e & PTE_RW);
		user &= !!(e & PTE_US);
		if (level == 1 || (level <= 3 && (e & PTE_PS))) {
			u64 size = 1ULL << shift;

			x->pa = (e & pmask & ~(size - 1)) | (la & (size - 1));
			break;
		}
		table = e & pmask & ~(L1_PAGE - 1);
	}

	/*
	 * SDM 4.6.1, supervisor-mode data accesses: to a user-mode address
	 * only if SMAP is off or RFLAGS.AC=1 (explicit access); a write to a
	 * read-only address only if CR0.WP=0 (for user-mode addresses this
	 * also needs SMAP off or AC=1, which the first check already gives).
	 */
	if (user && (v->cr4 & CR4_SMAP) && !(v->rflags & RFLAGS_AC))
		return hv_l1_pf(f, la, PFEC_P | ecw);
	if (write && !writable && (v->cr0 & CR0_WP))
		return hv_l1_pf(f, la, PFEC_P | ecw);
	return true;
}

/*
 * Set the accessed flag of every entry the translation used and, for a
 * write, the dirty flag of the one that maps the page (SDM 4.8), each with
 * a locked OR as the processor does, and only where still clear.
 */
static void hv_l1_commit(const struct hv_l1_xlate *x, bool write)
{
	unsigned int i;

	for (i = 0; i < x->n; i++) {
		u64 bits = PTE_A;

		if (write && i == x->n - 1)
			bits |= PTE_D;
		if ((x->entry[i] & bits) != bits)
			hv_l1_phys_or64(x->entry_gpa[i], bits);
	}
}

/*
 * Up to 4 KiB at a time, so at most two pages: translate both, and only
 * then set A/D and move bytes, so that a fault changes nothing (CR2: the
 * first byte of the access in the page that faults).
 */
static bool hv_l1_access(const struct hv_l1_view *v, u64 la, u8 *rbuf,
			 const u8 *wbuf, u32 len, bool write,
			 struct hv_l1_fault *f)
{
	bool paged64 = (v->cr0 & CR0_PG) && (v->efer & EFER_LMA);
	/* Linear addresses wrap at 4 GiB outside IA-32e mode (SDM 3.4). */
	u64 lamask = (v->efer & EFER_LMA) ? ~0ULL : 0xffffffffULL;
	u32 done = 0;

	la &= lamask;
	if (paged64 && (!hv_l1_canonical(v, la) ||
			!hv_l1_canonical(v, la + (len ? len - 1 : 0))))
		return hv_l1_fault0(f, HV_L1_GP, true);

	while (done < len) {
		struct hv_l1_xlate x[2];
		u32 chunk = len - done, n[2];
		int i, pages;

		if (chunk > L1_PAGE)
			chunk = L1_PAGE;
		n[0] = L1_PAGE - (la & (L1_PAGE - 1));
		if (n[0] > chunk)
			n[0] = chunk;
		n[1] = chunk - n[0];
		pages = n[1] ? 2 : 1;

		if (!hv_l1_walk(v, la, write, &x[0], f))
			return false;
		if (pages == 2) {
			u64 la2 = (la + n[0]) & lamask;

			if (!hv_l1_walk(v, la2, write, &x[1], f))
				return false;
		}
		for (i = 0; i < pages; i++)
			hv_l1_commit(&x[i], write);
		for (i = 0; i < pages; i++) {
			u32 off = done + (i ? n[0] : 0);

			/* Unbacked memory: reads see all ones, writes drop. */
			if (write)
				hv_l1_phys_write(x[i].pa, wbuf + off, n[i]);
			else
				hv_l1_phys_read(x[i].pa, rbuf + off, n[i]);
		}
		done += chunk;
		la = (la + chunk) & lamask;
	}
	return true;
}

bool hv_l1_read_linear(const struct hv_l1_view *v, u64 la, void *buf,
		       u32 len, struct hv_l1_fault *f)
{
	return hv_l1_access(v, la, buf, NULL, len, false, f);
}

bool hv_l1_write_linear(const struct hv_l1_view *v, u64 la, const void *buf,
			u32 len, struct hv_l1_fault *f)
{
	return hv_l1_access(v, la, NULL, buf, len, true, f);
}
