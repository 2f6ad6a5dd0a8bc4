// SPDX-License-Identifier: GPL-2.0-only
/*
 * vendorbanctl - vendorban's records in audit logs, read with libauparse
 *
 * libauparse (the library ausearch uses) reads raw auditd logs, rotated
 * logs and logs gathered from several machines (each line then starts
 * with "node=NAME"), groups records into events and splits fields.  Only
 * the record types the kernel alone can emit (KERNEL_OTHER, MAC_POLICY_LOAD,
 * MAC_STATUS; user space may only send the USER_* ranges) that carry
 * lsm=vendorban are returned: a program that writes user records cannot
 * make one of its messages look like a vendorban decision.
 *
 * The kernel logs untrusted strings (policy and rule names, comm, path,
 * dev, signer DNs, a rejection's reason) in double quotes when they are
 * plain, and hex-encoded when they hold a space, a quote or a control or
 * non-ASCII byte.  ausearch -i decodes comm and path but not vendorban's
 * fields; here every one of them is decoded.
 */

#include <auparse.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auditlog.h"

/**
 * struct vb_auditlog - a reader over one or more logs
 * @au: the libauparse state of the log being read
 * @paths: the named logs, read one after the other (NULL: @au reads
 *	auditd.conf's logs or standard input)
 * @npaths: number of @paths
 * @next: index in @paths of the next log to open
 * @in: the open log of @paths
 * @fresh: the record cursor is on the first record of a new event
 * @events: events read so far (of any type)
 * @first_ms: time of the earliest event read
 * @last_ms: time of the latest event read
 * @files: the distinct files events came from, in reading order
 * @nfiles: number of @files
 *
 * Each named log is given to libauparse as a FILE pointer: with a file
 * list (AUSOURCE_FILE_ARRAY) libauparse 3.0.9 holds about as much memory
 * as the logs' size, with a FILE pointer a few megabytes whatever the size.
 */
struct vb_auditlog {
	auparse_state_t *au;
	const char *const *paths;
	size_t npaths, next;
	FILE *in;
	bool fresh;
	unsigned long events;
	int64_t first_ms, last_ms;
	char **files;
	size_t nfiles;
};

/* Fields holding untrusted strings: quoted, or hex when not plain. */
static const char *const untrusted_fields[] = {
	"policy", "label", "comm", "path", "dev", "signer_subject",
	"signer_issuer", "old_name", "new_name",
};

