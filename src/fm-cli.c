/* fm-cli.c — the command line: everything that works without a display
 *
 * Errors are printed as "factmark: WHAT: WHY" and give exit status 1; a
 * usage error gives 2. Nothing here touches GTK.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fm-cli.h"
#include "fm-export.h"
#include "fm-import.h"
#include "fm-store.h"
#include "fm-suggest.h"
#include "fm-sync.h"
#include "fm-util.h"

#define EXIT_USAGE 2

typedef struct
{
  char     *workspace;
  gboolean  import;
  gboolean  list;
  gboolean  claims;
  gboolean  json;
  char     *article;
  char     *status;
  char     *verdict;
  gboolean  keep_debris;
  char     *history;
  gboolean  version;
  char    **rest;
  gboolean  suggest;
  char     *new_version_of;
  gboolean  extract;
  char     *output_dir;
  /* Exports and annotations */
  char     *export_report;
  char     *export;
  char     *format;
  char     *output;
  gboolean  approved_only;
  char     *report_url;
  char     *organization;
  char     *import_annotations;
  gboolean  skip_unplaced;
  char     *sync;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->workspace);
  g_free (o->article);
  g_free (o->status);
  g_free (o->verdict);
  g_free (o->history);
  g_strfreev (o->rest);
  g_free (o->new_version_of);
  g_free (o->output_dir);
  g_free (o->export_report);
  g_free (o->export);
  g_free (o->format);
  g_free (o->output);
  g_free (o->report_url);
  g_free (o->organization);
  g_free (o->import_annotations);
  g_free (o->sync);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Options that make this a command-line run rather than the window */
static const char * const action_options[] = {
  "--import", "--list", "--claims", "--help", "-h", "--help-all", "--version", "--history",
  "--suggest", "--extract", "--output-dir",
  "--export-report", "--export", "--import-annotations", "--format", "--output",
  "--approved-only", "--report-url", "--organization", "--skip-unplaced",
  "--sync",
};

gboolean
fm_cli_is_command_line (int    argc,
                        char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      for (guint k = 0; k < G_N_ELEMENTS (action_options); k++)
        if (g_str_equal (argv[i], action_options[k]) ||
            (g_str_has_prefix (argv[i], action_options[k]) &&
             argv[i][strlen (action_options[k])] == '='))
          return TRUE;
    }
  return FALSE;
}

G_GNUC_PRINTF (2, 3)
static int
fail (int         status,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("factmark: %s\n", message);
  return status;
}

/* The name the history records: the one chosen in the window's
 * Preferences, as the window records it, else the account's (the store's
 * default). Without the app's settings schema (an uninstalled build run
 * from elsewhere) the account's. */
static void
apply_display_name (FmStore *store)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *name = NULL;

  if (source == NULL)
    return;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "display-name"))
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  name = g_settings_get_string (settings, "display-name");
  g_strstrip (name);
  if (*name != '\0')
    fm_store_set_actor (store, name);
}

