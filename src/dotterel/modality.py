"""How sure, and did it happen: the status and certainty of one event trigger, and denials.

:func:`assess` walks up the dependency parse from an event's trigger token through the chain
that governs it (``xcomp``, ``ccomp``, ``acl``, ``conj``, prepositions, objects of cue verbs)
and reads the cue words met on the way from the lexicons in ``data/modality/cues.yaml``.
Statuses nest: the outermost cue wins ("will continue their efforts to attack" is future,
"foiled a plot to attack" aborted), except that ``ongoing`` never overrides an unrealised inner
status. Certainty takes the weakest cue met. docs/modality.md defines every value.

:func:`apply_denials` links denial events ("officials denied any plot") to the events of the
article that they deny and marks those ``disputed``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from dotterel.errors import DataFileError
from dotterel.records import CERTAINTIES, ActorRef, Event

__all__ = ["Modality", "apply_denials", "assess"]

_CERTAINTY_RANK = {name: rank for rank, name in enumerate(CERTAINTIES)}
# Statuses that say the event has not (yet) simply happened; an outer "continue" keeps them.
_UNREALISED = frozenset(
    {"planned", "attempted", "aborted", "threatened", "hypothetical", "future", "negated"}
)
# Within one token, which of its own cues wins ("will not attack" is negated).
_LOCAL_PRIORITY = (
    "negated",
    "hypothetical",
    "would",
    "future",
    "aborted",
    "attempted",
    "threatened",
    "planned",
    "ongoing",
)
_VERBAL = frozenset({"VERB", "AUX"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_ORDINALS = frozenset({"first", "second", "third", "last", "only", "next", "latest"})
_PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "'m", "’s", "’re", "’m"})


@dataclass(frozen=True)
class Modality:
    """The status and certainty of one event, the cue words that set them, and a retype.

    ``retype`` is the PLOVER type a refusal turns the event into ("refused to meet" gives
    ``"REJECT"``); ``status`` and ``certainty`` then describe the retyped event (the refusal).
    """

    status: str
    certainty: str
    cues: tuple[str, ...]
    retype: str | None = None


def assess(trigger: Token) -> Modality:
    """Status, certainty and cues of the event whose head token is ``trigger``.

    ``trigger`` is a verb ("attacked") or an event noun ("plot", "arrests"). Reads only the
    trigger's sentence; never raises on odd parses (the default is occurred and asserted).
    """
    return _Walk(trigger, load_lexicon()).run()


class _Walk:
    """One upward walk from a trigger, collecting status layers and certainty cues."""

    def __init__(self, trigger: Token, lex: Lexicon) -> None:
        self.trigger = trigger
        self.lex = lex
        self.layers: list[tuple[str, str]] = []  # (status, cue), innermost first
        self.certainty: list[tuple[str, str]] = []
        self.reported_context = False
        self.retype: str | None = None
        self.cues: list[str] = []

    # -- bookkeeping -------------------------------------------------------------------------
    def _status(self, status: str, cue: str) -> None:
        self.layers.append((status, cue))
        self.cues.append(cue)

    def _certain(self, certainty: str, cue: str) -> None:
        self.certainty.append((certainty, cue))
        self.cues.append(cue)

    def run(self) -> Modality:
        lex, trigger = self.lex, self.trigger
        if trigger.pos_ in _NOMINAL and _lemma(trigger) in lex.self_status:
            self._status(lex.self_status[_lemma(trigger)], trigger.lower_)
        self._local(trigger, is_trigger=True, shared=None)
        self._attributive(trigger)
        node, scope, seen = trigger, True, 0
        while node.head.i != node.i and seen < 64:
            seen += 1
            nxt, scope, shared = self._step(node, scope)
            if scope:
                self._local(nxt, is_trigger=False, shared=shared)
            self._attributive(nxt)
            node = nxt
        return self._result()

    def _result(self) -> Modality:
        status = "occurred"
        for layer, _cue in self.layers:
            if layer == "would":
                layer = "future" if self.reported_context else "hypothetical"
            if layer == "ongoing" and status in _UNREALISED:
                continue
            status = layer
        certainty = "asserted"
        for value, _cue in self.certainty:
            if _CERTAINTY_RANK[value] > _CERTAINTY_RANK[certainty]:
                certainty = value
        return Modality(status, certainty, tuple(dict.fromkeys(self.cues)), self.retype)

    # -- cues on one token ---------------------------------------------------------------------
    def _local(self, node: Token, *, is_trigger: bool, shared: Token | None) -> None:
        """Cues that hang off ``node`` itself: auxiliaries, negation, modifiers, conditionals."""
        lex = self.lex
        found: list[tuple[str, str]] = []
        verbal = node.pos_ in _VERBAL or node.tag_.startswith("VB")
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in node.children)
        for child in node.children:
            dep, low = child.dep_, child.lower_
            if dep == "aux" and child.tag_ == "MD" and low in lex.modals:
                modal = lex.modals[low]
                status = modal.get("perfect", modal["status"]) if perfect else modal["status"]
                if status != "occurred":
                    found.append((status, low))
                if "certainty" in modal:
                    self._certain(modal["certainty"], low)
            elif shared is not None and not _or_coordinated(shared):
                continue  # a conjunct shares its head's modal, not its negation or modifiers
            elif dep == "neg" or (dep == "advmod" and low in lex.advmod_status):
                found.append((lex.advmod_status.get(low, "negated"), low))
            elif dep == "advmod" and low in lex.advmod_certainty:
                self._certain(lex.advmod_certainty[low], low)
            elif dep in ("amod", "advmod", "compound") and not verbal:
                if low in lex.amod_status:
                    found.append((lex.amod_status[low], low))
                if low in lex.amod_certainty:
                    self._certain(lex.amod_certainty[low], low)
            elif dep == "det" and low in lex.negative_determiners and not verbal:
                found.append(("negated", low))
            elif dep in ("nsubj", "nsubjpass", "dobj") and verbal and _is_negative(child, lex):
                found.append(("negated", f"{_det(child)}{low}".strip()))
            elif dep == "mark" and low in lex.conditional_marks and node.dep_ == "advcl":
                found.append(("hypothetical", low))
            elif dep == "advcl" and _mark(child) in lex.conditional_marks:
                found.append(("hypothetical", _mark(child)))
            elif dep == "prep" and low == "before" and _before_cut(child, lex):
                found.append(("aborted", _before_cut(child, lex) or "before"))
            elif (
                dep == "advcl" and _mark(child) == "before" and _lemma(child) in lex.aborted_before
            ):
                found.append(("aborted", f"before {child.lower_}"))  # "before police stopped it"
        if is_trigger and node.tag_ == "VBG":
            be = [c for c in node.children if c.dep_ == "aux" and c.lower_ in _PRESENT_BE]
            if be:
                found.append(("ongoing", f"{be[0].lower_} {node.lower_}"))
        if shared is None:
            self._agent_alleged(node)
        if found:
            found.sort(key=lambda item: _LOCAL_PRIORITY.index(item[0]), reverse=True)
            for status, cue in found:
                self._status(status, cue)

    def _agent_alleged(self, node: Token) -> None:
        """'a scheme by two alleged members': who did it is alleged, so the event is too."""
        for child in node.children:
            agent = None
            if child.dep_ in _SUBJECTS or child.dep_ == "poss":
                agent = child
            elif child.dep_ in ("prep", "agent") and child.lower_ == "by":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
            if agent is None:
                continue
            for mod in agent.children:
                if mod.dep_ == "amod" and self.lex.amod_certainty.get(mod.lower_) == "alleged":
                    self._certain("alleged", mod.lower_)

    def _attributive(self, node: Token) -> None:
        """'..., according to police' and '..., he said' attached to a node on the path."""
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ == "according":
                self._certain("reported", "according to")
            elif child.dep_ == "parataxis" and _lemma(child) in self.lex.reporting:
                if any(c.dep_ in _SUBJECTS for c in child.children):
                    self._certain("reported", child.lower_)

    # -- one step up ---------------------------------------------------------------------------
    def _step(self, node: Token, scope: bool) -> tuple[Token, bool, Token | None]:
        """Move from ``node`` to the token governing it: (token, scope, conjunct it came from)."""
        lex, rel, head = self.lex, node.dep_, node.head
        if rel == "conj":
            own_subject = any(c.dep_ in _SUBJECTS for c in node.children)
            return head, scope and not (own_subject and node.pos_ in _VERBAL), node
        if rel in ("pobj", "pcomp") and head.dep_ in ("prep", "agent") and head.head.i != head.i:
            return self._through_preposition(node, head, scope)
        if rel == "xcomp" or (rel == "ccomp" and _has_to(node)):  # "allow them to create"
            frame = _frame_for_purpose(node, head, lex) if _has_to(node) else None
            if frame is not None and not _lookup(lex.verbs["xcomp"], _keys(head)):
                if scope:  # "foiled a plot to blow up" parsed with 'to blow' on the verb
                    self._frame(frame, node)
                return frame, scope, None
            return head, self._xcomp(node, head, scope), None
        if rel in ("ccomp", "csubj"):
            self._clause(node, head, scope)
            return head, False, None
        if rel == "acl" or (rel == "relcl" and _has_to(node)):  # "a deal to lease" is relcl
            return head, self._acl(node, head, scope), None
        if rel == "advcl" and _has_to(node) and _lookup(lex.verbs["xcomp"], _keys(head)):
            return head, self._xcomp(node, head, scope), None  # "worked to try" parsed as advcl
        if rel == "advcl" and _has_to(node):
            frame = _frame_for_purpose(node, head, lex)
            if frame is not None:
                if scope:
                    self._frame(frame, node)
                return frame, scope, None
            if scope:
                self._status("planned", f"{node.lower_} (purpose)")
            return head, False, None
        if rel in ("dobj", "nsubjpass", "nsubj", "compound") and node.pos_ not in _VERBAL:
            return head, self._argument(node, head, rel, scope), None
        return head, False, None

    def _xcomp(self, node: Token, head: Token, scope: bool) -> bool:
        lex, key = self.lex, _keys(head)
        passive = any(c.dep_ == "auxpass" for c in head.children)
        certainty = _lookup(lex.certainty_verbs, key)
        if certainty and (passive or certainty in ("alleged", "uncertain", "disputed")):
            self._certain(certainty, head.lower_)
        if not scope:
            return False
        gerund = node.tag_ == "VBG" and not _has_to(node)
        if _lemma(head) == "be" and _has_to(node):
            self._status("future", f"{head.lower_} to")
        elif _lemma(head) == "go" and head.tag_ == "VBG" and _has_to(node):
            self._status("future", "going to")
        elif head.pos_ == "ADJ" and _lemma(head) in lex.adjective_governors:
            value = lex.adjective_governors[_lemma(head)]
            if value == "uncertain":
                self._certain(value, head.lower_)
                self._status("hypothetical", head.lower_)
            else:
                self._status(value, head.lower_)
        elif gerund and _lookup(lex.verbs["gerund"], key):
            self._status(_lookup(lex.verbs["gerund"], key) or "", head.lower_)
        elif not gerund and _lookup(lex.verbs["xcomp"], key):
            status = _lookup(lex.verbs["xcomp"], key) or ""
            if not self._refusal(head, key):
                self._status(status, head.lower_)
        elif _has_to(node) and not certainty and _lemma(head) not in lex.implicative:
            self._status("planned", f"{head.lower_} to")
        return True

    def _clause(self, node: Token, head: Token, scope: bool) -> None:
        lex, key = self.lex, _keys(head)
        if head.pos_ in _VERBAL or head.tag_.startswith("VB"):
            certainty = _lookup(lex.certainty_verbs, key)
            if certainty:
                self._certain(certainty, head.lower_)
                self.reported_context = True
            status = _lookup(lex.verbs["clause"], key)
            if status and scope:
                self._status(status, head.lower_)
            for child in head.children:  # "it is possible that ...", "it is alleged that ..."
                if child.dep_ == "acomp" and lex.adjective_governors.get(_lemma(child)) == (
                    "uncertain"
                ):
                    self._certain("uncertain", child.lower_)
        else:
            self._frame(head, node, scope=scope)

    def _acl(self, node: Token, head: Token, scope: bool) -> bool:
        lex = self.lex
        lemma = _lemma(head)
        if _has_to(node) or node.tag_ in ("VBG", "VBN"):
            if lemma in lex.frame_status or lemma in lex.frame_certainty:
                self._frame(head, node, scope=scope)
                return scope
            if _has_to(node):
                if scope and not _ordinal(head):
                    self._status("planned", f"{head.lower_} to")
                return False
            return scope  # "attacks killing scores": the participle shares the noun's fate
        self._frame(head, node, scope=False)  # "the allegation that ...": certainty only
        return False

    def _frame(self, noun: Token, node: Token, *, scope: bool = True) -> None:
        """A frame noun over the trigger chain ('plot to', 'threat of', 'coup attempt')."""
        lemma = _lemma(noun)
        if lemma in self.lex.frame_certainty:
            self._certain(self.lex.frame_certainty[lemma], noun.lower_)
            self.reported_context = True
        if scope and lemma in self.lex.frame_status:
            self._status(self.lex.frame_status[lemma], noun.lower_)

    def _through_preposition(
        self, node: Token, prep: Token, scope: bool
    ) -> tuple[Token, bool, Token | None]:
        lex, word, head = self.lex, prep.lower_, prep.head
        key = _keys(head)
        if word in lex.alleged_by_prep and _lookup(lex.alleged_by_prep[word], key):
            self._certain("alleged", f"{head.lower_} {word}")
            return head, False, None
        if word == "according":
            return head, False, None
        if head.pos_ in _VERBAL and _lookup(lex.certainty_verbs, key) and word in ("of", "about"):
            self._certain(_lookup(lex.certainty_verbs, key) or "", head.lower_)
            return head, False, None
        if not scope:
            if head.pos_ not in _VERBAL:
                self._frame(head, node, scope=False)
            return head, False, None
        if word == "without":
            self._status("negated", "without")
            return head, False, None
        if word in ("from", "for") and _lookup(lex.verbs[word], key):
            self._status(_lookup(lex.verbs[word], key) or "", f"{head.lower_} {word}")
            return head, False, None
        if head.pos_ not in _VERBAL and (
            _lemma(head) in lex.frame_status or _lemma(head) in lex.frame_certainty
        ):
            self._frame(head, node)
            return head, True, None
        return head, False, None

    def _argument(self, node: Token, head: Token, rel: str, scope: bool) -> bool:
        """A noun trigger (or frame noun) as the object or subject of a verb, or a compound."""
        lex, key = self.lex, _keys(head)
        if rel == "compound":
            if head.pos_ in _NOMINAL and (
                _lemma(head) in lex.frame_status or _lemma(head) in lex.frame_certainty
            ):
                self._frame(head, node, scope=scope)
                return scope
            return False
        if rel in ("dobj", "nsubjpass"):
            if scope and self._refusal(head, key, obj=node):
                return True
            certainty = _lookup(lex.certainty_verbs, key)
            if _lookup(lex.denial.verbs, key) and _lemma(node) in lex.denial.accusation:
                certainty = "disputed"  # "dismissed the claims"; "rejected calls to" refuses
            if certainty:
                self._certain(certainty, head.lower_)
            if not scope:
                return False
            status = _lookup(lex.verbs["object"], key)
            if status:
                self._status(status, _phrase(head))
                return True
            return not certainty and _lookup(lex.support_object, key) is not None
        if not scope:
            return False
        status = _lookup(lex.verbs["subject"], key)
        if status:
            self._status(status, _phrase(head))
            return True
        return _lookup(lex.support_subject, key) is not None

    def _refusal(self, head: Token, key: tuple[str, ...], obj: Token | None = None) -> bool:
        """'refused to meet', 'rejected the talks': a cooperative event becomes a REJECT."""
        lex = self.lex
        if _lookup(lex.refusal_verbs, key) is None:
            return False
        if _lemma(head) == "deny" and (obj is None or _lemma(obj) not in lex.refusal_objects):
            return False
        if _lemma(self.trigger) not in lex.cooperative:
            return False
        # The statuses met so far belong to the refused action; the refusal itself happened.
        self.layers.clear()
        self.retype = "REJECT"
        self.cues.append(_phrase(head))
        return True


# -- small parse helpers ------------------------------------------------------------------------
def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _keys(token: Token) -> tuple[str, ...]:
    """Lookup keys of a verb: with each particle first ("call off"), then the lemma."""
    lemma = _lemma(token)
    particles = tuple(f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt")
    return (*particles, lemma)


def _lookup(table: dict[str, str] | frozenset[str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if key in table:
            return table[key] if isinstance(table, dict) else key
    return None


def _phrase(token: Token) -> str:
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
    return " ".join([token.lower_, *particles])


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _ordinal(noun: Token) -> bool:
    """'the first model to be built': an infinitive after an ordinal or superlative is factual."""
    return any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in _ORDINALS) for c in noun.children
    )


def _mark(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "mark"), "")


def _det(token: Token) -> str:
    det = next((c.lower_ for c in token.children if c.dep_ == "det"), "")
    return f"{det} " if det else ""


def _is_negative(argument: Token, lex: Lexicon) -> bool:
    if argument.lower_ in lex.negative_arguments:
        return True
    return any(c.dep_ == "det" and c.lower_ in lex.negative_determiners for c in argument.children)


def _or_coordinated(conjunct: Token) -> bool:
    """'did not attack or kill': negation distributes over 'or' / 'nor', not over 'and'."""
    return any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in conjunct.head.children)


def _before_cut(before: Token, lex: Lexicon) -> str | None:
    """'before being stopped': the words that say the event was cut short."""
    for child in before.children:
        if child.dep_ in ("pcomp", "pobj") and _lemma(child) in lex.aborted_before:
            return before.doc[before.i : child.i + 1].text.lower()
    return None


def _frame_for_purpose(node: Token, head: Token, lex: Lexicon) -> Token | None:
    """'foiled a plot to bomb' parsed with 'to bomb' on the verb: find the frame noun."""
    candidates = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c.i < node.i]
    if head.dep_ == "relcl":
        candidates.append(head.head)
    for noun in candidates:
        if _lemma(noun) in lex.frame_status:
            return noun
    return None


# -- denials ----------------------------------------------------------------------------------
def apply_denials(doc: Doc, events: Sequence[Event]) -> list[Event]:
    """Mark the events that a denial in the same article denies as ``disputed``.

    ``events`` are one article's events in document order, with evidence offsets into ``doc``.
    A denial event ("Iranian officials denied any plot") marks each denied event
    ``certainty="disputed"``, adds the denier to ``disputed_by`` and the denial's verb to
    ``modality_cues``, and points its own ``refers_to`` at the first denied event. Returns new
    records in the same order; events that nothing denies come back unchanged.
    """
    lex = load_lexicon()
    out = list(events)
    triggers = [_trigger_token(doc, event) for event in out]
    for index, token in enumerate(triggers):
        if token is None:
            continue
        targets = _denied_targets(token, lex)
        if not targets:
            continue
        denier = out[index].actor or _subject_ref(token)
        denied = [
            other
            for other, trigger in enumerate(triggers)
            if other != index
            and trigger is not None
            and _is_denied(token, targets, out[other], trigger, denier, lex)
        ]
        for other in denied:
            event = out[other]
            out[other] = event.replace(
                certainty="disputed",
                disputed_by=tuple(dict.fromkeys((*event.disputed_by, *denier))),
                modality_cues=tuple(dict.fromkeys((*event.modality_cues, token.lower_))),
            )
        if denied and out[index].refers_to is None:
            out[index] = out[index].replace(refers_to=out[denied[0]].id)
    return out


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    ev = event.evidence
    span = doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _denied_targets(token: Token, lex: Lexicon) -> list[tuple[str, Token]]:
    """What a denial trigger denies: ('clause' | 'accusation' | 'involvement' | 'event', token)."""
    den = lex.denial
    if _lookup(den.verbs, _keys(token)) is not None:
        heads = [c for c in token.children if c.dep_ in ("dobj", "ccomp", "xcomp", "nsubjpass")]
    elif token.pos_ in _NOMINAL and _lemma(token) in den.nouns:
        heads = [
            g
            for c in token.children
            if c.dep_ in ("prep", "acl", "ccomp")
            for g in ([c] if c.dep_ != "prep" else [x for x in c.children if x.dep_ == "pobj"])
        ]
    else:
        return []
    heads += [c for h in heads for c in h.conjuncts]
    targets: list[tuple[str, Token]] = []
    for head in heads:
        lemma = _lemma(head)
        if head.pos_ in _VERBAL or head.dep_ in ("ccomp", "xcomp"):
            targets.append(("clause", head))
        elif lemma in den.accusation:
            targets.append(("accusation", head))
        elif lemma in den.involvement:
            targets.append(("involvement", head))
        elif _lemma(token) == "deny" and lemma in lex.refusal_objects:
            continue  # "denied the request" is a refusal, not a denial
        elif lemma in den.family_of or _lemma(token) in ("deny", "denial"):
            targets.append(("event", head))
    return targets


def _is_denied(
    denial: Token,
    targets: list[tuple[str, Token]],
    event: Event,
    trigger: Token,
    denier: Sequence[ActorRef],
    lex: Lexicon,
) -> bool:
    den = lex.denial
    if _lookup(den.verbs, _keys(trigger)) is not None or event.status == "negated":
        return False  # another denial, or something the text already says did not happen
    lemma = _lemma(trigger)
    for kind, head in targets:
        inside = head.left_edge.i <= trigger.i <= head.right_edge.i
        if kind == "clause" and inside:
            return True
        if kind in ("accusation", "involvement"):
            complements = [c for c in head.children if c.dep_ in ("acl", "ccomp", "prep", "relcl")]
            if any(c.left_edge.i <= trigger.i <= c.right_edge.i for c in complements):
                return True
            if trigger.sent.start == denial.sent.start:
                continue  # "denied involvement and vowed to respond": not the denied act
            named = [g for c in complements for g in c.children if g.dep_ == "pobj"]
            families = {den.family_of.get(_lemma(g), _lemma(g)) for g in named}
            if families:  # "involvement in the bombing": events of that kind
                if den.family_of.get(lemma, lemma) in families and _compatible(denier, event.actor):
                    return True
            elif _overlaps(denier, event.actor):  # "denied the accusations": what it is accused of
                return True
        if kind in ("event", "clause"):
            family = den.family_of.get(_lemma(head), _lemma(head))
            if trigger.i == head.i:
                return True
            same = den.family_of.get(lemma, lemma) == family
            # A denied plot covers the violent acts still being planned or stopped, or any act
            # the text itself calls part of a plot; not every unrealised act of the article
            # ("attempting to intimidate the demonstrators" is no plot).
            unrealised = (
                family in den.unrealised
                and event.status in ("planned", "aborted", "attempted", "threatened")
                and (
                    event.event_type == "ASSAULT"
                    or any(den.family_of.get(c, c) == family for c in event.modality_cues)
                )
            )
            if (same or unrealised) and _compatible(denier, event.actor):
                return True
    return False


def _words(refs: Iterable[ActorRef]) -> set[str]:
    return {w.lower() for ref in refs for w in ref.text.split() if len(w) > 3}


def _codes(refs: Iterable[ActorRef]) -> set[str]:
    return {ref.code for ref in refs if ref.code != "UNK"}


def _overlaps(denier: Sequence[ActorRef], actors: Sequence[ActorRef]) -> bool:
    """The denier is one of the event's actors (same code, or shared words when unresolved)."""
    if _codes(denier) and _codes(actors):
        return bool(_codes(denier) & _codes(actors))
    return bool(_words(denier) & _words(actors))


