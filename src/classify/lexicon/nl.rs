//! Dutch frames: decline, reasons, blockers, referral, unsubscribe and robot wording.
//! Patterns are regex fragments over normalised text (accents fold: "beëindigen" is "beeindigen").

use super::Lexicon;

/// Dutch.
pub static NL: Lexicon = Lexicon {
    lang: "nl",
    slots: &[
        (
            "engage",
            &[
                "verder", "door", "doorgaan", "voortzetten", "verlengen", "aannemen",
                "accepteren", "ondertekenen", "tekenen", "afnemen", "bestellen", "kopen",
                "in zee", "samenwerken", "ingaan op", "in te gaan op", "gebruik maken",
                "aan de slag", "instemmen", "gunnen", "akkoord", "mee verder", "op in",
                "investeren", "uitvoeren",
            ],
        ),
        (
            "current",
            &["huidige", "bestaande", "eigen", "vertrouwde", "oude", "vaste"],
        ),
    ],
    decline: &[
        "(?:niet|geen) (?:meer )?(?:{engage})",
        "(?:besloten|besluit|gekozen|kiezen){g4} niet (?:verder|door|in te gaan|te gaan|voort|af te nemen|te verlengen)",
        "niet (?:meer )?geinteresseerd",
        "geen interesse",
        "(?:afzien|af te zien|zien{g2} af)",
        "(?:afwijzen|wijzen{g3} af|afgewezen|afwijzing)",
        "(?:moeten|moet){g3} (?:bedanken|afzeggen|passen|afhaken)",
        "(?:haken|haak) af",
        "nee,? bedankt",
        "(?:gaat|gaan){g2} niet door",
        "(?:offerte|voorstel|aanbod|inschrijving)[a-z]*{g4} niet (?:gekozen|geselecteerd|aangenomen|geaccepteerd|gegund)",
    ],
    cancel_contract: &[
        "(?:opzeggen|opgezegd|opzegging|zeggen{g3} op|beeindigen|beeindiging|stopzetten|stop zetten)",
        "niet (?:te )?verlengen",
    ],
    competitor: &[
        "(?:gekozen|kiezen|kozen|kies|gegaan|in zee|getekend|gegund|geselecteerd|voorkeur|ging|gaan|besloten){g4} (?:andere|ander|concurrent|alternatieve|goedkopere)",
        "(?:andere|ander|alternatieve|goedkopere|concurrerende) (?:leverancier|partij|aanbieder|oplossing|partner|bureau|bedrijf|offerte|leveranciers|dienstverlener|pakket|tool|systeem)[a-z]*{g3} (?:gekozen|gegaan|gaan|verder|gegund|geselecteerd|getekend|in zee)",
        "opdracht{g3} gegund aan",
    ],
    status_quo: &[
        "(?:blijven|blijft|houden|behouden|voortzetten|continueren|vasthouden){g4} (?:{current})",
        "(?:{current}) (?:leverancier|systeem|oplossing|partij|aanbieder|pakket|software|partner|werkwijze|tool|setup)[a-z]*{g3} (?:blijven|houden|tevreden|voldoet|volstaat)",
        "tevreden (?:met|over) (?:ons|onze|het|de){g2} (?:{current})",
        "andere prioriteiten",
    ],
    no_need: &[
        "geen (?:behoefte|nood|noodzaak|toegevoegde waarde)",
        "(?:niet|niet meer) (?:nodig|noodzakelijk|relevant|passend|geschikt)",
        "hebben{g3} (?:niet|geen) (?:meer )?nodig",
        "past niet",
        "sluit niet aan",
        "voldoet niet aan",
        "(?:zelf|intern|in eigen beheer|in huis){g3} (?:doen|oplossen|ontwikkelen|bouwen|regelen)",
        "(?:team|bedrijf|organisatie|kantoor){g3} (?:te klein|klein)",
    ],
    price: &[
        "(?:geen|onvoldoende|te weinig|niet genoeg) (?:budget|geld|middelen|financiele ruimte|ruimte in het budget)",
        "budget{g3} (?:gekort|bevroren|op|opgebruikt|ontoereikend|niet toereikend|overschreden|beperkt)",
        "te (?:duur|hoog|prijzig|kostbaar)",
        "(?:prijs|prijzen|kosten|offerte|tarief|tarieven|investering){g3} (?:te hoog|boven|overstijgt|overschrijdt|hoger dan)",
        "boven (?:ons |het )?budget",
        "niet (?:betaalbaar|te betalen)",
        "(?:financiele|budgettaire) (?:redenen|overwegingen|beperkingen)",
        "bezuinig(?:en|ingen|d)",
    ],
    timing: &[
        "(?:niet|geen) (?:het )?(?:goede|juiste|geschikte|gunstige) (?:moment|tijd|timing)",
        "(?:nu|op dit moment|momenteel|dit jaar|voorlopig|even) (?:even |nog |helaas )?(?:niet|geen)",
        "niet (?:nu|dit jaar|op dit moment|voorlopig|in deze periode)",
        "(?:uitgesteld|uitstellen|stellen{g3} uit|in de ijskast|on hold|gepauzeerd|pauzeren|geparkeerd|parkeren|doorgeschoven|opgeschort|opschorten)",
        "past{g3} niet in (?:de|onze) planning",
        "niet in (?:de|onze) planning",
    ],
    competitor_hint: &["(?:andere|alternatieve|goedkopere) (?:leverancier|partij|aanbieder|oplossing)", "concurrent"],
    status_quo_hint: &["huidige (?:leverancier|systeem|oplossing|pakket)", "prioriteit(?:en)?"],
    no_need_hint: &["behoefte", "nodig"],
    price_hint: &["budget", "prijs", "kosten", "duur"],
    timing_hint: &["volgend jaar", "later", "na de zomer", "planning", "momenteel"],
    accept: &[
        "(?:akkoord|gaan akkoord|ga akkoord|accepteren|aanvaarden|goedgekeurd|opdracht verlenen)",
        "(?:gaan|ga) (?:we )?(?:ervoor|door)",
    ],
    negotiation: &["(?:korting|onderhandelen|onderhandeling|betalingstermijn|betaaltermijn|betalingsvoorwaarden|scherpere prijs|betere prijs|prijs verlagen|in termijnen)"],
    stall: &[
        "nog (?:niet )?(?:besloten|beslist|aan het (?:beslissen|overwegen|nadenken|bekijken)|in overweging|geen beslissing)",
        "(?:wachten|wacht){g3} (?:goedkeuring|akkoord|beslissing|budget|directie|bestuur)",
        "(?:kom|komen){g3} (?:terug|op terug)",
        "laat (?:het |u |je )?(?:weten|horen)",
        "(?:nadenken|denken erover na)",
    ],
    conditional: &["als (?:we|wij|u|je|jullie|het|de|dat|er)", "indien", "mits", "tenzij", "wanneer", "ingeval", "in geval"],
    not_deal: &["(?:afspraak|vergadering|meeting|overleg|gesprek|call|belafspraak|uitnodiging|webinar|evenement|event|congres|beurs|workshop|lunch|diner|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|vandaag|uur)"],
    negation: &["niet", "geen", "nooit", "niets"],
    courtesy: &[
        "helaas", "jammer", "spijtig",
        "na (?:zorgvuldige|lang|grondige|interne|rijp) (?:overweging|beraad|afweging)",
        "bedankt", "dank",
    ],
    referral: &[
        "niet (?:de|het) (?:juiste|goede) (?:persoon|contactpersoon|aanspreekpunt)",
        "niet (?:meer )?(?:verantwoordelijk|de contactpersoon)",
        "(?:ben|zijn) niet meer (?:werkzaam|in dienst|bij)",
        "(?:heb|ben){g3} (?:verlaten|vertrokken)",
    ],
    handoff: &[
        "(?:doorgestuurd|doorgezet|doorgegeven|doorsturen){g3} (?:naar|aan)",
        "(?:neem|neemt) contact op met{g2} (?:collega|afdeling)",
    ],
    unsubscribe: &[
        "(?:uitschrijven|afmelden|uitgeschreven|afgemeld|uitschrijving|afmelding)",
        "(?:verwijder|verwijderen|haal|halen){g4} (?:lijst|mailinglijst|bestand|database|verzendlijst)",
        "geen (?:mails|e mails|berichten|nieuwsbrieven|reclame) meer",
        "niet meer (?:mailen|benaderen|contacteren|e mailen)",
    ],
    out_of_office: &[
        "afwezig", "niet op kantoor", "buiten kantoor", "(?:met|op) vakantie",
        "(?:ben|weer) (?:terug|aanwezig) op", "beperkt (?:bereikbaar|toegang)",
        "tijdens mijn afwezigheid", "in dringende gevallen",
    ],
    automated: &[
        "automatisch (?:bericht|antwoord|gegenereerd)",
        "(?:is|zijn) niet meer (?:werkzaam|in dienst)",
    ],
    auto_subject: &["automatisch antwoord", "afwezig", "afwezigheid", "niet aanwezig"],
    stopwords: &[
        "de", "het", "een", "en", "van", "wij", "we", "ik", "niet", "voor", "met", "op", "is",
        "zijn", "dat", "die", "u", "uw", "onze", "ons", "te", "maar", "helaas", "bedankt",
    ],
};