static FmStore *
open_store (Options  *o,
            int      *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = o->workspace ? g_strdup (o->workspace) : fm_store_default_path ();
  FmStore *store = fm_store_open (path, &error);

  if (store != NULL)
    apply_display_name (store);
  if (store == NULL)
    *status = fail (1, "%s: %s", path, error->message);
  else if (fm_store_is_read_only (store))
    /* Say so, once: reading works, any change will be refused */
    g_printerr ("factmark: %s: %s\n", path,
                _("The workspace is read-only (its file or folder is not writable): it can be "
                  "read but not changed"));
  return store;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/* A file, or an http(s) URL downloaded first */
static FmArticle *
import_arg (const char     *arg,
            FmImportFlags   flags,
            GError        **error)
{
  g_autoptr(GFile) file = NULL;

  /* Any address but a file:// one goes to the downloader, which takes
   * http and https and explains that it takes nothing else */
  if (fm_url_is_web (arg) ||
      (strstr (arg, "://") != NULL && !g_str_has_prefix (arg, "file://")))
    return fm_import_url (arg, flags, NULL, error);
  file = g_file_new_for_commandline_arg (arg);
  return fm_import_file (file, flags, NULL, error);
}

static int
cli_import (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autofree char *version_of = NULL;
  int status = 0;

  if (o->rest == NULL || o->rest[0] == NULL)
    return fail (EXIT_USAGE, _("--import needs at least one file or URL"));

  if (o->new_version_of != NULL && o->rest[1] != NULL)
    return fail (EXIT_USAGE, _("--new-version-of takes one file"));

  store = open_store (o, &status);
  if (store == NULL)
    return status;
  if (fm_store_is_read_only (store))
    return fail (1, "%s: %s", fm_store_get_path (store),
                 _("nothing was imported: the workspace is read-only"));

  if (o->new_version_of != NULL)
    {
      g_autoptr(GError) error = NULL;

      version_of = fm_store_resolve_article_id (store, o->new_version_of, &error);
      if (version_of == NULL)
        return fail (1, "--new-version-of %s: %s", o->new_version_of, error->message);
    }

  for (guint i = 0; o->rest[i] != NULL; i++)
    {
      g_autoptr(FmArticle) imported = NULL;
      g_autoptr(FmArticle) stored = NULL;
      g_autoptr(GError) error = NULL;
      FmArticleAddition addition = FM_ARTICLE_ADDITION_NEW;
      FmRevisionSummary summary;

      imported = import_arg (o->rest[i], o->keep_debris ? FM_IMPORT_FLAGS_KEEP_DEBRIS : 0,
                             &error);
      /* A new version (same canonical URL, or named) becomes a revision */
      if (imported != NULL)
        stored = fm_store_import_article (store, imported, version_of, &addition, &summary,
                                          &error);
      if (stored == NULL)
        {
          status = fail (1, "%s: %s", o->rest[i], error->message);
          continue;
        }
      g_print ("%s\t%s\n", fm_article_get_id (stored), fm_article_get_title (stored));
      if (addition == FM_ARTICLE_ADDITION_REVISED)
        {
          /* Translators: the counts of claims after a new version of an article,
           * each said apart, then put together in "%s: revision %u of the
           * article: %s, %s, %s, %s, %s, %s" */
          g_autofree char *exact = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%u claim placed exactly",
                                                                 "%u claims placed exactly",
                                                                 summary.n_exact),
                                                    summary.n_exact);
          /* Translators: a number of claims moved to the same words elsewhere */
          g_autofree char *moved = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u moved",
                                                                 "%u moved", summary.n_moved),
                                                    summary.n_moved);
          /* Translators: a number of claims placed on changed wording */
          g_autofree char *reworded = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%u reworded", "%u reworded",
                                                                    summary.n_changed),
                                                       summary.n_changed);
          /* Translators: a number of claims whose new place a person should confirm */
          g_autofree char *flagged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "%u to confirm",
                                                                   "%u to confirm",
                                                                   summary.n_flagged),
                                                      summary.n_flagged);
          /* Translators: a number of claims whose words are no longer in the article */
          g_autofree char *unplaced = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%u unplaced", "%u unplaced",
                                                                    summary.n_orphaned),
                                                       summary.n_orphaned);
          /* Translators: a number of approved claims that need another review */
          g_autofree char *reopened = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                    "%u sent back to review",
                                                                    "%u sent back to review",
                                                                    summary.n_reopened),
                                                       summary.n_reopened);

          /* Translators: the first %s is a file name, %u the article's version
           * number, the other %s are counts of claims ("3 claims placed exactly",
           * "1 moved", "0 reworded", "1 to confirm", "0 unplaced", "0 sent back
           * to review") */
          g_printerr (_("%s: revision %u of the article: %s, %s, %s, %s, %s, %s\n"),
                      o->rest[i], summary.revision, exact, moved, reworded, flagged, unplaced,
                      reopened);
        }
      else if (addition == FM_ARTICLE_ADDITION_EXISTED && version_of != NULL)
        g_printerr (_("%s: the same text as the article's current version: nothing changed\n"),
                    o->rest[i]);
    }
  return status;
}

static int
cli_list (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  int status = 0;

  store = open_store (o, &status);
  if (store == NULL)
    return status;
  articles = fm_store_list_articles (store, &error);
  if (articles != NULL)
    counts = fm_store_count_claims_by_article (store, &error);
  if (counts == NULL)
    return fail (1, "%s: %s", fm_store_get_path (store), error->message);

  if (o->json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }
  else if (articles->len > 0)
    {
      g_print ("%-36s  %6s", "ID", "CLAIMS");
      for (FmStatus s = 0; s < FM_N_STATUSES; s++)
        g_print ("  %s", fm_status_to_id (s));
      g_print ("  TITLE\n");
    }

  for (guint i = 0; i < articles->len; i++)
    {
      FmArticle *article = g_ptr_array_index (articles, i);
      static const guint zero[FM_N_STATUSES];
      const guint *c = g_hash_table_lookup (counts, fm_article_get_id (article));
      guint total = 0;

      if (c == NULL)
        c = zero;
      for (FmStatus s = 0; s < FM_N_STATUSES; s++)
        total += c[s];

      if (o->json)
        {
          json_builder_begin_object (builder);
          add_string (builder, "id", fm_article_get_id (article));
          add_string (builder, "title", fm_article_get_title (article));
          add_string (builder, "byline", fm_article_get_byline (article));
          add_string (builder, "siteName", fm_article_get_site_name (article));
          add_string (builder, "url", fm_article_get_url (article));
          add_string (builder, "canonicalUrl", fm_article_get_canonical_url (article));
          add_string (builder, "published", fm_article_get_published (article));
          add_string (builder, "importedAt", fm_article_get_imported_at (article));
          add_string (builder, "sourceFormat", fm_article_get_source_format (article));
          json_builder_set_member_name (builder, "claims");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "total");
          json_builder_add_int_value (builder, total);
          for (FmStatus s = 0; s < FM_N_STATUSES; s++)
            {
              json_builder_set_member_name (builder, fm_status_to_id (s));
              json_builder_add_int_value (builder, c[s]);
            }
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      else
        {
          g_print ("%-36s  %6u", fm_article_get_id (article), total);
          for (FmStatus s = 0; s < FM_N_STATUSES; s++)
            g_print ("  %*u", (int)strlen (fm_status_to_id (s)), c[s]);
          g_print ("  %s\n", fm_article_get_title (article));
        }
    }

  if (o->json)
    {
      json_builder_end_array (builder);
      print_json (builder);
    }
  return 0;
}

