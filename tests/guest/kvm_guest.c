// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_guest [--only NAME] [--quick] [--list]: a small VMM on /dev/kvm that
 * runs hand-written guests (kvm_guest_code.S) in real, protected and long
 * mode and checks every exit: port I/O, HLT, MMIO, interrupt and NMI
 * injection, CPUID, MSR exits to userspace, several vCPUs.
 *
 * Output, per scenario:
 *   kvm_guest: [i/n] NAME: what it does          (progress)
 *   kvm_guest: NAME: observed values             (the value line)
 *   HVNEST-RESULT: PASS kvm_NAME | FAIL kvm_NAME: why
 * Value lines hold no host address and no timing, so a run on the bare
 * CPU and one under hvnest can be diffed line by line. Exit status 0 iff
 * every check passed, 2 on a bad command line.
 *
 * No in-kernel irqchip is created: interrupts come from KVM_INTERRUPT.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm_guest.h"

#define MAX_VCPUS 4
#define TIMEOUT_S 60 /* per scenario, in guest-kernel seconds */
#define MAX_EXITS 64 /* exits to userspace per guest run, at most */

/* CR0, CR4, EFER bits */
#define CR0_PE 0x1ULL
#define CR0_MP 0x2ULL
#define CR0_ET 0x10ULL
#define CR0_NE 0x20ULL
#define CR0_WP 0x10000ULL
#define CR0_AM 0x40000ULL
#define CR0_PG 0x80000000ULL
#define CR4_PAE 0x20ULL
#define EFER_LME 0x100ULL
#define EFER_LMA 0x400ULL

/* page-table entry bits */
#define PTE_P 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_A 0x20ULL
#define PTE_D 0x40ULL
#define PTE_PS 0x80ULL

struct res {
	char vals[1024]; /* observed values, the diff-able part */
	char why[768]; /* empty: passed */
};

struct vm;

struct vcpu {
	struct vm *vm;
	int id, fd;
	struct kvm_run *run;
	pthread_t thread;
	struct res r; /* several-vCPU scenario: this vCPU's verdict */
	uint32_t outs[MAX_EXITS];
	int nouts;
};

struct vm {
	int fd;
	uint8_t *mem; /* memslot 0: SLOT0_SIZE at GPA 0 */
	uint8_t *big; /* memslot 1: bigsz at BIG_GPA, or NULL */
	size_t bigsz;
	int nvcpus;
	struct vcpu vcpus[MAX_VCPUS];
};

static int kvm_fd = -1;
static int run_size;
static struct kvm_cpuid2 *supported;
static int quick;

/* What the SIGALRM handler stops: every vCPU of the running scenario. */
static volatile sig_atomic_t timed_out;
static struct vcpu *volatile live[MAX_VCPUS];
static volatile int nlive;

static void __attribute__((format(printf, 2, 3)))
vals_add(struct res *r, const char *fmt, ...)
{
	size_t n = strlen(r->vals);
	va_list ap;

	if (n && n < sizeof(r->vals) - 1)
		r->vals[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(r->vals + n, sizeof(r->vals) - n, fmt, ap);
	va_end(ap);
}

/* Record a failed check; the first few are kept, separated by "; ". */
static void __attribute__((format(printf, 2, 3)))
bad(struct res *r, const char *fmt, ...)
{
	size_t n = strlen(r->why);
	va_list ap;

	if (n && n < sizeof(r->why) - 2) {
		memcpy(r->why + n, "; ", 2);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->why + n, sizeof(r->why) - n, fmt, ap);
	va_end(ap);
}

/* Append to a fixed buffer (event traces). */
static void __attribute__((format(printf, 3, 4)))
trace(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n && n < size - 1)
		buf[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* Fail unless trace got is want; name the first event that differs. */
static void expect_trace(struct res *r, const char *got, const char *want)
{
	size_t i = 0, start = 0;
	int ev = 1;

	while (got[i] && got[i] == want[i]) {
		if (got[i++] == ' ') {
			start = i;
			ev++;
		}
	}
	if (!got[i] && !want[i])
		return;
	got += start;
	want += start;
	bad(r, "event %d is '%.*s', want '%.*s'", ev,
	    *got ? (int)strcspn(got, " ") : 4, *got ? got : "none",
	    *want ? (int)strcspn(want, " ") : 4, *want ? want : "none");
}

static void on_alarm(int sig)
{
	int i;

	(void)sig;
	timed_out = 1;
	for (i = 0; i < nlive; i++) {
		live[i]->run->immediate_exit = 1;
		pthread_kill(live[i]->thread, SIGUSR1);
	}
}

static void on_usr1(int sig)
{
	(void)sig; /* only interrupts KVM_RUN */
}

/* --- memory ------------------------------------------------------------ */

/* Host pointer to guest-physical [gpa, gpa + len), or NULL. */
static void *gpa_ptr(struct vm *vm, uint64_t gpa, size_t len)
{
	if (gpa + len <= SLOT0_SIZE)
		return vm->mem + gpa;
	if (vm->big && gpa >= BIG_GPA && gpa + len <= BIG_GPA + vm->bigsz)
		return vm->big + (gpa - BIG_GPA);
	return NULL;
}

static uint64_t *gpa_u64(struct vm *vm, uint64_t gpa)
{
	return gpa_ptr(vm, gpa, 8);
}

static void *map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int set_slot(struct vm *vm, struct res *r, int slot, uint64_t gpa,
		    void *host, size_t size)
{
	struct kvm_userspace_memory_region mr = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)host,
	};

	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &mr) < 0) {
		bad(r, "KVM_SET_USER_MEMORY_REGION slot %d: %s", slot,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* --- VM and vCPU ------------------------------------------------------- */

/* A VM with memslot 0 and, if bigsz, memslot 1 of bigsz at BIG_GPA. */
static int vm_create(struct vm *vm, struct res *r, size_t bigsz)
{
	uint64_t ident = 0xfffbc000;

	memset(vm, 0, sizeof(*vm));
	vm->fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		bad(r, "KVM_CREATE_VM: %s", strerror(errno));
		return -1;
	}
	/* What QEMU does: needed for real mode without unrestricted guest. */
	if (ioctl(vm->fd, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0 ||
	    ioctl(vm->fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0) {
		bad(r, "KVM_SET_TSS_ADDR/IDENTITY_MAP_ADDR: %s",
		    strerror(errno));
		return -1;
	}
	vm->mem = map_anon(SLOT0_SIZE);
	if (!vm->mem) {
		bad(r, "mmap %d bytes: %s", SLOT0_SIZE, strerror(errno));
		return -1;
	}
	if (set_slot(vm, r, 0, 0, vm->mem, SLOT0_SIZE))
		return -1;
	if (bigsz) {
		vm->big = map_anon(bigsz);
		if (!vm->big) {
			bad(r, "mmap %zu bytes: %s", bigsz, strerror(errno));
			return -1;
		}
		vm->bigsz = bigsz;
		if (set_slot(vm, r, 1, BIG_GPA, vm->big, bigsz))
			return -1;
	}
	return 0;
}

static void vm_destroy(struct vm *vm)
{
	int i;

	nlive = 0;
	for (i = 0; i < vm->nvcpus; i++) {
		munmap(vm->vcpus[i].run, run_size);
		close(vm->vcpus[i].fd);
	}
	if (vm->fd >= 0)
		close(vm->fd);
	if (vm->mem)
		munmap(vm->mem, SLOT0_SIZE);
	if (vm->big)
		munmap(vm->big, vm->bigsz);
	memset(vm, 0, sizeof(*vm));
	vm->fd = -1;
}

/* A vCPU with CPUID cpuid (NULL: all KVM supports). */
static struct vcpu *vcpu_add(struct vm *vm, struct res *r,
			     struct kvm_cpuid2 *cpuid)
{
	struct vcpu *v = &vm->vcpus[vm->nvcpus];
	void *run;

	v->vm = vm;
	v->id = vm->nvcpus;
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, v->id);
	if (v->fd < 0) {
		bad(r, "KVM_CREATE_VCPU %d: %s", v->id, strerror(errno));
		return NULL;
	}
	run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd,
		   0);
	if (run == MAP_FAILED) {
		close(v->fd);
		bad(r, "mmap kvm_run: %s", strerror(errno));
		return NULL;
	}
	v->run = run;
	vm->nvcpus++;
	if (ioctl(v->fd, KVM_SET_CPUID2, cpuid ? cpuid : supported) < 0) {
		bad(r, "KVM_SET_CPUID2: %s", strerror(errno));
		return NULL;
	}
	v->thread = pthread_self();
	live[nlive] = v;
	nlive++;
	return v;
}

/* --- guest state ------------------------------------------------------- */

static void seg(struct kvm_segment *s, uint16_t sel, uint8_t type, int code64)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = sel;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->l = code64;
	s->db = !code64;
}

