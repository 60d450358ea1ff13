// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_ioloop [-n N]: the smallest port-I/O exit loop on /dev/kvm, for
 * benchmarks (tests/bench/nested-io). One vCPU in real mode runs
 *
 *	0x1000:	out  $0x80, %al
 *		addr32 loop 0x1000	(ECX = N on entry)
 *		hlt
 *
 * and every OUT is a KVM_EXIT_IO to this program (no in-kernel irqchip,
 * so nothing in KVM claims port 0x80). Prints one line
 *
 *	kvm_ioloop: outs=N io_exits=N hlt=1 usec=T
 *
 * where T is the CLOCK_MONOTONIC time of the KVM_RUN loop in
 * microseconds (VM setup excluded). Exit status 0 iff there were exactly
 * N OUTs of AL to port 0x80 and then one HLT at the expected RIP,
 * 1 otherwise, 2 on a bad command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MEM_SIZE 0x10000 /* one memslot at GPA 0 */
#define CODE_GPA 0x1000
#define PORT 0x80
#define AL_VALUE 0x5a
#define TIMEOUT_S 1200 /* for the whole run, in guest-kernel seconds */

static const uint8_t code[] = {
	0xe6, PORT, /* out $PORT, %al */
	0x67, 0xe2, 0xfb, /* addr32 loop CODE_GPA (ECX, not CX) */
	0xf4, /* hlt */
};

#define HLT_RIP (CODE_GPA + sizeof(code)) /* RIP after the HLT */

static volatile sig_atomic_t timed_out;
static struct kvm_run *volatile run_page;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (run_page)
		run_page->immediate_exit = 1;
}

static int die(const char *what)
{
	fprintf(stderr, "kvm_ioloop: %s: %s\n", what, strerror(errno));
	return 1;
}

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static int help(FILE *f, int rc)
{
	fprintf(f,
		"usage: kvm_ioloop [-n N]\n"
		"Run N port-I/O exits (1 <= N <= 4294967295, default 2000) of a\n"
		"real-mode guest on /dev/kvm; print the counts and the time.\n");
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long long n = 2000;
	uint64_t outs = 0, io_exits = 0, t0, t1;
	int kvm, vm, vcpu, run_size, hlt = 0, ok, opt;
	struct kvm_userspace_memory_region mr;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct sigaction sa;
	struct kvm_run *run;
	uint64_t ident = 0xfffbc000;
	char *end;
	void *mem;

	while ((opt = getopt(argc, argv, "n:h")) != -1) {
		switch (opt) {
		case 'n':
			errno = 0;
			n = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg || n < 1 ||
			    n > 0xffffffffULL)
				return help(stderr, 2);
			break;
		case 'h':
			return help(stdout, 0);
		default:
			return help(stderr, 2);
		}
	}
	if (optind != argc)
		return help(stderr, 2);

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return die("/dev/kvm");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		fprintf(stderr, "kvm_ioloop: KVM API version is not %d\n",
			KVM_API_VERSION);
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return die("KVM_CREATE_VM");
	/* What QEMU does: needed for real mode without unrestricted guest. */
	if (ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0 ||
	    ioctl(vm, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0)
		return die("KVM_SET_TSS_ADDR/IDENTITY_MAP_ADDR");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return die("mmap guest memory");
	memcpy((uint8_t *)mem + CODE_GPA, code, sizeof(code));
	memset(&mr, 0, sizeof(mr));
	mr.memory_size = MEM_SIZE;
	mr.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr) < 0)
		return die("KVM_SET_USER_MEMORY_REGION");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return die("KVM_CREATE_VCPU");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(*run))
		return die("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return die("mmap kvm_run");

	/* KVM's reset state is real mode at f000:fff0; start at 0:CODE_GPA */
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return die("KVM_GET_SREGS");
	sregs.cs.selector = 0;
	sregs.cs.base = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rax = AL_VALUE;
	regs.rcx = n;
	regs.rflags = 2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		return die("KVM_SET_REGS");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: KVM_RUN gets EINTR */
	sigaction(SIGALRM, &sa, NULL);
	run_page = run;
	alarm(TIMEOUT_S);

	t0 = now_usec();
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0) {
			if (errno == EINTR && !timed_out)
				continue;
			if (errno == EINTR)
				fprintf(stderr,
					"kvm_ioloop: no HLT within %d s\n",
					TIMEOUT_S);
			else
				die("KVM_RUN");
			break;
		}
		if (run->exit_reason == KVM_EXIT_HLT) {
			hlt++;
			break;
		}
		if (run->exit_reason != KVM_EXIT_IO) {
			fprintf(stderr,
				"kvm_ioloop: unexpected exit reason %u\n",
				run->exit_reason);
			break;
		}
		io_exits++;
		if (run->io.direction == KVM_EXIT_IO_OUT &&
		    run->io.port == PORT && run->io.size == 1 &&
		    run->io.count == 1 &&
		    *((uint8_t *)run + run->io.data_offset) == AL_VALUE) {
			outs++;
		} else {
			fprintf(stderr,
				"kvm_ioloop: I/O exit %llu: dir %u port %#x size %u count %u, want an OUT of %#x to port %#x\n",
				(unsigned long long)io_exits, run->io.direction,
				run->io.port, run->io.size, run->io.count,
				AL_VALUE, PORT);
			break;
		}
	}
	t1 = now_usec();
	alarm(0);

	printf("kvm_ioloop: outs=%llu io_exits=%llu hlt=%d usec=%llu\n",
	       (unsigned long long)outs, (unsigned long long)io_exits, hlt,
	       (unsigned long long)(t1 - t0));
	ok = outs == n && io_exits == n && hlt == 1;
	if (ok) {
		if (ioctl(vcpu, KVM_GET_REGS, &regs) < 0)
			return die("KVM_GET_REGS");
		if (regs.rip != HLT_RIP || (uint32_t)regs.rcx != 0) {
			fprintf(stderr,
				"kvm_ioloop: after HLT rip %#llx ecx %#x, want rip %#llx ecx 0\n",
				regs.rip, (uint32_t)regs.rcx,
				(unsigned long long)HLT_RIP);
			ok = 0;
		}
	} else if (!ok) {
		fprintf(stderr,
			"kvm_ioloop: want outs=%llu io_exits=%llu hlt=1\n", n,
			n);
	}
	return ok ? 0 : 1;
}
