// SPDX-License-Identifier: GPL-2.0
/* hvctl: talk to hvnest through /dev/hvnest. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../ioctl/hvnest_abi.h"
#include "hvctl_args.h"
#include "hvctl_stats.h"

#ifndef HVNEST_VERSION
#define HVNEST_VERSION "unknown"
#endif
/* Overridable so that the tests can build an hvctl of another ABI. */
#ifndef HVCTL_ABI_MAJOR
#define HVCTL_ABI_MAJOR HVNEST_ABI_MAJOR
#endif

/* The instance hvctl talks to: /dev/NAME for module NAME (--device). */
static const char *hvctl_device = HVNEST_DEVICE_PATH;

static const char *hvctl_module(void)
{
	const char *slash = strrchr(hvctl_device, '/');

	return slash ? slash + 1 : hvctl_device;
}

static const char *const vmxf_names[HVNEST_VMXF_NR] = {
	"ept",		  "vpid",	"unrestricted-guest", "virtual-nmi",
	"preemption-timer", "vmcs-shadowing", "ept-2m",	"ept-1g",
	"ept-ad",	  "pml",	"vmfunc",	      "true-controls",
};

static int err_msg(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int err_msg(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("hvctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

/* Open /dev/hvnest (or --device), explaining every way that can fail. */
static int hvctl_open(int *fd)
{
	char sysfs[PATH_MAX];
	struct stat st;

	*fd = open(hvctl_device, O_RDONLY | O_CLOEXEC);
	if (*fd >= 0)
		return HVCTL_EXIT_OK;
	switch (errno) {
	case ENOENT:
	case ENXIO:
	case ENODEV:
		snprintf(sysfs, sizeof(sysfs), "/sys/module/%s",
			 hvctl_module());
		if (stat(sysfs, &st) == 0)
			return err_msg(HVCTL_EXIT_ERROR,
				       "%s is loaded but %s is missing: is devtmpfs mounted on /dev?",
				       hvctl_module(), hvctl_device);
		return err_msg(HVCTL_EXIT_ERROR,
			       "%s is not loaded (no %s): load it with 'insmod %s.ko'",
			       hvctl_module(), hvctl_device, hvctl_module());
	case EACCES:
	case EPERM:
		return err_msg(HVCTL_EXIT_ERROR,
			       "cannot open %s: permission denied: hvnest is root-only, run hvctl as root",
			       hvctl_device);
	default:
		return err_msg(HVCTL_EXIT_ERROR, "cannot open %s: %s",
			       hvctl_device, strerror(errno));
	}
}

static int hvctl_ioctl(int fd, unsigned long cmd, void *arg, const char *what)
{
	if (ioctl(fd, cmd, arg) == 0)
		return HVCTL_EXIT_OK;
	if (errno == EPERM)
		return err_msg(HVCTL_EXIT_ERROR,
			       "%s: refused by hvnest: CAP_SYS_ADMIN is required",
			       what);
	return err_msg(HVCTL_EXIT_ERROR, "%s failed: %s", what,
		       strerror(errno));
}

/* GET_VERSION and the ABI check every command starts with. */
static int hvctl_connect(int *fd, struct hvnest_version *v)
{
	char why[256];
	int rc;

	rc = hvctl_open(fd);
	if (rc)
		return rc;
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	rc = hvctl_ioctl(*fd, HVNEST_IOC_GET_VERSION, v, "GET_VERSION");
	if (rc)
		goto fail;
	v->module_version[sizeof(v->module_version) - 1] = '\0';
	rc = hvctl_abi_check(HVCTL_ABI_MAJOR, HVNEST_ABI_MINOR, v->abi_major,
			     v->abi_minor, why, sizeof(why));
	if (rc) {
		err_msg(rc, "%s", why);
		goto fail;
	}
	return HVCTL_EXIT_OK;
fail:
	close(*fd);
	*fd = -1;
	return rc;
}

static int cmd_version(const struct hvctl_args *a)
{
	struct hvnest_version v;
	int fd, rc;

	rc = hvctl_connect(&fd, &v);
	if (a->json) {
		printf("{\"hvctl\":\"%s\",\"hvctl_abi\":\"%u.%u\"", HVNEST_VERSION,
		       HVCTL_ABI_MAJOR, HVNEST_ABI_MINOR);
		if (!rc)
			printf(",\"module\":\"%s\",\"module_abi\":\"%u.%u\"",
			       v.module_version, v.abi_major, v.abi_minor);
		printf("}\n");
	} else {
		printf("hvctl  %s (ABI %u.%u)\n", HVNEST_VERSION,
		       HVCTL_ABI_MAJOR, HVNEST_ABI_MINOR);
		if (!rc)
			printf("module %s (ABI %u.%u)\n", v.module_version,
			       v.abi_major, v.abi_minor);
	}
	if (!rc)
		close(fd);
	return rc;
}

static double boottime_seconds_since(uint64_t ns)
{
	struct timespec ts;
	uint64_t now;

	if (!ns || clock_gettime(CLOCK_BOOTTIME, &ts))
		return -1;
	now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	return now >= ns ? (double)(now - ns) / 1e9 : 0;
}

static const char *cpu_state_name(uint32_t state)
{
	switch (state) {
	case HVNEST_CPU_OFFLINE:
		return "offline";
	case HVNEST_CPU_NATIVE:
		return "native";
	case HVNEST_CPU_VIRTUALIZED:
		return "virtualized";
	default:
		return "unknown";
	}
}

static void print_features(uint64_t f, bool json)
{
	const char *sep = "";
	int i;

	for (i = 0; i < HVNEST_VMXF_NR; i++) {
		if (!(f & (1ull << i)))
			continue;
		printf(json ? "%s\"%s\"" : "%s%s", sep, vmxf_names[i]);
		sep = json ? "," : " ";
	}
}

static int cmd_status(const struct hvctl_args *a)
{
	struct hvnest_version v;
	struct hvnest_status s;
	struct hvnest_cpu_status c;
	const char *sep = "";
	uint32_t cpu;
	int fd, rc;

	rc = hvctl_connect(&fd, &v);
	if (rc)
		return rc;
	memset(&s, 0, sizeof(s));
	s.size = sizeof(s);
	rc = hvctl_ioctl(fd, HVNEST_IOC_GET_STATUS, &s, "GET_STATUS");
	if (rc)
		goto out;

	if (a->json) {
		printf("{\"module\":\"%s\",\"abi\":\"%u.%u\",\"state\":\"%s\",\"cpus_online\":%u,\"cpus_virtualized\":%u,\"vmcs_revision\":%u,\"loaded_seconds\":%.1f,\"vmx_features\":[",
		       v.module_version, v.abi_major, v.abi_minor,
		       s.state == HVNEST_STATE_RUNNING ? "running" : "loaded",
		       s.nr_cpus_online, s.nr_cpus_virtualized, s.vmcs_revision,
		       boottime_seconds_since(s.loaded_ns));
		print_features(s.vmx_features, true);
		printf("],\"cpus\":[");
	} else {
		printf("hvnest %s (ABI %u.%u), loaded %.1f s ago\n",
		       v.module_version, v.abi_major, v.abi_minor,
		       boottime_seconds_since(s.loaded_ns));
		printf("state:          %s, %u of %u online CPUs virtualized\n",
		       s.state == HVNEST_STATE_RUNNING ? "running" : "loaded",
		       s.nr_cpus_virtualized, s.nr_cpus_online);
		printf("VMCS revision:  %#x\n", s.vmcs_revision);
		printf("VMX features:   ");
		print_features(s.vmx_features, false);
		printf("\n\nCPU  STATE        SINCE         LAST LAUNCH\n");
	}
	for (cpu = 0;; cpu++) {
		memset(&c, 0, sizeof(c));
		c.size = sizeof(c);
		c.cpu = cpu;
		if (ioctl(fd, HVNEST_IOC_GET_CPU_STATUS, &c)) {
			if (errno == EINVAL && cpu > 0)
				break; /* past the last possible CPU */
			rc = err_msg(HVCTL_EXIT_ERROR, "GET_CPU_STATUS %u: %s",
				     cpu, strerror(errno));
			goto out;
		}
		if (a->json) {
			printf("%s{\"cpu\":%u,\"state\":\"%s\",\"launch_us\":%.1f}",
			       sep, cpu, cpu_state_name(c.state),
			       (double)c.launch_ns / 1e3);
			sep = ",";
		} else {
			char since[32] = "-", launch[32] = "-";

			if (c.since_ns)
				snprintf(since, sizeof(since), "%.1f s ago",
					 boottime_seconds_since(c.since_ns));
			if (c.launch_ns)
				snprintf(launch, sizeof(launch), "%.1f us",
					 (double)c.launch_ns / 1e3);
			printf("%-4u %-12s %-13s %s\n", cpu,
			       cpu_state_name(c.state), since, launch);
		}
	}
	if (a->json)
		printf("]}\n");
out:
	close(fd);
	return rc;
}

/*
 * Statistics of one CPU, or the sum over all (cpu < 0). *nested: whether
 * the module filled the nested fields (ABI 1.1 modules do not).
 */
static int read_stats(int fd, int cpu, struct hvnest_stats *sum, bool *nested)
{
	struct hvnest_stats s;
	uint32_t c = cpu < 0 ? 0 : (uint32_t)cpu;

	memset(sum, 0, sizeof(*sum));
	*nested = true;
	for (;; c++) {
		memset(&s, 0, sizeof(s));
		s.size = sizeof(s);
		s.cpu = c;
		if (ioctl(fd, HVNEST_IOC_GET_STATS, &s)) {
			if (errno == EINVAL && cpu < 0 && c > 0)
				break; /* past the last possible CPU */
			if (errno == EINVAL)
				return err_msg(HVCTL_EXIT_ERROR,
					       "no CPU %u (see 'hvctl status')",
					       c);
			return err_msg(HVCTL_EXIT_ERROR, "GET_STATS %u: %s", c,
				       strerror(errno));
		}
		sum->tsc_khz = s.tsc_khz;
		*nested = *nested && hvctl_stats_has_nested(s.size);
		hvctl_stats_add(sum, &s);
		if (cpu >= 0)
			break;
	}
	return HVCTL_EXIT_OK;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmd_stats(const struct hvctl_args *a)
{
	struct hvctl_stats_fmt f = { .cpu = a->cpu, .json = a->json };
	struct hvnest_stats prev, cur;
	struct hvnest_version v;
	unsigned int n = 0;
	double t0, t1;
	int fd, rc;

	rc = hvctl_connect(&fd, &v);
	if (rc)
		return rc;
	if (a->reset) {
		struct hvnest_reset_stats r = {
			.size = sizeof(r),
			.cpu = a->cpu < 0 ? HVNEST_ALL_CPUS : (uint32_t)a->cpu,
		};

		rc = hvctl_ioctl(fd, HVNEST_IOC_RESET_STATS, &r, "RESET_STATS");
		if (rc)
			goto out;
	}
	rc = read_stats(fd, a->cpu, &cur, &f.nested);
	if (rc || !a->interval_ms) {
		if (!rc)
			hvctl_stats_print(stdout, &f, &cur, NULL, 0);
		goto out;
	}
	t0 = now_seconds();
	do {
		prev = cur;
		usleep(a->interval_ms * 1000u);
		rc = read_stats(fd, a->cpu, &cur, &f.nested);
		if (rc)
			break;
		t1 = now_seconds();
		if (n && !a->json)
			printf("\n");
		hvctl_stats_print(stdout, &f, &cur, &prev, t1 - t0);
		t0 = t1;
	} while (!a->count || ++n < a->count);
out:
	close(fd);
	return rc;
}

static const struct {
	unsigned int bit;
	const char *name;
	int runtime;
} feature_names[] = {
#define FEATURE_NAME(b, n, r) { b, n, r },
	HVNEST_FEATURES(FEATURE_NAME)
#undef FEATURE_NAME
};

#define NR_FEATURE_NAMES (sizeof(feature_names) / sizeof(feature_names[0]))

static int cmd_features(const struct hvctl_args *a)
{
	struct hvnest_features f = { .size = sizeof(f) };
	struct hvnest_version v;
	const char *sep = "";
	unsigned int i;
	int fd, rc;

	rc = hvctl_connect(&fd, &v);
	if (rc)
		return rc;
	rc = hvctl_ioctl(fd, HVNEST_IOC_GET_FEATURES, &f, "GET_FEATURES");
	close(fd);
	if (rc)
		return rc;
	if (!a->json)
		printf("%-20s %-4s %s\n", "FEATURE", "", "SWITCHABLE");
	else
		printf("{\"features\":[");
	for (i = 0; i < NR_FEATURE_NAMES; i++) {
		uint64_t bit = 1ull << feature_names[i].bit;

		if (!(f.available & bit))
			continue;
		if (a->json) {
			printf("%s{\"name\":\"%s\",\"enabled\":%s,\"runtime\":%s}",
			       sep, feature_names[i].name,
			       f.enabled & bit ? "true" : "false",
			       f.runtime & bit ? "true" : "false");
			sep = ",";
		} else {
			printf("%-20s %-4s %s\n", feature_names[i].name,
			       f.enabled & bit ? "on" : "off",
			       f.runtime & bit ? "while running" : "at load only");
		}
	}
	if (a->json)
		printf("]}\n");
	return HVCTL_EXIT_OK;
}

static int cmd_switch(const struct hvctl_args *a, bool enable)
{
	struct hvnest_set_feature sf = { .size = sizeof(sf) };
	struct hvnest_version v;
	unsigned int i;
	int fd, rc;

	for (i = 0; i < NR_FEATURE_NAMES; i++)
		if (!strcmp(feature_names[i].name, a->name))
			break;
	if (i == NR_FEATURE_NAMES)
		return err_msg(HVCTL_EXIT_USAGE,
			       "no feature '%s' (see 'hvctl features')",
			       a->name);
	rc = hvctl_connect(&fd, &v);
	if (rc)
		return rc;
	sf.feature = 1ull << feature_names[i].bit;
	sf.enable = enable;
	if (ioctl(fd, HVNEST_IOC_SET_FEATURE, &sf)) {
		if (errno == EINVAL)
			rc = err_msg(HVCTL_EXIT_ERROR,
				     "hvnest refused to switch '%s' %s (not switchable while running, or unknown to this module)",
				     a->name, enable ? "on" : "off");
		else if (errno == EBUSY)
			rc = err_msg(HVCTL_EXIT_ERROR,
				     "'%s' cannot change while L1 is in VMX operation (a KVM VM exists or kvm_intel holds VMX on): stop it first",
				     a->name);
		else if (errno == EOPNOTSUPP)
			rc = err_msg(HVCTL_EXIT_ERROR,
				     "'%s' is not available (it needs nested VMX, which the module parameter nested=0 turns off, and a CPU that has it)",
				     a->name);
		else
			rc = err_msg(HVCTL_EXIT_ERROR, "SET_FEATURE: %s",
				     strerror(errno));
	} else {
		printf("%s: %s\n", a->name, enable ? "on" : "off");
	}
	close(fd);
	return rc;
}

static void print_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int cmd_log(const struct hvctl_args *a)
{
	struct hvnest_version v;
	struct hvnest_log *l;
	uint64_t next = 0;
	unsigned int i, shown = 0;
	int fd, rc;

	rc = hvctl_connect(&fd, &v);
	if (rc)
		return rc;
	l = calloc(1, sizeof(*l));
	if (!l) {
		close(fd);
		return err_msg(HVCTL_EXIT_ERROR, "out of memory");
	}
	for (;;) {
		memset(l, 0, sizeof(*l));
		l->size = sizeof(*l);
		l->from_seq = next;
		rc = hvctl_ioctl(fd, HVNEST_IOC_GET_LOG, l, "GET_LOG");
		if (rc || !l->count)
			break;
		if (!shown && l->lost && !a->json)
			printf("(%llu older records were not kept)\n",
			       (unsigned long long)l->lost);
		for (i = 0; i < l->count && i < HVNEST_LOG_BATCH; i++) {
			struct hvnest_log_record *r = &l->rec[i];

			r->text[sizeof(r->text) - 1] = '\0';
			if (a->json) {
				printf("{\"seq\":%llu,\"time_s\":%.6f,\"cpu\":%u,\"text\":",
				       (unsigned long long)r->seq,
				       (double)r->boottime_ns / 1e9, r->cpu);
				print_json_string(r->text);
				printf("}\n");
			} else {
				printf("[%12.6f] CPU %u: %s\n",
				       (double)r->boottime_ns / 1e9, r->cpu,
				       r->text);
			}
			next = r->seq + 1;
			shown++;
		}
	}
	if (!rc && !shown && !a->json)
		printf("(root mode has logged nothing)\n");
	free(l);
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	struct hvctl_args a;
	char why[256];
	int rc;

	rc = hvctl_parse(argc, argv, &a, why, sizeof(why));
	if (rc) {
		err_msg(rc, "%s", why);
		if (a.help) /* no command at all: show what there is */
			fputs(hvctl_usage(HVCTL_CMD_NONE), stderr);
		return rc;
	}
	if (a.help) {
		fputs(hvctl_usage(a.cmd), stdout);
		return HVCTL_EXIT_OK;
	}
	if (a.device)
		hvctl_device = a.device;
	switch (a.cmd) {
	case HVCTL_CMD_VERSION:
		return cmd_version(&a);
	case HVCTL_CMD_STATUS:
		return cmd_status(&a);
	case HVCTL_CMD_STATS:
		return cmd_stats(&a);
	case HVCTL_CMD_FEATURES:
		return cmd_features(&a);
	case HVCTL_CMD_ENABLE:
	case HVCTL_CMD_DISABLE:
		return cmd_switch(&a, a.cmd == HVCTL_CMD_ENABLE);
	case HVCTL_CMD_LOG:
		return cmd_log(&a);
	default:
		fputs(hvctl_usage(HVCTL_CMD_NONE), stderr);
		return HVCTL_EXIT_USAGE;
	}
}
