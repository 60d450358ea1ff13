/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guests of kvm_guest.c. Each blob (rm_*, pm_*, lm_*) is copied to
 * guest-physical CODE_GPA; absolute addresses inside a blob are written
 * as CODE_GPA + (label - blob start). Guests report through OUT to the
 * ports of kvm_guest.h and end with HLT.
 */
#include "kvm_guest.h"

	.section .rodata.kvm_guest, "a"

/* --- 16-bit real mode ------------------------------------------------- */
	.code16
	.balign 16
	.globl rm_start, rm_hlt, rm_end
rm_start:
	/* 1 + 2 + ... + 100 = 5050 */
	xor %ax, %ax
	mov $100, %cx
1:	add %cx, %ax
	loop 1b
	mov $PORT_VAL, %dx
	out %ax, %dx
	/* 0x1234 * 0x5678 = 0x06260060 in DX:AX */
	mov $0x1234, %ax
	mov $0x5678, %bx
	mul %bx
	mov %dx, %si
	mov $PORT_VAL, %dx
	out %ax, %dx
	mov %si, %ax
	out %ax, %dx
	/* segmented access: RM_SEG:RM_OFF + 1 stored to RM_SEG:RM_OFF+2 */
	mov $RM_SEG, %bx
	mov %bx, %ds
	mov RM_OFF, %ax
	inc %ax
	mov %ax, RM_OFF + 2
	out %ax, %dx
	/* 8- and 32-bit OUT */
	mov $0xa5, %al
	out %al, %dx
	mov $0xdeadbeef, %eax
	out %eax, %dx
	hlt
rm_hlt:
	jmp rm_hlt
rm_end:

/* --- 32-bit protected mode, 4 KiB paging -------------------------------- */
	.code32
	.balign 16
	.globl pm_start, pm_end
pm_start:
	/* each dword at VA v of [PM_VA, PM_VA + PM_SIZE) := v ^ PM_XOR */
	mov $PM_VA, %edi
1:	mov %edi, %eax
	xor $PM_XOR, %eax
	mov %eax, (%edi)
	add $4, %edi
	cmp $(PM_VA + PM_SIZE), %edi
	jb 1b
	/* read back: mismatches in EBX, sum in ESI */
	xor %ebx, %ebx
	xor %esi, %esi
	mov $PM_VA, %edi
2:	mov (%edi), %eax
	add %eax, %esi
	mov %edi, %ecx
	xor $PM_XOR, %ecx
	cmp %ecx, %eax
	je 3f
	inc %ebx
3:	add $4, %edi
	cmp $(PM_VA + PM_SIZE), %edi
	jb 2b
	mov $PORT_VAL, %dx
	mov %ebx, %eax
	out %eax, %dx
	mov %esi, %eax
	out %eax, %dx
	mov %cr0, %eax
	out %eax, %dx
	mov %cr3, %eax
	out %eax, %dx
	hlt
	jmp .
pm_end:

/* --- 64-bit long mode: every long-mode scenario, handlers, stubs -------- */
	.code64
	.balign 16
	.globl lm_start, lm_end, lm_fill, lm_mmio, lm_irq, lm_nmi, lm_cpuid
	.globl lm_msr, lm_msr_gp, lm_smp, lm_irq40, lm_irq41, lm_nmi_handler
	.globl lm_tsc, lm_apic, lm_apic_irq
	.globl lm_exc_stubs
lm_start:

/*
 * RDI = base, RSI = bytes. Fill each qword at GPA a with a * LM_K1, OUT
 * PORT_SYNC, then check a * LM_K2 + LM_K3 (written by userspace): OUT the
 * mismatch count, then the 64-bit sum (low, high).
 */
lm_fill:
	mov %rdi, %rcx
	lea (%rdi, %rsi), %r9
	mov $LM_K1, %r8
1:	mov %rcx, %rax
	imul %r8, %rax
	mov %rax, (%rcx)
	add $8, %rcx
	cmp %r9, %rcx
	jb 1b
	mov $PORT_SYNC, %dx
	mov $1, %eax
	out %eax, %dx
	mov %rdi, %rcx
	xor %r10, %r10
	xor %r11, %r11
	mov $LM_K2, %r8
	mov $LM_K3, %rbx
2:	mov (%rcx), %rax
	add %rax, %r11
	mov %rcx, %rdx
	imul %r8, %rdx
	add %rbx, %rdx
	cmp %rdx, %rax
	je 3f
	inc %r10
