"""Facts → a `core.Query`: which intent a question has, and which slots it still lacks.

The grammar says what each phrase states; this module reads the phrases together. The intent
comes from the cues, in a fixed order (first rule that applies wins):

1. two devices and "vs"/"faster"/"better"/"which"        → compare
2. "largest"/"biggest", or "what can I run/train on …"     → largest_trainable
   (a device, a task and "what"/"which"/"kaunsa", no model)
3. "tokens per second"/"how fast" (with a model or "run") → inference_speed
   ("how fast can an H100 train …" is about time: → time_to_train; "how quickly will it
   respond" is speed; "how many tokens in one second" too)
4. cost, electricity, a price, or power with a model      → cost
   ("budget" alone is not a price: "compute budget" asks compute, "my budget is 30 days —
   enough?" asks whether it can)
5. "GPU-hours", "A100-hours", "GPU घंटे" with a model      → training_compute
6. "how long", "how many days", "days needed"             → time_to_train
   "what hardware was it trained on", "kis hardware pe train hua tha" → model_info
7. "how many" + a device written without a count          → devices_needed
   (fits instead when the task is running or fine-tuning: the fewest devices that hold it;
   "GPUs needed: Falcon 180B, H100, 6 months" counts the H100s too)
8. compute/FLOPs with a model                             → training_compute
9. "fit", "run", fine-tune, LoRA, QLoRA, memory           → fits
10. "train" (or a device, a model and a time together)    → can_train
11. a device alone → hardware_info; a model alone → model_info; both → fits (can_train with a
    time); a model and only "a GPU" → fits, with no device: the memory it needs and how many
    of some common devices would hold it

A model named only by its size ("a 7B model") counts as a model. A generic "GPU" or "my GPU"
is never a device: the hardware slot stays empty (missing, for the intents that need one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import get_args

from core.types import HardwareRef, ModelRef, Precision, Query
from grammar.entities import EntityRef
from grammar.normalize import format_number
from grammar.parsed import Rejected
from grammar.transform import (
    Ask,
    Batch,
    Context,
    Cue,
    Device,
    Duration,
    Fact,
    LoneCount,
    ModelFact,
    PrecisionFact,
    Price,
    Them,
    Tokens,
    Utilization,
)
from knowledge import Catalog

REQUIRED: dict[str, tuple[str, ...]] = {
    "can_train": ("hardware", "model"),  # no duration: the time it would take is the answer
    "time_to_train": ("hardware", "model"),
    "devices_needed": ("hardware", "model", "duration"),
    "training_compute": ("model",),
    "fits": ("model",),  # no device: the memory needed, set against common devices
    "inference_speed": ("hardware", "model"),
    "largest_trainable": ("hardware",),  # no duration: memory alone binds
    "cost": ("hardware", "model"),
    "compare": ("hardware",),
    "hardware_info": ("hardware",),
    "model_info": ("model",),
}
# Cues that say by themselves what is asked; a follow-up without one keeps the last intent.
INTENT_CUES = frozenset(
    {
        "TRAIN", "FINETUNE", "LORA", "QLORA", "RUN", "FIT", "COMPUTE", "COST", "ENERGY", "KWH",
        "LARGEST", "HOWBIG", "VS", "FASTER", "SPEED", "MEMORY", "SPEC", "HOWLONG", "ASK",
        "DEVHOURS",
    }
)  # fmt: skip
TASK_ORDER = (("QLORA", "qlora"), ("LORA", "lora"), ("FINETUNE", "finetune"), ("TRAIN", "pretrain"))
RUN_TASKS = frozenset({"inference", "finetune", "lora", "qlora"})
PRECISIONS = frozenset(get_args(Precision))  # the contract's; "fp4", "q5" are read and rejected
SPEED_WINDOW_S = 60  # "how many tokens in one second (or minute)" asks a speed, not a time


@dataclass
class Reading:
    """What one question states, before and after deciding its intent."""

    devices: list[tuple[EntityRef, int | None]] = field(default_factory=list)  # distinct rows
    generic: bool = False  # a device word without a name: "GPUs", "8 cards"
    generic_count: int | None = None  # "8 GPUs" without a name
    mine: bool = False  # "my GPU"
    them: bool = False
    them_count: int | None = None
    lone_count: int | None = None
    model: EntityRef | None = None
    size_params: float | None = None
    tokens: float | None = None
    tokens_per_param: float | None = None  # "on 20 tokens per parameter"
    duration_s: float | None = None
    utilization: float | None = None
    precision: str | None = None
    batch: int | None = None
    context: int | None = None
    price_per_kwh: float | None = None
    price_per_device_hour: float | None = None
    currency: str | None = None  # ISO 4217, when a price names its currency ("₹8/kWh" → INR)
    cues: dict[str, str] = field(default_factory=dict)  # terminal → first value
    asks: set[str] = field(default_factory=set)
    strays: set[str] = field(default_factory=set)  # terminals no phrase used ("tokens")
    unknown: set[str] = field(default_factory=set)  # kinds named but not in the catalog
    gpu_need: bool = False  # "GPUs needed": a device without a count, then "needed"
    rejected: list[Rejected] = field(default_factory=list)  # stated, but not usable

    @property
    def has_hardware(self) -> bool:
        return bool(self.devices)

    @property
    def has_model(self) -> bool:
        return self.model is not None or self.size_params is not None

    @property
    def task(self) -> str | None:
        for cue, task in TASK_ORDER:
            if cue in self.cues:
                return task
        return "inference" if "RUN" in self.cues else None

    @property
    def own_intent(self) -> bool:
        return bool(INTENT_CUES & (set(self.cues) | ({"ASK"} if self.asks else set())))

    @property
    def has_slots(self) -> bool:
        return any(
            v is not None
            for v in (
                self.model, self.size_params, self.tokens, self.tokens_per_param, self.duration_s,
                self.utilization, self.precision, self.batch, self.context, self.price_per_kwh,
                self.price_per_device_hour, self.generic_count, self.them_count, self.lone_count,
            )
        ) or bool(self.devices) or self.them  # fmt: skip


def read(facts: list[Fact], strays: list[str], unknown: set[str] | None = None) -> Reading:
    """Collect the facts of one question (first mention wins, counts join their device).

    `unknown`: kinds of names the question used that the catalog lacks ("RTX 9090" → hardware):
    they count as mentioned when deciding the intent, and stay missing in the query.
    """
    r = Reading(strays=set(strays), unknown=unknown or set())
    counts: dict[str, int | None] = {}
    article_only: set[str] = set()  # devices counted only by "a"/"an"
    previous: Fact | None = None
    for f in facts:
        if isinstance(f, Device):
            if f.ref is None:
                r.mine |= f.mine
                r.generic |= not f.mine
                r.generic_count = r.generic_count or f.count
            elif f.ref.id not in counts:
                counts[f.ref.id] = f.count
                r.devices.append((f.ref, f.count))
                if f.article or f.count == 1:  # "एक TPU v4 पॉड के 256 चिप": एक is "a"
                    article_only.add(f.ref.id)
            elif f.count and (counts[f.ref.id] is None or f.ref.id in article_only):
                counts[f.ref.id] = f.count  # "an A100 … 8 A100s": the number wins
                if not f.article:
                    article_only.discard(f.ref.id)
        elif isinstance(f, Them):
            r.them, r.them_count = True, r.them_count or f.count
        elif isinstance(f, LoneCount):
            r.lone_count = f.count
        elif isinstance(f, ModelFact):
            _read_model(r, f)
        elif isinstance(f, Tokens) and f.per_param:
            r.tokens_per_param = r.tokens_per_param or f.count
        elif isinstance(f, Tokens):
            r.tokens = r.tokens or f.count
        elif isinstance(f, Duration) and f.seconds > 0:
            if isinstance(previous, Duration) and r.duration_s:
                r.duration_s += f.seconds  # "3 months (and) 10 days", "2 days 12 hours"
            else:
                r.duration_s = r.duration_s or f.seconds
        elif isinstance(f, Utilization):
            if f.value is None:
                r.rejected.append(Rejected(slot="utilization", text=f.text))
            r.utilization = r.utilization or f.value
        elif isinstance(f, PrecisionFact):
            if f.code not in PRECISIONS:
                r.rejected.append(Rejected(slot="precision", text=f.text))
            else:
                r.precision = r.precision or f.code
        elif isinstance(f, Price):
            r.currency = r.currency or (f.currency.upper() if f.currency else None)
            if f.per == "kwh":
                r.price_per_kwh = r.price_per_kwh or f.value
            else:
                r.price_per_device_hour = r.price_per_device_hour or f.value
        elif isinstance(f, Batch):
            r.batch = r.batch or f.size
        elif isinstance(f, Context):
            r.context = r.context or f.length
        elif isinstance(f, Ask):
            r.asks.add(f.what)
        elif isinstance(f, Cue):
            r.cues.setdefault(f.name, f.value)
            if f.name == "NEED" and isinstance(previous, Device):  # "GPUs needed", "H100s needed"
                r.gpu_need |= previous.count is None and not previous.mine
        previous = f
    if "tokens" in r.asks and r.duration_s and r.duration_s <= SPEED_WINDOW_S:
        r.cues.setdefault("SPEED", "speed")  # "ek second mein kitne token"
        r.duration_s = None
    r.devices = [(ref, counts[ref.id]) for ref, _ in r.devices]
    if r.devices and r.generic_count:
        ref, count = r.devices[0]
        if count is None or ref.id in article_only:
            r.devices[0] = (ref, r.generic_count)  # "8 GPUs, all A100s"; "a pod of 256 chips"
    return r


def _read_model(r: Reading, f: ModelFact) -> None:
    """The first model named is the one asked about; a name that picked a family's default
    ("llama") gives way to an exact one. Any other exact name is set aside as rejected, so the
    reply can say it was not used ("llama 3 70b vs llama 2 70b training compute")."""
    if f.ref is None:
        if r.size_params is None:
            r.size_params = f.params
        return
    if r.model is None or (r.model.assumed_variant and not f.ref.assumed_variant):
        r.model = f.ref  # "llama … llama 2 13b": the exact name says which one
    elif f.ref.id != r.model.id and not f.ref.assumed_variant:
        r.rejected.append(Rejected(slot="model", text=f.ref.name))


FINETUNE_TASKS = ("finetune", "lora", "qlora")


def intent(r: Reading) -> str | None:
    """The intent of a question (rules 1–11 in the module docstring, in that order)."""
    c, task = r.cues, r.task
    hw = r.has_hardware or "hardware" in r.unknown  # a name we do not know still names a slot
    model = r.has_model or "model" in r.unknown
    if len(r.devices) >= 2 and ({"VS", "FASTER", "WHICH"} & set(c)):
        return "compare"  # "4090 vs 3090", "which of these can run it: 4090, A100, H100?"
    if "LARGEST" in c or ("WHICH" in c and hw and not model and task is not None):
        return "largest_trainable"  # "what can I run on a 3090?"
    training = bool({"TRAIN", "FINETUNE", "LORA", "QLORA"} & set(c))
    if c.get("HOWLONG") == "how_quickly" and model and not training and {"RUN", "REPLY"} & set(c):
        return "inference_speed"  # "how quickly will Llama 3 8B respond on a 3060?"
    if "SPEED" in c and (model or "RUN" in c):
        return "time_to_train" if "TRAIN" in c and "RUN" not in c else "inference_speed"
    costs = {"COST", "KWH"} & set(c)
    if c.get("COST") == "budget" and ({"COMPUTE", "CAN", "FIT"} & set(c)):
        costs.discard("COST")  # "compute budget", "my budget is 30 days — enough?"
    if costs or r.price_per_kwh or r.price_per_device_hour:
        return "cost"
    if "ENERGY" in c and (model or "TRAIN" in c or r.duration_s):
        return "cost"  # "power" with something to power; alone it asks for a device's TDP
    if "DEVHOURS" in c and model:
        return "training_compute"  # "how many A100-hours to train GPT-3?" asks for compute
    # "time" alone is a weak cue: "in a month's time" states a duration, it does not ask one
    weak_howlong = c.get("HOWLONG") == "time" and r.duration_s is None and model and hw
    units_needed = "UNIT" in r.strays and "NEED" in c and r.duration_s is None and model
    if c.get("HOWLONG") not in (None, "time") or "time" in r.asks or weak_howlong or units_needed:
        return "time_to_train"  # "how long", "how many days", "days needed", "din lagenge"
    if c.get("TRAIN") == "trained" and model and not hw and (r.generic or "WHICH" in c):
        return "model_info"  # "what hardware was Llama 2 trained on?"
    uncounted = bool(r.devices) and r.devices[0][1] is None
    asks_devices = "devices" in r.asks and (uncounted or (r.generic and not hw))
    if asks_devices or (r.gpu_need and uncounted):
        if "COMPUTE" in c and not hw:
            return "training_compute"
        if "MEMORY" in c and not model:
            return "hardware_info"
        holds = task in RUN_TASKS or "FIT" in c
        if not asks_devices and task is None and r.duration_s is None:
            holds = True  # "llama 3 70b ke liye 4090 chahiye?": is one enough to hold it
        return "fits" if holds else "devices_needed"
    if "COMPUTE" in c and model:
        return "training_compute"
    if task in FINETUNE_TASKS and r.duration_s and r.tokens and hw and model and "FIT" not in c:
        return "can_train"  # "… fine-tune BERT-base on 1B tokens in a day?": time is computable
    if "FIT" in c or task in RUN_TASKS or ("MEMORY" in c and model):
        return "fits"
    if "TRAIN" in c and (hw or model or r.duration_s):
        if not hw and model and ({"tokens", "params"} & r.asks or {"TOKENS", "PARAMS"} & r.strays):
            return "model_info"  # "how many tokens was Llama 2 trained on?", "… training tokens?"
        return "can_train"
    if hw and model:
        return "can_train" if r.duration_s else "fits"
    if model and (r.generic or r.mine):
        return "fits"  # "what GPU do I need for Llama 3 70B?": the device is what is missing
    if hw:
        return "hardware_info"
    if model:
        return "model_info"
    if "COMPUTE" in c or r.tokens:
        return "training_compute"
    return None


def task_for(intent_name: str | None, r: Reading) -> str | None:
    task = r.task
    if intent_name in ("fits", "inference_speed") and task is None:
        return "inference"  # "does Llama 2 7B fit on a 3060?", "tokens/s on 2 A100s?": running it
    return task


def missing(q: Query) -> list[str]:
    """The slots the query's intent needs and does not have."""
    if q.intent is None:
        return ["intent"]
    have = {
        "hardware": q.hardware is not None,
        "model": q.model is not None,
        "duration": q.duration_s is not None,
    }
    need = list(REQUIRED[q.intent])
    if q.intent == "cost" and q.model is None and q.duration_s is not None:
        need.remove("model")  # running the devices for a time has a cost too
    out = [slot for slot in need if not have[slot]]
    if q.intent == "compare" and q.hardware is not None and not q.compare_with:
        out.append("hardware")  # a second device to compare with
    return out


