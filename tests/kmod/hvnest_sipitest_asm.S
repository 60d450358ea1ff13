/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvnest_sipitest (hvnest_sipitest_main.c): the code a CPU runs from the
 * SIPI that restarts it, and the way back into the Linux context it had
 * before the INIT.
 *
 * sipitest_stub is copied to a page below 1 MiB (SIPI vector = its page
 * number) and patched there through its data block (hvnest_sipitest.h).
 * It starts in real mode as the SIPI leaves a CPU (CS = page << 8, IP 0;
 * the rest as INIT left it, SDM Table 9-1), marks each mode it reaches and
 * climbs to 64-bit mode the way Linux's own trampoline does (SDM 9.8.5):
 * protected mode with a flat GDT, CR4.PAE, EFER.LME and NXE, paging on a
 * 4-level table that maps its page 1:1 and the kernel half as Linux does,
 * a far jump into a 64-bit code segment. Then it jumps to sipitest_resume
 * in the module, with RDI = the struct sipi_ctx.
 *
 * sipitest_resume puts back what INIT reset (control registers, GDT, TR,
 * IDT, segments and their bases, the MSRs and DR7 INIT clears) and IRETQs
 * to sipitest_resumed with the stack and flags sipitest_park had, so
 * sipitest_park returns 0 as if the INIT had never come.
 */
#include <linux/errno.h>
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/unwind_hints.h>

#include "hvnest_sipitest.h"

#define TSS_BUSY 0x2 /* type bit 1 of a TSS descriptor, in byte 5 */

	/* A section of its own: the stub starts at offset 0 (.org below). */
	.section .rodata.sipitest_stub, "a"
	.balign 16
SYM_DATA_START(sipitest_stub)
	.code16
	cli
	mov	%cs, %ax
	mov	%ax, %ds
	movl	$SIPI_MAGIC_REAL, STUB_REAL
	movl	STUB_BASE, %ebx
	lgdtl	STUB_GDT_DESC
	mov	%cr0, %eax
	or	$X86_CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	*STUB_FAR32

	.code32
.Lpm32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	movl	$SIPI_MAGIC_PROT, STUB_PROT(%ebx)
	mov	%cr4, %eax
	or	$X86_CR4_PAE, %eax
	mov	%eax, %cr4
	mov	STUB_PML4(%ebx), %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_NX), %eax
	wrmsr
	mov	%cr0, %eax
	or	$X86_CR0_PG, %eax
	mov	%eax, %cr0
	ljmpl	*STUB_FAR64(%ebx)

	.code64
.Llm64:
	mov	%ebx, %ebx		/* bits 63:32 are undefined so far */
	movl	$SIPI_MAGIC_LONG, STUB_LONG(%rbx)
	mov	STUB_CTX(%rbx), %rdi
	jmp	*STUB_RESUME(%rbx)

	.org	STUB_DATA
	.long	0, 0, 0		/* STUB_REAL, STUB_PROT, STUB_LONG */
	.long	0		/* STUB_BASE: filled in */
	.org	STUB_FAR32
	.long	.Lpm32 - sipitest_stub	/* + base */
	.word	0x08
	.org	STUB_FAR64
	.long	.Llm64 - sipitest_stub	/* + base */
	.word	0x18
	.org	STUB_GDT_DESC
	.word	31
	.long	STUB_GDT	/* + base */
	.org	STUB_PML4
	.long	0		/* filled in */
	.org	STUB_CTX
	.quad	0		/* filled in */
	.quad	0		/* STUB_RESUME: filled in */
	.org	STUB_GDT
	.quad	0				/* null */
	.quad	0x00cf9a000000ffff		/* 0x08: code, 32-bit, flat */
	.quad	0x00cf92000000ffff		/* 0x10: data, flat */
	.quad	0x00af9a000000ffff		/* 0x18: code, 64-bit */
	.org	STUB_SIZE
SYM_DATA_END(sipitest_stub)

	.text
/*
 * int sipitest_park(struct sipi_ctx *ctx, bool vmx): keep the callee-saved
 * registers, the stack and the flags in *ctx (the C caller filled in the
 * rest), then take the INIT. Returns 0 from sipitest_resumed after the
 * SIPI round trip. Without one: hvnest_test_init_self()'s error. With vmx
 * (the CPU is in VMX operation of its own), that error must be -EBUSY,
 * the INIT held; then VMXOFF, where the held INIT acts. If it does not:
 * 1, VMX off.
 */
