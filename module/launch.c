// SPDX-License-Identifier: GPL-2.0
/*
 * Late launch and hand-back, Linux side.
 *
 * Load: memory for every possible CPU, then all online CPUs launch in one
 * stop_machine() step: each CPU launches, then waits until every CPU has
 * tried; if any failed, those that succeeded hand themselves back before
 * any returns to Linux. CPU hotplug launches CPUs that come online and
 * hands back CPUs before they go offline. Unload hands every CPU back the
 * same way, through a hypercall only L1 ring 0 can make.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <linux/timekeeping.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <asm/fpu/api.h>
#include <asm/special_insns.h>

#include "hvnest.h"
#include "../vmx/hv_insn.h"
#include "../vmx/mtrr.h"

#define HV_STACK_ORDER 2 /* HV_ROOT_STACK_SIZE, naturally aligned */
#define LAUNCH_WAIT_NS (2ULL * NSEC_PER_SEC)

static struct hvnest_pcpu *hvnest_pcpus; /* [nr_cpu_ids] */
static int hvnest_cpuhp_state = -1;
static u64 hvnest_key;
static u64 hvnest_features = HV_FEAT_HYPERVISOR_LEAF; /* for new launches */
static void *hvnest_root_pgd; /* kernel half of Linux's page tables */

/*
 * Test only (test_tail_nmi): how the exit tail sends this CPU an NMI
 * (vmx/entry.S): the ICR of the x2APIC, or of the xAPIC page that Linux
 * maps at APIC_BASE (root mode shares the kernel half of its page
 * tables), with this CPU's APIC ID as the destination.
 */
static void hvnest_fill_tail_nmi(struct hv_cpu *c, unsigned int cpu)
{
	u32 id = per_cpu(x86_cpu_to_apicid, cpu);

	c->tail_nmi_tests = hvnest_test_tail_nmi;
	c->tail_nmi_apic = x2apic_mode ? 1 : (u64)APIC_BASE;
	c->tail_nmi_dest = x2apic_mode ? id : (u64)SET_XAPIC_DEST_FIELD(id);
}

static bool hvnest_test_init;
module_param_named(test_init, hvnest_test_init, bool, 0400);
MODULE_PARM_DESC(test_init,
		 "test only: hvnest_test_init_self() makes the calling CPU take an INIT (default 0)");

/*
 * Test only (test_init=1; tests/kmod/hvnest_sipitest_main.c): the calling CPU
 * takes an INIT as if another CPU had sent it one (apic/init_sipi.c). It
 * is reset and waits for a SIPI, so this returns only if the INIT was not
 * taken: -EPERM without test_init=1 or on a CPU hvnest does not run,
 * -EBUSY when it is held because L1 is in VMX root operation. The caller
 * keeps what it needs to come back from its SIPI start.
 */
int hvnest_test_init_self(void)
{
	struct hv_cpu *c = hvnest_pcpus ? hvnest_pcpus[smp_processor_id()].hv :
					  NULL;

	lockdep_assert_irqs_disabled();
	if (!hvnest_test_init || !c || c->rep.state != HV_STATE_RUNNING)
		return -EPERM;
	hv_vmcall(HV_HC_TEST_INIT, hvnest_key, 0);
	return -EBUSY;
}
#ifndef HVNEST_SECOND_INSTANCE /* one module may export the name */
EXPORT_SYMBOL_GPL(hvnest_test_init_self);
#endif

struct hvnest_pcpu *hvnest_pcpu(unsigned int cpu)
{
	return hvnest_pcpus && cpu < nr_cpu_ids ? &hvnest_pcpus[cpu] : NULL;
}

u32 hvnest_nr_virtualized(void)
{
	unsigned int cpu;
	u32 n = 0;

	for_each_possible_cpu(cpu)
		if (hvnest_pcpus[cpu].hv &&
		    READ_ONCE(hvnest_pcpus[cpu].hv->rep.state) == HV_STATE_RUNNING)
			n++;
	return n;
}

