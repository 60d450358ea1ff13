# SPDX-License-Identifier: GPL-2.0
# VMX conformance suite, guest side (tests/conformance/README.md): load
# the test hypervisor hvnest_vmxconf.ko (under hvnest when
# VMXCONF_HVNEST=1, see conformance_hvnest.sh), print every scenario's
# line as 'HVNEST-VMXCONF: name: outcome' for tests/conformance/run to
# compare, unload, and check the kernel stayed clean. The scenarios'
# outcomes are not judged here: only that the suite ran.
. /hvnest/tests/lib.sh

side=bare
[ "${VMXCONF_HVNEST:-0}" = 1 ] && side=hvnest
mark_dmesg
if [ $side = hvnest ]; then
	# Nested VMX is off by default until VM entry exists; its emulated
	# instructions are on with the test switch (docs/nested-vmx.md).
	expect_rc conformance_${side}_hvnest_load 0 modload $KO nested=1
fi
# tests/conformance/run --filter P: only the scenarios starting with P.
param=""
[ -f /hvnest/vmxconf.filter ] && param="filter=$(cat /hvnest/vmxconf.filter)"
# Then the generated cases of make test's fixed seed (docs/conformance.md,
# "Fuzzing"), or what tests/conformance/fuzz asks for instead.
fuzz="fuzz_seed=1 fuzz_cases=1000"
[ -f /hvnest/vmxconf.params ] && fuzz=$(cat /hvnest/vmxconf.params)
# modload takes the parameters as one word.
expect_rc conformance_${side}_module_load 0 modload $MODS/hvnest_vmxconf.ko \
	"$param $fuzz"
if [ -r /proc/vmxconf ]; then
	sed 's/^/HVNEST-VMXCONF: /' /proc/vmxconf
	n=$(grep -vc '^#' /proc/vmxconf)
	if [ "$n" -gt 0 ]; then
		pass conformance_${side}_scenarios_ran
	else
		fail conformance_${side}_scenarios_ran "no scenario line in /proc/vmxconf"
	fi
else
	fail conformance_${side}_scenarios_ran "no /proc/vmxconf"
fi
expect_rc conformance_${side}_module_unload 0 rmmod hvnest_vmxconf

# stats_have NAME REGEX: hvnest's counters (hvctl stats --json) match;
# stats_lack NAME REGEX: they do not.
stats_have() {
	if hvctl stats --json 2>&1 | grep -qE "$2"; then
		pass "$1"
	else
		fail "$1" "no $2 in hvctl stats --json"
	fi
}
stats_lack() {
	if hvctl stats --json 2>&1 | grep -qE "$2"; then
		fail "$1" "$2 in hvctl stats --json"
	else
		pass "$1"
	fi
}

# scenario_alone NAME SCENARIO PARAMS WANT: vmxconf runs one scenario
# with module parameters PARAMS; its line must contain WANT.
scenario_alone() {
	local line
	expect_rc "$1"_load 0 modload $MODS/hvnest_vmxconf.ko \
		"filter=$2 $3"
	line=$(grep "^$2:" /proc/vmxconf 2>/dev/null)
	echo "  | $line"
	case "$line" in
	*"$4"*) pass "$1" ;;
	*) fail "$1" "want '$4', got '$line'" ;;
	esac
	rmmod hvnest_vmxconf 2>/dev/null
}

