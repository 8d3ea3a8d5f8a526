/* fm-source.h — one piece of evidence for a claim */
#pragma once

#include <glib-object.h>

#include "fm-types.h"

G_BEGIN_DECLS

#define FM_TYPE_SOURCE (fm_source_get_type ())
G_DECLARE_FINAL_TYPE (FmSource, fm_source, FM, SOURCE, GObject)

FmSource     *fm_source_new               (void);
FmSource     *fm_source_copy              (FmSource     *self);
void          fm_source_assign            (FmSource     *self,
                                           FmSource     *from);

const char   *fm_source_get_id            (FmSource     *self);
void          fm_source_set_id            (FmSource     *self,
                                           const char   *id);
const char   *fm_source_get_claim_id      (FmSource     *self);
void          fm_source_set_claim_id      (FmSource     *self,
                                           const char   *claim_id);
/* http or https only; the store refuses anything else */
const char   *fm_source_get_url           (FmSource     *self);
void          fm_source_set_url           (FmSource     *self,
                                           const char   *url);
const char   *fm_source_get_title         (FmSource     *self);
void          fm_source_set_title         (FmSource     *self,
                                           const char   *title);
const char   *fm_source_get_publisher     (FmSource     *self);
void          fm_source_set_publisher     (FmSource     *self,
                                           const char   *publisher);
const char   *fm_source_get_author        (FmSource     *self);
void          fm_source_set_author        (FmSource     *self,
                                           const char   *author);
/* Dates as YYYY-MM-DD (or a full ISO 8601 time) */
const char   *fm_source_get_published     (FmSource     *self);
void          fm_source_set_published     (FmSource     *self,
                                           const char   *published);
const char   *fm_source_get_accessed      (FmSource     *self);
void          fm_source_set_accessed      (FmSource     *self,
                                           const char   *accessed);
const char   *fm_source_get_archive_url   (FmSource     *self);
void          fm_source_set_archive_url   (FmSource     *self,
                                           const char   *archive_url);
FmStance      fm_source_get_stance        (FmSource     *self);
void          fm_source_set_stance        (FmSource     *self,
                                           FmStance      stance);
FmSourceKind  fm_source_get_kind          (FmSource     *self);
void          fm_source_set_kind          (FmSource     *self,
                                           FmSourceKind  kind);
const char   *fm_source_get_note          (FmSource     *self);
void          fm_source_set_note          (FmSource     *self,
                                           const char   *note);
/* Order among the claim's sources */
int           fm_source_get_position      (FmSource     *self);
void          fm_source_set_position      (FmSource     *self,
                                           int           position);
const char   *fm_source_get_created_at    (FmSource     *self);
void          fm_source_set_created_at    (FmSource     *self,
                                           const char   *created_at);
const char   *fm_source_get_created_by    (FmSource     *self);
void          fm_source_set_created_by    (FmSource     *self,
                                           const char   *created_by);

/* The title, else the URL */
const char   *fm_source_get_display_title (FmSource     *self);

G_END_DECLS
