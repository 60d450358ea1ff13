# SPDX-License-Identifier: GPL-2.0
# Helpers for guest-side tests (busybox sh). Each result is one line
# 'HVNEST-RESULT: PASS name' or 'HVNEST-RESULT: FAIL name: reason'.
HV=/hvnest
KO=$HV/hvnest.ko
MODS=$HV/modules

# Every test declares its results in NAME.results beside it (one name a
# line); tests/vm/run fails each declared result the test did not report.
# A result that cannot be checked here is a SKIP with the reason, never
# left out. guest-init sets HVNEST_TEST to the test's name.
pass() { hv_result PASS "$1"; }
fail() {
	n=$1
	shift
	hv_result FAIL "$n" ": $*"
}
skip() {
	n=$1
	shift
	hv_result SKIP "$n" ": $*"
}
hv_result() { # VERDICT NAME [: WHY]
	echo "HVNEST-RESULT: $1 $2$3"
	echo "$2" >>/tmp/reported.${HVNEST_TEST:-none}
}

# skip_rest WHY / fail_rest WHY: every declared result of this test not
# reported yet becomes a SKIP (a machine the test does not apply to) or a
# FAIL (a precondition that should hold), with WHY.
skip_rest() { hv_rest skip "$*"; }
fail_rest() { hv_rest fail "$*"; }
hv_rest() {
	local r
	for r in $(sed 's/#.*//' "$HV/tests/$HVNEST_TEST.results"); do
		grep -qx "$r" /tmp/reported.$HVNEST_TEST 2>/dev/null || "$1" "$r" "$2"
	done
}

# expect_rc NAME WANT_RC CMD...: run CMD, keep its output in $OUT.
expect_rc() {
	n=$1 want=$2
	shift 2
	OUT=$("$@" 2>&1)
	RC=$?
	if [ "$RC" = "$want" ]; then
		pass "$n"
	else
		fail "$n" "'$*' exited $RC, want $want: $(echo "$OUT" | tail -n 3 | tr '\n' ' ')"
	fi
}

# expect_out NAME PATTERN: $OUT (from the last expect_rc) matches PATTERN.
expect_out() {
	if echo "$OUT" | grep -qE -- "$2"; then
		pass "$1"
	else
		fail "$1" "output lacks /$2/: $(echo "$OUT" | tail -n 3 | tr '\n' ' ')"
	fi
}

# dmesg lines since the last mark_dmesg.
mark_dmesg() { DMESG_MARK=$(dmesg | wc -l); }
# (the kernel's own 'taints kernel' lines about out-of-tree modules excluded)
new_dmesg() { dmesg | tail -n +$((DMESG_MARK + 1)) | grep -v 'taint'; }

# expect_dmesg NAME PATTERN [COUNT]: new dmesg lines match PATTERN COUNT
# times (default: at least once).
expect_dmesg() {
	c=$(new_dmesg | grep -cE -- "$2")
	if [ -n "$3" ] && [ "$c" != "$3" ]; then
		fail "$1" "dmesg has $c lines matching /$2/, want $3"
	elif [ -z "$3" ] && [ "$c" = 0 ]; then
		fail "$1" "dmesg lacks /$2/; new lines: $(new_dmesg | tail -n 3 | tr '\n' ' ')"
	else
		pass "$1"
	fi
}

# Since the tests began (guest-init saved the boot log's length in
# /tmp/dmesg.boot.lines: the emulated CPU makes the stock kernel warn at
# boot, see docs/emulated-machine.md), the kernel must never have oopsed,
# warned, hit a BUG or seen an NMI nobody claimed, and hvnest's root mode
# must have logged nothing (it logs only what went wrong), except the
# user-mode hypercalls and the MTRR write launch.sh makes on purpose, and
# the touches of root-only pages hide_from_l1.sh makes (up to the dmesg
# line it saved in /tmp/hide_from_l1.lines).
# expect_clean_kernel NAME [ALLOW]: ALLOW, a regex of root-mode log lines
# the test provoked on purpose.
expect_clean_kernel() {
	bad=$(dmesg | awk -v b="$(cat /tmp/dmesg.boot.lines)" \
		-v h="$(cat /tmp/hide_from_l1.lines 2>/dev/null || echo 0)" \
		'NR > b && !(NR <= h && /L1 touched root-only page/)' |
		grep -E 'Oops|BUG:|WARNING:|general protection|Kernel panic|NMI received for unknown reason|Dazed and confused|hvnest: CPU [0-9]+ root:' |
		grep -vE 'refused: CPL 3|MTRR write|L1 (entered|left) VMX operation' |
		grep -vE "${2:-^$}" | head -n 2 | tr '\n' ' ')
	if [ -z "$bad" ]; then
		pass "$1"
	else
		fail "$1" "kernel log: $bad"
	fi
}

