/* fm-extract.c — the article in a web page: its text and metadata
 *
 * The page is parsed with libxml2's HTML parser into a tree; the tree is
 * then scored the way reader views do it: paragraphs give points to their
 * parent and grandparents by how much text and how many commas they hold,
 * class and id names that mean "article" or "sidebar" add or take points,
 * and text that is mostly links counts for little. The best-scoring
 * container, with those of its siblings that look like part of it, is the
 * article; inside it, blocks that look like furniture (forms, share bars,
 * link lists, widgets) are dropped. When that leaves too little text, the
 * same is tried again with fewer of the aggressive rules.
 *
 * Text measures (length with white space collapsed, commas, link text,
 * counts of paragraphs, images, list items…) are computed bottom-up once
 * and cached on each element; a change to the tree clears the cache of the
 * ancestors only, so the whole extraction stays linear in the page size.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <string.h>

#include "fm-extract.h"
#include "fm-util.h"

G_DEFINE_QUARK (fm-extract-error-quark, fm_extract_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Tags */

typedef enum {
  T_OTHER = 0,
  T_A, T_ABBR, T_ADDRESS, T_ARTICLE, T_ASIDE, T_AUDIO, T_B, T_BDO, T_BLOCKQUOTE, T_BODY, T_BR,
  T_BUTTON, T_CAPTION, T_CENTER, T_CITE, T_CODE, T_COL, T_COLGROUP, T_DATA, T_DATALIST, T_DD,
  T_DEL, T_DETAILS, T_DFN, T_DIALOG, T_DIR, T_DIV, T_DL, T_DT, T_EM, T_EMBED, T_FIELDSET,
  T_FIGCAPTION, T_FIGURE, T_FONT, T_FOOTER, T_FORM, T_FRAME, T_FRAMESET, T_H1, T_H2, T_H3, T_H4,
  T_H5, T_H6, T_HEAD, T_HEADER, T_HGROUP, T_HR, T_HTML, T_I, T_IFRAME, T_IMG, T_INPUT, T_INS,
  T_KBD, T_LABEL, T_LEGEND, T_LI, T_LINK, T_MAIN, T_MARK, T_MATH, T_MENU, T_META, T_METER,
  T_NAV, T_NOSCRIPT, T_OBJECT, T_OL, T_OPTION, T_OUTPUT, T_P, T_PRE, T_PROGRESS, T_Q, T_RUBY,
  T_SAMP, T_SCRIPT, T_SECTION, T_SELECT, T_SMALL, T_SPAN, T_STRONG, T_STYLE, T_SUB, T_SUMMARY,
  T_SUP, T_SVG, T_TABLE, T_TBODY, T_TD, T_TEMPLATE, T_TEXTAREA, T_TFOOT, T_TH, T_THEAD, T_TIME,
  T_TITLE, T_TR, T_UL, T_VAR, T_WBR,
  N_TAGS
} Tag;

enum {
  F_PHRASING = 1 << 0,   /* inline content a paragraph may hold */
  F_BLOCKISH = 1 << 1,   /* a block that stops a <div> from being a paragraph */
  F_TEXTISH  = 1 << 2,   /* where text is expected to live */
  F_HEADING  = 1 << 3,
  F_BREAK    = 1 << 4,   /* starts and ends a paragraph of the output */
  F_SKIP     = 1 << 5,   /* never output */
  F_SCORE    = 1 << 6,   /* its text scores its ancestors */
  F_EMBED    = 1 << 7,
};

typedef struct
{
  const char *name;
  Tag         tag;
  guint       flags;
} TagInfo;

static const TagInfo tag_table[] = {
  { "a", T_A, 0 },
  { "abbr", T_ABBR, F_PHRASING },
  { "address", T_ADDRESS, F_BREAK },
  { "article", T_ARTICLE, F_BREAK },
  { "aside", T_ASIDE, F_BREAK },
  { "audio", T_AUDIO, F_PHRASING },
  { "b", T_B, F_PHRASING },
  { "bdo", T_BDO, F_PHRASING },
  { "blockquote", T_BLOCKQUOTE, F_BLOCKISH | F_TEXTISH | F_BREAK },
  { "body", T_BODY, F_BREAK },
  { "br", T_BR, F_PHRASING },
  { "button", T_BUTTON, F_PHRASING },
  { "caption", T_CAPTION, F_BREAK },
  { "center", T_CENTER, F_BREAK },
  { "cite", T_CITE, F_PHRASING },
  { "code", T_CODE, F_PHRASING },
  { "col", T_COL, 0 },
  { "colgroup", T_COLGROUP, 0 },
  { "data", T_DATA, F_PHRASING },
  { "datalist", T_DATALIST, F_PHRASING },
  { "dd", T_DD, F_BREAK },
  { "del", T_DEL, 0 },
  { "details", T_DETAILS, F_BREAK },
  { "dfn", T_DFN, F_PHRASING },
  { "dialog", T_DIALOG, F_BREAK },
  { "dir", T_DIR, F_BREAK },
  { "div", T_DIV, F_BLOCKISH | F_TEXTISH | F_BREAK },
  { "dl", T_DL, F_BLOCKISH | F_TEXTISH | F_BREAK },
  { "dt", T_DT, F_BREAK },
  { "em", T_EM, F_PHRASING },
  { "embed", T_EMBED, F_PHRASING | F_EMBED },
  { "fieldset", T_FIELDSET, F_BREAK },
  { "figcaption", T_FIGCAPTION, F_BREAK },
  { "figure", T_FIGURE, F_BREAK },
  { "font", T_FONT, 0 },
  { "footer", T_FOOTER, F_BREAK },
  { "form", T_FORM, F_BREAK },
  { "frame", T_FRAME, F_SKIP },
  { "frameset", T_FRAMESET, F_SKIP },
  { "h1", T_H1, F_HEADING | F_BREAK },
  { "h2", T_H2, F_HEADING | F_BREAK | F_SCORE },
  { "h3", T_H3, F_HEADING | F_BREAK | F_SCORE },
  { "h4", T_H4, F_HEADING | F_BREAK | F_SCORE },
  { "h5", T_H5, F_HEADING | F_BREAK | F_SCORE },
  { "h6", T_H6, F_HEADING | F_BREAK | F_SCORE },
  { "head", T_HEAD, F_SKIP },
  { "header", T_HEADER, F_BREAK },
  { "hgroup", T_HGROUP, F_BREAK },
  { "hr", T_HR, F_BREAK },
  { "html", T_HTML, F_BREAK },
  { "i", T_I, F_PHRASING },
  { "iframe", T_IFRAME, F_EMBED | F_SKIP },
  { "img", T_IMG, F_PHRASING | F_BLOCKISH | F_TEXTISH },
  { "input", T_INPUT, F_PHRASING },
  { "ins", T_INS, 0 },
  { "kbd", T_KBD, F_PHRASING },
  { "label", T_LABEL, F_PHRASING },
  { "legend", T_LEGEND, F_BREAK },
  { "li", T_LI, F_TEXTISH | F_BREAK },
  { "link", T_LINK, 0 },
  { "main", T_MAIN, F_BREAK },
  { "mark", T_MARK, F_PHRASING },
  { "math", T_MATH, F_PHRASING },
  { "menu", T_MENU, F_BREAK },
  { "meta", T_META, 0 },
  { "meter", T_METER, F_PHRASING },
  { "nav", T_NAV, F_BREAK },
  { "noscript", T_NOSCRIPT, F_PHRASING | F_SKIP },
  { "object", T_OBJECT, F_PHRASING | F_EMBED | F_SKIP },
  { "ol", T_OL, F_BLOCKISH | F_TEXTISH | F_BREAK },
  { "option", T_OPTION, 0 },
  { "output", T_OUTPUT, F_PHRASING },
  { "p", T_P, F_BLOCKISH | F_TEXTISH | F_BREAK | F_SCORE },
  { "pre", T_PRE, F_BLOCKISH | F_TEXTISH | F_BREAK | F_SCORE },
  { "progress", T_PROGRESS, F_PHRASING },
  { "q", T_Q, F_PHRASING },
  { "ruby", T_RUBY, F_PHRASING },
  { "samp", T_SAMP, F_PHRASING },
  { "script", T_SCRIPT, F_PHRASING | F_SKIP },
  { "section", T_SECTION, F_BREAK | F_SCORE },
  { "select", T_SELECT, F_PHRASING },
  { "small", T_SMALL, F_PHRASING },
  { "span", T_SPAN, F_PHRASING | F_TEXTISH },
  { "strong", T_STRONG, F_PHRASING },
  { "style", T_STYLE, F_SKIP },
  { "sub", T_SUB, F_PHRASING },
  { "summary", T_SUMMARY, F_BREAK },
  { "sup", T_SUP, F_PHRASING },
  { "svg", T_SVG, 0 },
  { "table", T_TABLE, F_BLOCKISH | F_TEXTISH | F_BREAK },
  { "tbody", T_TBODY, F_BREAK },
  { "td", T_TD, F_TEXTISH | F_BREAK | F_SCORE },
  { "template", T_TEMPLATE, F_SKIP },
  { "textarea", T_TEXTAREA, F_PHRASING },
  { "tfoot", T_TFOOT, F_BREAK },
  { "th", T_TH, F_BREAK },
  { "thead", T_THEAD, F_BREAK },
  { "time", T_TIME, F_PHRASING },
  { "title", T_TITLE, F_SKIP },
  { "tr", T_TR, F_BREAK },
  { "ul", T_UL, F_BLOCKISH | F_TEXTISH | F_BREAK },
  { "var", T_VAR, F_PHRASING },
  { "wbr", T_WBR, F_PHRASING },
};

static guint tag_flags[N_TAGS];
static GHashTable *tag_names;   /* name → TagInfo */

static void init_word_sets (void);

static gpointer
init_once (gpointer data)
{
  xmlInitParser ();
  init_word_sets ();
  tag_names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (tag_table); i++)
    {
      g_hash_table_insert (tag_names, (gpointer)tag_table[i].name, (gpointer)&tag_table[i]);
      tag_flags[tag_table[i].tag] = tag_table[i].flags;
    }
  return NULL;
}

static void
ensure_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_once, NULL);
}

static Tag
tag_from_name (const xmlChar *name)
{
  const TagInfo *info;

  if (name == NULL)
    return T_OTHER;
  info = g_hash_table_lookup (tag_names, name);
  return info ? info->tag : T_OTHER;
}

/* Per-element data, kept in xmlNode._private */

typedef struct
{
  gint32 len;          /* characters, runs of white space counted as one */
  gint32 raw_len;      /* characters as they are */
  gint32 commas;       /* ',' */
  gint32 all_commas;   /* commas of every script */
  gint32 n_p, n_img, n_li, n_input, n_embed, n_block, n_data_table;
  gint32 list_len, heading_len, textish_len;
  double link_len;
  guint8 lead, trail, content;
} Stats;

typedef struct
{
  Stats  st;
  double score;
  guint8 tag;
  guint  valid : 1;
  guint  scored : 1;
  guint  data_table : 1;
} Info;

#define ARENA_CHUNK 256

typedef enum {
  FLAG_STRIP_UNLIKELY = 1 << 0,
  FLAG_WEIGHT_CLASSES = 1 << 1,
  FLAG_CLEAN_CONDITIONALLY = 1 << 2,
} Flags;

typedef struct
{
  xmlDoc     *doc;
  GArray     *undo;        /* of Undo, while an attempt runs */
  GPtrArray  *chunks;      /* of Info[ARENA_CHUNK] */
  guint       used;        /* in the last chunk */
  GPtrArray  *trash;       /* unlinked nodes, freed at the end */
  Flags       flags;

  char       *title;       /* the article title, as far as known */
  char       *meta_byline;
  char       *byline;      /* found in the page */
  char       *site_name;
  char       *published;
  char       *excerpt;
  char       *canonical;
  char       *lang;
} Ctx;

static Info *
info_new (Ctx *c)
{
  Info *chunk;

  if (c->chunks->len == 0 || c->used == ARENA_CHUNK)
    {
      g_ptr_array_add (c->chunks, g_new0 (Info, ARENA_CHUNK));
      c->used = 0;
    }
  chunk = g_ptr_array_index (c->chunks, c->chunks->len - 1);
  return &chunk[c->used++];
}

static inline gboolean
is_element (xmlNode *n)
{
  return n != NULL && n->type == XML_ELEMENT_NODE;
}

static inline gboolean
is_text (xmlNode *n)
{
  return n != NULL && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}

static Info *
info_of (Ctx     *c,
         xmlNode *n)
{
  Info *info = n->_private;

  g_assert (is_element (n));
  if (info == NULL)
    {
      info = info_new (c);
      info->tag = tag_from_name (n->name);
      n->_private = info;
    }
  return info;
}

static inline Tag
tag_of (Ctx     *c,
        xmlNode *n)
{
  return is_element (n) ? info_of (c, n)->tag : T_OTHER;
}

static inline gboolean
has_flag (Ctx     *c,
          xmlNode *n,
          guint    flag)
{
  return is_element (n) && (tag_flags[tag_of (c, n)] & flag) != 0;
}

/* The cache of an element is valid only if those of its descendants are:
 * a change clears it on the way up, stopping where it is already clear. */
static void
dirty_up (xmlNode *n)
{
  for (; is_element (n); n = n->parent)
    {
      Info *info = n->_private;

      if (info == NULL)
        continue;
      if (!info->valid)
        break;
      info->valid = FALSE;
    }
}

/* Tree changes: never merge text nodes (xmlAddChild does), so that
 * pointers held during a walk stay valid. While an attempt at finding the
 * article runs, every change is logged, so that the page can be put back
 * as it was for another attempt at a fraction of the cost of parsing it
 * again. */

typedef enum {
  UNDO_UNLINK,   /* put node back after prev, or first in parent */
  UNDO_LINK,     /* take node out again */
  UNDO_RENAME,   /* give node its old name */
} UndoKind;