static void
add_claim_json (JsonBuilder *builder,
                FmClaim     *claim)
{
  const char * const *tags = fm_claim_get_tags (claim);

  json_builder_begin_object (builder);
  add_string (builder, "id", fm_claim_get_id (claim));
  add_string (builder, "article", fm_claim_get_article_id (claim));
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, fm_claim_get_start (claim));
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, fm_claim_get_end (claim));
  add_string (builder, "quote", fm_claim_get_quote (claim));
  add_string (builder, "prefix", fm_claim_get_prefix (claim));
  add_string (builder, "suffix", fm_claim_get_suffix (claim));
  add_string (builder, "summary", fm_claim_get_summary (claim));
  add_string (builder, "verdict", fm_verdict_to_id (fm_claim_get_verdict (claim)));
  add_string (builder, "status", fm_status_to_id (fm_claim_get_status (claim)));
  add_string (builder, "explanation", fm_claim_get_explanation (claim));
  add_string (builder, "assignee", fm_claim_get_assignee (claim));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sources");
  json_builder_add_int_value (builder, fm_claim_get_n_sources (claim));
  add_string (builder, "reviewComment", fm_claim_get_review_comment (claim));
  add_string (builder, "reviewedBy", fm_claim_get_reviewed_by (claim));
  add_string (builder, "reviewedAt", fm_claim_get_reviewed_at (claim));
  add_string (builder, "createdBy", fm_claim_get_created_by (claim));
  add_string (builder, "createdAt", fm_claim_get_created_at (claim));
  add_string (builder, "updatedBy", fm_claim_get_updated_by (claim));
  add_string (builder, "updatedAt", fm_claim_get_updated_at (claim));
  add_string (builder, "anchor", fm_anchor_state_to_id (fm_claim_get_anchor_state (claim)));
  json_builder_set_member_name (builder, "anchorConfidence");
  json_builder_add_double_value (builder, fm_claim_get_anchor_confidence (claim));
  json_builder_end_object (builder);
}

static char *
one_line (const char *text,
          guint       max_chars)
{
  g_autofree char *flat = g_strdup (text);
  glong len;

  g_strdelimit (flat, "\t\n\r", ' ');
  len = g_utf8_strlen (flat, -1);
  if (len <= (glong)max_chars)
    return g_steal_pointer (&flat);
  {
    g_autofree char *cut = g_utf8_substring (flat, 0, max_chars - 1);
    return g_strconcat (cut, "…", NULL);
  }
}

static int
cli_claims (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *article_id = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  int status = 0;

  if (o->status != NULL)
    {
      if (!fm_status_from_id (o->status, &query.status))
        return fail (EXIT_USAGE, _("--status: “%s” is not a status (one of: unchecked, "
                                   "in-progress, needs-review, changes-requested, approved)"),
                     o->status);
      query.any_status = FALSE;
    }
  if (o->verdict != NULL)
    {
      if (!fm_verdict_from_id (o->verdict, &query.verdict))
        return fail (EXIT_USAGE, _("--verdict: “%s” is not a verdict (one of: unrated, true, "
                                   "mostly-true, mixed, misleading, mostly-false, false, "
                                   "unverifiable)"), o->verdict);
      query.any_verdict = FALSE;
    }

  store = open_store (o, &status);
  if (store == NULL)
    return status;

  if (o->article != NULL)
    {
      article_id = fm_store_resolve_article_id (store, o->article, &error);
      if (article_id == NULL)
        return fail (1, "--article %s: %s", o->article, error->message);
      query.article_id = article_id;
    }

  claims = fm_store_query_claims (store, &query, &error);
  if (claims == NULL)
    return fail (1, "%s: %s", fm_store_get_path (store), error->message);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < claims->len; i++)
        add_claim_json (builder, g_ptr_array_index (claims, i));
      json_builder_end_array (builder);
      print_json (builder);
      return 0;
    }

  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      g_autofree char *text = one_line (fm_claim_get_display_text (claim), 80);

      g_print ("%s\t%s\t%s\t%s\t%s\n", fm_claim_get_id (claim), fm_claim_get_article_id (claim),
               fm_status_to_id (fm_claim_get_status (claim)),
               fm_verdict_to_id (fm_claim_get_verdict (claim)), text);
    }
  return 0;
}

/* "2026-11-26T18:39:31.123456Z" → "2026-11-26 19:39" in local time */
static char *
local_time (const char *iso)
{
  g_autoptr(GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso ? iso : "");
}

