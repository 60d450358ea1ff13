// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_hold READYFILE: create a KVM VM (KVM then has VMX on, on every CPU),
 * write READYFILE, and keep the VM until killed.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int kvm, vm;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: kvm_hold READYFILE\n");
		return 2;
	}
	kvm = open("/dev/kvm", O_RDWR);
	if (kvm < 0) {
		perror("kvm_hold: /dev/kvm");
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		perror("kvm_hold: KVM_CREATE_VM");
		return 1;
	}
	f = fopen(argv[1], "w");
	if (!f)
		return 1;
	fputs("ready\n", f);
	fclose(f);
	for (;;)
		pause();
}
