# SPDX-License-Identifier: GPL-2.0
# Planted fault (tests/contract/run): a test script that trips 'set -e'
# after its first result. The second result must come out as a FAIL that
# names it, and the script's exit status as a FAIL of the test.
. /hvnest/tests/lib.sh
pass planted_dies_first
set -e
false
pass planted_dies_second
