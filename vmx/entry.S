/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX root entry and exit paths of hvnest.
 *
 * Root stacks are HV_ROOT_STACK_SIZE bytes, aligned to their size, with
 * the struct hv_cpu pointer in their top 8 bytes: root code finds its CPU
 * from RSP alone and never depends on GS (whose base belongs to Linux).
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#include "hv_cpu_asm.h"

#define VMCS_GUEST_RSP 0x681c
#define VMCS_GUEST_RIP 0x681e

/* struct hv_cpu * of this root stack into \reg. */
.macro HV_CPU_FROM_RSP reg
	mov	%rsp, \reg
	or	$(HV_ROOT_STACK_SIZE - 1), \reg
	mov	-7(\reg), \reg
.endm

/* Push / pop struct hv_gprs (rax first in memory). */
.macro PUSH_GPRS
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rdi
	push	%rsi
	push	%rbp
	push	$0		/* rsp_unused */
	push	%rbx
	push	%rdx
	push	%rcx
	push	%rax
.endm

.macro POP_GPRS
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rbx
	add	$8, %rsp
	pop	%rbp
	pop	%rsi
	pop	%rdi
	pop	%r8
	pop	%r9
	pop	%r10
	pop	%r11
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
.endm

	.text
/*
 * int hv_asm_launch(void): VMLAUNCH with VMCS01 current, its guest RIP and
 * RSP being the return path below. Returns 0 in VMX non-root (Linux now
 * runs as L1), 1 when VMLAUNCH failed (VMfail, nothing launched), or what
 * root mode put in RAX when it handed the CPU back after a failed entry.
 */
SYM_FUNC_START(hv_asm_launch)
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	$VMCS_GUEST_RSP, %rax
	vmwrite	%rsp, %rax
	lea	.Llaunched(%rip), %rdx
	mov	$VMCS_GUEST_RIP, %rax
	vmwrite	%rdx, %rax
	xor	%eax, %eax
	vmlaunch
	mov	$1, %eax
.Llaunched:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_FUNC_END(hv_asm_launch)

/*
 * int hv_wrmsr_safe(u32 msr, u64 value): WRMSR that may fault. 0 when
 * written; -1 when it raised #GP, which hv_root_exception() turns into a
 * skip of the instruction with R8 = -1 instead of a logged root fault.
 */
SYM_FUNC_START(hv_wrmsr_safe)
	mov	%edi, %ecx
	mov	%esi, %eax
	mov	%rsi, %rdx
	shr	$32, %rdx
	xor	%r8d, %r8d
SYM_INNER_LABEL(hv_wrmsr_safe_insn, SYM_L_GLOBAL)
	wrmsr
	mov	%r8d, %eax
	RET
SYM_FUNC_END(hv_wrmsr_safe)

/*
 * int hv_rdmsr_safe(u32 msr, u64 *value): RDMSR that may fault, the same
 * way: 0 and *value when read; -1 when it raised #GP.
 */
SYM_FUNC_START(hv_rdmsr_safe)
	mov	%edi, %ecx
	xor	%r8d, %r8d
SYM_INNER_LABEL(hv_rdmsr_safe_insn, SYM_L_GLOBAL)
	rdmsr
	shl	$32, %rdx
	mov	%eax, %eax
	or	%rdx, %rax
	mov	%rax, (%rsi)
	mov	%r8d, %eax
	RET
SYM_FUNC_END(hv_rdmsr_safe)

/*
 * VM exit: HOST_RSP is the top of this CPU's root stack minus 16 (the
 * hv_cpu pointer sits above it). Save the guest's GPRs, handle the exit,
 * then run the exit tail.
 */
SYM_CODE_START(hv_vmexit_entry)
	UNWIND_HINT_EMPTY
	PUSH_GPRS
	HV_CPU_FROM_RSP %rdi
	mov	%rsp, %rsi
	mov	%rsp, HV_CPU_EXIT_RSP(%rdi)
	/* An exit: the current VMCS was launched. */
	movq	$0, HV_CPU_LAUNCH_NEXT(%rdi)
	call	hv_handle_exit
	/*
	 * The exit tail, [hv_exit_tail, hv_exit_tail_end), entered with RSP
	 * at the exit frame. An NMI taken here may come after the look at
	 * nmi_pending: the root NMI handler starts the tail over (apic/nmi.c).
	 * So everything up to the VM entry must be safe to redo: it reads
	 * hv_cpu, pops the frame (leaving it intact) and writes only
	 * exit_rsp (and, test only, tail_nmi and the APIC's ICR).
	 */
