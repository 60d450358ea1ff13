/* SPDX-License-Identifier: GPL-2.0 */
/* State the Linux side of hvnest keeps while loaded. */
#ifndef HVNEST_MODULE_H
#define HVNEST_MODULE_H

#include <linux/types.h>

#include "../vmx/hv_cpu.h"
#include "../vmx/vmx_caps.h"

struct hvnest_host {
	u32 vmcs_revision; /* IA32_VMX_BASIC[30:0], same on every CPU */
	u64 vmx_features; /* HVNEST_VMXF_* usable on every CPU */
	u64 loaded_ns; /* ktime_get_boottime_ns() at load */
	struct vmx_cap_msrs caps; /* of the first CPU; all are checked equal */
	struct vmx_cpu_env env;
};

extern struct hvnest_host hvnest_host;
extern int hvnest_inject_launch_failure; /* test only: CPU to fail, -1 */
extern unsigned int hvnest_test_tail_nmi; /* test only: vmx/entry.S */

/* Linux-side view of one CPU. */
struct hvnest_pcpu {
	struct hv_cpu *hv; /* root-owned; NULL if not possible */
	u64 since_ns; /* boottime of the last launch or hand-back */
	u64 launch_ns; /* how long the last launch took */
	struct hvnest_stats base; /* counters at the last RESET_STATS */
};

/* module/hvnest_checks.c: refuse early, before VMX is touched. */
int hvnest_check_cpus(struct hvnest_host *host);

/* module/launch.c */
int hvnest_launch_all(void);
int hvnest_test_init_self(void); /* test only, exported */
int hvnest_sleep_hand_back(void);
bool hvnest_sleep_relaunch(void);
bool hvnest_hand_back_all_if_safe(void);

/* module/sleep.c: system sleep and reboot. */
void hvnest_sleep_register(void);
void hvnest_sleep_unregister(void);

/* module/guard_setup.c: hvnest's own memory, kept from L2 (hv_guard.h). */
int hvnest_guard_build(struct hvnest_pcpu *pcpus, const void *pgd);
void hvnest_guard_free(void);
void hvnest_hand_back_all(void);
void hvnest_free_all(void);
struct hvnest_pcpu *hvnest_pcpu(unsigned int cpu);
u32 hvnest_nr_virtualized(void);
u64 hvnest_get_features(void);
int hvnest_set_feature(u64 feature, bool enable);

/* module/ept01_setup.c */
struct hv_cpu;
int hvnest_pool_alloc(struct hv_page_pool *pool, unsigned int nr);
int hvnest_pool_alloc_contig(struct hv_page_pool *pool, unsigned int nr);
void hvnest_pool_free(struct hv_page_pool *pool);
int hvnest_ept01_alloc(struct hv_cpu *c);
void hvnest_ept01_free(struct hv_cpu *c);
void hvnest_ept01_report(const struct hv_cpu *c, unsigned int cpu);
struct hv_guard;
int hvnest_ept01_fit_holes(struct hvnest_pcpu *pcpus, const struct hv_guard *g,
			   u64 ones_pa);

/* module/nested_setup.c */
void hvnest_nested_init(void);
int hvnest_nested_alloc(struct hv_cpu *c);
void hvnest_nested_free(struct hv_cpu *c);
u64 hvnest_nested_features(void);
u64 hvnest_nested_features_default(void);

/* module/launch_state.c */
void hvnest_capture_state(struct hv_cpu *c, int cpu);

/* module/stats.c */
int hvnest_read_stats(unsigned int cpu, struct hvnest_stats *out);
int hvnest_reset_stats(u32 cpu);
void hvnest_log_start(void);
void hvnest_log_stop(void);
void hvnest_log_drain(void);
int hvnest_read_log(struct hvnest_log *l);

/* ioctl/hvnest_dev.c: /dev/hvnest. */
int hvnest_dev_register(void);
void hvnest_dev_unregister(void);

#endif /* HVNEST_MODULE_H */
