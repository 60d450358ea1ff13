# SPDX-License-Identifier: GPL-2.0
# Stress (issue 18, item 2), in one boot with 2 CPUs (tests/stress/run).
# Each item reports a result and one 'STRESS: item: figures' line.
. /hvnest/tests/lib.sh
[ -f /hvnest/stress.env ] && . /hvnest/stress.env

CYCLES=${STRESS_CYCLES:-100}
HOTPLUG=${STRESS_HOTPLUG:-50}
NMIS=${STRESS_NMIS:-100}
MIGRATIONS=${STRESS_MIGRATIONS:-1000}
ncpu=$(nproc)
last=$((ncpu - 1))
dmesg -n 1 # NMI backtraces to the ring buffer, not the slow console

# A workload on every CPU that compresses, decompresses and compares
# 256 KiB in a loop; each CPU counts its rounds, and a mismatch is kept.
start_workload() {
	dd if=/dev/urandom of=/tmp/sw.data bs=1k count=256 2>/dev/null
	rm -f /tmp/sw.bad /tmp/sw.rounds.*
	WL=""
	for i in $(seq 0 $last); do
		taskset -c "$i" sh -c '
			n=0
			while [ ! -f /tmp/sw.stop ]; do
				gzip -c /tmp/sw.data | gunzip -c | cmp -s - /tmp/sw.data ||
					echo "cpu '"$i"' round $n" >>/tmp/sw.bad
				n=$((n + 1))
				echo $n >/tmp/sw.rounds.'"$i"'
			done' &
		WL="$WL $!"
	done
}
stop_workload() {
	touch /tmp/sw.stop
	for p in $WL; do wait "$p"; done
	rm -f /tmp/sw.stop
	ROUNDS=$(cat /tmp/sw.rounds.* 2>/dev/null | tr '\n' ' ')
}
# Readers of the device all along: hvctl may find no module (exit 1),
# never crash (exit >= 128) or hang.
start_readers() {
	rm -f /tmp/sr.crash
	(while [ ! -f /tmp/sr.stop ]; do
		hvctl stats --json >/dev/null 2>&1
		[ $? -ge 128 ] && echo stats >>/tmp/sr.crash
		hvctl log >/dev/null 2>&1
		[ $? -ge 128 ] && echo log >>/tmp/sr.crash
	done) &
	RD=$!
}
stop_readers() {
	touch /tmp/sr.stop
	wait "$RD"
	rm -f /tmp/sr.stop
}

# 1. Load and unload, with the workload and the readers running, and a
#    feature switched each cycle.
start_workload
start_readers
ok=0 busy=0
t0=$(cut -d' ' -f1 /proc/uptime)
for c in $(seq 1 "$CYCLES"); do
	modload $KO >/tmp/st.out 2>&1 || { echo "cycle $c: load: $(tail -n 1 /tmp/st.out)"; break; }
	hvctl disable hypervisor-leaf >/dev/null 2>&1
	hvctl enable hypervisor-leaf >/dev/null 2>&1
	# A reader may hold the device open for a moment: the module is in
	# use then (busybox rmmod: EAGAIN), and rmmod is tried again.
	r=0
	until rmmod hvnest 2>/tmp/st.out; do
		r=$((r + 1))
		grep -qE 'in use|temporarily unavailable' /tmp/st.out && [ $r -lt 50 ] || break
		busy=$((busy + 1))
		usleep 100000
	done
	lsmod | grep -q '^hvnest ' && { echo "cycle $c: unload: $(cat /tmp/st.out)"; break; }
	ok=$c
done
t1=$(cut -d' ' -f1 /proc/uptime)
stop_readers
stop_workload
idle=$(echo "$ROUNDS" | awk -v n="$ncpu" '{ c = 0; for (i = 1; i <= NF; i++) if ($i > 0) c++; print n - c }')
echo "STRESS: load_unload: $ok of $CYCLES cycles in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s (rmmod found the device open $busy times); workload rounds per CPU, each checked: $ROUNDS; mismatches: $(cat /tmp/sw.bad 2>/dev/null | wc -l); reader crashes: $(cat /tmp/sr.crash 2>/dev/null | wc -l)"
if [ "$ok" = "$CYCLES" ] && [ ! -s /tmp/sw.bad ] && [ ! -s /tmp/sr.crash ] &&
	[ "$idle" = 0 ]; then
	pass stress_load_unload
else
	fail stress_load_unload "$ok of $CYCLES cycles; mismatches $(head -n 2 /tmp/sw.bad 2>/dev/null | tr '\n' ' '); reader crashes $(cat /tmp/sr.crash 2>/dev/null | wc -l); rounds '$ROUNDS'"
fi

# 2. CPU $last offline and online while loaded, without and with KVM
#    loaded (no VM held): every time it comes back virtualized.
expect_rc stress_hotplug_loads 0 modload $KO
hotplug() { # TAG
	local ok=0 c
	for c in $(seq 1 "$HOTPLUG"); do
		echo 0 >/sys/devices/system/cpu/cpu$last/online || break
		echo 1 >/sys/devices/system/cpu/cpu$last/online || break
		hvctl status | grep -qE "^state: +running, $ncpu of $ncpu online CPUs virtualized" || break
		ok=$c
	done
	echo "STRESS: hotplug_$1: $ok of $HOTPLUG offline/online cycles of CPU $last, each back under hvnest"
	if [ "$ok" = "$HOTPLUG" ]; then pass stress_hotplug_$1; else fail stress_hotplug_$1 "cycle $((ok + 1)) failed: $(hvctl status 2>&1 | head -n 2 | tr '\n' ' ')"; fi
}
if [ "$ncpu" -ge 2 ]; then
	hotplug plain
	load_kvm || fail stress_hotplug_kvm "KVM did not load"
	hotplug kvm
	unload_kvm
