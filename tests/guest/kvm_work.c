// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_work cpu|mem [-n N]: an L2 that works without exits, for the
 * benchmark tests/bench/l2-work. One VM of one vCPU on /dev/kvm runs a
 * guest of kvm_work_code.S in 32-bit protected mode without paging:
 *
 *   cpu  N rounds of a multiply-add on registers (default 50000000);
 *   mem  a warm-up pass, then N passes (default 20) over 64 MiB at 1 MiB,
 *        adding 1 to one dword of every 64-byte line.
 *
 * The guest makes one OUT to port 0x80 when its warm-up is done (the
 * code page touched; for mem the whole walk faulted in, so EPT, and
 * under hvnest EPT02, is warm), then works and halts. Prints one line
 *
 *   kvm_work: work=cpu|mem n=N warm_usec=W usec=T
 *
 * where T is the CLOCK_MONOTONIC time from that OUT to the HLT, in
 * microseconds, and W the time from the first KVM_RUN to the OUT. Exit
 * status 0 iff the guest made exactly that one OUT, halted at the end of
 * its code and computed what it should (cpu: EDX; mem: every line counts
 * N + 1), 1 otherwise, 2 on a bad command line.
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

#include "kvm_work.h"

#define MEM_SIZE (WORK_DATA_GPA + WORK_DATA_SIZE) /* one memslot at 0 */
#define TIMEOUT_S 1800 /* for the whole run, in guest-kernel seconds */
#define CPU_SEED 1u

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
	fprintf(stderr, "kvm_work: %s: %s\n", what, strerror(errno));
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
		"usage: kvm_work cpu|mem [-n N]\n"
		"Run an L2 on /dev/kvm that works without exits after one OUT:\n"
		"  cpu  N rounds of a multiply-add (1 <= N < 2^32, default 50000000)\n"
		"  mem  N passes over 64 MiB, one dword per 64-byte line\n"
		"       (1 <= N <= 1000, default 20), after a warm-up pass\n"
		"and print the time from the OUT to the HLT.\n");
	return rc;
}

/* Flat 32-bit segment: base 0, limit 4 GiB. */
static void flat(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->db = 1;
}

/* What the guest's EDX is after n rounds from EAX = CPU_SEED, EDX = 0. */
static uint32_t cpu_expected(unsigned long long n)
{
	uint32_t eax = CPU_SEED, edx = 0;

	while (n--) {
		eax *= 0x9e3779b1u;
		edx += eax;
	}
	return edx;
}

static int check_mem(const uint8_t *mem, unsigned long long n)
{
	unsigned long off;
	uint32_t v;

	for (off = 0; off < WORK_DATA_SIZE; off += WORK_STRIDE) {
		memcpy(&v, mem + WORK_DATA_GPA + off, sizeof(v));
		if (v != n + 1) {
			fprintf(stderr,
				"kvm_work: line at GPA %#lx counts %u, want %llu\n",
				WORK_DATA_GPA + off, v, n + 1);
			return 0;
		}
	}
	return 1;
}

int main(int argc, char **argv)
{
	const unsigned char *start, *end;
	unsigned long long n, max;
	int kvm, vm, vcpu, run_size, cpu, outs = 0, opt;
	uint64_t t0 = 0, t_out = 0, t1;
	struct kvm_userspace_memory_region mr;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	struct sigaction sa;
	uint8_t *mem;
	char *endp;

	if (argc < 2)
		return help(stderr, 2);
	if (!strcmp(argv[1], "-h"))
		return help(stdout, 0);
	if (!strcmp(argv[1], "cpu"))
		cpu = 1;
	else if (!strcmp(argv[1], "mem"))
		cpu = 0;
	else
		return help(stderr, 2);
	n = cpu ? 50000000 : 20;
	max = cpu ? 0xffffffffULL : 1000;
	optind = 2;
	while ((opt = getopt(argc, argv, "n:h")) != -1) {
		switch (opt) {
		case 'n':
			errno = 0;
			n = strtoull(optarg, &endp, 0);
			if (errno || *endp || !*optarg || n < 1 || n > max)
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
	start = cpu ? work_cpu_start : work_mem_start;
	end = cpu ? work_cpu_end : work_mem_end;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return die("/dev/kvm");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		fprintf(stderr, "kvm_work: KVM API version is not %d\n",
			KVM_API_VERSION);
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return die("KVM_CREATE_VM");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return die("mmap guest memory");
	memcpy(mem + WORK_CODE_GPA, start, end - start);
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

	/* Protected mode without paging, from KVM's reset state. */
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return die("KVM_GET_SREGS");
	flat(&sregs.cs, 0x08, 11);
	flat(&sregs.ds, 0x10, 3);
	sregs.es = sregs.ds;
	sregs.ss = sregs.ds;
	sregs.fs = sregs.ds;
	sregs.gs = sregs.ds;
	sregs.cr0 = 0x11; /* PE, ET */
	sregs.cr4 = 0;
	sregs.efer = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = WORK_CODE_GPA;
	/*
	 * IF = 1, as in a real guest: nothing is injected (no in-kernel
	 * irqchip), and with IF = 0 Bochs 2.7 would hold L1's own interrupts
	 * until the guest exits (docs/emulated-machine.md, "Quirks").
	 */
	regs.rflags = 0x202;
	regs.rax = CPU_SEED;
	regs.rcx = cpu ? n : 0;
	regs.rbx = WORK_DATA_GPA;
	regs.rdi = WORK_DATA_GPA + WORK_DATA_SIZE;
	regs.rbp = cpu ? 0 : n;
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
			if (errno == EINTR) {
				fprintf(stderr, "kvm_work: no HLT within %d s\n",
					TIMEOUT_S);
				return 1;
			}
			return die("KVM_RUN");
		}
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		if (run->exit_reason == KVM_EXIT_IO &&
		    run->io.direction == KVM_EXIT_IO_OUT &&
		    run->io.port == WORK_PORT && run->io.size == 1 &&
		    run->io.count == 1 && !outs) {
			outs++;
			t_out = now_usec();
			continue;
		}
		fprintf(stderr,
			"kvm_work: unexpected exit reason %u (outs so far %d)\n",
			run->exit_reason, outs);
		return 1;
	}
	t1 = now_usec();
	alarm(0);
	if (!outs) {
		fprintf(stderr, "kvm_work: HLT before the OUT\n");
		return 1;
	}
	printf("kvm_work: work=%s n=%llu warm_usec=%llu usec=%llu\n",
	       cpu ? "cpu" : "mem", n, (unsigned long long)(t_out - t0),
	       (unsigned long long)(t1 - t_out));

	if (ioctl(vcpu, KVM_GET_REGS, &regs) < 0)
		return die("KVM_GET_REGS");
	if (regs.rip != WORK_CODE_GPA + (uint64_t)(end - start)) {
		fprintf(stderr, "kvm_work: halted at rip %#llx, want %#llx\n",
			regs.rip,
			(unsigned long long)(WORK_CODE_GPA + (end - start)));
		return 1;
	}
	if (cpu && (uint32_t)regs.rdx != cpu_expected(n)) {
		fprintf(stderr, "kvm_work: EDX %#x, want %#x\n",
			(uint32_t)regs.rdx, cpu_expected(n));
		return 1;
	}
	if (!cpu && !check_mem(mem, n))
		return 1;
	return 0;
}
