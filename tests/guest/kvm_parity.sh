# SPDX-License-Identifier: GPL-2.0
# KVM parity (issue 16): KVM's view of the machine (kvm_parity: module
# parameters, capabilities, supported CPUID, feature MSRs with the VMX
# capabilities KVM offers its own guests) on the bare CPU and under hvnest,
# loaded with no parameter, in the same boot. Every line that differs must
# be in kvm_parity.exceptions with its reason: that list is what hvnest
# does not yet offer L1, the backlog. An exception that no longer differs
# fails too, so that the list shrinks with the backlog.
. /hvnest/tests/lib.sh

EXC=$HV/tests/kvm_parity.exceptions
# run_parity SIDE: kvm_parity on a freshly loaded KVM into /tmp/parity.SIDE.
run_parity() {
	expect_rc kvm_parity_$1_kvm_loads 0 load_kvm
	expect_rc kvm_parity_$1_runs 0 sh -c "kvm_parity >/tmp/parity.$1"
	echo "  | $1: $(wc -l </tmp/parity.$1) facts"
	unload_kvm
}

mark_dmesg
run_parity bare
expect_rc kvm_parity_hvnest_loads 0 modload $KO
run_parity nested
expect_rc kvm_parity_hvnest_unloads 0 rmmod hvnest

# Facts are 'KIND KEY VALUE...'; exceptions 'KIND KEY: reason'.
awk -v exc="$EXC" '
function val(line) { sub(/^[^ ]+ [^ ]+ ?/, "", line); return line }
BEGIN {
	while ((getline l < exc) > 0) {
		if (l ~ /^#/ || l !~ /: /)
			continue
		k = substr(l, 1, index(l, ": ") - 1)
		why[k] = substr(l, index(l, ": ") + 2)
	}
}
FNR == NR { b[$1 " " $2] = val($0); keys[$1 " " $2] = 1; next }
{ n[$1 " " $2] = val($0); keys[$1 " " $2] = 1 }
END {
	for (k in keys) {
		bv = (k in b) ? b[k] : "<absent>"
		nv = (k in n) ? n[k] : "<absent>"
		if (bv == nv)
			continue
		if (k in why) {
			used[k] = 1
			printf "EXCEPTED %s: bare %s, hvnest %s (%s)\n", k, bv, nv, why[k]
		} else {
			printf "DIFFERS %s: bare %s, hvnest %s\n", k, bv, nv
		}
	}
	for (k in why)
		if (!(k in used))
			printf "STALE %s: %s\n", k, why[k]
}' /tmp/parity.bare /tmp/parity.nested | sort >/tmp/parity.diff
sed 's/^/  | /' /tmp/parity.diff
echo "  | $(grep -c '^EXCEPTED' /tmp/parity.diff) excepted, $(grep -c '^DIFFERS' /tmp/parity.diff) unexplained, $(grep -c '^STALE' /tmp/parity.diff) stale exceptions"
if [ -s /tmp/parity.bare ] && [ -s /tmp/parity.nested ] &&
	! grep -q '^DIFFERS' /tmp/parity.diff; then
	pass kvm_parity_identical_but_excepted
else
	fail kvm_parity_identical_but_excepted "$(grep '^DIFFERS' /tmp/parity.diff | head -n 3 | tr '\n' ' ')"
fi
if grep -q '^STALE' /tmp/parity.diff; then
	fail kvm_parity_exceptions_current "$(grep '^STALE' /tmp/parity.diff | head -n 3 | tr '\n' ' ')"
else
	pass kvm_parity_exceptions_current
fi
expect_clean_kernel kvm_parity_kernel_clean
