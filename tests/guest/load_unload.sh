# SPDX-License-Identifier: GPL-2.0
# On a CPU with VMX (Bochs): load, /dev/hvnest and hvctl, the ioctl ABI's
# errors, root-only access, unload, reload; IA32_FEATURE_CONTROL untouched.
. /hvnest/tests/lib.sh

ncpu=$(nproc)
insmod $MODS/msr.ko 2>/dev/null
fc_before=$(for c in $(seq 0 $((ncpu - 1))); do msr_read $c 0x3a; done)

mark_dmesg
expect_rc load_insmod 0 modload $KO
expect_dmesg load_dmesg_line "hvnest: loaded .*: VMX checks passed on $ncpu online CPUs.*; $ncpu CPUs virtualized" 1
expect_root_only_dev load_dev_mode_0600 /dev/hvnest

expect_rc load_hvctl_version 0 hvctl version
expect_out load_hvctl_version_module "^module .*\(ABI 1\.[0-9]+\)"
# hvctl and module come from one tree: same version string.
v_mod=$(echo "$OUT" | awk '/^module/ {print $2}')
v_ctl=$(echo "$OUT" | awk '/^hvctl/ {print $2}')
if [ -n "$v_mod" ] && [ "$v_mod" = "$v_ctl" ] && [ "$v_mod" != unknown ]; then
	pass load_hvctl_version_matches_module
else
	fail load_hvctl_version_matches_module "hvctl '$v_ctl', module '$v_mod'"
fi
expect_rc load_hvctl_status 0 hvctl status
echo "$OUT" | sed 's/^/  | /'
expect_out load_hvctl_status_state "^state: +running, $ncpu of $ncpu online CPUs virtualized"
expect_out load_hvctl_status_features "VMX features: .*ept.*vpid.*unrestricted-guest"
n=$(echo "$OUT" | grep -cE '^[0-9]+ +virtualized')
if [ "$n" = "$ncpu" ]; then pass load_hvctl_status_cpus; else fail load_hvctl_status_cpus "$n CPU lines, want $ncpu"; fi
expect_rc load_hvctl_status_json 0 hvctl status --json
expect_out load_hvctl_status_json_cpus "\"cpus_online\":$ncpu,"

expect_rc load_hvctl_abi_mismatch 3 hvctl-abi99 status
expect_out load_hvctl_abi_mismatch_message "ABI mismatch: the hvnest module speaks ABI 1\.[0-9]+, this hvctl speaks 99\."

expect_rc load_hvctl_nonroot 1 runas 65534 hvctl status
expect_out load_hvctl_nonroot_message "permission denied: hvnest is root-only"

mark_dmesg
abi_check
expect_clean_kernel load_abi_kernel_clean

mark_dmesg
expect_rc unload_rmmod 0 rmmod hvnest
expect_dmesg unload_dmesg_line "hvnest: unloaded: every CPU handed back" 1
if [ -e /dev/hvnest ]; then fail unload_dev_gone "/dev/hvnest still there"; else pass unload_dev_gone; fi

i=1 ok=0
while [ $i -le 3 ]; do
	modload $KO && hvctl status >/dev/null && rmmod hvnest && ok=$((ok + 1))
	i=$((i + 1))
done
if [ $ok = 3 ]; then pass reload_3_cycles; else fail reload_3_cycles "$ok of 3 cycles worked"; fi

fc_after=$(for c in $(seq 0 $((ncpu - 1))); do msr_read $c 0x3a; done)
if [ -n "$fc_before" ] && [ "$fc_before" = "$fc_after" ]; then
	pass feature_control_untouched
else
	fail feature_control_untouched "before '$fc_before' after '$fc_after'"
fi
expect_clean_kernel load_unload_kernel_clean
