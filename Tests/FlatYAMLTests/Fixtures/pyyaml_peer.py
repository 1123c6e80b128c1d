#!/usr/bin/python3
"""PyYAML, the independent peer of FlatYAMLPeerTests (Debian's python3-yaml, run with
/usr/bin/python3). Its pure-Python parser (BaseLoader: every scalar a string, no libyaml).

  pyyaml_peer.py generate COUNT SEED DIR   random documents written by PyYAML's emitter:
      nested mappings/sequences of text, shared subtrees (anchors and aliases), random
      flow/block layout, quoting style, indentation, width and unicode.
  pyyaml_peer.py read FILE ...             per file one line: the document as JSON (keys in
      order, compact, unicode kept), or "ERROR <message>" when PyYAML rejects it.
"""
import json, random, sys, yaml

WORDS = ["a", "b", "key", "value", "host", "10.1.2.3", "2001:db8::1", "port", "80", "true", "null", "~", "",
         "two words", "colon: inside", "dash - inside", "#not a comment", "quote'single", 'quote"double',
         "back\\slash", "tab\there", "line\nbreak", "trailing ", " leading", "ünïcödé", "日本", "-", "?", "*star",
         "&amp", "!bang", "%pct", "@at", "`tick", "{brace}", "[bracket]", "1.5e3", "0x1F", "-17", "yes", "No"]


def text(rnd):
    if rnd.random() < 0.8:
        return rnd.choice(WORDS)
    return "".join(rnd.choice("abc xyz:-#'\"\\\n\t{}[],&*!|>%@`?é中") for _ in range(rnd.randint(1, 12)))


def value(rnd, depth, shared):
    roll = rnd.random()
    if shared and roll < 0.08:
        return rnd.choice(shared)
    if depth >= 4 or roll < 0.45:
        return text(rnd)
    if roll < 0.72:
        node = [value(rnd, depth + 1, shared) for _ in range(rnd.randint(0, 4))]
    else:
        node = {}
        for _ in range(rnd.randint(0, 4)):
            node[text(rnd)] = value(rnd, depth + 1, shared)
    if rnd.random() < 0.3:
        shared.append(node)
    return node


def generate(count, seed, directory):
    rnd = random.Random(seed)
    for n in range(count):
        shared = []
        root = value(rnd, 0, shared) if rnd.random() < 0.2 else {f"k{i}": value(rnd, 1, shared) for i in range(rnd.randint(1, 5))}
        options = dict(default_flow_style=rnd.choice([False, True, None]), indent=rnd.choice([2, 3, 4]),
                       width=rnd.choice([20, 40, 80, 1000]), allow_unicode=rnd.choice([True, False]),
                       explicit_start=rnd.random() < 0.3, sort_keys=False)
        style = rnd.choice([None, None, "'", '"'])
        if style:
            options["default_style"] = style
        with open(f"{directory}/doc-{n:04d}.yaml", "w", encoding="utf-8") as f:
            yaml.dump(root, f, Dumper=yaml.SafeDumper, **options)


def read(files):
    for name in files:
        try:
            with open(name, "rb") as f:
                document = yaml.load(f, Loader=yaml.BaseLoader)
            print(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
        except yaml.YAMLError as error:
            print("ERROR " + " ".join(str(error).split()))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    else:
        read(sys.argv[2:])
