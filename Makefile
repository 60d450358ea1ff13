# SPDX-License-Identifier: GPL-2.0
# hvnest top-level Makefile.
#
#   make                 build hvnest.ko (against KDIR) and userspace/hvctl
#   make HVNEST_NAME=hvnest_l1   the same sources as hvnest_l1.ko, a second
#                        instance with /dev/hvnest_l1 (hvnest under hvnest)
#   make demo            emulated Intel PC: boot, load hvnest, hvctl status
#   make test            every test: unit, build checks, QEMU TCG, Bochs
#   make unit            cmocka unit tests only
#   make clean
#
# KDIR defaults to the running kernel's build directory. The emulated
# machine builds against Debian's headers instead (tests/vm/run does that).

KDIR ?= /lib/modules/$(shell uname -r)/build
HVNEST_VERSION ?= $(shell git -C $(CURDIR) describe --always --dirty 2>/dev/null || echo unknown)
# HVNEST_NAME=hvnest_l1: a second instance, NAME.ko with /dev/NAME (Kbuild).
HVNEST_NAME ?= hvnest

.PHONY: all module hvctl rootcheck unit test demo clean test-kmods

all: module hvctl

module:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "hvnest: no kernel build directory at $(KDIR)" >&2; \
		echo "  install the headers of the running kernel (Debian: apt-get install linux-headers-$$(uname -r))" >&2; \
		echo "  or pass KDIR=/path/to/kernel/build" >&2; \
		exit 1; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) HVNEST_VERSION=$(HVNEST_VERSION) \
		HVNEST_NAME=$(HVNEST_NAME) modules
	$(MAKE) rootcheck

# Test-only modules loaded in the emulated machine (tests/kmod/, and the
# VMX conformance suite's test hypervisor in tests/conformance/). After
# "module": hvnest_sipitest.ko calls hvnest.ko's hvnest_test_init_self().
test-kmods:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/kmod \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/Module.symvers modules
	$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/conformance modules

rootcheck:
	@sh scripts/check-root-link.sh $(CURDIR)

hvctl:
	$(MAKE) -C userspace HVNEST_VERSION=$(HVNEST_VERSION)

unit:
	$(MAKE) -C tests/unit run

test:
	tests/run-all

demo:
	tests/demo

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/kmod clean 2>/dev/null
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/tests/conformance clean 2>/dev/null
	find . -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' \
		| grep -v '^./.git/' | xargs rm -f
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