3:	add $8, %rcx
	cmp %r9, %rcx
	jb 2b
	mov $PORT_VAL, %dx
	mov %r10d, %eax
	out %eax, %dx
	mov %r11, %rax
	out %eax, %dx
	shr $32, %rax
	out %eax, %dx
	hlt
	jmp .

/* MMIO writes of 4, 1 and 8 bytes, reads of 4, 2 and 8 bytes; OUT what
 * was read.
 */
lm_mmio:
	mov $MMIO_GPA, %ebx
	movl $0x12345678, (%rbx)
	movb $0xab, 0x10(%rbx)
	mov $0x1122334455667788, %rax
	mov %rax, 0x20(%rbx)
	mov 0x8(%rbx), %eax
	mov $PORT_VAL, %dx
	out %eax, %dx
	movzwl 0x30(%rbx), %eax
	out %eax, %dx
	mov 0x40(%rbx), %rax
	out %eax, %dx
	shr $32, %rax
	out %eax, %dx
	hlt
	jmp .

/*
 * Interrupts. A: STI, HLT; userspace injects 0x40 after the HLT exit.
 * B: CLI, then STI a little later; userspace asks for an interrupt window
 * while IF = 0 and injects 0x41 when it opens.
 */
lm_irq:
	lidt idtr(%rip)
	sti
	mov $PORT_EV, %dx
	mov $EV_READY, %eax
	out %eax, %dx
	hlt
	mov $EV_AFTER_HLT, %eax
	out %eax, %dx
	cli
	mov $EV_READY_B, %eax
	out %eax, %dx
	mov $1000, %ecx
1:	dec %ecx
	jnz 1b
	mov $EV_BEFORE_STI, %eax
	out %eax, %dx
	sti
	nop
	nop
	nop
	mov $EV_AFTER_STI, %eax
	out %eax, %dx
	hlt
	jmp .

lm_irq40:
	push %rax
	push %rdx
	mov $PORT_EV, %dx
	mov $(EV_IRQ + 0x40), %eax
	out %eax, %dx
	pop %rdx
	pop %rax
	iretq

lm_irq41:
	push %rax
	push %rdx
	mov $PORT_EV, %dx
	mov $(EV_IRQ + 0x41), %eax
	out %eax, %dx
	pop %rdx
	pop %rax
	iretq

/* NMIs: userspace injects one at EV_READY, one while the handler runs
 * (held until its IRET) and one at EV_AFTER_NMI.
 */
lm_nmi:
	lidt idtr(%rip)
	mov $PORT_EV, %dx
	mov $EV_READY, %eax
	out %eax, %dx
	mov $EV_AFTER_NMI, %eax
	out %eax, %dx
	mov $EV_DONE, %eax
	out %eax, %dx
	mov NMI_COUNT_GPA, %eax
	mov $PORT_VAL, %dx
	out %eax, %dx
	hlt
	jmp .

lm_nmi_handler:
	push %rax
	push %rdx
	incl NMI_COUNT_GPA
	mov $PORT_EV, %dx
	mov $EV_NMI_IN, %eax
	out %eax, %dx
	mov $EV_NMI_OUT, %eax
	out %eax, %dx
	pop %rdx
	pop %rax
	iretq

/*
 * TSC: the TSC cycles a loop of 2,000,000 iterations takes, without an
 * exit in between; OUT the 64-bit count, low then high half.
 */
lm_tsc:
	rdtsc
	shl $32, %rdx
	or %rdx, %rax
	mov %rax, %rsi
	mov $2000000, %ecx
1:	dec %ecx
	jnz 1b
	rdtsc
	shl $32, %rdx
	or %rdx, %rax
	sub %rsi, %rax
	mov %rax, %rsi
	mov $PORT_VAL, %dx
	out %eax, %dx
	shr $32, %rsi
	mov %esi, %eax
	out %eax, %dx
	hlt
	jmp .

/* CPUID leaves 0x40000000, 0x40000002 and 0: OUT EAX, EBX, ECX, EDX. */
lm_cpuid:
	mov $0x40000000, %eax
	xor %ecx, %ecx
	cpuid
	call report4
	mov $0x40000002, %eax
	xor %ecx, %ecx
	cpuid
	call report4
	xor %eax, %eax
	xor %ecx, %ecx
	cpuid
	call report4
	hlt
	jmp .

report4:
	mov %edx, %esi
	mov $PORT_VAL, %dx
	out %eax, %dx
	mov %ebx, %eax
	out %eax, %dx
	mov %ecx, %eax
	out %eax, %dx
	mov %esi, %eax
	out %eax, %dx
	ret

