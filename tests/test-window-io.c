/* test-window-io.c — web pages into the window: Open Web Address, pasted
 * addresses, progress and cancel, download errors
 *
 * Runs under Xvfb with a web server of its own on 127.0.0.1.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fm-export-dialog.h"
#include "fm-test-http.h"
#include "fm-ui-test.h"

static FmApplication *app;
static char *tmpdir;
static FmTestHttp http;
static GPtrArray *paused;   /* SoupServerMessage kept waiting by /slow */

static const char page[] =
  "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
  "<title>Central library to close early on weekdays | Northbank Courier</title>"
  "<meta property=\"og:site_name\" content=\"Northbank Courier\">"
  "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
  "<article><h1>Central library to close early on weekdays</h1>"
  "<p>The central library will close at 5 p.m. on weekdays from April, the council said on "
  "Monday, citing a budget shortfall of 1.2 million pounds.</p>"
  "<p>Opening hours on Saturdays stay as they are. Campaigners said the change would hurt "
  "students who study there in the evenings, and collected 3,000 signatures.</p>"
  "<p>The council said it would review the hours again next year.</p>"
  "</article><footer>© Northbank Courier</footer></body></html>";

static const char other_page[] =
  "<html><head><title>Pool reopens</title></head><body><article>"
  "<h1>Pool reopens</h1><p>The town pool reopens on 3 May after repairs that cost 400,000 "
  "pounds, the leisure trust said.</p><p>Swimming lessons start again the week after, and the "
  "trust expects about 900 swimmers a week by the summer.</p></article></body></html>";

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  if (g_str_equal (path, "/library.html") || g_str_equal (path, "/pasted.html"))
    {
      const char *body = g_str_equal (path, "/library.html") ? page : other_page;

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
    }
  else if (g_str_equal (path, "/slow"))
    {
      /* Never answers: only Cancel ends it */
      soup_server_message_pause (msg);
      g_ptr_array_add (paused, g_object_ref (msg));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static FmWindow *
window (void)
{
  return fm_ui_test_window (app);
}

static guint
n_articles_on_disk (void)
{
  g_autoptr(FmStore) store = fm_ui_test_open_disk ();
  g_autoptr(GPtrArray) articles = fm_store_list_articles (store, NULL);

  return articles->len;
}

static char *
url_for (const char *path)
{
  return g_strconcat (http.base_url, path + 1, NULL);
}

static void
test_open_url (void)
{
  g_autofree char *url = url_for ("/library.html");
  g_autoptr(FmStore) store = NULL;
  g_autoptr(FmArticle) stored = NULL;
  FmArticle *shown;

  fm_window_open_url (window (), url);
  /* While it downloads, there is something to cancel */
  g_assert_true (fm_ui_test_action_enabled (window (), "cancel-download"));
  g_assert_false (fm_ui_test_action_enabled (window (), "open-url"));
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);

  shown = fm_window_get_article (window ());
  g_assert_nonnull (shown);
  g_assert_cmpstr (fm_article_get_title (shown), ==, "Central library to close early on weekdays");
  g_assert_false (fm_ui_test_action_enabled (window (), "cancel-download"));
  g_assert_true (fm_ui_test_action_enabled (window (), "open-url"));

  /* On disk: the page's article, where it came from and when */
  store = fm_ui_test_open_disk ();
  stored = fm_store_get_article (store, fm_article_get_id (shown), NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (fm_article_get_url (stored), ==, url);
  g_assert_cmpstr (fm_article_get_source_format (stored), ==, "html");
  g_assert_cmpstr (fm_article_get_site_name (stored), ==, "Northbank Courier");
  g_assert_nonnull (fm_article_get_fetched_at (stored));
  g_assert_nonnull (strstr (fm_article_get_text (stored), "budget shortfall of 1.2 million"));
  g_assert_null (strstr (fm_article_get_text (stored), "Home"));
}

static void
test_download_error (void)
{
  g_autofree char *url = url_for ("/gone.html");
  guint before = n_articles_on_disk ();
  GtkWidget *dialog;

  fm_window_open_url (window (), url);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  dialog = fm_window_get_error_dialog (window ());
  g_assert_nonnull (dialog);
  /* The dialog names the address and says why */
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                            "gone.html"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "404"));
  g_assert_cmpuint (n_articles_on_disk (), ==, before);
  gtk_window_close (GTK_WINDOW (dialog));
  WAIT_FOR (fm_window_get_error_dialog (window ()) == NULL);
}

