/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code of the conformance suite: one blob, copied to guest-physical
 * VC_GPA_CODE for every scenario (never executed in place). A scenario
 * enters at one of the snippets below (vc_guest_at()); outcomes name a
 * guest RIP relative to that snippet's first byte. Snippets run in 64-bit
 * mode at CPL 0 with the guest's own page tables (identity, 2 MiB pages)
 * and must be position independent. Most end with VMCALL, which gives the
 * CPU back to the test hypervisor.
 *
 * Registers are inputs set by the scenario (struct vc_gprs).
 */
#include <linux/linkage.h>

.macro SNIPPET name
	.globl \name
\name:
.endm

	.section .rodata.vmxconf_guest, "a"
	.code64
SNIPPET vcg_start

/*
 * IDT stubs, 8 bytes per vector: EAX = vector, then VMCALL. The guest IDT
 * points every vector here, so an event delivered through the guest's IDT
 * shows up as a VMCALL exit at idt:VECTOR with the event's frame on the
 * guest stack.
 */
SNIPPET vcg_idt_stubs
	.set vec, 0
	.rept 256
	.byte 0xb8
	.long vec
	vmcall
	.set vec, vec + 1
	.endr
SNIPPET vcg_idt_stubs_end

SNIPPET vcg_vmcall
	vmcall
SNIPPET vcg_cpuid		/* EAX, ECX: leaf, subleaf */
	cpuid
	vmcall
SNIPPET vcg_cpuid_twice
	cpuid
	cpuid
	vmcall
SNIPPET vcg_hlt
	hlt
	vmcall
SNIPPET vcg_sti_hlt
	sti
	hlt
	vmcall
SNIPPET vcg_rdtsc
	rdtsc
	vmcall
SNIPPET vcg_rdtscp
	rdtscp
	vmcall
SNIPPET vcg_cr3_write		/* RBX: new CR3 */
	mov	%rbx, %cr3
	vmcall
SNIPPET vcg_cr3_read
	mov	%cr3, %rcx
	vmcall
SNIPPET vcg_cr0_write		/* RBX: new CR0 */
	mov	%rbx, %cr0
	vmcall
SNIPPET vcg_cr0_read
	mov	%cr0, %rax
	vmcall
SNIPPET vcg_cr4_read
	mov	%cr4, %rax
	vmcall
SNIPPET vcg_cr4_write		/* RBX: new CR4 */
	mov	%rbx, %cr4
	vmcall
SNIPPET vcg_clts
	clts
	vmcall
SNIPPET vcg_lmsw		/* BX: source */
	lmsw	%bx
	vmcall
SNIPPET vcg_cr8_write		/* RDX: new CR8 */
	mov	%rdx, %cr8
	vmcall
SNIPPET vcg_dr0_read
	mov	%dr0, %rbx
	vmcall
SNIPPET vcg_dr7_write		/* RAX: new DR7 */
	mov	%rax, %dr7
	vmcall
SNIPPET vcg_out_imm		/* AL to port 0x80 */
	out	%al, $0x80
	vmcall
SNIPPET vcg_in_dx		/* AX from port DX */
	in	(%dx), %ax
	vmcall
SNIPPET vcg_inb_dx		/* AL from port DX */
	inb	(%dx), %al
	vmcall
SNIPPET vcg_outw_dx		/* AX to port DX */
	out	%ax, (%dx)
	vmcall
SNIPPET vcg_rep_outsb		/* RCX bytes from RSI to port DX */
	rep outsb
	vmcall
SNIPPET vcg_rdmsr		/* ECX: MSR */
	rdmsr
	vmcall
SNIPPET vcg_wrmsr		/* ECX: MSR, EDX:EAX: value */
	wrmsr
	vmcall
SNIPPET vcg_ud2
	ud2
	vmcall
SNIPPET vcg_load_rbx		/* RAX = (RBX) */
	mov	(%rbx), %rax
	vmcall
SNIPPET vcg_store_rbx		/* (RBX) = RCX */
	mov	%rcx, (%rbx)
	vmcall
SNIPPET vcg_load32_rbx		/* EAX = (RBX), 32 bits: an APIC register */
	mov	(%rbx), %eax
	vmcall
