//! Every user-visible string of the widget, ARIA labels included, as data: one row of three
//! translations per message, looked up by a closed [`Msg`] key (a missing translation does not
//! compile), and sentence templates for what has to name a value.

use crate::lang::Lang;

/// Declares [`Msg`] and its table together, so that they cannot drift apart.
macro_rules! messages {
    ($($name:ident => [$en:expr, $es:expr, $pt:expr $(,)?],)*) => {
        /// Keys of every user-visible text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Msg {
            $($name,)*
        }

        /// The texts, one row per [`Msg`] in declaration order, columns in [`Lang`] order.
        const TEXTS: &[[&str; 3]] = &[$([$en, $es, $pt],)*];
    };
}

messages! {
    FormLabel => [
        "Start your verification",
        "Inicia tu verificación",
        "Inicie sua verificação",
    ],
    LanguageLabel => [
        "Language",
        "Idioma",
        "Idioma",
    ],
    EmailLabel => [
        "E-mail",
        "Correo electrónico",
        "E-mail",
    ],
    PhoneLabel => [
        "Phone number",
        "Número de teléfono",
        "Número de telefone",
    ],
    CountryLabel => [
        "Country code",
        "Código de país",
        "Código do país",
    ],
    CountryChoose => [
        "Choose a country",
        "Elige un país",
        "Escolha um país",
    ],
    CountrySearchLabel => [
        "Search for a country",
        "Busca un país",
        "Pesquise um país",
    ],
    CountryListLabel => [
        "Countries",
        "Países",
        "Países",
    ],
    CountryNoMatch => [
        "No country matches your search.",
        "Ningún país coincide con tu búsqueda.",
        "Nenhum país corresponde à sua pesquisa.",
    ],
    Submit => [
        "Continue",
        "Continuar",
        "Continuar",
    ],
    Submitting => [
        "Sending…",
        "Enviando…",
        "Enviando…",
    ],
    TryAgain => [
        "Try again",
        "Intentar de nuevo",
        "Tentar novamente",
    ],
    RegisteredEmail => [
        "Done! We sent you an e-mail with the next step.",
        "¡Listo! Te enviamos un correo con el siguiente paso.",
        "Pronto! Enviamos um e-mail com o próximo passo.",
    ],
    RegisteredPhone => [
        "Done! We sent you a text message (SMS) with the next step.",
        "¡Listo! Te enviamos un mensaje de texto (SMS) con el siguiente paso.",
        "Pronto! Enviamos uma mensagem de texto (SMS) com o próximo passo.",
    ],
    RegisteredBoth => [
        "Done! We sent you an e-mail and a text message (SMS) with the next step.",
        "¡Listo! Te enviamos un correo y un mensaje de texto (SMS) con el siguiente paso.",
        "Pronto! Enviamos um e-mail e uma mensagem de texto (SMS) com o próximo passo.",
    ],
    ErrOffline => [
        "You are offline. Nothing was sent; try again when your connection is back.",
        "No tienes conexión. No se envió nada; inténtalo de nuevo cuando vuelva la conexión.",
        "Você está sem conexão. Nada foi enviado; tente novamente quando a conexão voltar.",
    ],
    ErrEmailRequired => [
        "Enter your e-mail address.",
        "Escribe tu correo electrónico.",
        "Digite seu e-mail.",
    ],
    ErrEmailInvalid => [
        "Enter an e-mail address like name@example.com.",
        "Escribe un correo como nombre@ejemplo.com.",
        "Digite um e-mail como nome@exemplo.com.",
    ],
    ErrEmailTooLong => [
        "This e-mail address is too long.",
        "Este correo electrónico es demasiado largo.",
        "Este e-mail é longo demais.",
    ],
    ErrEmailOrPhoneRequired => [
        "Enter an e-mail address or a phone number.",
        "Escribe un correo electrónico o un número de teléfono.",
        "Digite um e-mail ou um número de telefone.",
    ],
    EitherFieldHint => [
        "Enter your e-mail, your phone number, or both.",
        "Escribe tu correo electrónico, tu número de teléfono o ambos.",
        "Informe seu e-mail, seu número de telefone ou ambos.",
    ],
    ErrPhoneRequired => [
        "Enter your phone number.",
        "Escribe tu número de teléfono.",
        "Digite seu número de telefone.",
    ],
    ErrPhoneInvalidCharacters => [
        "Use only digits, spaces, dashes, dots and parentheses.",
        "Usa solo dígitos, espacios, guiones, puntos y paréntesis.",
        "Use apenas dígitos, espaços, hífens, pontos e parênteses.",
    ],
    ErrPhoneInvalidCountry => [
        "Choose the country of this phone number.",
        "Elige el país de este número de teléfono.",
        "Escolha o país deste número de telefone.",
    ],
    ErrPhoneTooShort => [
        "This phone number is too short.",
        "Este número de teléfono es demasiado corto.",
        "Este número de telefone é curto demais.",
    ],
    ErrPhoneTooLong => [
        "This phone number is too long.",
        "Este número de teléfono es demasiado largo.",
        "Este número de telefone é longo demais.",
    ],
    ErrPhoneInvalid => [
        "This is not a valid phone number for the chosen country.",
        "Este no es un número de teléfono válido para el país elegido.",
        "Este não é um número de telefone válido para o país escolhido.",
    ],
    ErrEmailDomainNotAllowed => [
        "E-mail addresses from this domain are not accepted. Use another address.",
        "No se aceptan correos de este dominio. Usa otra dirección.",
        "E-mails deste domínio não são aceitos. Use outro endereço.",
    ],
    ErrEmailAlreadyRegistered => [
        "This e-mail address is already registered.",
        "Este correo electrónico ya está registrado.",
        "Este e-mail já está cadastrado.",
    ],
    ErrPhoneAlreadyRegistered => [
        "This phone number is already registered.",
        "Este número de teléfono ya está registrado.",
        "Este número de telefone já está cadastrado.",
    ],
    ErrMissingParameter => [
        "Some required information is missing. Check the form and try again.",
        "Falta información obligatoria. Revisa el formulario e inténtalo de nuevo.",
        "Faltam informações obrigatórias. Confira o formulário e tente novamente.",
    ],
    ErrUnauthorized => [
        "Your session has expired. Try again; if that does not work, reload the page.",
        "Tu sesión expiró. Inténtalo de nuevo; si no funciona, recarga la página.",
        "Sua sessão expirou. Tente novamente; se não funcionar, recarregue a página.",
    ],
    ErrTokenUnavailable => [
        "We could not start a secure session. Try again in a moment.",
        "No pudimos iniciar una sesión segura. Inténtalo de nuevo en un momento.",
        "Não foi possível iniciar uma sessão segura. Tente novamente em instantes.",
    ],
    ErrRateLimited => [
        "Too many attempts. Wait a moment and try again.",
        "Demasiados intentos. Espera un momento e inténtalo de nuevo.",
        "Muitas tentativas. Aguarde um momento e tente novamente.",
    ],
    ErrServer => [
        "The service is having trouble. Try again.",
        "El servicio tiene problemas. Inténtalo de nuevo.",
        "O serviço está com problemas. Tente novamente.",
    ],
    ErrNetwork => [
        "We could not reach the service. Check your connection and try again.",
        "No pudimos conectar con el servicio. Revisa tu conexión e inténtalo de nuevo.",
        "Não foi possível acessar o serviço. Verifique sua conexão e tente novamente.",
    ],
    ErrTimeout => [
        "The service took too long to answer. Try again.",
        "El servicio tardó demasiado en responder. Inténtalo de nuevo.",
        "O serviço demorou demais para responder. Tente novamente.",
    ],
    ErrInvalidResponse => [
        "The service sent an answer we could not read. Try again.",
        "El servicio envió una respuesta que no pudimos leer. Inténtalo de nuevo.",
        "O serviço enviou uma resposta que não conseguimos ler. Tente novamente.",
    ],
    ErrConfig => [
        "This form is not set up correctly",
        "Este formulario no está bien configurado",
        "Este formulário não está configurado corretamente",
    ],
    // Sentences about the host's configuration: `{0}` is an attribute's name, `{1}` a value as
    // the host wrote it (both stay as written).
    ProblemMissing => ["{0} is missing", "falta {0}", "falta {0}"],
    ProblemInvalidId => [
        "{0} must be 24 hexadecimal characters",
        "{0} debe tener 24 caracteres hexadecimales",
        "{0} deve ter 24 caracteres hexadecimais",
    ],
    ProblemInsecureApiBase => [
        "api-base must be an https: origin (http: only for localhost or 127.0.0.1)",
        "api-base debe ser un origen https: (http: solo para localhost o 127.0.0.1)",
        "api-base deve ser uma origem https: (http: só para localhost ou 127.0.0.1)",
    ],
    ProblemInvalidFields => [
        "fields must be \"email,phone\", \"email\" or \"phone\"",
        "fields debe ser \"email,phone\", \"email\" o \"phone\"",
        "fields deve ser \"email,phone\", \"email\" ou \"phone\"",
    ],
    ProblemUnknownCountry => [
        "{0}: \"{1}\" is not a known country code",
        "{0}: \"{1}\" no es un código de país conocido",
        "{0}: \"{1}\" não é um código de país conhecido",
    ],
    ProblemDefaultCountryNotAllowed => [
        "default-country \"{1}\" is not in countries",
        "default-country \"{1}\" no está en countries",
        "default-country \"{1}\" não está em countries",
    ],
    ProblemTooLong => ["{0} is too long", "{0} es demasiado largo", "{0} é longo demais"],
    ProblemInvalidTokenUrl => [
        "token-url must be a path on this site or an https: (or http:) URL",
        "token-url debe ser una ruta de este sitio o una URL https: (o http:)",
        "token-url deve ser um caminho deste site ou uma URL https: (ou http:)",
    ],
    ProblemUnknownLanguage => [
        "lang: \"{1}\" is not a supported language (en, es, pt)",
        "lang: \"{1}\" no es un idioma disponible (en, es, pt)",
        "lang: \"{1}\" não é um idioma disponível (en, es, pt)",
    ],
    ErrCodeMismatch => [
        "That code is not right. Check it and type it again.",
        "Ese código no es correcto. Revísalo y escríbelo de nuevo.",
        "Esse código não está certo. Confira e digite novamente.",
    ],
    ErrCodeExpired => [
        "This code has expired. Send a new code.",
        "Este código expiró. Envía un código nuevo.",
        "Este código expirou. Envie um novo código.",
    ],
    ErrCodeRecentlySent => [
        "A code was sent moments ago. Wait a little before asking for another.",
        "Se envió un código hace un momento. Espera un poco antes de pedir otro.",
        "Um código foi enviado há pouco. Aguarde um pouco antes de pedir outro.",
    ],
    ErrCodeNotSent => [
        "We could not send the code. Try again.",
        "No pudimos enviar el código. Inténtalo de nuevo.",
        "Não foi possível enviar o código. Tente novamente.",
    ],
    ErrTooManyAttempts => [
        "Too many attempts. Wait a moment and send a new code.",
        "Demasiados intentos. Espera un momento y envía un código nuevo.",
        "Muitas tentativas. Aguarde um momento e envie um novo código.",
    ],
    ErrVerificationNotFound => [
        "This code is no longer valid. Send a new code.",
        "Este código ya no es válido. Envía un código nuevo.",
        "Este código não é mais válido. Envie um novo código.",
    ],
    ErrCodeFormat => [
        "Enter the 6 digits of the code.",
        "Escribe los 6 dígitos del código.",
        "Digite os 6 dígitos do código.",
    ],
    CodeLabel => [
        "Verification code",
        "Código de verificación",
        "Código de verificação",
    ],
    // `{0}` is the address, or the number with its calling code.
    CodeSentEmail => [
        "We sent a 6-digit code to {0}.",
        "Enviamos un código de 6 dígitos a {0}.",
        "Enviamos um código de 6 dígitos para {0}.",
    ],
    CodeSentSms => [
        "We sent a 6-digit code by SMS to {0}.",
        "Enviamos un código de 6 dígitos por SMS al {0}.",
        "Enviamos um código de 6 dígitos por SMS para {0}.",
    ],
    CodeSentWhatsApp => [
        "We sent a 6-digit code by WhatsApp to {0}.",
        "Enviamos un código de 6 dígitos por WhatsApp al {0}.",
        "Enviamos um código de 6 dígitos por WhatsApp para {0}.",
    ],
    CodeSending => [
        "Sending a code to {0}…",
        "Enviando un código a {0}…",
        "Enviando um código para {0}…",
    ],
    CodeNotSent => [
        "We could not send a code to {0}.",
        "No pudimos enviar un código a {0}.",
        "Não conseguimos enviar um código para {0}.",
    ],
    CodeEmailVerified => [
        "Your e-mail is verified.",
        "Tu correo electrónico está verificado.",
        "Seu e-mail está verificado.",
    ],
    CodeChecking => ["Checking the code…", "Comprobando el código…", "Verificando o código…"],
    CodeCheck => ["Verify", "Verificar", "Verificar"],
    CodeResend => [
        "Send a new code",
        "Enviar un código nuevo",
        "Enviar um novo código",
    ],
    // `{0}` is the time left, as m:ss.
    CodeResendIn => [
        "Send a new code in {0}",
        "Enviar un código nuevo en {0}",
        "Enviar um novo código em {0}",
    ],
    CodeResent => ["We sent a new code.", "Enviamos un código nuevo.", "Enviamos um novo código."],
    VerifiedEmail => [
        "Done! Your e-mail is verified.",
        "¡Listo! Tu correo electrónico está verificado.",
        "Pronto! Seu e-mail está verificado.",
    ],
    VerifiedPhone => [
        "Done! Your phone number is verified.",
        "¡Listo! Tu número de teléfono está verificado.",
        "Pronto! Seu número de telefone está verificado.",
    ],
    VerifiedBoth => [
        "Done! Your e-mail and phone number are verified.",
        "¡Listo! Tu correo electrónico y tu número de teléfono están verificados.",
        "Pronto! Seu e-mail e seu número de telefone estão verificados.",
    ],
    ProblemInvalidVerify => [
        "verify must be \"email\", \"phone\" or \"email,phone\"",
        "verify debe ser \"email\", \"phone\" o \"email,phone\"",
        "verify deve ser \"email\", \"phone\" ou \"email,phone\"",
    ],
    SummaryOne => [
        "1 field needs your attention.",
        "1 campo necesita tu atención.",
        "1 campo precisa da sua atenção.",
    ],
    SummaryMany => [
        "2 fields need your attention.",
        "2 campos necesitan tu atención.",
        "2 campos precisam da sua atenção.",
    ],
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    TEXTS[msg as usize][lang as usize]
}

