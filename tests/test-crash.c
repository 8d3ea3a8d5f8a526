/* test-crash.c — crash safety: a SIGKILL at any moment loses nothing acknowledged
 *
 * A child process makes changes through the store in a loop, as the app
 * does: articles, claims (created from a span, or inserted whole with their
 * sources), field edits, sources added, edited and removed, claims deleted.
 * Before each call it prints what it is about to do ("I …"), and after the
 * call returns — the change committed — that it is done ("A …"). The parent
 * kills it with SIGKILL at a random moment, many times, and after each kill:
 *
 *  - the workspace opens and passes PRAGMA integrity_check, the full-text
 *    indexes' own integrity checks and the foreign-key check;
 *  - the workspace holds exactly what the acknowledged changes made, as
 *    replayed on a model in the parent (every line the child printed is
 *    checked), plus possibly the one change that was under way, whole or
 *    not at all: never half of it (a claim without its sources or without
 *    its history entry, a history entry without its change, …).
 *
 * FM_CRASH_KILLS sets the number of kills (default 200; build-aux/dev stress
 * runs thousands), FM_CRASH_SEED the random seed (printed, to replay a run).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fm-store.h"
#include "fm-test.h"

/* Values both sides compute from a number, so lines stay short */

static const char * const verdicts[] = {
  "unrated", "true", "mostly-true", "mixed", "misleading", "mostly-false", "false", "unverifiable",
};
static const char * const statuses[] = {
  "unchecked", "in-progress", "needs-review", "changes-requested", "approved",
};

/* Long texts every so often, so that one change spans many pages */
static char *
explanation_for (guint n)
{
  guint len = n % 10 == 0 ? 30000 : n % 1500;
  GString *text = g_string_sized_new (len + 64);

  g_string_append_printf (text, "Explanation %u: ", n);
  while (text->len < len)
    g_string_append_printf (text, "checked %u against the council’s figures; ", n + (guint)text->len);
  return g_string_free (text, FALSE);
}

static char *
field_value (const char *field,
             guint       n)
{
  if (g_str_equal (field, "summary"))
    return g_strdup_printf ("Summary %u — d’après the council", n);
  if (g_str_equal (field, "explanation"))
    return explanation_for (n);
  if (g_str_equal (field, "verdict"))
    return g_strdup (verdicts[n % G_N_ELEMENTS (verdicts)]);
  if (g_str_equal (field, "status"))
    return g_strdup (statuses[n % G_N_ELEMENTS (statuses)]);
  if (g_str_equal (field, "tags"))
    return g_strdup_printf ("a%u, b%u", n % 7, n % 5);
  g_assert_not_reached ();
}

static FmClaimField
field_from_name (const char *field)
{
  if (g_str_equal (field, "summary"))
    return FM_CLAIM_FIELD_SUMMARY;
  if (g_str_equal (field, "explanation"))
    return FM_CLAIM_FIELD_EXPLANATION;
  if (g_str_equal (field, "verdict"))
    return FM_CLAIM_FIELD_VERDICT;
  if (g_str_equal (field, "status"))
    return FM_CLAIM_FIELD_STATUS;
  if (g_str_equal (field, "tags"))
    return FM_CLAIM_FIELD_TAGS;
  g_assert_not_reached ();
}

static char *
article_text (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (text, "%sParagraph %u of article %u: the council said traffic fell "
                            "by %u percent, and bus journeys were %u minutes shorter.",
                            i ? "\n" : "", i, n, (n + i) % 90, i % 13);
  return g_string_free (text, FALSE);
}

static char *
source_url (guint n,
            guint k)
{
  return g_strdup_printf ("https://example.org/evidence/%u/%u", n, k);
}

/* The child: changes in a loop until it is killed */

typedef struct
{
  FmStore   *store;
  GRand     *rand;
  int        fd;
  guint      n;
  GPtrArray *articles;     /* FmArticle */
  GPtrArray *claims;       /* FmClaim */
} Child;

G_GNUC_PRINTF (2, 3)
static void
say (Child      *c,
     const char *format,
     ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize len, done = 0;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  len = strlen (line);
  /* One write per line: shorter than PIPE_BUF, so never torn */
  g_assert_cmpuint (len, <, 4096);
  while (done < len)
    {
      ssize_t w = write (c->fd, line + done, len - done);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        _exit (4);
      done += w;
    }
}

G_NORETURN static void
child_failed (Child  *c,
              GError *error)
{
  say (c, "E\t%s\n", error ? error->message : "unknown error");
  _exit (3);
}

static FmClaim *
pick_claim (Child *c)
{
  return g_ptr_array_index (c->claims, g_rand_int_range (c->rand, 0, c->claims->len));
}

static GPtrArray *
claim_sources (Child   *c,
               FmClaim *claim)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sources = fm_store_list_sources (c->store, fm_claim_get_id (claim), &error);

  if (sources == NULL)
    child_failed (c, error);
  return sources;
}

