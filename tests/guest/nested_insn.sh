# SPDX-License-Identifier: GPL-2.0
# Nested VMX, instruction part (on by default; nested=0 turns it off):
# under hvnest, kvm_intel loads and creates a VM, which makes L1's KVM run
# VMXON, INVEPT (and on VM teardown VMXOFF) on every CPU, all emulated in
# root mode. While L1 is in VMX operation, rmmod hvnest is refused; once
# KVM left it, rmmod succeeds. Scenario-level checks of each instruction
# are the conformance suite's (tests/conformance/).
. /hvnest/tests/lib.sh

ncpu=$(nproc)
# expect_out_of NAME PATTERN: $OUT matches PATTERN.
expect_out_of() {
	if echo "$OUT" | grep -qE -- "$2"; then
		pass "$1"
	else
		fail "$1" "$(echo "$OUT" | head -n 2 | tr '\n' ' ')"
	fi
}
stat_of() { # CPU REASON: count of that exit reason on CPU
	hvctl stats --cpu $1 --json | sed -n 's/.*"'$2'":{"count":\([0-9]*\).*/\1/p'
}
sum_stat() { # REASON: sum over CPUs
	t=0
	for c in $(seq 0 $((ncpu - 1))); do t=$((t + $(stat_of $c $1))); done
	echo $t
}

mark_dmesg
expect_rc nested_load 0 modload $KO
if [ "$(cat /sys/module/hvnest/parameters/nested 2>&1)" = Y ]; then
	pass nested_on_by_default
else
	fail nested_on_by_default "nested parameter '$(cat /sys/module/hvnest/parameters/nested 2>&1)'"
fi
expect_rc nested_kvm_loads 0 load_kvm
mark_dmesg
if start_vm_holder /tmp/kvm_ready; then
	pass nested_kvm_vm_created
else
	fail nested_kvm_vm_created "kvm_hold not ready: $(dmesg | tail -n 3 | tr '\n' ' ')"
fi
holder=$HOLDER
vmxon=$(sum_stat vmxon)
invept=$(sum_stat invept)
echo "  | VMXON exits $vmxon, INVEPT exits $invept on $ncpu CPUs"
if [ "$vmxon" -ge "$ncpu" ] && [ "$invept" -ge "$ncpu" ]; then
	pass nested_vmxon_on_every_cpu
else
	fail nested_vmxon_on_every_cpu "VMXON $vmxon, INVEPT $invept exits for $ncpu CPUs"
fi

rmmod hvnest 2>/tmp/rmmod.err
rc=$?
if [ $rc != 0 ] && [ -e /dev/hvnest ]; then
	pass nested_rmmod_refused_in_vmx_operation
else
	fail nested_rmmod_refused_in_vmx_operation "rmmod exited $rc: $(cat /tmp/rmmod.err)"
fi
sleep 1 # the log drain runs every 100 ms
expect_dmesg nested_vmxon_logged "hvnest: CPU [0-9]+ root: L1 entered VMX operation" "$ncpu"
case "$(cpuid_sig 0)" in "sig=hvnest "*) pass nested_still_virtualized ;; *) fail nested_still_virtualized "$(cpuid_sig 0)" ;; esac
# VMCS shadowing (on by default) changes only while L1 is not in VMX
# operation: refused now, with a message that says why.
OUT=$(hvctl features 2>&1)
expect_out_of nested_shadowing_on_by_default "vmcs-shadowing +on"
OUT=$(hvctl disable vmcs-shadowing 2>&1)
rc=$?
if [ $rc != 0 ]; then pass nested_shadowing_switch_refused; else fail nested_shadowing_switch_refused "exited 0: $OUT"; fi
expect_out_of nested_shadowing_refusal_says_why "cannot change while L1 is in VMX operation"

kill $holder
wait $holder 2>/dev/null
sleep 1
vmxoff=$(sum_stat vmxoff)
if [ "$vmxoff" -ge "$ncpu" ]; then pass nested_vmxoff_on_every_cpu; else fail nested_vmxoff_on_every_cpu "VMXOFF exits $vmxoff"; fi
# Outside VMX operation the switch works both ways.
expect_rc nested_shadowing_switch_off 0 hvctl disable vmcs-shadowing
OUT=$(hvctl features 2>&1)
expect_out_of nested_shadowing_off "vmcs-shadowing +off"
expect_rc nested_shadowing_switch_on 0 hvctl enable vmcs-shadowing
expect_rc nested_rmmod_after_vmxoff 0 rmmod hvnest
unload_kvm
bad=""
for c in $(seq 0 $((ncpu - 1))); do
	case "$(cpuid_sig $c)" in "sig=hvnest "*) bad="$bad $c" ;; esac
done
if [ -z "$bad" ]; then pass nested_unload_signature_gone; else fail nested_unload_signature_gone "still on CPU$bad"; fi
# KVM on the bare CPU again.
expect_rc nested_bare_kvm_loads 0 load_kvm
if start_vm_holder /tmp/kvm_ready3; then pass nested_bare_kvm_vm; else fail nested_bare_kvm_vm "no VM"; fi
kill $HOLDER
wait $HOLDER 2>/dev/null
unload_kvm
expect_clean_kernel nested_kernel_clean
