"""The codebook's rules that depend on the parties and the place, applied to a coded event.

- Consultations, agreements and material cooperation are done together: coordinated subjects
  ('Putin and Trump met') are one reciprocal pair, first named first; so are coordinated
  subjects with no target that fight or intend a named act ('Indian and Chinese troops
  clashed', 'Israel and Hamas agreed to a ceasefire').
- Material acts and visits happen where their target is; an act on a place makes its country
  the target where the sentence names no other.
- Violence by organised armed forces is a fight (19); by anyone else an unconventional assault
  (18), but for artillery, rockets and aircraft (194, 195), sieges and occupation (191, 192),
  which the weapon or the act makes a fight ('militants fired rockets into Israel' is 194,
  'militants seized the town' 192); explosives set off by others than a state's forces are a
  bombing (183); an 'attack' by a sector that does not use force (media, legislators,
  parties, courts), or by a government on such a sector ('the president attacked the
  press'), is verbal criticism (111), but students' on armed forces is not ('students
  clashed with police').
- A consultation between parties of two known countries held in a third one is 044.
- A withdrawal from an international body by no armed force is relations reduced (161), no
  retreat (0874).
- What protesters appeal for or demand, they demonstrate for (141x).
- A statement to the press ('told reporters') has the press as its channel, not its target.
  An addressee of no known country or role is taken for such a channel too.
"""

from __future__ import annotations

from newsstream.enricher.events.actors import NO_COUNTRY, Participant