static void
child_span (Child     *c,
            FmArticle *article,
            guint     *start,
            guint     *end)
{
  guint length = fm_article_get_length (article);

  guint extra = g_rand_int_range (c->rand, 0, 120);

  *start = g_rand_int_range (c->rand, 0, length - 1);
  *end = MIN (length, *start + 1 + extra);
}

static void
child_step (Child *c)
{
  g_autoptr(GError) error = NULL;
  guint n = c->n++;
  guint choice = g_rand_int_range (c->rand, 0, 100);

  if (c->articles->len == 0 || (choice == 0 && c->articles->len < 40))
    {
      g_autoptr(FmArticle) article = fm_article_new ();
      g_autofree char *text = article_text (n);
      g_autofree char *title = g_strdup_printf ("Crash test article %u", n);
      FmArticle *stored;

      fm_article_set_title (article, title);
      fm_article_set_text (article, text);
      say (c, "I\tarticle\t%u\n", n);
      stored = fm_store_add_article (c->store, article, NULL, &error);
      if (stored == NULL)
        child_failed (c, error);
      g_ptr_array_add (c->articles, stored);
      say (c, "A\t%s\n", fm_article_get_id (stored));
      return;
    }

  /* Keep the workspace from growing without end: delete more when big */
  if (c->claims->len > 150 && choice < 30)
    {
      guint i = g_rand_int_range (c->rand, 0, c->claims->len);
      FmClaim *claim = g_ptr_array_index (c->claims, i);

      say (c, "I\tdelete\t%s\n", fm_claim_get_id (claim));
      if (!fm_store_delete_claim (c->store, claim, &error))
        child_failed (c, error);
      g_ptr_array_remove_index_fast (c->claims, i);
      say (c, "A\n");
      return;
    }
  if (c->claims->len == 0 || choice < 20 || (c->claims->len < 150 && choice >= 92))
    {
      FmArticle *article = g_ptr_array_index (c->articles,
                                              g_rand_int_range (c->rand, 0, c->articles->len));
      guint start, end;
      FmClaim *claim;

      child_span (c, article, &start, &end);
      say (c, "I\tcreate\t%s\t%u\t%u\n", fm_article_get_id (article), start, end);
      claim = fm_store_create_claim (c->store, fm_article_get_id (article), start, end, &error);
      if (claim == NULL)
        child_failed (c, error);
      g_ptr_array_add (c->claims, claim);
      say (c, "A\t%s\n", fm_claim_get_id (claim));
    }
  else if (choice < 30)
    {
      /* A whole claim with its sources, in one call (an annotation import, an undo) */
      FmArticle *article = g_ptr_array_index (c->articles,
                                              g_rand_int_range (c->rand, 0, c->articles->len));
      g_autoptr(FmArticle) full = fm_store_get_article (c->store, fm_article_get_id (article), NULL);
      g_autoptr(FmClaim) values = fm_claim_new ();
      g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GString) ack = g_string_new ("A");
      g_autoptr(GPtrArray) stored_sources = NULL;
      g_autofree char *quote = NULL;
      g_autofree char *summary = g_strdup_printf ("Inserted %u", n);
      guint n_sources = n % 4;
      guint start, end;
      FmClaim *claim;

      child_span (c, article, &start, &end);
      quote = fm_article_dup_span (full, start, end);
      fm_claim_set_article_id (values, fm_article_get_id (article));
      fm_claim_set_span (values, start, end);
      fm_claim_set_selector (values, quote, "", "");
      fm_claim_set_summary (values, summary);
      fm_claim_set_verdict (values, n % G_N_ELEMENTS (verdicts));
      for (guint k = 0; k < n_sources; k++)
        {
          FmSource *source = fm_source_new ();
          g_autofree char *url = source_url (n, k);
          g_autofree char *title = g_strdup_printf ("Inserted source %u", k);

          fm_source_set_url (source, url);
          fm_source_set_title (source, title);
          g_ptr_array_add (sources, source);
        }
      say (c, "I\tinsert\t%s\t%u\t%u\t%u\n", fm_article_get_id (article), start, end, n);
      claim = fm_store_insert_claim (c->store, values, sources, &error);
      if (claim == NULL)
        child_failed (c, error);
      g_ptr_array_add (c->claims, claim);
      g_string_append_printf (ack, "\t%s", fm_claim_get_id (claim));
      stored_sources = claim_sources (c, claim);
      for (guint k = 0; k < stored_sources->len; k++)
        g_string_append_printf (ack, "\t%s", fm_source_get_id (g_ptr_array_index (stored_sources, k)));
      g_string_append_c (ack, '\n');
      say (c, "%s", ack->str);
    }
  else if (choice < 65)
    {
      static const char * const fields[] = { "summary", "explanation", "verdict", "status", "tags" };
      const char *field = fields[g_rand_int_range (c->rand, 0, G_N_ELEMENTS (fields))];
      g_autofree char *value = field_value (field, n);
      FmClaim *claim = pick_claim (c);

      say (c, "I\tfield\t%s\t%s\t%u\n", fm_claim_get_id (claim), field, n);
      if (!fm_store_set_claim_field (c->store, claim, field_from_name (field), value, &error))
        child_failed (c, error);
      say (c, "A\n");
    }
  else if (choice < 78)
    {
      FmClaim *claim = pick_claim (c);
      g_autoptr(FmSource) values = fm_source_new ();
      g_autoptr(FmSource) source = NULL;
      g_autofree char *url = source_url (n, 0);
      g_autofree char *title = g_strdup_printf ("Source %u", n);

      fm_source_set_url (values, url);
      fm_source_set_title (values, title);
      fm_source_set_stance (values, n % 3);
      say (c, "I\tsource\t%s\t%u\n", fm_claim_get_id (claim), n);
      source = fm_store_add_source (c->store, fm_claim_get_id (claim), values, &error);
      if (source == NULL)
        child_failed (c, error);
      say (c, "A\t%s\n", fm_source_get_id (source));
    }
  else if (choice < 92)
    {
      FmClaim *claim = pick_claim (c);
      g_autoptr(GPtrArray) sources = claim_sources (c, claim);
      FmSource *source;

      if (sources->len == 0)
        return;
      source = g_ptr_array_index (sources, g_rand_int_range (c->rand, 0, sources->len));
      if (choice < 86)
        {
          g_autoptr(FmSource) values = fm_source_copy (source);
          g_autofree char *title = g_strdup_printf ("Edited %u", n);

          fm_source_set_title (values, title);
          fm_source_set_stance (values, n % 3);
          say (c, "I\tedit-source\t%s\t%u\n", fm_source_get_id (source), n);
          if (!fm_store_update_source (c->store, source, values, &error))
            child_failed (c, error);
        }
      else
        {
          say (c, "I\tremove-source\t%s\n", fm_source_get_id (source));
          if (!fm_store_remove_source (c->store, source, &error))
            child_failed (c, error);
        }
      say (c, "A\n");
    }
  else
    {
      guint i = g_rand_int_range (c->rand, 0, c->claims->len);
      FmClaim *claim = g_ptr_array_index (c->claims, i);

      say (c, "I\tdelete\t%s\n", fm_claim_get_id (claim));
      if (!fm_store_delete_claim (c->store, claim, &error))
        child_failed (c, error);
      g_ptr_array_remove_index_fast (c->claims, i);
      say (c, "A\n");
    }
}

