// SPDX-License-Identifier: GPL-2.0
/*
 * abi_check: hit /dev/hvnest with good and bad ioctls and check each errno
 * (hvnest_abi.h: -ENOTTY, -EFAULT, -EINVAL, -EPERM). Run as root with
 * hvnest loaded. One line per check: 'HVNEST-RESULT: PASS|FAIL name...'.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hvnest_abi.h"

static int failures;

static void result(const char *name, int ok, const char *fmt, long a, long b)
{
	if (ok) {
		printf("HVNEST-RESULT: PASS abi_%s\n", name);
	} else {
		failures++;
		printf("HVNEST-RESULT: FAIL abi_%s: ", name);
		printf(fmt, a, b);
		printf("\n");
	}
	fflush(stdout);
}

/* ioctl must fail with errno @want (0: must succeed). */
static void expect(const char *name, int fd, unsigned long cmd, void *arg,
		   int want)
{
	int rc = ioctl(fd, cmd, arg);
	int got = rc ? errno : 0;

	result(name, got == want, "errno %ld, want %ld", got, want);
}

#define IOWR_SIZED(nr, size) \
	_IOC(_IOC_READ | _IOC_WRITE, HVNEST_IOC_TYPE, (nr), (size))

/*
 * GET_STATS from a caller built with published size @size (stats_vN):
 * it succeeds, size comes back as @size and nothing past it is written.
 */
static void stats_sized(int fd, unsigned char *buf, unsigned int n,
			__u32 size)
{
	struct hvnest_stats *st = (void *)buf;
	char name[3][32];

	snprintf(name[0], sizeof(name[0]), "stats_v%u", n);
	snprintf(name[1], sizeof(name[1]), "stats_v%u_size", n);
	snprintf(name[2], sizeof(name[2]), "stats_v%u_nothing_beyond", n);
	memset(buf, 0xa5, HVNEST_IOC_MAX_SIZE);
	memset(buf, 0, size);
	st->size = size;
	expect(name[0], fd, IOWR_SIZED(_IOC_NR(HVNEST_IOC_GET_STATS), size), st,
	       0);
	result(name[1], st->size == size, "size out %ld, want %ld", st->size,
	       size);
	result(name[2], buf[size] == 0xa5 && buf[HVNEST_IOC_MAX_SIZE - 1] == 0xa5,
	       "bytes past the size written: %#lx %#lx", buf[size],
	       buf[HVNEST_IOC_MAX_SIZE - 1]);
}