static int
cli_history (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *claim_id = NULL;
  int status = 0;

  store = open_store (o, &status);
  if (store == NULL)
    return status;
  claim_id = fm_store_resolve_claim_id (store, o->history, &error);
  if (claim_id == NULL)
    return fail (1, "--history %s: %s", o->history, error->message);
  entries = fm_store_get_history (store, claim_id, &error);
  if (entries == NULL)
    return fail (1, "%s: %s", fm_store_get_path (store), error->message);

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries->len; i++)
        {
          FmHistoryEntry *e = g_ptr_array_index (entries, i);

          json_builder_begin_object (builder);
          add_string (builder, "id", e->id);
          add_string (builder, "claim", e->claim_id);
          add_string (builder, "at", e->at);
          add_string (builder, "actor", e->actor);
          add_string (builder, "field", e->field);
          add_string (builder, "old", e->old_value);
          add_string (builder, "new", e->new_value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return 0;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      FmHistoryEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *when = local_time (e->at);
      g_autofree char *old_value = one_line (e->old_value ? e->old_value : "", 60);
      g_autofree char *new_value = one_line (e->new_value ? e->new_value : "", 60);

      if (e->old_value != NULL && e->new_value != NULL)
        g_print ("%s\t%s\t%s\t%s → %s\n", when, e->actor, e->field, old_value, new_value);
      else
        g_print ("%s\t%s\t%s\t%s\n", when, e->actor, e->field,
                 e->new_value ? new_value : old_value);
    }
  return 0;
}

static void
add_suggestions_json (JsonBuilder     *builder,
                      FmSuggestResult *result)
{
  json_builder_set_member_name (builder, "sentences");
  json_builder_add_int_value (builder, result->n_sentences);
  json_builder_set_member_name (builder, "suggested");
  json_builder_add_int_value (builder, result->suggestions->len);
  json_builder_set_member_name (builder, "unnamedSources");
  json_builder_add_int_value (builder, result->n_anonymous);
  json_builder_set_member_name (builder, "suggestions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->suggestions->len; i++)
    {
      FmSuggestion *s = g_ptr_array_index (result->suggestions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, s->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, s->end);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, round (s->score * 100) / 100);
      json_builder_set_member_name (builder, "unnamedSource");
      json_builder_add_boolean_value (builder, s->anonymous_source);
      add_string (builder, "sentence", s->sentence);
      json_builder_set_member_name (builder, "reasons");
      json_builder_begin_array (builder);
      for (guint r = 0; r < s->reasons->len; r++)
        {
          FmSuggestReason *reason = g_ptr_array_index (s->reasons, r);

          json_builder_begin_object (builder);
          add_string (builder, "signal", fm_suggest_signal_to_id (reason->signal));
          add_string (builder, "kind", reason->kind);
          add_string (builder, "text", reason->text);
          json_builder_set_member_name (builder, "start");
          json_builder_add_int_value (builder, reason->start);
          json_builder_set_member_name (builder, "end");
          json_builder_add_int_value (builder, reason->end);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Suggestions for a file (nothing stored) or for an article of the
 * workspace (less what is claimed or dismissed there) */
static int
cli_suggest (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmSuggestResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;
  int status = 0;

  if (o->rest == NULL || o->rest[0] == NULL || o->rest[1] != NULL)
    return fail (EXIT_USAGE, _("--suggest takes one article id or one file"));
  what = o->rest[0];

  if (g_file_test (what, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (what);

      article = fm_import_file (file, o->keep_debris ? FM_IMPORT_FLAGS_KEEP_DEBRIS : 0,
                                NULL, &error);
      if (article == NULL)
        return fail (1, "%s: %s", what, error->message);
      result = fm_suggest (fm_article_get_text (article), fm_article_get_lang (article));
    }
  else
    {
      g_autofree char *id = NULL;
      g_autoptr(GPtrArray) claims = NULL;
      g_autoptr(GHashTable) dismissed = NULL;
      g_autoptr(GArray) claimed = g_array_new (FALSE, FALSE, sizeof (guint));

      store = open_store (o, &status);
      if (store == NULL)
        return status;
      id = fm_store_resolve_article_id (store, what, &error);
      if (id != NULL)
        article = fm_store_get_article (store, id, &error);
      if (article != NULL)
        claims = fm_store_list_claims (store, id, &error);
      if (claims != NULL)
        dismissed = fm_store_list_dismissed_suggestions (store, id, &error);
      if (dismissed == NULL)
        return fail (1, _("%s: not a file, nor an article of the workspace: %s"), what,
                     error->message);
      for (guint i = 0; i < claims->len; i++)
        {
          FmClaim *claim = g_ptr_array_index (claims, i);
          guint span[2] = { fm_claim_get_start (claim), fm_claim_get_end (claim) };

          /* An unplaced claim's span is not where its text is */
          if (fm_claim_get_anchor_state (claim) != FM_ANCHOR_STATE_ORPHAN)
            g_array_append_vals (claimed, span, 2);
        }
      result = fm_suggest (fm_article_get_text (article), fm_article_get_lang (article));
      fm_suggest_result_filter (result, claimed, dismissed);
    }

  if (o->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      add_string (builder, "id", fm_article_get_id (article));
      add_string (builder, "title", fm_article_get_title (article));
      add_suggestions_json (builder, result);
      json_builder_end_object (builder);
      print_json (builder);
      return 0;
    }

  {
    /* Translators: how many sentences are suggested, of how many; the plural
     * follows the second number */
    g_autofree char *sentences = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u of %u sentence",
                                                               "%u of %u sentences",
                                                               result->n_sentences),
                                                  result->suggestions->len, result->n_sentences);
    /* Translators: a number of suggested sentences that quote unnamed or vague sources */
    g_autofree char *anonymous = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u quotes unnamed or vague sources",
                                                               "%u quote unnamed or vague sources",
                                                               result->n_anonymous),
                                                  result->n_anonymous);

    /* Translators: "Suggestions for “TITLE”: 4 of 30 sentences; 1 quotes unnamed
     * or vague sources" */
    g_print (_("Suggestions for “%s”: %s; %s\n"), fm_article_get_title (article), sentences,
             anonymous);
  }
  for (guint i = 0; i < result->suggestions->len; i++)
    {
      FmSuggestion *s = g_ptr_array_index (result->suggestions, i);
      g_autofree char *reasons = fm_suggestion_describe (s);
      g_autofree char *sentence = one_line (s->sentence, 2000);

      g_print ("\n%.2f  %u–%u%s\n  %s\n  ↳ %s\n", s->score, s->start, s->end,
               s->anonymous_source ? _("  UNNAMED SOURCE") : "", sentence, reasons);
    }
  return 0;
}

