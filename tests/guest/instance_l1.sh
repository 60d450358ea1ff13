# SPDX-License-Identifier: GPL-2.0
# The second instance (issue 15): hvnest_l1.ko, the same sources built
# with 'make HVNEST_NAME=hvnest_l1', loads on its own as a hypervisor of
# its own name: device /dev/hvnest_l1, 'hvnest_l1:' in dmesg, 'hvctl
# --device /dev/hvnest_l1' talks to it, and plain hvctl (/dev/hvnest)
# finds no hvnest. Run where hvnest.ko is not loaded.
. /hvnest/tests/lib.sh

L1KO=$HV/hvnest_l1.ko
mark_dmesg
expect_rc l1_insmod 0 modload $L1KO
expect_dmesg l1_dmesg_prefix "hvnest_l1: loaded .*CPUs virtualized" 1
expect_root_only_dev l1_device /dev/hvnest_l1
expect_rc l1_hvctl_status 0 hvctl --device /dev/hvnest_l1 status
expect_out l1_hvctl_status_running "^state: +running, $(nproc) of $(nproc) online CPUs virtualized"
case "$(cpuid_sig 0)" in
"sig=hvnest "*) pass l1_cpuid_signature ;;
*) fail l1_cpuid_signature "$(cpuid_sig 0)" ;;
esac
expect_rc l1_hvctl_stats 0 hvctl stats --device /dev/hvnest_l1 --json
expect_out l1_hvctl_stats_cpuid '"cpuid":\{"count":[1-9]'
expect_rc l1_hvctl_default_device 1 hvctl status
expect_out l1_hvctl_default_device_message "hvnest is not loaded \(no /dev/hvnest\)"
expect_rc l1_rmmod 0 rmmod hvnest_l1
expect_dmesg l1_unloaded "hvnest_l1: unloaded: every CPU handed back" 1
expect_rc l1_hvctl_gone 1 hvctl --device /dev/hvnest_l1 status
expect_out l1_hvctl_gone_message "hvnest_l1 is not loaded \(no /dev/hvnest_l1\): load it with 'insmod hvnest_l1.ko'"
expect_clean_kernel l1_kernel_clean
