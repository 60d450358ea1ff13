# SPDX-License-Identifier: GPL-2.0
# Planted (tests/contract/run): a test that finishes, skips what does not
# apply with a reason (skip_rest), and reports a result it never declared.
. /hvnest/tests/lib.sh
pass planted_skips_ran
skip_rest "planted: does not apply here"
pass planted_skips_undeclared
