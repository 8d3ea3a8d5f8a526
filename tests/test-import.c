/* test-import.c — text import: encodings, normalisation, debris clean-up */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "fm-import.h"
#include "fm-test.h"

static FmArticle *
import_bytes (const char  *data,
              gsize        len,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  return fm_import_bytes (bytes, "test.txt", FM_IMPORT_FLAGS_NONE, error);
}

static const char body[] = "Heading of the story\nThe council spent 12 million on roads.";

static void
test_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) plain = import_bytes (body, strlen (body), &error);
  g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", body, NULL);
  g_autoptr(FmArticle) bom = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_title (plain), ==, "Heading of the story");
  g_assert_cmpstr (fm_article_get_text (plain), ==, "The council spent 12 million on roads.");
  g_assert_cmpstr (fm_article_get_source_format (plain), ==, "text");
  /* The original bytes are kept */
  g_assert_cmpuint (g_bytes_get_size (fm_article_get_original (plain)), ==, strlen (body));

  bom = import_bytes (with_bom, strlen (with_bom), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_text (bom), ==, fm_article_get_text (plain));
  g_assert_cmpstr (fm_article_get_title (bom), ==, "Heading of the story");
}

static void
test_utf16_bom (void)
{
  const char *encodings[] = { "UTF-16LE", "UTF-16BE" };
  const char *boms[] = { "\xFF\xFE", "\xFE\xFF" };
  const char *text = "Überschrift\nDie Stadt gab 12 Millionen Euro für Straßen aus.";

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize len;
      g_autofree char *converted = g_convert (text, -1, encodings[i], "UTF-8", NULL, &len, &error);
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(FmArticle) article = NULL;

      g_assert_no_error (error);
      g_byte_array_append (data, (const guint8 *)boms[i], 2);
      g_byte_array_append (data, (const guint8 *)converted, len);
      article = import_bytes ((const char *)data->data, data->len, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fm_article_get_title (article), ==, "Überschrift");
      g_assert_cmpstr (fm_article_get_text (article), ==,
                       "Die Stadt gab 12 Millionen Euro für Straßen aus.");
    }
}

static void
test_windows_1252 (void)
{
  /* “Café” – 5 € in Windows-1252 */
  static const char data[] = "Menu\n\x93" "Caf\xE9\x94 \x96 5 \x80 a cup, the owner said.";
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = import_bytes (data, sizeof data - 1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_text (article), ==, "“Café” – 5 € a cup, the owner said.");
}

static void
test_bad_encodings (void)
{
  static const char broken[] = "Caf\xC3\xA9 and then a stray \xFF byte in UTF-8 text.";
  static const char utf16_no_bom[] = "T\0h\0e\0 \0c\0i\0t\0y\0 \0s\0p\0e\0n\0t\0 \0m\0o\0n\0e\0y\0.\0";
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H',
                                'D', 'R', 0, 0, 1, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;

  article = import_bytes (broken, sizeof broken - 1, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  article = import_bytes (utf16_no_bom, sizeof utf16_no_bom - 1, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "UTF-16"));
  g_clear_error (&error);

  article = import_bytes ((const char *)png, sizeof png, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_BINARY);
  g_clear_error (&error);

  article = import_bytes ("", 0, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  article = import_bytes (" \n\r\n\t \n", 7, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_EMPTY);
  g_clear_error (&error);

  article = import_bytes ("Close\nShare\nX Instagram Youtube\n", 31, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_NO_ARTICLE);
}

static void
test_too_large (void)
{
  gsize len = FM_IMPORT_MAX_BYTES + 1;
  char *data = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;

  memset (data, 'a', len);
  bytes = g_bytes_new_take (data, len);
  article = fm_import_bytes (bytes, "big.txt", FM_IMPORT_FLAGS_NONE, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "limit"));
}