static void hvnest_free_cpu(struct hv_cpu *c)
{
	if (!c)
		return;
	hvnest_ept01_free(c);
	hvnest_nested_free(c);
	free_page((unsigned long)c->vmxon);
	free_page((unsigned long)c->vmcs);
	free_page((unsigned long)c->msr_bitmap);
	if (c->stack_top)
		free_pages((unsigned long)(c->stack_top - HV_ROOT_STACK_SIZE),
			   HV_STACK_ORDER);
	if (c->ist_stack_top)
		free_pages((unsigned long)(c->ist_stack_top -
					   HV_ROOT_STACK_SIZE),
			   HV_STACK_ORDER);
	free_pages_exact(c, sizeof(*c));
}

/*
 * MSR bitmap (SDM 24.6.9): L1's accesses to the VMX MSRs exit, and its
 * writes to the MTRRs (EPT01 carries their types). Low MSRs: read bits
 * at byte 0, write bits at byte 2048.
 */
static void hvnest_fill_msr_bitmap(u8 *bitmap)
{
	u32 msr;

	for (msr = HV_MSR_VMX_BASIC; msr <= HV_MSR_VMX_VMFUNC; msr++) {
		__set_bit(msr, (unsigned long *)bitmap);
		__set_bit(msr, (unsigned long *)(bitmap + 2048));
	}
	for (msr = HV_MSR_MTRR_PHYSBASE0; msr <= HV_MSR_MTRR_DEF_TYPE; msr++)
		if (hv_mtrr_is_msr(msr))
			__set_bit(msr, (unsigned long *)(bitmap + 2048));
}

static void hvnest_fill_config(struct hv_config *cfg)
{
	const struct vmx_cap_msrs *m = &hvnest_host.caps;
	struct vmx_controls ctl;
	u32 a, b, cx, d;

	vmx_compute_controls(m, &hvnest_host.env, &ctl);
	cfg->pin = ctl.pin;
	cfg->proc = ctl.proc;
	cfg->proc2 = ctl.proc2;
	cfg->exit = ctl.exit;
	cfg->entry = ctl.entry;
	cfg->cr0_fixed0 = m->cr0_fixed0;
	cfg->cr0_fixed1 = m->cr0_fixed1;
	cfg->cr4_fixed0 = m->cr4_fixed0;
	cfg->cr4_fixed1 = m->cr4_fixed1;
	/*
	 * L0 owns the bits VMX forces either way (SDM A.7, A.8), and SMXE,
	 * which L1 may not set (vmx/exit_cr.c).
	 */
	cfg->cr0_mask = vmx_cr0_owned(m, false);
	cfg->cr4_mask = ((m->cr4_fixed0 | ~m->cr4_fixed1) & 0xffffffffULL) |
			HV_CR4_SMXE;
	hv_cpuid(0xd, 0, &a, &b, &cx, &d);
	cfg->xcr0_supported = ((u64)d << 32) | a;
	cfg->hypercall_key = hvnest_key;
	cfg->features = hvnest_features;
	cfg->vmcs_revision = hvnest_host.vmcs_revision;
	cfg->vpid = 1;
	/* Root mode holds the module while a CPU cannot hand back. */
	cfg->unload_refs = &THIS_MODULE->refcnt.counter;
}

/*
 * With EPT01, VMCS01 has EPT and, when the CPU offers it, unrestricted
 * guest (SDM 24.6.2): L1 may then run in real mode and without paging, as
 * a CPU that a SIPI starts does (apic/init_sipi.c), and L0 no longer owns
 * CR0.PE and CR0.PG.
 */
static void hvnest_config_ept(struct hv_cpu *c)
{
	const struct vmx_cap_msrs *m = &hvnest_host.caps;
	bool ug;

	if (!c->cfg.eptp)
		return;
	ug = vmx_caps_features(m) & HVNEST_VMXF_UNRESTRICTED;
	c->cfg.proc2 |= HV_PROC2_EPT | (ug ? HV_PROC2_UNRESTRICTED : 0);
	c->cfg.cr0_mask = vmx_cr0_owned(m, ug);
}

