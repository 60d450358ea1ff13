# SPDX-License-Identifier: GPL-2.0
# Issue 4 acceptance: the KVM guest test program (kvm_guest) on plain KVM,
# then on KVM under hvnest (loaded with no parameter: nested VMX is on by
# default) in the same boot, with identical
# value lines; kvm_intel loads and unloads with hvnest loaded; rmmod
# hvnest is refused while L1 is in VMX operation; hvctl stats shows the
# nested breakdown. Wall-clock times of both runs are printed. Then the
# same with kvm_intel ept=0 (KVM's shadow paging: L2 runs without EPT12,
# on hvnest's identity EPT02, docs/nested-vmx.md).
. /hvnest/tests/lib.sh

# kg_bare TAG LABEL [KVM_INTEL_PARAMS]: kvm_guest on plain KVM into
# /tmp/kg.bareTAG; its wall time in BARE_SECS.
kg_bare() {
	tag=$1 label=$2
	shift 2
	expect_rc kvm_nested_bare_kvm${tag}_loads 0 load_kvm "$@"
	kg_run /tmp/kg.bare$tag bare${tag}_
	echo "  | kvm_guest on plain KVM$label: exit status $KG_RC, ${KG_SECS}s"
	BARE_SECS=$KG_SECS
	unload_kvm
}

# kg_nested TAG LABEL BARE_SECS: kvm_guest on the KVM loaded under hvnest
# into /tmp/kg.nestedTAG, checked against /tmp/kg.bareTAG; hvctl stats
# of the run in /tmp/kg.stats.
kg_nested() {
	hvctl stats --reset >/dev/null 2>&1
	kg_run /tmp/kg.nested$1 nested${1}_
	echo "  | kvm_guest on KVM$2 under hvnest: exit status $KG_RC, ${KG_SECS}s (plain: ${3}s)"
	if [ "$KG_RC" = 0 ]; then pass kvm_nested${1}_exit_status; else fail kvm_nested${1}_exit_status "exit status $KG_RC"; fi
	if diff /tmp/kg.bare$1 /tmp/kg.nested$1 >/tmp/kg.diff; then
		pass kvm_nested${1}_identical
	else
		fail kvm_nested${1}_identical "$(head -n 6 /tmp/kg.diff | tr '\n' ' ')"
	fi
	hvctl stats >/tmp/kg.stats 2>&1
}

mark_dmesg
kg_bare "" ""
bare_secs=$BARE_SECS
kg_bare _noept ", ept=0" ept=0
bare_noept_secs=$BARE_SECS

expect_rc kvm_nested_hvnest_loads 0 modload $KO
expect_rc kvm_nested_kvm_loads 0 load_kvm
kg_nested "" "" $bare_secs
sed 's/^/  | /' /tmp/kg.stats | head -n 60
if grep -q "^nested VMX: L2's exits reflected to L1 or handled in L0" /tmp/kg.stats &&
	grep -qE "^nested entries: [1-9][0-9]*" /tmp/kg.stats &&
	grep -qE "^EPT02 fills: [1-9]" /tmp/kg.stats; then
	pass kvm_nested_stats_breakdown
else
	fail kvm_nested_stats_breakdown "hvctl stats lacks the nested section: $(tail -n 3 /tmp/kg.stats | tr '\n' ' ')"
fi

# Eight VMs taking turns on CPU 0 (issue 17): every one runs its loop to
# the end, and once they run, switching between them refills nothing in
# EPT02 (a root per EPTP12, nested/ept02_roots.c) and flushes no VPID02 (a
# VPID02 per VPID12, nested/vpid02.c): a run of 550 exits per VM has no
# more of either than a run of 50.
multi_counts() { # N: EPT02 fills, VPID02 flushes on CPU 0, kvm_ioloop -n N -v 8
	hvctl stats --reset >/dev/null
	taskset -c 0 kvm_ioloop -n "$1" -v 8 >/tmp/km.out 2>&1 || return 1
	OUT=$(hvctl stats --cpu 0 --json)
	echo "$(json_num '"ept02_fills":') $(json_num '"vpid02_flushes":')"
}
f50="" f550="" v50="" v550=""
if c50=$(multi_counts 50) && c550=$(multi_counts 550); then
	# shellcheck disable=SC2086 # two numbers
	set -- $c50 $c550
	f50=${1:-} v50=${2:-} f550=${3:-} v550=${4:-}
fi
if [ -n "$f50" ] && [ -n "$f550" ]; then
	pass kvm_nested_multi_vm
	echo "  | EPT02 fills, 8 VMs on CPU 0: $f50 with 50 exits each, $f550 with 550"
	echo "  | VPID02 flushes, 8 VMs on CPU 0: $v50 with 50 exits each, $v550 with 550"
	if [ "$f550" = "$f50" ]; then
		pass kvm_nested_multi_vm_ept02_kept
	else
		fail kvm_nested_multi_vm_ept02_kept "$((f550 - f50)) EPT02 fills in 4000 more L2 exits (want 0)"
	fi
	# Not equal: the first run may give the VPID12s their slots.
	if [ -n "$v50" ] && [ -n "$v550" ] && [ "$v550" -le "$v50" ]; then
		pass kvm_nested_multi_vm_vpid02_kept
	else
		fail kvm_nested_multi_vm_vpid02_kept "VPID02 flushes '$v50' with 50 exits per VM, '$v550' with 550 (want no more)"
	fi
else
	fail kvm_nested_multi_vm "kvm_ioloop -v 8: $(tr '\n' ' ' </tmp/km.out)"
	fail kvm_nested_multi_vm_ept02_kept "no figures"
	fail kvm_nested_multi_vm_vpid02_kept "no figures"
fi
# L2s that work without exits (tests/bench/l2-work's guests): registers
# only, and a 64 MiB walk on EPT02 (at 4 KiB pages about 36 of a root's 64
# tables); each checks what the guest computed.
for w in cpu mem; do
	if [ $w = cpu ]; then n=1000000; else n=2; fi
	if kvm_work $w -n $n >/tmp/kw.out 2>&1; then
		pass kvm_nested_work_$w
		sed 's/^/  | /' /tmp/kw.out
	else
		fail kvm_nested_work_$w "$(tr '\n' ' ' </tmp/kw.out)"
	fi
done
unload_kvm

# KVM without EPT under hvnest: identical to plain KVM without EPT, and
# L2 ran on EPT02 (fills without any EPT12).
expect_rc kvm_nested_kvm_noept_loads 0 load_kvm ept=0
kg_nested _noept " ept=0" $bare_noept_secs
grep -E '^(nested entries|EPT02)' /tmp/kg.stats | sed 's/^/  | /'
if grep -qE "^EPT02 fills: [1-9]" /tmp/kg.stats; then
	pass kvm_nested_noept_on_ept02
else
	fail kvm_nested_noept_on_ept02 "no EPT02 fill: $(grep '^EPT02' /tmp/kg.stats)"
fi
unload_kvm
sleep 1
expect_rc kvm_nested_hvnest_unloads 0 rmmod hvnest
expect_clean_kernel kvm_nested_kernel_clean
