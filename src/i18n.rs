//! Languages and every user-visible string of the widget, ARIA labels included.
//!
//! Messages are looked up by a closed [`Msg`] key so that a missing translation is a
//! compile error, not a blank label.

use crate::config::ConfigError;

/// A UI language. It is also the `language` sent to the API.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the fallback).
    #[default]
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
}

impl Lang {
    /// Every supported language, in the order the language selector lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Pt];

    /// The BCP 47 primary tag (`en`, `es`, `pt`), as used in the `lang` attribute and the API.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
        }
    }

    /// The language's own name, as the language selector shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Pt => "Português",
        }
    }

    /// Parses a language tag such as `es`, `pt-BR` or `EN_us`; `None` when unsupported.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            "pt" => Some(Lang::Pt),
            _ => None,
        }
    }

    /// The first supported entry of a preference list (e.g. `navigator.languages`), else English.
    pub fn negotiate<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
        preferences
            .into_iter()
            .find_map(Lang::parse)
            .unwrap_or_default()
    }
}

/// Keys of every user-visible text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Msg {
    FormLabel,
    LanguageLabel,
    EmailLabel,
    PhoneLabel,
    CountryLabel,
    CountryChoose,
    CountrySearchLabel,
    CountryListLabel,
    CountryNoMatch,
    Submit,
    Submitting,
    TryAgain,
    RegisteredEmail,
    RegisteredPhone,
    RegisteredBoth,
    ErrOffline,
    ErrEmailRequired,
    ErrEmailInvalid,
    ErrEmailTooLong,
    ErrEmailOrPhoneRequired,
    EitherFieldHint,
    ErrPhoneRequired,
    ErrPhoneInvalidCharacters,
    ErrPhoneInvalidCountry,
    ErrPhoneTooShort,
    ErrPhoneTooLong,
    ErrPhoneInvalid,
    ErrEmailDomainNotAllowed,
    ErrEmailAlreadyRegistered,
    ErrPhoneAlreadyRegistered,
    ErrMissingParameter,
    ErrUnauthorized,
    ErrTokenUnavailable,
    ErrRateLimited,
    ErrServer,
    ErrNetwork,
    ErrTimeout,
    ErrInvalidResponse,
    ErrConfig,
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Lang::*;
    use Msg::*;
    match (msg, lang) {
        (FormLabel, En) => "Start your verification",
        (FormLabel, Es) => "Inicia tu verificación",
        (FormLabel, Pt) => "Inicie sua verificação",
        (LanguageLabel, En) => "Language",
        (LanguageLabel, Es) => "Idioma",
        (LanguageLabel, Pt) => "Idioma",
        (PhoneLabel, En) => "Phone number",
        (PhoneLabel, Es) => "Número de teléfono",
        (PhoneLabel, Pt) => "Número de telefone",
        (CountryLabel, En) => "Country code",
        (CountryLabel, Es) => "Código de país",
        (CountryLabel, Pt) => "Código do país",
        (CountryChoose, En) => "Choose a country",
        (CountryChoose, Es) => "Elige un país",
        (CountryChoose, Pt) => "Escolha um país",
        (CountrySearchLabel, En) => "Search for a country",
        (CountrySearchLabel, Es) => "Busca un país",
        (CountrySearchLabel, Pt) => "Pesquise um país",
        (CountryListLabel, En) => "Countries",
        (CountryListLabel, Es) => "Países",
        (CountryListLabel, Pt) => "Países",
        (CountryNoMatch, En) => "No country matches your search.",
        (CountryNoMatch, Es) => "Ningún país coincide con tu búsqueda.",
        (CountryNoMatch, Pt) => "Nenhum país corresponde à sua pesquisa.",
        (EmailLabel, En) => "E-mail",
        (EmailLabel, Es) => "Correo electrónico",
        (EmailLabel, Pt) => "E-mail",
        (Submit, En) => "Continue",
        (Submit, Es) => "Continuar",
        (Submit, Pt) => "Continuar",
        (Submitting, En) => "Sending…",
        (Submitting, Es) => "Enviando…",
        (Submitting, Pt) => "Enviando…",
        (TryAgain, En) => "Try again",
        (TryAgain, Es) => "Intentar de nuevo",
        (TryAgain, Pt) => "Tentar novamente",
        (RegisteredEmail, En) => "Done! We sent you an e-mail with the next step.",
        (RegisteredEmail, Es) => "¡Listo! Te enviamos un correo con el siguiente paso.",
        (RegisteredEmail, Pt) => "Pronto! Enviamos um e-mail com o próximo passo.",
        (RegisteredPhone, En) => "Done! We sent you a text message (SMS) with the next step.",
        (RegisteredPhone, Es) => {
            "¡Listo! Te enviamos un mensaje de texto (SMS) con el siguiente paso."
        }
        (RegisteredPhone, Pt) => {
            "Pronto! Enviamos uma mensagem de texto (SMS) com o próximo passo."
        }
        (RegisteredBoth, En) => {
            "Done! We sent you an e-mail and a text message (SMS) with the next step."
        }
        (RegisteredBoth, Es) => {
            "¡Listo! Te enviamos un correo y un mensaje de texto (SMS) con el siguiente paso."
        }
        (RegisteredBoth, Pt) => {
            "Pronto! Enviamos um e-mail e uma mensagem de texto (SMS) com o próximo passo."
        }
        (ErrOffline, En) => {
            "You are offline. Nothing was sent; try again when your connection is back."
        }
        (ErrOffline, Es) => {
            "No tienes conexión. No se envió nada; inténtalo de nuevo cuando vuelva la conexión."
        }
        (ErrOffline, Pt) => {
            "Você está sem conexão. Nada foi enviado; tente novamente quando a conexão voltar."
        }
        (ErrEmailRequired, En) => "Enter your e-mail address.",
        (ErrEmailRequired, Es) => "Escribe tu correo electrónico.",
        (ErrEmailRequired, Pt) => "Digite seu e-mail.",
        (ErrEmailInvalid, En) => "Enter an e-mail address like name@example.com.",
        (ErrEmailInvalid, Es) => "Escribe un correo como nombre@ejemplo.com.",
        (ErrEmailInvalid, Pt) => "Digite um e-mail como nome@exemplo.com.",
        (ErrEmailTooLong, En) => "This e-mail address is too long.",
        (ErrEmailTooLong, Es) => "Este correo electrónico es demasiado largo.",
        (ErrEmailTooLong, Pt) => "Este e-mail é longo demais.",
        (EitherFieldHint, En) => "Enter your e-mail, your phone number, or both.",
        (EitherFieldHint, Es) => "Escribe tu correo electrónico, tu número de teléfono o ambos.",
        (EitherFieldHint, Pt) => "Informe seu e-mail, seu número de telefone ou ambos.",
        (ErrEmailOrPhoneRequired, En) => "Enter an e-mail address or a phone number.",
        (ErrEmailOrPhoneRequired, Es) => "Escribe un correo electrónico o un número de teléfono.",
        (ErrEmailOrPhoneRequired, Pt) => "Digite um e-mail ou um número de telefone.",
        (ErrPhoneRequired, En) => "Enter your phone number.",
        (ErrPhoneRequired, Es) => "Escribe tu número de teléfono.",
        (ErrPhoneRequired, Pt) => "Digite seu número de telefone.",
        (ErrPhoneInvalidCharacters, En) => "Use only digits, spaces, dashes, dots and parentheses.",
        (ErrPhoneInvalidCharacters, Es) => {
            "Usa solo dígitos, espacios, guiones, puntos y paréntesis."
        }
        (ErrPhoneInvalidCharacters, Pt) => {
            "Use apenas dígitos, espaços, hífens, pontos e parênteses."
        }
        (ErrPhoneInvalidCountry, En) => "Choose the country of this phone number.",
        (ErrPhoneInvalidCountry, Es) => "Elige el país de este número de teléfono.",
        (ErrPhoneInvalidCountry, Pt) => "Escolha o país deste número de telefone.",
        (ErrPhoneTooShort, En) => "This phone number is too short.",
        (ErrPhoneTooShort, Es) => "Este número de teléfono es demasiado corto.",
        (ErrPhoneTooShort, Pt) => "Este número de telefone é curto demais.",
        (ErrPhoneTooLong, En) => "This phone number is too long.",
        (ErrPhoneTooLong, Es) => "Este número de teléfono es demasiado largo.",
        (ErrPhoneTooLong, Pt) => "Este número de telefone é longo demais.",
        (ErrPhoneInvalid, En) => "This is not a valid phone number for the chosen country.",
        (ErrPhoneInvalid, Es) => "Este no es un número de teléfono válido para el país elegido.",
        (ErrPhoneInvalid, Pt) => "Este não é um número de telefone válido para o país escolhido.",
        (ErrEmailDomainNotAllowed, En) => {
            "E-mail addresses from this domain are not accepted. Use another address."
        }
        (ErrEmailDomainNotAllowed, Es) => {
            "No se aceptan correos de este dominio. Usa otra dirección."
        }
        (ErrEmailDomainNotAllowed, Pt) => {
            "E-mails deste domínio não são aceitos. Use outro endereço."
        }
        (ErrEmailAlreadyRegistered, En) => "This e-mail address is already registered.",
        (ErrEmailAlreadyRegistered, Es) => "Este correo electrónico ya está registrado.",
        (ErrEmailAlreadyRegistered, Pt) => "Este e-mail já está cadastrado.",
        (ErrPhoneAlreadyRegistered, En) => "This phone number is already registered.",
        (ErrPhoneAlreadyRegistered, Es) => "Este número de teléfono ya está registrado.",
        (ErrPhoneAlreadyRegistered, Pt) => "Este número de telefone já está cadastrado.",
        (ErrMissingParameter, En) => {
            "Some required information is missing. Check the form and try again."
        }
        (ErrMissingParameter, Es) => {
            "Falta información obligatoria. Revisa el formulario e inténtalo de nuevo."
        }
        (ErrMissingParameter, Pt) => {
            "Faltam informações obrigatórias. Confira o formulário e tente novamente."
        }
        (ErrUnauthorized, En) => {
            "Your session has expired. Try again; if that does not work, reload the page."
        }
        (ErrUnauthorized, Es) => {
            "Tu sesión expiró. Inténtalo de nuevo; si no funciona, recarga la página."
        }
        (ErrUnauthorized, Pt) => {
            "Sua sessão expirou. Tente novamente; se não funcionar, recarregue a página."
        }
        (ErrTokenUnavailable, En) => "We could not start a secure session. Try again in a moment.",
        (ErrTokenUnavailable, Es) => {
            "No pudimos iniciar una sesión segura. Inténtalo de nuevo en un momento."
        }
        (ErrTokenUnavailable, Pt) => {
            "Não foi possível iniciar uma sessão segura. Tente novamente em instantes."
        }
        (ErrRateLimited, En) => "Too many attempts. Wait a moment and try again.",
        (ErrRateLimited, Es) => "Demasiados intentos. Espera un momento e inténtalo de nuevo.",
        (ErrRateLimited, Pt) => "Muitas tentativas. Aguarde um momento e tente novamente.",
        (ErrServer, En) => "The service is having trouble. Try again.",
        (ErrServer, Es) => "El servicio tiene problemas. Inténtalo de nuevo.",
        (ErrServer, Pt) => "O serviço está com problemas. Tente novamente.",
        (ErrNetwork, En) => "We could not reach the service. Check your connection and try again.",
        (ErrNetwork, Es) => {
            "No pudimos conectar con el servicio. Revisa tu conexión e inténtalo de nuevo."
        }
        (ErrNetwork, Pt) => {
            "Não foi possível acessar o serviço. Verifique sua conexão e tente novamente."
        }
        (ErrTimeout, En) => "The service took too long to answer. Try again.",
        (ErrTimeout, Es) => "El servicio tardó demasiado en responder. Inténtalo de nuevo.",
        (ErrTimeout, Pt) => "O serviço demorou demais para responder. Tente novamente.",
        (ErrInvalidResponse, En) => "The service sent an answer we could not read. Try again.",
        (ErrInvalidResponse, Es) => {
            "El servicio envió una respuesta que no pudimos leer. Inténtalo de nuevo."
        }
        (ErrInvalidResponse, Pt) => {
            "O serviço enviou uma resposta que não conseguimos ler. Tente novamente."
        }
        (ErrConfig, En) => "This form is not set up correctly",
        (ErrConfig, Es) => "Este formulario no está bien configurado",
        (ErrConfig, Pt) => "Este formulário não está configurado corretamente",
    }
}

