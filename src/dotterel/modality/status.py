"""The status and certainty of one event trigger: an upward walk over the dependency parse.

:func:`assess` walks up from an event's trigger token through the chain that governs it
(``xcomp``, ``ccomp``, ``acl``, ``conj``, prepositions, objects of cue verbs) and reads the cue
words met on the way. Statuses nest: the outermost cue wins ("will continue their efforts to
attack" is future, "foiled a plot to attack" aborted), except that ``ongoing`` never overrides
an unrealised inner status. Certainty takes the weakest cue met. A refusal of a cooperative act
("refused to meet") retypes the event as ``REJECT``. docs/modality.md defines every value.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dotterel.modality.lexicon import Lexicon, load_lexicon
from dotterel.modality.syntax import (
    _NOMINAL,
    _SUBJECTS,
    _VERBAL,
    _before_cut,
    _det,
    _frame_for_purpose,
    _has_to,
    _is_negative,
    _keys,
    _lemma,
    _lookup,
    _mark,
    _or_coordinated,
    _ordinal,
    _phrase,
)
from dotterel.records import CERTAINTIES

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
