#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# mutate-sid.py KIND IN OUT [--appended] - a signature whose first signer
# id OpenSSL rejects
#
# IN is a DER SignedData (ContentInfo) whose first SignerInfo names its
# signer by issuer and serial, or with --appended a file with an appended
# module signature (content, SignedData, struct module_signature, magic).
# OUT is the same with the signer id changed, every enclosing length fixed:
#
#   serial-pad     the serial INTEGER with a redundant leading 00 octet
#   serial-ff      the serial INTEGER with a redundant leading ff octet
#   issuer-int     the issuer a SEQUENCE holding an INTEGER, not a Name
#   issuer-noval   the issuer's attribute a type without a value
#   cert-serial-pad, cert-issuer-int: the same in a DER certificate (IN
#                  and OUT are certificates)
#
# OpenSSL's CMS and PKCS#7 decoders refuse each (a DER INTEGER is minimal,
# a Name is SEQUENCE OF SET OF SEQUENCE { type, value }); so must the
# kernel's parser (kmod/lib/pkcs7.c): both call the signature malformed.

import struct
import sys

MAGIC = b'~Module signature appended~\n'


def parse(b, off=0, end=None):
    """The elements of b[off:end]: [tag, bytes] or [tag, [children]]."""
    end = len(b) if end is None else end
    out = []
    while off < end:
        tag, ln, hl = b[off], b[off + 1], 2
        if ln & 0x80:
            n = ln & 0x7f
            ln, hl = int.from_bytes(b[off + 2:off + 2 + n], 'big'), 2 + n
        if tag & 0x20:
            out.append([tag, parse(b, off + hl, off + hl + ln)])
        else:
            out.append([tag, b[off + hl:off + hl + ln]])
        off += hl + ln
    return out


def length(n):
    if n < 0x80:
        return bytes([n])
    s = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(s)]) + s


def der(nodes):
    out = b''
    for tag, v in nodes:
        body = der(v) if isinstance(v, list) else v
        out += bytes([tag]) + length(len(body)) + body
    return out


def mutate_cert(cert, kind):
    tree = parse(cert)
    tbs = tree[0][1][0][1]
    i = 1 if tbs[0][0] == 0xa0 else 0
    if kind == 'cert-serial-pad':
        tbs[i][1] = b'\x00' + tbs[i][1]
    else:
        tbs[i + 2] = [0x30, [[0x02, b'\x01']]]
    return der(tree)


def mutate(sig, kind):
    if kind.startswith('cert-'):
        return mutate_cert(sig, kind)
    tree = parse(sig)
    signed_data = tree[0][1][1][1][0][1]
    signer_infos = [n for n in signed_data if n[0] == 0x31][-1]
    sid = signer_infos[1][0][1][1]
    if sid[0] != 0x30:
        sys.exit('mutate-sid.py: the signer is not named by issuer and serial')
    issuer, serial = sid[1]
    if kind == 'serial-pad':
        serial[1] = b'\x00' + serial[1]
    elif kind == 'serial-ff':
        serial[1] = b'\xff' + bytes([serial[1][0] | 0x80]) + serial[1][1:]
    elif kind == 'issuer-int':
        sid[1][0] = [0x30, [[0x02, b'\x01']]]
    elif kind == 'issuer-noval':
        sid[1][0] = [0x30, [[0x31, [[0x30, [[0x06, b'\x55\x04\x03']]]]]]]
    else:
        sys.exit('mutate-sid.py: unknown KIND ' + kind)
    return der(tree)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit('usage: mutate-sid.py KIND IN OUT [--appended]')
    kind, src, dst = sys.argv[1:4]
    data = open(src, 'rb').read()
    if len(sys.argv) == 5:
        if not data.endswith(MAGIC):
            sys.exit('mutate-sid.py: no appended signature in ' + src)
        tail = len(MAGIC) + 12
        sig_len = struct.unpack('>I', data[-len(MAGIC) - 4:-len(MAGIC)])[0]
        start = len(data) - tail - sig_len
        sig = mutate(data[start:start + sig_len], kind)
        info = data[-tail:-len(MAGIC) - 4]
        data = data[:start] + sig + info + struct.pack('>I', len(sig)) + MAGIC
    else:
        data = mutate(data, kind)
    open(dst, 'wb').write(data)


main()
