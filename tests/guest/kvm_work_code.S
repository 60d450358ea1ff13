/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guests of kvm_work.c: 32-bit protected mode, flat segments, no
 * paging, so every access is translated by EPT alone. Each blob is copied
 * to guest-physical WORK_CODE_GPA and tells its VMM "warm-up done, start
 * the clock" with one OUT to WORK_PORT, then works without exits of its
 * own and ends with HLT.
 */
#include "kvm_work.h"

	.section .rodata.kvm_work, "a"
	.code32

/*
 * CPU-bound: ECX rounds of EAX = EAX * 0x9e3779b1, EDX += EAX; the VMM
 * checks EDX. Registers only: after the code page, nothing to translate.
 */
	.balign 16
	.globl work_cpu_start, work_cpu_end
work_cpu_start:
	out %al, $WORK_PORT
1:	imul $0x9e3779b1, %eax, %eax
	add %eax, %edx
	dec %ecx
	jnz 1b
	hlt
work_cpu_end:

/*
 * Memory-bound: passes over [EBX, EDI) adding 1 to the first dword of
 * each 64-byte line, one pass to warm up (EPT fills, on both sides),
 * then the OUT, then EBP passes. The VMM checks that every line counts
 * EBP + 1.
 */
	.balign 16
	.globl work_mem_start, work_mem_end
work_mem_start:
	mov %ebx, %esi
1:	addl $1, (%esi)
	add $WORK_STRIDE, %esi
	cmp %edi, %esi
	jb 1b
	out %al, $WORK_PORT
2:	mov %ebx, %esi
3:	addl $1, (%esi)
	add $WORK_STRIDE, %esi
	cmp %edi, %esi
	jb 3b
	dec %ebp
	jnz 2b
	hlt
work_mem_end:

	.section .note.GNU-stack, "", @progbits