G_NORETURN static void
child_main (const char *path,
            int         fd,
            guint32     seed,
            guint       first_n)
{
  g_autoptr(GError) error = NULL;
  FmClaimQuery query = FM_CLAIM_QUERY_INIT;
  Child c = { 0 };

  /* Never outlive the test */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* A forked child inherits GLib's random state, from which ids are made:
   * without a seed of its own, each child would make the same ids */
  g_random_set_seed (seed);
  c.fd = fd;
  c.rand = g_rand_new_with_seed (seed);
  c.n = first_n;
  c.store = fm_store_open (path, &error);
  if (c.store == NULL)
    child_failed (&c, error);
  fm_store_set_actor (c.store, "Crash Test");
  c.articles = fm_store_list_articles (c.store, &error);
  if (c.articles == NULL)
    child_failed (&c, error);
  /* Listed articles come without their text: load it, for the spans */
  for (guint i = 0; i < c.articles->len; i++)
    {
      FmArticle *full = fm_store_get_article (c.store, fm_article_get_id (g_ptr_array_index (c.articles, i)),
                                              &error);

      if (full == NULL)
        child_failed (&c, error);
      g_object_unref (full);   /* the live object now has its text */
    }
  c.claims = fm_store_query_claims (c.store, &query, &error);
  if (c.claims == NULL)
    child_failed (&c, error);
  say (&c, "R\n");

  /* Bounded, in case the parent never kills */
  for (guint i = 0; i < 100000; i++)
    child_step (&c);
  _exit (0);
}

/* The parent's model of what the workspace holds */

typedef struct
{
  char       *article_id;
  guint       start, end;
  char       *summary, *verdict, *status, *explanation, *tags;
  GHashTable *sources;      /* id → "url\ttitle\tstance" */
} MClaim;

typedef struct
{
  GHashTable *articles;     /* id → title */
  GHashTable *claims;       /* id → MClaim */
  GHashTable *history;      /* claim id → number of entries (deleted claims too) */
} Model;

static void
mclaim_free (MClaim *m)
{
  g_free (m->article_id);
  g_free (m->summary);
  g_free (m->verdict);
  g_free (m->status);
  g_free (m->explanation);
  g_free (m->tags);
  g_hash_table_unref (m->sources);
  g_free (m);
}