typedef struct
{
  UndoKind    kind;
  xmlNode    *node;
  xmlNode    *parent;
  xmlNode    *prev;
  const char *name;      /* interned */
} Undo;

static void
log_change (Ctx      *c,
            UndoKind  kind,
            xmlNode  *node)
{
  Undo undo = { kind, node, node->parent, node->prev, NULL };

  if (c->undo == NULL)
    return;
  if (kind == UNDO_RENAME)
    undo.name = g_intern_string ((const char *)node->name);
  g_array_append_val (c->undo, undo);
}

static void
link_after (xmlNode *parent,
            xmlNode *prev,
            xmlNode *n)
{
  n->parent = parent;
  n->prev = prev;
  n->next = prev ? prev->next : parent->children;
  if (n->next != NULL)
    n->next->prev = n;
  else
    parent->last = n;
  if (prev != NULL)
    prev->next = n;
  else
    parent->children = n;
}

static void
node_unlink (Ctx     *c,
             xmlNode *n)
{
  log_change (c, UNDO_UNLINK, n);
  dirty_up (n->parent);
  xmlUnlinkNode (n);
}

static void
node_append (Ctx     *c,
             xmlNode *parent,
             xmlNode *child)
{
  if (child->parent != NULL)
    node_unlink (c, child);
  child->doc = parent->doc;
  link_after (parent, parent->last, child);
  log_change (c, UNDO_LINK, child);
  dirty_up (parent);
}

static void
node_insert_before (Ctx     *c,
                    xmlNode *ref,
                    xmlNode *child)
{
  if (child->parent != NULL)
    node_unlink (c, child);
  child->doc = ref->doc;
  link_after (ref->parent, ref->prev, child);
  log_change (c, UNDO_LINK, child);
  dirty_up (ref->parent);
}

static void
node_remove (Ctx     *c,
             xmlNode *n)
{
  node_unlink (c, n);
  g_ptr_array_add (c->trash, n);
}

static xmlNode *
element_new (Ctx        *c,
             const char *name)
{
  xmlNode *n = xmlNewDocNode (c->doc, NULL, (const xmlChar *)name, NULL);

  info_of (c, n);
  /* Freed at the end whether or not it ends up in the tree */
  g_ptr_array_add (c->trash, n);
  return n;
}

static void
node_rename (Ctx        *c,
             xmlNode    *n,
             const char *name)
{
  log_change (c, UNDO_RENAME, n);
  xmlNodeSetName (n, (const xmlChar *)name);
  info_of (c, n)->tag = tag_from_name (n->name);
  dirty_up (n->parent);
}

