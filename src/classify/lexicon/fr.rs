//! French frames: decline, reasons, blockers, referral, unsubscribe and robot wording.
//! Patterns are regex fragments over normalised text (accents fold; "n'avons" is "n avons").

use super::Lexicon;

/// French.
pub static FR: Lexicon = Lexicon {
    lang: "fr",
    slots: &[
        (
            "engage",
            &[
                "(?:y )?donner suite", "suite", "poursuivre", "continuer", "aller plus loin",
                "aller de l avant", "retenir", "retenu", "retenue", "accepter", "signer",
                "renouveler", "commander", "acheter", "engager", "nous engager",
                "travailler avec", "collaborer", "proceder", "avancer", "valider",
                "concretiser", "reconduire", "souscrire", "interesse", "interesses",
                "interessee", "interessees", "convaincu", "convaincus", "investir", "adopter",
                "choisir", "opter pour", "prendre", "passer commande", "faire appel",
                "recourir", "donner une suite favorable", "favorable", "lancer",
            ],
        ),
        (
            "current",
            &["actuel", "actuelle", "actuels", "actuelles", "existant", "existante", "existants", "en place", "habituel", "habituelle", "historique", "interne", "actuellement en place"],
        ),
        (
            "vendor",
            &[
                "prestataires?", "fournisseurs?", "solutions?", "offres?", "partenaires?",
                "agences?", "societes?", "entreprises?", "editeurs?", "concurrents?",
                "cabinets?", "outils?", "logiciels?", "propositions?", "devis",
            ],
        ),
    ],
    decline: &[
        "(?:ne|n) (?:[a-z]+ ){1,2}(?:pas|plus|point) (?:en mesure de |pu |pour l instant |pour le moment |actuellement |encore |y )?(?:{engage})",
        "(?:ne|n) (?:pas|plus) (?:{engage})",
        "(?:refuser|refusons|decliner|declinons|declinee|rejeter|rejetons|rejete|rejetee)",
        "(?:pas|plus) interesse(?:e|s|es)?",
        "(?:offre|proposition|devis|candidature|soumission|dossier){g4} (?:pas|non) (?:ete )?(?:retenue?|acceptee?|selectionnee?|choisie?)",
        "(?:pas|non) (?:ete )?retenue?s?",
        "sans suite",
        "(?:avis|reponse) (?:defavorable|negative)",
        "passons (?:notre|mon) tour",
        "(?:c est|ce sera|ca sera) (?:un )?non",
        "non merci",
        "(?:arreter|arretons|stopper|stoppons|mettre fin a|mettons fin a){g3} (?:collaboration|discussions?|echanges|projet|demarche|relation)",
    ],
    cancel_contract: &[
        "(?:resilier|resiliation|resilie|resilions|resilierons)",
        "(?:annuler|annulons|annulation|mettre fin|mettons fin){g3} (?:abonnement|contrat|compte|commande|licence|adhesion)",
        "(?:ne pas|pas|non) (?:renouveler|reconduire|renouvellement|reconduction)",
    ],
    competitor: &[
        "(?:choisi|opte|optes|retenu|retenue|signe|decide|tourne|tournes|oriente|orientes|prefere|selectionne|trouve|privilegie|confie|attribue|travailler|partir|passer|aller){g4} (?:autre|autres|concurrent|concurrente|concurrents|concurrence|moins cher|moins chere|moins couteux|moins couteuse)",
        "(?:chez|avec|pour) (?:un |une )?(?:autre|concurrent)",
        "(?:autre|autres) (?:{vendor}){g3} (?:choisi|retenu|retenue|selectionne|prefere|mieux|moins)",
    ],
    status_quo: &[
        "(?:rester|restons|resterons|garder|gardons|garderons|conserver|conservons|conserverons|continuer|continuons|continuerons|maintenir|maintenons|maintiendrons|poursuivre|poursuivons){g4} (?:{current})",
        "(?:solution|prestataire|fournisseur|systeme|outil|partenaire|logiciel|organisation|fonctionnement) (?:{current}){g3} (?:suffit|convient|satisfait|repond|donne satisfaction)",
        "satisfaits? (?:de|par|avec) (?:notre|nos|la|le|les|l){g2} (?:{current})",
        "statu quo",
        "(?:autres|d autres) priorites",
    ],
    no_need: &[
        "(?:pas|plus|aucun) (?:de |d )?(?:besoin|utilite|usage|interet)",
        "(?:pas|plus) (?:l|d) (?:utilite|usage)",
        "(?:pas|plus) (?:utile|necessaire|pertinent|pertinente|adapte|adaptee|ce que nous recherchons|ce qu il nous faut)",
        "ne (?:correspond|correspondent|repond|repondent|convient|conviennent) (?:pas|plus)",
        "(?:en interne|nous memes|par nous memes|internalise|internaliser)",
        "(?:equipe|structure|societe|entreprise){g3} trop (?:petite|reduite|modeste)",
        "trop (?:petits|petites|petit|petite|complexe|lourd|lourde) pour",
    ],
    price: &[
        "(?:pas|plus|aucun|sans|manque) (?:de )?budget",
        "budget{g3} (?:reduit|coupe|gele|epuise|insuffisant|depasse|serre|limite|consomme)",
        "trop (?:cher|chere|chers|cheres|eleve|elevee|eleves|elevees|couteux|couteuse|onereux|onereuse)",
        "(?:prix|tarif|tarifs|cout|couts|montant|devis|proposition financiere){g3} (?:trop|superieur|superieurs|au dessus|depasse|depassent|hors|excede)",
        "hors (?:de )?(?:notre |mon )?budget",
        "depasse{g3} budget",
        "(?:pas|plus) les moyens",
        "(?:raisons|motifs) (?:financieres|budgetaires|economiques|financiers|budgetaires)",
        "(?:contraintes|restrictions|coupes) (?:budgetaires|financieres)",
        "pas (?:dans|compatible avec) (?:notre|le|mon) budget",
    ],
    timing: &[
        "(?:pas|plus) (?:le bon|un bon|le meilleur) moment",
        "pas (?:pour )?(?:maintenant|cette annee|ce trimestre|l instant|le moment|tout de suite|dans l immediat)",
        "(?:projet|decision|achat|initiative|investissement|dossier|demarche|chantier)s?{g3} (?:reporte|reportee|repousse|repoussee|decale|decalee|suspendu|suspendue|gele|gelee|mis en pause|mis en attente|en attente|en suspens|ajourne|remis)",
        "(?:reporter|reportons|repousser|repoussons|decaler|decalons|suspendre|suspendons|geler|gelons|mettre en pause|mettre en attente|ajourner|remettre){g3} (?:projet|decision|achat|initiative|dossier|chantier|tout)",
        "(?:reporte|repousse|decale) (?:a|au|jusqu) ",
    ],
    competitor_hint: &["(?:autre|autres) (?:{vendor})", "concurren[a-z]*", "moins cher"],
    status_quo_hint: &["(?:{vendor}) (?:{current})", "priorites?", "reorganisation", "restructuration"],
    no_need_hint: &["besoins?", "utilite", "en interne"],
    price_hint: &["budget[a-z]*", "prix", "tarifs?", "couts?", "cher", "financier[a-z]*"],
    timing_hint: &["l annee prochaine", "l an prochain", "plus tard", "au printemps", "a l automne", "cet ete", "en ce moment", "actuellement", "pour l instant"],
    accept: &[
        "(?:nous )?acceptons (?:votre|l|le|la|vos)",
        "(?:offre|devis|proposition|commande){g2} (?:acceptee|accepte|validee|valide|signee|signe)",
        "bon pour accord", "feu vert", "on y va", "allons y",
        "(?:souhaitons|aimerions|voulons|allons|pouvons) (?:avancer|aller de l avant|commander|signer|lancer|demarrer|poursuivre|valider)",
    ],
    negotiation: &[
        "(?:remise|rabais|reduction|geste commercial|ristourne|negocier|negociation|conditions de paiement|echelonnement|meilleur prix|revoir (?:votre|le) prix|baisser (?:le|votre) prix)",
    ],
    stall: &[
        "(?:encore|toujours) en (?:reflexion|discussion|cours)",
        "pas encore (?:decide|pris de decision|tranche)",
        "en attente (?:de|d){g3} (?:validation|accord|decision|budget|direction)",
        "(?:je|nous) (?:reviens|revenons|reviendrai|reviendrons) vers vous",
        "besoin de (?:plus de )?temps", "reflechir",
    ],
    conditional: &["si (?:nous|vous|on|tu|je|j|c|ce|cela|ca|le|la|les|l|il|elle|ils|besoin|jamais|possible|votre|notre|jamais|rien|d|un|une)", "sauf si", "au cas ou", "a moins que", "dans le cas ou"],
    not_deal: &[
        "(?:reunion|rendez vous|rdv|appel|visio|invitation|webinaire|webinar|conference|evenement|salon|atelier|dejeuner|diner|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|aujourd hui|[0-9]+ ?h)",
    ],
    negation: &["pas", "ne", "n", "jamais", "plus", "aucun", "aucune", "non"],
    courtesy: &[
        "malheureusement", "regret", "regrettons", "au regret", "desoles?", "desolee?s?",
        "apres (?:mure|longue|serieuse|attentive|une longue) reflexion",
        "apres (?:etude|examen|analyse) (?:attentive|approfondie)", "merci", "remercions", "remercie",
    ],
    referral: &[
        "pas (?:la|le) (?:bonne|bon) (?:personne|interlocuteur|interlocutrice|contact)",
        "(?:ne suis|ne fais) plus{g3} (?:partie|chez|dans|au sein)",
        "(?:j ai|ai) quitte",
        "plus en charge",
    ],
    handoff: &[
        "(?:transfere|transmis|fait suivre|transmets|transfert){g4} (?:collegue|responsable|service|equipe|direction)",
        "(?:contacter|adresser|joindre|ecrire a){g3} (?:collegue|responsable|service)",
    ],
    unsubscribe: &[
        "(?:desabonner|desabonnez|desinscrire|desinscrivez|desinscription|desabonnement)",
        "(?:retirer|retirez|supprimer|supprimez|enlever|enlevez|rayer|rayez){g4} (?:liste|listes|fichier|base|diffusion|mailing)",
        "ne plus (?:recevoir|etre contacte|etre sollicite|me contacter|m envoyer|nous contacter|nous envoyer)",
        "(?:cessez|arretez|arreter){g3} (?:envoyer|ecrire|contacter|m ecrire|solliciter|mails|courriels)",
        "plus de (?:mails|courriels|e mails|messages|sollicitations)",
    ],
    out_of_office: &[
        "(?:je suis|suis) (?:actuellement )?absente?",
        "absente? (?:du bureau|jusqu|du|a partir)",
        "en conges?", "en vacances", "de retour le", "hors du bureau", "acces limite",
        "pendant mon absence", "durant mon absence", "en cas d urgence",
    ],
    automated: &[
        "(?:message|reponse|courriel) automatique",
        "ne pas repondre",
        "cette adresse (?:n est plus|est inactive)",
        "ne fait plus partie de (?:notre|la|l) (?:societe|entreprise|equipe)",
        "a quitte (?:la societe|l entreprise|notre)",
    ],
    auto_subject: &["reponse automatique", "absent", "absente", "absence", "message d absence", "absent du bureau", "hors du bureau"],
    stopwords: &[
        "le", "la", "les", "de", "des", "et", "nous", "vous", "est", "pas", "pour", "une", "un",
        "que", "qui", "avec", "dans", "sur", "ne", "votre", "notre", "merci", "bonjour",
    ],
};
