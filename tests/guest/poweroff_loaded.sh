# SPDX-License-Identifier: GPL-2.0
# Power-off with hvnest loaded (module/sleep.c): its reboot notifier hands
# every CPU back on the way down. tests/vm/run checks the console after the
# guest is done. So the last test of a boot.
. /hvnest/tests/lib.sh

expect_rc poweroff_hvnest_loads 0 modload $KO
echo "HVNEST-EXPECT-AT-POWEROFF: poweroff_hands_back hvnest: every CPU handed back before power-off"