CONSULT_CODE = "040"
VISIT_CODE = "042"
HOST_CODE = "043"
THIRD_LOCATION_CODE = "044"
STATEMENT_ROOT = "01"
FIGHT_ROOT = "19"
CEASEFIRE_CODE = "0871"
INTENT_ROOT = "03"
# 'Express intent to cooperate, not specified below': no act that two parties share
UNSPECIFIED_INTENT = "030"
FIGHT_CODE = "190"
SMALL_ARMS_CODE = "193"
ASSAULT_CODE = "180"
CRITICISE_CODE = "111"
DEMAND_ROOT = "10"
# an appeal or a demand that the verb alone codes: what is asked for may say which ('urged Iran
# to release the sailors' is 0253)
GENERAL_REQUEST_CODES = frozenset({"020", "100"})
# the roles of organised armed forces, whose violence the codebook codes as fighting
ARMED_ROLES = frozenset({"MIL", "REB", "INS", "SEP", "IMG", "GOV", "COP", "SPY"})
# a state's forces, whose explosives are military force; anyone else's are a bombing (183)
STATE_FORCE_ROLES = frozenset({"MIL", "GOV", "COP", "SPY"})
BOMBING_CODE = "183"
# and those who may use force without being armed forces
FORCEFUL_ROLES = ARMED_ROLES | {"UAF", "CRM", "CVL"}
# armed, but not organised forces: their fighting with guns is an assault (18); with
# artillery, rockets or aircraft (194, 195), occupying or besieging (192, 191), it is fighting
IRREGULAR_ROLES = frozenset({"UAF", "CRM"})
ASSAULT_FIGHT_CODES = frozenset({FIGHT_CODE, SMALL_ARMS_CODE})
# the codes of force that a weapon's kind refines: unspecified, small arms, artillery, aerial,
# and the bombing KILL's '&WEAPON *' [183] guesses for every weapon ('Russian missiles killed')
WEAPON_KIND_CODES = frozenset({FIGHT_CODE, SMALL_ARMS_CODE, "194", "195", BOMBING_CODE})
# armed forces in the field, and the unarmed sector that fights them in the street
FORCES_ROLES = frozenset({"MIL", "REB", "INS", "SEP", "COP", "SPY"})
CROWD_ROLES = frozenset({"EDU"})
# sectors that do not use force: their 'attacks' are verbal
UNARMED_ROLES = frozenset({"MED", "LEG", "PTY", "ELI", "JUD", "EDU", "HRI", "BUS"})
# the codes a violent verb gives alone ('attacked', 'blasted', 'hit'), which may be verbal; a
# pattern's own code ('ordered an air strike', 195) names a material act
BARE_VIOLENCE_CODES = frozenset({ASSAULT_CODE, FIGHT_CODE})
MILITARY_PROTECTION_CODE = "074"
# 112 Accuse, and 173 Arrest, detain, or charge with legal action: the roles that lay charges
ACCUSE_CODE = "112"
LEGAL_ACTION_CODE = "173"
LEGAL_ROLES = frozenset({"JUD", "COP"})
# 042 Make a visit and 045 Mediate: one party visits or mediates, the other is visited or
# mediated between
ONE_WAY_CONSULT_CODES = frozenset({VISIT_CODE, "045"})
# 050 Engage in diplomatic cooperation, 057 Sign formal agreement
MUTUAL_DIPLOMATIC_CODES = frozenset({"050", "057"})
# the verbal counterparts of material acts that a verb alone codes, for when what it acts on
# is words, a decision or a choice: 'blasted Republican claims' is 111, 'defended the
# nomination' 052 (Defend verbally), not 074 (Provide military protection)
VERBAL_COUNTERPARTS = {
    ASSAULT_CODE: CRITICISE_CODE,
    FIGHT_CODE: CRITICISE_CODE,
    MILITARY_PROTECTION_CODE: "052",
}
# roots of material cooperation and conflict (QuadClass 2 and 4), and protest
MATERIAL_ROOTS = frozenset({6, 7, 8, 9, 14, *range(15, 21)})
AUDIENCE_ROLES = frozenset({"MED"})
# appeals (02) and demands (10) for a change, and the changes the codebook's demonstrations
# are for: leadership, policy, rights, institutions
REQUEST_ROOTS = frozenset({"02", "10"})
PROTESTED_CHANGE_PREFIXES = frozenset({"024", "104"})
PROTESTED_CHANGES = frozenset({"1", "2", "3", "4"})
DEMONSTRATE_CODE = "141"
# a protest of a state, a government or an international body is a formal complaint (114), as
# the verb dictionary's PROTEST block codes officials' ('- OFFICIAL * [114]'), not a
# demonstration (140)
UNSPECIFIED_PROTEST_CODE = "140"
OFFICIAL_COMPLAINT_CODE = "114"
IGO_ROLE = "IGO"
GOVERNING_ROLES = frozenset({"GOV", IGO_ROLE})
# 0874 Retreat or surrender militarily, and 161 Reduce or break diplomatic relations: a body
# left, as the verb dictionary's WITHDRAW (FROM COALITION) and WITHDRAW * PARTICIPATION [161]
RETREAT_CODE = "0874"
BREAK_RELATIONS_CODE = "161"
PEOPLE_LABEL = "NORP"


def reciprocal(code: str) -> bool:
    """Consultations, cooperation and agreements are done together ('Putin and Trump met');
    a visit, a mediation, praise, recognition, an apology or forgiveness goes one way."""
    together = code[:2] in ("04", "06") or code in MUTUAL_DIPLOMATIC_CODES
    return together and code not in ONE_WAY_CONSULT_CODES and not code.startswith(HOST_CODE)


def mutual(code: str) -> bool:
    """Coordinated subjects with no target fight each other, make a truce with each other or
    intend a named act together ('Indian and Chinese troops clashed', 'the government and the
    rebels signed a ceasefire', 'Israel and Hamas agreed to a ceasefire')."""
    specific_intent = code.startswith(INTENT_ROOT) and code != UNSPECIFIED_INTENT
    return code.startswith((FIGHT_ROOT, CEASEFIRE_CODE)) or specific_intent


def acts_on_place(code: str) -> bool:
    """Material actions on a place (strikes on Gaza) and visits happen where their target is."""
    return code.startswith(VISIT_CODE) or int(code[:2]) in MATERIAL_ROOTS


def visitor_roles(code: str) -> tuple[bool, bool]:
    """Whether the actor and whether the target of an event is a visitor, whom the place of
    the visit does not place: 'the minister went to Moscow' (042) is no Russian's visit; whom
    Cairo receives (043, host) comes from elsewhere. The story's country still may."""
    return code.startswith(VISIT_CODE), code.startswith(HOST_CODE)


