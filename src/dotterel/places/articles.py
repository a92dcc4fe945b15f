"""Where an event happened: :class:`ArticlePlaces` and its attachment rules.

:meth:`ArticlePlaces.for_trigger` answers with the place the event of a trigger token happened,
not every place in its sentence. The rules, in order:

1. **Locative phrase.** A prepositional phrase with a locative preposition ("in", "at",
   "near", "outside", "across" …) attached to the trigger or to the verbs that govern it (up
   through ``xcomp``/``conj``/``advcl``/``acl``/``relcl``/``ccomp`` and from a noun trigger to its
   verb: "staged a protest in X"), or a place compounded with a noun trigger ("the Ankara
   bombing"). Within the phrase the finest place wins ("in the city of Ahvaz in Khuzestan
   province" → Ahvaz).
2. **Actors' place.** A locative phrase modifying the trigger's subject or object
   ("steelworkers in the city of Ahvaz … are continuing to strike" → Ahvaz), or a town compounded
   with it ("Ahvaz steelworkers").
3. **The sentence's only place.** When the sentence names exactly one place that is not used as
   an actor (or nested places: a town in its province and country, the finest wins).
4. **Carried.** A sentence naming no place of its own (other than as an actor) inherits the
   place of the sentence before (``source="carried"``), or what that sentence inherited, up to
   three sentences back. A paragraph break is crossed only from a sentence with a place of its
   own; a sentence naming places without one stops the search.
5. **Dateline.** "TEHRAN, Iran (AP) —" gives the place of every event not placed otherwise.
6. **Actor country.** Only when nothing above applies: the place named as an actor in the
   sentence ("Albania expelled …" → Albania). Country names used as actors are otherwise never
   event locations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dotterel.records import Location

_LOCATIVE = frozenset(
    "in at near outside inside across around throughout within into onto on along off over "
    "towards toward nearby beyond between amid among".split()
)
# Dependencies through which a trigger inherits the phrases of the verb that governs it.
_CLAUSE_DEPS = frozenset(
    {"xcomp", "conj", "advcl", "acl", "relcl", "dobj", "nsubj", "nsubjpass", "attr", "oprd"}
)
_PLACE_HEADS = frozenset(
    "city town village province region district county governorate state port capital suburb "
    "suburbs outskirts area territory part parts north south east west centre center heart "
    "border island".split()
)
_SETTLEMENT_HEADS = frozenset(
    "city town village neighbourhood neighborhood district suburb quarter camp".split()
)
_NON_LOCATIVE = frozenset({"by", "of", "to", "from", "with", "against", "for"})
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative", "poss", "agent", "appos"})
# Verbs whose object is someone addressed, judged or dealt with, not ground acted on: the place of
# "accused Madrid of …" or "urged Iran to …" is a government (the recipient), not where it was.
_ADDRESSEE_VERBS = frozenset(
    {
        "accuse", "advise", "applaud", "appeal", "ask", "assure", "back", "blame", "call",
        "caution", "censure", "chide", "commend", "condemn", "congratulate", "contact",
        "criticise", "criticize", "denounce", "fault", "hail", "help", "implore", "inform",
        "invite", "lobby", "notify", "pardon", "persuade", "praise", "press", "pressure",
        "reassure", "rebuke", "recognise", "recognize", "reprimand", "sanction", "slam",
        "support", "tell", "thank", "threaten", "urge", "warn", "welcome",
    }
)  # fmt: skip
# Finer places win; a place the gazetteer lacks is most likely a small one (a village, a
# neighbourhood, a crossing), so it ranks with towns.
_RESOLUTION_RANK = {"city": 0, None: 0, "district": 1, "province": 2, "region": 3, "country": 4}
_CARRY_BACK = 3
_MAX_CLIMB = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """One place mention: its span in the parsed doc and its geocoded location."""

    span: Span
    location: Location


class ArticlePlaces:
    """The place mentions of one parsed article, and the rules that place its events."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        countries: tuple[str, ...],
        dateline: Location | None = None,
        sentences: list[Span] | None = None,
    ) -> None:
        self.doc = doc
        self._mentions = mentions
        #: Every place mention, geocoded (``name`` is ``None`` when the gazetteer lacks it).
        self.mentions: tuple[Location, ...] = tuple(m.location for m in mentions)
        #: The article's countries (ISO alpha-3), most salient first.
        self.countries = countries
        #: The dateline's place, when the article opens with one.
        self.dateline = dateline
        self._by_token = {i: m for m in mentions for i in range(m.span.start, m.span.end)}
        self._sentences = sentences if sentences is not None else list(doc.sents)
        self._text = doc.text
        self._sentence_of = {s.start: n for n, s in enumerate(self._sentences)}
        self._anchors: dict[int, Location | None] = {}

    def for_trigger(self, trigger: Token) -> Location | None:
        """Where the event of ``trigger`` happened, by the rules of the module docstring."""
        found = self._in_sentence(trigger)
        if found is not None:
            return found
        index = self._sentence_of.get(trigger.sent.start)
        if index is not None and not self._non_actor_mentions(self._sentences[index]):
            carried = self._carried(index)
            if carried is not None:
                return replace(carried, source="carried")
        if self.dateline is not None:
            return self.dateline
        return self._subject_place(trigger)

    def _subject_place(self, trigger: Token) -> Location | None:
        """The place that is, or owns, the subject of the trigger's clause ("Syria released …",
        "Thailand's court dissolved …"): with no other clue, a state acts at home. A place that
        is some other participant ("accusing Brussels of …", "warned Ankara against an
        offensive") says nothing of where the event was."""
        for node in _clause_chain(trigger):
            for child in node.children:
                if child.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                for mention in self._mentions_under(child):
                    if _is_actor(mention.span):
                        return mention.location
        return None

    def _in_sentence(self, trigger: Token) -> Location | None:
        chain = _clause_chain(trigger)
        for n, node in enumerate(chain):
            found = self._locative(node, destination=n == 0)
            if found is not None:
                return found
        found = self._object_place(trigger)
        if found is not None:
            return found
        for node in chain:
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj", "agent"):
                    head = child
                    if child.dep_ == "agent":
                        head = next((c for c in child.children if c.dep_ == "pobj"), child)
                    # A participant's own locative ("troops in Tikrit"), not its modifiers: the
                    # "U.S." of "U.S. forces" says who they are, not where the event was.
                    found = self._locative(head, compounds=False) or self._compound_town(head)
                    if found is not None:
                        return found
        return self._sole(trigger.sent)

    def _locative(
        self, node: Token, *, destination: bool = False, compounds: bool = True
    ) -> Location | None:
        """The finest place in the locative phrases attached to ``node`` ("In France, … held
        outside Paris" → Paris) or to its time adverbials ("Thursday in Karachi"), or a place
        compounded with a noun ("the Ankara bombing"). With ``destination``, "to" counts too
        ("deployed to Syria"). Without ``compounds``, compounded places are left out."""
        found: list[Mention] = []
        for child in node.children:
            if child.dep_ == "prep" and (
                child.lower_ in _LOCATIVE or (destination and child.lower_ == "to")
            ):
                found.extend(self._mentions_under(child))
            elif child.dep_ in ("npadvmod", "advmod"):
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in _LOCATIVE:
                        found.extend(self._mentions_under(grandchild))
            elif compounds and child.dep_ in ("compound", "nmod", "amod") and node.pos_ == "NOUN":
                mention = self._by_token.get(child.i)
                if mention is not None:
                    found.append(mention)
        return self._finest(found)

    def _object_place(self, trigger: Token) -> Location | None:
        """A place the trigger verb acts on ("captured Mazar-e-Sharif", "70 percent of
        Bosnia's territory", "attacked Katarko village"); not one it addresses ("urged Iran")."""
        if trigger.pos_ not in ("VERB", "AUX") or trigger.lemma_.lower() in _ADDRESSEE_VERBS:
            return None
        for child in trigger.children:
            if child.dep_ != "dobj":
                continue
            mention = self._by_token.get(child.i)
            if mention is not None:
                return mention.location
            # Places qualifying a place noun ("Bosnia's territory", "Katarko village", "the
            # outskirts of Aleppo"), not possessors of people ("Iran's ambassador").
            inner = [
                m
                for m in self._mentions_under(child)
                if m.span.root.dep_ in ("poss", "compound", "pobj")
                and m.span.root.head.lower_
                in (_PLACE_HEADS if m.span.root.dep_ != "pobj" else {"of"})
                and (m.span.root.dep_ != "pobj" or m.span.root.head.head.lower_ in _PLACE_HEADS)
            ]
            found = self._finest(inner)
            if found is not None:
                return found
        return None

    def _compound_town(self, node: Token) -> Location | None:
        for child in node.children:
            mention = self._by_token.get(child.i) if child.dep_ in ("compound", "nmod") else None
            if mention is not None and mention.location.resolution in ("city", "district"):
                return mention.location
        return None

    def _sole(self, sent: Span) -> Location | None:
        return self._finest(self._non_actor_mentions(sent), nested_only=True)

    def _carried(self, index: int, hops: int = 0) -> Location | None:
        """The place in force before sentence ``index``: the previous sentence's own place, or
        the one it inherited itself (within a paragraph, at most :data:`_CARRY_BACK` hops). A
        sentence naming other places without one of its own stops the search."""
        earlier = index - 1
        if earlier < 0 or hops >= _CARRY_BACK:
            return None
        anchor = self._anchor(earlier)
        if anchor is not None:
            return anchor
        if self._mentions_in(self._sentences[earlier]):
            return None
        if self._paragraph(earlier) != self._paragraph(index):
            return None
        return self._carried(earlier, hops + 1)

    def _paragraph(self, index: int) -> int:
        """The number of line breaks before a sentence's first word."""
        sent = self._sentences[index]
        first = next((t for t in sent if not t.is_space), sent[0])
        return self._text.count("\n", 0, first.idx)

    def _anchor(self, index: int) -> Location | None:
        """The place a sentence is about: its first locative phrase's place, else its only place."""
        if index not in self._anchors:
            sent = self._sentences[index]
            found = None
            for token in sent:
                if (
                    token.dep_ == "prep"
                    and token.lower_ in _LOCATIVE
                    and token.head.pos_ in ("VERB", "AUX", "NOUN")
                ):
                    found = self._finest(self._mentions_under(token))
                    if found is not None:
                        break
            self._anchors[index] = found or self._sole(sent)
        return self._anchors[index]

    def _mentions_in(self, sent: Span) -> list[Mention]:
        seen: list[Mention] = []
        for token in sent:
            mention = self._by_token.get(token.i)
            if mention is not None and (not seen or seen[-1] is not mention):
                seen.append(mention)
        return seen

    def _non_actor_mentions(self, sent: Span) -> list[Mention]:
        return [m for m in self._mentions_in(sent) if not _is_actor(m.span)]

    def _mentions_under(self, token: Token) -> list[Mention]:
        found: list[Mention] = []
        for t in token.subtree:
            mention = self._by_token.get(t.i)
            if mention is not None and mention not in found:
                found.append(mention)
        return found

    @staticmethod
    def _finest(mentions: list[Mention], *, nested_only: bool = False) -> Location | None:
        """The most precise of some mentions (the first of equals); with ``nested_only``, only
        when they are one place or places inside each other (same country)."""
        located = [m.location for m in mentions]
        if not located:
            return None
        if nested_only:
            names = {(loc.name or loc.text) for loc in located}
            codes = {loc.country_code for loc in located}
            if len(names) > 1 and (len(codes) > 1 or None in codes):
                return None
        # "the West Bank city of Nablus", "the Baghdad district of Karrada": the place a
        # settlement noun names lies inside the one qualifying that noun, whatever ranks the
        # gazetteer gives them (Nablus is also a governorate).
        ranked = [
            (0 if _named_settlement(m.span) else 1, _RESOLUTION_RANK.get(m.location.resolution, 0))
            for m in mentions
        ]
        return located[min(range(len(located)), key=ranked.__getitem__)]


