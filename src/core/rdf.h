/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * rdf.h: an RDF dataset in memory (terms, quads, a string arena), a strict
 * N-Quads parser and the canonical N-Quads serialiser of RDFC-1.0.  JSON-LD
 * toRdf (jsonld.c) fills a struct bl_rdf_dataset with bl_rdf_add_quad; the
 * canonicaliser (rdfc.h) reads it.  The dataset is a set: adding a quad that
 * is already there does nothing.  Every string is UTF-8 with an explicit
 * length (a literal may contain U+0000), never escaped: escaping happens only
 * when N-Quads is read or written.  See docs/internals/rdfc.md.
 *
 * Ownership: the dataset owns copies of every string handed to
 * bl_rdf_add_quad (kept in its arena, freed by bl_rdf_dataset_free); the
 * caller keeps its own.  Pointers in ds->quads stay valid until the dataset
 * is reset or freed (adding more quads does not move strings, but may move
 * the quads array itself: do not keep a struct bl_rdf_quad * across an add).
 */
#ifndef BL_RDF_H
#define BL_RDF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

/* The kind of a term.  BL_RDF_DEFAULT is only valid as a graph name. */
enum bl_rdf_kind {
    BL_RDF_DEFAULT = 0, /* the default graph (graph position only) */
    BL_RDF_IRI,         /* absolute IRI, without the angle brackets */
    BL_RDF_BNODE,       /* blank node, label without the "_:" */
    BL_RDF_LITERAL      /* literal: lexical form, datatype, language */
};

/*
 * One RDF term.  All strings are (pointer, length): str need not be
 * NUL-terminated.  For a literal:
 *   - lang/lang_len: language tag without "@" (lang_len 0: none).  With a
 *     language the datatype is rdf:langString and dt is ignored;
 *   - dt/dt_len: datatype IRI; dt_len 0 means xsd:string.  Passing
 *     xsd:string explicitly is the same literal (the dataset stores it as
 *     dt_len 0, and canonical N-Quads omits it).
 * For other kinds dt and lang are unused (leave them 0/NULL).
 * bnode is filled in by the dataset for blank nodes it stores: the index of
 * the label in the dataset's blank-node table (0 .. ds->nbnodes-1); it is
 * ignored on input.
 */
struct bl_rdf_term {
    enum bl_rdf_kind kind;
    uint32_t bnode;
    const char *str;
    size_t len;
    const char *dt;
    size_t dt_len;
    const char *lang;
    size_t lang_len;
};

/* One quad; g.kind == BL_RDF_DEFAULT for a triple of the default graph. */
struct bl_rdf_quad {
    struct bl_rdf_term s, p, o, g;
};

/* A block of the dataset's string arena (private). */
struct bl_rdf_arena;

/*
 * A dataset.  Read quads[0..nquads) and nbnodes; treat the rest as private.
 * max_quads and max_bytes (strings in the arena) are limits set by
 * bl_rdf_dataset_init; a caller may lower or raise them before adding.
 */
struct bl_rdf_dataset {
    struct bl_rdf_quad *quads;
    size_t nquads;
    size_t nbnodes; /* distinct blank-node labels */
    size_t max_quads;
    size_t max_bytes;
    /* private */
    size_t qcap;
    struct bl_rdf_arena *arena;     /* first block */
    struct bl_rdf_arena *arena_cur; /* block being filled */
    size_t arena_used;              /* bytes handed out, against max_bytes */
    uint32_t *qset;                 /* open-addressing set of quad indices + 1 */
    size_t qset_cap;
    uint32_t *bset; /* open-addressing set of blank-node indices + 1 */
    size_t bset_cap;
    struct bl_rdf_term *blabels; /* blank-node table: label per index */
    size_t bcap;
};

/* Default limits (limits.h style): 1 million quads, 64 MiB of strings. */
#define BL_RDF_MAX_QUADS_DEFAULT 1000000u
#define BL_RDF_MAX_BYTES_DEFAULT (64u * 1024 * 1024)
/* Longest N-Quads input accepted by bl_rdf_parse_nquads. */
#define BL_RDF_MAX_NQUADS_TEXT (64u * 1024 * 1024)

/* An empty dataset with the default limits.  Allocates nothing. */
void bl_rdf_dataset_init(struct bl_rdf_dataset *ds);
/* Free everything the dataset owns; it is empty (and reusable) afterwards. */
void bl_rdf_dataset_free(struct bl_rdf_dataset *ds);
/* Remove every quad but keep the memory, for a dataset used in a loop. */
void bl_rdf_dataset_reset(struct bl_rdf_dataset *ds);