static void
test_normalise (void)
{
  g_autofree char *a = fm_import_normalise ("Cafe\xCC\x81 au  lait\r\n\r\n  second\tline \rthird\xE2\x80\xA8" "fourth");
  g_autofree char *b = fm_import_normalise ("\n\n  \n");
  g_autofree char *c = fm_import_normalise ("a\x01" "b\x7F" "c d\xC2\xA0" "e");

  /* NFC, CRLF and CR and U+2028 as line breaks, spaces folded, blank lines gone */
  g_assert_cmpstr (a, ==, "Café au lait\nsecond line\nthird\nfourth");
  g_assert_cmpstr (b, ==, "");
  /* Controls dropped; a no-break space is kept */
  g_assert_cmpstr (c, ==, "abc d\xC2\xA0" "e");
}

static void
test_titles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) no_heading = NULL;
  g_autoptr(FmArticle) pasted = NULL;

  /* The first line is a sentence: the title comes from the file name */
  no_heading = fm_import_text ("The council spent 12 million on roads.\nIt said so on Monday.",
                               "/tmp/road_budget.txt", FM_IMPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_title (no_heading), ==, "road budget");
  g_assert_cmpstr (fm_article_get_text (no_heading), ==,
                   "The council spent 12 million on roads.\nIt said so on Monday.");

  /* Pasted, without a name: the first words */
  pasted = fm_import_text ("The council spent twelve million on roads and bridges across the "
                           "county last year.", NULL, FM_IMPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_title (pasted), ==,
                   "The council spent twelve million on roads and bridges across…");
  g_assert_cmpstr (fm_article_get_source_format (pasted), ==, "paste");
}

static void
test_byline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article =
    fm_import_text ("Bridge tolls cut traffic\nBy Mira Okafor · Northbank Courier · 12 March 2026\n"
                    "Traffic fell by a third, the council said.", NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_byline (article), ==, "Mira Okafor");
  g_assert_cmpstr (fm_article_get_site_name (article), ==, "Northbank Courier");
  g_assert_cmpstr (fm_article_get_published (article), ==, "2026-03-12");
  g_assert_cmpstr (fm_article_get_text (article), ==, "Traffic fell by a third, the council said.");
}

static void
test_hard_wrapped (void)
{
  const char *text =
    "Water rates\n"
    "\n"
    "The water board raised its rates by 9 percent this spring, the largest\n"
    "increase in a decade, and said another rise could follow next year if\n"
    "the cost of repairs to the northern pipeline keeps growing as it has.\n"
    "\n"
    "Customers in the valley will pay about 40 euros more a year on average,\n"
    "according to the board's own figures, which it published on Friday in\n"
    "a short statement on its website.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = fm_import_text (text, NULL, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (fm_article_get_title (article), ==, "Water rates");
  g_assert_cmpstr (fm_article_get_text (article), ==,
                   "The water board raised its rates by 9 percent this spring, the largest "
                   "increase in a decade, and said another rise could follow next year if the "
                   "cost of repairs to the northern pipeline keeps growing as it has.\n"
                   "Customers in the valley will pay about 40 euros more a year on average, "
                   "according to the board's own figures, which it published on Friday in a "
                   "short statement on its website.");
}

static void
test_debris_rules (void)
{
  const char *paragraphs[] = {
    "Menu",
    "Share | Facebook | Twitter | Email",
    "Storm closes the coast road",
    "A storm closed the coast road on Sunday. (Photo: Ana Ruiz)",
    "Photo",
    "A storm closed the coast road on Sunday. (Photo: Ana Ruiz)",
    "The photo above was taken by a reader.",
    "Share this story with friends.",
    "Follow us",
    "Repairs will take two weeks, the county said.",
    "Related stories",
    NULL,
  };
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *published = NULL;
  g_auto(GStrv) kept = fm_import_clean_debris (paragraphs, &published, removed);
  g_autofree char *joined = g_strjoinv ("|", kept);

  g_assert_cmpstr (joined, ==,
                   "Storm closes the coast road|"
                   "A storm closed the coast road on Sunday. (Photo: Ana Ruiz)|"
                   "The photo above was taken by a reader.|"
                   "Share this story with friends.|"
                   "Repairs will take two weeks, the county said.");
  g_assert_cmpuint (removed->len, ==, 6);
  g_assert_null (published);
}