/* GDT (null, code64, data, code32, TSS) and the TSS descriptor's twin. */
static void write_gdt(struct vm *vm)
{
	uint64_t *gdt = gpa_u64(vm, GDT_GPA);
	uint64_t base = TSS_GPA;

	gdt[0] = 0;
	gdt[SEL_CODE64 / 8] = 0x00af9b000000ffffULL;
	gdt[SEL_DATA / 8] = 0x00cf93000000ffffULL;
	gdt[SEL_CODE32 / 8] = 0x00cf9b000000ffffULL;
	gdt[SEL_TSS / 8] = 0x67 | (base & 0xffffff) << 16 | 0x8bULL << 40 |
			   ((base >> 24) & 0xff) << 56;
	gdt[SEL_TSS / 8 + 1] = base >> 32;
}

static void sregs_common(struct kvm_sregs *s)
{
	seg(&s->ds, SEL_DATA, 3, 0);
	s->es = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	s->ss = s->ds;
	memset(&s->tr, 0, sizeof(s->tr));
	s->tr.base = TSS_GPA;
	s->tr.limit = 0x67;
	s->tr.selector = SEL_TSS;
	s->tr.type = 11; /* busy TSS */
	s->tr.present = 1;
	s->gdt.base = GDT_GPA;
	s->gdt.limit = SEL_TSS + 15;
}

static int set_state(struct vcpu *v, struct res *r, struct kvm_sregs *s,
		     struct kvm_regs *regs)
{
	if (ioctl(v->fd, KVM_SET_SREGS, s) < 0) {
		bad(r, "KVM_SET_SREGS: %s", strerror(errno));
		return -1;
	}
	if (ioctl(v->fd, KVM_SET_REGS, regs) < 0) {
		bad(r, "KVM_SET_REGS: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static uint64_t lm_gpa(const unsigned char *sym)
{
	return CODE_GPA + (sym - lm_start);
}

static void idt_gate(struct vm *vm, int vec, uint64_t addr)
{
	uint64_t *g = gpa_u64(vm, IDT_GPA + vec * 16);

	g[0] = (addr & 0xffff) | (uint64_t)SEL_CODE64 << 16 | 0x8eULL << 40 |
	       ((addr >> 16) & 0xffff) << 48;
	g[1] = addr >> 32;
}

/*
 * Long mode: the 64-bit code blob, GDT, IDT (exceptions report through
 * PORT_EXC; NMI and vectors 0x40/0x41 to their handlers), 4-level page
 * tables mapping the first 4 GiB with 2 MiB pages. Registers: RIP at
 * entry, RSP at STACK_TOP, the rest from regs_in (may be NULL).
 */
static int setup_long(struct vcpu *v, struct res *r, const unsigned char *entry,
		      uint64_t rflags, const struct kvm_regs *regs_in)
{
	struct vm *vm = v->vm;
	struct kvm_sregs s;
	struct kvm_regs regs;
	uint64_t *pml4 = gpa_u64(vm, PT_GPA);
	uint64_t *pdpt = gpa_u64(vm, PT_GPA + 0x1000);
	int i, vec;

	if (v->id == 0) {
		memcpy(gpa_ptr(vm, CODE_GPA, CODE_MAX), lm_start,
		       lm_end - lm_start);
		write_gdt(vm);
		for (vec = 0; vec < 32; vec++)
			idt_gate(vm, vec,
				 lm_gpa(lm_exc_stubs) + vec * EXC_STUB_SIZE);
		idt_gate(vm, 2, lm_gpa(lm_nmi_handler));
		idt_gate(vm, 0x40, lm_gpa(lm_irq40));
		idt_gate(vm, 0x41, lm_gpa(lm_irq41));
		pml4[0] = (PT_GPA + 0x1000) | PTE_P | PTE_RW;
		for (i = 0; i < 4; i++)
			pdpt[i] = (PT_GPA + 0x2000 + i * 0x1000) | PTE_P |
				  PTE_RW;
		for (i = 0; i < 4 * 512; i++)
			*gpa_u64(vm, PT_GPA + 0x2000 + i * 8) =
				(uint64_t)i << 21 | PTE_P | PTE_RW | PTE_PS;
	}
	if (ioctl(v->fd, KVM_GET_SREGS, &s) < 0) {
		bad(r, "KVM_GET_SREGS: %s", strerror(errno));
		return -1;
	}
	sregs_common(&s);
	seg(&s.cs, SEL_CODE64, 11, 1);
	s.idt.base = IDT_GPA;
	s.idt.limit = 256 * 16 - 1;
	s.cr0 = CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE;
	s.cr3 = PT_GPA;
	s.cr4 = CR4_PAE;
	s.efer = EFER_LME | EFER_LMA;
	if (regs_in)
		regs = *regs_in;
	else
		memset(&regs, 0, sizeof(regs));
	regs.rip = lm_gpa(entry);
	regs.rsp = STACK_TOP - v->id * 0x4000;
	regs.rflags = rflags;
	return set_state(v, r, &s, &regs);
}

/* --- running ----------------------------------------------------------- */

/* KVM_RUN once; 0 when there is an exit to look at. */
static int vcpu_run(struct vcpu *v, struct res *r)
{
	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) == 0)
			return 0;
		if (errno == EINTR && !timed_out)
			continue;
		if (errno == EINTR)
			bad(r, "vcpu %d: no exit within %d s", v->id,
			    TIMEOUT_S);
		else
			bad(r, "vcpu %d: KVM_RUN: %s", v->id, strerror(errno));
		return -1;
	}
}

