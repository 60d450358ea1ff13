// SPDX-License-Identifier: GPL-2.0
/*
 * stuck_check INITTEST_KO CPU: the checks of tests/guest/stuck_cpu.sh
 * after an INIT stops CPU (a virtualized CPU that can never hand itself
 * back), done in one process that never forks. A dead CPU poisons Linux:
 * any fork or exit of a process that once ran there waits for a TLB
 * shootdown IPI the CPU never answers. Run it pinned to CPU 0 and exec'd
 * (a fresh address space that only ever ran on CPU 0). It loads the test
 * module that sends the INIT, then checks: the INIT exit is counted,
 * root mode logged it, rmmod hvnest is refused, CPU 0 is still
 * virtualized, no oops. Prints one HVNEST-RESULT line per check.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hvnest_abi.h"

#define EXIT_INIT 3
#define LOG_SIZE (1 << 20)

static void result(const char *name, int ok, const char *why)
{
	if (ok)
		printf("HVNEST-RESULT: PASS %s\n", name);
	else
		printf("HVNEST-RESULT: FAIL %s: %s\n", name, why);
	fflush(stdout);
}

static int init_exits(unsigned int cpu, unsigned long long *n)
{
	struct hvnest_stats s;
	int fd = open("/dev/hvnest", O_RDWR);

	if (fd < 0)
		return -1;
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	s.cpu = cpu;
	if (ioctl(fd, HVNEST_IOC_GET_STATS, &s)) {
		close(fd);
		return -1;
	}
	close(fd);
	*n = s.count[EXIT_INIT];
	return 0;
}

int main(int argc, char **argv)
{
	static char log[LOG_SIZE];
	unsigned int a, b, c, d, cpu;
	unsigned long long inits = 0;
	char why[256], params[32], pattern[64];
	cpu_set_t set;
	int fd, rc, len, i;

	if (argc != 3) {
		fprintf(stderr, "usage: stuck_check INITTEST_KO CPU\n");
		return 2;
	}
	cpu = atoi(argv[2]);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("stuck_check: sched_setaffinity");
		return 1;
	}

	snprintf(params, sizeof(params), "cpu=%u", cpu);
	fd = open(argv[1], O_RDONLY);
	rc = fd < 0 ? -1 : (int)syscall(SYS_finit_module, fd, params, 0);
	snprintf(why, sizeof(why), "loading %s: %s", argv[1], strerror(errno));
	result("stuck_init_sent", rc == 0, why);
	/* The module sends the INIT 0.5 s after loading: wait up to 10 s. */
	for (i = 0; i < 100; i++) {
		rc = init_exits(cpu, &inits);
		if (rc || inits)
			break;
		usleep(100000);
	}
	printf("  | INIT exit seen after %d.%d s\n", i / 10, i % 10);
	snprintf(why, sizeof(why), "GET_STATS: rc %d, INIT exits %llu", rc,
		 inits);
	result("stuck_init_exit_counted", rc == 0 && inits == 1, why);

	if (rc || inits != 1) {
		/* Not stopped as expected: rmmod could hang; show the log. */
		len = klogctl(3, log, sizeof(log) - 1);
		log[len > 0 ? len : 0] = 0;
		printf("  | kernel log tail:\n%s\n",
		       len > 2000 ? log + len - 2000 : log);
		return 1;
	}
	rc = (int)syscall(SYS_delete_module, "hvnest", O_NONBLOCK);
	snprintf(why, sizeof(why), "delete_module: rc %d (%s)", rc,
		 rc ? strerror(errno) : "unloaded");
	printf("  | rmmod hvnest: %s\n", rc ? strerror(errno) : "unloaded");
	result("stuck_rmmod_refused",
	       rc && (errno == EWOULDBLOCK || errno == EBUSY) &&
		       access("/dev/hvnest", F_OK) == 0,
	       why);

	__cpuid(0x40000000, a, b, c, d);
	result("stuck_cpu0_still_virtualized",
	       b == 0x656e7668 && c == 0x00007473,
	       "CPUID 0x40000000 has no hvnest signature on CPU 0");

	sleep(1); /* hvnest's log drain runs every second */
	len = klogctl(3, log, sizeof(log) - 1); /* SYSLOG_ACTION_READ_ALL */
	log[len > 0 ? len : 0] = 0;
	snprintf(pattern, sizeof(pattern), "hvnest: CPU %u root: INIT at rip",
		 cpu);
	result("stuck_init_logged",
	       strstr(log, pattern) &&
		       strstr(log, "unloading hvnest is refused"),
	       "no root-log line for the INIT in dmesg");
	result("stuck_no_oops",
	       !strstr(log, "Oops") && !strstr(log, "BUG:") &&
		       !strstr(log, "general protection"),
	       "the kernel log has an oops");
	return 0;
}
