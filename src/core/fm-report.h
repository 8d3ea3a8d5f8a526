/* fm-report.h — the fact-check report: the only code that writes HTML
 *
 * Everything here is a pure function of the data it is given: an article,
 * its claims and their sources, and the options. Nothing reads the store,
 * so a window can build a report in a worker thread from copies.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fm-article.h"
#include "fm-claim.h"
#include "fm-source.h"

G_BEGIN_DECLS

/* What a report or an export is made from. Holds references: give it
 * objects nobody changes while it is in use (copies, for a thread). */
typedef struct _FmReportData FmReportData;

#define FM_TYPE_REPORT_DATA (fm_report_data_get_type ())

GType         fm_report_data_get_type     (void) G_GNUC_CONST;
FmReportData *fm_report_data_new          (FmArticle    *article);
FmReportData *fm_report_data_ref          (FmReportData *data);
void          fm_report_data_unref        (FmReportData *data);
/* Adds a claim and its sources (FmSource, in their order; may be NULL) */
void          fm_report_data_add_claim    (FmReportData *data,
                                           FmClaim      *claim,
                                           GPtrArray    *sources);
/* The article's text is revision @revision (1: it never changed), which
 * replaced the one before at @revised_at */
void          fm_report_data_set_revision (FmReportData *data,
                                           guint         revision,
                                           const char   *revised_at);
FmArticle    *fm_report_data_get_article  (FmReportData *data);
guint         fm_report_data_get_n_claims (FmReportData *data);
/* The claims in text order (fm_claim_compare()) */
FmClaim      *fm_report_data_get_claim    (FmReportData *data,
                                           guint         index);
/* Never NULL */
GPtrArray    *fm_report_data_get_sources  (FmReportData *data,
                                           guint         index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FmReportData, fm_report_data_unref)

typedef struct {
  /* Leave out every claim an editor has not approved */
  gboolean    approved_only;
  /* When the report is made (for reproducible output); NULL: now */
  GDateTime  *generated_at;
  /* Where the report will be published: ClaimReview urls point into it.
   * NULL: urls are fragments relative to the report ("#claim-3"). */
  const char *report_url;
  /* The newsroom that publishes the fact-check (ClaimReview author);
   * NULL: the editor who approved each claim, else who created it */
  const char *organization;
} FmReportOptions;

#define FM_REPORT_OPTIONS_INIT { FALSE, NULL, NULL, NULL }

/* Called with the fraction done, from the thread that builds */
typedef void (*FmProgressFunc) (double   fraction,
                                gpointer user_data);

/* The self-contained HTML5 report. Fails only when cancelled. */
GBytes     *fm_report_build_html          (FmReportData          *data,
                                           const FmReportOptions *options,
                                           FmProgressFunc         progress,
                                           gpointer               progress_data,
                                           GCancellable          *cancellable,
                                           GError               **error);

/* A JSON array of schema.org ClaimReview objects, one per claim that has a
 * verdict (claims still unrated have none) */
JsonNode   *fm_report_build_claim_reviews (FmReportData          *data,
                                           const FmReportOptions *options);

/* The claims the options keep, in text order, as indexes into @data */
GArray     *fm_report_select_claims       (FmReportData          *data,
                                           const FmReportOptions *options);

/* A web link for the article (canonical URL, else the URL it came from),
 * or NULL: local file paths never leave the workspace. */
const char *fm_report_article_link        (FmArticle             *article);

G_END_DECLS
