# SPDX-License-Identifier: GPL-2.0
# On a CPU without VMX (QEMU TCG), insmod fails with ENODEV and exactly one
# clear dmesg line, leaves no device behind, and the kernel stays clean.
. /hvnest/tests/lib.sh

if grep -qw vmx /proc/cpuinfo; then
	fail_rest "this machine has VMX; run on qemu-tcg"
	exit 0
fi
mark_dmesg
expect_rc refuse_novmx_insmod 19 modload $KO
expect_out refuse_novmx_errno "No such device"
expect_dmesg refuse_novmx_one_line "^(\[[ 0-9.]+\] )?hvnest: refusing to load: CPU 0 has no VMX" 1
expect_dmesg refuse_novmx_only_line "hvnest:" 1
if [ -e /dev/hvnest ] || [ -e /sys/module/hvnest ]; then
	fail refuse_novmx_nothing_left "device or module left behind"
else
	pass refuse_novmx_nothing_left
fi
# A second attempt gives the same answer: nothing was half-done.
expect_rc refuse_novmx_again 19 modload $KO
expect_out refuse_novmx_again_errno "No such device"
expect_clean_kernel refuse_novmx_kernel_clean