/*
 * Add the quad (s, p, o, g) to ds, copying every string.  g may be NULL for
 * the default graph.  s: IRI or blank node; p: IRI; o: any term but
 * BL_RDF_DEFAULT; g: default, IRI or blank node.  IRIs must be non-empty
 * and free of the characters N-Quads cannot write inside <> (controls,
 * space, <>"{}|^`\); blank-node labels non-empty and free of space and
 * controls; language tags [a-zA-Z]+(-[a-zA-Z0-9]+)*; all strings valid
 * UTF-8.  A quad already present is not added twice (BL_OK).
 *   BL_EINVAL  a term of the wrong kind or with a malformed string;
 *   BL_EUTF8   a string is not UTF-8;
 *   BL_ETOOBIG max_quads or max_bytes would be passed.
 * ds is unchanged on error.
 */
enum bl_err bl_rdf_add_quad(struct bl_rdf_dataset *ds, const struct bl_rdf_term *s,
                            const struct bl_rdf_term *p, const struct bl_rdf_term *o,
                            const struct bl_rdf_term *g, struct bl_errinfo *ei) BL_WARN_UNUSED;

/* Term constructors (no copy: the term points at the caller's string). */
static inline struct bl_rdf_term bl_rdf_iri(const char *s, size_t n)
{
    struct bl_rdf_term t = {BL_RDF_IRI, 0, s, n, NULL, 0, NULL, 0};
    return t;
}

static inline struct bl_rdf_term bl_rdf_bnode(const char *label, size_t n)
{
    struct bl_rdf_term t = {BL_RDF_BNODE, 0, label, n, NULL, 0, NULL, 0};
    return t;
}

/* dt may be NULL (xsd:string); lang may be NULL (no language). */
static inline struct bl_rdf_term bl_rdf_literal(const char *s, size_t n, const char *dt,
                                                size_t dt_len, const char *lang, size_t lang_len)
{
    struct bl_rdf_term t = {BL_RDF_LITERAL, 0, s, n, dt, dt_len, lang, lang_len};
    return t;
}

/* The label of blank node i (0 <= i < ds->nbnodes), as stored. */
const struct bl_rdf_term *bl_rdf_bnode_at(const struct bl_rdf_dataset *ds, size_t i);

/*
 * Parse N-Quads text[0..n) (RDF 1.1 N-Quads, UTF-8, comments allowed) and
 * add every quad to ds.  Strict: absolute IRIs only, escapes decoded
 * (\uXXXX, \UXXXXXXXX, ECHAR), surrogates and code points past U+10FFFF
 * refused, one statement per line.
 *   BL_EINVAL  syntax error: "line L, column C: <what>" (C counts bytes
 *              from 1);
 *   BL_EUTF8   invalid UTF-8 (same position format);
 *   BL_ETOOBIG n > BL_RDF_MAX_NQUADS_TEXT or a dataset limit.
 * Quads parsed before an error stay in ds.
 */
enum bl_err bl_rdf_parse_nquads(struct bl_rdf_dataset *ds, const char *text, size_t n,
                                struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append quad q in canonical N-Quads form (RDFC-1.0's canonical
 * N-Quads: one space between terms, " .\n" at the end, literals with
 * \" \\ \n \r \t \b \f escaped and other controls as \uXXXX (upper-case
 * hex), xsd:string omitted, IRIs and labels as they are) to out.  BL_ETOOBIG
 * when out's cap would be passed; out is then unchanged.
 */
enum bl_err bl_rdf_write_quad(struct bl_buf *out, const struct bl_rdf_quad *q) BL_WARN_UNUSED;

/* Append one term in canonical form (no trailing space); as above.  The
 * default graph appends nothing. */
enum bl_err bl_rdf_write_term(struct bl_buf *out, const struct bl_rdf_term *t) BL_WARN_UNUSED;

/*
 * The two halves of bl_rdf_write_term, for writers that reserve once for
 * many terms: the length of t in canonical form (0 for the default graph),
 * and writing it at dst, which must have room for that many bytes; returns
 * the end of what was written.
 */
size_t bl_rdf_term_size(const struct bl_rdf_term *t);
unsigned char *bl_rdf_term_put(unsigned char *dst, const struct bl_rdf_term *t);

/*
 * Append every quad of ds, in insertion order (not sorted, labels as
 * stored), one canonical line each.  For canonical output use
 * bl_rdfc_canonicalize (rdfc.h).  On BL_ETOOBIG out holds the lines that
 * fitted.
 */
enum bl_err bl_rdf_write_nquads(struct bl_buf *out, const struct bl_rdf_dataset *ds) BL_WARN_UNUSED;

#endif
