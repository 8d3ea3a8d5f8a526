/* fuzz-report.c — the HTML report of a fuzzed workspace
 *
 * The input describes a workspace: an article (its text goes through the
 * text import, as every article does; its metadata as a page or a damaged
 * workspace might hold it), then claims with offsets (overlapping, out of
 * order, out of range), verdicts, statuses, summaries, tags, and sources
 * with any kind of address. Everything is written through the fm-store
 * API, the way the window or an annotation import writes it, which refuses what it refuses (an error is not a finding here);
 * then the report is made the way an export makes it, fm_export_collect()
 * and fm_export_build(), and checked:
 *  - it is well-formed (the writer escapes by construction, so an XML
 *    parser reads it);
 *  - nothing in it runs: the only <script> elements are the ClaimReview
 *    data blocks (type application/ld+json), one per claim with a verdict,
 *    each valid JSON with no '<' in it; no event handler attributes, no
 *    iframe, object, embed, form or base;
 *  - every link is http:, https: or a fragment of the report itself, and
 *    every image is a data: URL.
 *
 * Opening a new workspace runs every migration, far too slow per input;
 * a workspace made once is copied (on tmpfs where there is one) and
 * opened instead, which keeps an execution to a few milliseconds and each
 * one independent of the ones before.
 *
 * Input: a stream read front to back; bytes past its end read as 0 and
 * strings as empty. A string ends at a NUL byte.
 *   FLAGS TEXT TITLE URL CANONICAL BYLINE LANG N_CLAIMS
 *   per claim: START(2) END(2) VERDICT STATUS SUMMARY EXPLANATION TAGS N_SOURCES
 *   per source: URL TITLE ARCHIVE STANCE KIND NOTE
 * FLAGS: bit 0 metadata as raw bytes (else made valid UTF-8), bit 1
 * approved claims only, bit 2 a report URL and organisation (two strings
 * after LANG), bit 3 offsets taken modulo the text length + 2, bit 4 claims
 * made and edited as in the window (a transaction per change) rather than
 * inserted whole, as an annotation import or an undo does.
 */
#include "config.h"

#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <unistd.h>

#include "fm-export.h"
#include "fm-import.h"
#include "fm-store.h"
#include "fuzz-common.h"

enum {
  FLAG_RAW_METADATA = 1 << 0,
  FLAG_APPROVED     = 1 << 1,
  FLAG_REPORT_URL   = 1 << 2,
  FLAG_MODULO       = 1 << 3,
  FLAG_EDIT         = 1 << 4,
};

#define MAX_CLAIMS  8
#define MAX_SOURCES 3

static char *dir;
static char *path;
static GBytes *template;
static GDateTime *generated_at;

static void
remove_files (void)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      unlink (file);
    }
}

static void
remove_workspace (void)
{
  remove_files ();
  rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmStore) store = NULL;
  g_autofree char *tmpl = NULL;
  char *contents;
  gsize len;

  fuzz_common_init ();
  /* tmpfs: SQLite's syncs cost nothing there */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    {
      tmpl = g_strdup ("/dev/shm/factmark-fuzz-XXXXXX");
      dir = g_mkdtemp (tmpl) ? g_steal_pointer (&tmpl) : NULL;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("factmark-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "workspace.db", NULL);
  atexit (remove_workspace);

  store = fm_store_open (path, &error);
  g_assert_no_error (error);
  fm_store_set_actor (store, "Fuzz Checker");
  g_clear_object (&store);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  template = g_bytes_new_take (contents, len);
  remove_files ();

  generated_at = g_date_time_new_utc (2026, 11, 26, 12, 0, 0);
  return 0;
}

static FmStore *
open_workspace (void)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (template, &len);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  FmStore *store;

  g_assert (fd >= 0);
  g_assert (write (fd, bytes, len) == (ssize_t)len);
  close (fd);
  store = fm_store_open (path, &error);
  g_assert_no_error (error);
  fm_store_set_actor (store, "Fuzz Checker");
  return store;
}

/* The input */

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      raw;
} Reader;

static guint
read_byte (Reader *r)
{
  return r->p < r->end ? *r->p++ : 0;
}

static guint
read_u16 (Reader *r)
{
  guint lo = read_byte (r);

  return lo | read_byte (r) << 8;
}

/* A string as a text box would give it (valid UTF-8), or as raw bytes */
static char *
read_string (Reader   *r,
             gboolean  raw)
{
  const guint8 *nul = memchr (r->p, '\0', r->end - r->p);
  const guint8 *stop = nul != NULL ? nul : r->end;
  char *s = raw ? g_strndup ((const char *)r->p, stop - r->p)
                : g_utf8_make_valid ((const char *)r->p, stop - r->p);

  r->p = nul != NULL ? nul + 1 : r->end;
  return s;
}

