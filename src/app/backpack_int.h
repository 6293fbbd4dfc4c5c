/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * backpack_int.h: what backpack.c lends its sibling files (backpack_*.c),
 * inside the caller's transaction.  Not for the server.
 */
#ifndef BL_APP_BACKPACK_INT_H
#define BL_APP_BACKPACK_INT_H

#include "app/backpack.h"

/*
 * The holder who proved (kind, value), made when nobody did: the proof is
 * the caller's (a code, a mail link).  Claims with it merge in.
 */
enum bl_err bl_app_sac_resolve_tx(struct bl_tx *tx, const struct bl_app *app, const char *kind,
                                  const char *value, int64_t *holder_id,
                                  struct bl_errinfo *ei) BL_WARN_UNUSED;

/* holder_id proved (kind, value) (the caller holds the proof): it joins, claim backpacks merge. */
enum bl_err bl_app_sac_attach_tx(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                                 const char *kind, const char *value,
                                 struct bl_errinfo *ei) BL_WARN_UNUSED;

/* A new session of holder_id into out. */
enum bl_err bl_app_sac_open_tx(struct bl_tx *tx, const struct bl_app *app, int64_t holder_id,
                               struct bl_app_hsession *out, struct bl_errinfo *ei) BL_WARN_UNUSED;

#endif
