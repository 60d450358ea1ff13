// SPDX-License-Identifier: GPL-2.0
/* Unit tests: the VMCS field table against the SDM's encoding rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmcs_fields.h"
#include "../../nested/vmcs12.h"

static bool starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/*
 * SDM 24.11.2: bit 0 is the access type (1 = high half of a 64-bit
 * field, never listed), bits 12 and 15 are reserved (0).
 */
static void test_encodings_well_formed(void **state)
{
	unsigned int i;

	(void)state;
	assert_true(vmcs_field_count > 100);
	for (i = 0; i < vmcs_field_count; i++) {
		u32 e = vmcs_field_table[i].encoding;

		assert_int_equal(e & 1, 0);
		assert_int_equal(e & 0x9000, 0);
	}
}

static void test_no_duplicates(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++)
		for (j = i + 1; j < vmcs_field_count; j++) {
			assert_int_not_equal(vmcs_field_table[i].encoding,
					     vmcs_field_table[j].encoding);
			assert_string_not_equal(vmcs_field_table[i].name,
						vmcs_field_table[j].name);
		}
}

/* A field's name says its type; its encoding must agree. */
static void test_type_matches_name(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		const char *n = vmcs_field_table[i].name;
		enum vmcs_type t = vmcs_field_type(vmcs_field_table[i].encoding);

		if (starts(n, "HOST_"))
			assert_int_equal(t, VMCS_TYPE_HOST);
		else if (starts(n, "GUEST_") && strcmp(n, "GUEST_PHYSICAL_ADDRESS") &&
			 strcmp(n, "GUEST_LINEAR_ADDRESS"))
			assert_int_equal(t, VMCS_TYPE_GUEST);
		else if (starts(n, "VM_EXIT_REASON") || starts(n, "EXIT_QUALIFICATION") ||
			 starts(n, "VM_INSTRUCTION_ERROR") || starts(n, "IDT_VECTORING") ||
			 starts(n, "IO_R"))
			assert_int_equal(t, VMCS_TYPE_RO_DATA);
	}
	assert_int_equal(vmcs_field_type(VMCS_GUEST_PHYSICAL_ADDRESS), VMCS_TYPE_RO_DATA);
	assert_int_equal(vmcs_field_type(VMCS_VMCS_LINK_POINTER), VMCS_TYPE_GUEST);
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(vmcs_field_width(VMCS_GUEST_ES_SELECTOR), VMCS_WIDTH_16);
	assert_int_equal(vmcs_field_width(VMCS_MSR_BITMAP), VMCS_WIDTH_64);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_IA32_EFER), VMCS_WIDTH_64);
	assert_int_equal(vmcs_field_width(VMCS_PIN_BASED_VM_EXEC_CONTROL), VMCS_WIDTH_32);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_INTERRUPTIBILITY_INFO), VMCS_WIDTH_32);
	assert_int_equal(vmcs_field_width(VMCS_GUEST_RIP), VMCS_WIDTH_NATURAL);
	assert_int_equal(vmcs_field_width(VMCS_HOST_RIP), VMCS_WIDTH_NATURAL);
}

static void test_lookup(void **state)
{
	(void)state;
	assert_string_equal(vmcs_field_lookup(0x681e)->name, "GUEST_RIP");
	assert_string_equal(vmcs_field_lookup(VMCS_EPT_POINTER)->name, "EPT_POINTER");
	assert_null(vmcs_field_lookup(0x681f)); /* high half / not a field */
	assert_null(vmcs_field_lookup(0x7fff));
}

/*
 * How a field travels between VMCS12 and VMCS02 agrees with its type:
 * guest state copied both ways is guest state, exit information is
 * read-only data, L0's host state is host state, and a control used as L1
 * wrote it is a control. Fields L0 computes or never offers may be of any
 * type.
 */
static void test_vmcs02_how_matches_type(void **state)
{
	unsigned int i, guest = 0, exit_info = 0;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *d = &vmcs_field_table[i];
		enum vmcs_type t = vmcs_field_type(d->encoding);

		switch (d->how) {
		case V02_GUEST:
			guest++;
			assert_int_equal(t, VMCS_TYPE_GUEST);
			break;
		case V02_EXIT_INFO:
			exit_info++;
			assert_int_equal(t, VMCS_TYPE_RO_DATA);
			break;
		case V02_HOST:
			assert_int_equal(t, VMCS_TYPE_HOST);
			break;
		case V02_CTL:
			assert_int_equal(t, VMCS_TYPE_CONTROL);
			break;
		case V02_L0:
			assert_string_equal(d->name, "VM_INSTRUCTION_ERROR");
			break;
		case V02_MERGED:
		case V02_UNUSED:
			break;
		default:
			fail_msg("%s: no vmcs02_how", d->name);
		}
	}
	/* Every exit-information field but the VM-instruction error. */
	assert_int_equal(exit_info, 14);
	assert_true(guest >= 45);
	/* Spot checks of fields whose handling the entry code depends on. */
	assert_int_equal(vmcs_field_lookup(VMCS_GUEST_IA32_EFER)->how,
			 V02_MERGED);
	assert_int_equal(vmcs_field_lookup(VMCS_EPT_POINTER)->how, V02_MERGED);
	assert_int_equal(vmcs_field_lookup(VMCS_GUEST_RIP)->how, V02_GUEST);
	assert_int_equal(vmcs_field_lookup(VMCS_HOST_RIP)->how, V02_HOST);
}