/* NULL for an empty string */
static char *
read_optional (Reader   *r,
               gboolean  raw)
{
  char *s = read_string (r, raw);

  if (*s == '\0')
    g_clear_pointer (&s, g_free);
  return s;
}

/* The workspace: what the store takes of it */

/* The sources of a claim, as a person enters them (the store checks them) */
static GPtrArray *
read_sources (Reader *r)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = read_byte (r) % (MAX_SOURCES + 1);

  for (guint i = 0; i < n; i++)
    {
      FmSource *values = fm_source_new ();
      g_autofree char *url = read_string (r, FALSE);
      g_autofree char *title = read_optional (r, r->raw);
      g_autofree char *archive = read_optional (r, FALSE);
      guint stance = read_byte (r) % FM_N_STANCES;
      guint kind = read_byte (r) % FM_N_SOURCE_KINDS;
      g_autofree char *note = read_optional (r, r->raw);

      fm_source_set_url (values, url);
      fm_source_set_title (values, title);
      fm_source_set_archive_url (values, archive);
      fm_source_set_stance (values, stance);
      fm_source_set_kind (values, kind);
      fm_source_set_note (values, note);
      g_ptr_array_add (sources, values);
    }
  return sources;
}

static void
set_status (FmStore  *store,
            FmClaim  *claim,
            FmStatus  status)
{
  g_autoptr(GError) error = NULL;

  /* The way a person gets there; the store may refuse a step */
  switch (status)
    {
    case FM_STATUS_UNCHECKED:
      break;
    case FM_STATUS_IN_PROGRESS:
      fm_store_set_claim_status (store, claim, status, &error);
      break;
    case FM_STATUS_NEEDS_REVIEW:
      fm_store_submit_for_review (store, claim, &error);
      break;
    case FM_STATUS_CHANGES_REQUESTED:
      if (fm_store_submit_for_review (store, claim, &error))
        fm_store_request_changes (store, claim, "Which <b>table</b>? \"p. 4\" & more", &error);
      break;
    case FM_STATUS_APPROVED:
    default:
      if (fm_store_submit_for_review (store, claim, &error))
        fm_store_approve_claim (store, claim, "Checked by phone", &error);
      break;
    }
}

/* As the window makes a claim: created on a selection, then edited field by
 * field, one transaction each (slow: only when FLAG_EDIT asks for it) */
static void
edit_claim (FmStore    *store,
            FmArticle  *article,
            guint       start,
            guint       end,
            FmVerdict   verdict,
            FmStatus    status,
            const char *summary,
            const char *explanation,
            const char *tags,
            GPtrArray  *sources)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) claim = fm_store_create_claim (store, fm_article_get_id (article), start,
                                                    end, &error);

  fuzz_assert ((claim == NULL) != (error == NULL));
  if (claim == NULL)
    {
      /* Refused, and only for what a claim cannot be */
      fuzz_assert (end <= start || end > fm_article_get_length (article));
      return;
    }
  fuzz_assert (start < end && end <= fm_article_get_length (article));

  if (*summary != '\0')
    fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_SUMMARY, summary, NULL);
  if (*explanation != '\0')
    fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_EXPLANATION, explanation, NULL);
  if (*tags != '\0')
    fm_store_set_claim_field (store, claim, FM_CLAIM_FIELD_TAGS, tags, NULL);
  if (verdict != FM_VERDICT_UNRATED)
    {
      fm_store_set_claim_verdict (store, claim, verdict, &error);
      fuzz_assert (error == NULL);
    }
  for (guint i = 0; i < sources->len; i++)
    {
      g_autoptr(GError) source_error = NULL;
      g_autoptr(FmSource) source = fm_store_add_source (store, fm_claim_get_id (claim),
                                                        g_ptr_array_index (sources, i),
                                                        &source_error);

      fuzz_assert ((source == NULL) != (source_error == NULL));
    }
  set_status (store, claim, status);
}

/* As an annotation import or an undo brings a claim back: with all its
 * values and sources, in one transaction */
