#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
# /init of the emulated machine: run the chosen guest tests, then the
# --exec command, report, power off. Lines starting HVNEST- are read by
# tests/vm/run from the serial console.
/bin/busybox --install -s /bin
export PATH=/hvnest/bin:/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1

. /hvnest/run.conf
echo "HVNEST-STAGE: init"
echo "HVNEST-GUEST: kernel $(uname -r), $(nproc) CPUs online, vmx flag on $(grep -c "^flags.* vmx" /proc/cpuinfo) CPUs, backend $BACKEND"
dmesg >/tmp/dmesg.boot
wc -l </tmp/dmesg.boot >/tmp/dmesg.boot.lines
# Each test between BEGIN and END lines: tests/vm/run holds what it
# reported to its declaration (NAME.results) and fails a test that exits
# non-zero, is killed, or never ends.
for t in $TESTS; do
	echo "HVNEST-STAGE: test $t"
	echo "HVNEST-TEST-BEGIN: $t"
	HVNEST_TEST=$t sh /hvnest/tests/"$t".sh
	echo "HVNEST-TEST-END: $t $?"
done
if [ -f /hvnest/exec.sh ]; then
	echo "HVNEST-STAGE: exec"
	echo "HVNEST-TEST-BEGIN: exec"
	(cd / && sh /hvnest/exec.sh)
	rc=$?
	if [ $rc = 0 ]; then
		echo "HVNEST-RESULT: PASS exec"
	else
		echo "HVNEST-RESULT: FAIL exec: exit status $rc"
	fi
	echo "HVNEST-TEST-END: exec 0"
fi
echo "HVNEST-GUEST-DONE"
sync
sleep 1
# What the kernel says on its way down reaches the console, for the tests'
# HVNEST-EXPECT-AT-POWEROFF lines (tests/vm/run).
dmesg -n 7
poweroff -f
