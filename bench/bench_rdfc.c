/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * bench_rdfc.c: RDFC-1.0 canonicalization throughput on one core.
 *   (a) the OB 3.0 test vector's document (its canonical N-Quads, parsed
 *       once; 16 quads);
 *   (b) a synthetic OB 3.0 credential as JSON-LD gives it: 43 quads, five
 *       blank nodes (issuer and achievement have IRIs);
 *   (c) a heavy one: 60 quads and 14 blank nodes (issuer, subject, identity,
 *       achievement, criteria, images, results, alignments, evidence, some
 *       of them alike so Hash N-Degree Quads runs);
 *   (d) a larger synthetic dataset: 200 heavy credentials in one dataset.
 * Each is also timed with parsing included ("-parse").
 * Usage: bench_rdfc [DOCUMENT-CANON.TXT] [SECONDS] [ONLY]; ONLY runs just the
 * case of that name (for profiling).  The default document is
 * $FIXTURES/ob30-spec-test-vector/document-canon.txt (FIXTURES defaults to
 * ../shared/fixtures); (a) is left out when it is missing.
 * Prints lines "name value unit" for bench/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/rdf.h"
#include "core/rdfc.h"

static double now(void)
{
    struct timespec ts;

    /* CPU time of this thread: the figure is per core, whatever else runs. */
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    size_t cap = 0, got;

    *n = 0;
    if (f == NULL)
        return NULL;
    do {
        if (*n == cap) {
            cap = cap ? cap * 2 : 65536;
            p = bl_realloc(p, cap + 1);
        }
        got = fread(p + *n, 1, cap - *n, f);
        *n += got;
    } while (got > 0);
    fclose(f);
    return p;
}

static void die(const char *what, const struct bl_errinfo *ei)
{
    fprintf(stderr, "bench_rdfc: %s: %s\n", what, ei->msg);
    exit(1);
}

/* Append one synthetic credential, its IRIs made distinct by k. */
static void credential(struct bl_buf *t, unsigned k)
{
#define OB   "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
#define CR   "<https://www.w3.org/2018/credentials#"
#define SC   "<https://schema.org/"
#define TYPE "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#define DT   "^^<http://www.w3.org/2001/XMLSchema#dateTime>"
    unsigned i;
    int ok = 1;

    ok &=
        bl_buf_printf(
            t,
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " TYPE " " CR "VerifiableCredential> .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " TYPE " " OB "OpenBadgeCredential> .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " SC "name> \"Teamwork Badge %u\" .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " CR "issuer> _:i%u .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " CR "validFrom> \"2010-01-01T00:00:00Z\"" DT
            " .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " CR
            "validUntil> \"2030-01-01T00:00:00Z\"" DT " .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " CR "credentialSubject> _:s%u .\n"
            "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " CR "credentialSchema> _:cs%u .\n"
            "_:cs%u <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#1EdTechJsonSchemaValidator2019> .\n"
            "_:cs%u " SC "url> <https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
            "ob_v3p0_achievementcredential_schema.json> .\n",
            k, k, k, k, k, k, k, k, k, k, k, k, k, k) == BL_OK;
    ok &= bl_buf_printf(
              t,
              "_:i%u " TYPE " " OB "Profile> .\n"
              "_:i%u " SC "name> \"Example University\" .\n"
              "_:i%u " SC "url> <https://example.edu/> .\n"
              "_:i%u " OB "email> \"registrar@example.edu\" .\n"
              "_:i%u " OB "image> _:ii%u .\n"
              "_:ii%u " TYPE " " OB "Image> .\n"
              "_:ii%u " OB "caption> \"Seal\" .\n"
              "_:s%u " TYPE " " OB "AchievementSubject> .\n"
              "_:s%u " OB "identifier> _:id%u .\n"
              "_:id%u " TYPE " " OB "IdentityObject> .\n"
              "_:id%u " OB "hashed> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n"
              "_:id%u " OB "identityHash> "
              "\"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942\" .\n"
              "_:id%u " OB "identityType> \"emailAddress\" .\n"
              "_:id%u " OB "salt> \"deadsea\" .\n"
              "_:s%u " OB "achievement> _:a%u .\n",
              k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k) == BL_OK;
    ok &= bl_buf_printf(t,
                        "_:a%u " TYPE " " OB "Achievement> .\n"
                        "_:a%u " SC "name> \"Teamwork\"@en .\n"
                        "_:a%u " SC "description> \"This badge recognizes the development of the "
                        "capacity to collaborate within a group environment.\"@en .\n"
                        "_:a%u " OB "achievementType> \"Competency\" .\n"
                        "_:a%u " OB "criteria> _:c%u .\n"
                        "_:c%u " OB "narrative> \"Team members are nominated for this badge by "
                        "their peers and recognized upon review by Example Corp management.\\n"
                        "\\n* Works well\\n* Shares \\\"credit\\\"\" .\n"
                        "_:a%u " SC "image> _:im%u .\n"
                        "_:im%u " TYPE " " OB "Image> .\n"
                        "_:im%u " OB "caption> \"Teamwork badge\" .\n"
                        "_:a%u " OB "creator> _:i%u .\n",
                        k, k, k, k, k, k, k, k, k, k, k, k, k) == BL_OK;
    /* Three results that differ only by their value, two alike alignments. */
    for (i = 0; i < 3; i++)
        ok &= bl_buf_printf(t,
                            "_:s%u " OB "result> _:r%u_%u .\n"
                            "_:r%u_%u " TYPE " " OB "Result> .\n"
                            "_:r%u_%u " OB "value> \"%c\" .\n"
                            "_:r%u_%u " OB "resultDescription> <urn:uuid:rd-%u> .\n",
                            k, k, i, k, i, k, i, 'A' + (int)(i % 2), k, i, i) == BL_OK;
    for (i = 0; i < 2; i++)
        ok &= bl_buf_printf(t,
                            "_:a%u " OB "alignment> _:al%u_%u .\n"
                            "_:al%u_%u " TYPE " " OB "Alignment> .\n"
                            "_:al%u_%u " OB "targetName> \"Collaboration\" .\n"
                            "_:al%u_%u " OB "targetUrl> \"https://example.org/skills/collab\""
                            "^^<http://www.w3.org/2001/XMLSchema#anyURI> .\n",
                            k, k, i, k, i, k, i, k, i) == BL_OK;
    ok &= bl_buf_printf(t,
                        "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> " CR "evidence> _:e%u .\n"
                        "_:e%u " TYPE " " OB "Evidence> .\n"
                        "_:e%u " SC "name> \"Project report\" .\n"
                        "_:e%u " OB "narrative> \"Led a team of five.\" .\n"
                        "_:e%u " SC "url> <https://example.edu/evidence/%u> .\n",
                        k, k, k, k, k, k, k) == BL_OK;
    if (!ok) {
        fprintf(stderr, "bench_rdfc: synthetic text too large\n");
        exit(1);
    }
#undef OB
#undef CR
#undef SC
#undef TYPE
#undef DT
}

