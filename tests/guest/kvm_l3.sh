# SPDX-License-Identifier: GPL-2.0
# Three levels (issue 15, item 4): hvnest.ko (L0), hvnest_l1.ko moves
# Linux into L2, and KVM in that Linux runs kvm_guest's guests as L3. The
# value lines must be those of plain KVM in the same boot. The inner
# offers nested VMX by default (nested=1), as the outer does.
. /hvnest/tests/lib.sh

L1KO=$HV/hvnest_l1.ko
L1DEV=/dev/hvnest_l1

mark_dmesg
expect_rc kvm_l3_bare_kvm_loads 0 load_kvm
kg_run /tmp/kg.l3bare bare_ >/dev/null
bare_secs=$KG_SECS
if [ "$KG_RC" = 0 ]; then pass kvm_l3_bare_exit_status; else fail kvm_l3_bare_exit_status "plain KVM: exit status $KG_RC"; fi
unload_kvm

expect_rc kvm_l3_outer_insmod 0 modload $KO
expect_rc kvm_l3_inner_insmod 0 modload $L1KO
out=$(cpuid_sig 0)
case "$out" in "sig=hvnest instance=hvnest_l1 vmx=1 "*) pass kvm_l3_inner_answers_with_vmx ;; *) fail kvm_l3_inner_answers_with_vmx "$out" ;; esac
expect_rc kvm_l3_kvm_loads 0 load_kvm
hvctl stats --reset >/dev/null
hvctl --device $L1DEV stats --reset >/dev/null
kg_run /tmp/kg.l3 l3_
echo "  | kvm_guest on KVM in L2 (its guests L3): exit status $KG_RC, ${KG_SECS}s (plain KVM: ${bare_secs}s)"
if [ "$KG_RC" = 0 ]; then pass kvm_l3_exit_status; else fail kvm_l3_exit_status "exit status $KG_RC"; fi
if diff /tmp/kg.l3bare /tmp/kg.l3 >/tmp/kg.l3diff; then
	pass kvm_l3_identical
else
	fail kvm_l3_identical "$(head -n 6 /tmp/kg.l3diff | tr '\n' ' ')"
fi
# The inner ran L3 (its nested entries), and the outer saw the inner's
# VMRESUMEs for L3 as L2 exits it reflected.
expect_rc kvm_l3_inner_stats 0 hvctl --device $L1DEV stats --json
n=$(json_num '"nested":{"entries":')
if [ -n "$n" ] && [ "$n" -gt 0 ]; then pass kvm_l3_inner_ran_l3; else fail kvm_l3_inner_ran_l3 "inner's nested entries '$n'"; fi
expect_rc kvm_l3_outer_stats 0 hvctl stats --json
n=$(json_num '"reasons":{.*"vmresume":{"reflected":')
if [ -n "$n" ] && [ "$n" -gt 0 ]; then pass kvm_l3_outer_reflected_vmresume; else fail kvm_l3_outer_reflected_vmresume "outer's reflected VMRESUMEs '$n'"; fi
hvctl --device $L1DEV stats | grep -E '^(nested entries|entry|EPT02)' | sed 's/^/  | inner: /'
hvctl stats | grep -E '^(nested entries|entry|EPT02)' | sed 's/^/  | outer: /'

unload_kvm
expect_rc kvm_l3_inner_rmmod 0 rmmod hvnest_l1
expect_rc kvm_l3_outer_rmmod 0 rmmod hvnest
expect_clean_kernel kvm_l3_kernel_clean
