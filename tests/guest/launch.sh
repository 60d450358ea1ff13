# SPDX-License-Identifier: GPL-2.0
# Late launch: every CPU runs Linux under hvnest (CPUID signature), a
# CPU-, syscall-, interrupt- and NMI-heavy workload gives right results,
# exit statistics move, rmmod hands every CPU back, load/unload repeats,
# CPU hotplug re-virtualizes, and an injected launch failure rolls back.
. /hvnest/tests/lib.sh

ncpu=$(nproc)
last=$((ncpu - 1))

# sig_on_all yes|no: the CPUs (pinned) whose CPUID 0x40000000 does not
# (yes) or does (no) say "hvnest".
sig_on_all() {
	bad=""
	for c in $(seq 0 $last); do
		out=$(cpuid_sig $c)
		case "$1:$out" in
		yes:"sig=hvnest "* | no:"sig=-"* | no:"sig="[!h]*) ;;
		*) bad="$bad cpu$c:'$out'" ;;
		esac
	done
	echo "$bad"
}

check_sig() { # NAME yes|no
	bad=$(sig_on_all "$2")
	if [ -z "$bad" ]; then pass "$1"; else fail "$1" "$bad"; fi
}

check_sig launch_no_signature_before no

mark_dmesg
expect_rc launch_insmod 0 modload $KO
expect_dmesg launch_all_cpus "hvnest: loaded .*; $ncpu CPUs virtualized" 1
expect_dmesg launch_ept01 "hvnest: EPT01: identity map of [0-9]+ GiB per CPU with its MTRR types; CPU [0-9]+ uses [0-9]+ of [0-9]+ tables" 1
check_sig launch_signature_every_cpu yes
# Nested VMX is on by default: L1 sees VMX (CPUID.1:ECX.VMX).
out=$(cpuid_sig 0)
case "$out" in *"vmx=1 hv=1") pass launch_cpuid_shows_vmx ;; *) fail launch_cpuid_shows_vmx "$out" ;; esac

# Workload: compress / decompress / compare, a syscall loop, timers, NMIs.
hvctl stats --reset >/dev/null
run_workload "" 4096 200000 100000
check_sig workload_signature_still_there yes

expect_rc stats_read 0 hvctl stats --json
cpuid_n=$(echo "$OUT" | sed -n 's/.*"cpuid":{"count":\([0-9]*\).*/\1/p')
if [ -n "$cpuid_n" ] && [ "$cpuid_n" -ge $((2 * ncpu)) ]; then pass stats_count_cpuid; else fail stats_count_cpuid "cpuid count '$cpuid_n'"; fi
if [ $ncpu -gt 1 ]; then
	inj=$(echo "$OUT" | sed -n 's/.*"nmi_injected":\([0-9]*\).*/\1/p')
	if [ -n "$inj" ] && [ "$inj" -ge $((3 * (ncpu - 1))) ]; then pass stats_nmis_delivered; else fail stats_nmis_delivered "nmi_injected '$inj'"; fi
else
	skip stats_nmis_delivered "one CPU: NMI backtraces send no NMI"
fi
unexp=$(echo "$OUT" | sed -n 's/.*"unexpected_exits":\([0-9]*\).*/\1/p')
exc=$(echo "$OUT" | sed -n 's/.*"root_exceptions":\([0-9]*\).*/\1/p')
if [ "$unexp" = 0 ] && [ "$exc" = 0 ]; then pass stats_no_unexpected; else fail stats_no_unexpected "unexpected $unexp, root exceptions $exc"; fi
expect_rc stats_table 0 hvctl stats --interval 0.5 --count 1
expect_out stats_table_cpuid "^cpuid +[0-9]+ +[0-9.]+ +[0-9]+"
echo "$OUT" | sed 's/^/  | /'

