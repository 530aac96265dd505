#!/usr/bin/env python3
"""weave's benchmark corpus: the same articles for weave and for Hugo, so their builds compare.

  python3 benches/corpus.py --pages 10000 --flavor weave --out target/bench/w
  python3 benches/corpus.py --pages 10000 --flavor hugo --out target/bench/h   # hugo --source ...

Each article is drawn from a random stream of its own, seeded by `--seed` (1 unless told) and
its number, so the same arguments give the same bytes on every machine and in every run, and
figures stay comparable; article 42 is the same article in a corpus of 1,000 as of 100,000 (but
for which articles it links to). Python 3's standard library only.

An article: front matter with a title, a date (2023 to 2026), a one-sentence description,
1 to 3 topics (motives, implications, challenges), 1 to 4 entities and 2 to 5 tags; a body of
about 800 words: a lead paragraph, then four to six `##` sections of paragraphs carrying
*emphasis*, **strong** and `code`, among them one bullet list, one numbered list, one block
quote and exactly one fenced code block, and three to five links to other articles written as
site URLs (`/articles/<slug>/`), which both generators resolve. One article in ten also holds a
formula (`$...$` inline and `$$...$$` on its own), and one in twenty a small mermaid flowchart.

Flavours lay the same articles out for one generator:
  weave  content/articles/<slug>.md and nothing else: zero configuration, as a new user starts.
         With --wikilinks, the links are Obsidian's (`[[a00042|Title]]`, found by file name)
         and each article ends with a callout, as a vault's notes do; all else is the same.
  hugo   the same files, plus hugo.toml (the three taxonomies) and five bare layouts (page,
         section, taxonomy, term, home) that print what weave's pages print at least: title,
         date, description, term links and content, or a list of links. Hugo's RSS, sitemap
         and robots.txt and its typographer are turned off; code is highlighted into classes,
         as Hugo does by default (--plain-code turns that off), and math passes through.

With --languages en,fr the same number of pages is split between the languages: each of
pages / 2 articles is written in English (`<slug>.md`) and again as its French translation
(`<slug>.fr.md`, its title marked), and the configuration names both languages (weave.yaml for
weave; `[languages]` for Hugo, which reads the same file names).

The prose is made of pseudo-words from a fixed syllable list, so text size and word frequency
are the same in every run. With --prose zipf it is drawn instead as real prose is: from a
vocabulary of tens of thousands of words (Debian's word list, /usr/share/dict/words from the
wamerican package, when it is installed, topped up with pseudo-words), the word of rank r about
1/r as often as the commonest (Zipf's law), so most of the index's words are rare, as in real
text. Titles keep the pseudo-words; tags are drawn from the commonest words.
"""
import bisect
import argparse
import itertools
import os
import random
import sys

TOPICS = ("motives", "implications", "challenges")
ENTITIES = (
    "Meta", "DeepSeek", "Llama 2", "Llama 3.1", "OpenAI", "Google", "Amazon", "Apple",
    "Microsoft", "Mistral", "Anthropic", "Hugging Face", "EleutherAI", "Stability AI", "Alibaba",
    "Qwen", "Gemma", "Falcon", "BLOOM", "PyTorch", "TensorFlow", "JAX", "React", "Android", "iOS",
    "Linux", "Apache Foundation", "Open Source Initiative", "European Union", "United States",
    "China", "Mark Zuckerberg", "Yann LeCun", "NVIDIA", "AMD", "Intel", "IBM", "Databricks",
    "Cohere", "xAI",
)
SYLLABLES = ("ka", "lo", "mi", "ra", "ten", "sil", "vor", "an", "el", "dus", "pri", "mo", "gal",
             "ter", "on", "is", "bra", "ne", "cul", "fa", "zo", "per", "ul", "ix", "tra", "ve")
WORDS = 2000        # distinct words in the prose
TAG_WORDS = 200     # tags come from the first this many words
LANGUAGES = ("rust", "python", "bash", "json")


def vocabulary(seed):
    """WORDS distinct pseudo-words of one to four syllables, sorted."""
    rng = random.Random("%d:words" % seed)
    words = set()
    while len(words) < WORDS:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


