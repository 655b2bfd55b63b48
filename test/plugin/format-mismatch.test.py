"""Rewrites the facts in objects in place: the format word after the magic
one less (as an older plugin wrote it), or --damage: the payload's last
bytes zeroed (a truncated facts blob). Sizes stay the same."""
import struct
import sys

MAGIC = b"WQDEPFACTS"
args = sys.argv[1:]
damage = args[:1] == ["--damage"]
for path in args[damage:]:
    data = bytearray(open(path, "rb").read())
    at = data.find(MAGIC)
    assert at >= 0, "no facts in " + path
    fmt_at = at + len(MAGIC)
    if damage:
        # The function count, the last thing before the function blobs: made
        # huge, so decoding runs off the end.
        producer_len = struct.unpack_from("<I", data, fmt_at + 4)[0]
        data[fmt_at + 8 + producer_len:fmt_at + 12 + producer_len] = b"\xff\xff\xff\x7f"
    else:
        fmt = struct.unpack_from("<I", data, fmt_at)[0]
        struct.pack_into("<I", data, fmt_at, fmt - 1)
    open(path, "wb").write(data)
