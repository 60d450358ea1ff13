# SPDX-License-Identifier: GPL-2.0
# INIT and SIPI under hvnest (apic/init_sipi.c), 2 CPUs. CPU 1 takes an
# INIT (hvnest loaded with test_init=1 gives it the INIT exit's handling
# without the INIT signal, which Bochs 2.7 never lets a guest resume from:
# docs/emulated-machine.md) and waits for a SIPI in VMX non-root operation;
# SIPIs from CPU 0 start it in real mode in hvnest_sipitest.ko's code,
# which climbs through protected mode into IA-32e mode and back into CPU
# 1's Linux context. Twice, to show nothing is left behind, the second
# time with the INIT held in VMX root operation until VMXOFF. CPU 1 then
# runs Linux under hvnest again, and hvnest refuses to unload, as for any
# CPU an INIT reset: so this is the last test of its boot that needs
# hvnest unloadable.
. /hvnest/tests/lib.sh

if [ "$(nproc)" -lt 2 ]; then
	skip_rest "needs two CPUs, $(nproc) online"
	exit 0
fi
lsmod | grep -q '^hvnest ' && rmmod hvnest
mark_dmesg
expect_rc sipi_hvnest_loads 0 modload $KO "test_init=1 nested=1"
# Round 2: CPU 1 in VMX operation of its own (VMXON) when the INIT comes:
# hvnest holds it until the VMXOFF, which it then resets (SDM 23.8).
for round in 1 2; do
	mark_dmesg
	vmx=0
	[ $round = 2 ] && vmx=1
	expect_rc sipi_round_trip_$round 0 taskset -c 0 \
		modload $MODS/hvnest_sipitest.ko "cpu=1 vmx=$vmx"
	sleep 2 # hvnest drains its root log into dmesg every second
	new_dmesg | grep -E 'hvnest_sipitest|root:' | sed 's/^/  | /'
	expect_dmesg sipi_real_mode_$round 'hvnest_sipitest: real mode: reached'
	expect_dmesg sipi_protected_mode_$round 'hvnest_sipitest: protected mode: reached'
	expect_dmesg sipi_ia32e_mode_$round 'hvnest_sipitest: IA-32e mode: reached'
	expect_dmesg sipi_cpu_back_$round "hvnest_sipitest: CPU 1 CPUID 0x40000000 signature: 'hvnest'"
	expect_dmesg sipi_init_logged_$round 'CPU 1 root: INIT at rip 0x[0-9a-f]+: CPU reset \(SDM table 9-1\), BSP 0'
	expect_dmesg sipi_start_logged_$round 'CPU 1 root: SIPI vector 0x7: CPU started in real mode at 0x7000'
	rmmod hvnest_sipitest
done
expect_dmesg sipi_init_held_in_vmx_root 'CPU 1 root: INIT at rip 0x[0-9a-f]+ while L1 is in VMX root operation: held'
expect_dmesg sipi_init_at_vmxoff 'CPU 1 root: L1 left VMX operation'
expect_rc sipi_stats 0 hvctl stats --cpu 1
expect_out sipi_stats_counts_sipi_exits '(^| )sipi +2( |$)'
expect_rc sipi_cpu1_runs_linux 0 cpuid_sig 1
expect_out sipi_cpu1_under_hvnest '^sig=hvnest '
expect_rc sipi_unload_refused 1 rmmod hvnest
sleep 2
expect_dmesg sipi_unload_refused_logged 'unloading hvnest is refused'
expect_clean_kernel sipi_kernel_clean 'INIT at rip|SIPI vector|held until its VMXOFF'
# CPU 1 went through INIT: at the power-off, hvnest leaves the CPUs as
# they are rather than wait in stop_machine() (module/sleep.c).
echo "HVNEST-EXPECT-AT-POWEROFF: sipi_poweroff_leaves_cpus hvnest: CPUs left under VMX at power-off"