static uint32_t io_value(struct kvm_run *run)
{
	uint8_t *p = (uint8_t *)run + run->io.data_offset;
	uint32_t v = 0;

	memcpy(&v, p, run->io.size <= 4 ? run->io.size : 4);
	return v;
}

static int is_out(struct kvm_run *run, int port)
{
	return run->exit_reason == KVM_EXIT_IO &&
	       run->io.direction == KVM_EXIT_IO_OUT && run->io.port == port &&
	       run->io.count == 1;
}

/* Explain an exit that was not the expected one. */
static void describe_exit(struct vcpu *v, char *buf, size_t size)
{
	struct kvm_run *run = v->run;
	struct kvm_regs regs;
	uint64_t *sp;

	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0)
		memset(&regs, 0, sizeof(regs));
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		if (is_out(run, PORT_EXC)) {
			uint32_t vec = io_value(run);
			int err = vec == 8 || (vec >= 10 && vec <= 14) ||
				  vec == 17 || vec == 21;

			sp = gpa_u64(v->vm, regs.rsp);
			snprintf(
				buf, size,
				"guest exception %u at rip %#llx error code %#llx",
				vec, sp ? (unsigned long long)sp[err] : 0ULL,
				sp && err ? (unsigned long long)sp[0] : 0ULL);
		} else {
			snprintf(buf, size,
				 "I/O %s port %#x size %u count %u value %#x",
				 run->io.direction == KVM_EXIT_IO_OUT ? "out" :
									"in",
				 run->io.port, run->io.size, run->io.count,
				 io_value(run));
		}
		break;
	case KVM_EXIT_HLT:
		snprintf(buf, size, "HLT at rip %#llx", regs.rip);
		break;
	case KVM_EXIT_MMIO:
		snprintf(buf, size, "MMIO %s %#llx len %u at rip %#llx",
			 run->mmio.is_write ? "write" : "read",
			 run->mmio.phys_addr, run->mmio.len, regs.rip);
		break;
	case KVM_EXIT_SHUTDOWN:
		snprintf(buf, size, "shutdown (triple fault) at rip %#llx",
			 regs.rip);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		snprintf(buf, size, "VM entry failed, reason %#llx",
			 run->fail_entry.hardware_entry_failure_reason);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		snprintf(
			buf, size,
			"KVM internal error, suberror %u (ndata %u, data0 %#llx) at rip %#llx",
			run->internal.suberror, run->internal.ndata,
			run->internal.ndata ? run->internal.data[0] : 0ULL,
			regs.rip);
		break;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		snprintf(buf, size, "%s MSR %#x",
			 run->exit_reason == KVM_EXIT_X86_RDMSR ? "RDMSR" :
								  "WRMSR",
			 run->msr.index);
		break;
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		snprintf(buf, size, "interrupt window open at rip %#llx",
			 regs.rip);
		break;
	default:
		snprintf(buf, size, "exit reason %u at rip %#llx",
			 run->exit_reason, regs.rip);
	}
}

static void bad_exit(struct vcpu *v, struct res *r, const char *want)
{
	char d[200];

	describe_exit(v, d, sizeof(d));
	bad(r, "vcpu %d: want %s, got %s", v->id, want, d);
}

/*
 * Run until HLT, collecting each OUT to PORT_VAL (value, size in
 * v->outs / sizes); any other exit fails. 0 when the guest halted.
 */
static int run_to_hlt(struct vcpu *v, struct res *r, uint8_t *sizes)
{
	v->nouts = 0;
	while (v->nouts < MAX_EXITS) {
		if (vcpu_run(v, r))
			return -1;
		if (v->run->exit_reason == KVM_EXIT_HLT)
			return 0;
		if (!is_out(v->run, PORT_VAL)) {
			bad_exit(v, r, "OUT to PORT_VAL or HLT");
			return -1;
		}
		if (sizes)
			sizes[v->nouts] = v->run->io.size;
		v->outs[v->nouts++] = io_value(v->run);
	}
	bad(r, "vcpu %d: more than %d OUTs", v->id, MAX_EXITS);
	return -1;
}

/* --- scenarios --------------------------------------------------------- */

/* 1: real mode arithmetic, segmented memory, OUT of 1, 2 and 4 bytes. */
static void sc_realmode(struct vm *vm, struct res *r)
{
	static const uint32_t want_v[] = { 5050,   0x0060, 0x0626,
					   0x5aa6, 0xa5,   0xdeadbeef };
	static const uint8_t want_s[] = { 2, 2, 2, 2, 1, 4 };
	uint16_t *word = gpa_ptr(vm, RM_SEG * 16 + RM_OFF, 4);
	uint8_t sizes[MAX_EXITS];
	struct kvm_sregs s;
	struct kvm_regs regs;
	struct vcpu *v;
	uint64_t hlt_rip = CODE_GPA + (rm_hlt - rm_start);
	int i, n = sizeof(want_v) / sizeof(want_v[0]);

	v = vcpu_add(vm, r, NULL);
	if (!v)
		return;
	memcpy(gpa_ptr(vm, CODE_GPA, CODE_MAX), rm_start, rm_end - rm_start);
	word[0] = 0x5aa5;
	if (ioctl(v->fd, KVM_GET_SREGS, &s) < 0) {
		bad(r, "KVM_GET_SREGS: %s", strerror(errno));
		return;
	}
	/* KVM's reset state is real mode at f000:fff0; start at 0:CODE_GPA */
	s.cs.selector = 0;
	s.cs.base = 0;
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rflags = 2;
	if (set_state(v, r, &s, &regs))
		return;
	if (run_to_hlt(v, r, sizes))
		return;
	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0) {
		bad(r, "KVM_GET_REGS: %s", strerror(errno));
		return;
	}
	for (i = 0; i < v->nouts; i++)
		vals_add(r, "out%u=%#x", sizes[i], v->outs[i]);
	vals_add(r, "mem=%#x hlt_rip=%#llx", word[1], regs.rip);
	if (v->nouts != n)
		bad(r, "%d OUTs, want %d", v->nouts, n);
	for (i = 0; i < n && i < v->nouts; i++)
		if (v->outs[i] != want_v[i] || sizes[i] != want_s[i])
			bad(r, "OUT %d: %u bytes %#x, want %u bytes %#x", i,
			    sizes[i], v->outs[i], want_s[i], want_v[i]);
	if (word[1] != 0x5aa6)
		bad(r, "word at %#x is %#x, want 0x5aa6",
		    RM_SEG * 16 + RM_OFF + 2, word[1]);
	if (regs.rip != hlt_rip)
		bad(r, "rip after HLT %#llx, want %#llx", regs.rip,
		    (unsigned long long)hlt_rip);
}