ZIPF_WORDS = 70000  # distinct words of --prose zipf
WORD_LIST = "/usr/share/dict/words"


def zipf_vocabulary(seed):
    """(words by rank, cumulative weights): ZIPF_WORDS words, from the system's word list when
    there is one, in an order of the seed's, weighted 1/rank."""
    rng = random.Random("%d:zipf" % seed)
    words = []
    if os.path.exists(WORD_LIST):
        with open(WORD_LIST, encoding="utf-8", errors="ignore") as f:
            words = sorted({w.strip() for w in f if w.strip().isalpha() and w.strip().islower()
                            and w.strip().isascii() and len(w.strip()) > 1})
    if len(words) < ZIPF_WORDS:
        made = set(words)
        while len(made) < ZIPF_WORDS:
            made.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 5))))
        words = sorted(made)
    rng.shuffle(words)
    words = words[:ZIPF_WORDS]
    weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(words))))
    return words, weights


class Prose:
    """Sentences, paragraphs and blocks of `words`, drawn from the random stream `rng`; with
    `weights` (cumulative, one per word), each word as often as its weight says."""

    def __init__(self, rng, words, weights=None):
        self.rng, self.words, self.weights = rng, words, weights

    def word(self):
        if self.weights is None:
            return self.rng.choice(self.words)
        return self.words[bisect.bisect(self.weights, self.rng.random() * self.weights[-1])]

    def words_of(self, lo, hi):
        return [self.word() for _ in range(self.rng.randint(lo, hi))]

    def sentence(self, lo=8, hi=20, style=None):
        """A capitalised sentence; `style` (or, three times in ten, a random one) marks a word."""
        words = self.words_of(lo, hi)
        if style is None and self.rng.random() < 0.3:
            style = self.rng.choice(("*%s*", "**%s**", "`%s`"))
        if style:
            at = self.rng.randrange(1, len(words))
            words[at] = style % words[at]
        return " ".join(words).capitalize() + "."

    def paragraph(self, link=None, styles=()):
        """Three to six sentences, the `styles` among them, and the link (a markdown link) if any."""
        parts = [self.sentence(style=s) for s in styles]
        parts += [self.sentence() for _ in range(self.rng.randint(3, 6) - len(parts))]
        self.rng.shuffle(parts)
        if link:
            parts.insert(self.rng.randrange(len(parts) + 1), "See %s for more." % link)
        return " ".join(parts)

    def extra_block(self, kind):
        """The block after a section's first paragraph: bullets, numbers, a quote, code or none."""
        rng = self.rng
        if kind == "bullets":
            return "\n".join("- " + self.sentence(4, 10) for _ in range(rng.randint(3, 6)))
        if kind == "numbers":
            return "\n".join("%d. %s" % (k, self.sentence(4, 10)) for k in range(1, rng.randint(4, 6)))
        if kind == "quote":
            return "> " + self.sentence(10, 25)
        if kind == "code":
            lines = ["%s = %s(%d)" % (rng.choice(self.words), rng.choice(self.words), k)
                     for k in range(rng.randint(3, 8))]
            return "```%s\n%s\n```" % (rng.choice(LANGUAGES), "\n".join(lines))
        return None


# Sections in order: the first four carry one of each block, so every article has exactly one
# code block; a sixth section repeats the bullets.
SECTION_BLOCKS = ("bullets", "numbers", "quote", "code", None, "bullets")


def slug(i):
    return "a%05d" % i


def title(seed, words, i):
    rng = random.Random("%d:title:%d" % (seed, i))
    return " ".join(rng.choice(words) for _ in range(rng.randint(2, 6))).title()


