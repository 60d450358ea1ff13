// SPDX-License-Identifier: GPL-2.0
/* msr_read CPU MSR: print the MSR in hex (needs msr.ko). */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[64];
	uint64_t v;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: msr_read CPU MSR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/cpu/%s/msr", argv[1]);
	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &v, sizeof(v), strtoul(argv[2], NULL, 0)) !=
			      sizeof(v)) {
		perror(path);
		return 1;
	}
	printf("%#" PRIx64 "\n", v);
	return 0;
}
