# SPDX-License-Identifier: GPL-2.0
# hvctl without the module: a clear error and exit status 1, never a crash.
. /hvnest/tests/lib.sh

expect_rc hvctl_nomodule_status 1 hvctl status
expect_out hvctl_nomodule_message "hvnest is not loaded .*insmod"
expect_rc hvctl_nomodule_version 1 hvctl version
expect_out hvctl_nomodule_version_own "^hvctl +.*ABI 1\."
expect_rc hvctl_usage_no_command 2 hvctl
expect_rc hvctl_usage_unknown 2 hvctl frobnicate
expect_out hvctl_usage_unknown_message "unknown command 'frobnicate'"
expect_rc hvctl_help 0 hvctl --help
expect_out hvctl_help_lists_status "status"
expect_rc hvctl_status_help 0 hvctl status --help
expect_out hvctl_status_help_text "usage: hvctl status"