/* Exports and annotations */

/* Usage errors of the export and import options; prints them */
static int
cli_check_export_options (Options *o)
{
  gboolean exporting = o->export_report != NULL || o->export != NULL;

  if (o->format != NULL && o->export == NULL)
    return fail (EXIT_USAGE, _("--format goes with --export"));
  if (o->export != NULL && o->format == NULL)
    return fail (EXIT_USAGE, _("--export needs --format csv, w3c or claimreview"));
  if (o->format != NULL && (!fm_export_format_from_id (o->format, NULL) ||
                            g_str_equal (o->format, "html")))
    return fail (EXIT_USAGE, _("--format: “%s” is not a format (one of: csv, w3c, claimreview; "
                               "the HTML report is --export-report)"), o->format);
  if (exporting && o->output == NULL)
    return fail (EXIT_USAGE, _("%s needs --output FILE"),
                 o->export_report ? "--export-report" : "--export");
  if (o->output != NULL && !exporting)
    return fail (EXIT_USAGE, _("--output goes with --export-report or --export"));
  if ((o->approved_only || o->report_url || o->organization) && !exporting)
    return fail (EXIT_USAGE, _("--approved-only, --report-url and --organization go with "
                               "--export-report or --export"));
  if (o->report_url != NULL && !fm_url_is_web (o->report_url))
    return fail (EXIT_USAGE, _("--report-url: “%s” is not a web address (http:// or https://)"),
                 o->report_url);
  if (o->import_annotations != NULL && o->article == NULL)
    return fail (EXIT_USAGE, _("--import-annotations needs --article ID"));
  if (o->skip_unplaced && o->import_annotations == NULL)
    return fail (EXIT_USAGE, _("--skip-unplaced goes with --import-annotations"));
  if (o->export_report != NULL && g_str_equal (o->export_report, "all"))
    return fail (EXIT_USAGE, _("--export-report: a report is of one article; give its id"));
  if (o->export != NULL && g_str_equal (o->export, "all") && !g_str_equal (o->format, "csv"))
    return fail (EXIT_USAGE, _("--export all goes with --format csv only"));
  return 0;
}

static int
cli_export (Options        *o,
            const char     *id,
            FmExportFormat  format)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *article_id = NULL;
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  int status = 0;

  options.approved_only = o->approved_only;
  options.report_url = o->report_url;
  options.organization = o->organization;

  store = open_store (o, &status);
  if (store == NULL)
    return status;

  /* "all" is never an id prefix: ids are hexadecimal */
  if (format == FM_EXPORT_FORMAT_CSV && g_str_equal (id, "all"))
    {
      if (!fm_export_workspace_csv (store, o->output, &options, &error))
        return fail (1, "%s: %s", o->output, error->message);
      return 0;
    }

  article_id = fm_store_resolve_article_id (store, id, &error);
  if (article_id == NULL)
    return fail (1, "%s: %s", id, error->message);
  data = fm_export_collect (store, article_id, &error);
  if (data == NULL)
    return fail (1, "%s: %s", fm_store_get_path (store), error->message);
  bytes = fm_export_build (data, format, &options, NULL, NULL, NULL, &error);
  if (bytes == NULL || !fm_export_write_file (o->output, bytes, &error))
    return fail (1, "%s: %s", o->output, error->message);
  return 0;
}

static int
cli_import_annotations (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *article_id = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  const char *path = o->import_annotations;
  int status = 0;

  file = g_file_new_for_commandline_arg (path);
  bytes = fm_export_load_annotation_file (file, NULL, &error);
  if (bytes == NULL)
    return fail (1, "%s: %s", path, error->message);

  store = open_store (o, &status);
  if (store == NULL)
    return status;
  article_id = fm_store_resolve_article_id (store, o->article, &error);
  if (article_id == NULL)
    return fail (1, "--article %s: %s", o->article, error->message);

  claims = fm_export_import_annotations (store, article_id, bytes,
                                         o->skip_unplaced ? FM_IMPORT_ANNOTATIONS_SKIP_UNPLACED
                                                          : FM_IMPORT_ANNOTATIONS_DEFAULT,
                                         &notes, &error);
  if (claims == NULL)
    return fail (1, "%s: %s", path, error->message);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    g_printerr ("factmark: %s: %s\n", path, (const char *)g_ptr_array_index (notes, i));
  for (guint i = 0; i < claims->len; i++)
    {
      FmClaim *claim = g_ptr_array_index (claims, i);
      g_autofree char *text = one_line (fm_claim_get_display_text (claim), 80);

      g_print ("%s\t%s\n", fm_claim_get_id (claim), text);
    }
  return 0;
}

