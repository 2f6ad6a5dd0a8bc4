// SPDX-License-Identifier: GPL-2.0-only
/*
 * The programs of the package fixtures: libc-free, they print nothing and
 * exit with 42 (or, built with -DUSE_LIB, with what vbpkg_lib() of a
 * shared library returns: 42), so a test can tell that they ran.  TAG
 * gives each package's copy bytes of its own (and so a SHA-256 of its own).
 */

#ifdef USE_LIB
int vbpkg_lib(void);
#endif

__attribute__((used)) static const char tag[] = TAG;

#ifdef LIB
int vbpkg_lib(void)
{
	return 42;
}
#else
void _start(void)
{
#ifdef USE_LIB
	long code = vbpkg_lib();
#else
	long code = 42;
#endif
	__asm__ volatile("syscall" : : "a"(60), "D"(code) : "memory");
	for (;;)
		;
}
#endif
