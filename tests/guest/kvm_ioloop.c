// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_ioloop [-n N] [-v VMS]: the smallest port-I/O exit loop on
 * /dev/kvm, for benchmarks (tests/bench/nested-io, nested-multi). VMS
 * VMs (default 1, at most 8) of one vCPU each run, in real mode,
 *
 *	0x1000:	mov  %al, (%bx)		(BX = 0x3000: its own data page)
 *		out  $0x80, %al
 *		addr32 loop 0x1000	(ECX = N on entry)
 *		hlt
 *
 * and every OUT is a KVM_EXIT_IO to this program (no in-kernel irqchip,
 * so nothing in KVM claims port 0x80). The VMs take turns, one KVM_RUN
 * each, so that KVM enters them round-robin on this CPU. Prints one line
 *
 *	kvm_ioloop: outs=N io_exits=N hlt=1 usec=T
 *
 * (with ' vms=VMS' and the sums over the VMs when VMS > 1) where T is
 * the CLOCK_MONOTONIC time of the KVM_RUN loop in microseconds (VM setup
 * excluded). Exit status 0 iff each VM made exactly N OUTs of AL to port
 * 0x80 and then one HLT at the expected RIP, 1 otherwise, 2 on a bad
 * command line.
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

#define DATA_GPA 0x3000
#define MAX_VMS 8

static const uint8_t code[] = {
	0x88, 0x07, /* mov %al, (%bx) */
	0xe6, PORT, /* out $PORT, %al */
	0x67, 0xe2, 0xf9, /* addr32 loop CODE_GPA (ECX, not CX) */
	0xf4, /* hlt */
};

#define HLT_RIP (CODE_GPA + sizeof(code)) /* RIP after the HLT */

static volatile sig_atomic_t timed_out;
static struct kvm_run *volatile run_pages[MAX_VMS];

static void on_alarm(int sig)
{
	int i;

	(void)sig;
	timed_out = 1;
	for (i = 0; i < MAX_VMS; i++)
		if (run_pages[i])
			run_pages[i]->immediate_exit = 1;
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
		"usage: kvm_ioloop [-n N] [-v VMS]\n"
		"Run N port-I/O exits (1 <= N <= 4294967295, default 2000) of a\n"
		"real-mode guest on /dev/kvm in each of VMS VMs (1 to 8, default\n"
		"1), which take turns; print the counts and the time.\n");
	return rc;
}

struct vm {
	int fd, vcpu;
	struct kvm_run *run;
	uint64_t outs, io_exits;
	int hlt;
};