# expect_root_only_dev NAME PATH: PATH is a device only root may open
# (mode 0600, owned by root).
expect_root_only_dev() {
	if [ "$(stat -c '%a %u:%g' "$2" 2>/dev/null)" = "600 0:0" ]; then
		pass "$1"
	else
		fail "$1" "$2 is '$(stat -c '%a %u:%g' "$2" 2>&1)'"
	fi
}

# load_kvm [KVM_INTEL_PARAMS]
load_kvm() {
	insmod $MODS/irqbypass.ko 2>/dev/null
	insmod $MODS/kvm.ko 2>/dev/null
	insmod $MODS/kvm-intel.ko "$@"
}

unload_kvm() {
	rmmod kvm_intel 2>/dev/null
	rmmod kvm 2>/dev/null
	rmmod irqbypass 2>/dev/null
}

# json_num KEY_REGEX: the first number after KEY_REGEX in $OUT (the last
# expect_rc's output, hvctl stats --json).
json_num() { echo "$OUT" | sed -n "s/.*$1\([0-9][0-9]*\).*/\1/p" | head -n 1; }

# run_workload PREFIX KIB LINES SYSCALLS: the workload of launch and
# os_in_l2, results PREFIXworkload_*: compress, decompress and compare
# KIB KiB of random data after LINES numbered lines on every CPU at once,
# SYSCALLS one-byte reads, 20 sleeps of 50 ms (1-5 s of guest clock, the
# timers), and three NMI backtraces, which every CPU answers. The data
# stays in /tmp/w2.
run_workload() {
	local p=$1 ncpu=$(nproc) i n t0 t1

	dd if=/dev/urandom of=/tmp/w bs=1k count=$2 2>/dev/null
	(seq 1 $3; cat /tmp/w) >/tmp/w2
	for i in $(seq 0 $((ncpu - 1))); do
		taskset -c $i sh -c "gzip -c /tmp/w2 >/tmp/w2.$i.gz" &
	done
	wait
	n=0
	for i in $(seq 0 $((ncpu - 1))); do
		gunzip -c /tmp/w2.$i.gz | cmp -s - /tmp/w2 && n=$((n + 1))
	done
	if [ $n = $ncpu ]; then
		pass ${p}workload_gzip_roundtrip
	else
		fail ${p}workload_gzip_roundtrip "$n of $ncpu CPUs got their data back"
	fi
	rm -f /tmp/w /tmp/w2.*.gz # /tmp/w2 stays: launch compresses it again
	expect_rc ${p}workload_syscalls 0 sh -c "dd if=/dev/zero of=/dev/null bs=1 count=$4 2>/dev/null"
	t0=$(cut -d. -f1 /proc/uptime)
	for i in $(seq 1 20); do usleep 50000; done
	t1=$(cut -d. -f1 /proc/uptime)
	if [ $((t1 - t0)) -ge 1 ] && [ $((t1 - t0)) -le 5 ]; then
		pass ${p}workload_timers
	else
		fail ${p}workload_timers "20 x 50 ms took $((t1 - t0)) s"
	fi
	mark_dmesg
	for i in 1 2 3; do echo l >/proc/sysrq-trigger; sleep 1; done
	expect_dmesg ${p}workload_nmi_backtraces "NMI backtrace for cpu" $((3 * ncpu))
}

# kg_run OUT PREFIX: kvm_guest's value and result lines into OUT, its
# results reported again as PREFIXkvm_*; its status in KG_RC, its wall
# time in KG_SECS.
kg_run() {
	kg_t0=$(date +%s)
	kvm_guest >"$1.log" 2>&1
	KG_RC=$?
	KG_SECS=$(($(date +%s) - kg_t0))
	grep -E '^(kvm_guest: [a-z_]+: |HVNEST-RESULT: )' "$1.log" >"$1"
	sed -n 's/^HVNEST-RESULT: \(PASS\|FAIL\) kvm_/HVNEST-RESULT: \1 '"$2"'kvm_/p' "$1.log"
}

# start_vm_holder READYFILE: a process holding a KVM VM (so VMX is on);
# its pid in HOLDER; succeeds once the VM exists (within 60 s).
start_vm_holder() {
	rm -f "$1"
	kvm_hold "$1" &
	HOLDER=$!
	i=0
	while [ ! -f "$1" ] && [ $i -lt 60 ]; do
		sleep 1
		i=$((i + 1))
	done
	[ -f "$1" ]
}