class Article:
    def __init__(self, seed, words, i, pages, wikilinks=False, zipf=None):
        """Article `i` of `pages`, drawn from its own stream; links written as wikilinks when
        asked (the same targets and text); its prose from `zipf` (words by rank, cumulative
        weights) when given."""
        rng = random.Random("%d:article:%d" % (seed, i))
        prose = Prose(rng, words) if zipf is None else Prose(rng, *zipf)
        self.index, self.slug, self.title = i, slug(i), title(seed, words, i)
        # Links from a stream of their own, so the rest of the article is the same at any size.
        pick = random.Random("%d:links:%d" % (seed, i))
        others = [j for j in pick.sample(range(pages), min(pages, 6)) if j != i]
        form = "[[%s|%s]]" if wikilinks else "[%s](/articles/%s/)"
        links = [form % ((slug(j), title(seed, words, j)) if wikilinks else (title(seed, words, j), slug(j)))
                 for j in others[: pick.randint(3, 5)]]
        body = [prose.paragraph(links.pop() if links else None, styles=("*%s*", "**%s**"))]
        for kind in SECTION_BLOCKS[: rng.randint(4, 6)]:
            body.append("## " + " ".join(prose.words_of(2, 5)).capitalize())
            body.append(prose.paragraph(links.pop() if links else None))
            block = prose.extra_block(kind)
            if block:
                body.append(block)
            body.append(prose.paragraph(links.pop() if links else None))
        assert not links, "nine paragraphs or more hold at most five links"
        if i % 10 == 0:
            body.insert(2, "The loss falls as $L(N) = (N_c / N)^{\\alpha_N}$ with size.\n\n"
                        "$$\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V$$")
        if i % 20 == 5:
            a, b, c = prose.words_of(3, 3)
            body.insert(3, "```mermaid\nflowchart LR\n    A[%s] --> B[%s]\n    B --> C[%s]\n```" % (a, b, c))
        if wikilinks:
            body.append("> [!note] %s\n> %s" % (prose.sentence(2, 5), prose.sentence()))
        i = self.index
        self.date = "%04d-%02d-%02d" % (2023 + i % 4, 1 + (i * 7) % 12, 1 + (i * 13) % 28)
        self.description = prose.sentence(8, 14)
        self.taxonomies = {
            "topics": sorted(rng.sample(TOPICS, rng.randint(1, 3))),
            "entities": sorted(rng.sample(ENTITIES, rng.randint(1, 4))),
            "tags": sorted(rng.sample(prose.words[:TAG_WORDS], rng.randint(2, 5))),
        }
        self.body = "\n\n".join(body) + "\n"

    def markdown(self, front="yaml"):
        """The article's file, its front matter in YAML (`---`), TOML (`+++`, Zola's form:
        taxonomies in a `[taxonomies]` table) or JSON (Hugo's)."""
        def listed(values):
            return "[" + ", ".join('"%s"' % v for v in values) + "]"
        if front == "toml":
            head = ['title = "%s"' % self.title, "date = %s" % self.date,
                    'description = "%s"' % self.description, "[taxonomies]"]
            head += ["%s = %s" % (k, listed(v)) for k, v in self.taxonomies.items()]
            return "+++\n%s\n+++\n\n%s" % ("\n".join(head), self.body)
        if front == "json":
            head = ['  "title": "%s"' % self.title, '  "date": "%s"' % self.date,
                    '  "description": "%s"' % self.description]
            head += ['  "%s": %s' % (k, listed(v)) for k, v in self.taxonomies.items()]
            return "{\n%s\n}\n\n%s" % (",\n".join(head), self.body)
        head = ['title: "%s"' % self.title, "date: %s" % self.date,
                'description: "%s"' % self.description]
        head += ["%s: %s" % (k, listed(v)) for k, v in self.taxonomies.items()]
        return "---\n%s\n---\n\n%s" % ("\n".join(head), self.body)


def articles(pages, seed, wikilinks=False, zipf=False):
    words = vocabulary(seed)
    prose = zipf_vocabulary(seed) if zipf else None
    return (Article(seed, words, i, pages, wikilinks, prose) for i in range(pages))


def page(title, body):
    return ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>%s</title></head>'
            "<body>\n%s\n</body></html>\n" % (title, body))


HUGO_TERM_LINKS = "".join(
    '{{ range .GetTerms "%s" }}<li><a href="{{ .Permalink }}">{{ .LinkTitle }}</a></li>{{ end }}' % t
    for t in ("topics", "entities", "tags"))


