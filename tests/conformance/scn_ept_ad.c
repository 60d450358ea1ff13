// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios of EPT accessed and dirty flags (SDM 28.2.5 in the editions
 * whose chapter 26 is "VM Entries", as elsewhere in the suite): with EPTP
 * bit 6, a translation sets the accessed flag (bit 8) of every EPT entry
 * it uses and a write the dirty flag (bit 9) of the leaf; accesses to the
 * guest's paging structures count as writes. The suite's EPT starts
 * with no flag set; after the guest ran, each scenario prints the flags
 * of the entries above the guest's pages and of the 16 pages' leaves.
 */
#include "vmxconf.h"

#define VC_EPT_A	BIT_ULL(8)
#define VC_EPT_D	BIT_ULL(9)

/* '-' neither, 'a' accessed, 'd' accessed and dirty, 'D' dirty only. */
static char vc_ad_char(u64 ent)
{
	static const char c[] = "-aDd";

	return c[(ent & VC_EPT_A ? 1 : 0) | (ent & VC_EPT_D ? 2 : 0)];
}

static void vc_put_ad(struct vc_ctx *c)
{
	char leaves[VC_GUEST_PAGES + 1];
	unsigned int i;

	for (i = 0; i < VC_GUEST_PAGES; i++)
		leaves[i] = vc_ad_char(c->ept_pt[i]);
	leaves[i] = '\0';
	vc_put(c, "pml4e=%c pdpte=%c pde=%c pages=%s",
	       vc_ad_char(c->ept_pml4[0]), vc_ad_char(c->ept_pdpt[0]),
	       vc_ad_char(c->ept_pd[0]), leaves);
}

/* The guest runs @snippet with RBX @rbx on an EPT with A/D flags on. */
static void vc_ept_ad_run(struct vc_ctx *c, const u8 *snippet, u64 rbx)
{
	vc_put(c, "ad=%d", !!(vc_caps.ept_vpid & VMX_EPT_AD_BIT));
	vc_wr(c, EPT_POINTER, vc_eptp(c) | VMX_EPTP_AD_ENABLE_BIT);
	vc_invept_all(c);
	vc_guest_at(c, snippet);
	c->regs.rbx = rbx;
	c->regs.rcx = 0x5a;
	vc_run_put(c);
	vc_put_ad(c);
}

/* A read: accessed flags only, on the data page and the code's. */
static void ept_ad_read(struct vc_ctx *c)
{
	vc_ept_ad_run(c, vcg_load_rbx, VC_GPA_DATA);
}

/* A write: the data page is dirty too. */
static void ept_ad_write(struct vc_ctx *c)
{
	vc_ept_ad_run(c, vcg_store_rbx, VC_GPA_DATA2);
}

/*
 * An event through the guest's IDT: the IDT, GDT and stack pages, the
 * stack's written (the frame), the others read.
 */
static void ept_ad_interrupt(struct vc_ctx *c)
{
	vc_ept_ad_run(c, vcg_int_n, 0);
}

/* A/D flags off (the default): the CPU writes no flag. */
static void ept_ad_off_untouched(struct vc_ctx *c)
{
	vc_guest_at(c, vcg_store_rbx);
	c->regs.rbx = VC_GPA_DATA2;
	vc_run_put(c);
	vc_put_ad(c);
}

/*
 * Flags the guest's run set stay, and a second run after L1 cleared one
 * and invalidated (INVEPT) sets it again.
 */
static void ept_ad_cleared_set_again(struct vc_ctx *c)
{
	vc_ept_ad_run(c, vcg_store_rbx, VC_GPA_DATA2);
	c->ept_pt[VC_GPA_DATA2 >> PAGE_SHIFT] &= ~(VC_EPT_A | VC_EPT_D);
	vc_invept_all(c);
	vc_guest_at(c, vcg_load_rbx);
	c->regs.rbx = VC_GPA_DATA2;
	vc_run_put(c);
	vc_put_ad(c);
}

/*
 * PML (SDM 28.2.6, "Page-Modification Logging"): with EPT A/D flags on,
 * each dirty flag the CPU sets logs the guest-physical address of the
 * write (4-KiB aligned) at the PML index of the 512-entry log (c->spare),
 * which then decrements; an index beyond 511 is a PML-full exit instead.
 * Prints the exit, the index after it, and the addresses logged.
 */
static void vc_pml_run(struct vc_ctx *c, bool ad, u16 index)
{
	u64 *log = c->spare, left;
	unsigned int i;

	vc_put(c, "pml=%d ad=%d",
	       !!(vc_caps.proc2 & ((u64)SECONDARY_EXEC_ENABLE_PML << 32)),
	       !!(vc_caps.ept_vpid & VMX_EPT_AD_BIT));
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_PML, 0);
	vc_wr(c, PML_ADDRESS, c->spare_pa);
	vc_wr(c, GUEST_PML_INDEX, index);
	vc_wr(c, EPT_POINTER, vc_eptp(c) | (ad ? VMX_EPTP_AD_ENABLE_BIT : 0));
	vc_invept_all(c);
	vc_guest_at(c, vcg_store_rbx);
	c->regs.rbx = VC_GPA_DATA2;
	c->regs.rcx = 0x5a;
	vc_run_put(c);
	left = vc_rd(GUEST_PML_INDEX);
	vc_put(c, "index=%#llx", left);
	if (left >= 511)
		return;	/* nothing logged, or the log was full already */
	vc_put(c, "logged=");
	for (i = left + 1; i < 512; i++)
		vc_put(c, "%#llx", log[i]);
}

/* A write to a clean page: its address logged (and the page tables'). */
static void ept_pml_logs_write(struct vc_ctx *c)
{
	vc_pml_run(c, true, 511);
}

/* Without EPT A/D flags nothing is logged. */
static void ept_pml_without_ad(struct vc_ctx *c)
{
	vc_pml_run(c, false, 511);
}

/* Index FFFFH (the log full): the first dirtying write is a PML-full exit. */
static void ept_pml_full_exit(struct vc_ctx *c)
{
	vc_pml_run(c, true, 0xffff);
}

/* PML needs "enable EPT": VMfailValid(7) (SDM 26.2.1.1). */
static void ctl_pml_without_ept(struct vc_ctx *c)
{
	vc_set_ctl(c, SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_PML,
		   SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_UNRESTRICTED_GUEST);
	vc_wr(c, PML_ADDRESS, c->spare_pa);
	vc_guest_at(c, vcg_vmcall);
	vc_run_put(c);
}

#define S(name) { #name, name, 0 }
const struct vc_scn vc_scn_ept_ad[] = {
	S(ept_ad_read),
	S(ept_ad_write),
	S(ept_ad_interrupt),
	S(ept_ad_off_untouched),
	S(ept_ad_cleared_set_again),
	S(ept_pml_logs_write),
	S(ept_pml_without_ad),
	S(ept_pml_full_exit),
	S(ctl_pml_without_ept),
};
const unsigned int vc_scn_ept_ad_nr = ARRAY_SIZE(vc_scn_ept_ad);
