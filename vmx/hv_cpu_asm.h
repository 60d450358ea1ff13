/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vmx/entry.S and the C side of root mode both need to know of
 * struct hv_cpu and the root stacks: plain numbers, no C, so that the
 * assembler takes this header too. vmx/hand_back.c checks the offsets
 * against offsetof().
 */
#ifndef HVNEST_HV_CPU_ASM_H
#define HVNEST_HV_CPU_ASM_H

#define HV_PAGE_SIZE 4096
/* Root stacks: aligned to their size, struct hv_cpu * in the top 8 bytes. */
#define HV_ROOT_STACK_SIZE (4 * HV_PAGE_SIZE)

/* Offsets in struct hv_cpu. */
#define HV_CPU_SELF 0
#define HV_CPU_NMI_PENDING 8
#define HV_CPU_STATE 16
#define HV_CPU_EXIT_RSP 24
#define HV_CPU_NMI_WINDOW_OPEN 32
#define HV_CPU_LAUNCH_NEXT 40
#define HV_CPU_TAIL_NMI 48
#define HV_CPU_TAIL_NMI_DEST 56

#endif /* HVNEST_HV_CPU_ASM_H */