# NMIs by IPI to every CPU, the sender included (with one CPU, NMI
# backtraces send no NMI), while the target exits for CPUID in a loop:
# each arrives exactly once, and hvnest delivered every one of them.
hvctl stats --reset >/dev/null
mark_dmesg
expect_rc nmi_ipi_every_cpu 0 insmod $MODS/hvnest_nmitest.ko rounds=100
rmmod hvnest_nmitest 2>/dev/null
expect_dmesg nmi_ipi_none_lost_or_doubled "hvnest_nmitest: PASS" 1
new_dmesg | grep hvnest_nmitest | sed 's/^/  | /'
expect_rc nmi_ipi_stats 0 hvctl stats --json
inj=$(echo "$OUT" | sed -n 's/.*"nmi_injected":\([0-9]*\).*/\1/p')
if [ -n "$inj" ] && [ "$inj" -ge $((100 * ncpu)) ]; then pass nmi_ipi_delivered_by_hvnest; else fail nmi_ipi_delivered_by_hvnest "nmi_injected '$inj', want >= $((100 * ncpu))"; fi

# User mode cannot make hvnest's hypercalls: #UD (SIGILL), logged, and
# the CPU stays virtualized.
expect_rc hypercall_user_refused 0 runas 65534 vmcall_user
expect_out hypercall_user_sigill "^sigill"
check_sig hypercall_user_nothing_handed_back yes
sleep 2 # the module drains root logs once a second
expect_rc log_read 0 hvctl log
expect_out log_has_refused_hypercall "CPU [0-9]+: hypercall 0x68766e01 refused: CPL 3, key ok 0"
expect_rc log_json 0 hvctl log --json
expect_out log_json_record '^\{"seq":[0-9]+,"time_s":[0-9.]+,"cpu":[0-9]+,"text":"hypercall'

# An MTRR write by L1 reaches the CPU, and each CPU rebuilds its EPT01
# from its new MTRRs (Linux writes them on every CPU). A write-combining
# range in the uncached hole below 4 GiB splits that 1 GiB page (one
# table more); removing the range joins it again.
# ept01_tables CPU: tables of CPU's last rebuild in 'hvctl log'.
ept01_tables() {
	hvctl log | grep -E "CPU $1: EPT01 rebuilt after MTRR write \(MSR 0x2ff\): [0-9]+ tables, MTRRs enabled 1" |
		tail -n 1 | sed 's/.*: \([0-9]*\) tables.*/\1/'
}
if [ -w /proc/mtrr ]; then
	expect_rc mtrr_add 0 sh -c 'echo "base=0xe0000000 size=0x1000000 type=write-combining" >/proc/mtrr'
	reg=$(sed -n 's/^reg0*\([0-9][0-9]*\): base=0x0*e0000000 .*write-combining.*/\1/p' /proc/mtrr)
	if [ -n "$reg" ]; then pass mtrr_add_in_proc; else fail mtrr_add_in_proc "$(cat /proc/mtrr)"; fi
	sleep 2 # the module drains root logs once a second
	added=""
	for c in $(seq 0 $last); do added="$added $(ept01_tables $c)"; done
	expect_rc mtrr_del 0 sh -c "echo disable=$reg >/proc/mtrr"
	sleep 2
	removed=""
	for c in $(seq 0 $last); do removed="$removed $(ept01_tables $c)"; done
	echo "  | EPT01 tables per CPU: with the WC range:$added; without:$removed"
	bad=""
	set -- $removed
	for a in $added; do
		if [ -z "$1" ] || [ "$a" -ne $(($1 + 1)) ]; then bad="$bad $a/${1:-none}"; fi
		shift
	done
	if [ $(echo $added | wc -w) = $ncpu ] && [ -z "$bad" ]; then
		pass mtrr_ept01_rebuilt_every_cpu
	else
		fail mtrr_ept01_rebuilt_every_cpu "tables with/without the WC range:$bad (with:$added; without:$removed)"
	fi
else
	for r in mtrr_add mtrr_add_in_proc mtrr_del mtrr_ept01_rebuilt_every_cpu; do
		skip $r "/proc/mtrr is not writable in this kernel"
	done
fi