/*
 * A typical credential: issuer and achievement named by IRIs, five blank
 * nodes (schema, subject, identity, criteria, evidence), 43 quads.
 */
static void typical(struct bl_buf *t, unsigned k)
{
#define OB   "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
#define CR   "<https://www.w3.org/2018/credentials#"
#define SC   "<https://schema.org/"
#define TYPE "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#define DT   "^^<http://www.w3.org/2001/XMLSchema#dateTime>"
#define ID   "<urn:uuid:%u-91c0-4d9e-8a3e-6c5b2a1f0e9d> "
#define ISS  "<https://example.edu/issuers/565049> "
#define ACH  "<https://example.edu/achievements/%u> "
    int ok = 1;

    ok &=
        bl_buf_printf(t,
                      ID TYPE " " CR "VerifiableCredential> .\n" ID TYPE " " OB
                              "OpenBadgeCredential> .\n" ID SC "name> \"Teamwork Badge\" .\n" ID CR
                              "issuer> " ISS ".\n" ID CR "validFrom> \"2010-01-01T00:00:00Z\"" DT
                              " .\n" ID CR "validUntil> \"2030-01-01T00:00:00Z\"" DT " .\n" ID CR
                              "credentialSubject> _:s .\n" ID CR "credentialSchema> _:cs .\n" ID CR
                              "evidence> _:e .\n",
                      k, k, k, k, k, k, k, k, k) == BL_OK;
    ok &=
        bl_buf_printf(
            t,
            "_:cs " TYPE " " OB "1EdTechJsonSchemaValidator2019> .\n"
            "_:cs " SC "url> <https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
            "ob_v3p0_achievementcredential_schema.json> .\n" ISS TYPE " " OB "Profile> .\n" ISS SC
            "name> \"Example University\" .\n" ISS SC "url> <https://example.edu/> .\n" ISS OB
            "email> \"registrar@example.edu\" .\n" ISS OB
            "image> <https://example.edu/logo.png> .\n"
            "_:s " TYPE " " OB "AchievementSubject> .\n"
            "_:s " OB "identifier> _:id .\n"
            "_:id " TYPE " " OB "IdentityObject> .\n"
            "_:id " OB "hashed> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n"
            "_:id " OB "identityHash> \"sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43"
            "f6a1d29891942\" .\n"
            "_:id " OB "identityType> \"emailAddress\" .\n"
            "_:id " OB "salt> \"deadsea\" .\n"
            "_:s " OB "achievement> " ACH ".\n",
            k) == BL_OK;
    ok &= bl_buf_printf(t,
                        ACH TYPE
                        " " OB "Achievement> .\n" ACH SC "name> \"Teamwork\"@en .\n" ACH SC
                        "description> \"This badge recognizes the development of the capacity "
                        "to collaborate within a group environment.\"@en .\n" ACH OB
                        "achievementType> \"Competency\" .\n" ACH OB "criteria> _:c .\n"
                        "_:c " OB "narrative> \"Team members are nominated for this badge by "
                        "their peers and recognized upon review by Example Corp management.\" "
                        ".\n" ACH SC
                        "image> <https://example.edu/achievements/teamwork.png> .\n" ACH OB
                        "creator> " ISS ".\n" ACH OB "tag> \"teamwork\" .\n" ACH OB
                        "tag> \"collaboration\" .\n" ACH OB "humanCode> \"TW-1\" .\n" ACH OB
                        "fieldOfStudy> \"Soft skills\" .\n" ACH OB "inLanguage> \"en\" .\n" ACH OB
                        "version> \"1.0\" .\n"
                        "_:e " TYPE " " OB "Evidence> .\n"
                        "_:e " SC "name> \"Project report\" .\n"
                        "_:e " OB "narrative> \"Led a team of five.\" .\n"
                        "_:e " SC "url> <https://example.edu/evidence/1> .\n"
                        "_:e " OB "genre> \"Report\" .\n",
                        k, k, k, k, k, k, k, k, k, k, k, k, k) == BL_OK;
    if (!ok) {
        fprintf(stderr, "bench_rdfc: synthetic text too large\n");
        exit(1);
    }
#undef OB
#undef CR
#undef SC
#undef TYPE
#undef DT
#undef ID
#undef ISS
#undef ACH
}