/// `template` with `{0}` and `{1}` replaced by `args` (no formatting machinery on this path).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = crate::text::split_once(rest, b'{') {
        out.push_str(before);
        let mut chars = after.chars();
        match (chars.next(), chars.next()) {
            (Some(digit @ ('0' | '1')), Some('}')) => {
                let index = usize::from(digit == '1');
                out.push_str(args.get(index).copied().unwrap_or_default());
                rest = chars.as_str();
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The live-region summary after a failed submit: how many fields need fixing (at most the
/// e-mail and the phone).
pub fn errors_summary(lang: Lang, count: usize) -> &'static str {
    t(
        lang,
        if count > 1 {
            Msg::SummaryMany
        } else {
            Msg::SummaryOne
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_summary_is_pluralized() {
        assert_eq!(errors_summary(Lang::En, 1), "1 field needs your attention.");
        assert_eq!(
            errors_summary(Lang::Es, 2),
            "2 campos necesitan tu atención."
        );
        assert_eq!(
            errors_summary(Lang::Pt, 2),
            "2 campos precisam da sua atenção."
        );
    }

    #[test]
    fn every_language_has_distinct_submit_and_error_texts() {
        // Spanish and Portuguese users must not see English error sentences.
        for msg in [
            Msg::ErrEmailInvalid,
            Msg::ErrNetwork,
            Msg::ErrEmailDomainNotAllowed,
        ] {
            assert_ne!(t(Lang::En, msg), t(Lang::Es, msg));
            assert_ne!(t(Lang::En, msg), t(Lang::Pt, msg));
        }
    }

    #[test]
    fn the_table_has_a_row_per_key_and_no_empty_text() {
        assert_eq!(TEXTS.len(), Msg::SummaryMany as usize + 1);
        for row in TEXTS {
            assert!(row.iter().all(|text| !text.trim().is_empty()), "{row:?}");
        }
        assert_eq!(t(Lang::Pt, Msg::Submit), "Continuar");
        assert_eq!(t(Lang::En, Msg::FormLabel), "Start your verification");
    }

    #[test]
    fn templates_take_their_arguments_in_place() {
        assert_eq!(fill("{0} is missing", &["project"]), "project is missing");
        assert_eq!(fill("{0}: \"{1}\" x", &["a", "<b>"]), "a: \"<b>\" x");
        // Braces that are no placeholder, and missing arguments, are left as they are.
        assert_eq!(fill("{x} {2} {0", &[]), "{x} {2} {0");
        assert_eq!(fill("{1}", &["only one"]), "");
    }
}