def is_audience(code: str, target: Participant) -> bool:
    """'told reporters': the press a statement is made to is its channel, not its target; so
    is an addressee of no known country or role ('told DW')."""
    if not code.startswith(STATEMENT_ROOT):
        return False
    roles = set(target.actor.roles)
    return roles <= AUDIENCE_ROLES and (bool(roles) or target.actor.code == NO_COUNTRY)


def demonstrated(code: str) -> str:
    """What protesters appeal for or demand, they demonstrate for (141): for a change of
    leadership, policy, rights or institutions as the codebook's 1411-1414 (0241-0244,
    1041-1044)."""
    if code[:3] in PROTESTED_CHANGE_PREFIXES and code[3:] in PROTESTED_CHANGES:
        return DEMONSTRATE_CODE + code[3:]
    return DEMONSTRATE_CODE


def refine_code(
    code: str,
    actor: Participant,
    target: Participant,
    venue: str | None,
    explosive: bool,
    charging: bool,
) -> str:
    """The code with the codebook's distinctions that depend on the parties, on the country
    the event happens in (``venue``), on whether the act sets off explosives and on whether
    its verb lays a charge."""
    roles, target_roles = set(actor.actor.roles), set(target.actor.roles)
    if explosive and code in BARE_VIOLENCE_CODES and roles and not roles & STATE_FORCE_ROLES:
        return BOMBING_CODE  # 'al-Shabaab detonated a car bomb', 'militants bombed a hotel'
    if charging and code.startswith(ACCUSE_CODE) and roles & LEGAL_ROLES:
        # a charge the police, a prosecutor or a court lays is legal action, as the verb
        # dictionary's CHARGE patterns code it for prosecutors and courts ('- PROSECUTOR *'
        # [173]): 'Thai police charged protest leaders'; anyone else's is an accusation
        return LEGAL_ACTION_CODE
    # students are a crowd as well as a sector: theirs on armed forces is no words ('students
    # clashed with police'); a newspaper's is ('blasted South Korea's military exercise')
    crowd_on_force = roles & CROWD_ROLES and target_roles & FORCES_ROLES
    unarmed_sector = roles & UNARMED_ROLES and not roles & FORCEFUL_ROLES
    if code in BARE_VIOLENCE_CODES and unarmed_sector and not crowd_on_force:
        return CRITICISE_CODE  # 'the newspaper blasted Seoul', 'the senator attacked the bill'
    # ... and so is a government's on such a sector: 'the president attacked the press'
    office = bool(roles) and roles <= GOVERNING_ROLES
    on_unarmed = bool(target_roles) and target_roles <= UNARMED_ROLES
    if code in BARE_VIOLENCE_CODES and office and on_unarmed:
        return CRITICISE_CODE
    # a state itself ('South Korea'), not its people ('Israelis', coded by the country alone)
    state = actor.actor.code == actor.actor.country and actor.label != PEOPLE_LABEL
    if code == UNSPECIFIED_PROTEST_CODE and (state or office):
        return OFFICIAL_COMPLAINT_CODE  # 'South Korea protested to Japan over the textbook'
    # an international body left by no armed force: 'Mali withdrew from ECOWAS', not 'Russian
    # troops withdrew from the UN zone'
    left_body = IGO_ROLE in target_roles and not (roles | target_roles) & FORCES_ROLES
    if code == RETREAT_CODE and left_body:
        return BREAK_RELATIONS_CODE
    unarmed = bool(roles) and not roles & ARMED_ROLES
    if unarmed and (
        code == FIGHT_CODE or (code in ASSAULT_FIGHT_CODES and roles & IRREGULAR_ROLES)
    ):
        return ASSAULT_CODE  # 'a gunman killed two people', 'gunmen opened fire on visitors'
    if code != CONSULT_CODE:
        return code
    countries = {actor.actor.country, target.actor.country}
    if venue is None or None in countries or venue in countries:
        return code
    return THIRD_LOCATION_CODE