/*
 * MSRs: WRMSR and RDMSR of MSR_DENIED (userspace answers both), then
 * WRMSR and RDMSR of MSR_ALLOWED (KVM alone), then RDMSR of MSR_DENIED
 * again, which userspace fails: #GP at lm_msr_gp.
 */
lm_msr:
	mov $MSR_DENIED, %ecx
	mov $0x12345678, %eax
	mov $0x0badf00d, %edx
	wrmsr
	rdmsr
	mov %edx, %esi
	mov $PORT_VAL, %dx
	out %eax, %dx
	mov %esi, %eax
	out %eax, %dx
	mov $MSR_ALLOWED, %ecx
	mov $0x89abcdef, %eax
	mov $0x00007fff, %edx
	wrmsr
	xor %eax, %eax
	xor %edx, %edx
	rdmsr
	mov %edx, %esi
	mov $PORT_VAL, %dx
	out %eax, %dx
	mov %esi, %eax
	out %eax, %dx
	mov $MSR_DENIED, %ecx
lm_msr_gp:
	rdmsr
	mov $PORT_VAL, %dx
	out %eax, %dx
	hlt
	jmp .

/*
 * Several vCPUs: RDI = id, RSI = own region, R8 = iterations, R9 = shared
 * counter. Count in region[0], LOCK INC the shared counter, store
 * id << 32 | i to region[1 + i % SMP_SLOTS]; OUT id, then region[0].
 */
lm_smp:
	xor %ecx, %ecx
1:	incq (%rsi)
	lock incq (%r9)
	mov %rcx, %rax
	and $(SMP_SLOTS - 1), %eax
	mov %rdi, %rdx
	shl $32, %rdx
	or %rcx, %rdx
	mov %rdx, 8(%rsi, %rax, 8)
	inc %rcx
	cmp %r8, %rcx
	jb 1b
	mov $PORT_VAL, %dx
	mov %edi, %eax
	out %eax, %dx
	mov (%rsi), %rax
	out %eax, %dx
	hlt
	jmp .

/*
 * The in-kernel local APIC through its page at APIC_GPA (under KVM with
 * flexpriority, the APIC-access page): OUT the version register's low
 * byte, software-enable it, OUT the TPR as written, then a self-IPI of
 * APIC_VEC through the ICR with IF = 1. The handler counts it, keeps
 * the ISR word of its vector and sends the EOI; then OUT the count, the
 * ISR word seen in the handler and the ISR word after the EOI, and spin:
 * with the APIC in the kernel, KVM keeps HLT for itself.
 */
lm_apic:
	lidt idtr(%rip)
	mov $APIC_GPA, %ebx
	mov $PORT_VAL, %dx
	mov 0x30(%rbx), %eax
	and $0xff, %eax
	out %eax, %dx
	movl $0x1ff, 0xf0(%rbx)
	movl $0x20, 0x80(%rbx)
	mov 0x80(%rbx), %eax
	out %eax, %dx
	movl $0, 0x80(%rbx)
	sti
	movl $(0x40000 | APIC_VEC), 0x300(%rbx)
	mov $1000, %ecx
1:	cmpl $0, APIC_SEEN_GPA
	jne 2f
	dec %ecx
	jnz 1b
2:	cli
	mov APIC_SEEN_GPA, %eax
	out %eax, %dx
	mov (APIC_SEEN_GPA + 4), %eax
	out %eax, %dx
	mov (0x100 + 0x10 * (APIC_VEC / 32))(%rbx), %eax
	out %eax, %dx
	jmp .

lm_apic_irq:
	push %rax
	incl APIC_SEEN_GPA
	mov (0x100 + 0x10 * (APIC_VEC / 32))(%rbx), %eax
	mov %eax, (APIC_SEEN_GPA + 4)
	movl $0, 0xb0(%rbx)
	pop %rax
	iretq

/* Exceptions 0-31, EXC_STUB_SIZE bytes each: OUT the vector, halt. */
	.balign EXC_STUB_SIZE
lm_exc_stubs:
	vec = 0
	.rept 32
	.balign EXC_STUB_SIZE
	mov $vec, %eax
	jmp exc_common
	vec = vec + 1
	.endr
exc_common:
	mov $PORT_EXC, %dx
	out %eax, %dx
1:	hlt
	jmp 1b

	.balign 8
idtr:
	.word 256 * 16 - 1
	.quad IDT_GPA
lm_end:

	/* no executable stack */
	.section .note.GNU-stack, "", @progbits
