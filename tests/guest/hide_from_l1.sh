# SPDX-License-Identifier: GPL-2.0
# hvnest's root-only memory is safe from L1 (issue 15, items 2 and 5):
# EPT01 leaves those pages as holes. A test module reads and writes every
# one of them from L1 (the ranges come from hvnest's test-only parameter
# root_only): reads see all ones, writes land nowhere, hvnest keeps
# working, and the counts of L1's touches and writes move. (L2 is kept
# from them too: the conformance suite's guard probes.)
. /hvnest/tests/lib.sh

ncpu=$(nproc)
last=$((ncpu - 1))
P=/sys/module/hvnest/parameters/root_only
# counts WHAT: CPU 0's count of WHAT (touches, writes) in $P.
counts() { sed -n "s/^cpu 0 touches \([0-9]*\) writes \([0-9]*\)$/\1 \2/p" $P | cut -d' ' -f$1; }

mark_dmesg
expect_rc hide_insmod 0 modload $KO
expect_dmesg hide_dmesg "hvnest: guarding [0-9]+ root-only pages in [0-9]+ ranges from L2, and hiding them from L1" 1
ranges=$(grep -E '^0x[0-9a-f]+-0x[0-9a-f]+$' $P | paste -sd, -)
pages=0
for r in $(echo "$ranges" | tr ',' ' '); do
	pages=$((pages + ((${r#*-}) - (${r%-*})) / 4096))
done
listed=$(echo "$ranges" | tr ',' '\n' | grep -c .)
want=$(sed -n 's/^ranges \([0-9]*\)$/\1/p' $P)
# All of them: sysfs gives the parameter one page.
if [ $pages -gt 0 ] && [ "$listed" = "$want" ]; then pass hide_ranges_known; else fail hide_ranges_known "$listed of '$want' ranges listed in $P: $(head -c 200 $P)"; fi
echo "  | $pages root-only pages: $ranges"
t0=$(counts 1) w0=$(counts 2)

mark_dmesg
expect_rc hide_test_module 0 taskset -c 0 insmod $MODS/hvnest_hidetest.ko range=$(echo "$ranges" | tr - ,)
rmmod hvnest_hidetest 2>/dev/null
sleep 2 # the module drains root logs once a second
new_dmesg | grep hvnest_hidetest | sed 's/^/  | /'
expect_dmesg hide_reads_ones_writes_nowhere "hvnest_hidetest: PASS" 1
expect_dmesg hide_every_page_probed "hvnest_hidetest: pages=$pages " 1
expect_dmesg hide_touch_logged "hvnest: CPU 0 root: L1 touched root-only page 0x[0-9a-f]+ at rip"
t1=$(counts 1) w1=$(counts 2)
echo "  | CPU 0: touches $t0 -> $t1, writes $w0 -> $w1"
# Each page is touched once on CPU 0 (its first read), and written twice.
if [ -n "$t1" ] && [ $((t1 - t0)) -ge $pages ]; then pass hide_touches_counted; else fail hide_touches_counted "touches '$t0' -> '$t1', want +$pages"; fi
if [ -n "$w1" ] && [ $((w1 - w0)) -ge $((2 * pages)) ]; then pass hide_writes_counted; else fail hide_writes_counted "writes '$w0' -> '$w1', want +$((2 * pages))"; fi

# hvnest keeps working on every CPU: CPUID, NMIs, statistics, unload.
bad=""
for c in $(seq 0 $last); do
	case "$(cpuid_sig $c)" in "sig=hvnest "*) ;; *) bad="$bad $c" ;; esac
done
if [ -z "$bad" ]; then pass hide_hvnest_answers; else fail hide_hvnest_answers "CPUs$bad"; fi
mark_dmesg
expect_rc hide_nmis 0 insmod $MODS/hvnest_nmitest.ko rounds=20
rmmod hvnest_nmitest 2>/dev/null
expect_dmesg hide_nmis_delivered "hvnest_nmitest: PASS" 1
expect_rc hide_stats 0 hvctl stats --json
unexp=$(echo "$OUT" | sed -n 's/.*"unexpected_exits":\([0-9]*\).*/\1/p')
exc=$(echo "$OUT" | sed -n 's/.*"root_exceptions":\([0-9]*\).*/\1/p')
if [ "$unexp" = 0 ] && [ "$exc" = 0 ]; then pass hide_no_unexpected; else fail hide_no_unexpected "unexpected $unexp, root exceptions $exc"; fi
expect_rc hide_rmmod 0 rmmod hvnest
expect_clean_kernel hide_kernel_clean 'touched root-only page'
# Later tests' expect_clean_kernel: these touches were on purpose.
dmesg | wc -l >/tmp/hide_from_l1.lines
