// SPDX-License-Identifier: GPL-2.0
/* Root mode's access to L1-physical memory (nested/l1_access.h, l1_mem.h). */
#include "l1_access.h"
#include "l1_mem.h"

struct hv_l1_ram hv_l1_ram;
const struct hv_guard *hv_guard;

/* The direct-map address of [gpa, gpa+len) if all of it is RAM, or NULL. */
static u8 *hv_l1_ram_ptr(u64 gpa, u32 len)
{
	u32 i;

	if (gpa + len < gpa || hv_guard_hit(READ_ONCE(hv_guard), gpa, len))
		return NULL;
	for (i = 0; i < READ_ONCE(hv_l1_ram.nr); i++)
		if (gpa >= hv_l1_ram.range[i].start &&
		    gpa + len <= hv_l1_ram.range[i].end)
			return (u8 *)(hv_l1_ram.direct_map + gpa);
	return NULL;
}

/*
 * String instructions, not loops: the compiler could turn a loop into a
 * call of Linux's memcpy or memset (root mode may not call Linux;
 * scripts/check-root-link.sh), and a byte loop with a barrier in it made
 * the 4 KiB MSR-bitmap merge of every nested entry cost about 25000
 * cycles on Bochs. Quadwords when both ends allow it.
 */
static void hv_copy(void *d, const void *s, u32 len)
{
	unsigned long n = len;

	if (!(((unsigned long)d | (unsigned long)s | n) & 7)) {
		n /= 8;
		__asm__ __volatile__("rep movsq"
				     : "+D"(d), "+S"(s), "+c"(n)
				     :
				     : "memory");
	} else {
		__asm__ __volatile__("rep movsb"
				     : "+D"(d), "+S"(s), "+c"(n)
				     :
				     : "memory");
	}
}

static void hv_fill_ones(void *d, u32 len)
{
	unsigned long n = len;

	__asm__ __volatile__("rep stosb"
			     : "+D"(d), "+c"(n)
			     : "a"(0xff)
			     : "memory");
}

bool hv_l1_phys_read(u64 gpa, void *buf, u32 len)
{
	const u8 *p = hv_l1_ram_ptr(gpa, len);

	if (p) {
		hv_copy(buf, p, len);
		return true;
	}
	hv_fill_ones(buf, len);
	return false;
}

bool hv_l1_phys_write(u64 gpa, const void *buf, u32 len)
{
	u8 *p = hv_l1_ram_ptr(gpa, len);

	if (!p)
		return false;
	hv_copy(p, buf, len);
	return true;
}

bool hv_l1_phys_or64(u64 gpa, u64 bits)
{
	u64 *p = (u64 *)hv_l1_ram_ptr(gpa, 8);

	if (!p || (gpa & 7))
		return false;
	/* Atomic against L1's other CPUs, as the CPU's own A/D updates are. */
	__asm__ __volatile__("lock orq %1, %0" : "+m"(*p) : "r"(bits));
	return true;
}
