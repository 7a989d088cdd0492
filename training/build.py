#!/usr/bin/env python3
"""Build training/corpus.jsonl from the writers' batches (stdlib only, deterministic).

Validates every line of training/batches/*/part*.jsonl (of finished batches: those with a brief.md), drops exact and near duplicates
(Jaccard >= 0.6 over word 4-gram shingles, keeping the first by id), drops anything that
overlaps an evaluation set, the test corpus or the shared dev set the same way or shares any run
of RUN (8) words with one of them (their mail, and the writers' label notes and briefs), and writes the corpus sorted by id plus training/STATS.md.

usage: python3 training/build.py
"""
import email
import email.policy
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLASSES = {'rejection', 'other', 'referral', 'unsubscribe', 'auto_reply'}
REASONS = {'price', 'timing', 'competitor', 'no_need', 'no_decision', 'unspecified'}
LANGS = {'en', 'de', 'fr', 'es', 'nl', 'pt'}
NEAR = 0.6
# Independent writers share stock phrasing (legal disclaimers, sign-off offers of help); a
# training text that shares any 8-word run with held-out mail is dropped so the blind sets
# measure wording the model never saw, not phrases it memorised. Runs are of letter-words only:
# a number or a symbol between two words does not hide a shared phrase.
RUN = 8


def words(text):
    return re.findall(r'\w+', text.lower())


def shingles(text, n=4):
    w = words(text)
    if len(w) < n:
        return {' '.join(w)} if w else set()
    return {' '.join(w[i:i + n]) for i in range(len(w) - n + 1)}


def runs(text, n=RUN):
    w = re.findall(r'[^\W\d_]+', text.lower())
    return {' '.join(w[i:i + n]) for i in range(len(w) - n + 1)}


