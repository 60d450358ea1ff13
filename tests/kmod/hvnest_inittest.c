// SPDX-License-Identifier: GPL-2.0
/*
 * Test module, destructive: send an INIT IPI to one online CPU, as a
 * buggy or hostile kernel could, once its load is over (below). Under
 * hvnest the INIT exits and the CPU is reset into the wait-for-SIPI state
 * (SDM 25.2, 9.1) without leaving VMX; it never runs Linux again, and
 * hvnest must then refuse to unload rather than wait for a hand-back that
 * cannot come. Use only as the last test of a boot.
 *
 *   taskset -c OTHER insmod hvnest_inittest.ko cpu=N
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/apic.h>

static unsigned int cpu = 1;
module_param(cpu, uint, 0400);
MODULE_PARM_DESC(cpu, "the CPU that gets the INIT (default 1)");

static u32 target_apicid;
static unsigned long init_text; /* in this module's init memory */
static unsigned int waits, sender;

#define WAIT_STEP (HZ / 10)
#define WAIT_MAX 300 /* steps: 30 s */

/*
 * Sent from a work item once the module load is over. Finishing a load
 * needs every CPU, and the target will never answer again: text patching
 * syncs all cores by IPI, and the kernel frees the module's init memory
 * from a work item of its own (do_free_init) with a TLB flush on every
 * CPU. An INIT before that flush leaves CPU 0 waiting for CPU 1 for ever
 * (seen: a soft lockup in do_free_init's flush). So the INIT waits until
 * the init memory is unmapped, and a little more for the flush.
 */
static void inittest_send(struct work_struct *work);
static DECLARE_DELAYED_WORK(inittest_work, inittest_send);

static void inittest_send(struct work_struct *work)
{
	if (vmalloc_to_page((void *)init_text) && ++waits < WAIT_MAX) {
		schedule_delayed_work_on(sender, &inittest_work, WAIT_STEP);
		return;
	}
	msleep(100);
	/* SDM 10.6.1: delivery mode INIT, level assert, physical destination. */
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT,
		       target_apicid);
	pr_info("INIT sent to CPU %u (APIC ID %u) from CPU %u, %u ms after the load%s\n",
		cpu, target_apicid, raw_smp_processor_id(),
		jiffies_to_msecs((waits + 1) * WAIT_STEP),
		waits < WAIT_MAX ? "" : " (init memory still mapped)");
}

static int __init inittest_init(void)
{
	unsigned int me = get_cpu();

	/* The INIT must not stop the CPU that sends it (use taskset). */
	if (cpu == me || cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		put_cpu();
		pr_err("CPU %u is not another online CPU (insmod runs on CPU %u)\n",
		       cpu, me);
		return -EINVAL;
	}
	target_apicid = per_cpu(x86_cpu_to_apicid, cpu);
	init_text = (unsigned long)inittest_init;
	sender = me;
	schedule_delayed_work_on(me, &inittest_work, WAIT_STEP);
	put_cpu();
	return 0;
}

static void __exit inittest_exit(void)
{
	cancel_delayed_work_sync(&inittest_work);
}

module_init(inittest_init);
module_exit(inittest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvnest test: INIT to a virtualized CPU");
