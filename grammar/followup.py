"""Follow-ups: a question that only changes some slots is read onto the previous query.

"what about 8 of them?", "and in bf16?", "and on an H100?", "और 6 महीने में?", "aur H100 pe?"
keep everything the last question said except what they state. A question is a follow-up
when it says so ("what about", "and …", "aur …", "them", a bare count at the end), when on its
own it is incomplete but states some slot or asks something ("how many tokens per second?"),
or when it has no cue of its own and does not name both a device and a model. A full new
question replaces the previous one, and so does one that asks for the device ("what GPU do I
need for Mixtral?"): its answer is the devices that would hold it, not the last one named.

What a follow-up keeps: a comparison stays one when the follow-up only names a task ("and for
inference?") or another device ("add the 5090"); "how many would I need then?" / "phir kitne
chahiye?" asks for the number of the last device again; "इनमें से दो?" counts two of them; and
a speed question after a fine-tuning one is about running the model ("स्पीड कितनी होगी?").
"""

from __future__ import annotations

from core.types import HardwareRef, Query
from grammar.decide import (
    RUN_TASKS,
    TASK_ORDER,
    Reading,
    fill_numbers,
    hardware_ref,
    intent,
    model_ref,
    sized_model_ref,
    task_for,
)
from grammar.entities import EntityRef
from knowledge import Catalog

TRAINING_INTENTS = frozenset({"can_train", "time_to_train", "devices_needed", "largest_trainable"})
TASK_CUES = {task: cue for cue, task in TASK_ORDER} | {"inference": "RUN"}
# Cues that keep a comparison a comparison: a task, or asking which is better or faster.
COMPARE_CUES = frozenset({"TRAIN", "FINETUNE", "LORA", "QLORA", "RUN", "VS", "FASTER", "SPEED"})


def is_follow_up(r: Reading, standalone_understood: bool) -> bool:
    if "FOLLOW" in r.cues or r.them or r.lone_count is not None:
        return r.has_slots or r.own_intent
    if standalone_understood and (r.own_intent or (r.has_hardware and r.has_model)):
        return False
    if standalone_understood and r.generic and not r.has_hardware:
        return False  # "what GPU do I need for …?" asks which device: not the last one
    return r.has_slots or (r.own_intent and not standalone_understood)  # "how long, then?"


def _counted(prev: HardwareRef, count: int | None) -> HardwareRef:
    return prev.model_copy(update={"count": count or prev.count})


def merge(prev: Query, r: Reading, catalog: Catalog) -> Query:
    """The previous query with this question's slots written over it."""
    q = prev.model_copy(deep=True)
    new_count = r.them_count or r.lone_count or r.generic_count
    if r.devices:
        ref, count = r.devices[0]
        keep = prev.hardware.count if prev.hardware is not None else None
        hw = hardware_ref(ref, count or keep, catalog)
        if len(r.devices) > 1:
            q.hardware = hw
            q.compare_with = [hardware_ref(d, n, catalog) for d, n in r.devices[1:]]
        elif prev.intent == "compare" and prev.hardware is not None:
            if hw.id != prev.hardware.id and all(hw.id != c.id for c in prev.compare_with):
                q.compare_with = [*prev.compare_with, hw]  # "and the H200?" joins the comparison
        else:
            q.hardware = hw
    elif new_count and prev.hardware is not None:
        q.hardware = _counted(prev.hardware, new_count)
    if r.model is not None or r.size_params is not None:
        q.model = model_ref(r.model, catalog) if r.model else sized_model_ref(r.size_params or 0)
        q.tokens = None  # the old token count belonged to the old model
    fill_numbers(q, r)
    if r.task is not None:
        q.task = r.task  # type: ignore[assignment]
    counted_now = bool(new_count) or any(n for _, n in r.devices)
    keeps_compare = prev.intent == "compare" and bool(q.compare_with)
    if keeps_compare and set(r.cues) <= COMPARE_CUES | {"FOLLOW"} and not r.asks:
        q.intent = "compare"  # "and for inference?", "add the 5090"
    elif r.own_intent:
        q.intent = intent(_merged_reading(q, r)) or prev.intent  # type: ignore[assignment]
    elif q.intent == "devices_needed" and counted_now:
        # "how many A100s …?" then "what about 1024 of them?": now it is about that many
        q.intent = "can_train" if q.duration_s else "time_to_train"
    if (
        q.intent in TRAINING_INTENTS
        and q.intent != prev.intent
        and q.task == "inference"
        and r.task is None
    ):
        q.task = None  # "how long would it take?" after a question about running a model
    if q.intent == "inference_speed" and r.task is None:
        q.task = "inference"  # "how fast will it be?" after a LoRA question: running it
    q.task = q.task if q.task is not None else task_for(q.intent, r)  # type: ignore[assignment]
    return q


def _merged_reading(q: Query, r: Reading) -> Reading:
    """A Reading with the merged slots and this question's cues, to decide a new intent."""
    cues = dict(r.cues)
    if r.task is None and q.task in RUN_TASKS:
        cues[TASK_CUES[q.task]] = q.task  # "how many would I need for fp16?" still runs it
    merged = Reading(cues=cues, asks=r.asks, strays=r.strays, generic=r.generic)
    if q.hardware is not None:
        count = r.devices[0][1] if r.devices else (r.them_count or r.lone_count or q.hardware.count)
        if "devices" in r.asks and not r.devices and not (r.them_count or r.lone_count):
            count = None  # "how many would I need then?": the count is what is asked
        ref = EntityRef("hardware", q.hardware.id, q.hardware.name, q.hardware.assumed_variant, "")
        merged.devices = [(ref, count)]
        merged.devices += [
            (EntityRef("hardware", c.id, c.name, c.assumed_variant, ""), c.count)
            for c in q.compare_with
        ]
    if q.model is not None:
        if q.model.id is not None:
            merged.model = EntityRef("model", q.model.id, q.model.name, q.model.assumed_variant, "")
        else:
            merged.size_params = q.model.params
    merged.duration_s, merged.tokens = q.duration_s, q.tokens
    return merged
