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
#include <sys/stat.h>

#include "auditlog.h"

/* The fields of the event's SYSCALL record a vendorban record gets. */
static const char *const ctx_names[] = {
	"auid", "uid", "ses", "exe", "syscall", "success", "exit", "ppid",
	"tty",
};
#define NR_CTX	(sizeof(ctx_names) / sizeof(ctx_names[0]))

/* A file events were read from: its name and identity. */
struct seen_file {
	char *name;
	dev_t dev;
	ino_t ino;
	bool has_id;
};

/**
 * struct vb_auditlog - a reader over one or more logs
 * @au: the libauparse state of the log being read
 * @paths: the named logs, read one after the other (NULL: @au reads
 *	auditd.conf's logs or standard input)
 * @npaths: number of @paths
 * @next: index in @paths of the next log to open
 * @in: the open log of @paths
 * @in_event: the record cursor is inside an event
 * @at_first: the cursor is on the event's first record, not yet looked at
 * @events: events read so far (of any type), skipped ones not counted
 * @first_ms: time of the earliest event read
 * @last_ms: time of the latest event read
 * @files: the distinct files events came from, in reading order
 * @nfiles: number of @files
 * @ctx: the event's SYSCALL fields (value, and the name ausearch -i
 *	gives a uid), NULL where the event has none
 * @ctx_name: for auid and uid, the resolved names
 * @skip: events are skipped until @skip_to was read (--checkpoint)
 * @skip_to: the event to skip through
 * @found: @skip_to was read
 * @last: the last event read (what a new checkpoint remembers)
 * @has_last: @last is set
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
	bool in_event, at_first;
	unsigned long events;
	int64_t first_ms, last_ms;
	struct seen_file *files;
	size_t nfiles;
	char *ctx[NR_CTX], *ctx_name[NR_CTX];
	bool skip, found;
	struct vb_audit_pos skip_to, last;
	bool has_last;
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

/* The field @name, or NULL when absent. */
static const struct vb_audit_field *
get_field(const struct vb_audit_rec *rec, const char *name)
{
	unsigned int i;

	for (i = 0; i < rec->nfields; i++)
		if (!strcmp(rec->fields[i].name, name))
			return &rec->fields[i];
	return NULL;
}

/* Adds a field to @rec (copies of @name and @value); false on ENOMEM. */
static bool add_field(struct vb_audit_rec *rec, const char *name,
		      const char *value, bool derived)
{
	struct vb_audit_field *f;

	if (rec->nfields == VB_AUDIT_MAX_FIELDS)
		return true;	/* dropped */
	f = &rec->fields[rec->nfields];
	f->name = strdup(name);
	f->value = value ? strdup(value) : NULL;
	f->derived = derived;
	if (!f->name || (value && !f->value)) {
		free(f->name);
		free(f->value);
		return false;
	}
	rec->nfields++;
	return true;
}

/* "uid" -> "uid_name": the name ausearch -i shows for a uid field. */
static bool is_id(const char *name)
{
	return !strcmp(name, "uid") || !strcmp(name, "auid");
}

/*
 * The name of the id at the cursor as ausearch -i resolves it: from the
 * enriched log format (auditd's log_format = ENRICHED), else from this
 * machine's user database; "unset" for an unset auid.
 */
static int add_id_name(auparse_state_t *au, struct vb_audit_rec *rec,
		       const char *name)
{
	const char *v = auparse_interpret_field(au);
	char key[16];

	snprintf(key, sizeof(key), "%s_name", name);
	return v && !add_field(rec, key, v, true) ? -ENOMEM : 0;
}

static int fill_fields(auparse_state_t *au, struct vb_audit_rec *rec)
{
	struct vb_audit_field *f;
	const char *name, *raw;
	bool nomem = false;

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
		f = &rec->fields[rec->nfields];
		f->name = strdup(name);
		if (!f->name)
			return -ENOMEM;
		f->value = decode_value(rec->type, name, raw, &nomem);
		f->derived = false;
		rec->nfields++;
		if (nomem)
			return -ENOMEM;
		if (is_id(name) && f->value && add_id_name(au, rec, name))
			return -ENOMEM;
	} while (auparse_next_field(au) > 0);
	return 0;
}

