// SPDX-License-Identifier: GPL-2.0
/*
 * Test module (issue 15, item 5): hvnest's root-only pages are safe from
 * L1. Given their host-physical ranges (hvnest's test-only parameter
 * root_only), it reads and writes every page through Linux's direct map,
 * on the CPU it is loaded on: reads must see all ones, writes must land
 * nowhere. A write lands in a trash page until the next VM exit; CPUID
 * makes one before the pages are read again. Prints one line of counts
 * and PASS or FAIL at load; unload it to run it again.
 *
 *   taskset -c 0 insmod hvnest_hidetest.ko range=0x1000,0x3000,...
 *   rmmod hvnest_hidetest
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <asm/processor.h>

/*
 * An array, not one string: a string parameter holds 1024 characters,
 * and two CPUs' root-only ranges already take more.
 */
#define MAX_RANGES 1024
static unsigned long range[2 * MAX_RANGES];
static unsigned int nr_range;
module_param_array(range, ulong, &nr_range, 0400);
MODULE_PARM_DESC(range, "host-physical ranges: START,END pairs, comma-separated");

#define MAX_PAGES 8192
static const unsigned int probe_off[] = { 0, 8, 2048, 4088 };

/* Every probed u64 of the page at @pa reads all ones. */
static bool page_reads_ones(u64 pa)
{
	const u64 *p = phys_to_virt(pa);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probe_off); i++)
		if (READ_ONCE(p[probe_off[i] / 8]) != ~0ULL)
			return false;
	return true;
}

/* An exit: a write's trash page is the page of ones again after it. */
static void make_exit(void)
{
	unsigned int a = 0, b, c = 0, d;

	cpuid_count(0, 0, &a, &b, &c, &d);
}

/* Calls @fn on each page of the ranges; the number of pages. */
static unsigned int walk_ranges(void (*fn)(u64 pa, void *arg), void *arg)
{
	unsigned int i, n = 0;
	u64 pa;

	for (i = 0; i + 1 < nr_range; i += 2)
		for (pa = range[i] & PAGE_MASK; pa < range[i + 1] && n < MAX_PAGES;
		     pa += PAGE_SIZE, n++)
			fn(pa, arg);
	return n;
}

struct hidetest_counts {
	unsigned int ones, ones_after_write, ones_after_memset;
};

static void count_ones(u64 pa, void *arg)
{
	unsigned int *n = arg;

	*n += page_reads_ones(pa);
}

static void write_page(u64 pa, void *arg)
{
	u64 *p = phys_to_virt(pa);

	WRITE_ONCE(p[1], 0x5a5a5a5a5a5a5a5aULL); /* a MOV */
	make_exit();
}

static void memset_page(u64 pa, void *arg)
{
	memset(phys_to_virt(pa), 0xa5, 256); /* REP STOS or MOVs */
	make_exit();
}

static int __init hidetest_init(void)
{
	struct hidetest_counts n = {};
	unsigned int pages;

	if (!nr_range || nr_range % 2) {
		pr_err("range= wants START,END pairs; got %u numbers\n", nr_range);
		return -EINVAL;
	}
	pages = walk_ranges(count_ones, &n.ones);
	walk_ranges(write_page, NULL);
	walk_ranges(count_ones, &n.ones_after_write);
	walk_ranges(memset_page, NULL);
	walk_ranges(count_ones, &n.ones_after_memset);
	pr_info("pages=%u read_ones=%u ones_after_write=%u ones_after_memset=%u\n",
		pages, n.ones, n.ones_after_write, n.ones_after_memset);
	if (pages && n.ones == pages && n.ones_after_write == pages &&
	    n.ones_after_memset == pages)
		pr_info("PASS\n");
	else
		pr_info("FAIL\n");
	return 0;
}

static void __exit hidetest_exit(void)
{
}

module_init(hidetest_init);
module_exit(hidetest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvnest test: L1 reads and writes hvnest's root-only pages");
