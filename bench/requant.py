"""Re-quantise a GGUF model's weight matrices to another type (default Q8_0)
with the gguf package, keeping metadata and 1-D tensors as they are.

usage: requant.py IN.gguf OUT.gguf [TYPE]"""
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q
from gguf import quants

FILE_TYPE = {"Q8_0": 7, "Q4_0": 2, "Q4_1": 3, "F16": 1, "F32": 0}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    qt = Q[sys.argv[3] if len(sys.argv) > 3 else "Q8_0"]
    r = gguf.GGUFReader(src)
    arch = r.fields["general.architecture"].contents()
    w = gguf.GGUFWriter(dst, arch)
    for key, f in r.fields.items():
        if key.startswith("GGUF.") or key == "general.architecture":
            continue
        vt = f.types[0]
        val = f.contents()
        if key == "general.file_type":
            val = FILE_TYPE.get(qt.name, val)
        sub = f.types[1] if vt == gguf.GGUFValueType.ARRAY else None
        w.add_key_value(key, val, vt, sub)
    for t in r.tensors:
        shape = [int(x) for x in reversed(t.shape.tolist())]
        if len(shape) < 2:
            w.add_tensor(t.name, np.asarray(t.data), raw_dtype=t.tensor_type)
            continue
        x = quants.dequantize(t.data, t.tensor_type).reshape(shape).astype(np.float32)
        if qt == Q.F32:
            w.add_tensor(t.name, x)
        elif qt == Q.F16:
            w.add_tensor(t.name, x.astype(np.float16))
        else:
            w.add_tensor(t.name, quants.quantize(x, qt), raw_dtype=qt)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
