// SPDX-License-Identifier: GPL-2.0
/*
 * vmcall_user: execute hvnest's hand-back hypercall from user mode (CPL 3)
 * with a guessed key. hvnest must refuse it the way a CPU outside VMX
 * does (#UD, so SIGILL here) and hand nothing back. Prints "sigill" or
 * what happened instead; exits 0 only on SIGILL.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_sigill(int sig)
{
	(void)sig;
	printf("sigill\n");
	fflush(stdout);
	_exit(0);
}

int main(void)
{
	unsigned long rax = 0x68766e01; /* HV_HC_HAND_BACK */

	signal(SIGILL, on_sigill);
	__asm__ __volatile__("vmcall"
			     : "+a"(rax)
			     : "b"(0x1234UL), "c"(0UL)
			     : "memory", "rdx");
	printf("vmcall returned %#lx\n", rax);
	return 1;
}