/* 2: 32-bit protected mode, 4 KiB pages mapping VA PM_VA backwards. */
static void sc_protmode(struct vm *vm, struct res *r)
{
	uint32_t *pd = gpa_ptr(vm, PT_GPA, 0x1000);
	uint32_t *pt0 = gpa_ptr(vm, PT_GPA + 0x1000, 0x1000);
	uint32_t *pt1 = gpa_ptr(vm, PT_GPA + 0x2000, 0x1000);
	int i, npages = PM_SIZE / 0x1000, badmem = 0, ad = 0;
	uint32_t sum = 0, va;
	struct kvm_sregs s;
	struct kvm_regs regs;
	struct vcpu *v;

	v = vcpu_add(vm, r, NULL);
	if (!v)
		return;
	memcpy(gpa_ptr(vm, CODE_GPA, CODE_MAX), pm_start, pm_end - pm_start);
	write_gdt(vm);
	pd[0] = (PT_GPA + 0x1000) | PTE_P | PTE_RW;
	pd[PM_VA >> 22] = (PT_GPA + 0x2000) | PTE_P | PTE_RW;
	for (i = 0; i < 1024; i++)
		pt0[i] = i * 0x1000 | PTE_P | PTE_RW;
	for (i = 0; i < npages; i++)
		pt1[((PM_VA >> 12) & 1023) + i] =
			(PM_PA + (npages - 1 - i) * 0x1000) | PTE_P | PTE_RW;
	if (ioctl(v->fd, KVM_GET_SREGS, &s) < 0) {
		bad(r, "KVM_GET_SREGS: %s", strerror(errno));
		return;
	}
	sregs_common(&s);
	seg(&s.cs, SEL_CODE32, 11, 0);
	s.cr0 = CR0_PG | CR0_NE | CR0_ET | CR0_PE;
	s.cr3 = PT_GPA;
	s.cr4 = 0;
	s.efer = 0;
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
	regs.rsp = STACK_TOP;
	regs.rflags = 2;
	if (set_state(v, r, &s, &regs) || run_to_hlt(v, r, NULL))
		return;
	for (va = PM_VA; va < PM_VA + PM_SIZE; va += 4) {
		int page = (va - PM_VA) >> 12;
		uint32_t *p = gpa_ptr(
			vm, PM_PA + (npages - 1 - page) * 0x1000 + (va & 0xfff),
			4);

		sum += va ^ PM_XOR;
		if (*p != (va ^ PM_XOR))
			badmem++;
	}
	for (i = 0; i < npages; i++)
		if ((pt1[((PM_VA >> 12) & 1023) + i] & (PTE_A | PTE_D)) ==
		    (PTE_A | PTE_D))
			ad++;
	vals_add(r, "guest_mismatches=%d guest_sum=%#x",
		 v->nouts > 0 ? (int)v->outs[0] : -1,
		 v->nouts > 1 ? v->outs[1] : 0);
	vals_add(r, "cr0=%#x cr3=%#x host_mismatches=%d pte_ad=%d/%d",
		 v->nouts > 2 ? v->outs[2] : 0, v->nouts > 3 ? v->outs[3] : 0,
		 badmem, ad, npages);
	vals_add(r, "pde_a=%d", !!(pd[PM_VA >> 22] & PTE_A));
	if (v->nouts != 4) {
		bad(r, "%d OUTs, want 4", v->nouts);
		return;
	}
	if (v->outs[0] || v->outs[1] != sum)
		bad(r, "guest read back %u mismatches, sum %#x (want 0, %#x)",
		    v->outs[0], v->outs[1], sum);
	if ((v->outs[2] & (CR0_PG | CR0_PE)) != (CR0_PG | CR0_PE))
		bad(r, "guest CR0 %#x lacks PG or PE", v->outs[2]);
	if (v->outs[3] != PT_GPA)
		bad(r, "guest CR3 %#x, want %#x", v->outs[3], PT_GPA);
	if (badmem)
		bad(r,
		    "%d dwords wrong in the host's view of the remapped pages",
		    badmem);
	if (ad != npages || !(pd[PM_VA >> 22] & PTE_A))
		bad(r, "accessed/dirty set in %d of %d PTEs, PDE accessed %d",
		    ad, npages, !!(pd[PM_VA >> 22] & PTE_A));
}

/* 3: long mode; the guest and the host fill and check N MiB. */
static void sc_longmode(struct vm *vm, struct res *r, size_t mib)
{
	size_t size = mib << 20, i, n = size / 8, badhost = 0;
	uint64_t *q = (uint64_t *)vm->big, sum = 0, gsum;
	struct kvm_regs regs;
	struct vcpu *v;

	v = vcpu_add(vm, r, NULL);
	if (!v)
		return;
	memset(&regs, 0, sizeof(regs));
	regs.rdi = BIG_GPA;
	regs.rsi = size;
	/* IF = 1: nothing is injected, but the host may take its interrupts
	 * during the long loops (docs/emulated-machine.md, Bochs).
	 */
	if (setup_long(v, r, lm_fill, 0x202, &regs))
		return;
	if (vcpu_run(v, r))
		return;
	if (!is_out(v->run, PORT_SYNC)) {
		bad_exit(v, r, "OUT to PORT_SYNC after the fill");
		return;
	}
	for (i = 0; i < n; i++) {
		uint64_t gpa = BIG_GPA + i * 8;

		if (q[i] != gpa * LM_K1)
			badhost++;
		q[i] = gpa * LM_K2 + LM_K3;
		sum += q[i];
	}
	if (run_to_hlt(v, r, NULL))
		return;
	gsum = v->nouts >= 3 ? v->outs[1] | (uint64_t)v->outs[2] << 32 : 0;
	vals_add(r, "mib=%zu host_mismatches=%zu guest_mismatches=%d", mib,
		 badhost, v->nouts >= 1 ? (int)v->outs[0] : -1);
	vals_add(r, "guest_sum=%#" PRIx64, gsum);
	if (badhost)
		bad(r,
		    "%zu of %zu qwords the guest wrote are wrong in the host",
		    badhost, n);
	if (v->nouts != 3) {
		bad(r, "%d OUTs, want 3", v->nouts);
		return;
	}
	if (v->outs[0])
		bad(r, "guest found %u of %zu qwords wrong", v->outs[0], n);
	if (gsum != sum)
		bad(r, "guest sum %#" PRIx64 ", want %#" PRIx64, gsum, sum);
}

static void sc_longmode_default(struct vm *vm, struct res *r)
{
	size_t mib = quick ? 8 : 32;

	if (vm_create(vm, r, mib << 20))
		return;
	sc_longmode(vm, r, mib);
}

