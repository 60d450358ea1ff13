// SPDX-License-Identifier: GPL-2.0
/* The VMCS field table as data (see vmcs_fields.h). Pure. */
#include "vmcs_fields.h"

const struct vmcs_field_desc vmcs_field_table[] = {
#define VMCS_DESC(name, enc, how) { #name, (enc), (how) },
	VMCS_FIELDS(VMCS_DESC)
#undef VMCS_DESC
};

const unsigned int vmcs_field_count = HV_ARRAY_SIZE(vmcs_field_table);

const struct vmcs_field_desc *vmcs_field_lookup(u32 encoding)
{
	unsigned int i;

	for (i = 0; i < vmcs_field_count; i++)
		if (vmcs_field_table[i].encoding == encoding)
			return &vmcs_field_table[i];
	return NULL;
}
