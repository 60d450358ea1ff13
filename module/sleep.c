// SPDX-License-Identifier: GPL-2.0
/*
 * System sleep and reboot.
 *
 * Suspend to RAM and hibernation power the CPUs off, and firmware gives
 * them back without VMX: Linux takes the other CPUs offline first (the
 * hotplug callbacks hand each back and launch it again when it comes
 * back, module/launch.c), and the boot CPU, last, runs the syscore
 * callbacks with interrupts off. hvnest hands it back there and launches
 * it again on resume. Syscore callbacks run in the reverse order of
 * registration at suspend and in that order at resume, so KVM, loaded
 * after hvnest, leaves VMX operation before hvnest hands the CPU back and
 * enters it again after hvnest has launched it.
 *
 * Reboot, power-off, halt and kexec: every CPU is handed back first. A
 * kernel that kexec starts would otherwise run as L1 of a hypervisor whose
 * memory it does not know about. The notifier runs after KVM's (lower
 * priority), which leaves VMX operation on every CPU first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/smp.h>
#include <linux/syscore_ops.h>

#include "hvnest.h"

static int hvnest_syscore_suspend(void)
{
	int err = hvnest_sleep_hand_back();

	if (err)
		pr_err("refusing system sleep: L1 of CPU %u is in VMX operation; hvnest cannot hand the CPU back\n",
		       smp_processor_id());
	else
		pr_info("CPU %u handed back for system sleep\n",
			smp_processor_id());
	return err;
}

static void hvnest_syscore_resume(void)
{
	if (hvnest_sleep_relaunch())
		pr_info("CPU %u launched again after system sleep\n",
			smp_processor_id());
}

static struct syscore_ops hvnest_syscore_ops = {
	.suspend = hvnest_syscore_suspend,
	.resume = hvnest_syscore_resume,
};

static int hvnest_reboot(struct notifier_block *nb, unsigned long code,
			 void *unused)
{
	const char *what = code == SYS_RESTART ? "restart" :
			   code == SYS_HALT    ? "halt" :
						 "power-off";

	if (hvnest_hand_back_all_if_safe())
		pr_info("every CPU handed back before %s\n", what);
	else
		pr_warn("CPUs left under VMX at %s: one was stopped by INIT or a triple fault, or its L1 is in VMX operation\n",
			what);
	return NOTIFY_DONE;
}

static struct notifier_block hvnest_reboot_nb = {
	.notifier_call = hvnest_reboot,
	.priority = -1, /* after KVM's (0) */
};

void hvnest_sleep_register(void)
{
	register_syscore_ops(&hvnest_syscore_ops);
	register_reboot_notifier(&hvnest_reboot_nb);
}

void hvnest_sleep_unregister(void)
{
	unregister_reboot_notifier(&hvnest_reboot_nb);
	unregister_syscore_ops(&hvnest_syscore_ops);
}