def _compatible(denier: Sequence[ActorRef], actors: Sequence[ActorRef]) -> bool:
    """Nothing says the event is someone else's: no actor, or an overlapping one."""
    if not denier or not actors:
        return True
    if _codes(denier) and _codes(actors):
        return bool(_codes(denier) & _codes(actors))
    return _overlaps(denier, actors) or not (_codes(denier) or _codes(actors))


def _subject_ref(token: Token) -> tuple[ActorRef, ...]:
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "poss")), None)
    if subject is None:
        return ()
    span = token.doc[subject.left_edge.i : subject.i + 1]
    return (ActorRef(text=span.text, start=span.start_char, end=span.end_char),)


# -- lexicons ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DenialLexicon:
    """Denial verbs and nouns, what their objects can stand for, and trigger families."""

    verbs: frozenset[str]
    nouns: frozenset[str]
    accusation: frozenset[str]
    involvement: frozenset[str]
    family_of: dict[str, str]
    unrealised: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """The modality cue lists of ``data/modality/``, as sets and lemma-to-value maps."""

    version: str
    verbs: dict[str, dict[str, str]]
    implicative: frozenset[str]
    support_object: frozenset[str]
    support_subject: frozenset[str]
    refusal_verbs: frozenset[str]
    cooperative: frozenset[str]
    refusal_objects: frozenset[str]
    frame_status: dict[str, str]
    frame_certainty: dict[str, str]
    self_status: dict[str, str]
    amod_status: dict[str, str]
    amod_certainty: dict[str, str]
    advmod_status: dict[str, str]
    advmod_certainty: dict[str, str]
    modals: dict[str, dict[str, str]]
    adjective_governors: dict[str, str]
    negative_arguments: frozenset[str]
    negative_determiners: frozenset[str]
    conditional_marks: frozenset[str]
    aborted_before: frozenset[str]
    certainty_verbs: dict[str, str]
    reporting: frozenset[str]
    alleged_by_prep: dict[str, frozenset[str]]
    denial: DenialLexicon


