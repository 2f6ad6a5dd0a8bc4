# SPDX-License-Identifier: GPL-2.0-only
#
# Build rule for the in-VM audit daemon, build/vm/bin/vb-auditd.
# Included by tests/vm/Makefile (`include auditd.mk`); also usable alone:
#   make -C tests/vm -f auditd.mk
# OUT is the VM program directory; VB_AUDITD names the binary for `all`.

AUDITD_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
OUT ?= $(AUDITD_DIR)/../../build/vm/bin
VB_AUDITD := $(OUT)/vb-auditd
VB_AUDITD_CFLAGS := -std=c11 -static -O2 -Wall -Wextra -Werror

$(VB_AUDITD): $(AUDITD_DIR)/vb-auditd.c $(AUDITD_DIR)/auditd.mk
	@mkdir -p $(@D)
	$(CC) $(VB_AUDITD_CFLAGS) -o $@ $<
