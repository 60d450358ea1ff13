// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid_cycles [N]: the cost of a CPUID round trip for the code that runs
 * it, in TSC cycles (on Bochs, its instruction clock): N (default 2000)
 * CPUID(0) instructions pinned to CPU 0, each timed with RDTSCP fences
 * around it. Prints "cpuid_cycles: n=N min=M median=D avg=A" (the
 * median is what the figures quote: a timer interrupt in one iteration
 * does not move it). For benchmarks (tests/bench/os-in-l2).
 */
#include <cpuid.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <x86intrin.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000;
	unsigned int a, b, c, d, aux;
	uint64_t *t, sum = 0;
	cpu_set_t set;
	int i;

	if (n < 1 || n > 1000000) {
		fprintf(stderr, "usage: cpuid_cycles [N: 1..1000000]\n");
		return 2;
	}
	t = calloc(n, sizeof(*t));
	if (!t)
		return 1;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("cpuid_cycles: sched_setaffinity");
		return 1;
	}
	for (i = 0; i < n; i++) {
		uint64_t t0 = __rdtscp(&aux);

		__cpuid(0, a, b, c, d);
		t[i] = __rdtscp(&aux) - t0;
		sum += t[i];
	}
	qsort(t, n, sizeof(*t), cmp_u64);
	printf("cpuid_cycles: n=%d min=%llu median=%llu avg=%llu\n", n,
	       (unsigned long long)t[0], (unsigned long long)t[n / 2],
	       (unsigned long long)(sum / n));
	free(t);
	return 0;
}
