// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_fuzz [-n N] [-s SEED] [-u]: random ioctls on /dev/hvnest, each
 * checked against the ABI's rules (ioctl/hvnest_abi.h) as far as they
 * decide the result:
 *
 *   - a number whose type is not hvnest's, or whose number or direction
 *     is none of hvnest's: ENOTTY;
 *   - one of hvnest's numbers with a size it does not publish (below its
 *     first version or above HVNEST_IOC_MAX_SIZE): EINVAL;
 *   - a well-formed call (this build's size, the right head, valid
 *     fields): success, and the head it returns says the size and no
 *     flags;
 *   - a well-formed call whose argument cannot be read or written (NULL,
 *     a kernel or non-canonical address, an unmapped page, a read-only
 *     page, a buffer running into an inaccessible page): EFAULT;
 *   - any other (a random head, random fields, a bigger caller's struct
 *     with a random tail, a size between published ones): success,
 *     EINVAL or EFAULT, never anything else.
 *
 * A feature switch it turns is turned back at the end. With -u it drops
 * to uid/gid 65534 with no capabilities after opening the device, and
 * then every ioctl must fail with EPERM (and opening it again EACCES).
 * Prints one line of counts; every call that breaks a rule is printed
 * with its seed and index (at most 20). Exit status 0 iff none did, 1
 * otherwise, 2 on a bad command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hvnest_abi.h"

#define PAGE 4096
#define MAX_REPORTS 20

struct ioc {
	unsigned int cmd; /* this build's number (its size is sizeof) */
	uint32_t size_v1; /* the first published size */
};

static const struct ioc iocs[] = {
	{ HVNEST_IOC_GET_VERSION, HVNEST_VERSION_SIZE_V1 },
	{ HVNEST_IOC_GET_STATUS, HVNEST_STATUS_SIZE_V1 },
	{ HVNEST_IOC_GET_CPU_STATUS, HVNEST_CPU_STATUS_SIZE_V1 },
	{ HVNEST_IOC_GET_STATS, HVNEST_STATS_SIZE_V1 },
	{ HVNEST_IOC_RESET_STATS, HVNEST_RESET_STATS_SIZE_V1 },
	{ HVNEST_IOC_GET_FEATURES, HVNEST_FEATURES_SIZE_V1 },
	{ HVNEST_IOC_SET_FEATURE, HVNEST_SET_FEATURE_SIZE_V1 },
	{ HVNEST_IOC_GET_LOG, HVNEST_LOG_SIZE_V1 },
};

#define NR_IOCS (sizeof(iocs) / sizeof(iocs[0]))

enum expect { E_OK, E_NOTTY, E_INVAL, E_FAULT, E_PERM, E_ANY, E_ANY_NOTTY };
static const char *const expect_name[] = {
	"success", "ENOTTY", "EINVAL", "EFAULT", "EPERM",
	"success/EINVAL/EFAULT", "success/ENOTTY/EINVAL/EFAULT"
};

static uint64_t rng;
static unsigned long long seed, bad;
static unsigned long long counts[5]; /* ok, ENOTTY, EINVAL, EFAULT, other */
static long ncpus;
static uint8_t *buf, *ro_page, *edge_page, *gone_page;

