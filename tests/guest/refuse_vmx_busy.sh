# SPDX-License-Identifier: GPL-2.0
# With VMX already on (KVM running a VM), insmod fails with EBUSY and one
# dmesg line naming the likely cause; KVM keeps working; once the VM is
# gone hvnest loads.
. /hvnest/tests/lib.sh

expect_rc busy_kvm_loads 0 load_kvm
if start_vm_holder /tmp/kvm_ready; then pass busy_kvm_vm_created; else fail busy_kvm_vm_created "kvm_hold not ready"; fi
holder=$HOLDER

mark_dmesg
expect_rc busy_insmod_refused 16 modload $KO
expect_out busy_insmod_errno "Device or resource busy"
expect_dmesg busy_dmesg_line "hvnest: refusing to load: VMX is already enabled on CPU [0-9]+ \(CR4.VMXE=1\).*kvm_intel" 1
if [ -e /dev/hvnest ]; then fail busy_nothing_left "/dev/hvnest exists"; else pass busy_nothing_left; fi

# KVM still owns a working VMX: a second VM can be created.
if start_vm_holder /tmp/kvm_ready2; then pass busy_kvm_still_works; else fail busy_kvm_still_works "second VM not created"; fi
holder2=$HOLDER
kill $holder $holder2
wait $holder $holder2 2>/dev/null

expect_rc busy_after_vm_gone_insmod 0 modload $KO
expect_rc busy_after_vm_gone_rmmod 0 rmmod hvnest
unload_kvm
expect_clean_kernel busy_kernel_clean
