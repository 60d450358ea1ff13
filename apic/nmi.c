// SPDX-License-Identifier: GPL-2.0
/*
 * NMIs while Linux runs as L1. VMCS01 has NMI exiting and virtual NMIs
 * (SDM 24.6.1): every NMI reaches L0, by an NMI exit or, when it arrives
 * in root mode, through the root IDT. Each one is owed to L1 and counted
 * in nmi_pending; NMI-window exiting (SDM 25.3) delivers them one at a
 * time when L1 can take an NMI, so none is lost, doubled or delivered
 * while L1 blocks NMIs, and L0 never leaves L1 NMI-blocked. While L2 is
 * the guest, VMCS12's NMI controls decide (nested/nested_exit.c): L2's
 * NMI exit to L1, an NMI for L2 through VMCS02's window, or held.
 *
 * nmi_pending changes only with single instructions (an NMI can interrupt
 * any root code). An NMI that lands in the exit tail, possibly after its
 * look at nmi_pending, sends the tail back to its start (vmx/entry.S), so
 * that it is routed like any other: for L2, by VMCS12's NMI controls,
 * which may make it L2's NMI exit at once even while L2 blocks virtual
 * NMIs (SDM 24.6.1). Opening an NMI window in the current VMCS instead
 * would hold it until L2's IRET.
 */
#include "../vmx/root.h"
#include "../nested/nested.h"

struct hv_nmi_frame {
	struct hv_gprs regs;
	u64 rip, cs, rflags, rsp, ss;
};

void hv_nmi_set_window(struct hv_cpu *c, bool on)
{
	u64 proc = hv_vmread(VMCS_CPU_BASED_VM_EXEC_CONTROL);

	proc = on ? proc | PROC_NMI_WINDOW : proc & ~PROC_NMI_WINDOW;
	hv_vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc);
	c->nmi_window_open = on;
}

/*
 * Root IDT vector 2, on a stack of its own (vmx/root_desc.c). The exit
 * tail pops the guest's registers from the exit frame below HOST_RSP and
 * changes nothing else that it does not redo; popping leaves the frame
 * intact, and this handler's stack is elsewhere. So the tail can start
 * over at any of its instructions, with RSP at the frame.
 */
void hv_root_nmi_handler(struct hv_cpu *c, struct hv_exc_frame *frame)
{
	struct hv_nmi_frame *f = (struct hv_nmi_frame *)frame;

	hv_inc(&c->nmi_pending);
	hv_inc(&c->rep.stats.nmi_root);
	if (c->state == HV_STATE_RUNNING && f->rip >= (u64)hv_exit_tail &&
	    f->rip < (u64)hv_exit_tail_end) {
		f->rip = (u64)hv_exit_tail;
		f->rsp = hv_host_rsp(c) - sizeof(struct hv_gprs);
		hv_inc(&c->rep.stats.nmi_tail_restarts);
	}
}

/*
 * From the exit tail: NMIs are owed and no window is open. While L2 is the
 * guest, VMCS12's NMI controls say where they go (nested/nested_exit.c).
 */
void hv_nmi_open_window(struct hv_cpu *c)
{
	if (c->l2.active)
		hv_nested_nmi_owed(c);
	else
		hv_nmi_set_window(c, true);
}

/*
 * After an NMI exit the CPU blocks NMIs until an IRET (SDM 27.5.5 with
 * 24.6.1); IRET to ourselves so the next NMI is not held back.
 */
void hv_nmi_unblock(void)
{
	__asm__ __volatile__("mov %%rsp, %%rax\n\t"
			     "pushq $0x10\n\t" /* SS: HV_GDT_DS */
			     "pushq %%rax\n\t"
			     "pushfq\n\t"
			     "pushq $0x08\n\t" /* CS: HV_GDT_CS */
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "iretq\n"
			     "1:"
			     :
			     :
			     : "rax", "memory", "cc");
}

/* Exit reason 0 with an NMI: it belongs to L1. */
void hv_nmi_exit(struct hv_cpu *c)
{
	hv_inc(&c->nmi_pending);
	hv_inc(&c->rep.stats.nmi_exits);
	hv_nmi_unblock();
}

/* L1 can take an NMI now (SDM 25.3): deliver one of those owed. */
void hv_nmi_window_exit(struct hv_cpu *c)
{
	if (c->nmi_pending) {
		hv_vmwrite(VMCS_VM_ENTRY_INTR_INFO,
			   VEC_NMI | INTR_TYPE_NMI | INTR_INFO_VALID);
		hv_dec(&c->nmi_pending);
		hv_inc(&c->rep.stats.nmi_injected);
	}
	/* More owed: keep the window for the next one (after L1's IRET). */
	if (!c->nmi_pending)
		hv_nmi_set_window(c, false);
}
