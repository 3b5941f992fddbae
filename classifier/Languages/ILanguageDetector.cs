namespace HelpdeskBot.Classifier.Languages;

/// <summary>Tells which language a user wrote in: <see cref="LanguageCodes.English"/> or <see cref="LanguageCodes.Indonesian"/>.</summary>
public interface ILanguageDetector
{
    /// <summary>Returns "en" or "id"; "en" when the text gives no signal.</summary>
    string Detect(string text);

    /// <summary>
    /// Returns "en" or "id". A clear signal in the text wins; when the text is ambiguous (e.g. "ok", "p", "status ORD-100123")
    /// the locale hint of the channel or user (e.g. "id-ID", "en-US") decides.
    /// </summary>
    string Detect(string text, string? localeHint);
}

/// <summary>The language codes the bot answers in.</summary>
public static class LanguageCodes
{
    public const string English = "en";
    public const string Indonesian = "id";
}