static MClaim *
mclaim_new (const char *article_id,
            guint       start,
            guint       end)
{
  MClaim *m = g_new0 (MClaim, 1);

  m->article_id = g_strdup (article_id);
  m->start = start;
  m->end = end;
  m->summary = g_strdup ("");
  m->verdict = g_strdup ("unrated");
  m->status = g_strdup ("unchecked");
  m->explanation = g_strdup ("");
  m->tags = g_strdup ("");
  m->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return m;
}

static MClaim *
mclaim_copy (const MClaim *m)
{
  MClaim *copy = mclaim_new (m->article_id, m->start, m->end);
  GHashTableIter iter;
  gpointer key, value;

  g_free (copy->summary);
  g_free (copy->verdict);
  g_free (copy->status);
  g_free (copy->explanation);
  g_free (copy->tags);
  copy->summary = g_strdup (m->summary);
  copy->verdict = g_strdup (m->verdict);
  copy->status = g_strdup (m->status);
  copy->explanation = g_strdup (m->explanation);
  copy->tags = g_strdup (m->tags);
  g_hash_table_iter_init (&iter, m->sources);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->sources, g_strdup (key), g_strdup (value));
  return copy;
}

static Model *
model_new (void)
{
  Model *model = g_new0 (Model, 1);

  model->articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)mclaim_free);
  model->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return model;
}

static void
model_free (Model *model)
{
  if (model == NULL)
    return;
  g_hash_table_unref (model->articles);
  g_hash_table_unref (model->claims);
  g_hash_table_unref (model->history);
  g_free (model);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Model, model_free)

static Model *
model_copy (const Model *model)
{
  Model *copy = model_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, model->articles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->articles, g_strdup (key), g_strdup (value));
  g_hash_table_iter_init (&iter, model->claims);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->claims, g_strdup (key), mclaim_copy (value));
  g_hash_table_iter_init (&iter, model->history);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->history, g_strdup (key), value);
  return copy;
}

static void
add_history (Model      *model,
             const char *claim_id,
             guint       n)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (model->history, claim_id));

  g_hash_table_insert (model->history, g_strdup (claim_id), GUINT_TO_POINTER (count + n));
}

static MClaim *
model_claim (Model      *model,
             const char *claim_id)
{
  MClaim *m = g_hash_table_lookup (model->claims, claim_id);

  if (m == NULL)
    g_error ("the child changed claim %s, which the model does not have", claim_id);
  return m;
}

/* The store's rule: an approved claim whose verdict, explanation or
 * evidence changes goes back to review, with an entry of its own. */
static void
reopen_if_approved (Model      *model,
                    MClaim     *m,
                    const char *claim_id)
{
  if (!g_str_equal (m->status, "approved"))
    return;
  g_free (m->status);
  m->status = g_strdup ("needs-review");
  add_history (model, claim_id, 1);
}

static const char *
source_claim (Model      *model,
              const char *source_id,
              MClaim    **claim)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, model->claims);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_contains (((MClaim *)value)->sources, source_id))
      {
        *claim = value;
        return key;
      }
  g_error ("the child changed source %s, which the model does not have", source_id);
}

/* Applies one change, as the store makes it. @intent is the "I" line's
 * fields, @ack the "A" line's (the ids the store gave). */