/* xorshift64*: the same sequence for the same seed everywhere. */
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static unsigned int with_size(unsigned int cmd, uint32_t size)
{
	return (cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
	       (size & _IOC_SIZEMASK) << _IOC_SIZESHIFT;
}

/* Valid fields for iocs[i] after the head, in p (size bytes, zeroed). */
static void valid_fields(unsigned int i, uint8_t *p, uint64_t available)
{
	unsigned int nr = _IOC_NR(iocs[i].cmd);
	struct hvnest_set_feature *sf = (void *)p;
	struct hvnest_reset_stats *rs = (void *)p;
	struct hvnest_cpu_status *cs = (void *)p;
	struct hvnest_stats *st = (void *)p;
	int bit;

	if (nr == _IOC_NR(HVNEST_IOC_GET_CPU_STATUS))
		cs->cpu = below((uint32_t)ncpus);
	else if (nr == _IOC_NR(HVNEST_IOC_GET_STATS))
		st->cpu = below((uint32_t)ncpus); /* no HVNEST_ALL_CPUS here */
	else if (nr == _IOC_NR(HVNEST_IOC_RESET_STATS))
		rs->cpu = below(2) ? HVNEST_ALL_CPUS : below((uint32_t)ncpus);
	else if (nr == _IOC_NR(HVNEST_IOC_SET_FEATURE) && available) {
		do
			bit = (int)below(64);
		while (!(available >> bit & 1));
		sf->feature = 1ULL << bit;
		sf->enable = below(2);
	}
}

static void report(unsigned long long idx, unsigned int cmd, const char *arg,
		   enum expect want, long ret, int err)
{
	if (++bad > MAX_REPORTS)
		return;
	printf("ioctl_fuzz: seed %llu call %llu: cmd %#x (nr %u dir %u size %u) arg %s: got %s (ret %ld), want %s\n",
	       seed, idx, cmd, _IOC_NR(cmd), _IOC_DIR(cmd), _IOC_SIZE(cmd), arg,
	       ret == 0 ? "success" : strerror(err), ret, expect_name[want]);
}

static int matches(enum expect want, long ret, int err)
{
	switch (want) {
	case E_OK:
		return ret == 0;
	case E_NOTTY:
		return ret == -1 && err == ENOTTY;
	case E_INVAL:
		return ret == -1 && err == EINVAL;
	case E_FAULT:
		return ret == -1 && err == EFAULT;
	case E_PERM:
		return ret == -1 && err == EPERM;
	case E_ANY_NOTTY:
		if (ret == -1 && err == ENOTTY)
			return 1;
		/* fall through */
	default:
		return ret == 0 || (ret == -1 && (err == EINVAL || err == EFAULT));
	}
}

/*
 * A bad argument for the well-formed call in buf (size bytes): where it
 * points, and its name. What can be read of it holds the call.
 */
static uint8_t *bad_arg(uint32_t size, const char **name)
{
	uint32_t head = size > 16 ? 16 : 8;

	switch (below(6)) {
	case 0:
		*name = "NULL";
		return NULL;
	case 1:
		*name = "kernel address";
		return (uint8_t *)0xffffffff81000000ULL;
	case 2:
		*name = "non-canonical";
		return (uint8_t *)0x8000000000000000ULL;
	case 3:
		*name = "unmapped page";
		return gone_page;
	case 4:
		/* Head readable, the rest in the PROT_NONE page after it. */
		*name = "runs into an inaccessible page";
		memcpy(edge_page + PAGE - head, buf, head);
		return edge_page + PAGE - head;
	default:
		/* Read, checked and carried out; the answer cannot be written. */
		*name = "read-only page";
		if (mprotect(ro_page, PAGE, PROT_READ | PROT_WRITE))
			return NULL;
		memcpy(ro_page, buf, size);
		mprotect(ro_page, PAGE, PROT_READ);
		return ro_page;
	}
}

/* One call; returns what the rules say it must give. */
static enum expect one(int fd, uint64_t available, int unpriv, unsigned int *cmdp,
		       const char **argp, long *ret, int *err)
{
	unsigned int i = below(NR_IOCS), cmd = iocs[i].cmd;
	uint32_t ksize = _IOC_SIZE(cmd), size = ksize;
	struct hvnest_ioc_hdr *h = (void *)buf;
	enum expect want = E_ANY;
	uint8_t *arg = buf;
	unsigned int r = below(100);

	*argp = "buffer";
	memset(buf, 0, 2 * PAGE);
	if (r < 10) {
		/* Any number at all. */
		cmd = (unsigned int)rnd();
		for (i = 0; i < 2 * PAGE; i++)
			buf[i] = (uint8_t)rnd();
		want = _IOC_TYPE(cmd) == HVNEST_IOC_TYPE ? E_ANY_NOTTY : E_NOTTY;
	} else if (r < 20) {
		/* hvnest's type, a number or direction of none of its own. */
		cmd = _IOC(below(4), HVNEST_IOC_TYPE, NR_IOCS + below(248),
			   below(HVNEST_IOC_MAX_SIZE));
		if (below(2))
			cmd = _IOC(_IOC_DIR(iocs[i].cmd) ^ (1 + below(3)),
				   HVNEST_IOC_TYPE, _IOC_NR(iocs[i].cmd),
				   _IOC_SIZE(cmd));
		want = E_NOTTY;
	} else if (r < 30) {
		/* A size never published: too small or too big. */
		size = below(2) ? below(iocs[i].size_v1) :
				  HVNEST_IOC_MAX_SIZE + 1 + below(0x3fff - HVNEST_IOC_MAX_SIZE);
		cmd = with_size(cmd, size);
		h->size = size;
		want = E_INVAL;
	} else if (r < 55) {
		/* Well-formed (SET_FEATURE only if a feature may be switched). */
		h->size = size;
		valid_fields(i, buf, available);
		want = available || _IOC_NR(cmd) != _IOC_NR(HVNEST_IOC_SET_FEATURE) ?
			       E_OK : E_ANY;
	} else if (r < 70) {
		/* Well-formed, but the argument is not memory it may use. */
		h->size = size;
		valid_fields(i, buf, available);
		arg = bad_arg(size, argp);
		want = E_FAULT;
	} else {
		/* Random head, fields, size and tail. */
		size = below(5) ? ksize + 8 * below(4) : below(HVNEST_IOC_MAX_SIZE + 1);
		if (size > 2 * PAGE)
			size = 2 * PAGE;
		cmd = with_size(cmd, size);
		h->size = below(4) ? size : (uint32_t)rnd();
		h->flags = below(4) ? 0 : (uint32_t)rnd();
		valid_fields(i, buf, available);
		for (i = below(3) ? 8 : 0; i < size; i++)
			if (below(4) == 0 || i >= ksize)
				buf[i] = below(3) ? 0 : (uint8_t)rnd();
	}
	if (unpriv)
		want = E_PERM;
	*cmdp = cmd;
	errno = 0;
	*ret = ioctl(fd, cmd, arg);
	*err = errno;
	if (want == E_OK && *ret == 0 &&
	    (h->size != ksize || h->flags != 0)) {
		*argp = "buffer (returned head wrong)";
		*ret = 1;
	}
	return want;
}

static int help(FILE *f, int rc)
{
	fprintf(f, "usage: ioctl_fuzz [-n N] [-s SEED] [-u]\n"
		   "N random ioctls on /dev/hvnest (default 100000), each checked\n"
		   "against the ABI's rules; -u: after dropping to uid 65534, every\n"
		   "one must fail with EPERM.\n");
	return rc;
}

/* The protected, read-only, unmapped and edge pages the bad cases use. */
static int map_pages(void)
{
	uint8_t *m = mmap(NULL, 6 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct hvnest_ioc_hdr h = { 0 };

	if (m == MAP_FAILED)
		return -1;
	buf = m; /* two pages */
	ro_page = m + 2 * PAGE;
	edge_page = m + 3 * PAGE; /* then a PROT_NONE page */
	gone_page = m + 5 * PAGE;
	memcpy(ro_page, &h, sizeof(h));
	return mprotect(ro_page, PAGE, PROT_READ) ||
	       mprotect(edge_page + PAGE, PAGE, PROT_NONE) ||
	       munmap(gone_page, PAGE);
}

int main(int argc, char **argv)
{
	unsigned long long n = 100000, k;
	struct hvnest_features f = { .size = sizeof(f) };
	struct hvnest_set_feature sf = { .size = sizeof(sf) };
	int fd, opt, unpriv = 0, err, b;
	uint64_t available = 0, enabled = 0;
	const char *arg;
	unsigned int cmd;
	enum expect want;
	char *end;
	long ret;

	seed = 1;
	while ((opt = getopt(argc, argv, "n:s:uh")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoull(optarg, &end, 0);
			if (*end || !*optarg || !n || n > 100000000ULL)
				return help(stderr, 2);
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg)
				return help(stderr, 2);
			break;
		case 'u':
			unpriv = 1;
			break;
		case 'h':
			return help(stdout, 0);
		default:
			return help(stderr, 2);
		}
	}
	if (optind != argc)
		return help(stderr, 2);
	rng = seed * 0x9e3779b97f4a7c15ULL | 1;
	ncpus = sysconf(_SC_NPROCESSORS_CONF);
	if (ncpus < 1 || map_pages()) {
		perror("ioctl_fuzz: setup");
		return 1;
	}
	fd = open("/dev/" HVNEST_DEVICE_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("ioctl_fuzz: /dev/" HVNEST_DEVICE_NAME);
		return 1;
	}
	if (ioctl(fd, HVNEST_IOC_GET_FEATURES, &f)) {
		perror("ioctl_fuzz: HVNEST_IOC_GET_FEATURES");
		return 1;
	}
	/* Well-formed SET_FEATUREs switch only what may be switched now. */
	available = f.available & f.runtime;
	enabled = f.enabled;
	if (unpriv) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
			perror("ioctl_fuzz: dropping privileges");
			return 1;
		}
		if (open("/dev/" HVNEST_DEVICE_NAME, O_RDWR) >= 0 || errno != EACCES) {
			printf("ioctl_fuzz: uid 65534 opened /dev/%s (or not with EACCES)\n",
			       HVNEST_DEVICE_NAME);
			bad++;
		}
	}

	for (k = 0; k < n; k++) {
		want = one(fd, available, unpriv, &cmd, &arg, &ret, &err);
		counts[ret == 0 ? 0 : err == ENOTTY ? 1 : err == EINVAL ? 2 :
				    err == EFAULT ? 3 : 4]++;
		if (!matches(want, ret, err))
			report(k, cmd, arg, want, ret, err);
	}

	/* Feature switches back as they were. */
	for (b = 0; !unpriv && b < 64; b++) {
		if (!(f.available & f.runtime & (1ULL << b)))
			continue;
		sf.feature = 1ULL << b;
		sf.enable = (unsigned int)(enabled >> b & 1);
		if (ioctl(fd, HVNEST_IOC_SET_FEATURE, &sf)) {
			printf("ioctl_fuzz: restoring feature bit %d: %s\n", b,
			       strerror(errno));
			bad++;
		}
	}
	printf("ioctl_fuzz: seed %llu, %llu ioctls%s: %llu succeeded, %llu ENOTTY, %llu EINVAL, %llu EFAULT, %llu other; %llu broke a rule\n",
	       seed, n, unpriv ? " as uid 65534" : "", counts[0], counts[1],
	       counts[2], counts[3], counts[4], bad);
	return bad ? 1 : 0;
}