static gboolean
ends_like_sentence (const char *line)
{
  gsize len = strlen (line);
  const char *last;

  if (len == 0)
    return FALSE;
  last = g_utf8_prev_char (line + len);
  while (last > line && (strchr ("\"')", *last) || g_str_has_prefix (last, "”") ||
                         g_str_has_prefix (last, "’")))
    last = g_utf8_prev_char (last);
  return strchr (".!?", *last) != NULL;
}

static void
test_seed_article (void)
{
  g_autofree char *path = fm_test_shared_file ("seeds/000_9ce32568348f78d7.txt");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;
  g_autofree char *original = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) paragraphs = NULL;
  const char *text;
  guint sentences = 0;

  if (path == NULL)
    {
      g_test_skip ("../shared/seeds is not beside this checkout");
      return;
    }

  file = g_file_new_for_path (path);
  article = fm_import_file (file, FM_IMPORT_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  text = fm_article_get_text (article);

  g_assert_cmpstr (fm_article_get_title (article), ==,
                   "US seeks Türkiye’s participation in international Gaza security force plan");
  g_assert_cmpstr (fm_article_get_published (article), ==, "2025-10-31T12:52:00+03:00");

  /* Every sentence of the article is there, as its own paragraph */
  g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
  lines = g_strsplit (original, "\n", -1);
  paragraphs = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (!ends_like_sentence (line))
        continue;
      sentences++;
      g_assert_true (g_strv_contains ((const char * const *)paragraphs, line));
    }
  g_assert_cmpuint (sentences, >=, 15);

  /* The page furniture is gone */
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      static const char * const debris[] = {
        "Close", "newsletters Newsletters", "X Instagram Youtube", "Photo", "BigPhoto",
        "October 31, 2025 12:52 PM GMT+03:00", "More From Türkiye Today",
      };

      for (guint k = 0; k < G_N_ELEMENTS (debris); k++)
        g_assert_cmpstr (paragraphs[i], !=, debris[k]);
      /* Captions once */
      if (paragraphs[i + 1] != NULL)
        g_assert_cmpstr (paragraphs[i], !=, paragraphs[i + 1]);
    }
  g_assert_nonnull (strstr (text, "Israeli army tanks are pictured along the border fence"));
  /* Section headings stay */
  g_assert_true (g_strv_contains ((const char * const *)paragraphs, "Plan linked to Israeli withdrawal"));

  /* Nothing is lost: the original bytes are kept */
  g_assert_cmpuint (g_bytes_get_size (fm_article_get_original (article)), ==, strlen (original));
}

static void
test_file_errors (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) gone = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(FmArticle) article = NULL;

  article = fm_import_file (folder, 0, NULL, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_NOT_A_FILE);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_clear_error (&error);

  article = fm_import_file (gone, 0, NULL, &error);
  g_assert_null (article);
  g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ);
  g_clear_error (&error);

  if (getuid () != 0)
    {
      g_autofree char *locked = g_build_filename (dir, "locked.txt", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (locked);

      g_assert_true (g_file_set_contents (locked, "Title\nSome text.", -1, NULL));
      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
      article = fm_import_file (file, 0, NULL, &error);
      g_assert_null (article);
      g_assert_error (error, FM_IMPORT_ERROR, FM_IMPORT_ERROR_READ);
    }
  fm_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/utf8", test_utf8);
  g_test_add_func ("/import/utf16-bom", test_utf16_bom);
  g_test_add_func ("/import/windows-1252", test_windows_1252);
  g_test_add_func ("/import/bad-encodings", test_bad_encodings);
  g_test_add_func ("/import/too-large", test_too_large);
  g_test_add_func ("/import/normalise", test_normalise);
  g_test_add_func ("/import/titles", test_titles);
  g_test_add_func ("/import/byline", test_byline);
  g_test_add_func ("/import/hard-wrapped", test_hard_wrapped);
  g_test_add_func ("/import/debris-rules", test_debris_rules);
  g_test_add_func ("/import/seed-article", test_seed_article);
  g_test_add_func ("/import/file-errors", test_file_errors);

  return g_test_run ();
}
