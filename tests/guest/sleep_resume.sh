# SPDX-License-Identifier: GPL-2.0
# System sleep with hvnest loaded (module/sleep.c), 2 CPUs. Linux's
# pm_test "core" mode runs every step of a suspend to RAM (processes
# frozen, devices suspended, the other CPUs offline, the syscore callbacks
# with interrupts off) but the firmware's, then resumes: hvnest must hand
# the CPUs back on the way down and launch them again on the way up, with
# KVM loaded (nested VMX, hvnest's default), whose guests run afterwards. While KVM
# holds a VM, a CPU cannot go offline under hvnest (KVM leaves VMX
# operation only after hvnest's hand-back, module/launch.c), so offlining
# it and suspending are refused, and nothing breaks.
. /hvnest/tests/lib.sh

if [ ! -w /sys/power/pm_test ]; then
	fail_rest "no /sys/power/pm_test in this kernel"
	exit 0
fi
state=mem
grep -qw mem /sys/power/state || state=disk
echo "  | /sys/power/state: $(cat /sys/power/state); testing $state"
ncpu=$(nproc)
last=$((ncpu - 1))

# every_cpu_virtualized NAME: CPUID 0x40000000 says hvnest on every CPU.
every_cpu_virtualized() {
	i=0 ok=0 why=""
	while [ $i -lt $ncpu ]; do
		out=$(cpuid_sig $i)
		case "$out" in
		"sig=hvnest "*) ok=$((ok + 1)) ;;
		*) why="$why [CPU $i: $out]" ;;
		esac
		i=$((i + 1))
	done
	if [ $ok = $ncpu ]; then pass "$1"; else fail "$1" "$ok of $ncpu:$why"; fi
}

# suspend_core: one suspend to RAM in pm_test core mode; its status.
suspend_core() {
	echo 1 >/sys/module/suspend/parameters/pm_test_delay 2>/dev/null
	echo core >/sys/power/pm_test
	sh -c "echo $state >/sys/power/state"
	rc=$?
	echo none >/sys/power/pm_test
	return $rc
}

expect_rc sleep_hvnest_loads 0 modload $KO
expect_rc sleep_kvm_loads 0 load_kvm
# The console stays on through the suspend, so that a failure shows where.
echo N >/sys/module/printk/parameters/console_suspend
mark_dmesg
expect_rc sleep_round_trip 0 suspend_core
sleep 2
new_dmesg | grep -E 'hvnest|PM:|Disabling|Enabling' | sed 's/^/  | /'
expect_dmesg sleep_boot_cpu_handed_back 'hvnest: CPU 0 handed back for system sleep' 1
expect_dmesg sleep_boot_cpu_launched_again 'hvnest: CPU 0 launched again after system sleep' 1
every_cpu_virtualized sleep_every_cpu_under_hvnest
expect_rc sleep_status 0 hvctl status
expect_out sleep_status_virtualized "$ncpu of $ncpu online CPUs virtualized"
# KVM still works under hvnest.
expect_rc sleep_kvm_guest_after 0 kvm_guest --quick

if [ $ncpu -gt 1 ]; then
	if start_vm_holder /tmp/sleep_ready; then
		pass sleep_kvm_vm_held
	else
		fail sleep_kvm_vm_held "kvm_hold not ready"
	fi
	holder=$HOLDER
	mark_dmesg
	if echo 0 >/sys/devices/system/cpu/cpu$last/online; then
		fail sleep_offline_refused "CPU $last went offline with L1 in VMX operation"
	else
		pass sleep_offline_refused
	fi
	expect_dmesg sleep_offline_refusal_logged "hvnest: CPU $last stays online: its L1 is in VMX operation"
	if suspend_core; then
		fail sleep_suspend_refused "the suspend went through"
	else
		pass sleep_suspend_refused
	fi
	sleep 2
	every_cpu_virtualized sleep_every_cpu_still_under_hvnest
	kill $holder
	wait $holder 2>/dev/null
else
	for r in sleep_kvm_vm_held sleep_offline_refused sleep_offline_refusal_logged \
		sleep_suspend_refused sleep_every_cpu_still_under_hvnest; do
		skip $r "one CPU: none but CPU 0, which cannot go offline"
	done
fi
unload_kvm
sleep 1
expect_rc sleep_hvnest_unloads 0 rmmod hvnest
expect_clean_kernel sleep_kernel_clean
