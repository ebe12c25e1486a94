"""Export a fine-tuned MiniLM check-worthiness model to ONNX and quantise it to int8.

Needs the ``transformer-train`` extra (PyTorch); the result runs with onnxruntime alone
(:mod:`.transformer`). Dynamic int8 quantisation of the linear layers' weights
(``onnxruntime.quantization.quantize_dynamic``) takes the file from ~90 MB to ~23 MB and
makes CPU inference several times faster; the fold and dev-test figures in the model card
are measured on the quantised file, not on the fp32 one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .transformer_train import base_model_dir, build_model

OPSET = 17


def export_onnx(state_path: Path, out_path: Path) -> Path:
    """Write the fp32 ONNX graph of the model whose weights are in ``state_path``.

    ``state_path`` is either the final ``state.pt`` (a state dict) or a training
    ``checkpoint.pt`` (a dict with a ``model`` entry), so a run cut short still exports."""
    import torch

    model = build_model(base_model_dir())
    state = torch.load(state_path, weights_only=True)
    model.load_state_dict(state.get("model", state))
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model,
        (ids, mask),
        str(out_path),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                      "attention_mask": {0: "batch", 1: "tokens"},
                      "logits": {0: "batch"}},
        opset_version=OPSET,
        dynamo=False,
    )
    return out_path


def quantise(fp32_path: Path, out_path: Path) -> Path:
    """Dynamic int8 quantisation (weights int8, activations quantised at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32_path), str(out_path), weight_type=QuantType.QInt8)
    return out_path


def export_int8(state_path: Path, out_dir: Path) -> Path:
    """fp32 export in a temporary folder, int8 file and the tokenizer into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = export_onnx(state_path, Path(tmp) / "model.fp32.onnx")
        target = quantise(fp32, out_dir / "model.int8.onnx")
    shutil.copyfile(base_model_dir() / "tokenizer.json", out_dir / "tokenizer.json")
    return target
