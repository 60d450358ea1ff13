#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel coding style: checkpatch.pl (from Debian's linux-source of the
# test kernel's series) over every C file and header. Module and root-core
# code must be clean; userspace and tests may not use the kernel-only
# helpers checkpatch suggests (ARRAY_SIZE, __printf). One 'PASS/FAIL' line
# per file.
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/vm/kernel.sh
. "$SRC/tests/vm/kernel.sh"
kernel_resolve
kernel_style_tools_fetch

cd "$SRC" || exit 1
# COMPLEX_MACRO: checkpatch reads the X-macro tables (VMCS fields, exit
# reasons, log codes, launch steps) as expressions; they are lists.
all_ignore=--ignore=COMPLEX_MACRO
# VOLATILE: the userspace stand-in for the kernel's READ_ONCE is volatile.
userspace_ignore=COMPLEX_MACRO,ARRAY_SIZE,PREFER_DEFINED_ATTRIBUTE_MACRO,STATIC_CONST_CHAR_ARRAY,VOLATILE
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]' -not -path './build/*')
for f in $files; do
	ignore=$all_ignore
	case $f in
	userspace/* | tests/*) ignore=--ignore=$userspace_ignore ;;
	esac
	if out=$(perl "$KSRC_TOOLS/scripts/checkpatch.pl" --no-tree -f --quiet \
		--terse --show-types $ignore "$f" 2>&1); then
		echo "PASS style_$f"
	else
		echo "FAIL style_$f: $(echo "$out" | grep -v '^total:' | head -n 2 | tr '\n' ' ')"
	fi
done
