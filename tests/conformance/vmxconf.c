// SPDX-License-Identifier: GPL-2.0
/*
 * hvnest_vmxconf.ko: the VMX conformance suite (tests/conformance/README.md).
 *
 * On load it runs every scenario (or those whose name starts with
 * filter=) on one CPU (cpu=, default the first online one), each with
 * interrupts off in one smp_call_function_single() call: set CR4.VMXE,
 * VMXON, a fresh default VMCS, the scenario, VMCLEAR, VMXOFF, CR4 as it
 * was. The results, one line per scenario ("name: outcome ..."), are in
 * /proc/vmxconf until the module is removed. It refuses to load when
 * CR4.VMXE is already set (another hypervisor owns VMX).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include <linux/hrtimer.h>
#include <linux/workqueue.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/debugreg.h>
#include "vmxconf.h"

static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "CPU to test on (default: the first online CPU)");
static char *filter = "";
module_param(filter, charp, 0444);
MODULE_PARM_DESC(filter, "run only the scenarios whose name starts with this");
static bool emu_panics;
module_param(emu_panics, bool, 0444);
MODULE_PARM_DESC(emu_panics, "also run the scenarios that stop Bochs 2.7 (docs/conformance.md)");
bool vc_reg_qual;
module_param_named(reg_qual, vc_reg_qual, bool, 0444);
MODULE_PARM_DESC(reg_qual, "print the exit qualification of VMREAD/VMWRITE with a register operand, which Bochs 2.7 leaves arbitrary (docs/conformance.md item 3)");
unsigned long vc_probe_va;
module_param_named(probe_va, vc_probe_va, ulong, 0444);
MODULE_PARM_DESC(probe_va, "the hvnest_*_probe scenarios (VC_PROBE): a kernel address whose page the guest gets (1: a page of this module's, for the virtual-APIC and I/O-bitmap probes); 0: not-run");
static bool tail_nmi;
module_param(tail_nmi, bool, 0444);
MODULE_PARM_DESC(tail_nmi, "hvnest_nmi_in_exit_tail: hvnest was loaded with test_tail_nmi=1; 0: not-run");
static bool test_init;
module_param(test_init, bool, 0444);
MODULE_PARM_DESC(test_init, "hvnest_init_held_to_l2: hvnest was loaded with test_init=1; 0: not-run");
static int sipi_from = -1;
module_param(sipi_from, int, 0444);
MODULE_PARM_DESC(sipi_from, "the VC_SIPI scenarios: the CPU that sends the test CPU SIPIs while its guest waits for one; -1: not-run");
static bool sdm_hangs;
module_param(sdm_hangs, bool, 0444);
MODULE_PARM_DESC(sdm_hangs, "also run the scenarios whose guest the SDM never stops (they hang Bochs 2.7 too)");

static unsigned int fuzz_cases;
module_param(fuzz_cases, uint, 0444);
MODULE_PARM_DESC(fuzz_cases, "after the scenarios, run this many generated cases fuzz_SEED_I (scn_fuzz.c)");
module_param_named(fuzz_seed, vc_fuzz_seed, ulong, 0444);
MODULE_PARM_DESC(fuzz_seed, "the seed of the generated cases");
static unsigned int fuzz_first;
module_param(fuzz_first, uint, 0444);
MODULE_PARM_DESC(fuzz_first, "the first generated case (replay one: fuzz_first=I fuzz_cases=1)");

#define VC_LINE_MAX	1024
/* the scenarios' lines, and ~250 bytes per generated case */
#define VC_OUT_MAX	(1024 * 1024)

struct vc_caps vc_caps;
static struct vc_ctx vc;
static char *vc_out;
static size_t vc_out_len;
static struct proc_dir_entry *vc_proc;

void vc_put(struct vc_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->len + 2 >= c->cap)
		return;
	if (c->len && c->line[c->len - 1] != '=')
		c->line[c->len++] = ' ';
	va_start(ap, fmt);
	n = vsnprintf(c->line + c->len, c->cap - c->len, fmt, ap);
	va_end(ap);
	c->len = min_t(size_t, c->len + n, c->cap - 1);
}

