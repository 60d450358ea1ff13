/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by kvm_work.c (the VMM) and kvm_work_code.S (its guests).
 */
#ifndef KVM_WORK_H
#define KVM_WORK_H

#define WORK_PORT 0x80 /* the guest's one OUT: warm-up done */
#define WORK_CODE_GPA 0x1000
#define WORK_DATA_GPA 0x100000 /* 1 MiB: the walk's start */
#define WORK_DATA_SIZE (64UL << 20) /* the walk: 64 MiB */
#define WORK_STRIDE 64 /* one dword per cache line */

#ifndef __ASSEMBLER__
extern const unsigned char work_cpu_start[], work_cpu_end[];
extern const unsigned char work_mem_start[], work_mem_end[];
#endif

#endif