def _named_settlement(span: Span) -> bool:
    """True for the Y of "the … city of Y" (a settlement noun naming the place)."""
    root = span.root
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lower_ in _SETTLEMENT_HEADS
    )


def _clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the heads it inherits locative phrases from, nearest first."""
    chain = [trigger]
    node = trigger
    for _ in range(_MAX_CLIMB):
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ not in _LOCATIVE:
            # "went on strike", "took part in protests": the verb's phrases are the event's.
            node = node.head.head
            chain.append(node)
            continue
        if node.dep_ not in _CLAUSE_DEPS or node.head is node:
            break
        # A noun trigger inherits its verb's phrases ("staged a protest in X"); a verb trigger
        # those of the verb it completes or is coordinated with ("continued to strike in X").
        if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd") and node.pos_ != "NOUN":
            break
        node = node.head
        chain.append(node)
    return chain


def _is_actor(span: Span) -> bool:
    """True when a place is used as a participant ("Albania expelled …", "Iran's envoy"), not
    when it only qualifies a place phrase ("in Karachi's streets")."""
    root = span.root
    if root.dep_ in ("poss", "compound", "amod", "nmod") and _in_locative(root.head):
        return False
    if root.dep_ in _ACTOR_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in _NON_LOCATIVE:
        # "the city of Bandar Abbas", "the outskirts of Aleppo" name places, not participants.
        return not (root.head.lower_ == "of" and root.head.head.lower_ in _PLACE_HEADS)
    if root.dep_ in ("compound", "amod", "nmod") and root.head.dep_ in _ACTOR_DEPS:
        return root.ent_type_ == "GPE" and not root.head.ent_type_
    return root.dep_ == "conj" and _is_actor(span.doc[root.head.i : root.head.i + 1])


def _in_locative(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE
