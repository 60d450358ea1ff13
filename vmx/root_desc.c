// SPDX-License-Identifier: GPL-2.0
/*
 * hvnest's own GDT, TSS and IDT for one CPU (SDM 3.4.5, 7.7, 6.14.1). The
 * VM-exit host state points at them (SDM 27.5.2), so an exception or NMI
 * in root mode lands in hvnest's handlers, never in Linux's.
 */
#include "root.h"

#define DESC_CODE64 0x00af9b000000ffffULL /* P, DPL0, code RX accessed, L */
#define DESC_DATA 0x00cf93000000ffffULL /* P, DPL0, data RW accessed, 4G */
#define GATE_INTERRUPT 0x8e /* P, DPL0, 64-bit interrupt gate */
#define IST_DOUBLE_FAULT 1
#define IST_MACHINE_CHECK 1
#define IST_NMI 2

static void hv_set_tss_desc(u64 *gdt, u64 base, u32 limit)
{
	/* SDM 7.2.3: 16-byte TSS descriptor, type 9 (available 64-bit TSS). */
	gdt[0] = (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) |
		 (0x89ULL << 40) | (((u64)limit & 0xf0000ULL) << 32) |
		 ((base & 0xff000000ULL) << 32);
	gdt[1] = base >> 32;
}

static void hv_set_gate(struct hv_idt_gate *g, u64 handler, u8 ist)
{
	g->offset_low = (u16)handler;
	g->selector = HV_GDT_CS;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (u16)(handler >> 16);
	g->offset_high = (u32)(handler >> 32);
	g->reserved = 0;
}

void hv_root_tables_init(struct hv_cpu *c)
{
	unsigned int v;

	c->gdt[0] = 0;
	c->gdt[HV_GDT_CS / 8] = DESC_CODE64;
	c->gdt[HV_GDT_DS / 8] = DESC_DATA;
	hv_set_tss_desc(&c->gdt[HV_GDT_TR / 8], (u64)&c->tss,
			sizeof(c->tss) - 1);

	c->tss.ist[IST_DOUBLE_FAULT - 1] = (u64)c->ist_stack_top - 16;
	/*
	 * NMI on a stack of its own: it never writes below an interrupted
	 * exit tail's RSP, whose registers the tail may pop again
	 * (apic/nmi.c). Root NMIs never nest: the handler neither faults
	 * nor IRETs before its end.
	 */
	c->tss.ist[IST_NMI - 1] =
		(u64)c->ist_stack_top - HV_IST_STACK_SIZE - 16;
	c->tss.iomap_base = sizeof(c->tss); /* no I/O permission bitmap */

	for (v = 0; v < 256; v++) {
		u8 ist = 0;

		if (v >= 32) {
			c->idt[v] = (struct hv_idt_gate){ 0 };
			continue;
		}
		if (v == 8 || v == 18)
			ist = IST_DOUBLE_FAULT; /* #DF, #MC: known-good stack */
		if (v == 2)
			ist = IST_NMI;
		hv_set_gate(&c->idt[v], hv_root_idt_stubs[v], ist);
	}
}