/// What is wrong with the host's configuration, for the person and the host's developer alike:
/// attribute names and values stay as written, the sentence around them is localized.
pub fn config_problem(lang: Lang, problem: &ConfigError) -> String {
    use ConfigError::*;
    use Lang::*;
    match (problem, lang) {
        (Missing(name), En) => format!("{name} is missing"),
        (Missing(name), Es | Pt) => format!("falta {name}"),
        (InvalidId(name), En) => format!("{name} must be 24 hexadecimal characters"),
        (InvalidId(name), Es) => format!("{name} debe tener 24 caracteres hexadecimales"),
        (InvalidId(name), Pt) => format!("{name} deve ter 24 caracteres hexadecimais"),
        (InsecureApiBase, En) => {
            "api-base must be an https: origin (http: only for localhost or 127.0.0.1)".into()
        }
        (InsecureApiBase, Es) => {
            "api-base debe ser un origen https: (http: solo para localhost o 127.0.0.1)".into()
        }
        (InsecureApiBase, Pt) => {
            "api-base deve ser uma origem https: (http: só para localhost ou 127.0.0.1)".into()
        }
        (InvalidFields, En) => r#"fields must be "email,phone", "email" or "phone""#.into(),
        (InvalidFields, Es) => r#"fields debe ser "email,phone", "email" o "phone""#.into(),
        (InvalidFields, Pt) => r#"fields deve ser "email,phone", "email" ou "phone""#.into(),
        (UnknownCountry(name, code), En) => {
            format!(r#"{name}: "{code}" is not a known country code"#)
        }
        (UnknownCountry(name, code), Es) => {
            format!(r#"{name}: "{code}" no es un código de país conocido"#)
        }
        (UnknownCountry(name, code), Pt) => {
            format!(r#"{name}: "{code}" não é um código de país conhecido"#)
        }
        (DefaultCountryNotAllowed(code), En) => {
            format!(r#"default-country "{code}" is not in countries"#)
        }
        (DefaultCountryNotAllowed(code), Es) => {
            format!(r#"default-country "{code}" no está en countries"#)
        }
        (DefaultCountryNotAllowed(code), Pt) => {
            format!(r#"default-country "{code}" não está em countries"#)
        }
        (TooLong(name), En) => format!("{name} is too long"),
        (TooLong(name), Es) => format!("{name} es demasiado largo"),
        (TooLong(name), Pt) => format!("{name} é longo demais"),
        (UnknownLanguage(tag), En) => {
            format!(r#"lang: "{tag}" is not a supported language (en, es, pt)"#)
        }
        (UnknownLanguage(tag), Es) => {
            format!(r#"lang: "{tag}" no es un idioma disponible (en, es, pt)"#)
        }
        (UnknownLanguage(tag), Pt) => {
            format!(r#"lang: "{tag}" não é um idioma disponível (en, es, pt)"#)
        }
        (InvalidTokenUrl, En) => {
            "token-url must be a path on this site or an https: (or http:) URL".into()
        }
        (InvalidTokenUrl, Es) => {
            "token-url debe ser una ruta de este sitio o una URL https: (o http:)".into()
        }
        (InvalidTokenUrl, Pt) => {
            "token-url deve ser um caminho deste site ou uma URL https: (ou http:)".into()
        }
    }
}

/// The live-region summary after a failed submit: how many fields need fixing.
pub fn errors_summary(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::En, 1) => "1 field needs your attention.".into(),
        (Lang::En, n) => format!("{n} fields need your attention."),
        (Lang::Es, 1) => "1 campo necesita tu atención.".into(),
        (Lang::Es, n) => format!("{n} campos necesitan tu atención."),
        (Lang::Pt, 1) => "1 campo precisa da sua atenção.".into(),
        (Lang::Pt, n) => format!("{n} campos precisam da sua atenção."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_with_regions_and_any_case() {
        assert_eq!(Lang::parse("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::parse(" ES_mx "), Some(Lang::Es));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn negotiation_takes_first_supported_preference() {
        assert_eq!(Lang::negotiate(["fr-FR", "pt-BR", "es"]), Lang::Pt);
        assert_eq!(Lang::negotiate(["de", "it"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
    }

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
}
