# SPDX-License-Identifier: GPL-2.0
# VMX conformance suite, guest side (tests/conformance/README.md): load
# the test hypervisor hvnest_vmxconf.ko (under hvnest when
# VMXCONF_HVNEST=1, see conformance_hvnest.sh), print every scenario's
# line as 'HVNEST-VMXCONF: name: outcome' for tests/conformance/run to
# compare, unload, and check the kernel stayed clean. The scenarios'
# outcomes are not judged here: only that the suite ran.
. /hvnest/tests/lib.sh

side=bare
[ "${VMXCONF_HVNEST:-0}" = 1 ] && side=hvnest
mark_dmesg
if [ $side = hvnest ]; then
	# Nested VMX is off by default until VM entry exists; its emulated
	# instructions are on with the test switch (docs/nested-vmx.md).
	expect_rc conformance_${side}_hvnest_load 0 modload $KO nested=1
fi
# tests/conformance/run --filter P: only the scenarios starting with P.
param=""
[ -f /hvnest/vmxconf.filter ] && param="filter=$(cat /hvnest/vmxconf.filter)"
expect_rc conformance_${side}_module_load 0 modload $MODS/hvnest_vmxconf.ko $param
if [ -r /proc/vmxconf ]; then
	sed 's/^/HVNEST-VMXCONF: /' /proc/vmxconf
	n=$(grep -vc '^#' /proc/vmxconf)
	if [ "$n" -gt 0 ]; then
		pass conformance_${side}_scenarios_ran
	else
		fail conformance_${side}_scenarios_ran "no scenario line in /proc/vmxconf"
	fi
else
	fail conformance_${side}_scenarios_ran "no /proc/vmxconf"
fi
expect_rc conformance_${side}_module_unload 0 rmmod hvnest_vmxconf
new_dmesg | grep -E 'hvnest_vmxconf|hvnest:' | sed 's/^/  | /'
if [ $side = hvnest ]; then
	expect_rc conformance_${side}_hvnest_unload 0 rmmod hvnest
fi
expect_clean_kernel conformance_${side}_kernel_clean
