/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by hvnest_sipitest_main.c and hvnest_sipitest_asm.S: the layout
 * of the SIPI stub's data block and of struct sipi_ctx.
 */
#ifndef HVNEST_SIPITEST_H
#define HVNEST_SIPITEST_H

/* What the stub writes at each step (STUB_REAL, STUB_PROT, STUB_LONG). */
#define SIPI_MAGIC_REAL 0x4c414552 /* "REAL" */
#define SIPI_MAGIC_PROT 0x544f5250 /* "PROT" */
#define SIPI_MAGIC_LONG 0x474e4f4c /* "LONG" */

/* The stub's data block, at these offsets from its first byte. */
#define STUB_DATA 0x400
#define STUB_REAL (STUB_DATA + 0x00) /* u32 */
#define STUB_PROT (STUB_DATA + 0x04) /* u32 */
#define STUB_LONG (STUB_DATA + 0x08) /* u32 */
#define STUB_BASE (STUB_DATA + 0x0c) /* u32: the stub's physical address */
#define STUB_FAR32 (STUB_DATA + 0x10) /* u32 offset (+ base), u16 selector */
#define STUB_FAR64 (STUB_DATA + 0x18) /* u32 offset (+ base), u16 selector */
#define STUB_GDT_DESC (STUB_DATA + 0x22) /* u16 limit, u32 base (+ base) */
#define STUB_PML4 (STUB_DATA + 0x28) /* u32 */
#define STUB_CTX (STUB_DATA + 0x30) /* u64: struct sipi_ctx * */
#define STUB_RESUME (STUB_DATA + 0x38) /* u64: sipitest_resume */
#define STUB_GDT (STUB_DATA + 0x40) /* null, code32, data, code64 */
#define STUB_SIZE (STUB_DATA + 0x60)

/* struct sipi_ctx, at these offsets. */
#define CTX_RBX 0
#define CTX_RBP 8
#define CTX_R12 16
#define CTX_R13 24
#define CTX_R14 32
#define CTX_R15 40
#define CTX_RSP 48
#define CTX_RFLAGS 56
#define CTX_CR0 64
#define CTX_CR3 72
#define CTX_CR4 80
#define CTX_EFER 88
#define CTX_FS_BASE 96
#define CTX_GS_BASE 104
#define CTX_KERNEL_GS_BASE 112
#define CTX_SYSENTER_CS 120
#define CTX_SYSENTER_ESP 128
#define CTX_SYSENTER_EIP 136
#define CTX_DEBUGCTL 144
#define CTX_DR7 152
#define CTX_TSS_DESC 160 /* the TSS descriptor in the writable GDT */
#define CTX_GDT 168 /* u16 limit, u64 base (struct desc_ptr) */
#define CTX_IDT 184
#define CTX_TR 200 /* u16 selectors from here */
#define CTX_LDT 202
#define CTX_DS 204
#define CTX_ES 206
#define CTX_SS 208
#define CTX_CS 210
#define CTX_GDT_RW 216 /* the GDT's writable alias */
#define CTX_SIZE 232

#ifndef __ASSEMBLY__
#include <linux/types.h>
#include <asm/desc_defs.h>

struct sipi_ctx {
	u64 rbx, rbp, r12, r13, r14, r15, rsp, rflags;
	u64 cr0, cr3, cr4, efer, fs_base, gs_base, kernel_gs_base;
	u64 sysenter_cs, sysenter_esp, sysenter_eip, debugctl, dr7;
	u64 tss_desc;
	struct desc_ptr gdt;
	u8 pad0[16 - sizeof(struct desc_ptr)];
	struct desc_ptr idt;
	u8 pad1[16 - sizeof(struct desc_ptr)];
	u16 tr, ldt, ds, es, ss, cs;
	u32 pad2;
	struct desc_ptr gdt_rw;
	u8 pad3[16 - sizeof(struct desc_ptr)];
};

extern const u8 sipitest_stub[];
int sipitest_park(struct sipi_ctx *ctx, bool vmx); /* 0: round trip done */
void sipitest_resume(void);
#endif

#endif /* HVNEST_SIPITEST_H */