static struct hv_cpu *hvnest_alloc_cpu(unsigned int cpu)
{
	/*
	 * Whole pages of its own (memory by owner): hiding the root-only
	 * part from L1 and L2 hides no other kernel object.
	 */
	struct hv_cpu *c = alloc_pages_exact(sizeof(*c),
					     GFP_KERNEL | __GFP_ZERO);
	unsigned long stack, ist;

	if (!c)
		return NULL;
	c->cpu = cpu;
	c->vmxon = (void *)get_zeroed_page(GFP_KERNEL);
	c->vmcs = (void *)get_zeroed_page(GFP_KERNEL);
	c->msr_bitmap = (void *)get_zeroed_page(GFP_KERNEL);
	stack = __get_free_pages(GFP_KERNEL | __GFP_ZERO, HV_STACK_ORDER);
	ist = __get_free_pages(GFP_KERNEL | __GFP_ZERO, HV_STACK_ORDER);
	if (stack)
		c->stack_top = (u8 *)stack + HV_ROOT_STACK_SIZE;
	if (ist)
		c->ist_stack_top = (u8 *)ist + HV_ROOT_STACK_SIZE;
	hvnest_fill_config(&c->cfg);
	if (!c->vmxon || !c->vmcs || !c->msr_bitmap || !stack || !ist ||
	    hvnest_ept01_alloc(c) || hvnest_nested_alloc(c)) {
		hvnest_free_cpu(c);
		return NULL;
	}
	c->vmxon_pa = virt_to_phys(c->vmxon);
	c->vmcs_pa = virt_to_phys(c->vmcs);
	hvnest_config_ept(c);
	c->msr_bitmap_pa = virt_to_phys(c->msr_bitmap);
	c->host_cr3 = virt_to_phys(hvnest_root_pgd);
	hvnest_fill_msr_bitmap(c->msr_bitmap);
	c->inject_failure = (int)cpu == hvnest_inject_launch_failure;
	c->test_init = hvnest_test_init;
	hvnest_fill_tail_nmi(c, cpu);
	hv_cpu_init_root_tables(c);
	return c;
}

/*
 * Root mode's page tables: a top-level table of its own whose kernel half
 * is Linux's (those entries never change on x86-64: the kernel half is
 * shared by every address space). Linux's process page tables come and
 * go; this one lives as long as hvnest.
 */
static int hvnest_alloc_root_pgd(void)
{
	u64 *pgd = (u64 *)get_zeroed_page(GFP_KERNEL);
	const u64 *linux_pgd = __va(__read_cr3() & CR3_ADDR_MASK);

	if (!pgd)
		return -ENOMEM;
	memcpy(pgd + 256, linux_pgd + 256, 256 * sizeof(u64));
	hvnest_root_pgd = pgd;
	return 0;
}

void hvnest_free_all(void)
{
	unsigned int cpu;

	hvnest_guard_free();

	if (hvnest_pcpus) {
		for_each_possible_cpu(cpu)
			hvnest_free_cpu(hvnest_pcpus[cpu].hv);
		kfree(hvnest_pcpus);
		hvnest_pcpus = NULL;
	}
	free_page((unsigned long)hvnest_root_pgd);
	hvnest_root_pgd = NULL;
}

/* Interrupts off. 0, or the HV_STEP_* at which the launch failed. */
static int hvnest_launch_this_cpu(void)
{
	unsigned int cpu = smp_processor_id();
	struct hvnest_pcpu *p = &hvnest_pcpus[cpu];
	u64 t0;
	int step;

	if (p->hv->rep.state == HV_STATE_RUNNING)
		return 0;
	p->hv->cfg.features = READ_ONCE(hvnest_features);
	t0 = ktime_get_ns();
	hvnest_capture_state(p->hv, cpu);
	step = hv_cpu_launch(p->hv);
	p->launch_ns = ktime_get_ns() - t0;
	p->since_ns = ktime_get_boottime_ns();
	return step;
}

