#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prove that hvnest's VMX-root core calls no Linux function and touches no
# Linux data: link every object under vmx/, nested/ and apic/ into one
# relocatable object and require that nothing is left undefined except the
# compiler's speculation-safe branch thunks (CONFIG_RETPOLINE/RETHUNK), which
# are straight-line code without state.
#
# usage: check-root-link.sh SRCDIR   (after the module was built in SRCDIR)
set -eu
src=${1:-.}
LD=${LD:-ld}
NM=${NM:-nm}

objs=$(find "$src/vmx" "$src/nested" "$src/apic" -name '*.o' \
	! -name '*.mod.o' 2>/dev/null | sort)
if [ -z "$objs" ]; then
	echo "check-root-link: no root-core objects under $src: build first" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
$LD -r -z noexecstack -o "$tmp/root-core.o" $objs
$NM -u "$tmp/root-core.o" | awk '{print $NF}' |
	grep -Ev '^(__x86_indirect_thunk_[a-z0-9]+|__x86_return_thunk)$' \
		>"$tmp/undefined" || true

if [ -s "$tmp/undefined" ]; then
	echo "check-root-link: FAILED: the VMX-root core (vmx/ nested/ apic/) references symbols outside itself:" >&2
	while read -r sym; do
		where=$(for o in $objs; do
			$NM -u "$o" | awk '{print $NF}' | grep -qx "$sym" &&
				echo "${o#"$src"/}"
		done | tr '\n' ' ')
		echo "  $sym  (from: $where)" >&2
	done <"$tmp/undefined"
	echo "Root mode is not Linux: communicate through core-owned memory and hypercalls." >&2
	exit 1
fi
echo "check-root-link: OK ($(echo "$objs" | wc -l) root-core objects, no outside references)"