SYM_FUNC_START(sipitest_park)
	mov	%rbx, CTX_RBX(%rdi)
	mov	%rbp, CTX_RBP(%rdi)
	mov	%r12, CTX_R12(%rdi)
	mov	%r13, CTX_R13(%rdi)
	mov	%r14, CTX_R14(%rdi)
	mov	%r15, CTX_R15(%rdi)
	mov	%rsp, CTX_RSP(%rdi)
	pushfq
	popq	CTX_RFLAGS(%rdi)
	push	%rsi
	call	hvnest_test_init_self
	pop	%rsi
	test	%sil, %sil
	jz	1f
	cmp	$-EBUSY, %eax
	jne	1f
	vmxoff
	mov	$1, %eax
1:	RET
SYM_FUNC_END(sipitest_park)

/* Where sipitest_resume lands: RSP as at sipitest_park's entry. */
SYM_CODE_START(sipitest_resumed)
	UNWIND_HINT_FUNC
	xor	%eax, %eax
	RET
SYM_CODE_END(sipitest_resumed)

/* From the stub, on its page table, with RDI = the struct sipi_ctx. */
SYM_CODE_START(sipitest_resume)
	UNWIND_HINT_EMPTY
	/* Linux's page tables: CR4.PCIDE only with CR3[11:0] = 0. */
	mov	CTX_CR4(%rdi), %rax
	and	$~X86_CR4_PCIDE, %rax
	mov	%rax, %cr4
	mov	CTX_CR3(%rdi), %rax
	and	$~0xfff, %rax
	mov	%rax, %cr3
	mov	CTX_CR4(%rdi), %rax
	mov	%rax, %cr4
	mov	CTX_CR3(%rdi), %rax
	mov	%rax, %cr3
	mov	CTX_CR0(%rdi), %rax
	mov	%rax, %cr0
	/* The stack sipitest_park left; below it is free. */
	mov	CTX_RSP(%rdi), %rsp
	/*
	 * Descriptor tables: LTR marks the TSS busy in the GDT it reads, so
	 * through the writable alias, as Linux does, then its usual one.
	 */
	lgdt	CTX_GDT_RW(%rdi)
	mov	CTX_TSS_DESC(%rdi), %rax
	andb	$~TSS_BUSY, 5(%rax)
	ltr	CTX_TR(%rdi)
	lgdt	CTX_GDT(%rdi)
	lidt	CTX_IDT(%rdi)
	lldt	CTX_LDT(%rdi)
	mov	CTX_DS(%rdi), %ds
	mov	CTX_ES(%rdi), %es
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	/* MSRs: the segment bases and what INIT cleared. */
.macro RESTORE_MSR msr, off
	mov	$\msr, %ecx
	mov	\off(%rdi), %eax
	mov	\off+4(%rdi), %edx
	wrmsr
.endm
	RESTORE_MSR MSR_EFER, CTX_EFER
	RESTORE_MSR MSR_FS_BASE, CTX_FS_BASE
	RESTORE_MSR MSR_GS_BASE, CTX_GS_BASE
	RESTORE_MSR MSR_KERNEL_GS_BASE, CTX_KERNEL_GS_BASE
	RESTORE_MSR MSR_IA32_SYSENTER_CS, CTX_SYSENTER_CS
	RESTORE_MSR MSR_IA32_SYSENTER_ESP, CTX_SYSENTER_ESP
	RESTORE_MSR MSR_IA32_SYSENTER_EIP, CTX_SYSENTER_EIP
	RESTORE_MSR MSR_IA32_DEBUGCTLMSR, CTX_DEBUGCTL
	mov	CTX_DR7(%rdi), %rax
	mov	%rax, %dr7
	mov	CTX_RBX(%rdi), %rbx
	mov	CTX_RBP(%rdi), %rbp
	mov	CTX_R12(%rdi), %r12
	mov	CTX_R13(%rdi), %r13
	mov	CTX_R14(%rdi), %r14
	mov	CTX_R15(%rdi), %r15
	/* IRETQ to sipitest_resumed: SS, RSP, RFLAGS, CS, RIP. */
	movzwl	CTX_SS(%rdi), %eax
	push	%rax
	push	CTX_RSP(%rdi)
	push	CTX_RFLAGS(%rdi)
	movzwl	CTX_CS(%rdi), %eax
	push	%rax
	lea	sipitest_resumed(%rip), %rax
	push	%rax
	iretq
SYM_CODE_END(sipitest_resume)