def jaccard(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class Index:
    """Shingle sets with an inverted index for candidate lookup."""

    def __init__(self):
        self.sets = []
        self.inv = defaultdict(list)

    def near(self, s):
        counts = Counter()
        for sh in s:
            for j in self.inv.get(sh, ()):
                counts[j] += 1
        for j, c in counts.items():
            if c >= max(1, len(s) // 3) and jaccard(s, self.sets[j]) >= NEAR:
                return j
        return None

    def add(self, s):
        j = len(self.sets)
        self.sets.append(s)
        for sh in s:
            self.inv[sh].append(j)


def eml_text(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in msg.walk():
        if part.get_content_type() in ('text/plain', 'text/html'):
            try:
                parts.append(part.get_content())
            except Exception:  # a broken part is not worth failing over
                pass
    return '\n'.join(parts)


def held_texts():
    paths = []
    for pattern in ('eval/*/*.eml', 'tests/corpus/*.eml', '../shared/devset/*.eml'):
        paths += sorted(glob.glob(os.path.join(ROOT, pattern)))
    held = []
    for p in paths:
        with open(p, 'rb') as fh:
            raw = fh.read()
        held.append((p, eml_text(raw)))
        # The file as stored, too: a quoted-printable soft break ("so i=" / "f") or an undecoded
        # header splits words differently, and a reader of the raw file sees those runs.
        held.append((p, raw.decode('utf-8', 'replace')))
    # A set's labels carry its writer's notes and its BRIEF.md describes its hard cases: words
    # from either in training text would leak the set as surely as its mail.
    for p in sorted(glob.glob(os.path.join(ROOT, 'eval', '*', 'labels.json'))) + \
            sorted(glob.glob(os.path.join(ROOT, '..', 'shared', 'devset', 'labels.json'))):
        with open(p, encoding='utf-8') as fh:
            labels = json.load(fh)
        held += [(p, v.get('note') or '') for v in labels.values() if isinstance(v, dict)]
    for pattern in ('eval/*/BRIEF.md', 'eval/*/README.md', '../shared/devset/README.md'):
        held += [(p, open(p, encoding='utf-8').read()) for p in sorted(glob.glob(os.path.join(ROOT, pattern)))]
    return held


def read_drills():
    """Batch names in training/drills.txt (one per line, '#' comments): trained on, never calibrated on."""
    path = os.path.join(HERE, 'drills.txt')
    if not os.path.exists(path):
        return set()
    with open(path, encoding='utf-8') as fh:
        return {line.split('#')[0].strip() for line in fh} - {''}


def main():
    rows, errors = [], []
    for path in sorted(glob.glob(os.path.join(HERE, 'batches', '*', 'part*.jsonl'))):
        batch = os.path.basename(os.path.dirname(path))
        # A batch counts once its writer has finished it (brief.md is written last).
        if not os.path.exists(os.path.join(os.path.dirname(path), 'brief.md')):
            continue
        with open(path, encoding='utf-8') as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = '%s:%d' % (os.path.relpath(path, ROOT), n)
                try:
                    r = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append('%s: not JSON (%s)' % (where, e))
                    continue
                cls, reason = r.get('class'), r.get('reason')
                if cls not in CLASSES or r.get('lang') not in LANGS or not r.get('text'):
                    errors.append('%s: bad class, lang or text' % where)
                    continue
                if (cls == 'rejection') != (reason is not None) or (reason and reason not in REASONS):
                    errors.append('%s: reason %r does not fit class %s' % (where, reason, cls))
                    continue
                rows.append({'id': str(r.get('id') or where), 'batch': batch, 'lang': r['lang'],
                             'class': cls, 'reason': reason, 'kind': r.get('kind'),
                             'form': r.get('form'), 'text': r['text']})
    rows.sort(key=lambda r: r['id'])
    held = Index()
    held_paths = []
    held_runs = {}
    for p, t in held_texts():
        held.add(shingles(t))
        held_paths.append(p)
        for run in runs(t):
            held_runs.setdefault(run, len(held_paths) - 1)
    seen = Index()
    ids = set()
    kept, dup, overlap = [], 0, []
    for r in rows:
        s = shingles(r['text'])
        if r['id'] in ids or seen.near(s) is not None:
            dup += 1
            continue
        # A long held-out mail contains many shingles; only a text mostly inside it is a copy.
        j = None
        for sh_j in {k for sh in s for k in held.inv.get(sh, ())}:
            hs = held.sets[sh_j]
            if s and len(s & hs) / len(s) >= 0.8 and len(s) >= 4:
                j = sh_j
                break
        if j is None:
            j = next((held_runs[run] for run in sorted(runs(r['text'])) if run in held_runs), None)
        if j is not None:
            overlap.append((r['id'], os.path.relpath(held_paths[j], ROOT)))
            continue
        ids.add(r['id'])
        seen.add(s)
        kept.append(r)
    drills = read_drills()
    with open(os.path.join(HERE, 'corpus.jsonl'), 'w', encoding='utf-8') as fh:
        for r in kept:
            row = {k: r[k] for k in ('id', 'lang', 'class', 'reason', 'kind', 'form', 'text')}
            if r['batch'] in drills:
                row['calibrate'] = False
            fh.write(json.dumps(row, ensure_ascii=False) + '\n')
    stats(kept, len(rows), dup, overlap, errors)
    for e in errors[:20]:
        print('build: ' + e, file=sys.stderr)
    print('build: %d lines read, %d kept, %d near-duplicates, %d overlapping held-out sets, %d invalid'
          % (len(rows), len(kept), dup, len(overlap), len(errors)), file=sys.stderr)


def stats(kept, total, dup, overlap, errors):
    by = lambda key: Counter(key(r) for r in kept)
    n = len(kept)
    hard = sum(1 for r in kept if r['class'] != 'rejection')
    lines = ['# Training corpus', '',
             'Built by `python3 training/build.py` from the writers\' batches in `batches/` (each with',
             'its `brief.md`). Do not edit `corpus.jsonl` by hand; add a batch and rebuild.', '',
             '| | count |', '|---|---|',
             '| lines read | %d |' % total, '| kept | %d |' % n,
             '| near-duplicates dropped | %d |' % dup,
             '| overlapping an eval/test/dev message (near copy or a shared 8-word run), dropped | %d |' % len(overlap),
             '| invalid lines | %d |' % len(errors),
             '| not rejections (hard negatives and other classes) | %d (%.0f%%) |' % (hard, 100.0 * hard / max(n, 1)),
             '']
    for title, key in (('language', lambda r: r['lang']), ('class', lambda r: r['class']),
                       ('reason (rejections)', lambda r: r['reason']), ('form', lambda r: r['form']),
                       ('batch', lambda r: r['batch'] if 'batch' in r else '?')):
        c = by(key)
        lines += ['## By %s' % title, '', '| %s | count |' % title, '|---|---|']
        lines += ['| %s | %d |' % (k, v) for k, v in sorted(c.items(), key=lambda kv: str(kv[0])) if k is not None]
        lines.append('')
    with open(os.path.join(HERE, 'STATS.md'), 'w', encoding='utf-8') as fh:
        fh.write('\n'.join(lines))


if __name__ == '__main__':
    main()