/* --extract */

/* A file name for the output of @arg: the file's name without its
 * extension, or the last part of a URL's path (else its host) */
static char *
output_stem (const char *arg)
{
  g_autofree char *base = NULL;
  GString *stem;
  char *dot;

  if (fm_url_is_web (arg))
    {
      g_autoptr(GUri) uri = g_uri_parse (arg, G_URI_FLAGS_NONE, NULL);
      const char *path = uri ? g_uri_get_path (uri) : NULL;
      g_autofree char *trimmed = g_strdup (path ? path : "");

      while (*trimmed && trimmed[strlen (trimmed) - 1] == '/')
        trimmed[strlen (trimmed) - 1] = '\0';
      base = *trimmed ? g_path_get_basename (trimmed) : g_strdup (uri ? g_uri_get_host (uri) : "page");
    }
  else
    base = g_path_get_basename (arg);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  stem = g_string_new (NULL);
  for (const char *p = base; *p; p++)
    g_string_append_c (stem, (*p == '/' || *p == '\\' || (guchar)*p < 0x20) ? '_' : *p);
  if (stem->len == 0 || g_str_equal (stem->str, ".") || g_str_equal (stem->str, ".."))
    g_string_assign (stem, "article");
  return g_string_free (stem, FALSE);
}

/* Title line, blank line, paragraphs separated by blank lines */
static char *
article_plain_text (FmArticle *article)
{
  g_auto(GStrv) paras = g_strsplit (fm_article_get_text (article), "\n", -1);
  g_autofree char *body = g_strjoinv ("\n\n", paras);

  return g_strdup_printf ("%s\n\n%s\n", fm_article_get_title (article), body);
}

static void
add_article_meta (JsonBuilder *builder,
                  FmArticle   *article)
{
  add_string (builder, "byline", fm_article_get_byline (article));
  add_string (builder, "siteName", fm_article_get_site_name (article));
  add_string (builder, "publishedTime", fm_article_get_published (article));
  add_string (builder, "lang", fm_article_get_lang (article));
}

