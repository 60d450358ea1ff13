# SPDX-License-Identifier: GPL-2.0
# The OS in L2 (issue 15, item 3): hvnest under hvnest. hvnest.ko (L0)
# gives Linux nested VMX; hvnest_l1.ko, the same sources as a second
# instance, then moves that very Linux into a guest of its own on every
# CPU, as Hyper-V's root partition or any blue-pill hypervisor does. The
# OS goes on touching all of its memory, hvnest.ko's module image and
# data included (issue 15's first oops was exactly that). Run where
# neither instance is loaded.
. /hvnest/tests/lib.sh

ncpu=$(nproc)
last=$((ncpu - 1))
L1KO=$HV/hvnest_l1.ko
L1DEV=/dev/hvnest_l1

# instance_on_all NAME: the CPUs (pinned) whose CPUID 0x40000002 is not
# answered by the instance NAME.
instance_on_all() {
	bad=""
	for c in $(seq 0 $last); do
		out=$(cpuid_sig $c)
		case "$out" in
		"sig=hvnest instance=$1 "*) ;;
		*) bad="$bad cpu$c:'$out'" ;;
		esac
	done
	echo "$bad"
}
check_instance() { # NAME INSTANCE
	bad=$(instance_on_all "$2")
	if [ -z "$bad" ]; then pass "$1"; else fail "$1" "not $2:$bad"; fi
}
at_least() { # NAME VALUE MIN WHAT
	if [ -n "$2" ] && [ "$2" -ge "$3" ]; then pass "$1"; else fail "$1" "$4 '$2', want >= $3"; fi
}

mark_dmesg
expect_rc osl2_outer_insmod 0 modload $KO
expect_dmesg osl2_outer_loaded "hvnest: loaded .*; $ncpu CPUs virtualized" 1
check_instance osl2_outer_answers_every_cpu hvnest
hvctl stats --reset >/dev/null

# The inner launches on every CPU: from now on the OS is L2.
expect_rc osl2_inner_insmod 0 modload $L1KO
expect_dmesg osl2_inner_loaded "hvnest_l1: loaded .*; $ncpu CPUs virtualized" 1
check_instance osl2_inner_answers_every_cpu hvnest_l1
expect_rc osl2_outer_status 0 hvctl status
expect_out osl2_outer_status_running "^state: +running, $ncpu of $ncpu online CPUs virtualized"
expect_rc osl2_inner_status 0 hvctl --device $L1DEV status
expect_out osl2_inner_status_running "^state: +running, $ncpu of $ncpu online CPUs virtualized"

# The launch workload, in L2: compress / decompress / compare on every
# CPU, a syscall loop, timers, NMI backtraces through two hypervisors.
run_workload osl2_ 2048 100000 50000

# The outer sees the OS's exits as L2's: CPUID reflected to the inner on
# every CPU, entries made; neither instance met an unexpected exit.
expect_rc osl2_outer_stats 0 hvctl stats --json
at_least osl2_outer_l2_entries "$(json_num '"nested":{"entries":')" $ncpu "nested entries"
at_least osl2_outer_cpuid_reflected "$(json_num '"reasons":{.*"cpuid":{"reflected":')" $ncpu "L2 CPUID exits reflected"
unexp=$(json_num '"unexpected_exits":')
if [ "$unexp" = 0 ]; then pass osl2_outer_no_unexpected; else fail osl2_outer_no_unexpected "unexpected exits '$unexp'"; fi
expect_rc osl2_inner_stats 0 hvctl --device $L1DEV stats --json
at_least osl2_inner_cpuid "$(json_num '"cpuid":{"count":')" $ncpu "CPUID exits"
unexp=$(json_num '"unexpected_exits":')
if [ "$unexp" = 0 ]; then pass osl2_inner_no_unexpected; else fail osl2_inner_no_unexpected "unexpected exits '$unexp'"; fi

