#!/usr/bin/env python3
"""Data helpers for benchmarks/run.sh: benchmark input, fastText files and topic macro-F1.

  benchdata.py stories N [--fasttext]      N ~300-word corpus stories with fresh ids, as JSONL (or fastText text)
  benchdata.py fasttext SPLIT              one split of the corpus in fastText's supervised format
  benchdata.py macro-f1 SPLIT PREDICTIONS  topic macro-F1 of `fasttext predict-prob` output against the corpus
"""
import itertools
import json
import re
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "training-data" / "corpus.jsonl"
TOPICS = ["energy", "safety", "law", "diplomacy"]
# The same bounds as the BenchmarkDotNet project: the corpus stories closest to the issue's ~300 words.
MIN_WORDS, MAX_WORDS = 270, 340


def corpus():
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def words(row):
    return len(f"{row['title']} {row['text']}".split())


def fasttext_text(row):
    # fastText splits on white space only, so punctuation is cut off words as in the fastText tutorial's preprocessing.
    text = f"{row['title']} {row['text']}".lower()
    return " ".join(re.sub(r"([.!?,;:'\"()/])", r" \1 ", text).split())


def stories(count, as_fasttext):
    pool = [row for row in corpus() if MIN_WORDS <= words(row) <= MAX_WORDS]
    out = sys.stdout
    for i, row in zip(range(count), itertools.cycle(pool)):
        if as_fasttext:
            out.write(fasttext_text(row) + "\n")
        else:
            out.write(json.dumps({"id": f"bench-{i:07d}", "title": row["title"], "text": row["text"]}) + "\n")


def fasttext_split(split):
    for row in corpus():
        if row["split"] == split:
            labels = [t for t in row["topics"] if t in TOPICS] or ["none"]
            print(" ".join(f"__label__{t}" for t in labels), fasttext_text(row))


def macro_f1(split, predictions):
    truth = [set(row["topics"]) for row in corpus() if row["split"] == split]
    with open(predictions, encoding="utf-8") as lines:
        # predict-prob prints "__label__x p __label__y p" per story, or an empty line when no label reaches the threshold.
        predicted = [set(tok[len("__label__"):] for tok in line.split()[0::2]) for line in lines]
    if len(predicted) != len(truth):
        sys.exit(f"{predictions} has {len(predicted)} predictions for {len(truth)} {split} stories")
    f1s = []
    for topic in TOPICS:  # "none" is not a topic: it is left out of the average, as in newsclf evaluate
        tp = sum(topic in t and topic in p for t, p in zip(truth, predicted))
        fp = sum(topic not in t and topic in p for t, p in zip(truth, predicted))
        fn = sum(topic in t and topic not in p for t, p in zip(truth, predicted))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0)
    print(f"{sum(f1s) / len(f1s):.4f}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "stories":
        stories(int(args[0]), "--fasttext" in args)
    elif command == "fasttext":
        fasttext_split(args[0])
    elif command == "macro-f1":
        macro_f1(args[0], args[1])
    else:
        sys.exit(__doc__)
