// SPDX-License-Identifier: GPL-2.0
/*
 * Test module, destructive: send an INIT IPI to one online CPU, as a
 * buggy or hostile kernel could, half a second after it is loaded. Under hvnest the INIT exits and the CPU
 * is put in the wait-for-SIPI state (SDM 25.2, 9.1) without leaving VMX;
 * it never runs Linux again, and hvnest must then refuse to unload
 * rather than wait for a hand-back that cannot come. Use only as the last
 * test of a boot.
 *
 *   taskset -c OTHER insmod hvnest_inittest.ko cpu=N
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include <asm/apic.h>

static unsigned int cpu = 1;
module_param(cpu, uint, 0400);
MODULE_PARM_DESC(cpu, "the CPU that gets the INIT (default 1)");

static u32 target_apicid;

/*
 * Sent from a work item after insmod returned: finishing a module load
 * may need every CPU (text patching syncs all cores by IPI), and the
 * target will never answer again.
 */
static void inittest_send(struct work_struct *work)
{
	/* SDM 10.6.1: delivery mode INIT, level assert, physical destination. */
	apic_icr_write(APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT,
		       target_apicid);
	pr_info("INIT sent to CPU %u (APIC ID %u) from CPU %u\n", cpu,
		target_apicid, raw_smp_processor_id());
}

static DECLARE_DELAYED_WORK(inittest_work, inittest_send);

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
	schedule_delayed_work_on(me, &inittest_work, HZ / 2);
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