static void
model_apply (Model      *model,
             char      **intent,
             char      **ack)
{
  const char *op = intent[1];

  if (g_str_equal (op, "article"))
    {
      g_hash_table_insert (model->articles, g_strdup (ack[1]),
                           g_strdup_printf ("Crash test article %s", intent[2]));
    }
  else if (g_str_equal (op, "create"))
    {
      g_hash_table_insert (model->claims, g_strdup (ack[1]),
                           mclaim_new (intent[2], atoi (intent[3]), atoi (intent[4])));
      add_history (model, ack[1], 1);
    }
  else if (g_str_equal (op, "insert"))
    {
      guint n = atoi (intent[5]);
      MClaim *m = mclaim_new (intent[2], atoi (intent[3]), atoi (intent[4]));

      g_free (m->summary);
      m->summary = g_strdup_printf ("Inserted %u", n);
      g_free (m->verdict);
      m->verdict = g_strdup (verdicts[n % G_N_ELEMENTS (verdicts)]);
      /* The sources the child asked for, under the ids the store gave;
       * one it did not give stays under a name that matches nothing */
      for (guint k = 0; k < n % 4; k++)
        {
          g_autofree char *url = source_url (n, k);
          g_autofree char *id = k + 2 < g_strv_length (ack) ? g_strdup (ack[2 + k])
                                                            : g_strdup_printf ("(missing %u)", k);

          g_hash_table_insert (m->sources, g_steal_pointer (&id),
                               g_strdup_printf ("%s\tInserted source %u\tsupports", url, k));
        }
      g_hash_table_insert (model->claims, g_strdup (ack[1]), m);
      add_history (model, ack[1], 1);
    }
  else if (g_str_equal (op, "field"))
    {
      const char *claim_id = intent[2];
      const char *field = intent[3];
      g_autofree char *value = field_value (field, atoi (intent[4]));
      MClaim *m = model_claim (model, claim_id);
      char **slot = g_str_equal (field, "summary") ? &m->summary :
                    g_str_equal (field, "explanation") ? &m->explanation :
                    g_str_equal (field, "verdict") ? &m->verdict :
                    g_str_equal (field, "status") ? &m->status : &m->tags;

      if (g_str_equal (*slot, value))
        return;                 /* the same value: not a change */
      g_free (*slot);
      *slot = g_steal_pointer (&value);
      add_history (model, claim_id, 1);
      if (g_str_equal (field, "verdict") || g_str_equal (field, "explanation"))
        reopen_if_approved (model, m, claim_id);
    }
  else if (g_str_equal (op, "source"))
    {
      guint n = atoi (intent[3]);
      MClaim *m = model_claim (model, intent[2]);
      g_autofree char *url = source_url (n, 0);
      static const char * const stances[] = { "supports", "refutes", "context" };

      g_hash_table_insert (m->sources, g_strdup (ack[1]),
                           g_strdup_printf ("%s\tSource %u\t%s", url, n, stances[n % 3]));
      add_history (model, intent[2], 1);
      reopen_if_approved (model, m, intent[2]);
    }
  else if (g_str_equal (op, "edit-source"))
    {
      static const char * const stances[] = { "supports", "refutes", "context" };
      guint n = atoi (intent[3]);
      MClaim *m = NULL;
      const char *claim_id = source_claim (model, intent[2], &m);
      g_auto(GStrv) old = g_strsplit (g_hash_table_lookup (m->sources, intent[2]), "\t", 3);
      g_autofree char *title = g_strdup_printf ("Edited %u", n);
      guint changes = !g_str_equal (old[1], title) + !g_str_equal (old[2], stances[n % 3]);

      if (changes == 0)
        return;
      g_hash_table_insert (m->sources, g_strdup (intent[2]),
                           g_strdup_printf ("%s\t%s\t%s", old[0], title, stances[n % 3]));
      add_history (model, claim_id, changes);
      reopen_if_approved (model, m, claim_id);
    }
  else if (g_str_equal (op, "remove-source"))
    {
      MClaim *m = NULL;
      const char *claim_id = source_claim (model, intent[2], &m);
      g_autofree char *id = g_strdup (claim_id);

      g_hash_table_remove (m->sources, intent[2]);
      add_history (model, id, 1);
      reopen_if_approved (model, m, id);
    }
  else if (g_str_equal (op, "delete"))
    {
      model_claim (model, intent[2]);
      g_hash_table_remove (model->claims, intent[2]);
      add_history (model, intent[2], 1);
    }
  else
    g_error ("unknown change “%s”", op);
}

/* What the workspace holds, read with SQL of our own, not the store's */

