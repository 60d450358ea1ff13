#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The build check of the VMX-root core: it passes on the real tree and
# fails the build, naming symbol and object, when code in vmx/ calls
# printk or reads Linux data (jiffies). Prints 'PASS name' / 'FAIL name:'.
set -uo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/vm/kernel.sh
. "$SRC/tests/vm/kernel.sh"
kernel_resolve
kernel_fetch

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy_tree() {
	rm -rf "$tmp/src"
	mkdir -p "$tmp/src"
	(cd "$SRC" && tar cf - --exclude=./build --exclude=./.git \
		Kbuild Makefile module vmx nested apic ioctl scripts) | (cd "$tmp/src" && tar xf -)
	find "$tmp/src" -name '*.o' -delete
}

# build NAME WANT(0|fail) PATTERN: build the copy; check outcome and output.
build() {
	local name=$1 want=$2 pattern=$3 rc
	make -C "$tmp/src" KDIR="$KDIR" module >"$tmp/$name.log" 2>&1
	rc=$?
	if [[ $want == 0 && $rc != 0 ]]; then
		echo "FAIL $name: build failed: $(tail -n 3 "$tmp/$name.log" | tr '\n' ' ')"
	elif [[ $want != 0 && $rc == 0 ]]; then
		echo "FAIL $name: build succeeded, want the root-core check to fail it"
	elif ! grep -qE -- "$pattern" "$tmp/$name.log"; then
		echo "FAIL $name: output lacks /$pattern/: $(tail -n 3 "$tmp/$name.log" | tr '\n' ' ')"
	else
		echo "PASS $name"
	fi
}

copy_tree
build root_link_clean_tree 0 "check-root-link: OK"

copy_tree
cat >>"$tmp/src/vmx/vmx_caps.c" <<'EOC'

#include <linux/printk.h>
void hvnest_forbidden_printk(void);
void hvnest_forbidden_printk(void)
{
	printk(KERN_INFO "root mode is not Linux\n");
}
EOC
build root_link_catches_printk fail "_printk +\(from: vmx/vmx_caps.o"

copy_tree
cat >>"$tmp/src/vmx/vmx_caps.c" <<'EOC'

#include <linux/jiffies.h>
unsigned long hvnest_forbidden_jiffies(void);
unsigned long hvnest_forbidden_jiffies(void)
{
	return jiffies;
}
EOC
build root_link_catches_linux_data fail "jiffies +\(from: vmx/vmx_caps.o"