# Feature switch: the hypervisor leaf goes away and comes back everywhere.
expect_rc features_list 0 hvctl features
expect_out features_list_leaf "^hypervisor-leaf +on +while running"
expect_rc features_disable 0 hvctl disable hypervisor-leaf
check_sig features_disabled_every_cpu no
out=$(cpuid_sig 0)
case "$out" in *"hv=0") pass features_disabled_hv_bit ;; *) fail features_disabled_hv_bit "$out" ;; esac
if [ $ncpu -gt 1 ]; then
	# A CPU that comes online gets the switches as they are now.
	echo 0 >/sys/devices/system/cpu/cpu$last/online
	echo 1 >/sys/devices/system/cpu/cpu$last/online
	check_sig features_hotplug_keeps_setting no
else
	skip features_hotplug_keeps_setting "one CPU: none can go offline"
fi
expect_rc features_enable 0 hvctl enable hypervisor-leaf
check_sig features_enabled_every_cpu yes
expect_rc features_unknown_name 2 hvctl enable warp-drive
expect_out features_unknown_name_message "no feature 'warp-drive'"

if [ $ncpu -gt 1 ]; then
	cpu_state() { hvctl status --json | sed -n 's/.*{"cpu":'$1',"state":"\([a-z]*\)".*/\1/p'; }
	ok=0 why=""
	for i in 1 2 3; do
		echo 0 >/sys/devices/system/cpu/cpu$last/online
		st_off=$(cpu_state $last)
		echo 1 >/sys/devices/system/cpu/cpu$last/online
		st_on=$(cpu_state $last)
		out=$(cpuid_sig $last)
		if [ "$st_off" = offline ] && [ "$st_on" = virtualized ] &&
			case "$out" in "sig=hvnest "*) true ;; *) false ;; esac; then
			ok=$((ok + 1))
		else
			why="$why [$i: '$st_off' then '$st_on', $out]"
		fi
	done
	if [ $ok = 3 ]; then pass hotplug_revirtualized_3_times; else fail hotplug_revirtualized_3_times "$ok of 3:$why"; fi
else
	skip hotplug_revirtualized_3_times "one CPU: none can go offline"
fi

mark_dmesg
expect_rc unload_rmmod 0 rmmod hvnest
check_sig unload_signature_gone_every_cpu no
expect_clean_kernel launch_kernel_clean_after_unload

ok=0
for i in $(seq 1 10); do
	modload $KO && [ "$(cpuid_sig $last | cut -d' ' -f1)" = sig=hvnest ] && rmmod hvnest && ok=$((ok + 1))
done
if [ $ok = 10 ]; then pass load_unload_10_cycles; else fail load_unload_10_cycles "$ok of 10"; fi
check_sig cycles_signature_gone no

mark_dmesg
expect_rc inject_failure_refused 5 modload $KO inject_launch_failure=$last
expect_dmesg inject_failure_message "hvnest: refusing to load: launch failed on CPU $last at VMLAUNCH \(VM-instruction error 7\); every CPU was rolled back" 1
check_sig inject_failure_rolled_back no
expect_rc inject_failure_then_load 0 modload $KO
check_sig inject_failure_then_signature yes
expect_rc inject_failure_then_unload 0 rmmod hvnest

# Without EPT (ept=0) Linux runs on its own paging alone, as before.
mark_dmesg
expect_rc no_ept_load 0 modload $KO ept=0
expect_dmesg no_ept_no_map "EPT01" 0
check_sig no_ept_signature yes
expect_rc no_ept_gzip 0 sh -c 'gzip -c /tmp/w2 | gunzip -c | cmp - /tmp/w2'
expect_rc no_ept_unload 0 rmmod hvnest

# nested=0: L1 sees a CPU without VMX, and the nested switches are not
# available, and say so.
expect_rc nested_off_load 0 modload $KO nested=0
out=$(cpuid_sig 0)
case "$out" in *"vmx=0 hv=1") pass nested_off_hides_vmx ;; *) fail nested_off_hides_vmx "$out" ;; esac
expect_rc features_nested_unavailable 1 hvctl enable vmcs-shadowing
expect_out features_nested_unavailable_message "'vmcs-shadowing' is not available"
expect_rc nested_off_unload 0 rmmod hvnest
expect_clean_kernel launch_kernel_clean