/* 4: MMIO to GPA MMIO_GPA, which has no memslot. */
static void sc_mmio(struct vm *vm, struct res *r)
{
	static const struct {
		uint32_t off;
		uint64_t val;
	} reads[] = { { 0x8, 0xcafef00d },
		      { 0x30, 0xbeef },
		      { 0x40, 0x0123456789abcdefULL } };
	char tr[512] = "";
	struct vcpu *v;
	int i, j;

	v = vcpu_add(vm, r, NULL);
	if (!v || setup_long(v, r, lm_mmio, 2, NULL))
		return;
	for (i = 0; i < MAX_EXITS; i++) {
		struct kvm_run *run = v->run;
		uint64_t data = 0, off;

		if (vcpu_run(v, r))
			return;
		if (run->exit_reason == KVM_EXIT_HLT) {
			trace(tr, sizeof(tr), "hlt");
			break;
		}
		if (is_out(run, PORT_VAL)) {
			trace(tr, sizeof(tr), "out=%#x", io_value(run));
			continue;
		}
		if (run->exit_reason != KVM_EXIT_MMIO ||
		    run->mmio.phys_addr < MMIO_GPA ||
		    run->mmio.phys_addr >= MMIO_GPA + 0x1000 ||
		    run->mmio.len > 8) {
			bad_exit(v, r, "MMIO, OUT or HLT");
			return;
		}
		off = run->mmio.phys_addr - MMIO_GPA;
		if (run->mmio.is_write) {
			memcpy(&data, run->mmio.data, run->mmio.len);
			trace(tr, sizeof(tr), "w+%#" PRIx64 "/%u=%#" PRIx64,
			      off, run->mmio.len, data);
			continue;
		}
		trace(tr, sizeof(tr), "r+%#" PRIx64 "/%u", off, run->mmio.len);
		for (j = 0; j < 3; j++)
			if (reads[j].off == off)
				data = reads[j].val;
		memcpy(run->mmio.data, &data, run->mmio.len);
	}
	vals_add(r, "%s", tr);
	expect_trace(
		r, tr,
		"w+0/4=0x12345678 w+0x10/1=0xab w+0x20/8=0x1122334455667788 r+0x8/4 out=0xcafef00d r+0x30/2 out=0xbeef r+0x40/8 out=0x89abcdef out=0x1234567 hlt");
}

/* 5: interrupt injection with KVM_INTERRUPT, no in-kernel irqchip. */
static void sc_irq(struct vm *vm, struct res *r)
{
	static const char *const ev_name[] = { [EV_READY] = "ready",
					       [EV_AFTER_HLT] = "after_hlt",
					       [EV_READY_B] = "ready_b",
					       [EV_BEFORE_STI] = "before_sti",
					       [EV_AFTER_STI] = "after_sti" };
	char tr[512] = "";
	struct kvm_interrupt irq;
	struct vcpu *v;
	int i, hlts = 0;

	v = vcpu_add(vm, r, NULL);
	if (!v || setup_long(v, r, lm_irq, 2, NULL))
		return;
	for (i = 0; i < MAX_EXITS && hlts < 2; i++) {
		struct kvm_run *run = v->run;
		uint32_t ev;

		if (vcpu_run(v, r))
			return;
		if (run->exit_reason == KVM_EXIT_HLT) {
			hlts++;
			trace(tr, sizeof(tr), "hlt(if=%u,ready=%u)",
			      run->if_flag, run->ready_for_interrupt_injection);
			if (hlts == 2)
				break;
			if (!run->ready_for_interrupt_injection)
				break;
			irq.irq = 0x40;
			if (ioctl(v->fd, KVM_INTERRUPT, &irq) < 0) {
				bad(r, "KVM_INTERRUPT: %s", strerror(errno));
				return;
			}
			trace(tr, sizeof(tr), "inject40");
			continue;
		}
		if (run->exit_reason == KVM_EXIT_IRQ_WINDOW_OPEN) {
			trace(tr, sizeof(tr), "window(if=%u,ready=%u)",
			      run->if_flag, run->ready_for_interrupt_injection);
			run->request_interrupt_window = 0;
			if (!run->ready_for_interrupt_injection)
				break;
			irq.irq = 0x41;
			if (ioctl(v->fd, KVM_INTERRUPT, &irq) < 0) {
				bad(r, "KVM_INTERRUPT: %s", strerror(errno));
				return;
			}
			trace(tr, sizeof(tr), "inject41");
			continue;
		}
		if (!is_out(run, PORT_EV)) {
			bad_exit(v, r, "OUT to PORT_EV, HLT or window open");
			return;
		}
		ev = io_value(run);
		if (ev >= EV_IRQ) {
			trace(tr, sizeof(tr), "irq%x", ev - EV_IRQ);
		} else if (ev == EV_READY || ev == EV_READY_B) {
			trace(tr, sizeof(tr), "%s(if=%u,ready=%u)", ev_name[ev],
			      run->if_flag, run->ready_for_interrupt_injection);
			/* B: IF is 0, so ask KVM to tell when it is 1 */
			if (ev == EV_READY_B)
				run->request_interrupt_window = 1;
		} else if (ev < sizeof(ev_name) / sizeof(ev_name[0]) &&
			   ev_name[ev]) {
			trace(tr, sizeof(tr), "%s", ev_name[ev]);
		} else {
			trace(tr, sizeof(tr), "ev%u", ev);
		}
	}
	vals_add(r, "%s", tr);
	expect_trace(
		r, tr,
		"ready(if=1,ready=1) hlt(if=1,ready=1) inject40 irq40 after_hlt ready_b(if=0,ready=0) before_sti window(if=1,ready=1) inject41 irq41 after_sti hlt(if=1,ready=1)");
}

/* 6: NMI injection with KVM_NMI; one arrives while the handler runs. */
static void sc_nmi(struct vm *vm, struct res *r)
{
	struct kvm_vcpu_events e;
	char tr[512] = "";
	struct vcpu *v;
	int i, n_in = 0;
	uint32_t *count = gpa_ptr(vm, NMI_COUNT_GPA, 4);

	v = vcpu_add(vm, r, NULL);
	if (!v || setup_long(v, r, lm_nmi, 2, NULL))
		return;
	for (i = 0; i < MAX_EXITS; i++) {
		struct kvm_run *run = v->run;
		uint32_t ev;
		int nmi = 0;

		if (vcpu_run(v, r))
			return;
		if (run->exit_reason == KVM_EXIT_HLT) {
			trace(tr, sizeof(tr), "hlt");
			break;
		}
		if (is_out(run, PORT_VAL)) {
			trace(tr, sizeof(tr), "count=%u", io_value(run));
			continue;
		}
		if (!is_out(run, PORT_EV)) {
			bad_exit(v, r, "OUT to PORT_EV or PORT_VAL, or HLT");
			return;
		}
		if (ioctl(v->fd, KVM_GET_VCPU_EVENTS, &e) < 0) {
			bad(r, "KVM_GET_VCPU_EVENTS: %s", strerror(errno));
			return;
		}
		ev = io_value(run);
		switch (ev) {
		case EV_READY:
			trace(tr, sizeof(tr), "ready");
			nmi = 1;
			break;
		case EV_NMI_IN:
			trace(tr, sizeof(tr), "in(masked=%u)", e.nmi.masked);
			nmi = ++n_in == 1;
			break;
		case EV_NMI_OUT:
			trace(tr, sizeof(tr), "out(pending=%u)", e.nmi.pending);
			break;
		case EV_AFTER_NMI:
			trace(tr, sizeof(tr), "after(masked=%u)", e.nmi.masked);
			nmi = 1;
			break;
		case EV_DONE:
			trace(tr, sizeof(tr), "done");
			break;
		default:
			trace(tr, sizeof(tr), "ev%u", ev);
		}
		if (nmi) {
			if (ioctl(v->fd, KVM_NMI) < 0) {
				bad(r, "KVM_NMI: %s", strerror(errno));
				return;
			}
			trace(tr, sizeof(tr), "nmi");
		}
	}
	vals_add(r, "%s", tr);
	expect_trace(
		r, tr,
		"ready nmi in(masked=1) nmi out(pending=1) in(masked=1) out(pending=0) after(masked=0) nmi in(masked=1) out(pending=0) done count=3 hlt");
	if (*count != 3)
		bad(r, "NMI count in memory %u, want 3", *count);
}

