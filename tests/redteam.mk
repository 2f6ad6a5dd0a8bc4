# SPDX-License-Identifier: GPL-2.0-only
#
# The outside red teams' attacks (tests/redteamN/FINDINGS.md), included by
# tests/redteamN/Makefile with RT := redteamN: each *_test.c there is built
# as tests/vm/*_test.c are (same flags, same kselftest harness, the suite's
# helpers tests/vm/*.h) into build/redteamN/bin, not the suite's
# build/vm/bin (make check-vm and check-module run every program there).
# Run one on the loadable form with
#   make fixtures vm-programs tool disk && make -C tests/redteamN &&
#   VENDORBAN_ONLY_DIR=build/redteamN/bin tests/module-form/run.sh 6.1 only NAME_test
# (build/vm/include, the harness headers, comes from make vm-programs).

ROOT	:= ../..
OUT	:= $(ROOT)/build/$(RT)/bin
INC	:= $(ROOT)/build/vm/include
VM	:= $(ROOT)/tests/vm

CC	?= cc
CFLAGS	:= -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Wextra -Werror \
	   -Wno-unused-parameter -I$(INC) -I$(VM)
TESTS	:= $(patsubst %.c,$(OUT)/%,$(wildcard *_test.c))

all: $(TESTS)

$(OUT)/%_test: %_test.c $(wildcard $(VM)/*.h) $(wildcard *.h)
	@test -f $(INC)/kselftest_harness.h || { echo "run make vm-programs first" >&2; exit 1; }
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -o $@ $< -lpthread

clean:
	rm -f $(TESTS)

.PHONY: all clean
