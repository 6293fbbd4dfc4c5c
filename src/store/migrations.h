/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * migrations.h: the numbered SQL migrations of src/store/sql/<backend>/
 * NNN_name.sql, compiled into the binary by scripts/embed_sql.c (the table
 * is generated as build/gen/migrations.c).  Each backend has its own files
 * with the same numbers; they are applied in order, each in its own
 * transaction, and recorded in the table schema_migrations.
 */
#ifndef BL_MIGRATIONS_H
#define BL_MIGRATIONS_H

#include <stddef.h>

struct bl_migration {
    const char *backend; /* "sqlite" | "postgresql" */
    int number;          /* NNN */
    const char *name;    /* the file name without number and extension */
    const char *sql;
};

extern const struct bl_migration bl_migrations[];
extern const size_t bl_migrations_count;

#endif