/* The entry of cpuid for (function, index 0), or NULL. */
static struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid2 *c, uint32_t fn)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && !c->entries[i].index)
			return &c->entries[i];
	return NULL;
}

/* 7: KVM_SET_CPUID2 with our own hypervisor leaves. */
static void sc_cpuid(struct vm *vm, struct res *r)
{
	static const uint32_t l0[4] = { 0x40000002, 0x656e7668, 0x564b7473,
					0x7473744d }; /* "hvnestKVMtst" */
	static const uint32_t l2[4] = { 0x11111111, 0x22222222, 0x33333333,
					0x44444444 };
	struct kvm_cpuid_entry2 *e, *leaf0;
	struct kvm_cpuid2 *c;
	size_t sz = sizeof(*c) + (supported->nent + 2) * sizeof(*e);
	struct vcpu *v;
	int i;

	c = calloc(1, sz);
	if (!c) {
		bad(r, "out of memory");
		return;
	}
	memcpy(c, supported,
	       sizeof(*c) + supported->nent * sizeof(supported->entries[0]));
	for (i = 0; i < 2; i++) {
		uint32_t fn = i ? 0x40000002 : 0x40000000;
		const uint32_t *w = i ? l2 : l0;

		e = cpuid_find(c, fn);
		if (!e)
			e = &c->entries[c->nent++];
		memset(e, 0, sizeof(*e));
		e->function = fn;
		e->eax = w[0];
		e->ebx = w[1];
		e->ecx = w[2];
		e->edx = w[3];
	}
	leaf0 = cpuid_find(c, 0);
	v = vcpu_add(vm, r, c);
	if (!v || setup_long(v, r, lm_cpuid, 2, NULL) || run_to_hlt(v, r, NULL))
		goto out;
	if (v->nouts != 12) {
		bad(r, "%d OUTs, want 12", v->nouts);
		goto out;
	}
	vals_add(r, "0x40000000=%#x,%#x,%#x,%#x", v->outs[0], v->outs[1],
		 v->outs[2], v->outs[3]);
	vals_add(r, "0x40000002=%#x,%#x,%#x,%#x", v->outs[4], v->outs[5],
		 v->outs[6], v->outs[7]);
	vals_add(r, "leaf0=%s",
		 leaf0 && v->outs[8] == leaf0->eax &&
				 v->outs[9] == leaf0->ebx &&
				 v->outs[10] == leaf0->ecx &&
				 v->outs[11] == leaf0->edx ?
			 "as-set" :
			 "differs");
	for (i = 0; i < 4; i++) {
		if (v->outs[i] != l0[i])
			bad(r, "leaf 0x40000000 reg %d: %#x, want %#x", i,
			    v->outs[i], l0[i]);
		if (v->outs[4 + i] != l2[i])
			bad(r, "leaf 0x40000002 reg %d: %#x, want %#x", i,
			    v->outs[4 + i], l2[i]);
	}
	if (!strstr(r->vals, "as-set"))
		bad(r, "leaf 0 in the guest differs from KVM_SET_CPUID2's");
out:
	free(c);
}

/*
 * TSC scaling (KVM_CAP_TSC_CONTROL): a vCPU set to half the host's TSC
 * rate (KVM_SET_TSC_KHZ) counts about half the TSC cycles of one at the
 * host's rate over the same loop without exits (lm_tsc). KVM needs the
 * CPU's "use TSC scaling" for it; under hvnest, L1's.
 */
static void sc_tsc(struct vm *vm, struct res *r)
{
	struct vcpu *v[2];
	uint64_t d[2];
	double ratio;
	long khz;
	int i;

	if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_TSC_CONTROL) <= 0) {
		vals_add(r, "tsc_control=absent");
		bad(r, "no KVM_CAP_TSC_CONTROL");
		return;
	}
	for (i = 0; i < 2; i++) {
		v[i] = vcpu_add(vm, r, NULL);
		if (!v[i])
			return;
	}
	khz = ioctl(v[0]->fd, KVM_GET_TSC_KHZ, 0);
	if (khz <= 0 || ioctl(v[1]->fd, KVM_SET_TSC_KHZ, khz / 2)) {
		bad(r, "KVM_GET/SET_TSC_KHZ (%ld kHz): %s", khz,
		    strerror(errno));
		return;
	}
	vals_add(r, "half_khz=%s",
		 ioctl(v[1]->fd, KVM_GET_TSC_KHZ, 0) == khz / 2 ? "as-set" :
								   "differs");
	for (i = 0; i < 2; i++) {
		if (setup_long(v[i], r, lm_tsc, 2, NULL) ||
		    run_to_hlt(v[i], r, NULL))
			return;
		if (v[i]->nouts != 2) {
			bad(r, "vcpu %d: %d OUTs, want 2", i, v[i]->nouts);
			return;
		}
		d[i] = v[i]->outs[0] | (uint64_t)v[i]->outs[1] << 32;
	}
	ratio = d[0] ? (double)d[1] / (double)d[0] : 0;
	vals_add(r, "half_rate=%s", ratio > 0.4 && ratio < 0.6 ? "yes" : "no");
	if (ratio <= 0.4 || ratio >= 0.6)
		bad(r, "TSC cycles over the loop: %llu at the host's rate, %llu at half: ratio %.2f",
		    (unsigned long long)d[0], (unsigned long long)d[1], ratio);
}

/*
 * The in-kernel local APIC (KVM_CREATE_IRQCHIP): the guest reads and
 * writes its APIC page and sends itself an IPI, which the APIC delivers
 * and the guest's EOI retires. With flexpriority KVM makes that page the
 * guest's APIC-access page ("virtualize APIC accesses"): under hvnest,
 * the control L1's KVM asks of hvnest for its guest.
 */
