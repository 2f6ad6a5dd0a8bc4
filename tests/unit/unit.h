/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vendorban - a minimal unit-test harness for the shared library
 *
 * Each test program defines test functions with UNIT_TEST(name) and lists
 * them in UNIT_MAIN(...).  Every CHECK that fails prints file:line and the
 * expression; a test passes when none of its CHECKs failed.  The program
 * prints "ok N name" / "not ok N name" per test and exits non-zero if any
 * test failed.  tests/unit/run-all.sh adds the totals of all programs.
 */

#ifndef VENDORBAN_UNIT_H
#define VENDORBAN_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_checks;

#define CHECK(expr)							\
	do {								\
		if (!(expr)) {						\
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #expr);		\
			unit_failed_checks++;				\
		}							\
	} while (0)

#define CHECK_EQ_INT(a, b)						\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b) {						\
			fprintf(stderr, "  %s:%d: %s == %lld, expected %s == %lld\n", \
				__FILE__, __LINE__, #a, _a, #b, _b);	\
			unit_failed_checks++;				\
		}							\
	} while (0)

#define CHECK_EQ_STR(a, b)						\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (!_a || !_b || strcmp(_a, _b)) {			\
			fprintf(stderr, "  %s:%d: %s is \"%s\", expected \"%s\"\n", \
				__FILE__, __LINE__, #a, _a ? _a : "(null)", \
				_b ? _b : "(null)");			\
			unit_failed_checks++;				\
		}							\
	} while (0)

#define UNIT_TEST(name) static void name(void)

struct unit_case {
	const char *name;
	void (*fn)(void);
};

#define UNIT_CASE(fn) { #fn, fn }

#define UNIT_MAIN(...)							\
	int main(void)							\
	{								\
		static const struct unit_case cases[] = { __VA_ARGS__ };	\
		unsigned int i, failed = 0;				\
		printf("1..%zu\n", sizeof(cases) / sizeof(cases[0]));	\
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) { \
			int before = unit_failed_checks;		\
			cases[i].fn();					\
			if (unit_failed_checks != before) {		\
				failed++;				\
				printf("not ok %u %s\n", i + 1, cases[i].name); \
			} else {					\
				printf("ok %u %s\n", i + 1, cases[i].name); \
			}						\
		}							\
		return failed ? 1 : 0;					\
	}

#endif /* VENDORBAN_UNIT_H */
