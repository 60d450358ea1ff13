# SPDX-License-Identifier: GPL-2.0
# Planted fault (tests/contract/run): a test script killed (SIGKILL) after
# its first result.
. /hvnest/tests/lib.sh
pass planted_killed_first
kill -9 $$
pass planted_killed_second
