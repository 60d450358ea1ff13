// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions taken in root mode: always an hvnest bug. Each is counted and
 * logged (vector, RIP, error code). During an exit the guest is resumed
 * as if the exit had been handled (the faulting handler's work is lost);
 * elsewhere (launch, hand-back) the CPU stops in a HLT loop: logged, never
 * a silent triple fault.
 */
#include "root.h"

void hv_root_exception(struct hv_cpu *c, struct hv_exc_frame *f)
{
	/* RDMSR/WRMSR done for L1 faulted: report it to the caller. */
	if (f->vector == VEC_GP_FAULT &&
	    (f->rip == (u64)hv_wrmsr_safe_insn ||
	     f->rip == (u64)hv_rdmsr_safe_insn)) {
		f->regs.r8 = (u64)-1;
		f->rip += 2; /* WRMSR is 0F 30, RDMSR 0F 32 */
		return;
	}
	c->rep.stats.root_exceptions++;
	hv_log_now(c, HV_LOG_ROOT_EXCEPTION, f->vector, f->rip, f->error_code);
	if (c->exit_rsp) {
		f->rip = (u64)hv_exit_recover;
		f->regs.rdi = (u64)c;
		return;
	}
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