_ATTACHMENTS = ("xcomp", "gerund", "object", "subject", "from", "for", "clause")


@functools.cache
def load_lexicon() -> Lexicon:
    """The bundled modality lexicons, read and checked once per process.

    Raises :class:`DataFileError` when a file is malformed or gives one word two values.
    """
    cues = _read("cues.yaml")
    denials = _read("denials.yaml")
    try:
        verbs: dict[str, dict[str, str]] = {a: {} for a in _ATTACHMENTS}
        for status, by_attachment in cues["status_verbs"].items():
            for attachment, words in by_attachment.items():
                _put(verbs[attachment], words, status, f"status_verbs.{status}.{attachment}")
        frames = _invert(cues["frame_nouns"], "frame_nouns")
        certainty_verbs = _invert(cues["certainty_verbs"], "certainty_verbs")
        families = _invert(denials["families"], "families", strict=False)
        return Lexicon(
            version=str(cues["version"]),
            verbs=verbs,
            implicative=frozenset(cues["implicative"]),
            support_object=frozenset(cues["support_verbs"]["object"]),
            support_subject=frozenset(cues["support_verbs"]["subject"]),
            refusal_verbs=frozenset(cues["refusal_verbs"]),
            cooperative=frozenset(cues["cooperative"]),
            refusal_objects=frozenset(cues["refusal_objects"]),
            frame_status=frames,
            frame_certainty=_invert(cues["frame_nouns_certainty"], "frame_nouns_certainty"),
            self_status=_invert(cues["self_status"], "self_status"),
            amod_status=_invert(cues["amod"]["status"], "amod.status"),
            amod_certainty=_invert(cues["amod"]["certainty"], "amod.certainty"),
            advmod_status=_invert(cues["advmod"]["status"], "advmod.status"),
            advmod_certainty=_invert(cues["advmod"]["certainty"], "advmod.certainty"),
            modals={str(k): dict(v) for k, v in cues["modals"].items()},
            adjective_governors=_invert(cues["adjective_governors"], "adjective_governors"),
            negative_arguments=frozenset(cues["negative_arguments"]),
            negative_determiners=frozenset(cues["negative_determiners"]),
            conditional_marks=frozenset(cues["conditional_marks"]),
            aborted_before=frozenset(cues["aborted_before"]),
            certainty_verbs=certainty_verbs,
            reporting=frozenset(k for k, v in certainty_verbs.items() if v == "reported"),
            alleged_by_prep={p: frozenset(w) for p, w in cues["alleged_by_prep"].items()},
            denial=DenialLexicon(
                verbs=frozenset(denials["verbs"]),
                nouns=frozenset(denials["nouns"]),
                accusation=frozenset(denials["accusation_objects"]),
                involvement=frozenset(denials["involvement_objects"]),
                family_of=families,
                unrealised=frozenset(denials["unrealized_families"]),
            ),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(
            f"modality lexicon is missing or misshapes {exc}",
            hint="compare src/dotterel/data/modality/*.yaml with docs/modality.md",
        ) from exc


def _read(name: str) -> dict[str, Any]:
    path = resources.files("dotterel") / "data" / "modality" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(
            f"cannot read modality lexicon {name}: {exc}", hint="reinstall dotterel"
        ) from exc
    if not isinstance(data, dict) or "version" not in data:
        raise DataFileError(
            f"modality lexicon {name} has no version", hint="add `version:` at the top"
        )
    return data


def _invert(groups: dict[str, list[str]], where: str, *, strict: bool = True) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, words in groups.items():
        _put(table, words, value, where, strict=strict)
    return table


def _put(
    table: dict[str, str], words: list[str], value: str, where: str, *, strict: bool = True
) -> None:
    for word in words:
        if not isinstance(word, str):
            raise DataFileError(
                f"modality lexicon {where}: {word!r} is not a word",
                hint='quote words YAML reads as other types, e.g. "no", "on", "off"',
            )
        word = word.lower()
        if strict and table.get(word, value) != value:
            raise DataFileError(
                f"modality lexicon {where}: {word!r} is both {table[word]!r} and {value!r}",
                hint="keep each word under one value",
            )
        table.setdefault(word, value)
