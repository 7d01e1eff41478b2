#!/usr/bin/env python3
"""Regenerates the bundled Fashion-MNIST subset (first 2,000 train / 500 test items) from the real files.

Usage: python3 scripts/make_fashion_subset.py [/usr/share/datasets/fashion-mnist]
Output: src/main/resources/dev/nabla/data/fashion-mnist-subset/*.gz (gzip with mtime 0, so reruns are byte-identical).
"""
import gzip, os, struct, sys

src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
dst = os.path.join(os.path.dirname(__file__), "..", "src/main/resources/dev/nabla/data/fashion-mnist-subset")
os.makedirs(dst, exist_ok=True)
for prefix, count in (("train", 2000), ("t10k", 500)):
    for kind in ("images-idx3", "labels-idx1"):
        name = f"{prefix}-{kind}-ubyte.gz"
        with gzip.open(os.path.join(src, name), "rb") as f:
            data = f.read()
        rank = data[3]
        dims = list(struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank]))
        item = 1
        for d in dims[1:]:
            item *= d
        header = data[:4] + struct.pack(">" + "I" * rank, count, *dims[1:])
        body = data[4 + 4 * rank: 4 + 4 * rank + count * item]
        tmp = os.path.join(dst, "." + name + ".tmp")
        with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as g:
            g.write(header + body)
        os.replace(tmp, os.path.join(dst, name))
        print(name, dims, "->", [count] + dims[1:])
