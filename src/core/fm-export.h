/* fm-export.h — the formats other tools speak, and writing them safely
 *
 * CSV, W3C Web Annotation JSON-LD and schema.org ClaimReview out; W3C Web
 * Annotations back in. The builders are pure functions of an FmReportData
 * (see fm-report.h), so they run in a worker thread on copies;
 * fm_export_collect() makes those copies from the store. Files are
 * written to a temporary file beside the target and renamed over it, so a
 * failed export never leaves a half-written file.
 *
 * In a window, on the main thread (where the store lives):
 *
 *   data = fm_export_collect (store, article_id, &error);
 *   fm_export_to_file_async (data, FM_EXPORT_FORMAT_HTML, &options, path,
 *                            on_progress, g_object_ref (self), g_object_unref,
 *                            self->cancellable,
 *                            on_exported, self);
 *
 * then fm_export_to_file_finish() in on_exported. Building and writing
 * happen in a GTask thread on the copies; on_progress is called back on
 * the main thread with the fraction done.
 */
#pragma once

#include <gio/gio.h>

#include "fm-report.h"
#include "fm-store.h"

G_BEGIN_DECLS

#define FM_EXPORT_ERROR (fm_export_error_quark ())

typedef enum {
  FM_EXPORT_ERROR_WRITE,        /* the file could not be written: nothing was left behind */
  FM_EXPORT_ERROR_READ,         /* an annotation file could not be read */
  FM_EXPORT_ERROR_INVALID,      /* not JSON, or not W3C Web Annotations */
  FM_EXPORT_ERROR_UNPLACED,     /* annotations that could not be placed in the text */
} FmExportError;

GQuark       fm_export_error_quark        (void);

typedef enum {
  FM_EXPORT_FORMAT_HTML,
  FM_EXPORT_FORMAT_CSV,
  FM_EXPORT_FORMAT_W3C,
  FM_EXPORT_FORMAT_CLAIM_REVIEW,
} FmExportFormat;

#define FM_N_EXPORT_FORMATS (FM_EXPORT_FORMAT_CLAIM_REVIEW + 1)

/* "html", "csv", "w3c", "claimreview" */
const char  *fm_export_format_to_id       (FmExportFormat  format);
gboolean     fm_export_format_from_id     (const char     *id,
                                           FmExportFormat *format);
const char  *fm_export_format_label       (FmExportFormat  format);
/* The file name extension, without the dot */
const char  *fm_export_format_extension   (FmExportFormat  format);
const char  *fm_export_format_content_type (FmExportFormat format);

/* Copies of the article (with its text), its claims and their sources,
 * which a worker thread may then read while the store goes on. Call it
 * where the store lives. */
FmReportData *fm_export_collect           (FmStore        *store,
                                           const char     *article_id,
                                           GError        **error);

/* The whole file in @format. Fails only when cancelled. */
GBytes      *fm_export_build              (FmReportData          *data,
                                           FmExportFormat         format,
                                           const FmReportOptions *options,
                                           FmProgressFunc         progress,
                                           gpointer               progress_data,
                                           GCancellable          *cancellable,
                                           GError               **error);

/* CSV, one row per claim (RFC 4180, CRLF, UTF-8 with a byte order mark so
 * that spreadsheets read it as UTF-8). A cell that starts with = + - @,
 * a tab or a carriage return gets a leading apostrophe, so that no
 * spreadsheet runs it as a formula; fm_export_csv_cell_value() takes it
 * off again. */
void         fm_export_csv_begin          (GString               *out);
void         fm_export_csv_append         (GString               *out,
                                           FmReportData          *data,
                                           const FmReportOptions *options);
char        *fm_export_csv_cell_value     (const char            *cell);

/* Writes @contents to @path: to a temporary file in the same folder,
 * flushed to disk, then renamed over @path. On failure nothing is left. */
gboolean     fm_export_write_file         (const char     *path,
                                           GBytes         *contents,
                                           GError        **error);

/* A CSV of every claim of every article in the workspace, written article
 * by article (memory stays bounded) and renamed into place at the end */
gboolean     fm_export_workspace_csv      (FmStore               *store,
                                           const char            *path,
                                           const FmReportOptions *options,
                                           GError               **error);

/* Builds and writes in a worker thread. @progress is called in the
 * thread-default main context of the caller, at most once per percent. */
void         fm_export_to_file_async      (FmReportData          *data,
                                           FmExportFormat         format,
                                           const FmReportOptions *options,
                                           const char            *path,
                                           FmProgressFunc         progress,
                                           gpointer               progress_data,
                                           GDestroyNotify         progress_data_destroy,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean     fm_export_to_file_finish     (GAsyncResult          *result,
                                           GError               **error);

/* W3C Web Annotations back in */

/* Largest annotation file read, and deepest JSON nesting accepted */
#define FM_ANNOTATIONS_MAX_BYTES (64 * 1024 * 1024)
#define FM_ANNOTATIONS_MAX_DEPTH 64

/* The bytes of an annotation file (or pipe), refusing to read more than
 * FM_ANNOTATIONS_MAX_BYTES */
GBytes      *fm_export_load_annotation_file (GFile        *file,
                                             GCancellable *cancellable,
                                             GError      **error);

/* Reads a W3C Web Annotation file — one annotation, a JSON array of them,
 * an AnnotationPage or an AnnotationCollection with its pages embedded —
 * and places each annotation in @article's text: by its
 * TextPositionSelector where the text there is its quote, else by finding
 * its TextQuoteSelector (the prefix and suffix, then the position, choose
 * between several matches). Touches no store.
 *
 * An annotation marked factmark:anchor "unplaced" is kept as an orphan
 * with its quote, and "to-confirm" stays flagged with its confidence.
 *
 * Returns the claims (with sources) that could be placed. Each annotation
 * that could not be — a quote not in the text, wrong types, positions out
 * of range — adds a message to *problems. A file that is not JSON or holds
 * no annotations is an error. */
FmReportData *fm_export_read_annotations  (GBytes         *contents,
                                           FmArticle      *article,
                                           GPtrArray     **problems,
                                           GError        **error);

typedef enum {
  FM_IMPORT_ANNOTATIONS_DEFAULT       = 0,
  /* Import what can be placed, and list the rest in *notes */
  FM_IMPORT_ANNOTATIONS_SKIP_UNPLACED = 1 << 0,
} FmImportAnnotationsFlags;

/* Reads annotations onto the article and stores them as new claims in one
 * transaction. Annotations whose id is already a claim of the workspace
 * are left out and listed in *notes. Unless SKIP_UNPLACED is given, one
 * annotation that cannot be placed fails the whole import (error
 * FM_EXPORT_ERROR_UNPLACED, every problem in its message) and nothing
 * changes. An annotation marked approved without who approved it and when
 * (factmark:reviewedBy and factmark:reviewedAt) comes in as needs-review,
 * and *notes says how many did. Each new claim's history records the
 * import and the values it came with (fm_store_import_claims()).
 * Returns the new claims. */
GPtrArray   *fm_export_import_annotations (FmStore                  *store,
                                           const char               *article_id,
                                           GBytes                   *contents,
                                           FmImportAnnotationsFlags  flags,
                                           GPtrArray               **notes,
                                           GError                  **error);

G_END_DECLS