else
	skip stress_hotplug_plain "one CPU"
	skip stress_hotplug_kvm "one CPU"
fi

# 3. NMI backtraces on every CPU while an L2 runs its I/O loop on CPU
#    $last, and NMIs KVM injects into its own guests (kvm_guest's nmi
#    scenario) meanwhile: each CPU counts on the NMI line of
#    /proc/interrupts exactly the NMIs sent to it (none lost, none twice),
#    and kvm_guest's NMIs arrive as it checks.
load_kvm || true
nmis() { awk '/^ *NMI:/ { s = ""; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s = s " " $i; print s }' /proc/interrupts; }
before=$(nmis)
taskset -c $last kvm_ioloop -n 20000000 >/tmp/st.io 2>&1 &
io=$!
(n=0; while [ ! -f /tmp/sn.stop ]; do
	kvm_guest --only nmi --quick >/tmp/st.kg 2>&1 || echo "round $n: $(tail -n 2 /tmp/st.kg | tr '\n' ' ')" >>/tmp/sn.bad
	n=$((n + 1)); echo $n >/tmp/sn.rounds
done) &
kg=$!
sleep 2
# A backtrace reaches every CPU but the one that asks (which prints its
# own): each CPU asks in turn, so each gets NMIS * (ncpu - 1).
for i in $(seq 1 "$NMIS"); do
	for c in $(seq 0 $last); do
		taskset -c "$c" sh -c 'echo l >/proc/sysrq-trigger'
	done
done
sleep 2
after=$(nmis)
want=$((NMIS * (ncpu - 1)))
touch /tmp/sn.stop
wait $kg
kill $io 2>/dev/null
wait $io 2>/dev/null
rm -f /tmp/sn.stop
# New NMIs per CPU, and whether every CPU got exactly want of them.
got=$(echo "$before|$after" | awk -F'|' '{ n = split($1, a, " "); split($2, b, " "); s = ""; for (i = 1; i <= n; i++) s = s " " b[i] - a[i]; print s }')
exact=$(echo "$got" | awk -v w="$want" '{ ok = NF > 0; for (i = 1; i <= NF; i++) if ($i != w) ok = 0; print ok }')
echo "STRESS: nmi: $NMIS backtraces asked by each of $ncpu CPUs; new NMIs per CPU:$got (want $want each); kvm_guest nmi rounds meanwhile: $(cat /tmp/sn.rounds 2>/dev/null), failed: $(cat /tmp/sn.bad 2>/dev/null | wc -l)"
if [ "$exact" = 1 ] && [ ! -s /tmp/sn.bad ] && [ -s /tmp/sn.rounds ]; then
	pass stress_nmi
else
	fail stress_nmi "new NMIs per CPU:$got, want $want each; kvm_guest: $(head -n 1 /tmp/sn.bad 2>/dev/null)"
fi

# 4. An L2 whose L1 vCPU thread moves between the CPUs MIGRATIONS times
#    while it runs: runs of kvm_ioloop one after the other, each of which
#    must make every exit and halt where it should.
moved=0 runs=0 bad=0
while [ $moved -lt "$MIGRATIONS" ] && [ $runs -lt 100 ]; do
	kvm_ioloop -n 20000 >/tmp/st.mig 2>&1 &
	vm=$!
	while [ $moved -lt "$MIGRATIONS" ] && kill -0 $vm 2>/dev/null; do
		taskset -p -c $((moved % ncpu)) $vm >/dev/null 2>&1 && moved=$((moved + 1))
	done
	wait $vm || { bad=$((bad + 1)); echo "run $runs: $(tail -n 2 /tmp/st.mig | tr '\n' ' ')" >>/tmp/sm.bad; }
	runs=$((runs + 1))
done
echo "STRESS: migrate: $moved moves of the vCPU thread while L2 ran, over $runs runs of kvm_ioloop -n 20000; runs that failed: $bad"
if [ $bad = 0 ] && [ "$moved" = "$MIGRATIONS" ]; then
	pass stress_migrate
else
	fail stress_migrate "$moved moves, $bad of $runs runs failed: $(head -n 1 /tmp/sm.bad 2>/dev/null)"
fi
unload_kvm

expect_rc stress_still_running 0 hvctl status
expect_out stress_all_cpus_virtualized "^state: +running, $ncpu of $ncpu online CPUs virtualized"
expect_rc stress_stats 0 hvctl stats --json
unexp=$(echo "$OUT" | sed -n 's/.*"unexpected_exits":\([0-9]*\).*/\1/p')
exc=$(echo "$OUT" | sed -n 's/.*"root_exceptions":\([0-9]*\).*/\1/p')
echo "STRESS: root: unexpected exits $unexp, root-mode exceptions $exc (since the last load)"
if [ "$unexp" = 0 ] && [ "$exc" = 0 ]; then pass stress_no_unexpected; else fail stress_no_unexpected "unexpected $unexp, root exceptions $exc"; fi
expect_rc stress_unloads 0 rmmod hvnest
expect_clean_kernel stress_kernel_clean