/* Time canonicalization of text (parsed once, and parsed every time). */
static const char *only;

static void run(const char *name, const unsigned char *text, size_t n, double secs)
{
    struct bl_rdf_dataset ds;
    struct bl_buf out;
    struct bl_errinfo ei;
    double t0, t, ops;
    unsigned long k;
    uint64_t work = 0;
    size_t quads, bnodes;

    if (only != NULL && strcmp(only, name) != 0)
        return;
    bl_rdf_dataset_init(&ds);
    bl_buf_init(&out, (size_t)1 << 30);
    if (bl_rdf_parse_nquads(&ds, (const char *)text, n, &ei) != BL_OK)
        die(name, &ei);
    quads = ds.nquads;
    bnodes = ds.nbnodes;
    if (bl_rdfc_canonicalize(&ds, NULL, &out, NULL, &work, &ei) != BL_OK)
        die(name, &ei);
    printf("# %s: %zu quads, %zu blank nodes, %zu bytes canonical, %llu work steps\n", name, quads,
           bnodes, out.len, (unsigned long long)work);
    k = 0;
    t0 = now();
    do {
        for (int j = 0; j < 8; j++) {
            bl_buf_reset(&out);
            if (bl_rdfc_canonicalize(&ds, NULL, &out, NULL, NULL, &ei) != BL_OK)
                die(name, &ei);
        }
        k += 8;
        t = now() - t0;
    } while (t < secs);
    ops = (double)k / t;
    printf("blason.rdfc.%s %.1f ops/s\n", name, ops);
    printf("blason.rdfc.%s.quads %.0f quads/s\n", name, ops * (double)quads);
    k = 0;
    t0 = now();
    do {
        for (int j = 0; j < 8; j++) {
            bl_rdf_dataset_reset(&ds);
            bl_buf_reset(&out);
            if (bl_rdf_parse_nquads(&ds, (const char *)text, n, &ei) != BL_OK ||
                bl_rdfc_canonicalize(&ds, NULL, &out, NULL, NULL, &ei) != BL_OK)
                die(name, &ei);
        }
        k += 8;
        t = now() - t0;
    } while (t < secs);
    printf("blason.rdfc.%s-parse %.1f ops/s\n", name, (double)k / t);
    fflush(stdout);
    bl_buf_free(&out);
    bl_rdf_dataset_free(&ds);
}

int main(int argc, char **argv)
{
    char path[4096];
    const char *fx = getenv("FIXTURES");
    double secs = argc > 2 ? strtod(argv[2], NULL) : 1.0;
    unsigned char *doc;
    size_t n;
    struct bl_buf t;
    unsigned k;

    if (argc > 1 && argv[1][0] != '\0')
        snprintf(path, sizeof(path), "%s", argv[1]);
    else
        snprintf(path, sizeof(path), "%s/ob30-spec-test-vector/document-canon.txt",
                 fx != NULL && *fx ? fx : "../shared/fixtures");
    if (secs <= 0)
        secs = 1.0;
    only = argc > 3 ? argv[3] : NULL;
    doc = slurp(path, &n);
    if (doc != NULL)
        run("ob3-vector", doc, n, secs);
    else
        printf("# %s not found: ob3-vector skipped\n", path);
    bl_free(doc);

    bl_buf_init(&t, (size_t)1 << 30);
    typical(&t, 1);
    run("ob3-credential", t.p, t.len, secs);
    bl_buf_reset(&t);
    credential(&t, 1);
    run("ob3-credential-heavy", t.p, t.len, secs);
    bl_buf_reset(&t);
    for (k = 0; k < 200; k++)
        credential(&t, k);
    run("synthetic-200-credentials", t.p, t.len, secs);
    bl_buf_free(&t);
    return 0;
}
