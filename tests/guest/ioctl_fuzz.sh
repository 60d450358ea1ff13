# SPDX-License-Identifier: GPL-2.0
# Issue 18, item 2 (bad inputs on /dev/hvnest): random ioctls, each
# checked against the ABI's rules (ioctl_fuzz.c), one fuzzer per CPU with
# its own seed while hvctl reads the statistics and the log in a loop;
# then the same device as uid 65534 (every call EPERM, no open). hvnest
# must still run on every CPU, unload, and leave no oops or root-mode
# complaint in the kernel log.
. /hvnest/tests/lib.sh

N=${IOCTL_FUZZ_N:-50000}
ncpu=$(grep -c ^processor /proc/cpuinfo)
mark_dmesg
expect_rc ioctl_fuzz_loads 0 modload $KO
(while :; do
	hvctl stats --json >/dev/null 2>&1
	hvctl log >/dev/null 2>&1
done) &
readers=$!
pids=""
cpu=0
while [ $cpu -lt "$ncpu" ]; do
	taskset -c $cpu ioctl_fuzz -n "$N" -s $((cpu + 1)) >/tmp/ifz.$cpu 2>&1 &
	pids="$pids $!"
	cpu=$((cpu + 1))
done
rc=0
for p in $pids; do wait "$p" || rc=1; done
kill "$readers"
wait "$readers" 2>/dev/null
cat /tmp/ifz.* | sed 's/^/  | /'
if [ $rc = 0 ]; then
	pass ioctl_fuzz_random
else
	fail ioctl_fuzz_random "$(grep -h 'ioctl_fuzz:' /tmp/ifz.* | head -n 2 | tr '\n' ' ')"
fi
expect_rc ioctl_fuzz_unprivileged 0 ioctl_fuzz -u -n 2000 -s 99
echo "$OUT" | sed 's/^/  | /'
expect_rc ioctl_fuzz_still_running 0 hvctl status
expect_out ioctl_fuzz_all_cpus_virtualized "^state: +running, $ncpu of $ncpu online CPUs virtualized"
expect_rc ioctl_fuzz_unloads 0 rmmod hvnest
expect_clean_kernel ioctl_fuzz_kernel_clean