static void
test_cancel (void)
{
  g_autofree char *url = url_for ("/slow");
  guint before = n_articles_on_disk ();

  fm_window_open_url (window (), url);
  WAIT_FOR (paused->len == 1);
  g_assert_cmpuint (fm_window_get_n_pending (window ()), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.cancel-download", NULL));
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  g_assert_cmpstr (fm_window_get_last_toast (window ()), ==, "Download cancelled");
  g_assert_null (fm_window_get_error_dialog (window ()));
  g_assert_cmpuint (n_articles_on_disk (), ==, before);
}

static GtkEditable *
dialog_entry (AdwMessageDialog *dialog)
{
  GtkWidget *child = adw_message_dialog_get_extra_child (dialog);

  g_assert_true (GTK_IS_EDITABLE (child));
  return GTK_EDITABLE (child);
}

static void
test_url_dialog (void)
{
  g_autofree char *url = url_for ("/library.html");
  AdwMessageDialog *dialog;
  guint before = n_articles_on_disk ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.open-url", NULL));
  WAIT_FOR (fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  dialog = ADW_MESSAGE_DIALOG (fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Open Web Address");

  /* Only web addresses can be opened */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "open"));
  gtk_editable_set_text (dialog_entry (dialog), "file:///etc/passwd");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "open"));
  gtk_editable_set_text (dialog_entry (dialog), "javascript:alert(1)");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "open"));
  gtk_editable_set_text (dialog_entry (dialog), url);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "open"));

  /* Enter in the entry opens it; the same page again reopens its article */
  g_signal_emit_by_name (dialog_entry (dialog), "activate");
  WAIT_FOR (fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  g_assert_cmpstr (fm_article_get_title (fm_window_get_article (window ())), ==,
                   "Central library to close early on weekdays");
  g_assert_cmpuint (n_articles_on_disk (), ==, before);
  g_assert_nonnull (strstr (fm_window_get_last_toast (window ()), "already in the workspace"));
}

static void
test_paste_url (void)
{
  g_autofree char *url = url_for ("/pasted.html");
  g_autofree char *with_space = g_strconcat ("  ", url, "\n", NULL);
  guint before = n_articles_on_disk ();

  /* An address on its own in the clipboard is the page at that address */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window ())), with_space);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.paste-article", NULL));
  WAIT_FOR (fm_window_get_n_pending (window ()) > 0 || n_articles_on_disk () > before);
  WAIT_FOR (fm_window_get_n_pending (window ()) == 0);
  g_assert_cmpstr (fm_article_get_title (fm_window_get_article (window ())), ==, "Pool reopens");
  g_assert_cmpuint (n_articles_on_disk (), ==, before + 1);
}

static FmExportDialog *
open_export_dialog (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window ()), "win.export", NULL));
  WAIT_FOR (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) != NULL);
  return FM_EXPORT_DIALOG (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG));
}