/* Interrupts off. Owed NMIs are raised again on Linux's own IDT. */
static void hvnest_hand_back_this_cpu(void)
{
	unsigned int cpu = smp_processor_id();
	struct hvnest_pcpu *p = &hvnest_pcpus[cpu];
	struct hv_cpu *c = p->hv;

	if (READ_ONCE(c->rep.state) != HV_STATE_RUNNING)
		return;
	hv_vmcall(HV_HC_HAND_BACK, hvnest_key, 0);
	p->since_ns = ktime_get_boottime_ns();
	if (READ_ONCE(c->nmi_pending)) {
		WRITE_ONCE(c->nmi_pending, 0);
		apic->send_IPI_mask(cpumask_of(cpu), NMI_VECTOR);
	}
}

struct hvnest_launch_ctx {
	atomic_t arrived;
	atomic_t failed;
	int failed_cpu;
	u32 failed_step;
	u32 failed_error;
	unsigned int nr_cpus;
};

static void hvnest_report_launch_failure(const struct hvnest_launch_ctx *ctx)
{
	const struct hv_config *cfg;

	if (ctx->failed_cpu < 0) {
		pr_err("refusing to load: not every CPU reached the launch within %llu ms; every CPU was rolled back\n",
		       LAUNCH_WAIT_NS / NSEC_PER_MSEC);
		return;
	}
	cfg = &hvnest_pcpus[ctx->failed_cpu].hv->cfg;
	pr_err("refusing to load: launch failed on CPU %d at %s (VM-instruction error %u); every CPU was rolled back\n",
	       ctx->failed_cpu, hv_step_name(ctx->failed_step),
	       ctx->failed_error);
	pr_info("VMCS01 controls: pin %#x proc %#x proc2 %#x exit %#x entry %#x (capability MSRs pin %#llx proc %#llx proc2 %#llx exit %#llx entry %#llx)\n",
		cfg->pin, cfg->proc, cfg->proc2, cfg->exit, cfg->entry,
		hvnest_host.caps.pinbased, hvnest_host.caps.procbased,
		hvnest_host.caps.procbased2, hvnest_host.caps.exit,
		hvnest_host.caps.entry);
}

static int hvnest_launch_fn(void *data)
{
	struct hvnest_launch_ctx *ctx = data;
	int step = hvnest_launch_this_cpu();
	u64 deadline;

	if (step && atomic_inc_return(&ctx->failed) == 1) {
		ctx->failed_cpu = smp_processor_id();
		ctx->failed_step = step;
		ctx->failed_error = hvnest_pcpus[ctx->failed_cpu].hv->rep.vm_instr_error;
	}
	atomic_inc(&ctx->arrived);

	/* Every online CPU has tried before any returns to Linux. */
	deadline = ktime_get_ns() + LAUNCH_WAIT_NS;
	while (atomic_read(&ctx->arrived) < ctx->nr_cpus &&
	       ktime_get_ns() < deadline)
		cpu_relax();
	if (atomic_read(&ctx->arrived) < ctx->nr_cpus &&
	    atomic_inc_return(&ctx->failed) == 1) {
		ctx->failed_cpu = -1; /* some CPU never arrived */
	}
	if (atomic_read(&ctx->failed) && !step) {
		hvnest_hand_back_this_cpu();
		hvnest_pcpus[smp_processor_id()].hv->rep.launch_step =
			HV_STEP_ROLLBACK;
	}
	return step ? -EIO : 0;
}

static int hvnest_hand_back_fn(void *data)
{
	hvnest_hand_back_this_cpu();
	return 0;
}

static int hvnest_cpu_online(unsigned int cpu)
{
	unsigned long flags;
	int step;

	local_irq_save(flags);
	step = hvnest_launch_this_cpu();
	local_irq_restore(flags);
	if (step)
		pr_err("CPU %u came online but its launch failed at %s (VM-instruction error %u): it runs without hvnest\n",
		       cpu, hv_step_name(step),
		       hvnest_pcpus[cpu].hv->rep.vm_instr_error);
	return 0; /* never block the CPU from coming online */
}

/* @c runs under hvnest and its L1 is in VMX operation (root's record). */
static bool hvnest_l1_vmx_on(const struct hv_cpu *c)
{
	return c && READ_ONCE(c->rep.state) == HV_STATE_RUNNING &&
	       READ_ONCE(c->rep.l1_vmxon);
}