static void
undo_changes (Ctx *c)
{
  for (guint i = c->undo->len; i > 0; i--)
    {
      Undo *u = &g_array_index (c->undo, Undo, i - 1);

      switch (u->kind)
        {
        case UNDO_UNLINK:
          link_after (u->parent, u->prev, u->node);
          break;
        case UNDO_LINK:
          xmlUnlinkNode (u->node);
          break;
        case UNDO_RENAME:
          xmlNodeSetName (u->node, (const xmlChar *)u->name);
          info_of (c, u->node)->tag = tag_from_name (u->node->name);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_array_set_size (c->undo, 0);
}

static xmlNode *
first_element (xmlNode *n)
{
  for (xmlNode *k = n->children; k != NULL; k = k->next)
    if (is_element (k))
      return k;
  return NULL;
}

static xmlNode *
next_element (xmlNode *n)
{
  for (xmlNode *k = n->next; k != NULL; k = k->next)
    if (is_element (k))
      return k;
  return NULL;
}

static guint
count_elements (xmlNode *n)
{
  guint count = 0;

  for (xmlNode *k = n->children; k != NULL; k = k->next)
    count += is_element (k);
  return count;
}

/* Document order over elements; with @skip_children, past @n's subtree */
static xmlNode *
next_node (xmlNode  *n,
           gboolean  skip_children)
{
  xmlNode *next;

  if (!skip_children && (next = first_element (n)) != NULL)
    return next;
  while (n != NULL)
    {
      if ((next = next_element (n)) != NULL)
        return next;
      n = n->parent;
      if (n != NULL && n->type != XML_ELEMENT_NODE)
        return NULL;
    }
  return NULL;
}

static xmlNode *
remove_and_next (Ctx     *c,
                 xmlNode *n)
{
  xmlNode *next = next_node (n, TRUE);

  node_remove (c, n);
  return next;
}

/* The value of an attribute (the HTML parser lower-cases their names) */
static const char *
attr (xmlNode    *n,
      const char *name)
{
  for (xmlAttr *a = n->properties; a != NULL; a = a->next)
    if (a->name[0] == (xmlChar)name[0] && strcmp ((const char *)a->name, name) == 0)
      {
        if (a->children != NULL && a->children->type == XML_TEXT_NODE && a->children->next == NULL)
          return (const char *)a->children->content;
        return "";
      }
  return NULL;
}

static gboolean
has_ancestor (Ctx     *c,
              xmlNode *n,
              Tag      tag,
              int      max_depth,
              gboolean data_table)
{
  int depth = 0;

  for (xmlNode *p = n->parent; is_element (p); p = p->parent, depth++)
    {
      if (max_depth > 0 && depth > max_depth)
        return FALSE;
      if (tag_of (c, p) == tag && (!data_table || info_of (c, p)->data_table))
        return TRUE;
    }
  return FALSE;
}

/* Text measures */

static inline gboolean
is_js_space (gunichar ch)
{
  return (ch >= 0x09 && ch <= 0x0D) || ch == 0x20 || ch == 0xA0 || ch == 0x1680 ||
         (ch >= 0x2000 && ch <= 0x200A) || ch == 0x2028 || ch == 0x2029 || ch == 0x202F ||
         ch == 0x205F || ch == 0x3000 || ch == 0xFEFF;
}

static inline gboolean
is_comma (gunichar ch)
{
  return ch == ',' || ch == 0x060C || ch == 0xFE50 || ch == 0xFE10 || ch == 0xFE11 ||
         ch == 0x2E41 || ch == 0x2E34 || ch == 0x2E32 || ch == 0xFF0C;
}

/* Appends text measured as (len, lead, trail, content) to @s */
static void
stats_concat (Stats   *s,
              gint32   len,
              gboolean lead,
              gboolean trail,
              gboolean content)
{
  if (len == 0)
    return;
  if (s->len == 0)
    {
      s->len = len;
      s->lead = lead;
      s->trail = trail;
      s->content = content;
      return;
    }
  s->len += len - (s->trail && lead ? 1 : 0);
  s->trail = trail;
  s->content |= content;
}

static void
stats_add_text (Stats         *s,
                const xmlChar *text)
{
  const guchar *p = text;
  gint32 len = 0;
  gint32 raw = 0;
  gboolean lead = FALSE;
  gboolean in_space = FALSE;
  gboolean content = FALSE;

  if (p == NULL)
    return;
  while (*p)
    {
      gunichar ch;
      gboolean space;

      if (*p < 0x80)
        {
          ch = *p++;
          if (G_LIKELY (ch > ','))
            space = FALSE;
          else
            {
              space = ch == ' ' || (ch >= 0x09 && ch <= 0x0D);
              if (ch == ',')
                {
                  s->commas++;
                  s->all_commas++;
                }
            }
        }
      else
        {
          ch = g_utf8_get_char ((const char *)p);
          p = (const guchar *)g_utf8_next_char ((const char *)p);
          space = is_js_space (ch);
          if (is_comma (ch))
            s->all_commas++;
        }
      raw++;
      if (space)
        {
          if (raw == 1)
            lead = TRUE;
          if (!in_space)
            len++;
          in_space = TRUE;
        }
      else
        {
          len++;
          in_space = FALSE;
          content = TRUE;
        }
    }
  s->raw_len += raw;
  stats_concat (s, len, lead, in_space, content);
}

static inline gint32
trimmed_len (const Stats *s)
{
  return s->content ? s->len - s->lead - s->trail : 0;
}

static const Stats *stats (Ctx *c, xmlNode *n);

static double
link_weight (xmlNode *a)
{
  const char *href = attr (a, "href");

  /* In-page links ("#section") are navigation of a lighter kind */
  return href != NULL && href[0] == '#' && href[1] != '\0' ? 0.3 : 1.0;
}

static const Stats *
stats (Ctx     *c,
       xmlNode *n)
{
  Info *info = info_of (c, n);
  Stats s = { 0 };

  if (info->valid)
    return &info->st;

  for (xmlNode *k = n->children; k != NULL; k = k->next)
    {
      if (is_text (k))
        stats_add_text (&s, k->content);
      else if (is_element (k))
        {
          const Stats *ks = stats (c, k);
          Info *ki = k->_private;
          guint flags = tag_flags[ki->tag];
          gint32 klen = trimmed_len (ks);

          stats_concat (&s, ks->len, ks->lead, ks->trail, ks->content);
          s.raw_len += ks->raw_len;
          s.commas += ks->commas;
          s.all_commas += ks->all_commas;
          s.n_p += ks->n_p + (ki->tag == T_P);
          s.n_img += ks->n_img + (ki->tag == T_IMG);
          s.n_li += ks->n_li + (ki->tag == T_LI);
          s.n_input += ks->n_input + (ki->tag == T_INPUT);
          s.n_embed += ks->n_embed + ((flags & F_EMBED) != 0);
          s.n_block += ks->n_block + ((flags & F_BLOCKISH) != 0);
          s.n_data_table += ks->n_data_table + (ki->tag == T_TABLE && ki->data_table);
          s.list_len += ks->list_len + ((ki->tag == T_UL || ki->tag == T_OL) ? klen : 0);
          s.heading_len += ks->heading_len + ((flags & F_HEADING) ? klen : 0);
          s.textish_len += ks->textish_len + ((flags & F_TEXTISH) ? klen : 0);
          s.link_len += ks->link_len + (ki->tag == T_A ? klen * link_weight (k) : 0);
        }
    }
  info->st = s;
  info->valid = TRUE;
  return &info->st;
}

static gint32
text_len (Ctx     *c,
          xmlNode *n)
{
  return trimmed_len (stats (c, n));
}

static double
link_density (Ctx     *c,
              xmlNode *n)
{
  const Stats *s = stats (c, n);
  gint32 len = trimmed_len (s);

  return len == 0 ? 0 : s->link_len / len;
}

static void
collect_text (xmlNode *n,
              GString *out)
{
  for (xmlNode *k = n->children; k != NULL; k = k->next)
    {
      if (is_text (k))
        {
          if (k->content != NULL)
            g_string_append (out, (const char *)k->content);
        }
      else if (is_element (k))
        collect_text (k, out);
    }
}

/* The text of an element trimmed, with runs of white space made one
 * space when @normalise */
static char *
inner_text (xmlNode  *n,
            gboolean  normalise)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  GString *out;
  const char *p;
  const char *end;
  gboolean space = FALSE;

  collect_text (n, raw);
  p = raw->str;
  end = raw->str + raw->len;
  while (p < end && is_js_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  while (end > p)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_js_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  out = g_string_sized_new (end - p);
  if (!normalise)
    {
      g_string_append_len (out, p, end - p);
      return g_string_free (out, FALSE);
    }
  while (p < end)
    {
      gunichar ch = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (is_js_space (ch))
        {
          /* A single space character stays as it is, a run becomes " " */
          if (!space)
            {
              if (next < end && is_js_space (g_utf8_get_char (next)))
                g_string_append_c (out, ' ');
              else
                g_string_append_len (out, p, next - p);
            }
          space = TRUE;
        }
      else
        {
          g_string_append_len (out, p, next - p);
          space = FALSE;
        }
      p = next;
    }
  return g_string_free (out, FALSE);
}

/* Class and id names */

/* A set of words to look for in class and id names, indexed by first
 * letter so that one pass over the name tests them all */
typedef struct
{
  const char * const *words;
  guint8              len[32];
  guint32             first[256];   /* bit i: words[i] starts with this byte */
} WordSet;

static void
word_set_init (WordSet            *set,
               const char * const *words)
{
  set->words = words;
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_assert (i < 32);
      set->len[i] = strlen (words[i]);
      set->first[(guchar)words[i][0]] |= 1u << i;
    }
}

/* @hay is lower case */
static gboolean
word_set_in (const WordSet *set,
             const char    *hay)
{
  for (const char *p = hay; *p; p++)
    {
      guint32 m = set->first[(guchar)*p];

      while (m != 0)
        {
          guint i = g_bit_nth_lsf (m, -1);

          if (strncmp (p, set->words[i], set->len[i]) == 0)
            return TRUE;
          m &= m - 1;
        }
    }
  return FALSE;
}

static const char * const unlikely_words[] = {
  "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
  "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
  "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
  "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", NULL
};
static const char * const maybe_words[] = {
  "and", "article", "body", "column", "content", "main", "mathjax", "shadow", NULL
};
static const char * const positive_words[] = {
  "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
  "post", "text", "blog", "story", NULL
};
static const char * const negative_words[] = {
  "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
  "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
  "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", NULL
};
static const char * const byline_words[] = {
  "byline", "author", "dateline", "writtenby", "p-author", NULL
};

static WordSet unlikely_set, maybe_set, positive_set, negative_set, byline_set;

static void
init_word_sets (void)
{
  word_set_init (&unlikely_set, unlikely_words);
  word_set_init (&maybe_set, maybe_words);
  word_set_init (&positive_set, positive_words);
  word_set_init (&negative_set, negative_words);
  word_set_init (&byline_set, byline_words);
}

static inline gboolean
is_word_char (char ch)
{
  return g_ascii_isalnum (ch) || ch == '_';
}

/* @word standing alone: at a word boundary or next to an underscore */
static gboolean
contains_word (const char *hay,
               const char *word)
{
  gsize n = strlen (word);

  for (const char *p = strstr (hay, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean before = p == hay || !is_word_char (p[-1]) || p[-1] == '_' ||
                        !is_word_char (word[0]);
      gboolean after = p[n] == '\0' || !is_word_char (p[n]) || p[n] == '_';

      if (before && after)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_negative (const char *lower)
{
  gsize len = strlen (lower);

  /* "hid" as a whole space-separated name */
  if (g_str_equal (lower, "hid") || strncmp (lower, "hid ", 4) == 0 ||
      (len >= 4 && strcmp (lower + len - 4, " hid") == 0) || strstr (lower, " hid ") != NULL)
    return TRUE;
  return word_set_in (&negative_set, lower);
}

static int
class_weight (Ctx     *c,
              xmlNode *n)
{
  const char *names[2] = { attr (n, "class"), attr (n, "id") };
  int weight = 0;

  if (!(c->flags & FLAG_WEIGHT_CLASSES))
    return 0;
  for (guint i = 0; i < 2; i++)
    {
      char buf[256];
      g_autofree char *big = NULL;
      char *lower = buf;
      gsize len;

      if (names[i] == NULL || *names[i] == '\0')
        continue;
      len = strlen (names[i]);
      if (len >= sizeof buf)
        lower = big = g_malloc (len + 1);
      for (gsize k = 0; k <= len; k++)
        lower[k] = g_ascii_tolower (names[i][k]);
      if (is_negative (lower))
        weight -= 25;
      if (word_set_in (&positive_set, lower))
        weight += 25;
    }
  return weight;
}

/* "class id", lower case, as the class and id tests read them; in @buf
 * when it fits, else in *@heap. NULL when there is neither. */
static const char *
match_string (xmlNode  *n,
              char     *buf,
              gsize     size,
              char    **heap)
{
  const char *cls = attr (n, "class");
  const char *id = attr (n, "id");
  gsize lc, li;
  char *joined = buf;

  if (cls == NULL && id == NULL)
    return NULL;
  lc = cls ? strlen (cls) : 0;
  li = id ? strlen (id) : 0;
  if (lc + li + 2 > size)
    joined = *heap = g_malloc (lc + li + 2);
  for (gsize i = 0; i < lc; i++)
    joined[i] = g_ascii_tolower (cls[i]);
  joined[lc] = ' ';
  for (gsize i = 0; i < li; i++)
    joined[lc + 1 + i] = g_ascii_tolower (id[i]);
  joined[lc + 1 + li] = '\0';
  return joined;
}

/* Scores */

static void
init_score (Ctx     *c,
            xmlNode *n)
{
  Info *info = info_of (c, n);
  double score = 0;

  switch ((int)info->tag)
    {
    case T_DIV:
      score += 5;
      break;
    case T_PRE:
    case T_TD:
    case T_BLOCKQUOTE:
      score += 3;
      break;
    case T_ADDRESS:
    case T_OL:
    case T_UL:
    case T_DL:
    case T_DD:
    case T_DT:
    case T_LI:
    case T_FORM:
      score -= 3;
      break;
    case T_H1:
    case T_H2:
    case T_H3:
    case T_H4:
    case T_H5:
    case T_H6:
    case T_TH:
      score -= 5;
      break;
    default:
      break;
    }
  info->score = score + class_weight (c, n);
  info->scored = TRUE;
}

/* Visibility */

/* TRUE when the inline style sets @property to @value (case aside,
 * "!important" aside) */
static gboolean
style_says (const char *style,
            const char *property,
            const char *value)
{
  gsize plen = strlen (property);
  gsize vlen = strlen (value);
  const char *p = style;

  while (*p)
    {
      const char *end = strchr (p, ';');
      const char *colon;
      const char *a, *b;

      if (end == NULL)
        end = p + strlen (p);
      colon = memchr (p, ':', end - p);
      if (colon != NULL)
        {
          for (a = p; a < colon && g_ascii_isspace (*a); a++);
          for (b = colon; b > a && g_ascii_isspace (b[-1]); b--);
          if ((gsize)(b - a) == plen && g_ascii_strncasecmp (a, property, plen) == 0)
            {
              const char *bang = memchr (colon, '!', end - colon);

              for (a = colon + 1; a < end && g_ascii_isspace (*a); a++);
              for (b = bang ? bang : end; b > a && g_ascii_isspace (b[-1]); b--);
              if ((gsize)(b - a) == vlen && g_ascii_strncasecmp (a, value, vlen) == 0)
                return TRUE;
            }
        }
      p = *end ? end + 1 : end;
    }
  return FALSE;
}

static gboolean
is_visible (xmlNode *n)
{
  const char *style = attr (n, "style");
  const char *aria = attr (n, "aria-hidden");

  if (style != NULL && (style_says (style, "display", "none") ||
                        style_says (style, "visibility", "hidden")))
    return FALSE;
  if (attr (n, "hidden") != NULL)
    return FALSE;
  if (aria != NULL && g_str_equal (aria, "true"))
    {
      const char *cls = attr (n, "class");

      /* Some sites hide the image a script would replace; it is content */
      return cls != NULL && strstr (cls, "fallback-image") != NULL;
    }
  return TRUE;
}

/* Phrasing and white space */

static gboolean
is_whitespace_node (Ctx     *c,
                    xmlNode *n)
{
  if (is_text (n))
    {
      for (const char *p = (const char *)n->content; p && *p; p = g_utf8_next_char (p))
        if (!is_js_space (g_utf8_get_char (p)))
          return FALSE;
      return TRUE;
    }
  return tag_of (c, n) == T_BR;
}

static gboolean
is_phrasing (Ctx     *c,
             xmlNode *n)
{
  Tag tag;

  if (is_text (n))
    return TRUE;
  if (!is_element (n))
    return FALSE;
  tag = tag_of (c, n);
  if (tag_flags[tag] & F_PHRASING)
    return TRUE;
  if (tag == T_A || tag == T_DEL || tag == T_INS)
    {
      for (xmlNode *k = n->children; k != NULL; k = k->next)
        if (!is_phrasing (c, k))
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

/* A text node whose text ends in something other than white space */
static gboolean
text_has_content (xmlNode *n)
{
  const char *s = (const char *)n->content;
  gsize len;

  if (s == NULL || (len = strlen (s)) == 0)
    return FALSE;
  return !is_js_space (g_utf8_get_char (g_utf8_prev_char (s + len)));
}

static gboolean
has_single_child_tag (Ctx     *c,
                      xmlNode *n,
                      Tag      tag)
{
  xmlNode *only = NULL;

  for (xmlNode *k = n->children; k != NULL; k = k->next)
    {
      if (is_element (k))
        {
          if (only != NULL)
            return FALSE;
          only = k;
        }
      else if (is_text (k) && text_has_content (k))
        return FALSE;
    }
  return only != NULL && tag_of (c, only) == tag;
}

static gboolean
is_without_content (Ctx     *c,
                    xmlNode *n)
{
  guint children;
  guint breaks = 0;

  if (stats (c, n)->content)
    return FALSE;
  children = count_elements (n);
  if (children == 0)
    return TRUE;
  {
    xmlNode *end = next_node (n, TRUE);

    for (xmlNode *k = next_node (n, FALSE); k != NULL && k != end; k = next_node (k, FALSE))
      {
        Tag tag = tag_of (c, k);

        breaks += tag == T_BR || tag == T_HR;
      }
  }
  return children == breaks;
}

/* Titles */

static GPtrArray *
ascii_words (const char *s)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = s;

  while (*p)
    {
      const char *start;

      while (*p && !is_word_char (*p))
        p++;
      start = p;
      while (*p && is_word_char (*p))
        p++;
      if (p > start)
        g_ptr_array_add (words, g_ascii_strdown (start, p - start));
    }
  return words;
}

static gsize
joined_len (GPtrArray *words)
{
  gsize len = 0;

  for (guint i = 0; i < words->len; i++)
    len += strlen (g_ptr_array_index (words, i)) + (i > 0);
  return len;
}

/* How much of @b is made of words that are in @a, 0…1 */
static double
text_similarity (const char *a,
                 const char *b)
{
  g_autoptr(GPtrArray) wa = ascii_words (a);
  g_autoptr(GPtrArray) wb = ascii_words (b);
  g_autoptr(GPtrArray) unique = g_ptr_array_new ();

  if (wa->len == 0 || wb->len == 0)
    return 0;
  for (guint i = 0; i < wb->len; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; k < wa->len && !found; k++)
        found = g_str_equal (g_ptr_array_index (wb, i), g_ptr_array_index (wa, k));
      if (!found)
        g_ptr_array_add (unique, g_ptr_array_index (wb, i));
    }
  return 1.0 - (double)joined_len (unique) / joined_len (wb);
}

static guint
word_count (const char *s)
{
  guint n = 0;
  gboolean in_word = FALSE;

  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gboolean space = is_js_space (g_utf8_get_char (p));

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  /* "a b".split(/\s+/) counts leading and trailing empties too */
  return MAX (n, 1);
}

/* White space runs made one space, and trimmed */
static char *
collapse (const char *s)
{
  gsize len = strlen (s);
  char *out = g_malloc (len + 1);
  gsize n = 0;
  gboolean space = FALSE;
  const guchar *p = (const guchar *)s;

  while (*p)
    {
      gboolean is_space;
      gsize clen;

      if (*p < 0x80)
        {
          is_space = *p == ' ' || (*p >= 0x09 && *p <= 0x0D);
          clen = 1;
        }
      else
        {
          const char *next = g_utf8_next_char ((const char *)p);

          is_space = is_js_space (g_utf8_get_char ((const char *)p));
          clen = next - (const char *)p;
        }
      if (is_space)
        space = n > 0;
      else
        {
          if (space)
            out[n++] = ' ';
          space = FALSE;
          memcpy (out + n, p, clen);
          n += clen;
        }
      p += clen;
    }
  out[n] = '\0';
  return out;
}

static xmlNode *
document_title_node (Ctx *c)
{
  xmlNode *root = xmlDocGetRootElement (c->doc);

  /* The first <title> of the page, not one of an embedded drawing */
  for (xmlNode *n = root; n != NULL; )
    {
      Tag tag = tag_of (c, n);

      if (tag == T_TITLE)
        return n;
      n = next_node (n, tag == T_SVG || tag == T_MATH);
    }
  return NULL;
}

/* A " | ", " - ", " » "… between the article and the site */
static const char *
find_separator (const char *s,
                gboolean    last,
                gsize      *sep_len,
                gboolean   *hierarchical)
{
  static const char * const seps[] = { "|", "-", "–", "—", "\\", "/", ">", "»" };
  const char *found = NULL;

  for (const char *p = s; *p; p++)
    {
      if (*p != ' ' || p == s)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (seps); i++)
        {
          gsize n = strlen (seps[i]);

          if (strncmp (p + 1, seps[i], n) == 0 && p[1 + n] == ' ')
            {
              if (found == NULL || last)
                {
                  found = p;
                  *sep_len = n + 2;
                  if (hierarchical)
                    *hierarchical = i >= 4;
                }
              break;
            }
        }
      if (found != NULL && !last)
        break;
    }
  return found;
}

/* "Home » News » Storm closes road": a path, not "article | site" */
static gboolean
has_hierarchical_separator (const char *title)
{
  const char *sep;
  gsize n;
  gboolean hierarchical = FALSE;

  for (const char *p = title; (sep = find_separator (p, FALSE, &n, &hierarchical)) != NULL;
       p = sep + 1)
    if (hierarchical)
      return TRUE;
  return FALSE;
}

/* The first or last ':' (followed by a space when @spaced) that is not
 * inside brackets: "Thread safety (libfoo: a library)" has none */
static const char *
colon_outside_brackets (const char *title,
                        gboolean    last,
                        gboolean    spaced)
{
  const char *found = NULL;
  int depth = 0;

  for (const char *p = title; *p; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (*p == ':' && depth == 0 && (!spaced || p[1] == ' '))
        {
          found = p;
          if (!last)
            break;
        }
    }
  return found;
}

/* The title from <title>: without the site's name when it is cut off by a
 * separator, or after a colon, or the only <h1> when <title> is too short
 * or too long to be the article's */
static char *
article_title (Ctx *c)
{
  xmlNode *title_node = document_title_node (c);
  g_autofree char *orig = NULL;
  g_autofree char *cur = NULL;
  gboolean hierarchical = FALSE;
  gsize sep_len = 0;
  const char *sep;
  g_autofree char *result = NULL;

  if (title_node == NULL)
    return g_strdup ("");
  {
    g_autofree char *raw = inner_text (title_node, FALSE);
    orig = collapse (raw);
  }
  cur = g_strdup (orig);

  if ((sep = find_separator (orig, TRUE, &sep_len, NULL)) != NULL)
    {
      hierarchical = has_hierarchical_separator (orig);
      g_free (cur);
      cur = g_strndup (orig, sep - orig);
      if (word_count (cur) < 3)
        {
          const char *first = find_separator (orig, FALSE, &sep_len, NULL);

          g_free (cur);
          /* Everything after the first separator character */
          cur = g_strdup (first + sep_len - 1);
        }
    }
  else if (colon_outside_brackets (orig, FALSE, TRUE) != NULL)
    {
      gboolean heading_is_title = FALSE;
      xmlNode *root = xmlDocGetRootElement (c->doc);

      for (xmlNode *n = root; n != NULL && !heading_is_title; n = next_node (n, FALSE))
        {
          Tag tag = tag_of (c, n);

          if (tag == T_H1 || tag == T_H2)
            {
              g_autofree char *text = inner_text (n, FALSE);
              heading_is_title = g_str_equal (text, orig);
            }
        }
      if (!heading_is_title)
        {
          const char *last_colon = colon_outside_brackets (orig, TRUE, FALSE);
          const char *first_colon = colon_outside_brackets (orig, FALSE, FALSE);

          g_free (cur);
          cur = g_strdup (last_colon + 1);
          if (word_count (cur) < 3)
            {
              g_free (cur);
              cur = g_strdup (first_colon + 1);
            }
          else
            {
              g_autofree char *before = g_strndup (orig, first_colon - orig);

              if (word_count (before) > 5)
                {
                  g_free (cur);
                  cur = g_strdup (orig);
                }
            }
        }
    }
  else if (g_utf8_strlen (orig, -1) > 150 || g_utf8_strlen (orig, -1) < 15)
    {
      xmlNode *root = xmlDocGetRootElement (c->doc);
      xmlNode *h1 = NULL;
      guint n_h1 = 0;

      for (xmlNode *n = root; n != NULL; n = next_node (n, FALSE))
        if (tag_of (c, n) == T_H1)
          {
            h1 = n;
            n_h1++;
          }
      if (n_h1 == 1)
        {
          g_free (cur);
          cur = inner_text (h1, TRUE);
        }
    }

  result = collapse (cur);
  {
    guint words = word_count (result);

    if (words <= 4)
      {
        /* Too short to be the article's title: unless cutting the site
         * name off was all that happened, keep the page title */
        gboolean only_site_cut = FALSE;

        if (hierarchical)
          {
            gsize n;
            const char *s;
            GString *joined = g_string_new (NULL);
            const char *p = orig;

            while ((s = find_separator (p, FALSE, &n, NULL)) != NULL)
              {
                g_string_append_len (joined, p, s - p);
                g_string_append_c (joined, ' ');
                p = s + n;
              }
            g_string_append (joined, p);
            only_site_cut = words == word_count (joined->str) - 1;
            g_string_free (joined, TRUE);
          }
        if (!only_site_cut)
          {
            g_free (result);
            result = g_strdup (orig);
          }
      }
  }
  return g_steal_pointer (&result);
}

/* Metadata */

static char *
unescape_entities (const char *s)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "quot", "\"" }, { "amp", "&" }, { "apos", "'" }, { "lt", "<" }, { "gt", ">" },
  };
  GString *out;

  if (s == NULL)
    return NULL;
  if (strchr (s, '&') == NULL)
    return g_strdup (s);
  out = g_string_new (NULL);
  for (const char *p = s; *p; )
    {
      if (*p == '&')
        {
          const char *semi = strchr (p, ';');
          gboolean done = FALSE;

          if (semi != NULL && semi - p <= 10)
            {
              if (p[1] == '#')
                {
                  gboolean hex = p[2] == 'x' || p[2] == 'X';
                  char *end = NULL;
                  guint64 v = g_ascii_strtoull (p + (hex ? 3 : 2), &end, hex ? 16 : 10);

                  if (end == semi && end > p + (hex ? 3 : 2))
                    {
                      if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                        v = 0xFFFD;
                      g_string_append_unichar (out, (gunichar)v);
                      done = TRUE;
                    }
                }
              else
                for (guint i = 0; i < G_N_ELEMENTS (named) && !done; i++)
                  if ((gsize)(semi - p - 1) == strlen (named[i].name) &&
                      strncmp (p + 1, named[i].name, semi - p - 1) == 0)
                    {
                      g_string_append (out, named[i].text);
                      done = TRUE;
                    }
            }
          if (done)
            {
              p = semi + 1;
              continue;
            }
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_url (const char *s)
{
  return g_str_has_prefix (s, "http://") || g_str_has_prefix (s, "https://");
}

/* <meta property="og:title">, "article:published_time", "dc:creator"… */
static char *
meta_property_key (const char *property)
{
  static const char * const prefixes[] = { "article", "dc", "dcterm", "og", "twitter" };
  static const char * const fields[] = {
    "author", "creator", "description", "published_time", "title", "site_name"
  };
  g_autofree char *lower = NULL;
  GString *squeezed = g_string_new (NULL);

  lower = g_ascii_strdown (property, -1);
  for (const char *p = lower; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (squeezed, *p);
  g_free (lower);
  lower = g_string_free (squeezed, FALSE);

  for (const char *p = lower; *p; p++)
    for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
      {
        gsize n = strlen (prefixes[i]);

        if (strncmp (p, prefixes[i], n) != 0 || p[n] != ':')
          continue;
        for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
          if (g_str_has_prefix (p + n + 1, fields[k]))
            return g_strdup_printf ("%s:%s", prefixes[i], fields[k]);
      }
  return NULL;
}

/* <meta name="author">, "dc.title", "parsely-pub-date", "twitter:title"… */
static char *
meta_name_key (const char *name)
{
  static const char * const prefixes[] = {
    "dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"
  };
  static const char * const fields[] = {
    "author", "creator", "pub-date", "description", "title", "site_name"
  };
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *key = NULL;
  GString *squeezed = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (squeezed, *p);
  key = g_string_free (squeezed, FALSE);

  for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
    {
      gsize flen = strlen (fields[k]);
      gsize klen = strlen (key);

      if (klen < flen || strcmp (key + klen - flen, fields[k]) != 0)
        continue;
      if (klen == flen)
        return g_strdup (key);
      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        {
          gsize plen = strlen (prefixes[i]);

          if (klen == plen + 1 + flen && strncmp (key, prefixes[i], plen) == 0 &&
              strchr ("-.:", key[plen]) != NULL)
            {
              char *result = g_strdup (key);

              g_strdelimit (result, ".", ':');
              return result;
            }
        }
    }
  return NULL;
}

static gboolean
is_article_type (const char *type)
{
  static const char * const types[] = {
    "Article", "AdvancedArticle", "NewsArticle", "AnalysisNewsArticle",
    "AskPublicQuestionArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
    "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
    "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
    "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
  };

  if (type == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (strstr (type, types[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
node_is_article (JsonNode *node)
{
  JsonObject *obj;
  JsonNode *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  obj = json_node_get_object (node);
  type = json_object_get_member (obj, "@type");
  if (type == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    return is_article_type (json_node_get_string (type));
  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *types = json_node_get_array (type);

      for (guint i = 0; i < json_array_get_length (types); i++)
        {
          JsonNode *t = json_array_get_element (types, i);

          if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING &&
              is_article_type (json_node_get_string (t)))
            return TRUE;
        }
    }
  return FALSE;
}

static const char *
json_string (JsonObject *obj,
             const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
json_object (JsonObject *obj,
             const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_schema_org (const char *s)
{
  g_autofree char *copy = NULL;
  gsize len;

  if (s == NULL)
    return FALSE;
  copy = g_strdup (s);
  len = strlen (copy);
  if (len > 0 && copy[len - 1] == '/')
    copy[len - 1] = '\0';
  return g_str_equal (copy, "http://schema.org") || g_str_equal (copy, "https://schema.org");
}

typedef struct
{
  char *title;
  char *byline;
  char *excerpt;
  char *site_name;
  char *published;
} JsonLd;

static void
json_ld_clear (JsonLd *ld)
{
  g_free (ld->title);
  g_free (ld->byline);
  g_free (ld->excerpt);
  g_free (ld->site_name);
  g_free (ld->published);
}

static char *
strip_dup (const char *s)
{
  return s ? g_strstrip (g_strdup (s)) : NULL;
}

/* Deeper JSON-LD is not read: no article's metadata needs a tenth of it */
#define JSON_LD_MAX_DEPTH 64

/* schema.org metadata of the first script that describes an article */
static gboolean
read_json_ld (Ctx        *c,
              const char *text,
              JsonLd     *ld)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *content = g_strstrip (g_strdup (text));
  JsonNode *root;
  JsonNode *article = NULL;
  JsonObject *obj;
  JsonObject *context_obj;
  JsonNode *author;
  const char *name;
  const char *headline;

  if (g_str_has_prefix (content, "<![CDATA["))
    memmove (content, content + 9, strlen (content + 9) + 1);
  if (g_str_has_suffix (content, "]]>"))
    content[strlen (content) - 3] = '\0';
  /* A page's data is untrusted: json-glib would overflow the stack on
   * deep nesting, and leak on what fm_json_check() describes */
  if (fm_json_check (content, strlen (content), JSON_LD_MAX_DEPTH, NULL) != FM_JSON_OK)
    return FALSE;
  if (!json_parser_load_from_data (parser, content, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array) && article == NULL; i++)
        if (node_is_article (json_array_get_element (array, i)))
          article = json_array_get_element (array, i);
      if (article == NULL)
        return FALSE;
    }
  else
    article = root;
  if (!JSON_NODE_HOLDS_OBJECT (article))
    return FALSE;
  obj = json_node_get_object (article);

  context_obj = json_object (obj, "@context");
  if (!is_schema_org (json_string (obj, "@context")) &&
      !(context_obj != NULL && is_schema_org (json_string (context_obj, "@vocab"))))
    return FALSE;

  if (!json_object_has_member (obj, "@type"))
    {
      JsonNode *graph = json_object_get_member (obj, "@graph");

      article = NULL;
      if (graph != NULL && JSON_NODE_HOLDS_ARRAY (graph))
        {
          JsonArray *array = json_node_get_array (graph);

          for (guint i = 0; i < json_array_get_length (array) && article == NULL; i++)
            if (node_is_article (json_array_get_element (array, i)))
              article = json_array_get_element (array, i);
        }
    }
  if (article == NULL || !node_is_article (article))
    return FALSE;
  obj = json_node_get_object (article);

  name = json_string (obj, "name");
  headline = json_string (obj, "headline");
  if (name != NULL && headline != NULL && !g_str_equal (name, headline))
    {
      /* Some sites put the site's name in "name": take the one that is
       * like the page's title */
      g_autofree char *title = article_title (c);
      gboolean name_matches = text_similarity (name, title) > 0.75;
      gboolean headline_matches = text_similarity (headline, title) > 0.75;

      ld->title = g_strdup (headline_matches && !name_matches ? headline : name);
    }
  else if (name != NULL)
    ld->title = strip_dup (name);
  else if (headline != NULL)
    ld->title = strip_dup (headline);

  author = json_object_get_member (obj, "author");
  if (author != NULL && JSON_NODE_HOLDS_OBJECT (author) &&
      json_string (json_node_get_object (author), "name") != NULL)
    ld->byline = strip_dup (json_string (json_node_get_object (author), "name"));
  else if (author != NULL && JSON_NODE_HOLDS_ARRAY (author))
    {
      JsonArray *authors = json_node_get_array (author);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < json_array_get_length (authors); i++)
        {
          JsonNode *a = json_array_get_element (authors, i);

          if (JSON_NODE_HOLDS_OBJECT (a) && json_string (json_node_get_object (a), "name"))
            g_ptr_array_add (names, strip_dup (json_string (json_node_get_object (a), "name")));
        }
      if (names->len > 0)
        {
          g_ptr_array_add (names, NULL);
          ld->byline = g_strjoinv (", ", (char **)names->pdata);
        }
    }
  ld->excerpt = strip_dup (json_string (obj, "description"));
  ld->site_name = strip_dup (json_string (json_object (obj, "publisher"), "name"));
  ld->published = strip_dup (json_string (obj, "datePublished"));
  return TRUE;
}

static const char *
first_of (GHashTable *values,
          ...)
{
  va_list args;
  const char *found = NULL;

  va_start (args, values);
  for (const char *key = va_arg (args, const char *); key != NULL && found == NULL;
       key = va_arg (args, const char *))
    {
      const char *v = g_hash_table_lookup (values, key);

      if (v != NULL && *v != '\0')
        found = v;
    }
  va_end (args);
  return found;
}

static const char *
nonempty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

static char *
resolve_url (const char *base,
             const char *href)
{
  g_autoptr(GUri) uri = NULL;

  if (href == NULL || *href == '\0')
    return NULL;
  if (base != NULL)
    uri = g_uri_parse_relative (NULL, base, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    {
      g_autoptr(GUri) abs = g_uri_parse_relative (uri, href, G_URI_FLAGS_NONE, NULL);

      return abs ? g_uri_to_string (abs) : NULL;
    }
  return g_uri_is_valid (href, G_URI_FLAGS_NONE, NULL) ? g_strdup (href) : NULL;
}

/* Metadata from <meta> elements, JSON-LD and the document */
static void
read_metadata (Ctx        *c,
               JsonLd     *ld,
               const char *url)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  xmlNode *root = xmlDocGetRootElement (c->doc);
  const char *og_url = NULL;
  const char *canonical = NULL;

  for (xmlNode *n = root; n != NULL; n = next_node (n, FALSE))
    {
      Tag tag = tag_of (c, n);

      if (tag == T_META)
        {
          const char *name = attr (n, "name");
          const char *property = attr (n, "property");
          const char *content = attr (n, "content");
          char *key = NULL;

          if (content == NULL || *content == '\0')
            continue;
          if (property != NULL)
            key = meta_property_key (property);
          if (key == NULL && name != NULL)
            key = meta_name_key (name);
          if (key != NULL)
            g_hash_table_replace (values, key, strip_dup (content));
          if (property != NULL && g_ascii_strcasecmp (property, "og:url") == 0)
            og_url = content;
        }
      else if (tag == T_LINK)
        {
          const char *rel = attr (n, "rel");

          if (rel != NULL && g_ascii_strcasecmp (rel, "canonical") == 0 && canonical == NULL)
            canonical = attr (n, "href");
        }
    }

  {
    const char *title = nonempty (ld->title);
    const char *byline;
    const char *author;
    g_autofree char *doc_title = NULL;

    if (title == NULL)
      title = first_of (values, "dc:title", "dcterm:title", "og:title", "weibo:article:title",
                        "weibo:webpage:title", "title", "twitter:title", "parsely-title", NULL);
    if (title == NULL)
      title = doc_title = article_title (c);
    c->title = unescape_entities (title);

    author = g_hash_table_lookup (values, "article:author");
    if (author != NULL && is_url (author))
      author = NULL;
    byline = nonempty (ld->byline);
    if (byline == NULL)
      byline = first_of (values, "dc:creator", "dcterm:creator", "author", "parsely-author", NULL);
    if (byline == NULL)
      byline = nonempty (author);
    c->meta_byline = unescape_entities (byline);

    c->excerpt = unescape_entities (nonempty (ld->excerpt) ? ld->excerpt :
      first_of (values, "dc:description", "dcterm:description", "og:description",
                "weibo:article:description", "weibo:webpage:description", "description",
                "twitter:description", NULL));
    c->site_name = unescape_entities (nonempty (ld->site_name) ? ld->site_name :
                                      first_of (values, "og:site_name", NULL));
    c->published = unescape_entities (nonempty (ld->published) ? ld->published :
      first_of (values, "article:published_time", "parsely-pub-date", NULL));
  }

  c->canonical = resolve_url (url, canonical ? canonical : og_url);
  {
    const char *lang = root ? attr (root, "lang") : NULL;

    if (lang == NULL && root != NULL)
      lang = attr (root, "xml:lang");
    c->lang = lang && *lang ? g_strstrip (g_strdup (lang)) : NULL;
  }
}

/* Preparing the document */

/* Comments, processing instructions, scripts, styles and templates are
 * never article text; JSON-LD is read before the scripts go. */
static void
strip_document (Ctx    *c,
                JsonLd *ld)
{
  xmlNode *n = xmlDocGetRootElement (c->doc);
  gboolean have_ld = FALSE;

  /* Nodes beside the root element */
  for (xmlNode *k = c->doc->children; k != NULL; )
    {
      xmlNode *next = k->next;

      if (k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE)
        {
          xmlUnlinkNode (k);
          g_ptr_array_add (c->trash, k);
        }
      k = next;
    }

  while (n != NULL)
    {
      Tag tag = tag_of (c, n);

      /* Comments and PIs among the children */
      for (xmlNode *k = n->children; k != NULL; )
        {
          xmlNode *next = k->next;

          if (k->type == XML_COMMENT_NODE || k->type == XML_PI_NODE ||
              k->type == XML_ENTITY_REF_NODE)
            node_remove (c, k);
          k = next;
        }

      if (tag == T_SCRIPT)
        {
          const char *type = attr (n, "type");

          if (ld != NULL && !have_ld && type != NULL &&
              g_ascii_strcasecmp (type, "application/ld+json") == 0)
            {
              g_autoptr(GString) text = g_string_new (NULL);

              collect_text (n, text);
              json_ld_clear (ld);
              memset (ld, 0, sizeof *ld);
              have_ld = read_json_ld (c, text->str, ld);
              if (!have_ld)
                {
                  json_ld_clear (ld);
                  memset (ld, 0, sizeof *ld);
                }
            }
          n = remove_and_next (c, n);
        }
      else if (tag == T_NOSCRIPT || tag == T_STYLE || tag == T_TEMPLATE)
        n = remove_and_next (c, n);
      else
        n = next_node (n, FALSE);
    }
}

/* Skips white-space text */
static xmlNode *
skip_blank (Ctx     *c,
            xmlNode *n)
{
  while (n != NULL && !is_element (n) && is_text (n) && is_whitespace_node (c, n))
    n = n->next;
  return n;
}

/* Two or more <br> in a row separate paragraphs: make the text after
 * them a <p> of its own */
static void
replace_brs (Ctx     *c,
             xmlNode *body)
{
  g_autoptr(GPtrArray) brs = g_ptr_array_new ();

  for (xmlNode *n = first_element (body); n != NULL; n = next_node (n, FALSE))
    {
      /* Stay inside the body */
      if (n == body)
        break;
      if (tag_of (c, n) == T_BR)
        g_ptr_array_add (brs, n);
    }

  for (guint i = 0; i < brs->len; i++)
    {
      xmlNode *br = g_ptr_array_index (brs, i);
      xmlNode *next = br->next;
      gboolean replaced = FALSE;
      xmlNode *p;

      if (br->parent == NULL)
        continue;
      while ((next = skip_blank (c, next)) != NULL && tag_of (c, next) == T_BR)
        {
          xmlNode *after = next->next;

          replaced = TRUE;
          node_remove (c, next);
          next = after;
        }
      if (!replaced)
        continue;

      p = element_new (c, "p");
      node_insert_before (c, br, p);
      node_remove (c, br);
      next = p->next;
      while (next != NULL)
        {
          xmlNode *sibling;

          if (tag_of (c, next) == T_BR)
            {
              xmlNode *after = skip_blank (c, next->next);

              if (after != NULL && tag_of (c, after) == T_BR)
                break;
            }
          if (!is_phrasing (c, next))
            break;
          sibling = next->next;
          node_append (c, p, next);
          next = sibling;
        }
      while (p->last != NULL && is_whitespace_node (c, p->last))
        node_remove (c, p->last);
      if (tag_of (c, p->parent) == T_P)
        node_rename (c, p->parent, "div");
    }
}

static void
prepare_document (Ctx     *c,
                  xmlNode *body)
{
  replace_brs (c, body);
  for (xmlNode *n = xmlDocGetRootElement (c->doc); n != NULL; n = next_node (n, FALSE))
    if (tag_of (c, n) == T_FONT)
      node_rename (c, n, "span");
}

/* Finding the article */

static gboolean
is_valid_byline (Ctx        *c,
                 xmlNode    *n,
                 const char *match)
{
  const char *rel = attr (n, "rel");
  const char *itemprop = attr (n, "itemprop");
  const Stats *s;

  if (!((rel != NULL && g_str_equal (rel, "author")) ||
        (itemprop != NULL && strstr (itemprop, "author") != NULL) ||
        word_set_in (&byline_set, match)))
    return FALSE;
  s = stats (c, n);
  if (!s->content || s->raw_len > 200)
    return FALSE;
  {
    g_autofree char *text = inner_text (n, FALSE);
    glong len = g_utf8_strlen (text, -1);

    return len > 0 && len < 100;
  }
}

static gboolean
header_duplicates_title (Ctx     *c,
                         xmlNode *n)
{
  Tag tag = tag_of (c, n);
  g_autofree char *heading = NULL;

  if (tag != T_H1 && tag != T_H2)
    return FALSE;
  heading = inner_text (n, FALSE);
  return text_similarity (c->title ? c->title : "", heading) > 0.75;
}

static const char * const unlikely_roles[] = {
  "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
};

static gboolean
has_unlikely_role (xmlNode *n)
{
  const char *role = attr (n, "role");

  if (role == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (unlikely_roles); i++)
    if (g_str_equal (role, unlikely_roles[i]))
      return TRUE;
  return FALSE;
}

/* Runs of inline content directly in a <div> become paragraphs */
static void
wrap_phrasing (Ctx     *c,
               xmlNode *div)
{
  xmlNode *p = NULL;

  for (xmlNode *k = div->children; k != NULL; )
    {
      xmlNode *next = k->next;

      if (is_phrasing (c, k))
        {
          if (p != NULL)
            node_append (c, p, k);
          else if (!is_whitespace_node (c, k))
            {
              p = element_new (c, "p");
              node_insert_before (c, k, p);
              node_append (c, p, k);
            }
        }
      else if (p != NULL)
        {
          while (p->last != NULL && is_whitespace_node (c, p->last))
            node_remove (c, p->last);
          p = NULL;
        }
      k = next;
    }
}

static gboolean
is_ancestor (xmlNode *ancestor,
             xmlNode *n)
{
  for (xmlNode *p = n->parent; p != NULL; p = p->parent)
    if (p == ancestor)
      return TRUE;
  return FALSE;
}

static void prepare_article (Ctx *c, xmlNode *article);

#define N_TOP_CANDIDATES 5
#define CHAR_THRESHOLD 500

static xmlNode *
find_body (Ctx *c)
{
  xmlNode *root = xmlDocGetRootElement (c->doc);

  for (xmlNode *k = root ? root->children : NULL; k != NULL; k = k->next)
    if (tag_of (c, k) == T_BODY)
      return k;
  return NULL;
}

typedef struct
{
  GPtrArray *paras;
  GArray    *captions;
  gint32     len;
} Attempt;

static void render (Ctx *c, xmlNode *article, GPtrArray *paras, GArray *captions);

/* One pass over the page with the current flags, in four steps: */

/* 1. Walk the page: drop what is hidden or marked as furniture, take the
 * byline out, turn <div>s that hold only text into paragraphs, and list
 * the elements whose text scores. */
static GPtrArray *
prune_and_collect (Ctx *c)
{
  GPtrArray *to_score = g_ptr_array_new ();
  gboolean remove_title_header = TRUE;
  xmlNode *node = xmlDocGetRootElement (c->doc);

  while (node != NULL)
    {
      char buf[256];
      g_autofree char *heap = NULL;
      const char *match = match_string (node, buf, sizeof buf, &heap);
      Tag tag = tag_of (c, node);
      const char *modal = attr (node, "aria-modal");
      const char *role = attr (node, "role");

      if (match == NULL)
        match = "";

      if (!is_visible (node))
        {
          node = remove_and_next (c, node);
          continue;
        }
      if (modal != NULL && g_str_equal (modal, "true") && role != NULL &&
          g_str_equal (role, "dialog"))
        {
          node = remove_and_next (c, node);
          continue;
        }
      if (c->byline == NULL && c->meta_byline == NULL && is_valid_byline (c, node, match))
        {
          /* The name alone when it is marked as such */
          xmlNode *end = next_node (node, TRUE);
          xmlNode *name_node = NULL;

          for (xmlNode *k = next_node (node, FALSE); k != NULL && k != end; k = next_node (k, FALSE))
            {
              const char *itemprop = attr (k, "itemprop");

              if (itemprop != NULL && strstr (itemprop, "name") != NULL)
                {
                  name_node = k;
                  break;
                }
            }
          c->byline = inner_text (name_node ? name_node : node, FALSE);
          node = remove_and_next (c, node);
          continue;
        }
      if (remove_title_header && header_duplicates_title (c, node))
        {
          remove_title_header = FALSE;
          node = remove_and_next (c, node);
          continue;
        }
      if (c->flags & FLAG_STRIP_UNLIKELY)
        {
          if (word_set_in (&unlikely_set, match) && !word_set_in (&maybe_set, match) &&
              !has_ancestor (c, node, T_TABLE, 3, FALSE) &&
              !has_ancestor (c, node, T_CODE, 3, FALSE) && tag != T_BODY && tag != T_A)
            {
              node = remove_and_next (c, node);
              continue;
            }
          if (has_unlikely_role (node))
            {
              node = remove_and_next (c, node);
              continue;
            }
        }
      if ((tag == T_DIV || tag == T_SECTION || tag == T_HEADER || (tag_flags[tag] & F_HEADING) ||
           tag == T_H1) && is_without_content (c, node))
        {
          node = remove_and_next (c, node);
          continue;
        }
      if (tag_flags[tag] & F_SCORE)
        g_ptr_array_add (to_score, node);

      if (tag == T_DIV)
        {
          wrap_phrasing (c, node);
          if (has_single_child_tag (c, node, T_P) && link_density (c, node) < 0.25)
            {
              xmlNode *child = first_element (node);

              node_insert_before (c, node, child);
              node_remove (c, node);
              node = child;
              g_ptr_array_add (to_score, node);
            }
          else if (stats (c, node)->n_block == 0)
            {
              node_rename (c, node, "p");
              g_ptr_array_add (to_score, node);
            }
        }
      node = next_node (node, FALSE);
    }

  return to_score;
}

/* 2. Paragraphs score their parent and ancestors up to five levels, less
 * the further up; text that is mostly links counts for less. Returns the
 * best candidates, best first. */
static guint
score_candidates (Ctx       *c,
                  GPtrArray *to_score,
                  xmlNode  **top)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  guint n_top = 0;

  for (guint i = 0; i < to_score->len; i++)
    {
      xmlNode *el = g_ptr_array_index (to_score, i);
      const Stats *s;
      double score;
      xmlNode *a;
      int level = 0;

      if (!is_element (el->parent))
        continue;
      s = stats (c, el);
      if (trimmed_len (s) < 25)
        continue;
      score = 1 + (s->all_commas + 1) + MIN (trimmed_len (s) / 100, 3);
      for (a = el->parent; a != NULL && level < 5; a = a->parent, level++)
        {
          Info *info;

          if (!is_element (a) || !is_element (a->parent))
            continue;
          info = info_of (c, a);
          if (!info->scored)
            {
              init_score (c, a);
              g_ptr_array_add (candidates, a);
            }
          info->score += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
        }
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      xmlNode *cand = g_ptr_array_index (candidates, i);
      Info *info = info_of (c, cand);

      info->score *= 1 - link_density (c, cand);
      for (guint t = 0; t < N_TOP_CANDIDATES; t++)
        {
          if (t >= n_top || info->score > info_of (c, top[t])->score)
            {
              memmove (&top[t + 1], &top[t], (N_TOP_CANDIDATES - t - 1) * sizeof top[0]);
              top[t] = cand;
              n_top = MIN (n_top + 1, N_TOP_CANDIDATES);
              break;
            }
        }
    }

  return n_top;
}

/* 3. The element that holds the article: the best candidate, or an
 * ancestor that several good candidates share, or that scores better */
static xmlNode *
choose_container (Ctx      *c,
                  xmlNode  *body,
                  xmlNode **top,
                  guint     n_top)
{
  xmlNode *candidate;
  xmlNode *parent;

  candidate = n_top > 0 ? top[0] : NULL;
  if (candidate == NULL || tag_of (c, candidate) == T_BODY)
    {
      /* No container stands out: take the whole body */
      candidate = element_new (c, "div");
      while (body->children != NULL)
        node_append (c, candidate, body->children);
      node_append (c, body, candidate);
      init_score (c, candidate);
    }
  else
    {
      g_autoptr(GPtrArray) alternatives = g_ptr_array_new ();
      double top_score = info_of (c, candidate)->score;
      double last_score;
      double threshold;

      /* When several good candidates share an ancestor, the article is
       * more likely that ancestor */
      for (guint i = 1; i < n_top; i++)
        if (info_of (c, top[i])->score / top_score >= 0.75)
          g_ptr_array_add (alternatives, top[i]);
      if (alternatives->len >= 3)
        {
          for (parent = candidate->parent; is_element (parent) && tag_of (c, parent) != T_BODY;
               parent = parent->parent)
            {
              guint containing = 0;

              for (guint i = 0; i < alternatives->len && containing < 3; i++)
                containing += is_ancestor (parent, g_ptr_array_index (alternatives, i));
              if (containing >= 3)
                {
                  candidate = parent;
                  break;
                }
            }
        }
      if (!info_of (c, candidate)->scored)
        init_score (c, candidate);

      /* A parent that scores better holds more of the article */
      last_score = info_of (c, candidate)->score;
      threshold = last_score / 3;
      for (parent = candidate->parent; is_element (parent) && tag_of (c, parent) != T_BODY;
           parent = parent->parent)
        {
          Info *info = info_of (c, parent);

          if (!info->scored)
            continue;
          if (info->score < threshold)
            break;
          if (info->score > last_score)
            {
              candidate = parent;
              break;
            }
          last_score = info->score;
        }

      /* An only child stands for its parent */
      for (parent = candidate->parent;
           is_element (parent) && tag_of (c, parent) != T_BODY && count_elements (parent) == 1;
           parent = candidate->parent)
        candidate = parent;
      if (!info_of (c, candidate)->scored)
        init_score (c, candidate);
    }

  return candidate;
}

/* 4. The container and those of its siblings that look like part of the
 * article, moved into a new <div> */
static xmlNode *
gather_article (Ctx     *c,
                xmlNode *candidate)
{
  xmlNode *parent;
  xmlNode *article;

  article = element_new (c, "div");
  parent = candidate->parent;
  if (parent != NULL)
    {
      Info *ci = info_of (c, candidate);
      double sibling_threshold = MAX (10, ci->score * 0.2);
      const char *cand_class = attr (candidate, "class");
      xmlNode *next;

      for (xmlNode *s = first_element (parent); s != NULL; s = next)
        {
          gboolean append = FALSE;
          Info *si = info_of (c, s);

          next = next_element (s);
          if (s == candidate)
            append = TRUE;
          else
            {
              double bonus = 0;
              const char *cls = attr (s, "class");

              if (cand_class != NULL && *cand_class != '\0' && cls != NULL &&
                  g_str_equal (cls, cand_class))
                bonus += ci->score * 0.2;
              if (si->scored && si->score + bonus >= sibling_threshold)
                append = TRUE;
              else if (si->tag == T_P)
                {
                  double density = link_density (c, s);
                  gint32 len = text_len (c, s);

                  if (len > 80 && density < 0.25)
                    append = TRUE;
                  else if (len < 80 && len > 0 && density == 0)
                    {
                      g_autofree char *text = inner_text (s, TRUE);
                      const char *dot;

                      for (dot = strchr (text, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
                        if (dot[1] == ' ' || dot[1] == '\0')
                          {
                            append = TRUE;
                            break;
                          }
                    }
                }
            }
          if (append)
            {
              Tag tag = si->tag;

              if (tag != T_DIV && tag != T_ARTICLE && tag != T_SECTION && tag != T_P &&
                  tag != T_OL && tag != T_UL)
                node_rename (c, s, "div");
              node_append (c, article, s);
            }
        }
    }

  return article;
}

/* Returns the article (a detached <div>), which may hold too little text */
static xmlNode *
grab_once (Ctx     *c,
           xmlNode *body)
{
  g_autoptr(GPtrArray) to_score = prune_and_collect (c);
  xmlNode *top[N_TOP_CANDIDATES] = { NULL };
  guint n_top = score_candidates (c, to_score, top);
  xmlNode *candidate = choose_container (c, body, top, n_top);
  xmlNode *article = gather_article (c, candidate);

  prepare_article (c, article);
  return article;
}

/* Scores, flags and cached measures as if nothing had been looked at */
static void
reset_infos (Ctx *c)
{
  xmlNode *root = xmlDocGetRootElement (c->doc);

  for (xmlNode *n = root; n != NULL; n = next_node (n, FALSE))
    {
      Info *info = info_of (c, n);

      info->valid = FALSE;
      info->scored = FALSE;
      info->data_table = FALSE;
      info->score = 0;
    }
}

/* The article as paragraphs: the first attempt that finds enough text,
 * else the attempt that found the most */
static gboolean
grab_article (Ctx        *c,
              GPtrArray  *paras,
              GArray     *captions)
{
  xmlNode *body = find_body (c);
  g_autoptr(GArray) attempts = g_array_new (FALSE, FALSE, sizeof (Attempt));
  gboolean found = FALSE;

  if (body == NULL)
    return FALSE;
  c->undo = g_array_new (FALSE, FALSE, sizeof (Undo));
  c->flags = FLAG_STRIP_UNLIKELY | FLAG_WEIGHT_CLASSES | FLAG_CLEAN_CONDITIONALLY;
  for (;;)
    {
      xmlNode *article = grab_once (c, body);
      gint32 len = text_len (c, article);
      Attempt attempt = { NULL, NULL, len };

      if (len >= CHAR_THRESHOLD)
        {
          render (c, article, paras, captions);
          found = TRUE;
          break;
        }
      attempt.paras = g_ptr_array_new_with_free_func (g_free);
      attempt.captions = g_array_new (FALSE, FALSE, sizeof (gboolean));
      render (c, article, attempt.paras, attempt.captions);
      g_array_append_val (attempts, attempt);

      if (c->flags & FLAG_STRIP_UNLIKELY)
        c->flags &= ~FLAG_STRIP_UNLIKELY;
      else if (c->flags & FLAG_WEIGHT_CLASSES)
        c->flags &= ~FLAG_WEIGHT_CLASSES;
      else if (c->flags & FLAG_CLEAN_CONDITIONALLY)
        c->flags &= ~FLAG_CLEAN_CONDITIONALLY;
      else
        {
          Attempt *best = &g_array_index (attempts, Attempt, 0);

          for (guint i = 1; i < attempts->len; i++)
            if (g_array_index (attempts, Attempt, i).len > best->len)
              best = &g_array_index (attempts, Attempt, i);
          if (best->len > 0)
            {
              for (guint i = 0; i < best->paras->len; i++)
                g_ptr_array_add (paras, g_strdup (g_ptr_array_index (best->paras, i)));
              g_array_append_vals (captions, best->captions->data, best->captions->len);
              found = TRUE;
            }
          break;
        }

      /* Start again from the page as it was before this attempt */
      undo_changes (c);
      reset_infos (c);
    }

  for (guint i = 0; i < attempts->len; i++)
    {
      g_ptr_array_unref (g_array_index (attempts, Attempt, i).paras);
      g_array_unref (g_array_index (attempts, Attempt, i).captions);
    }
  g_clear_pointer (&c->undo, g_array_unref);
  return found;
}

/* Cleaning the article */

static void
mark_data_tables (Ctx       *c,
                  GPtrArray *tables)
{
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      xmlNode *table = g_ptr_array_index (tables, i);
      Info *info = info_of (c, table);
      const char *role = attr (table, "role");
      const char *datatable = attr (table, "datatable");
      const char *summary = attr (table, "summary");
      xmlNode *end = next_node (table, TRUE);
      gboolean caption = FALSE, structure = FALSE, nested = FALSE;
      guint rows = 0, columns = 0;

      info->data_table = FALSE;
      if ((role != NULL && g_str_equal (role, "presentation")) ||
          (datatable != NULL && g_str_equal (datatable, "0")))
        continue;
      if (summary != NULL && *summary != '\0')
        {
          info->data_table = TRUE;
          continue;
        }
      for (xmlNode *n = next_node (table, FALSE); n != NULL && n != end; n = next_node (n, FALSE))
        {
          Tag tag = tag_of (c, n);

          if (tag == T_CAPTION && !caption)
            caption = n->children != NULL;
          else if (tag == T_COL || tag == T_COLGROUP || tag == T_TFOOT || tag == T_THEAD ||
                   tag == T_TH)
            structure = TRUE;
          else if (tag == T_TABLE)
            nested = TRUE;
          else if (tag == T_TR)
            {
              const char *rowspan = attr (n, "rowspan");
              guint in_row = 0;
              xmlNode *row_end = next_node (n, TRUE);
              int span = rowspan ? atoi (rowspan) : 0;

              rows += span > 0 ? span : 1;
              for (xmlNode *k = next_node (n, FALSE); k != NULL && k != row_end; k = next_node (k, FALSE))
                if (tag_of (c, k) == T_TD)
                  {
                    const char *colspan = attr (k, "colspan");
                    int cs = colspan ? atoi (colspan) : 0;

                    in_row += cs > 0 ? cs : 1;
                  }
              columns = MAX (columns, in_row);
            }
        }
      if (caption || structure)
        info->data_table = TRUE;
      else if (nested || columns == 1 || rows == 1)
        info->data_table = FALSE;
      else if (rows >= 10 || columns > 4)
        info->data_table = TRUE;
      else
        info->data_table = rows * columns > 10;
      if (info->data_table)
        dirty_up (table->parent);
    }
}

static gboolean
is_video_embed (xmlNode *n)
{
  static const char * const hosts[] = {
    "dailymotion.com", "youtube.com", "youtube-nocookie.com", "player.vimeo.com", "v.qq.com",
    "bilibili.com", "archive.org", "upload.wikimedia.org", "player.twitch.tv",
  };

  for (xmlAttr *a = n->properties; a != NULL; a = a->next)
    {
      g_autofree char *value = NULL;

      if (a->children == NULL || a->children->content == NULL)
        continue;
      value = g_ascii_strdown ((const char *)a->children->content, -1);
      for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
        {
          g_autofree char *a1 = g_strconcat ("//", hosts[i], NULL);
          g_autofree char *a2 = g_strconcat ("//www.", hosts[i], NULL);

          if (strstr (value, a1) != NULL || strstr (value, a2) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_ad_or_loading (const char *text)
{
  static const char * const words[] = {
    "ad", "advertising", "advertisement", "pub", "publicité", "werb", "werbung", "广告",
    "реклама", "anuncio", "loading", "正在加载", "загрузка", "chargement", "cargando",
  };
  g_autofree char *lower = g_utf8_strdown (text, -1);
  gsize len = strlen (lower);

  if (g_str_has_suffix (lower, "…"))
    lower[len - strlen ("…")] = '\0';
  else if (g_str_has_suffix (lower, "..."))
    lower[len - 3] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (lower, words[i]))
      return TRUE;
  return FALSE;
}

static gboolean
should_clean (Ctx     *c,
              xmlNode *n,
              Tag      tag)
{
  const Stats *s = stats (c, n);
  gint32 len = trimmed_len (s);
  gboolean is_list = tag == T_UL || tag == T_OL;
  int weight;

  if (!is_list)
    is_list = len > 0 && (double)s->list_len / len > 0.9;
  if (tag == T_TABLE && info_of (c, n)->data_table)
    return FALSE;
  if (has_ancestor (c, n, T_TABLE, -1, TRUE))
    return FALSE;
  if (has_ancestor (c, n, T_CODE, 3, FALSE))
    return FALSE;
  if (s->n_data_table > 0)
    return FALSE;

  weight = class_weight (c, n);
  if (weight < 0)
    return TRUE;

  if (s->commas < 10)
    {
      int p = s->n_p;
      int img = s->n_img;
      int li = s->n_li - 100;
      int input = s->n_input;
      double heading_density = len > 0 ? (double)s->heading_len / len : 0;
      double density = len > 0 ? s->link_len / len : 0;
      double text_density = len > 0 ? (double)s->textish_len / len : 0;
      gboolean figure_child = has_ancestor (c, n, T_FIGURE, 3, FALSE);
      int embeds = 0;
      gboolean remove;

      if (s->n_embed > 0)
        {
          xmlNode *end = next_node (n, TRUE);

          for (xmlNode *k = next_node (n, FALSE); k != NULL && k != end; k = next_node (k, FALSE))
            if (has_flag (c, k, F_EMBED))
              {
                if (is_video_embed (k))
                  return FALSE;
                embeds++;
              }
        }
      if (len > 0 && len < 24)
        {
          g_autofree char *text = inner_text (n, TRUE);

          if (is_ad_or_loading (text))
            return TRUE;
        }

      remove = (!figure_child && img > 1 && (double)p / img < 0.5) ||
               (!is_list && li > p) ||
               (input > p / 3) ||
               (!is_list && !figure_child && heading_density < 0.9 && len < 25 &&
                (img == 0 || img > 2) && density > 0) ||
               (!is_list && weight < 25 && density > 0.2) ||
               (weight >= 25 && density > 0.5) ||
               ((embeds == 1 && len < 75) || embeds > 1) ||
               (img == 0 && text_density == 0);

      /* A list of images may stay */
      if (is_list && remove)
        {
          for (xmlNode *k = first_element (n); k != NULL; k = next_element (k))
            if (count_elements (k) > 1)
              return TRUE;
          if (img == s->n_li)
            return FALSE;
        }
      return remove;
    }
  return FALSE;
}

/* Elements by tag, collected in one walk over the article */
typedef struct
{
  GPtrArray *by_tag[N_TAGS];
} Collected;

static void
collected_clear (Collected *col)
{
  for (guint i = 0; i < N_TAGS; i++)
    g_clear_pointer (&col->by_tag[i], g_ptr_array_unref);
}

static void
collect_all (Ctx       *c,
             xmlNode   *root,
             Collected *col)
{
  xmlNode *end = next_node (root, TRUE);

  for (xmlNode *n = next_node (root, FALSE); n != NULL && n != end; n = next_node (n, FALSE))
    {
      Tag tag = tag_of (c, n);

      if (col->by_tag[tag] == NULL)
        col->by_tag[tag] = g_ptr_array_new ();
      g_ptr_array_add (col->by_tag[tag], n);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Collected, collected_clear)

/* Still in the article, not in something already taken out of it */
static gboolean
in_article (xmlNode *n,
            xmlNode *article)
{
  for (xmlNode *p = n; p != NULL; p = p->parent)
    if (p == article)
      return TRUE;
  return FALSE;
}

static void
clean_conditionally (Ctx       *c,
                     xmlNode   *article,
                     Collected *col,
                     Tag        tag)
{
  GPtrArray *nodes = col->by_tag[tag];

  if (!(c->flags & FLAG_CLEAN_CONDITIONALLY) || nodes == NULL)
    return;
  /* Inner ones first, as their removal changes the outer ones' measures */
  for (guint i = nodes->len; i > 0; i--)
    {
      xmlNode *n = g_ptr_array_index (nodes, i - 1);

      if (in_article (n, article) && should_clean (c, n, tag))
        node_remove (c, n);
    }
}

static void
clean_tag (Ctx       *c,
           xmlNode   *article,
           Collected *col,
           Tag        tag)
{
  GPtrArray *nodes = col->by_tag[tag];
  gboolean embed = (tag_flags[tag] & F_EMBED) != 0;

  if (nodes == NULL)
    return;
  for (guint i = nodes->len; i > 0; i--)
    {
      xmlNode *n = g_ptr_array_index (nodes, i - 1);

      /* Videos stay for the checks below; they have no text */
      if (embed && is_video_embed (n))
        continue;
      if (in_article (n, article))
        node_remove (c, n);
    }
}

static gboolean
is_share_element (const char *match)
{
  return contains_word (match, "share") || contains_word (match, "sharedaddy");
}

static void
clean_share (Ctx     *c,
             xmlNode *root)
{
  xmlNode *end = next_node (root, TRUE);

  for (xmlNode *n = next_node (root, FALSE); n != NULL && n != end; )
    {
      char buf[256];
      g_autofree char *heap = NULL;
      const char *match = match_string (n, buf, sizeof buf, &heap);

      if (match != NULL && is_share_element (match) && stats (c, n)->raw_len < CHAR_THRESHOLD)
        n = remove_and_next (c, n);
      else
        n = next_node (n, FALSE);
    }
}

static void
prepare_article (Ctx     *c,
                 xmlNode *article)
{
  g_auto(Collected) col = { { NULL } };
  GPtrArray *nodes;

  collect_all (c, article, &col);
  mark_data_tables (c, col.by_tag[T_TABLE]);
  clean_conditionally (c, article, &col, T_FORM);
  clean_conditionally (c, article, &col, T_FIELDSET);
  clean_tag (c, article, &col, T_OBJECT);
  clean_tag (c, article, &col, T_EMBED);
  clean_tag (c, article, &col, T_FOOTER);
  clean_tag (c, article, &col, T_LINK);
  clean_tag (c, article, &col, T_ASIDE);
  for (xmlNode *k = first_element (article); k != NULL; k = next_element (k))
    clean_share (c, k);
  clean_tag (c, article, &col, T_IFRAME);
  clean_tag (c, article, &col, T_INPUT);
  clean_tag (c, article, &col, T_TEXTAREA);
  clean_tag (c, article, &col, T_SELECT);
  clean_tag (c, article, &col, T_BUTTON);

  /* Headings that are marked as furniture */
  for (Tag t = T_H1; t <= T_H2; t++)
    for (guint i = 0; col.by_tag[t] != NULL && i < col.by_tag[t]->len; i++)
      {
        xmlNode *h = g_ptr_array_index (col.by_tag[t], i);

        if (in_article (h, article) && class_weight (c, h) < 0)
          node_remove (c, h);
      }

  clean_conditionally (c, article, &col, T_TABLE);
  clean_conditionally (c, article, &col, T_UL);
  clean_conditionally (c, article, &col, T_DIV);

  /* Empty paragraphs */
  nodes = col.by_tag[T_P];
  for (guint i = nodes ? nodes->len : 0; i > 0; i--)
    {
      xmlNode *p = g_ptr_array_index (nodes, i - 1);
      const Stats *s;

      if (!in_article (p, article))
        continue;
      s = stats (c, p);
      if (s->n_img == 0 && s->n_embed == 0 && !s->content)
        node_remove (c, p);
    }
}

/* Article text */

typedef struct
{
  GString   *cur;
  GPtrArray *paras;
  GArray    *captions;   /* of gboolean, one per paragraph */
  guint      in_caption;
} Out;

static void
flush (Out *o)
{
  g_autofree char *text = collapse (o->cur->str);

  if (*text != '\0')
    {
      gboolean caption = o->in_caption > 0;

      g_ptr_array_add (o->paras, g_steal_pointer (&text));
      g_array_append_val (o->captions, caption);
    }
  g_string_truncate (o->cur, 0);
}

static void
append_text (Out        *o,
             const char *text,
             gboolean    pre)
{
  if (!pre)
    {
      g_string_append (o->cur, text);
      return;
    }
  /* Lines of preformatted text are paragraphs of their own */
  for (const char *p = text; *p; p++)
    {
      if (*p == '\n')
        flush (o);
      else
        g_string_append_c (o->cur, *p);
    }
}

static gboolean
is_caption (Ctx     *c,
            xmlNode *n)
{
  Tag tag = tag_of (c, n);
  const char *cls;

  if (tag == T_FIGCAPTION || tag == T_CAPTION)
    return TRUE;
  cls = attr (n, "class");
  return cls != NULL && (strcasestr (cls, "caption") != NULL || strcasestr (cls, "credit") != NULL);
}

static void
output (Ctx     *c,
        xmlNode *n,
        Out     *o,
        gboolean pre)
{
  for (xmlNode *k = n->children; k != NULL; k = k->next)
    {
      if (is_text (k))
        {
          if (k->content != NULL)
            append_text (o, (const char *)k->content, pre);
        }
      else if (is_element (k))
        {
          Tag tag = tag_of (c, k);
          guint flags = tag_flags[tag];
          gboolean caption;

          if ((flags & F_SKIP) || (flags & F_EMBED) || tag == T_SVG || tag == T_BUTTON ||
              tag == T_SELECT || tag == T_TEXTAREA || tag == T_INPUT)
            continue;
          if (tag == T_BR)
            {
              flush (o);
              continue;
            }
          caption = is_caption (c, k);
          if ((tag == T_TD || tag == T_TH) && tag_of (c, k->parent) == T_TR)
            {
              /* The cells of a row make one line, "Name | Age | Town", with
               * no separator for an empty cell */
              gsize mark = o->cur->len;
              gboolean empty = TRUE;
              gboolean before = FALSE;

              for (gsize i = 0; i < mark && !before; i++)
                before = !g_ascii_isspace (o->cur->str[i]);
              if (before)
                g_string_append (o->cur, " | ");
              output (c, k, o, pre);
              for (gsize i = mark; i < o->cur->len && empty; i++)
                empty = g_ascii_isspace (o->cur->str[i]) || o->cur->str[i] == '|';
              if (empty && o->cur->len >= mark)
                g_string_truncate (o->cur, mark);
              continue;
            }
          if (flags & F_BREAK)
            flush (o);
          else if (tag == T_IMG)
            g_string_append_c (o->cur, ' ');
          o->in_caption += caption;
          output (c, k, o, pre || tag == T_PRE);
          if (flags & F_BREAK)
            flush (o);
          else if (tag == T_IMG)
            g_string_append_c (o->cur, ' ');
          o->in_caption -= caption;
        }
    }
}

/* A caption printed twice (under the photo and again in a credit line or
 * a gallery) once: a caption paragraph equal to one of the two before it,
 * or followed by a copy of itself */
static GPtrArray *
drop_repeats (GPtrArray *paras,
              GArray    *captions)
{
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) kept_captions = g_array_new (FALSE, FALSE, sizeof (gboolean));

  for (guint i = 0; i < paras->len; i++)
    {
      const char *para = g_ptr_array_index (paras, i);
      gboolean caption = g_array_index (captions, gboolean, i);
      gboolean repeat = FALSE;

      for (guint back = 1; back <= 2 && back <= kept->len && !repeat; back++)
        repeat = (caption || g_array_index (kept_captions, gboolean, kept->len - back)) &&
                 g_str_equal (para, g_ptr_array_index (kept, kept->len - back));
      if (!repeat)
        {
          g_ptr_array_add (kept, g_strdup (para));
          g_array_append_val (kept_captions, caption);
        }
    }
  return kept;
}

static void
render (Ctx       *c,
        xmlNode   *article,
        GPtrArray *paras,
        GArray    *captions)
{
  Out o = { g_string_new (NULL), paras, captions, 0 };

  output (c, article, &o, FALSE);
  flush (&o);
  g_string_free (o.cur, TRUE);
}

/* Encodings */

static const char *
charset_from_label (const char *label)
{
  static const struct { const char *label; const char *iconv; } map[] = {
    { "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
    /* Pages that say Latin-1 or ASCII are read as windows-1252, as browsers do */
    { "iso-8859-1", "WINDOWS-1252" }, { "iso8859-1", "WINDOWS-1252" },
    { "latin1", "WINDOWS-1252" }, { "l1", "WINDOWS-1252" }, { "us-ascii", "WINDOWS-1252" },
    { "ascii", "WINDOWS-1252" }, { "windows-1252", "WINDOWS-1252" },
    { "cp1252", "WINDOWS-1252" }, { "x-cp1252", "WINDOWS-1252" },
    { "iso_8859-1", "WINDOWS-1252" }, { "cp819", "WINDOWS-1252" },
    { "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "x-gbk", "GB18030" },
    { "gb18030", "GB18030" }, { "shift_jis", "CP932" }, { "shift-jis", "CP932" },
    { "sjis", "CP932" }, { "x-sjis", "CP932" }, { "windows-31j", "CP932" },
    { "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" }, { "big5", "BIG5-HKSCS" },
    { "tis-620", "WINDOWS-874" }, { "iso-8859-9", "WINDOWS-1254" },
    { "iso-8859-11", "WINDOWS-874" },
    /* A page cannot really be UTF-16 when its declaration was readable */
    { "utf-16", "UTF-8" }, { "utf-16le", "UTF-8" }, { "utf-16be", "UTF-8" },
  };
  g_autofree char *lower = NULL;

  if (label == NULL)
    return NULL;
  lower = g_ascii_strdown (label, -1);
  g_strstrip (lower);
  if (*lower == '"' || *lower == '\'')
    memmove (lower, lower + 1, strlen (lower));
  for (gsize n = strlen (lower); n > 0 && (lower[n - 1] == '"' || lower[n - 1] == '\''); n--)
    lower[n - 1] = '\0';
  if (*lower == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (lower, map[i].label))
      return map[i].iconv;
  {
    /* Anything else iconv knows, e.g. windows-1251, koi8-r, iso-8859-2 */
    GIConv cd = g_iconv_open ("UTF-8", lower);

    if (cd != (GIConv)-1)
      {
        g_iconv_close (cd);
        return g_intern_string (lower);
      }
  }
  return NULL;
}

/* The charset= parameter of a Content-Type value */
static const char *
charset_from_content_type (const char *value)
{
  g_autofree char *lower = NULL;
  const char *p;
  char buf[64];
  gsize n = 0;

  if (value == NULL)
    return NULL;
  lower = g_ascii_strdown (value, -1);
  p = strstr (lower, "charset");
  if (p == NULL)
    return NULL;
  p += 7;
  while (*p == ' ')
    p++;
  if (*p != '=')
    return NULL;
  p++;
  while (*p == ' ' || *p == '"' || *p == '\'')
    p++;
  while (*p && *p != ';' && *p != '"' && *p != '\'' && *p != ' ' && n < sizeof buf - 1)
    buf[n++] = *p++;
  buf[n] = '\0';
  return charset_from_label (buf);
}

/* Reads the attributes of a tag starting after its name; returns the
 * position after '>' */
static const char *
scan_meta (const char  *p,
           const char  *end,
           const char **charset)
{
  gboolean http_equiv_ct = FALSE;
  const char *content_charset = NULL;
  const char *direct = NULL;

  while (p < end && *p != '>')
    {
      char name[32];
      char value[256];
      gsize nn = 0, vn = 0;

      while (p < end && (g_ascii_isspace (*p) || *p == '/'))
        p++;
      if (p >= end || *p == '>')
        break;
      while (p < end && !g_ascii_isspace (*p) && *p != '=' && *p != '>' && *p != '/')
        {
          if (nn < sizeof name - 1)
            name[nn++] = g_ascii_tolower (*p);
          p++;
        }
      name[nn] = '\0';
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              char quote = *p++;

              while (p < end && *p != quote)
                {
                  if (vn < sizeof value - 1)
                    value[vn++] = *p;
                  p++;
                }
              p++;
            }
          else
            while (p < end && !g_ascii_isspace (*p) && *p != '>')
              {
                if (vn < sizeof value - 1)
                  value[vn++] = *p;
                p++;
              }
        }
      value[vn] = '\0';
      if (g_str_equal (name, "charset") && direct == NULL)
        direct = charset_from_label (value);
      else if (g_str_equal (name, "http-equiv") && g_ascii_strcasecmp (value, "content-type") == 0)
        http_equiv_ct = TRUE;
      else if (g_str_equal (name, "content") && content_charset == NULL)
        content_charset = charset_from_content_type (value);
    }
  if (direct != NULL)
    *charset = direct;
  else if (http_equiv_ct && content_charset != NULL)
    *charset = content_charset;
  return p < end ? p + 1 : end;
}

static const char *
prescan_meta (const char *data,
              gsize       len)
{
  const char *end = data + MIN (len, 8192);
  const char *p = data;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *charset = NULL;

      if (lt == NULL)
        break;
      p = lt + 1;
      if (end - p >= 3 && strncmp (p, "!--", 3) == 0)
        {
          const char *close = g_strstr_len (p + 3, end - p - 3, "-->");

          if (close == NULL)
            break;
          p = close + 3;
          continue;
        }
      if (end - p >= 5 && g_ascii_strncasecmp (p, "meta", 4) == 0 &&
          (g_ascii_isspace (p[4]) || p[4] == '/'))
        {
          p = scan_meta (p + 4, end, &charset);
          if (charset != NULL)
            return charset;
        }
    }
  return NULL;
}

static gboolean
has_utf8_sequences (const char *data,
                    gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar)data[i] >= 0xC2)
      return TRUE;
  return FALSE;
}

char *
fm_extract_sniff_charset (const char *data,
                          gsize       len,
                          const char *http_charset)
{
  const char *charset;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return g_strdup ("UTF-8");
  if (len >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    return g_strdup ("UTF-16LE");
  if (len >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    return g_strdup ("UTF-16BE");
  charset = charset_from_label (http_charset);
  if (charset == NULL)
    charset = prescan_meta (data, len);
  /* Pages saved to disk are often re-encoded as UTF-8 with the old
   * declaration left in, and servers often claim Latin-1 for UTF-8. Text in
   * a legacy encoding is practically never valid UTF-8 once it has
   * characters beyond ASCII, so such bytes are read as UTF-8. */
  if (charset != NULL && !g_str_equal (charset, "UTF-8") && has_utf8_sequences (data, len) &&
      g_utf8_validate_len (data, len, NULL))
    return g_strdup ("UTF-8");
  if (charset != NULL)
    return g_strdup (charset);
  if (g_utf8_validate_len (data, len, NULL))
    return g_strdup ("UTF-8");
  return g_strdup ("WINDOWS-1252");
}

/* Converts to UTF-8; bytes that are not valid in @charset become U+FFFD */
static char *
to_utf8 (const char *data,
         gsize       len,
         const char *charset,
         gsize      *out_len)
{
  GIConv cd;
  GString *out;
  gchar *in = (gchar *)data;
  gsize in_left = len;
  char buf[8192];

  if (g_str_equal (charset, "UTF-8"))
    {
      char *valid;

      if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        data += 3, len -= 3;
      if (memchr (data, '\0', len) == NULL && g_utf8_validate_len (data, len, NULL))
        valid = g_strndup (data, len);
      else
        {
          /* NULs would cut the text short: make them U+FFFD too */
          g_autofree char *nul_free = g_memdup2 (data, len);

          for (gsize i = 0; i < len; i++)
            if (nul_free[i] == '\0')
              nul_free[i] = '\x7f';
          valid = g_utf8_make_valid (nul_free, len);
        }
      *out_len = strlen (valid);
      return valid;
    }

  cd = g_iconv_open ("UTF-8", charset);
  if (cd == (GIConv)-1)
    return to_utf8 (data, len, "UTF-8", out_len);
  if ((g_str_equal (charset, "UTF-16LE") || g_str_equal (charset, "UTF-16BE")) && len >= 2)
    in += 2, in_left -= 2;

  out = g_string_sized_new (len + len / 4);
  while (in_left > 0)
    {
      gchar *o = buf;
      gsize o_left = sizeof buf;
      gsize r = g_iconv (cd, &in, &in_left, &o, &o_left);

      g_string_append_len (out, buf, o - buf);
      if (r == (gsize)-1)
        {
          if (errno == E2BIG)
            continue;
          /* An invalid or cut-off sequence: one replacement character */
          g_string_append (out, "\xEF\xBF\xBD");
          in++;
          in_left--;
        }
    }
  g_iconv_close (cd);
  /* iconv may emit NULs for NUL input */
  for (gsize i = 0; i < out->len; i++)
    if (out->str[i] == '\0')
      out->str[i] = '\x7f';
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

gboolean
fm_extract_looks_like_html (const char *data,
                            gsize       len)
{
  static const char * const starts[] = {
    "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<article", "<div", "<p>",
    "<!--", "<h1", "<script", "<link", "<style", "<table", "<base",
  };
  const char *p = data;
  const char *end = data + MIN (len, 1024);

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (end - p >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  while (p < end && g_ascii_isspace (*p))
    p++;
  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    {
      gsize n = strlen (starts[i]);

      if ((gsize)(end - p) > n && g_ascii_strncasecmp (p, starts[i], n) == 0 &&
          (starts[i][n - 1] == '>' || starts[i][n - 1] == '-' || p[n] == '>' ||
           g_ascii_isspace (p[n]) || p[n] == '/'))
        return TRUE;
    }
  /* An XML declaration before the XHTML root */
  if ((gsize)(end - p) > 5 && strncmp (p, "<?xml", 5) == 0)
    return g_strstr_len (p, end - p, "<html") != NULL ||
           g_strstr_len (p, end - p, "XHTML") != NULL;
  return FALSE;
}

/* Parsing */

/* Elements nested deeper than FM_EXTRACT_MAX_DEPTH are replaced by their
 * text, so that no walk of the tree can recurse without bound. The walk
 * here keeps no stack of its own. */
static void
bound_depth (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNode *n = root;
  guint depth = 0;

  while (n != NULL)
    {
      if (n->type == XML_ELEMENT_NODE && depth >= FM_EXTRACT_MAX_DEPTH && n->children != NULL)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          xmlNode *k = n->children;

          /* Gather the text of the subtree without recursion */
          while (k != NULL && k != n)
            {
              if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
                g_string_append (text, (const char *)k->content);
              if (k->children != NULL && k->type == XML_ELEMENT_NODE)
                k = k->children;
              else
                {
                  while (k != n && k->next == NULL)
                    k = k->parent;
                  if (k != n)
                    k = k->next;
                }
            }
          xmlFreeNodeList (n->children);
          n->children = n->last = NULL;
          if (text->len > 0)
            xmlAddChild (n, xmlNewDocTextLen (doc, (const xmlChar *)text->str, text->len));
        }
      if (n->children != NULL && n->type == XML_ELEMENT_NODE)
        {
          n = n->children;
          depth++;
          continue;
        }
      while (n != NULL && n != root && n->next == NULL)
        {
          n = n->parent;
          depth--;
        }
      if (n == NULL || n == root)
        break;
      n = n->next;
    }
}

static void
silent_error (void *ctx, const char *msg, ...)
{
}

/* Parses UTF-8 text; NULL when libxml2 gives no tree at all */
static xmlDoc *
parse_utf8 (const char *utf8,
            gsize       utf8_len)
{
  htmlParserCtxtPtr ctxt;
  xmlDoc *doc;

  ctxt = htmlCreateMemoryParserCtxt (utf8, (int)utf8_len);
  if (ctxt == NULL)
    return NULL;
  /* Quiet, no network, no DTD or external entity; the text is UTF-8
   * whatever the page declares. Deep nesting is read whole (HUGE) and
   * bounded right after. */
  xmlSetGenericErrorFunc (NULL, silent_error);
  htmlCtxtUseOptions (ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                            HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD | HTML_PARSE_COMPACT |
                            HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
  ctxt->sax->error = silent_error;
  ctxt->sax->warning = silent_error;
  ctxt->sax->externalSubset = NULL;
  ctxt->sax->resolveEntity = NULL;
  ctxt->replaceEntities = 0;
  ctxt->loadsubset = 0;
  ctxt->validate = 0;
  xmlSwitchEncoding (ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument (ctxt);
  doc = ctxt->myDoc;
  ctxt->myDoc = NULL;
  htmlFreeParserCtxt (ctxt);

  if (doc != NULL && xmlDocGetRootElement (doc) == NULL)
    g_clear_pointer (&doc, xmlFreeDoc);
  if (doc != NULL)
    bound_depth (doc);
  return doc;
}

/* Start tags, roughly: '<' before a letter */
static gsize
count_tags (const char *data,
            gsize       len)
{
  gsize n = 0;

  for (const char *p = memchr (data, '<', len); p != NULL && p + 1 < data + len;
       p = memchr (p + 1, '<', data + len - p - 1))
    n += g_ascii_isalpha (p[1]);
  return n;
}

/* Decodes and parses */
static xmlDoc *
parse (const char  *data,
       gsize        len,
       const char  *http_charset,
       char       **charset_out,
       GError     **error)
{
  g_autofree char *charset = NULL;
  g_autofree char *utf8 = NULL;
  gsize utf8_len = 0;
  xmlDoc *doc;

  ensure_init ();
  if (len > FM_EXTRACT_MAX_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (FM_EXTRACT_MAX_BYTES);

      g_set_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_TOO_LARGE,
                   _("The page is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }

  if (count_tags (data, len) > FM_EXTRACT_MAX_TAGS)
    {
      g_set_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_TOO_LARGE,
                   _("The page has too many elements to be read (more than %d)"),
                   FM_EXTRACT_MAX_TAGS);
      return NULL;
    }

  charset = fm_extract_sniff_charset (data, len, http_charset);
  utf8 = to_utf8 (data, len, charset, &utf8_len);
  if (utf8_len > G_MAXINT)
    {
      g_set_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_TOO_LARGE,
                   _("The page is too large"));
      return NULL;
    }

  doc = parse_utf8 (utf8, utf8_len);
  if (doc == NULL)
    {
      gboolean blank = TRUE;

      for (gsize i = 0; i < utf8_len && blank; i++)
        blank = g_ascii_isspace (utf8[i]);
      if (blank)
        g_set_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_NO_ARTICLE,
                     _("There is no article text in this page"));
      else
        g_set_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_PARSE,
                     _("The page could not be read as HTML"));
      return NULL;
    }
  if (charset_out != NULL)
    *charset_out = g_steal_pointer (&charset);
  return doc;
}

gsize
fm_extract_parse_only (const char *data,
                       gsize       len,
                       const char *http_charset)
{
  g_autoptr(xmlDoc) doc = parse (data, len, http_charset, NULL, NULL);
  gsize n = 0;

  if (doc == NULL)
    return 0;
  for (xmlNode *k = xmlDocGetRootElement (doc); k != NULL; k = next_node (k, FALSE))
    n++;
  return n;
}

/* Extraction */

static void
ctx_clear (Ctx *c)
{
  g_autoptr(GHashTable) roots = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer node;

  /* Nodes taken out of the tree, and nodes made: free each tree that is not
   * part of the document, once. The roots are all found before anything
   * is freed, as a node may have been put back and taken out again. */
  for (guint i = 0; i < c->trash->len; i++)
    {
      xmlNode *n = g_ptr_array_index (c->trash, i);

      if (n->parent == NULL)
        g_hash_table_add (roots, n);
    }
  g_hash_table_iter_init (&iter, roots);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    xmlFreeNode (node);
  g_ptr_array_unref (c->trash);
  g_ptr_array_unref (c->chunks);
  g_clear_pointer (&c->doc, xmlFreeDoc);
  g_free (c->title);
  g_free (c->meta_byline);
  g_free (c->byline);
  g_free (c->site_name);
  g_free (c->published);
  g_free (c->excerpt);
  g_free (c->canonical);
  g_free (c->lang);
}

static char *
steal_nonempty (char **s)
{
  char *v = g_steal_pointer (s);

  if (v != NULL)
    {
      char *collapsed = collapse (v);

      g_free (v);
      if (*collapsed == '\0')
        g_clear_pointer (&collapsed, g_free);
      v = collapsed;
    }
  return v;
}

FmExtractResult *
fm_extract_html (const char  *data,
                 gsize        len,
                 const char  *http_charset,
                 const char  *url,
                 GError     **error)
{
  Ctx c = { 0 };
  JsonLd ld = { 0 };
  FmExtractResult *result;
  g_autofree char *charset = NULL;
  g_autoptr(GPtrArray) paras = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GArray) captions = g_array_new (FALSE, FALSE, sizeof (gboolean));
  xmlNode *body;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  c.doc = parse (data, len, http_charset, &charset, error);
  if (c.doc == NULL)
    return NULL;
  c.chunks = g_ptr_array_new_with_free_func (g_free);
  c.trash = g_ptr_array_new ();

  strip_document (&c, &ld);
  body = find_body (&c);
  if (body != NULL)
    prepare_document (&c, body);
  read_metadata (&c, &ld, url);
  json_ld_clear (&ld);

  paras = g_ptr_array_new_with_free_func (g_free);
  grab_article (&c, paras, captions);
  kept = drop_repeats (paras, captions);

  if (kept->len == 0)
    {
      g_set_error (error, FM_EXTRACT_ERROR, FM_EXTRACT_ERROR_NO_ARTICLE,
                   _("There is no article text in this page"));
      ctx_clear (&c);
      return NULL;
    }

  result = g_new0 (FmExtractResult, 1);
  result->title = steal_nonempty (&c.title);
  if (result->title == NULL)
    result->title = g_strdup ("");
  result->byline = steal_nonempty (c.meta_byline ? &c.meta_byline : &c.byline);
  result->site_name = steal_nonempty (&c.site_name);
  result->published = steal_nonempty (&c.published);
  result->canonical_url = g_steal_pointer (&c.canonical);
  result->lang = steal_nonempty (&c.lang);
  result->excerpt = steal_nonempty (&c.excerpt);
  result->charset = g_steal_pointer (&charset);
  g_ptr_array_add (kept, NULL);
  result->text = g_strjoinv ("\n", (char **)kept->pdata);
  ctx_clear (&c);
  return result;
}

void
fm_extract_result_free (FmExtractResult *result)
{
  if (result == NULL)
    return;
  g_free (result->title);
  g_free (result->byline);
  g_free (result->site_name);
  g_free (result->published);
  g_free (result->canonical_url);
  g_free (result->lang);
  g_free (result->excerpt);
  g_free (result->charset);
  g_free (result->text);
  g_free (result);
}
