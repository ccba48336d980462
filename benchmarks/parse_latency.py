"""How fast the grammar reads a question: median / p99 per question, and where the time goes.

Reads every question of the grammar corpus (tests/grammar_corpus/*.jsonl: English, Hindi,
romanized Hindi, follow-ups) and benchmarks/questions.txt, `rounds` times each, timing the
lexer (normalization, catalog names, keywords), the LALR parse with error recovery, and the
decision (intent, slots, missing). Also times the first call, which loads the parse table and
the catalog's name index once per process (from the cache beside the catalog, or builds them),
and the worst case: input at the length limit made of words that all need fuzzy matching.

The answer path's budget (benchmarks/answer_latency.py) is a 1 ms median and 5 ms p99 for parse,
estimate and render together, so the parse should stay well under both.

    python benchmarks/parse_latency.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def questions() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "tests" / "grammar_corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                out += [t["q"] for t in case.get("turns", [case])]
    extra = ROOT / "benchmarks" / "questions.txt"
    if extra.exists():
        out += [q for q in extra.read_text(encoding="utf-8").splitlines() if q.strip()]
    return out


def stage_times(texts: list[str], rounds: int) -> dict[str, list[float]]:
    from grammar.decide import build_query, missing, read
    from grammar.entities import entity_index
    from grammar.lexer import QuestionLexer
    from grammar.lexicon import lexicon
    from grammar.parser import parse_tokens
    from knowledge import default_catalog

    catalog = default_catalog()
    lexer = QuestionLexer(entity_index(catalog, lexicon()), lexicon())
    stages: dict[str, list[float]] = {"lex": [], "parse": [], "decide": [], "total": []}
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            lexed = lexer.lex_text(text)
            t1 = time.perf_counter()
            facts, skipped = parse_tokens(lexed.tokens)
            t2 = time.perf_counter()
            missing(build_query(read(facts, [t.type for t in skipped]), catalog))
            t3 = time.perf_counter()
            for name, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
                stages[name].append(dt * 1000)
    return stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()

    t0 = time.perf_counter()
    import grammar
    from knowledge import default_catalog

    catalog = default_catalog()
    t1 = time.perf_counter()
    grammar.parse("can a 4070 Ti train GPT-3.5 in a year at 90%?", catalog)
    t2 = time.perf_counter()
    print(f"import + open catalog: {1000 * (t1 - t0):.0f} ms")
    print(f"first parse (loads the parse table and the name index): {1000 * (t2 - t1):.0f} ms")

    texts = questions()
    stages = stage_times(texts, args.rounds)
    print(f"{len(texts)} questions × {args.rounds} rounds")
    for name, values in stages.items():
        median, p99 = statistics.median(values), percentile(values, 0.99)
        print(f"  {name:7s} median {median:.3f} ms   p99 {p99:.3f} ms   max {max(values):.3f} ms")

    random.seed(0)
    junk = " ".join("".join(random.choices(string.ascii_lowercase, k=7)) for _ in range(80))
    worst = {
        "unknown words at the length limit": junk[: grammar.MAX_CHARS],
        "unknown names at the length limit": ("rtx 9090 gpt 7 h300 " * 40)[: grammar.MAX_CHARS],
        "100 kB of text (cut at the limit)": "can a 4090 train gpt-2 " * 5000,
    }
    for label, text in worst.items():
        t0 = time.perf_counter()
        for _ in range(10):
            grammar.parse(text, catalog)
        print(f"  worst case, {label}: {100 * (time.perf_counter() - t0):.2f} ms")


if __name__ == "__main__":
    main()
