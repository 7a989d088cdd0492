//! Portuguese frames (European and Brazilian): decline, reasons, blockers, referral, robots.
//! Patterns are regex fragments over normalised text (accents fold: "não" is "nao").

use super::Lexicon;

/// Portuguese.
pub static PT: Lexicon = Lexicon {
    lang: "pt",
    slots: &[
        (
            "engage",
            &[
                "seguir[a-z]*", "seguiremos", "avancar[a-z]*", "avancaremos", "continuar[a-z]*", "continuaremos",
                "prosseguir[a-z]*", "prosseguiremos", "aceitar[a-z]*", "aceitaremos", "contratar[a-z]*",
                "contrataremos", "fechar[a-z]*", "fecharemos", "assinar[a-z]*", "renovar[a-z]*", "renovaremos",
                "comprar[a-z]*", "adquirir[a-z]*", "dar seguimento", "dar continuidade", "ir adiante",
                "ir em frente", "trabalhar com", "avancar com", "seguir com", "seguir em frente",
                "investir[a-z]*", "implementar[a-z]*",
            ],
        ),
        (
            "current",
            &["atual", "atuais", "existente", "existentes", "de sempre", "habitual", "interna", "interno", "que ja temos", "que temos", "que usamos"],
        ),
    ],
    decline: &[
        "nao (?:faz|fara|faria) (?:muito |nenhum )?sentido",
        "(?:nossa|esta) (?:recusa|declinacao) (?:formal|oficial|definitiva)",
        "(?:recusamos|declinamos) (?:formalmente|oficialmente)",
        "(?:nao|ja nao){g2} (?:{engage})",
        "(?:nao|ja nao) (?:estamos|esta|estou) interessad[oa]s?",
        "(?:sem|nenhum) interesse",
        "(?:decidimos|optamos|resolvemos) (?:por )?nao",
        "(?:recusar|recusamos|declinar|declinamos|rejeitar|rejeitamos)",
        "nao (?:foi|ter sido) (?:selecionad|aceit|aprovad|escolhid)[oa]",
        "nao,? obrigad[oa]",
    ],
    cancel_contract: &[
        "(?:cancelar|cancelamos|cancelamento|rescindir|rescisao|encerrar|encerramento|terminar){g3} (?:contrato|assinatura|plano|conta|servico|servicos|subscricao|acordo)",
        "nao (?:vamos )?renovar",
    ],
    competitor: &[
        "(?:escolhemos|escolhido|optamos|optado|selecionamos|selecionado|decidimos|fechamos|fechado|contratamos|contratado|adjudicado|assinamos|vamos|iremos|ficamos|ficar|preferimos|encontramos|encontrado){g4} (?:outro|outra|outros|outras|concorrente|concorrencia|mais barat[oa])",
    ],
    status_quo: &[
        "(?:manter|mantemos|manteremos|decidimos manter|continuar com|ficar com|ficamos com|seguir com){g2} (?:o|a|os|as|nosso|nossa) [a-z]+(?: [a-z]+)? que (?:ja |hoje |atualmente )?(?:usamos|utilizamos|temos)",
        "(?:deixar|manter|mantemos){g4} (?:como esta|sem mudancas|sem alteracoes|inalterad[oa])",
        "nao ha (?:espaco|lugar) para (?:um|uma|outro|outra) (?:novo |nova )?{w}",
        "(?:manter|mantemos|manteremos|continuar|continuamos|continuaremos|ficar|ficamos|ficaremos|permanecer|permanecemos|seguir|seguimos|seguiremos){g4} (?:{current})",
        "(?:solucao|fornecedor|sistema|ferramenta|plataforma|parceiro|prestador) (?:{current}){g3} (?:atende|funciona|satisfaz|basta|suficiente)",
        "(?:satisfeitos|contentes) com",
        "outras prioridades",
    ],
    no_need: &[
        "(?:ja )?(?:fazemos|resolvemos|cobrimos|gerimos|fazemos) (?:(?:a maior parte|quase tudo|boa parte|tudo) (?:disso|disto)|isso|isto) (?:internamente|nos mesmos|com (?:nossas|nossos) (?:proprias|proprios))",
        "(?:com|usando) (?:nossas proprias|nossos proprios) (?:ferramentas|scripts|sistemas|recursos)",
        "(?:ja nao|nao) (?:ha|existe|temos) (?:mais )?(?:nenhuma )?(?:necessidade|uso)",
        "nao (?:precisa|precisamos|necessita|necessitamos|temos necessidade|vemos necessidade|ha necessidade|e necessario|faz sentido)",
        "ja nao (?:precisamos|usamos|utilizamos|necessitamos)",
        "(?:sem|nenhuma) necessidade",
        "nao (?:atende|se adequa|se encaixa|corresponde|e o que procuramos)",
        "(?:internamente|por conta propria|nos mesmos)",
        "(?:equipe|equipa|empresa){g3} (?:muito )?pequena",
    ],
    price: &[
        "(?:fora do|alem do) (?:nosso )?(?:alcance|possibilidades)",
        "(?:nao|nao nos) (?:compensa|vale a pena) (?:o|pelo) (?:preco|custo|investimento)",
        "(?:custo beneficio|relacao custo beneficio|relacao qualidade preco){g3} (?:nao|ruim|fraca)",
        "nao (?:conseguimos|podemos|temos como) (?:absorver|arcar com|suportar|assumir) (?:o|a|esse|essa|este|esta)? ?(?:aumento|reajuste|custo|valor|preco|investimento)",
        "(?:sem|nao (?:temos|ha|dispomos de)|falta de|nenhum) (?:orcamento|verba|budget|recursos|dinheiro)",
        "orcamento{g3} (?:cortado|congelado|esgotado|reduzido|insuficiente|nao comporta|nao permite)",
        "(?:muito|demasiado|bastante) (?:car[oa]s?|elevad[oa]s?|alt[oa]s?|dispendios[oa]s?)",
        "(?:preco|precos|custo|custos|valor|valores|orcamento){g3} (?:acima|excede|excedem|supera|superam|fora|muito alto|elevado)",
        "fora do (?:nosso )?orcamento",
        "razoes (?:financeiras|orcamentais|orcamentarias|economicas)",
        "nao (?:cabe|cabem) no (?:nosso )?orcamento",
        "contencao de (?:custos|despesas)",
    ],
    timing: &[
        "(?:o momento|a altura|agora)(?: [a-z]+){0,2} nao (?:e|esta) (?:bom|boa|ideal|adequad[oa])",
        "nao (?:nos )?(?:da|convem|serve) (?:agora|neste momento|de momento)",
        "(?:nao e|agora nao e) (?:o|um) (?:bom )?momento",
        "nao (?:e|esta) (?:a hora|o momento)",
        "(?:agora|por agora|de momento|por enquanto|este ano|neste momento){g2} nao",
        "nao (?:agora|por agora|por enquanto|este ano|neste momento)",
        "(?:adiado|adiar|adiamos|pausado|em pausa|suspenso|suspender|congelado|em espera|postergado|postergar|stand by|standby)",
    ],
    competitor_hint: &["(?:outro|outra) (?:fornecedor|empresa|opcao|proposta|solucao)", "concorrente"],
    status_quo_hint: &[
        "(?:outros|outras) (?:projetos|iniciativas|temas)",
        "(?:passaram|passou) (?:a frente|a ser prioridade)",
       "(?:solucao|fornecedor|sistema|ferramenta) atual", "prioridades?"],
    no_need_hint: &["necessidade", "precisamos"],
    price_hint: &[
        "(?:aumento|reajuste)s?",
        "descontos?",
       "orcamento", "precos?", "custos?", "car[oa]"],
    timing_hint: &[
        "(?:alta temporada|epoca alta)",
        "no meio de",
        "em plen[oa]",
        "depois do verao",
       "proximo ano", "mais tarde", "mais para a frente", "retomar"],
    accept: &[
        "(?:congelamento|bloqueio) (?:do |de )?(?:orcamento|gastos){g3} (?:levantado|suspenso|terminou|acabou)",
        "(?:voltou|volta) a (?:estar )?(?:em pauta|na mesa|andar)",
        "(?:aceitamos|aceito|aprovamos|aprovado|aprovada|vamos em frente|podemos avancar|vamos avancar|vamos fechar|fechado|fechamos|pode seguir|seguimos em frente)",
    ],
    upgrade: &[
        "(?:passar|mudar|migrar|subir|fazer upgrade)(?: [a-z]+){0,2} (?:para o|para a|para|ao|a) (?:plano |versao |pacote )?(?:pro|premium|enterprise|business|plus|profissional|superior)",
        "(?:adicionar|acrescentar|incluir) (?:[0-9]+|duas|dois|tres|quatro|cinco|dez|mais) (?:licencas|usuarios|utilizadores|lugares|contas)",
       ],
    negotiation: &[
        "(?:conseguem|podem|poderiam|consegue|pode) (?:fazer|oferecer|dar) (?:algo|algum|um|uma|melhor)",
        "se (?:fecharmos|assinarmos|contratarmos) (?:por )?(?:dois|tres|2|3|varios) anos",
        "(?:pacote|versao|plano|opcao) (?:mais )?(?:reduzid[oa]|basic[oa]|enxut[oa]|menor|barat[oa])",
       "(?:desconto|negociar|negociacao|condicoes de pagamento|parcelamento|parcelar|melhor preco|baixar o preco)"],
    stall: &[
        "(?:ainda|continuamos) (?:nao )?(?:decidimos|decidindo|avaliando|analisando|pensando)",
        "(?:aguardando|aguardamos|esperando){g3} (?:aprovacao|decisao|orcamento|diretoria|direcao)",
        "(?:vou|vamos) pensar",
    ],
    conditional: &[
        "caso",
        "se (?:nao|o|a|os|as|voce|voces|nos|for|houver|tivermos|decidirmos|quiserem|puderem)",
        "a menos que", "desde que", "a nao ser que",
    ],
    not_deal: &["(?:reuniao|chamada|ligacao|call|convite|webinar|evento|conferencia|feira|workshop|almoco|jantar|segunda feira|terca|quarta|quinta|sexta|sabado|domingo|amanha|hoje)"],
    negation: &["nao", "nunca", "jamais", "nem"],
    courtesy: &[
        "infelizmente", "lamentamos", "lamento",
        "apos (?:cuidadosa|longa|muita) (?:analise|consideracao|reflexao)",
        "depois de (?:analisar|avaliar|pensar)", "obrigad[oa]", "agradecemos", "agradeco",
    ],
    referral: &[
        "nao (?:sou eu|e comigo) (?:quem|que) (?:decide|cuida|trata)",
        "nao (?:cuido|trato|decido) (?:das|de|dos) (?:compras|contratacoes|fornecedores|decisoes)",
        "(?:pessoa|contato|contacto) (?:errad[oa]|incorret[oa])",
        "nao sou (?:a pessoa|o responsavel|a responsavel)",
        "(?:ja )?nao (?:trabalho|estou|faco parte)",
        "(?:sai|deixei) da empresa",
    ],
    handoff: &[
        "(?:encaminhei|repassei|reencaminhei) (?:para ele|para ela|a ele|a ela)",
        "(?:encaminhei|encaminhado|repassei|repassado|reencaminhei){g4} (?:colega|responsavel|departamento|area|equipe|equipa)",
        "(?:contatar|contactar|falar com|procurar){g3} (?:colega|responsavel|departamento)",
    ],
    pointer: &[
        "(?:veja|ver|vejam) (?:abaixo|em baixo|mais abaixo)",
        "(?:segue|seguem) (?:abaixo|em baixo)",
        "abaixo (?:a|sua|a sua) (?:resposta|decisao)",
        "para (?:sua|tua) (?:informacao|ciencia)",
    ],
    unsubscribe: &[
        "descadastr[a-z]*",
        "(?:nao tenho|nao temos|sem) interesse em receber",
        "(?:cancelar a inscricao|cancelar inscricao|remover|remova|removam|retirar|retire|retirem|tirar|tire|excluir|exclua|excluam|apagar){g4} (?:lista|listas|mailing|base|cadastro|emails|e mails|contatos|newsletter)",
        "nao (?:quero|desejo|queremos|desejamos) (?:mais )?receber",
        "parem de (?:enviar|mandar|me enviar)",
        "nao (?:me )?(?:enviem|mandem) mais",
    ],
    out_of_office: &[
        "fora do escritorio", "(?:estou|estarei){g2} ausente", "(?:de|em) ferias",
        "(?:regresso|retorno|volto|voltarei|estarei de volta) (?:a|no|em|dia)",
        "acesso limitado", "durante (?:a )?minha ausencia", "em caso de urgencia",
    ],
    automated: &[
        "(?:mensagem|resposta) automatica", "e mail automatico",
        "nao responda",
        "ja nao (?:trabalha|faz parte)",
    ],
    auto_subject: &["resposta automatica", "ausente", "ausencia", "fora do escritorio", "ferias"],
    stopwords: &[
        "o", "os", "as", "de", "que", "e", "em", "nao", "um", "uma", "para", "com", "por", "do",
        "da", "no", "na", "obrigado", "obrigada", "nossa", "nosso", "voce", "voces", "vamos",
        "muito",
    ],
};