# The failing entries of the suite, counted by cause (ABI 1.5): judged
# only when every scenario ran (a --filter run may have none of them).
if [ $side = hvnest ] && [ -z "$param" ]; then
	hvctl stats | grep -E "^(nested entries|entry failures|L1's VMLAUNCH)" |
		sed 's/^/  | /'
	stats_have conformance_hvnest_counted_entry_fail_guest \
		'"entry_fail_guest":[1-9]'
	stats_have conformance_hvnest_counted_entry_fail_msr \
		'"entry_fail_msr":[1-9]'
	stats_have conformance_hvnest_counted_vmfail_invalid \
		'"vmfail_invalid":[1-9]'
	stats_have conformance_hvnest_counted_vmfail_7 \
		'"vmfail_by_error":\{[^}]*"7":[1-9]'
	stats_have conformance_hvnest_counted_vmfail_8 \
		'"vmfail_by_error":\{[^}]*"8":[1-9]'
	# ... and by the rule they broke (ABI 1.6), every one named:
	# ctl_vnmi_without_nmi_exiting and guest_rflags_bit1_clear break
	# these two (tests/unit/test_entry_checks.c pins each case's rule).
	hvctl stats | grep '^entry rule' | sed 's/^/  | /'
	stats_have conformance_hvnest_counted_rule_vnmi \
		'"entry_rules":\{[^}]*"ctl_vnmi_without_nmi_exiting":[1-9]'
	stats_have conformance_hvnest_counted_rule_rflags \
		'"entry_rules":\{[^}]*"guest_rflags_reserved":[1-9]'
	stats_lack conformance_hvnest_every_failure_named \
		'"entry_rules":\{[^}]*"none":'
elif [ $side = hvnest ]; then
	for r in entry_fail_guest entry_fail_msr vmfail_invalid vmfail_7 \
		vmfail_8 rule_vnmi rule_rflags; do
		skip conformance_hvnest_counted_$r "--filter run: not every scenario ran"
	done
	skip conformance_hvnest_every_failure_named "--filter run: not every scenario ran"
fi

# hvnest_guard_probe and hvnest_guard_probe_no_ept (scn_exit.c): the
# guest's EPT, or without EPT its page tables, map the page of a kernel
# address and the guest reads the u64 there. Linux's own text: the guest
# sees it, bare or nested (L1 may give its memory), and so is hvnest's
# module image, which is the Linux side's (docs/nested-vmx.md, "Memory by
# owner"). A root-only page of hvnest (its test-only parameter root_only
# names one): L2 must not see it (issue 4), it reads a scratch page.
guard_probe() { # NAME SCENARIO VA WANT
	if [ -z "$3" ] || [ "$3" = 0 ] || [ "$3" = 0x0000000000000000 ]; then
		fail "$1" "no address to probe"
		return
	fi
	scenario_alone "$1" "$2" "probe_va=$3" "$4"
}
# hvnest_vapic_probe, hvnest_iobitmap_probe, hvnest_apic_access_probe and
# hvnest_eptp_list_probe: the guest's virtual-APIC page, I/O bitmap A,
# APIC-access page or EPTP list is a page of vmxconf's own (probe_va=1:
# VTPR written, a port with a clear bit does not exit, a read of the APIC
# page is an APIC-access exit, VMFUNC switches EPT) or, under hvnest, a
# root-only page of hvnest (L2 gets a scratch page, every I/O exits, the
# read is still an APIC-access exit, and the list reads as all ones: no
# valid EPTP, a VMFUNC exit).
linux_text="0x$(awk '$3 == "_text" { print $1; exit }' /proc/kallsyms)"
guard_probe conformance_${side}_vapic_own_page hvnest_vapic_probe 0x1 \
	"vtpr=written"
guard_probe conformance_${side}_iobitmap_own_page hvnest_iobitmap_probe 0x1 \
	"io=no-exit"
guard_probe conformance_${side}_apic_access_own_page hvnest_apic_access_probe \
	0x1 "exit=APIC_ACCESS qual=0x20 "
guard_probe conformance_${side}_eptp_list_own_page hvnest_eptp_list_probe 0x1 \
	"read=0x2222 eptp=list1"
guard_probe conformance_${side}_probe_linux_text hvnest_guard_probe \
	"$linux_text" "host=nonzero read=same-as-host"
guard_probe conformance_${side}_probe_linux_text_no_ept \
	hvnest_guard_probe_no_ept "$linux_text" "host=nonzero read=same-as-host"
