// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: INIT and SIPI under hvnest, with a way back. A CPU takes an
 * INIT (hvnest_test_init_self(), hvnest loaded with test_init=1: the same
 * handling as an INIT exit, apic/init_sipi.c), so it is reset and waits
 * for a SIPI in VMX non-root operation. This module then sends it SIPIs
 * through the local APIC, as Linux does to start a CPU. The SIPI starts it
 * in real mode at a page of ours below 1 MiB, whose code marks each mode
 * it reaches on its way to 64-bit mode (real, protected, IA-32e), then
 * puts back the Linux context the CPU had before the INIT
 * (hvnest_sipitest_asm.S): the CPU runs Linux again, still under hvnest.
 *
 * Bochs 2.7 cannot run a real INIT exit followed by a SIPI (its INIT stays
 * pending, docs/emulated-machine.md); hvnest_test_init_self() takes the
 * same path without the INIT signal. Loading prints one line per check
 * and fails (-EIO) if any does not hold. With vmx=1 the CPU is in VMX
 * operation of its own (VMXON; hvnest loaded with nested=1) when the INIT
 * comes: hvnest must hold it (SDM 23.8) until the VMXOFF, which the INIT
 * then resets.
 *
 *   insmod hvnest.ko test_init=1 [nested=1]
 *   insmod hvnest_sipitest.ko cpu=N [page=0x7000] [vmx=1]
 *
 * hvnest refuses to unload afterwards, as for any CPU an INIT reset.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>

#include "hvnest_sipitest.h"

int hvnest_test_init_self(void);

static unsigned int cpu = 1;
module_param(cpu, uint, 0400);
MODULE_PARM_DESC(cpu, "the CPU that takes the INIT (default 1)");

static unsigned long page = 0x7000;
module_param(page, ulong, 0400);
MODULE_PARM_DESC(page, "physical page below 1 MiB for the SIPI code (default 0x7000); its contents are put back");

static bool vmx;
module_param(vmx, bool, 0400);
MODULE_PARM_DESC(vmx, "take the INIT in VMX root operation (needs hvnest nested=1): held until VMXOFF");

static struct sipi_ctx ctx;
static void *vmxon_region;
static int park_result = 1; /* 1: not parked yet */

#define SIPI_TRIES 100

/* The fields of the stub's data block, in its low page. */
static u32 *stub32(u8 *stub, unsigned int off)
{
	return (u32 *)(stub + off);
}

static u64 *stub64(u8 *stub, unsigned int off)
{
	return (u64 *)(stub + off);
}

/*
 * The stub's page table: its own 2 MiB 1:1 (it runs there until the jump
 * into the module) and Linux's kernel half (the module, its data, the
 * stack), which is the same in every page table.
 */
static void sipitest_page_table(u64 *pml4, u64 *pdpt, u64 *pd)
{
	pgd_t *linux_pgd = __va(__read_cr3() & CR3_ADDR_MASK);
	unsigned int i;

	pd[0] = 0 | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
	pdpt[0] = __pa(pd) | _PAGE_PRESENT | _PAGE_RW;
	pml4[0] = __pa(pdpt) | _PAGE_PRESENT | _PAGE_RW;
	for (i = PTRS_PER_PGD / 2; i < PTRS_PER_PGD; i++)
		pml4[i] = pgd_val(linux_pgd[i]);
}

/* hvnest_sipitest_asm.S reads struct sipi_ctx by these offsets. */
#define CTX_AT(f, off) static_assert(offsetof(struct sipi_ctx, f) == (off))
CTX_AT(rbx, CTX_RBX);
CTX_AT(rsp, CTX_RSP);
CTX_AT(rflags, CTX_RFLAGS);
CTX_AT(cr0, CTX_CR0);
CTX_AT(efer, CTX_EFER);
CTX_AT(kernel_gs_base, CTX_KERNEL_GS_BASE);
CTX_AT(debugctl, CTX_DEBUGCTL);
CTX_AT(dr7, CTX_DR7);
CTX_AT(tss_desc, CTX_TSS_DESC);
CTX_AT(gdt, CTX_GDT);
CTX_AT(idt, CTX_IDT);
CTX_AT(tr, CTX_TR);
CTX_AT(cs, CTX_CS);
CTX_AT(gdt_rw, CTX_GDT_RW);
static_assert(sizeof(struct sipi_ctx) == CTX_SIZE);