static char *
json_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_article_json (JsonBuilder *builder,
                  const char  *input,
                  FmArticle   *article)
{
  g_auto(GStrv) paras = g_strsplit (fm_article_get_text (article), "\n", -1);

  json_builder_begin_object (builder);
  add_string (builder, "input", input);
  add_string (builder, "title", fm_article_get_title (article));
  add_article_meta (builder, article);
  add_string (builder, "url", fm_article_get_url (article));
  add_string (builder, "canonicalUrl", fm_article_get_canonical_url (article));
  add_string (builder, "fetchedAt", fm_article_get_fetched_at (article));
  add_string (builder, "sourceFormat", fm_article_get_source_format (article));
  json_builder_set_member_name (builder, "paragraphs");
  json_builder_begin_array (builder);
  for (guint i = 0; paras[i] != NULL; i++)
    json_builder_add_string_value (builder, paras[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Writes @contents to @path atomically: a reader never sees half a file */
static gboolean
write_output (const char  *path,
              const char  *contents,
              GError     **error)
{
  return g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                   error);
}

static int
cli_extract (Options *o)
{
  g_autoptr(JsonBuilder) builder = NULL;
  int status = 0;

  if (o->rest == NULL || o->rest[0] == NULL)
    return fail (EXIT_USAGE, _("--extract needs at least one file or URL"));
  if (o->output_dir != NULL && g_mkdir_with_parents (o->output_dir, 0755) != 0)
    return fail (1, "%s: %s", o->output_dir, g_strerror (errno));

  if (o->json && o->output_dir == NULL)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (guint i = 0; o->rest[i] != NULL; i++)
    {
      g_autoptr(FmArticle) article = NULL;
      g_autoptr(GError) error = NULL;

      article = import_arg (o->rest[i], FM_IMPORT_FLAGS_NO_TITLE_GUESS |
                                        (o->keep_debris ? FM_IMPORT_FLAGS_KEEP_DEBRIS : 0),
                            &error);
      if (article == NULL)
        {
          status = fail (1, "%s: %s", o->rest[i], error->message);
          continue;
        }

      if (o->output_dir != NULL)
        {
          g_autofree char *stem = output_stem (o->rest[i]);
          g_autofree char *txt_name = g_strconcat (stem, ".txt", NULL);
          g_autofree char *meta_name = g_strconcat (stem, ".meta.json", NULL);
          g_autofree char *txt_path = g_build_filename (o->output_dir, txt_name, NULL);
          g_autofree char *meta_path = g_build_filename (o->output_dir, meta_name, NULL);
          g_autofree char *text = article_plain_text (article);
          g_autoptr(JsonBuilder) meta = json_builder_new ();
          g_autofree char *meta_text = NULL;

          json_builder_begin_object (meta);
          add_article_meta (meta, article);
          json_builder_end_object (meta);
          meta_text = json_text (meta);
          if (!write_output (txt_path, text, &error) ||
              !write_output (meta_path, meta_text, &error))
            status = fail (1, "%s: %s", o->rest[i], error->message);
        }
      else if (builder != NULL)
        add_article_json (builder, o->rest[i], article);
      else
        {
          g_autofree char *text = article_plain_text (article);

          if (i > 0)
            g_print ("\n");
          g_print ("%s", text);
        }
    }

  if (builder != NULL)
    {
      json_builder_end_array (builder);
      print_json (builder);
    }
  return status;
}

/* --sync DIR: a full sync with the folder, and what it did */
static int
cli_sync (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(FmSync) sync = NULL;
  g_autoptr(FmSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  store = open_store (o, &status);
  if (store == NULL)
    return status;
  folder = g_file_new_for_commandline_arg (o->sync);
  sync = fm_sync_new (store, folder);
  result = fm_sync_run (sync, NULL, &error);
  if (result == NULL)
    return fail (1, "--sync %s: %s", o->sync, error->message);

  if (result->n_sent > 0)
    {
      g_autofree char *changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change",
                                                               "%u changes", result->n_sent),
                                                  result->n_sent);
      g_autofree char *files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file",
                                                             "%u files",
                                                             result->n_files_written),
                                                result->n_files_written);

      /* Translators: "Sent 4 changes (1 file)"; the first %s is "%u change",
       * the second "%u file" */
      g_print (_("Sent %s (%s)\n"), changes, files);
    }
  else
    g_print (_("Nothing new to send\n"));
  if (result->n_received > 0)
    {
      g_autofree char *changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change",
                                                               "%u changes", result->n_received),
                                                  result->n_received);
      g_autofree char *workspaces = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%u other workspace",
                                                                  "%u other workspaces",
                                                                  result->n_workspaces),
                                                     result->n_workspaces);

      /* Translators: "Received 4 changes from 1 other workspace"; the first %s
       * is "%u change", the second "%u other workspace" */
      g_print (_("Received %s from %s\n"), changes, workspaces);
    }
  else
    g_print (_("Nothing new to receive\n"));
  if (result->n_waiting > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u change waits for changes that have not reached the folder yet\n",
                          "%u changes wait for changes that have not reached the folder yet\n",
                          result->n_waiting), result->n_waiting);
  if (result->conflicts->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "%u conflict to review:\n", "%u conflicts to review:\n",
                          result->conflicts->len), result->conflicts->len);
  for (guint i = 0; i < result->conflicts->len; i++)
    {
      FmSyncConflict *conflict = g_ptr_array_index (result->conflicts, i);
      g_autofree char *text = fm_sync_conflict_describe (conflict);
      const char *claim = fm_sync_conflict_get_claim_id (conflict);

      g_print ("  %s%.8s: %s\n", claim ? _("claim ") : "", claim ? claim : "", text);
    }

  /* Refused files: nothing in them was applied */
  for (guint i = 0; i < result->problems->len; i++)
    status = fail (1, _("%s; nothing in it was applied"),
                   ((GError *)g_ptr_array_index (result->problems, i))->message);
  return status;
}

