# SPDX-License-Identifier: GPL-2.0
# VMX conformance suite with hvnest loaded first: the test hypervisor runs
# as L1 (conformance.sh).
VMXCONF_HVNEST=1
. /hvnest/tests/conformance.sh
