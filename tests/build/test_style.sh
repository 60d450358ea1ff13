#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel coding style: checkpatch.pl (from Debian's linux-source of the
# test kernel's series) over every C file and header, one result per
# checker (test_style.results):
#  - style_kernel_code: the module and the root core, clean but for the
#    X-macro tables;
#  - style_userspace_and_tests: hvctl and everything under tests/ (test-only
#    modules included), which may not use the kernel-only helpers
#    checkpatch suggests to userspace (ARRAY_SIZE, __printf).
# A FAIL names the files and checkpatch's first complaint in each. If
# checkpatch cannot be fetched, the script exits non-zero having reported
# nothing, and tests/judge fails both results.
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/vm/kernel.sh
. "$SRC/tests/vm/kernel.sh"
kernel_resolve
kernel_style_tools_fetch
[[ -r $KSRC_TOOLS/scripts/checkpatch.pl ]] || vm_die "no checkpatch.pl in $KSRC_TOOLS"

cd "$SRC" || exit 1
# COMPLEX_MACRO: checkpatch reads the X-macro tables (VMCS fields, exit
# reasons, log codes, launch steps) as expressions; they are lists.
kernel_ignore=COMPLEX_MACRO
# VOLATILE: the userspace stand-in for the kernel's READ_ONCE is volatile.
userspace_ignore=COMPLEX_MACRO,ARRAY_SIZE,PREFER_DEFINED_ATTRIBUTE_MACRO,STATIC_CONST_CHAR_ARRAY,VOLATILE

# style NAME IGNORE FILE...: one result for checkpatch over FILEs.
style() {
	local name=$1 ignore=$2 f out bad="" n=0
	shift 2
	for f in "$@"; do
		n=$((n + 1))
		if ! out=$(perl "$KSRC_TOOLS/scripts/checkpatch.pl" --no-tree -f \
			--quiet --terse --show-types --ignore="$ignore" "$f" 2>&1); then
			bad="$bad [$(echo "$out" | grep -v '^total:' | head -n 1)]"
		fi
	done
	if ((n == 0)); then
		echo "FAIL $name: no files to check"
	elif [[ -z $bad ]]; then
		echo "PASS $name"
	else
		echo "FAIL $name: of $n files:$bad"
	fi
}

files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build/*' | sed 's#^\./##')
# shellcheck disable=SC2046 # one file name a word
style style_kernel_code $kernel_ignore \
	$(echo "$files" | grep -E '^(module|vmx|nested|apic|ioctl)/')
# The test-only kernel modules, and the userspace programs and tests.
# shellcheck disable=SC2046
style style_userspace_and_tests $userspace_ignore \
	$(echo "$files" | grep -E '^(userspace|tests)/')