static void
insert_claim (FmStore    *store,
              FmArticle  *article,
              guint       start,
              guint       end,
              FmVerdict   verdict,
              FmStatus    status,
              const char *summary,
              const char *explanation,
              const char *tags,
              GPtrArray  *sources)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmClaim) values = fm_claim_new ();
  g_autoptr(FmClaim) claim = NULL;
  g_auto(GStrv) tag_list = g_strsplit (tags, ",", 8);
  guint length = fm_article_get_length (article);
  gboolean in_range = start < end && end <= length;

  /* An FmClaim cannot even hold a span that ends before it starts */
  if (end < start)
    return;
  fm_claim_set_article_id (values, fm_article_get_id (article));
  fm_claim_set_span (values, start, end);
  if (in_range)
    {
      g_autofree char *quote = fm_article_dup_span (article, start, end);
      g_autofree char *prefix = fm_article_dup_span (article, start > FM_CLAIM_CONTEXT_CHARS ?
                                                               start - FM_CLAIM_CONTEXT_CHARS : 0,
                                                     start);
      g_autofree char *suffix = fm_article_dup_span (article, end,
                                                     MIN (length, end + FM_CLAIM_CONTEXT_CHARS));

      fm_claim_set_selector (values, quote, prefix, suffix);
    }
  fm_claim_set_summary (values, summary);
  fm_claim_set_explanation (values, explanation);
  fm_claim_set_tags (values, (const char * const *)tag_list);
  fm_claim_set_verdict (values, verdict);
  fm_claim_set_status (values, status);
  if (status == FM_STATUS_APPROVED)
    fm_claim_set_reviewed (values, "Editor <ed@example.org>", "2026-11-20T10:00:00Z");
  claim = fm_store_insert_claim (store, values, sources, &error);
  fuzz_assert ((claim == NULL) != (error == NULL));
  if (claim != NULL)
    fuzz_assert (in_range);
  else
    fuzz_assert (error->domain == FM_STORE_ERROR);
}

static void
add_claims (FmStore    *store,
            FmArticle  *article,
            guint       flags,
            Reader     *r)
{
  guint length = fm_article_get_length (article);
  guint n = read_byte (r) % (MAX_CLAIMS + 1);

  for (guint i = 0; i < n; i++)
    {
      guint start = read_u16 (r);
      guint end = read_u16 (r);
      FmVerdict verdict = read_byte (r) % FM_N_VERDICTS;
      FmStatus status = read_byte (r) % FM_N_STATUSES;
      g_autofree char *summary = read_string (r, r->raw);
      g_autofree char *explanation = read_string (r, r->raw);
      g_autofree char *tags = read_string (r, r->raw);
      g_autoptr(GPtrArray) sources = read_sources (r);

      if (flags & FLAG_MODULO)
        {
          start %= length + 2;
          end %= length + 2;
        }
      if (flags & FLAG_EDIT)
        edit_claim (store, article, start, end, verdict, status, summary, explanation, tags,
                    sources);
      else
        insert_claim (store, article, start, end, verdict, status, summary, explanation, tags,
                      sources);
    }
}

/* The report */

static gboolean
has_prefix_nocase (const char *s,
                   const char *prefix)
{
  return g_ascii_strncasecmp (s, prefix, strlen (prefix)) == 0;
}

static void
check_tree (xmlNode *node)
{
  static const char * const forbidden[] = {
    "iframe", "frame", "object", "embed", "form", "base", "applet", "meta-refresh",
  };

  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      const char *name = (const char *)n->name;

      if (n->type != XML_ELEMENT_NODE)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
        fuzz_assert (g_ascii_strcasecmp (name, forbidden[i]) != 0);
      if (g_ascii_strcasecmp (name, "script") == 0)
        {
          g_autofree char *type = (char *)xmlGetProp (n, (const xmlChar *)"type");

          fuzz_assert (g_strcmp0 (type, "application/ld+json") == 0);
        }
      if (g_ascii_strcasecmp (name, "meta") == 0)
        {
          g_autofree char *equiv = (char *)xmlGetProp (n, (const xmlChar *)"http-equiv");

          fuzz_assert (equiv == NULL || g_ascii_strcasecmp (equiv, "refresh") != 0);
        }
      for (xmlAttr *a = n->properties; a != NULL; a = a->next)
        {
          const char *attr = (const char *)a->name;
          g_autofree char *value = (char *)xmlNodeGetContent ((xmlNode *)a);

          fuzz_assert (!has_prefix_nocase (attr, "on"));
          fuzz_assert (g_ascii_strcasecmp (attr, "srcdoc") != 0);
          if (g_ascii_strcasecmp (attr, "href") == 0)
            {
              if (!(g_str_has_prefix (value, "http:") || g_str_has_prefix (value, "https:") ||
                    value[0] == '#'))
                {
                  g_printerr ("href=\"%s\"\n", value);
                  fuzz_assert (!"a link that is not http(s) or a fragment");
                }
            }
          if (g_ascii_strcasecmp (attr, "src") == 0 || g_ascii_strcasecmp (attr, "action") == 0 ||
              g_ascii_strcasecmp (attr, "formaction") == 0 || g_ascii_strcasecmp (attr, "poster") == 0)
            fuzz_assert (g_str_has_prefix (value, "data:"));
        }
      check_tree (n->children);
    }
}