/* One VM of one vCPU at 0:CODE_GPA, ECX = n; 0 or die()'s 1. */
static int vm_create(int kvm, struct vm *v, unsigned long long n)
{
	struct kvm_userspace_memory_region mr;
	uint64_t ident = 0xfffbc000;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	int run_size;
	void *mem;

	v->fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (v->fd < 0)
		return die("KVM_CREATE_VM");
	/* What QEMU does: needed for real mode without unrestricted guest. */
	if (ioctl(v->fd, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0 ||
	    ioctl(v->fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0)
		return die("KVM_SET_TSS_ADDR/IDENTITY_MAP_ADDR");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return die("mmap guest memory");
	memcpy((uint8_t *)mem + CODE_GPA, code, sizeof(code));
	memset(&mr, 0, sizeof(mr));
	mr.memory_size = MEM_SIZE;
	mr.userspace_addr = (uintptr_t)mem;
	if (ioctl(v->fd, KVM_SET_USER_MEMORY_REGION, &mr) < 0)
		return die("KVM_SET_USER_MEMORY_REGION");
	v->vcpu = ioctl(v->fd, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		return die("KVM_CREATE_VCPU");
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(*v->run))
		return die("KVM_GET_VCPU_MMAP_SIZE");
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->vcpu, 0);
	if (v->run == MAP_FAILED)
		return die("mmap kvm_run");

	/* KVM's reset state is real mode at f000:fff0; start at 0:CODE_GPA */
	if (ioctl(v->vcpu, KVM_GET_SREGS, &sregs) < 0)
		return die("KVM_GET_SREGS");
	sregs.cs.selector = 0;
	sregs.cs.base = 0;
	sregs.ds.selector = 0;
	sregs.ds.base = 0;
	if (ioctl(v->vcpu, KVM_SET_SREGS, &sregs) < 0)
		return die("KVM_SET_SREGS");
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rax = AL_VALUE;
	regs.rbx = DATA_GPA;
	regs.rcx = n;
	regs.rflags = 2;
	if (ioctl(v->vcpu, KVM_SET_REGS, &regs) < 0)
		return die("KVM_SET_REGS");
	return 0;
}

/* One KVM_RUN of @v: 1 if it goes on, 0 once it halted, -1 on an error. */
static int vm_step(struct vm *v)
{
	struct kvm_run *run = v->run;

	if (ioctl(v->vcpu, KVM_RUN, 0) < 0) {
		if (errno == EINTR && !timed_out)
			return 1;
		if (errno == EINTR)
			fprintf(stderr, "kvm_ioloop: no HLT within %d s\n",
				TIMEOUT_S);
		else
			die("KVM_RUN");
		return -1;
	}
	if (run->exit_reason == KVM_EXIT_HLT) {
		v->hlt++;
		return 0;
	}
	if (run->exit_reason != KVM_EXIT_IO) {
		fprintf(stderr, "kvm_ioloop: unexpected exit reason %u\n",
			run->exit_reason);
		return -1;
	}
	v->io_exits++;
	if (run->io.direction == KVM_EXIT_IO_OUT && run->io.port == PORT &&
	    run->io.size == 1 && run->io.count == 1 &&
	    *((uint8_t *)run + run->io.data_offset) == AL_VALUE) {
		v->outs++;
		return 1;
	}
	fprintf(stderr,
		"kvm_ioloop: I/O exit %llu: dir %u port %#x size %u count %u, want an OUT of %#x to port %#x\n",
		(unsigned long long)v->io_exits, run->io.direction,
		run->io.port, run->io.size, run->io.count, AL_VALUE, PORT);
	return -1;
}

/* After the loop: N OUTs, one HLT at HLT_RIP with ECX 0. */
static int vm_check(const struct vm *v, unsigned long long n)
{
	struct kvm_regs regs;

	if (v->outs != n || v->io_exits != n || v->hlt != 1) {
		fprintf(stderr,
			"kvm_ioloop: outs=%llu io_exits=%llu hlt=%d, want outs=%llu io_exits=%llu hlt=1\n",
			(unsigned long long)v->outs,
			(unsigned long long)v->io_exits, v->hlt, n, n);
		return 0;
	}
	if (ioctl(v->vcpu, KVM_GET_REGS, &regs) < 0)
		return !die("KVM_GET_REGS");
	if (regs.rip != HLT_RIP || (uint32_t)regs.rcx != 0) {
		fprintf(stderr,
			"kvm_ioloop: after HLT rip %#llx ecx %#x, want rip %#llx ecx 0\n",
			regs.rip, (uint32_t)regs.rcx,
			(unsigned long long)HLT_RIP);
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long long n = 2000, nvms = 1;
	uint64_t outs = 0, io_exits = 0, t0, t1;
	int kvm, hlt = 0, ok = 1, opt, running, i, r;
	struct vm vms[MAX_VMS];
	struct sigaction sa;
	char *end;

	while ((opt = getopt(argc, argv, "n:v:h")) != -1) {
		switch (opt) {
		case 'n':
			errno = 0;
			n = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg || n < 1 ||
			    n > 0xffffffffULL)
				return help(stderr, 2);
			break;
		case 'v':
			errno = 0;
			nvms = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg || nvms < 1 ||
			    nvms > MAX_VMS)
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
	memset(vms, 0, sizeof(vms));
	for (i = 0; i < (int)nvms; i++)
		if (vm_create(kvm, &vms[i], n))
			return 1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: KVM_RUN gets EINTR */
	sigaction(SIGALRM, &sa, NULL);
	for (i = 0; i < (int)nvms; i++)
		run_pages[i] = vms[i].run;
	alarm(TIMEOUT_S);

	t0 = now_usec();
	/* Round-robin: one KVM_RUN of each VM that still runs in turn. */
	for (running = (int)nvms; running > 0 && ok;) {
		for (i = 0; i < (int)nvms && ok; i++) {
			if (vms[i].hlt)
				continue;
			r = vm_step(&vms[i]);
			if (r < 0)
				ok = 0;
			else if (!r)
				running--;
		}
	}
	t1 = now_usec();
	alarm(0);

	for (i = 0; i < (int)nvms; i++) {
		outs += vms[i].outs;
		io_exits += vms[i].io_exits;
		hlt += vms[i].hlt;
	}
	printf("kvm_ioloop: outs=%llu io_exits=%llu hlt=%d usec=%llu",
	       (unsigned long long)outs, (unsigned long long)io_exits, hlt,
	       (unsigned long long)(t1 - t0));
	if (nvms > 1)
		printf(" vms=%llu", nvms);
	printf("\n");
	for (i = 0; i < (int)nvms && ok; i++)
		ok = vm_check(&vms[i], n);
	return ok ? 0 : 1;
}