/* "what=ok", "what=CF", "what=ZF:err=N" (VM-instruction error), "what=#UD" */
void vc_put_res(struct vc_ctx *c, const char *what, u32 res)
{
	static const char *const vec_names[32] = {
		[0] = "#DE", [1] = "#DB", [3] = "#BP", [6] = "#UD",
		[7] = "#NM", [8] = "#DF", [10] = "#TS", [11] = "#NP",
		[12] = "#SS", [13] = "#GP", [14] = "#PF",
	};
	const char *eq = *what ? "=" : "";

	if (res & VC_TRAP) {
		u32 v = res & 0xff;

		if (v < 32 && vec_names[v])
			vc_put(c, "%s%s%s", what, eq, vec_names[v]);
		else
			vc_put(c, "%s%svector%u", what, eq, v);
	} else if ((res & (VC_CF | VC_ZF)) == VC_ZF) {
		vc_put(c, "%s%sZF:err=%llu", what, eq,
		       vc_rd(VM_INSTRUCTION_ERROR));
	} else if (res & VC_CF) {
		vc_put(c, "%s%sCF%s", what, eq, res & VC_ZF ? "+ZF" : "");
	} else {
		vc_put(c, "%s%sok", what, eq);
	}
}

static void vc_host_save(struct vc_ctx *c)
{
	struct vc_host_save *h = &c->host;
	struct desc_ptr dt;

	savesegment(ds, h->ds);
	savesegment(es, h->es);
	savesegment(fs, h->fs);
	savesegment(gs, h->gs);
	asm volatile("sldt %0" : "=r"(h->ldt));
	asm volatile("str %0" : "=r"(h->tr));
	rdmsrl(MSR_FS_BASE, h->fs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, h->kernel_gs_base);
	h->dr7 = native_get_debugreg(7);
	rdmsrl(MSR_IA32_DEBUGCTLMSR, h->debugctl);
	h->cr4 = native_read_cr4();
	native_store_gdt(&dt);
	h->gdt.limit = dt.size;
	h->gdt.base = dt.address;
	store_idt(&dt);
	h->idt.limit = dt.size;
	h->idt.base = dt.address;
}

/* One scenario, on the test CPU with interrupts off. */
static void vc_scn_call(void *arg)
{
	struct vc_ctx *c = arg;
	unsigned int flags = c->scn->flags, i;
	u32 res;

	vc_host_save(c);
	rdmsrl(MSR_IA32_APICBASE, c->apic_base);
	c->vmx_on = false;
	c->launched = false;
	c->cur_vmcs = ~0ULL;
	if (c->host.cr4 & X86_CR4_VMXE) {
		vc_put(c, "setup: CR4.VMXE already set");
		return;
	}
	if (!(flags & VC_NO_VMXE)) {
		res = vc_write_cr4(c->host.cr4 | X86_CR4_VMXE);
		if (res) {
			vc_put_res(c, "setup: cr4.vmxe", res);
			goto out;
		}
	}
	if (!(flags & (VC_RAW | VC_NO_VMXE))) {
		res = vc_vmxon(c, c->vmxon_pa);
		if (res) {
			vc_put_res(c, "setup: vmxon", res);
			goto out;
		}
		vc_invept_all(c);
		if (vc_vmcs_init(c, 0))
			goto out;
		vc_vmcs_default(c);
		if (c->len)	/* a default field did not take */
			goto out;
	}
	c->scn->fn(c);
out:
	if (c->vmx_on) {
		/* Nothing cached on the CPU for memory we rewrite next. */
		for (i = 0; i < VC_NR_VMCS; i++)
			vc_vmclear(c->vmcs_pa[i]);
		res = vc_vmxoff(c);
		if (res)
			vc_put_res(c, "teardown: vmxoff", res);
	}
	vc_write_cr4(c->host.cr4);
	vc_host_restore(c);
}

bool vc_sipi_armed;
static struct hrtimer vc_sipi_timer;

/*
 * On the sipi_from CPU, in hard interrupt context: while armed, a SIPI
 * (SDM Vol. 3A 10.6.1, delivery mode 110b) to the test CPU. One that
 * finds the CPU not waiting for a SIPI is ignored, so the next one
 * follows 500 us later.
 */