static void sc_apic(struct vm *vm, struct res *r)
{
	static const uint32_t want[] = { 0x14, 0x20, 1,
					 1u << (APIC_VEC % 32), 0 };
	const int n = sizeof(want) / sizeof(want[0]);
	struct vcpu *v;
	int i;

	if (vm_create(vm, r, 0))
		return;
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		bad(r, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
		return;
	}
	v = vcpu_add(vm, r, NULL);
	if (!v || setup_long(v, r, lm_apic, 2, NULL))
		return;
	idt_gate(vm, APIC_VEC, lm_gpa(lm_apic_irq));
	/* With the in-kernel APIC, KVM keeps HLT: the last OUT ends it. */
	for (v->nouts = 0; v->nouts < n;) {
		if (vcpu_run(v, r))
			return;
		if (!is_out(v->run, PORT_VAL)) {
			bad_exit(v, r, "OUT to PORT_VAL");
			return;
		}
		v->outs[v->nouts++] = io_value(v->run);
	}
	vals_add(r, "version=%#x tpr=%#x irqs=%u isr_in_handler=%#x isr_after_eoi=%#x",
		 v->outs[0], v->outs[1], v->outs[2], v->outs[3], v->outs[4]);
	for (i = 0; i < n; i++)
		if (v->outs[i] != want[i])
			bad(r, "OUT %d: %#x, want %#x", i, v->outs[i], want[i]);
}

/* 8: an MSR filter sends RDMSR/WRMSR of MSR_DENIED to userspace. */
static void sc_msr(struct vm *vm, struct res *r)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_X86_USER_SPACE_MSR };
	struct kvm_msr_filter f = { .flags = KVM_MSR_FILTER_DEFAULT_ALLOW };
	uint8_t deny = 0;
	char tr[512] = "", want[512];
	struct vcpu *v;
	int i, rds = 0;

	if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_USER_SPACE_MSR) <=
		    0 ||
	    ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_MSR_FILTER) <= 0) {
		vals_add(r, "capability-absent");
		bad(r,
		    "KVM lacks KVM_CAP_X86_USER_SPACE_MSR or KVM_CAP_X86_MSR_FILTER");
		return;
	}
	cap.args[0] = KVM_MSR_EXIT_REASON_FILTER;
	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0) {
		bad(r, "KVM_ENABLE_CAP USER_SPACE_MSR: %s", strerror(errno));
		return;
	}
	f.ranges[0].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
	f.ranges[0].nmsrs = 1;
	f.ranges[0].base = MSR_DENIED;
	f.ranges[0].bitmap = &deny;
	if (ioctl(vm->fd, KVM_X86_SET_MSR_FILTER, &f) < 0) {
		bad(r, "KVM_X86_SET_MSR_FILTER: %s", strerror(errno));
		return;
	}
	v = vcpu_add(vm, r, NULL);
	if (!v || setup_long(v, r, lm_msr, 2, NULL))
		return;
	for (i = 0; i < MAX_EXITS; i++) {
		struct kvm_run *run = v->run;

		if (vcpu_run(v, r))
			return;
		if (run->exit_reason == KVM_EXIT_HLT) {
			trace(tr, sizeof(tr), "hlt");
			break;
		}
		if (is_out(run, PORT_VAL)) {
			trace(tr, sizeof(tr), "out=%#x", io_value(run));
			continue;
		}
		if (is_out(run, PORT_EXC)) {
			struct kvm_regs regs;
			uint64_t *sp;

			if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0) {
				bad(r, "KVM_GET_REGS: %s", strerror(errno));
				return;
			}
			sp = gpa_ptr(vm, regs.rsp, 16);
			trace(tr, sizeof(tr), "exc%u(err=%#" PRIx64 ",rip=%s)",
			      io_value(run), sp ? sp[0] : 0,
			      sp && sp[1] == lm_gpa(lm_msr_gp) ? "rdmsr" :
								 "elsewhere");
			continue;
		}
		if (run->exit_reason == KVM_EXIT_X86_WRMSR) {
			trace(tr, sizeof(tr), "wrmsr(%#x,%s)=%#llx",
			      run->msr.index,
			      run->msr.reason == KVM_MSR_EXIT_REASON_FILTER ?
				      "filter" :
				      "other",
			      run->msr.data);
			run->msr.error = 0;
			continue;
		}
		if (run->exit_reason == KVM_EXIT_X86_RDMSR) {
			rds++;
			run->msr.error = rds > 1;
			run->msr.data = 0xfeedface87654321ULL;
			trace(tr, sizeof(tr), "rdmsr(%#x,%s)->%s",
			      run->msr.index,
			      run->msr.reason == KVM_MSR_EXIT_REASON_FILTER ?
				      "filter" :
				      "other",
			      rds > 1 ? "error" : "0xfeedface87654321");
			continue;
		}
		bad_exit(v, r, "MSR exit, OUT or HLT");
		return;
	}
	vals_add(r, "%s", tr);
	snprintf(
		want, sizeof(want),
		"wrmsr(%#x,filter)=0xbadf00d12345678 rdmsr(%#x,filter)->0xfeedface87654321 out=0x87654321 out=0xfeedface out=0x89abcdef out=0x7fff rdmsr(%#x,filter)->error exc13(err=0,rip=rdmsr) hlt",
		MSR_DENIED, MSR_DENIED, MSR_DENIED);
	expect_trace(r, tr, want);
}

static void *smp_thread(void *arg)
{
	struct vcpu *v = arg;

	run_to_hlt(v, &v->r, NULL);
	return NULL;
}

/* 9: MAX_VCPUS vCPUs, one thread each, counting in their own regions. */
static void sc_smp(struct vm *vm, struct res *r)
{
	uint64_t iters = quick ? 20000 : 100000, *shared, *reg;
	sigset_t alrm, old;
	struct kvm_regs regs;
	int i, j, started = 0;

	for (i = 0; i < MAX_VCPUS; i++) {
		struct vcpu *v = vcpu_add(vm, r, NULL);

		if (!v)
			return;
		memset(&regs, 0, sizeof(regs));
		regs.rdi = i;
		regs.rsi = SMP_REGION_GPA + i * SMP_REGION_SIZE;
		regs.r8 = iters;
		regs.r9 = SMP_SHARED_GPA;
		if (setup_long(v, r, lm_smp, 0x202, &regs))
			return;
	}
	/* SIGALRM goes to this thread, which then signals the vCPU threads */
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, &old);
	for (i = 0; i < MAX_VCPUS; i++) {
		struct vcpu *v = &vm->vcpus[i];

		if (pthread_create(&v->thread, NULL, smp_thread, v)) {
			bad(r, "pthread_create failed");
			break;
		}
		started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (i = 0; i < started; i++)
		pthread_join(vm->vcpus[i].thread, NULL);
	if (started < MAX_VCPUS)
		return;
	shared = gpa_u64(vm, SMP_SHARED_GPA);
	vals_add(r, "vcpus=%d iterations=%" PRIu64 " shared=%" PRIu64,
		 MAX_VCPUS, iters, *shared);
	for (i = 0; i < MAX_VCPUS; i++) {
		struct vcpu *v = &vm->vcpus[i];
		int badslots = 0;

		reg = gpa_u64(vm, SMP_REGION_GPA + i * SMP_REGION_SIZE);
		for (j = 0; j < SMP_SLOTS; j++) {
			uint64_t last = iters - 1 - (iters - 1 - j) % SMP_SLOTS;

			if (reg[1 + j] != ((uint64_t)i << 32 | last))
				badslots++;
		}
		vals_add(r, "vcpu%d=%s,%u,%u,%" PRIu64 ",badslots=%d", i,
			 v->r.why[0] ? "failed" : "halted",
			 v->nouts > 0 ? v->outs[0] : 0,
			 v->nouts > 1 ? v->outs[1] : 0, reg[0], badslots);
		if (v->r.why[0])
			bad(r, "%s", v->r.why);
		else if (v->nouts != 2 || v->outs[0] != (uint32_t)i ||
			 v->outs[1] != (uint32_t)iters)
			bad(r,
			    "vcpu %d: %d OUTs (%u, %u), want 2 (%d, %" PRIu64
			    ")",
			    i, v->nouts, v->outs[0], v->outs[1], i, iters);
		if (reg[0] != iters || badslots)
			bad(r, "vcpu %d: count %" PRIu64 ", %d slots wrong", i,
			    reg[0], badslots);
	}
	if (*shared != iters * MAX_VCPUS)
		bad(r, "shared counter %" PRIu64 ", want %" PRIu64, *shared,
		    iters * MAX_VCPUS);
}

