# SPDX-License-Identifier: GPL-2.0-only
#
# vendorban top-level build.  Two commands do everything on a fresh
# Debian 12 machine:
#
#   make demo    build vendorban.ko for Debian's stock 6.12 kernel, the
#                fixtures and VM image, boot that kernel under QEMU and show
#                vendorban enforcing a policy (no kernel to compile)
#   make check   run every test: unit, fuzz, lint, and the in-VM suite
#
# Both first install the Debian packages they need when some are missing
# (scripts/install-deps.sh [--demo] --if-missing: as root; otherwise it
# names them and says to run it with sudo).  `make demo-builtin` shows the
# built-in form instead, on the test kernel it compiles.
#
# Kernel builds are cached by content hash outside the repository, in
# $(VENDORBAN_CACHE) (default /var/cache/vendorban).

KVER		?= 6.1
BUILD		:= build
export VENDORBAN_CACHE ?= /var/cache/vendorban

all: kernel fixtures vm-programs unit tool

deps:
	scripts/install-deps.sh --if-missing

kernel:
	scripts/build-kernel.sh $(KVER)

fixtures: tool
	scripts/make-fixtures.sh $(BUILD)/fixtures
	tests/pkg/make-fixtures.sh $(BUILD)/fixtures/packages

# The in-VM tests use the kselftest harness from the unpacked kernel source.
vm-programs: kernel
	$(MAKE) -C tests/vm

# The guest's audit reader alone (the demo needs no kernel source).
vb-auditd:
	$(MAKE) -C tests/vm -f auditd.mk

tool:
	$(MAKE) -C userspace

install: tool
	$(MAKE) -C userspace install

check-tool: tool fixtures
	tests/tool/run.sh
	tests/tool/audit_test.sh
	tests/tool/names_test.sh
	tests/tool/status_test.sh
	tests/tool/compile_test.sh
	tests/tool/lint_test.sh
	tests/tool/boot_test.sh
	tests/tool/package_test.sh
	tests/tool/entity_test.sh
	tests/tool/ima_cert_test.sh
	tests/tool/pe_allow_test.sh
	tests/tool/ca_allow_test.sh
	tests/tool/brick_test.sh
	tests/tool/signed_tools_test.sh
	tests/tool/service_test.sh
	tests/tool/subuids_test.sh

# The same suite on the built-in form in Linux 6.12 (Debian's
# linux-source-6.12), with the test module built for that kernel.
check-vm-6.12: fixtures vm-programs tool disk vm-only
	scripts/build-kernel.sh 6.12
	tests/vm/module/build.sh $(BUILD)/vm/modules-6.12 6.12
	scripts/build-initramfs.sh --run tests --modules $(BUILD)/vm/modules-6.12 \
		$(VM_ONLY_ADD) -o $(BUILD)/initramfs-tests-6.12.cpio.gz
	scripts/run-vm.sh --kver 6.12 --initrd $(BUILD)/initramfs-tests-6.12.cpio.gz \
		--log $(BUILD)/vm-tests-6.12.log $(VM_TEST_ARGS)
	$(VM_CAPTURE) tests/vm/extract-auditlog.sh $(BUILD)/vm-tests-6.12.log $(BUILD)/vm/auditd-6.12.log
	$(VM_CAPTURE) tests/tool/audit_capture_test.sh $(BUILD)/vm/auditd-6.12.log

check-lint-6.12:
	scripts/build-kernel.sh 6.12
	tests/lint/run.sh 6.12

# The kernel variant with a compiled-in policy, booted with vendorban.lock=1.
check-boot: fixtures vm-programs tool
	tests/boot/run.sh

# Signed policies: the test kernel booted with vendorban.require_signed=1.
check-signed: fixtures vm-programs tool
	tests/signed/run.sh 6.1

check-signed-6.12: fixtures vm-programs tool
	tests/signed/run.sh 6.12

# The debug kernel (KASAN, lockdep, kmemleak, failslab): the whole VM suite,
# then the stress run (tests/vm/stress/vb-stress.c), in one boot, and
# `vendorbanctl audit` on the log auditd wrote in it (check-vm's capture
# test); then the same kernel without vendorban built in, with vendorban.ko
# and its BPF LSM programs: the suite, a shorter stress run, hostile kfunc
# calls, rmmod.
check-debug: fixtures vm-programs tool disk
	tests/debug/run.sh