int main(void)
{
	struct hvnest_version v;
	struct hvnest_status s;
	struct hvnest_cpu_status c;
	unsigned char big[256];
	void *ro;
	int fd, i, bad;
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	fd = open(HVNEST_DEVICE_PATH, O_RDONLY);
	if (fd < 0) {
		perror("abi_check: " HVNEST_DEVICE_PATH);
		printf("HVNEST-RESULT: FAIL abi_open: errno %d\n", errno);
		return 1;
	}

	/* Good calls. */
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	expect("get_version", fd, HVNEST_IOC_GET_VERSION, &v, 0);
	result("version_fields",
	       v.abi_major == HVNEST_ABI_MAJOR && v.size == sizeof(v) &&
		       memchr(v.module_version, 0, sizeof(v.module_version)),
	       "abi_major %ld, size %ld", v.abi_major, v.size);
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	expect("get_status", fd, HVNEST_IOC_GET_STATUS, &s, 0);
	result("status_cpus", s.nr_cpus_online == online,
	       "nr_cpus_online %ld, want %ld", s.nr_cpus_online, online);
	result("status_state", s.state == HVNEST_STATE_LOADED ||
				       s.state == HVNEST_STATE_RUNNING,
	       "state %ld%ld", s.state, 0);
	memset(&c, 0, sizeof(c));
	c.size = sizeof(c);
	expect("get_cpu_status_0", fd, HVNEST_IOC_GET_CPU_STATUS, &c, 0);
	result("cpu0_online", c.state != HVNEST_CPU_OFFLINE, "state %ld%ld",
	       c.state, 0);
	c.cpu = 1u << 30;
	expect("cpu_out_of_range", fd, HVNEST_IOC_GET_CPU_STATUS, &c, EINVAL);

	/* Not hvnest's numbers: -ENOTTY. */
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	expect("wrong_type", fd, _IOWR('x', 0, struct hvnest_version), &v,
	       ENOTTY);
	expect("unknown_nr", fd, IOWR_SIZED(0x7f, sizeof(v)), &v, ENOTTY);
	expect("wrong_direction", fd,
	       _IOR(HVNEST_IOC_TYPE, 0, struct hvnest_version), &v, ENOTTY);
	expect("no_direction", fd, _IO(HVNEST_IOC_TYPE, 0), &v, ENOTTY);

	/* Bad pointers: -EFAULT. */
	expect("null_pointer", fd, HVNEST_IOC_GET_VERSION, NULL, EFAULT);
	expect("kernel_pointer", fd, HVNEST_IOC_GET_VERSION,
	       (void *)0xffffffff81000000ul, EFAULT);
	ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	((struct hvnest_version *)ro)->size = sizeof(v);
	mprotect(ro, 4096, PROT_READ);
	expect("readonly_buffer", fd, HVNEST_IOC_GET_VERSION, ro, EFAULT);
	/* Struct straddling into an unmapped page. */
	mprotect(ro, 4096, PROT_READ | PROT_WRITE);
	{
		char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct hvnest_status *edge =
			(void *)(two + 4096 - sizeof(struct hvnest_ioc_hdr));

		munmap(two + 4096, 4096);
		edge->size = sizeof(s);
		edge->flags = 0;
		expect("straddles_unmapped", fd, HVNEST_IOC_GET_STATUS, edge,
		       EFAULT);
		munmap(two, 4096);
	}

	/* Bad sizes and flags: -EINVAL. */
	v.size = 4;
	expect("size_below_v1", fd, IOWR_SIZED(0, 4), &v, EINVAL);
	memset(big, 0, sizeof(big));
	((struct hvnest_ioc_hdr *)big)->size = 8192;
	expect("size_above_max", fd, IOWR_SIZED(0, 8192), big, EINVAL);
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v) - 8;
	expect("hdr_size_mismatch", fd, HVNEST_IOC_GET_VERSION, &v, EINVAL);
	v.size = sizeof(v);
	v.flags = 1;
	expect("nonzero_flags", fd, HVNEST_IOC_GET_VERSION, &v, EINVAL);

	/*
	 * A newer caller's larger struct: zero tail accepted, size says
	 * how much the module filled; non-zero tail refused.
	 */
	memset(big, 0, sizeof(big));
	((struct hvnest_status *)big)->size = sizeof(big);
	expect("larger_struct", fd, IOWR_SIZED(1, sizeof(big)), big, 0);
	result("larger_struct_size",
	       ((struct hvnest_status *)big)->size == sizeof(s),
	       "size out %ld, want %ld", ((struct hvnest_status *)big)->size,
	       sizeof(s));
	memset(big, 0, sizeof(big));
	((struct hvnest_status *)big)->size = sizeof(big);
	big[sizeof(big) - 1] = 1;
	expect("larger_struct_dirty_tail", fd, IOWR_SIZED(1, sizeof(big)), big,
	       EINVAL);

	/*
	 * GET_STATS grew in ABI 1.2 to 1.6: an old caller's V1 to V5 size
	 * still works and gets exactly those bytes back; a size between two
	 * versions was never published and is refused.
	 */
	{
		unsigned int nr = _IOC_NR(HVNEST_IOC_GET_STATS);
		unsigned char *buf = malloc(HVNEST_IOC_MAX_SIZE);
		struct hvnest_stats *st = (void *)buf;
		const __u32 v1 = HVNEST_STATS_SIZE_V1;
		unsigned long cmd;

		stats_sized(fd, buf, 1, v1);
		stats_sized(fd, buf, 2, HVNEST_STATS_SIZE_V2);
		stats_sized(fd, buf, 3, HVNEST_STATS_SIZE_V3);
		stats_sized(fd, buf, 4, HVNEST_STATS_SIZE_V4);
		stats_sized(fd, buf, 5, HVNEST_STATS_SIZE_V5);
		stats_sized(fd, buf, 6, HVNEST_STATS_SIZE_V6);
		stats_sized(fd, buf, 7, HVNEST_STATS_SIZE_V7);
		stats_sized(fd, buf, 8, HVNEST_STATS_SIZE_V8);
		/* This build's size, which HVNEST_IOC_GET_STATS carries. */
		stats_sized(fd, buf, 9, HVNEST_STATS_SIZE_V9);
		cmd = HVNEST_IOC_GET_STATS;
		result("stats_cmd_is_v9",
		       cmd == IOWR_SIZED(nr, HVNEST_STATS_SIZE_V9),
		       "GET_STATS %#lx, size %ld", cmd, HVNEST_STATS_SIZE_V9);
		memset(buf, 0, HVNEST_IOC_MAX_SIZE);
		st->size = v1 + 8;
		expect("stats_between_v1_v2", fd, IOWR_SIZED(nr, v1 + 8), st,
		       EINVAL);
		free(buf);
	}

	/* Feature switches: the root core refuses what may not change. */
	{
		struct hvnest_features f = { .size = sizeof(f) };
		struct hvnest_set_feature sf = { .size = sizeof(sf) };

		expect("get_features", fd, HVNEST_IOC_GET_FEATURES, &f, 0);
		result("features_leaf_on",
		       (f.enabled & HVNEST_FEATURE_HYPERVISOR_LEAF) &&
			       (f.runtime & HVNEST_FEATURE_HYPERVISOR_LEAF),
		       "enabled %#lx runtime %#lx", (long)f.enabled,
		       (long)f.runtime);
		sf.feature = 1ull << 40; /* no such feature */
		sf.enable = 1;
		expect("set_unknown_feature", fd, HVNEST_IOC_SET_FEATURE, &sf,
		       EINVAL);
		sf.feature = HVNEST_FEATURE_HYPERVISOR_LEAF | (1ull << 1);
		expect("set_two_features", fd, HVNEST_IOC_SET_FEATURE, &sf,
		       EINVAL);
		sf.feature = HVNEST_FEATURE_HYPERVISOR_LEAF;
		sf.enable = 2;
		expect("set_feature_bad_enable", fd, HVNEST_IOC_SET_FEATURE,
		       &sf, EINVAL);
		sf.enable = 1;
		sf.reserved = 1;
		expect("set_feature_reserved", fd, HVNEST_IOC_SET_FEATURE, &sf,
		       EINVAL);
		sf.reserved = 0;
		expect("set_feature_same", fd, HVNEST_IOC_SET_FEATURE, &sf, 0);
	}

	/* Random numbers in hvnest's range: only the documented errnos. */
	srand(12345);
	bad = 0;
	for (i = 0; i < 5000; i++) {
		unsigned int dir = rand() & 3, nr = rand() & 0xff;

		if (nr == _IOC_NR(HVNEST_IOC_SET_FEATURE))
			continue; /* random switches would change the machine */
		unsigned int size = rand() % 600;
		unsigned long cmd = _IOC(dir, HVNEST_IOC_TYPE, nr, size);
		int j, rc;

		for (j = 0; j < (int)sizeof(big); j++)
			big[j] = rand();
		if (rand() & 1) {
			((struct hvnest_ioc_hdr *)big)->size = size;
			((struct hvnest_ioc_hdr *)big)->flags = 0;
		}
		rc = ioctl(fd, cmd, size > sizeof(big) ? NULL : big);
		if (rc && errno != ENOTTY && errno != EINVAL &&
		    errno != EFAULT)
			bad++;
	}
	result("random_ioctls", bad == 0, "%ld calls gave other errnos%ld",
	       bad, 0);

	/* Without CAP_SYS_ADMIN: the open fd refuses, a new open is denied. */
	if (setgid(65534) || setuid(65534)) {
		perror("abi_check: setuid");
		return 1;
	}
	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	expect("no_cap_sys_admin", fd, HVNEST_IOC_GET_VERSION, &v, EPERM);
	close(fd);
	fd = open(HVNEST_DEVICE_PATH, O_RDONLY);
	result("nonroot_open", fd < 0 && errno == EACCES,
	       "open gave fd %ld, errno %ld", fd, errno);
	return failures ? 1 : 0;
}