/* The event's SYSCALL fields the record does not have itself. */
static int add_context(const struct vb_auditlog *log, struct vb_audit_rec *rec)
{
	char key[16];
	size_t i;

	for (i = 0; i < NR_CTX; i++) {
		if (!log->ctx[i] || get_field(rec, ctx_names[i]))
			continue;
		if (!add_field(rec, ctx_names[i], log->ctx[i], true))
			return -ENOMEM;
		snprintf(key, sizeof(key), "%s_name", ctx_names[i]);
		if (log->ctx_name[i] && !get_field(rec, key) &&
		    !add_field(rec, key, log->ctx_name[i], true))
			return -ENOMEM;
	}
	return 0;
}

static int fill(struct vb_auditlog *log, struct vb_audit_rec *rec)
{
	const au_event_t *e = auparse_get_timestamp(log->au);
	int ret;

	memset(rec, 0, sizeof(*rec));
	rec->type = auparse_get_type(log->au);
	if (e) {
		rec->ms = (int64_t)e->sec * 1000 + e->milli;
		rec->serial = e->serial;
		if (e->host) {
			rec->node = strdup(e->host);
			if (!rec->node)
				return -ENOMEM;
		}
	}
	ret = fill_fields(log->au, rec);
	if (!ret)
		ret = add_context(log, rec);
	if (ret)
		vb_audit_rec_release(rec);
	return ret;
}

/* ---- events ---- */

static void clear_context(struct vb_auditlog *log)
{
	size_t i;

	for (i = 0; i < NR_CTX; i++) {
		free(log->ctx[i]);
		free(log->ctx_name[i]);
		log->ctx[i] = log->ctx_name[i] = NULL;
	}
}

/* Keeps the fields of the SYSCALL record at the cursor that matter. */
static int keep_context(struct vb_auditlog *log)
{
	auparse_state_t *au = log->au;
	const char *name, *v;
	size_t i;

	if (auparse_first_field(au) <= 0)
		return 0;
	do {
		name = auparse_get_field_name(au);
		for (i = 0; name && i < NR_CTX; i++)
			if (!strcmp(name, ctx_names[i]))
				break;
		if (!name || i == NR_CTX || log->ctx[i])
			continue;
		/* the syscall's name and exe decoded, as ausearch -i shows */
		if (!strcmp(name, "syscall") || !strcmp(name, "exe"))
			v = auparse_interpret_field(au);
		else
			v = auparse_get_field_str(au);
		log->ctx[i] = v ? strdup(v) : NULL;
		if (v && !log->ctx[i])
			return -ENOMEM;
		if (!is_id(name))
			continue;
		v = auparse_interpret_field(au);
		log->ctx_name[i] = v ? strdup(v) : NULL;
		if (v && !log->ctx_name[i])
			return -ENOMEM;
	} while (auparse_next_field(au) > 0);
	return 0;
}

/*
 * Looks at every record of the new event: keeps its SYSCALL context, and
 * returns 1 if it has a vendorban record (0 if not; negative errno), the
 * cursor back on the first record.
 */
static int scan_event(struct vb_auditlog *log)
{
	bool ours = false;
	int ret = 0;

	clear_context(log);
	do {
		if (auparse_get_type(log->au) == VB_AUDIT_SYSCALL)
			ret = keep_context(log);
		else
			ours = ours || is_vendorban(log->au);
	} while (!ret && auparse_next_record(log->au) > 0);
	if (ret)
		return ret;
	auparse_first_record(log->au);
	return ours;
}

/* The file the current event was read from, added to the list if new. */
static int note_file(struct vb_auditlog *log, struct seen_file **cur)
{
	const char *name = auparse_get_filename(log->au);
	struct seen_file *files, f = { 0 };
	struct stat st;
	size_t i;

	*cur = NULL;
	if (log->paths && log->next)
		name = log->paths[log->next - 1];
	if (!name)
		return 0;	/* standard input */
	for (i = 0; i < log->nfiles; i++) {
		if (!strcmp(log->files[i].name, name)) {
			*cur = &log->files[i];
			return 0;
		}
	}
	if (log->in ? !fstat(fileno(log->in), &st) : !stat(name, &st)) {
		f.dev = st.st_dev;
		f.ino = st.st_ino;
		f.has_id = true;
	}
	files = realloc(log->files, (log->nfiles + 1) * sizeof(*files));
	if (!files)
		return -ENOMEM;
	log->files = files;
	f.name = strdup(name);
	if (!f.name)
		return -ENOMEM;
	files[log->nfiles] = f;
	*cur = &files[log->nfiles++];
	return 0;
}