if [ $side = hvnest ]; then
	root_only=$(sed -n 's/^va //p' /sys/module/hvnest/parameters/root_only 2>/dev/null)
	guard_probe conformance_hvnest_l2_sees_module_text hvnest_guard_probe \
		"$(cat /sys/module/hvnest/sections/.text 2>/dev/null)" \
		"host=nonzero read=same-as-host"
	guard_probe conformance_hvnest_l2_kept_from_hvnest hvnest_guard_probe \
		"$root_only" "host=nonzero read=other-page"
	guard_probe conformance_hvnest_l2_kept_from_hvnest_no_ept \
		hvnest_guard_probe_no_ept "$root_only" \
		"host=nonzero read=other-page"
	guard_probe conformance_hvnest_vapic_kept_from_hvnest \
		hvnest_vapic_probe "$root_only" "vtpr=untouched"
	guard_probe conformance_hvnest_iobitmap_kept_from_hvnest \
		hvnest_iobitmap_probe "$root_only" "io=exit"
	guard_probe conformance_hvnest_apic_access_kept_from_hvnest \
		hvnest_apic_access_probe "$root_only" "exit=APIC_ACCESS qual=0x20 "
	guard_probe conformance_hvnest_eptp_list_kept_from_hvnest \
		hvnest_eptp_list_probe "$root_only" "exit=VMFUNC qual=0x0 "
	# A failed entry names its rule in the root log: one failing
	# scenario alone, whose line the log's ring keeps (the whole suite
	# overflows it, and its lost records are only counted).
	scenario_alone conformance_hvnest_rule_scenario \
		ctl_vnmi_without_nmi_exiting "" "err=7"
	sleep 2 # root mode's log reaches dmesg once a second
	expect_dmesg conformance_hvnest_rule_logged \
		"entry rule [0-9]+: ctl_vnmi_without_nmi_exiting \(SDM 26\.2\.1\.1\)"
	expect_dmesg conformance_hvnest_l2_guard_logged \
		"onto hvnest's own memory"
	expect_dmesg conformance_hvnest_vapic_guard_logged \
		"or APIC page at hvnest's own memory"
	# ... and counted: ABI 1.3's ept02_guarded, "onto hvnest" in hvctl.
	stats_have conformance_hvnest_l2_guard_counted '"ept02_guarded":[1-9]'
fi
new_dmesg | grep -E 'hvnest_vmxconf|hvnest:' | sed 's/^/  | /'
if [ $side = hvnest ]; then
	expect_rc conformance_${side}_hvnest_unload 0 rmmod hvnest
	# An NMI in the exit tail (hvnest_nmi_in_exit_tail, scn_event.c):
	# test_tail_nmi=1 makes the first L2 entry send the CPU one there.
	expect_rc conformance_hvnest_tail_nmi_load 0 modload $KO \
		"nested=1 test_tail_nmi=1"
	scenario_alone conformance_hvnest_tail_nmi_exit hvnest_nmi_in_exit_tail \
		tail_nmi=1 "exit=EXCEPTION_NMI"
	# ... and it went through the restart of the tail (ABI 1.4).
	stats_have conformance_hvnest_tail_nmi_restarted \
		'"nmi_tail_restarts":[1-9]'
	expect_rc conformance_hvnest_tail_nmi_unload 0 rmmod hvnest
	# An INIT held in VMX root until the next VM entry, which takes it
	# as L2's INIT exit (hvnest_init_held_to_l2, scn_event.c; SDM 23.8).
	expect_rc conformance_hvnest_init_held_load 0 modload $KO \
		"nested=1 test_init=1"
	scenario_alone conformance_hvnest_init_held_to_l2 \
		hvnest_init_held_to_l2 test_init=1 \
		"init_self=-16 exit=INIT_SIGNAL qual=0x0 rip=+0 exit=VMCALL"
	sleep 2 # root mode's log reaches dmesg once a second
	expect_dmesg conformance_hvnest_init_held_logged \
		'while L1 is in VMX root operation: held'
	# The INIT went to L1, which survives it: nothing holds hvnest.
	expect_rc conformance_hvnest_init_held_unload 0 rmmod hvnest
fi
# The guard probes' own log lines are expected (their L1 side reads the
# root-only page it probes: a hole in EPT01); nothing else from root.
expect_clean_kernel conformance_${side}_kernel_clean \
	"hvnest's own memory|in VMX root operation: held|entry rule [0-9]+: |L1 touched root-only page"
