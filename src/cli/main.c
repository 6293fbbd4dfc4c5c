/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * main.c: the blason command.  A thin shell: each verb lives in
 * cmd_<verb>.c and calls the library; this file only dispatches.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_site.h"

#ifndef BLASON_VERSION
#define BLASON_VERSION "0.1.0"
#endif

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} verbs[] = {
    {"bake", cmd_bake, "put an Open Badge (URL, JWS or JSON) into a PNG or SVG image"},
    {"unbake", cmd_unbake, "print the Open Badge baked into a PNG or SVG image"},
    {"raster", cmd_raster, "draw an SVG image to a PNG (used by serve for issuers' SVGs)"},
    {"inspect", cmd_inspect, "describe the badge of an image: format, version, kind, position"},
    {"issue", cmd_issue, "build, sign and bake an Open Badge for one recipient"},
    {"keygen", cmd_keygen, "generate a signing key (Ed25519, RSA, P-256)"},
    {"pubkey", cmd_pubkey, "print the public forms of a key: PEM, JWK, Multikey, did:key, JWKS"},
    {"sign", cmd_sign, "sign a payload as a compact JWS"},
    {"jws", cmd_jws, "verify a compact JWS, or show it without verifying"},
    {"verify", cmd_verify, "say whether an Open Badge is authentic and still valid"},
    {"canon", cmd_canon, "print the canonical N-Quads (RDFC-1.0) of a JSON-LD document"},
    {"verify-proof", cmd_verify_proof, "verify the Data Integrity proofs of a credential"},
    {"serve", cmd_serve, "serve Blason over HTTP (the web pages and the API)"},
    {"db", cmd_db, "apply the database migrations, or print the schema version"},
    {"org", cmd_org, "create an organisation (issuer profile and keys), rotate its keys"},
    {"user", cmd_user, "create a staff account, set roles, make API tokens"},
    {"badge", cmd_badge, "create a badge class"},
    {"award", cmd_award, "award a badge class to one person (signed OB 2.0 and 3.0)"},
    {"revoke", cmd_revoke, "revoke an award"},
    {"holder", cmd_holder, "create a young person's backpack (holder), give it an award"},
    {"framework", cmd_framework, "import a competency framework (CSV or JSON), list them"},
    {"endorse", cmd_endorse, "endorse a badge class, an issuer or an award; withdraw it"},
    {"partner", cmd_partner, "invite a partner organisation of a network admin"},
    {"need", cmd_need, "declare a need on the needs board, or support one"},
    {"pathway", cmd_pathway, "define a pathway of badges (with a milestone badge)"},
    {"opportunity", cmd_opportunity, "offer an opportunity (job, interview, training...)"},
    {"profile", cmd_profile, "change a partner's profile (SIRET, sector, contact)"},
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: blason COMMAND [OPTIONS] ...\n\n"
               "Blason, an Open Badges platform.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        fprintf(f, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
    fprintf(f, "\n'blason COMMAND --help' describes a command.\n"
               "Exit status: 0 ok, 1 no badge or invalid input, 2 usage or I/O error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("blason %s\n", BLASON_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strcmp(argv[1], verbs[i].name) == 0)
            return verbs[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "blason: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
