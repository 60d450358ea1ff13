# SPDX-License-Identifier: GPL-2.0
# Destructive, so the last test of a boot (2 CPUs): an INIT sent to a
# virtualized CPU stops it in wait-for-SIPI without leaving VMX (SDM 25.2,
# 9.1). That CPU can no longer hand itself back, so rmmod hvnest must be
# refused, with a log line saying why, instead of hanging; the other CPU
# stays virtualized. After the INIT, Linux itself degrades (a fork or exit
# of a process that once ran on the dead CPU waits for a TLB-shootdown
# IPI it never answers, and so does any TLB flush of kernel memory, like
# the one that frees a module's init memory), so the checks run in
# stuck_check, one process exec'd on CPU 0 that never forks, and the
# INIT comes only once the module loads are over.
. /hvnest/tests/lib.sh

ncpu=$(nproc)
last=$((ncpu - 1))
if [ $ncpu -lt 2 ]; then
	skip_rest "needs two CPUs, $ncpu online"
	exit 0
fi
# Everything that can move runs on CPU 0 from now on (this shell, /init,
# and what hvnest's load starts, like its log drain): the dead CPU would
# still look idle to the scheduler.
for p in $(ls /proc | grep -E '^[0-9]+$'); do
	taskset -p 1 $p >/dev/null 2>&1
done
# Interrupts too: the serial console's transmit interrupt must not go to
# the dead CPU.
for f in /proc/irq/*/smp_affinity; do
	echo 1 >$f 2>/dev/null
done
# If Linux wedges on the dead CPU anyway, the console shows where.
dmesg -n 7
expect_rc stuck_load 0 modload $KO
# The kernel frees a loaded module's init memory a little later, with a TLB
# flush on every CPU: done before CPU 1 dies, or CPU 0 waits for it for
# ever. hvnest_inittest.ko waits for its own.
sleep 3
# CPU 1 will be dead: at the power-off, hvnest must leave the CPUs as they
# are rather than wait for it in stop_machine() (module/sleep.c).
echo "HVNEST-EXPECT-AT-POWEROFF: stuck_poweroff_leaves_cpus hvnest: CPUs left under VMX at power-off"
exec stuck_check $MODS/hvnest_inittest.ko $last
