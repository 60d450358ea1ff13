// SPDX-License-Identifier: GPL-2.0
/* runas UID CMD [ARGS]: run CMD as UID/GID with no groups and no caps. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t id;

	if (argc < 3) {
		fprintf(stderr, "usage: runas UID CMD [ARGS]\n");
		return 2;
	}
	id = (uid_t)strtoul(argv[1], NULL, 10);
	if (setgroups(0, NULL) || setgid(id) || setuid(id)) {
		perror("runas");
		return 127;
	}
	execvp(argv[2], argv + 2);
	perror("runas: exec");
	return 127;
}