static bool is_untrusted(int type, const char *name)
{
	size_t i;

	/* A rejection's reason is a string; a decision's is a keyword. */
	if (type == VB_AUDIT_POLICY_LOAD && !strcmp(name, "reason"))
		return true;
	for (i = 0; i < sizeof(untrusted_fields) / sizeof(untrusted_fields[0]); i++)
		if (!strcmp(name, untrusted_fields[i]))
			return true;
	return false;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes an even-length hex string; NULL if @s is not one (or has NUL). */
static char *unhex(const char *s)
{
	size_t i, len = strlen(s);
	char *out;
	int hi, lo;

	if (!len || len % 2)
		return NULL;
	out = malloc(len / 2 + 1);
	if (!out)
		return NULL;
	for (i = 0; i < len; i += 2) {
		hi = hexval((unsigned char)s[i]);
		lo = hexval((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			free(out);
			return NULL;
		}
		out[i / 2] = (char)(hi << 4 | lo);
	}
	out[len / 2] = '\0';
	return out;
}

/*
 * Decodes one value: "?" is unknown (NULL), "..." loses its quotes, an
 * untrusted field's hex is decoded; anything else is copied.  Sets
 * *@nomem when a copy could not be made.
 */
static char *decode_value(int type, const char *name, const char *raw,
			  bool *nomem)
{
	size_t len = strlen(raw);
	char *v = NULL;

	if (!strcmp(raw, "?"))
		return NULL;
	if (len >= 2 && raw[0] == '"' && raw[len - 1] == '"')
		v = strndup(raw + 1, len - 2);
	else if (is_untrusted(type, name))
		v = unhex(raw);
	if (!v)
		v = strdup(raw);
	if (!v)
		*nomem = true;
	return v;
}

/* Whether the current record is one of vendorban's. */
static bool is_vendorban(auparse_state_t *au)
{
	int type = auparse_get_type(au);
	const char *lsm;

	if (type != VB_AUDIT_DECISION && type != VB_AUDIT_POLICY_LOAD &&
	    type != VB_AUDIT_STATUS)
		return false;
	lsm = auparse_find_field(au, "lsm");
	return lsm && !strcmp(lsm, "vendorban");
}

static int fill_fields(auparse_state_t *au, struct vb_audit_rec *rec)
{
	const char *name, *raw;
	bool nomem = false;
	char *copy;

	if (auparse_first_field(au) <= 0)
		return 0;
	do {
		name = auparse_get_field_name(au);
		raw = auparse_get_field_str(au);
		if (!name || !raw || !strcmp(name, "node") ||
		    !strcmp(name, "type"))
			continue;
		if (rec->nfields == VB_AUDIT_MAX_FIELDS)
			break;
		copy = strdup(name);
		if (!copy)
			return -ENOMEM;
		rec->fields[rec->nfields].name = copy;
		rec->fields[rec->nfields++].value =
			decode_value(rec->type, name, raw, &nomem);
		if (nomem)
			return -ENOMEM;
	} while (auparse_next_field(au) > 0);
	return 0;
}

static int fill(auparse_state_t *au, struct vb_audit_rec *rec)
{
	const au_event_t *e = auparse_get_timestamp(au);
	int ret;

	memset(rec, 0, sizeof(*rec));
	rec->type = auparse_get_type(au);
	if (e) {
		rec->ms = (int64_t)e->sec * 1000 + e->milli;
		rec->serial = e->serial;
		if (e->host) {
			rec->node = strdup(e->host);
			if (!rec->node)
				return -ENOMEM;
		}
	}
	ret = fill_fields(au, rec);
	if (ret)
		vb_audit_rec_release(rec);
	return ret;
}

/* Counts an event and remembers the file it came from. */
static int note_event(struct vb_auditlog *log)
{
	const au_event_t *e = auparse_get_timestamp(log->au);
	const char *file = auparse_get_filename(log->au);
	int64_t ms = e ? (int64_t)e->sec * 1000 + e->milli : 0;
	char **files;
	size_t i;

	if (!log->events++ || ms < log->first_ms)
		log->first_ms = ms;
	if (log->events == 1 || ms > log->last_ms)
		log->last_ms = ms;
	if (!file)
		return 0;
	for (i = 0; i < log->nfiles; i++)
		if (!strcmp(log->files[i], file))
			return 0;
	files = realloc(log->files, (log->nfiles + 1) * sizeof(*files));
	if (!files)
		return -ENOMEM;
	log->files = files;
	files[log->nfiles] = strdup(file);
	return files[log->nfiles++] ? 0 : -ENOMEM;
}

/* auparse_destroy() closes the FILE it was given, as fclose() would. */
static void release_source(struct vb_auditlog *log)
{
	if (log->au)
		auparse_destroy(log->au);
	else if (log->in)
		fclose(log->in);
	log->au = NULL;
	log->in = NULL;
}

/* Opens the next named log; -ENOENT when there is none left. */
static int open_next(struct vb_auditlog *log)
{
	release_source(log);
	if (!log->paths || log->next == log->npaths)
		return -ENOENT;
	log->in = fopen(log->paths[log->next++], "re");
	if (!log->in)
		return -errno;
	errno = 0;
	log->au = auparse_init(AUSOURCE_FILE_POINTER, log->in);
	return log->au ? 0 : errno ? -errno : -ENOMEM;
}

/**
 * vb_auditlog_open() - start reading audit logs
 * @files: the log files, read in this order; "-" alone is standard input
 * @nfiles: number of @files; 0 reads the logs auditd.conf names (log_file
 *	and its rotated copies), as ausearch does by default
 * @log: set to the reader
 *
 * Return: 0, or a negative errno.
 */
int vb_auditlog_open(const char *const *files, size_t nfiles,
		     struct vb_auditlog **log)
{
	struct vb_auditlog *l = calloc(1, sizeof(*l));
	int ret = 0;

	if (!l)
		return -ENOMEM;
	errno = 0;
	if (!nfiles) {
		l->au = auparse_init(AUSOURCE_LOGS, NULL);
	} else if (nfiles == 1 && !strcmp(files[0], "-")) {
		l->au = auparse_init(AUSOURCE_FILE_POINTER, stdin);
	} else {
		l->paths = files;
		l->npaths = nfiles;
		ret = open_next(l);
	}
	if (!ret && !l->au)
		ret = errno ? -errno : -ENOMEM;
	if (ret) {
		vb_auditlog_close(l);
		return ret;
	}
	*log = l;
	return 0;
}

/* The next event, from the next named log when this one is done. */
static int next_event(struct vb_auditlog *log)
{
	int ret;

	for (;;) {
		ret = auparse_next_event(log->au);
		if (ret)
			return ret < 0 ? -EIO : 1;
		ret = open_next(log);
		if (ret)
			return ret == -ENOENT ? 0 : ret;
	}
}

/**
 * vb_auditlog_next() - the next vendorban record
 * @log: the reader
 * @rec: filled with the record; release it with vb_audit_rec_release()
 *
 * Records come in libauparse's event order (by time within each file).
 *
 * Return: 1 with a record, 0 at the end, or a negative errno.
 */
int vb_auditlog_next(struct vb_auditlog *log, struct vb_audit_rec *rec)
{
	int ret;

	for (;;) {
		if (log->fresh) {
			log->fresh = false;
		} else if (!log->events || auparse_next_record(log->au) <= 0) {
			ret = next_event(log);
			if (ret <= 0)
				return ret;
			ret = note_event(log);
			if (ret)
				return ret;
			log->fresh = true;
			continue;
		}
		if (is_vendorban(log->au)) {
			ret = fill(log->au, rec);
			return ret ? ret : 1;
		}
	}
}

/**
 * vb_auditlog_events() - how much was read
 * @log: the reader
 * @first_ms: set to the earliest event's time (when some were read)
 * @last_ms: set to the latest event's time
 *
 * Return: the number of events read, of every type.
 */
unsigned long vb_auditlog_events(const struct vb_auditlog *log,
				 int64_t *first_ms, int64_t *last_ms)
{
	*first_ms = log->first_ms;
	*last_ms = log->last_ms;
	return log->events;
}

/**
 * vb_auditlog_files() - the files events were read from
 * @log: the reader
 * @names: set to the list (owned by @log)
 *
 * Return: the number of files (0 for standard input).
 */
size_t vb_auditlog_files(const struct vb_auditlog *log,
			 const char *const **names)
{
	*names = (const char *const *)log->files;
	return log->nfiles;
}

/* Closes the logs and frees the reader; NULL is allowed. */
void vb_auditlog_close(struct vb_auditlog *log)
{
	size_t i;

	if (!log)
		return;
	release_source(log);
	for (i = 0; i < log->nfiles; i++)
		free(log->files[i]);
	free(log->files);
	free(log);
}

/* Frees what vb_auditlog_next() allocated in @rec and zeroes it. */
void vb_audit_rec_release(struct vb_audit_rec *rec)
{
	unsigned int i;

	for (i = 0; i < rec->nfields; i++) {
		free(rec->fields[i].name);
		free(rec->fields[i].value);
	}
	free(rec->node);
	memset(rec, 0, sizeof(*rec));
}

/* The decoded value of field @name; NULL when absent or unknown ("?"). */
const char *vb_audit_get(const struct vb_audit_rec *rec, const char *name)
{
	unsigned int i;

	for (i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->fields[i].name, name))
			return rec->fields[i].value;
	return NULL;
}

/* The name auditd gives a vendorban record type. */
const char *vb_audit_type_name(int type)
{
	switch (type) {
	case VB_AUDIT_DECISION:
		return "KERNEL_OTHER";
	case VB_AUDIT_POLICY_LOAD:
		return "MAC_POLICY_LOAD";
	case VB_AUDIT_STATUS:
		return "MAC_STATUS";
	default:
		return "UNKNOWN";
	}
}

/* One value of an RFC 4514 DN, from *@p; copied to @buf when @buf. */
static int dn_value(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n = 0;
	int c;

	while (*s && *s != ',' && *s != '+') {
		c = (unsigned char)*s++;
		if (c == '\\') {
			if (hexval((unsigned char)s[0]) >= 0 &&
			    hexval((unsigned char)s[1]) >= 0) {
				c = hexval((unsigned char)s[0]) << 4 |
				    hexval((unsigned char)s[1]);
				s += 2;
			} else if (*s) {
				c = (unsigned char)*s++;
			} else {
				return -EBADMSG;
			}
		}
		if (buf && n + 1 >= size)
			return -ENOSPC;
		if (buf)
			buf[n++] = (char)c;
	}
	if (buf)
		buf[n] = '\0';
	*p = s;
	return 0;
}

/**
 * vb_dn_attr() - the first value of an attribute in an RFC 4514 DN
 * @dn: the DN as the kernel logs it ("CN=x,O=y,C=z", most specific first)
 * @type: the attribute's short name ("O", "CN"), compared without case
 * @buf: output, the unescaped value
 * @size: size of @buf
 *
 * Return: 0; -ENOENT when @dn has no such attribute; -EBADMSG when @dn is
 * not a DN; -ENOSPC when @buf is too small.
 */
int vb_dn_attr(const char *dn, const char *type, char *buf, size_t size)
{
	const char *p = dn, *t;
	bool want;
	int ret;

	while (*p) {
		t = p;
		p = strchr(p, '=');
		if (!p)
			return -EBADMSG;
		want = (size_t)(p - t) == strlen(type) &&
		       !strncasecmp(t, type, p - t);
		p++;
		ret = dn_value(&p, want ? buf : NULL, size);
		if (ret || want)
			return ret;
		if (*p)
			p++;
	}
	return -ENOENT;
}

/* The O, else the CN, of @dn into @buf; false if it has neither. */
static bool dn_vendor(const char *dn, char *buf, size_t size)
{
	return dn && (!vb_dn_attr(dn, "O", buf, size) ||
		      !vb_dn_attr(dn, "CN", buf, size));
}

/**
 * vb_audit_vendor() - who signed the file of a decision record
 * @rec: the record
 * @buf: output: the signer subject's O, else its CN; when the signature
 *	does not embed the signer's certificate (kernel modules), the
 *	issuer's O or CN followed by " (issuer)"; else "(unsigned)",
 *	"(malformed signature)", "(not read: REASON)" or "(unknown signer)"
 * @size: size of @buf (VB_AUDIT_VENDOR_MAX holds any of them)
 */
void vb_audit_vendor(const struct vb_audit_rec *rec, char *buf, size_t size)
{
	const char *sig = vb_audit_get(rec, "signature");
	const char *reason = vb_audit_get(rec, "reason");
	char name[VB_AUDIT_VENDOR_MAX - 16];

	if (dn_vendor(vb_audit_get(rec, "signer_subject"), buf, size))
		return;
	if (dn_vendor(vb_audit_get(rec, "signer_issuer"), name, sizeof(name)))
		snprintf(buf, size, "%s (issuer)", name);
	else if (sig && !strcmp(sig, "none"))
		snprintf(buf, size, "(unsigned)");
	else if (sig && !strcmp(sig, "malformed"))
		snprintf(buf, size, "(malformed signature)");
	else if (reason)
		snprintf(buf, size, "(not read: %s)", reason);
	else
		snprintf(buf, size, "(unknown signer)");
}