# --- building the Query --------------------------------------------------------------


def hardware_ref(ref: EntityRef, count: int | None, catalog: Catalog) -> HardwareRef:
    return HardwareRef(
        id=ref.id,
        name=catalog.hardware[ref.id].name,
        count=count or 1,
        assumed_variant=ref.assumed_variant,
    )


def model_ref(ref: EntityRef, catalog: Catalog) -> ModelRef:
    """The model's row; undisclosed parameters come from its proxy (GPT-3.5 → GPT-3 175B)."""
    row = catalog.models[ref.id]
    params = row.params
    if params is None and row.proxy and row.proxy in catalog.models:
        params = catalog.models[row.proxy].params
    return ModelRef(
        id=row.id,
        name=row.name,
        params=params,
        active_params=row.active_params,
        assumed_variant=ref.assumed_variant,
    )


def sized_model_ref(params: float) -> ModelRef:
    return ModelRef(id=None, name=f"{format_number(params, big=True).upper()} model", params=params)


def build_query(r: Reading, catalog: Catalog) -> Query:
    """The standalone query of one question."""
    name = intent(r)
    q = Query(intent=name, task=task_for(name, r))  # type: ignore[arg-type]
    if r.devices:
        q.hardware = hardware_ref(*r.devices[0], catalog)
        if name == "compare":
            q.compare_with = [hardware_ref(ref, n, catalog) for ref, n in r.devices[1:]]
        else:  # "can a 4090 and a 3090 train …" without "vs": only the first is used
            r.rejected += [Rejected(slot="hardware", text=ref.name) for ref, _ in r.devices[1:]]
    if r.model is not None:
        q.model = model_ref(r.model, catalog)
    elif r.size_params is not None:
        q.model = sized_model_ref(r.size_params)
    fill_numbers(q, r)
    if q.tokens is None and r.tokens_per_param and q.model is not None and q.model.params:
        q.tokens = r.tokens_per_param * q.model.params  # 20 tokens per parameter × 1B = 20B
    return q


def fill_numbers(q: Query, r: Reading) -> None:
    """Copy the stated quantities onto a query (those not stated are left as they are)."""
    for attr in (
        "tokens", "duration_s", "utilization", "precision", "batch", "context",
        "price_per_kwh", "price_per_device_hour", "currency",
    ):  # fmt: skip
        value = getattr(r, attr)
        if value is not None:
            setattr(q, attr, value)
