/* fm-cli.c — the command line: everything that works without a display
 *
 * Errors are printed as "factmark: WHAT: WHY" and give exit status 1; a
 * usage error gives 2. Nothing here touches GTK.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "fm-cli.h"
#include "fm-import.h"
#include "fm-store.h"

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
  gboolean  version;
  char    **rest;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->workspace);
  g_free (o->article);
  g_free (o->status);
  g_free (o->verdict);
  g_strfreev (o->rest);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Options that make this a command-line run rather than the window */
static const char * const action_options[] = {
  "--import", "--list", "--claims", "--help", "-h", "--help-all", "--version",
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
        if (g_str_equal (argv[i], action_options[k]))
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

static FmStore *
open_store (Options  *o,
            int      *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = o->workspace ? g_strdup (o->workspace) : fm_store_default_path ();
  FmStore *store = fm_store_open (path, &error);

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

static int
cli_import (Options *o)
{
  g_autoptr(FmStore) store = NULL;
  int status = 0;

  if (o->rest == NULL || o->rest[0] == NULL)
    return fail (EXIT_USAGE, _("--import needs at least one file"));

  store = open_store (o, &status);
  if (store == NULL)
    return status;
  if (fm_store_is_read_only (store))
    return fail (1, "%s: %s", fm_store_get_path (store),
                 _("nothing was imported: the workspace is read-only"));

  for (guint i = 0; o->rest[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (o->rest[i]);
      g_autoptr(FmArticle) imported = NULL;
      g_autoptr(FmArticle) stored = NULL;
      g_autoptr(GError) error = NULL;

      imported = fm_import_file (file, o->keep_debris ? FM_IMPORT_FLAGS_KEEP_DEBRIS : 0,
                                 NULL, &error);
      if (imported != NULL)
        stored = fm_store_add_article (store, imported, NULL, &error);
      if (stored == NULL)
        {
          status = fail (1, "%s: %s", o->rest[i], error->message);
          continue;
        }
      g_print ("%s\t%s\n", fm_article_get_id (stored), fm_article_get_title (stored));
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
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json,
      N_("Print JSON instead of text"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o.version,
      N_("Print the version and exit"), NULL },
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
    return fail (EXIT_USAGE, "%s (see factmark --help)", error->message);

  if (o.version)
    {
      g_print ("factmark %s\n", PACKAGE_VERSION);
      return 0;
    }

  actions = !!o.import + !!o.list + !!o.claims;
  if (actions > 1)
    return fail (EXIT_USAGE, _("give only one of --import, --list, --claims"));
  if ((o.article || o.status || o.verdict) && !o.claims)
    return fail (EXIT_USAGE, _("--article, --status and --verdict go with --claims"));
  if (o.json && !(o.list || o.claims))
    return fail (EXIT_USAGE, _("--json goes with --list or --claims"));
  if (o.rest != NULL && o.rest[0] != NULL && !o.import)
    return fail (EXIT_USAGE, _("files are only accepted with --import (or without options, "
                               "to open them in the window)"));

  if (o.import)
    return cli_import (&o);
  if (o.list)
    return cli_list (&o);
  if (o.claims)
    return cli_claims (&o);
  return fail (EXIT_USAGE, _("nothing to do (see factmark --help)"));
}