def hugo_files(highlight, languages=()):
    fences = "codeFences = true\nnoClasses = false" if highlight else "codeFences = false"
    passthrough = "\n".join([
        "[markup.goldmark.extensions.passthrough]", "enable = true",
        "[markup.goldmark.extensions.passthrough.delimiters]",
        "block = [['$$', '$$']]", "inline = [['$', '$']]"])
    pages_list = '<ul>{{ range .Pages }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
    return {
        "hugo.toml": "\n".join([
            'baseURL = "http://localhost/"', 'title = "Corpus"',
            'disableKinds = ["RSS", "sitemap", "robotsTXT"]',
            "[taxonomies]", 'topic = "topics"', 'entity = "entities"', 'tag = "tags"',
            "[markup.highlight]", fences,
            "[markup.goldmark.extensions]", "typographer = false", passthrough]
            + (['[languages]'] + ["[languages.%s]\nweight = %d" % (code, w + 1) for w, code in enumerate(languages)]
               if len(languages) > 1 else [])
            + [""]),
        "layouts/_default/single.html": page(
            "{{ .Title }}",
            '<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} {{ .Description }}</p>\n'
            "<ul>%s</ul>\n{{ .Content }}" % HUGO_TERM_LINKS),
        "layouts/_default/list.html": page("{{ .Title }}", "<h1>{{ .Title }}</h1>" + pages_list),
        "layouts/_default/term.html": page("{{ .Title }}", "<h1>{{ .Title }}</h1>" + pages_list),
        "layouts/_default/taxonomy.html": page(
            "{{ .Title }}",
            "<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}"
            '<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>'),
        "layouts/index.html": page(
            "{{ .Site.Title }}",
            "<h1>{{ .Site.Title }}</h1><ul>{{ range .Site.RegularPages }}"
            '<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>{{ end }}</ul>'),
    }


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, required=True, help="how many articles")
    ap.add_argument("--flavor", choices=("weave", "hugo"), required=True)
    ap.add_argument("--out", required=True, help="the site folder to write (its articles must not exist yet)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plain-code", action="store_true", help="hugo: do not highlight code")
    ap.add_argument("--wikilinks", action="store_true", help="weave: links as wikilinks, and a callout each")
    ap.add_argument("--front", choices=("yaml", "toml", "json"), default="yaml",
                    help="weave: the front matter's form (toml as Zola writes it, json as Hugo can)")
    ap.add_argument("--prose", choices=("even", "zipf"), default="even",
                    help="zipf: real prose's word frequencies over tens of thousands of words")
    ap.add_argument("--languages", default="en",
                    help="codes, the default first: pages are split between them as translations")
    args = ap.parse_args()
    languages = args.languages.split(",")
    folder = os.path.join(args.out, "content", "articles")
    if os.path.isdir(folder) and os.listdir(folder):
        sys.exit("%s already holds articles: remove it first, so none of an older corpus stays" % folder)
    if args.flavor == "hugo":
        for path, text in hugo_files(not args.plain_code, languages).items():
            write(os.path.join(args.out, path), text)
    elif len(languages) > 1:
        write(os.path.join(args.out, "weave.yaml"),
              "language: %s\nlanguages: [%s]\n" % (languages[0], ", ".join(languages)))
    size = words = 0
    if args.wikilinks and args.flavor != "weave":
        sys.exit("--wikilinks is for the weave flavour: other generators do not read them")
    for article in articles(args.pages // len(languages), args.seed, args.wikilinks,
                            args.prose == "zipf"):
        for n, code in enumerate(languages):
            suffix = ".%s" % code if n else ""
            if n:
                article.title = "%s (%s)" % (article.title.split(" (")[0], code)
            text = article.markdown(args.front if args.flavor == "weave" else "yaml")
            write(os.path.join(folder, article.slug + suffix + ".md"), text)
            size += len(text.encode())
            words += len(article.body.split())
    print("%d %s articles in %s: %.1f MB of markdown, %d words a body on average"
          % (args.pages, args.flavor, args.out, size / 1e6, words // max(args.pages, 1)))


if __name__ == "__main__":
    main()
