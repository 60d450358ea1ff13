// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_parity: KVM's view of the machine, one line per fact, for
 * tests/guest/kvm_parity.sh to compare on the bare CPU and under hvnest
 * (issue 16): what KVM in L1 can do must be what KVM on the CPU can do.
 *
 *   param MODULE.NAME VALUE        every kvm and kvm_intel parameter
 *   cap N VALUE                    KVM_CHECK_EXTENSION, each capability
 *                                  number up to 511 that is not 0
 *   cpuid LEAF.INDEX EAX EBX ECX EDX   KVM_GET_SUPPORTED_CPUID
 *   msr INDEX VALUE                KVM_GET_MSR_FEATURE_INDEX_LIST, read
 *                                  with the system KVM_GET_MSRS
 *   vmxcap INDEX:BIT 1             for the VMX capability MSRs among them
 *                                  (480H-491H, what KVM offers its own
 *                                  guests), each bit set, so that each
 *                                  control differs on its own line
 *
 * Exit status 0, or 1 with a line on stderr if /dev/kvm cannot be asked.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

static int fail(const char *what)
{
	fprintf(stderr, "kvm_parity: %s: %s\n", what, strerror(errno));
	return 1;
}

/* Every parameter of a module, "param MODULE.NAME VALUE", sorted. */
static void params(const char *module)
{
	char dir[128], path[512], val[256];
	struct dirent **names;
	int n, i;

	snprintf(dir, sizeof(dir), "/sys/module/%s/parameters", module);
	n = scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		FILE *f;

		if (names[i]->d_name[0] == '.')
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = fopen(path, "r");
		if (!f)
			goto next;
		if (fgets(val, sizeof(val), f)) {
			val[strcspn(val, "\n")] = '\0';
			printf("param %s.%s %s\n", module, names[i]->d_name,
			       val);
		}
		fclose(f);
next:
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

static int caps(int kvm)
{
	int cap, r;

	for (cap = 0; cap < 512; cap++) {
		r = ioctl(kvm, KVM_CHECK_EXTENSION, cap);
		if (r > 0)
			printf("cap %d %d\n", cap, r);
	}
	return 0;
}

static int supported_cpuid(int kvm)
{
	unsigned int n = 256, i;
	struct kvm_cpuid2 *c;

	for (;;) {
		c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		if (!c)
			return fail("calloc");
		c->nent = n;
		if (!ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c))
			break;
		free(c);
		if (errno != E2BIG || n >= 4096)
			return fail("KVM_GET_SUPPORTED_CPUID");
		n *= 2;
	}
	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		printf("cpuid %#x.%u %#x %#x %#x %#x\n", e->function, e->index,
		       e->eax, e->ebx, e->ecx, e->edx);
	}
	free(c);
	return 0;
}

/* The VMX capability MSRs (SDM A.1-A.11) bit by bit, others whole. */
static void print_msr(unsigned int index, unsigned long long v)
{
	unsigned int bit;

	if (index < 0x480 || index > 0x491) {
		printf("msr %#x %#llx\n", index, v);
		return;
	}
	for (bit = 0; bit < 64; bit++)
		if (v & (1ULL << bit))
			printf("vmxcap %#x:%u 1\n", index, bit);
}

static int msrs(int kvm)
{
	struct kvm_msr_list probe = { .nmsrs = 0 }, *list;
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} one;
	unsigned int i;

	if (ioctl(kvm, KVM_GET_MSR_FEATURE_INDEX_LIST, &probe) &&
	    errno != E2BIG)
		return fail("KVM_GET_MSR_FEATURE_INDEX_LIST");
	list = calloc(1, sizeof(*list) +
				 probe.nmsrs * sizeof(list->indices[0]));
	if (!list)
		return fail("calloc");
	list->nmsrs = probe.nmsrs;
	if (ioctl(kvm, KVM_GET_MSR_FEATURE_INDEX_LIST, list))
		return fail("KVM_GET_MSR_FEATURE_INDEX_LIST");
	for (i = 0; i < list->nmsrs; i++) {
		memset(&one, 0, sizeof(one));
		one.hdr.nmsrs = 1;
		one.e.index = list->indices[i];
		if (ioctl(kvm, KVM_GET_MSRS, &one) == 1)
			print_msr(one.e.index, one.e.data);
		else
			printf("msr %#x unreadable\n", one.e.index);
	}
	free(list);
	return 0;
}

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (kvm < 0)
		return fail("open /dev/kvm");
	params("kvm");
	params("kvm_intel");
	if (caps(kvm) || supported_cpuid(kvm) || msrs(kvm))
		return 1;
	close(kvm);
	return 0;
}
