/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * fuzz_evtoken.c: libFuzzer target for what a young person's phone sends
 * before any check: the claim token of /r/{token} (core/evtoken.h) and the
 * phone number of the claim form (core/recipient.h).  A token is accepted
 * only if its MAC is right, and then it names a 22-character uid; a phone
 * number is accepted only in E.164.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/evtoken.h"
#include "core/mem.h"
#include "core/recipient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char master[32] = {7};
    unsigned char key[BL_EVTOKEN_KEY_LEN];
    char uid[BL_EVTOKEN_UID_LEN + 1], phone[BL_RECIPIENT_PHONE_LEN], again[BL_EVTOKEN_LEN];
    char *s = bl_malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    if (bl_evtoken_key(master, sizeof master, key, NULL) != BL_OK)
        abort();
    enum bl_err rc = bl_evtoken_check(key, s, 1780000000, 30, uid, NULL);
    if (rc == BL_OK) {
        /* Only a token we could have made: making it again gives the same text. */
        const char *p = s + BL_EVTOKEN_UID_LEN + 1;
        int64_t n = 0;
        for (const char *q = p + 1; *q >= '0' && *q <= '9'; q++)
            n = n * 10 + (*q - '0');
        if (strlen(uid) != BL_EVTOKEN_UID_LEN ||
            bl_evtoken_make(key, uid, *p, n, again, NULL) != BL_OK || strcmp(again, s) != 0)
            abort();
    } else if (rc != BL_EBADSIG && rc != BL_EINVAL) {
        abort();
    }
    if (bl_recipient_phone_normalize(s, phone, NULL) == BL_OK && !bl_recipient_is_e164(phone))
        abort();
    bl_free(s);
    return 0;
}