SYM_INNER_LABEL(hv_exit_tail, SYM_L_GLOBAL)
	HV_CPU_FROM_RSP %rdi
	cmpq	$0, HV_CPU_NMI_PENDING(%rdi)
	je	.Lno_nmi
	cmpq	$0, HV_CPU_NMI_WINDOW_OPEN(%rdi)
	je	.Lopen_window
.Lno_nmi:
	cmpq	$0, HV_CPU_TAIL_NMI(%rdi)
	jne	.Ltail_nmi
.Lno_tail_nmi:
	movq	$0, HV_CPU_EXIT_RSP(%rdi)
	cmpq	$0, HV_CPU_LAUNCH_NEXT(%rdi)
	jne	.Llaunch
	POP_GPRS
	vmresume
	jmp	.Lentry_failed
.Llaunch:
	/*
	 * A VMCS02 not launched on this CPU yet (nested/nested_entry.c). The
	 * next exit clears launch_next; a failed VMLAUNCH leaves it to C.
	 */
	POP_GPRS
	vmlaunch
	jmp	.Lentry_failed
.Ltail_nmi:
	/*
	 * Test only (module parameter test_tail_nmi): an NMI to this CPU,
	 * which arrives here in the tail, past the look at nmi_pending. The
	 * xAPIC's ICR destination is L1's: put back once the NMI is sent
	 * (unless the NMI comes first; the tail runs this at the entry L1's
	 * VMLAUNCH/VMRESUME asked for, so L1 is not between ICR writes).
	 */
	mov	HV_CPU_TAIL_NMI(%rdi), %rax
	movq	$0, HV_CPU_TAIL_NMI(%rdi)
	mov	HV_CPU_TAIL_NMI_DEST(%rdi), %rdx
	cmp	$1, %rax
	je	1f
	mov	0x310(%rax), %ecx		/* APIC_ICR2 */
	mov	%edx, 0x310(%rax)
	movl	$0x402, 0x300(%rax)		/* APIC_ICR: NMI, physical */
	mov	%ecx, 0x310(%rax)
	jmp	.Lno_tail_nmi
1:	mov	$0x830, %ecx			/* x2APIC ICR */
	mov	$0x402, %eax
	wrmsr
	jmp	.Lno_tail_nmi
SYM_INNER_LABEL(hv_exit_tail_end, SYM_L_GLOBAL)
.Lentry_failed:
	/*
	 * VMRESUME/VMLAUNCH failed: keep the guest's registers, let C decide.
	 * It returns only when L1 takes the failure (a VMCS02 the CPU
	 * refused), and the exit tail then resumes L1.
	 */
	PUSH_GPRS
	HV_CPU_FROM_RSP %rdi
	mov	%rsp, %rsi
	mov	%rsp, HV_CPU_EXIT_RSP(%rdi)
	call	hv_vmresume_failed
	jmp	hv_exit_tail
.Lopen_window:
	call	hv_nmi_open_window
	jmp	hv_exit_tail
SYM_CODE_END(hv_vmexit_entry)

/*
 * Recovery after an exception in root mode during an exit (vmx/root_idt.c):
 * drop the handler's frame and resume the guest through the exit tail.
 * RDI = struct hv_cpu *.
 */
SYM_CODE_START(hv_exit_recover)
	UNWIND_HINT_EMPTY
	mov	HV_CPU_EXIT_RSP(%rdi), %rsp
	jmp	hv_exit_tail
SYM_CODE_END(hv_exit_recover)

/*
 * void hv_asm_hand_back(struct hv_hand_back_regs *r): the last step of
 * handing a CPU back to Linux, after vmx/hand_back.c did all that C can:
 * Linux's GDT (its writable alias first, as LTR marks the TSS busy), TR,
 * GDT, IDT and data selectors, then the guest's GPRs, and IRETQ into
 * Linux. Offsets: struct hv_hand_back_regs, checked in hand_back.c.
 */
