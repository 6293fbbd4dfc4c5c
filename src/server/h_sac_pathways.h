/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* h_sac_pathways.h: the young person's pathways as progress maps (/sac/parcours). */
#ifndef BL_H_SAC_PATHWAYS_H
#define BL_H_SAC_PATHWAYS_H

#include "http.h"

enum bl_err h_sac_pathways_get(struct bl_req *req, struct bl_resp *resp, struct bl_errinfo *ei);

#endif