static unsigned int vmcs12_count_type(enum vmcs_type t)
{
	unsigned int i, n = 0;

	for (i = 0; i < vmcs_field_count; i++)
		n += vmcs_field_type(vmcs_field_table[i].encoding) == t;
	return n;
}

/* Each field in the class of its third column, once, in table order. */
static void test_classes(void **state)
{
	unsigned int h, j, total = 0;

	(void)state;
	vmcs12_classes_init();
	for (h = 0; h < V02_NR; h++) {
		const struct vmcs12_class *k = &vmcs12_class[h];

		for (j = 0; j < k->n; j++) {
			assert_int_equal(vmcs_field_table[k->idx[j]].how, h);
			if (j)
				assert_true(k->idx[j] > k->idx[j - 1]);
		}
		total += k->n;
	}
	assert_int_equal(total, vmcs_field_count);
	/* Twice gives the same: no class grows. */
	vmcs12_classes_init();
	assert_int_equal(vmcs12_class[V02_GUEST].n + vmcs12_class[V02_CTL].n +
				 vmcs12_class[V02_MERGED].n +
				 vmcs12_class[V02_HOST].n +
				 vmcs12_class[V02_EXIT_INFO].n +
				 vmcs12_class[V02_L0].n + vmcs12_class[V02_UNUSED].n,
			 vmcs_field_count);
	assert_true(vmcs12_class[V02_GUEST].n > 40);
}

/*
 * What nested entry forgets of VMCS02 once L2 may run: every guest-state
 * field, the controls L0 or the CPU change under it, nothing else.
 */
static void test_v02_volatile(void **state)
{
	unsigned int i, n = 0;

	(void)state;
	vmcs12_classes_init();
	for (i = 0; i < vmcs_field_count; i++) {
		bool guest = vmcs_field_type(vmcs_field_table[i].encoding) ==
			     VMCS_TYPE_GUEST;

		if (vmcs12_mask_test(vmcs12_v02_volatile, i))
			n++;
		if (guest)
			assert_true(vmcs12_mask_test(vmcs12_v02_volatile, i));
	}
	assert_true(vmcs12_mask_test(vmcs12_v02_volatile,
				     VMCS12_I_VM_ENTRY_CONTROLS));
	assert_true(vmcs12_mask_test(vmcs12_v02_volatile,
				     VMCS12_I_VM_ENTRY_INTR_INFO));
	assert_true(vmcs12_mask_test(vmcs12_v02_volatile,
				     VMCS12_I_CPU_BASED_VM_EXEC_CONTROL));
	assert_true(vmcs12_mask_test(vmcs12_v02_volatile,
				     VMCS12_I_EPT_POINTER));
	assert_true(vmcs12_mask_test(vmcs12_v02_volatile,
				     VMCS12_I_VMCS_LINK_POINTER));
	assert_false(vmcs12_mask_test(vmcs12_v02_volatile,
				      VMCS12_I_PIN_BASED_VM_EXEC_CONTROL));
	assert_false(vmcs12_mask_test(vmcs12_v02_volatile,
				      VMCS12_I_IO_BITMAP_A));
	assert_false(vmcs12_mask_test(vmcs12_v02_volatile,
				      VMCS12_I_EXCEPTION_BITMAP));
	assert_false(vmcs12_mask_test(vmcs12_v02_volatile,
				      VMCS12_I_HOST_RIP));
	/* The guest area plus the eight controls, and a second init the same. */
	assert_int_equal(n, 8 + vmcs12_count_type(VMCS_TYPE_GUEST));
	vmcs12_classes_init();
	for (i = n = 0; i < vmcs_field_count; i++)
		n += vmcs12_mask_test(vmcs12_v02_volatile, i);
	assert_int_equal(n, 8 + vmcs12_count_type(VMCS_TYPE_GUEST));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings_well_formed),
		cmocka_unit_test(test_no_duplicates),
		cmocka_unit_test(test_type_matches_name),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_vmcs02_how_matches_type),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_v02_volatile),
	};

	return cmocka_run_group_tests_name("vmcs_fields", tests, NULL, NULL);
}