/* --- main -------------------------------------------------------------- */

static void sc_smallvm(struct vm *vm, struct res *r,
		       void (*fn)(struct vm *, struct res *))
{
	if (vm_create(vm, r, 0))
		return;
	fn(vm, r);
}

static const struct scenario {
	const char *name, *what;
	void (*fn)(struct vm *vm, struct res *r);
	int own_vm; /* fn creates the VM itself */
} scenarios[] = {
	{ "realmode", "16-bit real mode: arithmetic, OUT, HLT", sc_realmode,
	  0 },
	{ "protmode", "32-bit protected mode with 4 KiB paging", sc_protmode,
	  0 },
	{ "longmode", "64-bit long mode fills and checks guest memory",
	  sc_longmode_default, 1 },
	{ "mmio", "MMIO exits without a memslot", sc_mmio, 0 },
	{ "irq", "HLT and KVM_INTERRUPT, interrupt window", sc_irq, 0 },
	{ "nmi", "KVM_NMI, NMI blocked until IRET", sc_nmi, 0 },
	{ "cpuid", "KVM_SET_CPUID2 leaves seen by CPUID", sc_cpuid, 0 },
	{ "msr", "MSR filter exits to userspace", sc_msr, 0 },
	{ "smp", "4 vCPUs in threads, counting", sc_smp, 0 },
	{ "tsc", "TSC scaling: a vCPU at half the TSC rate", sc_tsc, 0 },
	{ "apic", "in-kernel local APIC: its page, a self-IPI, EOI", sc_apic,
	  1 },
};

#define NSCEN ((int)(sizeof(scenarios) / sizeof(scenarios[0])))

static int help(FILE *f, int rc)
{
	fprintf(f, "usage: kvm_guest [--only NAME] [--quick] [--list]\n"
		   "Run small guests on /dev/kvm and check every exit.\n"
		   "  --only NAME  run one scenario (see --list)\n"
		   "  --quick      smaller memory and loop sizes\n"
		   "  --list       list the scenarios\n");
	return rc;
}

/* /dev/kvm opens, speaks API 12, has what the scenarios need. */
static int kvm_open(struct res *r)
{
	static const struct {
		int cap;
		const char *name;
	} caps[] = { { KVM_CAP_USER_MEMORY, "USER_MEMORY" },
		     { KVM_CAP_SET_TSS_ADDR, "SET_TSS_ADDR" },
		     { KVM_CAP_EXT_CPUID, "EXT_CPUID" },
		     { KVM_CAP_IMMEDIATE_EXIT, "IMMEDIATE_EXIT" },
		     { KVM_CAP_VCPU_EVENTS, "VCPU_EVENTS" } };
	int i, n = 256, api;

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0) {
		bad(r, "/dev/kvm: %s", strerror(errno));
		return -1;
	}
	api = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
	vals_add(r, "api=%d", api);
	if (api != KVM_API_VERSION) {
		bad(r, "KVM_GET_API_VERSION %d, want %d", api, KVM_API_VERSION);
		return -1;
	}
	for (i = 0; i < (int)(sizeof(caps) / sizeof(caps[0])); i++)
		if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, caps[i].cap) <= 0)
			bad(r, "no KVM_CAP_%s", caps[i].name);
	if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS) < MAX_VCPUS)
		bad(r, "KVM_CAP_MAX_VCPUS below %d", MAX_VCPUS);
	run_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(struct kvm_run)) {
		bad(r, "KVM_GET_VCPU_MMAP_SIZE: %d", run_size);
		return -1;
	}
	for (;;) {
		supported =
			calloc(1, sizeof(*supported) +
					  n * sizeof(supported->entries[0]));
		if (!supported) {
			bad(r, "out of memory");
			return -1;
		}
		supported->nent = n;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, supported) == 0)
			break;
		free(supported);
		supported = NULL;
		if (errno != E2BIG || n >= 4096) {
			bad(r, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
			return -1;
		}
		n *= 2;
	}
	return r->why[0] ? -1 : 0;
}

static int report(const char *name, struct res *r)
{
	printf("kvm_guest: %s: %s\n", name, r->vals[0] ? r->vals : "-");
	if (r->why[0])
		printf("HVNEST-RESULT: FAIL kvm_%s: %s\n", name, r->why);
	else
		printf("HVNEST-RESULT: PASS kvm_%s\n", name);
	fflush(stdout);
	return !!r->why[0];
}

int main(int argc, char **argv)
{
	const char *only = NULL;
	struct sigaction sa;
	struct res r;
	struct vm vm;
	int i, n = 0, k = 0, list = 0, failed = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else if (!strcmp(argv[i], "--list"))
			list = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return help(stdout, 0);
		else
			return help(stderr, 2);
	}
	if (list) {
		for (i = 0; i < NSCEN; i++)
			printf("%-9s %s\n", scenarios[i].name,
			       scenarios[i].what);
		return 0;
	}
	for (i = 0; i < NSCEN; i++)
		n += !only || !strcmp(only, scenarios[i].name);
	if (!n) {
		fprintf(stderr, "kvm_guest: no scenario '%s' (see --list)\n",
			only);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	memset(&r, 0, sizeof(r));
	if (kvm_open(&r)) {
		report("open", &r);
		return 1;
	}
	report("open", &r);
	for (i = 0, k = 0; i < NSCEN; i++) {
		const struct scenario *s = &scenarios[i];

		if (only && strcmp(only, s->name))
			continue;
		printf("kvm_guest: [%d/%d] %s: %s\n", ++k, n, s->name, s->what);
		fflush(stdout);
		memset(&r, 0, sizeof(r));
		memset(&vm, 0, sizeof(vm));
		vm.fd = -1;
		timed_out = 0;
		nlive = 0;
		alarm(TIMEOUT_S);
		if (s->own_vm)
			s->fn(&vm, &r);
		else
			sc_smallvm(&vm, &r, s->fn);
		alarm(0);
		vm_destroy(&vm);
		failed += report(s->name, &r);
	}
	return failed ? 1 : 0;
}