int
fm_cli_run (int    argc,
            char **argv)
{
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  guint actions;
  const GOptionEntry entries[] = {
    { "workspace", 0, 0, G_OPTION_ARG_FILENAME, &o.workspace,
      N_("Use this workspace instead of the default"), N_("PATH") },
    { "import", 0, 0, G_OPTION_ARG_NONE, &o.import,
      N_("Import the files given; print “ID<TAB>TITLE” for each article"), NULL },
    { "keep-debris", 0, 0, G_OPTION_ARG_NONE, &o.keep_debris,
      N_("With --import: keep lines that look like page furniture"), NULL },
    { "list", 0, 0, G_OPTION_ARG_NONE, &o.list,
      N_("List the articles with claim counts per status"), NULL },
    { "claims", 0, 0, G_OPTION_ARG_NONE, &o.claims,
      N_("List claims (filters: --article, --status, --verdict)"), NULL },
    { "article", 0, 0, G_OPTION_ARG_STRING, &o.article,
      N_("Only this article (any unique prefix of its id)"), N_("ID") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o.status,
      N_("Only claims with this status"), N_("STATUS") },
    { "verdict", 0, 0, G_OPTION_ARG_STRING, &o.verdict,
      N_("Only claims with this verdict"), N_("VERDICT") },
    { "history", 0, 0, G_OPTION_ARG_STRING, &o.history,
      N_("Print the history of a claim (any unique prefix of its id)"), N_("CLAIM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json,
      N_("Print JSON instead of text"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o.version,
      N_("Print the version and exit"), NULL },
    { "suggest", 0, 0, G_OPTION_ARG_NONE, &o.suggest,
      N_("Print the sentences of an article (ID) or file (FILE) worth checking, with scores "
         "and reasons, and those quoting unnamed sources"), NULL },
    { "new-version-of", 0, 0, G_OPTION_ARG_STRING, &o.new_version_of,
      N_("With --import: the file is a new version of this article; its claims move onto it"),
      N_("ID") },
    { "extract", 0, 0, G_OPTION_ARG_NONE, &o.extract,
      N_("Print the article in each file or URL given: title, blank line, paragraphs"), NULL },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.output_dir,
      N_("With --extract: write DIR/NAME.txt and DIR/NAME.meta.json for each input"), N_("DIR") },
    { "export-report", 0, 0, G_OPTION_ARG_STRING, &o.export_report,
      N_("Write the article’s fact-check report as one HTML file (needs --output)"), N_("ID") },
    { "export", 0, 0, G_OPTION_ARG_STRING, &o.export,
      N_("Export the article’s claims (needs --format and --output); with --format csv, "
         "“all” exports every article"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &o.format,
      N_("With --export: csv, w3c (Web Annotations) or claimreview (schema.org)"), N_("FORMAT") },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &o.output,
      N_("The file to write (replaced whole, or not at all)"), N_("FILE") },
    { "approved-only", 0, 0, G_OPTION_ARG_NONE, &o.approved_only,
      N_("With --export-report or --export: only claims an editor has approved"), NULL },
    { "report-url", 0, 0, G_OPTION_ARG_STRING, &o.report_url,
      N_("Where the report will be published, for the ClaimReview links"), N_("URL") },
    { "organization", 0, 0, G_OPTION_ARG_STRING, &o.organization,
      N_("The newsroom that publishes the fact-check (ClaimReview author)"), N_("NAME") },
    { "import-annotations", 0, 0, G_OPTION_ARG_FILENAME, &o.import_annotations,
      N_("Add the claims of a W3C Web Annotation file to an article (needs --article)"),
      N_("FILE") },
    { "skip-unplaced", 0, 0, G_OPTION_ARG_NONE, &o.skip_unplaced,
      N_("With --import-annotations: import what can be placed, and list the rest"), NULL },
    { "sync", 0, 0, G_OPTION_ARG_FILENAME, &o.sync,
      N_("Send this workspace’s changes to the shared folder DIR and apply the others’"),
      N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.rest, NULL, N_("[FILE…]") },
    { NULL }
  };

  context = g_option_context_new (_("— annotate and fact-check articles"));
  g_option_context_set_summary (context,
    _("Without options, opens the window, importing the files given.\n"
      "The options below work without a display."));
  g_option_context_set_description (context,
    _("Verdicts: unrated true mostly-true mixed misleading mostly-false false unverifiable\n"
      "Statuses: unchecked in-progress needs-review changes-requested approved\n"
      "The default workspace is $XDG_DATA_HOME/factmark/workspace.db."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  /* _parse_strv frees the arguments it consumes; _parse would only drop
   * them from the array, leaking each (found by LeakSanitizer) */
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return fail (EXIT_USAGE, _("%s (see factmark --help)"), error->message);

  if (o.version)
    {
      g_print ("factmark %s\n", PACKAGE_VERSION);
      return 0;
    }

  actions = !!o.import + !!o.list + !!o.claims + !!o.history + !!o.suggest + !!o.extract +
            !!o.export_report + !!o.export + !!o.import_annotations + !!o.sync;
  if (actions > 1)
    return fail (EXIT_USAGE, _("give only one of --import, --list, --claims, --history, "
                               "--suggest, --extract, --export-report, --export, "
                               "--import-annotations, --sync"));
  if (o.new_version_of != NULL && !o.import)
    return fail (EXIT_USAGE, _("--new-version-of goes with --import"));
  if (o.output_dir != NULL && !o.extract)
    return fail (EXIT_USAGE, _("--output-dir goes with --extract"));
  if (o.output_dir != NULL && o.json)
    return fail (EXIT_USAGE, _("give only one of --json, --output-dir"));
  if ((o.article && !o.claims && !o.import_annotations) || ((o.status || o.verdict) && !o.claims))
    return fail (EXIT_USAGE, _("--article, --status and --verdict go with --claims"));
  if (cli_check_export_options (&o) != 0)
    return EXIT_USAGE;
  if (o.json && !(o.list || o.claims || o.history || o.suggest || o.extract))
    return fail (EXIT_USAGE, _("--json goes with --list, --claims, --history, --suggest or "
                               "--extract"));
  if (o.suggest)
    return cli_suggest (&o);
  if (o.rest != NULL && o.rest[0] != NULL && !o.import && !o.extract)
    return fail (EXIT_USAGE, _("files are only accepted with --import (or without options, "
                               "to open them in the window)"));

  if (o.import)
    return cli_import (&o);
  if (o.list)
    return cli_list (&o);
  if (o.claims)
    return cli_claims (&o);
  if (o.history)
    return cli_history (&o);
  if (o.extract)
    return cli_extract (&o);
  if (o.export_report)
    return cli_export (&o, o.export_report, FM_EXPORT_FORMAT_HTML);
  if (o.export)
    {
      FmExportFormat format = FM_EXPORT_FORMAT_CSV;

      fm_export_format_from_id (o.format, &format);
      return cli_export (&o, o.export, format);
    }
  if (o.import_annotations)
    return cli_import_annotations (&o);
  if (o.sync)
    return cli_sync (&o);
  return fail (EXIT_USAGE, _("nothing to do (see factmark --help)"));
}
