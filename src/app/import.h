/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * import.h: awarding a badge class to every line of a CSV file (issuer
 * role), in two steps: the upload is kept server-side (table imports) and
 * previewed line by line with each line's problem; issuing then runs in a
 * background thread that calls bl_app_award once per good line (each in its
 * own transaction), with an idempotency key per line so a re-import never
 * issues twice.  Design: docs/internals/import.md.
 */
#ifndef BL_APP_IMPORT_H
#define BL_APP_IMPORT_H

#include "app/app.h"
#include "core/csv.h"

/* Imports issuing at once in one process; one more waits (BL_ELIMIT). */
#define BL_IMPORT_MAX_RUNNING 4u
/* Uploads are deleted this long after they were made. */
#define BL_IMPORT_TTL (24 * 3600)
/* An issuing thread that has not reported for this long is taken as dead. */
#define BL_IMPORT_STALE_S 120
/* Progress is written every this many lines. */
#define BL_IMPORT_PROGRESS_EVERY 10u
/* Threads issuing one import at most (one per core below that). */
#define BL_IMPORT_WORKERS_MAX 4u

/* What a column holds; BL_IMPORT_F_IGNORE for a column not used. */
enum bl_import_field {
    BL_IMPORT_F_IGNORE = 0,
    BL_IMPORT_F_NAME,      /* full name */
    BL_IMPORT_F_FIRST,     /* first name (joined with the last name) */
    BL_IMPORT_F_LAST,      /* last name */
    BL_IMPORT_F_EMAIL,     /* required */
    BL_IMPORT_F_PHONE,     /* E.164 after normalising; a line needs an email or a phone */
    BL_IMPORT_F_DATE,      /* JJ/MM/AAAA or AAAA-MM-JJ; empty: today */
    BL_IMPORT_F_EVIDENCE,  /* an http(s) URL or a text */
    BL_IMPORT_F_NARRATIVE, /* comment on why it was earned */
    BL_IMPORT_F_COUNT
};

/* The key of a field in mappings and forms ("prenom", "email", ...; "" for ignore). */
const char *bl_import_field_key(enum bl_import_field f);
/* Its French label ("Prénom", "Adresse e-mail", ...). */
const char *bl_import_field_label(enum bl_import_field f);
/* A key back to a field; BL_IMPORT_F_COUNT when unknown. */
enum bl_import_field bl_import_field_parse(const char *key);
/* The field a header cell names, in French or English; IGNORE when none. */
enum bl_import_field bl_import_field_guess(const char *header);

/* One data line of the file, checked. */
struct bl_import_line {
    size_t line;                                                    /* in the file, 1-based */
    const char *name, *email, *phone, *date, *evidence, *narrative; /* as read, never NULL */
    int64_t issued_at;                                              /* from the date, 0 for today */
    const char *problem;      /* French, NULL when the line can be issued */
    const char *idem_key;     /* "csv:..." (NULL when the line has a problem) */
    const char *existing_uid; /* the award issued before with the same key, or NULL */
};

/* An import as the preview shows it. */
struct bl_import_view {
    struct bl_import im;
    struct bl_badgeclass badge;
    struct bl_csv csv;
    enum bl_import_field *mapping; /* one per column of the header */
    size_t n_cols;
    struct bl_import_line *lines;
    size_t n_lines;
    size_t n_good;     /* to issue */
    size_t n_existing; /* issued before: reported "déjà émis" */
    size_t n_bad;      /* with a problem */
};

/*
 * Check that who may import into badge class badge_uid (issuer role in its
 * org): BL_EDENIED, or BL_ENOTFOUND for a badge class they cannot see.
 */
enum bl_err bl_app_import_allowed(struct bl_app *app, const struct bl_actor *who,
                                  const char *badge_uid, struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Keep the file data[0..n) for badge class badge_uid (issuer role; audit
 * "import.create") with the mapping guessed from its header; uid (random)
 * names it.  The file must parse (csv.h; the limits with max_bytes) and
 * have at least one data line: BL_EINVAL / BL_ETOOBIG / ... with the
 * message in ei otherwise.  Also purges imports older than BL_IMPORT_TTL.
 */
enum bl_err bl_app_import_create(struct bl_app *app, const struct bl_actor *who,
                                 const char *badge_uid, const char *filename,
                                 const unsigned char *data, size_t n, size_t max_bytes,
                                 char uid[23], struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The import uid of badge class badge_uid, parsed and checked line by line
 * (issuer role).  Everything lives in arena.
 */
enum bl_err bl_app_import_view(struct bl_app *app, const struct bl_actor *who,
                               const char *badge_uid, const char *uid, struct bl_arena *arena,
                               struct bl_import_view *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Change the mapping (one field per column, n of them) while still in preview. */
enum bl_err bl_app_import_map(struct bl_app *app, const struct bl_actor *who, const char *badge_uid,
                              const char *uid, const enum bl_import_field *fields, size_t n,
                              struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Start issuing the good lines (audit "import.issue").  background: in a
 * new thread (BL_ELIMIT when BL_IMPORT_MAX_RUNNING already run), else in
 * the caller's thread until done.  BL_EEXISTS when it was already started.
 */
enum bl_err bl_app_import_issue(struct bl_app *app, const struct bl_actor *who,
                                const char *badge_uid, const char *uid, bool background,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Ask the issuing threads to stop after their current line and wait for them (shutdown). */
void bl_app_import_drain(void);

#endif