SYM_CODE_START(hv_asm_hand_back)
	UNWIND_HINT_EMPTY
	lgdt	0(%rdi)
	ltr	32(%rdi)
	lgdt	16(%rdi)
	lidt	48(%rdi)
	mov	34(%rdi), %ds
	mov	36(%rdi), %es
	movzwl	38(%rdi), %eax
	push	%rax			/* SS */
	push	64(%rdi)		/* RSP */
	push	72(%rdi)		/* RFLAGS */
	movzwl	40(%rdi), %eax
	push	%rax			/* CS */
	push	80(%rdi)		/* RIP */
	mov	88(%rdi), %rax
	mov	96(%rdi), %rcx
	mov	104(%rdi), %rdx
	mov	112(%rdi), %rbx
	mov	128(%rdi), %rbp
	mov	136(%rdi), %rsi
	mov	152(%rdi), %r8
	mov	160(%rdi), %r9
	mov	168(%rdi), %r10
	mov	176(%rdi), %r11
	mov	184(%rdi), %r12
	mov	192(%rdi), %r13
	mov	200(%rdi), %r14
	mov	208(%rdi), %r15
	mov	144(%rdi), %rdi
	iretq
SYM_CODE_END(hv_asm_hand_back)

/*
 * Root IDT (vmx/root_idt.c). Vectors 0-31 push an error code if the CPU
 * did not, then the vector, and share hv_root_exception_common. NMI has a
 * handler of its own, on its own stack, that never faults, touches no
 * VMCS field and, in the exit tail, sends the tail back to its start.
 */
.macro HV_EXC_STUB vec
SYM_CODE_START_LOCAL(hv_exc_stub_\vec)
	UNWIND_HINT_EMPTY
	.if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	push	$0
	.endif
	push	$\vec
	jmp	hv_root_exception_common
SYM_CODE_END(hv_exc_stub_\vec)
.endm

.irp vec, 0,1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	HV_EXC_STUB \vec
.endr

SYM_CODE_START_LOCAL(hv_root_exception_common)
	UNWIND_HINT_EMPTY
	PUSH_GPRS
	HV_CPU_FROM_RSP %rdi
	mov	%rsp, %rsi
	call	hv_root_exception	/* returns only to resume the faulting code */
	POP_GPRS
	add	$16, %rsp		/* vector, error code */
	iretq
SYM_CODE_END(hv_root_exception_common)

SYM_CODE_START_LOCAL(hv_root_nmi)
	UNWIND_HINT_EMPTY
	PUSH_GPRS
	HV_CPU_FROM_RSP %rdi
	mov	%rsp, %rsi
	call	hv_root_nmi_handler
	POP_GPRS
	iretq
SYM_CODE_END(hv_root_nmi)

/* Gate addresses by vector, for vmx/root_idt.c; 0 = no gate. */
	.section .rodata
	.align 8
SYM_DATA_START(hv_root_idt_stubs)
	.quad hv_exc_stub_0, hv_exc_stub_1, hv_root_nmi, hv_exc_stub_3
	.quad hv_exc_stub_4, hv_exc_stub_5, hv_exc_stub_6, hv_exc_stub_7
	.quad hv_exc_stub_8, hv_exc_stub_9, hv_exc_stub_10, hv_exc_stub_11
	.quad hv_exc_stub_12, hv_exc_stub_13, hv_exc_stub_14, hv_exc_stub_15
	.quad hv_exc_stub_16, hv_exc_stub_17, hv_exc_stub_18, hv_exc_stub_19
	.quad hv_exc_stub_20, hv_exc_stub_21, hv_exc_stub_22, hv_exc_stub_23
	.quad hv_exc_stub_24, hv_exc_stub_25, hv_exc_stub_26, hv_exc_stub_27
	.quad hv_exc_stub_28, hv_exc_stub_29, hv_exc_stub_30, hv_exc_stub_31
SYM_DATA_END(hv_root_idt_stubs)
