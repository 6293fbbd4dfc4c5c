/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * jsonld_rdf.h: JSON-LD 1.1 Deserialize JSON-LD to RDF (toRdf, §8.1-8.5 of
 * the JSON-LD 1.1 API): expand a document with jsonld.h and add its quads to
 * a struct bl_rdf_dataset (rdf.h), ready for RDFC-1.0.  Options are those
 * of toRdf with produceGeneralizedRdf false and rdfDirection null: triples
 * with a blank-node predicate, a relative IRI or an ill-formed language tag
 * are left out, as the specification says.  Numbers become canonical
 * xsd:integer / xsd:double ("5.3E0"), @json values canonical JSON (RFC 8785)
 * typed rdf:JSON.  Blank nodes are labelled b0, b1, ... in document order
 * (input labels are renamed).  See docs/internals/jsonld.md.
 */
#ifndef BL_JSONLD_RDF_H
#define BL_JSONLD_RDF_H

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "jsonld.h"
#include "rdf.h"

/*
 * Expand doc (borrowed) with processor p and opts (NULL: safe mode, no
 * base), then add its quads to ds (which keeps what it already had; pass
 * an empty or reset dataset).  Errors are those of bl_jsonld_expand plus
 * the dataset's limits (BL_ETOOBIG); ds may then hold part of the quads.
 */
enum bl_err bl_jsonld_to_rdf(struct bl_jsonld *p, const json_t *doc,
                             const struct bl_jsonld_opts *opts, struct bl_rdf_dataset *ds,
                             struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * The same from an already expanded document (an array, borrowed); opts may
 * be NULL (safe).  Only unsafe and strict_iri are read: in safe mode a
 * blank-node predicate or an @direction (which toRdf would lose) is an
 * error (BL_EINVAL).
 */
enum bl_err bl_jsonld_expanded_to_rdf(const json_t *expanded, const struct bl_jsonld_opts *opts,
                                      struct bl_rdf_dataset *ds,
                                      struct bl_errinfo *ei) BL_WARN_UNUSED;

/*
 * Append the canonical JSON (RFC 8785 JCS) of v to out: keys sorted by
 * UTF-16 code units, no whitespace, numbers as ECMAScript prints them.
 * BL_ETOOBIG when out's cap would be passed.
 */
enum bl_err bl_jsonld_canonical_json(const json_t *v, struct bl_buf *out) BL_WARN_UNUSED;

/*
 * The canonical xsd:double lexical form of d as JSON-LD writes it
 * ("5.3E0", "1.0E21", "-1.5E-7") into buf (at least 32 bytes).
 */
void bl_jsonld_double_lexical(double d, char *buf, size_t n);

#endif