static int hvnest_cpu_offline(unsigned int cpu)
{
	struct hv_cpu *c = hvnest_pcpus[cpu].hv;
	unsigned long flags;

	/*
	 * KVM leaves VMX operation on a CPU going offline in its
	 * CPUHP_AP_KVM_STARTING teardown, which comes after this one: handed
	 * back now, the CPU would run KVM's VMCLEAR and VMXOFF outside VMX
	 * operation (kvm_spurious_fault()). So the CPU stays online (cpuhp
	 * rolls the offline back).
	 */
	if (hvnest_l1_vmx_on(c)) {
		pr_warn("CPU %u stays online: its L1 is in VMX operation (KVM with a VM?), which leaves it only after hvnest's hand-back\n",
			cpu);
		return -EBUSY;
	}
	local_irq_save(flags);
	hvnest_hand_back_this_cpu();
	local_irq_restore(flags);
	return 0;
}

int hvnest_launch_all(void)
{
	struct hvnest_launch_ctx ctx = {};
	unsigned int cpu;
	int err;

	get_random_bytes(&hvnest_key, sizeof(hvnest_key));
	hvnest_nested_init();
	hvnest_features |= hvnest_nested_features_default();
	err = hvnest_alloc_root_pgd();
	if (err)
		return err;
	hvnest_pcpus = kcalloc(nr_cpu_ids, sizeof(*hvnest_pcpus), GFP_KERNEL);
	if (!hvnest_pcpus)
		goto nomem;
	for_each_possible_cpu(cpu) {
		hvnest_pcpus[cpu].hv = hvnest_alloc_cpu(cpu);
		if (!hvnest_pcpus[cpu].hv)
			goto nomem;
	}
	/* Every page root mode uses exists now: keep L2 away from them. */
	if (hvnest_guard_build(hvnest_pcpus, hvnest_root_pgd))
		goto nomem;

	err = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					KBUILD_MODNAME ":online",
					hvnest_cpu_online, hvnest_cpu_offline);
	if (err < 0) {
		pr_err("refusing to load: cannot register for CPU hotplug (%d)\n",
		       err);
		hvnest_free_all();
		return err;
	}
	hvnest_cpuhp_state = err;

	cpus_read_lock();
	ctx.nr_cpus = num_online_cpus();
	cpus_read_unlock();
	/* A CPU that comes or goes meanwhile is handled by the callbacks. */
	err = stop_machine(hvnest_launch_fn, &ctx, cpu_online_mask);
	if (atomic_read(&ctx.failed)) {
		hvnest_report_launch_failure(&ctx);
		cpuhp_remove_state(hvnest_cpuhp_state);
		hvnest_cpuhp_state = -1;
		hvnest_log_drain(); /* what root mode logged about it */
		hvnest_free_all();
		return -EIO;
	}
	hvnest_ept01_report(hvnest_pcpus[cpumask_first(cpu_online_mask)].hv,
			    cpumask_first(cpu_online_mask));
	return 0;

nomem:
	pr_err("refusing to load: out of memory for the per-CPU root state\n");
	hvnest_free_all();
	return -ENOMEM;
}

u64 hvnest_get_features(void)
{
	return READ_ONCE(hvnest_features);
}

struct hvnest_set_ctx {
	u64 features;
	atomic_t refused;
};

static void hvnest_set_features_fn(void *data)
{
	struct hvnest_set_ctx *ctx = data;
	struct hv_cpu *c = hvnest_pcpus[smp_processor_id()].hv;

	if (READ_ONCE(c->rep.state) == HV_STATE_RUNNING &&
	    hv_vmcall(HV_HC_SET_FEATURES, hvnest_key,
		      ctx->features) != HV_HC_OK)
		atomic_inc(&ctx->refused);
}

/* A CPU whose L1 is in VMX operation (root mode's record of it). */
static bool hvnest_l1_in_vmx(void)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (hvnest_l1_vmx_on(hvnest_pcpus[cpu].hv))
			return true;
	return false;
}

