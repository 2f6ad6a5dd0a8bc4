// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorban LSM - the form vendorban runs as (see form.h)
 */

#include "common.h"

#include <linux/bug.h>
#include <linux/compiler.h>

#include "form.h"

static const struct vendorban_form *vendorban_the_form;

/**
 * vendorban_form_register() - say which form this build runs as
 * @form: its operations, which must live until the end
 *
 * Called once, before any hook or securityfs file can run: the built-in
 * form at LSM init, the module form at module init.
 */
void vendorban_form_register(const struct vendorban_form *form)
{
	WARN_ON_ONCE(vendorban_the_form);
	WRITE_ONCE(vendorban_the_form, form);
}

/**
 * vendorban_form() - the operations of the form this build runs as
 *
 * Context: any, once registered.
 * Return: what vendorban_form_register() registered.
 */
const struct vendorban_form *vendorban_form(void)
{
	return READ_ONCE(vendorban_the_form);
}

/**
 * vendorban_form_complete() - does the form decide on everything it can?
 *
 * Context: any, once registered.
 * Return: the form's answer; true for a form that is always complete.
 */
bool vendorban_form_complete(void)
{
	const struct vendorban_form *form = vendorban_form();

	return !form->complete || form->complete();
}
