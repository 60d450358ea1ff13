/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM entry and exit of the test hypervisor (SDM 26, 27).
 *
 * u64 vc_asm_run(struct vc_gprs *g, u64 how): load the guest's GPRs
 * from *g and VMLAUNCH (how == 0), VMRESUME (1), or MOV to SS (reloading
 * the host's SS) immediately followed by VMLAUNCH (2), with CF set before
 * it. Returns
 *   0                        after a VM exit (or a VM entry that failed
 *                            its guest-state or MSR-loading checks, which
 *                            also loads the host state; SDM 26.8), with
 *                            the guest's GPRs saved in *g;
 *   VC_FAILED | (RFLAGS & (OF|SF|ZF|AF|PF|CF))
 *                            when the instruction fell through (VMfail);
 *   VC_TRAP | vector         when it raised an exception.
 * HOST_RSP and HOST_RIP are written here, so each exit lands on this
 * call's stack frame: g at (%rsp), the host's SS selector at 8(%rsp).
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>

#define VC_HOST_RSP	0x6c14
#define VC_HOST_RIP	0x6c16
#define VC_FAILED	0x1000
#define VC_TRAP		0x10000

	.text
SYM_FUNC_START(vc_asm_run)
	push	%rbp
	mov	%rsp, %rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	xor	%eax, %eax
	mov	%ss, %ax
	push	%rax			/* SS for .Lmov_ss_launch */
	push	%rdi			/* g: found at (%rsp) after an exit */
	mov	$VC_HOST_RSP, %rax
	vmwrite	%rsp, %rax
	lea	vc_asm_exit(%rip), %rdx
	mov	$VC_HOST_RIP, %rax
	vmwrite	%rdx, %rax
	cmp	$1, %rsi		/* MOVs below keep the flags */
	mov	0(%rdi), %rax
	mov	8(%rdi), %rcx
	mov	16(%rdi), %rdx
	mov	24(%rdi), %rbx
	mov	40(%rdi), %rbp
	mov	48(%rdi), %rsi
	mov	64(%rdi), %r8
	mov	72(%rdi), %r9
	mov	80(%rdi), %r10
	mov	88(%rdi), %r11
	mov	96(%rdi), %r12
	mov	104(%rdi), %r13
	mov	112(%rdi), %r14
	mov	120(%rdi), %r15
	mov	56(%rdi), %rdi
	je	.Lresume
	ja	.Lmov_ss_launch
.Llaunch:
	vmlaunch
	jmp	.Lfail
.Lresume:
	vmresume
	jmp	.Lfail
.Lmov_ss_launch:			/* SDM 30.3 VMLAUNCH: VMfailValid(26) */
	stc
	mov	8(%rsp), %ss
.Llaunch_mov_ss:
	vmlaunch
.Lfail:
	pushf
	pop	%rax
	and	$0x8d5, %eax
	or	$VC_FAILED, %eax
	jmp	.Lout
.Ltrap:					/* RAX = vector (EX_TYPE_FAULT) */
	or	$VC_TRAP, %eax
.Lout:
	pop	%rdi
	add	$8, %rsp		/* the SS slot */
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET

	_ASM_EXTABLE_FAULT(.Llaunch, .Ltrap)
	_ASM_EXTABLE_FAULT(.Lresume, .Ltrap)
	_ASM_EXTABLE_FAULT(.Llaunch_mov_ss, .Ltrap)

/* VM exit: RSP = HOST_RSP, pointing at g. RFLAGS = 2, interrupts off. */
SYM_INNER_LABEL(vc_asm_exit, SYM_L_GLOBAL)
	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rax, 0(%rdi)
	mov	%rcx, 8(%rdi)
	mov	%rdx, 16(%rdi)
	mov	%rbx, 24(%rdi)
	mov	%rbp, 40(%rdi)
	mov	%rsi, 48(%rdi)
	mov	%r8, 64(%rdi)
	mov	%r9, 72(%rdi)
	mov	%r10, 80(%rdi)
	mov	%r11, 88(%rdi)
	mov	%r12, 96(%rdi)
	mov	%r13, 104(%rdi)
	mov	%r14, 112(%rdi)
	mov	%r15, 120(%rdi)
	pop	56(%rdi)
	xor	%eax, %eax
	jmp	.Lout
SYM_FUNC_END(vc_asm_run)