/*
 * Switch @feature on every CPU; the root core checks it may change. A
 * refusal on any CPU puts the old setting back everywhere.
 */
int hvnest_set_feature(u64 feature, bool enable)
{
	u64 old = hvnest_features;
	struct hvnest_set_ctx ctx = { .features = old };
	int err = 0;

	/* Not exactly one bit, or one this module does not know: EINVAL. */
	if (!feature || (feature & (feature - 1)) ||
	    (feature & ~(HV_FEAT_HYPERVISOR_LEAF | HV_FEAT_VMCS_SHADOW)))
		return -EINVAL;
	/* Known, but not with this load or CPU. */
	if (feature & ~(HV_FEAT_HYPERVISOR_LEAF | hvnest_nested_features()))
		return -EOPNOTSUPP;
	ctx.features = enable ? ctx.features | feature :
				ctx.features & ~feature;
	atomic_set(&ctx.refused, 0);
	cpus_read_lock();
	if ((feature & HV_FEAT_VMCS_SHADOW) && ctx.features != old &&
	    hvnest_l1_in_vmx()) {
		err = -EBUSY; /* L1's VMX use must not change mode midway */
		goto out;
	}
	on_each_cpu(hvnest_set_features_fn, &ctx, 1);
	if (!atomic_read(&ctx.refused)) {
		WRITE_ONCE(hvnest_features, ctx.features);
	} else {
		ctx.features = old;
		on_each_cpu(hvnest_set_features_fn, &ctx, 1);
		err = -EINVAL;
	}
out:
	cpus_read_unlock();
	return err;
}

/*
 * System sleep (module/sleep.c), interrupts off, the boot CPU the only one
 * online: hand it back, unless its L1 is in VMX operation (-EBUSY: the
 * sleep is refused; KVM leaves VMX operation before, in its own syscore
 * callback). hvnest_sleep_relaunch() launches it again on resume.
 */
static bool hvnest_slept;

int hvnest_sleep_hand_back(void)
{
	struct hv_cpu *c = hvnest_pcpus[smp_processor_id()].hv;

	if (hvnest_l1_vmx_on(c))
		return -EBUSY;
	if (READ_ONCE(c->rep.state) != HV_STATE_RUNNING)
		return 0;
	hvnest_hand_back_this_cpu();
	hvnest_slept = true;
	return 0;
}

/* True if this CPU was handed back for the sleep and runs under hvnest again. */
bool hvnest_sleep_relaunch(void)
{
	unsigned int cpu = smp_processor_id();
	int step;

	if (!hvnest_slept)
		return false;
	hvnest_slept = false;
	step = hvnest_launch_this_cpu();
	if (step)
		pr_err("CPU %u: launch after system sleep failed at %s (VM-instruction error %u): it runs without hvnest\n",
		       cpu, hv_step_name(step),
		       hvnest_pcpus[cpu].hv->rep.vm_instr_error);
	return !step;
}

/*
 * Reboot, power-off, halt, kexec (module/sleep.c): hand every CPU back if
 * every one can: none stopped by INIT or a triple fault (it would never
 * join stop_machine()), none whose L1 is in VMX operation. Else false,
 * and nothing is done.
 */
bool hvnest_hand_back_all_if_safe(void)
{
	unsigned int cpu;

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct hv_cpu *c = hvnest_pcpus[cpu].hv;

		if (hvnest_l1_vmx_on(c) ||
		    (READ_ONCE(c->rep.state) == HV_STATE_RUNNING &&
		     READ_ONCE(c->rep.stopped))) {
			cpus_read_unlock();
			return false;
		}
	}
	cpus_read_unlock();
	hvnest_hand_back_all();
	return true;
}

void hvnest_hand_back_all(void)
{
	stop_machine(hvnest_hand_back_fn, NULL, cpu_online_mask);
	/* Hands back a CPU that came online since (its teardown callback). */
	if (hvnest_cpuhp_state >= 0)
		cpuhp_remove_state(hvnest_cpuhp_state);
	hvnest_cpuhp_state = -1;
}
