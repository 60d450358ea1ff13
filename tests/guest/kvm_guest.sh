# SPDX-License-Identifier: GPL-2.0
# The KVM guest test program (kvm_guest) on plain KVM, without hvnest: real,
# protected and long mode guests, MMIO, interrupt and NMI injection, CPUID,
# MSR exits, several vCPUs. Its value lines go to /tmp/kvm_guest.bare, so
# that a run under hvnest (run_kvm_guest again) can be diffed against them.
. /hvnest/tests/lib.sh

# run_kvm_guest OUTFILE [PREFIX [ARGS...]]: run kvm_guest ARGS with its
# output on the console; its results are named PREFIXkvm_NAME. Its value
# and result lines (unprefixed, stable) go to OUTFILE, the whole output to
# OUTFILE.log. Sets KG_RC (its exit status) and KG_SECS (guest clock).
run_kvm_guest() {
	kg_out=$1
	kg_prefix=
	shift
	if [ $# -gt 0 ]; then
		kg_prefix=$1
		shift
	fi
	kg_t0=$(date +%s)
	{
		kvm_guest "$@" 2>&1
		echo $? >"$kg_out.rc"
	} | tee "$kg_out.log" |
		sed -E "s/^HVNEST-RESULT: (PASS|FAIL) kvm_/HVNEST-RESULT: \1 ${kg_prefix}kvm_/"
	KG_SECS=$(($(date +%s) - kg_t0))
	KG_RC=$(cat "$kg_out.rc" 2>/dev/null)
	grep -E '^(kvm_guest: [a-z_]+: |HVNEST-RESULT: )' "$kg_out.log" >"$kg_out"
}

if [ -e /dev/hvnest ]; then
	fail_rest "hvnest is loaded; this run is meant for the bare CPU"
	exit 0
fi
expect_rc kvm_guest_kvm_loads 0 load_kvm
mark_dmesg
run_kvm_guest /tmp/kvm_guest.bare ""
echo "  | kvm_guest: exit status $KG_RC after ${KG_SECS}s (guest clock)"
if [ "$KG_RC" = 0 ]; then
	pass kvm_guest_exit_status
else
	fail kvm_guest_exit_status "exit status $KG_RC: $(grep FAIL /tmp/kvm_guest.bare | head -n 2 | tr '\n' ' ')"
fi
n=$(grep -c '^kvm_guest: ' /tmp/kvm_guest.bare)
echo "  | $n value lines in /tmp/kvm_guest.bare"
unload_kvm
expect_clean_kernel kvm_guest_kernel_clean