SNIPPET vcg_store32_rbx		/* (RBX) = ECX, 32 bits */
	mov	%ecx, (%rbx)
	vmcall
SNIPPET vcg_vmfunc_load		/* VMFUNC (EAX, ECX), then RAX = (RBX) */
	vmfunc
	mov	(%rbx), %rax
	vmcall
SNIPPET vcg_jmp_rbx
	jmp	*%rbx
SNIPPET vcg_invlpg		/* RBX: linear address */
	invlpg	(%rbx)
	vmcall
SNIPPET vcg_pause
	pause
	vmcall
SNIPPET vcg_invd
	invd
	vmcall
SNIPPET vcg_wbinvd
	wbinvd
	vmcall
SNIPPET vcg_xsetbv		/* ECX: XCR, EDX:EAX: value */
	xsetbv
	vmcall
SNIPPET vcg_vmread		/* RBX: field; RAX = value */
	vmread	%rbx, %rax
	vmcall
SNIPPET vcg_vmread_flags	/* RBX: field; RAX = value, RDX = RFLAGS */
	vmread	%rbx, %rax
	pushf
	pop	%rdx
	vmcall
SNIPPET vcg_vmwrite_flags	/* RBX: field, RAX: value; RDX = RFLAGS */
	vmwrite	%rax, %rbx
	pushf
	pop	%rdx
	vmcall
SNIPPET vcg_vmread_mem_flags	/* RBX: field, RSI: destination; RDX = RFLAGS */
	vmread	%rbx, (%rsi)
	pushf
	pop	%rdx
	vmcall
SNIPPET vcg_vmwrite_mem_flags	/* RBX: field, RSI: source; RDX = RFLAGS */
	vmwrite	(%rsi), %rbx
	pushf
	pop	%rdx
	vmcall
SNIPPET vcg_vmxon		/* RBX: pointer to the VMXON pointer */
	vmxon	(%rbx)
	vmcall
SNIPPET vcg_int3
	int3
	vmcall
SNIPPET vcg_int_n
	int	$0x40
	vmcall
SNIPPET vcg_mov_ss_cpuid	/* MOV SS blocks events for one instruction */
	mov	%ss, %ax
	mov	%ax, %ss
	cpuid
	vmcall
/*
 * Self-NMI through the x2APIC ICR (MSR 0x830): EDX = destination (own
 * x2APIC ID), EAX = 0x400 (delivery mode NMI, physical, no shorthand).
 * Then spin R8 times (an NMI taken by the CPU ends the spin with a VM
 * exit) and VMCALL if none came.
 */
SNIPPET vcg_nmi_x2apic
	mov	$0x830, %ecx
	wrmsr
SNIPPET vcg_spin
1:	pause
	dec	%r8
	jnz	1b
	vmcall
/*
 * The same through the xAPIC page at RBX: ICR high (0x310) = EDX
 * (destination << 24), then ICR low (0x300) = EAX (0x400).
 */
SNIPPET vcg_nmi_xapic
	mov	%edx, 0x310(%rbx)
	mov	%eax, 0x300(%rbx)
2:	pause
	dec	%r8
	jnz	2b
	vmcall
/*
 * The same, then IRET to the next instruction (ending blocking by NMI,
 * SDM 6.7.1, unless NMI exiting keeps it, SDM 25.3) before the spin.
 */
SNIPPET vcg_nmi_xapic_iret
	mov	%edx, 0x310(%rbx)
	mov	%eax, 0x300(%rbx)
	mov	%ss, %ecx
	mov	%rsp, %r9
	push	%rcx
	push	%r9
	pushfq
	mov	%cs, %ecx
	push	%rcx
	lea	4f(%rip), %rcx
	push	%rcx
	iretq
4:	pause
	dec	%r8
	jnz	4b
	vmcall
/*
 * Real-address mode (unrestricted guest, CR0.PE = 0), entered with CS = 0
 * (base 0) and IP at the snippet: OUT and CPUID exit, then a far jump to
 * CS = 0x0800 (base VC_GPA_CODE, where the blob starts), HLT exits.
 */
SNIPPET vcg_real_mode
	.code16
	out	%al, $0x80
	cpuid
	ljmp	$0x0800, $(3f - vcg_start)
3:	hlt
	vmcall
	.code64
SNIPPET vcg_end