# The loadable form, against Debian's stock kernel headers (DKMS-style),
# with module BTF: build/module/<release>/kmod/vendorban.ko.
module:
	scripts/build-module.sh $(wildcard /usr/src/linux-headers-6.1.*-amd64)
	scripts/build-module.sh $(wildcard /usr/src/linux-headers-6.12.*-amd64)

check-module: fixtures vm-programs tool disk
	tests/module-form/dkms.sh
	tests/module-form/run.sh 6.1
	tests/module-form/run.sh 6.12
	tests/module-form/run.sh 6.1 attack
	tests/module-form/run.sh 6.12 attack

# Builds independent of the checkout's folder (two clones, the first
# removed, reuse the cached kernels) and the --if-missing dependency check.
check-build:
	tests/build/deps_test.sh
	tests/build/two-checkouts.sh

# The Debian packages vendorban-dkms and vendorbanctl, in build/deb/.
deb:
	scripts/build-deb.sh

# lintian, and what the packages hold (tests/deb/run.sh).
check-deb: deb
	tests/deb/run.sh

# A real Debian 12 server (systemd, auditd, DKMS, initramfs-tools) booted on
# Debian's stock 6.1 and 6.12 kernels with the packages installed; each
# kernel's second boot under OVMF with Secure Boot, through Debian's signed
# shim and GRUB, with vendorban.ko signed by a MOK (DKMS's key).
check-debian: fixtures tool deb
	tests/debian/run.sh

# Debian 13 servers (tests/debian/trixie.sh): the packages built on a
# trixie build host, prebuilt signed module packages from a signed apt
# repository and DKMS signing with a MOK key, booted on trixie's generic
# and cloud kernels, through shim and GRUB with Secure Boot on, and the
# fleet's audit collector as a second guest.  Not in make check: it takes
# longer than CI's time limit leaves (README, Tests).
check-servers: fixtures
	tests/debian/trixie.sh

# Its part in make check: one Debian 13 server (the packages built on the
# trixie build host, DKMS then the prebuilt signed module package, both
# installed with apt), booted twice on the generic kernel, the second time
# with Secure Boot.
check-debian13: fixtures
	tests/debian/trixie.sh check

# The stock Debian 12 image under the allow-list compiled from Debian's
# signed repository (archive key, InRelease, Packages, .debs): its scan,
# then the image with vendorban's packages booted in enforce mode under it.
check-allowlist: tool deb
	tests/debian/allowlist.sh

unit:
	$(MAKE) -C tests/unit

check-unit:
	$(MAKE) -C tests/unit check

check-fuzz:
	$(MAKE) -C tests/fuzz check

check-lint: kernel
	tests/lint/run.sh $(KVER)

# Every tracked shell script shellcheck clean.
check-shell:
	tests/lint/shell.sh

# The guest has two vCPUs (the race tests need real parallelism) and an
# ext4 disk holding the fixtures (scripts/make-disk.sh).
VM_DISK		:= $(BUILD)/vm/disk-ext4.img
VM_TEST_ARGS	:= --disk $(VM_DISK) --smp 2

disk: fixtures
	scripts/make-disk.sh $(VM_DISK)

# VM_ONLY=NAME_test (make check-vm, check-vm-6.12): the guest runs that one
# selftest instead of the whole suite (e.g. VM_ONLY=verdict_test, the
# kernel-vs-tool comparison), and the auditd capture tests are left out.
VM_ONLY		?=
VM_ONLY_ADD	= $(if $(VM_ONLY),--add $(BUILD)/vm/only.sh:tests/run.sh)
VM_CAPTURE	= $(if $(VM_ONLY),@echo "VM_ONLY=$(VM_ONLY): no auditd capture test" ||)

vm-only:
	mkdir -p $(BUILD)/vm
	printf '#!/bin/sh\nexec /tests/bin/%s\n' "$(VM_ONLY)" >$(BUILD)/vm/only.sh
	chmod 0755 $(BUILD)/vm/only.sh

# Then `vendorbanctl audit` on the log Debian's auditd wrote in this very
# guest (its tests need a capture of the kernel just tested, so they run
# here, after the VM, not in check-tool).  Not in make check (CHECK_PARTS):
# check-debug runs the same suite and capture test on the 6.1 debug kernel.
check-vm: kernel fixtures vm-programs tool disk vm-only
	scripts/build-initramfs.sh --run tests $(VM_ONLY_ADD) -o $(BUILD)/initramfs-tests.cpio.gz
	scripts/run-vm.sh --kver $(KVER) --initrd $(BUILD)/initramfs-tests.cpio.gz \
		--log $(BUILD)/vm-tests.log $(VM_TEST_ARGS)
	$(VM_CAPTURE) tests/vm/extract-auditlog.sh $(BUILD)/vm-tests.log $(BUILD)/vm/auditd-$(KVER).log
	$(VM_CAPTURE) tests/tool/audit_capture_test.sh $(BUILD)/vm/auditd-$(KVER).log

