/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug-only output from root mode through Bochs' port 0xe9 hack
 * (bochsrc: port_e9_hack: enabled=1; the text goes to Bochs' stdout).
 * Compiled in only with `make module HV_DEBUG_E9=y` (docs/debugging.md);
 * in a normal build every function here is empty.
 */
#ifndef HV_DEBUG_E9_H
#define HV_DEBUG_E9_H

#include "vmcs_access.h"

#ifdef HV_DEBUG_E9
static inline void hv_e9_putc(char ch)
{
	asm volatile("outb %0, $0xe9" : : "a"(ch));
}

static inline void hv_e9_puts(const char *s)
{
	while (*s)
		hv_e9_putc(*s++);
}

static inline void hv_e9_hex(u64 v)
{
	int i;

	for (i = 60; i >= 0; i -= 4)
		hv_e9_putc("0123456789abcdef"[(v >> i) & 0xf]);
	hv_e9_putc(' ');
}
#else
static inline void hv_e9_putc(char ch)
{
}

static inline void hv_e9_puts(const char *s)
{
}

static inline void hv_e9_hex(u64 v)
{
}
#endif

/* One line: TAG, then each of the n VMCS fields' values in hex. */
static inline void hv_e9_fields(const char *tag, const u64 *fields,
				unsigned int n)
{
	unsigned int i;

	hv_e9_puts(tag);
	hv_e9_putc(' ');
	for (i = 0; i < n; i++)
		hv_e9_hex(hv_vmread(fields[i]));
	hv_e9_putc('\n');
}

#endif
