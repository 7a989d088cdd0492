//! Unit tests for the whole classifier: many independent wordings per language, hard negatives.
//! Each case is a `Mail` with only the new text (or headers) set.

use super::*;
use crate::message::{Address, Mail};

fn classifier() -> Classifier {
    Classifier::new(&rules_engine()).unwrap()
}

fn text(t: &str) -> Mail {
    Mail {
        new_text: t.to_string(),
        ..Default::default()
    }
}

#[test]
fn send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Classifier>();
}

use Class::{AutoReply, Bulk, Other, Referral, Rejection, Unsubscribe};
use Reason::{Competitor, NoDecision, NoNeed, Price, Timing, Unspecified};

fn check_all(cases: &[(&str, Class, Option<Reason>)]) {
    let c = classifier();
    let mut failures = Vec::new();
    for (t, class, reason) in cases {
        let v = c.classify(&text(t));
        if (v.class, v.reason) != (*class, *reason) {
            failures.push(format!("{t:?}: want {class:?}/{reason:?}, got {v:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn english_rejections() {
    check_all(&[
        (
            "Thanks for all the effort. We won't be moving ahead with the project this time.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "After reviewing everything internally, we have chosen not to proceed.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "I'm going to pass. Appreciate you reaching out though.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We loved the demo, but we'll pass.",
            Rejection,
            Some(Unspecified),
        ),
        ("Not interested, thanks.", Rejection, Some(Unspecified)),
        (
            "We've signed with another agency for the redesign.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Leadership picked a different vendor whose roadmap lines up better with ours.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We ended up partnering with a local firm instead.",
            Rejection,
            Some(Competitor),
        ),
        (
            "The contract was awarded to another supplier.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We went with a cheaper provider, sorry.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We're sticking with our current provider for now.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We've decided to keep our existing setup.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Honestly we're fine with the system we already have.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We're going to keep it in-house.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Other priorities have taken over, so we won't be pursuing this.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "It's just not a good fit for how we work.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "The platform doesn't meet our requirements, so we'll decline.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "We don't really need this; our team builds these tools ourselves.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "This isn't what we're looking for.",
            Rejection,
            Some(NoNeed),
        ),
        ("We have no budget for this. Sorry.", Rejection, Some(Price)),
        (
            "Our budget got slashed last week, so we can't move forward.",
            Rejection,
            Some(Price),
        ),
        (
            "It's way too expensive for a company our size.",
            Rejection,
            Some(Price),
        ),
        (
            "We simply can't afford it this year.",
            Rejection,
            Some(Price),
        ),
        (
            "Not now. Try me again in the autumn.",
            Rejection,
            Some(Timing),
        ),
        (
            "Timing isn't right for us, the whole initiative is on hold until next year.",
            Rejection,
            Some(Timing),
        ),
        (
            "We're putting the project on ice for the rest of the year.",
            Rejection,
            Some(Timing),
        ),
        (
            "Please cancel our subscription at the end of the month.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "We will not be renewing our license when it expires.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "I'd like to unsubscribe from my premium plan and stop the billing.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Unfortunately your bid was unsuccessful.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "we r gonna have to pass for now",
            Rejection,
            Some(Unspecified),
        ),
    ]);
}

#[test]
fn english_hard_negatives() {
    check_all(&[
        (
            "We've decided to go ahead. Please send over the contract.",
            Other,
            None,
        ),
        (
            "We decided not to wait - let's proceed with the rollout.",
            Other,
            None,
        ),
        (
            "We're NOT going with the other vendor after all.",
            Other,
            None,
        ),
        (
            "We'll pass on the add-on, but go ahead with the base package.",
            Other,
            None,
        ),
        (
            "I can't make Tuesday, does Thursday at 3pm work?",
            Other,
            None,
        ),
        (
            "I have to decline the meeting invite for Friday, I'm travelling.",
            Other,
            None,
        ),
        (
            "It's too expensive as quoted - what can you do?",
            Other,
            None,
        ),
        (
            "The price is a bit high. Could you offer a discount for a two-year term?",
            Other,
            None,
        ),
        (
            "We're still deciding and waiting for board approval.",
            Other,
            None,
        ),
        (
            "Let me think about it and circle back next month?",
            Other,
            None,
        ),
        (
            "If we decide not to proceed, is there a cancellation fee?",
            Other,
            None,
        ),
        ("Looks good, let's get started next week.", Other, None),
        (
            "Thanks for the update, I'll pass this on to my manager.",
            Other,
            None,
        ),
        (
            "Quick question: does the price include onboarding?",
            Other,
            None,
        ),
        ("No problem, go ahead.", Other, None),
        ("Great call today, talk soon.", Other, None),
        (
            "We decided to go with you - send the paperwork.",
            Other,
            None,
        ),
        (
            "The budget was approved yesterday, so we're good to go.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn english_referral_and_unsubscribe() {
    check_all(&[
        (
            "I'm not the right person for this, please talk to Dana in procurement.",
            Referral,
            None,
        ),
        (
            "I'm no longer with Acme; my colleague Sam took over my accounts.",
            Referral,
            None,
        ),
        (
            "I've forwarded your email to our IT manager who handles these purchases.",
            Referral,
            None,
        ),
        (
            "Please remove me from your mailing list.",
            Unsubscribe,
            None,
        ),
        ("Stop emailing me.", Unsubscribe, None),
        ("STOP", Unsubscribe, None),
        ("Not interested. Take me off your list.", Unsubscribe, None),
        ("unsubscribe", Unsubscribe, None),
    ]);
}

#[test]
fn english_out_of_office_body() {
    let c = classifier();
    let v = c.classify(&text(
        "I am out of the office until Monday with limited access to email. For urgent matters please contact the front desk.",
    ));
    assert_eq!(v.class, AutoReply);
    // A person mentioning leave in passing while saying no is not a robot.
    let mut mail = text("I'm on leave next week, but quickly: we've decided not to proceed.");
    mail.in_reply_to = vec!["a@b".into()];
    assert_eq!(c.classify(&mail).class, Rejection);
}

#[test]
fn german() {
    check_all(&[
        (
            "Wir haben uns entschieden, das Projekt nicht weiterzuverfolgen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Leider müssen wir Ihnen absagen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Ihr Angebot können wir leider nicht annehmen.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben uns für einen anderen Anbieter entschieden.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Der Auftrag wurde an einen anderen Dienstleister vergeben.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Wir bleiben bei unserem bisherigen Dienstleister.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Aktuell haben wir dafür kein Budget.",
            Rejection,
            Some(Price),
        ),
        ("Das ist uns leider zu teuer.", Rejection, Some(Price)),
        (
            "Das Projekt wurde auf nächstes Jahr verschoben.",
            Rejection,
            Some(Timing),
        ),
        (
            "Wir haben keinen Bedarf an einer solchen Lösung.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Hiermit kündige ich meinen Vertrag fristgerecht.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Wir haben uns entschieden, Ihr Angebot anzunehmen.",
            Other,
            None,
        ),
        (
            "Den Termin am Dienstag muss ich leider absagen.",
            Other,
            None,
        ),
        (
            "Wir sind noch nicht entschieden und warten auf die Freigabe.",
            Other,
            None,
        ),
        (
            "Bitte nehmen Sie mich aus Ihrem Verteiler.",
            Unsubscribe,
            None,
        ),
        (
            "Ich bin nicht der richtige Ansprechpartner, bitte wenden Sie sich an Frau Berg.",
            Referral,
            None,
        ),
    ]);
}

#[test]
fn french() {
    check_all(&[
        (
            "Nous ne donnerons pas suite à votre proposition.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Après réflexion, nous avons décidé de ne pas poursuivre.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Votre offre n'a pas été retenue.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Nous avons choisi un autre prestataire.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Nous allons rester avec notre fournisseur actuel.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "C'est malheureusement trop cher pour nous.",
            Rejection,
            Some(Price),
        ),
        (
            "Nous n'avons pas de budget cette année.",
            Rejection,
            Some(Price),
        ),
        (
            "Ce n'est pas le bon moment pour nous.",
            Rejection,
            Some(Timing),
        ),
        (
            "Le projet est reporté à l'automne.",
            Rejection,
            Some(Timing),
        ),
        ("Nous n'en avons pas l'utilité.", Rejection, Some(NoNeed)),
        (
            "Je souhaite résilier mon abonnement.",
            Rejection,
            Some(Unspecified),
        ),
        ("Nous acceptons votre devis, merci.", Other, None),
        ("Je dois décaler notre réunion de mardi.", Other, None),
        ("Pourriez-vous faire une remise ?", Other, None),
        (
            "Merci de me retirer de votre liste de diffusion.",
            Unsubscribe,
            None,
        ),
        (
            "Je ne suis pas la bonne personne, contactez plutôt mon collègue.",
            Referral,
            None,
        ),
    ]);
}

#[test]
fn spanish() {
    check_all(&[
        (
            "Hemos decidido no seguir adelante con la propuesta.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Lamentablemente no podemos aceptar su oferta.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "No estamos interesados, gracias.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Hemos optado por otro proveedor.",
            Rejection,
            Some(Competitor),
        ),
        (
            "Vamos a seguir con nuestro proveedor actual.",
            Rejection,
            Some(NoDecision),
        ),
        ("Es demasiado caro para nosotros.", Rejection, Some(Price)),
        ("No tenemos presupuesto para esto.", Rejection, Some(Price)),
        (
            "No es el momento adecuado para nosotros.",
            Rejection,
            Some(Timing),
        ),
        ("Ya no lo necesitamos.", Rejection, Some(NoNeed)),
        (
            "Queremos cancelar el contrato de mantenimiento.",
            Rejection,
            Some(Unspecified),
        ),
        ("Aceptamos la propuesta, adelante.", Other, None),
        ("No puedo asistir a la reunión del martes.", Other, None),
        ("¿Podrían hacernos un descuento?", Other, None),
        ("Por favor, denme de baja de su lista.", Unsubscribe, None),
        ("No soy la persona adecuada para esto.", Referral, None),
    ]);
}

#[test]
fn dutch() {
    check_all(&[
        (
            "We hebben besloten om niet verder te gaan met uw voorstel.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Helaas gaan we er niet op in.",
            Rejection,
            Some(Unspecified),
        ),
        ("We zijn niet geïnteresseerd.", Rejection, Some(Unspecified)),
        (
            "We hebben gekozen voor een andere leverancier.",
            Rejection,
            Some(Competitor),
        ),
        (
            "We blijven bij onze huidige leverancier.",
            Rejection,
            Some(NoDecision),
        ),
        ("Het is ons te duur.", Rejection, Some(Price)),
        ("We hebben er geen budget voor.", Rejection, Some(Price)),
        ("Het is nu niet het juiste moment.", Rejection, Some(Timing)),
        (
            "Het project is uitgesteld tot volgend jaar.",
            Rejection,
            Some(Timing),
        ),
        ("We hebben er geen behoefte aan.", Rejection, Some(NoNeed)),
        (
            "Wij willen ons abonnement opzeggen.",
            Rejection,
            Some(Unspecified),
        ),
        ("Akkoord, we gaan ervoor.", Other, None),
        (
            "Ik kan helaas niet op de afspraak van maandag.",
            Other,
            None,
        ),
        ("Graag uitschrijven van deze lijst.", Unsubscribe, None),
        ("Ik ben niet de juiste persoon hiervoor.", Referral, None),
    ]);
}

#[test]
fn portuguese() {
    check_all(&[
        (
            "Decidimos não seguir com a proposta.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Infelizmente não vamos avançar.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Não estamos interessados no momento.",
            Rejection,
            Some(Unspecified),
        ),
        ("Escolhemos outro fornecedor.", Rejection, Some(Competitor)),
        ("Vamos manter a solução atual.", Rejection, Some(NoDecision)),
        ("Ficou muito caro para nós.", Rejection, Some(Price)),
        ("Não temos orçamento para isso.", Rejection, Some(Price)),
        ("Não é o momento certo.", Rejection, Some(Timing)),
        ("O projeto foi adiado.", Rejection, Some(Timing)),
        ("Não precisamos dessa ferramenta.", Rejection, Some(NoNeed)),
        (
            "Quero cancelar o meu contrato.",
            Rejection,
            Some(Unspecified),
        ),
        ("Aprovamos a proposta, vamos em frente.", Other, None),
        ("Não consigo participar da reunião de amanhã.", Other, None),
        ("Por favor me descadastrem da lista.", Unsubscribe, None),
        ("Não sou a pessoa responsável por isso.", Referral, None),
    ]);
}

#[test]
fn verdict_fields() {
    let c = classifier();
    let v = c.classify(&text(
        "Hi Sam,\n\nUnfortunately, after careful consideration, we've decided to go with\nanother provider.\n\nBest,\nJo",
    ));
    assert_eq!(v.class, Rejection);
    assert_eq!(v.reason, Some(Competitor));
    assert_eq!(
        v.evidence.as_deref(),
        Some("Unfortunately, after careful consideration, we've decided to go with another provider.")
    );
    assert_eq!(v.language.as_deref(), Some("en"));
    let bare = c.classify(&text("We've decided to go with another provider."));
    assert!(v.confidence > bare.confidence, "courtesy raises confidence");
    assert!(v.confidence <= 1.0 && bare.confidence > 0.5);
    let mut mail = text("Wir haben uns für einen anderen Anbieter entschieden.");
    mail.language = Some("de".into());
    assert_eq!(c.classify(&mail).language.as_deref(), Some("de"));
    assert_eq!(
        c.classify(&text("Nous avons choisi un autre prestataire."))
            .language
            .as_deref(),
        Some("fr")
    );
}

#[test]
fn robots_come_first() {
    let c = classifier();
    let mut mail = text("We won't be moving forward, I am out of the office.");
    mail.headers = vec![("auto-submitted".into(), "auto-replied".into())];
    let v = c.classify(&mail);
    assert_eq!(v.class, AutoReply);
    assert_eq!(v.evidence.as_deref(), Some("Auto-Submitted: auto-replied"));
    let mut mail = text("The summit will not go ahead this year.");
    mail.headers = vec![("list-id".into(), "<news.example>".into())];
    assert_eq!(c.classify(&mail).class, Bulk);
    let mut mail = text("We will not be moving forward.");
    mail.headers = vec![("x-auto-response-suppress".into(), "All".into())];
    assert_eq!(c.classify(&mail).class, Rejection);
}

#[test]
fn ignore_senders_and_extra_phrases() {
    let rules = Rules {
        extra_rejection_phrases: vec!["Thanks but we're set".into()],
        ignore_senders: vec![
            "Boss@Seller.example".into(),
            "@colleagues.example".into(),
            "*@partner.example".into(),
        ],
        ..rules_engine()
    };
    let c = Classifier::new(&rules).unwrap();
    for addr in [
        "boss@seller.example",
        "x@colleagues.example",
        "y@PARTNER.example",
    ] {
        let mut mail = text("We will not be moving forward.");
        mail.from = Some(Address {
            name: None,
            email: addr.into(),
        });
        let v = c.classify(&mail);
        assert_eq!(v.class, Other, "{addr}");
        assert!(v.evidence.unwrap().contains("ignore"));
    }
    let mut mail = text("We will not be moving forward.");
    mail.from = Some(Address {
        name: None,
        email: "y@sub.partner.example".into(),
    });
    assert_eq!(c.classify(&mail).class, Rejection);
    let v = c.classify(&text("Thanks, but we’re set. Have a good week."));
    assert_eq!((v.class, v.reason), (Rejection, Some(Unspecified)));
    let v = c.classify(&text("Thanks but we're set, the budget is gone."));
    assert_eq!((v.class, v.reason), (Rejection, Some(Price)));
    assert!(c.classify(&text("We're setting up the pilot.")).class == Other);
}

#[test]
fn bad_phrase_is_an_error() {
    for bad in ["   ", "?!", ""] {
        let rules = Rules {
            extra_rejection_phrases: vec![bad.into()],
            ..rules_engine()
        };
        let err = Classifier::new(&rules).unwrap_err();
        assert!(matches!(err, ClassifyError::BadPhrase { .. }), "{bad:?}");
    }
}

#[test]
fn odd_input_does_not_panic() {
    let c = classifier();
    for t in [
        "",
        "\u{0}\u{1}",
        "?????",
        &"no ".repeat(5000),
        "ÄÖÜ’’’ n'",
        "a.b.c.d.",
    ] {
        let v = c.classify(&text(t));
        assert!(v.confidence >= 0.0 && v.confidence <= 1.0);
    }
}

#[test]
fn referral_frames_without_the_word_person() {
    check_all(&[
        (
            "I don't deal with vendor contracts myself. Try our operations lead, Sam Ortiz.",
            Referral,
            None,
        ),
        (
            "Honestly it's not me you should talk to; it's our finance director, Priya.",
            Referral,
            None,
        ),
        (
            "You'll want Marta Diaz in procurement for anything like this.",
            Referral,
            None,
        ),
        (
            "I don't make the final call on software, our practice owner does.",
            Referral,
            None,
        ),
        (
            "Ich bin da leider die falsche Ansprechpartnerin.",
            Referral,
            None,
        ),
        // Hard negatives: a question, and a general remark next to a yes.
        (
            "You want this in the finance report by Friday?",
            Other,
            None,
        ),
        (
            "We don't make decisions lightly, and we've decided to go ahead with you.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn ending_a_plan_to_move_up_is_not_a_rejection() {
    check_all(&[
        (
            "We'll let the Starter plan lapse and move up to the Business tier instead.",
            Other,
            None,
        ),
        (
            "Please don't renew the old licences as they are: we want to add ten more seats.",
            Other,
            None,
        ),
        (
            "Wir kündigen das Basis-Paket und wechseln auf das Premium-Paket.",
            Other,
            None,
        ),
        // Hard negatives: the upgrade is denied or hypothetical.
        (
            "We're cancelling our subscription and won't upgrade to Premium either.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "If we ever upgrade to the enterprise plan we'll call you, but for now please cancel our account.",
            Rejection,
            Some(Unspecified),
        ),
    ]);
}

#[test]
fn price_complaint_with_a_bargaining_question_is_not_a_rejection() {
    check_all(&[
        (
            "Honestly the quote is higher than we expected. Could you offer any sort of discount for an annual commitment?",
            Other,
            None,
        ),
        (
            "It's a bit steep for us. Is there an education discount we could apply?",
            Other,
            None,
        ),
        (
            "The price is too much for us. What if we sign for three years?",
            Other,
            None,
        ),
        (
            "Der Preis ist uns zu hoch. Könnten Sie uns preislich etwas entgegenkommen?",
            Other,
            None,
        ),
        (
            "Le tarif est trop élevé pour nous. Pourriez-vous faire un effort si nous signons sur trois ans ?",
            Other,
            None,
        ),
        // Hard negative: the buyer says no and only thanks for the discount.
        (
            "It's simply too expensive for a practice our size, so we'll pass. Thanks for the discount though.",
            Rejection,
            Some(Price),
        ),
    ]);
}

#[test]
fn a_lifted_freeze_is_good_news() {
    check_all(&[
        (
            "Great news: the hiring freeze was lifted, so the rollout is back on. When can you start?",
            Other,
            None,
        ),
        (
            "The spending freeze has ended and our project is back on the table.",
            Other,
            None,
        ),
        (
            "Die Budgetsperre wurde aufgehoben, das Projekt ist wieder auf dem Tisch.",
            Other,
            None,
        ),
        // Hard negative: the freeze still holds.
        (
            "Our budget freeze is still in place, so we can't go ahead this year.",
            Rejection,
            Some(Price),
        ),
    ]);
}

#[test]
fn price_frames_value_reach_and_absorbing_increases() {
    check_all(&[
        (
            "In the end the committee felt the package wasn't good value for money, so we won't be taking this further.",
            Rejection,
            Some(Price),
        ),
        (
            "Even discounted, a platform like this is beyond our reach, so we will pass.",
            Rejection,
            Some(Price),
        ),
        (
            "Your 15% uplift is more than our business can absorb, so we will not renew.",
            Rejection,
            Some(Price),
        ),
        (
            "La propuesta se nos sale del presupuesto y no podemos asumirla.",
            Rejection,
            Some(Price),
        ),
        // Hard negative: good value and a yes.
        (
            "This represents good value for money, let's proceed.",
            Other,
            None,
        ),
        (
            "That target felt out of reach last year, but your tool got us there. Let's renew.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn no_need_frames_for_doing_it_ourselves() {
    check_all(&[
        (
            "We already handle most of that in house, so we'll pass on another tool.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "There's no longer any real need for a booking tool since we closed the shop.",
            Rejection,
            Some(NoNeed),
        ),
        (
            "Das decken wir schon mit unseren eigenen Werkzeugen ab, daher sehen wir keinen Bedarf.",
            Rejection,
            Some(NoNeed),
        ),
        // Hard negative: a question about needs.
        (
            "Is there any need for us to prepare data before the kickoff?",
            Other,
            None,
        ),
    ]);
}

#[test]
fn status_quo_frames_for_leaving_things_unchanged() {
    check_all(&[
        (
            "The board voted to leave our existing payroll setup untouched, so we're not moving ahead.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "We just extended our agreement with the incumbent vendor by a year; there's no room for an additional platform.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Vamos continuar com a ferramenta que já usamos.",
            Rejection,
            Some(NoDecision),
        ),
        (
            "Nous préférons garder notre organisation telle quelle.",
            Rejection,
            Some(NoDecision),
        ),
        // Hard negative: extending the contract with the seller.
        (
            "We've decided to extend our current contract with you for another year.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn timing_frames_for_a_bad_moment() {
    check_all(&[
        (
            "The timing doesn't work for us, we're in the middle of our year-end close. Try us again in spring.",
            Rejection,
            Some(Timing),
        ),
        (
            "Zeitlich passt es gerade überhaupt nicht, wir sind mitten im Umzug.",
            Rejection,
            Some(Timing),
        ),
        (
            "Het komt ons nu helaas niet goed uit, we zitten in de drukste periode.",
            Rejection,
            Some(Timing),
        ),
        // Hard negative: the timing works.
        (
            "The timing works well for us, let's go ahead.",
            Other,
            None,
        ),
    ]);
}

#[test]
fn formal_declines_and_dropped_projects() {
    check_all(&[
        (
            "Please treat this as our formal rejection of your tender.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "It doesn't make sense for us to invest in this right now.",
            Rejection,
            Some(Unspecified),
        ),
        (
            "Head office has signed a three-year framework agreement with another supplier.",
            Rejection,
            Some(Competitor),
        ),
        (
            "This has fallen off the list of things we're funding this year, so we won't pursue it.",
            Rejection,
            Some(NoDecision),
        ),
        // "off the list" about a person is still an opt-out.
        ("Take me off the list, please.", Unsubscribe, None),
        ("Please remove me from the mailing list.", Unsubscribe, None),
    ]);
}

#[test]
fn a_named_vendor_after_a_choice_verb_is_a_competitor() {
    let c = classifier();
    let mut mail = text("After the pilots we went with Brightwave. Thanks for your patience.");
    mail.to = vec![Address {
        name: Some("Robin Vendor".into()),
        email: "robin@vendorco.example".into(),
    }];
    let v = c.classify(&mail);
    assert_eq!((v.class, v.reason), (Rejection, Some(Competitor)));
    // The seller's own company and a plan name are not competitors.
    mail.new_text = "We decided to go with Vendorco, please send the paperwork.".into();
    assert_eq!(c.classify(&mail).class, Other);
    mail.new_text = "We opted for Premium, can you send the invoice?".into();
    assert_eq!(c.classify(&mail).class, Other);
    mail.new_text = "Last time we went with Zoom for the call, that works again.".into();
    assert_eq!(c.classify(&mail).class, Other);
    mail.new_text = "Nous avons finalement choisi Opsia pour ce projet.".into();
    let v = c.classify(&mail);
    assert_eq!((v.class, v.reason), (Rejection, Some(Competitor)));
}

fn forwarded_mail(from: &str, pointer: &str, note_from: &str, note: &str) -> Mail {
    let full = format!(
        "{pointer}\n\n---------- Forwarded message ---------\nFrom: Dana Boss <{note_from}>\nDate: Tue, 4 Mar 2025\nSubject: Re: the proposal\nTo: Kim <{from}>\n\n{note}\n\nDana\n"
    );
    Mail {
        from: Some(Address {
            name: Some("Kim Buyer".into()),
            email: from.into(),
        }),
        new_text: pointer.into(),
        full_text: full,
        ..Default::default()
    }
}

#[test]
fn a_pointer_to_a_forwarded_internal_no_is_a_rejection() {
    let c = classifier();
    let v = c.classify(&forwarded_mail(
        "kim@buyer.example",
        "Hi Robin,\n\nSee the note below from our finance director. Sorry, I tried.\n\nKim",
        "dana@buyer.example",
        "Kim, we can't fund this in the current budget, so let's drop it.",
    ));
    assert_eq!((v.class, v.reason), (Rejection, Some(Price)));
    let v = c.classify(&forwarded_mail(
        "kim@buyer.example",
        "Zur Info, siehe unten.",
        "dana@buyer.example",
        "Wir bleiben bei unserem bisherigen Anbieter.",
    ));
    assert_eq!((v.class, v.reason), (Rejection, Some(NoDecision)));
}

#[test]
fn forwarded_text_decides_only_from_the_buyers_side_and_only_when_pointed_at() {
    let c = classifier();
    // The forwarded note comes from outside the buyer's domain (e.g. the seller's own mail).
    let v = c.classify(&forwarded_mail(
        "kim@buyer.example",
        "See below.",
        "news@other.example",
        "We will not be proceeding with this.",
    ));
    assert_eq!(v.class, Other);
    // No pointer in the new text.
    let v = c.classify(&forwarded_mail(
        "kim@buyer.example",
        "Hi Robin, quick update on our side.",
        "dana@buyer.example",
        "We won't be moving forward with this.",
    ));
    assert_eq!(v.class, Other);
    // The forwarded note is a yes.
    let v = c.classify(&forwarded_mail(
        "kim@buyer.example",
        "FYI, see below!",
        "dana@buyer.example",
        "Approved, let's go ahead with the proposal.",
    ));
    assert_eq!(v.class, Other);
    // The new text says something itself: it decides, not the forwarded note.
    let v = c.classify(&forwarded_mail(
        "kim@buyer.example",
        "See below, but good news: we're happy to proceed with your offer.",
        "dana@buyer.example",
        "I'd rather we didn't go ahead with this.",
    ));
    assert_eq!(v.class, Other);
}

/// These tests pin the hand-written rules (still the learned model's features and `--engine
/// rules`); the learned engine has its own tests in `model_tests`.
pub(super) fn rules_engine() -> Rules {
    Rules {
        engine: super::Engine::Rules,
        ..Rules::default()
    }
}
