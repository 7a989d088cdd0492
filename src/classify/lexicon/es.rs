//! Spanish frames: decline, reasons, blockers, referral, unsubscribe and robot wording.
//! Patterns are regex fragments over normalised text (accents fold: "automática" is "automatica").

use super::Lexicon;

/// Spanish.
pub static ES: Lexicon = Lexicon {
    lang: "es",
    slots: &[
        (
            "engage",
            &[
                "seguir[a-z]*", "seguiremos", "avanzar[a-z]*", "avanzaremos", "continuar[a-z]*", "continuaremos",
                "proceder[a-z]*", "procederemos", "aceptar[a-z]*", "aceptaremos", "contratar[a-z]*",
                "contrataremos", "firmar[a-z]*", "firmaremos", "renovar[a-z]*", "renovaremos", "comprar[a-z]*",
                "adquirir[a-z]*", "seguir adelante", "ir adelante", "trabajar con", "colaborar[a-z]*",
                "contar con", "avanzar con", "cerrar[a-z]*", "invertir[a-z]*", "implementar[a-z]*",
            ],
        ),
        (
            "current",
            &["actual", "actuales", "existente", "existentes", "de siempre", "habitual", "interno", "interna", "que ya tenemos", "que tenemos", "que usamos", "que ya usamos"],
        ),
    ],
    decline: &[
        "no{g2} (?:{engage})",
        "(?:no|ya no) (?:estamos|esta|estoy|estaremos) interesad[oa]s?",
        "no (?:nos|me) interesa",
        "(?:rechazar|rechazamos|declinar|declinamos|desestimar|desestimamos|desestimada|rechazada|rechazado)",
        "(?:propuesta|oferta|cotizacion|presupuesto)s?{g3} no (?:ha sido|fue|resulto|han sido|fueron) (?:seleccionad|aceptad|elegid|aprobad|adjudicad)[oa]s?",
        "no (?:ha sido|fue) (?:seleccionad|aceptad|elegid|aprobad)[oa]",
        "no,? gracias",
        "(?:va a ser|es) (?:que )?un no",
        "va a ser que no",
    ],
    cancel_contract: &[
        "(?:cancelar|cancelamos|cancelacion|dar de baja|damos de baja|rescindir|rescindimos|rescision|terminar|finalizar|resolver){g3} (?:contrato|servicio|servicios|suscripcion|plan|cuenta|acuerdo|relacion comercial)",
        "no (?:vamos a )?renovar",
    ],
    competitor: &[
        "(?:elegido|elegimos|optado|optamos|seleccionado|seleccionamos|decidido|decidimos|contratado|contratamos|adjudicado|adjudicamos|adjudicar|firmado|firmamos|escogido|escogimos|quedamos|quedado|ir|vamos|iremos|trabajar|encontramos|encontrado|preferido|inclinado|inclinamos){g4} (?:otro|otra|otros|otras|competencia|competidor|mas barat[oa]|mas economic[oa])",
        "(?:otro|otra|otros|otras) (?:proveedor|proveedora|empresa|opcion|propuesta|oferta|solucion|agencia|socio|compania|alternativa|proveedores|firma|plataforma|herramienta)s?{g3} (?:elegid|seleccionad|adjudicad|contratad|escogid)[oa]",
    ],
    status_quo: &[
        "(?:seguir|seguiremos|seguimos|continuar|continuaremos|continuamos|quedarnos|quedamos|quedaremos|mantener|mantenemos|mantendremos|mantenernos|conservar|conservamos|permanecer|permaneceremos){g4} (?:{current})",
        "(?:proveedor|sistema|solucion|herramienta|plataforma|socio) (?:{current}){g3} (?:cubre|funciona|satisface|basta|suficiente)",
        "(?:contentos|satisfechos|conformes) con (?:nuestro|nuestra|el|la|lo|los|las)",
        "otras prioridades",
    ],
    no_need: &[
        "no (?:lo |la |los |las )?(?:necesitamos|necesitaremos|requerimos|precisamos|hace falta|nos hace falta)",
        "ya no (?:lo |la |los |las )?(?:necesitamos|requerimos|usamos|utilizamos|precisamos)",
        "(?:no|ya no) (?:es|son|resulta|encaja|se ajusta|se adapta|cubre|responde){g3} (?:necesidades|lo que buscamos|relevante|necesari[oa]|util)",
        "no (?:encaja|se ajusta|se adapta)",
        "no es lo que (?:buscamos|necesitamos)",
        "(?:dejan?|deja) de ser (?:necesari|util)[oa]s?",
        "(?:sin|ninguna|no hay|no tenemos) (?:la )?necesidad",
        "(?:internamente|por nuestra cuenta|nosotros mismos)",
        "(?:equipo|empresa|oficina){g3} (?:muy |demasiado )?pequen[oa]",
    ],
    price: &[
        "(?:sin|no (?:tenemos|hay|contamos con|disponemos de)|falta de|ningun) (?:presupuesto|fondos|dinero|recursos|partida)",
        "presupuesto{g3} (?:recortado|congelado|agotado|reducido|insuficiente|no alcanza|no da)",
        "(?:demasiado|muy) (?:car[oa]s?|costos[oa]s?|elevad[oa]s?|alt[oa]s?)",
        "(?:precio|precios|costo|costos|coste|costes|tarifa|tarifas|cotizacion|presupuesto){g3} (?:excede|exceden|supera|superan|por encima|fuera de|demasiado)",
        "fuera de (?:nuestro )?presupuesto",
        "no (?:podemos|nos podemos|me puedo|puedo) permitir",
        "razones (?:economicas|presupuestarias|financieras)",
        "(?:restricciones|recortes|limitaciones) (?:presupuestari[oa]s|de presupuesto|economic[oa]s)",
    ],
    timing: &[
        "no es (?:el|un) (?:buen |mejor )?momento",
        "no (?:es )?(?:el )?momento (?:adecuado|oportuno|indicado)",
        "(?:ahora|por ahora|de momento|por el momento|este ano|este trimestre|en este momento){g2} no",
        "no (?:por ahora|de momento|por el momento|este ano|ahora)",
        "(?:pospuesto|posponer|posponemos|aplazado|aplazar|aplazamos|pausado|pausar|en pausa|congelado|suspendido|suspender|en espera|postergado|postergar|postergamos)",
    ],
    competitor_hint: &["(?:otro|otra|otros|otras) (?:proveedor|empresa|opcion|propuesta|oferta|solucion|agencia)", "competencia", "competidor"],
    status_quo_hint: &["(?:proveedor|sistema|solucion|herramienta) actual", "prioridades?"],
    no_need_hint: &["necesidad(?:es)?", "necesitamos"],
    price_hint: &["presupuesto", "precios?", "costos?", "costes?", "car[oa]"],
    timing_hint: &["el proximo ano", "el ano que viene", "mas adelante", "retomar", "retomaremos", "en (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)"],
    accept: &[
        "(?:aceptamos|acepto|aprobamos|aprobado|aprobada|seguimos adelante|vamos adelante|procedemos|avancemos|firmamos|contratamos)",
    ],
    negotiation: &["(?:descuento|rebaja|negociar|negociacion|mejorar el precio|mejor precio|condiciones de pago|financiacion|cuotas)"],
    stall: &[
        "(?:todavia|aun) (?:no )?(?:lo )?(?:estamos )?(?:decidiendo|evaluando|pensando|analizando|decidido)",
        "lo (?:pensaremos|pensamos|vamos a pensar)",
        "(?:esperando|esperamos){g3} (?:aprobacion|decision|presupuesto|direccion|junta)",
    ],
    conditional: &[
        "si (?:no|el|la|los|las|ustedes|usted|nos|se|es|hay|podemos|pueden|tenemos|quieren|lo|te|me|fuera|fuese|pudieran|pudiesen|decidimos|decidieran)",
        "en caso de", "a menos que", "salvo que",
    ],
    not_deal: &["(?:reunion|cita|llamada|videollamada|invitacion|webinar|seminario|evento|conferencia|feria|taller|almuerzo|cena|lunes|martes|miercoles|jueves|viernes|sabado|domingo|manana|hoy)"],
    negation: &["no", "nunca", "jamas", "ni", "tampoco"],
    courtesy: &[
        "lamentablemente", "desafortunadamente", "lamentamos", "lo sentimos", "sentimos",
        "por desgracia", "gracias", "agradecemos", "agradezco",
        "tras (?:un )?(?:analisis|evaluacion|estudio|consideracion|revision)",
        "despues de (?:analizar|evaluar|considerar|pensarlo)",
    ],
    referral: &[
        "no soy (?:la persona|el|la) (?:adecuad|indicad|correct)[oa]?",
        "ya no (?:trabajo|estoy|formo parte)",
        "(?:deje|he dejado) la empresa",
    ],
    handoff: &[
        "(?:reenviado|reenvie|trasladado|traslade|pasado){g4} (?:companer[oa]|colega|responsable|departamento|area|equipo)",
        "(?:contacte|contactar|contactes|escribir|escriba){g3} (?:companer[oa]|colega|responsable|departamento)",
    ],
    unsubscribe: &[
        "(?:dar|darme|darnos|den|dame|denme|de) de baja",
        "dar de baja{g3} (?:correo|mail|lista|direccion)",
        "(?:eliminar|eliminen|elimineme|borrar|borren|quitar|quiten|sacar|saquen|retirar|retiren){g4} (?:lista|listas|base de datos|envios|correos|boletin)",
        "no (?:deseo|quiero|queremos|deseamos) (?:recibir|seguir recibiendo)",
        "dejen de (?:enviar|escribir|mandar|contactar)[a-z]*",
        "(?:no me|no nos) (?:envien|manden|escriban|contacten) mas",
    ],
    out_of_office: &[
        "fuera de la oficina",
        "(?:estoy|estare|me encuentro){g3} (?:de vacaciones|ausente|fuera|de viaje|de baja)",
        "de vacaciones", "regresare", "volvere", "estare de vuelta", "de vuelta el",
        "acceso limitado", "durante mi ausencia", "en caso de urgencia",
    ],
    automated: &[
        "(?:mensaje|respuesta|correo) automatic[oa]",
        "no responda a este",
        "ya no (?:trabaja|forma parte) (?:en|de)",
    ],
    auto_subject: &["respuesta automatica", "fuera de la oficina", "ausente", "ausencia", "respuesta de ausencia"],
    stopwords: &[
        "el", "la", "los", "las", "que", "y", "en", "un", "una", "para", "con", "por", "es",
        "su", "sus", "nos", "lo", "le", "gracias", "hemos", "nuestro", "nuestra", "usted",
        "ustedes", "muy",
    ],
};