static void
check_sql (sqlite3    *db,
           const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static Model *
read_workspace (const char *path)
{
  Model *model = model_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  /* No row points at a missing one; the search indexes match their tables */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_error ("foreign key check: table %s row %lld", sqlite3_column_text (stmt, 0),
             (long long)sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  check_sql (db, "INSERT INTO claims_fts (claims_fts) VALUES ('integrity-check')");
  check_sql (db, "INSERT INTO sources_fts (sources_fts) VALUES ('integrity-check')");
  check_sql (db, "INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')");

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, title FROM articles", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (model->articles, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, article_id, start_offset, end_offset, "
                                           "summary, verdict, status, explanation FROM claims",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MClaim *m = mclaim_new ((const char *)sqlite3_column_text (stmt, 1),
                              sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3));

      g_free (m->summary);
      g_free (m->verdict);
      g_free (m->status);
      g_free (m->explanation);
      m->summary = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      m->verdict = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      m->status = g_strdup ((const char *)sqlite3_column_text (stmt, 6));
      m->explanation = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
      g_hash_table_insert (model->claims, g_strdup ((const char *)sqlite3_column_text (stmt, 0)), m);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT claim_id, tag FROM claim_tags "
                                           "ORDER BY claim_id, tag", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MClaim *m = g_hash_table_lookup (model->claims, sqlite3_column_text (stmt, 0));
      char *tags;

      g_assert_nonnull (m);
      tags = *m->tags ? g_strdup_printf ("%s, %s", m->tags, sqlite3_column_text (stmt, 1))
                      : g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      g_free (m->tags);
      m->tags = tags;
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, claim_id, url, title, stance FROM sources",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MClaim *m = g_hash_table_lookup (model->claims, sqlite3_column_text (stmt, 1));

      g_assert_nonnull (m);
      g_hash_table_insert (m->sources, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                           g_strdup_printf ("%s\t%s\t%s", sqlite3_column_text (stmt, 2),
                                            sqlite3_column_text (stmt, 3),
                                            sqlite3_column_text (stmt, 4)));
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT claim_id, count (*) FROM history GROUP BY claim_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (model->history, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_finalize (stmt);

  sqlite3_close (db);
  return model;
}

/* Differences between two models, or NULL when they are the same */
static char *
model_diff (const Model *want,
            const Model *got)
{
  g_autoptr(GString) diff = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

#define DIFF(...) G_STMT_START { if (diff->len < 2000) g_string_append_printf (diff, __VA_ARGS__); } G_STMT_END

  g_hash_table_iter_init (&iter, want->articles);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (got->articles, key)) != 0)
      DIFF ("article %s missing or different\n", (char *)key);
  if (g_hash_table_size (want->articles) != g_hash_table_size (got->articles))
    DIFF ("%u articles, expected %u\n", g_hash_table_size (got->articles),
          g_hash_table_size (want->articles));

  g_hash_table_iter_init (&iter, want->claims);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const MClaim *w = value;
      const MClaim *g = g_hash_table_lookup (got->claims, key);
      GHashTableIter si;
      gpointer skey, svalue;

      if (g == NULL)
        {
          DIFF ("claim %s is missing\n", (char *)key);
          continue;
        }
      if (g_strcmp0 (w->article_id, g->article_id) != 0 || w->start != g->start || w->end != g->end)
        DIFF ("claim %s: span differs\n", (char *)key);
#define FIELD(f) if (g_strcmp0 (w->f, g->f) != 0) \
        DIFF ("claim %s: " #f " is “%.60s”, expected “%.60s”\n", (char *)key, g->f, w->f)
      FIELD (summary);
      FIELD (verdict);
      FIELD (status);
      FIELD (explanation);
      FIELD (tags);
#undef FIELD
      if (g_hash_table_size (w->sources) != g_hash_table_size (g->sources))
        DIFF ("claim %s has %u sources, expected %u\n", (char *)key,
              g_hash_table_size (g->sources), g_hash_table_size (w->sources));
      g_hash_table_iter_init (&si, w->sources);
      while (g_hash_table_iter_next (&si, &skey, &svalue))
        if (g_strcmp0 (svalue, g_hash_table_lookup (g->sources, skey)) != 0)
          DIFF ("claim %s: source %s missing or different\n", (char *)key, (char *)skey);
    }
  if (g_hash_table_size (want->claims) != g_hash_table_size (got->claims))
    DIFF ("%u claims, expected %u\n", g_hash_table_size (got->claims),
          g_hash_table_size (want->claims));

  g_hash_table_iter_init (&iter, want->history);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value != g_hash_table_lookup (got->history, key))
      DIFF ("claim %s has %u history entries, expected %u\n", (char *)key,
            GPOINTER_TO_UINT (g_hash_table_lookup (got->history, key)), GPOINTER_TO_UINT (value));
  if (g_hash_table_size (want->history) != g_hash_table_size (got->history))
    DIFF ("history of %u claims, expected %u\n", g_hash_table_size (got->history),
          g_hash_table_size (want->history));
#undef DIFF

  return diff->len ? g_string_free (g_steal_pointer (&diff), FALSE) : NULL;
}

/* The ids the store gave to a change that was under way when the child
 * died, as found in the workspace: an "A" line for the in-doubt change.
 * NULL when the workspace holds no trace of it. */
static char **
find_new_ids (const Model  *model,
              const Model  *found,
              char        **intent)
{
  const char *op = intent[1];
  g_autoptr(GPtrArray) ack = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_add (ack, g_strdup ("A"));
  if (g_str_equal (op, "article"))
    {
      g_hash_table_iter_init (&iter, found->articles);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (model->articles, key))
          g_ptr_array_add (ack, g_strdup (key));
    }
  else if (g_str_equal (op, "create") || g_str_equal (op, "insert"))
    {
      g_hash_table_iter_init (&iter, found->claims);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_hash_table_contains (model->claims, key))
          {
            g_ptr_array_add (ack, g_strdup (key));
            if (g_str_equal (op, "insert"))
              {
                /* In the order the child inserted them (their URLs end in k) */
                g_autoptr(GList) ids = g_hash_table_get_keys (((MClaim *)value)->sources);
                GHashTable *sources = ((MClaim *)value)->sources;
                guint n = g_list_length (ids);

                for (guint k = 0; k < n; k++)
                  for (GList *l = ids; l != NULL; l = l->next)
                    {
                      g_autofree char *suffix = g_strdup_printf ("/%u\t", k);

                      if (strstr (g_hash_table_lookup (sources, l->data), suffix))
                        g_ptr_array_add (ack, g_strdup (l->data));
                    }
              }
            break;
          }
    }
  else if (g_str_equal (op, "source"))
    {
      MClaim *in_model = g_hash_table_lookup (model->claims, intent[2]);
      MClaim *in_found = g_hash_table_lookup (found->claims, intent[2]);

      if (in_model != NULL && in_found != NULL)
        {
          g_hash_table_iter_init (&iter, in_found->sources);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (!g_hash_table_contains (in_model->sources, key))
              g_ptr_array_add (ack, g_strdup (key));
        }
    }
  else
    {
      /* Changes to what exists: the ids are in the "I" line */
      g_ptr_array_add (ack, NULL);
      return (char **)g_ptr_array_free (g_steal_pointer (&ack), FALSE);
    }

  if (ack->len == 1)
    return NULL;
  g_ptr_array_add (ack, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&ack), FALSE);
}