# Every part in turn (tests/check.sh), then a table of their wall times,
# CPU seconds, results and assertion counts; a failed part does not stop
# the others.  check-vm is not among them: its suite runs on the 6.1
# debug kernel in check-debug (the same sources, KASAN and lockdep, SMP),
# and its capture test on that guest's log; the uniprocessor 6.1 build
# is booted by check-boot and check-signed, the suite on a uniprocessor
# kernel by check-vm-6.12.  check-debian+check-debian13: the two Debian
# servers at once (tests/check.sh A+B), last but one, when nothing is
# built beside them any more: mostly mmdebstrap, chroot builds and
# guests, each expected to leave one of the two cores idle alone (the
# table's CPU column says).
CHECK_PARTS	:= deps check-unit check-shell check-fuzz check-lint check-tool \
	check-boot check-signed check-module check-lint-6.12 check-vm-6.12 \
	check-signed-6.12 check-debug check-deb check-debian+check-debian13 \
	check-build

# The test kernels are built beside the parts, at nice 19, from the start
# (tests/check.sh --beside): the 6.12 and debug kernels, CPU-bound builds
# of many minutes, then take what the parts before the ones needing them
# leave idle (a guest's second vCPU when it runs one program, its
# waits), where before each part waited for its own build.  6.1 first:
# lint, the first part to need a kernel, waits for it as it would have
# built it, and the debug tree is copied from the source it unpacked.
CHECK_BESIDE	:= 6.1 6.12 6.1:debug

check:
	MAKE="$(MAKE)" tests/check.sh --beside "$(CHECK_BESIDE)" $(CHECK_PARTS)

# The loadable form on Debian's stock 6.12 kernel (tests/demo/run.sh).
demo:
	scripts/install-deps.sh --demo --if-missing
	$(MAKE) fixtures tool vb-auditd
	tests/demo/run.sh

# The built-in form, on the test kernel (compiled from linux-source-6.1).
demo-builtin: deps kernel fixtures vm-programs tool
	scripts/build-initramfs.sh --run demo -o $(BUILD)/initramfs-demo.cpio.gz
	scripts/run-vm.sh --kver $(KVER) --initrd $(BUILD)/initramfs-demo.cpio.gz \
		--log $(BUILD)/vm-demo.log --demo

# Benchmarks, never part of `make check` (a benchmark is not a timed test):
# the exec cost (tests/bench/run.sh) and policy load time and kernel memory
# at 1,000 to 1,000,000 rules (tests/bench/scale.sh), the per-rule
# counters' cost on a cache hit (tests/bench/counters.sh), and vendorban
# beside IMA appraisal against file size (tests/bench/ima.sh, on the 6.1
# bench kernel, the only target that builds it), under -icount; the
# loadable form on Debian's stock 6.1 and 6.12 against the same kernel
# without it (tests/bench/stock.sh, bench-stock-6.1 or -6.12 alone);
# and vendorbanctl scan against reading every byte of the same tree
# (tests/bench/scan.sh, on the host).
# Each writes its results in build/bench/ and the table and plot of all
# of them (tests/bench/report.sh: results.md, results.png).
bench: bench-exec bench-scale bench-counters bench-ima bench-stock bench-scan

bench-exec: deps
	tests/bench/run.sh

bench-scale: deps
	tests/bench/scale.sh

bench-counters: deps
	tests/bench/counters.sh

bench-ima: deps
	tests/bench/ima.sh

bench-stock: deps
	tests/bench/stock.sh

bench-stock-6.1 bench-stock-6.12: deps
	tests/bench/stock.sh $(@:bench-stock-%=%)

bench-scan: deps
	tests/bench/scan.sh

clean:
	rm -rf $(BUILD)

.PHONY: all deps kernel fixtures vm-programs unit tool install module check disk \
	check-unit check-fuzz check-lint check-shell check-tool check-vm vm-only check-boot \
	check-signed check-module check-lint-6.12 check-vm-6.12 \
	check-signed-6.12 check-debug deb check-deb check-debian check-allowlist \
	check-build demo \
	demo-builtin vb-auditd bench bench-exec bench-scale bench-counters bench-ima \
	bench-stock bench-stock-6.1 bench-stock-6.12 bench-scan \
	check-servers check-debian13 clean