static void
test_export (void)
{
  g_autofree char *html_path = g_build_filename (tmpdir, "pool.html", NULL);
  g_autofree char *csv_path = g_build_filename (tmpdir, "pool.csv", NULL);
  g_autofree char *html = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GFile) html_file = g_file_new_for_path (html_path);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/folder/pool.html");
  g_autoptr(FmClaim) claim = NULL;
  FmExportDialog *dialog;
  FmArticle *article = fm_window_get_article (window ());
  FmStore *store = fm_application_get_store (app);
  GtkWindow *error_dialog;

  /* A claim to export, made as the window makes them */
  claim = fm_store_create_claim (store, fm_article_get_id (article), 0, 30, NULL);
  g_assert_nonnull (claim);
  g_assert_true (fm_store_set_claim_verdict (store, claim, FM_VERDICT_MOSTLY_TRUE, NULL));

  /* The report, with the default format */
  dialog = open_export_dialog ();
  g_assert_cmpint (fm_export_dialog_get_format (dialog), ==, FM_EXPORT_FORMAT_HTML);
  fm_export_dialog_export_to (dialog, html_file);
  WAIT_FOR (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) == NULL);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "Pool reopens"));
  g_assert_nonnull (strstr (html, "Content-Security-Policy"));
  g_assert_nonnull (strstr (html, "Mostly true"));
  g_assert_cmpstr (fm_window_get_last_toast (window ()), ==, "Exported “pool.html”");

  /* CSV of approved claims only: a header and no rows */
  dialog = open_export_dialog ();
  fm_export_dialog_set_format (dialog, FM_EXPORT_FORMAT_CSV);
  fm_export_dialog_set_approved_only (dialog, TRUE);
  fm_export_dialog_export_to (dialog, csv_file);
  WAIT_FOR (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) == NULL);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  g_assert_null (strstr (csv, "Mostly true"));
  lines = g_strsplit (g_strstrip (csv), "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);

  /* A folder that does not exist: the dialog says why and stays */
  dialog = open_export_dialog ();
  fm_export_dialog_export_to (dialog, nowhere);
  WAIT_FOR (fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  error_dialog = fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (error_dialog)), ==,
                   "Export Failed");
  g_assert_true (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) == GTK_WINDOW (dialog));
  g_assert_false (g_file_test ("/nonexistent/folder", G_FILE_TEST_EXISTS));
  gtk_window_destroy (error_dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) == NULL);
}

/* The ClaimReview options of the command line (--report-url,
 * --organization), in the dialog: shown for the formats that carry
 * ClaimReview, written into the file, remembered for the next export */