# An MTRR change: the inner rebuilds its EPT01 on every CPU (its log),
# and its INVEPT makes the outer flush EPT02.
if [ -w /proc/mtrr ]; then
	hvctl stats --json >/dev/null
	flushes0=$(hvctl stats --json | sed -n 's/.*"ept02_flushes":\([0-9]*\).*/\1/p')
	expect_rc osl2_mtrr_add 0 sh -c 'echo "base=0xe0000000 size=0x1000000 type=write-combining" >/proc/mtrr'
	reg=$(sed -n 's/^reg0*\([0-9][0-9]*\): base=0x0*e0000000 .*write-combining.*/\1/p' /proc/mtrr)
	sleep 2 # the modules drain root logs once a second
	n=$(hvctl --device $L1DEV log | grep -cE "EPT01 rebuilt after MTRR write \(MSR 0x2ff\)")
	at_least osl2_mtrr_inner_rebuilt_every_cpu "$n" $ncpu "inner EPT01 rebuilds"
	flushes1=$(hvctl stats --json | sed -n 's/.*"ept02_flushes":\([0-9]*\).*/\1/p')
	if [ -n "$flushes1" ] && [ "$flushes1" -gt "${flushes0:-0}" ]; then pass osl2_mtrr_outer_ept02_flushed; else fail osl2_mtrr_outer_ept02_flushed "ept02_flushes '$flushes0' then '$flushes1'"; fi
	expect_rc osl2_mtrr_del 0 sh -c "echo disable=$reg >/proc/mtrr"
else
	for r in osl2_mtrr_add osl2_mtrr_inner_rebuilt_every_cpu osl2_mtrr_outer_ept02_flushed osl2_mtrr_del; do
		skip $r "/proc/mtrr is not writable in this kernel"
	done
fi

# A CPU goes offline and comes back: both instances hand it back (the
# inner first) and take it again (the outer first).
if [ $ncpu -gt 1 ]; then
	echo 0 >/sys/devices/system/cpu/cpu$last/online
	expect_rc osl2_hotplug_inner_status 0 hvctl --device $L1DEV status
	expect_out osl2_hotplug_inner_offline "^state: +running, $last of $last online CPUs virtualized"
	echo 1 >/sys/devices/system/cpu/cpu$last/online
	check_instance osl2_hotplug_inner_again hvnest_l1
	expect_rc osl2_hotplug_outer_status 0 hvctl status
	expect_out osl2_hotplug_outer_all "^state: +running, $ncpu of $ncpu online CPUs virtualized"
else
	for r in osl2_hotplug_inner_status osl2_hotplug_inner_offline \
		osl2_hotplug_inner_again osl2_hotplug_outer_status \
		osl2_hotplug_outer_all; do
		skip $r "one CPU: none can go offline"
	done
fi

# The outer stays while the inner is loaded (its L1 is in VMX operation).
expect_rc osl2_outer_rmmod_refused 1 rmmod hvnest
check_instance osl2_inner_still_answers hvnest_l1
mark_dmesg
expect_rc osl2_inner_rmmod 0 rmmod hvnest_l1
expect_dmesg osl2_inner_unloaded "hvnest_l1: unloaded: every CPU handed back" 1
check_instance osl2_outer_answers_again hvnest

# 10 load/unload cycles of the inner: 5 with the outer's VMCS shadowing
# for L1 on, 5 with it off.
cycles() { # N: cycles that loaded, answered on the last CPU, unloaded
	ok=0
	for i in $(seq 1 $1); do
		modload $L1KO &&
			case "$(cpuid_sig $last)" in "sig=hvnest instance=hvnest_l1 "*) true ;; *) false ;; esac &&
			rmmod hvnest_l1 && ok=$((ok + 1))
	done
	echo $ok
}
n=$(cycles 5)
if [ "$n" = 5 ]; then pass osl2_cycles_shadowing_on; else fail osl2_cycles_shadowing_on "$n of 5"; fi
expect_rc osl2_shadowing_off 0 hvctl disable vmcs-shadowing
n=$(cycles 5)
if [ "$n" = 5 ]; then pass osl2_cycles_shadowing_off; else fail osl2_cycles_shadowing_off "$n of 5"; fi
expect_rc osl2_shadowing_on 0 hvctl enable vmcs-shadowing
check_instance osl2_outer_answers_after_cycles hvnest

expect_rc osl2_outer_rmmod 0 rmmod hvnest
expect_clean_kernel osl2_kernel_clean
