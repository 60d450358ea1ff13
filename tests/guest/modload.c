// SPDX-License-Identifier: GPL-2.0
/*
 * modload FILE [PARAMS]: load a module with one finit_module() call and
 * exit with its errno (0 on success). busybox insmod retries a failed
 * finit_module() with init_module(), which runs a refusing module_init
 * twice; the refusal tests need exactly one attempt.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: modload FILE [PARAMS]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "modload: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (syscall(SYS_finit_module, fd, argc == 3 ? argv[2] : "", 0)) {
		int err = errno;

		fprintf(stderr, "modload: %s: %s\n", argv[1], strerror(err));
		return err;
	}
	return 0;
}
