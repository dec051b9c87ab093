"""Problem records and the rule catalogue.

A rule is registered once with its id, severity, title and fix hint; checks yield
`Problem`s built from it and never print.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Source(NamedTuple):
    """Where a value came from: a file and a line (YAML/CSV) or a sheet row (xlsx)."""

    path: str
    line: int = 0
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return f"{self.path}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}" if self.line else self.path


DRAFT_STATUSES = ("brouillon", "concertation", "prépublication")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity              # for a publiée dispositif (and files of no dispositif)
    title: str
    hint: str
    example: str = ""
    draft_severity: Severity | None = None   # while the dispositif's status is in draft_statuses
    draft_statuses: tuple[str, ...] = DRAFT_STATUSES

    def severity_for(self, statut_publication: str | None) -> Severity:
        """Completeness rules are warnings while a dispositif is a draft, errors once it
        is publiée (or, for some, from prépublication on); the other rules keep one severity."""
        if self.draft_severity is not None and statut_publication in self.draft_statuses:
            return self.draft_severity
        return self.severity


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    message: str
    hint: str = field(default="", compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    dispositif: str = field(default="", compare=False)
    # the ids the problem is about (one requirement, or all those of a grouped problem)
    ids: tuple[str, ...] = field(default=(), compare=False)
    # problems of one cause share a group: the message of the grouped problem, with {n}
    # (how many) and {ids} (the first ids) — see build_tools/problem_groups.py
    group: str = field(default="", compare=False)
    # one cause repeated in several files (a row copied into several REMs): the message of the
    # problem merged over the files, with {n} (how many files), {where} (their dispositifs)
    # and {ids}; the same rule, severity and `across` in two files or more is one problem
    # (what follows a "\x00" in `across` only tells causes apart: it is not shown)
    across: str = field(default="", compare=False)
    # the file of each of `ids` when a merge across files gathered them (else: all in `path`)
    id_paths: tuple[str, ...] = field(default=(), compare=False)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.code} {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "dispositif": self.dispositif,
            "ids": list(self.ids),
            # the file of each id, for a problem merged across files (one cause in several REMs)
            **({"id_paths": list(self.id_paths)} if self.id_paths else {}),
        }


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, hint: str, example: str = "",
         draft_severity: Severity | None = None, draft_statuses: tuple[str, ...] = DRAFT_STATUSES) -> Rule:
    """Declare a rule; codes are stable and never reused."""
    if code in RULES:
        raise ValueError(f"rule {code} declared twice")
    r = Rule(code, severity, title, hint, example, draft_severity, draft_statuses)
    RULES[code] = r
    return r


def completeness_rule(code: str, title: str, hint: str, example: str = "",
                      draft_statuses: tuple[str, ...] = DRAFT_STATUSES) -> Rule:
    """A rule about missing content: a warning in a draft dispositif, an error once publiée
    (or once the dispositif reaches a status outside `draft_statuses`)."""
    return rule(code, Severity.ERROR, title, hint, example, draft_severity=Severity.WARNING,
                draft_statuses=draft_statuses)


# the three columns of the rule catalogue (`segur rules`, the site's rule page)
STATUS_COLUMNS = (("brouillon, concertation", "concertation"), ("prépublication", "prépublication"),
                  ("publiée", "publiée"))


def problem(r: Rule, src: Source | None, message: str, hint: str | None = None,
            dispositif: str = "", ids: tuple[str, ...] = (), group: str = "", across: str = "") -> Problem:
    src = src or Source("?")
    return Problem(src.path, src.line, r.code, message,
                   r.hint if hint is None else hint, r.severity, dispositif, tuple(ids), group, across)


# --- loading and structure -------------------------------------------------------------
YAML_SYNTAX = rule("YAML-SYNTAX", Severity.ERROR, "Erreur de syntaxe YAML",
                   "corrigez l'indentation ou les guillemets à cette ligne (mettez entre guillemets un texte contenant ': ' ou commençant par '[', '{', '*', '&')")
YAML_DUPKEY = rule("YAML-DUPKEY", Severity.ERROR, "Clé répétée dans un mapping YAML",
                   "supprimez ou renommez l'une des deux clés")
CSV_FORMAT = rule("CSV-FORMAT", Severity.ERROR, "Table CSV mal formée",
                  "utilisez ';' comme séparateur, l'encodage UTF-8, une seule ligne d'en-tête et le même nombre de cellules sur chaque ligne")
FILE_MISSING = rule("FILE-MISSING", Severity.ERROR, "Fichier obligatoire du corpus absent",
                    "lancez segur dans le dossier qui contient requirements/ et matrices/, ou passez --root")
SCHEMA = rule("SCHEMA", Severity.ERROR, "Valeur non conforme au schéma JSON du fichier",
              "voir docs/data-format.md pour les champs et valeurs attendus")

# --- identifiers -----------------------------------------------------------------------
ID_DUP = rule("ID-DUP", Severity.ERROR, "Identifiant défini deux fois",
              "donnez un identifiant unique à chaque exigence, scénario et preuve")
ID_FORMAT = rule("ID-FORMAT", Severity.ERROR, "Identifiant mal formé",
                 "utilisez <PREFIXE>.<SECTION>.<nn> (socle : SC.<SECTION>.<nn>), par ex. LGC.DMP.01")
ID_SOCLE_RESERVED = rule("ID-SOCLE-RESERVED", Severity.ERROR, "'SC.' utilisé hors d'un fichier de socle",
                         "'SC.' est réservé aux exigences de socle : reprenez l'exigence du socle (socle: - id: …) ou utilisez le préfixe du dispositif")
ID_PREFIX = rule("ID-PREFIX", Severity.ERROR, "Préfixe d'exigence différent de celui du dispositif",
                 "commencez l'identifiant par le `prefixe` du dispositif défini dans programme.yaml")
ID_PLACEHOLDER = rule("ID-PLACEHOLDER", Severity.ERROR, "Numéro provisoire dans un identifiant",
                      "remplacez XX par le prochain numéro libre de la section")
ID_WHITESPACE = rule("ID-WHITESPACE", Severity.ERROR, "Espace dans un identifiant",
                     "supprimez les espaces (souvent une espace finale collée depuis Excel)")
ID_SECTION = rule("ID-SECTION", Severity.ERROR, "Section de l'identifiant différente de la section de l'exigence",
                  "alignez la partie section de l'identifiant sur le champ `section`, ou déplacez l'exigence")
SECTION_DUP = rule("SECTION-DUP", Severity.ERROR, "Section écrite deux fois sous deux codes (mêmes numéros, mêmes textes)",
                   "gardez une seule des deux sections : supprimez les copies, ou renumérotez celles qui disent autre chose")
SECTION_CASE = rule("SECTION-CASE", Severity.ERROR, "Un même code de section écrit avec deux casses",
                    "écrivez le code de section d'une seule façon (identifiants, champ `section` et `sections`)")
SCN_ID = rule("SCN-ID", Severity.ERROR, "Identifiant de scénario ou de preuve qui ne prolonge pas celui de son parent",
              "numérotez les scénarios <id exigence>.<nn> et les preuves <id scénario>.<nn>")

SCN_MISSING = completeness_rule("SCN-MISSING", "Exigence sans scénario de conformité",
                   "ajoutez au moins un scénario (scenarios: - id: <id exigence>.01) avec ses preuves ; "
                   "seule une exigence Obsolète peut ne pas en avoir")

# --- content ---------------------------------------------------------------------------
NATURE_VERB = completeness_rule("NATURE-VERB", "Nature en désaccord avec DOIT/PEUT dans le texte (sauf exigence Obsolète)",
                   "une Exigence dit DOIT (ou DOIVENT) ; une Préconisation dit PEUT (ou PEUVENT) et pas DOIT : "
                   "corrigez la nature ou le texte")
TEXT_EMPTY = completeness_rule("TEXT-EMPTY", "Texte vide (énoncé, bloc, fonction, scénario ou preuve)",
                               "écrivez le texte manquant (l'import n'invente rien : une cellule vide reste vide)")
TEXT_WHITESPACE = rule("TEXT-WHITESPACE", Severity.WARNING, "Espaces parasites ou HTML dans un texte",
                       "supprimez les espaces en début/fin, les espaces insécables et les balises ou entités HTML")

TEXT_CONTROL = rule("TEXT-CONTROL", Severity.ERROR, "Caractère de contrôle (NUL, U+0001…U+001F, U+007F…U+009F) dans un texte",
                    "supprimez le caractère invisible (retapez le passage ; il vient souvent d'un copier-coller depuis Word ou un PDF)")
TEXT_TOO_LONG = rule("TEXT-TOO-LONG", Severity.ERROR, "Texte plus long qu'une cellule Excel (32 767 caractères)",
                     "découpez le texte (en plusieurs exigences ou scénarios) : le REM Excel le couperait et un import le perdrait")

PROSE = rule("PROSE", Severity.ERROR, "Texte partagé (book/prose) impossible à produire pour un dispositif",
             "corrigez le champ {{ … }} ou la construction MyST signalée (voir build_tools/prose/ pour les "
             "champs et la syntaxe acceptés)")

# --- references ------------------------------------------------------------------------
REF_PROFILE = rule("REF-PROFILE", Severity.ERROR, "Profil non défini par le dispositif",
                   "utilisez un profil listé dans les `profils` du dispositif dans programme.yaml, ou ajoutez-le")
REF_REFERENTIEL = rule("REF-REFERENTIEL", Severity.ERROR, "Code de référentiel inconnu",
                       "utilisez un code défini dans requirements/referentiels.yaml, ou ajoutez-y le référentiel")
REF_REFERENTIEL_LIST = completeness_rule("REF-REFERENTIEL-LIST",
                            "Référentiel cité dans le texte mais non listé (ou listé mais non cité)",
                            "faites correspondre `referentiels` aux codes entre crochets cités dans l'énoncé")
REF_SECTION = rule("REF-SECTION", Severity.ERROR, "Section non déclarée",
                   "déclarez le code de section sous `sections` dans le même fichier")
REF_SOCLE = rule("REF-SOCLE", Severity.ERROR, "Exigence de socle reprise inexistante",
                 "reprenez un identifiant qui existe dans requirements/socles/ (sans 'SC.')")
REF_SOCLE_UNLISTED = rule("REF-SOCLE-UNLISTED", Severity.ERROR, "Socle non déclaré par le dispositif",
                          "ajoutez le socle aux `socles` du dispositif dans programme.yaml")
REF_SOCLE_OBSOLETE = rule("REF-SOCLE-OBSOLETE", Severity.ERROR, "Exigence de socle reprise Obsolète",
                          "reprenez l'exigence qui la remplace, ou supprimez la reprise")
REF_SOCLE_VAGUE = rule("REF-SOCLE-VAGUE", Severity.ERROR, "Exigence de socle non disponible dans cette vague",
                       "reprenez une exigence dont les `vagues` incluent la vague du dispositif")
REF_DISPOSITIF = rule("REF-DISPOSITIF", Severity.ERROR, "Dispositif inconnu ou mal placé",
                      "déclarez le dispositif dans programme.yaml et placez son fichier sous requirements/<vague>/<id>.yaml")
REF_DISPOSITIF_FILE = rule("REF-DISPOSITIF-FILE", Severity.WARNING, "Dispositif sans fichier d'exigences",
                           "créez requirements/<vague>/<dispositif>.yaml")
REF_PROGRAMME = rule("REF-PROGRAMME", Severity.ERROR, "Vague, couloir, socle ou profession inconnu dans programme.yaml",
                     "utilisez un code déclaré dans programme.yaml, referentiels.yaml ou matrices/professions.csv")
REF_DOCTYPE = rule("REF-DOCTYPE", Severity.ERROR, "Type de document inconnu",
                   "utilisez un typeCode listé dans matrices/document_types.csv")
REF_PROFESSION = rule("REF-PROFESSION", Severity.ERROR, "Profession ou groupe inconnu",
                      "utilisez un code de matrices/professions.csv qui appartient à un groupe de profession_groups.csv")
REF_SERVICE = rule("REF-SERVICE", Severity.ERROR, "Code de service inconnu dans un périmètre",
                   "déclarez le service sous `services` dans le fichier de périmètre")

# --- évolution vs previous vague -------------------------------------------------------
STATUT_MISSING = rule("STATUT-MISSING", Severity.ERROR,
                      "Statut absent et impossible à calculer : l'exigence précédente désignée n'existe pas",
                      "corrigez id_precedent (ou l'identifiant /va1.nn), ou indiquez statut: Nouvelle ; sans statut écrit, "
                      "Inchangée/Modifiée se calcule d'après l'exigence précédente")
STATUT_NO_PREVIOUS = rule("STATUT-NO-PREVIOUS", Severity.ERROR,
                          "Statut qui renvoie à une vague précédente que le dispositif n'a pas",
                          "utilisez le statut Nouvelle (ou renseignez `precedent` sur le dispositif dans programme.yaml)")
STATUT_NEW_WITH_PREVIOUS = rule("STATUT-NEW-WITH-PREVIOUS", Severity.ERROR, "Exigence Nouvelle avec un id_precedent",
                                "supprimez id_precedent, ou passez le statut à Inchangée/Modifiée")
STATUT_PREVIOUS_MISSING = rule("STATUT-PREVIOUS-MISSING", Severity.ERROR,
                               "id_precedent absent ou introuvable dans la vague précédente",
                               "indiquez l'identifiant de l'exigence dans le REM de la vague précédente")
STATUT_UNCHANGED_DIFFERS = rule("STATUT-UNCHANGED-DIFFERS", Severity.ERROR,
                                "Exigence Inchangée dont le texte diffère de la vague précédente",
                                "passez à statut: Modifiée, ou rétablissez le texte précédent")
STATUT_MODIFIED_SAME = rule("STATUT-MODIFIED-SAME", Severity.ERROR,
                            "Exigence Modifiée dont le texte est identique à la vague précédente",
                            "passez à statut: Inchangée")
STATUT_PREVIOUS_TWICE = rule("STATUT-PREVIOUS-TWICE", Severity.ERROR,
                             "Deux exigences revendiquent la même exigence précédente",
                             "gardez un seul successeur par exigence précédente (marquez l'autre Nouvelle)")
STATUT_OBSOLETE_ACTIVE = rule("STATUT-OBSOLETE-ACTIVE", Severity.ERROR,
                              "Exigence Obsolète encore reprise par une autre exigence",
                              "supprimez l'enregistrement Obsolète ou le successeur")
STATUT_DROPPED = rule("STATUT-DROPPED", Severity.WARNING,
                      "Exigence de la vague précédente ni reprise ni marquée Obsolète",
                      "reprenez-la (id_precedent) ou ajoutez un enregistrement avec statut: Obsolète")

# --- derived REM values ----------------------------------------------------------------
COND_DERIVED = rule("COND-DERIVED", Severity.WARNING,
                    "`conditionnelle` saisi qui contredit le profil (la valeur publiée est déduite du profil)",
                    "supprimez la clé `conditionnelle` : le REM publie NON pour le profil Général seul et OUI "
                    "pour tout autre profil",
                    "profils: [Général]\nconditionnelle: true")

# --- habilitation matrix and scopes ----------------------------------------------------
MATRIX_GROUP = rule("MATRIX-GROUP", Severity.ERROR, "Colonnes de la matrice d'habilitation différentes des groupes de professions",
                    "faites correspondre exactement les colonnes de habilitation.csv aux groupes de profession_groups.csv")
MATRIX_CELL = rule("MATRIX-CELL", Severity.ERROR, "Cellule de la matrice d'habilitation ni X ni vide",
                   "écrivez X quand le groupe peut consulter le type, rien sinon")
MATRIX_ROW = rule("MATRIX-ROW", Severity.ERROR, "Type de document absent de la matrice ou répété",
                  "donnez à chaque type de document de document_types.csv exactement une ligne dans habilitation.csv")
MATRIX_SOURCE = rule("MATRIX-SOURCE", Severity.WARNING,
                     "Source d'une ligne ou d'une cellule de la matrice d'habilitation absente ou invalide",
                     "dans matrices/habilitation_sources.csv, donnez à chaque type de document une ligne `*` "
                     "(source arrete avec sa référence, ou projet) et ne citez que des types et groupes de la matrice")
SCOPE_HABILITATION = rule("SCOPE-HABILITATION", Severity.ERROR,
                          "Périmètre qui autorise une profession à consulter un type de document interdit par la matrice",
                          "retirez le type de documents_consultes, ou modifiez la matrice d'habilitation")
SCOPE_PROFESSION = rule("SCOPE-PROFESSION", Severity.WARNING, "Profession du périmètre non concernée par le dispositif",
                        "ajoutez la profession aux `professions` du dispositif dans programme.yaml")

# --- AF terms --------------------------------------------------------------------------
AF_TTC = rule("AF-TTC", Severity.ERROR, "TTC différent de HT × (1 + TVA)",
              "recalculez TTC = HT × 1,20 arrondi au centime (ou indiquez arrondi_ttc: euro si l'arrêté arrondit à l'euro)")
AF_TTC_ROUNDED = rule("AF-TTC-ROUNDED", Severity.WARNING, "TTC arrondi à l'euro",
                      "l'arrêté arrondit ce montant à l'euro : vérifiez qu'il s'agit du montant publié")
AF_MILESTONE_ORDER = rule("AF-MILESTONE-ORDER", Severity.ERROR, "Jalons hors de l'ordre chronologique",
                          "listez les jalons par date et heure, ou corrigez la date")
AF_BANDS = rule("AF-BANDS", Severity.ERROR, "Tranches de prix qui se chevauchent ou laissent un trou",
                "faites commencer chaque tranche juste après la fin de la précédente")
AF_DATE = rule("AF-DATE", Severity.ERROR, "Date ou heure invalide",
               "écrivez les dates AAAA-MM-JJ et les heures HH:MM")
AF_FORMULA = rule("AF-FORMULA", Severity.ERROR, "Formule de barème illisible ou incohérente avec ses termes",
                  "écrivez l'expression avec les codes déclarés sous `termes` et `variables` (ex. A + B × N), "
                  "chacun utilisé, et donnez une valeur à chaque variable dans chaque exemple")
AF_COMPOSANTE = rule("AF-COMPOSANTE", Severity.ERROR, "Composante de prestation combinée mal définie",
                     "donnez à chaque composante un code unique et, s'il y en a un, un `dispositif` déclaré dans programme.yaml")
# AF terms and scope are required from prépublication on (a warning only in brouillon/concertation)
AF_MISSING = completeness_rule("AF-MISSING", "Dispositif sans conditions de financement",
                  "ajoutez requirements/financement/<dispositif>.yaml (calendrier, éligibilité, périmètre, barème, paiement, contrôles)",
                  draft_statuses=("brouillon", "concertation"))
SCOPE_MISSING = completeness_rule("SCOPE-MISSING", "Dispositif sans périmètre documentaire",
                     "ajoutez matrices/scopes/<vague>/<dispositif>.yaml (types de documents produits et consultés par profession)",
                     draft_statuses=("brouillon", "concertation"))

# --- concertation (comments on draft REMs, docs/concertation.md) ----------------------
CONC_ITERATION = rule("CONC-ITERATION", Severity.ERROR,
                      "Fichier de concertation dans le mauvais dossier d'itération, ou grille d'une autre itération",
                      "gardez concertation/<ITn>/comments.yaml avec `iteration: ITn`, et importez une grille avec la même --iteration que lors de son export")
CONC_UNKNOWN_ID = rule("CONC-UNKNOWN-ID", Severity.ERROR,
                       "Commentaire sur une exigence ou un dispositif absent de la grille de cette itération",
                       "corrigez l'exigence/le dispositif du commentaire (ou de la ligne de la grille) avec un identifiant envoyé lors de cette itération")
CONC_NO_ANSWER = rule("CONC-NO-ANSWER", Severity.ERROR, "Commentaire clos sans réponse",
                      "écrivez la réponse dans `reponse`, ou remettez le statut à « à traiter »")
CONC_ID = rule("CONC-ID", Severity.WARNING, "Identifiant de commentaire qui ne correspond pas à son organisation, son exigence et son texte",
               "gardez les commentaires des relecteurs tels qu'importés (réimporter la grille ajouterait de nouveau le commentaire modifié) ; répondez dans `reponse`")
CONC_GRID = rule("CONC-GRID", Severity.ERROR, "Grille de concertation illisible : rien n'en a été enregistré",
                 "renvoyez la grille telle qu'exportée (xlsx, ligne d'en-tête avec « ID Exigence » et « Remarques », organisation renseignée)")
CONC_PROTECTED = rule("CONC-PROTECTED", Severity.WARNING,
                      "Colonne protégée modifiée dans une grille retournée (enregistrée comme proposition, non appliquée)",
                      "répondez à la proposition dans comments.yaml ; appliquez-la vous-même au fichier d'exigences si elle est acceptée")
CONC_ANNOTATION = rule("CONC-ANNOTATION", Severity.WARNING,
                       "Annotation du site hors de toute exigence (ou dont le passage n'est plus dans la page) : non enregistrée",
                       "lisez-la (page et citation ci-dessus) et reportez-la à la main dans comments.yaml si elle vise une exigence ; "
                       "reconstruisez le site (segur book) s'il a changé depuis l'annotation")
CONC_ANNOTATIONS_FILE = rule("CONC-ANNOTATIONS-FILE", Severity.ERROR,
                             "Export d'annotations illisible : rien n'en a été enregistré",
                             "passez la réponse JSON de l'API de recherche d'hypothesis telle quelle "
                             "({\"total\": …, \"rows\": [ … ]}), sans la modifier")
CONC_DUPLICATE = rule("CONC-DUPLICATE", Severity.WARNING, "Commentaire déjà enregistré (grille importée deux fois ?)",
                      "rien à faire : le commentaire n'est conservé qu'une fois")

# --- versions (releases/<dispositif>.yaml, docs/data-format.md) -----------------------
VERSION_FROZEN = rule("VERSION-FROZEN", Severity.ERROR,
                      "Contenu modifié d'une version publiée (figée par segur release)",
                      "passez le dispositif à une nouvelle `version` dans programme.yaml et ajoutez une entrée "
                      "à son `historique`, ou rétablissez la valeur publiée")
VERSION_RECORD = rule("VERSION-RECORD", Severity.ERROR, "Enregistrement de versions incohérent",
                      "ne modifiez pas releases/<dispositif>.yaml à la main : il est écrit par segur release")