/* What sipitest_park and sipitest_resume do not keep themselves. */
static void sipitest_save_ctx(struct sipi_ctx *x)
{
	unsigned int me = smp_processor_id();

	x->cr0 = read_cr0();
	x->cr3 = __read_cr3();
	x->cr4 = __read_cr4();
	rdmsrl(MSR_EFER, x->efer);
	rdmsrl(MSR_FS_BASE, x->fs_base);
	rdmsrl(MSR_GS_BASE, x->gs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, x->kernel_gs_base);
	rdmsrl(MSR_IA32_SYSENTER_CS, x->sysenter_cs);
	rdmsrl(MSR_IA32_SYSENTER_ESP, x->sysenter_esp);
	rdmsrl(MSR_IA32_SYSENTER_EIP, x->sysenter_eip);
	rdmsrl(MSR_IA32_DEBUGCTLMSR, x->debugctl);
	get_debugreg(x->dr7, 7);
	native_store_gdt(&x->gdt);
	store_idt(&x->idt);
	x->gdt_rw.address = (unsigned long)get_cpu_gdt_rw(me);
	x->gdt_rw.size = x->gdt.size;
	x->tss_desc = (u64)&get_cpu_gdt_rw(me)[GDT_ENTRY_TSS];
	asm volatile("str %0" : "=m"(x->tr));
	asm volatile("sldt %0" : "=m"(x->ldt));
	savesegment(ds, x->ds);
	savesegment(es, x->es);
	savesegment(ss, x->ss);
	savesegment(cs, x->cs);
}

/* VMXON on this CPU (SDM 23.7): false if the CPU refuses. */
static bool sipitest_vmxon(void)
{
	u64 basic, pa = __pa(vmxon_region);
	bool fail;

	rdmsrl(MSR_IA32_VMX_BASIC, basic);
	*(u32 *)vmxon_region = basic & 0x7fffffff;
	cr4_set_bits_irqsoff(X86_CR4_VMXE);
	asm volatile("vmxon %1\n\tsetna %0"
		     : "=qm"(fail)
		     : "m"(pa)
		     : "cc", "memory");
	if (fail)
		cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	return !fail;
}

/* On the target CPU, interrupts off (an IPI). */
static void sipitest_park_here(void *unused)
{
	int r;

	/* Linux's CR4 without VMXE: what the INIT leaves it to restore. */
	sipitest_save_ctx(&ctx);
	if (!vmx) {
		WRITE_ONCE(park_result, sipitest_park(&ctx, false));
		return;
	}
	if (!sipitest_vmxon()) {
		WRITE_ONCE(park_result, -ENODEV);
		return;
	}
	r = sipitest_park(&ctx, true);
	if (r < 0) /* the INIT was not held: VMX still on */
		asm volatile("vmxoff" ::: "cc");
	/* The round trip put back CR4 without VMXE, or VMX is off. */
	cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	WRITE_ONCE(park_result, r);
}

static bool sipitest_mark(u8 *stub, unsigned int off, u32 magic,
			  const char *mode)
{
	u32 seen = READ_ONCE(*stub32(stub, off));

	pr_info("%s: %s (%#x)\n", mode, seen == magic ? "reached" : "not reached",
		seen);
	return seen == magic;
}

static void sipitest_cpuid_sig(void *sig)
{
	u32 eax, regs[3];

	cpuid(0x40000000, &eax, &regs[0], &regs[1], &regs[2]);
	memcpy(sig, regs, 12);
}

