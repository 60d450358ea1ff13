// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid_sig [CPU]: print the hypervisor signature of CPUID 0x40000000 (12
 * characters, '-' for none) and CPUID.1:ECX bits VMX (5) and hypervisor
 * (31), pinned to CPU if given: "sig=hvnest vmx=0 hv=1". An hvnest that
 * names itself (leaf 0x40000002: the module name in EBX:ECX:EDX) adds
 * which instance answered: "sig=hvnest instance=hvnest_l1 vmx=1 hv=1".
 */
#include <cpuid.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	unsigned int a, b, c, d;
	char sig[13], name[13] = "";
	unsigned int max;
	int i;

	if (argc > 1) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(argv[1]), &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			perror("cpuid_sig: sched_setaffinity");
			return 1;
		}
	}
	__cpuid(0x40000000, a, b, c, d);
	max = a;
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	for (i = 0; i < 12; i++)
		if (sig[i] && (sig[i] < 0x21 || sig[i] > 0x7e))
			sig[i] = '?';
	if (!strcmp(sig, "hvnest") && max >= 0x40000002 && max < 0x40000100) {
		__cpuid(0x40000002, a, b, c, d);
		memcpy(name, &b, 4);
		memcpy(name + 4, &c, 4);
		memcpy(name + 8, &d, 4);
		for (i = 0; i < 12; i++)
			if (name[i] && (name[i] < 0x21 || name[i] > 0x7e))
				name[i] = '?';
	}
	__cpuid(1, a, b, c, d);
	printf("sig=%s%s%s vmx=%u hv=%u\n", sig[0] ? sig : "-",
	       name[0] ? " instance=" : "", name, (c >> 5) & 1, (c >> 31) & 1);
	return 0;
}