/* The data blocks, in the bytes: nothing in them can end the element */
static guint
check_scripts (const char *html,
               gsize       len)
{
  static const char open[] = "<script type=\"application/ld+json\">";
  const char *p = html, *end = html + len;
  guint n = 0;

  while ((p = g_strstr_len (p, end - p, "<")) != NULL)
    {
      if (end - p >= 7 && g_ascii_strncasecmp (p, "<script", 7) == 0)
        {
          const char *body = p + strlen (open);
          const char *close;
          g_autoptr(JsonParser) parser = json_parser_new ();

          fuzz_assert ((gsize)(end - p) >= strlen (open) && strncmp (p, open, strlen (open)) == 0);
          close = g_strstr_len (body, end - body, "</script>");
          fuzz_assert (close != NULL);
          fuzz_assert (memchr (body, '<', close - body) == NULL);
          fuzz_assert (json_parser_load_from_data (parser, body, close - body, NULL));
          n++;
          p = close + 1;
          continue;
        }
      p++;
    }
  return n;
}

static void
check_report (FmReportData          *data,
              const FmReportOptions *options,
              GBytes                *bytes)
{
  gsize len;
  const char *html = g_bytes_get_data (bytes, &len);
  g_autoptr(GArray) selected = fm_report_select_claims (data, options);
  xmlDoc *doc;
  guint rated = 0;

  fuzz_assert (len > 0 && g_utf8_validate_len (html, len, NULL));
  fuzz_assert (g_str_has_prefix (html, "<!DOCTYPE html>"));

  doc = xmlReadMemory (html, len, "report.html", "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      g_printerr ("%.*s\n", (int)len, html);
      fuzz_assert (!"the report is not well-formed");
    }
  check_tree (xmlDocGetRootElement (doc));
  xmlFreeDoc (doc);

  for (guint i = 0; i < selected->len; i++)
    {
      FmClaim *claim = fm_report_data_get_claim (data, g_array_index (selected, guint, i));

      rated += fm_claim_get_verdict (claim) != FM_VERDICT_UNRATED;
    }
  fuzz_assert (check_scripts (html, len) == rated);
}

int
LLVMFuzzerTestOneInput (const uint8_t *bytes,
                        size_t         size)
{
  Reader r = { bytes, bytes + size, FALSE };
  guint flags = read_byte (&r);
  g_autofree char *text = read_string (&r, FALSE);
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autoptr(FmArticle) stored = NULL;
  g_autoptr(FmReportData) data = NULL;
  g_autoptr(GBytes) report = NULL;
  g_autoptr(GError) error = NULL;
  FmReportOptions options = FM_REPORT_OPTIONS_INIT;
  g_autofree char *report_url = NULL;
  g_autofree char *organization = NULL;

  r.raw = (flags & FLAG_RAW_METADATA) != 0;

  /* Every article comes through an import */
  article = fm_import_text (text, NULL, FM_IMPORT_FLAGS_NONE, NULL);
  if (article == NULL)
    return 0;
  {
    g_autofree char *title = read_optional (&r, r.raw);
    g_autofree char *url = read_optional (&r, r.raw);
    g_autofree char *canonical = read_optional (&r, r.raw);
    g_autofree char *byline = read_optional (&r, r.raw);
    g_autofree char *lang = read_optional (&r, r.raw);

    if (title != NULL)
      fm_article_set_title (article, title);
    fm_article_set_url (article, url);
    fm_article_set_canonical_url (article, canonical);
    fm_article_set_byline (article, byline);
    fm_article_set_lang (article, lang);
  }
  if (flags & FLAG_REPORT_URL)
    {
      report_url = read_optional (&r, FALSE);
      organization = read_optional (&r, FALSE);
    }

  store = open_workspace ();
  stored = fm_store_add_article (store, article, NULL, &error);
  fuzz_assert (stored != NULL && error == NULL);
  add_claims (store, stored, flags, &r);

  data = fm_export_collect (store, fm_article_get_id (stored), &error);
  fuzz_assert (data != NULL && error == NULL);
  g_clear_object (&store);
  remove_files ();

  options.approved_only = (flags & FLAG_APPROVED) != 0;
  options.generated_at = generated_at;
  options.report_url = report_url;
  options.organization = organization;
  report = fm_export_build (data, FM_EXPORT_FORMAT_HTML, &options, NULL, NULL, NULL, &error);
  fuzz_assert (report != NULL && error == NULL);
  check_report (data, &options, report);
  return 0;
}