/* The parent */

typedef struct
{
  guint kills;
  guint acknowledged;
  guint in_doubt_applied;
  guint in_doubt_not_applied;
  guint killed_before_ready;
} Stats;

static GString *
run_child_until_killed (const char *path,
                        GRand      *rand,
                        guint       round,
                        guint      *n_base)
{
  int fds[2];
  pid_t pid;
  int status;
  guint delay_us;
  GString *out = g_string_new (NULL);
  char buffer[4096];
  ssize_t r;

  guint32 child_seed = g_rand_int (rand);

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      child_main (path, fds[1], child_seed, *n_base);
    }
  close (fds[1]);

  /* Any moment: while it opens the workspace (and recovers it), between
   * changes, in the middle of one, during a checkpoint. Mostly once it is
   * ready, so that a slow start (a big workspace, a sanitizer build) does
   * not leave every kill in the opening. */
  if (g_rand_int_range (rand, 0, 4) != 0)
    {
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      while (strstr (out->str, "R\n") == NULL && g_get_monotonic_time () < deadline)
        {
          struct pollfd pfd = { fds[0], POLLIN, 0 };

          if (poll (&pfd, 1, 100) > 0)
            {
              r = read (fds[0], buffer, sizeof buffer);
              if (r <= 0)
                break;
              g_string_append_len (out, buffer, r);
            }
        }
    }
  delay_us = g_rand_int_range (rand, 0, 80000);
  g_usleep (delay_us);
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  while ((r = read (fds[0], buffer, sizeof buffer)) != 0)
    {
      if (r < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (r, >, 0);
      g_string_append_len (out, buffer, r);
    }
  close (fds[0]);

  if (!(WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL))
    g_error ("round %u: the child stopped by itself (status %d): %s", round, status, out->str);
  *n_base += 100000;
  return out;
}

static void
test_kill_anywhere (void)
{
  const char *env_kills = g_getenv ("FM_CRASH_KILLS");
  const char *env_seed = g_getenv ("FM_CRASH_SEED");
  guint kills = env_kills ? atoi (env_kills) : 200;
  guint32 seed = env_seed ? (guint32)g_ascii_strtoull (env_seed, NULL, 10) : g_random_int ();
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "workspace.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(Model) model = model_new ();
  Stats stats = { 0 };
  guint n_base = 1;

  g_test_message ("FM_CRASH_SEED=%u FM_CRASH_KILLS=%u", seed, kills);

  for (guint round = 0; round < kills; round++)
    {
      g_autoptr(GString) out = run_child_until_killed (path, rand, round, &n_base);
      g_auto(GStrv) lines = g_strsplit (out->str, "\n", -1);
      g_auto(GStrv) pending = NULL;
      g_autoptr(Model) found = NULL;
      g_autofree char *diff = NULL;
      gboolean ready = FALSE;

      stats.kills++;
      /* Replay every line the child printed */
      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

          if (g_str_equal (fields[0], "R"))
            ready = TRUE;
          else if (g_str_equal (fields[0], "I"))
            {
              g_assert_null (pending);
              pending = g_steal_pointer (&fields);
            }
          else if (g_str_equal (fields[0], "A"))
            {
              g_assert_nonnull (pending);
              model_apply (model, pending, fields);
              g_clear_pointer (&pending, g_strfreev);
              stats.acknowledged++;
            }
          else if (g_str_equal (fields[0], "E"))
            g_error ("round %u: a change failed in the child: %s", round, lines[i]);
          else
            g_error ("round %u: unexpected line “%s”", round, lines[i]);
        }
      if (!ready)
        stats.killed_before_ready++;

      /* The workspace opens, and SQLite finds nothing wrong */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(FmStore) store = fm_store_open (path, &error);

        g_assert_no_error (error);
        if (!fm_store_check_integrity (store, &error))
          g_error ("round %u: %s", round, error->message);
      }

      found = read_workspace (path);
      diff = model_diff (model, found);
      if (pending != NULL)
        {
          /* The change under way: all of it, or nothing */
          g_auto(GStrv) ack = find_new_ids (model, found, pending);
          g_autoptr(Model) applied = NULL;
          g_autofree char *applied_diff = NULL;

          if (ack != NULL)
            {
              applied = model_copy (model);
              model_apply (applied, pending, ack);
              applied_diff = model_diff (applied, found);
            }
          if (diff == NULL)
            stats.in_doubt_not_applied++;
          else if (applied != NULL && applied_diff == NULL)
            {
              stats.in_doubt_applied++;
              model_free (g_steal_pointer (&model));
              model = g_steal_pointer (&applied);
              g_clear_pointer (&diff, g_free);
            }
          else
            g_error ("round %u: the change “%s” was killed half-made:\n"
                     "against the state before it:\n%s\nagainst the state after it:\n%s",
                     round, g_strjoinv (" ", pending), diff,
                     applied_diff ? applied_diff : "(no trace of it)\n");
        }
      if (diff != NULL)
        g_error ("round %u: acknowledged changes are missing or wrong:\n%s", round, diff);
    }

  g_test_message ("%u kills; %u acknowledged changes checked; killed during a change: %u "
                  "(%u of them committed, %u not); killed while opening: %u; "
                  "%u claims and %u articles at the end",
                  stats.kills, stats.acknowledged,
                  stats.in_doubt_applied + stats.in_doubt_not_applied, stats.in_doubt_applied,
                  stats.in_doubt_not_applied, stats.killed_before_ready,
                  g_hash_table_size (model->claims), g_hash_table_size (model->articles));
  /* The child made progress: the kills did not all land before the first change */
  g_assert_cmpuint (stats.acknowledged, >, 0);
  fm_test_rmtree (dir);
}

