/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * routes.c: the route table of blason serve (router.h).  First match wins;
 * keep the more specific patterns first within a prefix.
 */
#include "routes.h"

#include "h_api.h"
#include "h_import.h"
#include "h_awarding.h"
#include "h_backpack.h"
#include "h_badge_editor.h"
#include "doccache.h"
#include "h_pages.h"
#include "h_public.h"
#include "h_signin.h"
#include "h_staff.h"
#include "h_verifier.h"
#include "h_opportunity.h"
#include "page.h"
#include "http.h"

const struct bl_route bl_routes[] = {
    /* Framework: health check and static assets. */
    {.method = "GET", .pattern = "/healthz", .fn = h_health_get},
    {.method = "GET", .pattern = "/static/{file}", .fn = h_static_get},
    /* tests/http only: 404 unless the test_routes setting is on. */
    {.method = "POST", .pattern = "/test/echo/{name}", .fn = h_test_echo},
    {.method = "GET", .pattern = "/test/redirect", .fn = h_test_redirect},
    {.method = "GET", .pattern = "/test/etag", .fn = h_test_etag},
    {.method = "GET", .pattern = "/test/fail", .fn = h_test_fail},

    /* JSON API (h_api.c, docs/openapi.yaml): session cookie + CSRF token, or a Bearer token. */
    {.method = "POST", .pattern = "/api/v1/session", .fn = h_api_session_post},
    {.method = "DELETE", .pattern = "/api/v1/session", .fn = h_api_session_delete},
    {.method = "GET", .pattern = "/api/v1/orgs/{slug}/badges", .fn = h_api_badges_get},
    {.method = "POST", .pattern = "/api/v1/orgs/{slug}/badges", .fn = h_api_badges_post},
    {.method = "GET", .pattern = "/api/v1/orgs/{slug}/awards", .fn = h_api_awards_get},
    {.method = "GET", .pattern = "/api/v1/orgs/{slug}/audit", .fn = h_api_audit_get},
    {.method = "GET", .pattern = "/api/v1/badges/{uid}", .fn = h_api_badge_get},
    {.method = "POST", .pattern = "/api/v1/badges/{uid}/awards", .fn = h_api_awards_post},
    {.method = "GET", .pattern = "/api/v1/awards/{uid}", .fn = h_api_award_get},
    {.method = "POST", .pattern = "/api/v1/awards/{uid}/revoke", .fn = h_api_award_revoke},

    {.method = "GET", .pattern = "/", .fn = h_page_home, .flags = BL_ROUTE_HTML},

    /* The issuer space (h_signin.c, staff.h): pages in French for signed-in staff. */
    {.method = "GET", .pattern = "/connexion", .fn = h_signin_get, .flags = BL_ROUTE_HTML},
    {.method = "POST", .pattern = "/connexion", .fn = h_signin_post, .flags = BL_ROUTE_HTML},
    {.method = "POST", .pattern = "/deconnexion", .fn = h_signout_post, .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/espace", .fn = h_space_get, .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/espace/{slug}", .fn = h_space_get, .flags = BL_ROUTE_HTML},

    /* Public Open Badges documents (h_public.c): no login. */
    {.method = "GET", .pattern = "/.well-known/jwks.json", .fn = h_wellknown_jwks_get},
    {.method = "GET", .pattern = "/o/{slug}", .fn = h_issuer_get},
    {.method = "GET", .pattern = "/o/{slug}/image", .fn = h_issuer_image_get},
    {.method = "GET", .pattern = "/o/{slug}/keys/{kid}", .fn = h_key_get},
    {.method = "GET", .pattern = "/o/{slug}/jwks.json", .fn = h_jwks_get},
    {.method = "GET", .pattern = "/o/{slug}/did.json", .fn = h_did_get},
    {.method = "GET", .pattern = "/o/{slug}/revocations", .fn = h_revocations_get},
    {.method = "GET", .pattern = "/o/{slug}/status/revocations", .fn = h_revocations3_get},
    {.method = "GET", .pattern = "/o/{slug}/status/1", .fn = h_statuslist_get},
    {.method = "GET", .pattern = "/badges/{uid}", .fn = h_badgeclass_get},
    {.method = "GET", .pattern = "/badges/{uid}/image", .fn = h_badge_image_get},
    {.method = "GET", .pattern = "/awards/{uid}", .fn = h_assertion_get},
    {.method = "GET", .pattern = "/awards/{uid}/assertion.jws", .fn = h_assertion_jws_get},
    {.method = "GET", .pattern = "/awards/{uid}/credential", .fn = h_credential_get},
    {.method = "GET", .pattern = "/awards/{uid}/credential.jwt", .fn = h_credential_jwt_get},
    {.method = "GET", .pattern = "/awards/{uid}/badge.png", .fn = h_baked_png_get},
    {.method = "GET", .pattern = "/awards/{uid}/badge.svg", .fn = h_baked_svg_get},
    {.method = "GET", .pattern = "/awards/{uid}/badge-ob2.png", .fn = h_baked2_png_get},
    {.method = "GET", .pattern = "/awards/{uid}/badge-ob2.svg", .fn = h_baked2_svg_get},

    /* ---- Application routes (lead): one h_<resource>.c per resource. ----
     * e.g. {.method = "GET", .pattern = "/o/{slug}/badges/{uid}", .fn = h_badge_get,
     *       .flags = BL_ROUTE_HTML},
     */
    /* Awarding from the issuer space, award lists, revocation, export (h_awarding.c). */
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/{uid}/attribuer",
     .fn = h_award_form_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/badges/{uid}/attribuer",
     .fn = h_award_form_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/attributions",
     .fn = h_awards_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/attributions.csv",
     .fn = h_awards_csv_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/attributions/revocation",
     .fn = h_awards_revoke_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/attributions/{uid}",
     .fn = h_award_staff_get,
     .flags = BL_ROUTE_HTML},
    /* Awarding from a CSV file: upload, preview, issue, progress (h_import.c). */
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/{uid}/importer",
     .fn = h_import_form_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/badges/{uid}/importer",
     .fn = h_import_upload_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/{uid}/importer/{id}",
     .fn = h_import_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/badges/{uid}/importer/{id}/colonnes",
     .fn = h_import_map_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/badges/{uid}/importer/{id}/emettre",
     .fn = h_import_issue_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/{uid}/importer/{id}/etat",
     .fn = h_import_state_get},
    /* Badge classes in the issuer space: list, create, edit, detail (h_badge_editor.c). */
    {.method = "GET",
     .pattern = "/espace/{slug}/badges",
     .fn = h_badges_list_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/nouveau",
     .fn = h_badge_new_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/espace/{slug}/badges/apercu.svg", .fn = h_badge_art_preview_get},
    {.method = "POST",
     .pattern = "/espace/{slug}/badges/nouveau",
     .fn = h_badge_new_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/{uid}",
     .fn = h_badge_detail_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/badges/{uid}/modifier",
     .fn = h_badge_edit_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/badges/{uid}/modifier",
     .fn = h_badge_edit_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/badges/{uid}/image.svg", .fn = h_badge_image_svg_get},
    /* Forgotten password, invitations and the team page (h_staff.c). */
    {.method = "GET", .pattern = "/mot-de-passe", .fn = h_password_get, .flags = BL_ROUTE_HTML},
    {.method = "POST", .pattern = "/mot-de-passe", .fn = h_password_post, .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/mot-de-passe/{token}",
     .fn = h_password_link_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/mot-de-passe/{token}",
     .fn = h_password_link_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/espace/{slug}/equipe", .fn = h_team_get, .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/equipe/role",
     .fn = h_team_role_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/equipe/inviter",
     .fn = h_team_invite_post,
     .flags = BL_ROUTE_HTML},
    /* The public verifier page (h_verifier.c): no login, nothing stored. */
    {.method = "GET", .pattern = "/verifier", .fn = h_verifier_get, .flags = BL_ROUTE_HTML},
    {.method = "POST", .pattern = "/verifier", .fn = h_verifier_post, .flags = BL_ROUTE_HTML},
    /* Opportunities of an organisation and the applications to them (h_opportunity.c). */
    {.method = "GET",
     .pattern = "/espace/{slug}/opportunites",
     .fn = h_opps_list_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/opportunites/nouvelle",
     .fn = h_opp_new_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/opportunites/nouvelle",
     .fn = h_opp_new_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/opportunites/{uid}",
     .fn = h_opp_detail_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/espace/{slug}/opportunites/{uid}/modifier",
     .fn = h_opp_edit_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/opportunites/{uid}/modifier",
     .fn = h_opp_edit_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/candidatures/{app}/reponse",
     .fn = h_opp_answer_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/espace/{slug}/candidatures/{app}/issue",
     .fn = h_opp_outcome_post,
     .flags = BL_ROUTE_HTML},
    /* Opportunities in the young person's backpack (h_sac_opps.c). */
    {.method = "GET", .pattern = "/sac/opportunites", .fn = h_sac_opps_get, .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/sac/opportunites/{uid}",
     .fn = h_sac_opp_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/opportunites/{uid}/postuler",
     .fn = h_sac_opp_apply_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/candidatures/{app}/retirer",
     .fn = h_sac_app_withdraw_post,
     .flags = BL_ROUTE_HTML},
    /* The young person's backpack and its public share pages (h_backpack.c). */
    {.method = "GET", .pattern = "/sac", .fn = h_sac_home_get, .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/sac/connexion", .fn = h_sac_signin_get, .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/connexion",
     .fn = h_sac_signin_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST", .pattern = "/sac/code", .fn = h_sac_code_post, .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/sac/code/{token}",
     .fn = h_sac_code_link_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/code/{token}",
     .fn = h_sac_code_link_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/sac/l/{token}",
     .fn = h_sac_personal_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/deconnexion",
     .fn = h_sac_signout_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST", .pattern = "/sac/mineur", .fn = h_sac_minor_post, .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/sac/badges/{uid}",
     .fn = h_sac_badge_get,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/sac/badges/{uid}/attestation",
     .fn = h_sac_certificate_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/badges/{uid}/partage",
     .fn = h_sac_share_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET",
     .pattern = "/sac/identifiants",
     .fn = h_sac_idents_get,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/identifiants",
     .fn = h_sac_idents_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/identifiants/code",
     .fn = h_sac_ident_code_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/sac/compte", .fn = h_sac_account_get, .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/sac/compte/export.zip", .fn = h_sac_export_get},
    {.method = "POST",
     .pattern = "/sac/compte/suppression",
     .fn = h_sac_delete_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/sac/importer", .fn = h_sac_imports_get, .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/importer",
     .fn = h_sac_imports_post,
     .flags = BL_ROUTE_HTML},
    {.method = "POST",
     .pattern = "/sac/importer/{id}/verifier",
     .fn = h_sac_import_check_post,
     .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/b/{token}", .fn = h_share_get, .flags = BL_ROUTE_HTML},
    {.method = "GET", .pattern = "/test/sac/outbox", .fn = h_test_sac_outbox},
};

const size_t bl_routes_count = sizeof bl_routes / sizeof bl_routes[0];

enum bl_err bl_routes_init(const struct bl_config *cfg, struct bl_errinfo *ei)
{
    enum bl_err rc = bl_health_init(cfg, ei);

    if (rc == BL_OK)
        rc = bl_static_files_init(cfg, ei);
    /* Application handlers that build things once add their init here. */
    if (rc == BL_OK)
        rc = bl_pages_init(ei);
    if (rc == BL_OK)
        bl_doccache_init(cfg->cache_ttl);
    return rc;
}

void bl_routes_fini(void)
{
    bl_import_fini(); /* issuing threads use the app: stop them first */
    bl_doccache_fini();
    bl_pages_fini();
    bl_static_files_fini();
    bl_health_fini();
}