static enum hrtimer_restart vc_sipi_tick(struct hrtimer *t)
{
	if (READ_ONCE(vc_sipi_armed))
		apic->icr_write(APIC_DM_STARTUP | VC_SIPI_VECTOR,
				cpu_physical_id(cpu));
	hrtimer_forward_now(t, ns_to_ktime(500 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

/* A VC_SIPI scenario, run from the sipi_from CPU (work_on_cpu()). */
static long vc_scn_with_sipis(void *arg)
{
	hrtimer_init(&vc_sipi_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	vc_sipi_timer.function = vc_sipi_tick;
	hrtimer_start(&vc_sipi_timer, ns_to_ktime(500 * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_PINNED);
	smp_call_function_single(cpu, vc_scn_call, arg, 1);
	WRITE_ONCE(vc_sipi_armed, false);
	hrtimer_cancel(&vc_sipi_timer);
	return 0;
}

static bool vc_want(const char *name)
{
	return !*filter || !strncmp(name, filter, strlen(filter));
}

static void vc_out_line(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (vc_out_len + 2 >= VC_OUT_MAX)
		return;
	va_start(ap, fmt);
	n = vsnprintf(vc_out + vc_out_len, VC_OUT_MAX - vc_out_len, fmt, ap);
	va_end(ap);
	vc_out_len = min_t(size_t, vc_out_len + n, VC_OUT_MAX - 1);
}

static unsigned int vc_run_table(const struct vc_scn *t, unsigned int n)
{
	unsigned int i, ran = 0;

	for (i = 0; i < n; i++) {
		if (!vc_want(t[i].name))
			continue;
		vc.scn = &t[i];
		vc.len = 0;
		vc.line[0] = 0;
		vc_prepare_memory(&vc);
		if ((t[i].flags & VC_EMU_PANIC) && !emu_panics)
			vc_put(&vc, "not-run (stops Bochs 2.7; emu_panics=1 runs it)");
		else if ((t[i].flags & VC_SDM_HANG) && !sdm_hangs)
			vc_put(&vc, "not-run (hangs a CPU that follows the SDM; sdm_hangs=1 runs it)");
		else if ((t[i].flags & VC_PROBE) && !vc_probe_va)
			vc_put(&vc, "not-run (hvnest's own check; probe_va= runs it)");
		else if ((t[i].flags & VC_TAIL_NMI) && !tail_nmi)
			vc_put(&vc, "not-run (hvnest's own check; tail_nmi=1 runs it)");
		else if ((t[i].flags & VC_TEST_INIT) && !test_init)
			vc_put(&vc, "not-run (hvnest's own check; test_init=1 runs it)");
		else if ((t[i].flags & VC_SIPI) &&
			 (sipi_from < 0 || sipi_from == cpu ||
			  !cpu_online(sipi_from)))
			vc_put(&vc, "not-run (needs a SIPI; sipi_from=CPU runs it)");
		else if (t[i].flags & VC_SIPI)
			work_on_cpu(sipi_from, vc_scn_with_sipis, &vc);
		else
			smp_call_function_single(cpu, vc_scn_call, &vc, 1);
		vc_out_line("%s: %s\n", t[i].name, vc.len ? vc.line : "-");
		ran++;
		cond_resched();
	}
	return ran;
}

/* Capability MSRs (SDM A.1-A.10), read on the test CPU. */
static void vc_read_caps(void *unused)
{
	static const u32 msrs[] = {
		MSR_IA32_VMX_BASIC, MSR_IA32_VMX_MISC,
		MSR_IA32_VMX_CR0_FIXED0, MSR_IA32_VMX_CR0_FIXED1,
		MSR_IA32_VMX_CR4_FIXED0, MSR_IA32_VMX_CR4_FIXED1,
		MSR_IA32_VMX_VMCS_ENUM,
	};
	u64 *dst[] = {
		&vc_caps.basic, &vc_caps.misc, &vc_caps.cr0_fixed0,
		&vc_caps.cr0_fixed1, &vc_caps.cr4_fixed0, &vc_caps.cr4_fixed1,
		&vc_caps.vmcs_enum,
	};
	bool t;
	int i;

	vc.host.cr4 = native_read_cr4();
	vc_caps.ok = false;
	for (i = 0; i < ARRAY_SIZE(msrs); i++)
		if (rdmsrl_safe(msrs[i], dst[i]))
			return;
	t = vc_caps.basic & BIT_ULL(55);	/* true controls */
	if (rdmsrl_safe(t ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
			    MSR_IA32_VMX_PINBASED_CTLS, &vc_caps.pin) ||
	    rdmsrl_safe(t ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
			    MSR_IA32_VMX_PROCBASED_CTLS, &vc_caps.proc) ||
	    rdmsrl_safe(t ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
			    MSR_IA32_VMX_EXIT_CTLS, &vc_caps.exit) ||
	    rdmsrl_safe(t ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
			    MSR_IA32_VMX_ENTRY_CTLS, &vc_caps.entry))
		return;
	if (vc_caps.proc & ((u64)CPU_BASED_ACTIVATE_SECONDARY_CONTROLS << 32)) {
		if (rdmsrl_safe(MSR_IA32_VMX_PROCBASED_CTLS2, &vc_caps.proc2))
			return;
		if (rdmsrl_safe(MSR_IA32_VMX_EPT_VPID_CAP, &vc_caps.ept_vpid))
			vc_caps.ept_vpid = 0;
		if (rdmsrl_safe(MSR_IA32_VMX_VMFUNC, &vc_caps.vmfunc))
			vc_caps.vmfunc = 0;
	}
	vc_caps.rev = (u32)vc_caps.basic & 0x7fffffff;
	vc_caps.ok = true;
}

static int vc_show(struct seq_file *m, void *v)
{
	seq_write(m, vc_out, vc_out_len);
	return 0;
}

static unsigned long vc_page(void **va, u64 *pa)
{
	*va = (void *)get_zeroed_page(GFP_KERNEL);
	if (*va)
		*pa = virt_to_phys(*va);
	return (unsigned long)*va;
}

static void vc_free_pages(void)
{
	void *pages[] = {
		vc.vmxon, vc.ept_pml4, vc.ept_pdpt, vc.ept_pd, vc.ept_pt,
		vc.ept_pd_4g, vc.ept_pt_apic, vc.io_a, vc.io_b, vc.msr_bitmap,
		vc.msr_area, vc.spare, vc.vmread_bm, vc.vmwrite_bm, vc.vapic,
		vc.apic_access,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(pages); i++)
		free_page((unsigned long)pages[i]);
	for (i = 0; i < VC_NR_VMCS; i++)
		free_page((unsigned long)vc.vmcs[i]);
	for (i = 0; i < ARRAY_SIZE(vc.alt_ept); i++)
		free_page((unsigned long)vc.alt_ept[i]);
	for (i = 0; i < VC_GUEST_PAGES; i++)
		free_page((unsigned long)vc.guest[i]);
	kfree(vc.line);
	vfree(vc_out);
}

static int vc_alloc(void)
{
	bool ok = true;
	int i;

	ok &= !!vc_page(&vc.vmxon, &vc.vmxon_pa);
	ok &= !!vc_page((void **)&vc.ept_pml4, &vc.ept_pml4_pa);
	ok &= !!vc_page((void **)&vc.ept_pdpt, &vc.ept_pdpt_pa);
	ok &= !!vc_page((void **)&vc.ept_pd, &vc.ept_pd_pa);
	ok &= !!vc_page((void **)&vc.ept_pt, &vc.ept_pt_pa);
	ok &= !!vc_page((void **)&vc.ept_pd_4g, &vc.ept_pd_4g_pa);
	ok &= !!vc_page((void **)&vc.ept_pt_apic, &vc.ept_pt_apic_pa);
	ok &= !!vc_page(&vc.io_a, &vc.io_a_pa);
	ok &= !!vc_page(&vc.io_b, &vc.io_b_pa);
	ok &= !!vc_page(&vc.msr_bitmap, &vc.msr_bitmap_pa);
	ok &= !!vc_page(&vc.msr_area, &vc.msr_area_pa);
	ok &= !!vc_page(&vc.spare, &vc.spare_pa);
	ok &= !!vc_page(&vc.vapic, &vc.vapic_pa);
	ok &= !!vc_page(&vc.apic_access, &vc.apic_access_pa);
	ok &= !!vc_page(&vc.vmread_bm, &vc.vmread_bm_pa);
	ok &= !!vc_page(&vc.vmwrite_bm, &vc.vmwrite_bm_pa);
	for (i = 0; i < VC_NR_VMCS; i++)
		ok &= !!vc_page(&vc.vmcs[i], &vc.vmcs_pa[i]);
	for (i = 0; i < ARRAY_SIZE(vc.alt_ept); i++)
		ok &= !!vc_page(&vc.alt_ept[i], &vc.alt_ept_pa[i]);
	for (i = 0; i < VC_GUEST_PAGES; i++)
		ok &= !!vc_page(&vc.guest[i], &vc.guest_pa[i]);
	vc.line = kzalloc(VC_LINE_MAX, GFP_KERNEL);
	vc.cap = VC_LINE_MAX;
	vc_out = vzalloc(VC_OUT_MAX);
	return ok && vc.line && vc_out ? 0 : -ENOMEM;
}

atomic_t vc_nmi_expected, vc_nmi_host;

/* An NMI that no other handler claimed: one a scenario left to the host. */
static int vc_nmi_unknown(unsigned int type, struct pt_regs *regs)
{
	if (!atomic_add_unless(&vc_nmi_expected, -1, 0))
		return NMI_DONE;
	atomic_inc(&vc_nmi_host);
	return NMI_HANDLED;
}

static int __init vc_init(void)
{
	unsigned int ran = 0, total, i;
	int err;

	BUILD_BUG_ON(sizeof(struct vc_gprs) != 16 * 8);
	if (vcg_end - vcg_start > VC_CODE_SIZE) {
		pr_err("guest code is %td bytes, more than %u\n",
		       vcg_end - vcg_start, VC_CODE_SIZE);
		return -EINVAL;
	}
	cpus_read_lock();
	if (cpu < 0)
		cpu = cpumask_first(cpu_online_mask);
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		pr_err("CPU %d is not online\n", cpu);
		err = -EINVAL;
		goto out_unlock;
	}
	smp_call_function_single(cpu, vc_read_caps, NULL, 1);
	if (vc.host.cr4 & X86_CR4_VMXE) {
		pr_err("CR4.VMXE is already set on CPU %d: another hypervisor (kvm_intel running a VM?) owns VMX; refusing\n",
		       cpu);
		err = -EBUSY;
		goto out_unlock;
	}
	err = vc_alloc();
	if (err)
		goto out_free;
	vc_caps.phys_bits = boot_cpu_data.x86_phys_bits;
	if (!vc_caps.ok)
		/* The scenarios still run: VMXON shows what the CPU does. */
		vc_caps.rev = 0;

	vc_out_line("# vmxconf: cpu %d, cpuid.1:ecx.vmx=%d, capability MSRs %s, maxphyaddr %u\n",
		    cpu, !!(cpuid_ecx(1) & BIT(X86_FEATURE_VMX & 31)),
		    vc_caps.ok ? "read" : "fault", vc_caps.phys_bits);
	if (vc_caps.ok)
		vc_out_line("# basic %#llx pin %#llx proc %#llx proc2 %#llx exit %#llx entry %#llx misc %#llx ept_vpid %#llx\n",
			    vc_caps.basic, vc_caps.pin, vc_caps.proc,
			    vc_caps.proc2, vc_caps.exit, vc_caps.entry,
			    vc_caps.misc, vc_caps.ept_vpid);
	err = register_nmi_handler(NMI_UNKNOWN, vc_nmi_unknown, 0, "vmxconf");
	if (err)
		goto out_free;
	ran += vc_run_table(vc_scn_insn, vc_scn_insn_nr);
	ran += vc_run_table(vc_scn_entry, vc_scn_entry_nr);
	ran += vc_run_table(vc_scn_exit, vc_scn_exit_nr);
	ran += vc_run_table(vc_scn_event, vc_scn_event_nr);
	ran += vc_run_table(vc_scn_apicv, vc_scn_apicv_nr);
	ran += vc_run_table(vc_scn_vmfunc, vc_scn_vmfunc_nr);
	ran += vc_run_table(vc_scn_ept_ad, vc_scn_ept_ad_nr);
	for (i = fuzz_first; i - fuzz_first < fuzz_cases; i++) {
		char name[48];
		struct vc_scn s = { name, vc_fuzz_case, 0 };

		snprintf(name, sizeof(name), "fuzz_%lu_%u", vc_fuzz_seed, i);
		vc_fuzz_idx = i;
		ran += vc_run_table(&s, 1);
	}
	unregister_nmi_handler(NMI_UNKNOWN, "vmxconf");
	total = vc_scn_insn_nr + vc_scn_entry_nr + vc_scn_exit_nr + vc_scn_event_nr +
		vc_scn_apicv_nr + vc_scn_vmfunc_nr +
		vc_scn_ept_ad_nr + fuzz_cases;
	cpus_read_unlock();

	vc_proc = proc_create_single("vmxconf", 0444, NULL, vc_show);
	if (!vc_proc) {
		vc_free_pages();
		return -ENOMEM;
	}
	pr_info("ran %u of %u scenarios on CPU %d; results in /proc/vmxconf\n",
		ran, total, cpu);
	return 0;

out_free:
	vc_free_pages();
out_unlock:
	cpus_read_unlock();
	return err;
}

static void __exit vc_exit(void)
{
	proc_remove(vc_proc);
	vc_free_pages();
}

module_init(vc_init);
module_exit(vc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvnest VMX conformance suite: a test hypervisor");