/* Upgrading an older workspace is one transaction too: killed at any
 * moment of it, the workspace is still the old version, whole, or the new
 * one, whole — and opens (and upgrades) the next time. */
static gint64
raw_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_kill_during_upgrade (void)
{
  g_autofree char *dir = fm_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autofree char *fixture = fm_test_source_file ("fixtures", "workspace-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  guint seen_old = 0, seen_new = 0, finished = 0;

  gint64 upgrade_us = 0;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, NULL));
  /* The first rounds are not killed: they time a whole upgrade, so that
   * the kills after them land anywhere from the start to the end of one */
  for (guint round = 0; round < 43; round++)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(FmStore) store = NULL;
      g_autoptr(FmClaim) claim = NULL;
      g_autoptr(GPtrArray) found = NULL;
      FmClaimQuery query = FM_CLAIM_QUERY_INIT;
      guint32 seed = g_rand_int (rand);
      sqlite3 *db = NULL;
      gint64 version, n_fts;
      int status;
      pid_t pid;

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          prctl (PR_SET_PDEATHSIG, SIGKILL);
          g_random_set_seed (seed);
          store = fm_store_open (path, NULL);
          _exit (store != NULL ? 0 : 3);
        }
      if (round < 3)
        {
          gint64 started = g_get_monotonic_time ();

          g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
          upgrade_us = MAX (upgrade_us, g_get_monotonic_time () - started);
          g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
          continue;
        }
      g_usleep (g_rand_int_range (rand, 0, upgrade_us + 1));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (WIFEXITED (status))
        {
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          finished++;
        }

      /* Old or new, never in between */
      version = raw_int (path, "PRAGMA user_version");
      n_fts = raw_int (path, "SELECT count (*) FROM sqlite_schema WHERE name = 'claims_fts'");
      if (version == 1)
        {
          g_assert_cmpint (n_fts, ==, 0);
          seen_old++;
        }
      else
        {
          g_assert_cmpint (version, ==, FM_STORE_SCHEMA_VERSION);
          g_assert_cmpint (n_fts, ==, 1);
          seen_new++;
        }

      /* And it opens, whole, searchable */
      store = fm_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_true (fm_store_check_integrity (store, &error));
      claim = fm_store_get_claim (store, "7d2a9e4b-2222-4c1d-9e8f-0a1b2c3d4e5f", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fm_claim_get_summary (claim), ==, "Rainfall up 40%");
      g_assert_cmpuint (fm_claim_get_n_sources (claim), ==, 1);
      query.search = "gauge";
      found = fm_store_query_claims (store, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
    }
  g_test_message ("an upgrade takes up to %" G_GINT64_FORMAT " µs; 40 killed: %u found still "
                  "old, %u already new (%u had finished)", upgrade_us, seen_old, seen_new, finished);
  fm_test_rmtree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/kill-anywhere", test_kill_anywhere);
  g_test_add_func ("/crash/kill-during-upgrade", test_kill_during_upgrade);

  return g_test_run ();
}