static int sipitest_run(u8 *stub)
{
	u32 apicid = per_cpu(x86_cpu_to_apicid, cpu);
	char sig[13] = "";
	unsigned int i, sipis = 0;
	bool ok = true;

	smp_call_function_single(cpu, sipitest_park_here, NULL, 0);
	/* A SIPI is ignored until the CPU waits for one: send until seen. */
	for (i = 0; i < SIPI_TRIES && READ_ONCE(park_result) == 1; i++) {
		mdelay(10);
		safe_apic_wait_icr_idle();
		apic_icr_write(APIC_DM_STARTUP | (page >> PAGE_SHIFT), apicid);
		sipis++;
	}
	for (i = 0; i < SIPI_TRIES && READ_ONCE(park_result) == 1; i++)
		mdelay(10);
	pr_info("SIPIs sent: %u, vector %#lx, to APIC ID %u\n", sipis,
		page >> PAGE_SHIFT, apicid);
	ok &= sipitest_mark(stub, STUB_REAL, SIPI_MAGIC_REAL, "real mode");
	ok &= sipitest_mark(stub, STUB_PROT, SIPI_MAGIC_PROT, "protected mode");
	ok &= sipitest_mark(stub, STUB_LONG, SIPI_MAGIC_LONG, "IA-32e mode");
	if (READ_ONCE(park_result)) {
		pr_err("CPU %u did not come back (park result %d)\n", cpu,
		       READ_ONCE(park_result));
		return -EIO; /* the CPU is lost: keep the pages as they are */
	}
	pr_info("CPU %u is back in Linux\n", cpu);
	/* It answers IPIs again, and it still runs under hvnest. */
	smp_call_function_single(cpu, sipitest_cpuid_sig, sig, 1);
	pr_info("CPU %u CPUID 0x40000000 signature: '%s'\n", cpu, sig);
	ok &= !strcmp(sig, "hvnest");
	return ok ? 0 : -EIO;
}

static int __init sipitest_init(void)
{
	u64 *pml4 = NULL, *pdpt = NULL, *pd = NULL;
	u8 *stub, *saved;
	int err;

	if (cpu >= nr_cpu_ids || !cpu_online(cpu) ||
	    cpu == raw_smp_processor_id() || page >= SZ_1M ||
	    (page & ~PAGE_MASK)) {
		pr_err("need another online CPU and a page below 1 MiB (cpu %u, page %#lx)\n",
		       cpu, page);
		return -EINVAL;
	}
	stub = phys_to_virt(page);
	saved = kmalloc(PAGE_SIZE, GFP_KERNEL);
	vmxon_region = (void *)get_zeroed_page(GFP_KERNEL);
	pml4 = (u64 *)get_zeroed_page(GFP_KERNEL | GFP_DMA32);
	pdpt = (u64 *)get_zeroed_page(GFP_KERNEL | GFP_DMA32);
	pd = (u64 *)get_zeroed_page(GFP_KERNEL | GFP_DMA32);
	err = -ENOMEM;
	if (!saved || !pml4 || !pdpt || !pd || !vmxon_region)
		goto out;
	memcpy(saved, stub, PAGE_SIZE);
	memcpy(stub, sipitest_stub, STUB_SIZE);
	*stub32(stub, STUB_BASE) = page;
	*stub32(stub, STUB_FAR32) += page;
	*stub32(stub, STUB_FAR64) += page;
	*stub32(stub, STUB_GDT_DESC + 2) += page;
	*stub32(stub, STUB_PML4) = __pa(pml4);
	*stub64(stub, STUB_CTX) = (u64)&ctx;
	*stub64(stub, STUB_RESUME) = (u64)sipitest_resume;
	sipitest_page_table(pml4, pdpt, pd);
	wbinvd(); /* the CPU starts with caches off (CR0.CD, Table 9-1) */
	err = sipitest_run(stub);
	if (READ_ONCE(park_result) == 1) {
		/* The CPU may still run there: leave the pages to it. */
		pr_err("leaving page %#lx and the page table in place\n", page);
		return err;
	}
	memcpy(stub, saved, PAGE_SIZE);
out:
	free_page((unsigned long)pd);
	free_page((unsigned long)pdpt);
	free_page((unsigned long)pml4);
	free_page((unsigned long)vmxon_region);
	kfree(saved);
	return err;
}

static void __exit sipitest_exit(void)
{
}

module_init(sipitest_init);
module_exit(sipitest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvnest test: INIT, then SIPI into real mode and back to Linux");
