# SPDX-License-Identifier: GPL-2.0
# With VMX already on (KVM running a VM), insmod fails with EBUSY and one
# dmesg line naming the likely cause; KVM keeps working; once the VM is
# gone hvnest loads.
. /hvnest/tests/lib.sh

expect_rc busy_kvm_loads 0 load_kvm
rm -f /tmp/kvm_ready
kvm_hold /tmp/kvm_ready &
holder=$!
i=0
while [ ! -f /tmp/kvm_ready ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
if [ -f /tmp/kvm_ready ]; then pass busy_kvm_vm_created; else fail busy_kvm_vm_created "kvm_hold not ready"; fi

mark_dmesg
expect_rc busy_insmod_refused 16 modload $KO
expect_out busy_insmod_errno "Device or resource busy"
expect_dmesg busy_dmesg_line "hvnest: refusing to load: VMX is already enabled on CPU [0-9]+ \(CR4.VMXE=1\).*kvm_intel" 1
if [ -e /dev/hvnest ]; then fail busy_nothing_left "/dev/hvnest exists"; else pass busy_nothing_left; fi

# KVM still owns a working VMX: a second VM can be created.
rm -f /tmp/kvm_ready2
kvm_hold /tmp/kvm_ready2 &
holder2=$!
i=0
while [ ! -f /tmp/kvm_ready2 ] && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
if [ -f /tmp/kvm_ready2 ]; then pass busy_kvm_still_works; else fail busy_kvm_still_works "second VM not created"; fi
kill $holder $holder2
wait $holder $holder2 2>/dev/null

expect_rc busy_after_vm_gone_insmod 0 modload $KO
expect_rc busy_after_vm_gone_rmmod 0 rmmod hvnest
unload_kvm
expect_clean_kernel busy_kernel_clean
