//! Breadth tests: ordinary ways of saying no in six languages, and hard negatives beside them.
//! Every sentence is invented for these tests; none is taken from a measuring set.

use super::*;
use crate::message::Mail;

use Class::{AutoReply, Other, Rejection};
use Reason::{Competitor, NoDecision, NoNeed, Price, Timing, Unspecified};

fn check_all(cases: &[(&str, Class, Option<Reason>)]) {
    let c = Classifier::new(&super::tests::rules_engine()).unwrap();
    let mut failures = Vec::new();
    for (t, class, reason) in cases {
        let mail = Mail {
            new_text: t.to_string(),
            ..Default::default()
        };
        let v = c.classify(&mail);
        if (v.class, v.reason) != (*class, *reason) {
            failures.push(format!("{t:?}: want {class:?}/{reason:?}, got {v:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn english_breadth_rejections() {
    check_all(&[
        (
            "We will not be taking this any further.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We have decided not to go any further with the proposal.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We won't go further with this.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We are going to close this out on our end.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Please consider this closed on our side.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "The work went to a different studio.",
            Rejection,
            Some(Competitor),
        ),
        (
            "The tender was given to another bidder.",
            Rejection,
            Some(Competitor),
        ),
        (
            "It's not something we would get much use out of.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "I'll have to pass on this one for now.",
            Rejection,
            Some(Unspecified),
        ),
        ("Pass.", Rejection, Some(Unspecified)),
        ("Hard pass, thanks.", Rejection, Some(Unspecified)),
        (
            "We're sticking with what we've got.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We will be staying with our current setup for the foreseeable future.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "It's not in the cards for us this year.",
            Rejection,
            Some(Timing),
        ),
        (
            "Unfortunately that is off the table for us.",
            Rejection,
            Some(Unspecified),
        ),
        ("This isn't for us.", Rejection, Some(Unspecified)),
        ("It's a no from us.", Rejection, Some(Unspecified)),
        ("The answer is no for now.", Rejection, Some(Unspecified)),
        (
            "We've decided to shelve the idea.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We'll be walking away from this one.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Management has put the brakes on it.",
            Rejection,
            Some(Timing),
        ),
        ("We have opted out.", Rejection, Some(Unspecified)),
        ("We're not going to sign up.", Rejection, Some(Unspecified)),
        (
            "We won't be placing an order.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We won't be commissioning the study.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We will not be rolling it out.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We're not in a position to commit to this.",
            Rejection,
            Some(Unspecified),
        ),
        ("We have decided to hold off.", Rejection, Some(Timing)),
        (
            "We've chosen to keep doing it manually.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Our dispatcher already keeps track of all of that in his head.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "It came in well above what we had set aside for this.",
            Rejection,
            Some(Price),
        ),
        (
            "Not before the second half of the year, I'm afraid.",
            Rejection,
            Some(Timing),
        ),
        ("We went with a competitor.", Rejection, Some(Competitor)),
        ("We've gone with someone else.", Rejection, Some(Competitor)),
        ("The board turned it down.", Rejection, Some(Unspecified)),
        (
            "We have to turn down your offer.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We're going to give it a miss.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We're going to hold off for now and stick with our spreadsheets.",
            Rejection,
            Some(NoDecision),
        ),
        ("The decision is no.", Rejection, Some(Unspecified)),
        (
            "We will be renewing with our current provider.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We decided to keep our existing supplier.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We've settled on another provider.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We are not going to pursue this further.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "That won't be happening, sorry.",
            Rejection,
            Some(Unspecified),
        ),
        ("We don't see ourselves using it.", Rejection, Some(NoNeed)),
        ("We can't see a use for it here.", Rejection, Some(NoNeed)),
        (
            "We will be giving this a pass.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We've decided against moving ahead.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "I'm afraid we're not going to take you up on it.",
            Rejection,
            Some(Unspecified),
        ),
        ("We have no plans to buy.", Rejection, Some(Unspecified)),
        ("We don't plan to go ahead.", Rejection, Some(Unspecified)),
        (
            "We won't be needing it after all.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We're not buying at this time.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Cost is the issue; we cannot stretch that far.",
            Rejection,
            Some(Price),
        ),
        (
            "Thanks for your patience, but we're going to leave it here.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We've had a think and it's not for us at the moment.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We won't be proceeding to contract.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "The committee has decided not to take your proposal forward.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We're going to stay as we are for now.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We've decided to stay with the incumbent.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Honestly we don't have a use case for this.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Our office manager does the scheduling by hand and it works fine.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "The quote is beyond what we can justify for a team our size.",
            Rejection,
            Some(Price),
        ),
        (
            "We had earmarked about half that amount.",
            Rejection,
            Some(Price),
        ),
        (
            "We won't have budget until next April.",
            Rejection,
            Some(Price),
        ),
        (
            "I've been told to hold off on any new tools this quarter.",
            Rejection,
            Some(Timing),
        ),
        (
            "Our IT team will build something similar internally.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "The job went to a firm closer to our site.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We've gone in a different direction.",
            Rejection,
            Some(Competitor),
        ),
        (
            "After a lot of back and forth, we are going to decline.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "I'm sorry but we've decided to go another way.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We don't think this is the right solution for our business.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "We simply can't commit at this stage.",
            Rejection,
            Some(Unspecified),
        ),
        ("No, we're good, thanks.", Rejection, Some(Unspecified)),
        ("We'll skip this time around.", Rejection, Some(Unspecified)),
        (
            "It's not going to work for us budget-wise.",
            Rejection,
            Some(Price),
        ),
        (
            "Right now isn't the right time; maybe next year.",
            Rejection,
            Some(Timing),
        ),
        (
            "We found a cheaper option elsewhere.",
            Rejection,
            Some(Competitor),
        ),
        ("My boss said no.", Rejection, Some(Unspecified)),
        (
            "We've chosen to renew with our existing vendor.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Not interested at the moment, we have other priorities.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We will not make the order this time.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We prefer to not continue with this.",
            Rejection,
            Some(Unspecified),
        ),
        ("For the moment we stop here.", Rejection, Some(Unspecified)),
        (
            "It is not possible for us to continue.",
            Rejection,
            Some(Unspecified),
        ),
        ("We must refuse your offer.", Rejection, Some(Unspecified)),
        (
            "We are not in need of this service.",
            Rejection,
            Some(NoNeed),
        ),
        ("We not need this at the moment.", Rejection, Some(NoNeed)),
        (
            "The investment is not justified for a company our size.",
            Rejection,
            Some(Price),
        ),
        (
            "The cost outweighs the benefit for us.",
            Rejection,
            Some(Price),
        ),
        ("We couldn't get it past finance.", Rejection, Some(Price)),
        (
            "Finance wouldn't approve the spend.",
            Rejection,
            Some(Price),
        ),
        (
            "We're in the middle of an ERP migration and can't take on anything else right now.",
            Rejection,
            Some(Timing),
        ),
        (
            "We need to get through the busy season first, so not now.",
            Rejection,
            Some(Timing),
        ),
        ("We are not ready for this yet.", Rejection, Some(Timing)),
        (
            "Our volumes are too low to justify it.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "We're too small to benefit from it.",
            Rejection,
            Some(NoNeed),
        ),
        ("We'd hardly use it.", Rejection, Some(NoNeed)),
        (
            "With the merger everything new is frozen.",
            Rejection,
            Some(Timing),
        ),
        (
            "We couldn't get buy-in internally.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "There was no consensus on our side, so we're dropping it.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We'll keep using our current tool.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We're going to continue with the current arrangement.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "I don't think we'll be moving on this.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We're not going to be able to do this one.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We've decided this isn't the right fit.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "It's just not a priority for us right now.",
            Rejection,
            Some(NoNeed),
        ),
        ("We are going to hold for now.", Rejection, Some(Timing)),
        ("I'm afraid it's a no.", Rejection, Some(Unspecified)),
        (
            "Unfortunately it doesn't fit our budget.",
            Rejection,
            Some(Price),
        ),
        (
            "Thank you but we will not go on with this project.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We have no budget left for such tool this year.",
            Rejection,
            Some(Price),
        ),
        (
            "Our boss decide to not buy it.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "For now we keep working like before.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Is not the right moment for our company.",
            Rejection,
            Some(Timing),
        ),
        (
            "We have found other supplier with better price.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We don't need it, we are only 4 people.",
            Rejection,
            Some(NoNeed),
        ),
        ("The price is too much for us.", Rejection, Some(Price)),
        (
            "We will continue with our actual provider.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Sorry, we are not going ahead.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Gonna pass on this one, cheers.",
            Rejection,
            Some(Unspecified),
        ),
        ("Nah, not for us.", Rejection, Some(Unspecified)),
        (
            "We're all set with what we have.",
            Rejection,
            Some(NoDecision),
        ),
        ("Timing's just not right for us.", Rejection, Some(Timing)),
        ("Can't justify it this year.", Rejection, Some(Timing)),
        (
            "We'll have to sit this one out.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Leadership wants to wait until the new CEO starts.",
            Rejection,
            Some(Timing),
        ),
        (
            "It's more than we want to spend on this.",
            Rejection,
            Some(Price),
        ),
        (
            "We won't be moving forward at this time.",
            Rejection,
            Some(Unspecified),
        ),
        ("Please close our file.", Rejection, Some(Unspecified)),
        (
            "We are not proceeding with the purchase of the software.",
            Rejection,
            Some(Unspecified),
        ),
        ("Going to say no for now.", Rejection, Some(Unspecified)),
        (
            "We're passing on the renewal.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Our needs have changed and we no longer require this.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "We chose to develop our own solution.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "The board decided to put all new vendors on hold.",
            Rejection,
            Some(Timing),
        ),
        ("We can manage without it.", Rejection, Some(NoNeed)),
        (
            "We'll stick to our current process for the time being.",
            Rejection,
            Some(NoDecision),
        ),
    ]);
}

#[test]
fn english_breadth_hard_negatives() {
    check_all(&[
        (
            "If we don't go further with this, I'll let you know.",
            Other,
            None,
        ),
        (
            "Can't sign at that price — could you do 10% less?",
            Other,
            None,
        ),
        (
            "Finance won't do annual upfront; can we pay monthly?",
            Other,
            None,
        ),
        (
            "We decided against it in March, but now we'd like to revisit it.",
            Other,
            None,
        ),
        (
            "We're not renewing with our current vendor, so we need yours sooner.",
            Other,
            None,
        ),
        ("I can't make the meeting on Tuesday.", Other, None),
        (
            "We'll pass your details on to our finance team.",
            Other,
            None,
        ),
        ("We won't be able to join the webinar.", Other, None),
        ("Would you pass on the pricing sheet to Mark?", Other, None),
        (
            "Is this off the table or can we still discuss?",
            Other,
            None,
        ),
        (
            "Nothing is off the table yet, we're still evaluating.",
            Other,
            None,
        ),
        (
            "We're going ahead with the annual plan, please send the contract.",
            Other,
            None,
        ),
        ("No problem, go ahead and book the onboarding.", Other, None),
        ("We decided not to wait: let's sign this week.", Other, None),
        ("We will not be switching away from you.", Other, None),
        (
            "We're interested, but need to check with finance first.",
            Other,
            None,
        ),
        (
            "Can you send a revised quote with fewer seats?",
            Other,
            None,
        ),
        (
            "We won't be able to make the call tomorrow, can we reschedule?",
            Other,
            None,
        ),
        (
            "Our old vendor said no to our request, so we want to move to you.",
            Other,
            None,
        ),
        (
            "If the price doesn't work, we'll have to pass, but let's talk first.",
            Other,
            None,
        ),
        ("Please pass this on to your billing team.", Other, None),
        (
            "The previous supplier was turned down by our board, so your timing is great.",
            Other,
            None,
        ),
        (
            "We decided against the cheaper option and want to go ahead with yours.",
            Other,
            None,
        ),
        (
            "Let me know if you need anything else from us.",
            Other,
            None,
        ),
        (
            "Thanks, we'll review and get back to you next week.",
            Other,
            None,
        ),
        ("Could we move the kickoff to next week?", Other, None),
        (
            "We need a couple more weeks before we can decide.",
            Other,
            None,
        ),
        (
            "We're not ready to sign today, but we'd like a demo for the wider team.",
            Other,
            None,
        ),
        ("Nothing's been decided yet.", Other, None),
        (
            "We are happy to proceed; please send over the paperwork.",
            Other,
            None,
        ),
        (
            "The other vendor was turned down, so we're keen to hear your pricing.",
            Other,
            None,
        ),
        (
            "We are comparing you with two other suppliers and will decide next week.",
            Other,
            None,
        ),
        ("I'm out of the office until Monday.", AutoReply, None),
        ("We love it, can we start next month?", Other, None),
        ("Our budget is approved, let's go.", Other, None),
        ("What would the price be for 10 users?", Other, None),
        (
            "If it's more than we want to spend, we'll let you know.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn german_breadth_rejections() {
    check_all(&[
        (
            "Wir werden Ihnen keinen Auftrag erteilen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Das kommt für uns leider nicht in Frage.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben beschlossen, das Projekt nicht weiterzuverfolgen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Ich muss Ihnen leider absagen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben uns für einen anderen Dienstleister entschieden.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Den Zuschlag hat ein anderer Anbieter erhalten.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Der Auftrag ging an eine andere Agentur.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Wir bleiben vorerst bei unserer bisherigen Lösung.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Wir machen mit unserem jetzigen System weiter.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Das Angebot liegt deutlich über dem, was wir eingeplant hatten.",
            Rejection,
            Some(Price),
        ),
        (
            "Das übersteigt unser Budget bei weitem.",
            Rejection,
            Some(Price),
        ),
        (
            "Dafür fehlt uns aktuell das Budget.",
            Rejection,
            Some(Price),
        ),
        (
            "Vor dem zweiten Halbjahr wird das nichts.",
            Rejection,
            Some(Timing),
        ),
        (
            "Wir stellen das Thema bis nächstes Jahr zurück.",
            Rejection,
            Some(Timing),
        ),
        (
            "Das Thema ist für uns vom Tisch.",
            Rejection,
            Some(Unspecified),
        ),
        ("Wir haben keine Verwendung dafür.", Rejection, Some(NoNeed)),
        (
            "Das erledigt unser Disponent bisher im Kopf.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Das machen wir weiterhin mit Excel.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Wir werden das nicht umsetzen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir möchten das Angebot nicht annehmen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben uns dagegen entschieden.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir sehen von einer Beauftragung ab.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir werden von dem Angebot keinen Gebrauch machen.",
            Rejection,
            Some(Unspecified),
        ),
        ("Daraus wird leider nichts.", Rejection, Some(Unspecified)),
        ("Wir verzichten dankend.", Rejection, Some(Unspecified)),
        (
            "Das lohnt sich für uns nicht.",
            Rejection,
            Some(Unspecified),
        ),
        ("Das ist nichts für uns.", Rejection, Some(Unspecified)),
        (
            "Wir schließen das Thema hiermit ab.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir möchten die Zusammenarbeit nicht fortsetzen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir gehen nicht weiter mit dem Angebot.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben uns entschlossen, es beim Status quo zu belassen.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Die Geschäftsführung hat das Projekt gestoppt.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben mittlerweile einen anderen Partner gefunden.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Wir ziehen uns aus dem Prozess zurück.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben intern entschieden, das nicht weiter zu verfolgen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Für uns ist das Thema damit erledigt.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir setzen das Projekt vorerst nicht um.",
            Rejection,
            Some(Timing),
        ),
        (
            "Das können wir uns derzeit schlicht nicht leisten.",
            Rejection,
            Some(Price),
        ),
        (
            "Wir sind mit unserem bisherigen Dienstleister zufrieden und bleiben dort.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Die Wahl fiel auf einen anderen Anbieter.",
            Rejection,
            Some(Competitor),
        ),
        ("Wir brauchen so etwas nicht.", Rejection, Some(NoNeed)),
        (
            "Vor Herbst ist da nichts zu machen.",
            Rejection,
            Some(Timing),
        ),
        (
            "Wir haben uns anders entschieden.",
            Rejection,
            Some(Unspecified),
        ),
        ("Das Budget gibt das nicht her.", Rejection, Some(Price)),
        (
            "Das ist für uns aktuell kein Thema.",
            Rejection,
            Some(Timing),
        ),
        ("Wir belassen es dabei.", Rejection, Some(Unspecified)),
        (
            "Wir sind bereits gut versorgt.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Wir haben schon einen Anbieter dafür.",
            Rejection,
            Some(NoDecision),
        ),
        ("Da sind wir raus.", Rejection, Some(Unspecified)),
        ("Das ist uns zu teuer.", Rejection, Some(Price)),
        (
            "Wir werden das Angebot nicht wahrnehmen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir möchten uns bei dem Projekt nicht weiter engagieren.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben uns für die Konkurrenz entschieden.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Das Thema hat sich für uns erledigt.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir arbeiten weiterhin mit unserem Stammlieferanten.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Momentan fehlen uns die Kapazitäten dafür.",
            Rejection,
            Some(Timing),
        ),
    ]);
}

#[test]
fn german_breadth_hard_negatives() {
    check_all(&[
        ("Falls wir nicht weitermachen, melde ich mich.", Other, None),
        (
            "Können Sie beim Preis noch etwas machen? Sonst wird es schwierig.",
            Other,
            None,
        ),
        (
            "Den Termin am Dienstag muss ich leider absagen.",
            Other,
            None,
        ),
        (
            "Wir haben uns für Ihr Angebot entschieden, bitte senden Sie den Vertrag.",
            Other,
            None,
        ),
        (
            "Wir kündigen bei unserem alten Anbieter und brauchen Ihre Lösung schneller.",
            Other,
            None,
        ),
        (
            "Im März hatten wir abgelehnt, aber jetzt möchten wir das Thema neu aufrollen.",
            Other,
            None,
        ),
        (
            "Die Buchhaltung möchte keine jährliche Vorauszahlung, geht auch monatlich?",
            Other,
            None,
        ),
        (
            "Wir müssen das noch intern abstimmen, melden uns nächste Woche.",
            Other,
            None,
        ),
        ("Wir prüfen das Angebot noch und melden uns.", Other, None),
    ]);
}

#[test]
fn french_breadth_rejections() {
    check_all(&[
        (
            "Nous n'allons pas donner suite à votre proposition.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Ce n'est pas dans nos moyens pour le moment.",
            Rejection,
            Some(Price),
        ),
        (
            "Nous avons décidé de ne pas aller plus loin.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous ne retiendrons pas votre offre.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Le marché a été attribué à un autre prestataire.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Nous avons choisi de travailler avec une autre agence.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Nous restons avec notre fournisseur actuel.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Nous allons continuer avec nos tableurs Excel.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Le devis dépasse largement ce que nous avions prévu.",
            Rejection,
            Some(Price),
        ),
        (
            "Nous n'avons pas le budget cette année.",
            Rejection,
            Some(Price),
        ),
        (
            "Nous préférons attendre le second semestre.",
            Rejection,
            Some(Timing),
        ),
        (
            "Nous remettons ce sujet à l'année prochaine.",
            Rejection,
            Some(Timing),
        ),
        ("Ce n'est pas pour nous.", Rejection, Some(Unspecified)),
        (
            "C'est hors de question pour l'instant.",
            Rejection,
            Some(Timing),
        ),
        ("Nous renonçons à ce projet.", Rejection, Some(Unspecified)),
        ("Nous allons laisser tomber.", Rejection, Some(Unspecified)),
        (
            "Nous avons écarté votre solution.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous ne passerons pas commande.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous ne souhaitons pas nous engager.",
            Rejection,
            Some(Unspecified),
        ),
        ("Nous n'en avons pas l'usage.", Rejection, Some(NoNeed)),
        (
            "Notre responsable gère déjà tout cela de tête.",
            Rejection,
            Some(NoNeed),
        ),
        ("Nous préférons en rester là.", Rejection, Some(Unspecified)),
        ("Le projet est abandonné.", Rejection, Some(Unspecified)),
        ("La direction a dit non.", Rejection, Some(Unspecified)),
        ("Nous déclinons votre offre.", Rejection, Some(Unspecified)),
        ("On ne va pas le faire.", Rejection, Some(Unspecified)),
        ("Nous ne donnerons pas suite.", Rejection, Some(Unspecified)),
        ("Nous allons nous abstenir.", Rejection, Some(Unspecified)),
        (
            "Ce ne sera pas possible pour nous.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous ne sommes plus preneurs.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous n'irons pas plus loin avec votre offre.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous avons finalement choisi un autre cabinet.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Le budget alloué ne permet pas cette dépense.",
            Rejection,
            Some(Price),
        ),
        (
            "Nous gardons notre organisation actuelle.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Ce projet n'est plus d'actualité.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous ne sommes pas intéressés pour le moment.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous reviendrons vers vous l'année prochaine, pas avant.",
            Rejection,
            Some(Timing),
        ),
        (
            "Ça ne nous servirait pas vraiment.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Nous avons fait un autre choix.",
            Rejection,
            Some(Competitor),
        ),
        ("Nous sommes déjà équipés.", Rejection, Some(NoDecision)),
        (
            "Ce n'est pas une priorité pour nous actuellement.",
            Rejection,
            Some(Timing),
        ),
        (
            "Nous allons nous en tenir à notre solution actuelle.",
            Rejection,
            Some(NoDecision),
        ),
        ("Le budget ne le permet pas.", Rejection, Some(Price)),
        ("On laisse tomber.", Rejection, Some(Unspecified)),
        ("Ce sera sans nous.", Rejection, Some(Unspecified)),
        (
            "Nous ne poursuivrons pas la collaboration.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous préférons ne pas donner suite pour l'instant.",
            Rejection,
            Some(Timing),
        ),
        (
            "Votre tarif est au-dessus de nos possibilités.",
            Rejection,
            Some(Price),
        ),
        (
            "Nous avons retenu la proposition d'un concurrent.",
            Rejection,
            Some(Competitor),
        ),
        ("Nous n'en voyons pas l'utilité.", Rejection, Some(NoNeed)),
    ]);
}

#[test]
fn french_breadth_hard_negatives() {
    check_all(&[
        (
            "Si nous ne donnons pas suite, je vous préviens.",
            Other,
            None,
        ),
        (
            "Pouvez-vous faire un geste sur le prix ? Sinon ce sera difficile.",
            Other,
            None,
        ),
        (
            "Je ne pourrai pas assister à la réunion de mardi.",
            Other,
            None,
        ),
        (
            "Nous validons votre offre, merci d'envoyer le contrat.",
            Other,
            None,
        ),
        (
            "Nous résilions notre contrat actuel et avons besoin de votre solution plus tôt.",
            Other,
            None,
        ),
        (
            "Nous avions renoncé en mars, mais nous voulons maintenant relancer le sujet.",
            Other,
            None,
        ),
        (
            "Nous revenons vers vous après validation interne.",
            Other,
            None,
        ),
        (
            "Nous étudions votre offre et revenons vers vous.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn spanish_breadth_rejections() {
    check_all(&[
        (
            "No seguimos adelante con la propuesta.",
            Rejection,
            Some(Unspecified),
        ),
        ("Lo descartamos por ahora.", Rejection, Some(Unspecified)),
        (
            "Nos quedamos con la otra propuesta.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Hemos decidido no avanzar con el proyecto.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "No vamos a contratar el servicio.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "La adjudicación fue para otra empresa.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Hemos optado por otro proveedor.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Seguiremos con nuestro sistema actual.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Vamos a seguir trabajando con Excel como hasta ahora.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "El presupuesto supera con creces lo que teníamos previsto.",
            Rejection,
            Some(Price),
        ),
        (
            "No contamos con partida para esto este año.",
            Rejection,
            Some(Price),
        ),
        (
            "Lo retomaremos el año que viene, ahora no.",
            Rejection,
            Some(Timing),
        ),
        ("No es para nosotros.", Rejection, Some(Unspecified)),
        ("Queda descartado.", Rejection, Some(Unspecified)),
        ("Desistimos de la compra.", Rejection, Some(Unspecified)),
        ("Renunciamos al proyecto.", Rejection, Some(Unspecified)),
        ("Preferimos dejarlo aquí.", Rejection, Some(Unspecified)),
        ("No nos sirve.", Rejection, Some(NoNeed)),
        ("No le daríamos uso.", Rejection, Some(NoNeed)),
        (
            "Nuestro encargado lo lleva todo de memoria.",
            Rejection,
            Some(NoNeed),
        ),
        ("Hemos decidido no seguir.", Rejection, Some(Unspecified)),
        (
            "No vamos a poder seguir con esto.",
            Rejection,
            Some(Unspecified),
        ),
        ("La dirección dijo que no.", Rejection, Some(Unspecified)),
        ("Vamos a pasar esta vez.", Rejection, Some(Unspecified)),
        ("No procede por ahora.", Rejection, Some(Unspecified)),
        ("Se nos va de presupuesto.", Rejection, Some(Price)),
        ("No es prioritario este año.", Rejection, Some(Timing)),
        (
            "Hemos cerrado con otro proveedor.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Al final hemos decidido no contratar.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Preferimos seguir como estamos.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "El precio se escapa de lo que podemos pagar.",
            Rejection,
            Some(Price),
        ),
        (
            "Nos decantamos por otra opción.",
            Rejection,
            Some(Competitor),
        ),
        (
            "No es algo que necesitemos ahora mismo.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Vamos a dejarlo para el año que viene.",
            Rejection,
            Some(Timing),
        ),
        (
            "No lo vemos claro, así que no seguiremos.",
            Rejection,
            Some(Unspecified),
        ),
        ("Hemos tomado otra decisión.", Rejection, Some(Unspecified)),
        (
            "Ya estamos cubiertos en ese aspecto.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Ya contamos con un proveedor para eso.",
            Rejection,
            Some(NoDecision),
        ),
        ("Por ahora no nos interesa.", Rejection, Some(Timing)),
        ("El presupuesto no da para esto.", Rejection, Some(Price)),
        ("Gracias, pero no.", Rejection, Some(Unspecified)),
        (
            "No vamos a continuar con el proceso.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Hemos decidido quedarnos con nuestro proveedor de siempre.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Lo sentimos, pero no es viable para nosotros.",
            Rejection,
            Some(Unspecified),
        ),
        ("No tenemos necesidad de algo así.", Rejection, Some(NoNeed)),
        ("De momento lo dejamos en pausa.", Rejection, Some(Timing)),
    ]);
}

#[test]
fn spanish_breadth_hard_negatives() {
    check_all(&[
        ("Si no seguimos adelante, te aviso.", Other, None),
        (
            "¿Podrían hacer algo con el precio? Si no, será difícil.",
            Other,
            None,
        ),
        ("No podré asistir a la reunión del martes.", Other, None),
        ("Aceptamos la propuesta, envíen el contrato.", Other, None),
        (
            "Cancelamos con nuestro proveedor actual y necesitamos su solución antes.",
            Other,
            None,
        ),
        (
            "Lo descartamos en marzo, pero ahora queremos retomarlo.",
            Other,
            None,
        ),
        ("Todavía lo estamos evaluando, te aviso.", Other, None),
        ("Estamos revisando la propuesta internamente.", Other, None),
    ]);
}

#[test]
fn dutch_breadth_rejections() {
    check_all(&[
        ("Dat gaan we niet doen.", Rejection, Some(Unspecified)),
        ("We zien ervan af.", Rejection, Some(Unspecified)),
        (
            "We gaan niet verder met jullie voorstel.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We hebben besloten om het niet door te zetten.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "De opdracht is naar een ander bureau gegaan.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We hebben voor een andere partij gekozen.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We blijven bij onze huidige leverancier.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We houden het voorlopig bij Excel.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "De offerte ligt ruim boven wat we hadden begroot.",
            Rejection,
            Some(Price),
        ),
        ("Daar hebben we geen budget voor.", Rejection, Some(Price)),
        (
            "We pakken dit volgend jaar misschien weer op, nu niet.",
            Rejection,
            Some(Timing),
        ),
        ("Het is niets voor ons.", Rejection, Some(Unspecified)),
        ("We laten het hierbij.", Rejection, Some(Unspecified)),
        ("We haken af.", Rejection, Some(Unspecified)),
        ("We laten het schieten.", Rejection, Some(Unspecified)),
        (
            "Onze planner houdt dat allemaal in zijn hoofd bij.",
            Rejection,
            Some(NoNeed),
        ),
        ("We hebben er geen behoefte aan.", Rejection, Some(NoNeed)),
        ("Het is van de baan.", Rejection, Some(Unspecified)),
        ("Het project is geschrapt.", Rejection, Some(Unspecified)),
        (
            "De directie heeft nee gezegd.",
            Rejection,
            Some(Unspecified),
        ),
        ("We gaan het niet afnemen.", Rejection, Some(Unspecified)),
        (
            "We zullen geen opdracht geven.",
            Rejection,
            Some(Unspecified),
        ),
        ("We stoppen ermee.", Rejection, Some(Unspecified)),
        ("Dat zit er voor ons niet in.", Rejection, Some(Unspecified)),
        ("We gaan er niet mee verder.", Rejection, Some(Unspecified)),
        (
            "We gaan niet met jullie in zee.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We hebben intern besloten er niet mee door te gaan.",
            Rejection,
            Some(Unspecified),
        ),
        ("Het past niet binnen ons budget.", Rejection, Some(Price)),
        (
            "We kiezen voor een andere oplossing.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We blijven voorlopig werken zoals we nu doen.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Dit is voor ons geen prioriteit dit jaar.",
            Rejection,
            Some(Timing),
        ),
        ("We hebben het afgeblazen.", Rejection, Some(Unspecified)),
        (
            "We hebben een andere keuze gemaakt.",
            Rejection,
            Some(Competitor),
        ),
        ("We zijn al voorzien.", Rejection, Some(NoDecision)),
        (
            "We hebben al een leverancier hiervoor.",
            Rejection,
            Some(NoDecision),
        ),
        ("Het budget laat het niet toe.", Rejection, Some(Price)),
        ("Wij passen.", Rejection, Some(Unspecified)),
        ("Voor ons is het geen optie.", Rejection, Some(Unspecified)),
        (
            "We gaan niet in op uw aanbod.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We kiezen ervoor om het zelf te blijven doen.",
            Rejection,
            Some(NoNeed),
        ),
        ("Dat is voor ons te duur.", Rejection, Some(Price)),
        (
            "We stellen het uit tot volgend jaar.",
            Rejection,
            Some(Timing),
        ),
    ]);
}

#[test]
fn dutch_breadth_hard_negatives() {
    check_all(&[
        ("Als we niet verder gaan, laat ik het weten.", Other, None),
        (
            "Kunnen jullie nog iets aan de prijs doen? Anders wordt het lastig.",
            Other,
            None,
        ),
        ("Ik kan dinsdag niet bij de vergadering zijn.", Other, None),
        ("We gaan akkoord, stuur het contract maar.", Other, None),
        (
            "We zeggen ons huidige contract op en hebben jullie oplossing sneller nodig.",
            Other,
            None,
        ),
        (
            "In maart zagen we ervan af, maar nu willen we het opnieuw bekijken.",
            Other,
            None,
        ),
        ("We moeten nog intern overleggen.", Other, None),
        ("We bekijken het voorstel nog intern.", Other, None),
    ]);
}

#[test]
fn portuguese_breadth_rejections() {
    check_all(&[
        ("Vamos passar desta vez.", Rejection, Some(Unspecified)),
        ("Não vamos avançar com isso.", Rejection, Some(Unspecified)),
        (
            "Decidimos não seguir adiante.",
            Rejection,
            Some(Unspecified),
        ),
        ("Optamos por outra empresa.", Rejection, Some(Competitor)),
        (
            "O contrato foi para outro fornecedor.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Vamos continuar com o sistema que já temos.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Vamos manter as nossas planilhas.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "O valor ficou bem acima do que tínhamos previsto.",
            Rejection,
            Some(Price),
        ),
        ("Não temos verba para isso.", Rejection, Some(Price)),
        (
            "Vamos retomar no ano que vem, agora não.",
            Rejection,
            Some(Timing),
        ),
        ("Não é para nós.", Rejection, Some(Unspecified)),
        ("Desistimos da compra.", Rejection, Some(Unspecified)),
        ("Abrimos mão da proposta.", Rejection, Some(Unspecified)),
        ("Descartamos a proposta.", Rejection, Some(Unspecified)),
        ("Não vamos fechar negócio.", Rejection, Some(Unspecified)),
        ("Não vamos dar continuidade.", Rejection, Some(Unspecified)),
        (
            "Nosso gerente já controla tudo de cabeça.",
            Rejection,
            Some(NoNeed),
        ),
        ("A diretoria disse não.", Rejection, Some(Unspecified)),
        ("Fica para uma próxima.", Rejection, Some(Timing)),
        ("Deixamos para lá.", Rejection, Some(Unspecified)),
        ("Não nos interessa.", Rejection, Some(Unspecified)),
        (
            "Não faz parte dos nossos planos.",
            Rejection,
            Some(Unspecified),
        ),
        ("Resolvemos não contratar.", Rejection, Some(Unspecified)),
        (
            "Preferimos ficar com o fornecedor atual.",
            Rejection,
            Some(NoDecision),
        ),
        ("Está fora de questão.", Rejection, Some(Unspecified)),
        ("Não vamos levar adiante.", Rejection, Some(Unspecified)),
        (
            "Decidimos seguir com o fornecedor atual.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Infelizmente não vamos prosseguir.",
            Rejection,
            Some(Unspecified),
        ),
        ("Escolhemos outra solução.", Rejection, Some(Competitor)),
        ("Está acima do nosso orçamento.", Rejection, Some(Price)),
        (
            "Agora não é o momento, talvez no ano que vem.",
            Rejection,
            Some(Timing),
        ),
        ("Não precisamos disso.", Rejection, Some(NoNeed)),
        (
            "Vamos deixar essa ideia de lado.",
            Rejection,
            Some(Unspecified),
        ),
        ("Fizemos outra escolha.", Rejection, Some(Competitor)),
        (
            "Já estamos atendidos nesse ponto.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Já temos fornecedor para isso.",
            Rejection,
            Some(NoDecision),
        ),
        ("Por ora não nos interessa.", Rejection, Some(Unspecified)),
        ("O orçamento não permite.", Rejection, Some(Price)),
        ("Vamos ficar por aqui.", Rejection, Some(Unspecified)),
        ("Para nós não dá.", Rejection, Some(Unspecified)),
        (
            "Não vamos seguir com a contratação.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Decidimos manter a solução atual.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Não temos como investir nisso agora.",
            Rejection,
            Some(Unspecified),
        ),
        ("Não há necessidade no momento.", Rejection, Some(NoNeed)),
        ("O projeto foi cancelado.", Rejection, Some(Unspecified)),
    ]);
}

#[test]
fn portuguese_breadth_hard_negatives() {
    check_all(&[
        ("Se não avançarmos, aviso você.", Other, None),
        (
            "Vocês conseguem melhorar o preço? Caso contrário fica difícil.",
            Other,
            None,
        ),
        ("Não poderei participar da reunião de terça.", Other, None),
        (
            "Aceitamos a proposta, podem enviar o contrato.",
            Other,
            None,
        ),
        (
            "Vamos cancelar com o fornecedor atual e precisamos da vossa solução mais cedo.",
            Other,
            None,
        ),
        (
            "Tínhamos desistido em março, mas agora queremos retomar o assunto.",
            Other,
            None,
        ),
        ("Ainda estamos avaliando, retornamos em breve.", Other, None),
        ("Estamos analisando a proposta e retornamos.", Other, None),
    ]);
}

#[test]
fn english_reason_weighing_round() {
    check_all(&[
        // A ranking on an internal list is a priorities story, even with "this year" beside it.
        (
            "Our board ranked it number 9 on a list where only four get funded this year, so we will not go ahead.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "It is simply not high enough on our roadmap, so we will not pursue it.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We will keep muddling along with our whiteboard, so we will not go ahead.",
            Rejection,
            Some(NoDecision),
        ),
        // A reorg in the sentence next to a bare no decides the reason.
        (
            "Our firm is being merged into a larger group and the new management will pick the tools. We will not go ahead.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Our unit is being absorbed into the parent company next quarter. I am afraid this deal is dead on our side.",
            Rejection,
            Some(NoDecision),
        ),
        // "not going to move forward" is a plain no, not a refusal to switch vendors.
        (
            "We are not going to move forward with the proposal.",
            Rejection,
            Some(Unspecified),
        ),
        // Cost told indirectly, in the sentence before the no.
        (
            "Our finances have no room for another yearly licence of that size. So we will not go ahead.",
            Rejection,
            Some(Price),
        ),
        (
            "With the payback on a site like ours well over five years, we will not go ahead.",
            Rejection,
            Some(Price),
        ),
        (
            "Realistically we could never add another 700 a month to our costs, so we will pass.",
            Rejection,
            Some(Price),
        ),
        (
            "We will not renew. It is hard to justify paying more for the same features.",
            Rejection,
            Some(Price),
        ),
        (
            "It would have to be about half of what you quoted. We will not go ahead.",
            Rejection,
            Some(Price),
        ),
        // "I do not want to waste your time" is courtesy, not "we do not want it".
        (
            "I do not want to waste more of your time, so we will not go ahead.",
            Rejection,
            Some(Unspecified),
        ),
        // A freeze until the next budget is a timing no; a callback to resubmit confirms it.
        (
            "There is a purchasing freeze in place until the new fiscal year, so we cannot proceed.",
            Rejection,
            Some(Timing),
        ),
        (
            "We are not in a position to proceed with this purchase at the present time.",
            Rejection,
            Some(Timing),
        ),
        (
            "We are not ready to kick off a project like this; please write again next spring.",
            Rejection,
            Some(Timing),
        ),
        // Built or cobbled together in-house, or the paper way works: no need.
        (
            "Our developer cobbled together a small script in house last month, so we are fine.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "The paper notebook at the desk actually works fine for a shop like ours, so no thanks.",
            Rejection,
            Some(NoNeed),
        ),
    ]);
}

#[test]
fn english_reason_weighing_round_hard_negatives() {
    check_all(&[
        (
            "Could you send the version where we add another 2 seats per month?",
            Other,
            None,
        ),
        ("The freeze ends in March, then we can sign.", Other, None),
        ("Setting it up was dead simple, thanks.", Other, None),
    ]);
}

#[test]
fn other_languages_reason_weighing_round() {
    check_all(&[
        (
            "Wij zijn niet in staat dit te doen, want het is drie keer meer dan wat we voor ogen hadden.",
            Rejection,
            Some(Price),
        ),
        (
            "We gaan voorlopig met onze bestaande planningstool verder.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Deze zomer gaat het er bij ons helaas niet van komen.",
            Rejection,
            Some(Timing),
        ),
        (
            "Por ahora nos quedamos con lo que tenemos en la oficina.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Après la fusion, tout est décidé ailleurs. Nous ne sommes pas en mesure d'y donner suite.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Nous ne pourrons rien lancer avant le premier trimestre 2027, désolés.",
            Rejection,
            Some(Timing),
        ),
    ]);
}

#[test]
fn other_languages_reason_weighing_round_hard_negatives() {
    check_all(&[
        (
            "Het gaat er vast van komen, we tekenen volgende week.",
            Other,
            None,
        ),
        ("Nous signerons avant le premier trimestre.", Other, None),
    ]);
}