static void event_pos(const struct vb_auditlog *log,
		      const struct seen_file *file, struct vb_audit_pos *pos)
{
	const au_event_t *e = auparse_get_timestamp(log->au);

	memset(pos, 0, sizeof(*pos));
	if (e) {
		pos->ms = (int64_t)e->sec * 1000 + e->milli;
		pos->serial = e->serial;
		snprintf(pos->node, sizeof(pos->node), "%s",
			 e->host ? e->host : "");
	}
	if (file && file->has_id) {
		pos->dev = file->dev;
		pos->ino = file->ino;
		pos->has_file = true;
	}
}

static bool same_event(const struct vb_audit_pos *a,
		       const struct vb_audit_pos *b)
{
	return a->ms == b->ms && a->serial == b->serial &&
	       !strcmp(a->node, b->node);
}

/*
 * A new event: 1 to look at it, 0 to skip it (before the checkpoint, or
 * no vendorban record in it), or a negative errno.
 */
static int take_event(struct vb_auditlog *log)
{
	struct seen_file *file;
	struct vb_audit_pos pos;
	int ret = note_file(log, &file);

	if (ret)
		return ret;
	event_pos(log, file, &pos);
	if (log->skip) {
		/* through the checkpointed event and its later parts */
		if (same_event(&pos, &log->skip_to))
			log->found = true;
		else if (log->found)
			log->skip = false;
		if (log->skip)
			return 0;
	}
	log->last = pos;
	log->has_last = true;
	if (!log->events++ || pos.ms < log->first_ms)
		log->first_ms = pos.ms;
	if (log->events == 1 || pos.ms > log->last_ms)
		log->last_ms = pos.ms;
	return scan_event(log);
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

/**
 * vb_auditlog_skip_through() - start after an event read before
 * @log: the reader, before the first vb_auditlog_next()
 * @pos: the event (a checkpoint's): it and every event before it are
 *	skipped, and so are later parts of it (records of the same node,
 *	time and serial that auditd wrote after the checkpoint was taken)
 *
 * Whether it was found is vb_auditlog_found() at the end.
 */
void vb_auditlog_skip_through(struct vb_auditlog *log,
			      const struct vb_audit_pos *pos)
{
	log->skip = true;
	log->found = false;
	log->skip_to = *pos;
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

/* Moves to the next record that may be one of vendorban's; 0 at the end. */
static int next_record(struct vb_auditlog *log)
{
	int ret;

	if (log->in_event && auparse_next_record(log->au) > 0)
		return 1;
	log->in_event = false;
	do {
		ret = next_event(log);
		if (ret <= 0)
			return ret;
		ret = take_event(log);
	} while (!ret);
	if (ret < 0)
		return ret;
	log->in_event = true;
	return 1;
}

/**
 * vb_auditlog_next() - the next vendorban record
 * @log: the reader
 * @rec: filled with the record; release it with vb_audit_rec_release()
 *
 * Records come in libauparse's event order (by time within each file).
 * Each gets the fields of its event's SYSCALL record it lacks (auid,
 * ses, exe, syscall, ...) and the names of its uid and auid, as ausearch
 * -i shows them.
 *
 * Return: 1 with a record, 0 at the end, or a negative errno.
 */
int vb_auditlog_next(struct vb_auditlog *log, struct vb_audit_rec *rec)
{
	int ret;

	for (;;) {
		ret = next_record(log);
		if (ret <= 0)
			return ret;
		if (is_vendorban(log->au)) {
			ret = fill(log, rec);
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
 * Return: the number of events read, of every type (skipped ones not).
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
 * @names: set to a malloc()ed list of the names (owned by @log); free()
 *	the list
 *
 * Return: the number of files (0 for standard input).
 */
size_t vb_auditlog_files(const struct vb_auditlog *log,
			 const char *const **names)
{
	const char **v = calloc(log->nfiles + 1, sizeof(*v));
	size_t i;

	*names = v;
	if (!v)
		return 0;
	for (i = 0; i < log->nfiles; i++)
		v[i] = log->files[i].name;
	return log->nfiles;
}

/* The last event read, for a checkpoint; false if none was. */
bool vb_auditlog_last(const struct vb_auditlog *log, struct vb_audit_pos *pos)
{
	if (log->has_last)
		*pos = log->last;
	return log->has_last;
}

/* Whether the event of vb_auditlog_skip_through() was read. */
bool vb_auditlog_found(const struct vb_auditlog *log)
{
	return log->found;
}

/* Whether an event was read from the file with that device and inode. */
bool vb_auditlog_saw_file(const struct vb_auditlog *log, dev_t dev, ino_t ino)
{
	size_t i;

	for (i = 0; i < log->nfiles; i++)
		if (log->files[i].has_id && log->files[i].dev == dev &&
		    log->files[i].ino == ino)
			return true;
	return false;
}

/* Closes the logs and frees the reader; NULL is allowed. */
void vb_auditlog_close(struct vb_auditlog *log)
{
	size_t i;

	if (!log)
		return;
	release_source(log);
	clear_context(log);
	for (i = 0; i < log->nfiles; i++)
		free(log->files[i].name);
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

/* A deep copy of @src into @dst; 0 or -ENOMEM (@dst then empty). */
int vb_audit_rec_copy(struct vb_audit_rec *dst, const struct vb_audit_rec *src)
{
	unsigned int i;

	memset(dst, 0, sizeof(*dst));
	dst->type = src->type;
	dst->ms = src->ms;
	dst->serial = src->serial;
	if (src->node) {
		dst->node = strdup(src->node);
		if (!dst->node)
			return -ENOMEM;
	}
	for (i = 0; i < src->nfields; i++) {
		if (!add_field(dst, src->fields[i].name, src->fields[i].value,
			       src->fields[i].derived)) {
			vb_audit_rec_release(dst);
			return -ENOMEM;
		}
	}
	return 0;
}

/* The decoded value of field @name; NULL when absent or unknown ("?"). */
const char *vb_audit_get(const struct vb_audit_rec *rec, const char *name)
{
	const struct vb_audit_field *f = get_field(rec, name);

	return f ? f->value : NULL;
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
 *	does not embed the signer's certificate (kernel modules signed by
 *	sign-file), the issuer's O, else its CN: a vendor signs with
 *	certificates its own CA issued, so one vendor has one name whether
 *	or not the certificate is embedded; else "(unsigned)", "(malformed
 *	signature)", "(not read: REASON)" or "(unknown signer)"
 * @size: size of @buf (VB_AUDIT_VENDOR_MAX holds any of them)
 *
 * Return: where the name comes from: "subject", "issuer", or NULL when
 * there is no signer's name.
 */
const char *vb_audit_vendor(const struct vb_audit_rec *rec, char *buf,
			    size_t size)
{
	const char *sig = vb_audit_get(rec, "signature");
	const char *reason = vb_audit_get(rec, "reason");
	const char *op = vb_audit_get(rec, "op");

	if (op && !strcmp(op, "summary")) {
		snprintf(buf, size, "(not named in a record)");
		return NULL;
	}
	if (dn_vendor(vb_audit_get(rec, "signer_subject"), buf, size))
		return "subject";
	if (dn_vendor(vb_audit_get(rec, "signer_issuer"), buf, size))
		return "issuer";
	if (sig && !strcmp(sig, "none"))
		snprintf(buf, size, "(unsigned)");
	else if (sig && !strcmp(sig, "malformed"))
		snprintf(buf, size, "(malformed signature)");
	else if (reason)
		snprintf(buf, size, "(not read: %s)", reason);
	else
		snprintf(buf, size, "(unknown signer)");
	return NULL;
}

/**
 * vb_audit_class() - what a record is to an auditor
 * @rec: the record
 *
 * Return: decision, policy load, mode change, mechanism (the module
 * form's BPF programs attached or released), or tamper: a rejected
 * policy load (res=0), the lock, signed policies switched on, and any
 * MAC_STATUS record of a refused change (res=0: rmmod -f after lock; a
 * refused detach or unpin when the kernel records one).
 */
enum vb_audit_class vb_audit_class(const struct vb_audit_rec *rec)
{
	const char *res = vb_audit_get(rec, "res");
	const char *op = vb_audit_get(rec, "op");
	bool refused = !res || strcmp(res, "1");

	if (rec->type == VB_AUDIT_DECISION)
		return VB_CLASS_DECISION;
	if (rec->type == VB_AUDIT_POLICY_LOAD)
		return refused ? VB_CLASS_TAMPER : VB_CLASS_POLICY;
	if (!refused && op && !strcmp(op, "set_mode"))
		return VB_CLASS_MODE;
	if (!refused && op && (!strcmp(op, "bpf_attach") ||
			       !strcmp(op, "bpf_release")))
		return VB_CLASS_MECHANISM;
	return VB_CLASS_TAMPER;
}

const char *vb_audit_class_name(enum vb_audit_class class)
{
	static const char *const names[] = {
		[VB_CLASS_DECISION] = "decision",
		[VB_CLASS_POLICY] = "policy",
		[VB_CLASS_MODE] = "mode",
		[VB_CLASS_TAMPER] = "tamper",
		[VB_CLASS_MECHANISM] = "mechanism",
	};

	return names[class];
}
