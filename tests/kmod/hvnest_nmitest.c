// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: send NMIs by IPI and count the ones Linux handles, to
 * show that hvnest loses, doubles and misroutes none (also with one
 * CPU, where NMI backtraces send no NMI). Each NMI goes to every online
 * CPU in turn, itself included, while the target executes CPUID in a loop
 * (every CPUID exits to hvnest, so NMIs also arrive in root mode). The
 * result is one dmesg line; loading fails with -EIO if a count is wrong.
 *
 *   insmod hvnest_nmitest.ko rounds=N
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/apic.h>
#include <asm/nmi.h>
#include <asm/processor.h>

static unsigned int rounds = 200;
module_param(rounds, uint, 0400);
MODULE_PARM_DESC(rounds, "NMIs sent to each online CPU (default 200)");

static DEFINE_PER_CPU(unsigned long, handled);
static DEFINE_PER_CPU(unsigned long, expected);
static DEFINE_PER_CPU(unsigned long, extra);
static bool stop_spin;
static atomic_t spinning;

/*
 * Counts the NMIs of the test (nothing else sends NMIs while it runs);
 * one beyond what was sent to this CPU is a doubled or misrouted NMI.
 */
static int nmitest_handler(unsigned int type, struct pt_regs *regs)
{
	if (this_cpu_read(handled) >= this_cpu_read(expected))
		this_cpu_inc(extra);
	else
		this_cpu_inc(handled);
	return NMI_HANDLED;
}

/* On the target: exit to hvnest (CPUID) until told to stop. */
static void nmitest_spin(void *unused)
{
	unsigned int a, b, c, d;

	atomic_inc(&spinning);
	while (!READ_ONCE(stop_spin))
		cpuid(0, &a, &b, &c, &d);
	atomic_dec(&spinning);
}

/* Send @rounds NMIs to @cpu, one at a time; the number that arrived. */
static unsigned long nmitest_cpu(unsigned int cpu)
{
	unsigned long *h = per_cpu_ptr(&handled, cpu);
	unsigned long before = READ_ONCE(*h);
	unsigned int i;
	int spin_ms;

	if (cpu != smp_processor_id()) {
		WRITE_ONCE(stop_spin, false);
		smp_call_function_single(cpu, nmitest_spin, NULL, 0);
		for (spin_ms = 0; !atomic_read(&spinning) && spin_ms < 1000;
		     spin_ms++)
			mdelay(1);
	}
	for (i = 0; i < rounds; i++) {
		unsigned int a, b, c, d, us;

		WRITE_ONCE(*per_cpu_ptr(&expected, cpu), before + i + 1);
		apic->send_IPI(cpu, NMI_VECTOR);
		if (cpu == smp_processor_id())
			cpuid(0, &a, &b, &c, &d);
		for (us = 0; READ_ONCE(*h) < before + i + 1 && us < 100000;
		     us++)
			udelay(1);
	}
	mdelay(20); /* a doubled NMI would arrive by now */
	WRITE_ONCE(stop_spin, true);
	for (spin_ms = 0; atomic_read(&spinning) && spin_ms < 1000; spin_ms++)
		mdelay(1);
	return READ_ONCE(*h) - before;
}

static int __init nmitest_init(void)
{
	unsigned int cpu, bad = 0;
	int err;

	err = register_nmi_handler(NMI_LOCAL, nmitest_handler, 0,
				   "hvnest_nmitest");
	if (err)
		return err;
	cpus_read_lock();
	preempt_disable();
	for_each_online_cpu(cpu) {
		unsigned long got = nmitest_cpu(cpu);

		pr_info("CPU %u: sent %u NMIs, handled %lu\n", cpu, rounds,
			got);
		if (got != rounds)
			bad++;
	}
	mdelay(20);
	for_each_online_cpu(cpu) {
		if (per_cpu(extra, cpu)) {
			pr_info("CPU %u: %lu NMIs more than were sent to it\n",
				cpu, per_cpu(extra, cpu));
			bad++;
		}
	}
	preempt_enable();
	cpus_read_unlock();
	unregister_nmi_handler(NMI_LOCAL, "hvnest_nmitest");
	if (bad) {
		pr_err("FAIL: %u CPUs lost or doubled NMIs\n", bad);
		return -EIO;
	}
	pr_info("PASS: every NMI arrived once on every CPU\n");
	return 0;
}

static void __exit nmitest_exit(void)
{
}

module_init(nmitest_init);
module_exit(nmitest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvnest test: NMIs by IPI are neither lost nor doubled");