static void
test_export_publishing (void)
{
  g_autofree char *json_path = g_build_filename (tmpdir, "pool-claimreview.json", NULL);
  g_autofree char *html_path = g_build_filename (tmpdir, "pool-published.html", NULL);
  g_autofree char *refused_path = g_build_filename (tmpdir, "pool-refused.json", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) html_file = g_file_new_for_path (html_path);
  g_autoptr(GFile) refused_file = g_file_new_for_path (refused_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) urls = NULL;
  g_autoptr(FmClaim) claim = NULL;
  g_autofree char *html = NULL;
  g_autofree char *url = NULL;
  g_autofree char *organization = NULL;
  const char *remembered = NULL;
  FmArticle *article = fm_window_get_article (window ());
  FmStore *store = fm_application_get_store (app);
  FmExportDialog *dialog;
  GtkWindow *error_dialog;
  JsonArray *reviews;
  JsonObject *review;

  claim = fm_store_create_claim (store, fm_article_get_id (article), 0, 30, NULL);
  g_assert_nonnull (claim);
  g_assert_true (fm_store_set_claim_verdict (store, claim, FM_VERDICT_FALSE, NULL));

  /* Shown for the report and ClaimReview, not for CSV or Web Annotations */
  dialog = open_export_dialog ();
  g_assert_true (fm_export_dialog_get_publishing_visible (dialog));
  fm_export_dialog_set_format (dialog, FM_EXPORT_FORMAT_CSV);
  g_assert_false (fm_export_dialog_get_publishing_visible (dialog));
  fm_export_dialog_set_format (dialog, FM_EXPORT_FORMAT_W3C);
  g_assert_false (fm_export_dialog_get_publishing_visible (dialog));
  fm_export_dialog_set_format (dialog, FM_EXPORT_FORMAT_CLAIM_REVIEW);
  g_assert_true (fm_export_dialog_get_publishing_visible (dialog));

  /* Not a web address: refused, as the command line refuses it */
  fm_export_dialog_set_report_url (dialog, "file:///home/ana/check.html");
  fm_export_dialog_export_to (dialog, refused_file);
  WAIT_FOR (fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  error_dialog = fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (error_dialog)), ==,
                   "Export Failed");
  gtk_window_destroy (error_dialog);
  g_assert_false (g_file_test (refused_path, G_FILE_TEST_EXISTS));
  /* Export… says so too, before any file chooser */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.choose-file", NULL));
  WAIT_FOR (fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL);
  error_dialog = fm_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (error_dialog)),
                            "http://"));
  gtk_window_destroy (error_dialog);

  /* The ClaimReview file links into the published fact-check and names
   * the newsroom as its author */
  fm_export_dialog_set_report_url (dialog, "  https://news.example/checks/pool-reopens ");
  fm_export_dialog_set_organization (dialog, "Northbank Courier");
  fm_export_dialog_export_to (dialog, json_file);
  WAIT_FOR (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) == NULL);
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  reviews = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (reviews), >=, 1);
  for (guint i = 0; i < json_array_get_length (reviews); i++)
    {
      review = json_array_get_object_element (reviews, i);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (review, "url"),
                                       "https://news.example/checks/pool-reopens#claim-"));
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (review, "author"), "@type"), ==,
                       "Organization");
      g_assert_cmpstr (json_object_get_string_member (
                         json_object_get_object_member (review, "author"), "name"), ==,
                       "Northbank Courier");
    }

  /* Remembered: the organization for every article, the address for this one */
  {
    g_autofree char *saved = g_settings_get_string (settings, "organization");

    g_assert_cmpstr (saved, ==, "Northbank Courier");
  }
  urls = g_settings_get_value (settings, "report-urls");
  g_assert_true (g_variant_lookup (urls, fm_article_get_id (article), "&s", &remembered));
  g_assert_cmpstr (remembered, ==, "https://news.example/checks/pool-reopens");

  /* The next export starts from them; the report carries them too */
  dialog = open_export_dialog ();
  url = fm_export_dialog_dup_report_url (dialog);
  organization = fm_export_dialog_dup_organization (dialog);
  g_assert_cmpstr (url, ==, "https://news.example/checks/pool-reopens");
  g_assert_cmpstr (organization, ==, "Northbank Courier");
  g_assert_cmpint (fm_export_dialog_get_format (dialog), ==, FM_EXPORT_FORMAT_HTML);
  fm_export_dialog_export_to (dialog, html_file);
  WAIT_FOR (fm_ui_test_find_toplevel (FM_TYPE_EXPORT_DIALOG) == NULL);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "https://news.example/checks/pool-reopens#claim-"));
  g_assert_nonnull (strstr (html, "Northbank Courier"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = fm_ui_test_start (&argc, &argv, &tmpdir);

  paused = g_ptr_array_new_with_free_func (g_object_unref);
  fm_test_http_start (&http);
  soup_server_add_handler (http.server, NULL, server_cb, NULL, NULL);

  g_test_add_func ("/window-io/open-url", test_open_url);
  g_test_add_func ("/window-io/download-error", test_download_error);
  g_test_add_func ("/window-io/cancel", test_cancel);
  g_test_add_func ("/window-io/url-dialog", test_url_dialog);
  g_test_add_func ("/window-io/paste-url", test_paste_url);
  g_test_add_func ("/window-io/export", test_export);
  g_test_add_func ("/window-io/export-publishing", test_export_publishing);

  status = g_test_run ();

  fm_ui_test_clean_up (app, tmpdir);
  g_ptr_array_unref (paused);
  fm_test_http_stop (&http);
  return status;
}
